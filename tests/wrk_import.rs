//! wrk text output, parsed from real runs: the expected numbers are the ones wrk printed.

use crate::common;

use common::{close, fixture, load, load_err, load_one};
use gatebench::{Format, ImportError};

#[test]
fn readme_example_units_and_sizes() {
    let run = load_one("wrk/wrk-readme.txt");
    assert_eq!(run.tool, "wrk");
    assert_eq!(run.label, "wrk-readme");
    assert_eq!(run.threads, Some(12));
    assert_eq!(run.connections, Some(400));
    assert_eq!(run.requests, Some(22_464_657));
    assert_eq!(run.duration_s, Some(30.0));
    assert_eq!(run.throughput_rps, Some(748_868.53));
    assert!(close(run.transfer_bytes_per_s.unwrap(), 635_783_086.08));
    assert!(close(run.bytes_read.unwrap(), 19_069_654_794.24));
    assert!(close(run.latency.mean.unwrap(), 0.63591));
    assert_eq!(run.latency.stdev, Some(0.89));
    assert_eq!(run.latency.max, Some(12.92));
    assert_eq!(run.latency.min, None);
    assert!(run.latency.percentiles.is_empty());
    assert_eq!(run.errors.total(), 0);
}

#[test]
fn latency_distribution_in_microseconds_and_milliseconds() {
    let run = load_one("wrk/with-latency.txt");
    let keys = common::percentile_keys(&run);
    assert_eq!(keys, ["50", "75", "90", "99"]);
    assert!(close(run.latency.percentile("50").unwrap(), 0.116));
    assert!(close(run.latency.percentile("75").unwrap(), 0.693));
    assert_eq!(run.latency.percentile("99"), Some(6.75));
    assert_eq!(run.duration_s, Some(3.02));
    assert_eq!(run.requests, Some(325_555));
    assert_eq!(run.throughput_rps, Some(107_948.15));
}

#[test]
fn without_latency_flag_there_are_no_percentiles() {
    let run = load_one("wrk/no-latency-flag.txt");
    assert!(run.latency.percentiles.is_empty());
    assert_eq!(run.latency.mean, Some(1.03));
    assert_eq!(run.requests, Some(252_205));
}

#[test]
fn seconds_as_latency_unit() {
    let run = load_one("wrk/seconds-latency.txt");
    assert_eq!(run.latency.mean, Some(1230.0));
    assert!(close(run.latency.stdev.unwrap(), 18.89));
    assert_eq!(run.latency.percentile("50"), Some(1240.0));
    assert_eq!(run.duration_s, Some(4.02));
    // `337.62B` per second: a size with no binary prefix.
    assert_eq!(run.transfer_bytes_per_s, Some(337.62));
    assert!(close(run.bytes_read.unwrap(), 1.32 * 1024.0));
}

#[test]
fn every_request_timed_out_means_no_latency_data() {
    let run = load_one("wrk/all-timeouts.txt");
    assert_eq!(run.requests, Some(0));
    assert_eq!(run.throughput_rps, Some(0.0));
    assert_eq!(
        run.latency.mean, None,
        "0.00us with -nan% is no data, not 0 ms"
    );
    assert_eq!(run.latency.max, None);
    assert!(run.latency.percentiles.is_empty());
}

#[test]
fn socket_errors_and_non_2xx_lines() {
    let run = load_one("wrk/non-2xx.txt");
    assert_eq!(run.errors.non_2xx_3xx, 353_616);
    assert_eq!(run.requests, Some(353_616));

    let timeouts = load_one("wrk/socket-timeouts.txt");
    assert_eq!(timeouts.errors.timeout, 26, "the run had timeouts");
    assert_eq!(timeouts.errors.connect + timeouts.errors.read, 0);
}

#[test]
fn lua_done_output_after_the_summary_is_skipped() {
    let run = load_one("wrk/lua-report.txt");
    assert_eq!(run.throughput_rps, Some(146_279.58));
    assert_eq!(run.latency.percentiles.len(), 4);
    assert_eq!(run.latency.percentile("99"), Some(3.05));
}

#[test]
fn several_runs_in_one_file() {
    let runs = load("wrk/two-runs.txt");
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].label, "two-runs");
    assert_eq!(runs[1].label, "two-runs #2");
    assert_eq!(runs[0].connections, Some(10));
    assert_eq!(runs[1].connections, Some(40));
    assert_eq!(runs[1].throughput_rps, Some(99_535.64));
}

#[test]
fn crlf_and_utf16_give_the_same_run() {
    let plain = load_one("wrk/with-latency.txt");
    for other in ["wrk/crlf.txt", "wrk/utf16le-bom.txt"] {
        let mut run = load_one(other);
        run.source = plain.source.clone();
        run.label = plain.label.clone();
        run.integration = plain.integration.clone();
        assert_eq!(run, plain, "{other}");
    }
}

#[test]
fn detection_is_by_content() {
    let text = std::fs::read_to_string(fixture("wrk/with-latency.txt")).unwrap();
    assert_eq!(
        gatebench::detect(&text),
        Some(Format::by_id("wrk").unwrap())
    );
    // The same content under a misleading name still loads as wrk.
    let runs = gatebench::load_bytes(std::path::Path::new("results.csv"), text.as_bytes()).unwrap();
    assert_eq!(runs[0].tool, "wrk");
}

