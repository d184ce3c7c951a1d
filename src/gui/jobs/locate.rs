//! Locate…: the open workspace restored again with a missing source found where the
//! user pointed, so that the runs that needed it come back.

use std::path::PathBuf;

use super::{Done, Job, JobContext, JobKind};
use crate::workspace::{self, Workspace};

pub struct Restore {
    pub workspace: Workspace,
    /// Where the workspace file is.
    pub at: PathBuf,
    /// Sources found elsewhere, by index.
    pub located: Vec<(usize, PathBuf)>,
}

impl Job for Restore {
    fn kind(&self) -> JobKind {
        JobKind::RestoringSources
    }

    fn run(self: Box<Self>, _cx: &JobContext) -> Vec<Done> {
        let restored = workspace::restore(self.workspace, &self.at, &self.located, &|_| {});
        vec![Done::Located(Box::new(restored))]
    }
}
