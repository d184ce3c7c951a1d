//! Lambda's platform lines, one message at a time (`docs/server-logs.md`,
//! "Lambda"): `START`, `END`, `REPORT`, `INIT_START`, `INIT_REPORT`,
//! `RESTORE_START`, `RESTORE_REPORT`, `Task timed out`, in plain text or in the
//! JSON log format (`platform.report` and friends). Fields are read as
//! `Name: value unit` pairs, never by position: AWS adds fields at the end, and
//! separators are tabs, spaces or both.

/// One platform line.
#[derive(Debug, Clone, PartialEq)]
pub enum Platform {
    Start {
        request_id: String,
    },
    End {
        request_id: String,
    },
    Report(Report),
    /// An execution environment began its INIT phase; not a cold start by itself.
    InitStart,
    /// An INIT phase reported apart (SnapStart, a re-init, an init that timed out).
    InitReport {
        duration_ms: f64,
        status: Option<String>,
    },
    RestoreStart,
    RestoreReport {
        duration_ms: f64,
    },
    /// `Task timed out after N seconds`, with the request id where the line has one.
    TimedOut {
        request_id: Option<String>,
        after_s: f64,
    },
}

/// A `REPORT` line (or a `platform.report` record).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub request_id: String,
    pub duration_ms: f64,
    pub billed_ms: Option<f64>,
    pub memory_size_mb: Option<u32>,
    pub max_memory_used_mb: Option<u32>,
    pub init_ms: Option<f64>,
    pub restore_ms: Option<f64>,
    pub billed_restore_ms: Option<f64>,
    /// `Status: timeout` or `error` where the line says (newer runtimes, JSON).
    pub status: Option<String>,
}

/// The platform lines in `message` (one log event; a REPORT's event carries its
/// XRAY line after a newline).
pub fn parse(message: &str) -> Result<Vec<Platform>, String> {
    let trimmed = message.trim();
    if trimmed.starts_with('{') && trimmed.contains("\"platform.") {
        return json(trimmed).map(|p| p.into_iter().collect());
    }
    // A payload encoded twice keeps `\t` and `\n` as text (Datadog's snapshots).
    let unescaped;
    let message = if message.contains("\\t") || message.contains("\\n") {
        unescaped = message.replace("\\t", "\t").replace("\\n", "\n");
        unescaped.as_str()
    } else {
        message
    };
    let mut out = Vec::new();
    for line in message.lines() {
        if let Some(p) = text_line(line)? {
            out.push(p);
        }
    }
    Ok(out)
}

/// The platform line in `line`, wherever in the line it begins (a transcript, a
/// Markdown table, a tool's prefix of time and stream).
fn text_line(line: &str) -> Result<Option<Platform>, String> {
    let keyword = |k: &str| find_word(line, k).map(|i| &line[i + k.len()..]);
    if let Some(rest) = keyword("REPORT RequestId:") {
        return report(rest).map(|r| Some(Platform::Report(r)));
    }
    if let Some(rest) = keyword("INIT_REPORT") {
        let pairs = pairs(rest);
        let duration_ms = number(&pairs, "Init Duration")
            .ok_or("an INIT_REPORT without `Init Duration: N ms`")?;
        return Ok(Some(Platform::InitReport {
            duration_ms,
            status: text(&pairs, "Status").map(|s| s.to_lowercase()),
        }));
    }
    if let Some(rest) = keyword("RESTORE_REPORT") {
        let pairs = pairs(rest);
        let duration_ms = number(&pairs, "Restore Duration")
            .ok_or("a RESTORE_REPORT without `Restore Duration: N ms`")?;
        return Ok(Some(Platform::RestoreReport { duration_ms }));
    }
    if keyword("INIT_START").is_some() {
        return Ok(Some(Platform::InitStart));
    }
    if keyword("RESTORE_START").is_some() {
        return Ok(Some(Platform::RestoreStart));
    }
    if let Some(rest) = keyword("START RequestId:") {
        return Ok(Some(Platform::Start {
            request_id: first_word(rest),
        }));
    }
    if let Some(rest) = keyword("END RequestId:") {
        return Ok(Some(Platform::End {
            request_id: first_word(rest),
        }));
    }
    if let Some(at) = line.find("Task timed out after ") {
        let after = &line[at + "Task timed out after ".len()..];
        let after_s = after
            .split_whitespace()
            .next()
            .and_then(|n| n.parse::<f64>().ok())
            .ok_or("`Task timed out after` without its seconds")?;
        // `<time> <request id> Task timed out ...`: the word before, if it is an id.
        let request_id = line[..at]
            .split_whitespace()
            .last()
            .filter(|w| {
                w.len() >= 32
                    && w.chars()
                        .all(|c| c.is_ascii_hexdigit() || c == '-' || c == 'x')
            })
            .map(str::to_owned);
        return Ok(Some(Platform::TimedOut {
            request_id,
            after_s,
        }));
    }
    Ok(None)
}

