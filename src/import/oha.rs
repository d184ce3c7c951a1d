//! oha's JSON output (`--output-format json`, and `-j` before 1.9; hatoo/oha
//! `src/printer.rs`): durations in seconds, `null` where nothing succeeded.

use std::path::Path;

use serde_json::Value;

use super::importer::TextFormat;
use super::{ImportError, error_text};
use crate::model::{ErrorCounts, LatencySummary, Measurement, Percentile, Run};
use crate::naming;

/// oha JSON: the importer.
pub const OHA: TextFormat = TextFormat {
    id: "oha",
    describe: "oha JSON",
    tools: &["oha"],
    throughput_definition: "(successes + errors) ÷ total time",
    sniff: looks_like,
    parse,
};

pub fn looks_like(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && text.contains("\"requestsPerSec\"")
        && text.contains("\"latencyPercentiles\"")
}

pub fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::parse(path, e.line().max(1), format!("not valid JSON: {e}")))?;
    let summary = doc.get("summary").ok_or_else(|| {
        ImportError::parse(path, 1, "expected oha's JSON with a `summary` object")
    })?;
    let seconds = |v: &Value, key: &str| v.get(key).and_then(Value::as_f64);
    let ms = |key: &str| seconds(summary, key).map(|s| s * 1000.0);
    let total_s = seconds(summary, "total")
        .ok_or_else(|| ImportError::parse(path, 1, "oha's `summary` lacks `total` (seconds)"))?;
    let rps = seconds(summary, "requestsPerSec")
        .ok_or_else(|| ImportError::parse(path, 1, "oha's `summary` lacks `requestsPerSec`"))?;

    let mut errors = ErrorCounts::default();
    let mut responses = 0u64;
    if let Some(codes) = doc.get("statusCodeDistribution").and_then(Value::as_object) {
        for (code, n) in codes {
            let n = n.as_u64().unwrap_or(0);
            responses += n;
            if code.parse::<u16>().is_ok_and(|c| c >= 400) {
                errors.non_2xx_3xx += n;
            }
        }
    }
    if let Some(errs) = doc.get("errorDistribution").and_then(Value::as_object) {
        for (text, n) in errs {
            error_text::classify(&mut errors, text, n.as_u64().unwrap_or(0));
        }
    }
    let percentiles: Vec<Percentile> = doc
        .get("latencyPercentiles")
        .and_then(Value::as_object)
        .map(|ps| {
            ps.iter()
                .filter_map(|(k, v)| {
                    Some(Percentile::new(
                        k.trim_start_matches('p'),
                        v.as_f64()? * 1000.0,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let latency = match ms("average") {
        Some(mean) => LatencySummary {
            mean: Some(mean),
            stdev: None,
            min: ms("fastest"),
            max: ms("slowest"),
            percentiles,
        },
        None => LatencySummary::default(),
    };
    let bytes = seconds(summary, "totalData");
    Ok(vec![Run {
        duration_s: Some(total_s),
        requests: Some(responses),
        throughput_rps: Some(rps),
        transfer_bytes_per_s: seconds(summary, "sizePerSec"),
        bytes_read: bytes,
        latency,
        errors,
        ..Run::read(
            "oha",
            path,
            naming::classify(path).stem,
            Measurement::ClosedLoop,
        )
    }])
}
