//! Locate…: the open workspace restored again with a missing source found where the
//! user pointed, so that the runs that needed it come back.

use std::path::PathBuf;

use super::{Job, JobContext};
use crate::gui::commands::Command;
use crate::workspace::{self, Workspace};

pub struct Restore {
    pub workspace: Workspace,
    /// Where the workspace file is.
    pub at: PathBuf,
    /// Sources found elsewhere, by index.
    pub located: Vec<(usize, PathBuf)>,
}

impl Job for Restore {
    fn name(&self) -> &'static str {
        "Reading the file pointed to"
    }

    fn run(self: Box<Self>, _cx: &JobContext) -> Vec<Command> {
        let restored = workspace::restore(self.workspace, &self.at, &self.located, &|_| {});
        vec![Command::Located(Box::new(restored))]
    }
}
