//! Each door's load curve and knee in words and as data: the line of `summarize`
//! and the report ("apigw-http-proxy: scales to c=200 (throughput +96% from 100 to
//! 200), then +51% for twice the load and p99 +46%: the knee is between 200 and
//! 400"), and the rows and JSON of `gatebench load-curve`.

use serde::Serialize;

use crate::analysis::compare::{MetricComparison, Settings};
use crate::analysis::load_curve::{self, Curve, KneeRule, Step, StepVerdict, Summary};
use crate::analysis::sweep;
use crate::format;
use crate::model::Run;

/// "twice", "5x": how much more load a step offers.
fn load_words(factor: f64) -> String {
    if (factor - 2.0).abs() < 1e-9 {
        "twice".into()
    } else {
        format!("{}x", format::plain((factor * 100.0).round() / 100.0))
    }
}

/// "+51%" or "+51% (45–57%)".
fn change(m: &MetricComparison) -> String {
    let c = format::signed_whole_pct(m.change_pct);
    match m.change_ci_pct {
        Some(i) => format!(
            "{c} ({}–{})",
            format::signed_whole_pct(i.low),
            format::signed_whole_pct(i.high)
        ),
        None => c,
    }
}

/// "+51% for twice the load and p99 +46%": what a step did.
fn step_words(s: &Step) -> String {
    let mut text = format!(
        "{} for {} the load",
        format::signed_whole_pct(s.throughput.change_pct),
        load_words(s.load_factor())
    );
    if let Some(p) = &s.p99 {
        text += &format!(" and p99 {}", format::signed_whole_pct(p.change_pct));
    }
    text
}

/// Why the knee's step is past it: "throughput +51% (45–57%) for twice the load,
/// under 75% of proportional; p99 +46%".
pub fn knee_reason(s: &Step, rule: &KneeRule) -> String {
    let mut parts = Vec::new();
    let throughput = format!(
        "throughput {} for {} the load",
        change(&s.throughput),
        load_words(s.load_factor())
    );
    if s.short_of_load {
        parts.push(format!(
            "{throughput}, under {} of proportional",
            format::pct(rule.min_efficiency * 100.0)
        ));
    } else {
        parts.push(throughput);
    }
    if let Some(p) = &s.p99 {
        let beyond = if s.p99_rose {
            format!(", beyond +{}%", format::plain(rule.max_p99_rise_pct))
        } else {
            String::new()
        };
        parts.push(format!("p99 {}{beyond}", change(p)));
    }
    parts.join("; ")
}

/// The knee line of one door's curve.
pub fn knee_sentence(key: &str, curve: &Curve) -> String {
    let door = &curve.door;
    let at = |v: f64| sweep::short(key, v);
    let plain = format::plain;
    if curve.steps.is_empty() {
        return format!("{door}: one load only: no curve to find a knee on");
    }
    match curve.knee {
        Some(k) => {
            let s = &curve.steps[k];
            let knee = format!("the knee is between {} and {}", plain(s.from), plain(s.to));
            match k.checked_sub(1).map(|p| &curve.steps[p]) {
                Some(prev) => format!(
                    "{door}: scales to {} (throughput {} from {} to {}), then {}: {knee}",
                    at(s.from),
                    format::signed_whole_pct(prev.throughput.change_pct),
                    plain(prev.from),
                    plain(prev.to),
                    step_words(s)
                ),
                None => format!(
                    "{door}: {} from {} to {}, the sweep's first step: {knee}",
                    step_words(s),
                    at(s.from),
                    plain(s.to)
                ),
            }
        }
        None => {
            let last = &curve.steps[curve.steps.len() - 1];
            let mut text = format!(
                "{door}: scales across the sweep, to {} (throughput {} from {} to {}): no knee within it",
                at(last.to),
                format::signed_whole_pct(last.throughput.change_pct),
                plain(last.from),
                plain(last.to)
            );
            let undecided: Vec<String> = curve
                .steps
                .iter()
                .filter(|s| s.verdict == StepVerdict::Undecided)
                .map(|s| {
                    format!(
                        "{} to {}: {}",
                        plain(s.from),
                        plain(s.to),
                        knee_reason(s, &KneeRule::default())
                    )
                })
                .collect();
            if !undecided.is_empty() {
                text += &format!(
                    " the intervals support (undecided, {})",
                    undecided.join("; ")
                );
            }
            text
        }
    }
}

