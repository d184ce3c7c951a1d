//! Chart data, free of egui: what each chart shows (titles, axes, bars, lines, the
//! message when there is nothing to show), computed from runs. The one drawing
//! function, `render::draw::chart`, turns it into an egui_plot chart for the window,
//! the tests and the PNG exporter alike.

pub mod advisor;
pub mod axis;
pub mod breakdown;
pub mod decimate;
pub mod eni;
pub mod line;
pub mod load_curve;
pub mod log_axis;
pub mod palette;
pub mod run_charts;
pub mod view;

use crate::analysis::compare::{self, Metric, Settings, Side};
use crate::analysis::repeats::{self, Group};
use crate::format;
use crate::model::{Run, RunDetail};

/// The charts the window offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ChartKind {
    #[default]
    Throughput,
    Latency,
    LatencyBox,
    Spectrum,
    MemoryTiers,
    TimeSeries,
    LoadCurve,
    Breakdown,
}

impl ChartKind {
    pub const ALL: [ChartKind; 8] = [
        ChartKind::Throughput,
        ChartKind::Latency,
        ChartKind::LatencyBox,
        ChartKind::Spectrum,
        ChartKind::MemoryTiers,
        ChartKind::TimeSeries,
        ChartKind::LoadCurve,
        ChartKind::Breakdown,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ChartKind::Throughput => "Throughput",
            ChartKind::Latency => "Latency",
            ChartKind::LatencyBox => "Latency (box)",
            ChartKind::Spectrum => "Percentile spectrum",
            ChartKind::MemoryTiers => "Memory tiers",
            ChartKind::TimeSeries => "Time series",
            ChartKind::LoadCurve => "Load curve",
            ChartKind::Breakdown => "Where the time went",
        }
    }

    /// The chart whose [`Self::file_stem`] is `stem`.
    pub fn by_stem(stem: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|k| k.file_stem() == stem)
    }

    /// What the chart needs that `runs` lack, said to the user instead of an empty
    /// chart; `None` when it has something to draw.
    pub fn empty_message(self, runs: &[Run]) -> Option<&'static str> {
        match self {
            ChartKind::TimeSeries if run_charts::time_series(runs).rates.lines.is_empty() => Some(
                "No run has a time series: open per-request files (JTL, hey/oha/vegeta/k6 \
                     CSV, ab -g) or a Locust history.",
            ),
            ChartKind::MemoryTiers
                if run_charts::tier_points(runs, &Default::default()).is_empty() =>
            {
                Some("No run has a Lambda memory tier: set one in the table (Memory column).")
            }
            ChartKind::LoadCurve if !runs.iter().any(|r| r.sweep.is_some()) => Some(
                "No run is part of a sweep: run an experiment with a [sweep] of connections \
                     or rate (docs/experiment-format.md) to see each target's load curve, \
                     or open the sample sweep, sample-data/load-curve/.",
            ),
            // Asked without computing the breakdowns, which the chart does next.
            ChartKind::Breakdown
                if !runs
                    .iter()
                    .any(|r| r.server.is_none() && !r.paired.is_empty()) =>
            {
                Some(
                    "No run has a server log paired with it: capture them with an experiment's \
                     server_log, pick Server logs… in a run's row, or load a log of the same \
                     time (docs/breakdown.md).",
                )
            }
            _ => None,
        }
    }

    /// The PNG's file name and the CLI's `--chart` value.
    pub fn file_stem(self) -> &'static str {
        match self {
            ChartKind::Throughput => "throughput",
            ChartKind::Latency => "latency",
            ChartKind::LatencyBox => "latency-box",
            ChartKind::Spectrum => "spectrum",
            ChartKind::MemoryTiers => "tiers",
            ChartKind::TimeSeries => "timeseries",
            ChartKind::LoadCurve => "load-curve",
            ChartKind::Breakdown => "breakdown",
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

impl BarChartData {
    /// The top of the tallest bar or error bar: what the y axis must reach.
    pub fn top(&self) -> f64 {
        self.series
            .iter()
            .flat_map(|s| {
                s.bars
                    .iter()
                    .map(|b| b.interval.map_or(b.value, |(_, hi)| hi.max(b.value)))
            })
            .fold(0.0_f64, f64::max)
    }
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
    /// The interval of the value (repeats, or one run's samples), drawn as an error
    /// bar.
    pub interval: Option<(f64, f64)>,
}

/// The groups of repeats to draw: all but those of server logs paired with a
/// client run, whose time the breakdown chart shows with that run's.
fn client_groups(runs: &[Run]) -> Vec<Group> {
    repeats::groups(runs)
        .into_iter()
        .filter(|g| !crate::analysis::reference::paired_logs(runs, g))
        .collect()
}

/// The colour of each group: its integration's, shaded among that integration's groups.
fn group_colors(runs: &[Run], groups: &[Group]) -> Vec<palette::Rgb> {
    let first: Vec<usize> = groups
        .iter()
        .map(|g| g.members.first().copied().unwrap_or(0))
        .collect();
    palette::for_groups(runs, &first)
}

/// A group's category on a chart: its key, and " (n = 3)" for repeats, whose
/// spaces do not break, so that a wrapped category keeps it on one line.
fn category(g: &Group) -> String {
    g.key.clone() + &n_note(g).replace(' ', "\u{a0}").replacen('\u{a0}', " ", 1)
}

/// " (n = 3)" for repeats, nothing for one run.
fn n_note(g: &Group) -> String {
    if g.n() > 1 {
        format!(" (n = {})", g.n())
    } else {
        String::new()
    }
}

/// Throughput of each group of repeats (one run is a group of one), coloured by
/// integration type, with its interval as an error bar and its share of the
/// baseline's group above it: "44% (43–45%)".
pub fn throughput(runs: &[Run], baseline: Option<usize>, settings: &Settings) -> BarChartData {
    let groups = client_groups(runs);
    let base = baseline.and_then(|b| repeats::group_of(&groups, b));
    let colors = group_colors(runs, &groups);
    let bars = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let color = colors[i];
            let members = g.runs(runs);
            let Some(side) = Side::of(&members, Metric::Throughput, settings.confidence) else {
                if members.iter().all(|r| r.server.is_some()) {
                    // What a server logged is not a client's throughput.
                    return Bar {
                        category: i,
                        value: 0.0,
                        color,
                        annotation: Some("server log".into()),
                        tooltip: format!(
                            "{}\na server's log: the requests it served, not a client's \
                             throughput (see Server side)",
                            g.key
                        ),
                        interval: None,
                    };
                }
                // Runs with only a latency distribution: no bar, a note instead.
                return Bar {
                    category: i,
                    value: 0.0,
                    color,
                    annotation: Some("no throughput".into()),
                    tooltip: format!(
                        "{}\nno throughput: the file holds only a latency distribution ({})",
                        g.key,
                        tools(&members)
                    ),
                    interval: None,
                };
            };
            let share = base.filter(|&b| b != i).and_then(|b| {
                compare::compare_metric(
                    &groups[b].runs(runs),
                    &members,
                    Metric::Throughput,
                    settings,
                )
            });
            let annotation = match (&share, base) {
                (Some(c), _) => Some(format::share(
                    c.change_pct,
                    c.change_ci_pct.map(|i| (i.low, i.high)),
                )),
                (None, Some(b)) if b == i => Some("100%".into()),
                _ => None,
            };
            let interval_text = side.interval.map_or(String::new(), |iv| {
                format!(" ({}–{})", format::rps(iv.low), format::rps(iv.high))
            });
            Bar {
                category: i,
                value: side.mean,
                color,
                annotation,
                tooltip: format!(
                    "{}\n{} req/s{interval_text}{} ({})",
                    g.key,
                    format::rps(side.mean),
                    n_note(g),
                    tools(&members)
                ),
                interval: side.interval.map(|iv| (iv.low, iv.high)),
            }
        })
        .collect();
    BarChartData {
        title: match base {
            Some(b) => format!("Throughput (% of {})", groups[b].key),
            None => "Throughput".into(),
        },
        y_axis: "requests/s".into(),
        categories: groups.iter().map(category).collect(),
        series: vec![BarSeries {
            name: "throughput".into(),
            color: palette::SERIES[0],
            bars,
        }],
        legend: false,
    }
}

