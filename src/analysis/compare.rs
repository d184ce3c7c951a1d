//! A candidate set of runs against a baseline set, metric by metric: each side's mean
//! with its interval, the change with its interval, whether it is significant, and a
//! verdict that needs both significance and a change beyond the noise threshold. The
//! window's table and charts and `gatebench compare` all come from here. Methods:
//! [`super::stats`] and `docs/comparing-runs.md`.

use serde::{Deserialize, Serialize};

use super::stats::{self, Estimate, Interval};
use crate::format::signed_pct;
use crate::model::{Run, TimeBlock};

/// A statistic compared between runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Metric {
    Throughput,
    Mean,
    P50,
    P90,
    P99,
}

impl Metric {
    /// The metrics a gate compares unless told otherwise.
    pub const ALL: [Metric; 5] = [
        Metric::Throughput,
        Metric::Mean,
        Metric::P50,
        Metric::P90,
        Metric::P99,
    ];

    /// The name in the JSON, with its unit.
    pub fn key(self) -> &'static str {
        match self {
            Metric::Throughput => "throughput_rps",
            Metric::Mean => "latency_mean_ms",
            Metric::P50 => "latency_p50_ms",
            Metric::P90 => "latency_p90_ms",
            Metric::P99 => "latency_p99_ms",
        }
    }

    /// The short name, as `--metric` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Throughput => "throughput",
            Metric::Mean => "mean",
            Metric::P50 => "p50",
            Metric::P90 => "p90",
            Metric::P99 => "p99",
        }
    }

    pub fn by_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == name)
    }

    pub fn unit(self) -> &'static str {
        match self {
            Metric::Throughput => "req/s",
            _ => "ms",
        }
    }

    /// Throughput should rise; latency should fall.
    pub fn higher_is_better(self) -> bool {
        self == Metric::Throughput
    }

    /// The quantile of a percentile metric.
    fn quantile(self) -> Option<f64> {
        match self {
            Metric::P50 => Some(0.5),
            Metric::P90 => Some(0.9),
            Metric::P99 => Some(0.99),
            _ => None,
        }
    }

    /// The run's value of this metric, if it has one.
    pub fn of(self, run: &Run) -> Option<f64> {
        let l = &run.latency;
        match self {
            Metric::Throughput => run.throughput_rps,
            Metric::Mean => l.mean,
            Metric::P50 => l.percentile("50"),
            Metric::P90 => l.percentile("90"),
            Metric::P99 => l.percentile("99"),
        }
    }

    /// The statistic of the time blocks at `drawn`, for the block bootstrap.
    fn of_blocks(self, blocks: &[TimeBlock], drawn: &[usize], values: &BlockValues) -> Option<f64> {
        let requests: u64 = drawn.iter().map(|&i| blocks[i].requests).sum();
        if requests == 0 {
            return None;
        }
        match self {
            Metric::Throughput => {
                let span: f64 = drawn.iter().map(|&i| blocks[i].span_s).sum();
                (span > 0.0).then(|| requests as f64 / span)
            }
            Metric::Mean => {
                let sum: f64 = drawn.iter().map(|&i| blocks[i].sum_ms).sum();
                Some(sum / requests as f64)
            }
            _ => values.quantile(drawn, self.quantile()?),
        }
    }
}

/// The confidence and noise threshold of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Of the intervals and the tests, such as 0.95.
    pub confidence: f64,
    /// A change smaller than this, in percent, is no change whatever the test says.
    pub noise_pct: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            confidence: 0.95,
            noise_pct: 2.0,
        }
    }
}

/// How a side's interval was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// From the spread of repeated runs.
    Runs,
    /// From one run's per-request samples, by block bootstrap.
    Samples,
    /// One summary: no interval.
    Single,
}

/// One side of a comparison for one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// Runs with a value of the metric.
    pub n: usize,
    pub mean: f64,
    pub interval: Option<Interval>,
    pub basis: Basis,
    estimate: Option<Estimate>,
}

/// The fewest time blocks a run needs for a bootstrap interval.
const MIN_BLOCKS: usize = 8;

/// Resamples per block bootstrap: enough for a standard error to two digits.
const RESAMPLES: usize = 1000;

