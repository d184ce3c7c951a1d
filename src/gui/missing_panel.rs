//! The sources of an opened workspace that were not found, each with a button to
//! point to its new place.

use std::path::PathBuf;

use super::commands::Command;

/// `sources`: each missing source's index, with where it was looked for.
pub fn ui(ui: &mut egui::Ui, sources: &[(usize, PathBuf)]) -> Option<Command> {
    let mut command = None;
    for (source, path) in sources {
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(format!("Not found: {}", path.display()))
                    .color(ui.visuals().warn_fg_color),
            );
            if ui
                .button("Locate…")
                .on_hover_text("Point to where this file is now; its runs are restored")
                .clicked()
            {
                command = Some(Command::Locate(*source));
            }
        });
    }
    command
}
