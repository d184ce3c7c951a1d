//! CloudFront standard logs (the legacy format) as server-side runs
//! (`docs/server-logs.md`, "CloudFront"): tab-separated, read by the names of
//! their `#Fields:` header (the 33 fields of version 1.0 where a file has none).
//! Components: `time_taken` (request to the last byte written) and
//! `time_to_first_byte`, in ms.

use std::path::Path;

use super::importer::TextFormat;
use crate::error::ImportError;
use crate::model::Run;
use crate::model::server::{Components, LogWindow, ServerSide, ServerSource, tally};

pub const FORMAT: TextFormat = TextFormat {
    id: "cloudfront",
    describe: "CloudFront standard access logs (#Version: 1.0, .gz as delivered)",
    tools: &["cloudfront"],
    throughput_definition: "none: a CDN's log counts the requests it served; the client's \
                            throughput is the load tool's",
    sniff: |text| {
        let mut lines = text.lines();
        lines.next().is_some_and(|l| l.starts_with("#Version: 1."))
            && lines.next().is_some_and(|l| l.starts_with("#Fields:"))
    },
    parse,
};

/// The fields of version 1.0, in order (a file without its `#Fields:` line).
const FIELDS: &str = "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem \
                      sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) \
                      x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes \
                      time-taken x-forwarded-for ssl-protocol ssl-cipher \
                      x-edge-response-result-type cs-protocol-version fle-status \
                      fle-encrypted-fields c-port time-to-first-byte \
                      x-edge-detailed-result-type sc-content-type sc-content-len \
                      sc-range-start sc-range-end";

fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let mut names: Vec<&str> = FIELDS.split_whitespace().collect();
    let mut components = Components::default();
    components.entry("time_taken");
    components.entry("time_to_first_byte");
    let (mut requests, mut errors, mut sent, mut received) = (0u64, 0u64, 0u64, 0u64);
    let mut statuses: Vec<(String, u64)> = Vec::new();
    let mut window: Option<LogWindow> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(fields) = line.strip_prefix("#Fields:") {
            names = fields.split_whitespace().collect();
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let values: Vec<&str> = line.split('\t').collect();
        let get = |name: &str| {
            names
                .iter()
                .position(|n| *n == name)
                .and_then(|k| values.get(k))
                .map(|v| v.trim())
                .filter(|v| !v.is_empty() && *v != "-")
        };
        let seconds = |name: &str| -> Result<Option<f64>, ImportError> {
            match get(name) {
                None => Ok(None),
                Some(v) => v
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s >= 0.0)
                    .map(Some)
                    .ok_or_else(|| {
                        ImportError::parse(path, i + 1, format!("{name} `{v}`: expected seconds"))
                    }),
            }
        };
        let (Some(date), Some(time)) = (get("date"), get("time")) else {
            return Err(ImportError::parse(
                path,
                i + 1,
                "expected a tab-separated entry beginning with its date and time",
            ));
        };
        let at =
            chrono::NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M:%S")
                .map_err(|_| {
                    ImportError::parse(
                        path,
                        i + 1,
                        format!("`{date} {time}`: expected YYYY-MM-DD HH:MM:SS"),
                    )
                })?
                .and_utc()
                .timestamp_millis();
        let w = window.get_or_insert(LogWindow {
            start_ms: at,
            end_ms: at,
        });
        w.start_ms = w.start_ms.min(at);
        w.end_ms = w.end_ms.max(at);
        requests += 1;
        for (field, component) in [
            ("time-taken", "time_taken"),
            ("time-to-first-byte", "time_to_first_byte"),
        ] {
            if let Some(s) = seconds(field)? {
                components.entry(component).record((s * 1e6).round() / 1e3);
            }
        }
        let status = get("sc-status").unwrap_or("-");
        // `000`: the viewer closed the connection before CloudFront answered.
        if status.parse::<u16>().map_or(true, |s| s >= 400 || s == 0) {
            errors += 1;
        }
        tally(&mut statuses, status, 1);
        sent += get("sc-bytes")
            .and_then(|b| b.parse::<u64>().ok())
            .unwrap_or(0);
        received += get("cs-bytes")
            .and_then(|b| b.parse::<u64>().ok())
            .unwrap_or(0);
    }
    if requests == 0 {
        return Err(ImportError::file(
            path,
            "no request entry in the CloudFront log",
        ));
    }
    statuses.sort();
    let server = ServerSide {
        source: ServerSource::Cloudfront,
        requests,
        errors,
        window,
        components,
        lambda: None,
        statuses,
        received_bytes: Some(received),
        sent_bytes: Some(sent),
        notes: Vec::new(),
        entries: Vec::new(),
    };
    let label = super::log_events::file_label(path, "cloudfront");
    Ok(vec![server.into_run(
        "cloudfront",
        path,
        label,
        "time_taken",
    )])
}
