//! Runs turned into records: the series they go in, their time, commit, branch and
//! tags, their metrics, JSON and histogram.

use std::collections::BTreeMap;

use super::{Metric, NewRecord};
use crate::model::Run;

/// What `history record` was told besides the files.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub series: String,
    pub commit: Option<String>,
    pub branch: Option<String>,
    /// `--at`, Unix ms; else each run's own start, else now.
    pub at_ms: Option<i64>,
    pub tags: BTreeMap<String, String>,
}

/// The records of the runs of one file (or workspace): one run goes in series
/// NAME; several go in NAME/LABEL, where a run in a group of repeats (an
/// experiment's cell: its rounds) takes its group's name, so that repeats share a
/// series.
pub fn records(runs: &[Run], context: &Context, now_ms: i64) -> Vec<NewRecord> {
    runs.iter()
        .map(|run| {
            let series = if runs.len() == 1 {
                context.series.clone()
            } else {
                series_of(&context.series, run)
            };
            NewRecord {
                series,
                at_ms: context.at_ms.or_else(|| started_ms(run)).unwrap_or(now_ms),
                commit: context.commit.clone(),
                branch: context.branch.clone(),
                tags: context.tags.clone(),
                metrics: Metric::ALL.map(|m| m.of(run)),
                requests: run.requests,
                run_json: serde_json::to_string(run).unwrap_or_default(),
                histogram: histogram(run),
            }
        })
        .collect()
}

/// The series of `run` under `base` when it is one of several: `base/LABEL`, or
/// `base/GROUP` for a run in a group of repeats (an experiment's cell: its rounds
/// share a series).
pub fn series_of(base: &str, run: &Run) -> String {
    format!("{base}/{}", run.group.as_deref().unwrap_or(&run.label))
}

/// When the run's first request started, where the file says in wall-clock time
/// (per-request files with Unix timestamps).
fn started_ms(run: &Run) -> Option<i64> {
    let d = run.detail.as_ref().filter(|d| d.epoch)?;
    d.series.first().map(|p| p.second * 1000)
}

/// The run's histogram in HdrHistogram's V2 + DEFLATE encoding.
fn histogram(run: &Run) -> Option<Vec<u8>> {
    use hdrhistogram::serialization::{Serializer, V2DeflateSerializer};
    let d = run.detail.as_ref().filter(|d| d.count > 0)?;
    let mut out = Vec::new();
    V2DeflateSerializer::new()
        .serialize(&d.histogram, &mut out)
        .ok()?;
    Some(out)
}

/// The run of a stored record, for the window's Results: its metrics, and the tool,
/// integration type and memory tier its JSON names, labelled with its series and
/// commit (else its time) and put in `group` (a segment, when two segments are
/// compared).
pub fn run_of(record: &super::Record, group: Option<String>) -> Run {
    let r = &record.new;
    let label = format!(
        "{} {}",
        r.series,
        r.commit.clone().unwrap_or_else(|| super::rfc3339(r.at_ms))
    );
    use crate::model::{ErrorCounts, LatencySummary, Percentile};
    let json: serde_json::Value = serde_json::from_str(&record.new.run_json).unwrap_or_default();
    let text = |k: &str| json.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let count = |k: &str| {
        json.get("errors")
            .and_then(|e| e.get(k))
            .and_then(|v| v.as_u64())
            .unwrap_or(0)
    };
    let m = |metric: Metric| record.metric(metric);
    let percentiles = [
        ("50", Metric::LatencyP50Ms),
        ("90", Metric::LatencyP90Ms),
        ("99", Metric::LatencyP99Ms),
    ]
    .into_iter()
    .filter_map(|(p, metric)| Some(Percentile::new(p, m(metric)?)))
    .collect();
    Run {
        source: format!("history: {}", record.new.series),
        tool: text("tool").unwrap_or_else(|| "history".into()),
        label,
        integration: text("integration"),
        memory_mb: json
            .get("memory_mb")
            .and_then(|v| v.as_u64())
            .map(|v| v as u32),
        duration_s: json.get("duration_s").and_then(|v| v.as_f64()),
        requests: record.new.requests,
        throughput_rps: m(Metric::ThroughputRps),
        latency: LatencySummary {
            mean: m(Metric::LatencyMeanMs),
            percentiles,
            ..Default::default()
        },
        errors: ErrorCounts {
            connect: count("connect"),
            read: count("read"),
            write: count("write"),
            timeout: count("timeout"),
            non_2xx_3xx: count("non_2xx_3xx"),
            other: count("other"),
        },
        group,
        ..Run::default()
    }
}
