//! k6's end-of-test console summary, what most k6 users keep: the classic layout of
//! k6 v0.x (metrics under the ASCII logo, one `name....: values` line each) and the
//! grouped one of k6 v1 (`█ TOTAL RESULTS`, then HTTP, EXECUTION, NETWORK). Progress
//! lines, the logo, thresholds and checks' marks are skipped. A sub-metric line
//! (`{ expected_response:true }...:`) belongs to the metric above it and is never
//! read as the metric itself: it is kept, with every metric the run's own fields do
//! not hold (the other `http_req_*` trends, checks, iterations, data sent), as a
//! tool metric. Trend statistics follow `--summary-trend-stats`: any of avg, min,
//! med, max, p(N) and count (`super::k6_values`). Source: grafana/k6 `internal/js/summary.js`
//! (v1) and `lib/summary.go`'s text renderer (v0); `docs/benchmark-formats.md`.

use std::borrow::Cow;
use std::path::Path;

use super::ImportError;
use super::importer::TextFormat;
use super::{k6_values, transcript};
use crate::model::{ErrorCounts, LatencySummary, Measurement, Run, ToolMetric};
use crate::naming;

/// k6 console summary: the importer.
pub const TEXT: TextFormat = TextFormat {
    id: "k6-text",
    describe: "k6 end-of-test console summary",
    tools: &["k6"],
    throughput_definition: "http_reqs ÷ whole test duration (ramp-up, setup and teardown included)",
    sniff: looks_like,
    parse,
};

/// k6's metric lines with `http_reqs` among them, or those of a run that sent
/// nothing (aborted in `setup()`): only `vus_max` and `data_received`, which no other
/// tool prints in this shape.
pub fn looks_like(text: &str) -> bool {
    text.lines().filter_map(metric_line).any(|m| {
        matches!(
            m.name,
            "http_reqs" | "iterations" | "vus_max" | "data_received"
        )
    })
}

/// One `name.....: values` line.
#[derive(Debug, Clone, PartialEq)]
struct MetricLine<'a> {
    /// `http_req_duration`, or `{ expected_response:true }` for a sub-metric.
    name: &'a str,
    values: &'a str,
}

impl MetricLine<'_> {
    fn is_sub_metric(&self) -> bool {
        self.name.starts_with('{')
    }
}

/// A metric line, or `None`: the name (after a threshold's `✓`/`✗`) runs to a row
/// of dots and a colon.
fn metric_line(line: &str) -> Option<MetricLine<'_>> {
    let line = line.trim();
    let line = line
        .strip_prefix('✓')
        .or_else(|| line.strip_prefix('✗'))
        .unwrap_or(line)
        .trim_start();
    let dots = line.find("..")?;
    let name = line[..dots].trim();
    let rest = line[dots..].trim_start_matches('.');
    let values = rest.strip_prefix(':')?.trim();
    let plain = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let sub = name.starts_with('{') && name.ends_with('}');
    let tagged = name.contains('{') && name.ends_with('}') && !sub;
    (!name.is_empty() && (plain || sub || tagged)).then_some(MetricLine { name, values })
}

/// Where a new run starts in a transcript: the first line of k6's logo (each run
/// prints it unless `--quiet`; `/\      |‾‾| /‾‾/   /‾‾/` before v0.55, `/\
/// Grafana   /‾‾/` since), or v1's results heading.
fn starts_run(line: &str) -> bool {
    line.contains("/‾‾/") || line.starts_with("█ TOTAL RESULTS")
}

/// The lines a run may start at (v1 prints its logo and its results heading: two
/// lines for one run).
pub fn report_lines(text: &str) -> Vec<usize> {
    transcript::lines_where(text, starts_run)
}

/// The metrics of one summary in the order printed: (name, line, values). A
/// sub-metric is named with its metric (`http_req_duration{expected_response:true}`).
#[derive(Default)]
struct Summary<'a> {
    first_line: usize,
    metrics: Vec<(Cow<'a, str>, usize, &'a str)>,
}

impl Summary<'_> {
    fn get(&self, name: &str) -> Option<(usize, &str)> {
        self.metrics
            .iter()
            .find(|m| m.0 == name)
            .map(|m| (m.1, m.2))
    }
}

