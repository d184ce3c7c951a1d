//! How a command fails: one typed answer that `cli::main` prints once and turns into
//! the exit code, instead of codes threaded through every function.

use std::process::ExitCode;

/// Exit code for bad input (unreadable or unrecognised files, bad arguments), the
/// same code clap uses for usage errors.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Why a command did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Bad input: each message names the file and the line, or the argument. Exit 2;
    /// nothing is printed to stdout.
    BadInput(Vec<String>),
    /// The command could not finish (a write failed, no renderer). Exit 1.
    Failed(String),
    /// A check the user asked for did not pass (`compare` found a regression); the
    /// report is on stdout already, and this says why on stderr. Exit 1.
    CheckFailed(String),
    /// What the user asked for needs the window or the renderer, and this build has
    /// neither (built without the `gui` feature). Exit 2.
    NeedsGui(&'static str),
}

impl Failure {
    /// Bad input with one message.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Failure::BadInput(vec![message.into()])
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
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Failure::BadInput(_) | Failure::NeedsGui(_) => EXIT_BAD_INPUT,
            Failure::Failed(_) | Failure::CheckFailed(_) => 1,
        })
    }
}
