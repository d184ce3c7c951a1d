//! How a command fails: one typed answer that `cli::main` prints once and turns into
//! the exit code, instead of codes threaded through every function.
//!
//! The exit codes follow ripgrep and criterion: 0 success; 1 a check the user asked
//! for did not pass (`compare` regressed, `advise` found no size), and nothing
//! else; 2 any error, a failed write included, so that a CI gate can tell
//! "regressed" from "could not write its report".

use std::process::ExitCode;

use crate::error::WriteError;

/// Exit code for a check that did not pass.
pub const EXIT_CHECK_FAILED: u8 = 1;

/// Exit code for any error: bad input (unreadable or unrecognised files, bad
/// arguments, the same code clap uses for usage errors) or a command that could not
/// finish.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Why a command did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Bad input: each message names the file and the line, or the argument.
    /// Nothing is printed to stdout. Exit 2.
    BadInput(Vec<String>),
    /// The command could not finish: a write failed, no renderer. Exit 2.
    Failed(String),
    /// A check the user asked for did not pass (`compare` found a regression); the
    /// report is on stdout already, and this says why on stderr. Exit 1.
    CheckFailed(String),
    /// What the user asked for needs the window or the renderer, and this build has
    /// neither (built without the `gui` feature). Exit 2.
    #[cfg_attr(feature = "gui", allow(dead_code))]
    NeedsGui(&'static str),
    /// Standard output was closed by its reader (`gatebench summarize ... | head
    /// -1`): not an error; the command ends quietly. Exit 0, as ripgrep does.
    OutputClosed,
}

impl Failure {
    /// Bad input with one message.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Failure::BadInput(vec![message.into()])
    }

    /// A failed write to standard output: quiet when its reader has gone.
    pub fn stdout(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::OutputClosed
        } else {
            Failure::Failed(format!("cannot write to standard output: {e}"))
        }
    }

    /// The messages, one `error: ...` line each.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Failure::BadInput(messages) => messages.iter().map(|m| format!("error: {m}")).collect(),
            Failure::Failed(m) => vec![format!("error: {m}")],
            Failure::CheckFailed(m) => vec![m.clone()],
            Failure::NeedsGui(what) => vec![format!(
                "error: {what} needs the `gui` feature, and this gatebench was built without it \
                 (cargo install --path . builds it with the window)"
            )],
            Failure::OutputClosed => Vec::new(),
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Failure::BadInput(_) | Failure::Failed(_) | Failure::NeedsGui(_) => EXIT_BAD_INPUT,
            Failure::CheckFailed(_) => EXIT_CHECK_FAILED,
            Failure::OutputClosed => 0,
        })
    }
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Self {
        Failure::Failed(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_has_its_code() {
        let code = |f: Failure| f.exit_code();
        assert_eq!(code(Failure::bad_input("x")), ExitCode::from(2));
        assert_eq!(code(Failure::Failed("x".into())), ExitCode::from(2));
        assert_eq!(code(Failure::NeedsGui("x")), ExitCode::from(2));
        assert_eq!(code(Failure::CheckFailed("x".into())), ExitCode::from(1));
        let closed = Failure::stdout(std::io::ErrorKind::BrokenPipe.into());
        assert_eq!(closed, Failure::OutputClosed);
        assert!(closed.lines().is_empty());
        assert_eq!(code(closed), ExitCode::SUCCESS);
        let full = Failure::stdout(std::io::Error::other("disk full"));
        assert_eq!(code(full), ExitCode::from(2));
    }
}
