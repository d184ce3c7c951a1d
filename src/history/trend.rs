//! The History tab's chart of one series by one metric: every record, the segment
//! means as steps with the noise band around them, and each change point marked
//! with its change and commit. Free of egui: `render::draw::line_chart_picked`
//! draws it.

use super::analyze::SeriesAnalysis;
use super::{Record, rfc3339};
use crate::charts::line::{LineChartData, LineSeries, Note, XAxis};
use crate::charts::palette;

const DAY_MS: f64 = 86_400_000.0;

/// What the trend's x axis counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TrendX {
    /// Days since the first record.
    Time,
    /// Builds in commit order (each commit's first record): what a CI history reads
    /// in, where builds come hours or months apart.
    Builds,
}

impl TrendX {
    /// Builds when every record names its commit and there are several, else time.
    pub fn auto(records: &[&Record]) -> TrendX {
        let mut commits: Vec<&str> = Vec::new();
        for r in records {
            match r.new.commit.as_deref() {
                None => return TrendX::Time,
                Some(c) if !commits.contains(&c) => commits.push(c),
                Some(_) => {}
            }
        }
        if commits.len() > 1 {
            TrendX::Builds
        } else {
            TrendX::Time
        }
    }
}

/// The chart of `analysis` (one series, one metric), whose records are `records`
/// (that series', in time order); `noise_pct` is the band around each segment; `by`
/// the x axis ([`TrendX::auto`] when `None`). Its notes are the records, in
/// `analysis.values` order.
pub fn chart(
    analysis: &SeriesAnalysis,
    records: &[&Record],
    noise_pct: f64,
    by: Option<TrendX>,
) -> LineChartData {
    let by = by.unwrap_or_else(|| TrendX::auto(records));
    let first_ms = records.first().map_or(0, |r| r.new.at_ms);
    // Builds: each commit numbered in the order of its first record.
    let mut builds: Vec<&str> = Vec::new();
    let build_of: Vec<usize> = records
        .iter()
        .map(|r| {
            let c = r.new.commit.as_deref().unwrap_or("");
            match builds.iter().position(|b| *b == c) {
                Some(k) => k,
                None => {
                    builds.push(c);
                    builds.len() - 1
                }
            }
        })
        .collect();
    let x = |i: usize| match by {
        TrendX::Time => (records[i].new.at_ms - first_ms) as f64 / DAY_MS,
        TrendX::Builds => build_of[i] as f64,
    };
    let points: Vec<[f64; 2]> = analysis.values.iter().map(|&(i, v)| [x(i), v]).collect();
    // Each segment's mean, a line of its own with its noise band, runs to where the
    // next begins: a step at each change. One legend entry shows or hides them all.
    let segments = &analysis.segments;
    let mut lines: Vec<LineSeries> = segments
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let noise = s.mean.abs() * noise_pct / 100.0;
            let end = segments.get(k + 1).map_or(x(s.last), |next| x(next.first));
            let xs = [x(s.first), end];
            LineSeries {
                name: format!("segment means (±{noise_pct}% noise)"),
                color: palette::SERIES[1],
                points: xs.iter().map(|&at| [at, s.mean]).collect(),
                band: xs
                    .iter()
                    .map(|&at| [at, s.mean - noise, s.mean + noise])
                    .collect(),
                ..Default::default()
            }
        })
        .collect();
    lines.push(LineSeries {
        name: "records".into(),
        color: palette::SERIES[0],
        points,
        points_only: true,
        ..Default::default()
    });
    let notes = analysis
        .values
        .iter()
        .map(|&(i, v)| {
            let r = &records[i].new;
            let tags: Vec<String> = r.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
            Note {
                x: x(i),
                y: v,
                text: format!(
                    "{}\n{}{}\n{} = {}{}\n(click: load into Results)",
                    rfc3339(r.at_ms),
                    r.commit.as_deref().unwrap_or("(no commit)"),
                    r.branch
                        .as_deref()
                        .map_or(String::new(), |b| format!(" on {b}")),
                    analysis.metric,
                    analysis.kind.show(v),
                    if tags.is_empty() {
                        String::new()
                    } else {
                        format!("\n{}", tags.join(", "))
                    }
                ),
            }
        })
        .collect();
    let changes = &analysis.change_points;
    // The change labels above every point, where they cover none.
    let top = analysis
        .values
        .iter()
        .map(|&(_, v)| v)
        .fold(f64::NEG_INFINITY, f64::max);
    let (x_axis, x_ticks, x_tick_names) = match by {
        TrendX::Time => (
            format!(
                "days since {}",
                rfc3339(first_ms).get(..10).unwrap_or_default()
            ),
            Vec::new(),
            Vec::new(),
        ),
        TrendX::Builds => (
            "build (commit order)".to_owned(),
            (0..builds.len()).map(|k| k as f64).collect(),
            builds.iter().map(|b| (*b).to_owned()).collect(),
        ),
    };
    LineChartData {
        title: format!("{}: {}", analysis.name, analysis.metric),
        x_axis,
        x_ticks,
        x_tick_names,
        x_kind: XAxis::Linear,
        y_axis: analysis.metric.into(),
        lines,
        x_levels: changes
            .iter()
            .map(|c| {
                (
                    format!(
                        "{} {} ({})",
                        c.commit.as_deref().unwrap_or("change"),
                        crate::format::signed_pct(c.change_pct),
                        c.direction
                    ),
                    x(c.index),
                    if c.direction == "regressed" {
                        [200, 40, 40]
                    } else {
                        [40, 150, 60]
                    },
                )
            })
            .collect(),
        labels: changes
            .iter()
            .map(|c| {
                (
                    format!(
                        "{} {}",
                        c.commit.as_deref().unwrap_or(""),
                        crate::format::signed_pct(c.change_pct)
                    ),
                    x(c.index),
                    top * 1.04,
                )
            })
            .collect(),
        latency_y: analysis.metric.starts_with("latency"),
        notes,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::change_points::Params;
    use crate::history::{Metric, NewRecord};

    fn record(i: usize, p99: f64) -> Record {
        let mut metrics = [None; 6];
        metrics[4] = Some(p99);
        Record {
            id: i as i64,
            new: NewRecord {
                series: "api".into(),
                at_ms: i as i64 * 86_400_000,
                commit: Some(format!("c{i:02}")),
                branch: None,
                tags: [("host".to_owned(), "ci".to_owned())].into(),
                metrics,
                requests: None,
                run_json: "{}".into(),
                histogram: None,
            },
        }
    }

    #[test]
    fn steps_change_marks_and_notes() {
        let noise = [0.0, 0.3, -0.2, 0.1, -0.3, 0.2];
        let records: Vec<Record> = (0..24)
            .map(|i| record(i, if i < 12 { 20.0 } else { 26.0 } + noise[i % 6]))
            .collect();
        let a =
            crate::history::analyze::analyze(&records, &[Metric::LatencyP99Ms], &Params::default())
                .pop()
                .unwrap();
        let refs: Vec<&Record> = records.iter().collect();
        let chart = chart(&a, &refs, 2.0, Some(TrendX::Time));
        assert_eq!(chart.x_axis, "days since 1970-01-01");
        let (one, two) = (&chart.lines[0].points, &chart.lines[1].points);
        // Segment 1 from day 0 to the change at day 12, then segment 2 to day 23.
        assert_eq!(
            (one[0][0], one[1][0], two[0][0], two[1][0]),
            (0.0, 12.0, 12.0, 23.0)
        );
        assert!((one[0][1] - 20.0).abs() < 0.1 && (two[0][1] - 26.0).abs() < 0.1);
        let steps = one;
        let (lo, hi) = (chart.lines[0].band[0][1], chart.lines[0].band[0][2]);
        assert!(
            (hi - lo - 0.04 * steps[0][1]).abs() < 1e-9,
            "±2% of the mean"
        );
        assert_eq!(chart.x_levels.len(), 1);
        assert!(
            chart.x_levels[0].0.starts_with("c12 +"),
            "{:?}",
            chart.x_levels
        );
        assert_eq!(chart.x_levels[0].1, 12.0);
        assert_eq!(chart.notes.len(), 24);
        assert!(chart.notes[12].text.contains("c12") && chart.notes[12].text.contains("host=ci"));
        // The record nearest a point of the chart.
        assert_eq!(chart.nearest_note(12.2, 26.1), Some(12));
        assert_eq!(chart.nearest_note(0.0, 20.0), Some(0));
        // The change's label above every point, where it covers none.
        let top = refs
            .iter()
            .filter_map(|r| r.new.metrics[4])
            .fold(0.0, f64::max);
        assert!(chart.labels.iter().all(|l| l.2 > top), "{:?}", chart.labels);
    }

    /// Builds on the x axis: each commit in the order of its first record, two
    /// records a build, ticks named by commit; chosen when every record has one.
    #[test]
    fn builds_in_commit_order() {
        let mut records: Vec<Record> = (0..12)
            .map(|i| record(i, if i < 6 { 20.0 } else { 26.0 } + (i % 2) as f64 * 0.1))
            .collect();
        for (i, r) in records.iter_mut().enumerate() {
            r.new.commit = Some(format!("b{}", i / 2));
            // Builds hours or months apart: time says little.
            r.new.at_ms = (i as i64).pow(3) * 3_600_000;
        }
        let refs: Vec<&Record> = records.iter().collect();
        assert_eq!(TrendX::auto(&refs), TrendX::Builds);
        let a =
            crate::history::analyze::analyze(&records, &[Metric::LatencyP99Ms], &Params::default())
                .pop()
                .unwrap();
        let chart = chart(&a, &refs, 2.0, None);
        assert_eq!(chart.x_axis, "build (commit order)");
        assert_eq!(chart.x_tick_names, ["b0", "b1", "b2", "b3", "b4", "b5"]);
        let xs: Vec<f64> = chart
            .lines
            .last()
            .unwrap()
            .points
            .iter()
            .map(|p| p[0])
            .collect();
        assert_eq!(
            xs,
            [0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 5.0]
        );
        assert_eq!(chart.x_levels.len(), 1);
        assert_eq!(chart.x_levels[0].1, 3.0, "the change at build b3");
        records[0].new.commit = None;
        let refs: Vec<&Record> = records.iter().collect();
        assert_eq!(
            TrendX::auto(&refs),
            TrendX::Time,
            "a record without a commit"
        );
    }
}