/// The tools of `runs`, joined.
fn tools(runs: &[&Run]) -> String {
    let mut t: Vec<&str> = runs.iter().map(|r| r.tool.as_str()).collect();
    t.dedup();
    t.join(" + ")
}

/// The latency statistics shown per group, in order; the max has no interval.
const LATENCY_SERIES: [(&str, Option<Metric>); 5] = [
    ("mean", Some(Metric::Mean)),
    ("p50", Some(Metric::P50)),
    ("p90", Some(Metric::P90)),
    ("p99", Some(Metric::P99)),
    ("max", None),
];

/// How much lighter (+) or darker (-) each latency statistic is drawn than its run's
/// integration colour: mean lightest, max darkest.
const LATENCY_SHADES: [f32; 5] = [0.55, 0.3, 0.1, -0.15, -0.4];

/// Grouped latency bars per group of repeats: mean, p50, p90, p99 (each the mean of
/// the repeats, with its interval) and max (the largest), where reported, in the
/// integration's colour, shaded by statistic (the legend shows the shades). Runs
/// without a distribution (wrk without `--latency`) have only the mean and max.
pub fn latency(runs: &[Run], settings: &Settings) -> BarChartData {
    let groups = client_groups(runs);
    let colors = group_colors(runs, &groups);
    let series = LATENCY_SERIES
        .iter()
        .enumerate()
        .map(|(s, (name, metric))| BarSeries {
            name: (*name).into(),
            color: palette::shade([128, 128, 128], LATENCY_SHADES[s]),
            bars: groups
                .iter()
                .enumerate()
                .filter_map(|(i, g)| {
                    let members = g.runs(runs);
                    let (value, interval) = match metric {
                        Some(m) => {
                            let side = Side::of(&members, *m, settings.confidence)?;
                            (side.mean, side.interval.map(|iv| (iv.low, iv.high)))
                        }
                        None => (
                            members
                                .iter()
                                .filter_map(|r| r.latency.max)
                                .reduce(f64::max)?,
                            None,
                        ),
                    };
                    let interval_text = interval.map_or(String::new(), |(lo, hi)| {
                        format!(" ({}–{})", format::ms(Some(lo)), format::ms(Some(hi)))
                    });
                    Some(Bar {
                        category: i,
                        value,
                        color: palette::shade(colors[i], LATENCY_SHADES[s]),
                        annotation: None,
                        tooltip: format!(
                            "{}\n{name}: {} ms{interval_text}{}",
                            g.key,
                            format::ms(Some(value)),
                            n_note(g)
                        ),
                        interval,
                    })
                })
                .collect(),
        })
        .filter(|s: &BarSeries| !s.bars.is_empty())
        .collect();
    BarChartData {
        title: "Latency".into(),
        y_axis: "latency (ms)".into(),
        categories: groups.iter().map(category).collect(),
        series,
        legend: true,
    }
}

