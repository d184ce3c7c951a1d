//! Alternatives against the baseline, in words. Integrations are compared with a
//! baseline to see how they differ, not whether they regressed: "apigw-http-proxy:
//! 47% (46–48%) of elb-direct's throughput, p99 2.2x (2.1–2.4x), n = 3 vs 3: lower
//! throughput, slower p99". The words are higher, lower, faster, slower or alike,
//! never "regressed", and a different target is the point, not a warning. The
//! regression vocabulary stays with two runs of the same thing (`gatebench
//! compare`). The numbers come from the same comparison (`analysis::compare`).

use crate::analysis::compare::{self, Comparison, Metric, MetricComparison, Settings, Verdict};
use crate::analysis::reference::{Against, References};
use crate::analysis::repeats::{self, Group};
use crate::analysis::sweep;
use crate::format;
use crate::model::Run;

/// How an alternative differs on one metric: "higher throughput", "slower p99",
/// "p99 alike (not significant)", with a note when no test was possible.
pub fn difference(m: &MetricComparison) -> String {
    let name = metric_name(m.metric);
    let word = match (m.verdict, m.metric.higher_is_better()) {
        (Verdict::NoChange, _) => None,
        (Verdict::Improved, true) => Some("higher"),
        (Verdict::Regressed, true) => Some("lower"),
        (Verdict::Improved, false) => Some("faster"),
        (Verdict::Regressed, false) => Some("slower"),
    };
    match (word, m.significant) {
        (Some(w), None) => format!("{w} {name} (not tested: one summary on a side)"),
        (None, None) => format!("{name} alike (not tested: one summary on a side)"),
        (Some(w), Some(_)) => format!("{w} {name}"),
        (None, Some(false)) => format!("{name} alike (not significant)"),
        (None, Some(true)) => format!("{name} alike (within the noise threshold)"),
    }
}

/// The short word of the runs table's column: "higher", "lower", "alike", for
/// throughput.
pub fn difference_word(m: &MetricComparison) -> &'static str {
    match (m.verdict, m.metric.higher_is_better()) {
        (Verdict::NoChange, _) => "alike",
        (Verdict::Improved, true) => "higher",
        (Verdict::Regressed, true) => "lower",
        (Verdict::Improved, false) => "faster",
        (Verdict::Regressed, false) => "slower",
    }
}

fn metric_name(metric: Metric) -> &'static str {
    match metric {
        Metric::Throughput => "throughput",
        Metric::Mean => "mean latency",
        Metric::P50 => "p50",
        Metric::P90 => "p90",
        Metric::P99 => "p99",
    }
}

/// The candidate against the baseline as a number: throughput as a share ("47%
/// (46–48%)"), latency as a factor ("2.2x (2.1–2.4x)").
pub fn relative(m: &MetricComparison) -> String {
    let interval = m.change_ci_pct.map(|i| (i.low, i.high));
    if m.metric == Metric::Throughput {
        format::share(m.change_pct, interval)
    } else {
        format::factor_of(m.change_pct, interval)
    }
}

/// A group and the name a sentence gives it ("apigw-http-proxy at c=400").
type Named<'a> = (&'a Group, &'a str);

/// `group` against the baseline's group in words, each side under the name given.
fn sentence_named(runs: &[Run], group: Named<'_>, base: Named<'_>, settings: &Settings) -> String {
    let ((group, name), (base, base_name)) = (group, base);
    let (members, base_runs) = (group.runs(runs), base.runs(runs));
    let metrics = [Metric::Throughput, Metric::P99];
    let c = compare::compare_alternatives(&base_runs, &members, &metrics, settings);
    let Some(t) = c.metrics.iter().find(|m| m.metric == Metric::Throughput) else {
        // The group itself, or else the baseline, lacks a throughput to compare.
        let lacking = if members.iter().all(|r| r.throughput_rps.is_none()) {
            name
        } else {
            base_name
        };
        return format!("{name}: no comparison ({lacking} has no throughput)");
    };
    let p99 = c.metrics.iter().find(|m| m.metric == Metric::P99);
    let mut text = format!("{name}: {} of {base_name}'s throughput", relative(t));
    if let Some(p) = p99 {
        text += &format!(", p99 {}", relative(p));
    }
    if group.n() > 1 || base.n() > 1 {
        text += &format!(", n = {} vs {}", t.candidate.n, t.baseline.n);
    }
    let differences: Vec<String> = [Some(t), p99]
        .into_iter()
        .flatten()
        .map(difference)
        .collect();
    format!("{text}: {}", differences.join(", "))
}

/// How a sentence names group `i`: in a sweep, its door at its sweep value
/// ("apigw-http-proxy at c=400"); else its key.
pub fn group_name(runs: &[Run], groups: &[Group], i: usize, refs: &References) -> String {
    let g = &groups[i];
    let Some((_, key)) = &refs.door else {
        return g.key.clone();
    };
    let first = g.members.first().and_then(|&r| runs.get(r));
    match first.and_then(|r| Some((r, sweep::swept_by(r, key)?))) {
        Some((r, s)) => format!("{} at {}", sweep::door_name(r), s.short()),
        None => g.key.clone(),
    }
}

