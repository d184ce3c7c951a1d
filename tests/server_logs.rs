//! Server-side logs read as runs (`docs/server-logs.md`): every Lambda file of
//! `tests/fixtures/aws-logs/` (real files from public repositories, see its
//! `PROVENANCE.tsv`) with figures counted by hand from the file, each edge case
//! of `FIELDS.md`, and the JSON log format from the documentation's example.

use std::path::Path;

use crate::common::{fixture, gatebench, text};

/// `summarize --format json` of `files`: each run's JSON.
fn runs_of(files: &[&Path]) -> Vec<serde_json::Value> {
    let mut args = vec!["summarize", "--format", "json"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let o = gatebench(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    serde_json::from_slice::<serde_json::Value>(&o.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn one(rel: &str) -> serde_json::Value {
    let runs = runs_of(&[&fixture(rel)]);
    assert_eq!(runs.len(), 1, "{rel}: {runs:?}");
    runs[0].clone()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

/// One row per Lambda file: what its REPORT lines say, counted by hand. The mean
/// is the sum of the `Duration:` values over the REPORTs; the max the largest; the
/// memory the largest `Max Memory Used`; cold starts the REPORTs with an Init or
/// Restore Duration plus the `INIT_REPORT` lines.
#[test]
fn every_lambda_file_gives_its_hand_counted_figures() {
    struct Case {
        file: &'static str,
        label: &'static str,
        memory: u64,
        invocations: u64,
        cold: u64,
        timeouts: u64,
        mean: f64,
        max: f64,
        used: u64,
    }
    let cases = [
        // 2 REPORTs: 55.01 (Init 127.75) and 55.80 → (55.01+55.80)/2 = 55.405.
        Case {
            file: "console-copy-local-tz-custom-runtime-readme.md",
            label: "console-copy-local-tz-custom-runtime-readme",
            memory: 128,
            invocations: 2,
            cold: 1,
            timeouts: 0,
            mean: 55.405,
            max: 55.80,
            used: 31,
        },
        // One cold REPORT: 244.42 ms, Init 374.97, 99 of 1024 MB.
        Case {
            file: "console-csv-2020-100ms-billing-apigw-event.csv",
            label: "console-csv-2020-100ms-billing-apigw-event",
            memory: 1024,
            invocations: 1,
            cold: 1,
            timeouts: 0,
            mean: 244.42,
            max: 244.42,
            used: 99,
        },
        Case {
            file: "console-csv-2022-single-invoke.csv",
            label: "console-csv-2022-single-invoke",
            memory: 128,
            invocations: 1,
            cold: 0,
            timeouts: 0,
            mean: 1524.10,
            max: 1524.10,
            used: 13,
        },
        // 60188.97 (Init 1034.58) + 60303.48 + 60555.89 + 45769.17 = 226817.51; /4.
        Case {
            file: "console-csv-2025-emf-chained-invokes.csv",
            label: "console-csv-2025-emf-chained-invokes",
            memory: 1024,
            invocations: 4,
            cold: 1,
            timeouts: 0,
            mean: 56704.3775,
            max: 60555.89,
            used: 122,
        },
        Case {
            file: "console-csv-2026-init-billed.csv",
            label: "console-csv-2026-init-billed",
            memory: 512,
            invocations: 1,
            cold: 1,
            timeouts: 0,
            mean: 68058.83,
            max: 68058.83,
            used: 240,
        },
        // INIT_REPORT (timeout) then 10866.62 + 1.59 + 2.22 = 10870.43; /3.
        Case {
            file: "console-csv-init-timeout-suppressed-init.csv",
            label: "console-csv-init-timeout-suppressed-init",
            memory: 128,
            invocations: 3,
            cold: 1,
            timeouts: 0,
            mean: 10870.43 / 3.0,
            max: 10866.62,
            used: 127,
        },
        // A restored REPORT (2019.16, Restore 244.38, timed out) and, after an
        // INIT_REPORT, 907.25: two cold starts, one timeout.
        Case {
            file: "console-csv-snapstart-restore-xray-timeout.csv",
            label: "console-csv-snapstart-restore-xray-timeout",
            memory: 512,
            invocations: 2,
            cold: 2,
            timeouts: 1,
            mean: 1463.205,
            max: 2019.16,
            used: 150,
        },
        // 14 REPORTs summing to 11287.70, 9 with an Init Duration, two `Task timed
        // out` lines (3.10 s and 3.12 s).
        Case {
            file: "console-csv-timeouts-async-retries-2021.csv",
            label: "console-csv-timeouts-async-retries-2021",
            memory: 128,
            invocations: 14,
            cold: 9,
            timeouts: 2,
            mean: 11287.70 / 14.0,
            max: 3122.58,
            used: 79,
        },
        Case {
            file: "cwl-subscription-payload-coldstart-2020-100ms.json",
            label: "storms-cloudwatch-event",
            memory: 128,
            invocations: 1,
            cold: 1,
            timeouts: 0,
            mean: 1.76,
            max: 1.76,
            used: 48,
        },
        Case {
            file: "cwl-subscription-payload-node-invocation-2020.json",
            label: "hello-dog-node-dev-hello12x",
            memory: 128,
            invocations: 1,
            cold: 0,
            timeouts: 0,
            mean: 619.31,
            max: 619.31,
            used: 118,
        },
        Case {
            file: "cwl-subscription-payload-timeout-2020.json",
            label: "storms-cloudwatch-event",
            memory: 128,
            invocations: 1,
            cold: 1,
            timeouts: 1,
            mean: 3003.16,
            max: 3003.16,
            used: 48,
        },
        // 19.14 + 18.82 + 6.85 + 21.03 + 7.91 = 73.75; /5. Named by its @log group.
        Case {
            file: "insights-csv-export-report-lines-desc.csv",
            label: "redis-stack-charge_request_redis-lambda-fn",
            memory: 128,
            invocations: 5,
            cold: 0,
            timeouts: 0,
            mean: 14.75,
            max: 21.03,
            used: 107,
        },
        // 98 REPORTs summing to 794782.50; 7 with an Init Duration (12 INIT_STARTs
        // are no cold starts by themselves); the longest 9526.32.
        Case {
            file: "logs-tail-short-format-2026-init-billed.txt",
            label: "logs-tail-short-format-2026-init-billed",
            memory: 128,
            invocations: 98,
            cold: 7,
            timeouts: 0,
            mean: 794782.50 / 98.0,
            max: 9526.32,
            used: 98,
        },
        // 8 REPORTs, each after an INIT_START, each with an Init Duration: 636.10/8.
        Case {
            file: "logs-tail-short-format-hourly-cold-starts.txt",
            label: "logs-tail-short-format-hourly-cold-starts",
            memory: 512,
            invocations: 8,
            cold: 8,
            timeouts: 0,
            mean: 79.5125,
            max: 90.47,
            used: 97,
        },
        Case {
            file: "sam-logs-format-in-readme-java-2021.md",
            label: "sam-logs-format-in-readme-java-2021",
            memory: 512,
            invocations: 1,
            cold: 1,
            timeouts: 0,
            mean: 5006.06,
            max: 5006.06,
            used: 127,
        },
    ];
    for c in cases {
        let r = one(&format!("aws-logs/lambda/{}", c.file));
        let s = &r["server"];
        let d = &s["components"]["duration"];
        let at = c.file;
        assert_eq!(r["label"], c.label, "{at}");
        assert_eq!(r["tool"], "lambda", "{at}");
        assert_eq!(r["measurement"], "server_log", "{at}");
        assert!(
            r["throughput_rps"].is_null(),
            "{at}: a log has no client throughput"
        );
        assert_eq!(r["memory_mb"], c.memory, "{at}");
        assert_eq!(s["source"], "lambda", "{at}");
        assert_eq!(s["invocations"], c.invocations, "{at}");
        assert_eq!(s["requests"], c.invocations, "{at}");
        assert_eq!(s["cold_starts"], c.cold, "{at}");
        assert_eq!(s["timeouts"], c.timeouts, "{at}");
        assert_eq!(s["memory_size_mb"], c.memory, "{at}");
        assert_eq!(s["max_memory_used_mb"], c.used, "{at}");
        assert_eq!(d["n"], c.invocations, "{at}");
        assert!(close(d["mean_ms"].as_f64().unwrap(), c.mean), "{at}: {d}");
        assert!(close(d["max_ms"].as_f64().unwrap(), c.max), "{at}: {d}");
        // The run's latency is the function's Duration, never its Billed Duration.
        assert!(
            close(r["latency_ms"]["max"].as_f64().unwrap(), c.max),
            "{at}"
        );
        assert!(s["window"]["start"].is_string(), "{at}");
    }
}

/// The transcript that holds API Gateway access logs and the function's `aws logs
/// tail` lines: 11 REPORTs, 2 of them cold (Init 487.97 ms and 289.80 ms).
#[test]
fn the_function_lines_of_a_transcript_are_read() {
    let r = one("aws-logs/apigw/rest-json-access-and-lambda-logs-tail-transcript.md");
    let s = &r["server"];
    assert_eq!(s["invocations"], 11);
    assert_eq!(s["cold_starts"], 2);
    let init = &s["components"]["init"];
    assert_eq!(init["n"], 2);
    assert!(close(init["max_ms"].as_f64().unwrap(), 487.97), "{init}");
}

/// Billed Duration is its own component, never the latency: 100 ms rounding before
/// December 2020, INIT billed since August 2025, capped at the timeout.
#[test]
fn billed_duration_is_never_a_latency() {
    let billed = |rel: &str| {
        let r = one(rel);
        let s = &r["server"]["components"];
        (
            s["billed_duration"]["max_ms"].as_f64().unwrap(),
            s["duration"]["max_ms"].as_f64().unwrap(),
        )
    };
    // July 2020: 244.42 ms billed as 300 ms.
    assert_eq!(
        billed("aws-logs/lambda/console-csv-2020-100ms-billing-apigw-event.csv"),
        (300.0, 244.42)
    );
    // January 2026: 68058.83 ms + Init 427.95 ms billed as 68487 ms.
    assert_eq!(
        billed("aws-logs/lambda/console-csv-2026-init-billed.csv"),
        (68487.0, 68058.83)
    );
    // 2021 timeouts: 3122.58 ms ran, 3000 ms billed (the timeout).
    assert_eq!(
        billed("aws-logs/lambda/console-csv-timeouts-async-retries-2021.csv"),
        (3000.0, 3122.58)
    );
}

/// An init that timed out (`INIT_REPORT ... Status: timeout`) is a cold start whose
/// init is its own component; the REPORT after it carries no Init Duration, its
/// Duration holding the init that Lambda ran again inside the invoke.
#[test]
fn a_suppressed_init_is_one_cold_start() {
    let r = one("aws-logs/lambda/console-csv-init-timeout-suppressed-init.csv");
    let s = &r["server"];
    assert_eq!(s["cold_starts"], 1);
    assert_eq!(s["components"]["init"]["n"], 1);
    assert!(close(
        s["components"]["init"]["max_ms"].as_f64().unwrap(),
        10001.23
    ));
    assert!(close(
        s["components"]["duration"]["max_ms"].as_f64().unwrap(),
        10866.62
    ));
}

/// Asynchronous retries keep their request id: three REPORTs of `c682e523-…` are
/// three invocations (12 request ids, 14 invocations).
#[test]
fn async_retries_are_each_an_invocation() {
    let file = fixture("aws-logs/lambda/console-csv-timeouts-async-retries-2021.csv");
    let content = std::fs::read_to_string(&file).unwrap();
    assert_eq!(content.matches("REPORT RequestId: c682e523").count(), 3);
    let r = one("aws-logs/lambda/console-csv-timeouts-async-retries-2021.csv");
    assert_eq!(r["server"]["invocations"], 14);
    assert_eq!(r["requests"], 14);
}

/// A console copy's times are in the browser's zone (`+08:00`): the window is in
/// UTC, from its `INIT_START` (`2023-12-15T14:03:59.046+08:00`, line 74) to its
/// last REPORT (`14:04:07.330+08:00`, line 82).
#[test]
fn local_time_zones_become_utc() {
    let r = one("aws-logs/lambda/console-copy-local-tz-custom-runtime-readme.md");
    assert_eq!(r["server"]["window"]["start"], "2023-12-15T06:03:59.046Z");
    assert_eq!(r["server"]["window"]["end"], "2023-12-15T06:04:07.330Z");
}

/// A Logs Insights export lists the newest row first; the window is still from the
/// oldest (the START of 13:16:17.654, its last row) to the newest (the REPORT of
/// 13:16:17.801, its first).
#[test]
fn rows_newest_first_read_in_time_order() {
    let r = one("aws-logs/lambda/insights-csv-export-report-lines-desc.csv");
    assert_eq!(r["server"]["window"]["start"], "2023-07-13T13:16:17.654Z");
    assert_eq!(r["server"]["window"]["end"], "2023-07-13T13:16:17.801Z");
}

/// The JSON log format, from the records of the Telemetry API's schema reference
/// (`docs/server-logs.md`): an init report, then a cold invoke's report (Duration
/// 1233.96 ms, Init 463.512 ms, billed 1698 ms), then a timeout's.
#[test]
fn the_json_log_format_reads_as_the_text_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("json-format.log");
    std::fs::write(
        &path,
        r#"{"time":"2026-01-10T10:00:00.000Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init","runtimeVersion":"python:3.12.v40","functionName":"orders","functionVersion":"$LATEST"}}
{"time":"2026-01-10T10:00:00.464Z","type":"platform.start","record":{"requestId":"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa","version":"$LATEST"}}
{"time":"2026-01-10T10:00:01.698Z","type":"platform.report","record":{"requestId":"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa","metrics":{"durationMs":1233.96,"billedDurationMs":1698,"memorySizeMB":512,"maxMemoryUsedMB":93,"initDurationMs":463.512},"status":"success"}}
{"time":"2026-01-10T10:00:07.000Z","type":"platform.report","record":{"requestId":"1b2c3d4e-0000-4000-8000-000000000001","metrics":{"durationMs":5000.0,"billedDurationMs":5000,"memorySizeMB":512,"maxMemoryUsedMB":95},"status":"timeout"}}
"#,
    )
    .unwrap();
    let r = &runs_of(&[&path])[0];
    let s = &r["server"];
    assert_eq!(s["invocations"], 2);
    assert_eq!(s["cold_starts"], 1);
    assert_eq!(s["timeouts"], 1);
    assert_eq!(s["errors"], 1);
    assert_eq!(s["max_memory_used_mb"], 95);
    assert_eq!(r["memory_mb"], 512);
    assert!(close(
        s["components"]["init"]["mean_ms"].as_f64().unwrap(),
        463.512
    ));
    assert!(close(
        s["components"]["duration"]["mean_ms"].as_f64().unwrap(),
        (1233.96 + 5000.0) / 2.0
    ));
    assert_eq!(s["window"]["start"], "2026-01-10T10:00:00.000Z");
}

/// `aws logs filter-log-events --output json`: events with their stream, no group
/// (the file's name names the function), two sizes of one function: two runs.
#[test]
fn filter_log_events_json_and_memory_sizes_as_tiers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.json");
    let event = |ms: i64, size: u32, d: f64| {
        format!(
            r#"{{"logStreamName":"2026/01/10/[$LATEST]abc","timestamp":{ms},"message":"REPORT RequestId: 00000000-0000-4000-8000-00000000000{}\tDuration: {d} ms\tBilled Duration: {} ms\tMemory Size: {size} MB\tMax Memory Used: 70 MB\t\n","ingestionTime":{ms},"eventId":"{ms}"}}"#,
            size % 10,
            d.ceil()
        )
    };
    let text = format!(
        "{{\"events\": [{}, {}, {}], \"searchedLogStreams\": []}}",
        event(1_768_000_000_000, 512, 40.0),
        event(1_768_000_001_000, 1024, 20.0),
        event(1_768_000_002_000, 1024, 30.0)
    );
    std::fs::write(&path, text).unwrap();
    let runs = runs_of(&[&path]);
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["label"], "orders 512 MB");
    assert_eq!(runs[1]["label"], "orders 1024 MB");
    assert_eq!(runs[1]["memory_mb"], 1024);
    assert_eq!(runs[1]["server"]["invocations"], 2);
    assert!(close(
        runs[1]["server"]["components"]["duration"]["mean_ms"]
            .as_f64()
            .unwrap(),
        25.0
    ));
}

/// A REPORT without its Duration is named with its file and line.
#[test]
fn a_malformed_report_names_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.log");
    std::fs::write(
        &path,
        "START RequestId: a Version: $LATEST\nREPORT RequestId: a\tBilled Duration: 2 ms\n",
    )
    .unwrap();
    let o = gatebench(&["summarize", path.to_str().unwrap()]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}: line 2: a REPORT without `Duration: N ms`",
            path.display()
        )),
        "{err}"
    );
}

