//! The comparisons with the baseline as a compact table, where sentences would be a
//! wall of text: for a sweep, doors × sweep values, each cell the share of the
//! baseline door's throughput at the same value with its interval and the verdict
//! word; otherwise a row per group. Each cell's hover is its full sentence
//! (`super::comparison`). The window, `summarize` and the report all show it.

use super::comparison::{self, difference, difference_word, relative};
use super::runs_table::Cell;
use crate::analysis::compare::{self, Metric, Settings};
use crate::analysis::reference::{Against, References};
use crate::analysis::repeats::{self, Group};
use crate::analysis::sweep;
use crate::model::Run;

/// More comparisons than this read better as a table than as sentences.
pub const FEW: usize = 4;

/// A table of comparisons: a header row, then rows each with its name.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonTable {
    /// The first column's header: "door" or "group".
    pub corner: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<Cell>)>,
    /// The groups not compared and why ("apigw-http-proxy at c=800: not compared
    /// (elb-direct has no run at c=800)"): the outputs without hover say so below.
    pub notes: Vec<String>,
}

impl ComparisonTable {
    /// The table as rows of text, the header first.
    pub fn texts(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let header = std::iter::once(self.corner.clone())
            .chain(self.columns.iter().cloned())
            .collect();
        let rows = self
            .rows
            .iter()
            .map(|(name, cells)| {
                std::iter::once(name.clone())
                    .chain(cells.iter().map(|c| c.text.clone()))
                    .collect()
            })
            .collect();
        (header, rows)
    }
}

/// The comparisons with baseline run `baseline` as a table, when they are better
/// read so: in a sweep, or with more than [`FEW`] of them. `None` otherwise (the
/// sentences say it).
pub fn table(runs: &[Run], baseline: usize, settings: &Settings) -> Option<ComparisonTable> {
    let groups = repeats::groups(runs);
    let refs = References::of(runs, &groups, Some(baseline));
    match &refs.door {
        Some((_, key)) => Some(sweep_table(runs, &groups, &refs, key, settings)),
        None => {
            let compared = refs
                .against
                .iter()
                .filter(|a| **a != Against::Itself)
                .count();
            (compared > FEW).then(|| group_table(runs, &groups, &refs, settings))
        }
    }
}

/// Doors × sweep values.
fn sweep_table(
    runs: &[Run],
    groups: &[Group],
    refs: &References,
    key: &str,
    settings: &Settings,
) -> ComparisonTable {
    let swept = |i: usize| -> Option<(String, f64)> {
        let r = runs.get(*groups[i].members.first()?)?;
        Some((sweep::door_name(r), sweep::swept_by(r, key)?.value))
    };
    let mut values: Vec<f64> = (0..groups.len())
        .filter_map(|i| swept(i).map(|s| s.1))
        .collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let mut doors: Vec<String> = Vec::new();
    for i in 0..groups.len() {
        if let Some((door, _)) = swept(i)
            && !doors.contains(&door)
        {
            doors.push(door);
        }
    }
    let rows = doors
        .iter()
        .map(|door| {
            let cells = values
                .iter()
                .map(|&v| {
                    let at = (0..groups.len()).find(|&i| swept(i) == Some((door.clone(), v)));
                    match at {
                        None => Cell {
                            text: "–".into(),
                            hover: Some(format!("{door} has no run at {}", sweep::short(key, v))),
                        },
                        Some(i) => cell(runs, groups, refs, i, settings),
                    }
                })
                .collect();
            (door.clone(), cells)
        })
        .collect();
    ComparisonTable {
        corner: "door".into(),
        columns: values.iter().map(|&v| sweep::short(key, v)).collect(),
        rows,
        notes: not_compared(runs, groups, refs, settings),
    }
}

/// The cell of group `i`: "44% (42–46%) lower", the baseline's own "baseline".
fn cell(runs: &[Run], groups: &[Group], refs: &References, i: usize, settings: &Settings) -> Cell {
    let sentence = comparison::group_sentence(runs, groups, refs, i, settings);
    match &refs.against[i] {
        Against::Itself => Cell {
            text: "baseline".into(),
            hover: Some(format!(
                "{}: the baseline the others at this load are compared with",
                comparison::group_name(runs, groups, i, refs)
            )),
        },
        Against::Nothing(_) => Cell {
            text: "–".into(),
            hover: sentence,
        },
        Against::Group(b) => {
            let c = compare::compare_alternatives(
                &groups[*b].runs(runs),
                &groups[i].runs(runs),
                &[Metric::Throughput],
                settings,
            );
            let text = match c.metrics.first() {
                Some(t) => format!("{} {}", relative(t), difference_word(t)),
                None => "–".into(),
            };
            Cell {
                text,
                hover: sentence,
            }
        }
    }
}

/// A row per group: throughput share, p99 factor and the differences in words.
fn group_table(
    runs: &[Run],
    groups: &[Group],
    refs: &References,
    settings: &Settings,
) -> ComparisonTable {
    let rows = (0..groups.len())
        .filter(|&i| !crate::analysis::reference::paired_logs(runs, &groups[i]))
        .map(|i| {
            let name = groups[i].key.clone();
            let sentence = comparison::group_sentence(runs, groups, refs, i, settings);
            let plain = |text: &str| Cell {
                text: text.into(),
                hover: sentence.clone(),
            };
            let cells = match &refs.against[i] {
                Against::Itself => vec![plain("baseline"), plain("baseline"), plain("")],
                Against::Nothing(_) => vec![plain("–"), plain("–"), plain("not compared")],
                Against::Group(b) => {
                    let c = compare::compare_alternatives(
                        &groups[*b].runs(runs),
                        &groups[i].runs(runs),
                        &[Metric::Throughput, Metric::P99],
                        settings,
                    );
                    let of = |m: Metric| c.metrics.iter().find(|x| x.metric == m);
                    let words: Vec<String> = c.metrics.iter().map(difference).collect();
                    vec![
                        plain(&of(Metric::Throughput).map_or("–".into(), relative)),
                        plain(&of(Metric::P99).map_or("–".into(), relative)),
                        plain(&words.join(", ")),
                    ]
                }
            };
            (name, cells)
        })
        .collect();
    ComparisonTable {
        corner: "group".into(),
        columns: ["throughput share", "p99 factor", "difference"]
            .map(String::from)
            .to_vec(),
        rows,
        notes: not_compared(runs, groups, refs, settings),
    }
}

/// The sentence of every group compared with nothing.
fn not_compared(
    runs: &[Run],
    groups: &[Group],
    refs: &References,
    settings: &Settings,
) -> Vec<String> {
    (0..groups.len())
        .filter(|&i| matches!(refs.against[i], Against::Nothing(_)))
        .filter_map(|i| comparison::group_sentence(runs, groups, refs, i, settings))
        .collect()
}
