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
    /// The y axis is a latency in ms, which may be drawn on a log axis.
    pub latency_y: bool,
    /// Ticks of a linear x axis at these values only (the measured memory tiers),
    /// each labelled with its number; empty for the plot's own ticks.
    pub x_ticks: Vec<f64>,
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
}

/// A shaded span of x, named in the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub name: String,
    pub from: f64,
    pub to: f64,
    pub color: Rgb,
}
