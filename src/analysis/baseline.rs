//! Each run against a chosen baseline run: its throughput as a share of the
//! baseline's (`present::comparison` says it in words).

use crate::model::Run;

/// One run's throughput and latency relative to the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Throughput as a percentage of the baseline's; `None` when the baseline has none.
    pub throughput_pct: Option<f64>,
    /// p99 latency (mean where no p99 was reported) as a multiple of the baseline's.
    pub latency_factor: Option<f64>,
}

/// The run a user most likely compares against: the first whose integration
/// mentions "direct" (such as `elb-direct`), else the first run; runs with a
/// throughput first, since a baseline without one compares nothing.
pub fn default_baseline(runs: &[Run]) -> Option<usize> {
    if runs.is_empty() {
        return None;
    }
    let direct = |r: &Run| {
        r.integration
            .as_deref()
            .is_some_and(|i| i.contains("direct"))
    };
    let measured = |r: &Run| r.throughput_rps.is_some();
    // What a server logged is never the client's baseline.
    let client = |r: &Run| r.server.is_none();
    runs.iter()
        .position(|r| measured(r) && direct(r))
        .or_else(|| runs.iter().position(measured))
        .or_else(|| runs.iter().position(|r| direct(r) && client(r)))
        .or_else(|| runs.iter().position(client))
}

/// The latency figure used for comparisons: p99 where reported, else the mean.
pub fn comparable_latency_ms(run: &Run) -> Option<f64> {
    run.latency.percentile("99").or(run.latency.mean)
}

pub fn compare(run: &Run, baseline: &Run) -> Comparison {
    let throughput_pct = match (run.throughput_rps, baseline.throughput_rps) {
        (Some(r), Some(b)) if b > 0.0 => Some(r / b * 100.0),
        _ => None,
    };
    let latency_factor = match (comparable_latency_ms(run), comparable_latency_ms(baseline)) {
        (Some(r), Some(b)) if b > 0.0 => Some(r / b),
        _ => None,
    };
    Comparison {
        throughput_pct,
        latency_factor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ErrorCounts, LatencySummary};

    fn run(integration: &str, rps: f64) -> Run {
        Run {
            source: "x".into(),
            tool: "wrk".into(),
            label: integration.into(),
            server: None,
            wall_clock: None,
            paired: Vec::new(),
            integration: Some(integration.into()),
            memory_mb: None,
            inferred_from: None,
            duration_s: Some(10.0),
            connections: None,
            threads: None,
            requests: None,
            throughput_rps: Some(rps),
            transfer_bytes_per_s: None,
            bytes_read: None,
            latency: LatencySummary::default(),
            errors: ErrorCounts::default(),
            group: None,
            target: None,
            rate_rps: None,
            measurement: crate::model::Measurement::Unknown,
            latency_uncorrected: None,
            invocation_cost_usd: None,
            tool_metrics: Vec::new(),
            merged_from: None,
            merged_requests: None,
            sweep: None,
            steady_state: None,
            window: None,
            warnings: Vec::new(),
            detail: None,
        }
    }

    #[test]
    fn percent_of_baseline() {
        let base = run("elb-direct", 1000.0);
        let proxy = run("apigw-http-proxy", 220.0);
        assert_eq!(compare(&proxy, &base).throughput_pct, Some(22.0));
        assert_eq!(compare(&proxy, &run("zero", 0.0)).throughput_pct, None);
    }

    #[test]
    fn default_baseline_prefers_direct() {
        let runs = [run("apigw-lambda", 1.0), run("elb-direct", 2.0)];
        assert_eq!(default_baseline(&runs), Some(1));
        assert_eq!(default_baseline(&runs[..1]), Some(0));
        assert_eq!(default_baseline(&[]), None);
    }

    /// A run with only a latency distribution compares nothing: never the default.
    #[test]
    fn default_baseline_has_a_throughput() {
        let mut only_latency = run("elb-direct", 1.0);
        only_latency.throughput_rps = None;
        let runs = [only_latency.clone(), run("apigw-lambda", 1.0)];
        assert_eq!(default_baseline(&runs), Some(1));
        let runs = [
            run("apigw-lambda", 1.0),
            only_latency.clone(),
            run("elb-direct", 3.0),
        ];
        assert_eq!(default_baseline(&runs), Some(2));
        assert_eq!(default_baseline(&[only_latency]), Some(0));
    }
}
