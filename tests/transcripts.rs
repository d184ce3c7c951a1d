//! Outputs as people keep them (issue 21): console transcripts with other lines
//! around the reports, several runs in one file, k6's console summary, oha's text
//! in every unit and version, the tools' own failures, a real multi-report vegeta
//! file and Gatling's raw log. Every expected number is the one the tool printed in
//! the fixture (tests/fixtures/transcripts, tests/fixtures/wild).

use crate::common;

use common::{close, load, load_err, load_one};
use gatebench::Run;

fn labels(runs: &[Run]) -> Vec<&str> {
    runs.iter().map(|r| r.label.as_str()).collect()
}

fn p(run: &Run, key: &str) -> f64 {
    run.latency
        .percentile(key)
        .unwrap_or_else(|| panic!("{}: no p{key}", run.label))
}

/// A tool metric's statistic, by the tool's names.
fn stat(run: &Run, metric: &str, key: &str) -> f64 {
    let m = run
        .tool_metrics
        .iter()
        .find(|m| m.name == metric)
        .unwrap_or_else(|| panic!("{}: no tool metric {metric}", run.label));
    m.stats
        .iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("{metric}: no {key}"))
        .value
}

#[test]
fn two_hey_runs_of_a_shell_loop_are_two_runs() {
    let runs = load("transcripts/hey-two-runs.txt");
    assert_eq!(labels(&runs), ["hey-two-runs", "hey-two-runs #2"]);
    // Requests/sec, Total, Average, Slowest and p99 as hey printed them.
    let (a, b) = (&runs[0], &runs[1]);
    assert_eq!(a.throughput_rps, Some(43288.9939));
    assert_eq!(b.throughput_rps, Some(37277.1349));
    assert!(close(a.duration_s.unwrap(), 0.0462));
    assert!(close(b.duration_s.unwrap(), 0.0537));
    assert!(close(a.latency.mean.unwrap(), 0.2));
    assert!(close(b.latency.max.unwrap(), 6.0));
    assert!(close(p(a, "99"), 1.3) && close(p(b, "99"), 4.0));
    assert_eq!((a.requests, b.requests), (Some(2000), Some(2000)));
    assert_eq!(b.bytes_read, Some(130000.0));
    // A loop's steps (10 and 50 connections) are not repeats of each other, though
    // the file's name gives both the same integration guess.
    assert_eq!(a.integration, b.integration);
    assert_ne!(a.group_key(), b.group_key());
    // Nor are wrk's, vegeta's and hey's runs of one README.
    let mixed = load("transcripts/several-tools-constructed.md");
    let keys: std::collections::BTreeSet<String> = mixed.iter().map(Run::group_key).collect();
    assert_eq!(keys.len(), 3);
}

#[test]
fn three_ab_runs_between_dashed_lines_and_commands() {
    let runs = load("transcripts/ab-three-runs.txt");
    assert_eq!(
        labels(&runs),
        ["ab-three-runs", "ab-three-runs #2", "ab-three-runs #3"]
    );
    let rps: Vec<f64> = runs.iter().map(|r| r.throughput_rps.unwrap()).collect();
    assert_eq!(rps, [10492.08, 15591.87, 17366.54]);
    let took: Vec<f64> = runs.iter().map(|r| r.duration_s.unwrap()).collect();
    assert_eq!(took, [0.048, 0.032, 0.029]);
    let c: Vec<u32> = runs.iter().map(|r| r.connections.unwrap()).collect();
    assert_eq!(c, [1, 5, 10]);
    assert!(runs.iter().all(|r| r.requests == Some(500)));
    assert_eq!(p(&runs[1], "100"), 1.0, "run 2's longest request: 1 ms");
}

#[test]
fn a_report_after_a_heading_and_script_lines() {
    let run = load_one("transcripts/wrk-preamble.txt");
    assert_eq!(run.tool, "wrk");
    assert_eq!(run.requests, Some(190342));
    assert_eq!(run.throughput_rps, Some(90634.0));
    assert!(close(run.duration_s.unwrap(), 2.10));
    assert!(close(run.latency.mean.unwrap(), 0.27922));
    assert!(close(p(&run, "99"), 2.77));
    assert_eq!((run.threads, run.connections), (Some(2), Some(20)));
}