/// `summarize` shows a server side: each component's statistics, and the
/// function in words; the client comparison leaves the log out.
#[test]
fn summarize_shows_the_server_side_apart_from_the_clients() {
    let o = gatebench(&[
        "summarize",
        fixture("aws-logs/lambda/console-csv-timeouts-async-retries-2021.csv")
            .to_str()
            .unwrap(),
        fixture("wrk/with-latency.txt").to_str().unwrap(),
    ]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        out.contains("server side (what the servers logged"),
        "{out}"
    );
    assert!(
        out.contains("14 invocation(s); 9 cold start(s) (64%)"),
        "{out}"
    );
    assert!(
        out.contains("2 timeout(s); uses at most 79 MB of 128 MB (62%)"),
        "{out}"
    );
    assert!(
        out.contains("a server's log, not a client's measurement"),
        "{out}"
    );
}

/// The window shows a Lambda log's server side in the Results tab: the function in
/// words and its components; the throughput chart marks it as a server's log.
#[cfg(feature = "gui")]
#[test]
fn the_window_shows_the_server_side() {
    use egui_kittest::kittest::Queryable as _;
    let harness = crate::common::window::loading(vec![
        fixture("aws-logs/lambda/console-csv-timeouts-async-retries-2021.csv"),
        fixture("wrk/with-latency.txt"),
    ]);
    harness.get_by_label("Server side");
    harness.get_by_label_contains("14 invocation(s); 9 cold start(s) (64%)");
    harness.get_by_label("billed_duration");
    assert_eq!(harness.state().runs().len(), 2);
}

