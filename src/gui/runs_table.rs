//! The table of loaded runs: one row per group of repeats (the cells of
//! `present::runs_table`, with means and intervals), its runs beneath on demand;
//! a run alone is its own row. Integration type, memory tier and group are edited in
//! the run rows; a box ticks runs for merging; Remove drops a run.

use std::collections::{BTreeSet, HashMap, HashSet};

use egui::{RichText, TextEdit};

use super::commands::Command;
use crate::analysis::compare::Settings;
use crate::analysis::reference::References;
use crate::analysis::repeats::{self, Group};
use crate::analysis::run_set::{RunId, RunSet};
use crate::model::{Inferred, Run};
use crate::present::runs_table::{self, Cell, Column};

/// The table's own state: what is being typed, what is ticked, what is open.
#[derive(Default)]
pub struct RunsTable {
    /// Text being typed into the memory cells, kept while it is not (yet) a valid tier.
    memory_edits: HashMap<RunId, String>,
    /// Text being typed into the label cells, kept while it is empty or taken.
    label_edits: HashMap<RunId, String>,
    /// The labels of the runs this frame, with their ids, for checking a new label.
    labels: Vec<(RunId, String)>,
    /// Runs ticked for merging.
    pub selected: BTreeSet<RunId>,
    /// Groups whose runs are shown beneath them, by key.
    expanded: HashSet<String>,
}

