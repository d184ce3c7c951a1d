//! vegeta v12 outputs (tsenart/vegeta `lib/reporters.go`, `lib/results.go`): the text
//! report (names zipped with values, since the lists changed between versions), the
//! JSON report (nanoseconds; `--every` writes one per line: the last counts), and
//! `encode --to csv` (no header; 9 columns before v12.8, 12 since), one run per
//! attack name.

use std::path::Path;

use serde_json::Value;

use super::importer::{PER_REQUEST_THROUGHPUT, StreamedFormat, TextFormat};
use super::transcript::{self, Report};
use super::{ImportError, Stream, error_text, go_duration};
use crate::blocks::{self, Kind, Layout, Wanted};
use crate::model::{ErrorCounts, LatencySummary, MAX_LATENCY_MS, Measurement, Percentile, Run};
use crate::naming;
use crate::samples::Labelled;
use crate::samples::Outcome;

/// How vegeta's reports count throughput.
const THROUGHPUT: &str = "successes ÷ (attack + wait) (vegeta's `throughput`; reports before \
     v12.6 have only `rate`: all requests ÷ attack time)";

/// vegeta text report: the importer.
pub const TEXT: TextFormat = TextFormat {
    id: "vegeta-text",
    describe: "vegeta text report",
    tools: &["vegeta"],
    throughput_definition: THROUGHPUT,
    sniff: looks_like_text,
    parse: parse_text,
};

/// vegeta JSON report: the importer.
pub const JSON: TextFormat = TextFormat {
    id: "vegeta-json",
    describe: "vegeta JSON report",
    tools: &["vegeta"],
    throughput_definition: THROUGHPUT,
    sniff: looks_like_json,
    parse: parse_json,
};

/// vegeta encode CSV: the importer.
pub const CSV: StreamedFormat = StreamedFormat {
    id: "vegeta-csv",
    describe: "vegeta encode CSV",
    tools: &["vegeta"],
    throughput_definition: PER_REQUEST_THROUGHPUT,
    sniff: looks_like_csv,
    load: load_csv,
    options: &[],
};

/// A `Requests [total, rate...]` row anywhere: a report, maybe among other lines.
pub fn looks_like_text(text: &str) -> bool {
    text.lines().any(|l| starts_text_report(l.trim()))
}

/// The lines each text report starts at.
pub fn report_lines(text: &str) -> Vec<usize> {
    transcript::lines_where(text, starts_text_report)
}

/// The first row of a text report.
fn starts_text_report(line: &str) -> bool {
    line.starts_with("Requests") && line.contains("[total, rate")
}

pub fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && text.contains("\"latencies\"")
        && text.contains("\"status_codes\"")
}

/// `<19-digit ns timestamp>,<code>,<latency ns>,...` with 9 or 12 fields.
pub fn looks_like_csv(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let Some(first) = text.lines().next() else {
        return false;
    };
    let f: Vec<&str> = first.split(',').collect();
    (f.len() == 9 || f.len() == 12)
        && f[0].len() >= 18
        && f[0].bytes().all(|b| b.is_ascii_digit())
        && f[1].parse::<u16>().is_ok()
        && f[2].bytes().all(|b| b.is_ascii_digit())
}

fn status_codes(pairs: impl Iterator<Item = (u64, u64)>, errors: &mut ErrorCounts) -> u64 {
    let mut responses = 0;
    for (code, n) in pairs {
        if code == 0 {
            errors.other += n; // no response; the error set has no counts
        } else {
            responses += n;
            if code >= 400 {
                errors.non_2xx_3xx += n;
            }
        }
    }
    responses
}

fn run(
    path: &Path,
    duration_s: f64,
    requests: u64,
    rps: f64,
    latency: LatencySummary,
    errors: ErrorCounts,
    bytes: Option<f64>,
) -> Run {
    Run {
        duration_s: Some(duration_s),
        requests: Some(requests),
        throughput_rps: Some(rps),
        transfer_bytes_per_s: bytes.map(|b| b / duration_s.max(1e-9)),
        bytes_read: bytes,
        latency,
        errors,
        ..Run::read(
            "vegeta",
            path,
            naming::classify(path).stem,
            Measurement::OpenLoop,
        )
    }
}

/// Every text report in `text` (a rate or concurrency sweep keeps one per step, with
/// the script's lines between them), each a run.
pub fn parse_text(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    transcript::read_each(
        path,
        text,
        starts_text_report,
        "expected vegeta's `Requests [total, rate]` row",
        |r, label| parse_text_report(path, r, label),
    )
}

