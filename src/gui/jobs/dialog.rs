//! A native file dialog (rfd), which blocks its thread until the user answers: on a
//! thread of its own, never the window's. Its answer comes back with what it was
//! for, and how long it was open (rfd answers "nothing picked" at once when it has
//! no dialog to show).

use std::path::PathBuf;
use std::time::Instant;

use super::{Done, Job, JobContext, JobKind};
use crate::gui::vocabulary::{Answer, Purpose};
use crate::workspace;

/// The dialog for `purpose`; `name` is the analysis's name, for suggested files.
pub struct FileDialog {
    pub purpose: Purpose,
    pub name: String,
}

impl Job for FileDialog {
    fn kind(&self) -> JobKind {
        JobKind::ChoosingFiles
    }

    fn run(self: Box<Self>, _cx: &JobContext) -> Vec<Done> {
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
                .set_title("Export chart")
                .set_file_name(file_name)
                .save_file()),
            Purpose::Locate(_) => one(dialog.set_title("Where is this file now?").pick_file()),
            Purpose::ServerLogs(_) => dialog
                .set_title("Server logs of this run (access logs, a function's log)")
                .pick_files(),
        };
        vec![Done::DialogAnswered(Answer {
            purpose: self.purpose,
            paths,
            open_for: started.elapsed(),
        })]
    }
}
