//! Line charts of loaded runs: the percentile spectrum, latency and throughput
//! against Lambda memory, and the per-second time series of per-request files.

use super::axis;
use super::decimate;
use super::line::{LineChartData, LineSeries, Span, XAxis};
use super::palette;
use crate::analysis::compare::{Metric, Settings, Side};
use crate::model::Run;

/// The legend entry of the time series' shaded transients.
pub const TRANSIENT: &str = "transient, before the steady state (MSER-5)";

/// Points drawn per time-series line at most; longer series are decimated.
pub const MAX_SERIES_POINTS: usize = 4000;

/// Quantiles sampled from a run's histogram for its spectrum: dense in the tail.
fn spectrum_quantiles() -> Vec<f64> {
    let mut q = Vec::new();
    let mut x = 0.0;
    while x <= axis::MAX_NINES {
        q.push(axis::from_axis(x) / 100.0);
        x += 0.05;
    }
    q
}

/// Latency against percentile, on the 1/(1-p) axis, one line per run: from the
/// histogram where the run has one, else from the percentiles it reported. wrk2's
/// uncorrected distribution (`-U`) is a dashed line of its own beside the corrected
/// one, never mixed with it.
pub fn spectrum(runs: &[Run]) -> LineChartData {
    let colors = palette::for_runs(runs);
    let reported = |l: &crate::model::LatencySummary| -> Vec<[f64; 2]> {
        l.percentiles
            .iter()
            .filter_map(|p| Some([axis::to_axis(p.rank()?), p.ms]))
            .collect()
    };
    let mut lines = Vec::new();
    for i in crate::analysis::order::display_order(runs) {
        let run = &runs[i];
        let points: Vec<[f64; 2]> = match run.detail.as_ref().filter(|d| d.count > 0) {
            Some(d) => spectrum_quantiles()
                .into_iter()
                .map(|q| {
                    [
                        axis::to_axis(q * 100.0),
                        d.histogram.value_at_quantile(q) as f64 / 1000.0,
                    ]
                })
                .collect(),
            None => reported(&run.latency),
        };
        if points.len() >= 2 {
            lines.push(LineSeries {
                name: run.label.clone(),
                color: colors[i],
                points,
                ..Default::default()
            });
        }
        if let Some(u) = &run.latency_uncorrected {
            let points = reported(u);
            if points.len() >= 2 {
                lines.push(LineSeries {
                    name: format!("{} (uncorrected)", run.label),
                    color: palette::shade(colors[i], 0.35),
                    points,
                    dashed: true,
                    ..Default::default()
                });
            }
        }
    }
    LineChartData {
        title: "Percentile spectrum".into(),
        x_axis: "percentile".into(),
        x_kind: XAxis::PercentileNines,
        y_axis: "latency (ms)".into(),
        lines,
        levels: Vec::new(),
        markers: Vec::new(),
        latency_y: true,
        ..Default::default()
    }
}

/// One point of the memory-tier chart: the runs of one tier (repeats), as the mean
/// with its interval where there are repeats or samples.
#[derive(Debug, Clone, PartialEq)]
pub struct TierPoint {
    pub memory_mb: u32,
    pub throughput_rps: f64,
    pub throughput_interval: Option<(f64, f64)>,
    pub p99_ms: Option<f64>,
    pub p99_interval: Option<(f64, f64)>,
    /// Extra req/s per extra 128 MB over the next smaller tier.
    pub gain_per_128mb: Option<f64>,
}

/// The runs with a memory tier, one point per tier (its runs are repeats), with the
/// marginal gain of each step. Latency is the p99, or the mean where no run of the
/// tier has a p99.
pub fn tier_points(runs: &[Run], settings: &Settings) -> Vec<TierPoint> {
    let mut tiers: Vec<u32> = runs
        .iter()
        .filter(|r| r.throughput_rps.is_some())
        .filter_map(|r| r.memory_mb)
        .collect();
    tiers.sort_unstable();
    tiers.dedup();
    let mut out: Vec<TierPoint> = Vec::new();
    for mb in tiers {
        let of_tier: Vec<&Run> = runs.iter().filter(|r| r.memory_mb == Some(mb)).collect();
        let Some(rps) = Side::of(&of_tier, Metric::Throughput, settings.confidence) else {
            continue;
        };
        let latency = Side::of(&of_tier, Metric::P99, settings.confidence)
            .or_else(|| Side::of(&of_tier, Metric::Mean, settings.confidence));
        let gain = out
            .last()
            .map(|prev| (rps.mean - prev.throughput_rps) / f64::from(mb - prev.memory_mb) * 128.0);
        out.push(TierPoint {
            memory_mb: mb,
            throughput_rps: rps.mean,
            throughput_interval: rps.interval.map(|i| (i.low, i.high)),
            p99_ms: latency.as_ref().map(|l| l.mean),
            p99_interval: latency.and_then(|l| l.interval).map(|i| (i.low, i.high)),
            gain_per_128mb: gain,
        });
    }
    out
}

