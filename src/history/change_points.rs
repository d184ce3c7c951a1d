//! Change points of a series: E-Divisive means with a Student t-test in sliding
//! windows, as Hunter and Apache Otava compute them (`docs/history-method.md`),
//! plus what their users ask for: a minimum segment length, so that one noisy run
//! is never a change, and a magnitude threshold. Deterministic: no permutations, no
//! random numbers.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// The method's parameters; the defaults are Otava's, with gatebench's two
/// additions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Points per sliding window (Otava's `--window`, 50).
    pub window: usize,
    /// The largest p-value of a change point (Otava's `-P`, 0.001).
    pub p_value: f64,
    /// The smallest relative change, as a fraction (Otava's `-M`); gatebench uses
    /// the noise threshold of `compare` (2%).
    pub min_magnitude: f64,
    /// The fewest points of a segment (1 is Otava's behaviour).
    pub min_segment: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            window: 50,
            p_value: 0.001,
            min_magnitude: 0.02,
            min_segment: 3,
        }
    }
}

#[cfg(test)]
impl Params {
    /// Otava's own defaults: no magnitude threshold, segments of any length.
    pub fn otava() -> Self {
        Params {
            min_magnitude: 0.0,
            min_segment: 1,
            ..Params::default()
        }
    }
}

/// A change point: the first index after the change, with the t-test of the
/// segments on either side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangePoint {
    pub index: usize,
    pub stats: TTest,
}

/// Two segments compared: their means and (population) standard deviations, sizes,
/// and the two-sided p-value of Student's t-test with pooled variance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TTest {
    pub mean_before: f64,
    pub mean_after: f64,
    pub sd_before: f64,
    pub sd_after: f64,
    pub n_before: usize,
    pub n_after: usize,
    pub p_value: f64,
}

impl TTest {
    /// Compares `left` with `right` as Otava's `TTestSignificanceTester.compare`
    /// does: `np.std` (divisor n) handed to scipy's `ttest_ind_from_stats`, whose
    /// pooled variance weighs them by n − 1.
    pub fn of(left: &[f64], right: &[f64]) -> TTest {
        let (m1, s1) = mean_sd(left);
        let (m2, s2) = mean_sd(right);
        let (n1, n2) = (left.len() as f64, right.len() as f64);
        let p_value = if left.len() + right.len() > 2 {
            let df = n1 + n2 - 2.0;
            let pooled = ((n1 - 1.0) * s1 * s1 + (n2 - 1.0) * s2 * s2) / df;
            let se = (pooled * (1.0 / n1 + 1.0 / n2)).sqrt();
            let t = (m1 - m2) / se;
            if t.is_nan() {
                // 0 / 0: two constant, equal segments. scipy says NaN, which is
                // never significant.
                1.0
            } else if t.is_infinite() {
                0.0
            } else {
                StudentsT::new(0.0, 1.0, df).map_or(1.0, |d| 2.0 * d.sf(t.abs()))
            }
        } else {
            1.0
        };
        TTest {
            mean_before: m1,
            mean_after: m2,
            sd_before: s1,
            sd_after: s2,
            n_before: left.len(),
            n_after: right.len(),
            p_value,
        }
    }

    /// `after / before − 1`; 0 when the mean before is 0 (Otava's `value_if_nan`).
    pub fn forward_change(&self) -> f64 {
        if self.mean_before == 0.0 {
            0.0
        } else {
            self.mean_after / self.mean_before - 1.0
        }
    }

    fn backward_change(&self) -> f64 {
        if self.mean_after == 0.0 {
            0.0
        } else {
            self.mean_before / self.mean_after - 1.0
        }
    }

    /// The larger of the relative changes either way (Otava's `change_magnitude`).
    pub fn magnitude(&self) -> f64 {
        self.forward_change()
            .abs()
            .max(self.backward_change().abs())
    }
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    if xs.len() < 2 {
        return (mean, 0.0);
    }
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// The change points of `series` (in time order) with `params`.
pub fn change_points(series: &[f64], params: &Params) -> Vec<ChangePoint> {
    // Otava's first pass: a looser p-value finds "weak" change points, which the
    // merge then tests at the real one.
    let p = params.p_value;
    let first_pass = if p < 0.05 {
        p * 10.0
    } else if p < 0.5 {
        p * 2.0
    } else {
        p
    };
    let weak = split(series, params.window.max(2), first_pass);
    let merged = merge(weak, series, params.p_value, params.min_magnitude);
    enforce_min_segment(merged, series, params.min_segment)
}

/// The segments between `points`, as (start, end) index ranges; empty ones left out.
fn intervals(points: &[usize], len: usize) -> Vec<(usize, usize)> {
    let mut bounds = Vec::with_capacity(points.len() + 2);
    bounds.push(0);
    bounds.extend_from_slice(points);
    bounds.push(len);
    bounds
        .windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|(a, b)| a != b)
        .collect()
}

