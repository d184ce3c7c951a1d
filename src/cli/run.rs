//! `gatebench run EXPERIMENT`: runs an experiment (`docs/experiment-format.md`),
//! progress on stderr, then the summary table of its workspace on stdout. Exit 0
//! when every run succeeded, 1 when any failed or the user stopped it, 2 for bad
//! input.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Failure, RunArgs};
use crate::experiment::record::Recording;
use crate::experiment::{self, Event, Observer, Settings, Status};

pub fn run(args: &RunArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let experiment =
        experiment::read(&args.experiment).map_err(|e| Failure::bad_input(e.to_string()))?;
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&args.experiment));
    if args.dry_run {
        let seed = match experiment::Manifest::read(&dir) {
            Ok(Some(m)) if args.resume => m.seed,
            _ => experiment.seed.unwrap_or(0),
        };
        let mut text = experiment::plan::describe(&experiment, seed);
        if experiment.seed.is_none() && !args.resume {
            text += "\nno `seed` in the file: the run draws one and records it; these orders use \
                     seed 0\n";
        }
        text += &format!("\noutput folder: {}\n", dir.display());
        return out.write_all(text.as_bytes()).map_err(Failure::stdout);
    }
    // A history that cannot be used is said before anything runs.
    // `--record DB --series NAME`, else the file's `[record]`.
    let mut recording = match (&args.record, &args.series) {
        (Some(db), Some(series)) => Some(Recording::open(
            db,
            series,
            args.commit.clone(),
            args.branch.clone(),
        )),
        _ => experiment
            .record
            .as_ref()
            .map(|r| Recording::open(&r.db, &r.series, args.commit.clone(), args.branch.clone())),
    }
    .transpose()
    .map_err(Failure::bad_input)?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // A second Ctrl+C finds the flag set already: the tool is being stopped.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let settings = Settings {
        out: dir.clone(),
        resume: args.resume,
    };
    let mut progress = Progress { stop };
    let outcome = experiment::runner::run(&experiment, &settings, &mut progress)
        .map_err(|e| Failure::bad_input(e.to_string()))?;
    let runs = outcome.runs.runs();
    if !runs.is_empty() {
        let base = crate::analysis::baseline::default_baseline(runs);
        write!(out, "{}", super::summarize::table(runs, base)).map_err(Failure::stdout)?;
    }
    let reason = outcome.manifest.stop_reason.clone().unwrap_or_default();
    eprintln!("{reason}");
    eprintln!(
        "results: {} (workspace {})",
        dir.join(experiment::manifest::FILE).display(),
        dir.join(experiment::outputs::WORKSPACE).display()
    );
    if let (Some(recording), false) = (&mut recording, outcome.stopped) {
        let n = recording.record(runs).map_err(Failure::Failed)?;
        eprintln!("{}", recording.said(n));
    }
    let failed = outcome.failed();
    if outcome.stopped {
        return Err(Failure::CheckFailed(format!(
            "stopped: {} run(s) finished; `gatebench run {} --out {} --resume` finishes the rest",
            outcome
                .manifest
                .runs
                .iter()
                .filter(|r| r.status != Status::Aborted)
                .count(),
            args.experiment.display(),
            dir.display()
        )));
    }
    if !failed.is_empty() {
        let names: Vec<String> = failed
            .iter()
            .map(|r| {
                format!(
                    "  {} round {}: {}",
                    r.cell,
                    r.round,
                    r.error.as_deref().unwrap_or("failed")
                )
            })
            .collect();
        return Err(Failure::CheckFailed(format!(
            "{} run(s) failed (their stderr is kept beside them):\n{}",
            failed.len(),
            names.join("\n")
        )));
    }
    Ok(())
}

/// `sample-data/experiment.toml` → `sample-data/experiment/`.
fn default_out(experiment: &std::path::Path) -> std::path::PathBuf {
    experiment.with_extension("")
}

/// Progress lines on stderr; the stop flag Ctrl+C sets.
struct Progress {
    stop: Arc<AtomicBool>,
}

impl Observer for Progress {
    fn event(&mut self, event: Event) {
        match event {
            Event::Shell { what, command } => eprintln!("{what}: {command}"),
            Event::Starting {
                round,
                rounds,
                position,
                cells,
                cell,
                warmup,
                seconds,
            } => eprintln!(
                "round {round}/{rounds}, {position}/{cells}: {cell}: {} {}",
                if warmup { "warm-up" } else { "measuring" },
                crate::format::seconds(seconds)
            ),
            Event::Ended { record, runs } => match record.status {
                Status::Ok | Status::Partial => {
                    let rps = runs.first().and_then(|(r, _)| r.throughput_rps);
                    let steady = runs
                        .first()
                        .and_then(|(r, _)| r.steady_state)
                        .map(|s| format!(", {}", s.describe()))
                        .unwrap_or_default();
                    let word = if record.status == Status::Ok {
                        "ok"
                    } else {
                        "partial"
                    };
                    if record.generators.is_empty() {
                        eprintln!(
                            "  {word}: {} req/s{steady} ({})",
                            crate::format::throughput(rps),
                            record.file
                        );
                    } else {
                        let sent = record
                            .generators
                            .iter()
                            .filter(|p| p.status == Status::Ok)
                            .count();
                        eprintln!(
                            "  {word}: {} req/s from {sent} of {} generators{steady}; starts \
                             spread {}{}",
                            crate::format::throughput(rps),
                            record.generators.len(),
                            record.start_spread_ms.map_or("–".into(), |ms| format!(
                                "{} ms",
                                crate::format::ms(Some(ms))
                            )),
                            if record.start_spread_flagged {
                                " (flagged: wider than max_start_spread)"
                            } else {
                                ""
                            }
                        );
                        if let Some(w) = &record.window {
                            eprintln!("    {}", crate::present::runs_table::window_text(w));
                        }
                        if let Some(m) = &record.merge {
                            eprintln!("    latency merged {m}");
                        }
                    }
                    if let Some(e) = record.error.as_deref().filter(|_| word == "partial") {
                        eprintln!("    {e}");
                    }
                }
                Status::Failed => eprintln!(
                    "  failed: {}",
                    record.error.as_deref().unwrap_or("no reason given")
                ),
                Status::Aborted => eprintln!("  aborted: {}", record.file),
            },
            Event::Generators(checks) => {
                for c in checks {
                    eprintln!(
                        "generator {}: ready; clock {}; {}",
                        experiment::generator::described(&c.name, &c.host),
                        c.clock(),
                        c.versions()
                    );
                }
            }
            Event::Generator { name, state } => {
                if let experiment::GeneratorState::Lost(why) = state {
                    eprintln!("  generator {name} lost: {why}");
                }
            }
            Event::RoundEnded { round, widest } => {
                if let Some(w) = widest.filter(|w| w.pct.is_finite()) {
                    eprintln!(
                        "round {round} done: widest interval {} {} ±{}",
                        w.cell,
                        w.metric,
                        crate::format::pct(w.pct)
                    );
                }
            }
        }
    }

    fn stop_requested(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}
