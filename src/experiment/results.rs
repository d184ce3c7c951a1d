//! A finished run read back: its tool's file as gatebench's format for it, named
//! and grouped by its cell; on several generators each one's file, merged into
//! one run (`docs/distributed-load.md`, "Merging").

use std::path::Path;

use super::cell;
use super::manifest::{GeneratorCheck, RunRecord, Status};
use super::outputs::tail_of;
use super::plan::Cell;
use super::spec::Experiment;
use super::tool::Tool;
use crate::analysis::origin::{Edits, Origin};
use crate::analysis::{merge, sending_window};
use crate::import::{self, Format};
use crate::model::Run;

/// Reads a finished run's file as its tool's format, named and grouped by its cell;
/// `stderr_file` is what the tool wrote on stderr, relative to the file's folder.
pub fn read_run(
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
pub fn read_record(
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
    let (runs, record) = read_parts(experiment, cell, record, out, checks);
    match record.status {
        Status::Failed => Err(record
            .error
            .clone()
            .unwrap_or_else(|| "no generator's result could be read".into())),
        _ => Ok((runs, record)),
    }
}

/// Reads the generators' files of a finished `record` and merges them; a part that
/// cannot be read counts as lost. Returns the run (none when no part was read)
/// and the record as read.
fn read_parts(
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
        let read = read_run(
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
                let offset_s = cell::offset_of(checks, &part.generator).unwrap_or(0.0) / 1000.0;
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
    cell::settle(&mut record);
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
