//! Proxies' access logs as server-side runs (`docs/server-logs.md`, "Proxies"):
//! nginx (key=value timings, JSON, or any `log_format` given with
//! `--nginx-log-format`), HAProxy's HTTP log (1.x and 2.x/3.x timers, bare or
//! after a syslog header) and Envoy's default access log. The proxy's own time
//! and the upstream's are kept apart: `request_time` (the whole, as the proxy saw
//! it), `upstream_connect`, `upstream_header`, `upstream_response` and
//! `proxy_overhead` (the whole less the upstream's), in ms.

use std::path::Path;

use super::importer::{FormatOption, Importer, Input, Probe, TextFormat};
use super::log_events::{clf_time, file_label, time_of};
use super::quoted_fields::split;
use crate::error::ImportError;
use crate::model::Run;
use crate::model::server::{Components, LogWindow, ServerSide, ServerSource, tally};

/// What one line says: its time, status, and timings in ms by component.
#[derive(Debug, Default)]
struct Entry {
    time_ms: Option<i64>,
    status: String,
    timings: Vec<(&'static str, f64)>,
}

/// One proxy's run as it is gathered.
struct Gathered {
    components: Components,
    requests: u64,
    errors: u64,
    window: Option<LogWindow>,
    statuses: Vec<(String, u64)>,
    timed: u64,
}

impl Gathered {
    fn new() -> Gathered {
        let mut components = Components::default();
        for c in [
            "request_time",
            "upstream_connect",
            "upstream_header",
            "upstream_response",
            "proxy_overhead",
        ] {
            components.entry(c);
        }
        Gathered {
            components,
            requests: 0,
            errors: 0,
            window: None,
            statuses: Vec::new(),
            timed: 0,
        }
    }

    fn add(&mut self, e: Entry) {
        self.requests += 1;
        if let Some(t) = e.time_ms {
            let w = self.window.get_or_insert(LogWindow {
                start_ms: t,
                end_ms: t,
            });
            w.start_ms = w.start_ms.min(t);
            w.end_ms = w.end_ms.max(t);
        }
        // 0: no response was started (the client left); 400 and more: an error.
        if e.status.parse::<u16>().is_ok_and(|s| s >= 400 || s == 0) {
            self.errors += 1;
        }
        tally(&mut self.statuses, &e.status, 1);
        if e.timings.iter().any(|(n, _)| *n == "request_time") {
            self.timed += 1;
        }
        for (name, ms) in &e.timings {
            self.components.entry(name).record(*ms);
        }
        let get = |n: &str| e.timings.iter().find(|(k, _)| *k == n).map(|(_, v)| *v);
        // The proxy's own share: the whole less the upstream's (its response, else
        // its header), never below zero (the clocks differ by up to a ms).
        if let (Some(total), Some(up)) = (
            get("request_time"),
            get("upstream_response").or(get("upstream_header")),
        ) {
            self.components
                .entry("proxy_overhead")
                .record((total - up).max(0.0));
        }
    }

