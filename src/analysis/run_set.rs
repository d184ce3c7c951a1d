//! The runs that are loaded, each with a stable id and its origin, and the baseline
//! among them: what the window and the command line load into.

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

/// A run's identity within a [`RunSet`]: it stays with the run while others are
/// added, removed or merged, and is never given to another run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RunId(u64);

/// Loaded runs, in the order loaded, each with its id and where it came from, and
/// the one the others are compared with. Every change counts in [`Self::revision`],
/// so that a window can tell unsaved changes without comparing contents.
#[derive(Debug, Clone, Default)]
pub struct RunSet {
    runs: Vec<Run>,
    /// One per run.
    ids: Vec<RunId>,
    /// One per run: what a workspace needs to make it again.
    origins: Vec<Origin>,
    baseline: Option<RunId>,
    /// True once the user picked the baseline; until then it follows the default as
    /// files arrive (they load one by one, the direct run maybe last).
    pinned: bool,
    next_id: u64,
    revision: u64,
    /// The runs without their transients (`analysis::steady`), shown instead of the
    /// runs as read while the user asks for it; edits go to the runs as read.
    trimmed: Option<Vec<Run>>,
}

impl RunSet {
    /// The runs as shown: as read, or without their transients while
    /// [`Self::excludes_warmup`].
    pub fn runs(&self) -> &[Run] {
        self.trimmed.as_deref().unwrap_or(&self.runs)
    }

    /// Whether [`Self::runs`] leaves out each run's transient.
    pub fn excludes_warmup(&self) -> bool {
        self.trimmed.is_some()
    }

    /// Shows the runs without their transients (`--exclude-warmup`), or as read.
    /// A run without a steady state to cut at stays as read.
    pub fn set_exclude_warmup(&mut self, exclude: bool) {
        // A way of looking, not a change of the runs: the revision stays.
        if exclude != self.excludes_warmup() {
            self.trimmed = exclude.then(Vec::new);
            self.trim();
        }
    }

    /// The runs that have a transient to leave out.
    pub fn with_warmup(&self) -> usize {
        self.runs
            .iter()
            .filter(|r| {
                r.steady_state
                    .is_some_and(|s| s.after_s.is_some_and(|a| a > 0.0))
            })
            .count()
    }

    /// The id of each run, in the order of [`Self::runs`].
    pub fn ids(&self) -> &[RunId] {
        &self.ids
    }

    /// Where run `id` stands in [`Self::runs`].
    pub fn index_of(&self, id: RunId) -> Option<usize> {
        self.ids.iter().position(|&i| i == id)
    }

    pub fn get(&self, id: RunId) -> Option<&Run> {
        self.index_of(id).map(|i| &self.runs()[i])
    }

    /// Changes run `id` as `change` does; false when there is no such run.
    pub fn edit(&mut self, id: RunId, change: impl FnOnce(&mut Run)) -> bool {
        let Some(i) = self.index_of(id) else {
            return false;
        };
        change(&mut self.runs[i]);
        self.changed();
        true
    }

    pub fn len(&self) -> usize {
        self.runs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Counts up with every change: equal revisions mean the same runs, edits and
    /// baseline.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    fn changed(&mut self) {
        self.revision += 1;
        self.trim();
    }

    /// Makes the runs without their transients again, while they are shown.
    fn trim(&mut self) {
        if let Some(trimmed) = &mut self.trimmed {
            *trimmed = self
                .runs
                .iter()
                .map(|r| crate::analysis::steady::without_warmup(r).unwrap_or_else(|| r.clone()))
                .collect();
        }
    }

    /// The index of the baseline run.
    pub fn baseline(&self) -> Option<usize> {
        self.baseline.and_then(|id| self.index_of(id))
    }

    /// The runs as shown, without their origins.
    pub fn into_runs(self) -> Vec<Run> {
        self.trimmed.unwrap_or(self.runs)
    }

    /// Where each run came from, in the order of [`Self::runs`].
    pub fn origins(&self) -> &[Origin] {
        &self.origins
    }

    /// Adds runs of unknown origin (see [`Self::add_with`]).
    pub fn add(&mut self, new: Vec<Run>) -> Vec<RunId> {
        self.add_with(new.into_iter().map(|r| (r, Origin::Unknown)).collect())
    }

    /// Adds the runs read from `path` as `options` say.
    pub fn add_file(
        &mut self,
        path: &std::path::Path,
        options: &crate::import::Options,
        new: Vec<Run>,
    ) -> Vec<RunId> {
        let origin = |index| Origin::File {
            path: path.to_path_buf(),
            index,
            options: options.clone(),
        };
        self.add_with(
            new.into_iter()
                .enumerate()
                .map(|(i, r)| (r, origin(i)))
                .collect(),
        )
    }

