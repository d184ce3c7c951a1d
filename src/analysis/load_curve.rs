//! Each door's load curve and its knee: the sweep value after which throughput stops
//! growing in proportion to the load, or p99 rises beyond a threshold, decided by
//! the intervals of the rounds (`docs/load-curves.md` gives the rule and its
//! sources).

use super::compare::{self, Metric, MetricComparison, Settings, Side};
use super::sweep::{self, Door};
use crate::model::Run;

/// A mean and its interval, where the runs give one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub mean: f64,
    pub interval: Option<(f64, f64)>,
}

impl Summary {
    fn of(runs: &[&Run], metric: Metric, settings: &Settings) -> Option<Summary> {
        let side = Side::of(runs, metric, settings.confidence)?;
        Some(Summary {
            mean: side.mean,
            interval: side.interval.map(|i| (i.low, i.high)),
        })
    }
}

/// One sweep value of one door: its runs (repeats) summarized with intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct CurvePoint {
    /// The offered load: the sweep's value (connections, rate ...).
    pub offered: f64,
    pub runs: usize,
    pub throughput: Option<Summary>,
    pub p50: Option<Summary>,
    pub p99: Option<Summary>,
}

/// The rule's two thresholds (`docs/load-curves.md`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KneeRule {
    /// A step scales while its throughput grows by at least this share of the load's
    /// growth (1 is in proportion).
    pub min_efficiency: f64,
    /// A step whose p99 rises by more than this, in percent, is past the knee.
    pub max_p99_rise_pct: f64,
}

impl Default for KneeRule {
    fn default() -> Self {
        KneeRule {
            min_efficiency: 0.75,
            max_p99_rise_pct: 50.0,
        }
    }
}

/// How a step from one sweep value to the next went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepVerdict {
    /// Throughput kept up with the load and p99 held.
    Scales,
    /// The intervals put it past a threshold.
    Knee,
    /// The estimate is past a threshold, but its interval reaches back across it.
    Undecided,
}

/// One step of a curve: from one sweep value to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub from: f64,
    pub to: f64,
    /// The throughput at `to` against `from`.
    pub throughput: MetricComparison,
    pub p99: Option<MetricComparison>,
    /// The throughput's growth as a share of the load's; with its interval.
    pub efficiency: f64,
    pub efficiency_interval: Option<(f64, f64)>,
    /// Whether throughput fell short of the rule (surely, or by its estimate alone).
    pub short_of_load: bool,
    /// Whether p99 rose beyond the rule.
    pub p99_rose: bool,
    pub verdict: StepVerdict,
}

impl Step {
    /// The load's growth: 2 for 100 → 200.
    pub fn load_factor(&self) -> f64 {
        self.to / self.from
    }
}

/// A door's curve and its knee.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub door: String,
    /// The index of its first run, for its colour.
    pub first_run: usize,
    pub points: Vec<CurvePoint>,
    pub steps: Vec<Step>,
    /// The first step past the knee, by index into `steps`.
    pub knee: Option<usize>,
}

impl Curve {
    pub fn knee_step(&self) -> Option<&Step> {
        self.knee.and_then(|k| self.steps.get(k))
    }
}

/// Every door's curve of the runs' sweep, with the swept key; `None` without one.
pub fn curves(runs: &[Run], settings: &Settings, rule: &KneeRule) -> Option<(String, Vec<Curve>)> {
    let (key, doors) = sweep::doors(runs)?;
    let curves = doors
        .iter()
        .map(|d| curve(runs, d, settings, rule))
        .collect();
    Some((key, curves))
}

fn curve(runs: &[Run], door: &Door, settings: &Settings, rule: &KneeRule) -> Curve {
    let points = door
        .cells
        .iter()
        .map(|c| {
            let of = c.of(runs);
            CurvePoint {
                offered: c.value,
                runs: of.len(),
                throughput: Summary::of(&of, Metric::Throughput, settings),
                p50: Summary::of(&of, Metric::P50, settings),
                p99: Summary::of(&of, Metric::P99, settings),
            }
        })
        .collect();
    let steps: Vec<Step> = door
        .cells
        .windows(2)
        .filter(|w| w[0].value > 0.0 && w[1].value > w[0].value)
        .filter_map(|w| {
            step(
                &w[0].of(runs),
                &w[1].of(runs),
                w[0].value,
                w[1].value,
                settings,
                rule,
            )
        })
        .collect();
    let knee = steps.iter().position(|s| s.verdict == StepVerdict::Knee);
    Curve {
        door: door.name.clone(),
        first_run: door.first_run,
        points,
        steps,
        knee,
    }
}