#[test]
fn the_tools_own_failures_are_the_message() {
    let e = load_err("transcripts/ab-connection-refused.txt").to_string();
    assert!(
        e.ends_with(
            "ab-connection-refused.txt: line 5: ab stopped: `apr_socket_recv: Connection \
             refused (111)`; it printed no results"
        ),
        "{e}"
    );
    let e = load_err("transcripts/hey-connection-refused.txt").to_string();
    assert!(
        e.ends_with(
            "hey-connection-refused.txt: line 25: hey got no response, only errors: \
             `[20]\tGet \"http://127.0.0.1:1/\": dial tcp 127.0.0.1:1: connect: \
             connection refused`"
        ),
        "{e}"
    );
    let e = load_err("transcripts/k6-error.txt").to_string();
    assert!(
        e.contains(
            "k6-error.txt: line 15: k6 reported an error, and its summary has no HTTP \
             requests: `time=\"2026-12-02T05:42:35Z\" level=error msg=\"Error: the target \
             list is empty"
        ),
        "{e}"
    );
}

#[test]
fn k6_console_summary_of_v1() {
    let run = load_one("transcripts/k6-v1-console.txt");
    assert_eq!(run.tool, "k6");
    // http_reqs: 50329  16760.160321/s
    assert_eq!(run.requests, Some(50329));
    assert_eq!(run.throughput_rps, Some(16760.160321));
    // avg=256.02µs min=18.75µs med=172.42µs max=11.81ms p(90)=441.37µs p(95)=667.82µs
    let l = &run.latency;
    assert!(close(l.mean.unwrap(), 0.25602) && close(l.min.unwrap(), 0.01875));
    assert!(close(l.max.unwrap(), 11.81));
    assert!(close(p(&run, "50"), 0.17242) && close(p(&run, "95"), 0.66782));
    assert_eq!(common::percentile_keys(&run), ["50", "90", "95"]);
    // http_req_failed: 9.09%  4578 out of 50329
    assert_eq!(run.errors.total(), 4578);
    // vus_max 5; data_received: 12 MB  3.9 MB/s
    assert_eq!(run.connections, Some(5));
    assert_eq!(run.bytes_read, Some(12e6));
    // The sub-metric under http_req_duration is kept as what it is.
    let sub = "http_req_duration{expected_response:true}";
    assert!(close(stat(&run, sub, "avg"), 0.2559));
    assert!(close(stat(&run, sub, "p(95)"), 0.67119));
    // The checks, iterations and data sent.
    assert_eq!(stat(&run, "checks_total", "count"), 45751.0);
    assert_eq!(stat(&run, "checks_succeeded", "rate"), 1.0);
    assert_eq!(stat(&run, "checks_failed", "true"), 0.0);
    assert_eq!(stat(&run, "iterations", "count"), 45751.0);
    assert!(close(stat(&run, "iterations", "rate"), 15235.631442));
    assert_eq!(stat(&run, "data_sent", "bytes"), 4.1e6);
    assert!(close(stat(&run, "iteration_duration", "max"), 13.54));
}

#[test]
fn k6_console_summary_of_v0() {
    let run = load_one("transcripts/k6-v0-console.txt");
    // http_reqs: 43539   14512.019761/s
    assert_eq!(run.requests, Some(43539));
    assert_eq!(run.throughput_rps, Some(14512.019761));
    // ✓ http_req_duration: avg=290.94µs min=19.84µs med=202.71µs max=8.07ms ...
    assert!(close(run.latency.mean.unwrap(), 0.29094));
    assert!(close(p(&run, "90"), 0.53711));
    assert_eq!(run.errors.total(), 3960);
    // The other http_req_* trends, and the checks: 100.00% 39579 out of 39579.
    assert!(close(stat(&run, "http_req_waiting", "avg"), 0.26208));
    assert!(close(stat(&run, "http_req_waiting", "max"), 6.2));
    assert_eq!(stat(&run, "checks", "rate"), 1.0);
    assert_eq!(stat(&run, "checks", "true"), 39579.0);
    assert_eq!(stat(&run, "iterations", "count"), 39579.0);
}

