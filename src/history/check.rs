//! The CI gate of a history: does the newest segment of a metric stand worse than
//! an earlier one, beyond the noise threshold, with no later change that undid it?
//! And since when.

use serde::Serialize;

use super::analyze::SeriesAnalysis;
use super::{Record, rfc3339};
use crate::analysis::stats::{Estimate, welch_ratio};

/// A regression still in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regression {
    pub series: String,
    pub metric: &'static str,
    /// Newest segment against the last good one, in percent (`inf` from zero).
    pub change_pct: f64,
    /// Its interval (Welch's on the ratio of the segments' means), where both
    /// segments have two records or more and some spread.
    pub interval_pct: Option<(f64, f64)>,
    pub good_mean: f64,
    pub newest_mean: f64,
    #[serde(skip)]
    pub kind: super::Metric,
    /// The first bad record.
    pub since_commit: Option<String>,
    pub since_at: String,
    /// The last good one.
    pub last_good_commit: Option<String>,
    pub last_good_at: String,
}

impl Regression {
    /// "regressed by 12% (9.8–15%) since abc123 at …: the first bad record; the last
    /// good one was def456 at …".
    pub fn sentence(&self) -> String {
        let interval = self.interval_pct.map_or(String::new(), |(lo, hi)| {
            format!(
                " ({}–{})",
                crate::format::signed_pct(lo),
                crate::format::signed_pct(hi)
            )
        });
        let commit = |c: &Option<String>| c.clone().unwrap_or_else(|| "(no commit)".into());
        format!(
            "{} {}: {}{interval} ({} → {}) since {} at {}: the first bad record; the last \
             good one was {} at {}",
            self.series,
            self.metric,
            crate::format::signed_pct(self.change_pct),
            self.kind.show(self.good_mean),
            self.kind.show(self.newest_mean),
            commit(&self.since_commit),
            self.since_at,
            commit(&self.last_good_commit),
            self.last_good_at
        )
    }
}

/// The regressions in force among `analyses`: for each, the newest segment against
/// the latest earlier segment it is worse than by more than `noise_pct`; the bad
/// stretch begins right after that segment.
pub fn regressions(
    analyses: &[SeriesAnalysis],
    records: &[Record],
    noise_pct: f64,
    confidence: f64,
) -> Vec<Regression> {
    let mut out = Vec::new();
    for a in analyses {
        let Some(newest) = a.segments.last() else {
            continue;
        };
        let worse = |good: f64| -> Option<f64> {
            let change = if good == 0.0 {
                if newest.mean == 0.0 {
                    0.0
                } else {
                    f64::INFINITY * newest.mean.signum()
                }
            } else {
                (newest.mean / good - 1.0) * 100.0
            };
            let bad = if a.kind.higher_is_better() {
                change < -noise_pct
            } else {
                change > noise_pct
            };
            bad.then_some(change)
        };
        let n = a.segments.len();
        let Some((g, change)) = (0..n.saturating_sub(1))
            .rev()
            .find_map(|g| Some((g, worse(a.segments[g].mean)?)))
        else {
            continue;
        };
        let good = &a.segments[g];
        let of_series: Vec<&Record> = records.iter().filter(|r| r.new.series == a.name).collect();
        let first_bad = of_series[a.segments[g + 1].first];
        let last_good = of_series[good.last];
        let interval_pct = Estimate::of_runs(&good.values)
            .zip(Estimate::of_runs(&newest.values))
            .and_then(|(x, y)| welch_ratio(&x, &y, confidence))
            .map(|r| {
                (
                    (r.interval.low - 1.0) * 100.0,
                    (r.interval.high - 1.0) * 100.0,
                )
            });
        out.push(Regression {
            series: a.name.clone(),
            metric: a.metric,
            change_pct: change,
            interval_pct,
            good_mean: good.mean,
            newest_mean: newest.mean,
            kind: a.kind,
            since_commit: first_bad.new.commit.clone(),
            since_at: rfc3339(first_bad.new.at_ms),
            last_good_commit: last_good.new.commit.clone(),
            last_good_at: rfc3339(last_good.new.at_ms),
        });
    }
    out
}
