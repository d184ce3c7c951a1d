//! What hey's and oha's text summaries share (the same shape: `Summary:`, then
//! `Total:`, `Requests/sec:`, latencies, status codes): where each report starts, the
//! figures gathered line by line, and the run they make. `super::hey` and
//! `super::oha_text` read their own lines into it.

use crate::error::ImportError;
use crate::model::{ErrorCounts, LatencySummary, Percentile, Run};

use super::transcript;

/// The line a summary starts at (hey's and oha's).
pub fn starts_summary(line: &str) -> bool {
    line == "Summary:"
}

/// The lines each summary starts at.
pub fn report_lines(text: &str) -> Vec<usize> {
    transcript::lines_where(text, starts_summary)
}

/// What hey's and oha's text summaries share, gathered line by line; checked and
/// turned into a [`Summary`] at the end.
#[derive(Default)]
pub struct Gathered {
    pub total_ms: Option<f64>,
    pub slowest: Option<f64>,
    pub fastest: Option<f64>,
    pub average: Option<f64>,
    pub rps: Option<f64>,
    pub bytes: Option<f64>,
    pub percentiles: Vec<Percentile>,
    pub responses: u64,
    pub errors: ErrorCounts,
}

impl Gathered {
    /// The summary, or `missing(key)` for the first of `Total:` and `Requests/sec:`
    /// the report lacks.
    pub fn into_summary(
        self,
        missing: impl Fn(&str) -> ImportError,
    ) -> Result<Summary, ImportError> {
        Ok(Summary {
            total_ms: self.total_ms.ok_or_else(|| missing("Total:"))?,
            rps: self.rps.ok_or_else(|| missing("Requests/sec:"))?,
            bytes: self.bytes,
            responses: self.responses,
            latency: LatencySummary {
                mean: self.average,
                stdev: None,
                min: self.fastest,
                max: self.slowest,
                percentiles: self.percentiles,
            },
            errors: self.errors,
        })
    }
}

/// The numbers of a summary shaped as hey's (hey's own, oha's text), as printed.
pub struct Summary {
    pub total_ms: f64,
    pub rps: f64,
    pub bytes: Option<f64>,
    /// Responses of any status.
    pub responses: u64,
    /// Of the responses; none without one.
    pub latency: LatencySummary,
    pub errors: ErrorCounts,
}

impl Summary {
    /// `run` (begun by `Run::read`) with these numbers.
    pub fn into_run(self, run: Run) -> Run {
        let duration_s = self.total_ms / 1000.0;
        let has_latency = self.responses > 0 && self.latency.mean.is_some();
        Run {
            duration_s: Some(duration_s),
            requests: Some(self.responses),
            throughput_rps: Some(self.rps),
            transfer_bytes_per_s: self.bytes.map(|b| b / duration_s.max(1e-9)),
            bytes_read: self.bytes,
            latency: if has_latency {
                self.latency
            } else {
                LatencySummary::default()
            },
            errors: self.errors,
            ..run
        }
    }
}
