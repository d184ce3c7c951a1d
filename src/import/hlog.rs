//! HdrHistogram interval logs (`.hlog`, `HistogramLogWriter` of the Java, C, Go,
//! Python and Rust ports; `docs/benchmark-formats.md`, "HdrHistogram interval logs").
//! Each line is a whole histogram of one interval, so the logs of several load
//! generators merge exactly. One run per tag: latency from the merged interval
//! histograms, throughput from their counts over the logged time span, a time series
//! and time blocks from the intervals. Values are in microseconds unless the user says
//! otherwise (`--hlog-unit`), as most load tools record them.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use hdrhistogram::Histogram;
use hdrhistogram::serialization::interval_log::{
    IntervalLogIterator, IntervalLogWriterBuilder, LogEntry,
};
use hdrhistogram::serialization::{Deserializer, V2DeflateSerializer};

use super::ImportError;
use super::importer::{FormatOption, Input, Probe};
use crate::model::{
    Inferred, MAX_TIME_BLOCKS, Measurement, Run, RunDetail, SeriesPoint, TimeBlock,
};
use crate::naming;
use crate::samples::{latency_histogram, summary_of};

/// The unit the values of a log were recorded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum TimeUnit {
    Nanoseconds,
    #[default]
    Microseconds,
    Milliseconds,
}

impl TimeUnit {
    /// The unit of a [`UNIT`] choice.
    fn by_name(name: &str) -> Option<TimeUnit> {
        match name {
            "ns" => Some(TimeUnit::Nanoseconds),
            "us" => Some(TimeUnit::Microseconds),
            "ms" => Some(TimeUnit::Milliseconds),
            _ => None,
        }
    }

    /// Microseconds per unit.
    fn micros(self) -> f64 {
        match self {
            TimeUnit::Nanoseconds => 0.001,
            TimeUnit::Microseconds => 1.0,
            TimeUnit::Milliseconds => 1000.0,
        }
    }
}

/// HdrHistogram interval log: the importer.
pub struct Hlog;

pub const HLOG: Hlog = Hlog;

impl super::Importer for Hlog {
    fn id(&self) -> &'static str {
        "hlog"
    }
    fn describe(&self) -> &'static str {
        "HdrHistogram interval log (.hlog)"
    }
    fn tools(&self) -> &'static [&'static str] {
        &["hdrhistogram"]
    }
    fn throughput_definition(&self) -> &'static str {
        "recorded values ÷ (last interval's end − first interval's start)"
    }
    fn sniff(&self, probe: &Probe<'_>) -> bool {
        probe.text.is_some_and(looks_like)
    }
    fn read(&self, mut input: Input<'_>) -> Result<Vec<Run>, ImportError> {
        let unit = TimeUnit::by_name(input.setting(&UNIT)).unwrap_or_default();
        parse(input.path, input.text()?, unit)
    }
    fn options(&self) -> &'static [FormatOption] {
        std::slice::from_ref(&UNIT)
    }
}

/// The unit of a log's values, which the log does not say.
pub const UNIT: FormatOption = FormatOption {
    key: "hlog_unit",
    describe: "the unit of HdrHistogram logs' values (logs do not say)",
    choices: &[
        ("us", "values in microseconds (most tools)"),
        ("ns", "values in nanoseconds"),
        ("ms", "values in milliseconds"),
    ],
    free_text: None,
};

/// True for a log's format-version or legend line, or a `Tag=` interval line.
pub fn looks_like(text: &str) -> bool {
    text.lines().take(20).any(|l| {
        l.starts_with("#[Histogram log format version")
            || l.starts_with("\"StartTimestamp\",\"Interval_Length\"")
            || (l.starts_with("Tag=") && l.contains(",HIST"))
    })
}

/// One interval of one tag, in microseconds.
struct Interval {
    start_s: f64,
    length_s: f64,
    histogram: Histogram<u64>,
}

