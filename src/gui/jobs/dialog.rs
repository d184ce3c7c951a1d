//! A native file dialog (rfd), which blocks its thread until the user answers: on a
//! thread of its own, never the window's. Its answer comes back with what it was
//! for, and how long it was open (rfd answers "nothing picked" at once when it has
//! no dialog to show).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::{Job, JobContext};
use crate::gui::commands::Command;
use crate::import;
use crate::report::Output;
use crate::workspace;

/// What a file dialog is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    /// Result files (or workspaces), read as these options say.
    Open(import::Options),
    OpenWorkspace,
    SaveWorkspace,
    ExportReport(Output),
    /// Where the chart shown goes, as PNG.
    ExportChart {
        file_name: String,
    },
    /// The new place of a workspace's missing source.
    Locate(usize),
}

/// The dialog for `purpose`; `name` is the analysis's name, for suggested files.
pub struct FileDialog {
    pub purpose: Purpose,
    pub name: String,
}

/// What the dialog answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub purpose: Purpose,
    /// `None`: cancelled, or no dialog could be shown.
    pub paths: Option<Vec<PathBuf>>,
    pub open_for: Duration,
}

impl Answer {
    /// True when "nothing picked" came too fast for a person: no dialog was shown
    /// (it needs xdg-desktop-portal or zenity).
    pub fn no_dialog(&self) -> bool {
        self.paths.is_none() && self.open_for < Duration::from_millis(300)
    }
}

impl Job for FileDialog {
    fn name(&self) -> &'static str {
        "Choosing files"
    }

    fn run(self: Box<Self>, _cx: &JobContext) -> Vec<Command> {
        let started = Instant::now();
        let workspaces = ("gatebench workspace", &[workspace::EXTENSION][..]);
        let dialog = rfd::FileDialog::new();
        let name = &self.name;
        let one = |p: Option<PathBuf>| p.map(|p| vec![p]);
        let paths = match &self.purpose {
            Purpose::Open(_) => dialog.set_title("Open benchmark results").pick_files(),
            Purpose::OpenWorkspace => one(dialog
                .set_title("Open workspace")
                .add_filter(workspaces.0, workspaces.1)
                .pick_file()),
            Purpose::SaveWorkspace => one(dialog
                .set_title("Save workspace")
                .add_filter(workspaces.0, workspaces.1)
                .set_file_name(format!("{name}.{}", workspace::EXTENSION))
                .save_file()),
            Purpose::ExportReport(output) => one(dialog
                .set_title("Export report")
                .set_file_name(format!("{name}-report.{}", output.extension()))
                .save_file()),
            Purpose::ExportChart { file_name } => one(dialog
                .set_title("Export chart as PNG")
                .set_file_name(file_name)
                .save_file()),
            Purpose::Locate(_) => one(dialog.set_title("Where is this file now?").pick_file()),
        };
        vec![Command::DialogAnswered(Answer {
            purpose: self.purpose,
            paths,
            open_for: started.elapsed(),
        })]
    }
}
