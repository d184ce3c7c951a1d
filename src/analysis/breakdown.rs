//! Where a client's time went (`docs/breakdown.md`): a client run, or a group of
//! repeats, split by the server logs paired with it into parts from the client
//! inwards. Each log is a layer with a total (what it saw from its request's
//! arrival to its response) and, where it logs one, an inner time (its upstream's,
//! its integration's); a layer's own part is its total less its inner time, the hop
//! between two layers is the outer's inner time less the inner's total, and
//! `client_and_network` is the client's time less the front door's total.
//!
//! Means subtract exactly (the mean of a difference is the difference of the
//! means, over the same requests). Percentiles do not: a derived part's p50 and
//! p99 are differences of the percentiles, said as such. Where API Gateway and
//! Lambda logs both name the request, they are joined request by request and
//! `invoke_overhead` is computed on each joined request.

use serde::Serialize;

use crate::analysis::{merge, repeats};
use crate::model::Run;
use crate::model::server::{
    Component, LogWindow, PairedLog, ServerEntry, ServerSide, ServerSource,
};

/// Mean, p50 and p99 in ms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Figures {
    pub mean_ms: Option<f64>,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
}

impl Figures {
    fn of(c: &Component) -> Figures {
        Figures {
            mean_ms: c.mean_ms(),
            p50_ms: c.quantile_ms(0.5),
            p99_ms: c.quantile_ms(0.99),
        }
    }

    /// `self` less `other`, figure by figure.
    fn minus(self, other: Figures) -> Figures {
        let d = |a: Option<f64>, b: Option<f64>| Some(a? - b?);
        Figures {
            mean_ms: d(self.mean_ms, other.mean_ms),
            p50_ms: d(self.p50_ms, other.p50_ms),
            p99_ms: d(self.p99_ms, other.p99_ms),
        }
    }

    /// The mean, p50 and p99 of values (nearest rank).
    fn of_values(values: &mut [f64]) -> Figures {
        if values.is_empty() {
            return Figures::default();
        }
        values.sort_by(f64::total_cmp);
        let rank =
            |q: f64| values[((q * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1];
        Figures {
            mean_ms: Some(values.iter().sum::<f64>() / values.len() as f64),
            p50_ms: Some(rank(0.5)),
            p99_ms: Some(rank(0.99)),
        }
    }
}

/// The client's side.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Client {
    pub mean_ms: Option<f64>,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub requests: Option<u64>,
}

/// One part of the client's time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// The server-side logs' component name, or `client_and_network`,
    /// `invoke_overhead`, `upstream_network`.
    pub name: String,
    /// The log it comes from (`haproxy`, `lambda`), or `client`; a hop between two
    /// logs names both (`apigw-lambda`).
    pub source: String,
    pub mean_ms: Option<f64>,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    /// Its mean over the client's mean.
    pub share_of_mean: Option<f64>,
    /// A difference of two logs' figures (or of the client's and a log's), not a
    /// timing any log wrote: its p50 and p99 are differences of percentiles.
    #[serde(skip)]
    pub derived: bool,
    /// Its slice of the bar at p99: the nested differences of the layers' p99s,
    /// which add up to the client's p99 (`docs/breakdown.md`).
    #[serde(skip)]
    pub at_p99_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matched {
    pub client_requests: Option<u64>,
    pub server_requests: u64,
    pub ratio: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColdStarts {
    pub count: u64,
    pub rate: Option<f64>,
    pub init_p50_ms: Option<f64>,
    pub init_p99_ms: Option<f64>,
    /// The function's Duration beside them.
    pub duration_p50_ms: Option<f64>,
    pub duration_p99_ms: Option<f64>,
}

/// How the logs were joined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Join {
    /// `request_id` (API Gateway's `integration.requestId`, or the request id the
    /// function logged from its event, is the Lambda RequestId) or
    /// `distributions` (each log's figures over the same window).
    pub method: &'static str,
    /// Requests joined one by one.
    pub requests: u64,
    /// The slowest 1% of the joined requests (by the gateway's latency) and how
    /// many of them were cold starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slowest: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slowest_cold: Option<u64>,
}

/// Where one group's (or run's) time went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    pub label: String,
    #[serde(skip)]
    pub memory_mb: Option<u32>,
    pub client: Client,
    pub components: Vec<Part>,
    pub matched: Matched,
    pub cold_starts: Option<ColdStarts>,
    pub join: Join,
    pub warnings: Vec<String>,
}

