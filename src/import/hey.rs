//! hey's text summary (rakyll/hey `requester/print.go`, 0.1.4): TAB between label and
//! value, times in seconds with 4 decimals, ` NaN` when nothing succeeded. A file may
//! hold several summaries (a shell loop), each starting at `Summary:`, with other
//! lines around them (`super::transcript`).

use std::path::Path;

use super::ImportError;
use super::importer::TextFormat;
use super::summary_text::{Gathered, starts_summary};
use super::transcript::{self, Report};
use crate::model::{Measurement, Percentile, Run};

/// hey summary: the importer.
pub const HEY: TextFormat = TextFormat {
    id: "hey",
    describe: "hey summary",
    tools: &["hey"],
    throughput_definition: "all results ÷ total wall time (errors included)",
    sniff: looks_like,
    parse,
};

/// A `Summary:` line, `Requests/sec:` and hey's details, anywhere in the text; not
/// oha's text, which has the same shape and a `Success rate:` line.
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| l.trim() == "Summary:")
        && text.contains("Requests/sec:\t")
        && text.contains("Details (average, fastest, slowest):")
        && !super::oha_text::looks_like(text)
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
    /// After the report: the script's own lines, until the next summary.
    Outside,
}

/// The lines each summary starts at.
pub use super::summary_text::report_lines;

/// Every summary in `text`, each a run.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    transcript::read_each(
        path,
        text,
        starts_summary,
        "no hey summary found; expected a `Summary:` line",
        |r, label| parse_report(path, r, label),
    )
}

fn parse_report(path: &Path, report: &Report<'_>, label: String) -> Result<Run, ImportError> {
    let mut section = Section::Summary;
    let mut g = Gathered::default();
    // hey's own first error, as it printed it, with its line.
    let mut first_error: Option<(usize, String)> = None;
    for (line_no, raw) in report.numbered() {
        let err = |m: String| ImportError::parse(path, line_no, m);
        let line = raw.trim();
        // A line that is not a list item ends the percentile, status or error list.
        let listed = line.starts_with('[') || line.contains("% in ");
        if matches!(
            section,
            Section::Percentiles | Section::Status | Section::Errors
        ) && !line.is_empty()
            && !listed
            && !line.ends_with(':')
        {
            section = Section::Outside;
        }
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
                        "Total:" => g.total_ms = secs_ms(value).map_err(err)?,
                        "Slowest:" => g.slowest = secs_ms(value).map_err(err)?,
                        "Fastest:" => g.fastest = secs_ms(value).map_err(err)?,
                        "Average:" => g.average = secs_ms(value).map_err(err)?,
                        "Requests/sec:" => g.rps = Some(number(value, "a rate").map_err(err)?),
                        "Total data:" => {
                            g.bytes = Some(number(value, "a size in bytes").map_err(err)?)
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
                        g.percentiles.push(Percentile::new(p.trim(), ms));
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
                        g.responses += n;
                        if tag >= 400 {
                            g.errors.non_2xx_3xx += n;
                        }
                    } else {
                        if first_error.is_none() {
                            first_error = Some((line_no, line.to_owned()));
                        }
                        super::error_text::classify(&mut g.errors, rest, tag);
                    }
                }
                Section::Histogram | Section::Details | Section::Outside => {}
            },
        }
    }
    let missing = |what: &str| match &first_error {
        // hey's own words, where it gave up with them.
        Some((line, text)) => ImportError::parse(
            path,
            *line,
            format!(
                "hey failed: `{}`; its summary has no `{what}`",
                crate::error::tool_words(text)
            ),
        ),
        None => ImportError::parse(
            path,
            report.last_line(),
            format!("hey's summary ends without `{what}`; the output looks truncated"),
        ),
    };
    // Not one response, only hey's errors: its words are the result.
    if g.responses == 0
        && let Some((line, text)) = &first_error
    {
        return Err(ImportError::parse(
            path,
            *line,
            format!(
                "hey got no response, only errors: `{}`",
                crate::error::tool_words(text)
            ),
        ));
    }
    let summary = g.into_summary(missing)?;
    Ok(summary.into_run(Run::read("hey", path, label, Measurement::ClosedLoop)))
}