/// The t-test of the candidate at `index`: split its interval there (a new point),
/// or compare the two intervals it ends and begins (an existing point).
fn test_at(index: usize, series: &[f64], intervals: &[(usize, usize)]) -> Option<TTest> {
    for (i, &(start, stop)) in intervals.iter().enumerate() {
        if stop == index {
            let &(_, next) = intervals.get(i + 1)?;
            return Some(TTest::of(&series[start..stop], &series[stop..next]));
        }
        if start < index && index < stop {
            return Some(TTest::of(&series[start..index], &series[index..stop]));
        }
    }
    None
}

/// Otava's split step: E-Divisive in windows of `window` points stepping by half a
/// window (or to the last change found), every change point kept once, then each
/// tested against its neighbours on the whole series.
fn split(series: &[f64], window: usize, p_value: f64) -> Vec<ChangePoint> {
    let step = window / 2;
    let mut found: Vec<usize> = Vec::new();
    let mut start = 0;
    while start < series.len() {
        let end = (start + window).min(series.len());
        let new = divisive(&series[start..end], p_value);
        let last = new.last().map_or(0, |i| i + start);
        for i in new {
            if !found.contains(&(i + start)) {
                found.push(i + start);
            }
        }
        start = last.max(start + step);
    }
    found.sort_unstable();
    let intervals = intervals(&found, series.len());
    found
        .into_iter()
        .filter_map(|index| {
            Some(ChangePoint {
                index,
                stats: test_at(index, series, &intervals)?,
            })
        })
        .collect()
}

/// E-Divisive means on one window: split at the best candidate of any interval
/// while its t-test is significant. Gives indices within `window`, ascending.
fn divisive(window: &[f64], p_value: f64) -> Vec<usize> {
    let q = QCalculator::new(window);
    let mut points: Vec<usize> = Vec::new();
    loop {
        let intervals = intervals(&points, window.len());
        let mut best: Option<(usize, f64)> = None;
        for &(start, end) in intervals.iter().filter(|(s, e)| e - s > 1) {
            let candidate = q.best_split(start, end);
            // Python's max() keeps the first of equal values.
            if best.is_none_or(|(_, b)| candidate.1 > b) {
                best = Some(candidate);
            }
        }
        let Some((index, _)) = best else { break };
        match test_at(index, window, &intervals) {
            Some(t) if t.p_value <= p_value => {
                points.push(index);
                points.sort_unstable();
            }
            _ => break,
        }
    }
    points
}

/// The E-Divisive statistic Q of splits of one window, from row prefix sums of the
/// pairwise distances |Zᵢ − Zⱼ| (exponent 1): O(n²) memory, O(1) per sum.
struct QCalculator {
    /// `prefix[k][i]`: Σ_{u<i} |z_k − z_u|.
    prefix: Vec<Vec<f64>>,
}

impl QCalculator {
    fn new(z: &[f64]) -> Self {
        let prefix = z
            .iter()
            .map(|&zk| {
                let mut row = Vec::with_capacity(z.len() + 1);
                row.push(0.0);
                let mut sum = 0.0;
                for &zu in z {
                    sum += (zk - zu).abs();
                    row.push(sum);
                }
                row
            })
            .collect();
        QCalculator { prefix }
    }

    /// Σ_{u in lo..hi} |z_k − z_u|.
    fn row_sum(&self, k: usize, lo: usize, hi: usize) -> f64 {
        self.prefix[k][hi] - self.prefix[k][lo]
    }