#[test]
fn k6_trend_stats_as_the_user_chose_them() {
    // --summary-trend-stats "avg,min,med,max,p(90),p(95),p(99),p(99.9),count"
    for (file, p99, p999, count) in [
        ("transcripts/k6-v1-trend-stats.txt", 2.89, 5.65, 47846.0),
        ("transcripts/k6-v0-trend-stats.txt", 2.45, 4.53, 48186.0),
    ] {
        let run = load_one(file);
        assert_eq!(
            common::percentile_keys(&run),
            ["50", "90", "95", "99", "99.9"],
            "{file}"
        );
        assert!(
            close(p(&run, "99"), p99) && close(p(&run, "99.9"), p999),
            "{file}"
        );
        assert_eq!(run.requests, Some(count as u64), "{file}");
    }
    let v0 = load_one("transcripts/k6-v0-trend-stats.txt");
    assert_eq!(stat(&v0, "http_req_blocked", "count"), 48186.0);
    assert!(close(stat(&v0, "http_req_blocked", "min"), 0.00039));
}

#[test]
fn k6_summaries_pasted_one_after_another() {
    let runs = load("transcripts/k6-v1-two-runs.txt");
    assert_eq!(labels(&runs), ["k6-v1-two-runs", "k6-v1-two-runs #2"]);
    assert_eq!(runs[0].requests, Some(57497));
    assert_eq!(runs[1].requests, Some(55716));
    assert_eq!(runs[1].throughput_rps, Some(18493.962138));
}

#[test]
fn oha_text_in_every_unit() {
    // The same statistic as oha printed it in its unit, in ms.
    let cases = [
        // `-u s`: Total 0.0268 secs, Average 0.0003 secs
        ("transcripts/oha-secs.txt", 74691.5937, 26.8, 0.3),
        // `-u ms`: Total 21.1593 ms, Average 0.1986 ms
        ("transcripts/oha-ms.txt", 94521.2282, 21.1593, 0.1986),
        // `-u us`: Total 25186.6600 us, Average 235.2180 us
        ("transcripts/oha-us.txt", 79407.1147, 25.1866600, 0.2352180),
        // oha's own choice (ms for a short run)
        ("transcripts/oha-auto.txt", 72011.0664, 27.7735, 0.2593),
    ];
    for (file, rps, total_ms, mean_ms) in cases {
        let run = load_one(file);
        assert_eq!(run.tool, "oha", "{file}");
        assert_eq!(run.throughput_rps, Some(rps), "{file}");
        assert!(close(run.duration_s.unwrap() * 1000.0, total_ms), "{file}");
        assert!(close(run.latency.mean.unwrap(), mean_ms), "{file}");
        assert_eq!(run.requests, Some(2000), "{file}");
    }
}

#[test]
fn oha_cut_by_its_deadline() {
    let run = load_one("transcripts/oha-deadline.txt");
    // Total: 2002.5511 ms; [200] 172765 responses; [20] aborted due to deadline
    assert!(close(run.duration_s.unwrap(), 2.0025511));
    assert_eq!(run.requests, Some(172765));
    assert_eq!(run.errors.other, 20);
    assert_eq!(run.throughput_rps, Some(86282.4411));
}

#[test]
fn older_oha_with_headings_and_colours() {
    // oha 0.6.5 colours its output even into a file; `== NAME` headings between.
    let runs = load("transcripts/oha-old-sweep.txt");
    assert_eq!(runs.len(), 4);
    assert_eq!(runs[0].throughput_rps, Some(28070.3582));
    assert!(close(p(&runs[1], "99"), 0.6));
    assert_eq!(runs[2].errors.non_2xx_3xx, 500, "[503] 500 responses");
    // oha 0.5.8: `Success rate: 1.0000` and `Latency distribution:`.
    let runs = load("transcripts/oha-older-five.txt");
    let rps: Vec<f64> = runs.iter().map(|r| r.throughput_rps.unwrap()).collect();
    assert_eq!(
        rps,
        [12258.1882, 52506.0784, 57899.5480, 62663.8503, 53085.2567]
    );
    assert!(close(p(&runs[4], "99"), 1.9));
    assert!(
        runs.iter()
            .all(|r| r.tool == "oha" && r.requests == Some(500))
    );
}

#[test]
fn oha_text_is_told_from_hey_and_wrk_by_content() {
    for file in [
        "transcripts/oha-older-five.txt",
        "transcripts/oha-old-sweep.txt",
        "transcripts/oha-secs.txt",
    ] {
        let text = std::fs::read(common::fixture(file)).unwrap();
        let text = String::from_utf8_lossy(&text);
        assert_eq!(
            gatebench::detect(&text).map(gatebench::Format::id),
            Some("oha-text"),
            "{file}"
        );
    }
}

