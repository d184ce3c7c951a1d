//! Load-balancer access logs as server-side runs (`docs/server-logs.md`, "Load
//! balancers"): the Application Load Balancer's (every entry type, a file mixing
//! NLB and connection-log lines read for what it holds) and the Classic ELB's (HTTP
//! and TCP listeners), `.gz` as S3 delivers them. Components: `request_processing`,
//! `target_processing`, `response_processing` and their `total`, in ms.

use std::path::Path;

use super::importer::StreamedFormat;
use super::line_blocks;
use super::log_events::{file_label, iso_utc_ms, time_of};
use super::quoted_fields::{split, split_into};
use crate::error::ImportError;
use crate::model::Run;
use crate::model::server::{Components, LogWindow, ServerSide, ServerSource, tally};

pub const ALB: StreamedFormat = StreamedFormat {
    id: "alb",
    describe: "Application Load Balancer access logs (.log or .log.gz from S3)",
    tools: &["alb"],
    throughput_definition: "none: a load balancer's log counts the requests it served; the \
                            client's throughput is the load tool's",
    sniff: |head| first_line(head).is_some_and(|l| is_alb(&split(&l)) || is_nlb(&l)),
    load: |stream| {
        let path = stream.source.path;
        let states = line_blocks::parse(
            stream.source,
            || Gathered::new(ServerSource::Alb),
            |g, n, line| alb_line(g, path, n, line),
        )?;
        Gathered::merged(states, ServerSource::Alb)
            .run(path, "alb")
            .map(|r| vec![r])
    },
    options: &[],
};

pub const ELB: StreamedFormat = StreamedFormat {
    id: "elb",
    describe: "Classic Load Balancer access logs (HTTP and TCP listeners)",
    tools: &["elb"],
    throughput_definition: "none: a load balancer's log counts the requests it served; the \
                            client's throughput is the load tool's",
    sniff: |head| first_line(head).is_some_and(|l| is_elb(&split(&l))),
    load: |stream| {
        let path = stream.source.path;
        let states = line_blocks::parse(
            stream.source,
            || Gathered::new(ServerSource::Elb),
            |g, n, line| elb_line(g, path, n, line),
        )?;
        Gathered::merged(states, ServerSource::Elb)
            .run(path, "elb")
            .map(|r| vec![r])
    },
    options: &[],
};

const ALB_TYPES: [&str; 6] = ["http", "https", "h2", "grpcs", "ws", "wss"];

/// A Network Load Balancer's line (`tls 2.0 TIME …`: TLS listeners only).
fn is_nlb(line: &str) -> bool {
    let f: Vec<&str> = line.split_whitespace().take(3).collect();
    f.len() == 3 && f[0] == "tls" && seconds(f[1]).is_some() && time_of(f[2]).is_some()
}

/// The first line of a file's first bytes (a whole line: the head may end inside
/// the next).
fn first_line(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    let end = text.find('\n')?;
    text[..end]
        .lines()
        .find(|l| !l.trim().is_empty())
        .map(str::to_owned)
}

/// `type time elb client:port target:port rpt tpt respt status …`.
fn is_alb(f: &[&str]) -> bool {
    f.len() >= 12 && ALB_TYPES.contains(&f[0]) && time_of(f[1]).is_some() && f[3].contains(':')
}

/// `time elb client:port backend:port rpt bpt respt status …`: 15 fields.
fn is_elb(f: &[&str]) -> bool {
    f.len() >= 12 && time_of(f[0]).is_some() && f[2].contains(':') && seconds(f[4]).is_some()
}

/// Seconds as ms, to the microsecond the logs give at most (no `0.043000000000000003`).
fn ms(seconds: f64) -> f64 {
    (seconds * 1e6).round() / 1e3
}

