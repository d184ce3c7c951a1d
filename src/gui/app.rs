//! The application state and the frame loop that lays out the panels.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{Key, KeyboardShortcut, Modifiers};

use super::loader::Loader;
use super::planner_panel::PlannerPanel;
use super::runs_table::{self, MemoryEdits, RowAction};
use super::{charts_panel, comparison_panel, errors_panel};
use crate::analysis::{baseline, run_set};
use crate::charts::ChartKind;
use crate::model::Run;

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

/// The two halves of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Results,
    Planner,
}

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);

#[derive(Default)]
pub struct GatebenchApp {
    /// Every run loaded, in the order loaded.
    pub runs: Vec<Run>,
    /// Index into `runs` of the run the others are compared with.
    pub baseline: Option<usize>,
    /// True once the user picked the baseline; until then it follows the default
    /// as files arrive (they load one by one, the direct run maybe last).
    baseline_pinned: bool,
    pub chart: ChartKind,
    /// Legend entries switched off, pans and zooms: what exports reproduce.
    pub views: crate::charts::view::ChartViews,
    pub tab: Tab,
    pub planner: PlannerPanel,
    /// Import errors not yet dismissed, each naming file and line.
    pub errors: Vec<String>,
    loader: Loader,
    memory_edits: MemoryEdits,
    /// Rows ticked for merging.
    selected: std::collections::BTreeSet<usize>,
    /// Paths chosen in the open dialog, which runs on its own thread, and how long
    /// the dialog was open.
    dialog: Option<Receiver<(Option<Vec<PathBuf>>, std::time::Duration)>>,
    /// A passing message for the status bar.
    notice: Option<String>,
    /// The format chosen with File > Open as, for the files the dialog returns.
    dialog_format: Option<crate::import::Format>,
    /// A chart export under way on its own thread: what it did, or why not.
    export: Option<Receiver<Result<ChartDone, String>>>,
    /// The size of the chart area last frame, in points (exports are twice that).
    chart_size: egui::Vec2,
}

impl GatebenchApp {
    /// An app showing `runs`, with the default baseline.
    pub fn with_runs(runs: Vec<Run>) -> Self {
        let mut app = Self::default();
        app.add_runs(runs);
        app
    }

    /// Starts importing `paths` (files or folders) in the background.
    pub fn open(&mut self, paths: Vec<PathBuf>, ctx: &egui::Context) {
        self.loader.start(paths, None, ctx);
    }

    /// Like [`Self::open`], reading every file as `format` when given.
    pub fn open_as(
        &mut self,
        paths: Vec<PathBuf>,
        format: Option<crate::import::Format>,
        ctx: &egui::Context,
    ) {
        self.loader.start(paths, format, ctx);
    }

    /// True while files are being imported.
    pub fn is_loading(&self) -> bool {
        self.loader.is_busy()
    }

    pub fn add_runs(&mut self, new: Vec<Run>) {
        run_set::append_unique(&mut self.runs, new);
        if !self.baseline_pinned || self.baseline.is_none() {
            self.baseline = baseline::default_baseline(&self.runs);
        }
    }

    fn remove_run(&mut self, index: usize) {
        self.runs.remove(index);
        self.memory_edits.clear();
        self.selected.clear();
        self.baseline = match self.baseline {
            Some(b) if b == index => {
                self.baseline_pinned = false;
                baseline::default_baseline(&self.runs)
            }
            Some(b) if b > index => Some(b - 1),
            other => other,
        };
    }

    fn clear_runs(&mut self) {
        self.runs.clear();
        self.memory_edits.clear();
        self.selected.clear();
        self.baseline = None;
        self.baseline_pinned = false;
    }

    /// Merges the ticked runs into a new run (the originals stay); a refusal (runs
    /// with only percentile summaries) becomes an error message.
    pub fn merge_selected(&mut self) {
        let picked: Vec<Run> = self
            .selected
            .iter()
            .filter_map(|&i| self.runs.get(i).cloned())
            .collect();
        match crate::analysis::merge::merge(&picked) {
            Ok(run) => {
                self.selected.clear();
                self.add_runs(vec![run]);
            }
            Err(e) => self.errors.push(format!("merge: {e}")),
        }
    }

