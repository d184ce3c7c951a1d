//! JMeter JTL results (CSV), with a header (any subset and order of columns) or
//! without one (JMeter's 17 default columns). One run per `label`, whose name also
//! gives the integration type and memory tier (see [`super::naming`]). Read in
//! blocks with polars into one histogram per label, so that memory stays small
//! however many rows there are.

use std::path::Path;

use super::importer::StreamedFormat;
use super::{ImportError, Stream};
use crate::blocks::{self, Kind, Layout, Wanted};
use crate::model::{Measurement, Run};
use crate::naming;
use crate::samples::Labelled;
use crate::samples::Outcome;

/// JMeter JTL: the importer.
pub const JTL: StreamedFormat = StreamedFormat {
    id: "jtl",
    describe: "JMeter JTL",
    tools: &["jmeter"],
    sniff: looks_like,
    load,
};

/// JMeter's default columns, in order, when `print_field_names=false`.
pub const DEFAULT_COLUMNS: [&str; 17] = [
    "timeStamp",
    "elapsed",
    "label",
    "responseCode",
    "responseMessage",
    "threadName",
    "dataType",
    "success",
    "failureMessage",
    "bytes",
    "sentBytes",
    "grpThreads",
    "allThreads",
    "URL",
    "Latency",
    "IdleTime",
    "Connect",
];

const SEPARATORS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// The header's names and separator, or `None` for a headerless file.
fn header_of(first_line: &str) -> Option<(u8, Vec<String>)> {
    SEPARATORS.iter().find_map(|&sep| {
        let names: Vec<String> = first_line
            .split(sep as char)
            .map(|n| n.trim().trim_matches('"').to_owned())
            .collect();
        (names.iter().any(|n| n == "timeStamp") && names.iter().any(|n| n == "elapsed"))
            .then_some((sep, names))
    })
}

/// A headerless record in JMeter's default layout: epoch-ms timestamp, elapsed,
/// and `true`/`false` in the eighth field.
fn headerless_separator(first_line: &str) -> Option<u8> {
    SEPARATORS.iter().copied().find(|&sep| {
        let f: Vec<&str> = first_line.split(sep as char).collect();
        f.len() >= DEFAULT_COLUMNS.len()
            && f[0].len() >= 12
            && f[0].bytes().all(|b| b.is_ascii_digit())
            && f[1].bytes().all(|b| b.is_ascii_digit())
            && matches!(f[7], "true" | "false")
    })
}

/// True when the start of a file looks like a JTL.
pub fn looks_like(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    header_of(first).is_some() || headerless_separator(first).is_some()
}

/// Indices of the columns gatebench reads.
struct Columns {
    time: usize,
    elapsed: usize,
    label: Option<usize>,
    success: Option<usize>,
    code: Option<usize>,
    bytes: Option<usize>,
    threads: Option<usize>,
}

fn layout(path: &Path, head: &[u8]) -> Result<(Layout, Columns), ImportError> {
    let text = String::from_utf8_lossy(head);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first = text[bom..].lines().next().unwrap_or("");
    let (separator, names, start, first_line) = match header_of(first) {
        Some((sep, names)) => (sep, names, blocks::after_first_line(head), 2),
        None => match headerless_separator(first) {
            Some(sep) => (
                sep,
                DEFAULT_COLUMNS.iter().map(|s| s.to_string()).collect(),
                bom as u64,
                1,
            ),
            None => {
                return Err(ImportError::parse(
                    path,
                    1,
                    "expected a JTL header with `timeStamp` and `elapsed`",
                ));
            }
        },
    };
    let find = |n: &str| names.iter().position(|x| x == n);
    let columns = Columns {
        time: find("timeStamp").unwrap_or(0),
        elapsed: find("elapsed").unwrap_or(1),
        label: find("label"),
        success: find("success"),
        code: find("responseCode"),
        bytes: find("bytes"),
        threads: find("allThreads"),
    };
    let want = |index: usize, kind: Kind, hint: &'static str| Wanted {
        index,
        name: names[index].clone(),
        kind,
        hint,
        required: index == columns.time || index == columns.elapsed,
        non_negative: index == columns.elapsed,
    };
    let mut wanted = vec![
        want(
            columns.time,
            Kind::Whole,
            "; gatebench reads epoch milliseconds, JMeter's default \
             (jmeter.save.saveservice.timestamp_format=ms)",
        ),
        want(columns.elapsed, Kind::Whole, ""),
    ];
    for (index, kind) in [
        (columns.label, Kind::Text),
        (columns.success, Kind::Text),
        (columns.code, Kind::Text),
        (columns.bytes, Kind::Whole),
        (columns.threads, Kind::Whole),
    ] {
        if let Some(i) = index {
            wanted.push(want(i, kind, ""));
        }
    }
    Ok((
        Layout {
            separator,
            fields: names.len(),
            wanted,
            start,
            first_line,
        },
        columns,
    ))
}

