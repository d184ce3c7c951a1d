//! What an experiment runs: its cells (target × sweep value) and, round by round,
//! their order, drawn from the seed (randomized multiple interleaved trials,
//! `docs/experiment-method.md`).

use std::time::Duration;

use serde::Serialize;

use super::spec::{Experiment, Load, with_sweep};
use crate::model::SweepValue;

/// One cell: a target at one sweep value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// "elb-direct" or "elb-direct c=25": the group of its runs.
    pub name: String,
    /// Index into `Experiment::targets`.
    pub target: usize,
    pub sweep: Option<SweepValue>,
    pub load: Load,
}

impl Cell {
    /// The cell's part of a file name: "elb-direct" or "elb-direct.c=25".
    pub fn file_part(&self, target_name: &str) -> String {
        match &self.sweep {
            Some(s) => format!("{target_name}.{}", s.short()),
            None => target_name.to_owned(),
        }
    }

    /// The time one run of the cell takes: its warm-up and its measurement.
    pub fn time(&self) -> Duration {
        self.load.duration + self.load.warmup.unwrap_or_default()
    }
}

/// Every cell, target by target, sweep values in the file's order.
pub fn cells(experiment: &Experiment) -> Vec<Cell> {
    let mut cells = Vec::new();
    for (index, target) in experiment.targets.iter().enumerate() {
        match &experiment.sweep {
            None => cells.push(Cell {
                name: target.name.clone(),
                target: index,
                sweep: None,
                load: target.load.clone(),
            }),
            Some(sweep) => {
                for &value in &sweep.values {
                    let sweep = SweepValue {
                        key: sweep.key.name().to_owned(),
                        value,
                    };
                    cells.push(Cell {
                        name: format!("{} {}", target.name, sweep.short()),
                        target: index,
                        load: with_sweep(
                            &target.load,
                            super::spec::SweepKey::by(&sweep.key),
                            value,
                        ),
                        sweep: Some(sweep),
                    });
                }
            }
        }
    }
    cells
}

/// The order of round `round` (from 1): a permutation of the cells' indices, drawn
/// from `seed` and the round alone, so that a resumed experiment draws the same
/// orders whatever ran before.
pub fn round_order(seed: u64, round: u32, cells: usize) -> Vec<usize> {
    // SplitMix64 (its increment and finalizer) makes each round's seed: seeds that
    // differ in a few bits (a XOR of multiples) gave neighbouring rounds one order.
    let mut z = seed.wrapping_add(u64::from(round).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    let mut rng = fastrand::Rng::with_seed(z ^ (z >> 31));
    let mut order: Vec<usize> = (0..cells).collect();
    rng.shuffle(&mut order);
    order
}

/// The time `rounds` rounds of `cells` take, without the tools' start-up.
pub fn estimated(cells: &[Cell], rounds: u32) -> Duration {
    cells.iter().map(Cell::time).sum::<Duration>() * rounds
}

/// The schedule as `--dry-run` prints it: a line per cell, then each round's order.
pub fn describe(experiment: &Experiment, seed: u64) -> String {
    let cells = cells(experiment);
    let r = experiment.rounds;
    let mut out = String::new();
    out.push_str(&format!(
        "{} cell(s) x {} round(s){}, seed {seed}\n",
        cells.len(),
        r.min,
        match r.stop_when_ci_pct {
            Some(pct) => format!(
                " (up to {}, until every interval is within ±{}%)",
                r.max,
                crate::format::plain(pct)
            ),
            None => String::new(),
        }
    ));
    out.push_str(&format!(
        "estimated: {} for {} round(s){}\n\ncells:\n",
        crate::format::seconds(estimated(&cells, r.min).as_secs_f64()),
        r.min,
        if r.max > r.min {
            format!(
                ", {} for {}",
                crate::format::seconds(estimated(&cells, r.max).as_secs_f64()),
                r.max
            )
        } else {
            String::new()
        }
    ));
    for (i, c) in cells.iter().enumerate() {
        let target = &experiment.targets[c.target];
        let l = &c.load;
        out.push_str(&format!(
            "  {:>2}  {}  {} {} {}, {} connections{}{}, {}{}\n",
            i + 1,
            c.name,
            l.tool.name(),
            target.method,
            target.url,
            l.connections,
            if matches!(l.tool, super::tool::Tool::Wrk | super::tool::Tool::Wrk2) {
                format!(", {} thread(s)", l.threads)
            } else {
                String::new()
            },
            l.rate
                .map(|r| format!(", {} req/s", crate::format::plain(r)))
                .unwrap_or_default(),
            crate::format::seconds(l.duration.as_secs_f64()),
            l.warmup
                .map(|w| format!(" after {} warm-up", crate::format::seconds(w.as_secs_f64())))
                .unwrap_or_default(),
        ));
    }
    let generators = &experiment.generators;
    if !generators.is_empty() {
        out.push_str(&format!(
            "\ngenerators: every run on all {} at once, each sending the load above (a \
             target gets {} times it):\n",
            generators.len(),
            generators.len()
        ));
        for g in generators {
            out.push_str(&format!("  {}\n", g.described()));
        }
    }
    out.push_str("\norder:\n");
    for round in 1..=r.max {
        let order = round_order(seed, round, cells.len());
        let names: Vec<&str> = order.iter().map(|&i| cells[i].name.as_str()).collect();
        let when = if round > r.min { " (if needed)" } else { "" };
        out.push_str(&format!("  round {round}{when}: {}\n", names.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_round_is_a_permutation_and_rounds_differ() {
        let orders: Vec<Vec<usize>> = (1..=20).map(|r| round_order(7, r, 5)).collect();
        for o in &orders {
            let mut sorted = o.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
        }
        let distinct: std::collections::HashSet<_> = orders.iter().collect();
        assert!(distinct.len() > 10, "{orders:?}");
        // Neighbouring rounds differ (a weak seed derivation once repeated them).
        for seed in 0..50 {
            let same = (1..20)
                .filter(|&r| round_order(seed, r, 5) == round_order(seed, r + 1, 5))
                .count();
            assert!(same <= 2, "seed {seed}: {same} repeats");
        }
        // The same seed and round: the same order.
        assert_eq!(round_order(7, 3, 5), orders[2]);
        assert_ne!(round_order(8, 3, 5), round_order(7, 3, 5));
    }
}