    /// Asks where to save the shown chart, then renders it there (both off this thread).
    fn export_dialog(&mut self, ctx: &egui::Context) {
        if self.export.is_some() || self.runs.is_empty() {
            return;
        }
        let name = format!("{}.png", self.chart.file_stem());
        self.start_export(ctx, move || {
            rfd::FileDialog::new()
                .set_title("Export chart as PNG")
                .set_file_name(name)
                .save_file()
                .map(ChartTarget::File)
        });
    }

    /// Renders the shown chart at twice its on-screen pixel density, on a background
    /// thread, and sends it where `choose` says (`None`: cancelled).
    pub fn start_export(
        &mut self,
        ctx: &egui::Context,
        choose: impl FnOnce() -> Option<ChartTarget> + Send + 'static,
    ) {
        if self.export.is_some() {
            return;
        }
        use crate::charts::export::{ExportOptions, Exporter};
        let (tx, rx) = channel();
        let (runs, baseline, kind) = (self.runs.clone(), self.baseline, self.chart);
        let views = self.views.clone();
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
        std::thread::spawn(move || {
            let result = match choose() {
                None => Err(String::new()),
                Some(target) => Exporter::new()
                    .and_then(|x| x.render(kind, &runs, baseline, &views, options))
                    .and_then(|image| match target {
                        ChartTarget::File(path) => crate::charts::export::write_png(&image, &path)
                            .map(|()| ChartDone::Written(path)),
                        ChartTarget::Clipboard => {
                            let size = [image.width() as usize, image.height() as usize];
                            Ok(ChartDone::Copied(egui::ColorImage::from_rgba_unmultiplied(
                                size,
                                image.as_raw(),
                            )))
                        }
                    }),
            };
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        self.export = Some(rx);
    }

    /// True while a chart export is under way.
    pub fn is_exporting(&self) -> bool {
        self.export.is_some()
    }

    fn open_dialog(&mut self, ctx: &egui::Context, format: Option<crate::import::Format>) {
        if self.dialog.is_some() {
            return;
        }
        self.dialog_format = format;
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        // rfd's dialog blocks its thread until the user answers: not this one.
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let picked = rfd::FileDialog::new()
                .set_title("Open benchmark results")
                .pick_files();
            let _ = tx.send((picked, started.elapsed()));
            ctx.request_repaint();
        });
        self.dialog = Some(rx);
    }

