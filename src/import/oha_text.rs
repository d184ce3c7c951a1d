//! oha's text output (hatoo/oha `src/printer.rs`), what `oha URL` prints without
//! `--output-format`: `Summary:` with a `Success rate:` line (a percentage today, a
//! fraction such as `1.0000` in older oha), times in the unit oha chose or `-u` set
//! (`sec`, `secs`, `ms`, `us`, `µs`, `ns`, `m`, `h`), the percentiles under `Response
//! time distribution:` (`Latency distribution:` in older oha), the status codes and
//! the errors. A file may hold several outputs (five servers under `== NAME`
//! headings), each starting at `Summary:` (`super::transcript`). It is told apart from
//! hey's summary by `Success rate:`, which hey never prints.

use std::path::Path;

use super::ImportError;
use super::importer::TextFormat;
use super::transcript::{self, Report};
use crate::model::{Measurement, Percentile, Run};

/// oha text: the importer.
pub const OHA_TEXT: TextFormat = TextFormat {
    id: "oha-text",
    describe: "oha text output",
    tools: &["oha"],
    throughput_definition: "(successes + errors) ÷ total time",
    sniff: looks_like,
    parse,
};

/// `Summary:`, then `Success rate:` within the next lines.
pub fn looks_like(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines.iter().enumerate().any(|(i, l)| {
        *l == "Summary:"
            && lines[i + 1..]
                .iter()
                .take(3)
                .any(|n| n.starts_with("Success rate:"))
    })
}

/// The lines each output starts at: `Summary:`, as hey's.
pub use super::summary_text::report_lines;

/// Every output in `text`, each a run.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    transcript::read_each(
        path,
        text,
        super::summary_text::starts_summary,
        "no oha output found; expected a `Summary:` line",
        |r, label| parse_report(path, r, label),
    )
}

#[derive(PartialEq)]
enum Section {
    Summary,
    Percentiles,
    Status,
    Errors,
    /// The histogram, the details, or lines after the output.
    Other,
}

/// A time as oha prints it (`0.0268 sec`, `21.1593 ms`, `25186.6600 us`), in ms;
/// `None` for `NaN` (nothing succeeded). A count before the unit multiplies it:
/// oha's output of a long run can read `Total: 6.0003 10 sec`, in tens of seconds
/// (`docs/benchmark-formats.md`).
fn time_ms(value: &str) -> Result<Option<f64>, String> {
    let mut t = value.split_whitespace();
    let (Some(number), mut unit) = (t.next(), t.next()) else {
        return Err("expected a time such as `0.0009 secs` or `21.16 ms`".into());
    };
    if number.eq_ignore_ascii_case("nan") {
        return Ok(None);
    }
    // `10 sec`: a unit of ten seconds.
    let mut times = 1.0;
    if let Some(count) = unit.and_then(|u| u.parse::<u32>().ok()).filter(|&c| c > 0)
        && let Some(after) = t.next()
    {
        times = f64::from(count);
        unit = Some(after);
    }
    let per_unit = times
        * match unit.unwrap_or("secs") {
            "sec" | "secs" | "s" => 1000.0,
            "ms" => 1.0,
            "us" | "µs" | "μs" => 1e-3,
            "ns" => 1e-6,
            "m" | "min" | "mins" => 60_000.0,
            "h" | "hour" | "hours" => 3_600_000.0,
            other => {
                return Err(format!(
                    "expected a time in sec, ms, us or ns, found the unit `{other}`"
                ));
            }
        };
    super::number::measured(number)
        .map(|v| Some(v * per_unit))
        .ok_or_else(|| format!("expected a time such as `0.0009 secs`, found `{number}`"))
}

