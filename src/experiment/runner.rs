//! Runs an experiment: setup, then round after round every cell once in its
//! round's order (warm-up, then the measured run), each tool a child process whose
//! output goes to the output folder; the manifest and the workspace are rewritten
//! after every run; teardown at the end, whatever happened.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::file::{Experiment, ExperimentError};
use super::manifest::{self, GeneratorCheck, Manifest, RoundRecord, RunRecord, Status};
use super::plan::{self, Cell};
use super::stop_rule::{self, Widest};
use super::tool::{Invocation, Tool};
use crate::analysis::origin::Origin;
use crate::analysis::run_set::RunSet;
use crate::error::WriteError;
use crate::import::{self, Format};
use crate::model::Run;

/// The workspace's file name in the output folder.
pub const WORKSPACE: &str = "experiment.gatebench";

/// How often a running tool is checked for its end, a stop or its time limit.
const POLL: Duration = Duration::from_millis(50);

/// What the runner reports as it goes, and how it is asked to stop.
pub trait Observer {
    fn event(&mut self, event: Event);
    /// True once the user asked to stop (Ctrl+C, the window's Stop).
    fn stop_requested(&self) -> bool;
}

#[derive(Debug, Clone)]
pub enum Event {
    /// `setup` or `teardown` is running.
    Shell { what: &'static str, command: String },
    /// A tool starts: the warm-up or the measured run of a cell.
    Starting {
        round: u32,
        /// The rounds planned so far: `min`, or `max` with a stop rule once past
        /// `min`.
        rounds: u32,
        position: u32,
        cells: u32,
        cell: String,
        warmup: bool,
        /// How long the tool is set to run.
        seconds: f64,
    },
    /// A measured run ended; `runs` are what its file holds (empty unless `ok`).
    Ended {
        record: Box<RunRecord>,
        runs: Vec<(Run, Origin)>,
    },
    /// A round ended; `widest` is the stop rule's widest interval so far.
    RoundEnded { round: u32, widest: Option<Widest> },
    /// The generators passed their checks: each one's tools and clock.
    Generators(Vec<GeneratorCheck>),
    /// A generator's part of the current run changed state.
    Generator { name: String, state: GeneratorState },
}

/// Where a generator is in the current run.
#[derive(Debug, Clone, PartialEq)]
pub enum GeneratorState {
    /// Its files are in place; it waits for the agreed start.
    Ready,
    /// Its tool started, set to run this long.
    Running {
        seconds: f64,
    },
    Done,
    /// It dropped out of the run, for this reason.
    Lost(String),
}

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

/// Runs `experiment` (see the module's documentation).
pub fn run(
    experiment: &Experiment,
    settings: &Settings,
    observer: &mut dyn Observer,
) -> Result<Outcome, RunError> {
    let out_error = |m: String| RunError::Output(format!("{}: {m}", settings.out.display()));
    std::fs::create_dir_all(&settings.out)
        .map_err(|e| out_error(format!("cannot create the folder: {e}")))?;
    // Absolute: the tools run in the experiment's folder, and the scripts they are
    // given live in this one.
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
    // With generators, every one reached, its tools, versions and clock checked
    // before anything runs; else this machine's tools asked for their versions.
    let (checks, versions) = if experiment.generators.is_empty() {
        (Vec::new(), tool_versions(experiment))
    } else {
        let checks = super::fleet::check(experiment)
            .map_err(|m| RunError::Output(format!("{}: {m}", experiment.path.display())))?;
        observer.event(Event::Generators(checks.clone()));
        (checks, Vec::new())
    };
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
    if !checks.is_empty() {
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
            && let Ok(read) = read_record(experiment, cell, record, out, &manifest.generators)
        {
            runs.add_with(read.0);
        }
    }
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
            let record = if experiment.generators.is_empty() {
                run_cell(
                    experiment, cell, at, &versions, &host, out, &scripts, observer,
                )
            } else {
                super::fleet_cell::run_cell(experiment, cell, at, &checks, &host, out, observer)
            };
            stopped = record.status == Status::Aborted;
            let read = if matches!(record.status, Status::Ok | Status::Partial) {
                read_record(experiment, cell, &record, out, &checks)
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
            let lost_stop = experiment.fleet.on_failure == super::generator::OnFailure::Stop
                && record.generators.iter().any(|p| p.status != Status::Ok)
                && record.status != Status::Aborted;
            if lost_stop {
                manifest.stop_reason = Some(format!(
                    "stopped in round {round}: {} (on_generator_failure = \"stop\")",
                    record.error.as_deref().unwrap_or("a generator was lost")
                ));
            }
            runs.add_with(read.clone());
            manifest.runs.push(record.clone());
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
    teardown(experiment, &folder, out, observer);
    save(out, &manifest, &runs, &workspace)?;
    Ok(Outcome {
        manifest,
        runs,
        stopped,
    })
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

/// Where a run is in the schedule.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    pub round: u32,
    pub rounds: u32,
    pub position: u32,
    pub cells: u32,
}

impl Place {
    /// The event of `cell`'s tool starting here for `duration`.
    pub fn starting(self, cell: &Cell, warmup: bool, duration: Duration) -> Event {
        Event::Starting {
            round: self.round,
            rounds: self.rounds,
            position: self.position,
            cells: self.cells,
            cell: cell.name.clone(),
            warmup,
            seconds: duration.as_secs_f64(),
        }
    }
}

/// Runs one cell: its warm-up (kept apart), then the measured run.
#[allow(clippy::too_many_arguments)]
fn run_cell(
    experiment: &Experiment,
    cell: &Cell,
    at: Place,
    versions: &[(Tool, String)],
    host: &str,
    out: &Path,
    scripts: &Path,
    observer: &mut dyn Observer,
) -> RunRecord {
    let target = &experiment.targets[cell.target];
    let tool = cell.load.tool;
    let stem_name = format!("{}.round{}", cell.file_part(&target.name), at.round);
    let version = versions
        .iter()
        .find(|(t, _)| *t == tool)
        .map_or("unknown".to_owned(), |(_, v)| v.clone());
    let folder = experiment.folder();
    // One run of the tool (the warm-up or the measurement): said, then executed.
    let mut launch = |stem: PathBuf, duration: Duration, warmup: bool| {
        let inv = tool.invocation(target, &cell.load, duration, &stem, scripts);
        observer.event(at.starting(cell, warmup, duration));
        let stderr = PathBuf::from(format!("{}.stderr.txt", stem.display()));
        let ended = execute(&inv.argv, &folder, &inv.stdout, &stderr, duration, observer);
        remove_if_empty(&stderr);
        (inv, stderr, ended)
    };
    let record = |inv: &Invocation, result: &Path, stderr: &Path, ended: &Ended| {
        record_of(
            cell, target, at, &inv.argv, tool, &version, host, out, result, stderr, ended,
        )
    };
    let mut warmup_file = None;
    if let Some(warmup) = cell.load.warmup {
        let (inv, stderr, ended) = launch(out.join(format!("{stem_name}.warmup")), warmup, true);
        warmup_file = Some(relative(&inv.result, out));
        if ended.aborted {
            return RunRecord {
                status: Status::Aborted,
                error: Some("stopped during the warm-up".into()),
                ..record(&inv, &inv.result, &stderr, &ended)
            };
        }
    }
    let stem = out.join(&stem_name);
    let (inv, stderr, mut ended) = launch(stem.clone(), cell.load.duration, false);
    if ended.error.is_none()
        && !ended.aborted
        && let Some(then) = &inv.then
    {
        let extra = PathBuf::from(format!("{}.encode.stderr.txt", stem.display()));
        let encoded = execute(
            then,
            &folder,
            &stem.with_extension("encode.txt"),
            &extra,
            Duration::from_secs(600),
            observer,
        );
        remove_if_empty(&extra);
        if encoded.error.is_some() {
            ended.error = encoded.error;
        }
    }
    let mut result = inv.result.clone();
    if ended.aborted {
        // Kept, under a name that says so, and never read.
        let aborted = aborted_name(&result);
        if std::fs::rename(&result, &aborted).is_ok() {
            result = aborted;
        }
    }
    RunRecord {
        warmup_file,
        ..record(&inv, &result, &stderr, &ended)
    }
}

/// Removes `path` when the tool wrote nothing to it: most runs say nothing on
/// stderr, and a folder of empty files hides the ones that matter.
pub(super) fn remove_if_empty(path: &Path) {
    if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        let _ = std::fs::remove_file(path);
    }
}

/// `x.round1.csv` → `x.round1.aborted.csv`.
pub(super) fn aborted_name(path: &Path) -> PathBuf {
    match path.extension() {
        Some(ext) => path.with_extension(format!("aborted.{}", ext.to_string_lossy())),
        None => path.with_extension("aborted"),
    }
}

#[allow(clippy::too_many_arguments)]
fn record_of(
    cell: &Cell,
    target: &super::file::Target,
    at: Place,
    argv: &[String],
    tool: Tool,
    version: &str,
    host: &str,
    out: &Path,
    result: &Path,
    stderr: &Path,
    ended: &Ended,
) -> RunRecord {
    let status = if ended.aborted {
        Status::Aborted
    } else if ended.error.is_some() {
        Status::Failed
    } else {
        Status::Ok
    };
    RunRecord {
        target: target.name.clone(),
        cell: cell.name.clone(),
        sweep: cell.sweep.clone(),
        round: at.round,
        position: at.position,
        command: argv.to_vec(),
        tool: tool.name().to_owned(),
        tool_version: version.to_owned(),
        host: host.to_owned(),
        started_at: ended.started_at.clone(),
        ended_at: ended.ended_at.clone(),
        exit_code: ended.exit_code,
        file: relative(result, out),
        warmup_file: None,
        stderr_file: stderr.is_file().then(|| relative(stderr, out)),
        status,
        error: if ended.aborted {
            Some("stopped by the user; its output is kept and not analysed".into())
        } else {
            ended.error.clone()
        },
        generators: Vec::new(),
        start_spread_ms: None,
        start_spread_flagged: false,
        window: None,
        merge: None,
    }
}

/// How a child process ended.
struct Ended {
    started_at: String,
    ended_at: String,
    exit_code: Option<i32>,
    aborted: bool,
    /// Why it failed: a non-zero exit with the end of its stderr, a start that
    /// failed, a time limit.
    error: Option<String>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Runs `argv` in `folder`, standard output to `stdout`, standard error to
/// `stderr`, until it ends, the observer asks to stop, or it overruns `expected`
/// by a wide margin.
fn execute(
    argv: &[String],
    folder: &Path,
    stdout: &Path,
    stderr: &Path,
    expected: Duration,
    observer: &mut dyn Observer,
) -> Ended {
    let started_at = now();
    let fail = |m: String| Ended {
        started_at: started_at.clone(),
        ended_at: now(),
        exit_code: None,
        aborted: false,
        error: Some(m),
    };
    let (Ok(out_file), Ok(err_file)) =
        (std::fs::File::create(stdout), std::fs::File::create(stderr))
    else {
        return fail(format!("cannot create {}", stdout.display()));
    };
    let child = Command::new(&argv[0])
        .args(&argv[1..])
        .current_dir(folder)
        .stdin(Stdio::null())
        .stdout(out_file)
        .stderr(err_file)
        .spawn();
    let mut child: Child = match child {
        Ok(c) => c,
        Err(e) => return fail(format!("cannot start `{}`: {e}", argv[0])),
    };
    // Tools end on their own after their duration; one that runs on is stuck.
    let limit = expected + expected / 2 + Duration::from_secs(30);
    let begun = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let code = status.code();
                let error = (!status.success()).then(|| {
                    let tail = tail_of(stderr);
                    match code {
                        Some(c) => format!("`{}` exited with {c}: {tail}", argv[0]),
                        None => format!("`{}` was killed by a signal: {tail}", argv[0]),
                    }
                });
                return Ended {
                    started_at,
                    ended_at: now(),
                    exit_code: code,
                    aborted: observer.stop_requested(),
                    error,
                };
            }
            Ok(None) => {}
            Err(e) => return fail(format!("cannot wait for `{}`: {e}", argv[0])),
        }
        let stop = observer.stop_requested();
        if stop || begun.elapsed() > limit {
            let _ = child.kill();
            let status = child.wait().ok();
            return Ended {
                started_at,
                ended_at: now(),
                exit_code: status.and_then(|s| s.code()),
                aborted: stop,
                error: (!stop).then(|| {
                    format!(
                        "`{}` ran {} past its {}: stopped",
                        argv[0],
                        crate::format::seconds((begun.elapsed() - expected).as_secs_f64()),
                        crate::format::seconds(expected.as_secs_f64())
                    )
                }),
            };
        }
        std::thread::sleep(POLL);
    }
}

