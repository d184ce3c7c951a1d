//! Import errors, kept until the user dismisses them.

use egui::RichText;

use super::commands::Command;

/// Shows `errors`, each with a Dismiss button, in the theme's error colour.
pub fn ui(ui: &mut egui::Ui, errors: &[String]) -> Option<Command> {
    if errors.is_empty() {
        return None;
    }
    let red = ui.visuals().error_fg_color;
    let mut command = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("{} file(s) could not be loaded", errors.len()))
                    .strong()
                    .color(red),
            );
            if ui.button("Dismiss all").clicked() {
                command = Some(Command::DismissAllErrors);
            }
        });
        egui::ScrollArea::vertical()
            .id_salt("errors")
            .max_height(90.0)
            .show(ui, |ui| {
                for (i, error) in errors.iter().enumerate() {
                    ui.horizontal(|ui| {
                        if ui.small_button("Dismiss").clicked() {
                            command = Some(Command::DismissError(i));
                        }
                        ui.label(RichText::new(error).color(red));
                    });
                }
            });
    });
    command
}
