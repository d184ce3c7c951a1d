//! [`GatebenchApp::apply`]: the one place where commands are carried out, whether a
//! panel returned them or a background job brought them back. Every change to the
//! runs happens here.

use std::path::PathBuf;

use super::app::{GatebenchApp, Missing};
use super::commands::{CloseChoice, Command, Saved, UiCommand};
use super::jobs::dialog::{Answer, Purpose};
use super::jobs::export::{ChartTarget, ExportChart};
use super::jobs::locate::Restore;
use super::jobs::report::WriteReport;
use super::jobs::save::SaveWorkspace;
use super::state::Tab;
use crate::analysis::origin::Origin;
use crate::import;
use crate::render::export::ExportOptions;
use crate::report::{self, Output};
use crate::workspace::{self, Restored};

impl GatebenchApp {
    /// Carries out what the user asked for, or what a job brought back.
    pub fn apply(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Ui(c) => self.apply_ui(c, ctx),
            Command::OpenAs(format, settings) => {
                let options = import::Options {
                    format: Some(format),
                    settings,
                    ..import::Options::default()
                };
                self.open_dialog(ctx, Purpose::Open(options))
            }
            Command::ShowTab(tab) => self.state.tab = tab,
            Command::SetTheme(theme) => self.state.theme = theme,
            Command::RemoveRun(id) => self.runs.remove(id),
            Command::SetLabel(id, label) => {
                let taken = self.runs.runs().iter().any(|r| r.label == label);
                if !taken && !label.is_empty() {
                    self.runs.edit(id, |run| run.label = label);
                }
            }
            Command::OpenRecent(path) => self.open(vec![path], ctx),
            Command::OpenDropped(paths) => {
                self.notice = None;
                self.open(paths, ctx);
            }
            Command::Locate(source) => self.open_dialog(ctx, Purpose::Locate(source)),
            Command::Close(choice) => self.close_choice(choice, ctx),
            Command::SetIntegration(id, integration) => {
                self.runs.edit(id, |run| {
                    run.integration = integration;
                    run.inferred_from = None;
                });
            }
            Command::SetMemory(id, memory) => {
                self.runs.edit(id, |run| {
                    run.memory_mb = memory;
                    run.inferred_from = None;
                });
            }
            Command::ConfirmNames(id) => {
                self.runs.edit(id, |run| run.inferred_from = None);
            }
            Command::SetGroup(id, group) => {
                self.runs.edit(id, |run| run.group = group);
            }
            Command::SetSettings(settings) => self.state.charts.views.settings = settings,
            Command::PickBaseline(id) => self.runs.pick_baseline(id),
            Command::ExcludeWarmup(exclude) => self.runs.set_exclude_warmup(exclude),
            Command::Merge(ids) => match self.runs.merge(&ids) {
                Ok(_) => self.runs_table.selected.clear(),
                Err(e) => self.errors.push(format!("merge: {e}")),
            },
            Command::DismissError(i) => {
                if i < self.errors.len() {
                    self.errors.remove(i);
                }
            }
            Command::DismissAllErrors => self.errors.clear(),
            Command::AddUrlRuns(url, runs) => {
                let origin = |index| Origin::PowerTuningUrl {
                    url: url.clone(),
                    index,
                };
                let runs = runs.into_iter().enumerate();
                self.runs
                    .add_with(runs.map(|(i, r)| (r, origin(i))).collect());
            }
            Command::StopJob(id) => self.jobs.stop(id),
            Command::OpenHistory(db) => self.start(super::jobs::history::LoadHistory { db }, ctx),
            Command::HistoryLoaded(db, records) => self.state.history.loaded(db, records),
            Command::AddRuns(runs) => {
                self.runs.add(runs);
            }
            Command::AddMadeRuns(runs) => {
                self.runs.add_with(runs);
                self.show_sweep_chart();
            }
            Command::GeneratorsChecked(checks) => self.state.experiments.checked_generators(checks),
            Command::ExperimentFailed(why) => self.state.experiments.failure = Some(why),
            Command::GeneratorState(name, state) => {
                self.state.experiments.generator_state(&name, state)
            }
            Command::StartExperiment(start) => self.start_experiment(*start, ctx),
            Command::Notice(text) => self.notice = Some(text),
            Command::Error(text) => self.errors.push(text),
            Command::FileRead {
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
            Command::WorkspaceOpened(path, restored) => self.apply_workspace(path, *restored),
            Command::Located(restored) => self.located(*restored),
            Command::DialogAnswered(answer) => self.dialog_answered(answer, ctx),
            Command::Saved(saved) => self.saved(*saved, ctx),
            Command::SaveFailed(e) => {
                self.closing.after_save = false;
                self.errors.push(format!("save: {e}"));
            }
            Command::CopyImage(image) => {
                ctx.copy_image(image);
                self.notice = Some("Chart copied to the clipboard".into());
            }
        }
    }

