//! Load curves of a sweep: throughput against offered load, and latency against
//! throughput, one colour per door (p50 dashed, p99 solid), with each door's knee
//! marked (`analysis::load_curve`) and the legend outside the plots, where it
//! covers no line.

use super::line::{LineChartData, LineSeries, Note, OutsideLegend, XAxis};
use super::palette;
use crate::analysis::compare::Settings;
use crate::analysis::load_curve::{self, CurvePoint, KneeRule, Summary};
use crate::analysis::sweep;
use crate::format;
use crate::model::Run;

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

/// "elb-direct at c=100: 8,123 req/s (8,010–8,240), p50 1.20 ms, p99 4.51 ms
/// (4.10–4.90), 3 runs": a point's hover.
fn point_note(door: &str, key: &str, p: &CurvePoint) -> String {
    let with = |s: Option<Summary>, f: &dyn Fn(f64) -> String| match s {
        Some(Summary {
            mean,
            interval: Some((lo, hi)),
        }) => format!("{} ({}–{})", f(mean), f(lo), f(hi)),
        Some(s) => f(s.mean),
        None => "–".into(),
    };
    let ms = |v: f64| format!("{} ms", format::ms(Some(v)));
    format!(
        "{door} at {}: {} req/s, p50 {}, p99 {}, {} run(s)",
        sweep::short(key, p.offered),
        with(p.throughput, &format::rps),
        with(p.p50, &ms),
        with(p.p99, &ms),
        p.runs
    )
}

/// Throughput against offered load and p50/p99 latency against throughput, one
/// colour per door (p50 dashed), with 95% intervals as bands, each door's knee as a
/// marker (at the last load that still scaled) and the legend outside the plots.
/// Empty charts when no run was swept.
pub fn load_curves(runs: &[Run], settings: &Settings) -> LoadCurveCharts {
    let (key, curves) =
        load_curve::curves(runs, settings, &KneeRule::default()).unwrap_or_default();
    let firsts: Vec<usize> = curves.iter().map(|c| c.first_run).collect();
    let colors = palette::for_groups(runs, &firsts);
    let mut throughput = LineChartData {
        title: "Load curve: throughput against offered load".into(),
        x_axis: offered_axis(&key),
        x_kind: XAxis::Linear,
        y_axis: "requests/s".into(),
        ..Default::default()
    };
    let mut latency = LineChartData {
        title: "Load curve: latency against throughput".into(),
        x_axis: "throughput (requests/s)".into(),
        x_kind: XAxis::Linear,
        y_axis: "latency (ms)".into(),
        latency_y: true,
        ..Default::default()
    };
    let mut legend = OutsideLegend::default();
    for (curve, &color) in curves.iter().zip(&colors) {
        let door = &curve.door;
        legend.entries.push((door.clone(), color));
        let measured: Vec<(&CurvePoint, Summary)> = curve
            .points
            .iter()
            .filter_map(|p| Some((p, p.throughput?)))
            .collect();
        let points: Vec<[f64; 2]> = measured.iter().map(|(p, t)| [p.offered, t.mean]).collect();
        let intervals: Vec<_> = measured.iter().map(|(_, t)| t.interval).collect();
        if !points.is_empty() {
            throughput.lines.push(LineSeries {
                name: door.clone(),
                color,
                band: band(&points, &intervals),
                points,
                group: Some(door.clone()),
                ..Default::default()
            });
        }
        for (p, t) in &measured {
            let text = point_note(door, &key, p);
            throughput.notes.push(Note {
                x: p.offered,
                y: t.mean,
                text: text.clone(),
            });
            if let Some(p99) = p.p99 {
                latency.notes.push(Note {
                    x: t.mean,
                    y: p99.mean,
                    text,
                });
            }
        }
        for (what, dashed, of) in [
            (
                "p50",
                true,
                (|p: &CurvePoint| p.p50) as fn(&CurvePoint) -> _,
            ),
            ("p99", false, |p: &CurvePoint| p.p99),
        ] {
            let at: Vec<(f64, Summary)> = measured
                .iter()
                .filter_map(|(p, t)| Some((t.mean, of(p)?)))
                .collect();
            let points: Vec<[f64; 2]> = at.iter().map(|(x, s)| [*x, s.mean]).collect();
            let intervals: Vec<_> = at.iter().map(|(_, s)| s.interval).collect();
            if !points.is_empty() {
                latency.lines.push(LineSeries {
                    name: format!("{door} {what}"),
                    color,
                    band: band(&points, &intervals),
                    points,
                    dashed,
                    group: Some(door.clone()),
                    ..Default::default()
                });
            }
        }
        // The knee at the last load that still scaled.
        if let Some(step) = curve.knee_step()
            && let Some(at) = curve.points.iter().find(|p| p.offered == step.from)
            && let Some(t) = at.throughput
        {
            let name = format!(
                "{door}: knee between {} and {}",
                sweep::short(&key, step.from),
                crate::format::plain(step.to)
            );
            throughput.markers.push((name.clone(), step.from, t.mean));
            if let Some(p99) = at.p99 {
                latency.markers.push((name, t.mean, p99.mean));
            }
        }
    }
    legend.styles = vec![("p99".into(), false), ("p50".into(), true)];
    let knees = throughput.markers.len();
    legend.marker = (knees > 0).then(|| "knee: the last load that scaled".to_owned());
    throughput.outside_legend = Some(OutsideLegend {
        styles: Vec::new(),
        ..legend.clone()
    });
    latency.outside_legend = Some(legend);
    LoadCurveCharts {
        throughput,
        latency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sweep::tests::swept as run;
    use crate::model::SweepValue;

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
        let (key, curves) =
            load_curve::curves(&runs, &Settings::default(), &KneeRule::default()).unwrap();
        assert_eq!(key, "connections");
        let names: Vec<&str> = curves.iter().map(|c| c.door.as_str()).collect();
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
        assert!(
            load_curve::curves(&[r.clone()], &Settings::default(), &KneeRule::default()).is_none()
        );
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
        let (key, curves) =
            load_curve::curves(&runs, &Settings::default(), &KneeRule::default()).unwrap();
        assert_eq!(key, "connections");
        assert_eq!(curves.len(), 1);
    }
}