#[test]
fn vegeta_reports_under_markdown_headings() {
    // Five reports of nginx-gateway-fabric's results, each in a fenced block.
    let runs = load("wild/ngf-edge-plus.md");
    assert_eq!(runs.len(), 5);
    let first = &runs[0];
    // Requests [total, rate, throughput] 30000, 1000.02, 1000.00
    assert_eq!(first.requests, Some(30000));
    assert_eq!(first.throughput_rps, Some(1000.00));
    // Latencies [min, mean, 50, 90, 95, 99, max] 493.496µs, 682.208µs, ... 9.613ms
    assert!(close(first.latency.min.unwrap(), 0.493496));
    assert!(close(first.latency.mean.unwrap(), 0.682208));
    assert!(close(p(first, "99"), 0.935803));
    assert!(close(first.latency.max.unwrap(), 9.613));
    // Test3: 29999, 1000.00, 999.98; 200:29999
    assert_eq!(runs[2].requests, Some(29999));
    assert_eq!(runs[2].throughput_rps, Some(999.98));
    assert!(close(runs[4].latency.max.unwrap(), 8.67));
}

#[test]
fn a_vegeta_sweep_with_the_scripts_lines() {
    let runs = load("transcripts/vegeta-sweep-constructed.txt");
    assert_eq!(runs.len(), 2);
    // Requests [total, rate] 1200, 120.00 / 200, 19.35; responses are what came
    // back: 665 of the first run's 1200 (status code 0 is no response).
    assert_eq!(runs[0].requests, Some(665));
    assert_eq!(runs[0].throughput_rps, Some(120.0));
    assert_eq!(runs[1].requests, Some(200));
    assert_eq!(runs[1].throughput_rps, Some(19.35));
    assert!(close(runs[1].latency.mean.unwrap(), 646.318364));
    assert_eq!(runs[1].errors.non_2xx_3xx, 13, "403:13");
}

/// The 8 requests of Gatling's own `LogFileReaderSpec` ("known stats"): response
/// times 2000, 9000, 4000, 4000, 4000, 5000, 5000, 7000 ms; Gatling expects min 2000,
/// max 9000, p70 5000.
#[test]
fn gatling_2_and_3_simulation_logs() {
    for version in ["2.0", "2.2", "3.0", "3.4"] {
        let file = format!("wild/gatling-{version}/simulation.log");
        let run = load_one(&file);
        assert_eq!(run.tool, "gatling", "{file}");
        assert_eq!(run.label, "Test Request", "{file}");
        assert_eq!(run.requests, Some(8), "{file}");
        assert_eq!(run.latency.min, Some(2000.0), "{file}");
        assert_eq!(run.latency.max, Some(9000.0), "{file}");
        assert_eq!(run.latency.mean, Some(5000.0), "{file}");
        // Nearest rank, within the histogram's 0.1%: p50 is the 4th of 8 (4000 ms),
        // p75 the 6th (5000 ms).
        assert!((p(&run, "50") / 4000.0 - 1.0).abs() < 1e-3, "{file}");
        assert!((p(&run, "75") / 5000.0 - 1.0).abs() < 1e-3, "{file}");
        // First start 1000 ms, last end 14000 ms: 8 requests in 13 s.
        assert_eq!(run.duration_s, Some(13.0), "{file}");
        assert_eq!(run.connections, Some(1), "one user: USER START, USER END");
        assert_eq!(run.errors.total(), 0);
    }
}

#[test]
fn gatlings_binary_log_is_named() {
    // The first bytes of a 3.13 log (gatling/gatling LogFileDataWriter): the run
    // record's header byte 0, then the version as a length-prefixed string.
    let mut bytes = vec![0u8, 0, 0, 0, 6];
    bytes.extend_from_slice(b"3.13.1");
    bytes.extend_from_slice(&[0, 0, 0, 0, 12]);
    bytes.extend_from_slice(b"MySimulation");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("simulation.log");
    std::fs::write(&path, bytes).unwrap();
    let e = gatebench::load_file(&path).unwrap_err().to_string();
    assert!(
        e.contains("line 1: a binary Gatling simulation.log (written by Gatling 3.13.1"),
        "{e}"
    );
    assert!(e.contains("js/stats.json"), "{e}");
}

