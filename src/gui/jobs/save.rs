//! Saving the workspace: its sources are hashed (which reads them) and the file is
//! written atomically, off the window's thread.

use std::path::PathBuf;

use super::{Job, JobContext};
use crate::analysis::run_set::RunSet;
use crate::gui::commands::{Command, Saved};
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
    fn name(&self) -> &'static str {
        "Saving workspace"
    }

    fn run(self: Box<Self>, _cx: &JobContext) -> Vec<Command> {
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
            Ok(dropped) => Command::Saved(Box::new(Saved {
                path: self.path,
                revision: self.runs.revision(),
                kept: self.kept,
                dropped,
            })),
            Err(e) => Command::SaveFailed(e),
        }]
    }
}
