//! Running an experiment from the Experiments tab: the tab's text saved to its
//! file, the file read, `experiment::runner::run` on the job's thread; each
//! finished run is sent to Results at once, the status bar shows the round, the
//! cell, a bar for the cell and the time left, and Stop ends the tool that is
//! running.

use super::{Done, Job, JobContext, JobKind};
use crate::analysis::origin::Origin;
use crate::experiment::record::Recording;
use crate::experiment::{self, Event, Observer, Settings, Status};
use crate::gui::vocabulary::StartExperiment;

pub struct RunExperiment(pub StartExperiment);

impl Job for RunExperiment {
    fn kind(&self) -> JobKind {
        JobKind::RunningExperiment
    }

    fn stoppable(&self) -> bool {
        true
    }

    fn run(self: Box<Self>, cx: &JobContext) -> Vec<Done> {
        let start = self.0;
        // The tab's text saved when it differs, then read from the file, so that
        // the manifest's hash is the file's.
        let on_disk = std::fs::read_to_string(&start.path).ok();
        if on_disk.as_deref() != Some(start.text.as_str())
            && let Err(e) = std::fs::write(&start.path, &start.text)
        {
            return vec![Done::Error(format!(
                "{}: cannot write: {e}",
                start.path.display()
            ))];
        }
        let experiment = match experiment::read(&start.path) {
            Ok(e) => e,
            Err(e) => return vec![Done::Error(e.to_string())],
        };
        let settings = Settings {
            out: start.out,
            resume: start.resume,
        };
        let cells = experiment::plan::cells(&experiment);
        let cell_time: f64 = cells.iter().map(|c| c.time().as_secs_f64()).sum();
        let mut observer = JobObserver {
            cx,
            cell_time: cell_time / cells.len().max(1) as f64,
        };
        // The file's `[record]`: a history that cannot be used is said before
        // anything runs, as on the command line.
        let mut recording = match Recording::of_file(&experiment) {
            Ok(r) => r,
            Err(e) => {
                let why = format!("[record]: {e}");
                return vec![Done::ExperimentFailed(why.clone()), Done::Error(why)];
            }
        };
        match experiment::runner::run(&experiment, &settings, &mut observer) {
            Ok(outcome) => {
                let failed = outcome.failed().len();
                let mut notice = outcome.manifest.stop_reason.clone().unwrap_or_default();
                if failed > 0 {
                    notice += &format!("; {failed} run(s) failed (see the manifest)");
                }
                notice += &format!("; results in {}", settings.out.display());
                let mut commands = Vec::new();
                if let (Some(recording), false) = (&mut recording, outcome.stopped) {
                    match recording.record(outcome.runs.runs()) {
                        Ok(n) => notice += &format!("; {}", recording.said(n)),
                        Err(e) => commands.push(Done::Error(format!(
                            "{}: cannot record the runs: {e}",
                            recording.db
                        ))),
                    }
                }
                commands.push(Done::Notice(notice));
                commands
            }
            Err(e) => vec![
                Done::ExperimentFailed(e.to_string()),
                Done::Error(e.to_string()),
            ],
        }
    }
}

struct JobObserver<'a> {
    cx: &'a JobContext,
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
                // Runs left after this one, this one's round included.
                let left = f64::from((rounds - round) * cells + (cells - position));
                self.cx.progress_timed(
                    format!(
                        "Round {round} of {rounds} · {position} of {cells}: {cell} ({})",
                        if warmup { "warm-up" } else { "measuring" }
                    ),
                    seconds,
                    left * self.cell_time,
                );
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
                    self.cx.send(vec![Done::MadeRuns(runs)]);
                } else if matches!(record.status, Status::Ok | Status::Partial)
                    && let Some((path, options)) = file
                {
                    let runs: Vec<_> = runs.into_iter().map(|(r, _)| r).collect();
                    crate::analysis::compare::prepare(&runs);
                    self.cx.send(vec![Done::FileRead {
                        path,
                        options,
                        runs,
                    }]);
                }
                if matches!(record.status, Status::Failed | Status::Partial) {
                    self.cx.send(vec![Done::Error(format!(
                        "{} round {}: {}",
                        record.cell,
                        record.round,
                        record.error.as_deref().unwrap_or("failed")
                    ))]);
                }
            }
            Event::RoundEnded { .. } => {}
            Event::Generators(checks) => self.cx.send(vec![Done::GeneratorsChecked(checks)]),
            Event::Generator { name, state } => {
                self.cx.send(vec![Done::GeneratorState(name, state)])
            }
        }
    }

    fn stop_requested(&self) -> bool {
        self.cx.is_stopped()
    }
}
