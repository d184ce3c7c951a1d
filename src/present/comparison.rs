//! Each group of runs against the baseline's group, in words: "apigw-http-proxy: 44%
//! (43–45%) of elb-direct, n = 3 vs 3 (regressed)". The sentence comes from the same
//! comparison (`analysis::compare`) as `gatebench compare`.

use crate::analysis::compare::{self, Metric, MetricComparison, Settings};
use crate::analysis::repeats::{self, Group};
use crate::format;
use crate::model::Run;

/// "(regressed)", "(no change)", or "(regressed; not tested: one summary each)".
fn verdict_note(c: &MetricComparison) -> String {
    match c.significant {
        None => format!("({}; not tested: one summary on a side)", c.verdict.word()),
        Some(_) => format!("({})", c.verdict.word()),
    }
}

/// The throughput of `group` as a share of the baseline group's, in words.
pub fn sentence(runs: &[Run], group: &Group, base: &Group, settings: &Settings) -> String {
    let (members, base_runs) = (group.runs(runs), base.runs(runs));
    let Some(c) = compare::compare_metric(&base_runs, &members, Metric::Throughput, settings)
    else {
        // The group itself, or else the baseline, lacks a throughput to compare.
        let lacking = if members.iter().all(|r| r.throughput_rps.is_none()) {
            group
        } else {
            base
        };
        return format!(
            "{}: no comparison ({} has no throughput)",
            group.key, lacking.key
        );
    };
    let share = format::share(c.change_pct, c.change_ci_pct.map(|i| (i.low, i.high)));
    let n = if group.n() > 1 || base.n() > 1 {
        format!(", n = {} vs {}", c.candidate.n, c.baseline.n)
    } else {
        String::new()
    };
    format!(
        "{}: {share} of {}{n} {}",
        group.key,
        base.key,
        verdict_note(&c)
    )
}

/// The sentence of every group but the baseline's own, in load order.
pub fn sentences(runs: &[Run], baseline: usize, settings: &Settings) -> Vec<String> {
    let groups = repeats::groups(runs);
    let Some(b) = repeats::group_of(&groups, baseline) else {
        return Vec::new();
    };
    groups
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != b)
        .map(|(_, g)| sentence(runs, g, &groups[b], settings))
        .collect()
}

/// Every metric of a comparison, one line each: "p99: +12.3% (95% CI ...), regressed".
pub fn metric_lines(c: &compare::Comparison, settings: &Settings) -> Vec<String> {
    let mut lines: Vec<String> = c
        .metrics
        .iter()
        .map(|m| format!("{}: {}", m.metric.name(), m.summary(settings.confidence)))
        .collect();
    lines.extend(c.warnings.iter().map(|w| format!("warning: {w}")));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(label: &str, integration: &str, rps: Option<f64>) -> Run {
        Run {
            label: label.into(),
            integration: Some(integration.into()),
            throughput_rps: rps,
            ..Run::default()
        }
    }

    #[test]
    fn share_of_the_baseline_in_words() {
        let s = Settings::default();
        let runs = [
            run("direct", "elb-direct", Some(1000.0)),
            run("proxy", "apigw-http-proxy", Some(220.0)),
            run("dist", "dist", None),
        ];
        assert_eq!(
            sentences(&runs, 0, &s),
            [
                "apigw-http-proxy: 22% of elb-direct (regressed; not tested: one summary on a side)",
                "dist: no comparison (dist has no throughput)",
            ]
        );
    }

    /// Repeats give the share an interval, n on each side and a tested verdict.
    #[test]
    fn repeats_carry_their_interval() {
        let s = Settings::default();
        let runs = [
            run("d1", "elb-direct", Some(1000.0)),
            run("d2", "elb-direct", Some(1010.0)),
            run("d3", "elb-direct", Some(990.0)),
            run("p1", "apigw-http-proxy", Some(440.0)),
            run("p2", "apigw-http-proxy", Some(445.0)),
            run("p3", "apigw-http-proxy", Some(435.0)),
        ];
        let text = &sentences(&runs, 0, &s)[0];
        assert!(text.starts_with("apigw-http-proxy: 44% ("), "{text}");
        assert!(
            text.ends_with("of elb-direct, n = 3 vs 3 (regressed)"),
            "{text}"
        );
    }
}
