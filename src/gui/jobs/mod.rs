//! Background work, in one place. A job is a type that implements [`Job`]: its
//! kind, the work itself, which reports progress and checks for a stop through its
//! [`JobContext`], and what it brings back, as [`Done`]s that the app receives in
//! one place (`receive.rs`), apart from the user's commands (rerun's pattern: a
//! `CommandSender` for intents, its system commands for what work brings back).
//! [`Jobs`] starts them and is polled once a frame. Adding a job is one type, one
//! [`JobKind`] and one `jobs.start(...)` line. Models: rerun's `BackgroundTasks`
//! and egui's promise pattern.
//!
//! Jobs run on a thread of their own at the lowest priority (nice 19 on Linux; the
//! threads they start, such as the block reader's workers, inherit it): an import
//! that keeps every core busy then leaves the window the CPU whenever it needs it.
//! For tests, [`Executor::Inline`] runs a job before `start` returns.

pub mod dialog;
pub mod experiment;
pub mod export;
pub mod history;
pub mod load;
pub mod locate;
pub mod report;
pub mod save;
pub mod server_logs;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::vocabulary::Answer;
use crate::analysis::origin::Origin;
use crate::model::Run;

/// The kinds of job, by which the window asks whether one runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Loading,
    ChoosingFiles,
    SavingWorkspace,
    WritingReport,
    ExportingChart,
    ReadingHistory,
    RunningExperiment,
    RestoringSources,
    /// The jobs' own tests.
    #[cfg(test)]
    Test(&'static str),
}

impl JobKind {
    /// What it is, for the status bar.
    pub fn name(self) -> &'static str {
        match self {
            JobKind::Loading => "Loading",
            JobKind::ChoosingFiles => "Choosing files",
            JobKind::SavingWorkspace => "Saving workspace",
            JobKind::WritingReport => "Writing report",
            JobKind::ExportingChart => "Exporting chart",
            JobKind::ReadingHistory => "Reading the history",
            JobKind::RunningExperiment => "Running experiment",
            JobKind::RestoringSources => "Restoring",
            #[cfg(test)]
            JobKind::Test(name) => name,
        }
    }
}

/// What a job brings back, received by the app (`receive.rs`).
#[derive(Debug)]
pub enum Done {
    /// The runs read from a file, as `options` said.
    FileRead {
        path: std::path::PathBuf,
        options: crate::import::Options,
        runs: Vec<Run>,
    },
    /// A server log's runs (one format's of the file), to pair with `client`.
    ServerLogRead {
        client: crate::analysis::run_set::RunId,
        path: std::path::PathBuf,
        options: crate::import::Options,
        runs: Vec<Run>,
    },
    /// Runs made by a job with how each is made (an experiment's run merged from
    /// its generators' files).
    MadeRuns(Vec<(Run, Origin)>),
    /// A workspace opened: it replaces what is shown.
    WorkspaceOpened(std::path::PathBuf, Box<crate::workspace::Restored>),
    /// The open workspace restored again after Locate….
    Located(Box<crate::workspace::Restored>),
    /// A file dialog's answer.
    DialogAnswered(Answer),
    /// The workspace was written.
    Saved(Box<save::Saved>),
    SaveFailed(String),
    /// A chart rendered for the clipboard.
    CopyImage(egui::ColorImage),
    /// The records of a history database, or why not.
    HistoryLoaded(String, Result<Vec<crate::history::Record>, String>),
    /// The experiment's generators passed their checks.
    GeneratorsChecked(Vec<crate::experiment::manifest::GeneratorCheck>),
    /// A generator's part of the running experiment changed state.
    GeneratorState(String, crate::experiment::GeneratorState),
    /// The experiment could not run: why (its setup's words among them).
    ExperimentFailed(String),
    /// A passing message for the status bar.
    Notice(String),
    /// An error to show with the import errors.
    Error(String),
}

/// A piece of background work.
pub trait Job: Send + 'static {
    /// What it is: the status bar's words, and what [`Jobs::is_running`] asks for.
    fn kind(&self) -> JobKind;
    /// Whether the user may stop it (the status bar then offers Stop).
    fn stoppable(&self) -> bool {
        false
    }
    /// Does the work. What it sends through `cx` on the way, and what it returns,
    /// the app receives in the frame after it arrives.
    fn run(self: Box<Self>, cx: &JobContext) -> Vec<Done>;
}

/// How jobs run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Executor {
    /// On a new thread (the window).
    #[default]
    Background,
    /// Before `start` returns (tests): results are there on the next poll.
    Inline,
}

/// How far a job is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// Done so far, 0 to 1, when known.
    pub fraction: Option<f32>,
    /// What it is doing ("Loading 3 of 15: elb-direct.run1.txt").
    pub text: String,
}

