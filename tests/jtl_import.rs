//! JMeter JTL: per-label runs computed from the samples.

use crate::common;

use std::path::Path;

use common::{fixture, load};
use gatebench::ImportError;

/// (label, start ms, elapsed ms, success) of the fixture, read independently.
fn samples(rel: &str) -> Vec<(String, i64, i64, bool)> {
    let text = std::fs::read_to_string(fixture(rel)).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[2].to_owned(),
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[7] == "true",
            )
        })
        .collect()
}

#[test]
fn one_run_per_label_with_statistics_from_the_samples() {
    let runs = load("jmeter/html-report-testfile.jtl");
    let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["JR-OK", "JR-KO"]);
    let expected: Vec<_> = samples("jmeter/html-report-testfile.jtl")
        .into_iter()
        .filter(|s| s.0 == "JR-OK")
        .collect();
    let ok = &runs[0];
    assert_eq!(ok.tool, "jmeter");
    assert_eq!(ok.requests, Some(expected.len() as u64));
    let mean = expected.iter().map(|s| s.2 as f64).sum::<f64>() / expected.len() as f64;
    assert!((ok.latency.mean.unwrap() - mean).abs() < 1e-9);
    assert_eq!(
        ok.latency.min,
        Some(expected.iter().map(|s| s.2).min().unwrap() as f64)
    );
    assert_eq!(
        ok.latency.max,
        Some(expected.iter().map(|s| s.2).max().unwrap() as f64)
    );
    // JMeter's own definition: count / (max(timeStamp + elapsed) - min(timeStamp)).
    let start = expected.iter().map(|s| s.1).min().unwrap();
    let end = expected.iter().map(|s| s.1 + s.2).max().unwrap();
    let rps = expected.len() as f64 / ((end - start) as f64 / 1000.0);
    assert!(
        (ok.throughput_rps.unwrap() / rps - 1.0).abs() < 1e-6,
        "{:?} vs {rps}",
        ok.throughput_rps
    );
    // The median of the samples, within HdrHistogram's 3 significant digits.
    let mut sorted: Vec<i64> = expected.iter().map(|s| s.2).collect();
    sorted.sort_unstable();
    let p50 = ok.latency.percentile("50").unwrap();
    let exact = sorted[(sorted.len() - 1) / 2] as f64;
    assert!(
        (p50 - exact).abs() <= exact * 0.001 + 1.0,
        "{p50} vs {exact}"
    );
    assert_eq!(ok.errors.total(), 0);

    let ko = &runs[1];
    assert_eq!(ko.requests, Some(1));
    assert_eq!(ko.errors.non_2xx_3xx, 1);
    assert_eq!(ko.latency.mean, Some(329.0));
    assert!(
        ok.detail.as_ref().unwrap().series.len() >= 10,
        "a per-second series"
    );
}

#[test]
fn headerless_tab_and_reordered_subsets_give_the_same_numbers() {
    let full = load("jmeter/html-report-testfile.jtl");
    for rel in ["jmeter/headerless-tab.jtl", "jmeter/subset-reordered.jtl"] {
        let other = load(rel);
        assert_eq!(other.len(), 2, "{rel}");
        for (a, b) in full.iter().zip(&other) {
            assert_eq!(a.label, b.label, "{rel}");
            assert_eq!(a.requests, b.requests, "{rel}");
            assert_eq!(a.latency.percentiles, b.latency.percentiles, "{rel}");
            assert_eq!(a.throughput_rps, b.throughput_rps, "{rel}");
            assert_eq!(a.errors.total(), b.errors.total(), "{rel}");
        }
    }
}

#[test]
fn labels_give_integration_and_memory() {
    let jtl = "timeStamp,elapsed,label,success\n\
               1000000000000,10,apigw-lambda-512,true\n\
               1000000000100,12,elb-direct,true\n";
    let runs = gatebench::load_bytes(Path::new("mixed.jtl"), jtl.as_bytes()).unwrap();
    assert_eq!(runs[0].integration.as_deref(), Some("apigw-lambda"));
    assert_eq!(runs[0].memory_mb, Some(512));
    assert_eq!(runs[1].integration.as_deref(), Some("elb-direct"));
}

