//! The latency histogram every run computed from samples keeps: HdrHistogram in
//! microseconds with 3 significant digits (a value is exact to 0.1%), and the
//! summary (mean, deviation, percentiles) taken from it.

use hdrhistogram::Histogram;

use crate::model::{LatencySummary, Percentile, RunDetail};

/// Percentiles reported for runs computed from samples.
pub const REPORTED_PERCENTILES: [&str; 7] = ["50", "75", "90", "95", "99", "99.9", "99.99"];

/// The largest latency a histogram tracks: a day, in microseconds, the largest
/// latency an importer accepts ([`crate::model::MAX_LATENCY_MS`]), so that no
/// percentile is clamped below a run's max.
pub const MAX_TRACKED_US: u64 = crate::model::MAX_LATENCY_MS as u64 * 1000;

/// Latency in microseconds, 3 significant digits.
pub fn latency_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, MAX_TRACKED_US, 3).expect("valid histogram bounds")
}

/// Mean, deviation and percentiles from a detail; min and max given exactly.
pub fn summary_of(detail: &RunDetail, min_ms: f64, max_ms: f64) -> LatencySummary {
    let n = detail.count as f64;
    let mean = detail.sum_ms / n;
    let variance = (detail.sum_sq_ms / n - mean * mean).max(0.0);
    LatencySummary {
        mean: Some(mean),
        stdev: Some(variance.sqrt()),
        min: Some(min_ms),
        max: Some(max_ms),
        percentiles: REPORTED_PERCENTILES
            .iter()
            .map(|key| {
                let q: f64 = key.parse::<f64>().unwrap_or(50.0) / 100.0;
                Percentile::new(*key, detail.histogram.value_at_quantile(q) as f64 / 1000.0)
            })
            .collect(),
    }
}