/// What a job said of its progress: as it was, or a tool's clock that the window
/// reads when it draws (a bar that moves on its own, and the time left).
#[derive(Debug, Clone)]
enum Said {
    Fixed(Progress),
    Timed {
        text: String,
        begun: Instant,
        seconds: f64,
        /// The seconds of the work after this part.
        after: f64,
    },
}

impl Default for Said {
    fn default() -> Self {
        Said::Fixed(Progress::default())
    }
}

impl Said {
    /// The progress now.
    fn now(&self) -> Progress {
        match self {
            Said::Fixed(p) => p.clone(),
            Said::Timed {
                text,
                begun,
                seconds,
                after,
            } => {
                let elapsed = begun.elapsed().as_secs_f64();
                let left = (seconds - elapsed).max(0.0) + after;
                Progress {
                    fraction: Some((elapsed / seconds.max(0.001)).min(1.0) as f32),
                    text: format!("{text} · about {} left", crate::format::seconds(left)),
                }
            }
        }
    }
}

/// What a job and the window share.
#[derive(Default)]
struct Shared {
    progress: Mutex<Said>,
    stop: Arc<AtomicBool>,
}

/// A running job's handle on the window: progress, stop, and commands on the way.
pub struct JobContext {
    id: u64,
    shared: Arc<Shared>,
    tx: Sender<Message>,
    repaint: Box<dyn Fn() + Send + Sync>,
}

impl JobContext {
    /// Reports progress. It asks for no frame: the window repaints often while a
    /// job runs, and a job that reports often would otherwise keep it busy.
    pub fn progress(&self, fraction: Option<f32>, text: impl Into<String>) {
        if let Ok(mut p) = self.shared.progress.lock() {
            *p = Said::Fixed(Progress {
                fraction,
                text: text.into(),
            });
        }
    }

    /// Reports a part that takes `seconds` from now, with `after` seconds of work
    /// after it: the window moves the bar and counts the time left down itself.
    pub fn progress_timed(&self, text: impl Into<String>, seconds: f64, after: f64) {
        if let Ok(mut p) = self.shared.progress.lock() {
            *p = Said::Timed {
                text: text.into(),
                begun: Instant::now(),
                seconds,
                after,
            };
        }
    }

    /// True once the user asked the job to stop.
    pub fn is_stopped(&self) -> bool {
        self.shared.stop.load(Ordering::Relaxed)
    }

    /// The stop flag, for work that checks it deep down (an import's reader).
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        self.shared.stop.clone()
    }

    /// Sends what it has before the job ends (each file of a load as it is read).
    pub fn send(&self, done: Vec<Done>) {
        if !done.is_empty() {
            let _ = self.tx.send(Message::Brought(done));
            (self.repaint)();
        }
    }
}

enum Message {
    Brought(Vec<Done>),
    Ended(u64),
}

/// A context for running one job by hand in a test, already asked to stop when
/// `stopped`; the receiver gets what it sends.
#[cfg(test)]
pub(crate) fn test_context(stopped: bool) -> (JobContext, Receiver<Vec<Done>>) {
    let (tx, rx) = channel();
    let shared = Arc::new(Shared::default());
    shared.stop.store(stopped, Ordering::Relaxed);
    let (out, commands) = channel();
    std::thread::spawn(move || {
        while let Ok(Message::Brought(c)) = rx.recv() {
            if out.send(c).is_err() {
                break;
            }
        }
    });
    let cx = JobContext {
        id: 0,
        shared,
        tx,
        repaint: Box::new(|| {}),
    };
    (cx, commands)
}

/// A job the window shows.
pub struct Running {
    pub id: u64,
    pub kind: JobKind,
    pub stoppable: bool,
    shared: Arc<Shared>,
}

impl Running {
    pub fn progress(&self) -> Progress {
        self.shared
            .progress
            .lock()
            .map(|p| p.now())
            .unwrap_or_default()
    }

    pub fn is_stopping(&self) -> bool {
        self.shared.stop.load(Ordering::Relaxed)
    }
}

/// The jobs of the window.
pub struct Jobs {
    pub executor: Executor,
    running: Vec<Running>,
    next_id: u64,
    tx: Sender<Message>,
    rx: Receiver<Message>,
}

impl Default for Jobs {
    fn default() -> Self {
        let (tx, rx) = channel();
        Jobs {
            executor: Executor::default(),
            running: Vec::new(),
            next_id: 0,
            tx,
            rx,
        }
    }
}

