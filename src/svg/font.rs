//! The charts' font: Ubuntu Light, the window's own (egui's default), bundled in
//! `assets/fonts/` with its licence, so that a PNG drawn on a machine without fonts
//! has its text, and text is measured as it will be drawn.

use std::sync::OnceLock;

/// The font file.
pub const BYTES: &[u8] = include_bytes!("../../assets/fonts/Ubuntu-Light.ttf");

/// The family an SVG asks for: the bundled font first, then what a browser has.
pub const FAMILY: &str = "Ubuntu, 'Helvetica Neue', Arial, sans-serif";

/// The family name inside [`BYTES`].
pub const NAME: &str = "Ubuntu";

/// The bundled font, parsed once; `None` when it cannot be read (never, for the
/// bundled file; then [`width`] estimates).
fn face() -> Option<&'static ttf_parser::Face<'static>> {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ttf_parser::Face::parse(BYTES, 0).ok())
        .as_ref()
}

/// The width of `text` at `size` px, as the bundled font draws it.
pub fn width(text: &str, size: f64) -> f64 {
    let ems: f64 = match face() {
        Some(face) => {
            let per_em = f64::from(face.units_per_em());
            text.chars()
                .map(|c| {
                    face.glyph_index(c)
                        .and_then(|g| face.glyph_hor_advance(g))
                        .map_or(0.55, |a| f64::from(a) / per_em)
                })
                .sum()
        }
        None => text.chars().count() as f64 * 0.55,
    };
    ems * size
}

/// `text` in lines no wider than `max` px, broken at spaces where it can be, and
/// inside a word only where a word alone is wider.
pub fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, size) <= max || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            }
            // A word wider than the line: cut it where it stops fitting.
            while width(&line, size) > max && line.chars().count() > 1 {
                let mut cut = String::new();
                for c in line.chars() {
                    if width(&format!("{cut}{c}"), size) > max && !cut.is_empty() {
                        break;
                    }
                    cut.push(c);
                }
                let rest = line[cut.len()..].to_owned();
                lines.push(cut);
                line = rest;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_measures_text() {
        assert!(face().is_some());
        let narrow = width("iiii", 12.0);
        let wide = width("MMMM", 12.0);
        assert!(narrow > 0.0 && wide > 2.0 * narrow, "{narrow} {wide}");
        assert!((width("ab", 20.0) - 2.0 * width("ab", 10.0)).abs() < 1e-9);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_long_words() {
        let lines = wrap("gateway -> lambda 1024 MB", 12.0, 60.0);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 12.0) <= 60.0), "{lines:?}");
        let long = "x".repeat(200);
        let lines = wrap(&long, 12.0, 60.0);
        assert_eq!(lines.concat(), long);
        assert!(lines.iter().all(|l| width(l, 12.0) <= 60.0));
    }
}
