//! The question asked when the window closes with unsaved changes.

use std::path::Path;

use super::commands::{CloseChoice, Command};

/// A modal window: save, discard or cancel.
pub fn ui(ctx: &egui::Context, workspace: Option<&Path>) -> Option<Command> {
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("close prompt")).show(ctx, |ui| {
        ui.heading("Unsaved changes");
        let what = workspace.and_then(|p| p.file_name()).map_or(
            "This analysis is not saved in a workspace.".to_owned(),
            |n| format!("{} has unsaved changes.", n.to_string_lossy()),
        );
        ui.label(what);
        ui.label("Save them before closing?");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save and close").clicked() {
                choice = Some(CloseChoice::SaveAndClose);
            }
            if ui.button("Close without saving").clicked() {
                choice = Some(CloseChoice::Discard);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(CloseChoice::Cancel);
            }
        });
    });
    choice.map(Command::Close)
}
