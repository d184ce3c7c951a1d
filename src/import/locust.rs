//! Locust `--csv` statistics (`<prefix>_stats.csv`, locustio/locust `locust/stats.py`):
//! one run per (method, name) entry; the `Aggregated` row only when it is the sole
//! one. Percentile columns are read from the header; `N/A` means no data.

use std::path::Path;

use super::ImportError;
use super::importer::TextFormat;
use crate::model::{ErrorCounts, Inferred, LatencySummary, Measurement, Percentile, Run};
use crate::naming;

/// How Locust counts throughput.
const THROUGHPUT: &str = "requests ÷ (last request time − start time)";

/// Locust statistics CSV: the importer.
pub const STATS: TextFormat = TextFormat {
    id: "locust",
    describe: "Locust statistics CSV",
    tools: &["locust"],
    throughput_definition: THROUGHPUT,
    sniff: looks_like,
    parse,
};

/// Locust history CSV: the importer.
pub const HISTORY: TextFormat = TextFormat {
    id: "locust-history",
    describe: "Locust history CSV",
    tools: &["locust"],
    throughput_definition: THROUGHPUT,
    sniff: looks_like_history,
    parse: parse_history,
};

/// Header names by meaning: Locust 2.x first, then the names before 1.0.
const REQUESTS: [&str; 2] = ["Request Count", "# requests"];
const FAILURES: [&str; 2] = ["Failure Count", "# failures"];
const AVERAGE: [&str; 2] = ["Average Response Time", "Average response time"];
const MIN: [&str; 2] = ["Min Response Time", "Min response time"];
const MAX: [&str; 2] = ["Max Response Time", "Max response time"];
const SIZE: [&str; 2] = ["Average Content Size", "Average Content Size"];
const RATE: [&str; 2] = ["Requests/s", "Requests/s"];

pub fn looks_like(text: &str) -> bool {
    let header = text.lines().next().unwrap_or("").replace('"', "");
    header.contains(",Name,")
        && (header.contains(",Request Count,") || header.contains(",# requests,"))
}

/// A CSV reader over `text` and the names in its header.
fn reader_and_header<'a>(
    path: &Path,
    text: &'a str,
) -> Result<(csv::Reader<&'a [u8]>, Vec<String>), ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ImportError::parse(path, 1, format!("not valid CSV: {e}")))?
        .iter()
        .map(str::to_owned)
        .collect();
    Ok((reader, headers))
}

pub fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let (mut reader, headers) = reader_and_header(path, text)?;
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let column = |names: &[&str]| {
        find(names).ok_or_else(|| {
            ImportError::parse(path, 1, format!("the Locust header lacks `{}`", names[0]))
        })
    };
    let (name_col, requests_col, failures_col) =
        (column(&["Name"])?, column(&REQUESTS)?, column(&FAILURES)?);
    let (average_col, min_col, max_col, rate_col) = (
        column(&AVERAGE)?,
        column(&MIN)?,
        column(&MAX)?,
        column(&RATE)?,
    );
    let size_col = find(&SIZE);
    // `50%` in 2.x, `50` before 1.0; anything that parses as a percentage.
    let percentile_cols: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let key = h.trim_end_matches('%');
            (i > rate_col && key.parse::<f64>().is_ok_and(|p| p > 0.0 && p <= 100.0))
                .then(|| (i, key.to_owned()))
        })
        .collect();

    let mut entries = Vec::new();
    let mut aggregated = None;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            ImportError::parse(path, line, format!("not valid CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        let number = |i: usize| -> Result<Option<f64>, ImportError> {
            match cell(i) {
                "" | "N/A" => Ok(None),
                v => super::number::measured(v).map(Some).ok_or_else(|| {
                    ImportError::parse(
                        path,
                        line,
                        format!(
                            "column `{}`: expected a number, found `{}`",
                            headers[i],
                            crate::error::excerpt(v)
                        ),
                    )
                }),
            }
        };
        let requests = number(requests_col)?.unwrap_or(0.0) as u64;
        let rps = number(rate_col)?.unwrap_or(0.0);
        let name = cell(name_col).to_owned();
        let latency = if requests > 0 {
            LatencySummary {
                mean: number(average_col)?,
                stdev: None,
                min: number(min_col)?,
                max: number(max_col)?,
                percentiles: percentile_cols
                    .iter()
                    .map(|(i, key)| Ok(number(*i)?.map(|ms| Percentile::new(key.clone(), ms))))
                    .collect::<Result<Vec<_>, ImportError>>()?
                    .into_iter()
                    .flatten()
                    .collect(),
            }
        } else {
            LatencySummary::default()
        };
        let size = match size_col {
            Some(i) => number(i)?,
            None => None,
        };
        let info = naming::classify(Path::new(&name));
        let mut run = Run {
            duration_s: (rps > 0.0).then(|| requests as f64 / rps),
            requests: Some(requests),
            throughput_rps: Some(rps),
            transfer_bytes_per_s: size.map(|s| s * rps),
            bytes_read: size.map(|s| s * requests as f64),
            latency,
            errors: ErrorCounts {
                other: number(failures_col)?.unwrap_or(0.0) as u64,
                ..ErrorCounts::default()
            },
            ..Run::read("locust", path, name.clone(), Measurement::ClosedLoop)
        };
        info.fill(&mut run, Inferred::RunName);
        if name == "Aggregated" || name == "Total" {
            aggregated = Some(run);
        } else {
            entries.push(run);
        }
    }
    if entries.is_empty() {
        entries.extend(aggregated);
    }
    if entries.is_empty() {
        return Err(ImportError::parse(
            path,
            2,
            "the Locust statistics have a header but no rows",
        ));
    }
    Ok(entries)
}

