//! Runs an experiment: setup, then round after round every cell once in its
//! round's order on the fleet (`cell`), until the rounds asked or the stop rule
//! says; the manifest and the workspace are rewritten after every run, so that a
//! stopped experiment resumes where it stopped; teardown at the end, whatever
//! happened. Which generators run the tools is the fleet's business, never this
//! file's.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::backend::Fleet;
use super::cell::{self, Context};
use super::file::ExperimentError;
use super::generator::OnFailure;
use super::manifest::{self, Manifest, RoundRecord, RunRecord, Status};
use super::observe::{Event, Observer, Place};
use super::outputs::WORKSPACE;
use super::plan::{self, Cell};
use super::results;
use super::server_capture::{self, RunWindow};
use super::spec::{Experiment, ServerLog};
use super::stop_rule::{self, Widest};
use crate::analysis::run_set::{RunId, RunSet};
use crate::error::WriteError;
use crate::model::Run;

/// Where and how to run.
#[derive(Debug, Clone)]
pub struct Settings {
    pub out: PathBuf,
    pub resume: bool,
}

/// Why an experiment could not run (bad input: exit 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Experiment(#[from] ExperimentError),
    #[error("{0}")]
    Output(String),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// How an experiment ended.
#[derive(Debug)]
pub struct Outcome {
    pub manifest: Manifest,
    /// Every finished run, as the workspace holds them.
    pub runs: RunSet,
    /// Stopped by the user before the end.
    pub stopped: bool,
}

impl Outcome {
    pub fn failed(&self) -> Vec<&RunRecord> {
        self.manifest
            .runs
            .iter()
            .filter(|r| r.status == Status::Failed)
            .collect()
    }
}

/// Runs `experiment` on its generators, or on this machine when it names none
/// (see the module's documentation).
pub fn run(
    experiment: &Experiment,
    settings: &Settings,
    observer: &mut dyn Observer,
) -> Result<Outcome, RunError> {
    run_on(&Fleet::of(experiment), experiment, settings, observer)
}