/// The sentence of group `i` against what it is compared with (`None` for the
/// baseline's own): "… of elb-direct at c=400's throughput …", or why it is not
/// compared.
pub fn group_sentence(
    runs: &[Run],
    groups: &[Group],
    refs: &References,
    i: usize,
    settings: &Settings,
) -> Option<String> {
    if crate::analysis::reference::paired_logs(runs, &groups[i]) {
        return None;
    }
    let name = group_name(runs, groups, i, refs);
    match refs.against.get(i)? {
        Against::Itself => None,
        Against::Nothing(why) => Some(format!("{name}: not compared ({why})")),
        Against::Group(b) => {
            let base_name = group_name(runs, groups, *b, refs);
            Some(sentence_named(
                runs,
                (&groups[i], &name),
                (&groups[*b], &base_name),
                settings,
            ))
        }
    }
}

/// What the comparisons are against, after "baseline: ": "elb-direct c=100 r1
/// (elb-direct c=100)"; in a sweep, the door: "elb-direct (the door of elb-direct
/// c=100 r1): each load against elb-direct at the same connections".
pub fn baseline_words(runs: &[Run], baseline: usize) -> String {
    let run = &runs[baseline];
    let groups = repeats::groups(runs);
    match References::of(runs, &groups, Some(baseline)).door {
        Some((door, key)) => format!(
            "{door} (the door of {}): each load against {door} at the same {key}",
            run.label
        ),
        None => format!("{} ({})", run.label, run.group_key()),
    }
}

/// The sentence of every group but the baseline's own, in display order; in a
/// sweep, each against the baseline door at its own sweep value.
pub fn sentences(runs: &[Run], baseline: usize, settings: &Settings) -> Vec<String> {
    let groups = repeats::groups(runs);
    let refs = References::of(runs, &groups, Some(baseline));
    if refs
        .against
        .iter()
        .all(|a| matches!(a, Against::Nothing(_)))
    {
        return Vec::new();
    }
    (0..groups.len())
        .filter_map(|i| group_sentence(runs, &groups, &refs, i, settings))
        .collect()
}

/// Every metric of an alternative against the baseline, one line each: "p99: 2.2x
/// (95% CI 2.1x .. 2.4x): slower p99", then what makes the two hard to compare.
pub fn metric_lines(c: &Comparison, settings: &Settings) -> Vec<String> {
    let mut lines: Vec<String> = c
        .metrics
        .iter()
        .map(|m| {
            let value = match (m.metric, m.change_ci_pct) {
                (Metric::Throughput, Some(i)) => format!(
                    "{} of the baseline's ({:.0}% CI {} .. {})",
                    format::share(m.change_pct, None),
                    settings.confidence * 100.0,
                    format::share(i.low, None),
                    format::share(i.high, None)
                ),
                (Metric::Throughput, None) => {
                    format!("{} of the baseline's", format::share(m.change_pct, None))
                }
                (_, Some(i)) => format!(
                    "{} ({:.0}% CI {} .. {})",
                    format::factor_of(m.change_pct, None),
                    settings.confidence * 100.0,
                    format::factor_of(i.low, None),
                    format::factor_of(i.high, None)
                ),
                (_, None) => format::factor_of(m.change_pct, None),
            };
            format!("{}: {value}: {}", m.metric.name(), difference(m))
        })
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
                "apigw-http-proxy: 22% of elb-direct's throughput: lower throughput (not tested: one summary on a side)",
                "dist: no comparison (dist has no throughput)",
            ]
        );
    }

    /// Repeats give the share an interval, n on each side and a tested difference;
    /// a different target is no warning between alternatives.
    #[test]
    fn repeats_carry_their_interval() {
        let s = Settings::default();
        let mut runs = vec![
            run("d1", "elb-direct", Some(1000.0)),
            run("d2", "elb-direct", Some(1010.0)),
            run("d3", "elb-direct", Some(990.0)),
            run("p1", "apigw-http-proxy", Some(440.0)),
            run("p2", "apigw-http-proxy", Some(445.0)),
            run("p3", "apigw-http-proxy", Some(435.0)),
        ];
        for (i, r) in runs.iter_mut().enumerate() {
            r.target = Some(format!("http://127.0.0.1:{}/", 18080 + i / 3));
            r.latency.percentiles = vec![crate::model::Percentile::new(
                "99",
                if i < 3 {
                    3.0 + i as f64 * 0.05
                } else {
                    7.0 + i as f64 * 0.05
                },
            )];
        }
        let text = &sentences(&runs, 0, &s)[0];
        assert!(text.starts_with("apigw-http-proxy: 44% ("), "{text}");
        assert!(
            text.contains("of elb-direct's throughput, p99 2.4x (2.3–2.4x)")
                && text.ends_with("x), n = 3 vs 3: lower throughput, slower p99"),
            "{text}"
        );
        assert!(!text.contains("regressed"));
        let groups = repeats::groups(&runs);
        let c = compare::compare_alternatives(
            &groups[1].runs(&runs),
            &groups[0].runs(&runs),
            &Metric::ALL,
            &s,
        );
        let lines = metric_lines(&c, &s).join("\n");
        assert!(
            !lines.contains("target") && !lines.contains("regressed"),
            "{lines}"
        );
        assert!(
            lines.contains("throughput: 44% of the baseline's (95% CI"),
            "{lines}"
        );
        let same = compare::compare(
            &groups[1].runs(&runs),
            &groups[0].runs(&runs),
            &Metric::ALL,
            &s,
        );
        assert!(
            same.warnings.iter().any(|w| w.contains("target")),
            "runs of the same thing still warn: {:?}",
            same.warnings
        );
    }
}
