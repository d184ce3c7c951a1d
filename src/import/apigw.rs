//! API Gateway access logs as server-side runs (`docs/server-logs.md`, "API
//! Gateway"): JSON lines (also after `aws logs tail`'s time and stream) and the
//! console's CLF template. The owner chooses the keys: the common names are read,
//! and `--apigw-field NAME=KEY` maps others. Values may be numbers, strings or `-`.
//! A log without a latency field is read for its counts and statuses, and its run
//! says which `$context` variables to add.

use std::path::Path;

use super::importer::{FormatOption, Importer, Input, Probe};
use super::log_events;
use crate::error::ImportError;
use crate::model::server::{
    Components, LogWindow, MAX_ENTRIES, ServerEntry, ServerSide, ServerSource,
};
use crate::model::{Measurement, Run};

pub const FORMAT: ApiGateway = ApiGateway;

pub struct ApiGateway;

/// What the log's keys mean: each of gatebench's fields with the keys read for it,
/// the first found winning.
const DEFAULT_KEYS: [(&str, &[&str]); 9] = [
    (
        "response_latency",
        &["responseLatency", "response_latency", "responseLatencyMs"],
    ),
    (
        "integration_latency",
        &[
            "integrationLatency",
            "integration.latency",
            "integration_latency",
            "contextIntegrationLatency",
        ],
    ),
    (
        "authorizer_latency",
        &[
            "authorizer.latency",
            "authorizerLatency",
            "authorizer.integrationLatency",
        ],
    ),
    ("waf_latency", &["waf.latency", "wafLatency"]),
    ("status", &["status", "statusCode"]),
    ("request_id", &["requestId"]),
    (
        "integration_request_id",
        &["integration.requestId", "awsEndpointRequestId"],
    ),
    ("request_time", &["requestTime"]),
    ("request_time_epoch", &["requestTimeEpoch"]),
];

/// `--apigw-field`: the owner's own key names.
pub const FIELDS: FormatOption = FormatOption {
    key: "apigw_field",
    describe: "API Gateway access-log keys of your own, as NAME=KEY[,NAME=KEY...] with NAME \
               one of response_latency, integration_latency, authorizer_latency, \
               waf_latency, status, request_id, integration_request_id, request_time, \
               request_time_epoch",
    choices: &[("", "the common names ($context variables' own)")],
    free_text: Some(check_fields),
};

/// Whether `value` is a list of `NAME=KEY` with known names.
fn check_fields(value: &str) -> Result<(), String> {
    parse_fields(value).map(|_| ())
}

fn parse_fields(value: &str) -> Result<Vec<(&'static str, String)>, String> {
    let mut out = Vec::new();
    for pair in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, key) = pair
            .split_once('=')
            .ok_or_else(|| format!("`{pair}`: expected NAME=KEY"))?;
        let known = DEFAULT_KEYS
            .iter()
            .find(|(n, _)| *n == name.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = DEFAULT_KEYS.iter().map(|(n, _)| *n).collect();
                format!("`{}`: expected one of {}", name.trim(), names.join(", "))
            })?;
        if key.trim().is_empty() {
            return Err(format!("`{pair}`: the key is empty"));
        }
        out.push((known.0, key.trim().to_owned()));
    }
    Ok(out)
}

impl Importer for ApiGateway {
    fn id(&self) -> &'static str {
        "apigw"
    }
    fn describe(&self) -> &'static str {
        "API Gateway access logs: JSON lines or the CLF template"
    }
    fn tools(&self) -> &'static [&'static str] {
        &["apigw"]
    }
    fn throughput_definition(&self) -> &'static str {
        "none: a gateway's log counts the requests it served; the client's throughput is the \
         load tool's"
    }
    fn sniff(&self, probe: &Probe<'_>) -> bool {
        probe.text.is_some_and(looks_like)
    }
    fn read(&self, mut input: Input<'_>) -> Result<Vec<Run>, ImportError> {
        let fields = parse_fields(input.setting(&FIELDS))
            .map_err(|e| ImportError::file(input.path, format!("--apigw-field: {e}")))?;
        let path = input.path;
        parse(path, input.text()?, &fields)
    }
    fn options(&self) -> &'static [FormatOption] {
        std::slice::from_ref(&FIELDS)
    }
}

