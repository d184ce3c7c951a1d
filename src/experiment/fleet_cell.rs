//! One cell of the schedule on every generator at once, and its run: the merge of
//! the generators' runs (`docs/distributed-load.md`). Each generator's result is a
//! file of its own (`x.round1.NAME.csv`); the merged run's parts are those files'
//! runs, so that a workspace makes it again and the window can show each share.

use std::path::Path;
use std::time::Duration;

use super::clock;
use super::file::Experiment;
use super::fleet::{self, PartFiles};
use super::manifest::{GeneratorCheck, PartRecord, RunRecord, Status};
use super::plan::Cell;
use super::runner::{self, Observer, Place};
use super::session::PartPlan;
use crate::analysis::origin::{Edits, Origin};
use crate::analysis::{merge, sending_window};
use crate::model::Run;

/// Runs `cell` on every generator: its warm-up (kept apart), then the measurement.
pub(super) fn run_cell(
    experiment: &Experiment,
    cell: &Cell,
    at: Place,
    checks: &[GeneratorCheck],
    host: &str,
    out: &Path,
    observer: &mut dyn Observer,
) -> RunRecord {
    let target = &experiment.targets[cell.target];
    let tool = cell.load.tool;
    let generators = &experiment.generators;
    let offsets: Vec<i128> = generators
        .iter()
        .map(|g| offset_of(checks, &g.name).map_or(0, |ms| (ms * 1e6) as i128))
        .collect();
    let stem_name = format!("{}.round{}", cell.file_part(&target.name), at.round);
    let launch = |stem: String, duration: Duration, warmup: bool, observer: &mut dyn Observer| {
        // Paths relative to the session's own folder on each generator.
        let inv = tool.invocation(
            target,
            &cell.load,
            duration,
            Path::new("run"),
            Path::new("scripts"),
        );
        let name_of = |p: &Path| p.display().to_string();
        let plan = PartPlan {
            argv: inv.argv.clone(),
            stdout: name_of(&inv.stdout),
            result: name_of(&inv.result),
            then: inv.then.clone(),
            files: tool
                .scripts(target)
                .into_iter()
                .map(|(n, c)| (format!("scripts/{n}"), c))
                .collect(),
        };
        let ext = inv
            .result
            .extension()
            .map_or("out".to_owned(), |e| e.to_string_lossy().into_owned());
        let files: Vec<PartFiles> = generators
            .iter()
            .map(|g| PartFiles {
                result: out.join(format!("{stem}.{}.{ext}", g.name)),
                stderr: out.join(format!("{stem}.{}.stderr.txt", g.name)),
            })
            .collect();
        observer.event(at.starting(cell, warmup, duration));
        let ended = fleet::run_parts(generators, &offsets, &plan, &files, duration, observer);
        for f in &files {
            runner::remove_if_empty(&f.stderr);
        }
        (inv, files, ended, format!("{stem}.<generator>.{ext}"))
    };
    let mut warmup_file = None;
    if let Some(warmup) = cell.load.warmup {
        let (_, _, ended, pattern) = launch(format!("{stem_name}.warmup"), warmup, true, observer);
        warmup_file = Some(pattern);
        if ended.aborted {
            return aborted_record(experiment, cell, at, host, &warmup_file, "the warm-up");
        }
    }
    let (inv, files, ended, pattern) =
        launch(stem_name.clone(), cell.load.duration, false, observer);
    let mut parts: Vec<PartRecord> = Vec::new();
    for ((g, f), part) in generators.iter().zip(&files).zip(&ended.parts) {
        let mut file = f.result.clone();
        if ended.aborted {
            let aborted = runner::aborted_name(&file);
            if std::fs::rename(&file, &aborted).is_ok() {
                file = aborted;
            }
        }
        parts.push(PartRecord {
            generator: g.name.clone(),
            host: g.host().to_owned(),
            started_at: part.started_ns.map(clock::rfc3339_ns),
            ended_at: part.ended_ns.map(clock::rfc3339_ns),
            exit_code: part.exit_code,
            file: runner::relative(&file, out),
            stderr_file: f.stderr.is_file().then(|| runner::relative(&f.stderr, out)),
            status: if part.error.is_none() {
                Status::Ok
            } else {
                Status::Failed
            },
            error: part.error.clone(),
            requests: None,
        });
    }
    let starts: Vec<i128> = ended.parts.iter().filter_map(|p| p.started_ns).collect();
    let spread_ms = match (starts.iter().min(), starts.iter().max()) {
        (Some(a), Some(b)) if starts.len() > 1 => Some((b - a) as f64 / 1e6),
        _ => None,
    };
    let bound_ms = experiment.fleet.max_start_spread.as_secs_f64() * 1000.0;
    let mut record = RunRecord {
        target: target.name.clone(),
        cell: cell.name.clone(),
        sweep: cell.sweep.clone(),
        round: at.round,
        position: at.position,
        command: inv.argv.clone(),
        tool: tool.name().to_owned(),
        tool_version: version_of(checks, tool.name()),
        host: host.to_owned(),
        started_at: starts
            .iter()
            .min()
            .map_or_else(String::new, |&ns| clock::rfc3339_ns(ns)),
        ended_at: ended
            .parts
            .iter()
            .filter_map(|p| p.ended_ns)
            .max()
            .map_or_else(String::new, clock::rfc3339_ns),
        exit_code: None,
        file: pattern,
        warmup_file,
        stderr_file: None,
        status: Status::Ok,
        error: None,
        generators: parts,
        start_spread_ms: spread_ms,
        start_spread_flagged: spread_ms.is_some_and(|s| s > bound_ms),
        window: None,
        merge: None,
    };
    if ended.aborted {
        record.status = Status::Aborted;
        record.error = Some("stopped by the user; its output is kept and not analysed".into());
    } else {
        settle(&mut record);
    }
    record
}

