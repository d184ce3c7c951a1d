//! Where a loaded run came from and what the user changed of it: what a workspace
//! needs to make the run again (see the `workspace` module).

use std::path::PathBuf;

use crate::import;
use crate::model::{Inferred, Run};

/// How a run in the window was made.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// Run `index` of the runs read from `path` as `options` say.
    File {
        path: PathBuf,
        index: usize,
        options: import::Options,
    },
    /// Run `index` of the runs of a pasted AWS Lambda Power Tuning URL.
    PowerTuningUrl { url: String, index: usize },
    /// Merged from these runs, as they were when merged.
    Merged(Vec<(Origin, Edits)>),
    /// Given by a caller that did not say (tests, `with_runs`): not kept in a
    /// workspace.
    Unknown,
}

impl Origin {
    /// The files this run is made from, with the options they were read with.
    pub fn files(&self) -> Vec<(&PathBuf, &import::Options)> {
        match self {
            Origin::File { path, options, .. } => vec![(path, options)],
            Origin::Merged(parts) => parts.iter().flat_map(|(o, _)| o.files()).collect(),
            Origin::PowerTuningUrl { .. } | Origin::Unknown => Vec::new(),
        }
    }
}

/// What the user can change of a run: its label, integration type, memory tier and
/// group of repeats, and whether the integration and tier are still a guess from a
/// name (until the user confirms or edits them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Edits {
    pub label: String,
    pub integration: Option<String>,
    pub memory_mb: Option<u32>,
    pub inferred_from: Option<Inferred>,
    pub group: Option<String>,
    /// The experiment's sweep value of the run's cell.
    pub sweep: Option<crate::model::SweepValue>,
    /// Not the user's: a distributed run's sending window, which its files alone
    /// do not give (the generators' start and end times); its throughput comes
    /// from it.
    pub window: Option<crate::model::SendingWindow>,
    /// Not the user's: when an experiment's run was, on the machine's clock, for
    /// pairing server logs by time.
    pub wall_clock: Option<crate::model::server::LogWindow>,
}

impl Edits {
    /// The values `run` has now.
    pub fn of(run: &Run) -> Edits {
        Edits {
            label: run.label.clone(),
            integration: run.integration.clone(),
            memory_mb: run.memory_mb,
            inferred_from: run.inferred_from,
            group: run.group.clone(),
            sweep: run.sweep.clone(),
            window: run.window,
            wall_clock: run.wall_clock,
        }
    }

    pub fn apply(&self, run: &mut Run) {
        run.label = self.label.clone();
        run.integration = self.integration.clone();
        run.memory_mb = self.memory_mb;
        run.inferred_from = self.inferred_from;
        run.group = self.group.clone();
        run.sweep = self.sweep.clone();
        if self.wall_clock.is_some() {
            run.wall_clock = self.wall_clock;
        }
        if let Some(w) = self.window {
            run.window = Some(w);
            run.throughput_rps = w.throughput_rps().or(run.throughput_rps);
        }
    }
}