impl Jobs {
    /// Starts `job`; `repaint` is called whenever it has commands for the window.
    pub fn start(&mut self, job: impl Job, repaint: impl Fn() + Send + Sync + 'static) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        let shared = Arc::new(Shared::default());
        self.running.push(Running {
            id,
            kind: job.kind(),
            stoppable: job.stoppable(),
            shared: shared.clone(),
        });
        let cx = JobContext {
            id,
            shared,
            tx: self.tx.clone(),
            repaint: Box::new(repaint),
        };
        let work = move || {
            let done = Box::new(job).run(&cx);
            let _ = cx.tx.send(Message::Brought(done));
            let _ = cx.tx.send(Message::Ended(cx.id));
            (cx.repaint)();
        };
        match self.executor {
            Executor::Background => {
                std::thread::spawn(move || {
                    // Best effort: at worst the job runs at normal priority.
                    let _ = thread_priority::set_current_thread_priority(
                        thread_priority::ThreadPriority::Min,
                    );
                    work()
                });
            }
            Executor::Inline => work(),
        }
        id
    }

    /// What the jobs brought since the last call, in the order sent; finished jobs
    /// are forgotten.
    pub fn poll(&mut self) -> Vec<Done> {
        let mut brought = Vec::new();
        while let Ok(message) = self.rx.try_recv() {
            match message {
                Message::Brought(d) => brought.extend(d),
                Message::Ended(id) => self.running.retain(|r| r.id != id),
            }
        }
        brought
    }

    /// The jobs still running, oldest first.
    pub fn running(&self) -> &[Running] {
        &self.running
    }

    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Whether a job of `kind` is running.
    pub fn is_running(&self, kind: JobKind) -> bool {
        self.running.iter().any(|r| r.kind == kind)
    }

    /// The id of the running job of `kind`, if any.
    pub fn id_of(&self, kind: JobKind) -> Option<u64> {
        self.running.iter().find(|r| r.kind == kind).map(|r| r.id)
    }

    /// Asks job `id` to stop; it ends at its next check.
    pub fn stop(&self, id: u64) {
        if let Some(r) = self.running.iter().find(|r| r.id == id) {
            r.shared.stop.store(true, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts to `n`, sending a notice on the way; stops when asked.
    struct Count(usize);

    impl Job for Count {
        fn kind(&self) -> JobKind {
            JobKind::Test("Counting")
        }
        fn stoppable(&self) -> bool {
            true
        }
        fn run(self: Box<Self>, cx: &JobContext) -> Vec<Done> {
            for i in 0..self.0 {
                if cx.is_stopped() {
                    return vec![Done::Notice(format!("stopped at {i}"))];
                }
                cx.progress(Some(i as f32 / self.0 as f32), format!("{i}"));
                cx.send(vec![Done::Notice(format!("{i}"))]);
            }
            vec![Done::Notice("done".into())]
        }
    }

    fn notices(brought: Vec<Done>) -> Vec<String> {
        brought
            .into_iter()
            .map(|c| match c {
                Done::Notice(t) => t,
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn an_inline_job_is_done_by_the_next_poll() {
        let mut jobs = Jobs {
            executor: Executor::Inline,
            ..Jobs::default()
        };
        jobs.start(Count(3), || {});
        assert_eq!(jobs.running().len(), 1, "until polled");
        assert_eq!(notices(jobs.poll()), ["0", "1", "2", "done"]);
        assert!(!jobs.is_busy());
        assert!(jobs.poll().is_empty());
    }

    #[test]
    fn a_background_job_reports_progress_and_stops_when_asked() {
        struct Wait;
        impl Job for Wait {
            fn kind(&self) -> JobKind {
                JobKind::Test("Waiting")
            }
            fn run(self: Box<Self>, cx: &JobContext) -> Vec<Done> {
                cx.progress(Some(0.5), "halfway");
                while !cx.is_stopped() {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                vec![Done::Notice("stopped".into())]
            }
        }
        let mut jobs = Jobs::default();
        let id = jobs.start(Wait, || {});
        assert!(
            jobs.is_running(JobKind::Test("Waiting"))
                && !jobs.is_running(JobKind::Test("Counting"))
        );
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while jobs.running()[0].progress().text != "halfway" {
            assert!(std::time::Instant::now() < deadline, "no progress");
            std::thread::yield_now();
        }
        assert_eq!(jobs.running()[0].progress().fraction, Some(0.5));
        jobs.stop(id);
        let mut got = Vec::new();
        while jobs.is_busy() {
            assert!(std::time::Instant::now() < deadline, "did not stop");
            got.extend(notices(jobs.poll()));
        }
        assert_eq!(got, ["stopped"]);
    }

    #[test]
    fn a_timed_part_moves_its_bar_as_it_is_read() {
        let (cx, _) = test_context(false);
        cx.progress_timed("measuring", 0.05, 10.0);
        let said = cx.shared.progress.lock().unwrap().clone();
        let first = said.now();
        assert!(first.fraction.unwrap() < 0.5, "{first:?}");
        assert!(
            first.text.starts_with("measuring · about 10"),
            "{}",
            first.text
        );
        std::thread::sleep(std::time::Duration::from_millis(60));
        assert_eq!(said.now().fraction, Some(1.0));
        assert!(!cx.is_stopped(), "reading the progress stops nothing");
    }
}