impl RunsTable {
    /// The rows the table shows: a row per group, and the runs of the open ones.
    pub fn visible_rows(&self, runs: &[Run]) -> usize {
        repeats::groups(runs)
            .iter()
            .map(|g| {
                if g.n() > 1 && self.expanded.contains(&g.key) {
                    g.n() + 1
                } else {
                    1
                }
            })
            .sum()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, set: &RunSet, settings: &Settings) -> Vec<Command> {
        let mut commands = Vec::new();
        let (runs, ids, baseline) = (set.runs(), set.ids(), set.baseline());
        if runs.is_empty() {
            return commands;
        }
        // What is typed or ticked for runs that are gone is forgotten.
        self.memory_edits.retain(|id, _| ids.contains(id));
        self.label_edits.retain(|id, _| ids.contains(id));
        self.selected.retain(|id| ids.contains(id));
        self.labels = ids
            .iter()
            .copied()
            .zip(runs.iter().map(|r| r.label.clone()))
            .collect();
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
        let groups = repeats::groups(runs);
        let refs = References::of(runs, &groups, baseline);
        let shares = runs_table::share_cells(runs, &groups, &refs, baseline);
        egui::ScrollArea::both()
            .id_salt("runs table")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::Grid::new("runs")
                    .striped(true)
                    .num_columns(Column::ALL.len() + 4)
                    .spacing([14.0, 4.0])
                    .show(ui, |ui| {
                        ui.label("");
                        for c in Column::ALL {
                            ui.label(RichText::new(c.title()).strong());
                            if c == Column::ShareOfBaseline {
                                ui.label(RichText::new("vs baseline").strong())
                                    .on_hover_text(format!(
                                        "Throughput against the baseline's group: higher or \
                                         lower only when significant at {:.0}% and beyond the \
                                         {}% noise threshold, else alike",
                                        settings.confidence * 100.0,
                                        settings.noise_pct
                                    ));
                            }
                        }
                        ui.label(RichText::new("Group").strong())
                            .on_hover_text("Runs with the same group are repeats of one test");
                        ui.end_row();
                        for (gi, g) in groups.iter().enumerate() {
                            let other = refs.base_of(&groups, gi);
                            let verdict =
                                runs_table::verdict_cell(runs, &groups, &refs, gi, settings);
                            if g.n() == 1 {
                                let i = g.members[0];
                                let is_base = refs.is_baseline(gi);
                                let share = if g.n() == 1 && other.is_some() {
                                    Some(
                                        runs_table::group_row(runs, g, other, settings)
                                            [Column::ShareOfBaseline as usize]
                                            .clone(),
                                    )
                                } else {
                                    None
                                };
                                self.run_row(
                                    ui,
                                    ids[i],
                                    &runs[i],
                                    is_base,
                                    share,
                                    verdict,
                                    &mut commands,
                                );
                                ui.end_row();
                                continue;
                            }
                            self.group_row(
                                ui,
                                runs,
                                g,
                                other,
                                refs.is_baseline(gi),
                                verdict,
                                settings,
                            );
                            ui.end_row();
                            if self.expanded.contains(&g.key) {
                                for &i in &g.members {
                                    let blank = Cell {
                                        text: String::new(),
                                        hover: None,
                                    };
                                    let share = shares[i].clone();
                                    self.run_row(
                                        ui,
                                        ids[i],
                                        &runs[i],
                                        baseline == Some(i),
                                        Some(share),
                                        blank,
                                        &mut commands,
                                    );
                                    ui.end_row();
                                }
                            }
                        }
                    });
            });
        commands
    }

    /// A group of repeats: the means with their intervals, and a toggle for its runs.
    #[allow(clippy::too_many_arguments)]
    fn group_row(
        &mut self,
        ui: &mut egui::Ui,
        runs: &[Run],
        g: &Group,
        other: Option<&Group>,
        is_base: bool,
        verdict: Cell,
        settings: &Settings,
    ) {
        let open = self.expanded.contains(&g.key);
        let toggle = ui
            .small_button(if open { "hide runs" } else { "show runs" })
            .on_hover_text(if open {
                "Hide its runs"
            } else {
                "Show its runs"
            });
        toggle.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("runs of {}", g.key))
        });
        if toggle.clicked() {
            if open {
                self.expanded.remove(&g.key);
            } else {
                self.expanded.insert(g.key.clone());
            }
        }
        let cells = runs_table::group_row(runs, g, other, settings);
        let guessed = g.runs(runs).iter().any(|r| r.inferred_from.is_some());
        for (column, cell) in Column::ALL.into_iter().zip(cells) {
            if column == Column::ShareOfBaseline && is_base {
                ui.label(RichText::new("baseline").strong());
            } else if guessed && matches!(column, Column::Integration | Column::Memory) {
                ui.label(RichText::new(cell.text).italics()).on_hover_text(
                    "Guessed from names (the files' or the runs'): show its runs to keep \
                     or edit each",
                );
            } else {
                hover_label(ui, cell, column == Column::Label);
            }
            if column == Column::ShareOfBaseline {
                hover_label(ui, verdict.clone(), false);
            }
        }
        ui.label("");
        ui.label("");
    }

    #[allow(clippy::too_many_arguments)]
    fn run_row(
        &mut self,
        ui: &mut egui::Ui,
        i: RunId,
        run: &Run,
        is_base: bool,
        share: Option<Cell>,
        verdict: Cell,
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
        for (column, cell) in Column::ALL.into_iter().zip(runs_table::row(run, None)) {
            match column {
                Column::Label => self.label_cell(ui, i, run, commands),
                Column::Integration => integration_cell(ui, i, run, commands),
                Column::Memory => self.memory_cell(ui, i, run, commands),
                Column::ShareOfBaseline if is_base => {
                    ui.label(RichText::new("baseline").strong());
                }
                Column::ShareOfBaseline => {
                    hover_label(ui, share.clone().unwrap_or(cell), false);
                }
                _ => hover_label(ui, cell, false),
            }
            if column == Column::ShareOfBaseline {
                hover_label(ui, verdict.clone(), false);
            }
        }
        group_cell(ui, i, run, commands);
        if run.server.is_none()
            && ui
                .small_button("Server logs…")
                .on_hover_text(
                    "Pair access logs or a function's log of this run's time with it: where \
                     its time went (docs/breakdown.md)",
                )
                .clicked()
        {
            commands.push(Command::PairServerLogs(i));
        }
        if ui
            .small_button("Remove")
            .on_hover_text("Remove this run from the comparison")
            .clicked()
        {
            commands.push(Command::RemoveRun(i));
        }
    }

    /// The label, edited in place; a new label applies once it is neither empty nor
    /// another run's.
    fn label_cell(&mut self, ui: &mut egui::Ui, row: RunId, run: &Run, out: &mut Vec<Command>) {
        let text = self
            .label_edits
            .entry(row)
            .or_insert_with(|| run.label.clone());
        let refused = label_problem(&self.labels, row, text).is_some();
        let mut edit = TextEdit::singleline(text);
        if refused {
            edit = edit.text_color(ui.visuals().error_fg_color);
        }
        let response = ui
            .add_sized([170.0, 20.0], edit)
            .accessible_name(format!("label of {}", run.label));
        let problem = label_problem(&self.labels, row, text);
        let wanted = text.trim();
        if response.changed() && problem.is_none() && wanted != run.label {
            out.push(Command::SetLabel(row, wanted.to_owned()));
        }
        if let Some(problem) = problem {
            response.on_hover_text(problem);
        } else {
            if !response.has_focus() && *text != run.label {
                // The run was renamed elsewhere (a workspace opened): show its label.
                *text = run.label.clone();
            }
            // Its file, where it settled, each load generator's share.
            if let Some(hover) = runs_table::cell(Column::Label, run, None).hover {
                response.on_hover_text(hover);
            }
        }
    }

    fn memory_cell(&mut self, ui: &mut egui::Ui, row: RunId, run: &Run, out: &mut Vec<Command>) {
        let text = self
            .memory_edits
            .entry(row)
            .or_insert_with(|| run.memory_mb.map(|m| m.to_string()).unwrap_or_default());
        let problem = parse_memory(text).err();
        let mut edit = TextEdit::singleline(text)
            .desired_width(60.0)
            .hint_text("–");
        let mut italic = italic_layouter;
        if problem.is_some() {
            edit = edit.text_color(ui.visuals().error_fg_color);
        } else if run.inferred_from.is_some() {
            edit = edit.layouter(&mut italic);
        }
        let mut response = ui
            .add_sized([60.0, 20.0], edit)
            .accessible_name(format!("memory of {}", run.label));
        if problem.is_none()
            && let Some(hover) = guess_hover(run)
        {
            response = response.on_hover_text(hover);
        }
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

/// A cell's text, strong for a group's name, with its hover text.
fn hover_label(ui: &mut egui::Ui, cell: Cell, strong: bool) {
    let text = if strong {
        RichText::new(cell.text).strong()
    } else {
        RichText::new(cell.text)
    };
    let label = ui.label(text);
    if let Some(hover) = cell.hover {
        label.on_hover_text(hover);
    }
}

/// The integration type, edited in place; a guess from a name is in italics, with a
/// button that confirms it (and the tier).
fn integration_cell(ui: &mut egui::Ui, row: RunId, run: &Run, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let mut text = run.integration.clone().unwrap_or_default();
        let mut edit = TextEdit::singleline(&mut text).hint_text("integration");
        let mut italic = italic_layouter;
        let hover = guess_hover(run);
        if hover.is_some() {
            edit = edit.layouter(&mut italic);
        }
        // A fixed size: a grid cell otherwise caps the field at last frame's width.
        let width = if hover.is_some() { 124.0 } else { 150.0 };
        let mut response = ui
            .add_sized([width, 20.0], edit)
            .accessible_name(format!("integration of {}", run.label));
        if let Some(hover) = &hover {
            response = response.on_hover_text(hover);
        }
        if response.changed() {
            let integration = (!text.trim().is_empty()).then(|| text.trim().to_owned());
            out.push(Command::SetIntegration(row, integration));
        }
        if hover.is_some() {
            let confirm = ui
                .small_button("keep")
                .on_hover_text("Keep the integration type and memory tier as guessed");
            confirm.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("confirm integration of {}", run.label),
                )
            });
            if confirm.clicked() {
                out.push(Command::ConfirmNames(row));
            }
        }
    });
}