/// A log as a layer of the chain.
struct Layer {
    source: ServerSource,
    side: ServerSide,
    total: Figures,
    /// Its upstream's or integration's time, as it saw it.
    inner: Option<(&'static str, Figures)>,
}

/// Where a source usually stands from the client inwards, for layers whose totals
/// tie.
fn depth(s: ServerSource) -> u8 {
    match s {
        ServerSource::Cloudfront => 0,
        ServerSource::Alb | ServerSource::Elb | ServerSource::Apigw => 1,
        ServerSource::Haproxy | ServerSource::Envoy => 2,
        ServerSource::Nginx => 3,
        ServerSource::Lambda => 4,
    }
}

fn measured<'a>(side: &'a ServerSide, name: &str) -> Option<&'a Component> {
    side.components.get(name).filter(|c| c.n() > 0)
}

impl Layer {
    fn of(side: ServerSide) -> Option<Layer> {
        let source = side.source;
        let (total, inner) = match source {
            ServerSource::Lambda => {
                let d = measured(&side, "duration")?;
                let facts = side.lambda.clone().unwrap_or_default();
                let init_mean = measured(&side, "init")
                    .map(|i| i.sum_ms / facts.invocations.max(1) as f64)
                    .unwrap_or(0.0);
                let mut total = Figures::of(d);
                total.mean_ms = total.mean_ms.map(|m| m + init_mean);
                (total, None)
            }
            ServerSource::Apigw => {
                // Without responseLatency, the integration's latency is the most
                // of the gateway's time the log gives: its own part is unknown.
                let total = measured(&side, "response_latency")
                    .or_else(|| measured(&side, "integration_latency"))?;
                let inner = measured(&side, "integration_latency")
                    .map(|c| ("integration_latency", Figures::of(c)));
                (Figures::of(total), inner)
            }
            ServerSource::Alb | ServerSource::Elb => {
                let total = measured(&side, "total")?;
                let inner = measured(&side, "target_processing")
                    .map(|c| ("target_processing", Figures::of(c)));
                (Figures::of(total), inner)
            }
            ServerSource::Cloudfront => (Figures::of(measured(&side, "time_taken")?), None),
            ServerSource::Nginx | ServerSource::Haproxy | ServerSource::Envoy => {
                let total = measured(&side, "request_time")?;
                let inner = ["upstream_response", "upstream_header"]
                    .into_iter()
                    .find_map(|n| measured(&side, n).map(|c| (n, Figures::of(c))));
                (Figures::of(total), inner)
            }
        };
        Some(Layer {
            source,
            side,
            total,
            inner,
        })
    }

    fn name(&self) -> &'static str {
        self.source.name()
    }

    /// The layer's own parts (its total less its inner time), each as measured
    /// where the log writes it, with its slice at p99.
    fn own(&self) -> Vec<(String, Figures, bool, f64)> {
        let at_p99 = |inner: Option<Figures>| {
            let t = self.total.p99_ms.unwrap_or(0.0);
            (t - inner.and_then(|i| i.p99_ms).unwrap_or(0.0)).max(0.0)
        };
        let side = &self.side;
        let named = |n: &str| measured(side, n).map(|c| (n.to_owned(), Figures::of(c), false));
        let own: Vec<(String, Figures, bool)> = match self.source {
            ServerSource::Lambda => {
                let facts = side.lambda.clone().unwrap_or_default();
                let mut out = Vec::new();
                if let Some(i) = measured(side, "init") {
                    // Spread over every invocation, so that the parts add up to the
                    // mean; its p50 and p99 are the cold starts' own.
                    let mut f = Figures::of(i);
                    f.mean_ms = Some(i.sum_ms / facts.invocations.max(1) as f64);
                    out.push(("init".to_owned(), f, false));
                }
                out.extend(named("duration"));
                out
            }
            ServerSource::Apigw => named("gateway_overhead").into_iter().collect(),
            ServerSource::Alb | ServerSource::Elb => ["request_processing", "response_processing"]
                .iter()
                .filter_map(|n| named(n))
                .collect(),
            ServerSource::Cloudfront => named("time_taken").into_iter().collect(),
            ServerSource::Nginx | ServerSource::Haproxy | ServerSource::Envoy => match self.inner {
                Some(_) => named("proxy_overhead").into_iter().collect(),
                None => named("request_time").into_iter().collect(),
            },
        };
        // The p99 slice: the layer's own share of its total's p99, split between
        // its own parts in proportion to their means.
        let slice = at_p99(self.inner.map(|(_, f)| f));
        let sum: f64 = own.iter().filter_map(|(_, f, _)| f.mean_ms).sum();
        own.into_iter()
            .map(|(n, f, d)| {
                let share = if sum > 0.0 {
                    f.mean_ms.unwrap_or(0.0) / sum
                } else {
                    0.0
                };
                (n, f, d, slice * share)
            })
            .collect()
    }
}