    /// The split τ of `start..end` that maximises Q(τ, κ) over start < τ < κ ≤ end,
    /// with X = z[start..τ], Y = z[τ..κ]:
    /// Q = 2/(m+n)·Σ|X−Y| − 2m/((m+n)(n−1))·Σ_{i<k}|Xᵢ−Xₖ| − 2n/((m+n)(m−1))·Σ_{j<k}|Yⱼ−Yₖ|
    /// (a term whose divisor is 0 is 0). Searched as numpy's argmax over Otava's
    /// matrix: rows τ, columns κ, the first maximum in row order; the matrix's
    /// lower triangle holds zeros, so a window whose every Q is negative gives the
    /// first of them, τ = start + 2, as Otava does.
    fn best_split(&self, start: usize, end: usize) -> (usize, f64) {
        let mut best: Option<(usize, f64)> = None;
        let mut within_x = 0.0;
        for tau in start + 1..end {
            // X grows by z[tau − 1].
            within_x += self.row_sum(tau - 1, start, tau - 1);
            let n = (tau - start) as f64;
            let (mut cross, mut within_y) = (0.0, 0.0);
            for kappa in tau + 1..=end {
                let y_new = kappa - 1;
                cross += self.row_sum(y_new, start, tau);
                within_y += self.row_sum(y_new, tau, y_new);
                let m = (kappa - tau) as f64;
                let a = 2.0 / (m + n) * cross;
                let b = if n > 1.0 {
                    2.0 * m / ((m + n) * (n - 1.0)) * within_x
                } else {
                    0.0
                };
                let c = if m > 1.0 {
                    2.0 * n / ((m + n) * (m - 1.0)) * within_y
                } else {
                    0.0
                };
                let q = a - b - c;
                if best.is_none_or(|(_, b)| q > b) {
                    best = Some((tau, q));
                }
            }
        }
        let best = best.unwrap_or((start + 1, 0.0));
        if best.1 < 0.0 && end - start > 2 {
            return (start + 2, 0.0);
        }
        best
    }
}

/// Otava's merge step: while any point is too weak (p-value at or above
/// `p_value`, else the smallest change at or under `min_magnitude`), remove the
/// weakest and test its neighbours again.
fn merge(
    mut points: Vec<ChangePoint>,
    series: &[f64],
    p_value: f64,
    min_magnitude: f64,
) -> Vec<ChangePoint> {
    while !points.is_empty() {
        // The first of equal p-values, as Python's max().
        let mut weakest = 0;
        for (i, cp) in points.iter().enumerate() {
            if cp.stats.p_value > points[weakest].stats.p_value {
                weakest = i;
            }
        }
        if points[weakest].stats.p_value < p_value {
            weakest = 0;
            for (i, cp) in points.iter().enumerate() {
                if cp.stats.magnitude() < points[weakest].stats.magnitude() {
                    weakest = i;
                }
            }
            if points[weakest].stats.magnitude() > min_magnitude {
                return points;
            }
        }
        points.remove(weakest);
        retest(&mut points, series, [weakest, weakest + 1]);
    }
    points
}

/// Tests the points at `at` and `at + 1` again after a point was removed at `at`,
/// as Otava's merge does (`recompute(i)`, `recompute(i + 1)`): the right neighbour
/// and the one after it. The left neighbour keeps its old test, whose right
/// segment has since grown; kept as Otava has it, so that both find the same
/// points (`docs/history-method.md`).
fn retest(points: &mut [ChangePoint], series: &[f64], which: [usize; 2]) {
    let indices: Vec<usize> = points.iter().map(|c| c.index).collect();
    let intervals = intervals(&indices, series.len());
    for i in which {
        if let Some(cp) = points.get_mut(i)
            && let Some(stats) = test_at(cp.index, series, &intervals)
        {
            cp.stats = stats;
        }
    }
}