/// The record's status and error from its parts': ok when all are, partial when
/// some are, failed when none is.
fn settle(record: &mut RunRecord) {
    let lost: Vec<String> = record
        .generators
        .iter()
        .filter(|p| p.status != Status::Ok)
        .map(|p| {
            format!(
                "{} ({}): {}",
                p.generator,
                p.host,
                p.error.as_deref().unwrap_or("failed")
            )
        })
        .collect();
    let all = record.generators.len();
    record.status = match lost.len() {
        0 => Status::Ok,
        n if n == all => Status::Failed,
        _ => Status::Partial,
    };
    record.error = match record.status {
        Status::Partial => Some(format!(
            "partial: lost {}; the run is the other {} generator(s)' data",
            lost.join("; "),
            all - lost.len()
        )),
        Status::Failed => Some(format!("every generator failed: {}", lost.join("; "))),
        _ => None,
    };
}

fn aborted_record(
    experiment: &Experiment,
    cell: &Cell,
    at: Place,
    host: &str,
    warmup_file: &Option<String>,
    during: &str,
) -> RunRecord {
    RunRecord {
        target: experiment.targets[cell.target].name.clone(),
        cell: cell.name.clone(),
        sweep: cell.sweep.clone(),
        position: at.position,
        tool: cell.load.tool.name().to_owned(),
        host: host.to_owned(),
        warmup_file: warmup_file.clone(),
        status: Status::Aborted,
        error: Some(format!("stopped during {during}")),
        ..record_shell(at.round)
    }
}

fn offset_of(checks: &[GeneratorCheck], name: &str) -> Option<f64> {
    checks
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.clock_offset_ms)
}