/// The interval band of a tier line, where its points have intervals.
fn band(points: &[TierPoint], of: impl Fn(&TierPoint) -> Option<(f64, f64)>) -> Vec<[f64; 3]> {
    let band: Vec<[f64; 3]> = points
        .iter()
        .filter_map(|p| of(p).map(|(lo, hi)| [f64::from(p.memory_mb), lo, hi]))
        .collect();
    // A band needs an interval at every point, or it would skip tiers.
    if band.len() == points.len() {
        band
    } else {
        Vec::new()
    }
}

/// Throughput against memory, each step marked with its gain per extra 128 MB.
/// The measured tiers, for the memory axis's ticks.
fn tier_ticks(points: &[TierPoint]) -> Vec<f64> {
    points.iter().map(|p| f64::from(p.memory_mb)).collect()
}

pub fn tiers_throughput(runs: &[Run], settings: &Settings) -> LineChartData {
    let points = tier_points(runs, settings);
    LineChartData {
        title: "Throughput by Lambda memory (gain per extra 128 MB)".into(),
        x_axis: "memory (MB)".into(),
        x_kind: XAxis::Linear,
        x_ticks: tier_ticks(&points),
        y_axis: "requests/s".into(),
        lines: vec![LineSeries {
            name: "throughput".into(),
            color: palette::SERIES[0],
            points: points
                .iter()
                .map(|p| [f64::from(p.memory_mb), p.throughput_rps])
                .collect(),
            band: band(&points, |p| p.throughput_interval),
            ..Default::default()
        }],
        levels: Vec::new(),
        markers: points
            .iter()
            .map(|p| {
                let name = match p.gain_per_128mb {
                    Some(g) => format!(
                        "{} MB: {} req/s ({g:+.1} per 128 MB)",
                        p.memory_mb,
                        crate::format::rps(p.throughput_rps)
                    ),
                    None => format!(
                        "{} MB: {} req/s",
                        p.memory_mb,
                        crate::format::rps(p.throughput_rps)
                    ),
                };
                (name, f64::from(p.memory_mb), p.throughput_rps)
            })
            .collect(),
        latency_y: false,
        ..Default::default()
    }
}

/// p99 latency (mean where no p99) against memory.
pub fn tiers_latency(runs: &[Run], settings: &Settings) -> LineChartData {
    let points = tier_points(runs, settings);
    LineChartData {
        title: "p99 latency by Lambda memory".into(),
        x_axis: "memory (MB)".into(),
        x_kind: XAxis::Linear,
        x_ticks: tier_ticks(&points),
        y_axis: "latency (ms)".into(),
        lines: vec![LineSeries {
            name: "p99".into(),
            color: palette::SERIES[2],
            points: points
                .iter()
                .filter_map(|p| Some([f64::from(p.memory_mb), p.p99_ms?]))
                .collect(),
            band: band(&points, |p| p.p99_interval),
            ..Default::default()
        }],
        levels: Vec::new(),
        markers: Vec::new(),
        latency_y: true,
        ..Default::default()
    }
}

/// The time series, one panel per unit: rates (requests/s and errors/s) and latency
/// (p50 and p99 in ms).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeSeriesCharts {
    pub rates: LineChartData,
    pub latency: LineChartData,
}