#[test]
fn bad_cells_name_line_and_column() {
    let cases = [
        (
            "timeStamp,elapsed,label\n1000000000000,10,a\n1000000000100,x1,a\n",
            "x.jtl: line 3: column `elapsed`: expected a whole number, found `x1`",
        ),
        (
            "timeStamp,elapsed,label\n2019/03/05 10:00:00.000,10,a\n",
            "line 2: column `timeStamp`: expected a whole number, found `2019/03/05 10:00:00.000`; gatebench reads epoch milliseconds",
        ),
        (
            "timeStamp,elapsed,label\n1000000000000,10,a\n1000000000100,10\n",
            "line 3: expected 3 fields, as in the header, found 2",
        ),
        (
            "timeStamp,elapsed,label\n",
            "line 2: the JTL has a header but no samples",
        ),
        // A lone quote in a number cell: polars 0.55 panics on it; gatebench reports it.
        (
            "timeStamp,elapsed,label\n1000000000000,\",a\n",
            "x.jtl: line 2",
        ),
        (
            "timeStamp,elapsed,label\n1000000000000,,a\n",
            "line 2: column `elapsed`: expected a whole number, found ``",
        ),
    ];
    for (text, expected) in cases {
        let e = match gatebench::load_bytes(Path::new("x.jtl"), text.as_bytes()) {
            Ok(runs) => panic!("expected `{expected}`, got {} run(s)", runs.len()),
            Err(e) => e,
        };
        assert!(
            e.to_string().contains(expected),
            "expected `{expected}` in: {e}"
        );
        assert!(!matches!(e, ImportError::Io { .. }));
    }
}

/// More rows than fit in one block, so that records carry over between blocks.
#[test]
fn a_file_larger_than_one_block() {
    let block = gatebench::BLOCK_BYTES;
    let mut text = String::from("timeStamp,elapsed,label,responseCode,responseMessage,success\n");
    let row = |i: u64| {
        format!(
            "{},{},L{},200,\"OK, quoted\",true\n",
            1_600_000_000_000 + i,
            i % 1000,
            i % 3
        )
    };
    let mut i = 0;
    let mut sum = [0u64; 3];
    while text.len() < block + block / 2 {
        text.push_str(&row(i));
        sum[(i % 3) as usize] += i % 1000;
        i += 1;
    }
    let runs = gatebench::load_bytes(Path::new("big.jtl"), text.as_bytes()).unwrap();
    assert_eq!(
        runs.iter().map(|r| r.requests).sum::<Option<u64>>(),
        Some(i)
    );
    for r in &runs {
        let k: usize = r.label[1..].parse().unwrap();
        let n = (i + 2 - k as u64) / 3;
        assert_eq!(r.requests, Some(n), "{}", r.label);
        assert!((r.latency.mean.unwrap() - sum[k] as f64 / n as f64).abs() < 1e-6);
    }
}

/// A block is read as two halves at once, each into its own totals: labels keep the
/// order in which the file first names them, and an error in the second half names
/// its own line.
#[test]
fn halves_read_at_once_keep_label_order_and_error_lines() {
    let rows = 60_000; // about 2.5 MB: one block, cut in two
    let label_of = |i: usize| match i {
        _ if i >= rows * 3 / 4 && i.is_multiple_of(2) => "late",
        _ if i >= rows / 3 && i.is_multiple_of(5) => "mid",
        _ => "first",
    };
    let text = |bad_row: Option<usize>| {
        let mut t = String::from("timeStamp,elapsed,label,responseCode,success,URL\n");
        for i in 0..rows {
            let elapsed = if Some(i) == bad_row {
                "x".to_string()
            } else {
                (i % 100).to_string()
            };
            t.push_str(&format!(
                "{},{elapsed},{},200,true,http://127.0.0.1:8080/some/longer/path/{i}\n",
                1_600_000_000_000u64 + i as u64,
                label_of(i)
            ));
        }
        t
    };
    let runs = gatebench::load_bytes(Path::new("halves.jtl"), text(None).as_bytes()).unwrap();
    let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["first", "mid", "late"]);
    for run in &runs {
        let n = (0..rows).filter(|&i| label_of(i) == run.label).count();
        assert_eq!(run.requests, Some(n as u64), "{}", run.label);
    }

    let bad = rows * 9 / 10; // in the second half
    let e = gatebench::load_bytes(Path::new("halves.jtl"), text(Some(bad)).as_bytes()).unwrap_err();
    let expected = format!("halves.jtl: line {}: column `elapsed`", bad + 2);
    assert!(
        e.to_string().contains(&expected),
        "expected `{expected}` in: {e}"
    );
}

#[test]
fn summarize_prints_the_runs_of_a_jtl() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args([
            "summarize",
            "--format",
            "json",
            fixture("jmeter/html-report-testfile.jtl").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["label"], "JR-OK");
    assert_eq!(v[1]["errors"]["non_2xx_3xx"], 1);
    assert!(v[0]["latency_ms"]["percentiles"]["99.9"].is_number());
}
