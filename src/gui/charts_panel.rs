//! The chart area: a tab per chart, drawn by the shared drawing function.

use crate::charts::{self, ChartKind};
use crate::model::Run;

pub fn ui(ui: &mut egui::Ui, runs: &[Run], baseline: Option<usize>, kind: &mut ChartKind) {
    ui.horizontal(|ui| {
        for k in ChartKind::ALL {
            ui.selectable_value(kind, k, k.title());
        }
    });
    if runs.is_empty() {
        ui.centered_and_justified(|ui| {
            ui.weak("Open result files (Ctrl+O) or drop them here");
        });
        return;
    }
    use charts::run_charts;
    match kind {
        ChartKind::Spectrum => {
            charts::draw::line_chart(ui, "spectrum", &run_charts::spectrum(runs))
        }
        ChartKind::TimeSeries => {
            let data = run_charts::time_series(runs);
            if data.lines.is_empty() {
                ui.weak("No run has a time series: open per-request files (JTL, hey/oha/vegeta/k6 CSV, ab -g) or a Locust history.");
            } else {
                charts::draw::line_chart(ui, "time series", &data);
            }
        }
        ChartKind::MemoryTiers => {
            if run_charts::tier_points(runs).is_empty() {
                ui.weak("No run has a Lambda memory tier: set one in the table (Memory column).");
                return;
            }
            ui.columns(2, |cols| {
                charts::draw::line_chart(
                    &mut cols[0],
                    "tiers throughput",
                    &run_charts::tiers_throughput(runs),
                );
                charts::draw::line_chart(
                    &mut cols[1],
                    "tiers latency",
                    &run_charts::tiers_latency(runs),
                );
            });
        }
        _ => {
            if let Some(data) = charts::build(*kind, runs, baseline) {
                charts::draw::bar_chart(ui, kind.title(), &data);
            }
        }
    }
}