    /// Adds runs with unique labels, each with its origin; the baseline follows the
    /// default until picked. Gives the new runs' ids.
    pub fn add_with(&mut self, new: Vec<(Run, Origin)>) -> Vec<RunId> {
        let (new, origins): (Vec<Run>, Vec<Origin>) = new.into_iter().unzip();
        let ids: Vec<RunId> = (0..new.len())
            .map(|_| {
                self.next_id += 1;
                RunId(self.next_id)
            })
            .collect();
        append_unique(&mut self.runs, new);
        self.ids.extend(&ids);
        self.origins.extend(origins);
        if !self.pinned || self.baseline().is_none() {
            self.follow_default();
        }
        self.changed();
        ids
    }

    fn follow_default(&mut self) {
        self.pinned = false;
        self.baseline = baseline::default_baseline(&self.runs).map(|i| self.ids[i]);
    }

    /// Whether the user picked the baseline (else it is the default).
    pub fn is_pinned(&self) -> bool {
        self.pinned
    }

    /// Makes run `id` the baseline, for good.
    pub fn pick_baseline(&mut self, id: RunId) {
        if self.index_of(id).is_some() {
            self.baseline = Some(id);
            self.pinned = true;
            self.changed();
        }
    }

    /// Removes run `id`; a removed baseline falls back to the default.
    pub fn remove(&mut self, id: RunId) {
        let Some(index) = self.index_of(id) else {
            return;
        };
        self.runs.remove(index);
        self.ids.remove(index);
        self.origins.remove(index);
        if self.baseline == Some(id) {
            self.follow_default();
        }
        self.changed();
    }

    /// Removes every run; ids are not given again.
    pub fn clear(&mut self) {
        *self = RunSet {
            next_id: self.next_id,
            revision: self.revision + 1,
            trimmed: self.trimmed.take().map(|_| Vec::new()),
            ..RunSet::default()
        };
    }

    /// Merges the runs `ids` into a new run, added after the others (the originals
    /// stay).
    pub fn merge(&mut self, ids: &[RunId]) -> Result<RunId, merge::MergeError> {
        let indices: Vec<usize> = ids.iter().filter_map(|&id| self.index_of(id)).collect();
        let picked: Vec<Run> = indices.iter().map(|&i| self.runs[i].clone()).collect();
        let run = merge::merge(&picked)?;
        let parts = indices
            .iter()
            .map(|&i| (self.origins[i].clone(), Edits::of(&self.runs[i])))
            .collect();
        Ok(self.add_with(vec![(run, Origin::Merged(parts))])[0])
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
        let first = set.add(vec![run("fn", "apigw-lambda")]);
        assert_eq!(set.baseline(), Some(0));
        let more = set.add(vec![run("direct", "elb-direct"), run("fn", "apigw-lambda")]);
        assert_eq!(set.baseline(), Some(1), "the direct run, once it arrives");
        assert_eq!(set.runs()[2].label, "fn (2)");
        set.pick_baseline(more[1]);
        set.add(vec![run("other", "elb-direct")]);
        assert_eq!(set.baseline(), Some(2), "picked stays picked");
        set.remove(first[0]);
        assert_eq!(set.baseline(), Some(1), "and moves with its run");
        assert_eq!(set.get(more[1]).unwrap().label, "fn (2)", "ids stay");
        set.remove(more[1]);
        assert_eq!(set.baseline(), Some(0), "removed: back to the default");
        assert!(!set.is_pinned());
        let before = set.revision();
        set.clear();
        assert!(set.is_empty() && set.baseline().is_none());
        assert!(set.revision() > before);
        let again = set.add(vec![run("x", "elb-direct")]);
        assert!(
            !first.contains(&again[0]) && !more.contains(&again[0]),
            "ids are not reused"
        );
    }
}

#[cfg(test)]
mod warmup_tests {
    use super::*;

    #[test]
    fn exclude_warmup_is_a_view_that_edits_pass_through() {
        let mut set = RunSet::default();
        let ids = set.add(vec![
            crate::analysis::steady::tests::run_with_transient(),
            Run {
                label: "no series".into(),
                throughput_rps: Some(5.0),
                ..Run::default()
            },
        ]);
        assert_eq!(set.with_warmup(), 1);
        let read = set.runs()[0].requests;
        let revision = set.revision();
        set.set_exclude_warmup(true);
        assert_eq!(set.revision(), revision, "a view, not an unsaved change");
        assert!(set.runs()[0].requests < read);
        assert_eq!(set.runs()[1].throughput_rps, Some(5.0), "kept as read");
        set.edit(ids[0], |r| r.label = "renamed".into());
        assert_eq!(set.runs()[0].label, "renamed");
        assert!(set.runs()[0].requests < read, "still trimmed after an edit");
        set.set_exclude_warmup(false);
        assert_eq!(set.runs()[0].requests, read);
        assert_eq!(set.runs()[0].label, "renamed");
    }
}