/// What a guessed integration type or tier says on hover; `None` when not guessed.
fn guess_hover(run: &Run) -> Option<String> {
    let from = run.inferred_from?;
    let name = match from {
        Inferred::FileName => std::path::Path::new(&run.source)
            .file_name()
            .map_or_else(|| run.source.clone(), |n| n.to_string_lossy().into_owned()),
        Inferred::RunName => run.label.clone(),
    };
    Some(format!(
        "Guessed {} (`{name}`): type to change it, or press keep to confirm it",
        from.describe()
    ))
}

/// Lays out a field's text in italics, on one line: a value gatebench guessed.
fn italic_layouter(
    ui: &egui::Ui,
    text: &dyn egui::TextBuffer,
    _wrap_width: f32,
) -> std::sync::Arc<egui::Galley> {
    let format = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().widgets.inactive.text_color(),
        italics: true,
        ..Default::default()
    };
    let job = egui::text::LayoutJob::single_section(text.as_str().to_owned(), format);
    ui.fonts_mut(|f| f.layout_job(job))
}

/// The group a run belongs to: empty means its integration type and memory tier.
fn group_cell(ui: &mut egui::Ui, row: RunId, run: &Run, out: &mut Vec<Command>) {
    let mut text = run.group.clone().unwrap_or_default();
    let edit = TextEdit::singleline(&mut text).hint_text(run.group_name());
    let response = ui
        .add_sized([130.0, 20.0], edit)
        .accessible_name(format!("group of {}", run.label));
    if response.changed() {
        let group = (!text.trim().is_empty()).then(|| text.trim().to_owned());
        out.push(Command::SetGroup(row, group));
    }
}

/// Why `text` cannot be the label of run `row` among `labels`, if it cannot.
fn label_problem(labels: &[(RunId, String)], row: RunId, text: &str) -> Option<String> {
    let wanted = text.trim();
    if wanted.is_empty() {
        Some("a label cannot be empty".to_owned())
    } else if labels.iter().any(|(j, l)| *j != row && l == wanted) {
        Some(format!("another run is labelled \"{wanted}\""))
    } else {
        None
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