fn parse_text_report(path: &Path, report: &Report<'_>, label: String) -> Result<Run, ImportError> {
    let (mut total, mut rate, mut throughput, mut duration_ms) = (None, None, None, None);
    let mut latency = LatencySummary::default();
    let mut errors = ErrorCounts::default();
    let (mut responses, mut bytes_in) = (None, None);
    for (n, line) in report.numbered() {
        if line.trim() == "Error Set:" {
            break;
        }
        // The `]` that closes the first `[`.
        let Some(open) = line.find('[') else {
            continue;
        };
        let Some(close) = line[open..].find(']').map(|c| open + c) else {
            continue;
        };
        let key = line[..open].trim();
        let names: Vec<&str> = line[open + 1..close].split(',').map(str::trim).collect();
        let rest = line[close + 1..].trim();
        let bad = |what: &str, v: &str| {
            ImportError::parse(
                path,
                n,
                format!(
                    "`{key}`: expected {what}, found `{}`",
                    crate::error::excerpt(v)
                ),
            )
        };
        if key == "Status Codes" {
            let mut pairs = Vec::new();
            for pair in rest.split_whitespace() {
                let (c, k) = pair
                    .split_once(':')
                    .ok_or_else(|| bad("code:count pairs", pair))?;
                pairs.push((
                    c.parse().map_err(|_| bad("a status code", c))?,
                    k.parse().map_err(|_| bad("a count", k))?,
                ));
            }
            responses = Some(status_codes(pairs.into_iter(), &mut errors));
            continue;
        }
        let values: Vec<&str> = rest.split(',').map(str::trim).collect();
        if values.len() != names.len() {
            return Err(ImportError::parse(
                path,
                n,
                format!("`{key}`: {} names but {} values", names.len(), values.len()),
            ));
        }
        for (name, value) in names.iter().zip(&values) {
            let number = || super::number::measured(value).ok_or_else(|| bad("a number", value));
            let duration = || {
                go_duration::to_ms(value)
                    .ok_or_else(|| bad("a Go duration such as 145.08ms", value))
            };
            match (key, *name) {
                ("Requests", "total") => total = Some(number()? as u64),
                ("Requests", "rate") => rate = Some(number()?),
                ("Requests", "throughput") => throughput = Some(number()?),
                ("Duration", "total") => duration_ms = Some(duration()?),
                ("Latencies", "mean") => latency.mean = Some(duration()?),
                ("Latencies", "min") => latency.min = Some(duration()?),
                ("Latencies", "max") => latency.max = Some(duration()?),
                ("Latencies", p) if p.parse::<f64>().is_ok() => {
                    latency.percentiles.push(Percentile::new(p, duration()?));
                }
                ("Bytes In", "total") => bytes_in = Some(number()?),
                _ => {}
            }
        }
    }
    let missing = |what: &str| {
        ImportError::parse(
            path,
            report.first_line,
            format!("expected vegeta's `{what}` row in the report that starts here"),
        )
    };
    let total = total.ok_or_else(|| missing("Requests [total, rate]"))?;
    let duration_s = duration_ms.ok_or_else(|| missing("Duration [total, attack, wait]"))? / 1000.0;
    let rps = throughput
        .or(rate)
        .ok_or_else(|| missing("Requests [total, rate]"))?;
    let responses = responses.unwrap_or(total);
    if responses == 0 {
        latency = LatencySummary::default();
    }
    let mut run = run(path, duration_s, responses, rps, latency, errors, bytes_in);
    run.label = label;
    Ok(run)
}

