//! Where background work runs: on a thread of its own, so that the window keeps
//! painting, or at once on the calling thread, so that tests need not wait.

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
                std::thread::spawn(job);
            }
            Executor::Inline => job(),
        }
    }
}
