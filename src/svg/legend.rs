//! A legend above a plot, where it covers no data: entries in rows, each a swatch
//! and a name. An entry with a key shows and hides the data of that key: the
//! report's few lines of script toggle `data-key` groups on a click of
//! `data-toggle`; an entry the view switched off is drawn faded (class `off`), and
//! its data is not shown.

use super::doc::{Anchor, Doc, escape, hex, num};
use super::font;
use super::frame::{BODY, Rect, style};
use super::theme::{MARKER, Theme};
use crate::charts::palette::Rgb;

/// What an entry's swatch shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A filled square: bars, spans.
    Fill(Rgb),
    /// A line, solid or dashed.
    Line(Rgb, bool),
    /// The knee's diamond.
    Diamond,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub name: String,
    pub swatch: Swatch,
    /// The key of the data it shows and hides; `None` for an entry that only says
    /// what a style means.
    pub key: Option<String>,
    /// Switched off in the view.
    pub off: bool,
}

const SWATCH: f64 = 22.0;
const GAP: f64 = 16.0;
const ROW: f64 = BODY * 1.6;

fn entry_width(e: &Entry) -> f64 {
    SWATCH + 5.0 + font::width(&e.name, BODY)
}

/// The height the legend of `entries` takes in `width` px.
pub fn height(entries: &[Entry], width: f64) -> f64 {
    if entries.is_empty() {
        return 0.0;
    }
    let (mut rows, mut x) = (1.0, 0.0);
    for e in entries {
        let w = entry_width(e);
        if x > 0.0 && x + w > width {
            rows += 1.0;
            x = 0.0;
        }
        x += w + GAP;
    }
    rows * ROW + 4.0
}

/// Draws the legend at the top of `rect`; gives the height it took.
pub fn draw(doc: &mut Doc, theme: &Theme, rect: Rect, entries: &[Entry]) -> f64 {
    let (mut x, mut y) = (0.0, 0.0);
    for e in entries {
        let w = entry_width(e);
        if x > 0.0 && x + w > rect.w {
            x = 0.0;
            y += ROW;
        }
        let (left, middle) = (rect.x + x, rect.y + y + ROW / 2.0);
        let mut attrs = vec![(
            "class",
            if e.off { "entry off" } else { "entry" }.to_owned(),
        )];
        if let Some(key) = &e.key {
            attrs.push(("data-toggle", key.clone()));
        }
        doc.open("g", &attrs, false);
        if e.key.is_some() {
            doc.title(&format!("{}: click to hide or show", e.name));
        }
        let swatch = match e.swatch {
            Swatch::Fill(rgb) => format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"{}\"/>",
                num(left + 4.0),
                num(middle - 5.0),
                num(SWATCH - 8.0),
                hex(rgb)
            ),
            Swatch::Line(rgb, dashed) => format!(
                "<path d=\"M{} {}h{}\" stroke=\"{}\" stroke-width=\"2.5\"{}/>",
                num(left),
                num(middle),
                num(SWATCH),
                hex(rgb),
                if dashed {
                    " stroke-dasharray=\"4 3\""
                } else {
                    ""
                }
            ),
            Swatch::Diamond => format!(
                "<path d=\"M{} {}l5 5l-5 5l-5 -5z\" fill=\"{}\"/>",
                num(left + SWATCH / 2.0),
                num(middle - 5.0),
                hex(MARKER)
            ),
        };
        doc.raw(&swatch);
        doc.text(
            left + SWATCH + 5.0,
            middle + BODY * 0.35,
            &e.name,
            style(BODY, Anchor::Start, theme.ink),
        );
        doc.close("g");
        x += w + GAP;
    }
    height(entries, rect.w)
}

/// The attributes of a group of data shown and hidden by the legend entry `key`.
pub fn data_group(key: &str, off: bool) -> String {
    format!(
        "<g data-key=\"{}\"{}>",
        escape(key),
        if off { " style=\"display:none\"" } else { "" }
    )
}
