//! A run's figures without its transient (`--exclude-warmup`, the window's
//! "Exclude warm-up"): only the requests of the time blocks that begin at or after
//! the steady state MSER-5 found (`docs/steady-state.md`).

use std::sync::Arc;

use crate::model::{ErrorCounts, Run, RunDetail};
use crate::samples::{latency_histogram, summary_of};

/// `run` without its transient; `None` when it has no steady state to cut at, did
/// not settle, settled at once, or keeps nothing after the cut.
pub fn without_warmup(run: &Run) -> Option<Run> {
    let steady = run.steady_state?;
    let after = steady.after_s?;
    let detail = run.detail.as_ref()?;
    if after <= 0.0 || steady.excluded {
        return None;
    }
    let kept: Vec<_> = detail
        .blocks
        .iter()
        .filter(|b| b.start_s >= steady.at_s - 1e-9)
        .cloned()
        .collect();
    let requests: u64 = kept.iter().map(|b| b.requests).sum();
    if requests == 0 {
        return None;
    }
    let span: f64 = kept.iter().map(|b| b.span_s).sum();
    let sum_ms: f64 = kept.iter().map(|b| b.sum_ms).sum();
    let errors: u64 = kept.iter().map(|b| b.errors).sum();
    let mut histogram = latency_histogram();
    for b in &kept {
        for &(value, count) in &b.latency {
            histogram.saturating_record_n(value, count);
        }
    }
    let mean = sum_ms / requests as f64;
    // The blocks keep no squares: the deviation comes from their histograms.
    let sd = histogram.stdev() / 1000.0;
    let trimmed = RunDetail {
        count: requests,
        sum_ms,
        sum_sq_ms: (sd * sd + mean * mean) * requests as f64,
        series: detail
            .series
            .iter()
            .filter(|p| p.second as f64 + detail.step_s as f64 > steady.at_s)
            .cloned()
            .collect(),
        step_s: detail.step_s,
        epoch: detail.epoch,
        blocks: kept,
        // Blocks hold latency at two significant digits.
        rebuilt: true,
        histogram,
    };
    let min = trimmed.histogram.min() as f64 / 1000.0;
    let max = trimmed.histogram.max() as f64 / 1000.0;
    let scale = |n: u64| {
        let total = run.errors.total();
        if total == 0 {
            0
        } else {
            (n as f64 * errors as f64 / total as f64).round() as u64
        }
    };
    let e = &run.errors;
    Some(Run {
        duration_s: Some(span),
        requests: Some(requests),
        throughput_rps: Some(requests as f64 / span),
        transfer_bytes_per_s: None,
        bytes_read: None,
        latency: summary_of(&trimmed, min, max),
        errors: ErrorCounts {
            connect: scale(e.connect),
            read: scale(e.read),
            write: scale(e.write),
            timeout: scale(e.timeout),
            non_2xx_3xx: scale(e.non_2xx_3xx),
            other: scale(e.other),
        },
        steady_state: Some(crate::model::SteadyState {
            excluded: true,
            ..steady
        }),
        detail: Some(Arc::new(trimmed)),
        ..run.clone()
    })
}
