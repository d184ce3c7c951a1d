//! What a server logged about the requests of a run (`docs/server-logs.md`): its
//! source, its counts and window, and its timings as components, each a histogram
//! so that files and functions merge exactly; a Lambda function's invocations,
//! cold starts and memory besides.

use hdrhistogram::Histogram;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Which server wrote the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ServerSource {
    Lambda,
    Apigw,
    Alb,
    Elb,
    Cloudfront,
    Nginx,
    Haproxy,
    Envoy,
}

impl ServerSource {
    /// Its name, as its JSON and its format's id spell it: "lambda", "haproxy".
    pub fn name(self) -> &'static str {
        match self {
            ServerSource::Lambda => "lambda",
            ServerSource::Apigw => "apigw",
            ServerSource::Alb => "alb",
            ServerSource::Elb => "elb",
            ServerSource::Cloudfront => "cloudfront",
            ServerSource::Nginx => "nginx",
            ServerSource::Haproxy => "haproxy",
            ServerSource::Envoy => "envoy",
        }
    }
}

/// The largest timing a component tracks: a day, in microseconds.
const MAX_US: u64 = super::MAX_LATENCY_MS as u64 * 1000;

/// One timing over the requests: µs at 3 significant digits, with its exact sum
/// and max.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub histogram: Histogram<u64>,
    pub sum_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
}

impl Default for Component {
    fn default() -> Self {
        Component {
            histogram: Histogram::new_with_bounds(1, MAX_US, 3).expect("valid histogram bounds"),
            sum_ms: 0.0,
            min_ms: f64::INFINITY,
            max_ms: 0.0,
        }
    }
}

impl Component {
    pub fn record(&mut self, ms: f64) {
        let ms = ms.clamp(0.0, super::MAX_LATENCY_MS);
        self.histogram
            .saturating_record((ms * 1000.0).round() as u64);
        self.sum_ms += ms;
        self.min_ms = self.min_ms.min(ms);
        self.max_ms = self.max_ms.max(ms);
    }

    pub fn add(&mut self, other: &Component) {
        let _ = self.histogram.add(&other.histogram);
        self.sum_ms += other.sum_ms;
        self.min_ms = self.min_ms.min(other.min_ms);
        self.max_ms = self.max_ms.max(other.max_ms);
    }

    pub fn n(&self) -> u64 {
        self.histogram.len()
    }

    pub fn mean_ms(&self) -> Option<f64> {
        (self.n() > 0).then(|| self.sum_ms / self.n() as f64)
    }

    /// The `q` quantile (0 to 1), in ms: the histogram's, within the exact min
    /// and max (a bucket's top would put one value of 100 ms at 100.03).
    pub fn quantile_ms(&self, q: f64) -> Option<f64> {
        (self.n() > 0).then(|| {
            (self.histogram.value_at_quantile(q) as f64 / 1000.0).clamp(self.min_ms, self.max_ms)
        })
    }
}

impl Component {
    /// The run's latency summary from this component: mean, min, max and p50, p90,
    /// p99; empty without values.
    pub fn latency_summary(&self) -> super::LatencySummary {
        if self.n() == 0 {
            return super::LatencySummary::default();
        }
        super::LatencySummary {
            mean: self.mean_ms(),
            stdev: None,
            min: Some(self.min_ms),
            max: Some(self.max_ms),
            percentiles: [("50", 0.5), ("90", 0.9), ("99", 0.99)]
                .iter()
                .filter_map(|(k, q)| {
                    self.quantile_ms(*q)
                        .map(|ms| super::Percentile::new(*k, ms))
                })
                .collect(),
        }
    }
}

impl Serialize for Component {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("mean_ms", &self.mean_ms())?;
        m.serialize_entry("p50_ms", &self.quantile_ms(0.5))?;
        m.serialize_entry("p90_ms", &self.quantile_ms(0.9))?;
        m.serialize_entry("p99_ms", &self.quantile_ms(0.99))?;
        m.serialize_entry("max_ms", &(self.n() > 0).then_some(self.max_ms))?;
        m.serialize_entry("n", &self.n())?;
        m.end()
    }
}

/// The components by name, in the order the source lists them (from the client
/// inwards).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Components(pub Vec<(String, Component)>);

