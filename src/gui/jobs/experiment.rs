//! Running an experiment from the Experiments tab: `experiment::runner::run` on
//! the job's thread; each finished run is sent to Results at once, the status bar
//! shows the round, the cell, a bar for the cell and the time left, and Stop ends
//! the tool that is running.

use std::time::Instant;

use super::{Job, JobContext};
use crate::analysis::origin::Origin;
use crate::experiment::record::Recording;
use crate::experiment::{self, Event, Experiment, Observer, Settings, Status};
use crate::gui::commands::Command;

pub struct RunExperiment {
    pub experiment: Experiment,
    pub settings: Settings,
}

/// The job's name, by which the tab finds it.
pub const NAME: &str = "Running experiment";

impl Job for RunExperiment {
    fn name(&self) -> &'static str {
        NAME
    }

    fn stoppable(&self) -> bool {
        true
    }

    fn run(self: Box<Self>, cx: &JobContext) -> Vec<Command> {
        let cells = experiment::plan::cells(&self.experiment);
        let cell_time: f64 = cells.iter().map(|c| c.time().as_secs_f64()).sum();
        let mut observer = JobObserver {
            cx,
            current: None,
            cell_time: cell_time / cells.len().max(1) as f64,
        };
        // The file's `[record]`: a history that cannot be used is said before
        // anything runs, as on the command line.
        let mut recording = match Recording::of_file(&self.experiment) {
            Ok(r) => r,
            Err(e) => {
                let why = format!("[record]: {e}");
                return vec![Command::ExperimentFailed(why.clone()), Command::Error(why)];
            }
        };
        match experiment::runner::run(&self.experiment, &self.settings, &mut observer) {
            Ok(outcome) => {
                let failed = outcome.failed().len();
                let mut notice = outcome.manifest.stop_reason.clone().unwrap_or_default();
                if failed > 0 {
                    notice += &format!("; {failed} run(s) failed (see the manifest)");
                }
                notice += &format!("; results in {}", self.settings.out.display());
                let mut commands = Vec::new();
                if let (Some(recording), false) = (&mut recording, outcome.stopped) {
                    match recording.record(outcome.runs.runs()) {
                        Ok(n) => notice += &format!("; {}", recording.said(n)),
                        Err(e) => commands.push(Command::Error(format!(
                            "{}: cannot record the runs: {e}",
                            recording.db
                        ))),
                    }
                }
                commands.push(Command::Notice(notice));
                commands
            }
            Err(e) => vec![
                Command::ExperimentFailed(e.to_string()),
                Command::Error(e.to_string()),
            ],
        }
    }
}

/// The tool that runs now: since when, for how long, and what the bar says.
struct Current {
    begun: Instant,
    seconds: f64,
    text: String,
    /// Runs left after this one, this one's round included.
    left: f64,
}

struct JobObserver<'a> {
    cx: &'a JobContext,
    current: Option<Current>,
    /// The mean time of one cell's run (warm-up and measurement).
    cell_time: f64,
}

impl Observer for JobObserver<'_> {
    fn event(&mut self, event: Event) {
        match event {
            Event::Shell { what, command } => {
                self.cx
                    .progress(None, format!("Experiment: {what} ({command})"));
            }
            Event::Starting {
                round,
                rounds,
                position,
                cells,
                cell,
                warmup,
                seconds,
            } => {
                let left = f64::from((rounds - round) * cells + (cells - position));
                self.current = Some(Current {
                    begun: Instant::now(),
                    seconds,
                    text: format!(
                        "Round {round} of {rounds} · {position} of {cells}: {cell} ({})",
                        if warmup { "warm-up" } else { "measuring" }
                    ),
                    left,
                });
                self.stop_requested();
            }
            Event::Ended { record, runs } => {
                // One file a run: where it came from, how it was read.
                let file = runs.first().and_then(|(_, origin)| match origin {
                    Origin::File { path, options, .. } => Some((path.clone(), options.clone())),
                    _ => None,
                });
                if matches!(record.status, Status::Ok | Status::Partial)
                    && file.is_none()
                    && !runs.is_empty()
                {
                    // Merged from the generators' files.
                    crate::analysis::compare::prepare(runs.iter().map(|(r, _)| r));
                    self.cx.send(vec![Command::AddMadeRuns(runs)]);
                } else if matches!(record.status, Status::Ok | Status::Partial)
                    && let Some((path, options)) = file
                {
                    let runs: Vec<_> = runs.into_iter().map(|(r, _)| r).collect();
                    crate::analysis::compare::prepare(&runs);
                    self.cx.send(vec![Command::FileRead {
                        path,
                        options,
                        runs,
                    }]);
                }
                if matches!(record.status, Status::Failed | Status::Partial) {
                    self.cx.send(vec![Command::Error(format!(
                        "{} round {}: {}",
                        record.cell,
                        record.round,
                        record.error.as_deref().unwrap_or("failed")
                    ))]);
                }
            }
            Event::RoundEnded { .. } => {}
            Event::Generators(checks) => self.cx.send(vec![Command::GeneratorsChecked(checks)]),
            Event::Generator { name, state } => {
                self.cx.send(vec![Command::GeneratorState(name, state)])
            }
        }
    }

    /// Asked every 50 ms while a tool runs: the moment to move the bar.
    fn stop_requested(&self) -> bool {
        if let Some(c) = &self.current {
            let elapsed = c.begun.elapsed().as_secs_f64();
            let fraction = (elapsed / c.seconds.max(0.001)).min(1.0) as f32;
            let left = (c.seconds - elapsed).max(0.0) + c.left * self.cell_time;
            self.cx.progress(
                Some(fraction),
                format!("{} · about {} left", c.text, crate::format::seconds(left)),
            );
        }
        self.cx.is_stopped()
    }
}
