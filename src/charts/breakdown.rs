//! "Where the time went" (`docs/breakdown.md`): one horizontal stacked bar per
//! group at its mean and one at its p99, the parts from the client inwards in
//! colours that keep their meaning across groups, the unexplained part
//! (`client_and_network`) drawn as such; beside it, cold starts per memory tier.

use super::palette::{self, Rgb};
use super::{Bar, BarChartData, BarSeries};
use crate::analysis::breakdown::{self, Breakdown};
use crate::format;
use crate::model::Run;

/// A part in the legend: its name and source, its colour, and whether it is the
/// unexplained remainder.
#[derive(Debug, Clone, PartialEq)]
pub struct PartKey {
    pub name: String,
    pub color: Rgb,
    pub unexplained: bool,
}

/// One slice of a bar, from `start_ms` for `ms`.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Index into [`BreakdownChart::parts`].
    pub part: usize,
    pub start_ms: f64,
    pub ms: f64,
    /// Drawn inside the slice where it fits: "2.62 ms · 47%".
    pub label: String,
    pub tooltip: String,
}

/// One bar: a group at its mean or at p99.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedRow {
    pub label: String,
    pub segments: Vec<Segment>,
    /// The client's own figure, which the slices add up to.
    pub total_ms: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownChart {
    pub title: String,
    pub x_axis: String,
    /// Top to bottom.
    pub rows: Vec<StackedRow>,
    pub parts: Vec<PartKey>,
    /// Cold starts per memory tier: Init p50 and p99 against Duration p50 and p99;
    /// `None` without a function's log.
    pub cold_starts: Option<BarChartData>,
}

impl BreakdownChart {
    pub fn max_ms(&self) -> f64 {
        self.rows
            .iter()
            .map(|r| {
                r.segments
                    .iter()
                    .map(|s| s.start_ms + s.ms)
                    .fold(r.total_ms, f64::max)
            })
            .fold(0.0, f64::max)
    }
}

/// The colour of a part: grey for the unexplained, else by its place from the
/// client inwards among every part of the chart.
fn part_color(index: usize, unexplained: bool) -> Rgb {
    if unexplained {
        [150, 150, 150]
    } else {
        palette::SERIES[index % palette::SERIES.len()]
    }
}

/// "proxy_overhead (haproxy)".
fn part_name(p: &breakdown::Part) -> String {
    if p.source == "client" {
        p.name.clone()
    } else {
        format!("{} ({})", p.name, p.source)
    }
}

/// The chart of `runs`' breakdowns (each group with a paired server log).
pub fn chart(runs: &[Run]) -> BreakdownChart {
    of(&breakdown::breakdowns(runs, false))
}

/// The chart of the given breakdowns.
pub fn of(all: &[Breakdown]) -> BreakdownChart {
    let mut parts: Vec<PartKey> = Vec::new();
    let mut coloured = 0;
    for b in all {
        for p in &b.components {
            let name = part_name(p);
            if !parts.iter().any(|k| k.name == name) {
                let unexplained = p.name == "client_and_network";
                parts.push(PartKey {
                    color: part_color(coloured, unexplained),
                    name,
                    unexplained,
                });
                if !unexplained {
                    coloured += 1;
                }
            }
        }
    }
    let mut rows = Vec::new();
    for b in all {
        for at_p99 in [false, true] {
            let (total, which) = if at_p99 {
                (b.client.p99_ms, "p99")
            } else {
                (b.client.mean_ms, "mean")
            };
            let Some(total) = total else { continue };
            let mut start = 0.0;
            let mut segments = Vec::new();
            for p in &b.components {
                let ms = if at_p99 {
                    p.at_p99_ms
                } else {
                    p.mean_ms.unwrap_or(0.0).max(0.0)
                };
                let name = part_name(p);
                let part = parts.iter().position(|k| k.name == name).unwrap_or(0);
                let share = if total > 0.0 { ms / total * 100.0 } else { 0.0 };
                let label = format!("{} ms · {}", format::ms(Some(ms)), format::pct(share));
                let how = if p.derived {
                    "derived: a difference of two logs' figures"
                } else {
                    "as logged"
                };
                let tooltip = format!(
                    "{} · {which}\n{name}: {label}\nmean {} ms, p50 {} ms, p99 {} ms ({how})",
                    b.label,
                    format::difference_ms(p.mean_ms),
                    format::difference_ms(p.p50_ms),
                    format::difference_ms(p.p99_ms),
                );
                segments.push(Segment {
                    part,
                    start_ms: start,
                    ms,
                    label,
                    tooltip,
                });
                start += ms;
            }
            rows.push(StackedRow {
                label: format!("{} · {which}", b.label),
                segments,
                total_ms: total,
            });
        }
    }
    BreakdownChart {
        title: "Where the time went".to_owned(),
        x_axis: "client latency (ms)".to_owned(),
        rows,
        parts,
        cold_starts: cold_starts(all),
    }
}

/// Cold starts per memory tier: a slot per group with a function's log, bars of
/// Init p50 and p99 and Duration p50 and p99, the cold-start rate in its name.
fn cold_starts(all: &[Breakdown]) -> Option<BarChartData> {
    let with: Vec<&Breakdown> = all.iter().filter(|b| b.cold_starts.is_some()).collect();
    if with.is_empty() {
        return None;
    }
    let categories = with
        .iter()
        .map(|b| {
            let c = b.cold_starts.as_ref().expect("filtered");
            let tier = b.memory_mb.map_or(b.label.clone(), |m| format!("{m} MB"));
            format!(
                "{tier}\n{} cold ({})",
                format::thousands(c.count),
                c.rate.map_or("–".to_owned(), |r| format::pct(r * 100.0))
            )
        })
        .collect();
    let series = [
        ("Init p50", palette::SERIES[2], 0),
        ("Init p99", palette::shade(palette::SERIES[2], -0.4), 1),
        ("Duration p50", palette::SERIES[0], 2),
        ("Duration p99", palette::shade(palette::SERIES[0], -0.4), 3),
    ]
    .into_iter()
    .map(|(name, color, k)| BarSeries {
        name: name.to_owned(),
        color,
        bars: with
            .iter()
            .enumerate()
            .filter_map(|(i, b)| {
                let c = b.cold_starts.as_ref()?;
                let v = [
                    c.init_p50_ms,
                    c.init_p99_ms,
                    c.duration_p50_ms,
                    c.duration_p99_ms,
                ][k]?;
                Some(Bar {
                    category: i,
                    value: v,
                    color,
                    annotation: None,
                    tooltip: format!("{}\n{name}: {} ms", b.label, format::ms(Some(v))),
                    interval: None,
                })
            })
            .collect(),
    })
    .collect();
    Some(BarChartData {
        title: "Cold starts per memory tier".to_owned(),
        y_axis: "ms".to_owned(),
        categories,
        series,
        legend: true,
    })
}
