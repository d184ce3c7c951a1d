//! The table of loaded runs, where integration type and memory tier are edited.

use std::collections::HashMap;

use egui::{Color32, RichText, TextEdit};

use crate::analysis::baseline;
use crate::format;
use crate::model::Run;

/// Text being typed into the memory cells, kept while it is not (yet) a valid tier.
#[derive(Default)]
pub struct MemoryEdits(HashMap<usize, String>);

impl MemoryEdits {
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// What the user asked of a row that the caller must carry out.
pub enum RowAction {
    Remove(usize),
}

pub fn ui(
    ui: &mut egui::Ui,
    runs: &mut [Run],
    baseline_index: Option<usize>,
    edits: &mut MemoryEdits,
    selected: &mut std::collections::BTreeSet<usize>,
) -> Option<RowAction> {
    let mut action = None;
    let base = baseline_index.and_then(|i| runs.get(i)).cloned();
    egui::ScrollArea::both()
        .id_salt("runs table")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("runs")
                .striped(true)
                .num_columns(13)
                .spacing([14.0, 4.0])
                .show(ui, |ui| {
                    for h in [
                        "",
                        "Label",
                        "Tool",
                        "Integration",
                        "Memory (MB)",
                        "req/s",
                        "% of baseline",
                        "mean ms",
                        "p50 ms",
                        "p99 ms",
                        "max ms",
                        "errors",
                        "",
                    ] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for (i, run) in runs.iter_mut().enumerate() {
                        let mut on = selected.contains(&i);
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
                                selected.insert(i);
                            } else {
                                selected.remove(&i);
                            }
                        }
                        ui.label(&run.label).on_hover_text(&run.source);
                        ui.label(&run.tool);
                        integration_cell(ui, run);
                        memory_cell(ui, i, run, edits);
                        ui.label(format::throughput(run.throughput_rps))
                            .on_hover_text(format!(
                                "{}: {}",
                                run.tool,
                                run.throughput_definition()
                            ));
                        let pct = match &base {
                            Some(_) if baseline_index == Some(i) => "baseline".to_owned(),
                            Some(b) => baseline::compare(run, b)
                                .throughput_pct
                                .map_or("–".into(), baseline::format_pct),
                            None => "–".into(),
                        };
                        ui.label(pct);
                        ui.label(format::ms(run.latency.mean));
                        ui.label(format::ms(run.latency.percentile("50")));
                        ui.label(format::ms(run.latency.percentile("99")));
                        ui.label(format::ms(run.latency.max));
                        let e = &run.errors;
                        ui.label(format::thousands(e.total()))
                            .on_hover_text(format!(
                                "connect {}, read {}, write {}, timeout {}, status >= 400: {}",
                                e.connect, e.read, e.write, e.timeout, e.non_2xx_3xx
                            ));
                        if ui
                            .small_button("Remove")
                            .on_hover_text("Remove this run from the comparison")
                            .clicked()
                        {
                            action = Some(RowAction::Remove(i));
                        }
                        ui.end_row();
                    }
                });
        });
    action
}

fn integration_cell(ui: &mut egui::Ui, run: &mut Run) {
    let mut text = run.integration.clone().unwrap_or_default();
    let edit = TextEdit::singleline(&mut text).hint_text("integration");
    // A fixed size: a grid cell otherwise caps the field at last frame's column width.
    if ui.add_sized([150.0, 20.0], edit).changed() {
        run.integration = (!text.trim().is_empty()).then(|| text.trim().to_owned());
    }
}

fn memory_cell(ui: &mut egui::Ui, row: usize, run: &mut Run, edits: &mut MemoryEdits) {
    let text = edits
        .0
        .entry(row)
        .or_insert_with(|| run.memory_mb.map(|m| m.to_string()).unwrap_or_default());
    let problem = parse_memory(text).err();
    let mut edit = TextEdit::singleline(text)
        .desired_width(60.0)
        .hint_text("–");
    if problem.is_some() {
        edit = edit.text_color(Color32::from_rgb(220, 50, 50));
    }
    let response = ui.add_sized([60.0, 20.0], edit);
    if response.changed()
        && let Ok(memory) = parse_memory(text)
    {
        run.memory_mb = memory;
    }
    if let Some(problem) = problem {
        response.on_hover_text(format!("{problem}; or nothing, for no tier"));
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