/// Runs `experiment` on `fleet`: what [`run`] does, with the generators given
/// (the schedule's tests give generators that run no tool).
pub fn run_on(
    fleet: &Fleet,
    experiment: &Experiment,
    settings: &Settings,
    observer: &mut dyn Observer,
) -> Result<Outcome, RunError> {
    let out_error = |m: String| RunError::Output(format!("{}: {m}", settings.out.display()));
    std::fs::create_dir_all(&settings.out)
        .map_err(|e| out_error(format!("cannot create the folder: {e}")))?;
    // Absolute: setup and teardown run in the experiment's folder.
    let out = &std::path::absolute(&settings.out)
        .map_err(|e| out_error(format!("cannot resolve the folder: {e}")))?;
    let previous = Manifest::read(out).map_err(RunError::Output)?;
    let previous = match (previous, settings.resume) {
        (Some(m), false) if !m.runs.is_empty() => {
            return Err(out_error(format!(
                "holds an experiment already ({} run(s) in {}): add --resume to finish it, or \
                 choose another --out",
                m.runs.len(),
                manifest::FILE
            )));
        }
        (None, true) => {
            return Err(out_error(format!(
                "no {} to resume: run without --resume to start",
                manifest::FILE
            )));
        }
        (Some(m), true) if m.experiment_sha256 != experiment.sha256 => {
            return Err(out_error(format!(
                "{} changed since this experiment began (its SHA-256 differs from the \
                 manifest's): refusing to resume; start again in another folder",
                experiment.path.display()
            )));
        }
        (m, _) => m.filter(|_| settings.resume),
    };
    let seed = previous
        .as_ref()
        .map(|m| m.seed)
        .or(experiment.seed)
        .unwrap_or_else(|| fastrand::u64(..));
    let cells = plan::cells(experiment);
    let host = host_name();
    // Every generator reached, its tools, versions and clock checked before
    // anything runs.
    let checks = super::fleet::check(fleet, &experiment.tools(), &experiment.fleet)
        .map_err(|m| RunError::Output(format!("{}: {m}", experiment.path.display())))?;
    if !fleet.alone {
        observer.event(Event::Generators(checks.clone()));
    }
    let scripts = out.join("scripts");
    write_scripts(experiment, &scripts)?;
    let mut manifest = previous.unwrap_or_else(|| Manifest {
        gatebench_experiment: manifest::VERSION,
        experiment_file: experiment.path.display().to_string(),
        experiment_sha256: experiment.sha256.clone(),
        seed,
        experiment: serde_json::to_value(experiment).unwrap_or_default(),
        host: host.clone(),
        generators: Vec::new(),
        rounds: Vec::new(),
        runs: Vec::new(),
        stop_reason: None,
    });
    manifest.stop_reason = None;
    if !fleet.alone {
        manifest.generators = checks.clone();
    }
    let mut runs = RunSet::default();
    // A resumed experiment's finished runs, read again.
    for record in manifest
        .runs
        .iter()
        .filter(|r| matches!(r.status, Status::Ok | Status::Partial))
    {
        let cell = cells.iter().find(|c| c.name == record.cell);
        if let Some(cell) = cell
            && let Ok(read) =
                results::read_record(experiment, cell, record, out, &manifest.generators)
        {
            let clients = runs.add_with(with_wall_clock(read.0, record));
            for log in &record.server_logs {
                let _ = add_server_log(&mut runs, &out.join(log), None, &clients);
            }
        }
    }
    let mut pending: Vec<Pending> = Vec::new();
    let workspace = out.join(WORKSPACE);
    save(out, &manifest, &runs, &workspace)?;

    let folder = experiment.folder();
    if let Some(setup) = &experiment.setup {
        observer.event(Event::Shell {
            what: "setup",
            command: setup.clone(),
        });
        let log = out.join("setup.log");
        if let Err(m) = shell(setup, &folder, &log) {
            teardown(experiment, &folder, out, observer);
            // What the setup said, so that the terminal and the Experiments tab show
            // why (a missing server, say) without opening the log.
            let said = std::fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = said.lines().filter(|l| !l.trim().is_empty()).collect();
            let tail = tail[tail.len().saturating_sub(12)..].join("\n  ");
            let said = if tail.is_empty() {
                String::new()
            } else {
                format!(", after:\n  {tail}")
            };
            return Err(RunError::Output(format!(
                "setup `{setup}` {m}; see {}{said}",
                log.display()
            )));
        }
    }

    let context = Context {
        experiment,
        fleet,
        checks: &checks,
        host: &host,
        out,
    };
    let rounds = experiment.rounds;
    let mut stopped = false;
    let mut round = 0;
    while round < rounds.max && !stopped {
        round += 1;
        let order = plan::round_order(seed, round, cells.len());
        if !manifest.rounds.iter().any(|r| r.round == round) {
            manifest.rounds.push(RoundRecord {
                round,
                order: order.iter().map(|&i| cells[i].name.clone()).collect(),
            });
        }
        let planned = if round > rounds.min {
            rounds.max
        } else {
            rounds.min
        };
        for (position, &index) in order.iter().enumerate() {
            let cell = &cells[index];
            if manifest.finished(&cell.name, round).is_some() {
                continue;
            }
            if observer.stop_requested() {
                stopped = true;
                break;
            }
            let at = Place {
                round,
                rounds: planned,
                position: position as u32 + 1,
                cells: cells.len() as u32,
            };
            let record = cell::run(&context, cell, at, observer);
            stopped = record.status == Status::Aborted;
            let read = if matches!(record.status, Status::Ok | Status::Partial) {
                results::read_record(experiment, cell, &record, out, &checks)
            } else {
                Ok((Vec::new(), record.clone()))
            };
            let (record, read) = match read {
                Ok((read, record)) => (record, read),
                Err(e) => (
                    RunRecord {
                        status: Status::Failed,
                        error: Some(e),
                        ..record
                    },
                    Vec::new(),
                ),
            };
            // A generator lost, and the file says to stop then.
            let lost_stop = experiment.fleet.on_failure == OnFailure::Stop
                && record.generators.iter().any(|p| p.status != Status::Ok)
                && record.status != Status::Aborted;
            if lost_stop {
                manifest.stop_reason = Some(format!(
                    "stopped in round {round}: {} (on_generator_failure = \"stop\")",
                    record.error.as_deref().unwrap_or("a generator was lost")
                ));
            }
            let clients = runs.add_with(with_wall_clock(read.clone(), &record));
            manifest.runs.push(record.clone());
            if !clients.is_empty() {
                queue_captures(
                    experiment,
                    cell,
                    &record,
                    manifest.runs.len() - 1,
                    clients,
                    &mut pending,
                );
            }
            take_captures(&mut pending, false, &mut manifest, &mut runs, &folder, out);
            save(out, &manifest, &runs, &workspace)?;
            observer.event(Event::Ended {
                record: Box::new(record),
                runs: read,
            });
            if stopped || lost_stop {
                stopped = true;
                break;
            }
        }
        if stopped {
            if manifest.stop_reason.is_none() {
                manifest.stop_reason = Some(format!("stopped by the user in round {round}"));
            }
            break;
        }
        let widest = widest(&cells, &runs);
        observer.event(Event::RoundEnded {
            round,
            widest: widest.clone(),
        });
        if round < rounds.min {
            continue;
        }
        match rounds.stop_when_ci_pct {
            None => {
                manifest.stop_reason = Some(format!("ran the {round} round(s) asked"));
                break;
            }
            Some(pct) => {
                let within = widest.as_ref().is_some_and(|w| w.pct <= pct);
                let widest_text = widest.as_ref().map_or("no interval".to_owned(), describe);
                if within {
                    manifest.stop_reason = Some(format!(
                        "every cell's 95% interval within ±{}% after {round} rounds (widest: \
                         {widest_text})",
                        crate::format::plain(pct)
                    ));
                    break;
                }
                if round == rounds.max {
                    manifest.stop_reason = Some(format!(
                        "reached max = {round} rounds before every interval was within ±{}% \
                         (widest: {widest_text})",
                        crate::format::plain(pct)
                    ));
                }
            }
        }
    }
    take_captures(&mut pending, true, &mut manifest, &mut runs, &folder, out);
    teardown(experiment, &folder, out, observer);
    save(out, &manifest, &runs, &workspace)?;
    Ok(Outcome {
        manifest,
        runs,
        stopped,
    })
}

