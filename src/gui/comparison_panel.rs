//! The baseline picker and each run's throughput as a share of the baseline.

use crate::analysis::baseline;
use crate::model::Run;

/// Returns true when the user picked a baseline this frame.
pub fn ui(ui: &mut egui::Ui, runs: &[Run], selected: &mut Option<usize>) -> bool {
    if runs.is_empty() {
        return false;
    }
    let before = *selected;
    ui.horizontal(|ui| {
        let current = selected
            .and_then(|i| runs.get(i))
            .map_or("(none)".to_owned(), |r| r.label.clone());
        egui::ComboBox::from_label("Baseline")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (i, run) in runs.iter().enumerate() {
                    ui.selectable_value(selected, Some(i), &run.label);
                }
            });
        ui.weak("every run's throughput is shown as a percentage of this run");
    });
    let picked = *selected != before;
    let Some(base) = selected.and_then(|i| runs.get(i)) else {
        return picked;
    };
    ui.horizontal_wrapped(|ui| {
        for run in runs.iter().filter(|r| !std::ptr::eq(*r, base)) {
            ui.label(baseline::sentence(run, base));
            ui.separator();
        }
    });
    picked
}
