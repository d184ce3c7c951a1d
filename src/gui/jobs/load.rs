//! Reading files and workspaces: one job for what the user opened, sending each
//! file's runs (or the workspace restored) as soon as it is read, so that the
//! table fills while the rest loads. Stoppable between files and within one.

use std::path::PathBuf;

use super::{Done, Job, JobContext, JobKind};
use crate::import;
use crate::workspace;

/// The files (and workspaces) to read, as `options` say.
pub struct LoadFiles {
    pub files: Vec<PathBuf>,
    pub options: import::Options,
}

impl Job for LoadFiles {
    fn kind(&self) -> JobKind {
        JobKind::Loading
    }

    fn stoppable(&self) -> bool {
        true
    }

    fn run(self: Box<Self>, cx: &JobContext) -> Vec<Done> {
        let total = self.files.len();
        let stop = cx.stop_flag();
        let stopped = |done: usize| {
            vec![Done::Notice(format!(
                "Loading stopped: {done} of {total} file(s) read"
            ))]
        };
        for (done, file) in self.files.into_iter().enumerate() {
            if cx.is_stopped() {
                return stopped(done);
            }
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let report = |fraction: f32| {
                let overall = (done as f32 + fraction) / total.max(1) as f32;
                cx.progress(
                    Some(overall),
                    format!("Loading {} of {total} {name}", done + 1),
                );
            };
            report(0.0);
            // The intervals the table shows are computed here (`prepare`) rather
            // than in the first frame that shows them.
            let command = if workspace::names_workspace(&file) {
                match workspace::open(&file, &report) {
                    Ok(restored) => {
                        crate::analysis::compare::prepare(restored.runs.iter().map(|(r, _)| r));
                        Done::WorkspaceOpened(file, Box::new(restored))
                    }
                    Err(e) => Done::Error(e.to_string()),
                }
            } else {
                match import::load_file_until(&file, &self.options, &report, &stop) {
                    Ok(runs) => {
                        crate::analysis::compare::prepare(&runs);
                        Done::FileRead {
                            path: file,
                            options: self.options.clone(),
                            runs,
                        }
                    }
                    // What was read of a stopped file is not kept.
                    Err(_) if cx.is_stopped() => return stopped(done),
                    Err(e) => Done::Error(e.to_string()),
                }
            };
            cx.send(vec![command]);
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A load stopped is said to be stopped, and keeps no run of the file it was
    /// reading; the import itself ends with an error once the flag is set.
    #[test]
    fn a_stopped_load_keeps_nothing_of_its_file() {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/jmeter/html-report-testfile.jtl");
        let (cx, sent) = super::super::test_context(true);
        let job = LoadFiles {
            files: vec![file.clone(), file.clone()],
            options: import::Options::default(),
        };
        let returned = Box::new(job).run(&cx);
        drop(cx);
        let sent: Vec<Done> = sent.into_iter().flatten().collect();
        assert!(sent.is_empty(), "{sent:?}");
        assert!(
            matches!(&returned[..], [Done::Notice(n)] if n == "Loading stopped: 0 of 2 file(s) read"),
            "{returned:?}"
        );
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let e = import::load_file_until(&file, &import::Options::default(), &|_| {}, &stop)
            .unwrap_err();
        assert!(e.to_string().contains("stopped by the user"), "{e}");
    }
}
