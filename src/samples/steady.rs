//! MSER-5 (White 1997; `docs/steady-state.md`): where a run's transient ends, from
//! the mean latency of short time bins.

use super::time_bins::BinData;
use crate::model::SteadyState;

/// Observations per batch: MSER-*5*.
const BATCH: usize = 5;
/// The fewest batches worth truncating: fewer give no answer.
const MIN_BATCHES: usize = 10;
/// The last batches are never candidates: the statistic is unstable where few
/// batches remain (a known failure of MSER, Wang & Glynn 2016). At least this
/// many, and a quarter of them.
const TAIL_BATCHES: usize = 5;
/// Steady-state bins begin as tenths of a second (and widen on long runs).
pub const TICKS_PER_S: f64 = 10.0;
/// At most this many bins: 100 ms bins up to 102 s, then 200 ms, ...
pub const MAX_STEADY_BINS: usize = 1024;

/// The truncation point of MSER-5 over `observations`, in batches of five: the `d`
/// that minimises `Σ_{i>d}(Z_i − Z̄_d)² / (m − d)²` over the batch means `Z`. `None`
/// when there are too few batches to say. A `d` past half the batches means the
/// series did not settle.
pub fn mser5(observations: &[f64]) -> Option<usize> {
    let batches: Vec<f64> = observations
        .chunks_exact(BATCH)
        .map(|c| c.iter().sum::<f64>() / BATCH as f64)
        .collect();
    let m = batches.len();
    if m < MIN_BATCHES {
        return None;
    }
    // Sums from the end: the statistic of every d in one pass.
    let mut best = (f64::INFINITY, 0);
    let (mut sum, mut sum_sq) = (0.0, 0.0);
    let mut stats = vec![f64::INFINITY; m];
    for d in (0..m).rev() {
        sum += batches[d];
        sum_sq += batches[d] * batches[d];
        let n = (m - d) as f64;
        // Σ(Z − mean)² = Σ Z² − (Σ Z)² / n, over the batches after d (d..m, 0-based).
        stats[d] = (sum_sq - sum * sum / n).max(0.0) / (n * n);
    }
    for (d, &s) in stats.iter().enumerate().take(m - TAIL_BATCHES.max(m / 4)) {
        if s < best.0 {
            best = (s, d);
        }
    }
    Some(best.1)
}

/// Requests that started within one short bin: their count and latency sum.
#[derive(Default)]
pub struct SteadyBin {
    pub requests: u64,
    pub sum_ms: f64,
}

impl BinData for SteadyBin {
    fn is_empty(&self) -> bool {
        self.requests == 0
    }

    fn absorb(&mut self, other: SteadyBin) {
        self.requests += other.requests;
        self.sum_ms += other.sum_ms;
    }
}

/// The steady state of a run from its bins (`(tick, bin)`, ticks of `width_ticks`
/// tenths of a second), whose first request started at `first_start_s`. Empty bins
/// (no request started) are skipped; `None` when the run is too short to say.
pub fn of_bins<'a>(
    bins: impl Iterator<Item = (i64, &'a SteadyBin)>,
    width_ticks: i64,
    first_start_s: f64,
) -> Option<SteadyState> {
    let (starts, means): (Vec<f64>, Vec<f64>) = bins
        .filter(|(_, b)| b.requests > 0)
        .map(|(tick, b)| (tick as f64 / TICKS_PER_S, b.sum_ms / b.requests as f64))
        .unzip();
    let d = mser5(&means)?;
    let batches = means.len() / BATCH;
    let bin_s = width_ticks as f64 / TICKS_PER_S;
    let at_s = starts[d * BATCH].max(first_start_s);
    let after_s = (d <= batches / 2).then_some(if d == 0 { 0.0 } else { at_s - first_start_s });
    Some(SteadyState {
        after_s,
        bin_ms: bin_s * 1000.0,
        at_s,
        excluded: false,
    })
}

#[cfg(test)]
mod tests {
    use super::mser5;

    /// A small case computed by hand. Batch means 10, 6, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    /// 2 (12 batches): for d = 2 every remaining batch equals 2, statistic 0; every
    /// smaller d keeps a batch above 2, a positive statistic. d* = 2.
    #[test]
    fn a_hand_computed_truncation() {
        let mut obs = Vec::new();
        for z in [10.0, 6.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0] {
            obs.extend([z - 1.0, z + 1.0, z, z - 0.5, z + 0.5]);
        }
        assert_eq!(mser5(&obs), Some(2));
    }

    /// d = 1 by hand: batch means 4, 2, 1, 3, 1, 3, 1, 3, 1, 3 (10 batches).
    /// d = 0: mean 2.2, Σ(Z − 2.2)² = 3.24 + 0.04 + 4×1.44 + 4×0.64 = 11.6, /100 =
    /// 0.116. d = 1: mean 2, Σ = 0 + 8×1 = 8, /81 = 0.0988. d = 2: mean 2, Σ = 8,
    /// /64 = 0.125. d = 3: mean 15/7, Σ ≈ 6.857, /49 = 0.140. d = 4: mean 2, Σ = 6,
    /// /36 = 0.167. The last five batches are no candidates. d* = 1.
    #[test]
    fn a_second_hand_computed_case() {
        let mut obs = Vec::new();
        for z in [4.0, 2.0, 1.0, 3.0, 1.0, 3.0, 1.0, 3.0, 1.0, 3.0] {
            obs.extend([z; 5]);
        }
        assert_eq!(mser5(&obs), Some(1));
    }

    /// 400 observations (100 ms bins of a 40 s run) with seeded noise of ±1 ms
    /// around 10 ms; the first 60 (6 s, cold starts) are 4 ms slower. MSER-5 must
    /// cut at their end (observation 60) or a little after, and near the start where
    /// there is no transient.
    #[test]
    fn a_seeded_transient_of_known_length_and_none() {
        let (mut with_cuts, mut without_cuts) = (Vec::new(), Vec::new());
        for seed in 1..=20 {
            let mut rng = fastrand::Rng::with_seed(seed);
            let noise = |rng: &mut fastrand::Rng| 10.0 + 2.0 * rng.f64() - 1.0;
            let with: Vec<f64> = (0..400)
                .map(|i| noise(&mut rng) + if i < 60 { 4.0 } else { 0.0 })
                .collect();
            with_cuts.push(mser5(&with).unwrap() * 5);
            let without: Vec<f64> = (0..400).map(|_| noise(&mut rng)).collect();
            without_cuts.push(mser5(&without).unwrap() * 5);
        }
        // Never inside the transient; a little past it at worst (MSER trades some
        // data for less bias); at its end for most seeds.
        with_cuts.sort_unstable();
        assert!(
            with_cuts.iter().all(|c| (60..=100).contains(c)),
            "{with_cuts:?}"
        );
        assert!(with_cuts[10] <= 70, "median {with_cuts:?}");
        without_cuts.sort_unstable();
        assert!(without_cuts[10] <= 20, "median {without_cuts:?}");
        assert!(without_cuts.iter().all(|&c| c <= 100), "{without_cuts:?}");
    }

    #[test]
    fn too_short_to_say() {
        assert_eq!(mser5(&[1.0; 49]), None);
        assert!(mser5(&[1.0; 50]).is_some());
    }
}
