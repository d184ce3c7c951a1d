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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::samples::{Outcome, RunAccumulator, RunMeta};

    /// 20 s of requests every 10 ms: 60 ms each for the first 3 s, then 10 ms
    /// (with a little seeded jitter, so that the steady part is not constant).
    pub(crate) fn run_with_transient() -> Run {
        let mut acc = RunAccumulator::default();
        let mut state = 7u64;
        for i in 0..2000 {
            let t = i as f64 * 0.01;
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let jitter = (state >> 33) as f64 / (1u64 << 31) as f64;
            let ms = if t < 3.0 { 60.0 } else { 10.0 } + jitter;
            acc.add(t, ms, Outcome::Ok, 0);
        }
        acc.finish(RunMeta::test("x")).unwrap()
    }

    #[test]
    fn the_transient_is_left_out() {
        let run = run_with_transient();
        let steady = run.steady_state.unwrap();
        let after = steady.after_s.unwrap();
        assert!((2.9..=3.6).contains(&after), "steady after {after}");
        let trimmed = without_warmup(&run).unwrap();
        assert!(trimmed.steady_state.unwrap().excluded);
        let kept = trimmed.requests.unwrap();
        // Blocks begin at or after the steady state: none of the first 3 s.
        assert!(kept < 1700 && kept > 1400, "{kept}");
        assert!(trimmed.latency.mean.unwrap() < 11.1);
        assert!(run.latency.mean.unwrap() > 17.0);
        assert!(
            without_warmup(&trimmed).is_none(),
            "once is enough: the cut is not made twice"
        );
    }
}