/// The last lines of a tool's standard error, for its failure.
pub(super) fn tail_of(path: &Path) -> String {
    let tail = last_lines(&std::fs::read_to_string(path).unwrap_or_default(), 3);
    if tail.is_empty() {
        "nothing on stderr".to_owned()
    } else {
        tail
    }
}

/// The last `n` non-empty lines of `text`, trimmed and joined with ` | `.
pub(super) fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines[lines.len().saturating_sub(n)..].join(" | ")
}

/// Reads a finished run's file as its tool's format, named and grouped by its cell;
/// `stderr_file` is what the tool wrote on stderr, relative to the file's folder.
pub(super) fn read_run(
    experiment: &Experiment,
    cell: &Cell,
    round: u32,
    stderr_file: Option<&str>,
    path: &Path,
) -> Result<Vec<(Run, Origin)>, String> {
    let target = &experiment.targets[cell.target];
    // wrk says on stderr when its script failed (a missing file, a Lua error) and
    // then runs without it: without the method, headers and body it was given.
    if matches!(cell.load.tool, Tool::Wrk | Tool::Wrk2)
        && let (Some(stderr), Some(out)) = (stderr_file, path.parent())
    {
        return Err(format!(
            "{}: wrk wrote to stderr, so its script (method, headers, body, the \
             distribution) may not have run: {}",
            path.display(),
            tail_of(&out.join(stderr))
        ));
    }
    let options = import::Options {
        format: Format::by_id(cell.load.tool.result_format()),
        no_infer: true,
        ..import::Options::default()
    };
    let read = import::load_file_with(path, &options, &|_| {}).map_err(|e| e.to_string())?;
    if read.is_empty() {
        return Err(format!("{}: no run in the tool's output", path.display()));
    }
    let several = read.len() > 1;
    Ok(read
        .into_iter()
        .enumerate()
        .map(|(index, mut run)| {
            run.label = if several {
                format!("{} r{round} #{}", cell.name, index + 1)
            } else {
                format!("{} r{round}", cell.name)
            };
            run.integration = Some(target.integration.clone());
            run.memory_mb = target.memory_mb;
            run.inferred_from = None;
            run.group = Some(cell.name.clone());
            run.sweep = cell.sweep.clone();
            run.connections = run.connections.or(Some(cell.load.connections));
            if matches!(cell.load.tool, Tool::Wrk | Tool::Wrk2) {
                run.threads = run.threads.or(Some(cell.load.threads));
            }
            run.rate_rps = run.rate_rps.or(cell.load.rate);
            run.target = run.target.or(Some(target.url.clone()));
            let origin = Origin::File {
                path: path.to_owned(),
                index,
                options: options.clone(),
            };
            (run, origin)
        })
        .collect())
}