fn outcome(success: Option<&str>, code: Option<&str>) -> Outcome {
    // Most samples succeed: no need to read their code.
    if success == Some("true") {
        return Outcome::Ok;
    }
    let code_num = code.and_then(|c| c.trim().parse::<u16>().ok());
    let ok = match (success, code) {
        (Some(s), _) => s.trim().eq_ignore_ascii_case("true"),
        (None, Some(_)) => code_num.is_some_and(|c| c < 400),
        // Neither column saved: no failure is recorded.
        (None, None) => true,
    };
    if ok {
        return Outcome::Ok;
    }
    match (code_num, code) {
        (Some(c), _) if c >= 400 => Outcome::HttpError,
        (_, Some(text)) if text.contains("Timeout") || text.contains("timed out") => {
            Outcome::Timeout
        }
        (_, Some(text)) if text.contains("Connect") => Outcome::Connect,
        _ => Outcome::OtherError,
    }
}

/// Reads a JTL from `source` (`total` bytes; `head` its first bytes; `path` names it).
pub fn load(stream: Stream<'_>) -> Result<Vec<Run>, ImportError> {
    let Stream { head, source } = stream;
    let path = source.path;
    let (layout, cols) = layout(path, head)?;
    let stem = naming::classify(path).stem;
    let labels = blocks::read(source, &layout, |labels: &mut Labelled, frame| {
        // Columns read in one pass share their chunks; make sure, then walk the
        // chunks' arrays side by side (no per-cell dynamic dispatch).
        let mut frame = frame.clone();
        frame.align_chunks();
        let col = blocks::Columns::new(&frame, path);
        let whole = |i: usize| -> Result<Vec<_>, ImportError> {
            Ok(col.whole(i)?.downcast_iter().collect())
        };
        let text = |i: usize| -> Result<Vec<_>, ImportError> {
            Ok(col.text(i)?.downcast_iter().collect())
        };
        let (time, elapsed) = (whole(cols.time)?, whole(cols.elapsed)?);
        let label = cols.label.map(text).transpose()?;
        let success = cols.success.map(text).transpose()?;
        let code = cols.code.map(text).transpose()?;
        let bytes = cols.bytes.map(whole).transpose()?;
        let threads = cols.threads.map(whole).transpose()?;
        for (k, (time, elapsed)) in time.iter().zip(&elapsed).enumerate() {
            let mut label = label.as_ref().map(|c| c[k].iter());
            let mut success = success.as_ref().map(|c| c[k].iter());
            let mut code = code.as_ref().map(|c| c[k].iter());
            let mut bytes = bytes.as_ref().map(|c| c[k].iter());
            let mut threads = threads.as_ref().map(|c| c[k].iter());
            for (ts, ms) in time.iter().zip(elapsed.iter()) {
                // Every column advances one cell a row.
                let name = label.as_mut().and_then(|c| c.next().flatten());
                let ok = success.as_mut().and_then(|c| c.next().flatten());
                let code = code.as_mut().and_then(|c| c.next().flatten());
                let size = bytes.as_mut().and_then(|c| c.next().flatten());
                let users = threads.as_mut().and_then(|c| c.next().flatten());
                let (Some(&ts), Some(&ms)) = (ts, ms) else {
                    continue; // an empty optional row; required cells were checked
                };
                let (acc, most) = labels.entry(name.unwrap_or(stem.as_str()));
                acc.add(
                    ts as f64 / 1000.0,
                    ms as f64,
                    outcome(ok, code),
                    size.map_or(0, |s| (*s).max(0) as u64),
                );
                if let Some(&t) = users {
                    *most = (*most).max(t);
                }
            }
        }
        Ok(())
    })?;

    let runs = labels.into_runs(path, "jmeter", true, Measurement::ClosedLoop);
    if runs.is_empty() {
        return Err(ImportError::parse(
            path,
            layout.first_line,
            "the JTL has a header but no samples",
        ));
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes() {
        assert_eq!(outcome(Some("true"), Some("200")), Outcome::Ok);
        assert_eq!(outcome(Some("false"), Some("503")), Outcome::HttpError);
        assert_eq!(
            outcome(
                Some("false"),
                Some("Non HTTP response code: java.net.ConnectException")
            ),
            Outcome::Connect
        );
        assert_eq!(
            outcome(
                Some("false"),
                Some("Non HTTP response code: java.net.SocketTimeoutException")
            ),
            Outcome::Timeout
        );
        assert_eq!(outcome(None, Some("404")), Outcome::HttpError);
        assert_eq!(outcome(None, Some("204")), Outcome::Ok);
        assert_eq!(outcome(None, None), Outcome::Ok);
    }

    #[test]
    fn detection() {
        assert!(looks_like(
            b"timeStamp,elapsed,label,responseCode\n1,2,a,200\n"
        ));
        assert!(looks_like(b"timeStamp\telapsed\tlabel\n"));
        assert!(looks_like(
            b"1551783627191,351,JR-OK,200,Good request,Thread Group 1-1,text,true,,18,8,1,1,null,0,0,0\n"
        ));
        assert!(!looks_like(b"label,throughput_rps\n"));
    }
}
