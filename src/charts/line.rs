//! Line chart data, free of egui: the planner's ENI chart, the percentile spectrum,
//! the memory tiers and the time series all draw through [`super::draw::line_chart`].

use super::palette::Rgb;

/// How the x axis reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum XAxis {
    #[default]
    Linear,
    /// Positions from [`super::axis::to_axis`], ticks at 90%, 99%, 99.9% ...
    PercentileNines,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineChartData {
    pub title: String,
    pub x_axis: String,
    pub x_kind: XAxis,
    pub y_axis: String,
    pub lines: Vec<LineSeries>,
    /// Horizontal reference lines: (name, y, colour).
    pub levels: Vec<(String, f64, Rgb)>,
    /// Marked points: (name, x, y).
    pub markers: Vec<(String, f64, f64)>,
    /// Vertical reference lines: (name, x, colour).
    pub x_levels: Vec<(String, f64, Rgb)>,
    /// Text beside points: (text, x, y).
    pub labels: Vec<(String, f64, f64)>,
    /// Shaded spans of x across the whole plot's height: a run's transient before
    /// its steady state.
    pub spans: Vec<Span>,
    /// Points with a text of their own (a history's records): the hover shows the
    /// nearest one's, and a click picks it.
    pub notes: Vec<Note>,
    /// The y axis is a latency in ms, which may be drawn on a log axis.
    pub latency_y: bool,
    /// Ticks of a linear x axis at these values only (the measured memory tiers),
    /// each labelled with its number; empty for the plot's own ticks.
    pub x_ticks: Vec<f64>,
    /// The names of `x_ticks`, in their order (a history's builds); empty: each tick
    /// is labelled with its number.
    pub x_tick_names: Vec<String>,
    /// A legend drawn outside the plot, where it covers no line (the load curve's):
    /// an entry per group of lines, which hides them all; `None` for the plot's own
    /// legend inside it.
    pub outside_legend: Option<OutsideLegend>,
}

/// A legend beside the plot: what each colour and each line style means.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutsideLegend {
    /// A colour per group of lines ([`LineSeries::group`]), by the group's name.
    pub entries: Vec<(String, Rgb)>,
    /// What a line style says: (name, dashed), such as ("p50", true).
    pub styles: Vec<(String, bool)>,
    /// What the markers mean, when there are any.
    pub marker: Option<String>,
    /// Lines that are always drawn (a reference level), with their colour.
    pub fixed: Vec<(String, Rgb)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineSeries {
    pub name: String,
    pub color: Rgb,
    pub points: Vec<[f64; 2]>,
    /// Drawn dashed: a second measurement of the same run (wrk2's uncorrected latency).
    pub dashed: bool,
    /// An interval around the line: `[x, low, high]` at each point that has one.
    pub band: Vec<[f64; 3]>,
    /// Points alone, not joined: measured sizes, where a line would suggest values in
    /// between that nobody measured.
    pub points_only: bool,
    /// The entry of an [`OutsideLegend`] that shows and hides this line.
    pub group: Option<String>,
}

/// A shaded span of x, named in the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub name: String,
    pub from: f64,
    pub to: f64,
    pub color: Rgb,
}

/// A point with its own hover text.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

impl LineChartData {
    /// The index of the note nearest to (`x`, `y`): [`nearest_note`] of its notes.
    pub fn nearest_note(&self, x: f64, y: f64) -> Option<usize> {
        nearest_note(&self.notes, x, y)
    }
}

/// The index of the note of `notes` nearest to (`x`, `y`), distances scaled by the
/// notes' own spread on each axis.
pub fn nearest_note(notes: &[Note], x: f64, y: f64) -> Option<usize> {
    let spread = |f: fn(&Note) -> f64| {
        let (lo, hi) = notes
            .iter()
            .map(f)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        (hi - lo).max(1e-9)
    };
    let (sx, sy) = (spread(|n| n.x), spread(|n| n.y));
    (0..notes.len()).min_by(|&a, &b| {
        let d = |n: &Note| ((n.x - x) / sx).powi(2) + ((n.y - y) / sy).powi(2);
        d(&notes[a]).total_cmp(&d(&notes[b]))
    })
}
