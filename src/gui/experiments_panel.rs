//! The Experiments tab: an experiment file edited as TOML, checked as it is typed
//! (errors with their line, or the planned schedule with its estimated time), and
//! Start / Stop. Runs go to Results as they finish; progress is in the status bar.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::commands::Command;
use super::vocabulary::StartExperiment;
use crate::experiment::manifest::GeneratorCheck;
use crate::experiment::{self, Experiment, ExperimentError, GeneratorState};

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
    /// The generators of the running (or last) experiment, as they reported.
    #[serde(skip)]
    generators: Vec<GeneratorRow>,
    /// Why the last experiment could not run (a setup that failed, with what it
    /// said), until the next Start.
    #[serde(skip)]
    pub failure: Option<String>,
}

/// A generator as the table shows it.
#[derive(Debug, Clone, PartialEq)]
struct GeneratorRow {
    name: String,
    host: String,
    versions: String,
    clock: String,
    /// `None` until Start checks it.
    state: Option<GeneratorState>,
    /// When its tool started in this run, for its bar.
    since: Option<std::time::Instant>,
}

/// What a check of the text says: the experiment and its planned schedule, or
/// the first mistake.
type Checked = Result<(Experiment, String), ExperimentError>;

impl ExperimentsPanel {
    /// The output folder Start uses.
    /// The output folder: the one typed, else the experiment's path without `.toml`;
    /// where that holds an experiment already (the bundled sample's, say) and Resume
    /// is off, the first free `<name>-2`, `<name>-3` ..., so that Start runs anew
    /// rather than refusing.
    pub fn out_folder(&self) -> PathBuf {
        if !self.out.trim().is_empty() {
            return PathBuf::from(self.out.trim());
        }
        let base = Path::new(&self.path).with_extension("");
        let taken = |p: &Path| p.join("manifest.json").exists();
        if self.resume || !taken(&base) {
            return base;
        }
        let name = base.file_name().unwrap_or_default().to_string_lossy();
        (2..)
            .map(|n| base.with_file_name(format!("{name}-{n}")))
            .find(|p| !p.exists())
            .unwrap_or(base)
    }

    /// The generators passed their checks: each one's versions and clock.
    pub fn checked_generators(&mut self, checks: Vec<GeneratorCheck>) {
        self.generators = checks
            .into_iter()
            .map(|c| GeneratorRow {
                versions: c.versions(),
                clock: c.clock(),
                name: c.name,
                host: c.host,
                state: Some(GeneratorState::Ready),
                since: None,
            })
            .collect();
    }

    pub fn generator_state(&mut self, name: &str, state: GeneratorState) {
        if let Some(row) = self.generators.iter_mut().find(|g| g.name == name) {
            row.since =
                matches!(state, GeneratorState::Running { .. }).then(std::time::Instant::now);
            row.state = Some(state);
        }
    }

    /// The generators: as checked and reported while running, or as the file lists
    /// them before the first check.
    fn generators_ui(&self, ui: &mut egui::Ui, experiment: Option<&Experiment>) {
        // Borrowed while they report; made from the file (each frame) before that.
        let listed: std::borrow::Cow<[GeneratorRow]> = if !self.generators.is_empty() {
            std::borrow::Cow::Borrowed(&self.generators)
        } else {
            experiment
                .map(|e| e.generators.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|g| GeneratorRow {
                    name: g.name.clone(),
                    host: g.host().to_owned(),
                    versions: "–".into(),
                    clock: "–".into(),
                    state: None,
                    since: None,
                })
                .collect::<Vec<_>>()
                .into()
        };
        if listed.is_empty() {
            return;
        }
        ui.label(format!(
            "Load generators: every run runs on all {} at once (a target's load is the sum)",
            listed.len()
        ));
        egui::Grid::new("experiment_generators")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for h in ["Generator", "Host", "State", "Clock offset", "Tool"] {
                    ui.strong(h);
                }
                ui.end_row();
                for g in listed.iter() {
                    ui.label(&g.name);
                    ui.label(&g.host);
                    match &g.state {
                        None => {
                            ui.weak("not checked yet: Start checks it");
                        }
                        Some(GeneratorState::Running { seconds }) => {
                            let elapsed = g.since.map_or(0.0, |s| s.elapsed().as_secs_f64());
                            let fraction = (elapsed / seconds.max(0.001)).min(1.0) as f32;
                            ui.add(egui::ProgressBar::new(fraction).desired_width(160.0).text(
                                format!(
                                    "running {} of {}",
                                    crate::format::seconds(elapsed.min(*seconds)),
                                    crate::format::seconds(*seconds)
                                ),
                            ));
                            ui.ctx()
                                .request_repaint_after(std::time::Duration::from_millis(200));
                        }
                        Some(GeneratorState::Ready) => {
                            ui.label("ready");
                        }
                        Some(GeneratorState::Done) => {
                            ui.label("done");
                        }
                        Some(GeneratorState::Lost(why)) => {
                            ui.colored_label(ui.visuals().error_fg_color, format!("lost: {why}"));
                        }
                    }
                    ui.label(&g.clock);
                    ui.label(&g.versions);
                    ui.end_row();
                }
            });
        ui.separator();
    }

    /// Reads the file named in `path` into the editor, once per path.
    fn load(&mut self) {
        // `GATEBENCH_EXPERIMENT` when none was chosen yet, else the sample.
        if self.path.is_empty() {
            self.path = std::env::var("GATEBENCH_EXPERIMENT").unwrap_or_default();
        }
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
                self.generators.clear();
                self.failure = None;
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
        if let Some(why) = &self.failure {
            ui.colored_label(ui.visuals().error_fg_color, "The experiment did not run:");
            egui::ScrollArea::vertical()
                .id_salt("experiment_failure")
                .max_height(160.0)
                .show(ui, |ui| {
                    ui.add(egui::Label::new(egui::RichText::new(why).monospace()).selectable(true));
                });
        }
        ui.separator();
        let experiment = self.check().as_ref().ok().map(|(e, _)| e.clone());
        self.generators_ui(ui, experiment.as_ref());
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
