//! Workspaces: one `.gatebench` file (versioned JSON, `docs/workspace-format.md`)
//! that makes an analysis again: the source files (relative paths, sizes, content
//! hashes), every run with its edits and merges, the baseline, the views of the
//! charts, the planner's inputs and prices, and what the window keeps of its own.
//!
//! - [`file`]: the format, read with errors that name the file, line and what was
//!   expected;
//! - [`stamp`]: a source file's size and SHA-256;
//! - [`save`]: a workspace from the loaded runs, written atomically;
//! - [`restore`]: the runs again from a workspace, with what could not be restored.

pub mod file;
pub mod restore;
pub mod save;
pub mod stamp;

pub use file::{SourceFile, Workspace, names_workspace, read};
pub use restore::{Problem, Restored, restore};
pub use save::{Parts, capture, to_text};

use std::path::Path;

/// Reads the workspace at `path` and restores it (see [`restore`]).
pub fn open(path: &Path, progress: &dyn Fn(f32)) -> Result<Restored, crate::error::ImportError> {
    Ok(restore(read(path)?, path, &[], progress))
}

/// The extension of workspace files.
pub const EXTENSION: &str = "gatebench";
