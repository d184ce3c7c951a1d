//! Load curves of a sweep: throughput against offered load, and latency against
//! throughput, one line per target, so that each front door's knee shows.

use super::line::{LineChartData, LineSeries, XAxis};
use super::palette;
use crate::analysis::compare::{Metric, Settings, Side};
use crate::model::Run;

/// One sweep value of one target: its runs (repeats) summarized with intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct CurvePoint {
    /// The offered load: the sweep's value (connections, rate ...).
    pub offered: f64,
    pub runs: usize,
    pub throughput: Option<Summary>,
    pub p50: Option<Summary>,
    pub p99: Option<Summary>,
}

/// A mean and its 95% interval, where the runs give one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub mean: f64,
    pub interval: Option<(f64, f64)>,
}

impl Summary {
    fn of(runs: &[&Run], metric: Metric, settings: &Settings) -> Option<Summary> {
        let side = Side::of(runs, metric, settings.confidence)?;
        Some(Summary {
            mean: side.mean,
            interval: side.interval.map(|i| (i.low, i.high)),
        })
    }
}

/// A target's curve: its points in order of offered load.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// The target: the run's cell without its sweep value ("elb-direct").
    pub name: String,
    /// The index of its first run, for its colour.
    pub first_run: usize,
    pub points: Vec<CurvePoint>,
}

/// The swept key the curves use, and the curves: every run swept by that key, one
/// curve per target. The key is the one most runs were swept by; runs swept by
/// another are left out (a chart has one x axis).
pub fn curves(runs: &[Run], settings: &Settings) -> Option<(String, Vec<Curve>)> {
    let key = most_swept_key(runs)?;
    let mut curves: Vec<Curve> = Vec::new();
    let mut members: Vec<Vec<(f64, Vec<&Run>)>> = Vec::new();
    for i in crate::analysis::order::display_order(runs) {
        let run = &runs[i];
        let Some(sweep) = run.sweep.as_ref().filter(|s| s.key == key) else {
            continue;
        };
        let name = target_name(run);
        let c = match curves.iter().position(|c| c.name == name) {
            Some(c) => c,
            None => {
                curves.push(Curve {
                    name,
                    first_run: i,
                    points: Vec::new(),
                });
                members.push(Vec::new());
                curves.len() - 1
            }
        };
        match members[c].iter_mut().find(|(v, _)| *v == sweep.value) {
            Some((_, of_value)) => of_value.push(run),
            None => members[c].push((sweep.value, vec![run])),
        }
    }
    for (curve, mut values) in curves.iter_mut().zip(members) {
        values.sort_by(|a, b| a.0.total_cmp(&b.0));
        curve.points = values
            .into_iter()
            .map(|(offered, of_value)| CurvePoint {
                offered,
                runs: of_value.len(),
                throughput: Summary::of(&of_value, Metric::Throughput, settings),
                p50: Summary::of(&of_value, Metric::P50, settings),
                p99: Summary::of(&of_value, Metric::P99, settings),
            })
            .collect();
    }
    Some((key, curves))
}

/// The sweep key of the most runs; the first seen on a tie. `None` without a sweep.
fn most_swept_key(runs: &[Run]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in runs.iter().filter_map(|r| r.sweep.as_ref()) {
        match counts.iter_mut().find(|(k, _)| *k == s.key) {
            Some((_, n)) => *n += 1,
            None => counts.push((&s.key, 1)),
        }
    }
    let most = counts.iter().map(|c| c.1).max()?;
    counts
        .into_iter()
        .find(|c| c.1 == most)
        .map(|c| c.0.to_owned())
}

/// The target a swept run measured: its group (the experiment's cell, "elb-direct
/// c=25") without the sweep value, else its integration and memory tier.
fn target_name(run: &Run) -> String {
    let short = run.sweep.as_ref().map(|s| format!(" {}", s.short()));
    if let (Some(group), Some(short)) = (&run.group, &short)
        && let Some(name) = group.strip_suffix(short.as_str())
    {
        return name.to_owned();
    }
    let integration = crate::analysis::run_set::integration_name(run);
    match run.memory_mb {
        Some(mb) => format!("{integration} {mb} MB"),
        None => integration,
    }
}

