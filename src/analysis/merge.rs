//! One run from several load generators that ran the same test at the same time.
//! Throughput adds; latency comes from the merged histograms, never from averaging
//! percentiles. Runs that carry only a percentile summary cannot be merged; runs
//! whose histogram was rebuilt from a percentile table (wrk2's spectrum) merge, and
//! the merged run is labelled approximate.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::{Run, RunDetail, SeriesPoint};
use crate::samples::summary_of;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MergeError {
    #[error("nothing to merge")]
    Empty,
    #[error(
        "cannot merge {label} ({tool}, from {file}): it has only a percentile summary, and \
         percentiles cannot be averaged; merge per-request files instead (JMeter JTL, \
         hey -o csv, ab -g)"
    )]
    NoSamples {
        label: String,
        tool: String,
        file: String,
    },
}

fn common<T: PartialEq + Clone>(mut values: impl Iterator<Item = T>) -> Option<T> {
    let first = values.next()?;
    values.all(|v| v == first).then_some(first)
}

fn joined(runs: &[Run], f: impl Fn(&Run) -> &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for r in runs {
        if !out.contains(&f(r)) {
            out.push(f(r));
        }
    }
    out.join(" + ")
}

/// The label without the ` (2)` a second file's run of the same name gets.
fn base_label(label: &str) -> &str {
    match label.rsplit_once(" (") {
        Some((base, n)) if n.trim_end_matches(')').parse::<u32>().is_ok() => base,
        _ => label,
    }
}

/// The runs of several load generators' files merged: label by label when every file
/// holds several runs (JTL labels, hlog tags, vegeta attacks), else all into one.
pub fn merge_generators(runs: &[Run]) -> Result<Vec<Run>, MergeError> {
    let mut per_file: Vec<(&str, usize)> = Vec::new();
    for r in runs {
        match per_file.iter_mut().find(|(s, _)| *s == r.source) {
            Some((_, n)) => *n += 1,
            None => per_file.push((&r.source, 1)),
        }
    }
    if per_file.len() < 2 || per_file.iter().any(|(_, n)| *n < 2) {
        return merge(runs).map(|one| vec![one]);
    }
    let mut labels: Vec<&str> = Vec::new();
    for r in runs {
        if !labels.contains(&base_label(&r.label)) {
            labels.push(base_label(&r.label));
        }
    }
    labels
        .into_iter()
        .map(|label| {
            let same: Vec<Run> = runs
                .iter()
                .filter(|r| base_label(&r.label) == label)
                .cloned()
                .collect();
            merge(&same)
        })
        .collect()
}

