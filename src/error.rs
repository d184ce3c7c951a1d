//! The errors of reading and writing files: [`ImportError`], which every reader
//! returns, names the file and, where one line is at fault, that line and what was
//! expected there; [`WriteError`] names the file written and the real cause.

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
    excerpt_of(line, 60)
}

/// A tool's own error line, quoted as the message: long enough to hold its cause,
/// which comes last (`dial tcp 127.0.0.1:80: connect: connection refused`).
pub fn tool_words(line: &str) -> String {
    excerpt_of(line, 240)
}

fn excerpt_of(line: &str, max: usize) -> String {
    let line = line.trim();
    if line.chars().count() <= max {
        line.to_owned()
    } else {
        let cut: String = line.chars().take(max).collect();
        format!("{cut}...")
    }
}

/// Why an output file could not be written. Every variant names the file and says
/// the real cause: a missing folder is not a missing input.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: cannot write: the folder {} does not exist", .path.display(), .folder.display())]
    NoFolder { path: PathBuf, folder: PathBuf },
    #[error("{}: cannot write: {} is not a folder", .path.display(), .folder.display())]
    NotAFolder { path: PathBuf, folder: PathBuf },
    #[error("{}: cannot write: it is a folder; expected a file name", .path.display())]
    IsAFolder { path: PathBuf },
    #[error("{}: cannot write: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl WriteError {
    /// The error of a failed write of `path`: a missing or wrong folder is named as
    /// such, anything else is the system's own words.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        match check_folder(path) {
            Err(e) => e,
            Ok(()) => Self::Io {
                path: path.to_path_buf(),
                source,
            },
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Self::NoFolder { path, .. }
            | Self::NotAFolder { path, .. }
            | Self::IsAFolder { path }
            | Self::Io { path, .. } => path,
        }
    }
}

/// The folder a file at `path` goes in: `.` for a bare file name.
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Whether `path` names a file that could be created, as far as its folder goes.
pub(crate) fn check_folder(path: &Path) -> Result<(), WriteError> {
    if path.is_dir() {
        return Err(WriteError::IsAFolder {
            path: path.to_path_buf(),
        });
    }
    let folder = folder_of(path);
    match std::fs::metadata(folder) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(WriteError::NotAFolder {
            path: path.to_path_buf(),
            folder: folder.to_path_buf(),
        }),
        Err(_) => Err(WriteError::NoFolder {
            path: path.to_path_buf(),
            folder: folder.to_path_buf(),
        }),
    }
}