/// Reads a finished record's runs: its file, or its generators' files merged.
/// Returns them with the record as read (a generator's unreadable file makes the
/// run partial).
fn read_record(
    experiment: &Experiment,
    cell: &Cell,
    record: &RunRecord,
    out: &Path,
    checks: &[GeneratorCheck],
) -> Result<(Vec<(Run, Origin)>, RunRecord), String> {
    if record.generators.is_empty() {
        return read_run(
            experiment,
            cell,
            record.round,
            record.stderr_file.as_deref(),
            &out.join(&record.file),
        )
        .map(|runs| (runs, record.clone()));
    }
    let (runs, record) = super::fleet_cell::read(experiment, cell, record, out, checks);
    match record.status {
        Status::Failed => Err(record
            .error
            .clone()
            .unwrap_or_else(|| "no generator's result could be read".into())),
        _ => Ok((runs, record)),
    }
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

/// Writes each target's request scripts (wrk's Lua, k6's JS, bodies).
fn write_scripts(experiment: &Experiment, scripts: &Path) -> Result<(), RunError> {
    std::fs::create_dir_all(scripts)
        .map_err(|e| RunError::Output(format!("{}: cannot create: {e}", scripts.display())))?;
    // A sweep varies no target's tool: one set of scripts per target.
    for target in &experiment.targets {
        for (name, content) in target.load.tool.scripts(target) {
            crate::output::write_atomic(&scripts.join(name), content.as_bytes())?;
        }
    }
    Ok(())
}

/// The version line of every tool the experiment uses.
fn tool_versions(experiment: &Experiment) -> Vec<(Tool, String)> {
    let mut versions: Vec<(Tool, String)> = Vec::new();
    for tool in experiment.tools() {
        let version = match tool.version_args() {
            None => tool.version_line(""),
            Some(args) => {
                let program = tool
                    .location()
                    .unwrap_or_else(|| PathBuf::from(tool.program()));
                match Command::new(program)
                    .args(args)
                    .stdin(Stdio::null())
                    .output()
                {
                    Ok(o) => {
                        let text = String::from_utf8_lossy(&o.stdout).to_string()
                            + &String::from_utf8_lossy(&o.stderr);
                        tool.version_line(&text)
                    }
                    Err(e) => format!("unknown ({e})"),
                }
            }
        };
        versions.push((tool, version));
    }
    versions
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

/// `path` relative to `base`, with `/`.
pub(super) fn relative(path: &Path, base: &Path) -> String {
    pathdiff::diff_paths(path, base)
        .unwrap_or_else(|| path.to_owned())
        .to_string_lossy()
        .replace('\\', "/")
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