/// The breakdown of every group of repeats (of every run with `per_run`) that has
/// a paired server log, in the display order.
pub fn breakdowns(runs: &[Run], per_run: bool) -> Vec<Breakdown> {
    let clients: Vec<usize> = (0..runs.len())
        .filter(|&i| runs[i].server.is_none() && !runs[i].paired.is_empty())
        .collect();
    let mut out = Vec::new();
    if per_run {
        for i in crate::analysis::order::display_order(runs) {
            if clients.contains(&i) {
                out.push(breakdown(&runs[i].label, &[&runs[i]]));
            }
        }
        return out;
    }
    for group in repeats::groups(runs) {
        let members: Vec<&Run> = group
            .members
            .iter()
            .filter(|i| clients.contains(i))
            .map(|&i| &runs[i])
            .collect();
        if !members.is_empty() {
            out.push(breakdown(&group_label(&group.key, members.len()), &members));
        }
    }
    out
}

/// "apigw-lambda-512 (n = 3)", or the key alone for one run.
fn group_label(key: &str, n: usize) -> String {
    if n > 1 {
        format!("{key} (n = {n})")
    } else {
        key.to_owned()
    }
}

/// The client's figures over `runs`: exact from their merged histograms where
/// they have them, else the one run's, else request-weighted means (said).
fn client_of(runs: &[&Run], warnings: &mut Vec<String>) -> Client {
    let merged;
    let one = match runs {
        [r] => Some(*r),
        _ => {
            let owned: Vec<Run> = runs.iter().map(|r| (*r).clone()).collect();
            merged = merge::merge(&owned).ok();
            merged.as_ref()
        }
    };
    if let Some(r) = one {
        return Client {
            mean_ms: r.latency.mean,
            p50_ms: r.latency.percentile("50"),
            p99_ms: r.latency.percentile("99"),
            requests: r.requests,
        };
    }
    warnings.push(format!(
        "the {} repeats keep no samples to merge: the client's p50 and p99 are the means of \
         theirs",
        runs.len()
    ));
    let weights: Vec<f64> = runs
        .iter()
        .map(|r| r.requests.unwrap_or(1) as f64)
        .collect();
    let total: f64 = weights.iter().sum();
    let avg = |f: &dyn Fn(&Run) -> Option<f64>| {
        let v: Vec<(f64, f64)> = runs
            .iter()
            .zip(&weights)
            .filter_map(|(r, w)| Some((f(r)?, *w)))
            .collect();
        (!v.is_empty()).then(|| {
            v.iter().map(|(x, w)| x * w).sum::<f64>() / v.iter().map(|(_, w)| w).sum::<f64>()
        })
    };
    Client {
        mean_ms: avg(&|r| r.latency.mean),
        p50_ms: avg(&|r| r.latency.percentile("50")),
        p99_ms: avg(&|r| r.latency.percentile("99")),
        requests: (total > 0.0).then(|| runs.iter().filter_map(|r| r.requests).sum()),
    }
}

