//! A report of what is shown, written off the window's thread through the same
//! pipeline as `gatebench report` (`report::produce`), with progress per chart.

use std::path::PathBuf;

use super::{Done, Job, JobContext, JobKind};
use crate::report::{self, Output, Request};

pub struct WriteReport {
    pub path: PathBuf,
    pub output: Output,
    pub request: Request,
}

impl Job for WriteReport {
    fn kind(&self) -> JobKind {
        JobKind::WritingReport
    }

    fn stoppable(&self) -> bool {
        true
    }

    fn run(self: Box<Self>, cx: &JobContext) -> Vec<Done> {
        let progress = |done: usize, total: usize| {
            cx.progress(
                Some(done as f32 / (total + 1) as f32),
                format!("Writing report: chart {} of {total}", (done + 1).min(total)),
            );
            !cx.is_stopped()
        };
        match report::produce(&self.request, &self.path, self.output, &progress) {
            Ok(_) => vec![Done::Notice(format!(
                "Report written to {}",
                self.path.display()
            ))],
            Err(report::ReportError::Stopped) => {
                vec![Done::Notice("Report stopped; nothing written".into())]
            }
            Err(e) => vec![Done::Error(format!("report: {e}"))],
        }
    }
}
