//! The Results tab's "Server side": what the servers logged about the runs
//! (`docs/server-logs.md`), apart from the clients' figures: a Lambda function's
//! invocations, cold starts, timeouts and memory in words, and every component's
//! statistics. Shown only when a server-side run is loaded.

use crate::model::Run;
use crate::present::server;

pub fn ui(ui: &mut egui::Ui, runs: &[Run]) {
    if !server::any(runs) {
        return;
    }
    let rows = server::component_rows(runs);
    egui::CollapsingHeader::new("Server side")
        .default_open(true)
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(
                    "What the servers logged (docs/server-logs.md): their own time, never \
                     compared with a client's.",
                )
                .weak(),
            );
            for sentence in server::sentences(runs) {
                ui.label(sentence);
            }
            if rows.is_empty() {
                return;
            }
            egui::Grid::new("server components")
                .striped(true)
                .show(ui, |ui| {
                    for name in server::COMPONENT_COLUMNS {
                        ui.strong(name);
                    }
                    ui.end_row();
                    for row in rows {
                        for cell in row {
                            ui.label(cell);
                        }
                        ui.end_row();
                    }
                });
        });
}
