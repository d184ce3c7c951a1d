//! The chart area: a tab per chart, drawn by the shared drawing function.

use crate::charts::view::{ChartViews, ViewMode};
use crate::charts::{self, ChartKind};
use crate::model::Run;

/// What the chart toolbar asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartAction {
    /// Save the shown chart as a PNG (through a save dialog).
    Export,
    /// Copy the shown chart to the clipboard as an image.
    Copy,
}

pub fn ui(
    ui: &mut egui::Ui,
    runs: &[Run],
    baseline: Option<usize>,
    kind: &mut ChartKind,
    views: &mut ChartViews,
    exporting: bool,
) -> Option<ChartAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        for k in ChartKind::ALL {
            ui.selectable_value(kind, k, k.title());
        }
        ui.separator();
        if matches!(
            kind,
            ChartKind::Spectrum | ChartKind::MemoryTiers | ChartKind::TimeSeries
        ) {
            ui.checkbox(&mut views.log_latency, "Log latency axis")
                .on_hover_text("Latency on a log10 axis: fast and slow runs both readable");
        }
        let changed = !views.is_default();
        if ui
            .add_enabled(changed, egui::Button::new("Reset view"))
            .on_hover_text("Show every legend entry and fit the plots to their data again")
            .clicked()
        {
            views.reset();
        }
        let ready = !runs.is_empty() && !exporting;
        if ui
            .add_enabled(ready, egui::Button::new("Export PNG…"))
            .on_hover_text("Save this chart as shown, at twice its pixel density (Ctrl+E)")
            .clicked()
        {
            action = Some(ChartAction::Export);
        }
        if ui
            .add_enabled(ready, egui::Button::new("Copy"))
            .on_hover_text("Copy this chart to the clipboard as an image")
            .clicked()
        {
            action = Some(ChartAction::Copy);
        }
    });
    if runs.is_empty() {
        ui.centered_and_justified(|ui| {
            ui.weak("Open result files (Ctrl+O) or drop them here");
        });
        return action;
    }
    charts::draw::chart(ui, *kind, runs, baseline, views, ViewMode::Window);
    action
}
