//! The containers a log's lines arrive in (`docs/server-logs.md`, "Containers"),
//! each read into log events: the time (ms since the epoch, UTC) where the
//! container gives one, the log group and stream where it names them, and the
//! message. CloudWatch's console CSV download, a Logs Insights CSV export, a
//! decoded subscription payload, `aws logs filter-log-events --output json`, and
//! text: plain lines, `aws logs tail` (default and `--format short`), `sam logs`,
//! a console copy, lines pasted into Markdown or a transcript.

use chrono::{DateTime, NaiveDateTime};

/// One log event.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEvent {
    /// Milliseconds since the Unix epoch, UTC.
    pub time_ms: Option<i64>,
    /// The log group (`/aws/lambda/NAME`), where the container names it.
    pub group: Option<String>,
    /// The log stream (`2026/07/20/[$LATEST]…`: one execution environment).
    pub stream: Option<String>,
    pub message: String,
    /// The line of the file where the event begins (1-based).
    pub line: usize,
}

/// Which container a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    ConsoleCsv,
    InsightsCsv,
    Subscription,
    FilterEvents,
    Text,
}

/// A log file's label: its name without `.gz` and `.log`, else `default`.
pub fn file_label(path: &std::path::Path, default: &str) -> String {
    path.file_name().map_or(default.to_owned(), |s| {
        let s = s.to_string_lossy();
        s.trim_end_matches(".gz")
            .trim_end_matches(".log")
            .to_owned()
    })
}

/// A container's mistake: the line and what was expected.
pub type Bad = (usize, String);

/// The events of `text`, and the container they came in.
pub fn events(text: &str) -> Result<(Container, Vec<LogEvent>), Bad> {
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('\u{feff}')
        .trim();
    if first.starts_with("timestamp,message") {
        return console_csv(text).map(|e| (Container::ConsoleCsv, e));
    }
    if first.starts_with("@timestamp") || (first.starts_with('@') && first.contains("@message")) {
        return insights_csv(text).map(|e| (Container::InsightsCsv, e));
    }
    let trimmed = text.trim_start();
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Some(found) = json(text)?
    {
        return Ok(found);
    }
    Ok((Container::Text, text_lines(text)))
}

/// `timestamp,message`: epoch milliseconds, the message quoted (`""` escapes,
/// newlines inside).
fn console_csv(text: &str) -> Result<Vec<LogEvent>, Bad> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| (csv_line(&e), "expected a `timestamp,message` row".into()))?;
        let line = row.position().map_or(0, |p| p.line() as usize);
        let time = row.get(0).unwrap_or("").trim();
        let time_ms = time.parse::<i64>().map_err(|_| {
            (
                line,
                format!("timestamp `{time}`: expected milliseconds since the epoch"),
            )
        })?;
        out.push(LogEvent {
            time_ms: Some(time_ms),
            group: None,
            stream: None,
            message: row.get(1).unwrap_or("").to_owned(),
            line,
        });
    }
    Ok(out)
}

/// `@timestamp,@message,@logStream,@log` (any order, other columns ignored); the
/// time `YYYY-MM-DD HH:MM:SS.mmm`, UTC; `@log` is `ACCOUNT:GROUP`.
fn insights_csv(text: &str) -> Result<Vec<LogEvent>, Bad> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| (csv_line(&e), "expected a header of @fields".into()))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(time_at), Some(message_at)) = (column("@timestamp"), column("@message")) else {
        return Err((1, "expected the columns @timestamp and @message".into()));
    };
    let (stream_at, log_at) = (column("@logStream"), column("@log"));
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            (
                csv_line(&e),
                "expected a row of the header's columns".into(),
            )
        })?;
        let line = row.position().map_or(0, |p| p.line() as usize);
        let time = row.get(time_at).unwrap_or("").trim();
        let time_ms = Some(time_of(time).ok_or_else(|| {
            (
                line,
                format!("@timestamp `{time}`: expected YYYY-MM-DD HH:MM:SS.mmm (UTC)"),
            )
        })?);
        let cell = |at: Option<usize>| {
            at.and_then(|i| row.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        out.push(LogEvent {
            time_ms,
            group: cell(log_at).map(|g| match g.split_once(':') {
                Some((account, group)) if account.chars().all(|c| c.is_ascii_digit()) => {
                    group.to_owned()
                }
                _ => g,
            }),
            stream: cell(stream_at),
            message: row.get(message_at).unwrap_or("").to_owned(),
            line,
        });
    }
    Ok(out)
}

/// The line a CSV error is on (1 when the reader does not say).
fn csv_line(e: &csv::Error) -> usize {
    e.position().map_or(1, |p| p.line() as usize)
}

