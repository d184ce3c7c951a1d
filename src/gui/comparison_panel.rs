//! The baseline picker and each run's throughput as a share of the baseline.

use super::commands::Command;
use crate::model::Run;
use crate::present::comparison;

/// Shows the picker and the sentences; a pick becomes [`Command::PickBaseline`].
pub fn ui(ui: &mut egui::Ui, runs: &[Run], baseline: Option<usize>) -> Option<Command> {
    if runs.is_empty() {
        return None;
    }
    let mut picked = baseline;
    ui.horizontal(|ui| {
        let current = baseline
            .and_then(|i| runs.get(i))
            .map_or("(none)".to_owned(), |r| r.label.clone());
        egui::ComboBox::from_label("Baseline")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (i, run) in runs.iter().enumerate() {
                    ui.selectable_value(&mut picked, Some(i), &run.label);
                }
            });
        ui.weak("every run's throughput is shown as a percentage of this run");
    });
    if let Some(base) = baseline {
        ui.horizontal_wrapped(|ui| {
            for sentence in comparison::sentences(runs, base) {
                ui.label(sentence);
                ui.separator();
            }
        });
    }
    match picked {
        Some(i) if picked != baseline => Some(Command::PickBaseline(i)),
        _ => None,
    }
}