/// The step from the runs at `from` to those at `to`.
fn step(
    at_from: &[&Run],
    at_to: &[&Run],
    from: f64,
    to: f64,
    settings: &Settings,
    rule: &KneeRule,
) -> Option<Step> {
    let throughput = compare::compare_metric(at_from, at_to, Metric::Throughput, settings)?;
    let p99 = compare::compare_metric(at_from, at_to, Metric::P99, settings);
    let load_growth = to / from - 1.0;
    let efficiency_of = |change_pct: f64| change_pct / 100.0 / load_growth;
    let efficiency = efficiency_of(throughput.change_pct);
    let efficiency_interval = throughput
        .change_ci_pct
        .map(|i| (efficiency_of(i.low), efficiency_of(i.high)));
    // Surely short: even the interval's top is below the rule; by estimate alone
    // where there is no interval (one summary a side).
    let short_of_load = efficiency < rule.min_efficiency;
    let surely_short = match efficiency_interval {
        Some((_, high)) => high < rule.min_efficiency,
        None => short_of_load,
    };
    let p99_rose = p99
        .as_ref()
        .is_some_and(|p| p.change_pct > rule.max_p99_rise_pct);
    let surely_rose = p99.as_ref().is_some_and(|p| match p.change_ci_pct {
        Some(i) => i.low > rule.max_p99_rise_pct,
        None => p.change_pct > rule.max_p99_rise_pct,
    });
    let verdict = if surely_short || surely_rose {
        StepVerdict::Knee
    } else if short_of_load || p99_rose {
        StepVerdict::Undecided
    } else {
        StepVerdict::Scales
    };
    Some(Step {
        from,
        to,
        throughput,
        p99,
        efficiency,
        efficiency_interval,
        short_of_load,
        p99_rose,
        verdict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sweep::tests::swept;

    /// Three rounds a cell: `rps` and `p99` at each load, spread by ±1%.
    fn rounds(door: &str, cells: &[(f64, f64, f64)]) -> Vec<Run> {
        cells
            .iter()
            .flat_map(|&(c, rps, p99)| [0.99, 1.0, 1.01].map(|k| swept(door, c, rps * k, p99 * k)))
            .collect()
    }

    /// Scales in proportion to 200 (1,000 → 2,000 → 4,000 req/s, p99 held at
    /// 10 ms), then +10% for twice the load: efficiency 0.1, far below 0.75 with an
    /// interval of a few percent, so the knee is between 200 and 400.
    #[test]
    fn a_known_knee() {
        let runs = rounds(
            "door",
            &[
                (50.0, 1000.0, 10.0),
                (100.0, 2000.0, 10.0),
                (200.0, 4000.0, 10.0),
                (400.0, 4400.0, 19.0),
            ],
        );
        let (key, curves) = curves(&runs, &Settings::default(), &KneeRule::default()).unwrap();
        assert_eq!(key, "connections");
        let c = &curves[0];
        assert_eq!(c.steps.len(), 3);
        assert_eq!(c.steps[0].verdict, StepVerdict::Scales);
        assert!((c.steps[0].efficiency - 1.0).abs() < 1e-9);
        let knee = c.knee_step().unwrap();
        assert_eq!((knee.from, knee.to), (200.0, 400.0));
        assert!((knee.efficiency - 0.1).abs() < 1e-9);
        let (lo, hi) = knee.efficiency_interval.unwrap();
        assert!(lo < 0.1 && hi > 0.1 && hi < 0.75, "{lo} {hi}");
        assert!(knee.p99_rose, "p99 +90%");
    }

    /// Throughput in proportion to the load all the way: no knee.
    #[test]
    fn no_knee_within_the_sweep() {
        let runs = rounds(
            "door",
            &[(10.0, 100.0, 5.0), (20.0, 200.0, 5.0), (40.0, 400.0, 5.1)],
        );
        let (_, curves) = curves(&runs, &Settings::default(), &KneeRule::default()).unwrap();
        assert!(curves[0].knee.is_none());
        assert!(
            curves[0]
                .steps
                .iter()
                .all(|s| s.verdict == StepVerdict::Scales)
        );
    }

    /// A p99 that doubles while throughput keeps up is a knee too.
    #[test]
    fn p99_alone_makes_a_knee() {
        let runs = rounds("door", &[(10.0, 100.0, 5.0), (20.0, 195.0, 11.0)]);
        let (_, curves) = curves(&runs, &Settings::default(), &KneeRule::default()).unwrap();
        let s = &curves[0].steps[0];
        assert!(!s.short_of_load && s.p99_rose);
        assert_eq!(s.verdict, StepVerdict::Knee);
    }

    /// Noisy rounds whose estimate falls short but whose interval reaches back above
    /// the rule decide nothing: undecided, and no knee is named from them.
    #[test]
    fn wide_intervals_leave_it_undecided() {
        let mut runs = Vec::new();
        for (c, spread) in [
            (100.0, [600.0, 1000.0, 1400.0]),
            (200.0, [900.0, 1500.0, 2100.0]),
        ] {
            for rps in spread {
                runs.push(swept("door", c, rps, 10.0));
            }
        }
        let (_, curves) = curves(&runs, &Settings::default(), &KneeRule::default()).unwrap();
        let s = &curves[0].steps[0];
        assert!((s.efficiency - 0.5).abs() < 1e-9);
        assert_eq!(s.verdict, StepVerdict::Undecided);
        assert!(curves[0].knee.is_none());
    }
}