#[test]
fn file_name_fills_integration_and_memory() {
    let runs =
        gatebench::load_file(&common::seed_runs().join("apigw-lambda-512.run2.txt")).unwrap();
    assert_eq!(runs[0].integration.as_deref(), Some("apigw-lambda"));
    assert_eq!(runs[0].memory_mb, Some(512));
    assert_eq!(
        runs[0].label, "apigw-lambda-512.run2",
        "the repeat stays in the label"
    );
    let runs = gatebench::load_file(&common::seed_runs().join("elb-direct.run1.txt")).unwrap();
    assert_eq!(runs[0].integration.as_deref(), Some("elb-direct"));
    assert_eq!(runs[0].memory_mb, None);
}

#[test]
fn connection_refused_is_an_error_naming_file_and_line() {
    let e = load_err("wrk/connection-refused.txt");
    let msg = e.to_string();
    assert!(matches!(e, ImportError::Parse { line: 1, .. }), "{msg}");
    assert!(msg.contains("connection-refused.txt"), "{msg}");
    assert!(msg.contains("could not connect"), "{msg}");
}

#[test]
fn usage_text_is_an_error() {
    let msg = load_err("wrk/bad-arguments.txt").to_string();
    assert!(msg.contains("bad-arguments.txt: line 1:"), "{msg}");
    assert!(msg.contains("usage text"), "{msg}");
}

#[test]
fn every_sample_file_loads() {
    let files = gatebench::expand_inputs(&[common::seed_runs()]);
    assert_eq!(
        files.len(),
        15,
        "three repeats of five integrations: {files:?}"
    );
    for f in files {
        let runs = gatebench::load_file(&f).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(runs.len(), 1);
        assert!(runs[0].throughput_rps.unwrap() > 0.0);
        assert_eq!(runs[0].latency.percentiles.len(), 4);
    }
}

/// wrk2's `--latency` example from its README: the summary as wrk prints it, and the
/// detailed spectrum rebuilt into a histogram (so that wrk2 runs can be merged).
#[test]
fn wrk2_spectrum() {
    let run = load_one("wrk2/readme-latency.txt");
    assert_eq!(run.tool, "wrk2");
    assert_eq!(run.requests, Some(60018));
    assert_eq!(run.throughput_rps, Some(2000.28));
    assert_eq!(run.latency.percentile("99.990"), Some(12.45));
    let keys = common::percentile_keys(&run);
    assert_eq!(
        keys,
        [
            "50.000", "75.000", "90.000", "99.000", "99.900", "99.990", "99.999", "100.000"
        ]
    );
    let detail = run.detail.as_ref().expect("the spectrum gives a histogram");
    // `Total count` is below `requests`: wrk2 resets its histogram after calibration.
    assert_eq!(detail.count, 39500);
    assert!((detail.sum_ms / detail.count as f64 - 6.602).abs() < 1e-9);
    // The rebuilt histogram agrees with the spectrum's own rows.
    let p50 = detail.histogram.value_at_quantile(0.5) as f64 / 1000.0;
    assert!((p50 - 6.671).abs() < 0.01, "{p50}");
    let p99 = detail.histogram.value_at_quantile(0.99) as f64 / 1000.0;
    assert!((p99 - 11.207).abs() < 0.05, "{p99}");
    assert!(gatebench::throughput_definition(&run).starts_with("completed responses"));
}

/// wrk2 `-U` prints the corrected distribution, then the uncorrected one: the run's
/// latency is the corrected one alone, each key once; the uncorrected one is kept
/// apart, and drawn as its own dashed line in the spectrum.
#[test]
fn wrk2_uncorrected_latency_is_kept_apart() {
    let run = load_one("wrk2/uncorrected.txt");
    assert_eq!(run.tool, "wrk2");
    assert_eq!(run.measurement, gatebench::Measurement::Corrected);
    assert_eq!(
        common::percentile_keys(&run),
        [
            "50.000", "75.000", "90.000", "99.000", "99.900", "99.990", "99.999", "100.000"
        ]
    );
    assert_eq!(run.latency.percentile("50"), Some(0.86));
    assert_eq!(run.latency.percentile("99"), Some(5.39));
    let u = run
        .latency_uncorrected
        .as_ref()
        .expect("the uncorrected block");
    assert_eq!(u.percentile("50"), Some(0.093));
    assert_eq!(u.percentile("99"), Some(3.73));
    assert_eq!(
        u.mean,
        Some(0.22),
        "from the second block's #[Mean = ...] footer"
    );
    // The rebuilt histogram is the corrected spectrum's.
    let detail = run.detail.as_ref().unwrap();
    let p50 = detail.histogram.value_at_quantile(0.5) as f64 / 1000.0;
    assert!((p50 - 0.863).abs() < 0.01, "{p50}");
    assert_eq!(
        run.target.as_deref(),
        Some("http://127.0.0.1:18080/index.json")
    );
    let chart = gatebench::spectrum_chart(std::slice::from_ref(&run));
    let names: Vec<(&str, bool)> = chart
        .lines
        .iter()
        .map(|l| (l.name.as_str(), l.dashed))
        .collect();
    assert_eq!(
        names,
        [("uncorrected", false), ("uncorrected (uncorrected)", true)]
    );
}

/// A negative latency in a per-request file is an error naming its line.
#[test]
fn a_negative_latency_is_an_error_naming_its_line() {
    let csv = "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset\n\
               0.0012,0.0001,0.0000,0.0001,0.0009,0.0001,200,0.0005\n\
               -0.0030,0.0001,0.0000,0.0001,0.0009,0.0001,200,0.0015\n";
    let e = gatebench::load_bytes(std::path::Path::new("neg.csv"), csv.as_bytes()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with("neg.csv: line 3: column `response-time`"),
        "{msg}"
    );
    assert!(msg.contains("zero or more"), "{msg}");
}
