//! Background work, in one place. A job is a type that implements [`Job`]: a name,
//! the work itself, which reports progress and checks for a stop through its
//! [`JobContext`], and what it gives back, as [`Command`]s that the app applies like
//! any other (so that every change to the runs goes through `GatebenchApp::apply`).
//! [`Jobs`] starts them and is polled once a frame. Adding a job is one type and
//! one `jobs.start(...)` line. Models: rerun's `BackgroundTasks` and egui's promise
//! pattern.
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

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use super::commands::Command;

/// A piece of background work.
pub trait Job: Send + 'static {
    /// What it is, for the status bar ("Loading", "Writing report"); also what
    /// [`Jobs::is_running`] asks for.
    fn name(&self) -> &'static str;
    /// Whether the user may stop it (the status bar then offers Stop).
    fn stoppable(&self) -> bool {
        false
    }
    /// Does the work. Commands sent through `cx` on the way, and those returned,
    /// are applied by the app in the frame after they arrive.
    fn run(self: Box<Self>, cx: &JobContext) -> Vec<Command>;
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

/// What a job and the window share.
#[derive(Default)]
struct Shared {
    progress: Mutex<Progress>,
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
            *p = Progress {
                fraction,
                text: text.into(),
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

    /// Sends commands before the job ends (each file of a load as it is read).
    pub fn send(&self, commands: Vec<Command>) {
        if !commands.is_empty() {
            let _ = self.tx.send(Message::Commands(commands));
            (self.repaint)();
        }
    }
}

enum Message {
    Commands(Vec<Command>),
    Done(u64),
}

/// A context for running one job by hand in a test, already asked to stop when
/// `stopped`; the receiver gets what it sends.
#[cfg(test)]
pub(crate) fn test_context(stopped: bool) -> (JobContext, Receiver<Vec<Command>>) {
    let (tx, rx) = channel();
    let shared = Arc::new(Shared::default());
    shared.stop.store(stopped, Ordering::Relaxed);
    let (out, commands) = channel();
    std::thread::spawn(move || {
        while let Ok(Message::Commands(c)) = rx.recv() {
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
    pub name: &'static str,
    pub stoppable: bool,
    shared: Arc<Shared>,
}

impl Running {
    pub fn progress(&self) -> Progress {
        self.shared
            .progress
            .lock()
            .map(|p| p.clone())
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
            name: job.name(),
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
            let commands = Box::new(job).run(&cx);
            let _ = cx.tx.send(Message::Commands(commands));
            let _ = cx.tx.send(Message::Done(cx.id));
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

    /// The commands the jobs sent since the last call, in the order sent; finished
    /// jobs are forgotten.
    pub fn poll(&mut self) -> Vec<Command> {
        let mut commands = Vec::new();
        while let Ok(message) = self.rx.try_recv() {
            match message {
                Message::Commands(c) => commands.extend(c),
                Message::Done(id) => self.running.retain(|r| r.id != id),
            }
        }
        commands
    }

    /// The jobs still running, oldest first.
    pub fn running(&self) -> &[Running] {
        &self.running
    }

    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Whether a job called `name` is running.
    pub fn is_running(&self, name: &str) -> bool {
        self.running.iter().any(|r| r.name == name)
    }

    /// The id of the running job called `name`, if any.
    pub fn id_of(&self, name: &str) -> Option<u64> {
        self.running.iter().find(|r| r.name == name).map(|r| r.id)
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
        fn name(&self) -> &'static str {
            "Counting"
        }
        fn stoppable(&self) -> bool {
            true
        }
        fn run(self: Box<Self>, cx: &JobContext) -> Vec<Command> {
            for i in 0..self.0 {
                if cx.is_stopped() {
                    return vec![Command::Notice(format!("stopped at {i}"))];
                }
                cx.progress(Some(i as f32 / self.0 as f32), format!("{i}"));
                cx.send(vec![Command::Notice(format!("{i}"))]);
            }
            vec![Command::Notice("done".into())]
        }
    }

    fn notices(commands: Vec<Command>) -> Vec<String> {
        commands
            .into_iter()
            .map(|c| match c {
                Command::Notice(t) => t,
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
            fn name(&self) -> &'static str {
                "Waiting"
            }
            fn run(self: Box<Self>, cx: &JobContext) -> Vec<Command> {
                cx.progress(Some(0.5), "halfway");
                while !cx.is_stopped() {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                vec![Command::Notice("stopped".into())]
            }
        }
        let mut jobs = Jobs::default();
        let id = jobs.start(Wait, || {});
        assert!(jobs.is_running("Waiting") && !jobs.is_running("Counting"));
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
}