    fn apply_ui(&mut self, command: UiCommand, ctx: &egui::Context) {
        match command {
            UiCommand::Open => self.open_dialog(ctx, Purpose::Open(import::Options::default())),
            UiCommand::OpenWorkspace => self.open_dialog(ctx, Purpose::OpenWorkspace),
            UiCommand::SaveWorkspace => match self.workspace_path.clone() {
                Some(path) => self.save_to(path, ctx),
                None => self.open_dialog(ctx, Purpose::SaveWorkspace),
            },
            UiCommand::SaveWorkspaceAs => self.open_dialog(ctx, Purpose::SaveWorkspace),
            UiCommand::ExportReport if self.can_report() => {
                self.open_dialog(ctx, Purpose::ExportReport(Output::Html))
            }
            UiCommand::ExportReportMarkdown if self.can_report() => {
                self.open_dialog(ctx, Purpose::ExportReport(Output::Markdown))
            }
            UiCommand::ExportReport | UiCommand::ExportReportMarkdown => {}
            UiCommand::OpenSampleData => {
                if let Some(sample) = crate::import::inputs::sample_results() {
                    self.open(vec![sample], ctx);
                }
            }
            UiCommand::ExportChart if self.can_export() => {
                let file_name = format!("{}.png", self.state.charts.chart.file_stem());
                self.open_dialog(ctx, Purpose::ExportChart { file_name })
            }
            UiCommand::CopyChart if self.can_export() => {
                self.start_export(ChartTarget::Clipboard, ctx)
            }
            UiCommand::ExportChart | UiCommand::CopyChart => {}
            UiCommand::ResetView => self.state.charts.views.reset(),
            UiCommand::RemoveAllRuns => self.runs.clear(),
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// A chart can be exported: there are runs, the results are shown, and no other
    /// export is under way.
    pub(super) fn can_export(&self) -> bool {
        !self.runs.is_empty() && self.state.tab == Tab::Results && !self.is_exporting()
    }

    /// Renders the shown chart at twice its on-screen pixel density, off the UI
    /// thread, and sends it to `target`.
    pub fn start_export(&mut self, target: ChartTarget, ctx: &egui::Context) {
        if self.is_exporting() {
            return;
        }
        let size = if self.chart_size.x > 10.0 {
            self.chart_size
        } else {
            egui::vec2(800.0, 500.0)
        };
        let job = ExportChart {
            kind: self.state.charts.chart,
            runs: self.runs.runs().to_vec(),
            baseline: self.runs.baseline(),
            views: self.state.charts.views.clone(),
            options: ExportOptions {
                width: (size.x * 2.0) as u32,
                height: (size.y * 2.0) as u32,
                scale: 2.0,
                dark: ctx.global_style().visuals.dark_mode,
            },
            target,
        };
        self.start(job, ctx);
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
        }
    }

    /// Saves the workspace to `path`, off this thread (hashing sources reads them).
    pub fn save_to(&mut self, path: PathBuf, ctx: &egui::Context) {
        if self.jobs.is_running("Saving workspace") {
            return;
        }
        let job = SaveWorkspace {
            path,
            runs: self.runs.clone(),
            kept: self.state.kept(),
        };
        self.start(job, ctx);
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
    /// Saves the tab's text to its file when it differs, reads the experiment
    /// from the file (so that the manifest's hash is the file's), and runs it.
    fn start_experiment(
        &mut self,
        start: super::experiments_panel::StartExperiment,
        ctx: &egui::Context,
    ) {
        let on_disk = std::fs::read_to_string(&start.path).ok();
        if on_disk.as_deref() != Some(start.text.as_str())
            && let Err(e) = std::fs::write(&start.path, &start.text)
        {
            self.errors
                .push(format!("{}: cannot write: {e}", start.path.display()));
            return;
        }
        match crate::experiment::read(&start.path) {
            Ok(experiment) => {
                let job = super::jobs::experiment::RunExperiment {
                    experiment,
                    settings: crate::experiment::Settings {
                        out: start.out,
                        resume: start.resume,
                    },
                };
                self.notice =
                    Some("Experiment started: each run appears in Results as it finishes".into());
                self.start(job, ctx);
            }
            Err(e) => self.errors.push(e.to_string()),
        }
    }

    fn apply_workspace(&mut self, path: PathBuf, restored: Restored) {
        self.runs.clear();
        let ids = self.runs.add_with(restored.runs);
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

    /// Shows the load curve when the runs are a sweep: the chart a sweep is read by.
    fn show_sweep_chart(&mut self) {
        if crate::analysis::sweep::is_sweep(self.runs.runs()) {
            self.state.charts.chart = crate::charts::ChartKind::LoadCurve;
        }
    }

    /// Restores the workspace again with source `source` at `path`, and adds the runs
    /// that were missing (off this thread): the answer to Locate….
    pub fn locate(&mut self, source: usize, path: PathBuf, ctx: &egui::Context) {
        let Some(missing) = &mut self.missing else {
            return;
        };
        missing.located.retain(|(i, _)| *i != source);
        missing.located.push((source, path));
        let job = Restore {
            workspace: missing.workspace.clone(),
            at: missing.path.clone(),
            located: missing.located.clone(),
        };
        self.start(job, ctx);
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

    /// A report can be written: there are runs and no other report is under way.
    pub(super) fn can_report(&self) -> bool {
        !self.runs.is_empty() && !self.jobs.is_running("Writing report")
    }

    /// Writes a report of what is shown to `path`, off this thread, with progress.
    pub fn start_report(&mut self, path: PathBuf, output: Output, ctx: &egui::Context) {
        if !self.can_report() {
            return;
        }
        let title = self
            .workspace_path
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or("gatebench report".to_owned(), |s| {
                format!("{} - gatebench report", s.to_string_lossy())
            });
        let request = report::Request {
            title,
            runs: self.runs.runs().to_vec(),
            baseline: self.runs.baseline(),
            views: self.state.charts.views.clone(),
            planner: self.state.planner.form.clone(),
            prices: self.state.planner.prices.clone(),
            history: None,
        };
        self.start(
            WriteReport {
                path,
                output,
                request,
            },
            ctx,
        );
    }

    /// The close prompt's answer.
    fn close_choice(&mut self, choice: CloseChoice, ctx: &egui::Context) {
        self.closing.asking = false;
        match choice {
            CloseChoice::SaveAndClose => {
                self.closing.after_save = true;
                match self.workspace_path.clone() {
                    Some(path) => self.save_to(path, ctx),
                    None => self.open_dialog(ctx, Purpose::SaveWorkspace),
                }
            }
            CloseChoice::Discard => {
                self.closing.allowed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            CloseChoice::Cancel => self.closing.after_save = false,
        }
    }
}