/// The data of a bar chart `kind`; `None` for the line charts.
pub fn build(
    kind: ChartKind,
    runs: &[Run],
    baseline: Option<usize>,
    settings: &Settings,
) -> Option<BarChartData> {
    match kind {
        ChartKind::Throughput => Some(throughput(runs, baseline, settings)),
        ChartKind::Latency => Some(latency(runs, settings)),
        _ => None,
    }
}

/// One run's latency box: whiskers min..p99, box p25..p75, line at p50 (ms).
#[derive(Debug, Clone, PartialEq)]
pub struct LatencyBox {
    pub category: usize,
    pub lower: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub upper: f64,
    pub color: palette::Rgb,
    /// True when the run reported no p25, so the box starts at the median.
    pub no_p25: bool,
}

/// The box chart: a box per group of repeats that has a median, one category per
/// group, as the bar charts have.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxChartData {
    pub title: &'static str,
    pub categories: Vec<String>,
    pub boxes: Vec<LatencyBox>,
}

/// Latency boxes per group of repeats (a run alone is a group of one), titled with
/// what the box shows (and that it starts at p50 where runs reported no p25). A
/// group whose runs all have histograms gets the box of all their requests (the
/// merged histogram, exact); otherwise the mean of its runs' boxes, as the latency
/// bars show the mean of repeats.
pub fn latency_box_chart(runs: &[Run]) -> BoxChartData {
    let groups = client_groups(runs);
    let colors = group_colors(runs, &groups);
    let boxes: Vec<LatencyBox> = groups
        .iter()
        .enumerate()
        .filter_map(|(i, g)| group_box(&g.runs(runs), i, colors[i]))
        .collect();
    BoxChartData {
        title: if boxes.iter().any(|b| b.no_p25) {
            "Latency (box: p25–p75, line at p50, whiskers min–p99; no p25 reported: box from p50)"
        } else {
            "Latency (box: p25–p75, line at p50, whiskers min–p99)"
        },
        categories: groups.iter().map(category).collect(),
        boxes,
    }
}

