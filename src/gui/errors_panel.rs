//! Import errors, kept until the user dismisses them.

use egui::{Color32, RichText};

/// Shows `errors`, each with a Dismiss button, and drops the dismissed ones.
pub fn ui(ui: &mut egui::Ui, errors: &mut Vec<String>) {
    if errors.is_empty() {
        return;
    }
    let red = if ui.visuals().dark_mode {
        Color32::from_rgb(255, 120, 110)
    } else {
        Color32::from_rgb(180, 20, 20)
    };
    let mut dismissed = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("{} file(s) could not be loaded", errors.len()))
                    .strong()
                    .color(red),
            );
            if ui.button("Dismiss all").clicked() {
                dismissed = Some(usize::MAX);
            }
        });
        egui::ScrollArea::vertical()
            .id_salt("errors")
            .max_height(90.0)
            .show(ui, |ui| {
                for (i, error) in errors.iter().enumerate() {
                    ui.horizontal(|ui| {
                        if ui.small_button("Dismiss").clicked() {
                            dismissed = Some(i);
                        }
                        ui.label(RichText::new(error).color(red));
                    });
                }
            });
    });
    match dismissed {
        Some(usize::MAX) => errors.clear(),
        Some(i) => {
            errors.remove(i);
        }
        None => {}
    }
}