/// Where `word` begins in `line` as a word of its own (not `XREPORT`).
fn find_word(line: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = line[from..].find(word) {
        let at = from + i;
        let before = line[..at].chars().last();
        if before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_')) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

fn first_word(s: &str) -> String {
    s.split_whitespace().next().unwrap_or("").to_owned()
}

/// `Name: value [unit]` pairs, names of one or more words.
fn pairs(s: &str) -> Vec<(String, String, Option<String>)> {
    const UNITS: [&str; 6] = ["ms", "MB", "s", "KB", "GB", "bytes"];
    let mut out = Vec::new();
    let mut name: Vec<&str> = Vec::new();
    let mut words = s.split_whitespace().peekable();
    while let Some(w) = words.next() {
        match w.strip_suffix(':') {
            Some(last) if !last.is_empty() => {
                name.push(last);
                let value = words.next().unwrap_or("").to_owned();
                let unit = words.next_if(|u| UNITS.contains(u)).map(str::to_owned);
                out.push((name.join(" "), value, unit));
                name.clear();
            }
            _ => name.push(w),
        }
    }
    out
}

fn text(pairs: &[(String, String, Option<String>)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v, _)| v.clone())
}

fn number(pairs: &[(String, String, Option<String>)], name: &str) -> Option<f64> {
    text(pairs, name)
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

fn report(rest: &str) -> Result<Report, String> {
    let pairs = pairs(&format!("RequestId: {rest}"));
    let request_id = text(&pairs, "RequestId").unwrap_or_default();
    let duration_ms = number(&pairs, "Duration").ok_or("a REPORT without `Duration: N ms`")?;
    let mb = |name: &str| number(&pairs, name).map(|v| v.round() as u32);
    Ok(Report {
        request_id,
        duration_ms,
        billed_ms: number(&pairs, "Billed Duration"),
        memory_size_mb: mb("Memory Size"),
        max_memory_used_mb: mb("Max Memory Used"),
        init_ms: number(&pairs, "Init Duration"),
        restore_ms: number(&pairs, "Restore Duration"),
        billed_restore_ms: number(&pairs, "Billed Restore Duration"),
        status: text(&pairs, "Status").map(|s| s.to_lowercase()),
    })
}

/// A JSON-format platform record (`{"time", "type": "platform.<x>", "record"}`).
fn json(text: &str) -> Result<Option<Platform>, String> {
    let v: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("a platform record that is not JSON: {e}"))?;
    let record = &v["record"];
    let metrics = &record["metrics"];
    let f = |m: &serde_json::Value, k: &str| m[k].as_f64();
    let status = record["status"].as_str().map(str::to_lowercase);
    let request_id = record["requestId"].as_str().unwrap_or("").to_owned();
    Ok(match v["type"].as_str().unwrap_or("") {
        "platform.report" => Some(Platform::Report(Report {
            request_id,
            duration_ms: f(metrics, "durationMs")
                .ok_or("a platform.report without metrics.durationMs")?,
            billed_ms: f(metrics, "billedDurationMs"),
            memory_size_mb: f(metrics, "memorySizeMB").map(|m| m as u32),
            max_memory_used_mb: f(metrics, "maxMemoryUsedMB").map(|m| m as u32),
            init_ms: f(metrics, "initDurationMs"),
            restore_ms: f(metrics, "restoreDurationMs"),
            billed_restore_ms: f(metrics, "billedRestoreDurationMs"),
            status: status.filter(|s| s != "success"),
        })),
        "platform.initReport" => Some(Platform::InitReport {
            duration_ms: f(metrics, "durationMs")
                .ok_or("a platform.initReport without metrics.durationMs")?,
            status: status.filter(|s| s != "success"),
        }),
        "platform.restoreReport" => Some(Platform::RestoreReport {
            duration_ms: f(metrics, "durationMs").unwrap_or(0.0),
        }),
        "platform.initStart" => Some(Platform::InitStart),
        "platform.restoreStart" => Some(Platform::RestoreStart),
        "platform.start" => Some(Platform::Start { request_id }),
        _ => None,
    })
}
