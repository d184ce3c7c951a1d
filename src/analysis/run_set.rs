//! The runs that are loaded, each with a stable id and its origin, and the baseline
//! among them: what the window and the command line load into.

use crate::analysis::origin::{Edits, Origin};
use crate::analysis::{baseline, merge};
use crate::model::Run;
use crate::model::server::PairedLog;

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
    /// Whether the runs are shown without their transients (`analysis::steady`);
    /// edits go to the runs as read.
    exclude_warmup: bool,
    /// Server logs paired with client runs (`docs/breakdown.md`).
    pairs: Vec<Pair>,
    /// The runs as shown, where they differ from the runs as read: without their
    /// transients, or with their paired logs attached (`Run::paired`).
    shown: Option<Vec<Run>>,
}

/// A server log's run paired with a client run; `guessed` when paired by time and
/// not yet kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub client: RunId,
    pub server: RunId,
    pub guessed: bool,
}

impl RunSet {
    /// The runs as shown: as read, or without their transients while
    /// [`Self::excludes_warmup`].
    pub fn runs(&self) -> &[Run] {
        self.shown.as_deref().unwrap_or(&self.runs)
    }

    /// Whether [`Self::runs`] leaves out each run's transient.
    pub fn excludes_warmup(&self) -> bool {
        self.exclude_warmup
    }

    /// Shows the runs without their transients (`--exclude-warmup`), or as read.
    /// A run without a steady state to cut at stays as read.
    pub fn set_exclude_warmup(&mut self, exclude: bool) {
        // A way of looking, not a change of the runs: the revision stays.
        if exclude != self.excludes_warmup() {
            self.exclude_warmup = exclude;
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

    /// Makes the runs as shown again: without their transients while asked, with
    /// their paired logs.
    fn trim(&mut self) {
        self.pairs
            .retain(|p| self.ids.contains(&p.client) && self.ids.contains(&p.server));
        if !self.exclude_warmup && self.pairs.is_empty() {
            self.shown = None;
            return;
        }
        let mut shown: Vec<Run> = self
            .runs
            .iter()
            .map(|r| {
                let mut r = if self.exclude_warmup {
                    crate::analysis::steady::without_warmup(r).unwrap_or_else(|| r.clone())
                } else {
                    r.clone()
                };
                r.paired.clear();
                r
            })
            .collect();
        for pair in &self.pairs {
            let (Some(c), Some(s)) = (self.index_of(pair.client), self.index_of(pair.server))
            else {
                continue;
            };
            let server = &self.runs[s];
            if let Some(side) = &server.server {
                shown[c].paired.push(PairedLog {
                    label: server.label.clone(),
                    guessed: pair.guessed,
                    memory_mb: server.memory_mb,
                    server: side.clone(),
                });
            }
        }
        self.shown = Some(shown);
    }

    /// The server logs paired with client runs.
    pub fn pairs(&self) -> &[Pair] {
        &self.pairs
    }

    /// Pairs server log `server` with client run `client` (a log has one client):
    /// false unless `server` is a server log and `client` a client run.
    pub fn pair(&mut self, client: RunId, server: RunId, guessed: bool) -> bool {
        let (Some(c), Some(s)) = (self.get(client), self.get(server)) else {
            return false;
        };
        if c.server.is_some() || s.server.is_none() {
            return false;
        }
        self.pairs.retain(|p| p.server != server);
        self.pairs.push(Pair {
            client,
            server,
            guessed,
        });
        self.changed();
        true
    }

    /// Keeps a guessed pairing as if made by hand.
    pub fn keep_pair(&mut self, server: RunId) {
        if let Some(p) = self
            .pairs
            .iter_mut()
            .find(|p| p.server == server && p.guessed)
        {
            p.guessed = false;
            self.changed();
        }
    }

    /// Undoes the pairing of server log `server`.
    pub fn unpair(&mut self, server: RunId) {
        let before = self.pairs.len();
        self.pairs.retain(|p| p.server != server);
        if self.pairs.len() != before {
            self.changed();
        }
    }

    /// Pairs, as guessed, each unpaired server log whose window overlaps the
    /// wall-clock window of exactly one client run (`docs/breakdown.md`).
    fn guess_pairs(&mut self) {
        let mut guessed = Vec::new();
        for (s, server) in self.runs.iter().enumerate() {
            let Some(window) = server.server.as_ref().and_then(|x| x.window) else {
                continue;
            };
            if self.pairs.iter().any(|p| p.server == self.ids[s]) {
                continue;
            }
            let mut clients = self.runs.iter().enumerate().filter(|(_, c)| {
                c.server.is_none() && c.wall_clock.is_some_and(|w| w.overlaps(&window))
            });
            if let (Some((c, _)), None) = (clients.next(), clients.next()) {
                guessed.push(Pair {
                    client: self.ids[c],
                    server: self.ids[s],
                    guessed: true,
                });
            }
        }
        self.pairs.extend(guessed);
    }

    /// The index of the baseline run.
    pub fn baseline(&self) -> Option<usize> {
        self.baseline.and_then(|id| self.index_of(id))
    }

    /// The runs as shown, without their origins.
    pub fn into_runs(self) -> Vec<Run> {
        self.shown.unwrap_or(self.runs)
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
        self.guess_pairs();
        if !self.pinned || self.baseline().is_none() {
            self.follow_default();
        }
        self.changed();
        ids
    }

    /// Adds a workspace's runs with its pairings (`pairs`: indices into `new`, and
    /// whether guessed).
    pub fn add_restored(
        &mut self,
        new: Vec<(Run, Origin)>,
        pairs: &[(usize, usize, bool)],
    ) -> Vec<RunId> {
        let ids = self.add_with(new);
        for &(c, s, guessed) in pairs {
            if let (Some(&c), Some(&s)) = (ids.get(c), ids.get(s)) {
                self.pair(c, s, guessed);
            }
        }
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
            exclude_warmup: self.exclude_warmup,
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
