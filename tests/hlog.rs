//! HdrHistogram interval logs written by another implementation (Python's
//! `hdrhistogram`, `tests/fixtures/generate-hlog.py`), read back with the counts and
//! percentiles that implementation printed; the logs of two generators merge into the
//! histogram of all their values; `--export-hlog` writes what reads back.

use crate::common;

use std::process::Command;

/// (tag, count, p50, p90, p99, min, max), µs, as generate-hlog.py printed them.
const GEN_A: [(&str, u64, [u64; 3], u64, u64); 2] = [
    ("api-a", 5000, [3353, 6643, 10935], 2000, 21311),
    ("api-b", 5000, [10191, 20159, 34815], 6000, 53151),
];
const MERGED: [(&str, u64, [u64; 3], u64, u64); 2] = [
    ("api-a", 10000, [3779, 7587, 12943], 2000, 32959),
    ("api-b", 10000, [11431, 22207, 37695], 6000, 69119),
];

fn check(run: &gatebench::Run, expected: &(&str, u64, [u64; 3], u64, u64)) {
    let (_, count, pcts, min, max) = *expected;
    assert_eq!(run.requests, Some(count), "{}", run.label);
    let h = &run.detail.as_ref().unwrap().histogram;
    for (q, p) in [0.5, 0.9, 0.99].into_iter().zip(pcts) {
        assert_eq!(h.value_at_quantile(q), p, "{} at {q}", run.label);
    }
    assert_eq!(run.latency.min, Some(min as f64 / 1000.0));
    assert_eq!(run.latency.max, Some(max as f64 / 1000.0));
}

#[test]
fn a_python_written_log_reads_back_with_its_counts_and_percentiles() {
    let runs = common::load("hlog/gen-a.hlog");
    assert_eq!(runs.len(), 2, "one run per tag");
    for (run, expected) in runs.iter().zip(&GEN_A) {
        assert_eq!(run.label, expected.0);
        check(run, expected);
        // Ten one-second intervals of 500 values.
        assert!((run.throughput_rps.unwrap() - 500.0).abs() < 1e-9);
        let d = run.detail.as_ref().unwrap();
        assert_eq!(d.series.len(), 10);
        assert!(d.epoch, "StartTime makes the intervals Unix time");
        assert_eq!(d.blocks.len(), 10, "each interval is a time block");
    }
}

#[test]
fn two_generators_merge_into_the_histogram_of_all_their_values() {
    let mut set = gatebench::RunSet::default();
    set.add(common::load("hlog/gen-a.hlog"));
    set.add(common::load("hlog/gen-b.hlog"));
    let merged = gatebench::merge_generators(set.runs()).unwrap();
    assert_eq!(merged.len(), 2, "tag by tag");
    for (run, expected) in merged.iter().zip(&MERGED) {
        assert!(run.label.starts_with(expected.0), "{}", run.label);
        check(run, expected);
        // Intervals at the same seconds: 1,000 values a second.
        let d = run.detail.as_ref().unwrap();
        assert!(
            d.series.iter().all(|p| p.requests == 1000),
            "{:?}",
            d.series
        );
    }
}

#[test]
fn the_unit_is_the_users() {
    let path = common::fixture("hlog/gen-a.hlog");
    let options = gatebench::Options {
        settings: gatebench::FormatSettings::default()
            .with("hlog_unit", "ns")
            .unwrap(),
        ..Default::default()
    };
    let ns = gatebench::load_file_with(&path, &options, &|_| {}).unwrap();
    // 3,353 ns, not µs: 3.353 µs, which the µs histogram holds as 3 µs.
    assert_eq!(
        ns[0]
            .detail
            .as_ref()
            .unwrap()
            .histogram
            .value_at_quantile(0.5),
        3
    );
    let out = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(["summarize", "--format", "json", "--hlog-unit", "ms"])
        .arg(&path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // 3,353 ms: 3,353,000 µs, held to 3 significant digits.
    let p50 = v[0]["latency_ms"]["percentiles"]["50"].as_f64().unwrap();
    assert!((p50 / 3353.0 - 1.0).abs() < 0.002, "{p50}");
}

/// A host reduces its raw log to a histogram log; read back, it has the same count
/// and percentiles.
#[test]
fn export_hlog_writes_what_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reduced.hlog");
    let source = common::fixture("jmeter/html-report-testfile.jtl");
    let status = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(["summarize", "--export-hlog"])
        .arg(&out)
        .arg(&source)
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let back = gatebench::load_file(&out).unwrap();
    let original = gatebench::load_file(&source).unwrap();
    assert_eq!(back.len(), original.len());
    for (b, o) in back.iter().zip(&original) {
        assert_eq!(b.label, o.label);
        assert_eq!(b.requests, o.requests);
        assert_eq!(b.latency.percentiles, o.latency.percentiles);
        // The exact max is not in a histogram: its bucket's top is, within 0.1%.
        let (bm, om) = (b.latency.max.unwrap(), o.latency.max.unwrap());
        assert!((bm / om - 1.0).abs() < 1e-3, "{bm} vs {om}");
    }
    // A file of summaries has no histogram to export.
    let status = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(["summarize", "--export-hlog"])
        .arg(dir.path().join("none.hlog"))
        .arg(common::fixture("wrk/with-latency.txt"))
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
}
