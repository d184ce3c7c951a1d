//! The application: its kept state, its transient jobs, the frame loop that lays out
//! the panels, and [`GatebenchApp::apply`], where every command the panels return is
//! carried out.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use super::commands::{Command, UiCommand};
use super::jobs::Executor;
use super::loader::Loader;
use super::runs_table::RunsTable;
use super::state::{AppState, Tab, Theme};
use super::{comparison_panel, errors_panel};
use crate::analysis::run_set::RunSet;
use crate::import::hlog::TimeUnit;
use crate::import::{self, Format};
use crate::model::Run;
use crate::render::export::{self, ExportOptions, Exporter};

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

/// Paths chosen in the open dialog, and how long the dialog was open.
type DialogResult = (Option<Vec<PathBuf>>, Duration);

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
    /// The open dialog, which runs on its own thread, and the format chosen with
    /// File > Open as for the files it returns.
    dialog: Option<(Receiver<DialogResult>, import::Options)>,
    /// A chart export under way.
    export: Option<Receiver<ExportResult>>,
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
                self.open_dialog(ctx, options)
            }
            Command::OpenHlog(unit) => {
                let options = import::Options {
                    format: Format::by_id("hlog"),
                    hlog_unit: unit,
                    ..import::Options::default()
                };
                self.open_dialog(ctx, options)
            }
            Command::ShowTab(tab) => self.state.tab = tab,
            Command::SetTheme(theme) => self.state.theme = theme,
            Command::RemoveRun(i) => {
                self.runs.remove(i);
                self.runs_table.forget();
            }
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
            Command::AddRuns(runs) => self.runs.add(runs),
            Command::Notice(text) => self.notice = Some(text),
            Command::Error(text) => self.errors.push(text),
        }
    }

    fn apply_ui(&mut self, command: UiCommand, ctx: &egui::Context) {
        match command {
            UiCommand::Open => self.open_dialog(ctx, import::Options::default()),
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

    fn open_dialog(&mut self, ctx: &egui::Context, options: import::Options) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        // rfd's dialog blocks its thread until the user answers: never this one.
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let picked = rfd::FileDialog::new()
                .set_title("Open benchmark results")
                .pick_files();
            let _ = tx.send((picked, started.elapsed()));
            ctx.request_repaint();
        });
        self.dialog = Some((rx, options));
    }

    /// Takes in what the background work has finished, what was dropped on the
    /// window and the shortcuts pressed.
    fn receive(&mut self, ctx: &egui::Context) {
        for (_, result) in self.loader.poll() {
            match result {
                Ok(runs) => self.runs.add(runs),
                Err(e) => self.errors.push(e.to_string()),
            }
        }
        if let Some((rx, options)) = &self.dialog
            && let Ok((picked, open_for)) = rx.try_recv()
        {
            let options = *options;
            self.dialog = None;
            match picked {
                Some(paths) => self.open_with(paths, options, ctx),
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
        if self.loader.is_busy() || self.dialog.is_some() || self.export.is_some() {
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
                commands.extend(item(ui, UiCommand::ExportChart, results));
                commands.extend(item(ui, UiCommand::CopyChart, results));
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
        let mut commands = Vec::new();

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
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }

    /// egui's own memory (plot zoom and the like) is not kept: what matters is in
    /// [`AppState`], and a stale plot memory would fight it.
    fn persist_egui_memory(&self) -> bool {
        false
    }
}