/// The first line is API Gateway's: a JSON object with a request id and a status
/// or method, and a key only API Gateway writes; or a line of the CLF template.
fn looks_like(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| match json_of(l) {
            Some(Ok(v)) => is_record(&v),
            Some(Err(_)) => false,
            None => clf(l).is_some(),
        })
}

/// An object with a request id and a status or method, and a key only API
/// Gateway writes.
fn is_record(v: &serde_json::Map<String, serde_json::Value>) -> bool {
    let has = |k: &str| v.contains_key(k);
    (has("requestId") || has("extendedRequestId"))
        && (has("httpMethod") || has("status"))
        && [
            "requestTime",
            "requestTimeEpoch",
            "responseLatency",
            "integrationLatency",
            "apiId",
            "extendedRequestId",
            "resourcePath",
            "routeKey",
        ]
        .iter()
        .any(|k| has(k))
}

/// The JSON object of a line, from its first `{` (after `aws logs tail`'s time and
/// stream); `None` when the line has none.
fn json_of(line: &str) -> Option<Result<serde_json::Map<String, serde_json::Value>, String>> {
    let at = line.find('{')?;
    let mut values =
        serde_json::Deserializer::from_str(&line[at..]).into_iter::<serde_json::Value>();
    Some(match values.next() {
        Some(Ok(serde_json::Value::Object(m))) => Ok(m),
        Some(Ok(_)) => Err("expected a JSON object".into()),
        Some(Err(e)) => Err(format!("not a JSON object: {e}")),
        None => Err("expected a JSON object".into()),
    })
}

/// The console's CLF template: `IP CALLER USER [TIME] "METHOD PATH PROTOCOL" STATUS
/// LENGTH REQUEST_ID`: its time, status and request id.
fn clf(line: &str) -> Option<(i64, String, String)> {
    let open = line.find('[')?;
    let close = open + line[open..].find(']')?;
    let time = log_events::clf_time(&line[open + 1..close])?;
    let rest = line[close + 1..].trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    let after: Vec<&str> = rest[end + 1..].split_whitespace().collect();
    match after.as_slice() {
        [status, _length, request_id] if status.chars().all(|c| c.is_ascii_digit()) => {
            Some((time, (*status).to_owned(), (*request_id).to_owned()))
        }
        _ => None,
    }
}

/// A value as text: strings as they are, numbers written out; `-` and nulls are
/// none.
fn text_of(v: &serde_json::Value) -> Option<String> {
    let s = match v {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty() && s != "-").then_some(s)
}

/// The value under `key`: a key of its own (`"integration.latency"`), else a path
/// into nested objects (`{"integration": {"latency": …}}`).
fn lookup<'a>(
    object: &'a serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Option<&'a serde_json::Value> {
    if let Some(v) = object.get(key) {
        return Some(v);
    }
    let mut parts = key.split('.');
    let mut v = object.get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    Some(v)
}