/// True for `<prefix>_stats_history.csv`.
pub fn looks_like_history(text: &str) -> bool {
    let header = text.lines().next().unwrap_or("");
    header.starts_with("Timestamp,User Count,Type,Name,Requests/s,")
}

/// `_stats_history.csv`: the run's totals from its last row with requests, and its
/// current rates per timestamp as the series. Its percentiles are cumulative
/// (locustio/locust#2718), so they are not charted per step.
pub fn parse_history(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let (mut reader, headers) = reader_and_header(path, text)?;
    let col = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            ImportError::parse(path, 1, format!("the Locust history lacks `{name}`"))
        })
    };
    let (ts, name, rate, fail_rate) = (
        col("Timestamp")?,
        col("Name")?,
        col("Requests/s")?,
        col("Failures/s")?,
    );
    let (total, failures, average) = (
        col("Total Request Count")?,
        col("Total Failure Count")?,
        col("Total Average Response Time")?,
    );
    let (min, max) = (
        col("Total Min Response Time")?,
        col("Total Max Response Time")?,
    );
    let percentile_cols: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let key = h.strip_suffix('%')?;
            key.parse::<f64>().is_ok().then(|| (i, key.to_owned()))
        })
        .collect();

    let mut series = Vec::new();
    let mut last: Option<csv::StringRecord> = None;
    let mut first_ts = None;
    for record in reader.records() {
        let record = record.map_err(|e| {
            ImportError::parse(
                path,
                e.position().map_or(0, |p| p.line() as usize),
                format!("not valid CSV: {e}"),
            )
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.get(name) != Some("Aggregated") {
            continue;
        }
        let number = |i: usize| -> Result<Option<f64>, ImportError> {
            match record.get(i).unwrap_or("").trim() {
                "" | "N/A" => Ok(None),
                v => super::number::measured(v).map(Some).ok_or_else(|| {
                    ImportError::parse(
                        path,
                        line,
                        format!("column `{}`: expected a number, found `{v}`", headers[i]),
                    )
                }),
            }
        };
        let second = number(ts)?.unwrap_or(0.0) as i64;
        if number(total)?.unwrap_or(0.0) > 0.0 {
            first_ts.get_or_insert(second);
            last = Some(record.clone());
        }
        series.push(crate::model::SeriesPoint {
            second,
            requests: number(rate)?.unwrap_or(0.0).round() as u64,
            errors: number(fail_rate)?.unwrap_or(0.0).round() as u64,
            p50_ms: None,
            p99_ms: None,
        });
    }
    let last = last.ok_or_else(|| {
        ImportError::parse(path, 2, "the Locust history has no row with requests")
    })?;
    let get = |i: usize| last.get(i).and_then(|v| v.trim().parse::<f64>().ok());
    let requests = get(total).unwrap_or(0.0) as u64;
    let duration_s = (get(ts).unwrap_or(0.0) - first_ts.unwrap_or(0) as f64).max(1.0);
    let detail = crate::model::RunDetail {
        histogram: crate::samples::latency_histogram(),
        count: 0, // a series without samples: not mergeable
        sum_ms: 0.0,
        sum_sq_ms: 0.0,
        series,
        step_s: 1,
        epoch: true,
        blocks: Vec::new(),
        rebuilt: false,
    };
    Ok(vec![Run {
        duration_s: Some(duration_s),
        connections: last.get(col("User Count")?).and_then(|v| v.parse().ok()),
        requests: Some(requests),
        throughput_rps: Some(requests as f64 / duration_s),
        latency: LatencySummary {
            mean: get(average),
            stdev: None,
            min: get(min),
            max: get(max),
            percentiles: percentile_cols
                .iter()
                .filter_map(|(i, k)| get(*i).map(|ms| Percentile::new(k.clone(), ms)))
                .collect(),
        },
        errors: ErrorCounts {
            other: get(failures).unwrap_or(0.0) as u64,
            ..ErrorCounts::default()
        },
        detail: Some(std::sync::Arc::new(detail)),
        ..Run::read(
            "locust",
            path,
            naming::classify(path).stem,
            Measurement::ClosedLoop,
        )
    }])
}
