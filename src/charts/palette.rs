//! Colours, as plain RGB so that chart data stays free of egui.

pub type Rgb = [u8; 3];

/// Tableau 10: distinct, and readable on light and dark backgrounds.
pub const SERIES: [Rgb; 10] = [
    [78, 121, 167],
    [242, 142, 43],
    [225, 87, 89],
    [118, 183, 178],
    [89, 161, 79],
    [237, 201, 72],
    [176, 122, 161],
    [255, 157, 167],
    [156, 117, 95],
    [186, 176, 172],
];

/// Shades that tell apart the runs of one integration type (memory tiers, repeats),
/// in load order: the first keeps the integration's colour.
const SIBLING_SHADES: [f32; 6] = [0.0, -0.4, 0.4, -0.6, 0.6, -0.2];

/// The colour of each of `runs`: its integration's colour, shaded by its rank among
/// the runs of that integration, so that one hue still means one integration.
pub fn for_runs(runs: &[crate::model::Run]) -> Vec<Rgb> {
    // Each run is a group of its own.
    let every: Vec<usize> = (0..runs.len()).collect();
    for_groups(runs, &every)
}

/// The colour of each group of repeats (given by the index of its first run): its
/// integration's colour, shaded by its rank among the groups of that integration.
pub fn for_groups(runs: &[crate::model::Run], first_runs: &[usize]) -> Vec<Rgb> {
    use crate::analysis::run_set::{integration_name, integrations};
    let all = integrations(runs);
    let mut seen = vec![0; all.len()];
    first_runs
        .iter()
        .map(|&i| {
            let name = runs.get(i).map(integration_name).unwrap_or_default();
            let place = all.iter().position(|x| *x == name).unwrap_or(0);
            let rank = seen[place];
            seen[place] += 1;
            shade(
                SERIES[place % SERIES.len()],
                SIBLING_SHADES[rank % SIBLING_SHADES.len()],
            )
        })
        .collect()
}

/// Lighter (`amount` > 0, towards white) or darker (< 0, towards black).
pub fn shade(rgb: Rgb, amount: f32) -> Rgb {
    rgb.map(|c| {
        let c = f32::from(c);
        let v = if amount >= 0.0 {
            c + (255.0 - c) * amount
        } else {
            c * (1.0 + amount)
        };
        v.round().clamp(0.0, 255.0) as u8
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades() {
        assert_eq!(shade([100, 0, 200], 0.0), [100, 0, 200]);
        assert_eq!(shade([100, 0, 200], 1.0), [255, 255, 255]);
        assert_eq!(shade([100, 0, 200], -0.5), [50, 0, 100]);
    }

    #[test]
    fn runs_of_one_integration_share_its_hue_in_different_shades() {
        let run = |integration: &str| crate::model::Run {
            integration: Some(integration.into()),
            ..Default::default()
        };
        let runs = [run("elb-direct"), run("apigw-lambda"), run("apigw-lambda")];
        assert_eq!(
            for_runs(&runs),
            [SERIES[0], SERIES[1], shade(SERIES[1], SIBLING_SHADES[1])]
        );
    }
}
