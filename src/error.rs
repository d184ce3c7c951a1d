//! The error every reader of a file returns: it names the file and, where one line is
//! at fault, that line and what was expected there.

use std::path::{Path, PathBuf};

/// Why a file could not be imported. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: line {line}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A problem of the whole file that no single line carries (for example a
    /// CSV that the CSV reader rejects before any row is read).
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
}

impl ImportError {
    pub fn parse(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Self::Parse {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Self::File {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. } | Self::Parse { path, .. } | Self::File { path, .. } => path,
        }
    }
}

/// The start of a line, short enough to quote in an error message.
pub fn excerpt(line: &str) -> String {
    const MAX: usize = 60;
    let line = line.trim();
    if line.chars().count() <= MAX {
        line.to_owned()
    } else {
        let cut: String = line.chars().take(MAX).collect();
        format!("{cut}...")
    }
}
