//! The Experiments tab: an experiment file edited as TOML, checked as it is typed
//! (errors with their line, or the planned schedule with its estimated time), and
//! Start / Stop. Runs go to Results as they finish; progress is in the status bar.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::commands::Command;
use crate::experiment::{self, Experiment, ExperimentError};

/// What the tab keeps between sessions: which file, which output folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExperimentsPanel {
    pub path: String,
    /// The output folder; empty: the experiment's path without `.toml`.
    pub out: String,
    pub resume: bool,
    /// The file's text as edited.
    #[serde(skip)]
    pub text: String,
    /// The path `text` was read from.
    #[serde(skip)]
    loaded: Option<String>,
    /// The text last checked, and what the check said.
    #[serde(skip)]
    checked: Option<(String, Checked)>,
}

/// What a check of the text says: the experiment and its planned schedule, or
/// the first mistake.
type Checked = Result<(Experiment, String), ExperimentError>;

/// What Start asks the app to do.
#[derive(Debug, Clone)]
pub struct StartExperiment {
    pub path: PathBuf,
    pub text: String,
    pub out: PathBuf,
    pub resume: bool,
}

impl ExperimentsPanel {
    /// The output folder Start uses.
    pub fn out_folder(&self) -> PathBuf {
        if self.out.trim().is_empty() {
            Path::new(&self.path).with_extension("")
        } else {
            PathBuf::from(self.out.trim())
        }
    }

    /// Reads the file named in `path` into the editor, once per path.
    fn load(&mut self) {
        if self.path.is_empty()
            && let Some(sample) = crate::import::inputs::sample_data_dir()
        {
            self.path = sample.join("experiment.toml").display().to_string();
        }
        if self.loaded.as_deref() != Some(self.path.as_str()) {
            self.text = std::fs::read_to_string(&self.path).unwrap_or_default();
            self.loaded = Some(self.path.clone());
        }
    }

    /// Checks the text when it changed since the last check.
    fn check(&mut self) -> &Checked {
        let stale = self.checked.as_ref().is_none_or(|(t, _)| *t != self.text);
        if stale {
            let result =
                experiment::file::parse(Path::new(&self.path), &self.text, &|t| t.installed()).map(
                    |e| {
                        let seed = e.seed.unwrap_or(0);
                        let plan = experiment::plan::describe(&e, seed);
                        (e, plan)
                    },
                );
            self.checked = Some((self.text.clone(), result));
        }
        &self.checked.as_ref().expect("checked above").1
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, running: Option<u64>) -> Vec<Command> {
        let mut commands = Vec::new();
        self.load();
        ui.heading("Experiment");
        ui.label(
            "Targets, load and rounds in one TOML file (docs/experiment-format.md). Each round \
             runs every cell once, in a new random order; runs appear in Results as they \
             finish.",
        );
        egui::Grid::new("experiment_files")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label("Experiment file").id;
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.path)
                            .desired_width(420.0)
                            .id_salt("experiment_path"),
                    )
                    .labelled_by(label);
                    if ui.button("Reload").clicked() {
                        self.loaded = None;
                    }
                    if ui.button("Save").clicked() {
                        match std::fs::write(&self.path, &self.text) {
                            Ok(()) => {
                                commands.push(Command::Notice(format!("Saved {}", self.path)))
                            }
                            Err(e) => commands
                                .push(Command::Error(format!("{}: cannot write: {e}", self.path))),
                        }
                    }
                });
                ui.end_row();
                let label = ui.label("Output folder").id;
                ui.horizontal(|ui| {
                    let hint = self.out_folder().display().to_string();
                    ui.add(
                        egui::TextEdit::singleline(&mut self.out)
                            .hint_text(hint)
                            .desired_width(420.0)
                            .id_salt("experiment_out"),
                    )
                    .labelled_by(label);
                    ui.checkbox(&mut self.resume, "Resume").on_hover_text(
                        "Finish an experiment stopped in this folder, with its seed",
                    );
                });
                ui.end_row();
            });
        let valid = self.check().is_ok();
        ui.horizontal(|ui| {
            let start = ui.add_enabled(valid && running.is_none(), egui::Button::new("Start"));
            if start.clicked() {
                commands.push(Command::StartExperiment(Box::new(StartExperiment {
                    path: PathBuf::from(&self.path),
                    text: self.text.clone(),
                    out: self.out_folder(),
                    resume: self.resume,
                })));
            }
            if let Some(id) = running
                && ui.button("Stop").clicked()
            {
                commands.push(Command::StopJob(id));
            }
        });
        ui.separator();
        ui.columns(2, |columns| {
            let label = columns[0].label("The experiment (TOML)").id;
            egui::ScrollArea::vertical()
                .id_salt("experiment_text")
                .show(&mut columns[0], |ui| {
                    ui.add(
                        egui::TextEdit::multiline(&mut self.text)
                            .code_editor()
                            .desired_rows(24)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label);
                });
            let checked = self.check();
            let ui = &mut columns[1];
            match checked {
                Ok((_, plan)) => {
                    ui.label("Planned schedule");
                    // One line a cell and a round, scrolled sideways rather than
                    // wrapped past the window's edge.
                    egui::ScrollArea::both()
                        .id_salt("experiment_plan")
                        .show(ui, |ui| {
                            ui.add(
                                egui::Label::new(egui::RichText::new(plan.as_str()).monospace())
                                    .extend(),
                            )
                        });
                }
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, e.to_string());
                }
            }
        });
        commands
    }
}
