//! [`GatebenchApp::receive`]: what background jobs bring back ([`Done`]), taken in
//! one place, as the user's commands are carried out in `apply.rs`.

use std::path::PathBuf;

use super::app::{GatebenchApp, Missing};
use super::jobs::Done;
use super::jobs::export::ChartTarget;
use super::jobs::save::Saved;
use super::vocabulary::{Answer, Purpose};
use crate::workspace::{self, Restored};

impl GatebenchApp {
    /// Takes what a job brought back.
    pub fn receive(&mut self, done: Done, ctx: &egui::Context) {
        match done {
            Done::HistoryLoaded(db, records) => self.state.history.loaded(db, records),
            Done::MadeRuns(runs) => {
                self.runs.add_with(runs);
                self.show_sweep_chart();
            }
            Done::GeneratorsChecked(checks) => self.state.experiments.checked_generators(checks),
            Done::ExperimentFailed(why) => self.state.experiments.failure = Some(why),
            Done::GeneratorState(name, state) => {
                self.state.experiments.generator_state(&name, state)
            }
            Done::Notice(text) => self.notice = Some(text),
            Done::Error(text) => self.errors.push(text),
            Done::FileRead {
                path,
                options,
                runs,
            } => {
                // Files opened into an untouched analysis leave nothing unsaved.
                let clean =
                    self.workspace_path.is_none() && (self.runs.is_empty() || !self.is_dirty());
                // What reading warned about (a JTL cut short), shown with the errors.
                for w in runs.iter().flat_map(|r| &r.warnings) {
                    let line = format!("warning: {w}");
                    if !self.errors.contains(&line) {
                        self.errors.push(line);
                    }
                }
                self.runs.add_file(&path, &options, runs);
                if clean {
                    self.show_sweep_chart();
                    self.mark_saved();
                }
            }
            Done::ServerLogRead {
                client,
                path,
                options,
                runs,
            } => {
                for server in self.runs.add_file(&path, &options, runs) {
                    self.runs.pair(client, server, false);
                }
            }
            Done::WorkspaceOpened(path, restored) => self.apply_workspace(path, *restored),
            Done::Located(restored) => self.located(*restored),
            Done::DialogAnswered(answer) => self.dialog_answered(answer, ctx),
            Done::Saved(saved) => self.saved(*saved, ctx),
            Done::SaveFailed(e) => {
                self.closing.after_save = false;
                self.errors.push(format!("save: {e}"));
            }
            Done::CopyImage(image) => {
                ctx.copy_image(image);
                self.notice = Some("Chart copied to the clipboard".into());
            }
        }
    }

    /// Carries out what a file dialog answered.
    fn dialog_answered(&mut self, answer: Answer, ctx: &egui::Context) {
        if answer.no_dialog() {
            self.notice = Some(
                "No file dialog could be shown (it needs xdg-desktop-portal or zenity): \
                 drop files on the window, or run `gatebench open FILES`"
                    .into(),
            );
        }
        let Some(paths) = answer.paths else {
            if answer.purpose == Purpose::SaveWorkspace {
                self.closing.after_save = false;
            }
            return;
        };
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match answer.purpose {
            Purpose::Open(options) => self.open_with(paths, options, ctx),
            Purpose::OpenWorkspace => self.open(paths, ctx),
            Purpose::SaveWorkspace => {
                let path = if first.extension().is_some_and(|e| e == workspace::EXTENSION) {
                    first
                } else {
                    first.with_extension(workspace::EXTENSION)
                };
                self.save_to(path, ctx);
            }
            Purpose::ExportReport(output) => self.start_report(first, output, ctx),
            Purpose::ExportChart { .. } => self.start_export(ChartTarget::File(first), ctx),
            Purpose::Locate(source) => self.locate(source, first, ctx),
            Purpose::ServerLogs(client) => self.start(
                super::jobs::server_logs::ReadServerLogs {
                    client,
                    files: paths,
                },
                ctx,
            ),
        }
    }

    fn saved(&mut self, saved: Saved, ctx: &egui::Context) {
        let path = saved.path;
        self.notice = Some(if saved.dropped.is_empty() {
            format!("Workspace saved to {}", path.display())
        } else {
            format!(
                "Workspace saved to {}, without {} (made without a file)",
                path.display(),
                saved.dropped.join(", ")
            )
        });
        self.state.session.opened(&path);
        self.workspace_path = Some(path);
        self.saved = Some((saved.revision, saved.kept));
        if self.closing.after_save {
            self.closing.allowed = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Puts a restored workspace in place of what is shown; its problems join the
    /// errors, and its missing sources can be pointed to.
    fn apply_workspace(&mut self, path: PathBuf, restored: Restored) {
        self.runs.clear();
        let ids = self.runs.add_restored(restored.runs, &restored.pairs);
        if let Some(&id) = restored.baseline.and_then(|b| ids.get(b)) {
            self.runs.pick_baseline(id);
        }
        self.state.restore(&restored.workspace);
        if restored.workspace.window.is_null() {
            // A workspace without the window's state (`gatebench run` writes one)
            // opens on the chart its runs call for.
            self.show_sweep_chart();
        }
        let messages: Vec<String> = restored
            .problems
            .iter()
            .map(|p| format!("{}: {p}", path.display()))
            .collect();
        self.errors.extend(messages.iter().cloned());
        // What reading its sources warned about (a JTL cut short), once each.
        for w in self.runs.runs().iter().flat_map(|r| &r.warnings) {
            let line = format!("warning: {w}");
            if !self.errors.contains(&line) {
                self.errors.push(line);
            }
        }
        let sources = Missing::sources_of(&restored.problems);
        self.missing = (!sources.is_empty()).then(|| Missing {
            path: path.clone(),
            workspace: restored.workspace,
            located: Vec::new(),
            skipped: restored.skipped,
            sources,
            messages,
        });
        self.state.session.opened(&path);
        self.workspace_path = Some(path);
        self.mark_saved();
    }

    fn located(&mut self, restored: Restored) {
        let Some(missing) = &mut self.missing else {
            return;
        };
        let mut new = Vec::new();
        for ((run, origin), entry) in restored.runs.into_iter().zip(&restored.entries) {
            if missing.skipped.contains(entry) {
                new.push((run, origin));
            }
        }
        missing.skipped = restored.skipped;
        missing.sources = Missing::sources_of(&restored.problems);
        let found = new.len();
        // The problems of this restore replace those of the last.
        self.errors.retain(|e| !missing.messages.contains(e));
        missing.messages = restored
            .problems
            .iter()
            .map(|p| format!("{}: {p}", missing.path.display()))
            .collect();
        self.errors.extend(missing.messages.iter().cloned());
        if missing.sources.is_empty() {
            self.missing = None;
        }
        self.runs.add_with(new);
        self.notice = Some(format!("{found} run(s) restored from the file pointed to"));
    }
}