/// The API Gateway files without a latency field: read for their counts,
/// statuses and window, and the run says which `$context` variables to add.
/// Their times are `requestTimeEpoch` in seconds (HTTP API: 1663811102 s to
/// 1663814403 s), in milliseconds (REST: 1663964127399 ms to 1663965474565 ms), or
/// the CLF `requestTime` (10/Jun/2023:15:36:28 +0000 to 26/Jul/2023:12:07:03
/// +0000); the errors are the lines whose status is 400 or more (one 403 each in
/// the first two).
#[test]
fn api_gateway_logs_without_latency_give_counts_statuses_and_advice() {
    for (file, requests, errors, start, end) in [
        (
            "http-api-json-requestTimeEpoch-seconds-no-latency.log",
            5,
            1,
            "2022-09-22T01:45:02.000Z",
            "2022-09-22T02:40:03.000Z",
        ),
        (
            "rest-api-json-requestTimeEpoch-ms-no-latency.log",
            4,
            1,
            "2022-09-23T20:15:27.399Z",
            "2022-09-23T20:37:54.565Z",
        ),
        (
            "rest-api-json-default-template-clf-requestTime.log",
            5,
            0,
            "2023-06-10T15:36:28.000Z",
            "2023-07-26T12:07:03.000Z",
        ),
    ] {
        let r = one(&format!("aws-logs/apigw/{file}"));
        let s = &r["server"];
        assert_eq!(r["tool"], "apigw", "{file}");
        assert_eq!(s["source"], "apigw", "{file}");
        assert_eq!(s["requests"], requests, "{file}");
        assert_eq!(s["errors"], errors, "{file}");
        assert_eq!(s["window"]["start"], start, "{file}");
        assert_eq!(s["window"]["end"], end, "{file}");
        assert_eq!(s["components"], serde_json::json!({}), "{file}");
        let note = s["notes"][0].as_str().unwrap();
        assert!(
            note.contains("$context.integrationLatency"),
            "{file}: {note}"
        );
    }
}

