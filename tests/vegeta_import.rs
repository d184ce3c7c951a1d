//! vegeta: the README's and issue #293's reports, and CSVs built to the documented layout.

use crate::common;

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

/// `vegeta report -type=hdrplot`, from vegeta's README: the distribution of 1,998
/// requests, with no run time and no throughput.
#[test]
fn hdrplot_table_gives_a_distribution_run() {
    let run = load_one("vegeta/hdrplot-readme.txt");
    assert_eq!(run.tool, "vegeta");
    assert_eq!(run.requests, Some(1998));
    assert_eq!(run.throughput_rps, None);
    assert_eq!(run.duration_s, None);
    assert_eq!(run.latency.min, Some(0.076715));
    assert_eq!(run.latency.max, Some(2.658916));
    // No footer: no mean, rather than a mean of upper bounds.
    assert_eq!(run.latency.mean, None);
    // A percentile is the first row at or above it, within 3 significant digits:
    // p50 is the 0.5 row, p99 the 0.990625 row (1,979 of 1,998).
    let p50 = run.latency.percentile("50").unwrap();
    assert!((p50 / 0.513059 - 1.0).abs() < 1e-3, "{p50}");
    let p99 = run.latency.percentile("99").unwrap();
    assert!((p99 / 0.648085 - 1.0).abs() < 1e-3, "{p99}");
    // The spectrum chart draws it from its histogram.
    assert_eq!(run.detail.as_ref().unwrap().count, 1998);
}

#[test]
fn hdrplot_errors_name_the_line() {
    let text =
        "Value(ms)  Percentile  TotalCount  1/(1-Percentile)\n0.1 0.0 0 1.0\n0.2 half 1 2.0\n";
    let e = gatebench::load_bytes(std::path::Path::new("h.txt"), text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("h.txt: line 3: expected a row"), "{e}");
    // Cut at a line end, before the 100% row.
    let full = std::fs::read_to_string(common::fixture("vegeta/hdrplot-readme.txt")).unwrap();
    let cut: String = full.lines().take(40).map(|l| format!("{l}\n")).collect();
    let e = gatebench::load_bytes(std::path::Path::new("h.txt"), cut.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("h.txt: line 40: the table ends before its 100% row"),
        "{e}"
    );
    let e = gatebench::load_bytes_as(
        std::path::Path::new("h.txt"),
        b"\n\n",
        Some(gatebench::Format::by_id("hdr-spectrum").unwrap()),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("h.txt: line 2: expected the header `Value(ms)"),
        "{e}"
    );
    let empty =
        "Value(ms)  Percentile  TotalCount  1/(1-Percentile)\n0.1 0.0 0 1.0\n0.1 1.0 0 inf\n";
    let e = gatebench::load_bytes(std::path::Path::new("h.txt"), empty.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("counts no samples"), "{e}");
}