impl Components {
    /// The component `name`, made empty where missing.
    pub fn entry(&mut self, name: &str) -> &mut Component {
        match self.0.iter().position(|(n, _)| n == name) {
            Some(i) => &mut self.0[i].1,
            None => {
                self.0.push((name.to_owned(), Component::default()));
                &mut self.0.last_mut().expect("just pushed").1
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&Component> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    /// Those that hold any value.
    pub fn measured(&self) -> impl Iterator<Item = &(String, Component)> {
        self.0.iter().filter(|(_, c)| c.n() > 0)
    }
}

impl Serialize for Components {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (name, c) in self.measured() {
            m.serialize_entry(name, c)?;
        }
        m.end()
    }
}

/// When the log's requests were, in ms since the epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(try_from = "WindowText")]
pub struct LogWindow {
    pub start_ms: i64,
    pub end_ms: i64,
}

impl LogWindow {
    /// The window from the earlier start to the later end.
    pub fn union(self, other: LogWindow) -> LogWindow {
        LogWindow {
            start_ms: self.start_ms.min(other.start_ms),
            end_ms: self.end_ms.max(other.end_ms),
        }
    }

    /// Whether the two windows share any instant.
    pub fn overlaps(&self, other: &LogWindow) -> bool {
        self.start_ms <= other.end_ms && other.start_ms <= self.end_ms
    }
}

/// A window as its JSON gives it: RFC 3339 start and end.
#[derive(serde::Deserialize)]
struct WindowText {
    start: String,
    end: String,
}

impl TryFrom<WindowText> for LogWindow {
    type Error = String;
    fn try_from(w: WindowText) -> Result<Self, String> {
        let ms = |t: &str| {
            chrono::DateTime::parse_from_rfc3339(t)
                .map(|t| t.timestamp_millis())
                .map_err(|e| format!("`{t}`: expected an RFC 3339 time ({e})"))
        };
        Ok(LogWindow {
            start_ms: ms(&w.start)?,
            end_ms: ms(&w.end)?,
        })
    }
}

impl Serialize for LogWindow {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = |ms: i64| {
            chrono::DateTime::from_timestamp_millis(ms)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        };
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("start", &text(self.start_ms))?;
        m.serialize_entry("end", &text(self.end_ms))?;
        m.end()
    }
}

/// A Lambda function's own counts and memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LambdaFacts {
    /// REPORT lines: every invocation, async retries of one request id included.
    pub invocations: u64,
    /// REPORTs with an Init or Restore Duration, and `INIT_REPORT`s.
    pub cold_starts: u64,
    pub timeouts: u64,
    pub memory_size_mb: Option<u32>,
    /// The highest Max Memory Used (it is per execution environment, not per
    /// request).
    pub max_memory_used_mb: Option<u32>,
}

/// Adds `n` to `key`'s count in `counts` (statuses by code, skipped lines by
/// kind), in the order first seen.
pub fn tally(counts: &mut Vec<(String, u64)>, key: &str, n: u64) {
    match counts.iter_mut().find(|(k, _)| k == key) {
        Some((_, m)) => *m += n,
        None => counts.push((key.to_owned(), n)),
    }
}

fn as_map<S: Serializer>(pairs: &[(String, u64)], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// One request as a server logged it, kept for joining request by request
/// (`docs/breakdown.md`): its time, the ids it is known by (API Gateway: its own
/// and the integration's; Lambda: its RequestId and the API Gateway request id its
/// event carried), and its timings by component.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServerEntry {
    pub at_ms: Option<i64>,
    pub ids: Vec<Box<str>>,
    pub values: Vec<(&'static str, f64)>,
}

impl ServerEntry {
    pub fn value(&self, name: &str) -> Option<f64> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }
}

/// The most requests a log keeps one by one; beyond, it keeps its distributions
/// only and joins by them.
pub const MAX_ENTRIES: usize = 1_000_000;

/// A server log paired with a client run: the log's run label, whether the
/// pairing was guessed by time (shown in italics until kept), and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedLog {
    pub label: String,
    pub guessed: bool,
    pub memory_mb: Option<u32>,
    pub server: Box<ServerSide>,
}

/// What a server logged about the requests of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerSide {
    pub source: ServerSource,
    pub requests: u64,
    pub errors: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<LogWindow>,
    pub components: Components,
    #[serde(flatten)]
    pub lambda: Option<LambdaFacts>,
    /// Each status code's count (load balancers, CDNs, proxies), by code.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "as_map")]
    pub statuses: Vec<(String, u64)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_bytes: Option<u64>,
    /// What the log could not say, and how to make it say it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Its requests one by one, where the log says enough to join them (API
    /// Gateway and Lambda), at most [`MAX_ENTRIES`]; empty beyond.
    #[serde(skip)]
    pub entries: Vec<ServerEntry>,
}

