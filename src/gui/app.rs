//! The application: its kept state, its transient jobs, the frame loop that lays out
//! the panels, and [`GatebenchApp::apply`], where every command the panels return is
//! carried out.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use super::commands::{CloseChoice, Command, UiCommand};
use super::jobs::Executor;
use super::loader::{Loaded, Loader};
use super::runs_table::RunsTable;
use super::state::{AppState, Tab, Theme};
use super::{comparison_panel, errors_panel};
use crate::analysis::origin::Origin;
use crate::analysis::run_set::RunSet;
use crate::import::hlog::TimeUnit;
use crate::import::{self, Format};
use crate::model::Run;
use crate::render::export::{self, ExportOptions, Exporter};
use crate::report::{self, Output};
use crate::workspace::{self, Restored};

/// Where a rendered chart goes.
pub enum ChartTarget {
    File(PathBuf),
    Clipboard,
}

/// What a finished chart export did.
enum ChartDone {
    Written(PathBuf),
    Copied(egui::ColorImage),
}

/// A chart export's answer: done, cancelled (`Ok(None)`), or why it failed.
type ExportResult = Result<Option<ChartDone>, String>;

/// Paths chosen in a file dialog, and how long the dialog was open.
type DialogResult = (Option<Vec<PathBuf>>, Duration);

/// What a file dialog is for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Purpose {
    /// Result files (or workspaces), read as these options say.
    Open(import::Options),
    OpenWorkspace,
    SaveWorkspace,
    ExportReport(Output),
    /// The new place of a workspace's missing source.
    Locate(usize),
}

/// A saved workspace: where, what it held, and the runs it could not keep.
type SaveResult = Result<(PathBuf, String, Vec<String>), String>;

/// What a report being written says.
enum ReportEvent {
    /// This many charts are drawn.
    Charts(usize),
    Done(Result<Vec<PathBuf>, String>),
}

/// A report being written, with its progress.
struct ReportJob {
    rx: Receiver<ReportEvent>,
    charts_done: usize,
    charts: usize,
}

/// A workspace whose sources were not all found: what the user can point to.
#[derive(Debug)]
pub struct Missing {
    pub path: PathBuf,
    pub workspace: workspace::Workspace,
    /// Sources found elsewhere by the user, by index.
    pub located: Vec<(usize, PathBuf)>,
    /// Entries of `workspace.runs` not restored yet.
    pub skipped: Vec<usize>,
    /// Sources missing, with where they were looked for.
    pub sources: Vec<(usize, PathBuf)>,
    /// The errors the restore added, taken back when a later restore replaces them.
    messages: Vec<String>,
}

impl Missing {
    /// The sources `problems` call missing, with where they were looked for.
    fn sources_of(problems: &[workspace::Problem]) -> Vec<(usize, PathBuf)> {
        problems
            .iter()
            .filter_map(|p| match p {
                workspace::Problem::Missing { source, path, .. } => Some((*source, path.clone())),
                _ => None,
            })
            .collect()
    }
}

/// The close prompt's state.
#[derive(Debug, Default)]
struct Closing {
    /// The prompt is shown.
    asking: bool,
    /// The user chose to close: let the next close request through.
    allowed: bool,
    /// Close once the save under way has finished.
    after_save: bool,
}

#[derive(Default)]
pub struct GatebenchApp {
    /// What is kept between sessions.
    pub state: AppState,
    /// Every run loaded, and the baseline.
    runs: RunSet,
    runs_table: RunsTable,
    /// Import errors not yet dismissed, each naming file and line.
    pub errors: Vec<String>,
    /// A passing message for the status bar.
    notice: Option<String>,
    /// Where imports and exports run.
    executor: Executor,
    loader: Loader,
    /// A file dialog, which runs on its own thread, and what it is for.
    dialog: Option<(Receiver<DialogResult>, Purpose)>,
    /// A chart export under way.
    export: Option<Receiver<ExportResult>>,
    /// The workspace file of this analysis, once opened or saved.
    workspace_path: Option<PathBuf>,
    /// The fingerprint of what was last opened or saved: unsaved changes differ.
    saved: String,
    /// A workspace save under way.
    saving: Option<Receiver<SaveResult>>,
    /// A report being written.
    report: Option<ReportJob>,
    /// Sources of the open workspace that were not found.
    pub missing: Option<Missing>,
    /// The workspace restored again with a located source.
    locating: Option<Receiver<Box<Restored>>>,
    closing: Closing,
    /// The window title last set.
    title: String,
    /// The size of the chart area last frame, in points (exports are twice that).
    chart_size: egui::Vec2,
    /// The theme last handed to egui.
    theme_applied: Option<Theme>,
}