/// Removes change points that leave a segment shorter than `min` points: the one
/// with the largest p-value (else the smallest change) among those beside a short
/// segment, then tests its neighbours again, until every segment is long enough.
fn enforce_min_segment(
    mut points: Vec<ChangePoint>,
    series: &[f64],
    min: usize,
) -> Vec<ChangePoint> {
    loop {
        let bounds: Vec<usize> = std::iter::once(0)
            .chain(points.iter().map(|c| c.index))
            .chain(std::iter::once(series.len()))
            .collect();
        // Point i sits between segments i and i + 1.
        let short =
            |i: usize| bounds[i + 1] - bounds[i] < min || bounds[i + 2] - bounds[i + 1] < min;
        let weakest = (0..points.len()).filter(|&i| short(i)).max_by(|&a, &b| {
            let (pa, pb) = (points[a].stats, points[b].stats);
            pa.p_value
                .total_cmp(&pb.p_value)
                .then(pb.magnitude().total_cmp(&pa.magnitude()))
                // The earlier of two equally weak points.
                .then(b.cmp(&a))
        });
        let Some(weakest) = weakest else {
            return points;
        };
        points.remove(weakest);
        // Both neighbours: each now borders the merged segment.
        retest(&mut points, series, [weakest.wrapping_sub(1), weakest]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seeded series: `segments` of (length, mean), with uniform noise of ±`noise`.
    fn seeded(segments: &[(usize, f64)], noise: f64, seed: u64) -> Vec<f64> {
        let mut rng = fastrand::Rng::with_seed(seed);
        segments
            .iter()
            .flat_map(|&(n, mean)| {
                (0..n)
                    .map(|_| mean + (rng.f64() * 2.0 - 1.0) * noise)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn the_t_test_matches_scipy() {
        // scipy.stats.ttest_ind_from_stats(2.0, np.std([1,2,3]), 3, 5.0,
        // np.std([4,5,6]), 3): t = −4.5, p = 0.010822550462608247 (scipy 1.x).
        let t = TTest::of(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]);
        assert_eq!((t.mean_before, t.mean_after), (2.0, 5.0));
        // Pooled: (2·(2/3) + 2·(2/3)) / 4 = 2/3; se = √(2/3 · 2/3) = 2/3; t = −4.5.
        assert!(
            (t.p_value - 0.010_822_550_462_608_247).abs() < 1e-12,
            "{}",
            t.p_value
        );
        assert!((t.magnitude() - 1.5).abs() < 1e-12, "5/2 − 1");
        assert_eq!(
            TTest::of(&[1.0], &[2.0]).p_value,
            1.0,
            "two points: no test"
        );
        assert_eq!(TTest::of(&[1.0, 1.0], &[2.0, 2.0]).p_value, 0.0);
        assert_eq!(TTest::of(&[1.0, 1.0], &[1.0, 1.0]).p_value, 1.0);
    }

    /// Q by hand for z = [0, 0, 10, 10], start 0, end 4: the split τ = 2, κ = 4
    /// gives X = [0, 0], Y = [10, 10]: 2/4·40 − 0 − 0 = 20, the largest.
    #[test]
    fn q_by_hand() {
        let z = [0.0, 0.0, 10.0, 10.0];
        let q = QCalculator::new(&z);
        assert_eq!(q.best_split(0, 4), (2, 20.0));
        // τ = 1, κ = 4: X = [0], Y = [0, 10, 10]: 2/4·20 − 0 − 2·1/(4·2)·20 = 5.
        // τ = 3, κ = 4: X = [0, 0, 10], Y = [10]: 2/4·20 − 2/(4·2)·20 − 0 = 5.
    }

    #[test]
    fn shifts_at_known_places_are_found_and_nothing_else() {
        let series = seeded(&[(40, 100.0), (30, 120.0), (40, 90.0)], 2.0, 7);
        let found: Vec<usize> = change_points(&series, &Params::default())
            .iter()
            .map(|c| c.index)
            .collect();
        assert_eq!(found, [40, 70]);
        let none = seeded(&[(110, 100.0)], 2.0, 7);
        assert!(change_points(&none, &Params::default()).is_empty());
    }

    /// One spike is a change to Otava (segments of one point), never to gatebench.
    #[test]
    fn a_single_spike_is_no_change() {
        let mut series = seeded(&[(60, 100.0)], 1.0, 3);
        series[30] = 180.0;
        let otava: Vec<usize> = change_points(&series, &Params::otava())
            .iter()
            .map(|c| c.index)
            .collect();
        let ours = change_points(&series, &Params::default());
        assert!(ours.is_empty(), "{ours:?}");
        assert!(
            otava.is_empty() || otava.contains(&30) || otava.contains(&31),
            "{otava:?}"
        );
    }

    /// A real shift of 1% is under the 2% noise threshold: found at magnitude 0,
    /// not at 2%.
    #[test]
    fn a_small_real_shift_under_the_threshold() {
        let series = seeded(&[(50, 100.0), (50, 101.0)], 0.1, 5);
        let any: Vec<usize> = change_points(&series, &Params::otava())
            .iter()
            .map(|c| c.index)
            .collect();
        assert_eq!(any, [50]);
        assert!(change_points(&series, &Params::default()).is_empty());
    }

    #[test]
    fn deterministic() {
        let series = seeded(&[(80, 10.0), (80, 12.0), (80, 9.0)], 1.5, 11);
        let a = change_points(&series, &Params::default());
        assert_eq!(a, change_points(&series, &Params::default()));
        assert!(!a.is_empty());
    }
}
