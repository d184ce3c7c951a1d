//! Chart data, free of egui: what each chart shows, computed from runs. The one
//! drawing function in [`draw`] turns it into an egui_plot chart for the window,
//! the tests and (later) the PNG exporter alike.

pub mod axis;
pub mod decimate;
pub mod draw;
pub mod eni;
pub mod export;
pub mod line;
pub mod palette;
pub mod run_charts;

use crate::analysis::{baseline, run_set};
use crate::model::Run;

/// The charts the window offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ChartKind {
    #[default]
    Throughput,
    Latency,
    Spectrum,
    MemoryTiers,
    TimeSeries,
}

impl ChartKind {
    pub const ALL: [ChartKind; 5] = [
        ChartKind::Throughput,
        ChartKind::Latency,
        ChartKind::Spectrum,
        ChartKind::MemoryTiers,
        ChartKind::TimeSeries,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ChartKind::Throughput => "Throughput",
            ChartKind::Latency => "Latency",
            ChartKind::Spectrum => "Percentile spectrum",
            ChartKind::MemoryTiers => "Memory tiers",
            ChartKind::TimeSeries => "Time series",
        }
    }

    /// The PNG's file name and the CLI's `--chart` value.
    pub fn file_stem(self) -> &'static str {
        match self {
            ChartKind::Throughput => "throughput",
            ChartKind::Latency => "latency",
            ChartKind::Spectrum => "spectrum",
            ChartKind::MemoryTiers => "tiers",
            ChartKind::TimeSeries => "timeseries",
        }
    }
}

/// A bar chart: one group of bars per run (category), one bar per series.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChartData {
    pub title: String,
    pub y_axis: String,
    /// Tick labels of the categories, left to right.
    pub categories: Vec<String>,
    pub series: Vec<BarSeries>,
    /// Whether the legend is worth showing (more than one series).
    pub legend: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarSeries {
    pub name: String,
    /// The series' colour in the legend.
    pub color: palette::Rgb,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Index into [`BarChartData::categories`].
    pub category: usize,
    pub value: f64,
    pub color: palette::Rgb,
    /// Text drawn above the bar, such as "22%".
    pub annotation: Option<String>,
    /// Exact value with units, for hover.
    pub tooltip: String,
}

/// Throughput of each run, coloured by integration type, with each bar's
/// percentage of the baseline run above it.
pub fn throughput(runs: &[Run], baseline: Option<usize>) -> BarChartData {
    let integrations = run_set::integrations(runs);
    let base = baseline.and_then(|b| runs.get(b));
    let bars = runs
        .iter()
        .enumerate()
        .map(|(i, run)| Bar {
            category: i,
            value: run.throughput_rps,
            color: palette::for_integration(&run_set::integration_name(run), &integrations),
            annotation: base
                .and_then(|b| baseline::compare(run, b).throughput_pct)
                .map(baseline::format_pct),
            tooltip: format!(
                "{}\n{} req/s ({})",
                run.label,
                crate::format::rps(run.throughput_rps),
                run.tool
            ),
        })
        .collect();
    BarChartData {
        title: match base {
            Some(b) => format!("Throughput (% of {})", b.group_name()),
            None => "Throughput".into(),
        },
        y_axis: "requests/s".into(),
        categories: runs.iter().map(Run::group_name).collect(),
        series: vec![BarSeries {
            name: "throughput".into(),
            color: palette::SERIES[0],
            bars,
        }],
        legend: false,
    }
}

/// The latency statistics shown per run, in order. Runs without a distribution
/// (wrk without `--latency`) have only the mean and max.
const LATENCY_SERIES: [(&str, LatencyStat); 5] = [
    ("mean", LatencyStat::Mean),
    ("p50", LatencyStat::Percentile("50")),
    ("p90", LatencyStat::Percentile("90")),
    ("p99", LatencyStat::Percentile("99")),
    ("max", LatencyStat::Max),
];

#[derive(Clone, Copy)]
enum LatencyStat {
    Mean,
    Percentile(&'static str),
    Max,
}

impl LatencyStat {
    fn of(self, run: &Run) -> Option<f64> {
        match self {
            LatencyStat::Mean => run.latency.mean,
            LatencyStat::Percentile(p) => run.latency.percentile(p),
            LatencyStat::Max => run.latency.max,
        }
    }
}

/// How much lighter (+) or darker (-) each latency statistic is drawn than its run's
/// integration colour: mean lightest, max darkest.
const LATENCY_SHADES: [f32; 5] = [0.55, 0.3, 0.1, -0.15, -0.4];

/// Grouped latency bars per run: mean, p50, p90, p99 and max, where reported, in the
/// run's integration colour, shaded by statistic (the legend shows the shades).
pub fn latency(runs: &[Run]) -> BarChartData {
    let integrations = run_set::integrations(runs);
    let series = LATENCY_SERIES
        .iter()
        .enumerate()
        .map(|(s, (name, stat))| BarSeries {
            name: (*name).into(),
            color: palette::shade([128, 128, 128], LATENCY_SHADES[s]),
            bars: runs
                .iter()
                .enumerate()
                .filter_map(|(i, run)| {
                    stat.of(run).map(|ms| Bar {
                        category: i,
                        value: ms,
                        color: palette::shade(
                            palette::for_integration(
                                &run_set::integration_name(run),
                                &integrations,
                            ),
                            LATENCY_SHADES[s],
                        ),
                        annotation: None,
                        tooltip: format!(
                            "{}\n{name}: {} ms",
                            run.label,
                            crate::format::ms(Some(ms))
                        ),
                    })
                })
                .collect(),
        })
        .filter(|s: &BarSeries| !s.bars.is_empty())
        .collect();
    BarChartData {
        title: "Latency".into(),
        y_axis: "latency (ms)".into(),
        categories: runs.iter().map(Run::group_name).collect(),
        series,
        legend: true,
    }
}

/// The data of a bar chart `kind`; `None` for the line charts.
pub fn build(kind: ChartKind, runs: &[Run], baseline: Option<usize>) -> Option<BarChartData> {
    match kind {
        ChartKind::Throughput => Some(throughput(runs, baseline)),
        ChartKind::Latency => Some(latency(runs)),
        _ => None,
    }
}
