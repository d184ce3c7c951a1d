//! The runs that are loaded and the baseline among them, as the window keeps them;
//! the CLI uses [`append_unique`] alone.

use crate::analysis::origin::{Edits, Origin};
use crate::analysis::{baseline, merge};
use crate::model::Run;

/// Appends `new` to `runs`, renaming labels that are already taken ("x" -> "x (2)"),
/// so that a label picks out one run.
pub fn append_unique(runs: &mut Vec<Run>, new: Vec<Run>) {
    for mut run in new {
        if runs.iter().any(|r| r.label == run.label) {
            let base = run.label.clone();
            let mut n = 2;
            while runs.iter().any(|r| r.label == format!("{base} ({n})")) {
                n += 1;
            }
            run.label = format!("{base} ({n})");
        }
        runs.push(run);
    }
}

/// The distinct integration types in first-seen order; runs without one count as
/// "(none)". Charts give each its own colour from this order.
pub fn integrations(runs: &[Run]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in runs {
        let name = integration_name(r);
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

pub fn integration_name(run: &Run) -> String {
    run.integration.clone().unwrap_or_else(|| "(none)".into())
}

/// Loaded runs, in the order loaded, where each came from, and the one the others
/// are compared with.
#[derive(Debug, Clone, Default)]
pub struct RunSet {
    runs: Vec<Run>,
    /// One per run: what a workspace needs to make it again.
    origins: Vec<Origin>,
    baseline: Option<usize>,
    /// True once the user picked the baseline; until then it follows the default as
    /// files arrive (they load one by one, the direct run maybe last).
    pinned: bool,
}

impl RunSet {
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    pub fn get_mut(&mut self, index: usize) -> Option<&mut Run> {
        self.runs.get_mut(index)
    }

    pub fn len(&self) -> usize {
        self.runs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// The index of the baseline run.
    pub fn baseline(&self) -> Option<usize> {
        self.baseline
    }

    /// The runs, without their origins.
    pub fn into_runs(self) -> Vec<Run> {
        self.runs
    }

    /// Where each run came from, in the order of [`Self::runs`].
    pub fn origins(&self) -> &[Origin] {
        &self.origins
    }

    /// Adds runs of unknown origin (see [`Self::add_with`]).
    pub fn add(&mut self, new: Vec<Run>) {
        self.add_with(new.into_iter().map(|r| (r, Origin::Unknown)).collect());
    }

    /// Adds the runs read from `path` as `options` say.
    pub fn add_file(
        &mut self,
        path: &std::path::Path,
        options: crate::import::Options,
        new: Vec<Run>,
    ) {
        let origin = |index| Origin::File {
            path: path.to_path_buf(),
            index,
            options,
        };
        self.add_with(
            new.into_iter()
                .enumerate()
                .map(|(i, r)| (r, origin(i)))
                .collect(),
        );
    }

    /// Adds runs with unique labels, each with its origin; the baseline follows the
    /// default until picked.
    pub fn add_with(&mut self, new: Vec<(Run, Origin)>) {
        let (new, origins): (Vec<Run>, Vec<Origin>) = new.into_iter().unzip();
        append_unique(&mut self.runs, new);
        self.origins.extend(origins);
        if !self.pinned || self.baseline.is_none() {
            self.baseline = baseline::default_baseline(&self.runs);
        }
    }

    /// Whether the user picked the baseline (else it is the default).
    pub fn is_pinned(&self) -> bool {
        self.pinned
    }

    /// Makes run `index` the baseline, for good.
    pub fn pick_baseline(&mut self, index: usize) {
        if index < self.runs.len() {
            self.baseline = Some(index);
            self.pinned = true;
        }
    }

    /// Removes run `index`; a removed baseline falls back to the default.
    pub fn remove(&mut self, index: usize) {
        if index >= self.runs.len() {
            return;
        }
        self.runs.remove(index);
        self.origins.remove(index);
        self.baseline = match self.baseline {
            Some(b) if b == index => {
                self.pinned = false;
                baseline::default_baseline(&self.runs)
            }
            Some(b) if b > index => Some(b - 1),
            other => other,
        };
    }

    pub fn clear(&mut self) {
        *self = RunSet::default();
    }

    /// Merges the runs at `indices` into a new run, added after the others (the
    /// originals stay).
    pub fn merge(&mut self, indices: &[usize]) -> Result<(), merge::MergeError> {
        let picked: Vec<Run> = indices
            .iter()
            .filter_map(|&i| self.runs.get(i).cloned())
            .collect();
        let run = merge::merge(&picked)?;
        let parts = indices
            .iter()
            .filter(|&&i| i < self.runs.len())
            .map(|&i| (self.origins[i].clone(), Edits::of(&self.runs[i])))
            .collect();
        self.add_with(vec![(run, Origin::Merged(parts))]);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(label: &str, integration: &str) -> Run {
        Run {
            label: label.into(),
            integration: Some(integration.into()),
            throughput_rps: Some(1.0),
            ..Run::default()
        }
    }

    #[test]
    fn the_baseline_follows_the_default_until_picked() {
        let mut set = RunSet::default();
        set.add(vec![run("fn", "apigw-lambda")]);
        assert_eq!(set.baseline(), Some(0));
        set.add(vec![run("direct", "elb-direct"), run("fn", "apigw-lambda")]);
        assert_eq!(set.baseline(), Some(1), "the direct run, once it arrives");
        assert_eq!(set.runs()[2].label, "fn (2)");
        set.pick_baseline(2);
        set.add(vec![run("other", "elb-direct")]);
        assert_eq!(set.baseline(), Some(2), "picked stays picked");
        set.remove(0);
        assert_eq!(set.baseline(), Some(1), "and moves with its run");
        set.remove(1);
        assert_eq!(set.baseline(), Some(0), "removed: back to the default");
        set.clear();
        assert!(set.is_empty() && set.baseline().is_none());
    }
}