/// The tool's version on the generators: one, or each generator's.
fn version_of(checks: &[GeneratorCheck], tool: &str) -> String {
    let versions: Vec<(&str, &str)> = checks
        .iter()
        .filter_map(|c| {
            c.tools
                .iter()
                .find(|(t, _)| t == tool)
                .map(|(_, v)| (c.name.as_str(), v.as_str()))
        })
        .collect();
    match versions.first() {
        None => "unknown".into(),
        Some((_, v)) if versions.iter().all(|(_, w)| w == v) => (*v).to_owned(),
        Some(_) => versions
            .iter()
            .map(|(n, v)| format!("{n}: {v}"))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Reads the generators' files of a finished `record` and merges them; a part that
/// cannot be read counts as lost. Returns the run (none when no part was read)
/// and the record as read.
pub(super) fn read(
    experiment: &Experiment,
    cell: &Cell,
    record: &RunRecord,
    out: &Path,
    checks: &[GeneratorCheck],
) -> (Vec<(Run, Origin)>, RunRecord) {
    let mut record = record.clone();
    // Each part with when it sent, where its start and end are known.
    let mut parts: Vec<(Run, Origin, Option<sending_window::Sending>)> = Vec::new();
    let seconds = |at: &Option<String>| {
        at.as_deref()
            .and_then(|t| crate::history::parse_time(t).ok())
            .map(|ms| ms as f64 / 1000.0)
    };
    let round = record.round;
    for part in record.generators.iter_mut() {
        if part.status != Status::Ok {
            continue;
        }
        let read = runner::read_run(
            experiment,
            cell,
            round,
            part.stderr_file.as_deref(),
            &out.join(&part.file),
        )
        .and_then(|mut runs| match runs.len() {
            1 => Ok(runs.remove(0)),
            n => Err(format!("{}: {n} runs: expected one", part.file)),
        });
        match read {
            Ok((mut run, origin)) => {
                run.label = format!("{} r{round} @{}", cell.name, part.generator);
                part.requests = run.requests;
                let (start, end) = (seconds(&part.started_at), seconds(&part.ended_at));
                let offset_s = offset_of(checks, &part.generator).unwrap_or(0.0) / 1000.0;
                let sending = start
                    .zip(end)
                    .map(|(s, e)| sending_window::sending_of(&run, s, e, offset_s));
                parts.push((run, origin, sending));
            }
            Err(e) => {
                part.status = Status::Failed;
                part.error = Some(e);
            }
        }
    }
    settle(&mut record);
    if parts.is_empty() {
        return (Vec::new(), record);
    }
    let runs: Vec<Run> = parts.iter().map(|(r, _, _)| r.clone()).collect();
    let lost: Vec<&str> = record
        .generators
        .iter()
        .filter(|p| p.status != Status::Ok)
        .map(|p| p.generator.as_str())
        .collect();
    let rebuilt = runs
        .iter()
        .any(|r| r.detail.as_ref().is_some_and(|d| d.rebuilt));
    let per_request = runs
        .iter()
        .all(|r| r.detail.as_ref().is_some_and(|d| !d.series.is_empty()));
    record.merge = Some(
        if rebuilt {
            "approximate: a generator gave only a percentile table, rebuilt as a histogram"
        } else if per_request {
            "exact: the histogram of every generator's per-request records"
        } else {
            "exact at HdrHistogram's resolution (3 significant digits): each generator's whole \
             latency distribution"
        }
        .to_owned(),
    );
    // A window only where every part's start and end are known.
    let window = parts
        .iter()
        .map(|(_, _, s)| s.clone())
        .collect::<Option<Vec<_>>>()
        .and_then(|sendings| sending_window::common_window(&sendings));
    record.window = window;
    let mut label = format!("{} r{round}", cell.name);
    if !lost.is_empty() {
        label += &format!(" (partial: {} lost)", lost.join(", "));
    }
    if rebuilt {
        label += " (approximate)";
    }
    let (mut run, origin) = if parts.len() == 1 {
        let (run, origin, _) = parts.remove(0);
        (run, origin)
    } else {
        let merged = match merge::merge(&runs) {
            Ok(m) => m,
            Err(e) => {
                record.status = Status::Failed;
                record.error = Some(format!("cannot merge the generators' runs: {e}"));
                return (Vec::new(), record);
            }
        };
        let origin = Origin::Merged(
            parts
                .into_iter()
                .map(|(r, o, _)| (o, Edits::of(&r)))
                .collect(),
        );
        (merged, origin)
    };
    run.label = label;
    run.group = Some(cell.name.clone());
    if let Some(w) = window {
        run.window = Some(w);
        run.throughput_rps = w.throughput_rps().or(run.throughput_rps);
    }
    (vec![(run, origin)], record)
}

/// A record with nothing but its round: the base of one that ran nothing.
fn record_shell(round: u32) -> RunRecord {
    RunRecord {
        target: String::new(),
        cell: String::new(),
        sweep: None,
        round,
        position: 0,
        command: Vec::new(),
        tool: String::new(),
        tool_version: String::new(),
        host: String::new(),
        started_at: String::new(),
        ended_at: String::new(),
        exit_code: None,
        file: String::new(),
        warmup_file: None,
        stderr_file: None,
        status: Status::Ok,
        error: None,
        generators: Vec::new(),
        start_spread_ms: None,
        start_spread_flagged: false,
        window: None,
        merge: None,
    }
}
