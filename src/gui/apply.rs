//! [`GatebenchApp::apply`]: the one place where the user's commands are carried
//! out; what jobs bring back is received in `receive.rs`. Every change to the runs
//! happens in one of the two.

use std::path::PathBuf;

use super::app::GatebenchApp;
use super::commands::{CloseChoice, Command, UiCommand};
use super::jobs::JobKind;
use super::jobs::experiment::RunExperiment;
use super::jobs::export::{ChartTarget, ExportChart};
use super::jobs::locate::Restore;
use super::jobs::report::WriteReport;
use super::jobs::save::SaveWorkspace;
use super::vocabulary::{Purpose, Tab};
use crate::analysis::origin::Origin;
use crate::import;
use crate::report::{self, Output};

impl GatebenchApp {
    /// Carries out what the user asked for.
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
            Command::PairServerLogs(id) => self.open_dialog(ctx, Purpose::ServerLogs(id)),
            Command::KeepPair(id) => self.runs.keep_pair(id),
            Command::Unpair(id) => self.runs.unpair(id),
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
            Command::AddRuns(runs) => {
                self.runs.add(runs);
            }
            Command::StartExperiment(start) => {
                self.notice =
                    Some("Experiment started: each run appears in Results as it finishes".into());
                self.start(RunExperiment(*start), ctx);
            }
            Command::Notice(text) => self.notice = Some(text),
            Command::Error(text) => self.errors.push(text),
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
            UiCommand::ExportChartSvg if self.can_export() => {
                let file_name = format!("{}.svg", self.state.charts.chart.file_stem());
                self.open_dialog(ctx, Purpose::ExportChart { file_name })
            }
            UiCommand::CopyChart if self.can_export() => {
                self.start_export(ChartTarget::Clipboard, ctx)
            }
            UiCommand::ExportChart | UiCommand::ExportChartSvg | UiCommand::CopyChart => {}
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

    /// Draws the shown chart as it is shown (SVG, or at twice its on-screen pixel
    /// density), off the UI thread, and sends it to `target`.
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
            size: [size.x, size.y],
            dark: ctx.global_style().visuals.dark_mode,
            target,
        };
        self.start(job, ctx);
    }

    /// Saves the workspace to `path`, off this thread (hashing sources reads them).
    pub fn save_to(&mut self, path: PathBuf, ctx: &egui::Context) {
        if self.jobs.is_running(JobKind::SavingWorkspace) {
            return;
        }
        let job = SaveWorkspace {
            path,
            runs: self.runs.clone(),
            kept: self.state.kept(),
        };
        self.start(job, ctx);
    }

    /// Shows the load curve when the runs are a sweep: the chart a sweep is read by.
    pub(super) fn show_sweep_chart(&mut self) {
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

    /// A report can be written: there are runs and no other report is under way.
    pub(super) fn can_report(&self) -> bool {
        !self.runs.is_empty() && !self.jobs.is_running(JobKind::WritingReport)
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