impl ServerSide {
    /// The run a log gives: `tool`'s, labelled `label`, measured by the server; its
    /// requests, its errors as responses in error, the span of its window, the
    /// latency of its `main` component, and this server side.
    pub fn into_run(
        self,
        tool: &str,
        path: &std::path::Path,
        label: String,
        main: &str,
    ) -> super::Run {
        let mut run = super::Run::read(tool, path, label, super::Measurement::ServerLog);
        run.requests = Some(self.requests);
        run.errors.non_2xx_3xx = self.errors;
        run.bytes_read = self.sent_bytes.map(|b| b as f64);
        run.duration_s = self
            .window
            .map(|w| (w.end_ms - w.start_ms) as f64 / 1000.0)
            .filter(|s| *s > 0.0);
        run.latency = self
            .components
            .get(main)
            .map(Component::latency_summary)
            .unwrap_or_default();
        run.server = Some(Box::new(self));
        run
    }

    /// The logs of several runs as one, exactly (their components' histograms
    /// added); `None` unless every part has a server side of one source.
    pub fn merged<'a>(
        parts: impl IntoIterator<Item = Option<&'a ServerSide>>,
    ) -> Option<ServerSide> {
        let parts: Vec<&ServerSide> = parts.into_iter().collect::<Option<Vec<_>>>()?;
        let first = *parts.first()?;
        if parts.iter().any(|p| p.source != first.source) {
            return None;
        }
        let mut merged = first.clone();
        for p in &parts[1..] {
            merged.requests += p.requests;
            merged.errors += p.errors;
            merged.window = match (merged.window, p.window) {
                (Some(a), Some(b)) => Some(a.union(b)),
                (a, b) => a.or(b),
            };
            for (name, c) in &p.components.0 {
                merged.components.entry(name).add(c);
            }
            merged.lambda = match (merged.lambda.take(), &p.lambda) {
                (Some(a), Some(b)) => Some(LambdaFacts {
                    invocations: a.invocations + b.invocations,
                    cold_starts: a.cold_starts + b.cold_starts,
                    timeouts: a.timeouts + b.timeouts,
                    memory_size_mb: a.memory_size_mb.filter(|m| b.memory_size_mb == Some(*m)),
                    max_memory_used_mb: a.max_memory_used_mb.max(b.max_memory_used_mb),
                }),
                (a, b) => a.or(b.clone()),
            };
            for (code, n) in &p.statuses {
                tally(&mut merged.statuses, code, *n);
            }
            let add = |a: Option<u64>, b: Option<u64>| match (a, b) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            };
            merged.received_bytes = add(merged.received_bytes, p.received_bytes);
            merged.sent_bytes = add(merged.sent_bytes, p.sent_bytes);
            for n in &p.notes {
                if !merged.notes.contains(n) {
                    merged.notes.push(n.clone());
                }
            }
            if merged.entries.len() + p.entries.len() <= MAX_ENTRIES {
                merged.entries.extend(p.entries.iter().cloned());
            } else {
                merged.entries.clear();
            }
        }
        Some(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(values: &[f64], start_ms: i64) -> ServerSide {
        let mut components = Components::default();
        for v in values {
            components.entry("duration").record(*v);
        }
        ServerSide {
            source: ServerSource::Lambda,
            requests: values.len() as u64,
            errors: 0,
            window: Some(LogWindow {
                start_ms,
                end_ms: start_ms + 1000,
            }),
            components,
            lambda: Some(LambdaFacts {
                invocations: values.len() as u64,
                cold_starts: 1,
                timeouts: 0,
                memory_size_mb: Some(512),
                max_memory_used_mb: Some(80),
            }),
            statuses: Vec::new(),
            received_bytes: None,
            sent_bytes: None,
            notes: Vec::new(),
            entries: Vec::new(),
        }
    }

    #[test]
    fn components_report_their_statistics_and_merge_exactly() {
        let a = side(&[1.0, 2.0, 3.0], 0);
        let d = a.components.get("duration").unwrap();
        assert_eq!(d.n(), 3);
        assert_eq!(d.mean_ms(), Some(2.0));
        assert_eq!(d.quantile_ms(0.5), Some(2.0));
        assert_eq!(d.max_ms, 3.0);
        let b = side(&[10.0], 5000);
        let m = ServerSide::merged([Some(&a), Some(&b)]).unwrap();
        let d = m.components.get("duration").unwrap();
        assert_eq!((d.n(), d.mean_ms(), d.max_ms), (4, Some(4.0), 10.0));
        assert_eq!(m.window.unwrap().end_ms, 6000);
        assert_eq!(m.lambda.as_ref().unwrap().cold_starts, 2);
        assert_eq!(m.lambda.as_ref().unwrap().memory_size_mb, Some(512));
        assert!(ServerSide::merged([Some(&a), None]).is_none());
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["source"], "lambda");
        assert_eq!(json["components"]["duration"]["n"], 4);
        assert_eq!(json["components"]["duration"]["p50_ms"], 2.0);
        assert_eq!(json["invocations"], 4);
        assert_eq!(json["window"]["start"], "1970-01-01T00:00:00.000Z");
    }
}
