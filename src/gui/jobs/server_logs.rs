//! *Server logs…*: the files picked for a client run, each read as a server log
//! (every server format that finds its lines, `import::server_logs`), sent back
//! to be paired with the run.

use std::path::PathBuf;

use super::{Done, Job, JobContext, JobKind};
use crate::analysis::run_set::RunId;

pub struct ReadServerLogs {
    pub client: RunId,
    pub files: Vec<PathBuf>,
}

impl Job for ReadServerLogs {
    fn kind(&self) -> JobKind {
        JobKind::Loading
    }

    fn stoppable(&self) -> bool {
        true
    }

    fn run(self: Box<Self>, cx: &JobContext) -> Vec<Done> {
        let mut out = Vec::new();
        let total = self.files.len();
        for (i, path) in self.files.into_iter().enumerate() {
            if cx.is_stopped() {
                break;
            }
            cx.progress(
                Some(i as f32 / total.max(1) as f32),
                format!("Reading server log {} of {total}", i + 1),
            );
            match crate::import::server_logs::read(&path, &Default::default()) {
                Ok(parts) => {
                    out.extend(
                        parts
                            .into_iter()
                            .map(|(options, runs)| Done::ServerLogRead {
                                client: self.client,
                                path: path.clone(),
                                options,
                                runs,
                            }),
                    )
                }
                Err(e) => out.push(Done::Error(e.to_string())),
            }
        }
        out
    }
}
