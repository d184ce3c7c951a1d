//! hey's text summary (rakyll/hey `requester/print.go`, 0.1.4): TAB between label and
//! value, times in seconds with 4 decimals, ` NaN` when nothing succeeded.

use std::path::Path;

use super::ImportError;
use super::importer::TextFormat;
use crate::model::{ErrorCounts, LatencySummary, Measurement, Percentile, Run};
use crate::naming;

/// hey summary: the importer.
pub const HEY: TextFormat = TextFormat {
    id: "hey",
    describe: "hey summary",
    tools: &["hey"],
    throughput_definition: "all results ÷ total wall time (errors included)",
    sniff: looks_like,
    parse,
};

pub fn looks_like(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.next() == Some("Summary:")
        && text.contains("Requests/sec:\t")
        && text.contains("Details (average, fastest, slowest):")
}

/// Seconds as hey prints them (`0.0009 secs`, ` NaN secs`), in ms; `None` for NaN.
fn secs_ms(value: &str) -> Result<Option<f64>, String> {
    let v = value.trim().trim_end_matches("secs").trim();
    if v.eq_ignore_ascii_case("nan") {
        return Ok(None);
    }
    super::number::measured(v)
        .map(|s| Some(s * 1000.0))
        .ok_or_else(|| {
            format!(
                "expected seconds such as `0.0009 secs`, found `{}`",
                crate::error::excerpt(value)
            )
        })
}

fn number(value: &str, what: &str) -> Result<f64, String> {
    value
        .split_whitespace()
        .next()
        .and_then(super::number::measured)
        .ok_or_else(|| format!("expected {what}, found `{}`", crate::error::excerpt(value)))
}

#[derive(PartialEq)]
enum Section {
    Summary,
    Histogram,
    Percentiles,
    Details,
    Status,
    Errors,
}

pub fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let mut section = Section::Summary;
    let (mut total_ms, mut slowest, mut fastest, mut average, mut rps, mut bytes) =
        (None, None, None, None, None, None);
    let mut percentiles = Vec::new();
    let mut responses = 0u64;
    let mut errors = ErrorCounts::default();
    let mut last_line = 1;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        last_line = line_no;
        let err = |m: String| ImportError::parse(path, line_no, m);
        let line = raw.trim();
        match line {
            "" => continue,
            "Summary:" => section = Section::Summary,
            "Response time histogram:" => section = Section::Histogram,
            "Latency distribution:" => section = Section::Percentiles,
            "Details (average, fastest, slowest):" => section = Section::Details,
            "Status code distribution:" => section = Section::Status,
            "Error distribution:" => section = Section::Errors,
            _ => match section {
                Section::Summary => {
                    let Some((key, value)) = line.split_once('\t') else {
                        continue;
                    };
                    match key.trim() {
                        "Total:" => total_ms = secs_ms(value).map_err(err)?,
                        "Slowest:" => slowest = secs_ms(value).map_err(err)?,
                        "Fastest:" => fastest = secs_ms(value).map_err(err)?,
                        "Average:" => average = secs_ms(value).map_err(err)?,
                        "Requests/sec:" => rps = Some(number(value, "a rate").map_err(err)?),
                        "Total data:" => {
                            bytes = Some(number(value, "a size in bytes").map_err(err)?)
                        }
                        _ => {}
                    }
                }
                Section::Percentiles => {
                    // `50% in 0.0007 secs`; `0% in 0.0000 secs` marks one never reached.
                    let (p, rest) = line.split_once("% in ").ok_or_else(|| {
                        err(format!(
                            "expected `<p>% in <x> secs`, found `{}`",
                            crate::error::excerpt(line)
                        ))
                    })?;
                    if p.trim() != "0"
                        && let Some(ms) = secs_ms(rest).map_err(err)?
                    {
                        percentiles.push(Percentile::new(p.trim(), ms));
                    }
                }
                Section::Status | Section::Errors => {
                    // `[200]\t2000 responses` or `[20]\tGet "...": error text`
                    let (tag, rest) = line
                        .strip_prefix('[')
                        .and_then(|l| l.split_once(']'))
                        .ok_or_else(|| {
                            err(format!(
                                "expected `[<n>]<TAB>...`, found `{}`",
                                crate::error::excerpt(line)
                            ))
                        })?;
                    let tag: u64 = tag
                        .parse()
                        .map_err(|_| err(format!("expected a number in `[{tag}]`")))?;
                    if section == Section::Status {
                        let n = number(rest, "a count of responses").map_err(err)? as u64;
                        responses += n;
                        if tag >= 400 {
                            errors.non_2xx_3xx += n;
                        }
                    } else {
                        super::error_text::classify(&mut errors, rest, tag);
                    }
                }
                Section::Histogram | Section::Details => {}
            },
        }
    }
    let missing = |what: &str| {
        ImportError::parse(
            path,
            last_line,
            format!("hey's summary ends without `{what}`; the output looks truncated"),
        )
    };
    let total_ms = total_ms.ok_or_else(|| missing("Total:"))?;
    let rps = rps.ok_or_else(|| missing("Requests/sec:"))?;
    let duration_s = total_ms / 1000.0;
    let has_latency = responses > 0 && average.is_some();
    Ok(vec![Run {
        duration_s: Some(duration_s),
        requests: Some(responses),
        throughput_rps: Some(rps),
        transfer_bytes_per_s: bytes.map(|b| b / duration_s.max(1e-9)),
        bytes_read: bytes,
        latency: if has_latency {
            LatencySummary {
                mean: average,
                stdev: None,
                min: fastest,
                max: slowest,
                percentiles,
            }
        } else {
            LatencySummary::default()
        },
        errors,
        ..Run::read(
            "hey",
            path,
            naming::classify(path).stem,
            Measurement::ClosedLoop,
        )
    }])
}