/// Merges `runs` into one.
pub fn merge(runs: &[Run]) -> Result<Run, MergeError> {
    let details: Vec<&Arc<RunDetail>> = runs
        .iter()
        .map(|r| {
            r.detail
                .as_ref()
                .filter(|d| d.count > 0)
                .ok_or_else(|| MergeError::NoSamples {
                    label: r.label.clone(),
                    tool: r.tool.clone(),
                    file: r.source.clone(),
                })
        })
        .collect::<Result<_, _>>()?;
    let first = details.first().ok_or(MergeError::Empty)?;
    let mut histogram = first.histogram.clone();
    for d in &details[1..] {
        // Same bounds and precision everywhere (samples::latency_histogram).
        let _ = histogram.add(&d.histogram);
    }
    let epoch = details.iter().all(|d| d.epoch);
    let step_s = details.iter().map(|d| d.step_s).max().unwrap_or(1).max(1);
    let mut seconds: BTreeMap<i64, (u64, u64)> = BTreeMap::new();
    for d in &details {
        let base = d.series.first().map_or(0, |p| p.second);
        for p in &d.series {
            // Unix seconds line up as they are; offsets line up from each run's start.
            let second = if epoch { p.second } else { p.second - base };
            let key = second.div_euclid(step_s) * step_s;
            let e = seconds.entry(key).or_default();
            e.0 += p.requests;
            e.1 += p.errors;
        }
    }
    let detail = RunDetail {
        histogram,
        count: details.iter().map(|d| d.count).sum(),
        sum_ms: details.iter().map(|d| d.sum_ms).sum(),
        sum_sq_ms: details.iter().map(|d| d.sum_sq_ms).sum(),
        // Per-second percentiles are not kept per run; the merged series has counts.
        series: seconds
            .into_iter()
            .map(|(second, (requests, errors))| SeriesPoint {
                second,
                requests,
                errors,
                p50_ms: None,
                p99_ms: None,
            })
            .collect(),
        step_s,
        epoch,
        blocks: Vec::new(),
        rebuilt: details.iter().any(|d| d.rebuilt),
    };
    let min = runs
        .iter()
        .filter_map(|r| r.latency.min)
        .fold(f64::INFINITY, f64::min);
    let max = runs
        .iter()
        .filter_map(|r| r.latency.max)
        .fold(f64::NEG_INFINITY, f64::max);
    let sum_opt = |f: &dyn Fn(&Run) -> Option<f64>| -> Option<f64> {
        runs.iter().map(f).sum::<Option<f64>>()
    };
    let integration = common(runs.iter().map(|r| r.integration.clone())).flatten();
    let memory_mb = common(runs.iter().map(|r| r.memory_mb)).flatten();
    // Still a guess if any part's was.
    let inferred_from = runs
        .iter()
        .find_map(|r| r.inferred_from)
        .filter(|_| integration.is_some() || memory_mb.is_some());
    Ok(Run {
        source: joined(runs, |r| &r.source),
        tool: joined(runs, |r| &r.tool),
        // A histogram rebuilt from a percentile table holds only at the table's
        // resolution: say so where the merged run is named.
        label: if detail.rebuilt {
            format!("{} (merged {}, approximate)", runs[0].label, runs.len())
        } else {
            format!("{} (merged {})", runs[0].label, runs.len())
        },
        integration,
        memory_mb,
        inferred_from,
        // What one tool printed of one run does not add up across runs.
        tool_metrics: Vec::new(),
        wall_clock: runs
            .iter()
            .filter_map(|r| r.wall_clock)
            .reduce(crate::model::server::LogWindow::union),
        paired: runs.iter().flat_map(|r| r.paired.iter().cloned()).collect(),
        duration_s: runs.iter().filter_map(|r| r.duration_s).reduce(f64::max),
        connections: runs.iter().map(|r| r.connections).sum(),
        threads: runs.iter().map(|r| r.threads).sum(),
        requests: runs.iter().map(|r| r.requests).sum(),
        throughput_rps: sum_opt(&|r| r.throughput_rps),
        transfer_bytes_per_s: sum_opt(&|r| r.transfer_bytes_per_s),
        bytes_read: sum_opt(&|r| r.bytes_read),
        latency: summary_of(&detail, min, max),
        errors: runs
            .iter()
            .fold(Default::default(), |acc, r| r.errors.plus(&acc)),
        group: common(runs.iter().map(|r| r.group.clone())).flatten(),
        target: common(runs.iter().map(|r| r.target.clone())).flatten(),
        rate_rps: sum_opt(&|r| r.rate_rps),
        measurement: common(runs.iter().map(|r| r.measurement)).unwrap_or_default(),
        latency_uncorrected: None,
        invocation_cost_usd: None,
        server: crate::model::server::ServerSide::merged(runs.iter().map(|r| r.server.as_deref()))
            .map(Box::new),
        merged_from: Some(runs.iter().map(|r| r.label.clone()).collect()),
        merged_requests: Some(runs.iter().map(|r| r.requests.unwrap_or(0)).collect()),
        sweep: common(runs.iter().map(|r| r.sweep.clone())).flatten(),
        // Each part settled at its own time.
        steady_state: None,
        window: None,
        // What reading each part warned about stays with the merge.
        warnings: runs
            .iter()
            .flat_map(|r| r.warnings.iter().cloned())
            .collect(),
        detail: Some(Arc::new(detail)),
    })
}

/// One part's share of a merged run's requests.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub label: String,
    pub requests: u64,
    pub pct: f64,
    /// Below [`FAR_BELOW`] of the median of the other parts': a load generator
    /// that sent this much less than its peers may have saturated itself.
    pub far_below: bool,
}

/// A part is far below its peers under this fraction of their median.
pub const FAR_BELOW: f64 = 0.75;