/// The JSON report; with `--every`, the last of the line-separated reports.
pub fn parse_json(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let (line_no, doc_text) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .last()
        .filter(|(_, l)| l.trim_start().starts_with('{') && l.trim_end().ends_with('}'))
        .map_or((0, text), |(i, l)| (*i, *l));
    let doc: Value = serde_json::from_str(doc_text).map_err(|e| {
        ImportError::parse(
            path,
            line_no + e.line().max(1),
            format!("not valid JSON: {e}"),
        )
    })?;
    let ns = |v: Option<&Value>| v.and_then(Value::as_f64).map(|n| n / 1e6);
    let lat = doc.get("latencies");
    let field = |k: &str| ns(lat.and_then(|l| l.get(k)));
    let percentiles = ["50th", "90th", "95th", "99th"]
        .iter()
        .filter_map(|k| field(k).map(|ms| Percentile::new(k.trim_end_matches("th"), ms)))
        .collect();
    let mut errors = ErrorCounts::default();
    let codes = doc.get("status_codes").and_then(Value::as_object);
    let responses = codes.map(|c| {
        status_codes(
            c.iter()
                .map(|(k, v)| (k.parse().unwrap_or(0), v.as_u64().unwrap_or(0))),
            &mut errors,
        )
    });
    if let Some(errs) = doc.get("errors").and_then(Value::as_array) {
        // Distinct error texts without counts: classify the code-0 count by the first.
        if let (Some(first), true) = (errs.first().and_then(Value::as_str), errors.other > 0) {
            let n = std::mem::take(&mut errors.other);
            error_text::classify(&mut errors, first, n);
        }
    }
    let requests = doc.get("requests").and_then(Value::as_u64).unwrap_or(0);
    let rps = doc
        .get("throughput")
        .or_else(|| doc.get("rate"))
        .and_then(Value::as_f64)
        .ok_or_else(|| ImportError::parse(path, 1, "expected vegeta's JSON report with `rate`"))?;
    let duration_s =
        (ns(doc.get("duration")).unwrap_or(0.0) + ns(doc.get("wait")).unwrap_or(0.0)) / 1000.0;
    let responses = responses.unwrap_or(requests);
    let latency = if responses > 0 {
        LatencySummary {
            mean: field("mean"),
            stdev: None,
            min: field("min"),
            max: field("max"),
            percentiles,
        }
    } else {
        LatencySummary::default()
    };
    let bytes = doc
        .get("bytes_in")
        .and_then(|b| b.get("total"))
        .and_then(Value::as_f64);
    Ok(vec![run(
        path, duration_s, responses, rps, latency, errors, bytes,
    )])
}

/// `vegeta encode --to csv`: per request, one run per attack name.
pub fn load_csv(stream: Stream<'_>) -> Result<Vec<Run>, ImportError> {
    let Stream { head, source, .. } = stream;
    let path = source.path;
    let first = String::from_utf8_lossy(head);
    let fields = first.lines().next().map_or(9, |l| l.split(',').count());
    let wanted = |index: usize, name: &str, kind: Kind, required: bool| Wanted {
        index,
        name: name.into(),
        kind,
        hint: "",
        required,
        // Latency in nanoseconds.
        latency_max: (index == 2).then_some(MAX_LATENCY_MS * 1e6),
        to_whole: None,
    };
    let layout = Layout {
        separator: b',',
        fields,
        wanted: vec![
            wanted(0, "timestamp (ns)", Kind::Whole, true),
            wanted(1, "code", Kind::Whole, true),
            wanted(2, "latency (ns)", Kind::Whole, true),
            wanted(4, "bytes_in", Kind::Whole, false),
            wanted(7, "attack", Kind::Text, false),
        ],
        start: 0,
        first_line: 1,
        cut_off_last_row: false,
    };
    let stem = naming::classify(path).stem;
    let labels = blocks::read(source, &layout, |labels: &mut Labelled, frame| {
        let col = blocks::Columns::new(frame, path);
        let (t, code, lat, bytes) = (col.whole(0)?, col.whole(1)?, col.whole(2)?, col.whole(4)?);
        let attack = col.text(7)?;
        let rows = t
            .iter()
            .zip(code.iter())
            .zip(lat.iter())
            .zip(bytes.iter())
            .zip(attack.iter());
        for ((((t, code), lat), bytes), attack) in rows {
            let (Some(t), Some(code), Some(lat)) = (t, code, lat) else {
                continue;
            };
            let outcome = Outcome::from_status(code);
            let name = attack.filter(|a| !a.is_empty()).unwrap_or(stem.as_str());
            let (acc, _) = labels.entry(name);
            acc.add(
                t as f64 / 1e9,
                lat as f64 / 1e6,
                outcome,
                bytes.unwrap_or(0).max(0) as u64,
            );
        }
        Ok(())
    })?
    .state;
    let runs = labels.into_runs(path, "vegeta", true, Measurement::OpenLoop);
    if runs.is_empty() {
        return Err(ImportError::parse(
            path,
            1,
            "the vegeta CSV holds no requests",
        ));
    }
    Ok(runs)
}
