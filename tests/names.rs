//! The file-name rule, end to end (`src/naming.rs`, `docs/benchmark-formats.md`,
//! "Names"): a memory tier only where the name says memory, every guess marked as
//! one, and `--no-infer` to guess nothing.

use crate::common;

use std::process::Command;

/// `summarize --format json` of the real wrk output copied under each name.
fn summarize(names: &[&str], extra: &[&str]) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = ["summarize", "--format", "json"]
        .iter()
        .chain(extra)
        .map(|s| s.to_string())
        .collect();
    for name in names {
        let path = dir.path().join(name);
        std::fs::copy(common::fixture("wrk/with-latency.txt"), &path).unwrap();
        args.push(path.to_str().unwrap().to_owned());
    }
    let out = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_tier_only_where_the_name_says_memory() {
    let names = [
        "apigw-lambda-512.txt",
        "svc-1024mb.txt",
        "svc_mem2048.txt",
        "fn-256m.txt",
        "run-2024-405.txt",
        "ats-two-runs-400-405.txt",
        "elb-direct.txt",
    ];
    let runs = summarize(&names, &[]);
    let got: Vec<(&str, serde_json::Value)> = runs
        .iter()
        .map(|r| (r["integration"].as_str().unwrap(), r["memory_mb"].clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("apigw-lambda", 512.into()),
            ("svc", 1024.into()),
            ("svc", 2048.into()),
            ("fn", 256.into()),
            ("run-2024-405", serde_json::Value::Null),
            ("ats-two-runs-400-405", serde_json::Value::Null),
            ("elb-direct", serde_json::Value::Null),
        ]
    );
    // Every one of them is a guess, and says so.
    assert!(runs.iter().all(|r| r["inferred_from"] == "file_name"));
}

#[test]
fn no_infer_guesses_nothing() {
    let runs = summarize(&["apigw-lambda-512.txt"], &["--no-infer"]);
    assert_eq!(runs[0]["integration"], serde_json::Value::Null);
    assert_eq!(runs[0]["memory_mb"], serde_json::Value::Null);
    assert!(runs[0].get("inferred_from").is_none());
    // The label stays the file's name.
    assert_eq!(runs[0]["label"], "apigw-lambda-512");
    // What a file states is no guess, and stays: a tidy CSV's integration column.
    let csv = "label,integration,memory_mb,duration_s,requests,throughput_rps\n\
               x,apigw-lambda,512,10,100,10\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stated-lambda-1024.csv");
    std::fs::write(&path, csv).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(["summarize", "--format", "json", "--no-infer"])
        .arg(&path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["integration"], "apigw-lambda");
    assert_eq!(json[0]["memory_mb"], 512);
}

#[test]
fn the_table_says_how_many_were_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lambda-512.txt");
    std::fs::copy(common::fixture("wrk/with-latency.txt"), &path).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .arg("summarize")
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("integration and memory are guessed from names for 1 of 1 runs"),
        "{text}"
    );
}
