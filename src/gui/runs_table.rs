//! The table of loaded runs: the cells of `present::runs_table`, with integration
//! type and memory tier editable, a box to tick runs for merging and a Remove button.

use std::collections::{BTreeSet, HashMap};

use egui::{RichText, TextEdit};

use super::commands::Command;
use crate::model::Run;
use crate::present::runs_table::{self, Column};

/// The table's own state: what is being typed and what is ticked.
#[derive(Default)]
pub struct RunsTable {
    /// Text being typed into the memory cells, kept while it is not (yet) a valid tier.
    memory_edits: HashMap<usize, String>,
    /// Rows ticked for merging.
    pub selected: BTreeSet<usize>,
}

impl RunsTable {
    /// Forgets edits and ticks, after rows moved.
    pub fn forget(&mut self) {
        self.memory_edits.clear();
        self.selected.clear();
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, runs: &[Run], baseline: Option<usize>) -> Vec<Command> {
        let mut commands = Vec::new();
        if runs.is_empty() {
            return commands;
        }
        let n = self.selected.len();
        let merge = egui::Button::new(format!("Merge selected ({n})"));
        if ui
            .add_enabled(n >= 2, merge)
            .on_hover_text(
                "One run from several load generators: throughput adds, latency comes from \
                 the merged histograms (per-request files only)",
            )
            .clicked()
        {
            commands.push(Command::Merge(self.selected.iter().copied().collect()));
        }
        let base = baseline.and_then(|i| runs.get(i));
        egui::ScrollArea::both()
            .id_salt("runs table")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::Grid::new("runs")
                    .striped(true)
                    .num_columns(Column::ALL.len() + 2)
                    .spacing([14.0, 4.0])
                    .show(ui, |ui| {
                        ui.label("");
                        for c in Column::ALL {
                            ui.label(RichText::new(c.title()).strong());
                        }
                        ui.end_row();
                        for (i, run) in runs.iter().enumerate() {
                            self.row(ui, i, run, base, baseline == Some(i), &mut commands);
                            ui.end_row();
                        }
                    });
            });
        commands
    }

    fn row(
        &mut self,
        ui: &mut egui::Ui,
        i: usize,
        run: &Run,
        base: Option<&Run>,
        is_base: bool,
        commands: &mut Vec<Command>,
    ) {
        let mut on = self.selected.contains(&i);
        let check = ui.checkbox(&mut on, "").on_hover_text("Select for merging");
        check.widget_info(|| {
            egui::WidgetInfo::selected(
                egui::Role::CheckBox,
                true,
                on,
                format!("select {}", run.label),
            )
        });
        if check.changed() {
            if on {
                self.selected.insert(i);
            } else {
                self.selected.remove(&i);
            }
        }
        for (column, cell) in Column::ALL.into_iter().zip(runs_table::row(run, base)) {
            match column {
                Column::Integration => integration_cell(ui, i, run, commands),
                Column::Memory => self.memory_cell(ui, i, run, commands),
                Column::ShareOfBaseline if is_base => {
                    ui.label(RichText::new("baseline").strong());
                }
                _ => {
                    let label = ui.label(cell.text);
                    if let Some(hover) = cell.hover {
                        label.on_hover_text(hover);
                    }
                }
            }
        }
        if ui
            .small_button("Remove")
            .on_hover_text("Remove this run from the comparison")
            .clicked()
        {
            commands.push(Command::RemoveRun(i));
        }
    }

    fn memory_cell(&mut self, ui: &mut egui::Ui, row: usize, run: &Run, out: &mut Vec<Command>) {
        let text = self
            .memory_edits
            .entry(row)
            .or_insert_with(|| run.memory_mb.map(|m| m.to_string()).unwrap_or_default());
        let problem = parse_memory(text).err();
        let mut edit = TextEdit::singleline(text)
            .desired_width(60.0)
            .hint_text("–");
        if problem.is_some() {
            edit = edit.text_color(ui.visuals().error_fg_color);
        }
        let response = ui.add_sized([60.0, 20.0], edit);
        if response.changed()
            && let Ok(memory) = parse_memory(text)
        {
            out.push(Command::SetMemory(row, memory));
        }
        if let Some(problem) = problem {
            response.on_hover_text(format!("{problem}; or nothing, for no tier"));
        }
    }
}

fn integration_cell(ui: &mut egui::Ui, row: usize, run: &Run, out: &mut Vec<Command>) {
    let mut text = run.integration.clone().unwrap_or_default();
    let edit = TextEdit::singleline(&mut text).hint_text("integration");
    // A fixed size: a grid cell otherwise caps the field at last frame's column width.
    if ui.add_sized([150.0, 20.0], edit).changed() {
        let integration = (!text.trim().is_empty()).then(|| text.trim().to_owned());
        out.push(Command::SetIntegration(row, integration));
    }
}

/// An empty cell is "no tier"; otherwise the planner's rule: whole MB in Lambda's
/// range.
fn parse_memory(text: &str) -> Result<Option<u32>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    crate::capacity::form::parse_memory(text).map(Some)
}