/// What the x axis of the throughput curve says for sweep `key`.
fn offered_axis(key: &str) -> String {
    match key {
        "connections" => "connections (offered load)".into(),
        "rate" => "offered rate (requests/s)".into(),
        other => other.into(),
    }
}

/// The two panels of the load-curve chart.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadCurveCharts {
    pub throughput: LineChartData,
    pub latency: LineChartData,
}

/// The interval band of a curve, where every point has an interval (a band that
/// skipped points would mislead).
fn band(points: &[[f64; 2]], intervals: &[Option<(f64, f64)>]) -> Vec<[f64; 3]> {
    let band: Vec<[f64; 3]> = points
        .iter()
        .zip(intervals)
        .filter_map(|(p, i)| i.map(|(lo, hi)| [p[0], lo, hi]))
        .collect();
    if band.len() == points.len() {
        band
    } else {
        Vec::new()
    }
}

/// Throughput against offered load and p50/p99 latency against throughput, one line
/// per target in its integration's colour (p50 lighter), with 95% intervals as
/// bands. Empty charts when no run was swept.
pub fn load_curves(runs: &[Run], settings: &Settings) -> LoadCurveCharts {
    let (key, curves) = curves(runs, settings).unwrap_or_default();
    let firsts: Vec<usize> = curves.iter().map(|c| c.first_run).collect();
    let colors = palette::for_groups(runs, &firsts);
    let (mut throughput, mut latency) = (Vec::new(), Vec::new());
    for (curve, &color) in curves.iter().zip(&colors) {
        let measured: Vec<(&CurvePoint, Summary)> = curve
            .points
            .iter()
            .filter_map(|p| Some((p, p.throughput?)))
            .collect();
        let points: Vec<[f64; 2]> = measured.iter().map(|(p, t)| [p.offered, t.mean]).collect();
        let intervals: Vec<_> = measured.iter().map(|(_, t)| t.interval).collect();
        if !points.is_empty() {
            throughput.push(LineSeries {
                name: curve.name.clone(),
                color,
                band: band(&points, &intervals),
                points,
                ..Default::default()
            });
        }
        for (what, shade, of) in [
            (
                "p50",
                0.45,
                (|p: &CurvePoint| p.p50) as fn(&CurvePoint) -> _,
            ),
            ("p99", 0.0, |p: &CurvePoint| p.p99),
        ] {
            let at: Vec<(f64, Summary)> = measured
                .iter()
                .filter_map(|(p, t)| Some((t.mean, of(p)?)))
                .collect();
            let points: Vec<[f64; 2]> = at.iter().map(|(x, s)| [*x, s.mean]).collect();
            let intervals: Vec<_> = at.iter().map(|(_, s)| s.interval).collect();
            if !points.is_empty() {
                latency.push(LineSeries {
                    name: format!("{} {what}", curve.name),
                    color: palette::shade(color, shade),
                    band: band(&points, &intervals),
                    points,
                    ..Default::default()
                });
            }
        }
    }
    LoadCurveCharts {
        throughput: LineChartData {
            title: "Load curve: throughput against offered load".into(),
            x_axis: offered_axis(&key),
            x_kind: XAxis::Linear,
            y_axis: "requests/s".into(),
            lines: throughput,
            ..Default::default()
        },
        latency: LineChartData {
            title: "Load curve: latency against throughput".into(),
            x_axis: "throughput (requests/s)".into(),
            x_kind: XAxis::Linear,
            y_axis: "latency (ms)".into(),
            lines: latency,
            latency_y: true,
            ..Default::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LatencySummary, Percentile, SweepValue};

    fn run(target: &str, connections: f64, rps: f64, p99: f64) -> Run {
        let sweep = SweepValue {
            key: "connections".into(),
            value: connections,
        };
        Run {
            source: format!("{target}.{}.txt", sweep.short()),
            tool: "wrk".into(),
            label: format!("{target} {}", sweep.short()),
            integration: Some(target.into()),
            memory_mb: None,
            inferred_from: None,
            duration_s: Some(10.0),
            connections: Some(connections as u32),
            threads: None,
            requests: Some((rps * 10.0) as u64),
            throughput_rps: Some(rps),
            transfer_bytes_per_s: None,
            bytes_read: None,
            latency: LatencySummary {
                percentiles: vec![Percentile::new("50", p99 / 2.0), Percentile::new("99", p99)],
                ..Default::default()
            },
            errors: Default::default(),
            group: Some(format!("{target} {}", sweep.short())),
            target: None,
            rate_rps: None,
            measurement: crate::model::Measurement::Unknown,
            latency_uncorrected: None,
            invocation_cost_usd: None,
            tool_metrics: Vec::new(),
            merged_from: None,
            merged_requests: None,
            sweep: Some(sweep),
            steady_state: None,
            window: None,
            detail: None,
        }
    }

    #[test]
    fn a_line_per_target_in_order_of_offered_load() {
        let runs = [
            run("proxy", 50.0, 900.0, 80.0),
            run("direct", 10.0, 1000.0, 10.0),
            run("direct", 50.0, 2000.0, 30.0),
            run("proxy", 10.0, 500.0, 20.0),
            run("direct", 50.0, 2200.0, 34.0),
            run("direct", 50.0, 2100.0, 32.0),
        ];
        let (key, curves) = curves(&runs, &Settings::default()).unwrap();
        assert_eq!(key, "connections");
        let names: Vec<&str> = curves.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["direct", "proxy"]);
        let direct = &curves[0].points;
        assert_eq!(direct.len(), 2);
        assert_eq!((direct[0].offered, direct[0].runs), (10.0, 1));
        assert_eq!((direct[1].offered, direct[1].runs), (50.0, 3));
        let t = direct[1].throughput.unwrap();
        assert_eq!(t.mean, 2100.0);
        // 2000, 2100, 2200: sd 100, t(0.975, 2) = 4.302653: ±248.41.
        let (lo, hi) = t.interval.unwrap();
        assert!((hi - 2100.0 - 4.302_653 * 100.0 / 3f64.sqrt()).abs() < 1e-3);
        assert!((2100.0 - lo - (hi - 2100.0)).abs() < 1e-9);
        assert_eq!(direct[1].p99.unwrap().mean, 32.0);

        let charts = load_curves(&runs, &Settings::default());
        assert_eq!(charts.throughput.x_axis, "connections (offered load)");
        assert_eq!(
            charts.throughput.lines[0].points,
            [[10.0, 1000.0], [50.0, 2100.0]]
        );
        assert!(
            charts.throughput.lines[0].band.is_empty(),
            "one point has no interval: no band"
        );
        // Latency against throughput: x is the measured throughput.
        let names: Vec<&str> = charts
            .latency
            .lines
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["direct p50", "direct p99", "proxy p50", "proxy p99"]
        );
        assert_eq!(
            charts.latency.lines[1].points,
            [[1000.0, 10.0], [2100.0, 32.0]]
        );
    }

    #[test]
    fn no_sweep_no_curve() {
        let mut r = run("direct", 10.0, 1000.0, 10.0);
        r.sweep = None;
        assert!(curves(&[r.clone()], &Settings::default()).is_none());
        assert!(
            load_curves(&[r], &Settings::default())
                .throughput
                .lines
                .is_empty()
        );
    }

    #[test]
    fn the_most_swept_key_wins() {
        let mut rated = run("direct", 100.0, 100.0, 1.0);
        rated.sweep = Some(SweepValue {
            key: "rate".into(),
            value: 100.0,
        });
        rated.group = Some("direct rate=100".into());
        let runs = [rated, run("a", 10.0, 1.0, 1.0), run("a", 20.0, 2.0, 1.0)];
        let (key, curves) = curves(&runs, &Settings::default()).unwrap();
        assert_eq!(key, "connections");
        assert_eq!(curves.len(), 1);
    }
}
