//! The chart area: a tab per chart, drawn by the shared drawing function.

use crate::charts::view::{ChartViews, ViewMode};
use crate::charts::{self, ChartKind};
use crate::model::Run;

pub fn ui(
    ui: &mut egui::Ui,
    runs: &[Run],
    baseline: Option<usize>,
    kind: &mut ChartKind,
    views: &mut ChartViews,
) {
    ui.horizontal(|ui| {
        for k in ChartKind::ALL {
            ui.selectable_value(kind, k, k.title());
        }
        ui.separator();
        let changed = !views.is_default();
        if ui
            .add_enabled(changed, egui::Button::new("Reset view"))
            .on_hover_text("Show every legend entry and fit the plots to their data again")
            .clicked()
        {
            views.reset();
        }
    });
    if runs.is_empty() {
        ui.centered_and_justified(|ui| {
            ui.weak("Open result files (Ctrl+O) or drop them here");
        });
        return;
    }
    charts::draw::chart(ui, *kind, runs, baseline, views, ViewMode::Window);
}