impl GatebenchApp {
    /// An app showing `runs`, with the default baseline.
    pub fn with_runs(runs: Vec<Run>) -> Self {
        let mut app = Self::default();
        app.runs.add(runs);
        app
    }

    /// The app with what the last session kept, if eframe has it.
    pub fn restored(cc: &eframe::CreationContext<'_>) -> Self {
        let state = cc
            .storage
            .and_then(|s| eframe::get_value::<AppState>(s, eframe::APP_KEY))
            .unwrap_or_default();
        GatebenchApp {
            state,
            ..Self::default()
        }
    }

    /// Runs imports and exports before they return, for tests: no waiting.
    pub fn inline(mut self) -> Self {
        self.executor = Executor::Inline;
        self.loader.executor = Executor::Inline;
        self
    }

    pub fn runs(&self) -> &[Run] {
        self.runs.runs()
    }

    /// The index of the baseline run.
    pub fn baseline(&self) -> Option<usize> {
        self.runs.baseline()
    }

    /// Starts importing `paths` (files or folders).
    pub fn open(&mut self, paths: Vec<PathBuf>, ctx: &egui::Context) {
        self.open_with(paths, import::Options::default(), ctx);
    }

    /// Like [`Self::open`], reading every file as `format` when given.
    pub fn open_as(&mut self, paths: Vec<PathBuf>, format: Option<Format>, ctx: &egui::Context) {
        let options = import::Options {
            format,
            ..import::Options::default()
        };
        self.open_with(paths, options, ctx);
    }

    /// Like [`Self::open`], reading the files as `options` say.
    pub fn open_with(
        &mut self,
        paths: Vec<PathBuf>,
        options: import::Options,
        ctx: &egui::Context,
    ) {
        // What the user named (a folder as a folder), not every file in it.
        for path in &paths {
            self.state.session.opened(path);
        }
        self.loader.start(paths, options, ctx);
    }

    /// True while files are being imported.
    pub fn is_loading(&self) -> bool {
        self.loader.is_busy()
    }

    /// True while a chart export is under way.
    pub fn is_exporting(&self) -> bool {
        self.export.is_some()
    }

