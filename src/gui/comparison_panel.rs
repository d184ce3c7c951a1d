//! The baseline picker and each run's throughput as a share of the baseline.

use super::commands::Command;
use crate::analysis::compare::Settings;
use crate::analysis::order;
use crate::analysis::run_set::RunSet;
use crate::present::comparison;

/// Shows the picker (the runs in display order) and the sentences; a pick becomes
/// [`Command::PickBaseline`].
pub fn ui(ui: &mut egui::Ui, set: &RunSet, settings: &Settings) -> Option<Command> {
    let (runs, baseline) = (set.runs(), set.baseline());
    if runs.is_empty() {
        return None;
    }
    let mut picked = baseline;
    let mut settings_changed = None;
    ui.horizontal(|ui| {
        let current = baseline
            .and_then(|i| runs.get(i))
            .map_or("(none)".to_owned(), |r| r.label.clone());
        egui::ComboBox::from_label("Baseline")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for i in order::display_order(runs) {
                    ui.selectable_value(&mut picked, Some(i), &runs[i].label);
                }
            });
        ui.weak("every run's throughput is shown as a percentage of this run");
        ui.separator();
        let mut changed = *settings;
        egui::ComboBox::from_label("confidence")
            .selected_text(format!("{:.0}%", settings.confidence * 100.0))
            .show_ui(ui, |ui| {
                for c in [0.90, 0.95, 0.99] {
                    ui.selectable_value(&mut changed.confidence, c, format!("{:.0}%", c * 100.0));
                }
            })
            .response
            .on_hover_text("Of the intervals and of the significance tests");
        let noise = ui
            .add(
                egui::DragValue::new(&mut changed.noise_pct)
                    .range(0.0..=50.0)
                    .speed(0.1)
                    .suffix(" %"),
            )
            .on_hover_text(
                "Noise threshold: a change smaller than this is no change, however significant",
            );
        noise.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "noise threshold")
        });
        ui.label("noise threshold");
        if changed != *settings {
            settings_changed = Some(Command::SetSettings(changed));
        }
        let transients = set.with_warmup();
        if transients > 0 {
            ui.separator();
            let mut exclude = set.excludes_warmup();
            if ui
                .checkbox(&mut exclude, "Exclude warm-up")
                .on_hover_text(format!(
                    "Figures without each run's transient: only the requests after the \
                     steady state MSER-5 found (docs/steady-state.md). {transients} of {} \
                     runs have one; the others stay as read.",
                    runs.len()
                ))
                .changed()
            {
                settings_changed = Some(Command::ExcludeWarmup(exclude));
            }
        }
    });
    if let Some(base) = baseline {
        ui.horizontal_wrapped(|ui| {
            for sentence in comparison::sentences(runs, base, settings) {
                ui.label(sentence);
                ui.separator();
            }
        });
    }
    match picked {
        Some(i) if picked != baseline => Some(Command::PickBaseline(set.ids()[i])),
        _ => settings_changed,
    }
}