    fn run(
        mut self,
        path: &Path,
        source: ServerSource,
        tool: &str,
        no_timing: &str,
    ) -> Result<Vec<Run>, ImportError> {
        if self.requests == 0 {
            return Err(ImportError::file(
                path,
                format!("no {tool} access-log line in the file"),
            ));
        }
        self.statuses.sort();
        let notes = if self.timed == 0 {
            vec![no_timing.to_owned()]
        } else {
            Vec::new()
        };
        let server = ServerSide {
            source,
            requests: self.requests,
            errors: self.errors,
            window: self.window,
            components: self.components,
            lambda: None,
            statuses: self.statuses,
            received_bytes: None,
            sent_bytes: None,
            notes,
            entries: Vec::new(),
        };
        Ok(vec![server.into_run(
            tool,
            path,
            file_label(path, tool),
            "request_time",
        )])
    }
}

/// Seconds as ms (nginx's `0.012`), to the microsecond.
fn ms_of_seconds(s: f64) -> f64 {
    (s * 1e6).round() / 1e3
}

/// nginx's upstream times: one value per attempt (`0.002, 0.010`, `0.010 : 0.003`,
/// `-` for an attempt that never got so far; older docs say `;`): their sum, in
/// seconds; `None` when no attempt has one.
fn attempts(value: &str) -> Option<f64> {
    let numbers: Vec<f64> = value
        .split([',', ':', ';'])
        .filter_map(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
        .collect();
    (!numbers.is_empty()).then(|| numbers.iter().sum())
}

// ---- nginx ----

/// `--nginx-log-format`: the `log_format` the log was written with.
pub const NGINX_LOG_FORMAT: FormatOption = FormatOption {
    key: "nginx_log_format",
    describe: "the log_format string of an nginx access log (its $variables: $request_time, \
               $upstream_connect_time, $upstream_header_time, $upstream_response_time, \
               $status, $time_local, $msec, $time_iso8601)",
    choices: &[(
        "",
        "key=value timings (rt=, uct=, uht=, urt=; request_time=, …) or JSON lines",
    )],
    free_text: Some(check_log_format),
};

fn check_log_format(value: &str) -> Result<(), String> {
    let pattern = compile(value);
    if pattern.iter().any(|p| matches!(p, Piece::Var(_))) {
        Ok(())
    } else {
        Err("expected a log_format with $variables".into())
    }
}

pub const NGINX: Nginx = Nginx;

pub struct Nginx;

impl Importer for Nginx {
    fn id(&self) -> &'static str {
        "nginx"
    }
    fn describe(&self) -> &'static str {
        "nginx access logs with timings ($request_time, $upstream_*_time)"
    }
    fn tools(&self) -> &'static [&'static str] {
        &["nginx"]
    }
    fn throughput_definition(&self) -> &'static str {
        "none: a proxy's log counts the requests it served; the client's throughput is the \
         load tool's"
    }
    fn sniff(&self, probe: &Probe<'_>) -> bool {
        probe.text.is_some_and(|t| {
            t.lines()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| nginx_pairs(l).is_some() || nginx_json(l).is_some() || combined(l))
        })
    }
    fn read(&self, mut input: Input<'_>) -> Result<Vec<Run>, ImportError> {
        let format = input.setting(&NGINX_LOG_FORMAT).to_owned();
        let path = input.path;
        let pattern = (!format.is_empty()).then(|| compile(&format));
        let mut g = Gathered::new();
        for (i, line) in input.text()?.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let entry = match &pattern {
                Some(p) => matched(p, line),
                None => nginx_json(line)
                    .or_else(|| nginx_pairs(line))
                    .or_else(|| combined(line).then(|| plain_clf(line)).flatten()),
            };
            let entry = entry.ok_or_else(|| {
                ImportError::parse(
                    path,
                    i + 1,
                    match &pattern {
                        Some(_) => "does not match the --nginx-log-format given".to_owned(),
                        None => "expected an nginx access-log line: the combined format, \
                                 key=value timings (rt=\"…\" urt=\"…\"), or JSON; give your \
                                 log_format with --nginx-log-format"
                            .to_owned(),
                    },
                )
            })?;
            g.add(entry);
        }
        g.run(
            path,
            ServerSource::Nginx,
            "nginx",
            "no timing in this log (the combined log_format has none): add rt=\"$request_time\" \
             uct=\"$upstream_connect_time\" uht=\"$upstream_header_time\" \
             urt=\"$upstream_response_time\" to your log_format",
        )
    }
    fn options(&self) -> &'static [FormatOption] {
        std::slice::from_ref(&NGINX_LOG_FORMAT)
    }
}

/// The components of nginx's variables, by the names they are logged under.
fn nginx_timing(name: &str) -> Option<&'static str> {
    Some(match name {
        "rt" | "request_time" => "request_time",
        "uct" | "upstream_connect_time" => "upstream_connect",
        "uht" | "upstream_header_time" => "upstream_header",
        "urt" | "upstream_response_time" => "upstream_response",
        _ => return None,
    })
}

/// `[05/Dec/2026:06:59:23 +0000] "GET / HTTP/1.1" 200 512`: the CLF part every
/// nginx text format begins with (its time and status).
fn plain_clf(line: &str) -> Option<Entry> {
    let open = line.find('[')?;
    let close = open + line[open..].find(']')?;
    let time_ms = clf_time(&line[open + 1..close]);
    let rest = &line[close + 1..];
    let f = split(rest);
    let status = f.get(1)?;
    status.parse::<u16>().ok()?;
    Some(Entry {
        time_ms,
        status: (*status).to_owned(),
        timings: Vec::new(),
    })
}

