//! `gatebench compare`, the CI gate, end to end on real repeated outputs: a server
//! with a fixed delay (`fast`), the same server again (`fast-again`), and one 20%
//! slower (`slow`); `tests/fixtures/generate-gate.sh` made them.

use crate::common;

use std::process::{Command, Output};

fn compare(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .arg("compare")
        .args(args)
        .output()
        .unwrap()
}

fn gate(name: &str) -> String {
    common::fixture(&format!("gate/{name}"))
        .to_string_lossy()
        .into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn a_slower_server_fails_the_gate_and_a_repeat_passes() {
    let (fast, slow, again) = (gate("fast"), gate("slow"), gate("fast-again"));
    let out = compare(&[
        "--baseline",
        &fast,
        "--candidate",
        &slow,
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["regressed"], true);
    let metrics = v["metrics"].as_array().unwrap();
    let keys: Vec<&str> = metrics
        .iter()
        .map(|m| m["metric"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "throughput_rps",
            "latency_mean_ms",
            "latency_p50_ms",
            "latency_p90_ms",
            "latency_p99_ms"
        ]
    );
    let t = &metrics[0];
    assert_eq!(t["baseline"]["n"], 3);
    assert_eq!(t["candidate"]["n"], 3);
    assert_eq!(t["significant"], true);
    assert_eq!(t["verdict"], "regressed");
    // 6 ms against 5 ms at 20 connections: about 1/6 less throughput.
    let change = t["change_pct"].as_f64().unwrap();
    assert!((-20.0..=-10.0).contains(&change), "{change}");
    let ci = t["change_ci_pct"].as_array().unwrap();
    let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
    assert!(lo < change && change < hi && hi < 0.0, "{lo} {change} {hi}");
    assert!(t["baseline"]["ci_low"].as_f64().unwrap() < t["baseline"]["mean"].as_f64().unwrap());
    assert_eq!(metrics[1]["verdict"], "regressed", "the mean latency rose");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("regressed beyond 2%: throughput -"),
        "{stderr}"
    );

    let out = compare(&[
        "--baseline",
        &fast,
        "--candidate",
        &again,
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v = json(&out);
    assert_eq!(v["regressed"], false);
    for m in v["metrics"].as_array().unwrap() {
        assert_ne!(m["verdict"], "regressed", "{m}");
    }
}

/// One run of per-request samples a side: intervals from the samples (block
/// bootstrap), so the gate is tested too.
#[test]
fn per_request_files_are_tested_from_their_samples() {
    let (fast, slow, again) = (
        gate("csv/fast.csv"),
        gate("csv/slow.csv"),
        gate("csv/fast-again.csv"),
    );
    let out = compare(&[
        "--baseline",
        &fast,
        "--candidate",
        &slow,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let t = &v["metrics"][0];
    assert_eq!(t["baseline"]["basis"], "samples");
    assert_eq!(t["baseline"]["n"], 1);
    assert_eq!(t["significant"], true);
    let out = compare(&["--baseline", &fast, "--candidate", &again]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// One summary a side: no test; the plain change is judged against the threshold, and
/// the report says so.
#[test]
fn one_summary_each_is_judged_untested() {
    let base = gate("fast/api.run1.txt");
    let slow = gate("slow/api.run1.txt");
    let again = gate("fast-again/api.run1.txt");
    let out = compare(&[
        "--baseline",
        &base,
        "--candidate",
        &slow,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["metrics"][0]["significant"], serde_json::Value::Null);
    assert_eq!(v["metrics"][0]["change_ci_pct"], serde_json::Value::Null);
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("no significance test")),
        "{warnings:?}"
    );
    let out = compare(&[
        "--baseline",
        &base,
        "--candidate",
        &again,
        "--metric",
        "throughput",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("no significance test possible"), "{text}");
}

/// A regression within `--max-regression` passes; `--metric` picks what gates.
#[test]
fn thresholds_and_metrics_are_the_users() {
    let (fast, slow) = (gate("fast"), gate("slow"));
    let out = compare(&[
        "--baseline",
        &fast,
        "--candidate",
        &slow,
        "--max-regression",
        "30",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["regressed"], false);
    assert_eq!(
        v["metrics"][0]["verdict"], "regressed",
        "still a regression, within the gate"
    );
    let out = compare(&[
        "--baseline",
        &fast,
        "--candidate",
        &slow,
        "--metric",
        "p99",
        "--format",
        "json",
    ]);
    let v = json(&out);
    assert_eq!(v["metrics"].as_array().unwrap().len(), 1);
    assert_eq!(v["metrics"][0]["metric"], "latency_p99_ms");
}

#[test]
fn markdown_and_junit_for_ci_systems() {
    let (fast, slow) = (gate("fast"), gate("slow"));
    let out = compare(&[
        "--baseline",
        &fast,
        "--candidate",
        &slow,
        "--format",
        "markdown",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the report is printed with exit 1 too"
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("### gatebench compare: REGRESSED"), "{md}");
    assert!(
        md.contains("| throughput |") && md.contains("❌ fail"),
        "{md}"
    );
    let out = compare(&[
        "--baseline",
        &fast,
        "--candidate",
        &slow,
        "--format",
        "junit",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(
        xml.contains("<testsuite name=\"gatebench compare\" tests=\"5\" failures=\"5\">"),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), 5);
    assert!(
        xml.contains("<failure message=\"throughput regressed"),
        "{xml}"
    );
}

/// Bad input exits 2, names what is wrong, and prints nothing to stdout.
#[test]
fn bad_input_exits_2() {
    let fast = gate("fast");
    let binary = common::fixture("malformed/binary.bin")
        .to_string_lossy()
        .into_owned();
    for (args, expected) in [
        (
            vec!["--baseline", &fast, "--candidate", &binary],
            "binary.bin: line",
        ),
        (
            vec![
                "--baseline",
                &fast,
                "--candidate",
                &fast,
                "--confidence",
                "1.5",
            ],
            "--confidence 1.5",
        ),
        (
            vec!["--baseline", &fast, "--candidate", &fast, "--noise=-1"],
            "--noise -1",
        ),
        (
            vec!["--baseline", &fast, "--candidate", &fast, "--metric", "p42"],
            "p42",
        ),
        (vec!["--baseline", &fast], "--candidate"),
        (
            vec!["--baseline", &fast, "--candidate", "/nonexistent/x.txt"],
            "x.txt",
        ),
    ] {
        let out = compare(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}
