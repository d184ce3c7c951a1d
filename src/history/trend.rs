//! The History tab's chart of one series by one metric: every record, the segment
//! means as steps with the noise band around them, and each change point marked
//! with its change and commit. Free of egui: `render::draw::line_chart_picked`
//! draws it.

use super::analyze::SeriesAnalysis;
use super::{Record, rfc3339};
use crate::charts::line::{LineChartData, LineSeries, Note, XAxis};
use crate::charts::palette;

const DAY_MS: f64 = 86_400_000.0;

/// The chart of `analysis` (one series, one metric), whose records are `records`
/// (that series', in time order); `noise_pct` is the band around each segment.
/// Its notes are the records, in `analysis.values` order.
pub fn chart(analysis: &SeriesAnalysis, records: &[&Record], noise_pct: f64) -> LineChartData {
    let first_ms = records.first().map_or(0, |r| r.new.at_ms);
    let x = |i: usize| (records[i].new.at_ms - first_ms) as f64 / DAY_MS;
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
    LineChartData {
        title: format!("{}: {}", analysis.name, analysis.metric),
        x_axis: format!(
            "days since {}",
            rfc3339(first_ms).get(..10).unwrap_or_default()
        ),
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
                    c.after.mean,
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
        let chart = chart(&a, &refs, 2.0);
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
    }
}