/// Every summary of `text`: a new one at k6's logo or results heading, or when a
/// metric comes again (summaries pasted one after another).
pub fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let mut summaries: Vec<Summary<'_>> = Vec::new();
    let mut current = Summary::default();
    let mut parent: Option<&str> = None;
    // A log line k6 printed of its own failure, for a summary without requests.
    let mut k6_error: Option<(usize, &str)> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let trimmed = line.trim();
        if starts_run(trimmed) {
            // v1 prints both the logo and the heading, with no metric between: one
            // run, not two.
            if !current.metrics.is_empty() {
                summaries.push(std::mem::take(&mut current));
            }
            continue;
        }
        if trimmed.starts_with("ERRO[") || trimmed.contains("level=error") {
            k6_error.get_or_insert((n, trimmed));
        }
        let Some(m) = metric_line(line) else {
            continue;
        };
        if m.is_sub_metric() {
            // `{ expected_response:true }` under its metric, without the spaces.
            if let Some(p) = parent {
                let name = format!("{p}{}", m.name.replace(' ', ""));
                current.metrics.push((Cow::Owned(name), n, m.values));
            }
            continue;
        }
        if current.get(m.name).is_some() {
            summaries.push(std::mem::take(&mut current));
        }
        if current.metrics.is_empty() {
            current.first_line = n;
        }
        current.metrics.push((Cow::Borrowed(m.name), n, m.values));
        parent = Some(m.name);
    }
    if !current.metrics.is_empty() {
        summaries.push(current);
    }
    let stem = naming::classify(path).stem;
    let with_requests: Vec<&Summary<'_>> = summaries
        .iter()
        .filter(|s| s.get("http_reqs").is_some())
        .collect();
    if with_requests.is_empty() {
        let message = match k6_error {
            Some((line, own)) => {
                return Err(ImportError::parse(
                    path,
                    line,
                    format!(
                        "k6 reported an error, and its summary has no HTTP requests: `{}`",
                        crate::error::tool_words(own)
                    ),
                ));
            }
            None => "k6's summary has no `http_reqs` line (no HTTP requests?)",
        };
        let line = summaries.first().map_or(1, |s| s.first_line);
        return Err(ImportError::parse(path, line, message));
    }
    with_requests
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let label = transcript::label(&stem, i);
            run_of(path, s, label)
        })
        .collect()
}

/// The metrics a run's own fields hold; every other is one of its tool metrics.
const IN_THE_RUN: [&str; 3] = ["http_reqs", "http_req_duration", "http_req_failed"];

fn run_of(path: &Path, s: &Summary<'_>, label: String) -> Result<Run, ImportError> {
    let metric = |name: &str| s.get(name);
    let bad = |line: usize, name: &str, expected: &str, found: &str| {
        ImportError::parse(
            path,
            line,
            format!(
                "`{name}`: expected {expected}, found `{}`",
                crate::error::excerpt(found)
            ),
        )
    };
    // `40721  13513.766007/s`: the count and k6's rate.
    let (line, values) = metric("http_reqs").expect("summaries with http_reqs only");
    let (requests, rps) = k6_values::count_and_rate(values).ok_or_else(|| {
        bad(
            line,
            "http_reqs",
            "a count and a rate such as `40721 13513.77/s`",
            values,
        )
    })?;
    let latency = match metric("http_req_duration") {
        Some((line, values)) => k6_values::latency(values).ok_or_else(|| {
            bad(
                line,
                "http_req_duration",
                "trend statistics such as `avg=315.12µs min=22.71µs med=150.16µs`",
                values,
            )
        })?,
        None => LatencySummary::default(),
    };
    let failed = match metric("http_req_failed") {
        Some((line, values)) => k6_values::rate(values)
            .map(|(_, failed, _)| failed)
            .ok_or_else(|| {
                bad(
                    line,
                    "http_req_failed",
                    "a rate such as `9.09% 3704 out of 40721`",
                    values,
                )
            })?,
        None => 0,
    };
    let vus_max = metric("vus_max").and_then(|(_, v)| k6_values::max_of(v));
    let data = metric("data_received").and_then(|(_, v)| k6_values::data_and_rate(v));
    let tool_metrics = s
        .metrics
        .iter()
        .filter(|(name, _, _)| !IN_THE_RUN.contains(&name.as_ref()))
        .map(|(name, line, values)| {
            let stats = k6_values::stats(values).ok_or_else(|| {
                bad(
                    *line,
                    name,
                    "k6's values of a trend (`avg=1ms ...`), a counter (`12 4.5/s`), a \
                     rate (`9.09% 3 out of 33`) or a gauge (`5 min=5 max=5`)",
                    values,
                )
            })?;
            Ok(ToolMetric {
                name: name.to_string(),
                stats,
            })
        })
        .collect::<Result<Vec<_>, ImportError>>()?;
    Ok(Run {
        duration_s: (rps > 0.0).then(|| requests as f64 / rps),
        connections: vus_max,
        requests: Some(requests),
        throughput_rps: Some(rps),
        transfer_bytes_per_s: data.map(|d| d.1),
        bytes_read: data.map(|d| d.0),
        latency: if requests > 0 {
            latency
        } else {
            LatencySummary::default()
        },
        errors: ErrorCounts {
            other: failed,
            ..ErrorCounts::default()
        },
        tool_metrics,
        ..Run::read("k6", path, label, Measurement::Unknown)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_lines_of_both_layouts() {
        let v0 = "   ✓ http_req_duration..............: avg=311.23µs min=21.81µs";
        assert_eq!(
            metric_line(v0),
            Some(MetricLine {
                name: "http_req_duration",
                values: "avg=311.23µs min=21.81µs"
            })
        );
        let sub = "       { expected_response:true }...: avg=312.15µs";
        assert!(metric_line(sub).unwrap().is_sub_metric());
        assert_eq!(metric_line("running (01.0s), 5/5 VUs"), None);
        assert_eq!(metric_line("     execution: local"), None);
        assert_eq!(metric_line("    ✓ 'p(95)<500' p(95)=762.14µs"), None);
    }
}