impl Side {
    /// The side of `runs` for `metric`: the mean of repeats with their interval, one
    /// run's value with a bootstrap interval from its samples, or a lone value.
    pub fn of(runs: &[&Run], metric: Metric, confidence: f64) -> Option<Side> {
        let values: Vec<(f64, &Run)> = runs
            .iter()
            .filter_map(|r| metric.of(r).map(|v| (v, *r)))
            .collect();
        let (basis, estimate, mean) = match values.as_slice() {
            [] => return None,
            [(value, run)] => match bootstrap(run, metric, *value) {
                Some(e) => (Basis::Samples, Some(e), *value),
                None => (Basis::Single, None, *value),
            },
            many => {
                let xs: Vec<f64> = many.iter().map(|(v, _)| *v).collect();
                let e = Estimate::of_runs(&xs)?;
                (Basis::Runs, Some(e), e.mean)
            }
        };
        Some(Side {
            n: values.len(),
            mean,
            interval: estimate.map(|e| e.interval(confidence)),
            basis,
            estimate,
        })
    }
}

/// Computes (and keeps) the bootstrap of every metric of each run, so that later
/// comparisons of these runs, on any thread, find them done: the window calls it on
/// the thread that imported them.
pub fn prepare<'a>(runs: impl IntoIterator<Item = &'a Run>) {
    for run in runs {
        for metric in Metric::ALL {
            if let Some(value) = metric.of(run) {
                bootstrap(run, metric, value);
            }
        }
    }
}

/// A block bootstrap of `metric` over the time blocks of one run of samples.
fn bootstrap(run: &Run, metric: Metric, value: f64) -> Option<Estimate> {
    let detail = run.detail.as_ref()?;
    // Fewer blocks make too few independent runs of blocks to resample.
    if detail.blocks.len() < MIN_BLOCKS {
        return None;
    }
    let e = memo::bootstrap(detail, metric, || resample(&detail.blocks, metric))?;
    // The run's own value (from its full-precision histogram) is the estimate.
    Some(Estimate { mean: value, ..e })
}

fn resample(blocks: &[TimeBlock], metric: Metric) -> Option<Estimate> {
    let values = BlockValues::new(blocks);
    // Runs of about √n consecutive blocks keep what depends across blocks: a long
    // memory (slowly drifting latency under load) needs long runs, and a seeded
    // simulation with a correlation time of several seconds covers at about the
    // stated rate with them (tests/comparison.rs), where n^(1/3) covers too little.
    let run_length = (blocks.len() as f64).sqrt().ceil() as usize;
    let seed = 0x5eed_u64 ^ (metric as u64);
    stats::block_bootstrap(blocks.len(), run_length, RESAMPLES, seed, |drawn| {
        metric.of_blocks(blocks, drawn, &values)
    })
}

/// Bootstraps already computed: the window compares the same runs again on every
/// frame, and a run's resampling (seeded) never changes.
mod memo {
    use std::sync::{Arc, Mutex, Weak};

    use super::{Estimate, Metric};
    use crate::model::RunDetail;

    /// By run detail, held weakly: a `Weak` keeps its allocation's address from being
    /// reused, so the address identifies the run for as long as the entry lives.
    type Entry = (Weak<RunDetail>, Metric, Option<Estimate>);

    static DONE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

    /// The bootstrap of `metric` over `detail`'s blocks, computed by `compute` once.
    pub fn bootstrap(
        detail: &Arc<RunDetail>,
        metric: Metric,
        compute: impl FnOnce() -> Option<Estimate>,
    ) -> Option<Estimate> {
        let found = |entries: &[Entry]| {
            entries
                .iter()
                .find(|(w, m, _)| *m == metric && std::ptr::eq(w.as_ptr(), Arc::as_ptr(detail)))
                .map(|e| e.2)
        };
        if let Ok(entries) = DONE.lock()
            && let Some(e) = found(&entries)
        {
            return e;
        }
        // Computed without the lock: others may bootstrap other runs meanwhile.
        let e = compute();
        if let Ok(mut entries) = DONE.lock() {
            entries.retain(|(w, _, _)| w.strong_count() > 0);
            if found(&entries).is_none() {
                entries.push((Arc::downgrade(detail), metric, e));
            }
        }
        e
    }
}