    /// Takes in what the background work has finished.
    fn receive(&mut self, ctx: &egui::Context) {
        for (_, result) in self.loader.poll() {
            match result {
                Ok(runs) => self.add_runs(runs),
                Err(e) => self.errors.push(e.to_string()),
            }
        }
        if let Some(rx) = &self.dialog
            && let Ok((picked, open_for)) = rx.try_recv()
        {
            self.dialog = None;
            match picked {
                Some(paths) => self.open_as(paths, self.dialog_format, ctx),
                // rfd answers "nothing picked" at once when it has no dialog to show.
                None if open_for < std::time::Duration::from_millis(300) => {
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
        if ctx.input_mut(|i| i.consume_shortcut(&OPEN)) {
            self.open_dialog(ctx, None);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&EXPORT)) && self.tab == Tab::Results {
            self.export_dialog(ctx);
        }
        if let Some(rx) = &self.export
            && let Ok(result) = rx.try_recv()
        {
            self.export = None;
            match result {
                Ok(ChartDone::Written(path)) => {
                    self.notice = Some(format!("Chart written to {}", path.display()));
                }
                Ok(ChartDone::Copied(image)) => {
                    ctx.copy_image(image);
                    self.notice = Some("Chart copied to the clipboard".into());
                }
                Err(e) if e.is_empty() => {} // cancelled
                Err(e) => self.errors.push(format!("export: {e}")),
            }
        }
        if self.loader.is_busy() || self.dialog.is_some() || self.export.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                let open =
                    egui::Button::new("Open…").shortcut_text(ui.ctx().format_shortcut(&OPEN));
                if ui.add(open).clicked() {
                    self.open_dialog(ui.ctx(), None);
                }
                let export = egui::Button::new("Export chart as PNG…")
                    .shortcut_text(ui.ctx().format_shortcut(&EXPORT));
                if ui
                    .add_enabled(!self.runs.is_empty() && self.tab == Tab::Results, export)
                    .clicked()
                {
                    self.export_dialog(ui.ctx());
                }
                if ui
                    .add_enabled(
                        !self.runs.is_empty() && self.tab == Tab::Results,
                        egui::Button::new("Copy chart to clipboard"),
                    )
                    .clicked()
                {
                    let ctx = ui.ctx().clone();
                    self.start_export(&ctx, || Some(ChartTarget::Clipboard));
                }
                ui.menu_button("Open as", |ui| {
                    for format in crate::import::Format::ALL {
                        if ui.button(format!("{format}…")).clicked() {
                            self.open_dialog(ui.ctx(), Some(format));
                        }
                    }
                });
                if let Some(dir) = crate::import::inputs::sample_data_dir()
                    && ui.button("Open sample data").clicked()
                {
                    self.open(vec![dir], ui.ctx());
                }
                if ui
                    .add_enabled(!self.runs.is_empty(), egui::Button::new("Remove all runs"))
                    .clicked()
                {
                    self.clear_runs();
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("View", |ui| {
                let mut theme = ui.ctx().options(|o| o.theme_preference);
                for (choice, name) in [
                    (egui::ThemePreference::System, "Follow the system theme"),
                    (egui::ThemePreference::Light, "Light theme"),
                    (egui::ThemePreference::Dark, "Dark theme"),
                ] {
                    if ui.radio_value(&mut theme, choice, name).changed() {
                        ui.ctx().set_theme(theme);
                    }
                }
            });
        });
    }

    fn status_bar(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if self.loader.is_busy() {
                let p = self.loader.progress();
                ui.spinner();
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
}

impl eframe::App for GatebenchApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.receive(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::Panel::top("tabs").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut self.tab, Tab::Results, "Results");
                ui.selectable_value(&mut self.tab, Tab::Planner, "Capacity planner");
            });
        });
        if self.tab == Tab::Planner {
            egui::CentralPanel::default().show(ui, |ui| self.planner.ui(ui, &self.runs));
            self.drop_overlay(&ctx);
            return;
        }
        egui::Panel::top("runs")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                errors_panel::ui(ui, &mut self.errors);
                if comparison_panel::ui(ui, &self.runs, &mut self.baseline) {
                    self.baseline_pinned = true;
                }
                ui.add_space(4.0);
                if !self.runs.is_empty() {
                    let n = self.selected.len();
                    let merge = egui::Button::new(format!("Merge selected ({n})"));
                    if ui
                        .add_enabled(n >= 2, merge)
                        .on_hover_text(
                            "One run from several load generators: throughput adds, latency \
                             comes from the merged histograms (per-request files only)",
                        )
                        .clicked()
                    {
                        self.merge_selected();
                    }
                }
                if let Some(RowAction::Remove(i)) = runs_table::ui(
                    ui,
                    &mut self.runs,
                    self.baseline,
                    &mut self.memory_edits,
                    &mut self.selected,
                ) {
                    self.remove_run(i);
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            self.chart_size = ui.available_size();
            let exporting = self.export.is_some();
            let action = charts_panel::ui(
                ui,
                &self.runs,
                self.baseline,
                &mut self.chart,
                &mut self.views,
                exporting,
            );
            match action {
                Some(charts_panel::ChartAction::Export) => self.export_dialog(&ctx),
                Some(charts_panel::ChartAction::Copy) => {
                    self.start_export(&ctx, || Some(ChartTarget::Clipboard))
                }
                None => {}
            }
        });
        self.drop_overlay(&ctx);
    }
}

impl GatebenchApp {
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
