//! The planner's chart: ENIs required against peak concurrency, one line per
//! memory tier, the subnets' address capacity as a horizontal line, and the
//! planned point marked.

use super::line::{LineChartData, LineSeries, OutsideLegend, XAxis};
use super::palette;
use crate::capacity::legacy;
use crate::capacity::plan::PlanInput;
use crate::capacity::subnet;

/// Points per line; the ENI count is a step function, so the line is drawn through
/// the rounded-up values.
const SAMPLES: u64 = 200;

/// The colour of the subnets' capacity line.
const CAPACITY: palette::Rgb = [200, 40, 40];

pub fn eni_chart(input: &PlanInput, tiers_mb: &[u32]) -> LineChartData {
    let capacity = subnet::total_usable(&input.subnets);
    let at_capacity = legacy::max_concurrency(capacity, input.memory_mb, input.divisor);
    let x_max = (input.concurrency.max(at_capacity) as f64 * 1.25)
        .ceil()
        .max(10.0) as u64;
    let enis = legacy::enis_required(input.concurrency, input.memory_mb, input.divisor);
    // Lines stop at twice the larger of capacity and plan, so that a large tier does
    // not squash the region that matters.
    let y_cap = (capacity.max(enis) * 2).max(10) as f64;
    let lines: Vec<LineSeries> = tiers_mb
        .iter()
        .enumerate()
        .map(|(i, &mb)| LineSeries {
            name: format!("{mb} MB"),
            color: palette::SERIES[i % palette::SERIES.len()],
            group: Some(format!("{mb} MB")),
            points: (0..=SAMPLES)
                .map(|k| {
                    let c = x_max * k / SAMPLES;
                    [c as f64, legacy::enis_required(c, mb, input.divisor) as f64]
                })
                .take_while(|p| p[1] <= y_cap)
                .collect(),
            ..Default::default()
        })
        .collect();
    let capacity_name = format!("addresses in the subnets: {capacity}");
    let plan = format!(
        "plan: {} at {} MB -> {enis} ENIs",
        input.concurrency, input.memory_mb
    );
    // The legend above the plot: the tiers' steep lines fill its corners.
    let outside_legend = Some(OutsideLegend {
        entries: lines.iter().map(|l| (l.name.clone(), l.color)).collect(),
        styles: Vec::new(),
        marker: Some(plan.clone()),
        fixed: vec![(capacity_name.clone(), CAPACITY)],
    });
    LineChartData {
        outside_legend,
        title: format!(
            "ENIs required (legacy formula, ÷ {} GB)",
            input.divisor.gb()
        ),
        x_axis: "peak concurrent executions".into(),
        x_kind: XAxis::Linear,
        y_axis: "ENIs = private IP addresses".into(),
        lines,
        levels: vec![(capacity_name, capacity as f64, CAPACITY)],
        markers: vec![(plan, input.concurrency as f64, enis as f64)],
        latency_y: false,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::form::PlannerForm;

    #[test]
    fn lines_levels_and_marker() {
        let input = PlannerForm::default().evaluate().unwrap();
        let chart = eni_chart(&input, &[128, 1024]);
        assert_eq!(chart.lines.len(), 2);
        assert_eq!(chart.levels[0].1, 753.0);
        assert_eq!(chart.markers[0].1, 1000.0);
        assert_eq!(chart.markers[0].2, 667.0);
        // The lines reach past both the planned point and the capacity crossing.
        let last = chart.lines[1].points.last().unwrap();
        assert!(last[0] >= 1129.0 && last[1] >= 753.0, "{last:?}");
        // Large tiers stop at twice the larger of capacity (753) and plan (667).
        let big = eni_chart(&input, &[10240]);
        assert!(big.lines[0].points.iter().all(|p| p[1] <= 1506.0));
        assert!(big.lines[0].points.len() > 10);
        // Every point is the formula's value.
        for p in &chart.lines[0].points {
            assert_eq!(
                p[1],
                legacy::enis_required(p[0] as u64, 128, input.divisor) as f64
            );
        }
    }
}
