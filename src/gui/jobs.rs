//! Where background work runs: on a thread of its own, so that the window keeps
//! painting, or at once on the calling thread, so that tests need not wait.
//!
//! Background threads run at the lowest priority (nice 19 on Linux; the threads they
//! start, such as the block reader's workers, inherit it): an import that keeps every
//! core busy then leaves the window the CPU whenever it needs it, and loses next to
//! nothing, as the window needs little.

/// How jobs run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Executor {
    /// On a new thread (the window).
    #[default]
    Background,
    /// Before `spawn` returns (tests): results are there on the next frame.
    Inline,
}

impl Executor {
    pub fn spawn(self, job: impl FnOnce() + Send + 'static) {
        match self {
            Executor::Background => {
                std::thread::spawn(|| {
                    // Best effort: at worst the job runs at normal priority.
                    let _ = thread_priority::set_current_thread_priority(
                        thread_priority::ThreadPriority::Min,
                    );
                    job()
                });
            }
            Executor::Inline => job(),
        }
    }
}