/// The runs read for `record`, each knowing when it ran.
fn with_wall_clock(
    mut read: Vec<(Run, crate::analysis::origin::Origin)>,
    record: &RunRecord,
) -> Vec<(Run, crate::analysis::origin::Origin)> {
    for (run, _) in &mut read {
        run.wall_clock = record.wall_clock();
    }
    read
}

/// A server log to capture once `due`, for the run at `record` of the manifest.
struct Pending {
    due: std::time::Instant,
    record: usize,
    clients: Vec<RunId>,
    log: ServerLog,
    run: RunWindow,
    nth: usize,
}

/// Queues the capture of every `server_log` of `cell`'s target for `record`.
fn queue_captures(
    experiment: &Experiment,
    cell: &Cell,
    record: &RunRecord,
    index: usize,
    clients: Vec<RunId>,
    pending: &mut Vec<Pending>,
) {
    let target = &experiment.targets[cell.target];
    let Some(window) = record.wall_clock() else {
        return;
    };
    let stem = super::outputs::stem(&cell.file_part(&target.name), record.round, false);
    let mut formats: Vec<String> = Vec::new();
    for log in &target.server_logs {
        let format = log.file_format().to_owned();
        formats.push(format.clone());
        pending.push(Pending {
            due: std::time::Instant::now() + server_capture::delay(log),
            record: index,
            clients: clients.clone(),
            log: log.clone(),
            run: RunWindow {
                target: target.name.clone(),
                round: record.round,
                window,
                stem: stem.clone(),
            },
            nth: formats.iter().filter(|f| **f == format).count(),
        });
    }
}

/// Captures what is due (with `all`, everything, waiting for the last delay), adds
/// each log's runs paired with its client runs, and notes each in the manifest: a
/// file, or a warning.
fn take_captures(
    pending: &mut Vec<Pending>,
    all: bool,
    manifest: &mut Manifest,
    runs: &mut RunSet,
    folder: &Path,
    out: &Path,
) {
    pending.sort_by_key(|p| p.due);
    while let Some(first) = pending.first() {
        let now = std::time::Instant::now();
        if first.due > now {
            if !all {
                break;
            }
            std::thread::sleep(first.due - now);
        }
        let p = pending.remove(0);
        let record = &mut manifest.runs[p.record];
        match server_capture::capture(&p.log, &p.run, folder, out, p.nth) {
            Ok(captured) => {
                let format = captured.format.as_deref();
                match add_server_log(runs, &captured.path, format, &p.clients) {
                    Ok(()) => record
                        .server_logs
                        .push(super::outputs::relative(&captured.path, out)),
                    Err(e) => record.warnings.push(e),
                }
            }
            Err(e) => record.warnings.push(e),
        }
    }
}

