//! A plot's frame: its title, the room its legend takes, the axes with their ticks,
//! labels and titles, the grid, and the mapping from data to pixels inside it.

use super::doc::{Anchor, Doc, TextStyle, num};
use super::font;
use super::theme::Theme;

/// Sizes of the text, in px at scale 1 (the window's heading and body sizes).
pub const TITLE: f64 = 18.0;
pub const BODY: f64 = 12.5;
pub const TICK: f64 = 11.5;

/// A rectangle of the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    /// The part of this rectangle below its first `h` px.
    pub fn below(&self, h: f64) -> Rect {
        Rect {
            y: self.y + h,
            h: (self.h - h).max(0.0),
            ..*self
        }
    }
}

/// One axis: the range shown, its ticks (value, label, a strong grid line) and its
/// title.
#[derive(Debug, Clone, Default)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<(f64, String, bool)>,
    pub title: String,
}

impl Axis {
    /// A y axis from zero to a whole step above `max` (bars, boxes), titled.
    pub fn from_zero(max: f64, title: &str) -> Axis {
        let (_, hi, _) = super::ticks::nice(0.0, max.max(1e-9), 6);
        Axis {
            lo: 0.0,
            hi,
            ticks: super::ticks::labelled(0.0, hi, 6),
            title: title.to_owned(),
        }
    }
}

/// What the x axis shows: a slot per category, named, or numbers.
#[derive(Debug, Clone)]
pub enum XAxis {
    /// Category names, left to right; the range is -0.6..n-0.4, a category at each
    /// whole number, as the window's bar charts place them.
    Categories(Vec<String>),
    Numbers(Axis),
}

/// The plot area and its axes, once drawn: maps data to pixels.
#[derive(Debug, Clone)]
pub struct Frame {
    pub area: Rect,
    pub x_lo: f64,
    pub x_hi: f64,
    pub y: Axis,
}

impl Frame {
    pub fn x(&self, v: f64) -> f64 {
        self.area.x + (v - self.x_lo) / (self.x_hi - self.x_lo).max(1e-12) * self.area.w
    }
    pub fn y(&self, v: f64) -> f64 {
        self.area.bottom() - (v - self.y.lo) / (self.y.hi - self.y.lo).max(1e-12) * self.area.h
    }
    /// The pixels of one unit of x (a category's slot on a category axis).
    pub fn unit(&self) -> f64 {
        self.area.w / (self.x_hi - self.x_lo).max(1e-12)
    }
}

/// Draws `title` wrapped to the width of `rect`; gives the height it took.
pub fn title(doc: &mut Doc, theme: &Theme, rect: Rect, title: &str) -> f64 {
    let lines = font::wrap(title, TITLE, rect.w);
    for (i, line) in lines.iter().enumerate() {
        doc.text(
            rect.x,
            rect.y + TITLE + i as f64 * TITLE * 1.25,
            line,
            style(TITLE, Anchor::Start, theme.ink),
        );
    }
    lines.len() as f64 * TITLE * 1.25 + 8.0
}

pub fn style(size: f64, anchor: Anchor, color: [u8; 3]) -> TextStyle {
    TextStyle {
        size,
        anchor,
        color,
        rotate: 0.0,
    }
}

/// The x axis' labels as drawn: each category's name wrapped to its slot, or each
/// tick's label.
fn x_labels(x: &XAxis, plot_width: f64) -> Vec<Vec<String>> {
    match x {
        XAxis::Categories(names) => {
            let slot = plot_width / (names.len() as f64 + 0.2);
            let chars = ((slot - 6.0) / font::width("n", TICK)).floor().max(3.0) as usize;
            names
                .iter()
                .map(|n| {
                    crate::charts::wrap_label(n, chars)
                        .split('\n')
                        .flat_map(|l| font::wrap(l, TICK, (slot - 4.0).max(20.0)))
                        .collect()
                })
                .collect()
        }
        XAxis::Numbers(axis) => axis.ticks.iter().map(|t| vec![t.1.clone()]).collect(),
    }
}