/// The share of each part of a merged run; empty for a run not merged.
pub fn shares(run: &Run) -> Vec<Share> {
    let (Some(labels), Some(requests)) = (&run.merged_from, &run.merged_requests) else {
        return Vec::new();
    };
    let total: u64 = requests.iter().sum();
    labels
        .iter()
        .zip(requests)
        .enumerate()
        .map(|(i, (label, &n))| {
            let mut others: Vec<u64> = requests
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, &r)| r)
                .collect();
            others.sort_unstable();
            let median = match others.len() {
                0 => None,
                k if k % 2 == 1 => Some(others[k / 2] as f64),
                k => Some((others[k / 2 - 1] + others[k / 2]) as f64 / 2.0),
            };
            Share {
                label: label.clone(),
                requests: n,
                pct: if total > 0 {
                    n as f64 * 100.0 / total as f64
                } else {
                    0.0
                },
                far_below: median.is_some_and(|m| (n as f64) < FAR_BELOW * m),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::{Outcome, RunAccumulator, RunMeta};

    fn run(label: &str, samples: impl Iterator<Item = (f64, f64)>) -> Run {
        let mut acc = RunAccumulator::default();
        for (t, ms) in samples {
            acc.add(t, ms, Outcome::Ok, 0);
        }
        acc.finish(RunMeta {
            source: format!("{label}.csv"),
            tool: "hey".into(),
            label: label.into(),
            integration: Some("elb-direct".into()),
            memory_mb: None,
            connections: Some(10),
            threads: None,
            epoch: false,
            measurement: crate::model::Measurement::Unknown,
        })
        .unwrap()
    }

    /// Two generators, one fast and one slow: the merged p50 comes from all samples,
    /// not from the mean of the two p50s.
    #[test]
    fn percentiles_come_from_the_merged_samples() {
        let fast = run("gen-a", (0..900).map(|i| (i as f64 / 100.0, 1.0)));
        let slow = run("gen-b", (0..100).map(|i| (i as f64 / 10.0, 100.0)));
        let merged = merge(&[fast.clone(), slow.clone()]).unwrap();
        assert_eq!(merged.requests, Some(1000));
        assert_eq!(
            merged.throughput_rps.unwrap(),
            fast.throughput_rps.unwrap() + slow.throughput_rps.unwrap()
        );
        assert_eq!(merged.connections, Some(20));
        assert_eq!(merged.integration.as_deref(), Some("elb-direct"));
        let p50 = merged.latency.percentile("50").unwrap();
        assert!(
            (p50 - 1.0).abs() < 0.01,
            "{p50}: the average of the p50s would be 50.5"
        );
        let p99 = merged.latency.percentile("99").unwrap();
        assert!((p99 - 100.0).abs() < 0.1, "{p99}");
        assert!((merged.latency.mean.unwrap() - (900.0 + 10_000.0) / 1000.0).abs() < 1e-9);
        assert_eq!(merged.label, "gen-a (merged 2)");
    }

    #[test]
    fn summaries_are_refused() {
        let mut summary = run("wrk-run", (0..10).map(|i| (i as f64, 1.0)));
        summary.detail = None;
        summary.tool = "wrk".into();
        let e = merge(&[summary]).unwrap_err();
        assert!(e.to_string().contains("cannot merge wrk-run (wrk"), "{e}");
        assert_eq!(merge(&[]).unwrap_err(), MergeError::Empty);
    }

    /// Shares by hand: 900 + 100 requests are 90% and 10%; 100 is below 75% of
    /// the other's 900, 900 is not below 75% of 100.
    #[test]
    fn shares_flag_a_part_far_below_the_others() {
        let a = run("gen-a", (0..900).map(|i| (i as f64 / 100.0, 1.0)));
        let b = run("gen-b", (0..100).map(|i| (i as f64 / 10.0, 1.0)));
        let c = run("gen-c", (0..850).map(|i| (i as f64 / 100.0, 1.0)));
        let s = shares(&merge(&[a.clone(), b.clone()]).unwrap());
        assert_eq!((s[0].pct, s[0].far_below), (90.0, false));
        assert_eq!((s[1].pct, s[1].far_below), (10.0, true));
        // Three: the median of the others decides (c: 850 vs median(900, 100) = 500).
        let s = shares(&merge(&[a.clone(), b, c]).unwrap());
        assert_eq!(
            s.iter().map(|s| s.far_below).collect::<Vec<_>>(),
            [false, true, false]
        );
        assert!(shares(&a).is_empty());
    }

    /// Histograms rebuilt from a percentile table merge, marked approximate.
    #[test]
    fn rebuilt_histograms_merge_as_approximate() {
        let exact = run("gen-a", (0..10).map(|i| (i as f64, 1.0)));
        let mut rebuilt = run("gen-b", (0..10).map(|i| (i as f64, 2.0)));
        let mut detail = (**rebuilt.detail.as_ref().unwrap()).clone();
        detail.rebuilt = true;
        rebuilt.detail = Some(Arc::new(detail));
        let merged = merge(&[exact.clone(), rebuilt]).unwrap();
        assert_eq!(merged.label, "gen-a (merged 2, approximate)");
        assert!(merged.detail.as_ref().unwrap().rebuilt);
        assert_eq!(
            merge(&[exact.clone(), exact]).unwrap().label,
            "gen-a (merged 2)"
        );
    }
}
