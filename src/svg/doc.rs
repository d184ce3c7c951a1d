//! An SVG document written as text: elements with their attributes escaped, numbers
//! with one decimal (a tenth of a pixel is finer than any screen shows). Knows
//! nothing of charts.

use std::fmt::Write;

/// Text as HTML holds it in content and in attributes: `&`, `<`, `>` and both
/// quotes escaped (the HTML report's escaping too).
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text as XML holds it: [`escape_markup`], with the control characters XML 1.0
/// forbids dropped (line breaks and tabs kept).
pub fn escape(text: &str) -> String {
    let allowed = |c: &char| !c.is_control() || matches!(c, '\n' | '\t');
    escape_markup(&text.chars().filter(allowed).collect::<String>())
}

/// A coordinate or length: one decimal, no trailing ".0".
pub fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A colour as `#rrggbb`.
pub fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// How a text is anchored at its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A text's look: size in px, anchor, colour, and a rotation about its point.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub size: f64,
    pub anchor: Anchor,
    pub color: [u8; 3],
    pub rotate: f64,
}

/// The document being written.
#[derive(Debug, Default)]
pub struct Doc {
    out: String,
}

impl Doc {
    /// Opens an element: `<name a="v" ...>` (or `/>` when `empty`), each value escaped.
    pub fn open(&mut self, name: &str, attrs: &[(&str, String)], empty: bool) {
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            let _ = write!(self.out, " {k}=\"{}\"", escape(v));
        }
        self.out.push_str(if empty { "/>" } else { ">" });
    }

    pub fn close(&mut self, name: &str) {
        let _ = write!(self.out, "</{name}>");
    }

    /// An element with a `<title>`, the text a browser shows on hover.
    pub fn with_title(&mut self, name: &str, attrs: &[(&str, String)], title: &str) {
        self.open(name, attrs, false);
        self.title(title);
        self.close(name);
    }

    /// A `<title>` child: the hover text of the element it is in.
    pub fn title(&mut self, text: &str) {
        let _ = write!(self.out, "<title>{}</title>", escape(text));
    }

    /// Raw markup, written by this module's callers from escaped parts only.
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// A line of text at (`x`, `y`), its baseline there.
    pub fn text(&mut self, x: f64, y: f64, text: &str, style: TextStyle) {
        let anchor = match style.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let mut attrs = vec![
            ("x", num(x)),
            ("y", num(y)),
            ("font-size", num(style.size)),
            ("fill", hex(style.color)),
        ];
        if style.anchor != Anchor::Start {
            attrs.push(("text-anchor", anchor.into()));
        }
        if style.rotate != 0.0 {
            attrs.push((
                "transform",
                format!("rotate({} {} {})", num(style.rotate), num(x), num(y)),
            ));
        }
        self.open("text", &attrs, false);
        self.out.push_str(&escape(text));
        self.close("text");
    }

    /// The finished text.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Path data through `points`: `M x y L x y ...`.
pub fn polyline(points: impl IntoIterator<Item = (f64, f64)>) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.into_iter().enumerate() {
        let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, num(x), num(y));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\u{7}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn numbers_have_one_decimal_at_most() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(polyline([(0.0, 1.25), (2.0, 3.0)]), "M0 1.3L2 3");
    }
}