/// Lays out and draws the axes of a plot in `rect` (below its title and legend):
/// grid, axis lines, tick labels, axis titles. The data is drawn after, into the
/// frame it gives.
pub fn axes(doc: &mut Doc, theme: &Theme, rect: Rect, x: &XAxis, y: Axis) -> Frame {
    let y_label_width = y
        .ticks
        .iter()
        .map(|t| font::width(&t.1, TICK))
        .fold(0.0, f64::max);
    let left = y_label_width + 10.0 + if y.title.is_empty() { 0.0 } else { BODY + 8.0 };
    let (x_title, x_lo, x_hi) = match x {
        XAxis::Categories(names) => (String::new(), -0.6, names.len() as f64 - 0.4),
        XAxis::Numbers(a) => (a.title.clone(), a.lo, a.hi),
    };
    // Room on the right for the last tick's label, half of it past the plot.
    let right = match x {
        XAxis::Numbers(a) => a
            .ticks
            .last()
            .map_or(0.0, |t| font::width(&t.1, TICK) / 2.0)
            .max(8.0),
        XAxis::Categories(_) => 8.0,
    };
    let plot_width = (rect.w - left - right).max(20.0);
    let labels = x_labels(x, plot_width);
    let label_lines = labels.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let bottom = 6.0
        + label_lines as f64 * TICK * 1.2
        + if x_title.is_empty() {
            0.0
        } else {
            BODY * 1.2 + 6.0
        };
    let area = Rect {
        x: rect.x + left,
        y: rect.y + TICK / 2.0,
        w: plot_width,
        h: (rect.h - bottom - TICK / 2.0).max(20.0),
    };
    let frame = Frame {
        area,
        x_lo,
        x_hi,
        y,
    };
    // The grid: a line per y tick, stronger at the decades of a log axis.
    let mut grid = String::new();
    for (v, _, strong) in &frame.y.ticks {
        let py = frame.y(*v);
        grid.push_str(&format!(
            "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"{}/>",
            num(area.x),
            num(area.right()),
            num(py),
            num(py),
            if *strong {
                ""
            } else {
                " stroke-opacity=\"0.6\""
            }
        ));
    }
    if let XAxis::Numbers(a) = x {
        for (v, _, _) in &a.ticks {
            let px = frame.x(*v);
            grid.push_str(&format!(
                "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke-opacity=\"0.6\"/>",
                num(px),
                num(px),
                num(area.y),
                num(area.bottom())
            ));
        }
    }
    doc.raw(&format!(
        "<g stroke=\"{}\" stroke-width=\"1\">{grid}</g>",
        super::doc::hex(theme.grid)
    ));
    // The axis lines, left and bottom.
    doc.raw(&format!(
        "<path d=\"M{} {}V{}H{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\"/>",
        num(area.x),
        num(area.y),
        num(area.bottom()),
        num(area.right()),
        super::doc::hex(theme.axis)
    ));
    for (v, label, _) in &frame.y.ticks {
        doc.text(
            area.x - 6.0,
            frame.y(*v) + TICK * 0.35,
            label,
            style(TICK, Anchor::End, theme.weak),
        );
    }
    let label_top = area.bottom() + 4.0 + TICK;
    let xs: Vec<f64> = match x {
        XAxis::Categories(names) => (0..names.len()).map(|i| frame.x(i as f64)).collect(),
        XAxis::Numbers(a) => a.ticks.iter().map(|t| frame.x(t.0)).collect(),
    };
    for (px, lines) in xs.iter().zip(&labels) {
        for (i, line) in lines.iter().enumerate() {
            doc.text(
                *px,
                label_top + i as f64 * TICK * 1.2,
                line,
                style(TICK, Anchor::Middle, theme.weak),
            );
        }
    }
    if !x_title.is_empty() {
        doc.text(
            area.x + area.w / 2.0,
            rect.bottom() - 4.0,
            &x_title,
            style(BODY, Anchor::Middle, theme.ink),
        );
    }
    if !frame.y.title.is_empty() {
        let (tx, ty) = (rect.x + BODY, area.y + area.h / 2.0);
        doc.text(
            tx,
            ty,
            &frame.y.title,
            TextStyle {
                rotate: -90.0,
                ..style(BODY, Anchor::Middle, theme.ink)
            },
        );
    }
    frame
}

/// A clip path named `id` around `area`, for lines that leave a zoomed view.
pub fn clip(doc: &mut Doc, id: &str, area: Rect) {
    doc.raw(&format!(
        "<clipPath id=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
        super::doc::escape(id),
        num(area.x),
        num(area.y),
        num(area.w),
        num(area.h)
    ));
}