/// Reads a log whose values are in `unit`.
fn parse(path: &Path, text: &str, unit: TimeUnit) -> Result<Vec<Run>, ImportError> {
    let mut start_time: Option<f64> = None;
    let mut base_time: Option<f64> = None;
    let mut tags: Vec<(Option<String>, Vec<Interval>)> = Vec::new();
    // The iterator gives no line numbers: the interval lines, in order, are the ones
    // that start with neither `#` nor `"`.
    let interval_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with('"'))
        .map(|(i, _)| i + 1)
        .collect();
    let mut k = 0;
    for entry in IntervalLogIterator::new(text.as_bytes()) {
        let line = interval_lines.get(k).copied().unwrap_or(1);
        let entry = entry.map_err(|e| {
            ImportError::parse(
                path,
                line,
                format!(
                    "not an interval of an HdrHistogram log ({e:?}); expected \
                     `[Tag=NAME,]start,length,max,BASE64`"
                ),
            )
        })?;
        match entry {
            LogEntry::StartTime(t) => start_time = Some(t.as_secs_f64()),
            LogEntry::BaseTime(t) => base_time = Some(t.as_secs_f64()),
            LogEntry::Interval(h) => {
                k += 1;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(h.encoded_histogram())
                    .map_err(|e| {
                        ImportError::parse(path, line, format!("the histogram is not base64: {e}"))
                    })?;
                let source: Histogram<u64> = Deserializer::new()
                    .deserialize(&mut bytes.as_slice())
                    .map_err(|e| {
                        ImportError::parse(
                            path,
                            line,
                            format!("not an encoded HdrHistogram ({e:?}); expected a V2 histogram"),
                        )
                    })?;
                let mut histogram = latency_histogram();
                for v in source.iter_recorded() {
                    let us = (v.value_iterated_to() as f64 * unit.micros())
                        .round()
                        .max(1.0);
                    histogram.saturating_record_n(us as u64, v.count_at_value());
                }
                let tag = h.tag().map(|t| t.as_str().to_owned());
                let interval = Interval {
                    start_s: h.start_timestamp().as_secs_f64(),
                    length_s: h.duration().as_secs_f64(),
                    histogram,
                };
                match tags.iter_mut().find(|(t, _)| *t == tag) {
                    Some((_, list)) => list.push(interval),
                    None => tags.push((tag, vec![interval])),
                }
            }
        }
    }
    // Timestamps are relative to BaseTime, else to StartTime when they are small
    // (seconds since the run began); absolute (since the epoch) otherwise.
    let epoch_base = base_time.or(start_time);
    let stem = naming::classify(path).stem;
    let runs: Vec<Run> = tags
        .into_iter()
        .filter_map(|(tag, intervals)| {
            let label = tag.unwrap_or_else(|| stem.clone());
            run_of(path, label, intervals, epoch_base)
        })
        .collect();
    if runs.is_empty() {
        return Err(ImportError::parse(
            path,
            text.lines().count().max(1),
            "the log holds no interval with a recorded value; expected interval lines \
             `[Tag=NAME,]start,length,max,BASE64`",
        ));
    }
    Ok(runs)
}

