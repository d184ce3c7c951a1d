//! One accumulator per label, for per-request files that mix several runs (JTL
//! labels, vegeta attack names). Labels keep the order of their first sample, also
//! when parts of the file were gathered on different cores.

use std::collections::HashMap;
use std::path::Path;

use super::accumulator::{RunAccumulator, RunMeta};
use crate::blocks::Partial;
use crate::model::{Inferred, Measurement, Run};
use crate::naming;

#[derive(Default)]
pub struct Labelled {
    index: HashMap<String, usize>,
    /// (label, samples, the largest thread count seen).
    runs: Vec<(String, RunAccumulator, i64)>,
    /// Where each label was first seen: (file offset of its frame, order of creation).
    first_seen: Vec<(u64, usize)>,
    /// File offset of the frame being read.
    offset: u64,
    last: Option<usize>,
}

impl Labelled {
    /// The entry of `label`, created on its first sample.
    pub fn entry(&mut self, label: &str) -> (&mut RunAccumulator, &mut i64) {
        let slot = self.slot(label);
        self.at(slot)
    }

    /// Where the entry of `label` is, created on its first sample; for readers that
    /// look a label up once and add many samples to it with [`Labelled::at`].
    pub fn slot(&mut self, label: &str) -> usize {
        match self.last {
            // Consecutive samples mostly share a label: no lookup.
            Some(i) if self.runs[i].0 == label => i,
            _ => {
                // Few labels: a scan beats hashing; many: the map.
                let found = if self.runs.len() <= 16 {
                    self.runs.iter().position(|r| r.0 == label)
                } else {
                    self.index.get(label).copied()
                };
                let i = found.unwrap_or_else(|| {
                    self.runs
                        .push((label.to_owned(), RunAccumulator::default(), 0));
                    self.first_seen.push((self.offset, self.runs.len()));
                    self.index.insert(label.to_owned(), self.runs.len() - 1);
                    self.runs.len() - 1
                });
                self.last = Some(i);
                i
            }
        }
    }

    /// The entry at `slot`, from [`Labelled::slot`] on this value.
    pub fn at(&mut self, slot: usize) -> (&mut RunAccumulator, &mut i64) {
        let entry = &mut self.runs[slot];
        (&mut entry.1, &mut entry.2)
    }

    /// One run per label, in first-seen order. Each label names its integration type
    /// and memory tier (`apigw-lambda-512`), as a guess; the largest thread count seen, if any, is
    /// the run's connections.
    pub fn into_runs(
        self,
        source: &Path,
        tool: &str,
        epoch: bool,
        measurement: Measurement,
    ) -> Vec<Run> {
        let mut runs: Vec<_> = self.first_seen.into_iter().zip(self.runs).collect();
        runs.sort_by_key(|(seen, _)| *seen);
        runs.into_iter()
            .map(|(_, run)| run)
            .filter_map(|(label, acc, threads)| {
                let name = naming::classify(Path::new(&label));
                let mut run = acc.finish(RunMeta {
                    source: source.display().to_string(),
                    tool: tool.to_owned(),
                    integration: None,
                    memory_mb: None,
                    label,
                    connections: (threads > 0).then(|| threads.min(i64::from(u32::MAX)) as u32),
                    threads: None,
                    epoch,
                    measurement,
                })?;
                name.fill(&mut run, Inferred::RunName);
                Some(run)
            })
            .collect()
    }
}

impl Partial for Labelled {
    fn at_offset(&mut self, offset: u64) {
        self.offset = offset;
    }

    /// Frames never overlap, so the frame offset alone orders labels first seen by
    /// different gatherers; the creation order breaks ties within one frame.
    fn absorb(&mut self, other: Labelled) {
        for ((label, acc, threads), seen) in other.runs.into_iter().zip(other.first_seen) {
            let known = self.runs.len();
            let (mine, most) = self.entry(&label);
            mine.absorb(acc);
            *most = (*most).max(threads);
            if let Some(i) = self.last {
                let new = i >= known;
                self.first_seen[i] = if new {
                    seen
                } else {
                    self.first_seen[i].min(seen)
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::Outcome;

    fn add(labels: &mut Labelled, offset: u64, names: &[&str]) {
        labels.at_offset(offset);
        for name in names {
            labels.entry(name).0.add(0.0, 1.0, Outcome::Ok, 0);
        }
    }

    /// Two gatherers take turns at a file's frames: the combined runs follow the
    /// file's order, not the gatherers'.
    #[test]
    fn absorbing_keeps_the_files_order() {
        let (mut mine, mut theirs) = (Labelled::default(), Labelled::default());
        add(&mut mine, 0, &["a"]); // block 1, first half
        add(&mut theirs, 100, &["b", "a"]); // block 1, second half
        add(&mut mine, 200, &["c", "b"]); // block 2, first half
        add(&mut theirs, 300, &["d", "c"]);
        mine.absorb(theirs);
        let runs = mine.into_runs(Path::new("x.jtl"), "test", false, Measurement::Unknown);
        let order: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(order, ["a", "b", "c", "d"]);
        let counts: Vec<Option<u64>> = runs.iter().map(|r| r.requests).collect();
        assert_eq!(counts, [Some(2), Some(2), Some(2), Some(1)]);
    }
}