/// Reads a captured server log (as `format` where known) and pairs its runs with
/// `clients`' first, named after it ("apigw-lambda-512 r2 lambda") and grouped
/// with the same log of its repeats.
fn add_server_log(
    runs: &mut RunSet,
    path: &Path,
    format: Option<&str>,
    clients: &[RunId],
) -> Result<(), String> {
    let options = crate::import::Options {
        format: format.and_then(crate::import::Format::by_id),
        no_infer: true,
        ..Default::default()
    };
    let Some(client) = clients.first().and_then(|&c| runs.get(c)).cloned() else {
        return Ok(());
    };
    let parts = crate::import::server_logs::read(path, &options).map_err(|e| e.to_string())?;
    for (options, mut found) in parts {
        for run in &mut found {
            let source = run.tool.clone();
            run.label = format!("{} {source}", client.label);
            run.group = Some(format!("{} {source}", client.group_key()));
            run.integration = client.integration.clone();
            if run.memory_mb.is_none() {
                run.memory_mb = client.memory_mb;
            }
        }
        for server in runs.add_file(path, &options, found) {
            runs.pair(clients[0], server, false);
        }
    }
    Ok(())
}

/// "elb-direct throughput ±3.1%".
fn describe(w: &Widest) -> String {
    if w.pct.is_finite() {
        format!("{} {} ±{}", w.cell, w.metric, crate::format::pct(w.pct))
    } else {
        format!("{} {}: fewer than two finished runs", w.cell, w.metric)
    }
}

/// The stop rule's widest interval over the finished runs, by cell.
fn widest(cells: &[Cell], runs: &RunSet) -> Option<Widest> {
    stop_rule::widest(cells.iter().map(|c| {
        let of_cell: Vec<&Run> = runs
            .runs()
            .iter()
            .filter(|r| r.group.as_deref() == Some(c.name.as_str()))
            .collect();
        (c.name.as_str(), of_cell)
    }))
}

/// Writes the manifest and the workspace of the finished runs.
fn save(out: &Path, manifest: &Manifest, runs: &RunSet, workspace: &Path) -> Result<(), RunError> {
    let text = serde_json::to_string_pretty(manifest).unwrap_or_default() + "\n";
    crate::output::write_atomic(&out.join(manifest::FILE), text.as_bytes())?;
    let parts = crate::workspace::Parts {
        runs,
        views: &Default::default(),
        planner: &Default::default(),
        prices: &Default::default(),
        window: serde_json::Value::Null,
    };
    let (ws, _) =
        crate::workspace::capture(parts, workspace).map_err(|e| RunError::Output(e.to_string()))?;
    crate::output::write_atomic(workspace, crate::workspace::to_text(&ws).as_bytes())?;
    Ok(())
}

/// Writes each target's request scripts (wrk's Lua, k6's JS, bodies) where the
/// user can read them; every generator is handed its own copy.
fn write_scripts(experiment: &Experiment, scripts: &Path) -> Result<(), RunError> {
    std::fs::create_dir_all(scripts)
        .map_err(|e| RunError::Output(format!("{}: cannot create: {e}", scripts.display())))?;
    // A sweep varies no target's tool: one set of scripts per target.
    for target in &experiment.targets {
        for (name, content) in super::invocation::scripts(target.load.tool, target) {
            crate::output::write_atomic(&scripts.join(name), content.as_bytes())?;
        }
    }
    Ok(())
}

/// Runs `command` with `sh -c` in `folder`, its output appended to `log`.
fn shell(command: &str, folder: &Path, log: &Path) -> Result<(), String> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let err = file.try_clone().map_err(|e| e.to_string())?;
    let status = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(folder)
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(err)
        .status()
        .map_err(|e| format!("cannot start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("exited with {}", status.code().unwrap_or(-1)))
    }
}

fn teardown(experiment: &Experiment, folder: &Path, out: &Path, observer: &mut dyn Observer) {
    if let Some(teardown) = &experiment.teardown {
        observer.event(Event::Shell {
            what: "teardown",
            command: teardown.clone(),
        });
        let _ = shell(teardown, folder, &out.join("teardown.log"));
    }
}

/// The machine's name, as the manifest records it.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "unknown".to_owned())
}
