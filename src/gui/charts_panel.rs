//! The chart area: a tab per chart and its toolbar, drawn by the shared drawing
//! function.

use serde::{Deserialize, Serialize};

use super::commands::{Command, UiCommand};
use crate::charts::ChartKind;
use crate::charts::view::{ChartViews, ViewMode};
use crate::model::Run;
use crate::render;

/// The chart shown and what the user did to its plots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartsPanel {
    pub chart: ChartKind,
    /// Legend entries switched off, pans, zooms and log axes.
    pub views: ChartViews,
}

impl ChartsPanel {
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        runs: &[Run],
        baseline: Option<usize>,
        exporting: bool,
    ) -> Option<Command> {
        let mut command = None;
        ui.horizontal(|ui| {
            for k in ChartKind::ALL {
                ui.selectable_value(&mut self.chart, k, k.title());
            }
            ui.separator();
            if matches!(
                self.chart,
                ChartKind::Spectrum
                    | ChartKind::MemoryTiers
                    | ChartKind::TimeSeries
                    | ChartKind::LoadCurve
            ) {
                ui.checkbox(&mut self.views.log_latency, "Log latency axis")
                    .on_hover_text("Latency on a log10 axis: fast and slow runs both readable");
            }
            let changed = !self.views.is_default();
            for (c, enabled) in [
                (UiCommand::ResetView, changed),
                (UiCommand::ExportChart, !runs.is_empty() && !exporting),
                (UiCommand::ExportChartSvg, !runs.is_empty() && !exporting),
                (UiCommand::CopyChart, !runs.is_empty() && !exporting),
            ] {
                if c.button(ui, c.toolbar_label(), enabled) {
                    command = Some(Command::Ui(c));
                }
            }
        });
        if runs.is_empty() {
            ui.centered_and_justified(|ui| {
                ui.weak("Open result files (Ctrl+O) or drop them here");
            });
            return command;
        }
        render::draw::chart(
            ui,
            self.chart,
            runs,
            baseline,
            &mut self.views,
            ViewMode::Window,
        );
        command
    }
}
