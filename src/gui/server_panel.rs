//! The Results tab's "Server side": what the servers logged about the runs
//! (`docs/server-logs.md`), apart from the clients' figures: which client run each
//! log is paired with (a guess by time in italics, with *keep*), a Lambda
//! function's invocations, cold starts, timeouts and memory in words, and every
//! component's statistics. Shown only when a server-side run is loaded.

use super::commands::Command;
use crate::analysis::run_set::RunSet;
use crate::present::server;

pub fn ui(ui: &mut egui::Ui, set: &RunSet) -> Vec<Command> {
    let mut commands = Vec::new();
    let runs = set.runs();
    if !server::any(runs) {
        return commands;
    }
    let rows = server::component_rows(runs);
    // Open while it is short; an experiment's many captured logs start folded.
    let open = set.pairs().len() <= 6 || set.pairs().iter().any(|p| p.guessed);
    egui::CollapsingHeader::new("Server side")
        .default_open(open)
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(
                    "What the servers logged (docs/server-logs.md): their own time, never \
                     compared with a client's; paired with a client run, where its time went \
                     (chart: Where the time went; docs/breakdown.md).",
                )
                .weak(),
            );
            for pair in set.pairs() {
                let (Some(log), Some(client)) = (set.get(pair.server), set.get(pair.client)) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    let text = format!("{} is paired with {}", log.label, client.label);
                    if pair.guessed {
                        ui.label(egui::RichText::new(text).italics()).on_hover_text(
                            "Guessed: the log's time overlaps this run's, and no other's. \
                             Press keep to confirm it.",
                        );
                        if ui.small_button("keep").clicked() {
                            commands.push(Command::KeepPair(pair.server));
                        }
                    } else {
                        ui.label(text);
                    }
                    if ui
                        .small_button("unpair")
                        .on_hover_text("This log is not of that run")
                        .clicked()
                    {
                        commands.push(Command::Unpair(pair.server));
                    }
                });
            }
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
    commands
}
