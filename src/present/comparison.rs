//! Each run against the baseline, in words: "apigw-http-proxy: 22% of elb-direct".

use crate::analysis::baseline;
use crate::format;
use crate::model::Run;

/// "apigw-http-proxy: 22% of elb-direct", or why there is no comparison.
pub fn sentence(run: &Run, base: &Run) -> String {
    match baseline::compare(run, base).throughput_pct {
        Some(pct) => format!(
            "{}: {} of {}",
            run.group_name(),
            format::pct(pct),
            base.group_name()
        ),
        None => {
            // The run itself, or else the baseline, lacks a throughput to compare.
            let lacking = if run.throughput_rps.is_none() {
                run
            } else {
                base
            };
            format!(
                "{}: no comparison ({} has no throughput)",
                run.group_name(),
                lacking.group_name()
            )
        }
    }
}

/// The sentence of every run but the baseline itself, in load order.
pub fn sentences(runs: &[Run], base: usize) -> Vec<String> {
    let Some(b) = runs.get(base) else {
        return Vec::new();
    };
    runs.iter()
        .enumerate()
        .filter(|(i, _)| *i != base)
        .map(|(_, r)| sentence(r, b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(integration: &str, rps: Option<f64>) -> Run {
        Run {
            label: integration.into(),
            integration: Some(integration.into()),
            throughput_rps: rps,
            ..Run::default()
        }
    }

    #[test]
    fn share_of_the_baseline_in_words() {
        let base = run("elb-direct", Some(1000.0));
        let proxy = run("apigw-http-proxy", Some(220.0));
        assert_eq!(
            sentence(&proxy, &base),
            "apigw-http-proxy: 22% of elb-direct"
        );
        assert_eq!(
            sentence(&run("dist", None), &base),
            "dist: no comparison (dist has no throughput)"
        );
        assert_eq!(
            sentences(&[base.clone(), proxy], 0),
            ["apigw-http-proxy: 22% of elb-direct"]
        );
    }
}