/// The box of one group's runs, at `category`.
fn group_box(members: &[&Run], category: usize, color: palette::Rgb) -> Option<LatencyBox> {
    let histograms: Vec<&RunDetail> = members
        .iter()
        .filter_map(|r| r.detail.as_deref().filter(|d| d.count > 0))
        .collect();
    if !histograms.is_empty() && histograms.len() == members.len() {
        let mut all = histograms[0].histogram.clone();
        for d in &histograms[1..] {
            // Same bounds and precision by construction; a failure keeps the rest.
            let _ = all.add(&d.histogram);
        }
        let min = members
            .iter()
            .filter_map(|r| r.latency.min)
            .reduce(f64::min);
        return Some(histogram_box(&all, min, category, color));
    }
    let each: Vec<LatencyBox> = members
        .iter()
        .filter_map(|r| run_box(r, category, color))
        .collect();
    let n = each.len() as f64;
    let mean = |f: fn(&LatencyBox) -> f64| each.iter().map(f).sum::<f64>() / n;
    (!each.is_empty()).then(|| LatencyBox {
        category,
        lower: mean(|b| b.lower),
        q1: mean(|b| b.q1),
        median: mean(|b| b.median),
        q3: mean(|b| b.q3),
        upper: mean(|b| b.upper),
        color,
        no_p25: each.iter().any(|b| b.no_p25),
    })
}

/// The box of a latency histogram (µs): exact quartiles and p99, from the exact
/// `min` where known.
fn histogram_box(
    h: &hdrhistogram::Histogram<u64>,
    min: Option<f64>,
    category: usize,
    color: palette::Rgb,
) -> LatencyBox {
    let q = |x: f64| h.value_at_quantile(x) as f64 / 1000.0;
    LatencyBox {
        category,
        lower: min.unwrap_or_else(|| q(0.0)),
        q1: q(0.25),
        median: q(0.5),
        q3: q(0.75),
        upper: q(0.99),
        color,
        no_p25: false,
    }
}

/// One run's latency box: exact from its histogram, else from what it reported (wrk
/// prints no p25: its box starts at p50). `None` for a run without a median.
fn run_box(run: &Run, category: usize, color: palette::Rgb) -> Option<LatencyBox> {
    if let Some(d) = run.detail.as_ref().filter(|d| d.count > 0) {
        return Some(histogram_box(
            &d.histogram,
            run.latency.min,
            category,
            color,
        ));
    }
    let l = &run.latency;
    let median = l.percentile("50")?;
    let p25 = l.percentile("25");
    let q3 = l.percentile("75").unwrap_or(median);
    let upper = l.percentile("99").or(l.max).unwrap_or(q3);
    Some(LatencyBox {
        category,
        lower: l.min.unwrap_or(p25.unwrap_or(median)),
        q1: p25.unwrap_or(median),
        median,
        q3,
        upper,
        color,
        no_p25: p25.is_none(),
    })
}