fn run_of(path: &Path, label: String, intervals: Vec<Interval>, base: Option<f64>) -> Option<Run> {
    let mut total = latency_histogram();
    for i in &intervals {
        let _ = total.add(&i.histogram);
    }
    let count = total.len();
    if count == 0 {
        return None;
    }
    let absolute = |s: f64| match base {
        Some(b) if s < 1e9 => b + s,
        _ => s,
    };
    let epoch = base.is_some() || intervals.iter().any(|i| i.start_s >= 1e9);
    let first = intervals
        .iter()
        .map(|i| absolute(i.start_s))
        .fold(f64::INFINITY, f64::min);
    let last = intervals
        .iter()
        .map(|i| absolute(i.start_s) + i.length_s)
        .fold(f64::NEG_INFINITY, f64::max);
    let duration_s = (last - first).max(1e-3);
    // One series point per interval (merged where intervals share a second).
    let mut seconds: BTreeMap<i64, Histogram<u64>> = BTreeMap::new();
    for i in &intervals {
        let s = absolute(i.start_s).floor() as i64;
        let s = if epoch { s } else { s - first.floor() as i64 };
        let _ = seconds
            .entry(s)
            .or_insert_with(latency_histogram)
            .add(&i.histogram);
    }
    let q = |h: &Histogram<u64>, q: f64| Some(h.value_at_quantile(q) as f64 / 1000.0);
    let series = seconds
        .iter()
        .map(|(s, h)| SeriesPoint {
            second: *s,
            requests: h.len(),
            errors: 0,
            p50_ms: q(h, 0.5),
            p99_ms: q(h, 0.99),
        })
        .collect();
    let step_s = intervals
        .first()
        .map_or(1, |i| (i.length_s.round() as i64).max(1));
    // Time blocks for the intervals' bootstrap: the intervals themselves, merged in
    // runs of neighbours when there are more than the blocks kept.
    let per_block = intervals.len().div_ceil(MAX_TIME_BLOCKS).max(1);
    let blocks = intervals
        .chunks(per_block)
        .map(|chunk| {
            let mut h = latency_histogram();
            for i in chunk {
                let _ = h.add(&i.histogram);
            }
            TimeBlock {
                requests: h.len(),
                errors: 0,
                sum_ms: h.mean() * h.len() as f64 / 1000.0,
                span_s: chunk.iter().map(|i| i.length_s).sum::<f64>().max(1e-3),
                latency: h
                    .iter_recorded()
                    .map(|v| (v.value_iterated_to(), v.count_at_value()))
                    .collect(),
                start_s: chunk.first().map_or(0.0, |i| i.start_s),
            }
        })
        .collect();
    let (mean_ms, sd_ms) = (total.mean() / 1000.0, total.stdev() / 1000.0);
    let n = count as f64;
    let (min, max) = (total.min() as f64 / 1000.0, total.max() as f64 / 1000.0);
    let detail = RunDetail {
        count,
        sum_ms: mean_ms * n,
        sum_sq_ms: (sd_ms * sd_ms + mean_ms * mean_ms) * n,
        histogram: total,
        series,
        step_s,
        epoch,
        blocks,
        rebuilt: false,
    };
    let info = naming::classify(Path::new(&label));
    let mut run = Run {
        duration_s: Some(duration_s),
        requests: Some(count),
        throughput_rps: Some(n / duration_s),
        latency: summary_of(&detail, min, max),
        detail: Some(Arc::new(detail)),
        ..Run::read("hdrhistogram", path, label, Measurement::Unknown)
    };
    info.fill(&mut run, Inferred::RunName);
    Some(run)
}

/// Writes the histograms of the runs computed from samples as one interval log, one
/// tagged interval per run (its whole histogram, microseconds), so that a load
/// generator's host can ship a few kilobytes instead of its raw log, and the merge
/// stays exact. `None` when no run has such a histogram.
pub fn export(runs: &[Run]) -> Result<Option<Vec<u8>>, String> {
    let mut out = Vec::new();
    let mut serializer = V2DeflateSerializer::new();
    let mut builder = IntervalLogWriterBuilder::new();
    builder
        .add_comment("written by gatebench summarize --export-hlog: latency in microseconds")
        .with_max_value_divisor(1000.0);
    let mut writer = builder
        .begin_log_with(&mut out, &mut serializer)
        .map_err(|e| e.to_string())?;
    let mut written = 0;
    for run in runs {
        let Some(detail) = run.detail.as_ref().filter(|d| d.count > 0 && !d.rebuilt) else {
            continue;
        };
        let start = detail.series.first().map_or(0, |p| p.second.max(0)) as u64;
        let tag_text: String = run
            .label
            .chars()
            .map(|c| {
                if c == ',' || c.is_whitespace() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        let tag = hdrhistogram::serialization::interval_log::Tag::new(&tag_text);
        writer
            .write_histogram(
                &detail.histogram,
                std::time::Duration::from_secs(start),
                std::time::Duration::from_secs_f64(run.duration_s.unwrap_or(1.0).max(1e-3)),
                tag,
            )
            .map_err(|e| format!("{e:?}"))?;
        written += 1;
    }
    drop(writer);
    Ok((written > 0).then_some(out))
}
