//! The statistics comparisons rest on, each checked against known answers in its
//! tests.
//!
//! Method, and why (see `docs/comparing-runs.md`):
//! - An [`Estimate`] is a mean with its standard error and degrees of freedom. From
//!   repeated runs (n >= 2) it is the mean of the runs' values, se = s / sqrt(n),
//!   df = n - 1: the run-to-run spread, which is what decides whether a difference is
//!   real. From one run of per-request samples it comes from a block bootstrap over
//!   time blocks ([`block_bootstrap`]), because requests of one run are not
//!   independent (queueing): a naive test on millions of samples would call every
//!   0.1% difference significant.
//! - Two estimates are compared by Welch's t-test (unequal variances,
//!   Welch–Satterthwaite degrees of freedom), which needs no equal-variance or
//!   equal-n assumption; its interval is for the difference of the means.
//! - Student's t quantiles and probabilities come from `statrs`.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// A mean with its uncertainty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Observations behind it: runs, or time blocks of one run.
    pub n: usize,
    pub mean: f64,
    /// Standard error of the mean.
    pub se: f64,
    /// Degrees of freedom of `se`.
    pub df: f64,
}

/// A two-sided interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }

    pub fn overlaps(&self, other: &Interval) -> bool {
        self.low <= other.high && other.low <= self.high
    }
}

/// The two-sided quantile of Student's t for `confidence` (0.95 -> t_{0.975}).
pub fn t_critical(confidence: f64, df: f64) -> f64 {
    match StudentsT::new(0.0, 1.0, df.max(1e-9)) {
        Ok(t) => t.inverse_cdf(0.5 + confidence / 2.0),
        Err(_) => f64::NAN,
    }
}

/// The sample mean and standard deviation (n - 1) of `values`.
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let ss: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
    let sd = if values.len() > 1 {
        (ss / (n - 1.0)).sqrt()
    } else {
        0.0
    };
    (mean, sd)
}

impl Estimate {
    /// The mean of repeated runs' values; `None` for fewer than two.
    pub fn of_runs(values: &[f64]) -> Option<Estimate> {
        if values.len() < 2 || values.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let (mean, sd) = mean_sd(values);
        Some(Estimate {
            n: values.len(),
            mean,
            se: sd / (values.len() as f64).sqrt(),
            df: values.len() as f64 - 1.0,
        })
    }

    /// The confidence interval of the mean: mean ± t(df) · se.
    pub fn interval(&self, confidence: f64) -> Interval {
        let half = t_critical(confidence, self.df) * self.se;
        Interval {
            low: self.mean - half,
            high: self.mean + half,
        }
    }
}

/// Welch's t-test of `b − a`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Welch {
    /// The difference of the means, b − a.
    pub difference: f64,
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// The interval of the difference at the confidence asked.
    pub interval: Interval,
}

/// Welch's t-test of `b − a`, with the interval of the difference at `confidence`.
/// `None` when both standard errors are zero (identical values on each side: no
/// test is possible).
pub fn welch(a: &Estimate, b: &Estimate, confidence: f64) -> Option<Welch> {
    let (va, vb) = (a.se * a.se, b.se * b.se);
    let v = va + vb;
    if v <= 0.0 || !v.is_finite() {
        return None;
    }
    let se = v.sqrt();
    let difference = b.mean - a.mean;
    let t = difference / se;
    let df = v * v / (va * va / a.df + vb * vb / b.df);
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let p = 2.0 * (1.0 - dist.cdf(t.abs()));
    let half = dist.inverse_cdf(0.5 + confidence / 2.0) * se;
    Some(Welch {
        difference,
        t,
        df,
        p,
        interval: Interval {
            low: difference - half,
            high: difference + half,
        },
    })
}

/// Welch's test of the ratio `b / a` of two positive means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatioTest {
    pub ratio: f64,
    /// The interval of the ratio at the confidence asked.
    pub interval: Interval,
    pub df: f64,
    /// Two-sided p-value of "the ratio is 1".
    pub p: f64,
}

