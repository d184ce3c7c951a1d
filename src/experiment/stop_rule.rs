//! When an experiment with `stop_when_ci_pct` has run enough rounds: every cell's
//! 95% interval of mean throughput, and of mean p99 where its tool gives a
//! distribution, within ± that percentage of the mean (`docs/experiment-method.md`).

use crate::analysis::stats::Estimate;
use crate::model::Run;

/// The confidence of the stop rule's intervals.
pub const CONFIDENCE: f64 = 0.95;

/// The widest interval among the cells, as a percentage of its mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Widest {
    pub cell: String,
    pub metric: &'static str,
    /// Half the interval's width over the mean, in percent; infinite with fewer
    /// than two runs.
    pub pct: f64,
}

/// The half-width of the interval of the mean of `values`, in percent of the mean.
pub fn half_width_pct(values: &[f64]) -> f64 {
    match Estimate::of_runs(values) {
        Some(e) if e.mean != 0.0 => {
            let i = e.interval(CONFIDENCE);
            (i.high - i.low) / 2.0 / e.mean.abs() * 100.0
        }
        _ => f64::INFINITY,
    }
}

/// The widest interval over `cells` (each its name and its finished runs).
pub fn widest<'a>(cells: impl Iterator<Item = (&'a str, Vec<&'a Run>)>) -> Option<Widest> {
    let mut widest: Option<Widest> = None;
    for (cell, runs) in cells {
        let throughput: Vec<f64> = runs.iter().filter_map(|r| r.throughput_rps).collect();
        let p99: Vec<f64> = runs
            .iter()
            .filter_map(|r| r.latency.percentile("99"))
            .collect();
        let mut candidates = vec![("throughput", half_width_pct(&throughput))];
        // p99 counts where every run has one.
        if !p99.is_empty() && p99.len() == runs.len() {
            candidates.push(("p99", half_width_pct(&p99)));
        }
        for (metric, pct) in candidates {
            if widest.as_ref().is_none_or(|w| pct > w.pct) {
                widest = Some(Widest {
                    cell: cell.to_owned(),
                    metric,
                    pct,
                });
            }
        }
    }
    widest
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 100, 102, 98: mean 100, sd 2, se 2/√3 = 1.1547; t(0.975, 2) = 4.3027; half
    /// width 4.968, 4.97% of the mean.
    #[test]
    fn a_hand_computed_interval() {
        let pct = half_width_pct(&[100.0, 102.0, 98.0]);
        assert!((pct - 4.968).abs() < 0.001, "{pct}");
        assert!(half_width_pct(&[5.0]).is_infinite());
    }
}