/// A time in seconds (`0.000043`, `-1`): `None` when not a number. The logs' own
/// form (digits, a point, at most 9 decimals) is read by hand, millions of times;
/// anything else by the standard parser.
fn seconds(field: &str) -> Option<f64> {
    if field == "-1" {
        return Some(-1.0);
    }
    if let Some((whole, frac)) = field.split_once('.')
        && !whole.is_empty()
        && whole.len() <= 9
        && (1..=9).contains(&frac.len())
        && whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        let digits = |s: &str| s.bytes().fold(0u64, |a, b| a * 10 + u64::from(b - b'0'));
        return Some(digits(whole) as f64 + digits(frac) as f64 / 10f64.powi(frac.len() as i32));
    }
    standard_seconds(field)
}

fn standard_seconds(field: &str) -> Option<f64> {
    field.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// One log's run as it is gathered.
struct Gathered {
    source: ServerSource,
    components: Components,
    requests: u64,
    errors: u64,
    window: Option<LogWindow>,
    statuses: Vec<(String, u64)>,
    received: u64,
    sent: u64,
    skipped: Vec<(String, u64)>,
}

impl Gathered {
    fn new(source: ServerSource) -> Gathered {
        let mut components = Components::default();
        for c in [
            "request_processing",
            "target_processing",
            "response_processing",
            "total",
        ] {
            components.entry(c);
        }
        Gathered {
            source,
            components,
            requests: 0,
            errors: 0,
            window: None,
            statuses: Vec::new(),
            received: 0,
            sent: 0,
            skipped: Vec::new(),
        }
    }

    /// The workers' states as one.
    fn merged(states: Vec<Gathered>, source: ServerSource) -> Gathered {
        let mut all = Gathered::new(source);
        for g in states {
            all.requests += g.requests;
            all.errors += g.errors;
            all.received += g.received;
            all.sent += g.sent;
            if let Some(w) = g.window {
                all.saw(Some(w.start_ms));
                all.saw(Some(w.end_ms));
            }
            for (name, c) in &g.components.0 {
                all.components.entry(name).add(c);
            }
            for (status, n) in &g.statuses {
                tally(&mut all.statuses, status, *n);
            }
            for (what, n) in &g.skipped {
                tally(&mut all.skipped, what, *n);
            }
        }
        all.skipped.sort();
        all
    }

    fn saw(&mut self, ms: Option<i64>) {
        if let Some(t) = ms {
            let w = self.window.get_or_insert(LogWindow {
                start_ms: t,
                end_ms: t,
            });
            w.start_ms = w.start_ms.min(t);
            w.end_ms = w.end_ms.max(t);
        }
    }

    fn skip(&mut self, what: &str) {
        tally(&mut self.skipped, what, 1);
    }

    /// One request: its three times in seconds (`-1` when not dispatched), or,
    /// failing those, its whole time; its status and bytes.
    fn request(
        &mut self,
        times: [f64; 3],
        whole_s: Option<f64>,
        status: &str,
        bytes: (&str, &str),
    ) {
        self.requests += 1;
        let dispatched = times.iter().all(|t| *t >= 0.0);
        // By their places in `new`'s order: no name looked up, millions of times.
        let c = &mut self.components.0;
        if dispatched {
            for (k, t) in times.iter().enumerate() {
                c[k].1.record(ms(*t));
            }
            c[3].1.record(ms(times.iter().sum()));
        } else if let Some(w) = whole_s.filter(|w| *w >= 0.0) {
            c[3].1.record(ms(w));
        }
        let failed = !dispatched || status.parse::<u16>().is_ok_and(|s| s >= 400);
        if failed {
            self.errors += 1;
        }
        tally(&mut self.statuses, status, 1);
        self.received += bytes.0.parse::<u64>().unwrap_or(0);
        self.sent += bytes.1.parse::<u64>().unwrap_or(0);
    }

    fn run(mut self, path: &Path, tool: &str) -> Result<Run, ImportError> {
        if self.requests == 0 {
            let held: Vec<String> = self
                .skipped
                .iter()
                .map(|(w, n)| format!("{n} {w} line(s)"))
                .collect();
            return Err(ImportError::file(
                path,
                if held.is_empty() {
                    "no request line in the load balancer's log".to_owned()
                } else {
                    format!(
                        "no HTTP request's line, only {}: a Network Load Balancer logs TLS \
                         connections (their connection and handshake times), not requests",
                        held.join(", ")
                    )
                },
            ));
        }
        self.statuses.sort();
        let mut notes = Vec::new();
        if !self.skipped.is_empty() {
            let what: Vec<String> = self
                .skipped
                .iter()
                .map(|(w, n)| format!("{n} {w} line(s)"))
                .collect();
            notes.push(format!(
                "skipped {}: not an HTTP request's line",
                what.join(", ")
            ));
        }
        let server = ServerSide {
            source: self.source,
            requests: self.requests,
            errors: self.errors,
            window: self.window,
            components: self.components,
            lambda: None,
            statuses: self.statuses,
            received_bytes: Some(self.received),
            sent_bytes: Some(self.sent),
            notes,
            entries: Vec::new(),
        };
        Ok(server.into_run(tool, path, file_label(path, tool), "total"))
    }
}

/// One line of an ALB log into `g`.
fn alb_line(g: &mut Gathered, path: &Path, n: usize, line: &str) -> Result<(), ImportError> {
    // The 22 fields read, without allocating: millions of lines a file.
    let mut f = [""; 22];
    let count = split_into(line, &mut f);
    let end = iso_utc_ms(f[1]).or_else(|| time_of(f[1]));
    let is_entry = count >= 12 && ALB_TYPES.contains(&f[0]) && end.is_some() && f[3].contains(':');
    if !is_entry {
        if is_nlb(line) {
            g.skip("NLB");
            return Ok(());
        }
        // A connection log's line: `TIME CLIENT_IP CLIENT_PORT LISTENER_PORT …`.
        if time_of(f[0]).is_some() {
            g.skip("connection-log");
            return Ok(());
        }
        return Err(ImportError::parse(
            path,
            n,
            "expected an ALB entry: `TYPE TIME ELB CLIENT:PORT TARGET:PORT \
             REQUEST_PROCESSING TARGET_PROCESSING RESPONSE_PROCESSING STATUS …`",
        ));
    }
    let time = |k: usize| {
        seconds(f[k]).ok_or_else(|| {
            ImportError::parse(path, n, format!("`{}`: expected seconds or -1", f[k]))
        })
    };
    let times = [time(5)?, time(6)?, time(7)?];
    // `time` is when the response was sent, `request_creation_time` (field 22)
    // when the request came: their difference stands for a request not
    // dispatched (-1 -1 -1).
    let begun = (count >= 22)
        .then(|| iso_utc_ms(f[21]).or_else(|| time_of(f[21])))
        .flatten();
    let whole = end.zip(begun).map(|(e, b)| (e - b) as f64 / 1000.0);
    g.saw(begun.or(end));
    g.saw(end);
    g.request(times, whole, f[8], (f[10], f[11]));
    Ok(())
}

/// One line of a Classic Load Balancer log into `g`.
fn elb_line(g: &mut Gathered, path: &Path, n: usize, line: &str) -> Result<(), ImportError> {
    let f = split(line);
    if !is_elb(&f) {
        return Err(ImportError::parse(
            path,
            n,
            "expected a Classic Load Balancer entry: `TIME ELB CLIENT:PORT BACKEND:PORT \
             REQUEST_PROCESSING BACKEND_PROCESSING RESPONSE_PROCESSING STATUS …`",
        ));
    }
    let time = |k: usize| {
        seconds(f[k]).ok_or_else(|| {
            ImportError::parse(path, n, format!("`{}`: expected seconds or -1", f[k]))
        })
    };
    let times = [time(4)?, time(5)?, time(6)?];
    // `time` is when the request came (ALB's is when it was answered).
    g.saw(time_of(f[0]));
    // A TCP listener logs `- -` for its statuses.
    g.request(times, None, f[7], (f[9], f[10]));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_by_hand_as_the_standard_parser_reads_them() {
        for s in [
            "0.000", "0.086", "10.001", "0.000043", "0.00491", "-1", "12", "1e-3",
        ] {
            assert_eq!(seconds(s), s.parse::<f64>().ok(), "{s}");
        }
        assert_eq!(seconds("x"), None);
    }
}