/// Requests/s, errors/s, p50 and p99 per second for the runs with a series, from
/// each run's first second, decimated to [`MAX_SERIES_POINTS`] a line. Each run has
/// its integration's colour: errors darker, p50 lighter. A run's transient before
/// its steady state (MSER-5) is a shaded span of its colour in both panels.
pub fn time_series(runs: &[Run]) -> TimeSeriesCharts {
    let (mut rates, mut latency, mut spans) = (Vec::new(), Vec::new(), Vec::new());
    let colors = palette::for_runs(runs);
    for i in crate::analysis::order::display_order(runs) {
        let run = &runs[i];
        let Some(d) = run.detail.as_ref().filter(|d| !d.series.is_empty()) else {
            continue;
        };
        let t0 = d.series[0].second;
        let step = d.step_s.max(1) as f64;
        let x = |s: i64| (s - t0) as f64;
        let color = colors[i];
        let line = |what: &str, points: Vec<[f64; 2]>, color| {
            (!points.is_empty()).then(|| LineSeries {
                name: format!("{} {what}", run.label),
                color,
                points: decimate::min_max(&points, MAX_SERIES_POINTS),
                ..Default::default()
            })
        };
        // The run's first and last instants, where its blocks say: the bins at the
        // ends cover only part of their width, and count per the time they cover.
        let covers = d.blocks.last().zip(run.duration_s).map(|(last, duration)| {
            let end = last.start_s + last.span_s;
            (end - duration, end)
        });
        let covered = |second: i64| -> f64 {
            let (lo, hi) = (second as f64, second as f64 + step);
            covers.map_or(step, |(start, end)| hi.min(end) - lo.max(start))
        };
        let per_second = |count: fn(&crate::model::SeriesPoint) -> u64| -> Vec<[f64; 2]> {
            d.series
                .iter()
                // A sliver of a bin at an end is too short to be a rate.
                .filter(|p| covered(p.second) >= step / 4.0)
                .map(|p| [x(p.second), count(p) as f64 / covered(p.second)])
                .collect()
        };
        rates.extend(line("req/s", per_second(|p| p.requests), color));
        let errors = per_second(|p| p.errors);
        if errors.iter().any(|p| p[1] > 0.0) {
            rates.extend(line("errors/s", errors, palette::shade(color, -0.5)));
        }
        let quantile = |at: fn(&crate::model::SeriesPoint) -> Option<f64>| -> Vec<[f64; 2]> {
            d.series
                .iter()
                .filter_map(|p| Some([x(p.second), at(p)?]))
                .collect()
        };
        latency.extend(line(
            "p50",
            quantile(|p| p.p50_ms),
            palette::shade(color, 0.45),
        ));
        latency.extend(line("p99", quantile(|p| p.p99_ms), color));
        if let Some(steady) = run.steady_state
            && let Some(after) = steady.after_s.filter(|&a| a > 0.0 && !steady.excluded)
        {
            spans.push(Span {
                // One legend entry for every run's span: a run's own is in its hover.
                name: TRANSIENT.to_owned(),
                // The first request came `after` seconds before the steady state.
                from: (steady.at_s - after - t0 as f64).max(0.0),
                to: steady.at_s - t0 as f64,
                color,
            });
        }
    }
    let chart = |title: &str, y_axis: &str, lines, latency_y| LineChartData {
        title: title.into(),
        x_axis: "seconds from the run's start".into(),
        x_kind: XAxis::Linear,
        y_axis: y_axis.into(),
        lines,
        levels: Vec::new(),
        markers: Vec::new(),
        spans: spans.clone(),
        latency_y,
        ..Default::default()
    };
    TimeSeriesCharts {
        rates: chart(
            "Time series: requests and errors",
            "per second",
            rates,
            false,
        ),
        latency: chart("Time series: latency", "latency (ms)", latency, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::{Outcome, RunAccumulator, RunMeta};

    fn run(label: &str, memory: Option<u32>, samples: usize, ms: f64) -> Run {
        let mut acc = RunAccumulator::default();
        for i in 0..samples {
            acc.add(i as f64 / 100.0, ms + (i % 10) as f64, Outcome::Ok, 0);
        }
        acc.finish(RunMeta {
            source: "x".into(),
            integration: Some("apigw-lambda".into()),
            memory_mb: memory,
            ..RunMeta::test(label)
        })
        .unwrap()
    }

    #[test]
    fn marginal_gain_per_128_mb() {
        let mut small = run("a", Some(128), 100, 10.0);
        small.throughput_rps = Some(56.0);
        let mut mid = run("b", Some(512), 100, 10.0);
        mid.throughput_rps = Some(210.0);
        let mut big = run("c", Some(1024), 100, 10.0);
        big.throughput_rps = Some(361.0);
        let mut later = run("b2", Some(512), 100, 10.0);
        later.throughput_rps = Some(230.0);
        let runs = [big, small, mid, run("direct", None, 10, 1.0), later];
        let points = tier_points(&runs, &Settings::default());
        assert_eq!(
            points[1].throughput_rps, 220.0,
            "the mean of the tier's repeats"
        );
        let (lo, hi) = points[1].throughput_interval.unwrap();
        // Two repeats, 210 and 230: 220 ± t(0.975, 1) · 10 = 220 ± 127.06.
        assert!(
            (hi - lo - 2.0 * 12.706_204_7 * 10.0).abs() < 1e-3,
            "{lo} .. {hi}"
        );
        let mbs: Vec<u32> = points.iter().map(|p| p.memory_mb).collect();
        assert_eq!(mbs, [128, 512, 1024]);
        assert_eq!(points[0].gain_per_128mb, None);
        assert!((points[1].gain_per_128mb.unwrap() - (220.0 - 56.0) / 384.0 * 128.0).abs() < 1e-9);
        assert!((points[2].gain_per_128mb.unwrap() - (361.0 - 220.0) / 512.0 * 128.0).abs() < 1e-9);
    }

    #[test]
    fn spectrum_from_histogram_or_reported_percentiles() {
        let sampled = run("s", None, 1000, 5.0);
        let mut reported = sampled.clone();
        reported.detail = None;
        let chart = spectrum(&[sampled, reported]);
        assert_eq!(chart.lines.len(), 2);
        assert!(
            chart.lines[0].points.len() > 100,
            "dense from the histogram"
        );
        assert_eq!(
            chart.lines[1].points.len(),
            crate::samples::histogram::REPORTED_PERCENTILES.len()
        );
        // Latency never falls as the percentile rises.
        assert!(chart.lines[0].points.windows(2).all(|w| w[0][1] <= w[1][1]));
    }

    /// A last bin with a few requests in its first 50 ms is no drop in throughput:
    /// it is left out.
    #[test]
    fn a_sliver_of_a_bin_at_the_end_is_no_rate() {
        let mut acc = RunAccumulator::default();
        for i in 0..=205 {
            acc.add(i as f64 / 20.0, 1.0, Outcome::Ok, 0);
        }
        let run = acc.finish(RunMeta::test("x")).unwrap();
        let charts = time_series(&[run]);
        let rates = &charts.rates.lines[0].points;
        // Starts at 0 .. 10.25 s: bins 0..9 whole (20 a second), bin 10 covers
        // 0.251 s with 6 requests: 23.9 a second, kept (over a quarter of a bin).
        assert_eq!(rates.len(), 11);
        assert!(rates[..10].iter().all(|p| p[1] == 20.0), "{rates:?}");
        assert!((rates[10][1] - 6.0 / 0.251).abs() < 1e-6, "{rates:?}");
        let mut acc = RunAccumulator::default();
        for i in 0..=201 {
            acc.add(i as f64 / 20.0, 1.0, Outcome::Ok, 0);
        }
        let shorter = acc.finish(RunMeta::test("y")).unwrap();
        // Starts at 0 .. 10.05 s: bin 10 covers 0.051 s, a sliver: left out.
        assert_eq!(time_series(&[shorter]).rates.lines[0].points.len(), 10);
    }

    #[test]
    fn time_series_has_a_panel_per_unit() {
        let mut failing = RunAccumulator::default();
        for i in 0..100 {
            let outcome = if i % 10 == 0 {
                Outcome::HttpError
            } else {
                Outcome::Ok
            };
            failing.add(i as f64 / 50.0, 2.0, outcome, 0);
        }
        let failing = failing.finish(RunMeta {
            integration: Some("elb-direct".into()),
            ..RunMeta::test("f")
        });
        let runs = [run("s", None, 1000, 5.0), failing.unwrap()];
        let charts = time_series(&runs);
        let names =
            |c: &LineChartData| -> Vec<String> { c.lines.iter().map(|l| l.name.clone()).collect() };
        assert_eq!(names(&charts.rates), ["s req/s", "f req/s", "f errors/s"]);
        assert_eq!(names(&charts.latency), ["s p50", "s p99", "f p50", "f p99"]);
        assert_eq!(charts.rates.y_axis, "per second");
        assert_eq!(charts.latency.y_axis, "latency (ms)");
        let total = |l: &LineSeries| l.points.iter().map(|p| p[1]).sum::<f64>();
        assert_eq!(total(&charts.rates.lines[0]), 1000.0);
        // f's requests start from 0 to 1.98 s and take 2 ms: its second bin covers
        // 0.982 s, and its 5 errors there are 5 / 0.982 a second.
        let errors = &charts.rates.lines[2].points;
        assert_eq!(errors[0], [0.0, 5.0]);
        assert!((errors[1][1] - 5.0 / 0.982).abs() < 1e-9, "{errors:?}");
        // Each run in its integration's colour, across both panels.
        assert_ne!(charts.rates.lines[0].color, charts.rates.lines[1].color);
        assert_eq!(charts.rates.lines[1].color, charts.latency.lines[3].color);
    }
}
