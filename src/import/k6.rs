//! k6 outputs (grafana/k6): the `--summary-export` JSON (values lifted into each
//! metric, no run time), the `handleSummary` argument (values under `values`, run time
//! in `state.testRunDurationMs`), and `--out csv` samples (one run per `name` tag).
//! Trend percentiles follow `summaryTrendStats`: `med` and any `p(N)`.

use std::path::Path;

use serde_json::Value;

use super::importer::{PER_REQUEST_THROUGHPUT, StreamedFormat, TextFormat};
use super::{ImportError, Stream};
use crate::blocks::{self, Kind, Layout, Wanted};
use crate::model::{ErrorCounts, LatencySummary, MAX_LATENCY_MS, Measurement, Percentile, Run};
use crate::naming;
use crate::samples::Labelled;
use crate::samples::Outcome;

/// k6 summary JSON: the importer.
pub const JSON: TextFormat = TextFormat {
    id: "k6-json",
    describe: "k6 summary JSON",
    tools: &["k6"],
    throughput_definition: "http_reqs ÷ whole test duration (ramp-up, setup and teardown included)",
    sniff: looks_like_json,
    parse: parse_json,
};

/// k6 CSV: the importer.
pub const CSV: StreamedFormat = StreamedFormat {
    id: "k6-csv",
    describe: "k6 CSV",
    tools: &["k6"],
    throughput_definition: PER_REQUEST_THROUGHPUT,
    sniff: looks_like_csv,
    load: load_csv,
    options: &[],
};

pub const CSV_PREFIX: &str = "metric_name,timestamp,metric_value,";

pub fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && text.contains("\"root_group\"")
        && text.contains("\"http_reqs\"")
}

pub fn looks_like_csv(head: &[u8]) -> bool {
    head.starts_with(CSV_PREFIX.as_bytes())
}

/// `p(99.9)` -> `99.9`.
fn trend_percentile(key: &str) -> Option<&str> {
    let p = key.strip_prefix("p(")?.strip_suffix(')')?;
    p.parse::<f64>().ok().map(|_| p)
}

pub fn parse_json(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::parse(path, e.line().max(1), format!("not valid JSON: {e}")))?;
    let metrics = doc
        .get("metrics")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            ImportError::parse(path, 1, "expected k6's summary with a `metrics` object")
        })?;
    // handleSummary nests the numbers under `values`; the summary export lifts them.
    let values = |name: &str| metrics.get(name).map(|m| m.get("values").unwrap_or(m));
    let number = |name: &str, key: &str| {
        values(name)
            .and_then(|v| v.get(key))
            .and_then(Value::as_f64)
    };

    let requests = number("http_reqs", "count").ok_or_else(|| {
        ImportError::parse(
            path,
            1,
            "k6's summary lacks `http_reqs` (no HTTP requests?)",
        )
    })?;
    let rps = number("http_reqs", "rate").unwrap_or(0.0);
    let duration_s = doc
        .get("state")
        .and_then(|s| s.get("testRunDurationMs"))
        .and_then(Value::as_f64)
        .map(|ms| ms / 1000.0)
        // The export has no run time: count / rate, k6's own definition.
        .unwrap_or(if rps > 0.0 { requests / rps } else { 0.0 });

    let trend = values("http_req_duration").and_then(Value::as_object);
    let latency = match trend {
        Some(t) if requests > 0.0 => {
            let get = |k: &str| t.get(k).and_then(Value::as_f64);
            let mut percentiles: Vec<Percentile> = Vec::new();
            if let Some(med) = get("med") {
                percentiles.push(Percentile::new("50", med));
            }
            let mut ps: Vec<(f64, Percentile)> = t
                .iter()
                .filter_map(|(k, v)| {
                    let p = trend_percentile(k)?;
                    Some((p.parse().ok()?, Percentile::new(p, v.as_f64()?)))
                })
                .collect();
            ps.sort_by(|a, b| a.0.total_cmp(&b.0));
            percentiles.extend(ps.into_iter().map(|(_, p)| p));
            LatencySummary {
                mean: get("avg"),
                stdev: None,
                min: get("min"),
                max: get("max"),
                percentiles,
            }
        }
        _ => LatencySummary::default(),
    };
    // `passes` of http_req_failed counts the *failed* requests.
    let failed = number("http_req_failed", "passes").unwrap_or(0.0) as u64;
    let bytes = number("data_received", "count");
    Ok(vec![Run {
        duration_s: Some(duration_s),
        connections: number("vus_max", "max")
            .or(number("vus_max", "value"))
            .map(|v| v as u32),
        requests: Some(requests as u64),
        throughput_rps: Some(rps),
        transfer_bytes_per_s: number("data_received", "rate"),
        bytes_read: bytes,
        latency,
        errors: ErrorCounts {
            other: failed,
            ..ErrorCounts::default()
        },
        ..Run::read(
            "k6",
            path,
            naming::classify(path).stem,
            Measurement::Unknown,
        )
    }])
}