    /// Carries out what the user asked for.
    pub fn apply(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Ui(c) => self.apply_ui(c, ctx),
            Command::OpenAs(format) => {
                let options = import::Options {
                    format: Some(format),
                    ..import::Options::default()
                };
                self.open_dialog(ctx, Purpose::Open(options))
            }
            Command::OpenHlog(unit) => {
                let options = import::Options {
                    format: Format::by_id("hlog"),
                    hlog_unit: unit,
                    ..import::Options::default()
                };
                self.open_dialog(ctx, Purpose::Open(options))
            }
            Command::ShowTab(tab) => self.state.tab = tab,
            Command::SetTheme(theme) => self.state.theme = theme,
            Command::RemoveRun(i) => {
                self.runs.remove(i);
                self.runs_table.forget();
            }
            Command::SetLabel(i, label) => {
                let taken = self.runs.runs().iter().any(|r| r.label == label);
                if let (false, Some(run)) = (taken || label.is_empty(), self.runs.get_mut(i)) {
                    run.label = label;
                }
            }
            Command::OpenRecent(path) => self.open(vec![path], ctx),
            Command::Locate(source) => self.open_dialog(ctx, Purpose::Locate(source)),
            Command::Close(choice) => self.close_choice(choice, ctx),
            Command::SetIntegration(i, integration) => {
                if let Some(run) = self.runs.get_mut(i) {
                    run.integration = integration;
                }
            }
            Command::SetMemory(i, memory) => {
                if let Some(run) = self.runs.get_mut(i) {
                    run.memory_mb = memory;
                }
            }
            Command::SetGroup(i, group) => {
                if let Some(run) = self.runs.get_mut(i) {
                    run.group = group;
                }
            }
            Command::SetSettings(settings) => self.state.charts.views.settings = settings,
            Command::PickBaseline(i) => self.runs.pick_baseline(i),
            Command::Merge(indices) => match self.runs.merge(&indices) {
                Ok(()) => self.runs_table.selected.clear(),
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
                if let Some(dir) = crate::import::inputs::sample_data_dir() {
                    self.open(vec![dir], ctx);
                }
            }
            UiCommand::ExportChart if self.can_export() => self.export_dialog(ctx),
            UiCommand::CopyChart if self.can_export() => {
                self.start_export(ctx, || Some(ChartTarget::Clipboard))
            }
            UiCommand::ExportChart | UiCommand::CopyChart => {}
            UiCommand::ResetView => self.state.charts.views.reset(),
            UiCommand::RemoveAllRuns => {
                self.runs.clear();
                self.runs_table.forget();
            }
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// A chart can be exported: there are runs, the results are shown, and no other
    /// export is under way.
    fn can_export(&self) -> bool {
        !self.runs.is_empty() && self.state.tab == Tab::Results && self.export.is_none()
    }

    /// Asks where to save the shown chart, then renders it there (both off this thread).
    fn export_dialog(&mut self, ctx: &egui::Context) {
        let name = format!("{}.png", self.state.charts.chart.file_stem());
        self.start_export(ctx, move || {
            rfd::FileDialog::new()
                .set_title("Export chart as PNG")
                .set_file_name(name)
                .save_file()
                .map(ChartTarget::File)
        });
    }

    /// Renders the shown chart at twice its on-screen pixel density, off the UI
    /// thread, and sends it where `choose` says (`None`: cancelled).
    pub fn start_export(
        &mut self,
        ctx: &egui::Context,
        choose: impl FnOnce() -> Option<ChartTarget> + Send + 'static,
    ) {
        if self.export.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let (runs, baseline) = (self.runs.runs().to_vec(), self.runs.baseline());
        let (kind, views) = (self.state.charts.chart, self.state.charts.views.clone());
        let size = if self.chart_size.x > 10.0 {
            self.chart_size
        } else {
            egui::vec2(800.0, 500.0)
        };
        let options = ExportOptions {
            width: (size.x * 2.0) as u32,
            height: (size.y * 2.0) as u32,
            scale: 2.0,
            dark: ctx.global_style().visuals.dark_mode,
        };
        let ctx = ctx.clone();
        self.export = Some(rx);
        self.executor.spawn(move || {
            let result = choose()
                .map(|target| {
                    let image = Exporter::new()?.render(kind, &runs, baseline, &views, options)?;
                    match target {
                        ChartTarget::File(path) => {
                            export::write_png(&image, &path).map(|()| ChartDone::Written(path))
                        }
                        ChartTarget::Clipboard => {
                            let size = [image.width() as usize, image.height() as usize];
                            Ok(ChartDone::Copied(egui::ColorImage::from_rgba_unmultiplied(
                                size,
                                image.as_raw(),
                            )))
                        }
                    }
                })
                .transpose();
            let _ = tx.send(result);
            ctx.request_repaint();
        });
    }

    fn open_dialog(&mut self, ctx: &egui::Context, purpose: Purpose) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let name = self
            .workspace_path
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or("analysis".to_owned(), |s| s.to_string_lossy().into_owned());
        // rfd's dialog blocks its thread until the user answers: never this one.
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let workspaces = ("gatebench workspace", &[workspace::EXTENSION][..]);
            let dialog = rfd::FileDialog::new();
            let picked = match purpose {
                Purpose::Open(_) => dialog.set_title("Open benchmark results").pick_files(),
                Purpose::OpenWorkspace => dialog
                    .set_title("Open workspace")
                    .add_filter(workspaces.0, workspaces.1)
                    .pick_file()
                    .map(|p| vec![p]),
                Purpose::SaveWorkspace => dialog
                    .set_title("Save workspace")
                    .add_filter(workspaces.0, workspaces.1)
                    .set_file_name(format!("{name}.{}", workspace::EXTENSION))
                    .save_file()
                    .map(|p| vec![p]),
                Purpose::ExportReport(output) => {
                    let ext = match output {
                        Output::Html => "html",
                        Output::Markdown => "md",
                    };
                    dialog
                        .set_title("Export report")
                        .set_file_name(format!("{name}-report.{ext}"))
                        .save_file()
                        .map(|p| vec![p])
                }
                Purpose::Locate(_) => dialog
                    .set_title("Where is this file now?")
                    .pick_file()
                    .map(|p| vec![p]),
            };
            let _ = tx.send((picked, started.elapsed()));
            ctx.request_repaint();
        });
        self.dialog = Some((rx, purpose));
    }

    /// Carries out what a file dialog answered.
    fn dialog_answered(&mut self, purpose: Purpose, paths: Vec<PathBuf>, ctx: &egui::Context) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match purpose {
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
            Purpose::Locate(source) => self.locate(source, first, ctx),
        }
    }

    /// The parts of a workspace of what is shown now.
    fn parts(&self) -> (RunSet, workspace::Workspace) {
        let ws = workspace::Workspace {
            views: self.state.charts.views.clone(),
            planner: self.state.planner.form.clone(),
            prices: self.state.planner.prices.clone(),
            window: self.state.window(),
            ..Default::default()
        };
        (self.runs.clone(), ws)
    }

    /// What a save would write, as text: unsaved changes differ from [`Self::saved`].
    fn fingerprint(&self) -> String {
        workspace::fingerprint(&workspace::Parts {
            runs: &self.runs,
            views: &self.state.charts.views,
            planner: &self.state.planner.form,
            prices: &self.state.planner.prices,
            window: self.state.window(),
        })
    }

    /// Whether there is something a save would keep that is not saved.
    pub fn is_dirty(&self) -> bool {
        self.fingerprint() != self.saved
    }

    /// The workspace file of this analysis, once opened or saved.
    pub fn workspace_path(&self) -> Option<&PathBuf> {
        self.workspace_path.as_ref()
    }

    /// Saves the workspace to `path`, off this thread (hashing sources reads them).
    pub fn save_to(&mut self, path: PathBuf, ctx: &egui::Context) {
        if self.saving.is_some() {
            return;
        }
        let fingerprint = self.fingerprint();
        let (set, ws) = self.parts();
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        self.saving = Some(rx);
        self.executor.spawn(move || {
            let parts = workspace::Parts {
                runs: &set,
                views: &ws.views,
                planner: &ws.planner,
                prices: &ws.prices,
                window: ws.window.clone(),
            };
            let result = workspace::capture(parts, &path)
                .and_then(|(ws, dropped)| {
                    workspace::write_atomic(&path, workspace::to_text(&ws).as_bytes())
                        .map(|()| (path, fingerprint, dropped))
                })
                .map_err(|e| e.to_string());
            let _ = tx.send(result);
            ctx.request_repaint();
        });
    }

    fn saved(&mut self, result: SaveResult, ctx: &egui::Context) {
        match result {
            Ok((path, fingerprint, dropped)) => {
                self.notice = Some(if dropped.is_empty() {
                    format!("Workspace saved to {}", path.display())
                } else {
                    format!(
                        "Workspace saved to {}, without {} (made without a file)",
                        path.display(),
                        dropped.join(", ")
                    )
                });
                self.state.session.opened(&path);
                self.workspace_path = Some(path);
                self.saved = fingerprint;
                if self.closing.after_save {
                    self.closing.allowed = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Err(e) => {
                self.closing.after_save = false;
                self.errors.push(format!("save: {e}"));
            }
        }
    }

    /// Puts a restored workspace in place of what is shown; its problems join the
    /// errors, and its missing sources can be pointed to.
    fn apply_workspace(&mut self, path: PathBuf, restored: Restored) {
        self.runs.clear();
        self.runs_table.forget();
        let baseline = restored.baseline;
        self.runs.add_with(restored.runs);
        if let Some(b) = baseline {
            self.runs.pick_baseline(b);
        }
        self.state.restore(&restored.workspace);
        let messages: Vec<String> = restored
            .problems
            .iter()
            .map(|p| format!("{}: {p}", path.display()))
            .collect();
        self.errors.extend(messages.iter().cloned());
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
        self.saved = self.fingerprint();
    }

    /// Restores the workspace again with source `source` at `path`, and adds the runs
    /// that were missing (off this thread): the answer to Locate….
    pub fn locate(&mut self, source: usize, path: PathBuf, ctx: &egui::Context) {
        let Some(missing) = &mut self.missing else {
            return;
        };
        missing.located.retain(|(i, _)| *i != source);
        missing.located.push((source, path));
        let (ws, at, located) = (
            missing.workspace.clone(),
            missing.path.clone(),
            missing.located.clone(),
        );
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        self.locating = Some(rx);
        self.executor.spawn(move || {
            let restored = workspace::restore(ws, &at, &located, &|_| {});
            let _ = tx.send(Box::new(restored));
            ctx.request_repaint();
        });
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
    fn can_report(&self) -> bool {
        !self.runs.is_empty() && self.report.is_none()
    }

    /// Writes a report of what is shown to `path`, off this thread, with progress.
    pub fn start_report(&mut self, path: PathBuf, output: Output, ctx: &egui::Context) {
        if self.report.is_some() {
            return;
        }
        let (runs, baseline) = (self.runs.runs().to_vec(), self.runs.baseline());
        let views = self.state.charts.views.clone();
        let (planner, prices) = (
            self.state.planner.form.clone(),
            self.state.planner.prices.clone(),
        );
        let title = self
            .workspace_path
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or("gatebench report".to_owned(), |s| {
                format!("{} - gatebench report", s.to_string_lossy())
            });
        let kinds = report::chart_kinds(&runs);
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        self.report = Some(ReportJob {
            rx,
            charts_done: 0,
            charts: kinds.len(),
        });
        self.executor.spawn(move || {
            let progress = |n: usize| {
                let _ = tx.send(ReportEvent::Charts(n));
                ctx.request_repaint();
            };
            let result = export::png_charts(
                &kinds,
                &runs,
                baseline,
                &views,
                export::REPORT_CHARTS,
                &progress,
            )
            .and_then(|pngs| {
                let doc = report::document(report::ReportInput {
                    title: &title,
                    runs: &runs,
                    baseline,
                    settings: views.settings,
                    planner: &planner,
                    prices: &prices,
                    charts: pngs.into_iter().map(report::Chart::from).collect(),
                    charts_missing: None,
                });
                report::write(&doc, &path, output).map_err(|e| e.to_string())
            });
            let _ = tx.send(ReportEvent::Done(result));
            ctx.request_repaint();
        });
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

    /// Holds a close request back while there are unsaved changes, and asks.
    fn guard_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.closing.allowed
            && !self.runs.is_empty()
            && self.is_dirty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.closing.asking = true;
        }
    }

    /// "name.gatebench* - gatebench": the workspace, and a star for unsaved changes.
    pub fn window_title(&self) -> String {
        let name = self
            .workspace_path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or("Untitled".to_owned(), |n| n.to_string_lossy().into_owned());
        let star = if !self.runs.is_empty() && self.is_dirty() {
            "*"
        } else {
            ""
        };
        format!("{name}{star} - gatebench")
    }

    /// Takes in what the background work has finished, what was dropped on the
    /// window and the shortcuts pressed.
    fn receive(&mut self, ctx: &egui::Context) {
        for loaded in self.loader.poll() {
            match loaded {
                Loaded::Runs {
                    path,
                    options,
                    result: Ok(runs),
                } => {
                    // Files opened into an untouched analysis leave nothing unsaved.
                    let clean =
                        self.workspace_path.is_none() && (self.runs.is_empty() || !self.is_dirty());
                    self.runs.add_file(&path, options, runs);
                    if clean {
                        self.saved = self.fingerprint();
                    }
                }
                Loaded::Workspace {
                    path,
                    result: Ok(restored),
                } => self.apply_workspace(path, *restored),
                Loaded::Runs { result: Err(e), .. } | Loaded::Workspace { result: Err(e), .. } => {
                    self.errors.push(e.to_string())
                }
            }
        }
        if let Some(rx) = &self.saving
            && let Ok(result) = rx.try_recv()
        {
            self.saving = None;
            self.saved(result, ctx);
        }
        if let Some(rx) = &self.locating
            && let Ok(restored) = rx.try_recv()
        {
            self.locating = None;
            self.located(*restored);
        }
        if let Some(job) = &mut self.report {
            while let Ok(event) = job.rx.try_recv() {
                match event {
                    ReportEvent::Charts(n) => job.charts_done = n,
                    ReportEvent::Done(result) => {
                        self.report = None;
                        match result {
                            Ok(files) => {
                                self.notice = Some(format!(
                                    "Report written to {}",
                                    files
                                        .first()
                                        .map(|f| f.display().to_string())
                                        .unwrap_or_default()
                                ))
                            }
                            Err(e) => self.errors.push(format!("report: {e}")),
                        }
                        break;
                    }
                }
            }
        }
        if let Some((rx, purpose)) = &self.dialog
            && let Ok((picked, open_for)) = rx.try_recv()
        {
            let purpose = *purpose;
            self.dialog = None;
            if picked.is_none() && purpose == Purpose::SaveWorkspace {
                self.closing.after_save = false;
            }
            match picked {
                Some(paths) => self.dialog_answered(purpose, paths, ctx),
                // rfd answers "nothing picked" at once when it has no dialog to show.
                None if open_for < Duration::from_millis(300) => {
                    self.notice = Some(
                        "No file dialog could be shown (it needs xdg-desktop-portal or zenity): \
                         drop files on the window, or run `gatebench open FILES`"
                            .into(),
                    );
                }
                None => {}
            }
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            self.notice = None;
            self.open(dropped, ctx);
        }
        for c in UiCommand::pressed(ctx) {
            self.apply_ui(c, ctx);
        }
        if let Some(rx) = &self.export
            && let Ok(result) = rx.try_recv()
        {
            self.export = None;
            match result {
                Ok(Some(ChartDone::Written(path))) => {
                    self.notice = Some(format!("Chart written to {}", path.display()));
                }
                Ok(Some(ChartDone::Copied(image))) => {
                    ctx.copy_image(image);
                    self.notice = Some("Chart copied to the clipboard".into());
                }
                Ok(None) => {} // cancelled
                Err(e) => self.errors.push(format!("export: {e}")),
            }
        }
        if self.loader.is_busy()
            || self.dialog.is_some()
            || self.export.is_some()
            || self.saving.is_some()
            || self.report.is_some()
            || self.locating.is_some()
        {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn menu_bar(&self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let results = !self.runs.is_empty() && self.state.tab == Tab::Results;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                let item = |ui: &mut egui::Ui, c: UiCommand, enabled: bool| {
                    c.button(ui, c.label(), enabled).then_some(Command::Ui(c))
                };
                commands.extend(item(ui, UiCommand::Open, true));
                commands.extend(item(ui, UiCommand::OpenWorkspace, true));
                ui.add_enabled_ui(!self.state.session.recent.is_empty(), |ui| {
                    ui.menu_button("Open recent", |ui| {
                        for path in &self.state.session.recent {
                            let name = path.file_name().map_or(path.display().to_string(), |n| {
                                n.to_string_lossy().into_owned()
                            });
                            if ui
                                .button(name)
                                .on_hover_text(path.display().to_string())
                                .clicked()
                            {
                                commands.push(Command::OpenRecent(path.clone()));
                            }
                        }
                    });
                });
                ui.separator();
                let busy = self.saving.is_some();
                commands.extend(item(ui, UiCommand::SaveWorkspace, !busy));
                commands.extend(item(ui, UiCommand::SaveWorkspaceAs, !busy));
                ui.separator();
                let report = self.can_report();
                commands.extend(item(ui, UiCommand::ExportReport, report));
                commands.extend(item(ui, UiCommand::ExportReportMarkdown, report));
                commands.extend(item(ui, UiCommand::ExportChart, results));
                commands.extend(item(ui, UiCommand::CopyChart, results));
                ui.separator();
                ui.menu_button("Open as", |ui| {
                    for format in Format::all() {
                        if format.id() == "hlog" {
                            // Logs do not say their unit: the user does.
                            ui.menu_button(format.to_string(), |ui| {
                                for (unit, name) in [
                                    (
                                        TimeUnit::Microseconds,
                                        "values in microseconds (most tools)…",
                                    ),
                                    (TimeUnit::Nanoseconds, "values in nanoseconds…"),
                                    (TimeUnit::Milliseconds, "values in milliseconds…"),
                                ] {
                                    if ui.button(name).clicked() {
                                        commands.push(Command::OpenHlog(unit));
                                    }
                                }
                            });
                        } else if ui.button(format!("{format}…")).clicked() {
                            commands.push(Command::OpenAs(format));
                        }
                    }
                });
                let sample = crate::import::inputs::sample_data_dir().is_some();
                commands.extend(item(ui, UiCommand::OpenSampleData, sample));
                commands.extend(item(ui, UiCommand::RemoveAllRuns, !self.runs.is_empty()));
                ui.separator();
                commands.extend(item(ui, UiCommand::Quit, true));
            });
            ui.menu_button("View", |ui| {
                for theme in Theme::ALL {
                    if ui.radio(self.state.theme == theme, theme.label()).clicked() {
                        commands.push(Command::SetTheme(theme));
                    }
                }
            });
        });
        commands
    }

    fn status_bar(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if self.loader.is_busy() {
                let p = self.loader.progress();
                // No spinner: it repaints without end, and the bar moves anyway.
                let name = p
                    .current
                    .as_ref()
                    .and_then(|c| c.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                ui.add(
                    egui::ProgressBar::new(
                        (p.done as f32 + p.current_fraction) / p.total.max(1) as f32,
                    )
                    .desired_width(200.0)
                    .text(format!(
                        "Loading {} of {} {name}",
                        p.done + 1,
                        p.total
                    )),
                );
            } else if let Some(job) = &self.report {
                ui.add(
                    egui::ProgressBar::new(job.charts_done as f32 / (job.charts + 1) as f32)
                        .desired_width(200.0)
                        .text(format!(
                            "Writing report: chart {} of {}",
                            (job.charts_done + 1).min(job.charts),
                            job.charts
                        )),
                );
            } else if self.saving.is_some() {
                ui.label("Saving workspace…");
            } else if self.locating.is_some() {
                ui.label("Reading the file pointed to…");
            } else if self.dialog.is_some() {
                ui.label("Choosing files…");
            } else {
                ui.label(format!("{} run(s) loaded", self.runs.len()));
            }
            if let Some(notice) = &self.notice {
                ui.separator();
                ui.label(notice);
            }
        });
    }

    /// The height the runs panel starts with: every row, up to half the window, so
    /// that the first screen shows the runs and leaves the rest to the charts.
    fn runs_panel_height(&self, ctx: &egui::Context) -> f32 {
        let rows = self.runs_table.visible_rows(self.runs.runs()).max(1) as f32;
        let errors = if self.errors.is_empty() { 0.0 } else { 120.0 };
        let wanted = 96.0 + errors + 25.0 * (rows + 1.0);
        wanted.min(ctx.content_rect().height() * 0.5)
    }

    /// Darkens the window while files are dragged over it.
    fn drop_overlay(&self, ctx: &egui::Context) {
        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop overlay"),
            ));
            let rect = ctx.content_rect();
            painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop files to load them",
                egui::FontId::proportional(24.0),
                egui::Color32::WHITE,
            );
        }
    }
}