/// `126.95 KiB` -> bytes (oha writes binary units).
fn size_bytes(value: &str) -> Option<f64> {
    let mut t = value.split_whitespace();
    let v = super::number::measured(t.next()?)?;
    let scale = match t.next().unwrap_or("B") {
        "B" => 1.0,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        "TiB" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some(v * scale)
}

fn parse_report(path: &Path, report: &Report<'_>, label: String) -> Result<Run, ImportError> {
    let mut section = Section::Summary;
    let mut g = super::summary_text::Gathered::default();
    for (n, raw) in report.numbered() {
        let err = |m: String| ImportError::parse(path, n, m);
        let line = raw.trim();
        match line {
            "" => continue,
            "Summary:" => section = Section::Summary,
            "Response time distribution:" | "Latency distribution:" => {
                section = Section::Percentiles
            }
            "Status code distribution:" => section = Section::Status,
            "Error distribution:" => section = Section::Errors,
            l if l.ends_with(':') && !l.contains('\t') => section = Section::Other,
            _ => match section {
                Section::Summary => {
                    let Some((key, value)) = line.split_once(':') else {
                        continue;
                    };
                    let value = value.trim();
                    match key.trim() {
                        "Total" => g.total_ms = time_ms(value).map_err(err)?,
                        "Slowest" => g.slowest = time_ms(value).map_err(err)?,
                        "Fastest" => g.fastest = time_ms(value).map_err(err)?,
                        "Average" => g.average = time_ms(value).map_err(err)?,
                        "Requests/sec" => {
                            g.rps = Some(super::number::measured(value).ok_or_else(|| {
                                err(format!(
                                    "expected a rate such as `74691.5937`, found `{}`",
                                    crate::error::excerpt(value)
                                ))
                            })?)
                        }
                        "Total data" => g.bytes = size_bytes(value),
                        _ => {}
                    }
                }
                Section::Percentiles => {
                    // `99.90% in 4.1554 ms`; older oha: `99% in 0.0012 secs`.
                    let Some((p, rest)) = line.split_once("% in ") else {
                        section = Section::Other;
                        continue;
                    };
                    // `99.90` as `99.9`, `10.00` as `10`; `10` stays `10`.
                    let key = match p.trim() {
                        k if k.contains('.') => k.trim_end_matches('0').trim_end_matches('.'),
                        k => k,
                    };
                    if let Some(ms) = time_ms(rest).map_err(err)? {
                        g.percentiles.push(Percentile::new(key, ms));
                    }
                }
                Section::Status | Section::Errors => {
                    // `[200] 2000 responses`, `[20] aborted due to deadline`.
                    let Some((count, rest)) =
                        line.strip_prefix('[').and_then(|l| l.split_once(']'))
                    else {
                        section = Section::Other;
                        continue;
                    };
                    let count: u64 = count
                        .trim()
                        .parse()
                        .map_err(|_| err(format!("expected a count in `[{count}]`")))?;
                    if section == Section::Status {
                        // In a status list, the bracket holds the status and the
                        // count follows: `[200] 2000 responses`.
                        let n: u64 = rest
                            .split_whitespace()
                            .next()
                            .and_then(|v| v.parse().ok())
                            .ok_or_else(|| {
                                err(format!(
                                    "expected `[<status>] <count> responses`, found `{}`",
                                    crate::error::excerpt(line)
                                ))
                            })?;
                        g.responses += n;
                        if count >= 400 {
                            g.errors.non_2xx_3xx += n;
                        }
                    } else {
                        super::error_text::classify(&mut g.errors, rest.trim(), count);
                    }
                }
                Section::Other => {}
            },
        }
    }
    let missing = |what: &str| {
        ImportError::parse(
            path,
            report.last_line(),
            format!("oha's output ends without `{what}`; it looks truncated"),
        )
    };
    let summary = g.into_summary(missing)?;
    Ok(summary.into_run(Run::read("oha", path, label, Measurement::ClosedLoop)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_every_unit() {
        assert_eq!(time_ms("0.0268 sec"), Ok(Some(26.8)));
        assert_eq!(time_ms("0.0009 secs"), Ok(Some(0.9)));
        assert_eq!(time_ms("21.1593 ms"), Ok(Some(21.1593)));
        let us = time_ms("25186.6600 us").unwrap().unwrap();
        assert!((us - 25.18666).abs() < 1e-9, "{us}");
        let us = time_ms("12.5 µs").unwrap().unwrap();
        assert!((us - 0.0125).abs() < 1e-12, "{us}");
        assert_eq!(time_ms("NaN secs"), Ok(None));
        assert!(time_ms("3 fortnights").is_err());
        // `oha -z 60s`: the figures in tens of seconds.
        assert_eq!(time_ms("6.0003 10 sec"), Ok(Some(60_003.0)));
        assert_eq!(time_ms("0.0465 10 secs"), Ok(Some(465.0)));
        assert!(time_ms("6.0003 10").is_err(), "a count with no unit");
        assert_eq!(size_bytes("126.95 KiB"), Some(126.95 * 1024.0));
    }
}