/// The latency values of a run's blocks, indexed, so that a resample adds counts into
/// one array instead of sorting.
struct BlockValues {
    /// Every distinct value (µs), ascending.
    values: Vec<u64>,
    /// Per block, its (index into `values`, count).
    indexed: Vec<Vec<(usize, u64)>>,
}

impl BlockValues {
    fn new(blocks: &[TimeBlock]) -> Self {
        let mut values: Vec<u64> = blocks
            .iter()
            .flat_map(|b| b.latency.iter().map(|(v, _)| *v))
            .collect();
        values.sort_unstable();
        values.dedup();
        let indexed = blocks
            .iter()
            .map(|b| {
                b.latency
                    .iter()
                    .map(|(v, c)| (values.partition_point(|x| x < v), *c))
                    .collect()
            })
            .collect();
        BlockValues { values, indexed }
    }

    /// The latency (ms) at quantile `q` of the blocks at `drawn` together.
    fn quantile(&self, drawn: &[usize], q: f64) -> Option<f64> {
        let mut counts = vec![0u64; self.values.len()];
        let mut total = 0;
        for &b in drawn {
            for &(i, c) in &self.indexed[b] {
                counts[i] += c;
                total += c;
            }
        }
        // As HdrHistogram: the first value whose cumulative count reaches q of all.
        let wanted = ((q * total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, c) in counts.iter().enumerate() {
            seen += c;
            if seen >= wanted {
                return Some(self.values[i] as f64 / 1000.0);
            }
        }
        None
    }
}

/// Improved, regressed or no change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Improved,
    Regressed,
    NoChange,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Improved => "improved",
            Verdict::Regressed => "regressed",
            Verdict::NoChange => "no change",
        }
    }
}

/// One metric of a candidate against the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricComparison {
    pub metric: Metric,
    pub baseline: Side,
    pub candidate: Side,
    /// Candidate over baseline minus one, in percent.
    pub change_pct: f64,
    /// Its interval, when both sides have one.
    pub change_ci_pct: Option<Interval>,
    /// The two-sided p-value of Welch's test of the ratio, when a test was possible.
    pub p_value: Option<f64>,
    /// `None` when no test was possible (one summary on a side).
    pub significant: Option<bool>,
    pub verdict: Verdict,
}

impl MetricComparison {
    /// A change for the worse, in percent (0 when it is better).
    pub fn worse_pct(&self) -> f64 {
        let worse = if self.metric.higher_is_better() {
            -self.change_pct
        } else {
            self.change_pct
        };
        worse.max(0.0)
    }

    /// "+3.1% (95% CI +1.2% .. +5.0%), regressed" and the like.
    pub fn summary(&self, confidence: f64) -> String {
        let change = signed_pct(self.change_pct);
        let interval = match self.change_ci_pct {
            Some(i) => format!(
                " ({:.0}% CI {} .. {})",
                confidence * 100.0,
                signed_pct(i.low),
                signed_pct(i.high)
            ),
            None => String::new(),
        };
        let tested = match self.significant {
            None => ": no significance test possible (one summary on a side)",
            Some(true) => "",
            Some(false) => ": not significant",
        };
        format!("{change}{interval}, {}{tested}", self.verdict.word())
    }
}

/// Compares one metric of `candidate` runs against `baseline` runs.
pub fn compare_metric(
    baseline: &[&Run],
    candidate: &[&Run],
    metric: Metric,
    settings: &Settings,
) -> Option<MetricComparison> {
    let b = Side::of(baseline, metric, settings.confidence)?;
    let c = Side::of(candidate, metric, settings.confidence)?;
    if b.mean == 0.0 {
        return None;
    }
    let change_pct = (c.mean / b.mean - 1.0) * 100.0;
    let test = match (b.estimate, c.estimate) {
        (Some(eb), Some(ec)) => stats::welch_ratio(&eb, &ec, settings.confidence),
        _ => None,
    };
    // Both sides with an estimate but no spread at all: identical values, nothing
    // to test, and no change.
    let both_estimated = b.estimate.is_some() && c.estimate.is_some();
    let change_ci_pct = test.map(|r| Interval {
        low: (r.interval.low - 1.0) * 100.0,
        high: (r.interval.high - 1.0) * 100.0,
    });
    let significant = match test {
        Some(r) => Some(r.p < 1.0 - settings.confidence),
        None if both_estimated => Some(false),
        None => None,
    };
    let beyond_noise = change_pct.abs() > settings.noise_pct;
    let better = (change_pct > 0.0) == metric.higher_is_better();
    let verdict = match (significant, beyond_noise) {
        (Some(false), _) | (_, false) => Verdict::NoChange,
        (_, true) if better => Verdict::Improved,
        (_, true) => Verdict::Regressed,
    };
    Some(MetricComparison {
        metric,
        baseline: b,
        candidate: c,
        change_pct,
        change_ci_pct,
        p_value: test.map(|w| w.p),
        significant,
        verdict,
    })
}