/// `--out csv`: the `http_req_duration` samples, one run per `name` tag.
pub fn load_csv(stream: Stream<'_>) -> Result<Vec<Run>, ImportError> {
    let Stream { head, source, .. } = stream;
    let path = source.path;
    let first = String::from_utf8_lossy(head);
    let header = first.lines().next().unwrap_or("");
    let names: Vec<&str> = header.split(',').collect();
    let find = |n: &str| names.iter().position(|x| *x == n);
    let column = |n: &str| {
        find(n).ok_or_else(|| ImportError::parse(path, 1, format!("k6's CSV header lacks `{n}`")))
    };
    let (metric, time, value) = (
        column("metric_name")?,
        column("timestamp")?,
        column("metric_value")?,
    );
    let (name, status) = (find("name"), find("status"));
    let wanted = |index: usize, kind: Kind, required: bool| Wanted {
        index,
        name: names[index].to_owned(),
        kind,
        hint: "",
        required,
        // Values of every metric: zero or more; latencies are checked by metric.
        latency_max: (index == value).then_some(f64::INFINITY),
        to_whole: None,
    };
    let mut columns = vec![
        wanted(metric, Kind::Text, true),
        wanted(time, Kind::Number, true),
        wanted(value, Kind::Number, true),
    ];
    columns.extend(name.map(|i| wanted(i, Kind::Text, false)));
    columns.extend(status.map(|i| wanted(i, Kind::Text, false)));
    let layout = Layout {
        separator: b',',
        fields: names.len(),
        wanted: columns,
        start: blocks::after_first_line(head),
        first_line: 2,
        cut_off_last_row: false,
    };
    let stem = naming::classify(path).stem;
    let labels = blocks::read(source, &layout, |labels: &mut Labelled, frame| {
        let col = blocks::Columns::new(frame, path);
        let metrics = col.text(metric)?;
        let times = col.number(time)?;
        let values = col.number(value)?;
        let tags = name.map(|i| col.text(i)).transpose()?;
        let codes = status.map(|i| col.text(i)).transpose()?;
        for row in 0..frame.height() {
            if metrics.get(row) != Some("http_req_duration") {
                continue;
            }
            let (Some(t), Some(ms)) = (times.get(row), values.get(row)) else {
                continue;
            };
            if ms > MAX_LATENCY_MS {
                // The frame does not know its lines: the value says which.
                return Err(ImportError::file(
                    path,
                    format!(
                        "an http_req_duration of {ms} ms, more than a day: expected a \
                         latency of {} ms at most",
                        crate::format::thousands(MAX_LATENCY_MS as u64)
                    ),
                ));
            }
            let code = codes
                .and_then(|c| c.get(row))
                .and_then(|c| c.parse::<i64>().ok());
            let outcome = code.map_or(Outcome::Ok, Outcome::from_status);
            let label = tags
                .and_then(|n| n.get(row))
                .filter(|n| !n.is_empty())
                .unwrap_or(stem.as_str());
            labels.entry(label).0.add(t, ms, outcome, 0);
        }
        Ok(())
    })?
    .state;
    let runs = labels.into_runs(path, "k6", true, Measurement::Unknown);
    if runs.is_empty() {
        return Err(ImportError::parse(
            path,
            2,
            "the k6 CSV holds no http_req_duration samples",
        ));
    }
    Ok(runs)
}