/// A subscription payload (`logGroup`, `logStream`, `logEvents`), one object, an
/// array of them or one a line; or `filter-log-events`' `events`. `None` when the
/// JSON is neither.
fn json(text: &str) -> Result<Option<(Container, Vec<LogEvent>)>, Bad> {
    let values: Vec<(serde_json::Value, usize)> =
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Array(items)) => items.into_iter().map(|v| (v, 1)).collect(),
            Ok(v) => vec![(v, 1)],
            Err(_) => {
                // One object a line (JSON lines), or something else.
                let mut values = Vec::new();
                for (i, line) in text
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| !l.trim().is_empty())
                {
                    match serde_json::from_str(line) {
                        Ok(v) => values.push((v, i + 1)),
                        Err(_) => return Ok(None),
                    }
                }
                values
            }
        };
    let mut out = Vec::new();
    let mut container = None;
    for (value, line) in values {
        let (events, group, stream_key, kind) = if value["logEvents"].is_array() {
            (
                &value["logEvents"],
                value["logGroup"].as_str(),
                None,
                Container::Subscription,
            )
        } else if value["events"].is_array() {
            (
                &value["events"],
                None,
                Some("logStreamName"),
                Container::FilterEvents,
            )
        } else {
            return Ok(None);
        };
        container = Some(kind);
        for event in events.as_array().into_iter().flatten() {
            let stream = match stream_key {
                Some(k) => event[k].as_str(),
                None => value["logStream"].as_str(),
            };
            out.push(LogEvent {
                time_ms: event["timestamp"].as_i64(),
                group: group.map(str::to_owned),
                stream: stream.map(str::to_owned),
                message: event["message"].as_str().unwrap_or("").to_owned(),
                line,
            });
        }
    }
    Ok(container.map(|c| (c, out)))
}

/// One event a line; its time and stream from what comes before the message:
/// `aws logs tail`'s `TIME STREAM MESSAGE` (or `TIME MESSAGE` with `--format
/// short`), `sam logs`' `STREAM TIME MESSAGE`, a console copy's `TIME<TAB>MESSAGE`,
/// a Markdown table's cells.
fn text_lines(text: &str) -> Vec<LogEvent> {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let mut time_ms = json_time(line);
            let mut stream = None;
            for word in line
                .split(|c: char| c.is_whitespace() || c == '|' || c == '`')
                .filter(|w| !w.is_empty())
                .take(3)
            {
                if time_ms.is_none()
                    && let Some(t) = time_of(word)
                {
                    time_ms = Some(t);
                    continue;
                }
                if stream.is_none() && is_stream(word) {
                    stream = Some(word.to_owned());
                }
            }
            LogEvent {
                time_ms,
                group: None,
                stream,
                message: line.to_owned(),
                line: i + 1,
            }
        })
        .collect()
}

/// The `time` of a JSON log line (Lambda's JSON log format: `{"time": …,
/// "type": "platform.report", …}`).
fn json_time(line: &str) -> Option<i64> {
    let line = line.trim();
    if !line.starts_with('{') || !line.contains("\"time\"") {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    time_of(v["time"].as_str()?)
}

/// `2026/07/20/[$LATEST]8f3…`: a Lambda log stream's name.
fn is_stream(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() > 12
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'/',
            _ => c.is_ascii_digit(),
        })
        && b[10] == b'/'
        && b[11] == b'['
}

/// Milliseconds since the epoch of a CLF time (`20/Jul/2026:01:50:15 +0000`, the
/// access logs' `requestTime`).
pub fn clf_time(text: &str) -> Option<i64> {
    DateTime::parse_from_str(text.trim(), "%d/%b/%Y:%H:%M:%S %z")
        .ok()
        .map(|t| t.timestamp_millis())
}

/// Milliseconds since the epoch of `YYYY-MM-DDTHH:MM:SS[.fraction][Z]`, UTC, read
/// by hand: the form every line of a load balancer's log has, millions of times a
/// file; `None` for any other form (then [`time_of`]).
pub fn iso_utc_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut ms = 0;
    let mut rest = &b[19..];
    if let Some((&b'.', frac)) = rest.split_first() {
        let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        let (first, _) = frac.split_at(digits.min(3));
        let scale = [100, 10, 1];
        ms = first
            .iter()
            .zip(scale)
            .map(|(&c, k)| i64::from(c - b'0') * k)
            .sum();
        rest = &frac[digits..];
    }
    if !(rest.is_empty() || rest == b"Z") {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + h) * 60 + mi) * 60_000 + sec * 1000 + ms)
}

/// Milliseconds since the epoch of an ISO 8601 time: with its offset (a console
/// copy's local time, `aws logs tail`'s `+00:00`, `Z`), or without one, which the
/// AWS tools print in UTC (`--format short`, `sam logs`, Insights).
pub fn time_of(word: &str) -> Option<i64> {
    if word.len() < 19 || !word.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(word) {
        return Some(t.timestamp_millis());
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(word, format) {
            return Some(t.and_utc().timestamp_millis());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hand_reader_agrees_with_chrono() {
        for t in [
            "2018-07-02T22:23:00.186641Z",
            "2026-12-01T00:00:00Z",
            "2000-02-29T23:59:59.999Z",
            "1970-01-01T00:00:00.000000Z",
            "2024-03-01T00:00:00.5Z",
        ] {
            assert_eq!(iso_utc_ms(t), time_of(t), "{t}");
        }
        assert_eq!(iso_utc_ms("2026-12-01T00:00:00+02:00"), None);
        assert_eq!(iso_utc_ms("2026-13-01T00:00:00Z"), None);
    }
}