/// The knee line of every door of the runs' sweep; empty without a sweep.
pub fn knee_sentences(runs: &[Run], settings: &Settings) -> Vec<String> {
    if !sweep::is_sweep(runs) {
        return Vec::new();
    }
    let Some((key, curves)) = load_curve::curves(runs, settings, &KneeRule::default()) else {
        return Vec::new();
    };
    curves.iter().map(|c| knee_sentence(&key, c)).collect()
}

/// One point of `gatebench load-curve --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointJson {
    pub value: f64,
    pub throughput_rps: Option<f64>,
    /// The throughput's interval.
    pub ci: Option<[f64; 2]>,
    pub p99_ms: Option<f64>,
}

/// Where the knee is: between `after` (the last load that scaled) and `before`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KneeJson {
    pub after: f64,
    pub before: f64,
    pub reason: String,
}

/// One door of `gatebench load-curve --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoorJson {
    pub door: String,
    pub sweep: String,
    pub points: Vec<PointJson>,
    pub knee: Option<KneeJson>,
}

/// Every door's curve and knee, as `load-curve --format json` prints them.
pub fn doors_json(key: &str, curves: &[Curve], rule: &KneeRule) -> Vec<DoorJson> {
    curves
        .iter()
        .map(|c| DoorJson {
            door: c.door.clone(),
            sweep: key.to_owned(),
            points: c
                .points
                .iter()
                .map(|p| PointJson {
                    value: p.offered,
                    throughput_rps: p.throughput.map(|t| t.mean),
                    ci: p.throughput.and_then(|t| t.interval).map(|(l, h)| [l, h]),
                    p99_ms: p.p99.map(|s| s.mean),
                })
                .collect(),
            knee: c.knee_step().map(|s| KneeJson {
                after: s.from,
                before: s.to,
                reason: knee_reason(s, rule),
            }),
        })
        .collect()
}

/// "8,123 (8,010–8,240)" or "12.4 (11.0–13.7)": a summary as the tables show it.
fn summary_text(s: Option<Summary>, unit: &str) -> String {
    match s {
        Some(Summary {
            mean,
            interval: Some((lo, hi)),
        }) => format!(
            "{} ({}–{})",
            format::value(mean, unit),
            format::value(lo, unit),
            format::value(hi, unit)
        ),
        Some(s) => format::value(s.mean, unit),
        None => "–".into(),
    }
}

/// The columns of one door's table.
pub const COLUMNS: [&str; 7] = [
    "load",
    "runs",
    "req/s",
    "p50 ms",
    "p99 ms",
    "from the load before",
    "step",
];

/// One door's rows: each load with its throughput and latency, and how the step to
/// it went (throughput and p99 change, the share of proportional growth).
pub fn rows(key: &str, curve: &Curve) -> Vec<Vec<String>> {
    curve
        .points
        .iter()
        .map(|p| {
            let step = curve.steps.iter().find(|s| s.to == p.offered);
            let (growth, verdict) = match step {
                None => (String::new(), String::new()),
                Some(s) => (
                    format!(
                        "throughput {}, {} of proportional",
                        format::signed_whole_pct(s.throughput.change_pct),
                        format::pct(s.efficiency * 100.0)
                    ),
                    match s.verdict {
                        StepVerdict::Scales => "scales",
                        StepVerdict::Knee => "past the knee",
                        StepVerdict::Undecided => "undecided",
                    }
                    .to_owned(),
                ),
            };
            vec![
                sweep::short(key, p.offered),
                p.runs.to_string(),
                summary_text(p.throughput, "req/s"),
                summary_text(p.p50, "ms"),
                summary_text(p.p99, "ms"),
                growth,
                verdict,
            ]
        })
        .collect()
}