/// Welch's t-test on the log scale: ln(m_b / m_a), with the delta method's standard
/// errors se/m for ln m, so that the interval is of the ratio itself: it stays
/// positive and scales with the means, which the difference divided by one mean does
/// not (a 2% spread of a fast baseline would read as ±2 points of a 10% share).
/// `None` for a mean that is not positive, or no spread on either side.
pub fn welch_ratio(a: &Estimate, b: &Estimate, confidence: f64) -> Option<RatioTest> {
    if a.mean <= 0.0 || b.mean <= 0.0 {
        return None;
    }
    let log = |e: &Estimate| Estimate {
        mean: e.mean.ln(),
        se: e.se / e.mean,
        ..*e
    };
    let w = welch(&log(a), &log(b), confidence)?;
    Some(RatioTest {
        ratio: w.difference.exp(),
        interval: Interval {
            low: w.interval.low.exp(),
            high: w.interval.high.exp(),
        },
        df: w.df,
        p: w.p,
    })
}

/// A moving-block bootstrap over `n` consecutive time blocks of one run: `resamples`
/// times, draw `n` blocks with replacement, in runs of `run_length` consecutive blocks
/// (so that dependence between neighbours is kept), and compute `statistic` of the
/// drawn blocks (given by index). The standard deviation of those statistics is the
/// standard error; its degrees of freedom are those of the n / run_length runs of
/// blocks that are close to independent, minus one (not n − 1, which would claim more
/// certainty than dependent blocks hold). `mean` is the statistic of all blocks.
/// Seeded: the same input gives the same answer.
pub fn block_bootstrap(
    n: usize,
    run_length: usize,
    resamples: usize,
    seed: u64,
    statistic: impl Fn(&[usize]) -> Option<f64>,
) -> Option<Estimate> {
    if n < 2 {
        return None;
    }
    let all: Vec<usize> = (0..n).collect();
    let point = statistic(&all)?;
    let run_length = run_length.clamp(1, n);
    let starts = n - run_length + 1;
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut values = Vec::with_capacity(resamples);
    let mut drawn: Vec<usize> = Vec::with_capacity(n + run_length);
    for _ in 0..resamples {
        drawn.clear();
        while drawn.len() < n {
            let start = rng.usize(0..starts);
            drawn.extend(start..start + run_length);
        }
        drawn.truncate(n);
        if let Some(v) = statistic(&drawn) {
            values.push(v);
        }
    }
    if values.len() < 2 {
        return None;
    }
    let (_, sd) = mean_sd(&values);
    Some(Estimate {
        n,
        mean: point,
        se: sd,
        df: ((n / run_length) as f64 - 1.0).max(1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Student's t quantiles from the published table (e.g. NIST/SEMATECH e-Handbook,
    /// 1.3.6.7.2): t_{0.975} at 1, 2, 10 and 30 degrees of freedom.
    #[test]
    fn t_quantiles_match_the_table() {
        assert!(close(t_critical(0.95, 1.0), 12.706, 1e-3));
        assert!(close(t_critical(0.95, 2.0), 4.303, 1e-3));
        assert!(close(t_critical(0.95, 10.0), 2.228, 1e-3));
        assert!(close(t_critical(0.95, 30.0), 2.042, 1e-3));
        assert!(close(t_critical(0.99, 10.0), 3.169, 1e-3));
    }

    /// Welch's test by hand: a = {1, 2, 3, 4} (mean 2.5, s² = 5/3), b = {3, 5, 7}
    /// (mean 5, s² = 4). se² = 5/12 + 4/3 = 1.75, t = 2.5 / √1.75 = 1.88982,
    /// df = 1.75² / ((5/12)²/3 + (4/3)²/2) = 3.0625 / 0.946759 = 3.23472.
    #[test]
    fn welch_by_hand() {
        let a = Estimate::of_runs(&[1.0, 2.0, 3.0, 4.0]).unwrap();
        let b = Estimate::of_runs(&[3.0, 5.0, 7.0]).unwrap();
        let w = welch(&a, &b, 0.95).unwrap();
        assert!(close(w.difference, 2.5, 1e-12));
        assert!(close(w.t, 2.5 / 1.75f64.sqrt(), 1e-9), "{}", w.t);
        assert!(
            close(w.df, 3.0625 / (25.0 / 432.0 + 16.0 / 18.0), 1e-9),
            "{}",
            w.df
        );
        // An independent implementation, scipy.stats.ttest_ind(b, a, equal_var=False)
        // (SciPy 1.x): t = 1.889822, df = 3.234719, p = 0.148471, 95% CI of the
        // difference -1.542328 .. 6.542328.
        assert!(close(w.p, 0.148471, 1e-5), "{}", w.p);
        assert!(close(w.interval.low, -1.542328, 1e-5), "{:?}", w.interval);
        assert!(close(w.interval.high, 6.542328, 1e-5), "{:?}", w.interval);
    }

    /// The ratio test by hand: a = 100 (se 2, df 4), b = 50 (se 1, df 4). On the log
    /// scale both relative errors are 0.02: se = 0.02·√2 = 0.0282843, df = 8,
    /// t(0.975, 8) = 2.306004, so ln(0.5) ± 0.0652238: exp of that is 0.468429 ..
    /// 0.533699 (checked with SciPy: exp(ln 0.5 ∓ t.ppf(0.975, 8) · 0.02√2)).
    #[test]
    fn ratio_by_hand() {
        let a = Estimate {
            n: 5,
            mean: 100.0,
            se: 2.0,
            df: 4.0,
        };
        let b = Estimate {
            n: 5,
            mean: 50.0,
            se: 1.0,
            df: 4.0,
        };
        let r = welch_ratio(&a, &b, 0.95).unwrap();
        assert!(close(r.ratio, 0.5, 1e-12));
        assert!(close(r.df, 8.0, 1e-9), "{}", r.df);
        assert!(close(r.interval.low, 0.468429, 1e-5), "{:?}", r.interval);
        assert!(close(r.interval.high, 0.533699, 1e-5), "{:?}", r.interval);
        assert!(r.p < 1e-6);
        let zero = Estimate { mean: 0.0, ..a };
        assert_eq!(welch_ratio(&zero, &b, 0.95), None);
    }

    /// A large, clear difference is significant; sides without spread cannot be
    /// tested; one run is not a sample.
    #[test]
    fn clear_differences_and_no_spread() {
        let a = Estimate::of_runs(&[100.0, 101.0, 99.0, 100.5]).unwrap();
        let b = Estimate::of_runs(&[90.0, 91.0, 89.5, 90.5]).unwrap();
        let w = welch(&a, &b, 0.95).unwrap();
        assert!(w.p < 1e-4 && w.interval.high < 0.0, "{w:?}");
        let same = Estimate::of_runs(&[5.0, 5.0]).unwrap();
        assert_eq!(welch(&same, &same, 0.95), None);
        assert_eq!(Estimate::of_runs(&[1.0]), None);
    }

    /// The interval of a mean covers the true mean at about the stated rate, over
    /// seeded normal samples of 5.
    #[test]
    fn t_intervals_cover_at_the_stated_rate() {
        let mut rng = fastrand::Rng::with_seed(7);
        let normal = |rng: &mut fastrand::Rng| {
            // Box–Muller.
            let (u, v) = (rng.f64().max(1e-12), rng.f64());
            (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
        };
        let trials = 4000;
        let covered = (0..trials)
            .filter(|_| {
                let xs: Vec<f64> = (0..5).map(|_| 10.0 + 2.0 * normal(&mut rng)).collect();
                Estimate::of_runs(&xs)
                    .unwrap()
                    .interval(0.95)
                    .contains(10.0)
            })
            .count();
        let rate = covered as f64 / trials as f64;
        assert!((0.93..=0.97).contains(&rate), "{rate}");
    }
}