/// Where the time of `runs` (repeats of one thing) went, by their paired logs.
pub fn breakdown(label: &str, runs: &[&Run]) -> Breakdown {
    let mut warnings = Vec::new();
    let client = client_of(runs, &mut warnings);
    let logs: Vec<&PairedLog> = runs.iter().flat_map(|r| &r.paired).collect();
    // One layer per source: the repeats' logs of it merged exactly.
    let mut sources: Vec<ServerSource> = Vec::new();
    for l in &logs {
        if !sources.contains(&l.server.source) {
            sources.push(l.server.source);
        }
    }
    let mut layers: Vec<Layer> = sources
        .iter()
        .filter_map(|s| {
            ServerSide::merged(
                logs.iter()
                    .filter(|l| l.server.source == *s)
                    .map(|l| Some(&*l.server)),
            )
        })
        .filter_map(Layer::of)
        .collect();
    layers.sort_by(|a, b| {
        let t = |l: &Layer| l.total.mean_ms.unwrap_or(0.0);
        t(b).total_cmp(&t(a))
            .then(depth(a.source).cmp(&depth(b.source)))
    });
    let mut parts: Vec<Part> = Vec::new();
    let client_f = Figures {
        mean_ms: client.mean_ms,
        p50_ms: client.p50_ms,
        p99_ms: client.p99_ms,
    };
    let push = |parts: &mut Vec<Part>,
                name: &str,
                source: &str,
                f: Figures,
                derived: bool,
                at_p99: f64| {
        parts.push(Part {
            name: name.to_owned(),
            source: source.to_owned(),
            mean_ms: f.mean_ms,
            p50_ms: f.p50_ms,
            p99_ms: f.p99_ms,
            share_of_mean: match (f.mean_ms, client.mean_ms) {
                (Some(m), Some(c)) if c > 0.0 => Some(m / c),
                _ => None,
            },
            derived,
            at_p99_ms: at_p99.max(0.0),
        })
    };
    if let Some(front) = layers.first() {
        let f = client_f.minus(front.total);
        let at = client.p99_ms.unwrap_or(0.0) - front.total.p99_ms.unwrap_or(0.0);
        push(&mut parts, "client_and_network", "client", f, true, at);
    }
    let mut join = Join {
        method: "distributions",
        requests: 0,
        slowest: None,
        slowest_cold: None,
    };
    for (i, layer) in layers.iter().enumerate() {
        for (name, f, derived, at) in layer.own() {
            push(&mut parts, &name, layer.name(), f, derived, at);
        }
        let Some((inner_name, inner)) = layer.inner else {
            continue;
        };
        match layers.get(i + 1) {
            Some(next) => {
                let mut f = inner.minus(next.total);
                let name = if next.source == ServerSource::Lambda {
                    "invoke_overhead"
                } else {
                    "upstream_network"
                };
                if name == "invoke_overhead"
                    && let Some((joined, per_request)) =
                        joined(&layer.side, &next.side, &mut warnings)
                {
                    join = joined;
                    f = per_request;
                }
                let at = inner.p99_ms.unwrap_or(0.0) - next.total.p99_ms.unwrap_or(0.0);
                push(
                    &mut parts,
                    name,
                    &format!("{}-{}", layer.name(), next.name()),
                    f,
                    true,
                    at,
                );
            }
            None => push(
                &mut parts,
                inner_name,
                layer.name(),
                inner,
                false,
                inner.p99_ms.unwrap_or(0.0),
            ),
        }
    }
    let server_requests = layers.first().map_or(0, |l| l.side.requests);
    let ratio = client
        .requests
        .filter(|c| *c > 0)
        .map(|c| server_requests as f64 / c as f64);
    if let (Some(r), Some(front)) = (ratio, layers.first())
        && !(0.9..=1.1).contains(&r)
    {
        warnings.push(format!(
            "match ratio {}: {}'s log has {} requests for the client's {}: a sampled or late \
             log, or one of another window",
            crate::format::plain((r * 100.0).round() / 100.0),
            front.name(),
            crate::format::thousands(server_requests),
            crate::format::thousands(client.requests.unwrap_or(0)),
        ));
    }
    let wall = runs
        .iter()
        .filter_map(|r| r.wall_clock)
        .reduce(LogWindow::union);
    // A second of slack: the logs' own clocks and the time a request is logged.
    const SLACK_MS: i64 = 1000;
    for layer in &layers {
        if let (Some(w), Some(l)) = (wall, layer.side.window) {
            let before = w.start_ms - l.start_ms;
            let after = l.end_ms - w.end_ms;
            if before > SLACK_MS || after > SLACK_MS {
                warnings.push(format!(
                    "{}'s log has requests outside the client's window ({} before it, {} \
                     after it): requests of another run, or clocks apart",
                    layer.name(),
                    crate::format::seconds(before.max(0) as f64 / 1000.0),
                    crate::format::seconds(after.max(0) as f64 / 1000.0),
                ));
            }
        }
    }
    if let Some(c) = client.mean_ms {
        let before = warnings.len();
        for layer in &layers {
            if let Some(t) = layer.total.mean_ms.filter(|t| *t > c * 1.001) {
                warnings.push(format!(
                    "{}'s mean ({}) is longer than the client's ({}): clock skew or a wrong \
                     pairing",
                    layer.name(),
                    crate::format::ms(Some(t)),
                    crate::format::ms(Some(c)),
                ));
            }
        }
        let layer_warned = warnings.len() > before;
        for p in parts.iter().filter(|_| !layer_warned) {
            if let Some(m) = p.mean_ms.filter(|m| *m > c * 1.001) {
                warnings.push(format!(
                    "{} ({}) is longer than the client's mean ({}): clock skew or a wrong pairing",
                    p.name,
                    crate::format::ms(Some(m)),
                    crate::format::ms(Some(c)),
                ));
            }
        }
    }
    let cold_starts = layers
        .iter()
        .find(|l| l.source == ServerSource::Lambda)
        .map(|l| {
            let facts = l.side.lambda.clone().unwrap_or_default();
            let init = measured(&l.side, "init");
            let duration = measured(&l.side, "duration");
            ColdStarts {
                count: facts.cold_starts,
                rate: (facts.invocations > 0)
                    .then(|| facts.cold_starts as f64 / facts.invocations as f64),
                init_p50_ms: init.and_then(|c| c.quantile_ms(0.5)),
                init_p99_ms: init.and_then(|c| c.quantile_ms(0.99)),
                duration_p50_ms: duration.and_then(|c| c.quantile_ms(0.5)),
                duration_p99_ms: duration.and_then(|c| c.quantile_ms(0.99)),
            }
        });
    if layers.is_empty() && !logs.is_empty() {
        warnings.push(
            "the paired logs have no timing to split the client's time by (see their notes)"
                .to_owned(),
        );
    }
    let memory_mb = runs.iter().find_map(|r| r.memory_mb);
    Breakdown {
        label: label.to_owned(),
        memory_mb,
        client,
        components: parts,
        matched: Matched {
            client_requests: client.requests,
            server_requests,
            ratio,
        },
        cold_starts,
        join,
        warnings,
    }
}

