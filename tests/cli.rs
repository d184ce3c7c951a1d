//! The command line, end to end: exit codes, JSON, CSV and the table.

use crate::common;

use std::process::Output;

use crate::common::gatebench;
use common::fixture;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn json_has_the_public_schema() {
    let path = fixture("wrk/wrk-readme.txt");
    let out = gatebench(&["summarize", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let expected = serde_json::json!([{
        "source": path.to_str().unwrap(),
        "tool": "wrk",
        "label": "wrk-readme",
        "integration": "wrk-readme",
        "memory_mb": null,
        "inferred_from": "file_name",
        "duration_s": 30.0,
        "connections": 400,
        "threads": 12,
        "requests": 22464657,
        "throughput_rps": 748868.53,
        "transfer_bytes_per_s": 606.33 * 1024.0 * 1024.0,
        "bytes_read": 17.76 * 1024.0 * 1024.0 * 1024.0,
        "latency_ms": {"mean": 635.91 * 0.001, "stdev": 0.89, "min": null, "max": 12.92,
                       "percentiles": {}},
        "errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0, "non_2xx_3xx": 0, "other": 0},
        "target": "http://127.0.0.1:8080/index.html",
        "measurement": "closed_loop"
    }]);
    assert_eq!(json, expected);
    // Key order as documented.
    let text = stdout(&out);
    let keys = [
        "\"source\"",
        "\"tool\"",
        "\"label\"",
        "\"integration\"",
        "\"memory_mb\"",
        "\"inferred_from\"",
        "\"duration_s\"",
        "\"connections\"",
        "\"threads\"",
        "\"requests\"",
        "\"throughput_rps\"",
        "\"transfer_bytes_per_s\"",
        "\"bytes_read\"",
        "\"latency_ms\"",
        "\"errors\"",
    ];
    let at: Vec<usize> = keys.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn percentiles_keep_the_tools_keys_and_order() {
    let path = fixture("wrk/with-latency.txt");
    let out = gatebench(&["summarize", "--format", "json", path.to_str().unwrap()]);
    let text = stdout(&out);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let p = &json[0]["latency_ms"]["percentiles"];
    assert_eq!(p["99"], 6.75);
    let order: Vec<usize> = ["\"50\"", "\"75\"", "\"90\"", "\"99\""]
        .iter()
        .map(|k| text.find(k).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn csv_written_by_summarize_reads_back_identically() {
    let dir = tempfile::tempdir().unwrap();
    let sample = common::seed_runs();
    let json1 = gatebench(&["summarize", "--format", "json", sample.to_str().unwrap()]);
    let csv = gatebench(&["summarize", "--format", "csv", sample.to_str().unwrap()]);
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    let csv_path = dir.path().join("runs.csv");
    std::fs::write(&csv_path, &csv.stdout).unwrap();
    let json2 = gatebench(&["summarize", "--format", "json", csv_path.to_str().unwrap()]);
    assert_eq!(json2.status.code(), Some(0), "{}", stderr(&json2));
    let mut a: serde_json::Value = serde_json::from_slice(&json1.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&json2.stdout).unwrap();
    assert_eq!(a.as_array().unwrap().len(), 15);
    // The CSV states each run's integration and tier: no longer guessed from a name.
    for run in a.as_array_mut().unwrap() {
        assert_eq!(run["inferred_from"], "file_name");
        run.as_object_mut().unwrap().remove("inferred_from");
    }
    assert_eq!(a, b);
}

#[test]
fn table_shows_percent_of_baseline() {
    let sample = common::seed_runs();
    let out = gatebench(&["summarize", sample.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("baseline: elb-direct.run1 (elb-direct)"),
        "{text}"
    );
    // The percentage is computed from the files, not written down here: the mean of
    // the three proxy repeats over the mean of the three direct ones.
    let mean = |name: &str| {
        let rps: Vec<f64> = (1..=3)
            .map(|k| {
                let path = sample.join(format!("{name}.run{k}.txt"));
                gatebench::load_file(&path).unwrap()[0]
                    .throughput_rps
                    .unwrap()
            })
            .collect();
        rps.iter().sum::<f64>() / 3.0
    };
    let pct = gatebench::format_pct(mean("apigw-http-proxy") / mean("elb-direct") * 100.0);
    assert!(
        text.contains(&format!("apigw-http-proxy: {pct} (")),
        "{pct} in {text}"
    );
    // Alternatives read as alternatives: how they differ, never "regressed".
    assert!(
        text.contains("of elb-direct's throughput, p99 2.2x (")
            && text.contains("), n = 3 vs 3: lower throughput, slower p99"),
        "{text}"
    );
    assert!(
        !text.contains("regressed") && !text.contains("differ in target"),
        "{text}"
    );
    assert!(text.contains("repeats (the mean of each group"), "{text}");
    assert!(text.contains("elb-direct (n = 3)"), "{text}");

    let out = gatebench(&[
        "summarize",
        "--baseline",
        "apigw-lambda-128.run2",
        sample.to_str().unwrap(),
    ]);
    assert!(stdout(&out).contains("baseline: apigw-lambda-128.run2 (apigw-lambda 128 MB)"));
}

#[test]
fn bad_input_exits_2_and_names_file_and_line() {
    let bad = fixture("wrk/connection-refused.txt");
    let good = fixture("wrk/with-latency.txt");
    let out = gatebench(&["summarize", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty(), "no partial summary");
    let err = stderr(&out);
    assert!(
        err.contains("connection-refused.txt: line 1: wrk could not connect"),
        "{err}"
    );

    let out = gatebench(&["summarize", "--baseline", "nope", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--baseline nope: no run has that label"));

    let out = gatebench(&["summarize", "--format", "xml", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "clap's usage errors exit 2 too");

    let out = gatebench(&["summarize", "does-not-exist.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("does-not-exist.txt: cannot read the file"));
}

#[test]
fn merge_adds_throughput_and_refuses_summaries() {
    let a = fixture("hey/requests.csv");
    let b = fixture("ab/requests.tsv");
    let one = |p: &std::path::Path| -> serde_json::Value {
        serde_json::from_slice(
            &gatebench(&["summarize", "--format", "json", p.to_str().unwrap()]).stdout,
        )
        .unwrap()
    };
    let (ra, rb) = (one(&a), one(&b));
    let out = gatebench(&[
        "summarize",
        "--merge",
        "--format",
        "json",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let merged: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(merged.as_array().unwrap().len(), 1);
    assert_eq!(merged[0]["requests"], 4000);
    let sum = ra[0]["throughput_rps"].as_f64().unwrap() + rb[0]["throughput_rps"].as_f64().unwrap();
    assert!((merged[0]["throughput_rps"].as_f64().unwrap() - sum).abs() < 1e-6);
    assert_eq!(merged[0]["tool"], "hey + ab");
    assert_eq!(
        merged[0]["merged_from"],
        serde_json::json!(["requests", "requests (2)"])
    );
    assert!(
        ra[0].get("merged_from").is_none(),
        "only merged runs say so"
    );

    let wrk = fixture("wrk/with-latency.txt");
    let out = gatebench(&[
        "summarize",
        "--merge",
        a.to_str().unwrap(),
        wrk.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--merge: cannot merge with-latency (wrk"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn input_format_overrides_detection() {
    // Forced as wrk, an ab summary is refused with wrk's own error.
    let ab = fixture("ab/summary.txt");
    let out = gatebench(&["summarize", "--input-format", "wrk", ab.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("summary.txt: line"),
        "{}",
        stderr(&out)
    );
    // Forced as what it is, it loads.
    let out = gatebench(&[
        "summarize",
        "--input-format",
        "ab",
        "--format",
        "json",
        ab.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["tool"], "ab");
}

/// A latency distribution alone (ab `-e`) has null run figures in the JSON, `–` in
/// the table, and the sentences say which run lacks a throughput.
#[test]
fn a_distribution_alone_has_no_throughput() {
    let e = fixture("ab/percentiles.csv");
    let s = fixture("ab/summary.txt");
    let out = gatebench(&["summarize", "--format", "json", e.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    for key in ["throughput_rps", "requests", "duration_s"] {
        assert!(json[0][key].is_null(), "{key}: {}", json[0][key]);
    }
    assert_eq!(json[0]["latency_ms"]["percentiles"]["99"], 4.763);

    let out = gatebench(&["summarize", e.to_str().unwrap(), s.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(text.contains("baseline: summary"), "{text}");
    assert!(
        text.contains("percentiles: no comparison (percentiles has no throughput)"),
        "{text}"
    );
}

/// Every command that reads files takes the same reading options: the general reader
/// gives the same JTL summary as the fast path, and `compare` reads an hlog in the
/// unit it is told.
#[test]
fn reading_options_are_shared_by_the_commands() {
    let jtl = fixture("jmeter/html-report-testfile.jtl");
    let jtl = jtl.to_str().unwrap();
    let fast = gatebench(&["summarize", "--format", "json", jtl]);
    let general = gatebench(&["summarize", "--format", "json", "--general-reader", jtl]);
    assert_eq!(fast.status.code(), Some(0), "{}", stderr(&fast));
    assert_eq!(fast.stdout, general.stdout);
    let hlog = fixture("hlog/gen-a.hlog");
    let hlog = hlog.to_str().unwrap();
    let p50 = |unit: &str| {
        let out = gatebench(&[
            "compare",
            "--format",
            "json",
            "--metric",
            "p50",
            "--hlog-unit",
            unit,
            "--baseline",
            hlog,
            "--candidate",
            hlog,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.to_string()
    };
    assert_ne!(p50("us"), p50("ms"));
}

/// `summarize` and the report order groups and runs by integration, then tier as a
/// number, then repeat.
#[test]
fn tiers_are_ordered_by_number_in_summarize_and_the_report() {
    let sample = common::seed_runs().to_string_lossy().into_owned();
    let out = gatebench(&["summarize", &sample]);
    let text = stdout(&out);
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("r.md");
    let report = gatebench(&[
        "report",
        "--format",
        "markdown",
        "--out",
        md.to_str().unwrap(),
        &sample,
    ]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    let markdown = std::fs::read_to_string(&md).unwrap();
    // A run's row: at the start of a line in the table, under its group in the report.
    for (what, text, row) in [("summarize", &text, "\n"), ("report", &markdown, "↳ ")] {
        let at = |s: &str| {
            let found = if s.contains(".run") {
                format!("{row}{s}")
            } else {
                s.to_owned()
            };
            text.find(&found)
                .unwrap_or_else(|| panic!("{what}: {found} in {text}"))
        };
        // The runs, in order.
        let runs = [
            "apigw-http-proxy.run1",
            "apigw-lambda-128.run1",
            "apigw-lambda-128.run3",
            "apigw-lambda-512.run1",
            "apigw-lambda-1024.run1",
            "elb-direct.run1",
        ];
        for pair in runs.windows(2) {
            assert!(
                at(pair[0]) < at(pair[1]),
                "{what}: {} before {}",
                pair[0],
                pair[1]
            );
        }
        // The groups, in order.
        let groups = [
            "apigw-lambda 128 MB (n = 3)",
            "apigw-lambda 512 MB (n = 3)",
            "apigw-lambda 1024 MB (n = 3)",
        ];
        for pair in groups.windows(2) {
            assert!(
                at(pair[0]) < at(pair[1]),
                "{what}: {} before {}",
                pair[0],
                pair[1]
            );
        }
    }
}

/// The README's `summarize` example is what the command prints: its first lines,
/// with the numbers of the bundled data, until the README cuts it short.
#[test]
fn the_readme_summarize_example_is_what_it_prints() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let shown: Vec<&str> = readme
        .split("$ gatebench summarize sample-data/experiment\n")
        .nth(1)
        .expect("the README shows the example")
        .lines()
        .take_while(|l| *l != "...")
        .collect();
    assert!(shown.len() >= 2, "{shown:?}");
    let out = common::gatebench(&[
        "summarize",
        root.join("sample-data/experiment").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    let printed = common::text(&out.stdout);
    let first: Vec<&str> = printed.lines().take(shown.len()).collect();
    assert_eq!(first, shown);

    // The folder of the three experiments names them rather than mixing them.
    let out = common::gatebench(&["summarize", root.join("sample-data").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::text(&out.stderr);
    for name in ["distributed", "experiment", "load-curve"] {
        assert!(err.contains(&format!("sample-data/{name}")), "{err}");
    }
    assert!(
        err.contains("3 experiments, each its own comparison"),
        "{err}"
    );
}