#[test]
fn a_gatling_record_out_of_place_is_named() {
    let log = "RUN\tS\trun1\t1000\t \t3.9.5\nREQUEST\t\tHome\t1000\t1200\tOK\t \n\
               REQUEST\t\tHome\tx\t1300\tOK\t \n";
    let e = gatebench::load_bytes(std::path::Path::new("simulation.log"), log.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("simulation.log: line 3: expected REQUEST, groups, name, start, end"),
        "{e}"
    );
    let log = "RUN\tS\trun1\t1000\t \t3.9.5\nHELLO\tthere\n";
    let e = gatebench::load_bytes(std::path::Path::new("simulation.log"), log.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("line 2: `HELLO` is not a Gatling log record"),
        "{e}"
    );
}

#[test]
fn a_transcript_of_several_tools_keeps_every_run() {
    // wrk, then vegeta, then hey, each in a Markdown block: no run is lost to the
    // format detection picked, and each tool reads only its own reports.
    let runs = load("transcripts/several-tools-constructed.md");
    let tools: Vec<&str> = runs.iter().map(|r| r.tool.as_str()).collect();
    assert_eq!(tools, ["wrk", "vegeta", "hey"]);
    assert_eq!(
        labels(&runs),
        [
            "several-tools-constructed",
            "several-tools-constructed #2",
            "several-tools-constructed #3"
        ]
    );
    assert_eq!(runs[0].throughput_rps, Some(90634.0));
    assert_eq!(runs[1].throughput_rps, Some(19.35));
    assert_eq!(runs[2].throughput_rps, Some(43288.9939));
    // Forced to one format, only that tool's runs are read.
    let path = common::fixture("transcripts/several-tools-constructed.md");
    let wrk = gatebench::Format::by_id("wrk").unwrap();
    let only = gatebench::load_file_as(&path, Some(wrk), &|_| {}).unwrap();
    assert_eq!(only.len(), 1);
}

/// oha's output of a long run in tens of seconds (`Total: 6.0003 10 sec` for
/// `oha -z 60s` in a public README): each time of two real outputs, today's layout
/// and oha 0.5.8's, written in that unit, reads as the same figures in ms.
#[test]
fn oha_times_in_tens_of_seconds_in_both_layouts() {
    for (file, unit) in [
        ("transcripts/oha-secs.txt", "sec"),
        ("transcripts/oha-older-five.txt", "secs"),
    ] {
        let real = std::fs::read_to_string(common::fixture(file)).unwrap();
        let suffix = format!(" {unit}");
        let tens: String = real
            .lines()
            .map(|line| {
                // `Total:\t0.0268 sec` -> `Total:\t0.00268 10 sec`.
                let Some(at) = line.rfind('\t').or_else(|| line.rfind(" in ")) else {
                    return line.to_owned();
                };
                let (head, value) = line.split_at(at + 1);
                let value = value.trim_start_matches("in ");
                let head = if line[at..].starts_with(" in ") {
                    &line[..at + 4]
                } else {
                    head
                };
                match value.strip_suffix(suffix.as_str()).map(str::parse::<f64>) {
                    Some(Ok(v)) => format!("{head}{} 10{suffix}", v / 10.0),
                    _ => line.to_owned(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            tens.contains(&format!(" 10{suffix}")),
            "{file}: nothing rewritten"
        );
        let path = std::path::Path::new("oha-tens.txt");
        let runs = gatebench::load_bytes(path, tens.as_bytes()).unwrap();
        let expected = load(file);
        assert_eq!(runs.len(), expected.len(), "{file}");
        for (got, want) in runs.iter().zip(&expected) {
            assert!(
                close(got.duration_s.unwrap(), want.duration_s.unwrap()),
                "{file}"
            );
            assert!(
                close(got.latency.mean.unwrap(), want.latency.mean.unwrap()),
                "{file}"
            );
            assert!(close(p(got, "99"), p(want, "99")), "{file}");
            assert_eq!(got.throughput_rps, want.throughput_rps);
        }
    }
}

/// k6 aborted in `setup()` (its `setupTimeout` ran out): a summary with no HTTP
/// metric, progress lines, and k6's own error at the end. Recognised as k6's, and
/// refused with exit 2, quoting k6's line and saying that no request was made.
#[test]
fn k6_aborted_in_setup_says_why() {
    let path = common::fixture("k6/setup-timeout.txt");
    let out = common::gatebench(&["summarize", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let e = common::text(&out.stderr);
    assert!(
        e.contains(
            "setup-timeout.txt: line 35: k6 reported an error, and its summary has no HTTP \
             requests: `time=\"2026-12-05T08:55:39Z\" level=error msg=\"setup() execution \
             timed out after 1 seconds\""
        ),
        "{e}"
    );
    assert!(!e.contains("not a format"), "{e}");
}
