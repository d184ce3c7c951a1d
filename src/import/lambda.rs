//! AWS Lambda function logs as runs (`docs/server-logs.md`, "Lambda"): the
//! platform lines (`lambda_lines`) of any container (`log_events`), one run per
//! function and memory size, each with its invocations, cold starts, timeouts,
//! memory and its timings as components: `duration`, `init`, `restore`,
//! `billed_duration`. Billed Duration is never taken for a latency: it was rounded
//! up to 100 ms before December 2020, counts INIT since August 2025, and stops at
//! the timeout while Duration runs on.

use std::path::Path;

use super::importer::TextFormat;
use super::lambda_lines::{self, Platform, Report};
use super::log_events::{self, LogEvent};
use crate::error::ImportError;
use crate::model::server::{
    Components, LambdaFacts, LogWindow, MAX_ENTRIES, ServerEntry, ServerSide, ServerSource,
};
use crate::model::{Measurement, Run};

pub const FORMAT: TextFormat = TextFormat {
    id: "lambda",
    describe: "AWS Lambda function logs: REPORT lines as text, JSON, a CloudWatch CSV or \
               Insights export, a subscription payload, aws logs tail or sam logs",
    tools: &["lambda"],
    throughput_definition: "none: a function's log counts its invocations; the client's \
                             throughput is the load tool's",
    sniff,
    parse,
};

fn sniff(text: &str) -> bool {
    text.contains("REPORT RequestId:")
        || text.contains("\"platform.report\"")
        || text.contains("INIT_REPORT Init Duration:")
}

/// What comes before a REPORT in its execution environment and belongs to it.
enum Pending {
    /// An init reported apart: a cold start that the REPORT does not carry.
    Init(f64),
    TimedOut,
    /// A line of the invocation (`START`, `INIT_START`): when it began.
    Began,
    /// A request id the function's own lines named while it ran (the API Gateway
    /// request id of the event it logged): another id of the invocation.
    Mentions(Box<str>),
}

/// A pending line with its function and stream, and its time.
type Waiting = ((String, Option<String>), Pending, Option<i64>);

/// A function's run as it is gathered.
struct Function {
    name: String,
    memory_mb: Option<u32>,
    facts: LambdaFacts,
    components: Components,
    errors: u64,
    window: Option<LogWindow>,
    entries: Vec<ServerEntry>,
}

impl Function {
    fn new(name: &str, memory_mb: Option<u32>) -> Function {
        let mut components = Components::default();
        for c in ["duration", "init", "restore", "billed_duration"] {
            components.entry(c);
        }
        Function {
            name: name.to_owned(),
            memory_mb,
            facts: LambdaFacts {
                memory_size_mb: memory_mb,
                ..LambdaFacts::default()
            },
            components,
            errors: 0,
            window: None,
            entries: Vec::new(),
        }
    }

    fn saw(&mut self, time_ms: Option<i64>) {
        if let Some(t) = time_ms {
            let w = self.window.get_or_insert(LogWindow {
                start_ms: t,
                end_ms: t,
            });
            w.start_ms = w.start_ms.min(t);
            w.end_ms = w.end_ms.max(t);
        }
    }

