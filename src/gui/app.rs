//! The application: its kept state, the loaded runs, its background jobs, and the
//! frame loop that lays out the panels. What the panels and the jobs return is
//! carried out in one place, [`GatebenchApp::apply`] (`apply.rs`).

use std::path::PathBuf;

use super::commands::{Command, UiCommand};
use super::jobs::dialog::FileDialog;
use super::jobs::load::LoadFiles;
use super::jobs::{Executor, Job, JobKind, Jobs};
use super::runs_table::RunsTable;
use super::state::{AppState, Kept};
use super::vocabulary::{Purpose, Tab, Theme};
use super::{comparison_panel, errors_panel, menu, status_bar};
use crate::analysis::run_set::RunSet;
use crate::import;
use crate::model::Run;
use crate::workspace;

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
    pub(super) messages: Vec<String>,
}

impl Missing {
    /// The sources `problems` call missing, with where they were looked for.
    pub(super) fn sources_of(problems: &[workspace::Problem]) -> Vec<(usize, PathBuf)> {
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
pub(super) struct Closing {
    /// The prompt is shown.
    pub asking: bool,
    /// The user chose to close: let the next close request through.
    pub allowed: bool,
    /// Close once the save under way has finished.
    pub after_save: bool,
}

#[derive(Default)]
pub struct GatebenchApp {
    /// What is kept between sessions.
    pub state: AppState,
    /// Every run loaded, with its id and origin, and the baseline.
    pub(super) runs: RunSet,
    pub(super) runs_table: RunsTable,
    /// Import errors not yet dismissed, each naming file and line.
    pub errors: Vec<String>,
    /// A passing message for the status bar.
    pub(super) notice: Option<String>,
    pub(super) jobs: Jobs,
    /// The workspace file of this analysis, once opened or saved.
    pub(super) workspace_path: Option<PathBuf>,
    /// What was last opened or saved: the runs' revision and the rest of what a
    /// workspace keeps. Unsaved changes differ from it.
    pub(super) saved: Option<(u64, Kept)>,
    /// Sources of the open workspace that were not found.
    pub missing: Option<Missing>,
    pub(super) closing: Closing,
    /// The window title last set.
    title: String,
    /// The size of the chart area last frame, in points (exports are twice that).
    pub(super) chart_size: egui::Vec2,
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

    /// Runs background jobs before they return, for tests: no waiting.
    pub fn inline(mut self) -> Self {
        self.jobs.executor = Executor::Inline;
        self
    }

    pub fn runs(&self) -> &[Run] {
        self.runs.runs()
    }

    /// The index of the baseline run.
    pub fn baseline(&self) -> Option<usize> {
        self.runs.baseline()
    }

    /// The chart tab shown in Results.
    pub fn chart(&self) -> crate::charts::ChartKind {
        self.state.charts.chart
    }

    /// Starts `job`; the window repaints when it has news.
    pub(super) fn start(&mut self, job: impl Job, ctx: &egui::Context) {
        let ctx = ctx.clone();
        self.jobs.start(job, move || ctx.request_repaint());
    }

    /// Starts importing `paths` (files, folders or workspaces).
    pub fn open(&mut self, paths: Vec<PathBuf>, ctx: &egui::Context) {
        self.open_with(paths, import::Options::default(), ctx);
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
        let files = import::inputs::expand(&paths);
        if !files.is_empty() {
            self.start(LoadFiles { files, options }, ctx);
        }
    }

    /// True while files are being imported.
    pub fn is_loading(&self) -> bool {
        self.jobs.is_running(JobKind::Loading)
    }

    /// True while a chart export is under way.
    pub fn is_exporting(&self) -> bool {
        self.jobs.is_running(JobKind::ExportingChart)
    }

    /// Opens a file dialog for `purpose`, unless one is open.
    pub(super) fn open_dialog(&mut self, ctx: &egui::Context, purpose: Purpose) {
        if self.jobs.is_running(JobKind::ChoosingFiles) {
            return;
        }
        let name = self
            .workspace_path
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or("analysis".to_owned(), |s| s.to_string_lossy().into_owned());
        self.start(FileDialog { purpose, name }, ctx);
    }

    /// Whether there is something a save would keep that is not saved.
    pub fn is_dirty(&self) -> bool {
        match &self.saved {
            None => true,
            Some((revision, kept)) => {
                *revision != self.runs.revision() || *kept != self.state.kept()
            }
        }
    }

    /// Takes what is shown now as saved.
    pub(super) fn mark_saved(&mut self) {
        self.saved = Some((self.runs.revision(), self.state.kept()));
    }

    /// The workspace file of this analysis, once opened or saved.
    pub fn workspace_path(&self) -> Option<&PathBuf> {
        self.workspace_path.as_ref()
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

    /// What the user did since the last frame outside the panels: the files
    /// dropped on the window and the shortcuts pressed, as commands.
    fn arrived(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut commands = Vec::new();
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            commands.push(Command::OpenDropped(dropped));
        }
        commands.extend(UiCommand::pressed(ctx).into_iter().map(Command::Ui));
        commands
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
        for done in self.jobs.poll() {
            self.receive(done, &ctx);
        }
        for command in self.arrived(&ctx) {
            self.apply(command, &ctx);
        }
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

        let shown = menu::Shown {
            has_runs: !self.runs.is_empty(),
            tab: self.state.tab,
            theme: self.state.theme,
            recent: &self.state.session.recent,
            saving: self.jobs.is_running(JobKind::SavingWorkspace),
            can_report: self.can_report(),
        };
        egui::Panel::top("menu").show(ui, |ui| commands.extend(menu::ui(&shown, ui)));
        egui::Panel::bottom("status").show(ui, |ui| {
            commands.extend(status_bar::ui(
                ui,
                &self.jobs,
                self.runs.len(),
                self.notice.as_deref(),
            ))
        });
        egui::Panel::top("tabs").show(ui, |ui| {
            ui.horizontal(|ui| {
                for (tab, name) in [
                    (Tab::Results, "Results"),
                    (Tab::Planner, "Capacity planner"),
                    (Tab::Advisor, "Memory advisor"),
                    (Tab::Experiments, "Experiments"),
                    (Tab::History, "History"),
                ] {
                    if ui.selectable_label(self.state.tab == tab, name).clicked() {
                        commands.push(Command::ShowTab(tab));
                    }
                }
            });
        });
        if self.state.tab == Tab::History {
            let loading = self.jobs.is_running(JobKind::ReadingHistory);
            let noise = self.state.charts.views.settings.noise_pct;
            let state = &mut self.state;
            egui::CentralPanel::default().show(ui, |ui| {
                commands.extend(state.history.ui(ui, noise, loading))
            });
        } else if self.state.tab == Tab::Experiments {
            let running = self.jobs.id_of(JobKind::RunningExperiment);
            let state = &mut self.state;
            egui::CentralPanel::default()
                .show(ui, |ui| commands.extend(state.experiments.ui(ui, running)));
        } else if self.state.tab == Tab::Planner {
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
                        commands.extend(super::missing_panel::ui(ui, &missing.sources));
                    }
                    let settings = self.state.charts.views.settings;
                    commands.extend(comparison_panel::ui(ui, &self.runs, &settings));
                    commands.extend(super::server_panel::ui(ui, &self.runs));
                    ui.add_space(4.0);
                    commands.extend(self.runs_table.ui(ui, &self.runs, &settings));
                });
            egui::CentralPanel::default().show(ui, |ui| {
                self.chart_size = ui.available_size();
                let exporting = self.is_exporting();
                let (runs, baseline) = (self.runs.runs(), self.runs.baseline());
                commands.extend(self.state.charts.ui(ui, runs, baseline, exporting));
            });
        }
        for command in commands {
            self.apply(command, &ctx);
        }
        if self.jobs.is_busy() {
            // Progress asks for no frame of its own.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
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
