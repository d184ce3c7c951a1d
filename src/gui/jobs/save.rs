//! Saving the workspace: its sources are hashed (which reads them) and the file is
//! written atomically, off the window's thread.

use std::path::PathBuf;

use super::{Done, Job, JobContext, JobKind};
use crate::analysis::run_set::RunSet;
use crate::gui::state::Kept;
use crate::output;
use crate::workspace;

pub struct SaveWorkspace {
    pub path: PathBuf,
    pub runs: RunSet,
    /// What else the workspace keeps, as it is now.
    pub kept: Kept,
}

impl Job for SaveWorkspace {
    fn kind(&self) -> JobKind {
        JobKind::SavingWorkspace
    }

    fn run(self: Box<Self>, _cx: &JobContext) -> Vec<Done> {
        let parts = workspace::Parts {
            runs: &self.runs,
            views: &self.kept.views,
            planner: &self.kept.planner,
            prices: &self.kept.prices,
            window: self.kept.window_json(),
        };
        let result = output::check_writable(&self.path)
            .map_err(|e| e.to_string())
            .and_then(|()| workspace::capture(parts, &self.path).map_err(|e| e.to_string()))
            .and_then(|(ws, dropped)| {
                output::write_atomic(&self.path, workspace::to_text(&ws).as_bytes())
                    .map(|()| dropped)
                    .map_err(|e| e.to_string())
            });
        vec![match result {
            Ok(dropped) => Done::Saved(Box::new(Saved {
                path: self.path,
                revision: self.runs.revision(),
                kept: self.kept,
                dropped,
            })),
            Err(e) => Done::SaveFailed(e),
        }]
    }
}

/// A workspace written: where, what it held, and the runs it could not keep.
#[derive(Debug)]
pub struct Saved {
    pub path: PathBuf,
    /// The runs' revision saved.
    pub revision: u64,
    /// The rest of what was saved.
    pub kept: Kept,
    /// Labels of runs a workspace cannot keep (made without a file).
    pub dropped: Vec<String>,
}
