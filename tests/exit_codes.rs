//! Exit codes as README.md states them (0 success, 1 a check did not pass, 2 any
//! error, a failed write included), a write that fails before the long work, a
//! closed standard output, and `-` for standard input.

use crate::common;

use crate::common::{gatebench, text};
use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

/// `gatebench ARGS` with `input` on its standard input.
fn with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn arg(path: &std::path::Path) -> String {
    path.to_string_lossy().into_owned()
}

#[test]
fn zero_one_and_two() {
    let sample = arg(&common::seed_runs());
    let ok = gatebench(&["summarize", &sample]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    // A gate that did not pass: the proxy has half the throughput of the direct run.
    let direct = arg(&common::seed_runs().join("elb-direct.run1.txt"));
    let proxy = arg(&common::seed_runs().join("apigw-http-proxy.run1.txt"));
    let gate = gatebench(&["compare", "--baseline", &direct, "--candidate", &proxy]);
    assert_eq!(gate.status.code(), Some(1), "{}", text(&gate.stderr));
    // Bad input.
    let missing = gatebench(&["summarize", "no/such/file.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    // A write that fails is an error, not a failed check.
    let dir = tempfile::tempdir().unwrap();
    let hlog = dir.path().join("nodir/out.hlog");
    let jtl = arg(&common::fixture("jmeter/html-report-testfile.jtl"));
    let write = gatebench(&["summarize", &jtl, "--export-hlog", &arg(&hlog)]);
    assert_eq!(write.status.code(), Some(2), "{}", text(&write.stderr));
    assert!(
        text(&write.stderr).contains(&format!(
            "out.hlog: cannot write: the folder {} does not exist",
            dir.path().join("nodir").display()
        )),
        "{}",
        text(&write.stderr)
    );
}

/// The report's folder is checked before any file is read or chart drawn: with both
/// a missing input and a missing folder, the folder is what is named.
#[test]
fn a_write_into_a_missing_folder_fails_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nodir/report.html");
    let sample = arg(&common::seed_runs());
    for args in [
        vec![
            "report",
            &sample,
            "no/such/input.txt",
            "--out",
            out.to_str().unwrap(),
        ],
        vec!["workspace", &sample, "--out", out.to_str().unwrap()],
    ] {
        let o = gatebench(&args);
        let stderr = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        assert_eq!(
            stderr.trim(),
            format!(
                "error: {}: cannot write: the folder {} does not exist",
                out.display(),
                dir.path().join("nodir").display()
            ),
            "{args:?}"
        );
    }
    assert!(!dir.path().join("nodir").exists());
}

/// `gatebench summarize ... | head -1`: the reader goes away, and gatebench ends
/// quietly with 0.
#[test]
fn a_closed_pipe_ends_quietly() {
    let sample = arg(&common::seed_runs());
    // More than a pipe holds (64 KiB): gatebench is still writing when the reader
    // goes.
    let mut args = vec!["summarize", "--format", "json"];
    args.extend([sample.as_str(); 8]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(text(&out.stderr), "", "nothing said of the closed pipe");
    assert_eq!(out.status.code(), Some(0));
}

/// `wrk ... | gatebench summarize -`: the format detected as for a file, the runs
/// labelled `stdin`, or as `--stdin-label` says (and named from it as a file is).
#[test]
fn a_dash_reads_standard_input() {
    let wrk = std::fs::read(common::fixture("wrk/with-latency.txt")).unwrap();
    let out = with_stdin(&["summarize", "--format", "json", "-"], &wrk);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let runs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = common::load_one("wrk/with-latency.txt");
    assert_eq!(runs[0]["label"], "stdin");
    assert_eq!(runs[0]["source"], "stdin");
    assert_eq!(runs[0]["tool"], "wrk");
    assert_eq!(runs[0]["throughput_rps"], file.throughput_rps.unwrap());

    let out = with_stdin(
        &[
            "summarize",
            "--format",
            "json",
            "--stdin-label",
            "apigw-lambda-512mb",
            "-",
        ],
        &wrk,
    );
    let runs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(runs[0]["label"], "apigw-lambda-512mb");
    assert_eq!(runs[0]["integration"], "apigw-lambda");
    assert_eq!(runs[0]["memory_mb"], 512);

    // A per-request file, compressed, streams in the same way.
    let jtl = std::fs::read(common::fixture("jmeter/html-report-testfile.jtl")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&jtl).unwrap();
    let out = with_stdin(
        &["summarize", "--format", "json", "-"],
        &gz.finish().unwrap(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let runs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let labels: Vec<&str> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["JR-OK", "JR-KO"], "the JTL's own labels");

    // Nothing on standard input is an empty file, said as such.
    let out = with_stdin(&["summarize", "-"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("stdin: line 1: the file is empty"),
        "{}",
        text(&out.stderr)
    );
}
