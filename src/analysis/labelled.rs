//! One accumulator per label, for per-request files that mix several runs (JTL
//! labels, vegeta attack names). Labels keep the order of their first sample.

use std::collections::HashMap;
use std::path::Path;

use super::aggregate::{RunAccumulator, RunMeta};
use crate::import::naming;
use crate::model::Run;

#[derive(Default)]
pub struct Labelled {
    index: HashMap<String, usize>,
    /// (label, samples, the largest thread count seen).
    runs: Vec<(String, RunAccumulator, i64)>,
    last: Option<usize>,
}

impl Labelled {
    /// The entry of `label`, created on its first sample.
    pub fn entry(&mut self, label: &str) -> (&mut RunAccumulator, &mut i64) {
        let i = match self.last {
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
                    self.index.insert(label.to_owned(), self.runs.len() - 1);
                    self.runs.len() - 1
                });
                self.last = Some(i);
                i
            }
        };
        let entry = &mut self.runs[i];
        (&mut entry.1, &mut entry.2)
    }

    /// One run per label, in first-seen order. Each label names its integration type
    /// and memory tier (`apigw-lambda-512`); the largest thread count seen, if any, is
    /// the run's connections.
    pub fn into_runs(self, source: &Path, tool: &str, epoch: bool) -> Vec<Run> {
        self.runs
            .into_iter()
            .filter_map(|(label, acc, threads)| {
                let name = naming::classify(Path::new(&label));
                acc.finish(RunMeta {
                    source: source.display().to_string(),
                    tool: tool.to_owned(),
                    integration: name.integration,
                    memory_mb: name.memory_mb,
                    label,
                    connections: (threads > 0).then(|| threads.min(i64::from(u32::MAX)) as u32),
                    threads: None,
                    epoch,
                })
            })
            .collect()
    }
}