impl eframe::App for GatebenchApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if self.theme_applied != Some(self.state.theme) {
            ctx.set_theme(self.state.theme.preference());
            self.theme_applied = Some(self.state.theme);
        }
        self.receive(&ctx);
        self.guard_close(&ctx);
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        let mut commands = Vec::new();
        if self.closing.asking {
            commands.extend(super::close_prompt::ui(
                &ctx,
                self.workspace_path.as_deref(),
            ));
        }

        egui::Panel::top("menu").show(ui, |ui| commands.extend(self.menu_bar(ui)));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::Panel::top("tabs").show(ui, |ui| {
            ui.horizontal(|ui| {
                for (tab, name) in [
                    (Tab::Results, "Results"),
                    (Tab::Planner, "Capacity planner"),
                    (Tab::Advisor, "Memory advisor"),
                ] {
                    if ui.selectable_label(self.state.tab == tab, name).clicked() {
                        commands.push(Command::ShowTab(tab));
                    }
                }
            });
        });
        if self.state.tab == Tab::Planner {
            egui::CentralPanel::default()
                .show(ui, |ui| self.state.planner.ui(ui, self.runs.runs()));
        } else if self.state.tab == Tab::Advisor {
            let settings = self.state.charts.views.settings;
            let state = &mut self.state;
            egui::CentralPanel::default().show(ui, |ui| {
                commands.extend(state.advisor.ui(
                    ui,
                    self.runs.runs(),
                    &state.planner.form,
                    &state.planner.prices,
                    settings,
                ));
            });
        } else {
            let height = self.runs_panel_height(&ctx);
            // The panel is sized anew whenever the number of rows changes (its id
            // changes with it): runs arrive after the first frame, one file at a time.
            let rows = self.runs_table.visible_rows(self.runs.runs());
            egui::Panel::top(("runs", rows))
                .resizable(true)
                .default_size(height)
                .min_size(80.0)
                .show(ui, |ui| {
                    commands.extend(errors_panel::ui(ui, &self.errors));
                    if let Some(missing) = &self.missing {
                        commands.extend(super::missing_panel::ui(ui, missing));
                    }
                    let (runs, baseline) = (self.runs.runs(), self.runs.baseline());
                    let settings = self.state.charts.views.settings;
                    commands.extend(comparison_panel::ui(ui, runs, baseline, &settings));
                    ui.add_space(4.0);
                    commands.extend(self.runs_table.ui(ui, runs, baseline, &settings));
                });
            egui::CentralPanel::default().show(ui, |ui| {
                self.chart_size = ui.available_size();
                let exporting = self.export.is_some();
                let (runs, baseline) = (self.runs.runs(), self.runs.baseline());
                commands.extend(self.state.charts.ui(ui, runs, baseline, exporting));
            });
        }
        for command in commands {
            self.apply(command, &ctx);
        }
        self.drop_overlay(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let session = &mut self.state.session;
        // Absolute: the next start may run in another folder.
        let absolute = |p: &PathBuf| std::path::absolute(p).unwrap_or_else(|_| p.clone());
        session.last_workspace = self.workspace_path.as_ref().map(absolute);
        session.last_files.clear();
        if self.workspace_path.is_none() {
            for origin in self.runs.origins() {
                for (path, _) in origin.files() {
                    let path = absolute(path);
                    if !session.last_files.contains(&path) {
                        session.last_files.push(path);
                    }
                }
            }
        }
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }

    /// egui's own memory (plot zoom and the like) is not kept: what matters is in
    /// [`AppState`], and a stale plot memory would fight it.
    fn persist_egui_memory(&self) -> bool {
        false
    }
}