/// The combined format: CLF, then the referer and the user agent quoted.
fn combined(line: &str) -> bool {
    plain_clf(line).is_some() && {
        let close = line.find(']').unwrap_or(0);
        let f = split(&line[close + 1..]);
        f.len() >= 5 && f[2].parse::<u64>().is_ok() || f.get(2) == Some(&"-")
    }
}

/// A CLF line with timings as `key=value` pairs, quoted or not (`rt="0.012"`, or
/// `"k6/0.50"rt=0.012` with the admin guide's missing space).
fn nginx_pairs(line: &str) -> Option<Entry> {
    let mut entry = plain_clf(line)?;
    let mut rest = line;
    while let Some(eq) = rest.find('=') {
        let key_start = rest[..eq]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let key = &rest[key_start..eq];
        let after = &rest[eq + 1..];
        let (value, next) = match after.strip_prefix('"') {
            Some(q) => {
                let end = q.find('"').unwrap_or(q.len());
                (&q[..end], &q[(end + 1).min(q.len())..])
            }
            None => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        if let (Some(component), Some(s)) = (nginx_timing(key), attempts(value)) {
            entry.timings.push((component, ms_of_seconds(s)));
        }
        rest = next;
    }
    entry
        .timings
        .iter()
        .any(|(n, _)| *n == "request_time")
        .then_some(entry)
}

/// A JSON line (`log_format … escape=json '{…}'`) with `request_time`.
fn nginx_json(line: &str) -> Option<Entry> {
    let v: serde_json::Value = serde_json::from_str(line.trim()).ok()?;
    let o = v.as_object()?;
    o.get("request_time")?;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let mut e = Entry {
        time_ms: o
            .get("msec")
            .and_then(text)
            .and_then(|m| m.parse::<f64>().ok())
            .map(|m| (m * 1000.0) as i64)
            .or_else(|| o.get("time").and_then(|t| t.as_str()).and_then(time_of))
            .or_else(|| {
                o.get("time_iso8601")
                    .and_then(|t| t.as_str())
                    .and_then(time_of)
            }),
        status: o.get("status").and_then(text).unwrap_or_else(|| "-".into()),
        timings: Vec::new(),
    };
    for (key, value) in o {
        if let (Some(c), Some(s)) = (nginx_timing(key), text(value).and_then(|t| attempts(&t))) {
            e.timings.push((c, ms_of_seconds(s)));
        }
    }
    Some(e)
}

/// A piece of a `log_format`: literal text, or a `$variable`.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Var(String),
}

/// A `log_format` string as pieces (`$name` or `${name}`).
fn compile(format: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            text.push(c);
            continue;
        }
        let braced = chars.next_if_eq(&'{').is_some();
        let mut name = String::new();
        while let Some(&n) = chars.peek() {
            if n.is_ascii_alphanumeric() || n == '_' {
                name.push(n);
                chars.next();
            } else {
                break;
            }
        }
        if braced {
            chars.next_if_eq(&'}');
        }
        if name.is_empty() {
            text.push('$');
            continue;
        }
        if !text.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut text)));
        }
        out.push(Piece::Var(name));
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

/// The entry of `line` as `pattern` lays it out: each variable's value runs to
/// the next piece of text.
fn matched(pattern: &[Piece], line: &str) -> Option<Entry> {
    let mut at = 0;
    let mut values: Vec<(&str, &str)> = Vec::new();
    for (k, piece) in pattern.iter().enumerate() {
        match piece {
            Piece::Text(t) => {
                if !line[at..].starts_with(t.as_str()) {
                    return None;
                }
                at += t.len();
            }
            Piece::Var(name) => {
                let end = match pattern.get(k + 1) {
                    Some(Piece::Text(next)) => at + line[at..].find(next.as_str())?,
                    Some(Piece::Var(_)) => return None,
                    None => line.len(),
                };
                values.push((name, &line[at..end]));
                at = end;
            }
        }
    }
    let get = |n: &str| values.iter().find(|(k, _)| *k == n).map(|(_, v)| *v);
    let mut e = Entry {
        time_ms: get("msec")
            .and_then(|m| m.parse::<f64>().ok())
            .map(|m| (m * 1000.0) as i64)
            .or_else(|| get("time_local").and_then(clf_time))
            .or_else(|| get("time_iso8601").and_then(time_of)),
        status: get("status").unwrap_or("-").to_owned(),
        timings: Vec::new(),
    };
    for (name, value) in &values {
        let var = name.trim_end_matches("_time");
        let component = match var {
            "request" => Some("request_time"),
            "upstream_connect" | "upstream_header" | "upstream_response" => nginx_timing(name),
            _ => None,
        };
        if let (Some(c), Some(s)) = (component, attempts(value)) {
            e.timings.push((c, ms_of_seconds(s)));
        }
    }
    Some(e)
}

