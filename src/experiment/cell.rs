//! One cell of the schedule on the fleet: its warm-up (kept apart, never read),
//! then its measurement, and the record of how it went. On several generators
//! each one's result is a file of its own (`x.round1.NAME.csv`) and the record
//! lists them; on this machine alone the files and the record are those of a
//! single run (`x.round1.csv`), as they always were.

use std::path::Path;
use std::time::Duration;

use super::backend::Fleet;
use super::clock;
use super::fleet::{self, FleetEnded};
use super::invocation::{self, PartPlan};
use super::manifest::{GeneratorCheck, PartRecord, RunRecord, Status};
use super::observe::{Observer, Place};
use super::outputs::{self, PartFiles};
use super::plan::Cell;
use super::spec::Experiment;

/// What a cell's run needs besides the cell.
pub struct Context<'a> {
    pub experiment: &'a Experiment,
    pub fleet: &'a Fleet,
    /// The generators' checks: their versions and clock offsets.
    pub checks: &'a [GeneratorCheck],
    /// This machine's name, for the record.
    pub host: &'a str,
    pub out: &'a Path,
}

/// One launch of the tool on every generator, as it ended.
struct Launched {
    plan: PartPlan,
    files: Vec<PartFiles>,
    ended: FleetEnded,
    /// The result file's name in the manifest: the file, or the generators'
    /// pattern.
    named: String,
}

/// Runs `cell` at `at`: its warm-up, then the measurement.
pub fn run(context: &Context, cell: &Cell, at: Place, observer: &mut dyn Observer) -> RunRecord {
    let Context {
        experiment,
        fleet,
        checks,
        host,
        out,
    } = *context;
    let target = &experiment.targets[cell.target];
    let offsets: Vec<i128> = fleet
        .generators
        .iter()
        .map(|g| offset_of(checks, g.name()).map_or(0, |ms| (ms * 1e6) as i128))
        .collect();
    let part = cell.file_part(&target.name);
    let launch = |warmup: bool, duration: Duration, observer: &mut dyn Observer| {
        let plan = invocation::part_plan(target, &cell.load, duration);
        let stem = outputs::stem(&part, at.round, warmup);
        let ext = &plan.extension;
        let files: Vec<PartFiles> = if fleet.alone {
            vec![PartFiles::alone(out, &stem, ext)]
        } else {
            fleet
                .generators
                .iter()
                .map(|g| PartFiles::of_generator(out, &stem, g.name(), ext))
                .collect()
        };
        observer.event(at.starting(cell, warmup, duration));
        let ended = fleet::run_parts(fleet, &offsets, &plan, &files, duration, observer);
        for f in &files {
            outputs::remove_if_empty(&f.stderr);
        }
        let named = if fleet.alone {
            outputs::relative(&files[0].result, out)
        } else {
            outputs::generators_pattern(&stem, ext)
        };
        Launched {
            plan,
            files,
            ended,
            named,
        }
    };
    let mut record = RunRecord {
        target: target.name.clone(),
        cell: cell.name.clone(),
        sweep: cell.sweep.clone(),
        round: at.round,
        position: at.position,
        tool: cell.load.tool.name().to_owned(),
        tool_version: version_of(checks, cell.load.tool.name()),
        host: host.to_owned(),
        ..RunRecord::default()
    };
    if let Some(warmup) = cell.load.warmup {
        let w = launch(true, warmup, observer);
        record.warmup_file = Some(w.named.clone());
        if w.ended.aborted {
            let mut record = parts_of(record, &w, context);
            record.status = Status::Aborted;
            record.error = Some("stopped during the warm-up".into());
            return record;
        }
    }
    let m = launch(false, cell.load.duration, observer);
    let mut record = parts_of(record, &m, context);
    if m.ended.aborted {
        record.status = Status::Aborted;
        record.error = Some("stopped by the user; its output is kept and not analysed".into());
    } else {
        settle(&mut record);
    }
    record
}

/// `record` with the launch's command, times and parts: on this machine alone the
/// part's file, exit code and standard error are the record's own.
fn parts_of(record: RunRecord, launched: &Launched, context: &Context) -> RunRecord {
    let Launched {
        plan,
        files,
        ended,
        named,
    } = launched;
    let out = context.out;
    let mut parts: Vec<PartRecord> = Vec::new();
    for ((g, f), part) in context.fleet.generators.iter().zip(files).zip(&ended.parts) {
        let file = if ended.aborted {
            outputs::set_aside(&f.result)
        } else {
            f.result.clone()
        };
        parts.push(PartRecord {
            generator: g.name().to_owned(),
            host: g.host().to_owned(),
            started_at: part.started_ns.map(clock::rfc3339_ns),
            ended_at: part.ended_ns.map(clock::rfc3339_ns),
            exit_code: part.exit_code,
            file: outputs::relative(&file, out),
            stderr_file: f
                .stderr
                .is_file()
                .then(|| outputs::relative(&f.stderr, out)),
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
    let first = || starts.iter().min().map(|&ns| clock::rfc3339_ns(ns));
    let last = || {
        let ends = ended.parts.iter().filter_map(|p| p.ended_ns);
        ends.max().map(clock::rfc3339_ns)
    };
    let mut record = RunRecord {
        command: plan.run.argv.clone(),
        started_at: first().unwrap_or_else(clock::rfc3339_now),
        ended_at: last().unwrap_or_else(clock::rfc3339_now),
        file: named.clone(),
        ..record
    };
    if context.fleet.alone {
        let part = parts.remove(0);
        record.file = part.file;
        record.exit_code = part.exit_code;
        record.stderr_file = part.stderr_file;
        record.status = part.status;
        record.error = part.error;
    } else {
        let spread_ms = match (starts.iter().min(), starts.iter().max()) {
            (Some(a), Some(b)) if starts.len() > 1 => Some((b - a) as f64 / 1e6),
            _ => None,
        };
        let bound_ms = context.experiment.fleet.max_start_spread.as_secs_f64() * 1000.0;
        record.start_spread_ms = spread_ms;
        record.start_spread_flagged = spread_ms.is_some_and(|s| s > bound_ms);
        record.generators = parts;
    }
    record
}

/// The record's status and error from its parts': ok when all are, partial when
/// some are, failed when none is. A record of this machine alone keeps its own.
pub fn settle(record: &mut RunRecord) {
    if record.generators.is_empty() {
        return;
    }
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

/// Generator `name`'s clock offset, in ms.
pub fn offset_of(checks: &[GeneratorCheck], name: &str) -> Option<f64> {
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