    fn report(&mut self, r: &Report, report_ms: Option<i64>, pending: Vec<(Pending, Option<i64>)>) {
        self.facts.invocations += 1;
        self.components.entry("duration").record(r.duration_ms);
        if let Some(b) = r.billed_ms {
            self.components.entry("billed_duration").record(b);
        }
        if let Some(i) = r.init_ms {
            self.components.entry("init").record(i);
        }
        if let Some(x) = r.restore_ms {
            self.components.entry("restore").record(x);
        }
        if r.init_ms.is_some() || r.restore_ms.is_some() {
            self.facts.cold_starts += 1;
        }
        if let Some(m) = r.max_memory_used_mb {
            self.facts.max_memory_used_mb =
                Some(self.facts.max_memory_used_mb.map_or(m, |o| o.max(m)));
        }
        let mut timed_out = r.status.as_deref() == Some("timeout");
        let mut timeout_lines = 0;
        let mut entry = ServerEntry {
            at_ms: report_ms,
            ids: vec![r.request_id.clone().into_boxed_str()],
            values: vec![("duration", r.duration_ms)],
        };
        let mut init = r.init_ms;
        for (p, time_ms) in pending {
            self.saw(time_ms);
            match p {
                Pending::Init(ms) => {
                    self.init_apart(ms);
                    init = Some(init.unwrap_or(0.0) + ms);
                }
                Pending::TimedOut => timeout_lines += 1,
                Pending::Began => {
                    entry.at_ms = match (entry.at_ms, time_ms) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    }
                }
                Pending::Mentions(id) => {
                    if !entry.ids.contains(&id) {
                        entry.ids.push(id)
                    }
                }
            }
        }
        if let Some(i) = init {
            entry.values.push(("init", i));
        }
        if let Some(x) = r.restore_ms {
            entry.values.push(("restore", x));
        }
        if self.entries.len() < MAX_ENTRIES {
            self.entries.push(entry);
        }
        if timeout_lines > 0 {
            // The line and the REPORT's status say one timeout twice.
            timed_out = false;
        }
        let timeouts = timeout_lines + u64::from(timed_out);
        self.facts.timeouts += timeouts;
        self.errors += timeouts;
        if matches!(r.status.as_deref(), Some("error") | Some("failure")) {
            self.errors += 1;
        }
    }

    fn init_apart(&mut self, ms: f64) {
        self.facts.cold_starts += 1;
        self.components.entry("init").record(ms);
    }

    fn run(self, path: &Path, label: String) -> Run {
        let duration = self.components.get("duration").cloned().unwrap_or_default();
        let mut run = Run::read("lambda", path, label, Measurement::ServerLog);
        run.memory_mb = self.memory_mb;
        run.requests = Some(self.facts.invocations);
        run.errors.timeout = self.facts.timeouts;
        run.errors.other = self.errors - self.facts.timeouts;
        run.duration_s = self
            .window
            .map(|w| (w.end_ms - w.start_ms) as f64 / 1000.0)
            .filter(|s| *s > 0.0);
        run.latency = duration.latency_summary();
        run.server = Some(Box::new(ServerSide {
            source: ServerSource::Lambda,
            requests: self.facts.invocations,
            errors: self.errors,
            window: self.window,
            components: self.components,
            lambda: Some(self.facts),
            statuses: Vec::new(),
            received_bytes: None,
            sent_bytes: None,
            notes: Vec::new(),
            entries: self.entries,
        }));
        run
    }
}

fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let (_, mut events) =
        log_events::events(text).map_err(|(line, m)| ImportError::parse(path, line, m))?;
    oldest_first(&mut events);
    let stem = path
        .file_stem()
        .map_or("lambda".to_owned(), |s| s.to_string_lossy().into_owned());
    let name_of = |e: &LogEvent| {
        e.group
            .as_deref()
            .map(|g| g.strip_prefix("/aws/lambda/").unwrap_or(g).to_owned())
            .unwrap_or_else(|| stem.clone())
    };
    let mut functions: Vec<Function> = Vec::new();
    // What waits for the next REPORT of its function and stream.
    let mut pending: Vec<Waiting> = Vec::new();
    for event in &events {
        let lines = lambda_lines::parse(&event.message)
            .map_err(|m| ImportError::parse(path, event.line, m))?;
        let name = name_of(event);
        let key = (name.clone(), event.stream.clone());
        // The function's own line while an invocation of its stream runs: the
        // request ids it names join it to the gateway's log.
        if lines.is_empty() && pending.iter().any(|(k, _, _)| *k == key) {
            for id in mentioned_request_ids(&event.message) {
                pending.push((key.clone(), Pending::Mentions(id), None));
            }
        }
        for line in lines {
            match line {
                Platform::Report(r) => {
                    let at = match functions
                        .iter()
                        .position(|f| f.name == name && f.memory_mb == r.memory_size_mb)
                    {
                        Some(i) => i,
                        None => {
                            functions.push(Function::new(&name, r.memory_size_mb));
                            functions.len() - 1
                        }
                    };
                    let mut mine = Vec::new();
                    pending.retain_mut(|(k, p, t)| {
                        if *k == key {
                            mine.push((std::mem::replace(p, Pending::Began), *t));
                            false
                        } else {
                            true
                        }
                    });
                    let f = &mut functions[at];
                    f.saw(event.time_ms);
                    f.report(&r, event.time_ms, mine);
                }
                Platform::InitReport { duration_ms, .. } => {
                    pending.push((key.clone(), Pending::Init(duration_ms), event.time_ms))
                }
                Platform::TimedOut { .. } => {
                    pending.push((key.clone(), Pending::TimedOut, event.time_ms))
                }
                Platform::Start { .. } | Platform::InitStart | Platform::RestoreStart => {
                    pending.push((key.clone(), Pending::Began, event.time_ms))
                }
                Platform::End { .. } | Platform::RestoreReport { .. } => {}
            }
        }
    }
    // What no REPORT followed (the log ends before it): its function's run.
    for ((name, _), p, time_ms) in pending {
        let at = match functions.iter().position(|f| f.name == name) {
            Some(i) => i,
            None => {
                functions.push(Function::new(&name, None));
                functions.len() - 1
            }
        };
        let f = &mut functions[at];
        match p {
            Pending::Init(ms) => f.init_apart(ms),
            Pending::TimedOut => {
                f.facts.timeouts += 1;
                f.errors += 1;
            }
            Pending::Began | Pending::Mentions(_) => continue,
        }
        f.saw(time_ms);
    }
    if functions.is_empty() {
        return Err(ImportError::file(
            path,
            "no Lambda platform line (REPORT, INIT_REPORT, platform.report) in the file",
        ));
    }
    let several_sizes = |name: &str| functions.iter().filter(|f| f.name == name).count() > 1;
    let labels: Vec<String> = functions
        .iter()
        .map(|f| match (several_sizes(&f.name), f.memory_mb) {
            (true, Some(m)) => format!("{} {m} MB", f.name),
            _ => f.name.clone(),
        })
        .collect();
    Ok(functions
        .into_iter()
        .zip(labels)
        .map(|(f, label)| f.run(path, label))
        .collect())
}

/// The values of `requestId` keys in a line (JSON `"requestId": "…"`, Python's
/// `'requestId': '…'`): an API Gateway event's `requestContext.requestId`.
fn mentioned_request_ids(message: &str) -> Vec<Box<str>> {
    let mut out: Vec<Box<str>> = Vec::new();
    let mut rest = message;
    while let Some(at) = rest.find("requestId") {
        let after = &rest[at + "requestId".len()..];
        rest = after;
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let value = after[1..].trim_start();
        let Some(value) = value.strip_prefix(':') else {
            continue;
        };
        let value = value.trim_start();
        let Some(value) = value.strip_prefix(quote) else {
            continue;
        };
        if let Some(end) = value.find(quote) {
            let id = &value[..end];
            if !id.is_empty() && id.len() <= 80 && !out.iter().any(|o| &**o == id) {
                out.push(id.into());
            }
        }
    }
    out
}

/// Puts the events in time order where every one has a time: Logs Insights exports
/// newest first, and a cold start's INIT_REPORT must come before its REPORT.
fn oldest_first(events: &mut [LogEvent]) {
    if events.iter().any(|e| e.time_ms.is_none()) {
        return;
    }
    let times: Vec<i64> = events.iter().filter_map(|e| e.time_ms).collect();
    let down = times.windows(2).filter(|w| w[1] < w[0]).count();
    let up = times.windows(2).filter(|w| w[1] > w[0]).count();
    if down > up {
        events.reverse();
    }
    events.sort_by_key(|e| e.time_ms);
}