/// The transcript's access-log lines (`--input-format apigw`: the Lambda lines
/// of the same file are what detection reads): two APIs of 7 lines each; 8
/// `integrationLatency` values (879, 404, 287, 11, 898, 527, 251, 12; six are `-`:
/// no integration ran after a 401 or a WAF 403) whose mean is 3269/8 = 408.625 ms;
/// 10 errors (two 401, eight 403).
#[test]
fn the_access_log_lines_of_a_transcript_are_read() {
    let o = gatebench(&[
        "summarize",
        "--format",
        "json",
        "--input-format",
        "apigw",
        fixture("aws-logs/apigw/rest-json-access-and-lambda-logs-tail-transcript.md")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let runs: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(runs.len(), 2);
    let (mut n, mut sum, mut requests, mut errors) = (0, 0.0, 0, 0);
    for r in &runs {
        let c = &r["server"]["components"]["integration_latency"];
        n += c["n"].as_u64().unwrap();
        sum += c["mean_ms"].as_f64().unwrap() * c["n"].as_f64().unwrap();
        requests += r["server"]["requests"].as_u64().unwrap();
        errors += r["server"]["errors"].as_u64().unwrap();
    }
    assert_eq!((n, requests, errors), (8, 14, 10));
    assert!(close(sum / n as f64, 408.625));
    assert!(runs[0]["label"].as_str().unwrap().ends_with(" d2zxhf2ieg"));
}

/// A log with both latencies, as the documentation's access-log variables give
/// them (strings, numbers and `-`): the gateway's own time is response minus
/// integration on the same line; `--apigw-field` maps an owner's own key.
#[test]
fn api_gateway_latencies_and_the_gateway_overhead() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edge-api.log");
    std::fs::write(
        &path,
        r#"{"requestId":"a1","status":"200","requestTimeEpoch":"1784512215218","responseLatency":"60","integrationLatency":"45","httpMethod":"GET"}
{"requestId":"a2","status":200,"requestTimeEpoch":1784512216218,"responseLatency":30,"integrationLatency":26,"httpMethod":"GET"}
{"requestId":"a3","status":"401","requestTimeEpoch":"1784512217218","responseLatency":"4","integrationLatency":"-","httpMethod":"GET"}
"#,
    )
    .unwrap();
    let r = &runs_of(&[&path])[0];
    let c = &r["server"]["components"];
    // (60 + 30 + 4) / 3; (45 + 26) / 2; overhead (60 - 45) and (30 - 26): 15 and 4.
    assert!(close(
        c["response_latency"]["mean_ms"].as_f64().unwrap(),
        94.0 / 3.0
    ));
    assert!(close(
        c["integration_latency"]["mean_ms"].as_f64().unwrap(),
        35.5
    ));
    assert_eq!(c["gateway_overhead"]["n"], 2);
    assert!(close(
        c["gateway_overhead"]["mean_ms"].as_f64().unwrap(),
        9.5
    ));
    assert_eq!(r["server"]["errors"], 1);
    assert!(r["server"].get("notes").is_none());

    let own = dir.path().join("own-keys.log");
    std::fs::write(
        &own,
        "{\"requestId\":\"b1\",\"status\":\"200\",\"requestTimeEpoch\":\"1784512215\",\"apiId\":\"x\",\"took\":\"12\"}\n",
    )
    .unwrap();
    let o = gatebench(&[
        "summarize",
        "--format",
        "json",
        "--apigw-field",
        "integration_latency=took",
        own.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let runs: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        runs[0]["server"]["components"]["integration_latency"]["max_ms"],
        12.0
    );
    let bad = gatebench(&[
        "summarize",
        "--apigw-field",
        "latency=took",
        own.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("`latency`: expected one of response_latency"),
        "{}",
        text(&bad.stderr)
    );
}

/// ALB logs, counted by hand. `beats-docs-examples…`: 9 entries (http, https, h2,
/// ws, wss, 4 × http); 7 dispatched, whose target times are 1, 48, 2, 3, 1, 1, 1 ms
/// (57/7 ms) and request times 0, 86, 0, 1, 0, 0, 0 ms (87/7 ms); errors: the 502
/// and the two `-1 -1 -1` 400s. `…460-504-timeouts`: 10 entries, 7 of them `-1 -1
/// -1` (a 460 and six 504s, whose `time − request_creation_time` is the 10 s target
/// timeout), 3 dispatched 200s with target times 0, 1, 1 ms. The gzip from S3 reads
/// as it is: two undispatched entries (a 301 redirect, a 404 fixed response).
#[test]
fn alb_logs_give_their_times_statuses_and_failures() {
    let r = one("aws-logs/alb/beats-docs-examples-all-types-lambda-target.log");
    let s = &r["server"];
    assert_eq!(r["tool"], "alb");
    assert_eq!(
        (s["requests"].as_u64(), s["errors"].as_u64()),
        (Some(9), Some(3))
    );
    assert_eq!(
        s["statuses"],
        serde_json::json!({"101": 2, "200": 4, "400": 2, "502": 1})
    );
    let c = &s["components"];
    assert_eq!(c["target_processing"]["n"], 7);
    assert!(close(
        c["target_processing"]["mean_ms"].as_f64().unwrap(),
        57.0 / 7.0
    ));
    assert!(close(
        c["request_processing"]["mean_ms"].as_f64().unwrap(),
        87.0 / 7.0
    ));
    assert_eq!(
        c["total"]["n"], 9,
        "the -1 entries' time from their two time stamps"
    );

    let r = one("aws-logs/alb/beats-filebeat-test-alb-460-504-timeouts.log");
    let s = &r["server"];
    assert_eq!(
        (s["requests"].as_u64(), s["errors"].as_u64()),
        (Some(10), Some(7))
    );
    assert_eq!(
        s["statuses"],
        serde_json::json!({"200": 3, "460": 1, "504": 6})
    );
    let c = &s["components"];
    assert!(close(
        c["target_processing"]["mean_ms"].as_f64().unwrap(),
        2.0 / 3.0
    ));
    let max = c["total"]["max_ms"].as_f64().unwrap();
    assert!(
        (9_990.0..10_010.0).contains(&max),
        "the 504s wait the 10 s timeout: {max}"
    );

    let r = one("aws-logs/alb/loki-alb-redirect-fixed-response.log.gz");
    assert_eq!(r["server"]["requests"], 2);
    assert_eq!(r["server"]["errors"], 2);
    assert_eq!(
        r["server"]["statuses"],
        serde_json::json!({"301": 1, "404": 1})
    );
}

/// A file that mixes ALB entries with NLB and connection-log lines is read for its
/// 3 HTTP entries and names what it skipped (4 NLB, 3 connection-log lines); a file
/// of NLB lines alone is refused with why.
#[test]
fn a_mixed_load_balancer_file_names_what_it_skipped() {
    let r = one("aws-logs/alb/elastic-mixed-alb-nlb-connlog-hostile.log");
    assert_eq!(r["server"]["requests"], 3);
    assert_eq!(
        r["server"]["notes"][0],
        "skipped 4 NLB line(s), 3 connection-log line(s): not an HTTP request's line"
    );
    let path = fixture("aws-logs/alb/nlb-beats-docs-example-tls.log");
    let o = gatebench(&["summarize", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr)
            .contains("only 1 NLB line(s): a Network Load Balancer logs TLS connections"),
        "{}",
        text(&o.stderr)
    );
}

/// Classic ELB logs: times with microseconds (0.000073 0.001048 0.000057 s is
/// 0.073 + 1.048 + 0.057 = 1.178 ms), `-1` for a request not dispatched (a 503),
/// and a TCP listener's `- -` statuses.
#[test]
fn classic_elb_logs_http_and_tcp() {
    let r = one("aws-logs/elb-classic/beats-docs-example-http-503.log");
    let s = &r["server"];
    assert_eq!(
        (s["requests"].as_u64(), s["errors"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(close(
        s["components"]["total"]["max_ms"].as_f64().unwrap(),
        1.178
    ));
    let r = one("aws-logs/elb-classic/beats-filebeat-test-elb-tcp-listener.log");
    assert_eq!(r["server"]["requests"], 6);
    assert_eq!(r["server"]["statuses"], serde_json::json!({"-": 6}));
    let r = one("aws-logs/elb-classic/beats-filebeat-test-elb-http-microseconds.log");
    assert_eq!(r["server"]["requests"], 5);
    // Backend times 0.785, 4.91, … ms: the largest of the file's five.
    assert!(close(
        r["server"]["components"]["target_processing"]["max_ms"]
            .as_f64()
            .unwrap(),
        4.91
    ));
}

/// CloudFront standard logs, by their `#Fields:` names. The elastic file: 12
/// entries whose time-taken is 0.001, 0.000, 0.001, 0.102, 0.107, 0.103, 0.238,
/// 0.238, 0.093, 0.093, 0.093 and 0.318 s (1.387 s: a mean of 115.583 ms); statuses
/// 200 ×7, 502 ×3, 404 and `000` (the viewer left before the answer): 5 errors. The
/// gzip from loki: 2 entries, time-taken 0.199 and 0.155 s, first byte 0.182 and
/// 0.148 s.
#[test]
fn cloudfront_logs_give_time_taken_and_time_to_first_byte() {
    let r = one("aws-logs/cloudfront/elastic-standard-log-origin-errors-status-000.log");
    let s = &r["server"];
    assert_eq!(
        (s["requests"].as_u64(), s["errors"].as_u64()),
        (Some(12), Some(5))
    );
    assert_eq!(
        s["statuses"],
        serde_json::json!({"000": 1, "200": 7, "404": 1, "502": 3})
    );
    assert!(close(
        s["components"]["time_taken"]["mean_ms"].as_f64().unwrap(),
        1387.0 / 12.0
    ));
    assert_eq!(s["components"]["time_taken"]["max_ms"], 318.0);
    let r = one("aws-logs/cloudfront/loki-standard-log-v1-time-to-first-byte.log.gz");
    let c = &r["server"]["components"];
    assert!(close(c["time_taken"]["mean_ms"].as_f64().unwrap(), 177.0));
    assert!(close(
        c["time_to_first_byte"]["mean_ms"].as_f64().unwrap(),
        165.0
    ));
}

/// The proxies' documentation lines (`tests/fixtures/proxy/README.md`): HAProxy's
/// two examples (Ta 109 and +30 ms; Tc + Tr = 30 + 69 = 99 and 7 + 14 = 21 ms),
/// Envoy's (226 ms, 100 of them upstream), nginx's admin-guide format (the second
/// line's two attempts: 0.002 + 0.025 s upstream) and the combined format, which
/// has no timing and says so.
#[test]
fn proxy_logs_of_the_documentation() {
    let s = &one("proxy/haproxy-doc.log")["server"];
    assert_eq!(s["source"], "haproxy");
    assert_eq!(s["components"]["request_time"]["max_ms"], 109.0);
    assert_eq!(s["components"]["upstream_header"]["mean_ms"], 60.0);
    let s = &one("proxy/envoy-doc.log")["server"];
    assert_eq!(s["components"]["upstream_response"]["max_ms"], 100.0);
    assert_eq!(s["components"]["proxy_overhead"]["max_ms"], 126.0);
    let s = &one("proxy/nginx-admin-guide.log")["server"];
    assert_eq!(
        (s["requests"].as_u64(), s["errors"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(s["components"]["upstream_response"]["max_ms"], 27.0);
    assert_eq!(s["components"]["request_time"]["max_ms"], 30.0);
    let s = &one("proxy/nginx-combined.log")["server"];
    assert_eq!(s["requests"], 2);
    assert!(
        s["notes"][0]
            .as_str()
            .unwrap()
            .contains("the combined log_format has none")
    );
}

/// The report has a Server side section, and a workspace keeps a server-side run
/// with its reading settings (`--nginx-log-format` here): reopened, the run and its
/// server side are as read.
#[test]
fn reports_and_workspaces_keep_the_server_side() {
    let dir = tempfile::tempdir().unwrap();
    let lambda = fixture("aws-logs/lambda/console-csv-timeouts-async-retries-2021.csv");
    let report = dir.path().join("report.md");
    let o = gatebench(&[
        "report",
        "--format",
        "markdown",
        "--out",
        report.to_str().unwrap(),
        lambda.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let md = std::fs::read_to_string(&report).unwrap();
    assert!(md.contains("## Server side"), "{md}");
    assert!(
        md.contains("14 invocation(s); 9 cold start(s) (64%)"),
        "{md}"
    );
    assert!(
        md.contains("| console-csv-timeouts-async-retries-2021 | lambda | init | 9 |"),
        "{md}"
    );

    let own = dir.path().join("own.log");
    std::fs::write(&own, "05/Dec/2026:06:59:23 +0000|200|0.035|0.020\n").unwrap();
    let ws = dir.path().join("w.gatebench");
    let o = gatebench(&[
        "workspace",
        "--input-format",
        "nginx",
        "--nginx-log-format",
        "$time_local|$status|$request_time|$upstream_response_time",
        own.to_str().unwrap(),
        "--out",
        ws.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let reopened = runs_of(&[&ws]);
    let c = &reopened[0]["server"]["components"];
    assert_eq!(c["upstream_response"]["max_ms"], 20.0);
    assert_eq!(c["proxy_overhead"]["max_ms"], 15.0);
}

/// The memory advisor reads a function's REPORT lines at several sizes. Priced
/// from the Billed Duration (x86, $0.0000166667 per GB-second and $0.20 per million
/// requests): 128 MB bills 400 ms, plus, in a log from before August 2025, its one
/// cold start's 300 ms of Init spread over its 2 invocations: 550 ms → 0.20 + 1e6 ×
/// 0.125 × 0.550 × 0.0000166667 = $1.346 per million; 512 MB: 100 ms → $1.033;
/// 1024 MB: 90 ms → $1.700. By cost, 512 MB.
#[test]
fn the_advisor_reads_function_logs() {
    let o = gatebench(&[
        "advise",
        fixture("lambda-logs/three-sizes-2024.json")
            .to_str()
            .unwrap(),
    ]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        out.starts_with("Recommended: 512 MB (strategy cost)"),
        "{out}"
    );
    for line in [
        "128 MB    function logs  1  –      400      400     400     $1.346",
        "* 512 MB  function logs  1  –      100      100     100     $1.033",
        "1024 MB   function logs  1  –      90.0     90.0    90.0    $1.700",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    assert!(
        out.contains("The durations are the function's own (its REPORT lines)"),
        "{out}"
    );
    assert!(
        out.contains("their cold starts' Init Duration is added"),
        "{out}"
    );
}
