//! The baseline picker and the comparisons with the baseline: sentences, or a
//! collapsible table where there are many (a sweep: doors × loads), each cell's
//! sentence on hover.

use super::commands::Command;
use crate::analysis::compare::Settings;
use crate::analysis::order;
use crate::analysis::run_set::RunSet;
use crate::analysis::sweep;
use crate::present::comparison;
use crate::present::comparison_table::{self, ComparisonTable};

/// Shows the picker (the runs in display order) and the sentences; a pick becomes
/// [`Command::PickBaseline`].
pub fn ui(ui: &mut egui::Ui, set: &RunSet, settings: &Settings) -> Option<Command> {
    let (runs, baseline) = (set.runs(), set.baseline());
    if runs.is_empty() {
        return None;
    }
    let mut picked = baseline;
    let sweep = sweep::doors(runs)
        .filter(|_| sweep::is_sweep(runs))
        .map(|(_, doors)| doors);
    let mut settings_changed = None;
    ui.horizontal(|ui| {
        let current = baseline
            .and_then(|i| runs.get(i))
            .map_or("(none)".to_owned(), |r| r.label.clone());
        match &sweep {
            // A sweep's baseline is a door: each load against it at the same load.
            Some(doors) => {
                let current = baseline
                    .and_then(|b| runs.get(b))
                    .map_or("(none)".to_owned(), sweep::door_name);
                egui::ComboBox::from_label("Baseline")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        for d in doors {
                            let own = picked.and_then(|p| runs.get(p)).map(sweep::door_name);
                            let chosen = own.as_deref() == Some(d.name.as_str());
                            if ui.selectable_label(chosen, &d.name).clicked() && !chosen {
                                picked = Some(d.first_run);
                            }
                        }
                    });
                ui.weak("each door is compared with this one at the same load");
            }
            None => {
                egui::ComboBox::from_label("Baseline")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        for i in order::display_order(runs) {
                            ui.selectable_value(&mut picked, Some(i), &runs[i].label);
                        }
                    });
                ui.weak("every run's throughput is shown as a percentage of this run");
            }
        }
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
        match comparison_table::table(runs, base, settings) {
            Some(table) => table_ui(ui, &table),
            None => {
                ui.horizontal_wrapped(|ui| {
                    for sentence in comparison::sentences(runs, base, settings) {
                        ui.label(sentence);
                        ui.separator();
                    }
                });
            }
        }
    }
    match picked {
        Some(i) if picked != baseline => Some(Command::PickBaseline(set.ids()[i])),
        _ => settings_changed,
    }
}

/// The comparisons as a grid under a header that folds it away.
fn table_ui(ui: &mut egui::Ui, table: &ComparisonTable) {
    egui::CollapsingHeader::new("Comparison with the baseline")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("comparison table")
                .striped(true)
                .spacing([16.0, 2.0])
                .show(ui, |ui| {
                    ui.label(egui::RichText::new(&table.corner).strong());
                    for c in &table.columns {
                        ui.label(egui::RichText::new(c).strong());
                    }
                    ui.end_row();
                    for (name, cells) in &table.rows {
                        ui.label(name);
                        for cell in cells {
                            let label = ui.label(&cell.text);
                            if let Some(hover) = &cell.hover {
                                label.on_hover_text(hover);
                            }
                        }
                        ui.end_row();
                    }
                });
            for note in &table.notes {
                ui.weak(note);
            }
        });
}