// ---- HAProxy ----

pub const HAPROXY: TextFormat = TextFormat {
    id: "haproxy",
    describe: "HAProxy HTTP logs (option httplog; 1.x and 2.x/3.x timers, bare or after syslog)",
    tools: &["haproxy"],
    throughput_definition: "none: a proxy's log counts the requests it served; the client's \
                            throughput is the load tool's",
    sniff: |text| {
        text.lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| haproxy_entry(l).is_some())
    },
    parse: |path, text| {
        let mut g = Gathered::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let e = haproxy_entry(line).ok_or_else(|| {
                ImportError::parse(
                    path,
                    i + 1,
                    "expected an HAProxy HTTP log line: `CLIENT:PORT [DATE] FRONTEND \
                     BACKEND/SERVER TR/Tw/Tc/Tr/Ta STATUS BYTES …`",
                )
            })?;
            g.add(e);
        }
        g.run(
            path,
            ServerSource::Haproxy,
            "haproxy",
            "no timers in this log",
        )
    },
};

/// `… CLIENT:PORT [06/Feb/2009:12:14:14.655] FRONTEND BACKEND/SERVER
/// TR/Tw/Tc/Tr/Ta STATUS BYTES …`, after any syslog header. The timers are whole
/// ms; `-1` when the stage was not reached; `+` under `logasap`.
fn haproxy_entry(line: &str) -> Option<Entry> {
    // The accept date: `[dd/Mon/yyyy:HH:MM:SS.mmm]`, local time without its zone.
    let mut from = 0;
    let (open, close) = loop {
        let open = from + line[from..].find('[')?;
        let close = open + line[open..].find(']')?;
        let inside = &line[open + 1..close];
        if inside.len() >= 20 && inside.as_bytes()[2] == b'/' && inside.as_bytes()[6] == b'/' {
            break (open, close);
        }
        from = close;
    };
    let client = line[..open].split_whitespace().last()?;
    client.rsplit_once(':')?.1.parse::<u16>().ok()?;
    let date = &line[open + 1..close];
    let time_ms = chrono::NaiveDateTime::parse_from_str(date, "%d/%b/%Y:%H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc().timestamp_millis());
    let f: Vec<&str> = line[close + 1..].split_whitespace().collect();
    let (_frontend, backend, timers, status) = (f.first()?, f.get(1)?, f.get(2)?, f.get(3)?);
    backend.contains('/').then_some(())?;
    let t: Vec<Option<f64>> = timers
        .split('/')
        .map(|v| {
            v.trim_start_matches('+')
                .parse::<f64>()
                .ok()
                .filter(|v| *v >= 0.0)
        })
        .collect();
    if t.len() != 5 {
        return None;
    }
    status.parse::<i32>().ok()?;
    // TR (1.x: Tq) / Tw / Tc / Tr / Ta (1.x: Tt).
    let mut timings = Vec::new();
    if let Some(total) = t[4] {
        timings.push(("request_time", total));
    }
    if let Some(tc) = t[2] {
        timings.push(("upstream_connect", tc));
        if let Some(tr) = t[3] {
            // nginx's header time runs from the connect too.
            timings.push(("upstream_header", tc + tr));
        }
    }
    Some(Entry {
        time_ms,
        status: (*status).to_owned(),
        timings,
    })
}

// ---- Envoy ----

pub const ENVOY: TextFormat = TextFormat {
    id: "envoy",
    describe: "Envoy's default access log",
    tools: &["envoy"],
    throughput_definition: "none: a proxy's log counts the requests it served; the client's \
                            throughput is the load tool's",
    sniff: |text| {
        text.lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| envoy_entry(l).is_some())
    },
    parse: |path, text| {
        let mut g = Gathered::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let e = envoy_entry(line).ok_or_else(|| {
                ImportError::parse(
                    path,
                    i + 1,
                    "expected Envoy's default access-log line: `[START_TIME] \"METHOD PATH \
                     PROTOCOL\" CODE FLAGS RECEIVED SENT DURATION UPSTREAM_SERVICE_TIME …`",
                )
            })?;
            g.add(e);
        }
        g.run(
            path,
            ServerSource::Envoy,
            "envoy",
            "no duration in this log",
        )
    },
};