/// What a line says: its time, status, latencies, API and request ids.
type Line = (
    Option<i64>,
    Option<String>,
    Vec<(&'static str, f64)>,
    Option<String>,
    Vec<Box<str>>,
);

/// One API's run as it is gathered.
struct Api {
    name: String,
    /// `apiId`, where the log gives it: one run per API.
    api_id: Option<String>,
    components: Components,
    requests: u64,
    errors: u64,
    window: Option<LogWindow>,
    /// Lines with a latency field (response or integration).
    timed: u64,
    entries: Vec<ServerEntry>,
}

fn parse(path: &Path, text: &str, own: &[(&'static str, String)]) -> Result<Vec<Run>, ImportError> {
    // Each field's keys: the user's first, then the common names.
    let keys = |name: &str| -> Vec<String> {
        let mut k: Vec<String> = own
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, k)| k.clone())
            .collect();
        if let Some((_, defaults)) = DEFAULT_KEYS.iter().find(|(n, _)| *n == name) {
            k.extend(defaults.iter().map(|s| s.to_string()));
        }
        k
    };
    let field_keys: Vec<(&str, Vec<String>)> =
        DEFAULT_KEYS.iter().map(|(n, _)| (*n, keys(n))).collect();
    let stem = path
        .file_stem()
        .map_or("apigw".to_owned(), |s| s.to_string_lossy().into_owned());
    let strict = looks_like(text);
    let mut apis: Vec<Api> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let (time_ms, status, values, api_id, ids): Line = match json_of(line) {
            // In a transcript, only what is an access-log record.
            Some(Ok(object)) if !strict && !is_record(&object) => continue,
            Some(Ok(object)) => {
                let get = |name: &str| -> Option<&serde_json::Value> {
                    field_keys
                        .iter()
                        .find(|(n, _)| *n == name)
                        .and_then(|(_, ks)| ks.iter().find_map(|k| lookup(&object, k)))
                };
                let number = |name: &str| -> Result<Option<f64>, ImportError> {
                    match get(name).and_then(text_of) {
                        None => Ok(None),
                        Some(t) => t
                            .parse::<f64>()
                            .ok()
                            .filter(|v| v.is_finite() && *v >= 0.0)
                            .map(Some)
                            .ok_or_else(|| {
                                ImportError::parse(
                                    path,
                                    line_no,
                                    format!("{name} `{t}`: expected milliseconds, a number"),
                                )
                            }),
                    }
                };
                let epoch = get("request_time_epoch")
                    .and_then(text_of)
                    .and_then(|t| t.parse::<f64>().ok());
                // REST APIs give milliseconds, HTTP APIs seconds: told apart by size.
                let time_ms = epoch
                    .map(|e| {
                        if e > 1e11 {
                            e as i64
                        } else {
                            (e * 1000.0) as i64
                        }
                    })
                    .or_else(|| {
                        get("request_time")
                            .and_then(text_of)
                            .and_then(|t| log_events::clf_time(&t))
                    });
                let mut values = Vec::new();
                for name in [
                    "response_latency",
                    "integration_latency",
                    "authorizer_latency",
                    "waf_latency",
                ] {
                    if let Some(v) = number(name)? {
                        values.push((name, v));
                    }
                }
                let status = get("status").and_then(text_of);
                let api_id = object.get("apiId").and_then(text_of);
                let ids = ["request_id", "integration_request_id"]
                    .iter()
                    .filter_map(|n| get(n).and_then(text_of))
                    .map(String::into_boxed_str)
                    .collect();
                (time_ms, status, values, api_id, ids)
            }
            // A broken line of a log; in a transcript (a file that does not begin
            // as a log), prose.
            Some(Err(e)) if strict => return Err(ImportError::parse(path, line_no, e)),
            Some(Err(_)) => continue,
            None => match clf(line) {
                Some((t, status, id)) => (
                    Some(t),
                    Some(status),
                    Vec::new(),
                    None,
                    vec![id.into_boxed_str()],
                ),
                // Not an access-log line (a transcript's prose): left out.
                None => continue,
            },
        };
        let at = match apis.iter().position(|a| a.api_id == api_id) {
            Some(i) => i,
            None => {
                let mut components = Components::default();
                for c in [
                    "response_latency",
                    "integration_latency",
                    "gateway_overhead",
                    "authorizer_latency",
                    "waf_latency",
                ] {
                    components.entry(c);
                }
                apis.push(Api {
                    name: stem.clone(),
                    api_id: api_id.clone(),
                    components,
                    requests: 0,
                    errors: 0,
                    window: None,
                    timed: 0,
                    entries: Vec::new(),
                });
                apis.len() - 1
            }
        };
        let api = &mut apis[at];
        api.requests += 1;
        if status
            .as_deref()
            .and_then(|s| s.parse::<u16>().ok())
            .is_some_and(|s| s >= 400)
        {
            api.errors += 1;
        }
        if let Some(t) = time_ms {
            let w = api.window.get_or_insert(LogWindow {
                start_ms: t,
                end_ms: t,
            });
            w.start_ms = w.start_ms.min(t);
            w.end_ms = w.end_ms.max(t);
        }
        let value = |n: &str| values.iter().find(|(k, _)| *k == n).map(|(_, v)| *v);
        if value("response_latency").is_some() || value("integration_latency").is_some() {
            api.timed += 1;
        }
        for (name, v) in &values {
            api.components.entry(name).record(*v);
        }
        // The gateway's own time, from the same line only.
        let own = match (value("response_latency"), value("integration_latency")) {
            (Some(r), Some(i)) => Some((r - i).max(0.0)),
            _ => None,
        };
        let mut values = values;
        if let Some(own) = own {
            api.components.entry("gateway_overhead").record(own);
            values.push(("gateway_overhead", own));
        }
        if api.entries.len() < MAX_ENTRIES {
            api.entries.push(ServerEntry {
                at_ms: time_ms,
                ids,
                values,
            });
        }
    }
    if apis.is_empty() {
        return Err(ImportError::file(
            path,
            "no API Gateway access-log line in the file",
        ));
    }
    // Lines without an `apiId` are of the one API the others name.
    let ids = apis.iter().filter(|a| a.api_id.is_some()).count();
    if ids <= 1 && apis.len() > 1 {
        let mut all = apis.into_iter();
        let mut one = all.next().expect("more than one");
        for a in all {
            one.absorb(a);
        }
        apis = vec![one];
    }
    let several = apis.len() > 1;
    Ok(apis
        .into_iter()
        .map(|mut a| {
            if let (true, Some(id)) = (several, &a.api_id) {
                a.name = format!("{} {id}", a.name);
            }
            a.run(path)
        })
        .collect())
}

