//! vegeta: the README's and issue #293's reports, and CSVs built to the documented layout.

mod common;

use common::{close, load, load_one};

#[test]
fn text_report_zips_names_with_values() {
    let run = load_one("vegeta/report-readme.txt");
    assert_eq!(run.tool, "vegeta");
    assert_eq!(
        run.throughput_rps,
        Some(120.00),
        "no `throughput` column: `rate`"
    );
    assert!(close(run.duration_s.unwrap(), 10.094965987));
    assert!(close(run.latency.mean.unwrap(), 113.172398));
    assert!(close(run.latency.percentile("95").unwrap(), 140.18235));
    assert!(close(run.latency.max.unwrap(), 264.815246));
    assert_eq!(run.requests, Some(665), "code 0 is no response");
    assert_eq!(run.errors.other, 535);
    assert_eq!(run.bytes_read, Some(3714690.0));

    let run = load_one("vegeta/report-issue-293.txt");
    assert_eq!(run.requests, Some(200));
    assert_eq!(run.errors.non_2xx_3xx, 13);
    assert!(close(run.latency.percentile("99").unwrap(), 2128.540278));
}

#[test]
fn json_report_in_nanoseconds() {
    let run = load_one("vegeta/report-readme.json");
    assert!(close(run.latency.mean.unwrap(), 2.371194));
    assert!(close(run.latency.percentile("50").unwrap(), 2.854306));
    assert_eq!(run.requests, Some(100));
    assert!(close(run.throughput_rps.unwrap(), 101.01010672380401));
    assert!(close(
        run.duration_s.unwrap(),
        (989999944.0 + 3507222.0) / 1e9
    ));
}

#[test]
fn encode_csv_gives_one_run_per_attack_in_both_layouts() {
    for rel in ["vegeta/encode-v12.7.csv", "vegeta/encode-v12.8.csv"] {
        let runs = load(rel);
        let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["elb-direct", "apigw-lambda-512"], "{rel}");
        assert_eq!(runs[0].requests, Some(20));
        // Rows 0, 10, 20 and 30 are 503s, all of them even rows: elb-direct's.
        assert_eq!(runs[0].errors.non_2xx_3xx, 4, "{rel}");
        assert_eq!(runs[1].errors.total(), 0, "{rel}");
        assert_eq!(runs[1].memory_mb, Some(512));
        // Latencies: 2 ms + i x 10 us for the even rows i = 0, 2, ..., 38.
        let mean = (0..40)
            .step_by(2)
            .map(|i| 2.0 + i as f64 * 0.01)
            .sum::<f64>()
            / 20.0;
        assert!(close(runs[0].latency.mean.unwrap(), mean), "{rel}");
    }
}
