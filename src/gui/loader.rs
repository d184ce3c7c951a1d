//! Imports files off the UI thread (by its [`Executor`]) so that the window keeps
//! painting, and reports progress and results through a channel.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::jobs::Executor;
use crate::import::{self, ImportError};
use crate::model::Run;
use crate::workspace::{self, Restored};

/// What the loader reports, in the order the files were given.
pub enum LoadEvent {
    Started(PathBuf),
    /// The fraction of the current file read so far.
    Progress(f32),
    Finished(Loaded),
}

/// A file the loader has finished with.
pub enum Loaded {
    /// The runs of a result file, read as `options` say.
    Runs {
        path: PathBuf,
        options: import::Options,
        result: Result<Vec<Run>, ImportError>,
    },
    /// A workspace, restored (or why not).
    Workspace {
        path: PathBuf,
        result: Result<Box<Restored>, ImportError>,
    },
}

/// Progress of the files queued so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub current: Option<PathBuf>,
    /// How much of the current file is read, 0 to 1.
    pub current_fraction: f32,
}

pub struct Loader {
    tx: Sender<LoadEvent>,
    rx: Receiver<LoadEvent>,
    progress: Progress,
    pub executor: Executor,
}

impl Default for Loader {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            progress: Progress::default(),
            executor: Executor::default(),
        }
    }
}

impl Loader {
    /// Queues `paths` (files or folders) for import, read as `options` say; `ctx` is
    /// asked to repaint whenever there is news.
    pub fn start(&mut self, paths: Vec<PathBuf>, options: import::Options, ctx: &egui::Context) {
        let files = import::inputs::expand(&paths);
        if files.is_empty() {
            return;
        }
        self.progress.total += files.len();
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        self.executor.spawn(move || {
            for file in files {
                if tx.send(LoadEvent::Started(file.clone())).is_err() {
                    return; // the window is gone
                }
                ctx.request_repaint();
                // The window repaints every 100 ms while busy: progress alone asks
                // for no frame, and the import keeps the CPU a renderer without a
                // GPU would take.
                let report = |fraction: f32| {
                    let _ = tx.send(LoadEvent::Progress(fraction));
                };
                // The intervals the table shows are computed here (`prepare`) rather
                // than in the first frame that shows them.
                let loaded = if workspace::names_workspace(&file) {
                    let result = workspace::open(&file, &report).map(|r| {
                        crate::analysis::compare::prepare(r.runs.iter().map(|(run, _)| run));
                        Box::new(r)
                    });
                    Loaded::Workspace { path: file, result }
                } else {
                    let result = import::load_file_with(&file, options, &report);
                    if let Ok(runs) = &result {
                        crate::analysis::compare::prepare(runs);
                    }
                    Loaded::Runs {
                        path: file,
                        options,
                        result,
                    }
                };
                if tx.send(LoadEvent::Finished(loaded)).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
        });
    }

    /// The results that have arrived since the last call, and the progress updated.
    pub fn poll(&mut self) -> Vec<Loaded> {
        let mut finished = Vec::new();
        while let Ok(event) = self.rx.try_recv() {
            match event {
                LoadEvent::Started(path) => {
                    self.progress.current = Some(path);
                    self.progress.current_fraction = 0.0;
                }
                LoadEvent::Progress(f) => self.progress.current_fraction = f,
                LoadEvent::Finished(loaded) => {
                    self.progress.done += 1;
                    self.progress.current = None;
                    self.progress.current_fraction = 0.0;
                    finished.push(loaded);
                }
            }
        }
        if self.progress.done == self.progress.total {
            self.progress = Progress::default();
        }
        finished
    }

    pub fn is_busy(&self) -> bool {
        self.progress.total > 0
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }
}
