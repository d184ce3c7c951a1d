//! Gatling's report statistics, `js/stats.json` (or `js/stats.js`, the same tree as
//! `var stats = {...}` with bare keys): one run per REQUEST node. Values are strings,
//! `-` means no data, and some versions pad and group digits (`"   92,163"`).
//! percentiles1..4 are Gatling's defaults, p50/p75/p95/p99.

use std::path::Path;

use serde_json::Value;

use super::ImportError;
use super::importer::TextFormat;
use crate::model::{ErrorCounts, Inferred, LatencySummary, Measurement, Percentile, Run};
use crate::naming;

/// Gatling stats.json: the importer.
pub const GATLING: TextFormat = TextFormat {
    id: "gatling",
    describe: "Gatling stats.json",
    tools: &["gatling"],
    throughput_definition: "Gatling's mean requests per second",
    sniff: looks_like,
    parse,
};

pub fn looks_like(text: &str) -> bool {
    text.contains("\"meanNumberOfRequestsPerSecond\"") && text.contains("\"numberOfRequests\"")
}

/// `var stats = { type: "GROUP", ... }` -> JSON: drop the assignment and what follows
/// the object, and quote bare keys.
fn js_to_json(text: &str) -> String {
    let start = text.find('{').unwrap_or(0);
    let body = &text[start..];
    let end = body.find("\nfunction ").unwrap_or(body.len());
    body[..end]
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            let key_len = trimmed
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(0);
            if key_len > 0 && trimmed[key_len..].starts_with(':') {
                format!("\"{}\"{}", &trimmed[..key_len], &trimmed[key_len..])
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A statistic's `total`, or `None` for `-`.
fn total(stats: &Value, key: &str) -> Option<f64> {
    let v = stats.get(key)?.get("total")?;
    match v {
        Value::String(s) => {
            let clean: String = s
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ',')
                .collect();
            clean.parse().ok()
        }
        other => other.as_f64(),
    }
}

fn run_of(path: &Path, name: &str, stats: &Value) -> Option<Run> {
    let requests = total(stats, "numberOfRequests")? as u64;
    let rps = total(stats, "meanNumberOfRequestsPerSecond").unwrap_or(0.0);
    let ok = stats
        .get("numberOfRequests")
        .and_then(|n| n.get("ok"))
        .and_then(Value::as_str);
    let failed = match (
        ok.and_then(|o| o.trim().replace(',', "").parse::<u64>().ok()),
        requests,
    ) {
        (Some(ok), n) => n.saturating_sub(ok),
        (None, _) => 0,
    };
    let percentiles = [
        ("percentiles1", "50"),
        ("percentiles2", "75"),
        ("percentiles3", "95"),
        ("percentiles4", "99"),
    ]
    .iter()
    .filter_map(|(k, p)| total(stats, k).map(|ms| Percentile::new(*p, ms)))
    .collect();
    let info = naming::classify(Path::new(name));
    let mut run = Run {
        duration_s: (rps > 0.0).then(|| requests as f64 / rps),
        requests: Some(requests),
        throughput_rps: Some(rps),
        latency: LatencySummary {
            mean: total(stats, "meanResponseTime"),
            stdev: total(stats, "standardDeviation"),
            min: total(stats, "minResponseTime"),
            max: total(stats, "maxResponseTime"),
            percentiles,
        },
        errors: ErrorCounts {
            other: failed,
            ..ErrorCounts::default()
        },
        ..Run::read("gatling", path, name.to_owned(), Measurement::Unknown)
    };
    info.fill(&mut run, Inferred::RunName);
    Some(run)
}

/// REQUEST nodes anywhere below `node`, in order.
fn requests<'a>(node: &'a Value, out: &mut Vec<&'a Value>) {
    if let Some(contents) = node.get("contents").and_then(Value::as_object) {
        for child in contents.values() {
            if child.get("type").and_then(Value::as_str) == Some("REQUEST") {
                out.push(child);
            } else {
                requests(child, out);
            }
        }
    }
}

pub fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let json = if text.trim_start().starts_with('{') {
        text.to_owned()
    } else {
        js_to_json(text)
    };
    let root: Value = serde_json::from_str(&json).map_err(|e| {
        ImportError::parse(
            path,
            e.line().max(1),
            format!("not valid Gatling statistics: {e}"),
        )
    })?;
    let mut nodes = Vec::new();
    requests(&root, &mut nodes);
    if nodes.is_empty() {
        nodes.push(&root);
    }
    let runs: Vec<Run> = nodes
        .into_iter()
        .filter_map(|n| {
            let name = n.get("name").and_then(Value::as_str).unwrap_or("gatling");
            run_of(path, name, n.get("stats")?)
        })
        .collect();
    if runs.is_empty() {
        return Err(ImportError::parse(
            path,
            1,
            "expected Gatling `stats` with `numberOfRequests`",
        ));
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    #[test]
    fn stats_js_becomes_json() {
        let js = "var stats = {\n    type: \"GROUP\",\nname: \"All\",\nstats: {\n    \"x\": 1\n}\n}\n\nfunction fillStats(stat){\n}";
        let v: serde_json::Value = serde_json::from_str(&super::js_to_json(js)).unwrap();
        assert_eq!(v["type"], "GROUP");
        assert_eq!(v["stats"]["x"], 1);
    }
}
