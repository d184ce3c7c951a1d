//! The memory advisor's chart: cost per million requests against latency (p99 where
//! known, else the mean), one point per measured size labelled with its memory, the
//! Pareto front joined (the sizes no other size beats on both), the recommendation
//! marked and the latency objective drawn. Tested sizes are points: no curve suggests
//! sizes nobody measured.

use super::line::{LineChartData, LineSeries, XAxis};
use super::palette;
use crate::analysis::advisor::{Advice, Source, Tier};

/// The sizes no other size of the same source beats on both cost and latency, by
/// latency.
pub fn pareto_front<'a>(tiers: &[&'a Tier]) -> Vec<&'a Tier> {
    let (cost, lat) = (
        |t: &Tier| t.cost_per_million_usd(),
        |t: &Tier| t.latency().mean,
    );
    let mut front: Vec<&Tier> = tiers
        .iter()
        .copied()
        .filter(|t| {
            !tiers.iter().any(|o| {
                cost(o) <= cost(t) && lat(o) <= lat(t) && (cost(o) < cost(t) || lat(o) < lat(t))
            })
        })
        .collect();
    front.sort_by(|a, b| lat(a).total_cmp(&lat(b)));
    front
}

pub fn advisor_chart(advice: &Advice, slo_p99_ms: Option<f64>) -> LineChartData {
    let mut lines = Vec::new();
    let mut labels = Vec::new();
    let latency_name = if advice.tiers.iter().all(|t| t.p99.is_some()) {
        "p99 latency (ms)"
    } else {
        "p99 latency, else the mean (ms)"
    };
    for (i, source) in [Source::LoadTest, Source::PowerTuning, Source::FunctionLogs]
        .into_iter()
        .enumerate()
    {
        let tiers: Vec<&Tier> = advice.tiers.iter().filter(|t| t.source == source).collect();
        if tiers.is_empty() {
            continue;
        }
        let name = match source {
            Source::LoadTest => "load tests",
            Source::PowerTuning => "Power Tuning (direct invocation)",
            Source::FunctionLogs => "function logs (REPORT lines)",
        };
        let color = palette::SERIES[i * 2];
        lines.push(LineSeries {
            name: name.into(),
            color,
            points: tiers
                .iter()
                .map(|t| [t.latency().mean, t.cost_per_million_usd()])
                .collect(),
            points_only: true,
            ..Default::default()
        });
        lines.push(LineSeries {
            name: format!("{name}: Pareto front"),
            color: palette::shade(color, 0.3),
            points: pareto_front(&tiers)
                .iter()
                .map(|t| [t.latency().mean, t.cost_per_million_usd()])
                .collect(),
            dashed: true,
            ..Default::default()
        });
        for t in &tiers {
            labels.push((
                format!("{} MB", t.memory_mb),
                t.latency().mean,
                t.cost_per_million_usd(),
            ));
        }
    }
    let markers = advice
        .tiers
        .iter()
        .filter(|t| {
            Some(t.memory_mb) == advice.recommended_mb
                && Some(t.source) == advice.recommended_source
        })
        .map(|t| {
            (
                format!(
                    "recommended: {} MB ({})",
                    t.memory_mb,
                    advice.strategy.name()
                ),
                t.latency().mean,
                t.cost_per_million_usd(),
            )
        })
        .collect();
    LineChartData {
        title: "Cost per million requests against latency, per memory size".into(),
        x_axis: latency_name.into(),
        x_kind: XAxis::Linear,
        y_axis: "Lambda x86 per million requests ($)".into(),
        lines,
        markers,
        x_levels: slo_p99_ms
            .map(|slo| {
                vec![(
                    format!("objective: p99 at most {slo} ms"),
                    slo,
                    [200, 40, 40],
                )]
            })
            .unwrap_or_default(),
        labels,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_keeps_what_nothing_beats() {
        use crate::analysis::compare::{Metric, Side};
        let tier = |mb: u32, cost: f64, lat: f64| {
            let run = crate::model::Run {
                latency: crate::model::LatencySummary {
                    mean: Some(lat),
                    ..Default::default()
                },
                ..Default::default()
            };
            Tier {
                memory_mb: mb,
                source: Source::LoadTest,
                runs: vec![],
                throughput: None,
                mean: Side::of(&[&run], Metric::Mean, 0.95).unwrap(),
                p50: None,
                p99: None,
                cost_per_invocation_usd: cost,
                cost_arm_per_million_usd: None,
                gateway: None,
                meets_slo: None,
                concurrency: None,
                enis_legacy: None,
                enis_hyperplane: None,
                fits: None,
            }
        };
        let t = [
            tier(128, 1.0, 100.0),
            tier(256, 2.0, 50.0),
            tier(512, 3.0, 60.0), // dearer and slower than 256: off the front
            tier(1024, 4.0, 40.0),
        ];
        let refs: Vec<&Tier> = t.iter().collect();
        let front: Vec<u32> = pareto_front(&refs).iter().map(|t| t.memory_mb).collect();
        assert_eq!(front, [1024, 256, 128]);
    }
}
