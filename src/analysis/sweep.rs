//! A sweep: runs that carry the value of an experiment's `[sweep]` (connections,
//! rate ...). Each *door* (a target: "elb-direct") has one cell per sweep value, and
//! each cell its repeats. The load curve, the knee and the like-with-like comparison
//! all read a sweep through [`doors`].

use crate::model::{Run, SweepValue};

/// One sweep value of a door, with its runs (indices into the runs).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: f64,
    pub runs: Vec<usize>,
}

impl Cell {
    pub fn of<'a>(&self, runs: &'a [Run]) -> Vec<&'a Run> {
        self.runs.iter().filter_map(|&i| runs.get(i)).collect()
    }
}

/// A door of the sweep and its cells in order of sweep value.
#[derive(Debug, Clone, PartialEq)]
pub struct Door {
    /// The target: the run's cell without its sweep value ("elb-direct").
    pub name: String,
    /// The index of its first run in display order, for its colour.
    pub first_run: usize,
    pub cells: Vec<Cell>,
}

/// The swept key and the doors: every run swept by that key, one door per target,
/// in display order. The key is the one most runs were swept by; runs swept by
/// another are left out (a curve has one x axis). `None` when no run was swept.
pub fn doors(runs: &[Run]) -> Option<(String, Vec<Door>)> {
    let key = most_swept_key(runs)?;
    let mut doors: Vec<Door> = Vec::new();
    for i in crate::analysis::order::display_order(runs) {
        let Some(sweep) = swept_by(&runs[i], &key) else {
            continue;
        };
        let name = door_name(&runs[i]);
        let d = match doors.iter().position(|d| d.name == name) {
            Some(d) => d,
            None => {
                doors.push(Door {
                    name,
                    first_run: i,
                    cells: Vec::new(),
                });
                doors.len() - 1
            }
        };
        let cells = &mut doors[d].cells;
        match cells.iter_mut().find(|c| c.value == sweep.value) {
            Some(c) => c.runs.push(i),
            None => cells.push(Cell {
                value: sweep.value,
                runs: vec![i],
            }),
        }
    }
    for d in &mut doors {
        d.cells.sort_by(|a, b| a.value.total_cmp(&b.value));
    }
    Some((key, doors))
}

/// True when the runs are a sweep: some key swept over at least two values.
pub fn is_sweep(runs: &[Run]) -> bool {
    doors(runs).is_some_and(|(_, doors)| {
        let mut values: Vec<f64> = doors
            .iter()
            .flat_map(|d| d.cells.iter().map(|c| c.value))
            .collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        values.len() >= 2
    })
}

/// The run's sweep value, when it is of `key`.
pub fn swept_by<'a>(run: &'a Run, key: &str) -> Option<&'a SweepValue> {
    run.sweep.as_ref().filter(|s| s.key == key)
}

/// The sweep key of the most runs; the first seen on a tie. `None` without a sweep.
pub fn most_swept_key(runs: &[Run]) -> Option<String> {
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

/// The door a run measured: its group (the experiment's cell, "elb-direct c=25")
/// without the sweep value, else its integration and memory tier.
pub fn door_name(run: &Run) -> String {
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

/// "c=400", "rate=500": a sweep value as cells are named.
pub fn short(key: &str, value: f64) -> String {
    SweepValue {
        key: key.to_owned(),
        value,
    }
    .short()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{LatencySummary, Percentile};

    /// A wrk-like run of `door` at `connections`, as `gatebench run` names it.
    pub fn swept(door: &str, connections: f64, rps: f64, p99: f64) -> Run {
        let sweep = SweepValue {
            key: "connections".into(),
            value: connections,
        };
        Run {
            source: format!("{door}.{}.txt", sweep.short()),
            tool: "wrk".into(),
            label: format!("{door} {}", sweep.short()),
            integration: Some(door.into()),
            duration_s: Some(10.0),
            connections: Some(connections as u32),
            requests: Some((rps * 10.0) as u64),
            throughput_rps: Some(rps),
            latency: LatencySummary {
                percentiles: vec![Percentile::new("50", p99 / 2.0), Percentile::new("99", p99)],
                ..Default::default()
            },
            group: Some(format!("{door} {}", sweep.short())),
            sweep: Some(sweep),
            ..Run::default()
        }
    }

    #[test]
    fn doors_hold_their_cells_in_order_of_load() {
        let runs = [
            swept("proxy", 50.0, 900.0, 80.0),
            swept("direct", 10.0, 1000.0, 10.0),
            swept("direct", 50.0, 2000.0, 30.0),
            swept("proxy", 10.0, 500.0, 20.0),
            swept("direct", 50.0, 2200.0, 34.0),
        ];
        let (key, doors) = doors(&runs).unwrap();
        assert_eq!(key, "connections");
        let names: Vec<&str> = doors.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["direct", "proxy"]);
        assert_eq!(doors[0].cells[1].runs, [2, 4]);
        assert_eq!(doors[1].cells[0].runs, [3]);
        assert!(is_sweep(&runs));
        assert!(!is_sweep(&runs[1..2]), "one value is no sweep");
        assert_eq!(short("connections", 400.0), "c=400");
    }
}
