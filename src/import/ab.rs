//! ApacheBench 2.3 text output (apache/httpd `support/ab.c`): `Key: value` lines, the
//! Connection Times table (whole ms) and the percentage table. A file may hold several
//! runs (a benchmark log), each starting at ab's banner, with other lines around them
//! (`super::transcript`); a run that ab itself gave up on is quoted (`apr_...`).

use std::path::Path;

use super::ImportError;
use super::importer::TextFormat;
use super::transcript::{self, Report};
use crate::model::{ErrorCounts, LatencySummary, Measurement, Percentile, Run};

/// ApacheBench summary: the importer.
pub const AB: TextFormat = TextFormat {
    id: "ab",
    describe: "ApacheBench summary",
    tools: &["ab"],
    throughput_definition: "completed requests ÷ time taken for tests",
    sniff: looks_like,
    parse,
};

pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| {
        l.starts_with("This is ApacheBench")
            || (l.starts_with("Benchmarking ") && l.contains("(be patient)"))
    })
}

fn first_number(value: &str, path: &Path, line: usize, what: &str) -> Result<f64, ImportError> {
    value
        .split_whitespace()
        .next()
        .and_then(super::number::measured)
        .ok_or_else(|| {
            ImportError::parse(
                path,
                line,
                format!("expected {what}, found `{}`", crate::error::excerpt(value)),
            )
        })
}

/// Where a run of ab starts: its banner, or its `Benchmarking` line where the file
/// has no banner (`-q` keeps it; an edited log may not).
fn starts_run(banner: bool) -> impl Fn(&str) -> bool {
    move |l: &str| {
        if banner {
            l.starts_with("This is ApacheBench")
        } else {
            l.starts_with("Benchmarking ")
        }
    }
}

fn has_banner(text: &str) -> bool {
    text.lines()
        .any(|l| l.trim().starts_with("This is ApacheBench"))
}

/// The lines each run starts at.
pub fn report_lines(text: &str) -> Vec<usize> {
    transcript::lines_where(text, starts_run(has_banner(text)))
}

/// Every run of ab in `text`.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    transcript::read_each(
        path,
        text,
        starts_run(has_banner(text)),
        "no ApacheBench run found; expected `This is ApacheBench` or `Benchmarking`",
        |r, label| parse_report(path, r, label),
    )
}

/// ab's own error on `line` (`apr_socket_recv: Connection refused (111)`), as it
/// printed it, after `Benchmarking ... (be patient)...` on the same line or alone.
fn ab_error(line: &str) -> Option<&str> {
    let at = line.find("apr_")?;
    Some(line[at..].trim())
}

fn parse_report(path: &Path, report: &Report<'_>, label: String) -> Result<Run, ImportError> {
    let mut concurrency = None;
    let (mut duration_s, mut complete, mut rps, mut transfer, mut transferred) =
        (None, None, None, None, None);
    let mut errors = ErrorCounts::default();
    let mut total_row: Option<Vec<f64>> = None;
    let mut percentiles = Vec::new();
    for (n, raw) in report.numbered() {
        let line = raw.trim();
        if line.contains("apr_pollset_poll: The timeout specified has expired") {
            return Err(ImportError::parse(
                path,
                n,
                "ab's per-request timeout (-s) fired, so ab printed no results; expected ab's summary",
            ));
        }
        if let Some(own) = ab_error(line) {
            // ab stopped with its own words: they are the message.
            return Err(ImportError::parse(
                path,
                n,
                format!(
                    "ab stopped: `{}`; it printed no results",
                    crate::error::tool_words(own)
                ),
            ));
        }
        if let Some(rest) = line.strip_prefix('(') {
            // `(Connect: 0, Receive: 0, Length: 12, Exceptions: 0)` after Failed requests.
            for part in rest.trim_end_matches(')').split(',') {
                let Some((k, v)) = part.split_once(':') else {
                    continue;
                };
                let v: u64 = v.trim().parse().unwrap_or(0);
                match k.trim() {
                    "Connect" => errors.connect += v,
                    "Receive" => errors.read += v,
                    "Exceptions" => errors.other += v,
                    _ => {} // Length: a body length unlike the first one, not an error
                }
            }
            continue;
        }
        if let Some(p) = line
            .split_whitespace()
            .next()
            .and_then(|t| t.strip_suffix('%'))
            && p.parse::<f64>().is_ok()
        {
            // `50%      3` or ` 100%     47 (longest request)`
            let ms = first_number(
                line.split_whitespace().nth(1).unwrap_or(""),
                path,
                n,
                "whole milliseconds",
            )?;
            percentiles.push(Percentile::new(p, ms));
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "Concurrency Level" => {
                concurrency = Some(first_number(value, path, n, "a whole number")? as u32)
            }
            "Time taken for tests" => duration_s = Some(first_number(value, path, n, "seconds")?),
            "Complete requests" => {
                complete = Some(first_number(value, path, n, "a whole number")? as u64)
            }
            "Write errors" => {
                errors.write += first_number(value, path, n, "a whole number")? as u64
            }
            "Non-2xx responses" => {
                errors.non_2xx_3xx += first_number(value, path, n, "a whole number")? as u64
            }
            "Total transferred" => transferred = Some(first_number(value, path, n, "bytes")?),
            "Requests per second" => rps = Some(first_number(value, path, n, "a rate")?),
            "Transfer rate" => {
                transfer = Some(first_number(value, path, n, "Kbytes/sec")? * 1024.0)
            }
            "Total" => {
                // `Total:          0    5   5.5      3      47`: min mean sd median max
                let cells: Vec<f64> = value
                    .split_whitespace()
                    .filter_map(super::number::measured)
                    .collect();
                if cells.len() != 5 {
                    return Err(ImportError::parse(
                        path,
                        n,
                        "expected `Total: <min> <mean> <sd> <median> <max>`",
                    ));
                }
                total_row = Some(cells);
            }
            _ => {} // other `Key: value` lines, including httpd trunk's
        }
    }
    let missing = |what: &str| {
        ImportError::parse(
            path,
            report.last_line(),
            format!("ab's output ends without `{what}`; expected ab's summary"),
        )
    };
    let duration_s = duration_s.ok_or_else(|| missing("Time taken for tests:"))?;
    let complete = complete.ok_or_else(|| missing("Complete requests:"))?;
    let throughput_rps = rps.unwrap_or(if duration_s > 0.0 {
        complete as f64 / duration_s
    } else {
        0.0
    });
    let latency = match total_row {
        Some(t) if complete > 0 => LatencySummary {
            min: Some(t[0]),
            mean: Some(t[1]),
            stdev: Some(t[2]),
            max: Some(t[4]),
            percentiles,
        },
        _ => LatencySummary::default(),
    };
    Ok(Run {
        duration_s: Some(duration_s),
        connections: concurrency,
        requests: Some(complete),
        throughput_rps: Some(throughput_rps),
        transfer_bytes_per_s: transfer,
        bytes_read: transferred,
        latency,
        errors,
        ..Run::read("ab", path, label, Measurement::ClosedLoop)
    })
}