/// API Gateway's requests joined to the function's invocations by request id:
/// the join, and `invoke_overhead` (integration latency less Duration and Init)
/// over the joined requests; `None` when no request joins.
fn joined(
    gateway: &ServerSide,
    function: &ServerSide,
    warnings: &mut Vec<String>,
) -> Option<(Join, Figures)> {
    let mut by_id: std::collections::HashMap<&str, &ServerEntry> = std::collections::HashMap::new();
    for e in &function.entries {
        for id in &e.ids {
            by_id.insert(id, e);
        }
    }
    // (gateway latency, overhead, cold)
    let mut rows: Vec<(f64, f64, bool)> = Vec::new();
    for g in &gateway.entries {
        let Some(il) = g.value("integration_latency") else {
            continue;
        };
        let Some(f) = g.ids.iter().find_map(|id| by_id.get(&**id)) else {
            continue;
        };
        let duration = f.value("duration").unwrap_or(0.0);
        let init = f.value("init").or(f.value("restore"));
        let overhead = il - duration - init.unwrap_or(0.0);
        let latency = g.value("response_latency").unwrap_or(il);
        rows.push((latency, overhead, init.is_some()));
    }
    if rows.is_empty() {
        return None;
    }
    let negative = rows.iter().filter(|r| r.1 < 0.0).count();
    if negative > 0 {
        warnings.push(format!(
            "invoke_overhead is negative on {negative} of {} joined requests: API Gateway's \
             integration latency (whole ms) is below the function's Duration + Init there",
            rows.len()
        ));
    }
    let mut overheads: Vec<f64> = rows.iter().map(|r| r.1).collect();
    let figures = Figures::of_values(&mut overheads);
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let slowest = rows.len().div_ceil(100);
    let slowest_cold = rows[..slowest].iter().filter(|r| r.2).count() as u64;
    Some((
        Join {
            method: "request_id",
            requests: rows.len() as u64,
            slowest: Some(slowest as u64),
            slowest_cold: Some(slowest_cold),
        },
        figures,
    ))
}