/// Every metric asked for, and what makes the two sides hard to compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub metrics: Vec<MetricComparison>,
    pub warnings: Vec<String>,
}

/// Two sets of runs of the same thing (a build against the last, in a CI gate):
/// every metric, and everything that differs between the two setups.
pub fn compare(
    baseline: &[&Run],
    candidate: &[&Run],
    metrics: &[Metric],
    settings: &Settings,
) -> Comparison {
    comparison(baseline, candidate, metrics, settings, true)
}

/// An alternative against the baseline (a front door against the direct load
/// balancer): the same numbers, but a different target is the point of the
/// comparison, not a warning.
pub fn compare_alternatives(
    baseline: &[&Run],
    candidate: &[&Run],
    metrics: &[Metric],
    settings: &Settings,
) -> Comparison {
    comparison(baseline, candidate, metrics, settings, false)
}

fn comparison(
    baseline: &[&Run],
    candidate: &[&Run],
    metrics: &[Metric],
    settings: &Settings,
    same_target: bool,
) -> Comparison {
    Comparison {
        metrics: metrics
            .iter()
            .filter_map(|&m| compare_metric(baseline, candidate, m, settings))
            .collect(),
        warnings: warnings(baseline, candidate, same_target),
    }
}

/// What differs between the two sides that should not: tool, connections, threads,
/// run time, target (`same_target`), request rate, kind of measurement, or errors on
/// one side only.
fn warnings(baseline: &[&Run], candidate: &[&Run], same_target: bool) -> Vec<String> {
    let mut out = Vec::new();
    let distinct = |runs: &[&Run], f: &dyn Fn(&Run) -> Option<String>| -> Vec<String> {
        let mut v: Vec<String> = runs.iter().filter_map(|r| f(r)).collect();
        v.sort();
        v.dedup();
        v
    };
    let mut differ = |what: &str, f: &dyn Fn(&Run) -> Option<String>| {
        let (b, c) = (distinct(baseline, f), distinct(candidate, f));
        if !b.is_empty() && !c.is_empty() && b != c {
            out.push(format!(
                "the runs differ in {what}: {} (baseline) vs {} (candidate)",
                b.join(", "),
                c.join(", ")
            ));
        }
    };
    differ("tool", &|r| Some(r.tool.clone()));
    differ("connections", &|r| r.connections.map(|c| c.to_string()));
    differ("threads", &|r| r.threads.map(|t| t.to_string()));
    if same_target {
        differ("target", &|r| r.target.clone());
    }
    differ("kind of measurement", &|r| {
        Some(r.measurement.describe().to_owned())
    });
    let mean_of = |runs: &[&Run], f: &dyn Fn(&Run) -> Option<f64>| {
        let v: Vec<f64> = runs.iter().filter_map(|r| f(r)).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    for (what, f, limit) in [
        (
            "run time",
            &(|r: &Run| r.duration_s) as &dyn Fn(&Run) -> Option<f64>,
            0.2,
        ),
        ("request rate", &|r: &Run| r.rate_rps, 0.1),
    ] {
        if let (Some(b), Some(c)) = (mean_of(baseline, f), mean_of(candidate, f))
            && b > 0.0
            && ((c - b) / b).abs() > limit
        {
            out.push(format!(
                "the runs differ in {what} by more than {:.0}%: {:.4} (baseline) vs {:.4} (candidate)",
                limit * 100.0,
                b,
                c
            ));
        }
    }
    let errors = |runs: &[&Run]| runs.iter().map(|r| r.errors.total()).sum::<u64>();
    match (errors(baseline), errors(candidate)) {
        (0, n) if n > 0 => out.push(format!(
            "the candidate has {n} errors and the baseline none: its latency includes failures"
        )),
        (n, 0) if n > 0 => out.push(format!(
            "the baseline has {n} errors and the candidate none: its latency includes failures"
        )),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LatencySummary, Percentile};

    fn run(rps: f64, p99: f64) -> Run {
        Run {
            tool: "wrk".into(),
            throughput_rps: Some(rps),
            connections: Some(50),
            latency: LatencySummary {
                mean: Some(p99 / 2.0),
                percentiles: vec![Percentile::new("99", p99)],
                ..LatencySummary::default()
            },
            ..Run::default()
        }
    }

    fn refs(runs: &[Run]) -> Vec<&Run> {
        runs.iter().collect()
    }

    #[test]
    fn a_clear_regression_of_repeats_is_significant() {
        let base = [run(1000.0, 10.0), run(1010.0, 10.2), run(990.0, 9.9)];
        let cand = [run(900.0, 12.0), run(905.0, 12.1), run(895.0, 11.9)];
        let s = Settings::default();
        let t = compare_metric(&refs(&base), &refs(&cand), Metric::Throughput, &s).unwrap();
        assert!((t.change_pct - -10.0).abs() < 1e-9);
        assert_eq!(t.significant, Some(true));
        assert_eq!(t.verdict, Verdict::Regressed);
        let ci = t.change_ci_pct.unwrap();
        assert!(ci.high < 0.0 && ci.contains(-10.0), "{ci:?}");
        assert_eq!(t.baseline.basis, Basis::Runs);
        let p99 = compare_metric(&refs(&base), &refs(&cand), Metric::P99, &s).unwrap();
        assert_eq!(p99.verdict, Verdict::Regressed, "latency up is worse");
        assert!((p99.worse_pct() - p99.change_pct).abs() < 1e-12);
    }

    /// A difference inside the noise threshold is no change, however significant;
    /// a large difference that the spread does not support is no change either.
    #[test]
    fn verdicts_need_significance_and_a_change_beyond_the_noise() {
        let s = Settings::default();
        let base = [run(1000.0, 10.0), run(1000.2, 10.0), run(999.8, 10.0)];
        let small = [run(990.0, 10.0), run(990.2, 10.0), run(989.8, 10.0)];
        let c = compare_metric(&refs(&base), &refs(&small), Metric::Throughput, &s).unwrap();
        assert_eq!(c.significant, Some(true));
        assert_eq!(c.verdict, Verdict::NoChange, "1% is inside the 2% noise");
        let noisy = [run(600.0, 10.0), run(1400.0, 10.0), run(700.0, 10.0)];
        let c = compare_metric(&refs(&base), &refs(&noisy), Metric::Throughput, &s).unwrap();
        assert_eq!(c.significant, Some(false));
        assert_eq!(c.verdict, Verdict::NoChange);
    }

    /// One summary a side: no test, judged against the noise alone, and said so.
    #[test]
    fn one_summary_each_is_untested() {
        let s = Settings::default();
        let c = compare_metric(
            &[&run(1000.0, 10.0)],
            &[&run(800.0, 10.0)],
            Metric::Throughput,
            &s,
        )
        .unwrap();
        assert_eq!(c.significant, None);
        assert_eq!(c.change_ci_pct, None);
        assert_eq!(c.verdict, Verdict::Regressed);
        assert_eq!(c.baseline.basis, Basis::Single);
        assert!(c.summary(0.95).contains("no significance test possible"));
    }

    #[test]
    fn warnings_name_what_differs() {
        let a = run(1.0, 1.0);
        let mut b = run(1.0, 1.0);
        b.tool = "hey".into();
        b.connections = Some(10);
        b.errors.timeout = 3;
        let w = warnings(&[&a], &[&b], true);
        assert!(
            w.iter().any(|w| w.contains("tool: wrk (baseline) vs hey")),
            "{w:?}"
        );
        assert!(w.iter().any(|w| w.contains("connections")), "{w:?}");
        assert!(
            w.iter()
                .any(|w| w.contains("3 errors and the baseline none")),
            "{w:?}"
        );
        assert!(warnings(&[&a], &[&a], true).is_empty());
    }
}