/// `[2016-04-15T20:17:00.310Z] "POST /api HTTP/2" 204 - 154 0 226 100 "…" …`:
/// `%DURATION%` and `%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%`, ms (`-` when unset).
fn envoy_entry(line: &str) -> Option<Entry> {
    let rest = line.trim_start().strip_prefix('[')?;
    let close = rest.find(']')?;
    let time_ms = time_of(&rest[..close])?;
    let f = split(&rest[close + 1..]);
    if f.len() < 7 {
        return None;
    }
    let (code, duration, upstream) = (f[1], f[5], f[6]);
    code.parse::<u16>().ok()?;
    let number = |v: &str| v.parse::<f64>().ok().filter(|v| *v >= 0.0);
    let mut timings = vec![("request_time", number(duration)?)];
    if let Some(u) = number(upstream) {
        timings.push(("upstream_response", u));
    } else if upstream != "-" {
        return None;
    }
    Some(Entry {
        time_ms: Some(time_ms),
        status: code.to_owned(),
        timings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nginx_lines_of_the_documentation() {
        // The admin guide's format, with its missing space before rt=.
        let e = nginx_pairs(
            r#"203.0.113.7 - - [05/Dec/2026:06:59:23 +0000] "GET /api HTTP/1.1" 200 512 "-" "k6/0.50"rt="0.012" uct="0.000" uht="0.010" urt="0.011""#,
        )
        .unwrap();
        assert_eq!(e.status, "200");
        assert_eq!(
            e.timings,
            [
                ("request_time", 12.0),
                ("upstream_connect", 0.0),
                ("upstream_header", 10.0),
                ("upstream_response", 11.0)
            ]
        );
        // Two attempts: their sum; a refused one's header is `-`.
        let ms = |v: &str| attempts(v).map(ms_of_seconds);
        assert_eq!(ms("0.002, 0.010"), Some(12.0));
        assert_eq!(ms("-, 0.008"), Some(8.0));
        assert_eq!(ms("0.010 : 0.003"), Some(13.0));
        assert_eq!(attempts("-"), None);
    }

    #[test]
    fn a_log_format_of_ones_own() {
        let p = compile(
            r#"$remote_addr [$time_local] "$request" $status $request_time $upstream_response_time"#,
        );
        let e = matched(
            &p,
            r#"10.0.0.1 [05/Dec/2026:06:59:23 +0000] "GET / HTTP/1.1" 502 0.030 0.010, 0.015"#,
        )
        .unwrap();
        assert_eq!(e.status, "502");
        assert_eq!(
            e.timings,
            [("request_time", 30.0), ("upstream_response", 25.0)]
        );
    }

    #[test]
    fn haproxy_lines_of_the_documentation() {
        // §8.2.3: 10/0/30/69/109, and under logasap 9/10/7/14/+30.
        let e = haproxy_entry(
            r#"Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1""#,
        )
        .unwrap();
        assert_eq!(
            e.timings,
            [
                ("request_time", 109.0),
                ("upstream_connect", 30.0),
                ("upstream_header", 99.0)
            ]
        );
        let e = haproxy_entry(
            r#"10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 9/10/7/14/+30 200 +243 - - ---- 3/1/1/1/0 1/0 "GET /image.iso HTTP/1.0""#,
        )
        .unwrap();
        assert_eq!(e.timings[0], ("request_time", 30.0));
        // A request that never reached a server: -1 timers are left out.
        let e = haproxy_entry(
            r#"10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in web/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 0/0/0/0/0 0/0 "GET / HTTP/1.1""#,
        )
        .unwrap();
        assert_eq!(e.timings, [("request_time", 0.0)]);
    }

    #[test]
    fn envoy_line_of_the_documentation() {
        let e = envoy_entry(
            r#"[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80""#,
        )
        .unwrap();
        assert_eq!(e.status, "204");
        assert_eq!(
            e.timings,
            [("request_time", 226.0), ("upstream_response", 100.0)]
        );
    }
}