/// A category's name wrapped to lines of at most `width` characters, broken after
/// spaces, dashes, dots and underscores where it can be, so that every category of
/// a crowded chart keeps its label ("apigw-lambda 1024 MB (n = 3)" over three
/// lines rather than left out).
pub fn wrap_label(label: &str, width: usize) -> String {
    let width = width.max(3);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in label.split_inclusive([' ', '-', '.', '_', '/']) {
        // A piece longer than a line is cut into lines of its own.
        let chars: Vec<char> = piece.chars().collect();
        for chunk in chars.chunks(width) {
            let chunk: String = chunk.iter().collect();
            let joined = format!("{line}{chunk}");
            if joined.trim_end().chars().count() > width && !line.trim().is_empty() {
                lines.push(std::mem::take(&mut line));
                line = chunk;
            } else {
                line = joined;
            }
        }
    }
    lines.push(line);
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod box_tests {
    use super::*;
    use crate::model::{LatencySummary, Percentile};

    #[test]
    fn labels_wrap_at_their_breaks_and_every_line_fits() {
        assert_eq!(wrap_label("elb-direct", 20), "elb-direct");
        assert_eq!(
            wrap_label("apigw-lambda 1024 MB (n = 3)", 12),
            "apigw-lambda\n1024 MB (n =\n3)"
        );
        assert_eq!(
            wrap_label("apigw-http-proxy.run1", 8),
            "apigw-\nhttp-\nproxy.\nrun1"
        );
        assert_eq!(wrap_label("abcdefghij", 4), "abcd\nefgh\nij");
        for label in [
            "apigw-lambda 1024 MB (n = 3)",
            "x",
            "a_very_long_label.run12",
        ] {
            for width in 3..30 {
                let wrapped = wrap_label(label, width);
                assert!(
                    wrapped.lines().all(|l| l.chars().count() <= width),
                    "{label} at {width}: {wrapped:?}"
                );
                assert_eq!(
                    wrapped.replace(['\n', ' '], ""),
                    label.replace(' ', ""),
                    "nothing lost"
                );
            }
        }
    }

    #[test]
    fn repeats_share_a_box() {
        let mut a = throughput_test_run();
        a.latency.percentiles = vec![
            Percentile::new("50", 1.0),
            Percentile::new("75", 2.0),
            Percentile::new("99", 5.0),
        ];
        a.integration = Some("api".into());
        let mut b = a.clone();
        b.label = "y".into();
        b.latency.percentiles = vec![
            Percentile::new("50", 3.0),
            Percentile::new("75", 4.0),
            Percentile::new("99", 7.0),
        ];
        let chart = latency_box_chart(&[a, b]);
        assert_eq!(chart.categories, ["api (n\u{a0}=\u{a0}2)"]);
        let b = &chart.boxes[0];
        assert_eq!(
            (b.median, b.q3, b.upper),
            (2.0, 3.0, 6.0),
            "means of the runs"
        );
    }

    #[test]
    fn boxes_from_reported_percentiles() {
        let mut run = throughput_test_run();
        run.latency = LatencySummary {
            mean: Some(2.0),
            stdev: None,
            min: None,
            max: Some(9.0),
            percentiles: vec![
                Percentile::new("50", 1.0),
                Percentile::new("75", 2.0),
                Percentile::new("99", 5.0),
            ],
        };
        let b = &latency_box_chart(&[run]).boxes[0];
        assert_eq!(
            (b.lower, b.q1, b.median, b.q3, b.upper),
            (1.0, 1.0, 1.0, 2.0, 5.0)
        );
        assert!(b.no_p25, "wrk prints no p25");
    }

    /// A run without a throughput keeps its place, with a note instead of a bar.
    #[test]
    fn a_run_without_throughput_gets_a_note() {
        let measured = throughput_test_run();
        let mut distribution = throughput_test_run();
        distribution.label = "dist".into();
        distribution.throughput_rps = None;
        let chart = throughput(&[measured, distribution], Some(0), &Settings::default());
        let bars = &chart.series[0].bars;
        assert_eq!(bars.len(), 2);
        // Categories in display order: "dist" before "x".
        assert_eq!(chart.categories, ["dist", "x"]);
        assert_eq!(bars[1].annotation.as_deref(), Some("100%"));
        assert_eq!((bars[0].category, bars[0].value), (0, 0.0));
        assert_eq!(bars[0].annotation.as_deref(), Some("no throughput"));
        assert!(bars[0].tooltip.contains("only a latency distribution"));
    }

    fn throughput_test_run() -> Run {
        Run {
            source: "x".into(),
            tool: "wrk".into(),
            label: "x".into(),
            server: None,
            wall_clock: None,
            paired: Vec::new(),
            integration: None,
            memory_mb: None,
            inferred_from: None,
            duration_s: Some(1.0),
            connections: None,
            threads: None,
            requests: Some(1),
            throughput_rps: Some(1.0),
            transfer_bytes_per_s: None,
            bytes_read: None,
            latency: LatencySummary::default(),
            errors: Default::default(),
            group: None,
            target: None,
            rate_rps: None,
            measurement: crate::model::Measurement::Unknown,
            latency_uncorrected: None,
            invocation_cost_usd: None,
            tool_metrics: Vec::new(),
            merged_from: None,
            merged_requests: None,
            sweep: None,
            steady_state: None,
            window: None,
            warnings: Vec::new(),
            detail: None,
        }
    }
}