impl Api {
    /// `other`'s lines as this API's.
    fn absorb(&mut self, other: Api) {
        self.api_id = self.api_id.take().or(other.api_id);
        self.requests += other.requests;
        self.errors += other.errors;
        self.timed += other.timed;
        self.entries.extend(other.entries);
        for (name, c) in &other.components.0 {
            self.components.entry(name).add(c);
        }
        self.window = match (self.window, other.window) {
            (Some(a), Some(b)) => Some(LogWindow {
                start_ms: a.start_ms.min(b.start_ms),
                end_ms: a.end_ms.max(b.end_ms),
            }),
            (a, b) => a.or(b),
        };
    }

    fn run(self, path: &Path) -> Run {
        let mut run = Run::read("apigw", path, self.name.clone(), Measurement::ServerLog);
        run.requests = Some(self.requests);
        run.errors.non_2xx_3xx = self.errors;
        run.duration_s = self
            .window
            .map(|w| (w.end_ms - w.start_ms) as f64 / 1000.0)
            .filter(|s| *s > 0.0);
        let main = self
            .components
            .get("response_latency")
            .filter(|c| c.n() > 0)
            .or_else(|| self.components.get("integration_latency"))
            .cloned()
            .unwrap_or_default();
        if main.n() > 0 {
            run.latency = main.latency_summary();
        }
        let mut notes = Vec::new();
        if self.timed == 0 {
            notes.push(
                "no latency field in this log: add \"responseLatency\": \
                 \"$context.responseLatency\" and \"integrationLatency\": \
                 \"$context.integrationLatency\" to the stage's access-log format (or name \
                 your keys with --apigw-field)"
                    .to_owned(),
            );
        }
        run.server = Some(Box::new(ServerSide {
            source: ServerSource::Apigw,
            requests: self.requests,
            errors: self.errors,
            window: self.window,
            components: self.components,
            lambda: None,
            statuses: Vec::new(),
            received_bytes: None,
            sent_bytes: None,
            notes,
            entries: self.entries,
        }));
        run
    }
}
