//! Malformed, truncated, empty and binary files: an error naming the file and the
//! line, never a panic.

use crate::common;

use common::{fixture, load_err};
use gatebench::ImportError;

fn line_of(e: &ImportError) -> usize {
    match e {
        ImportError::Parse { line, .. } => *line,
        other => panic!("expected an error with a line, got: {other}"),
    }
}

#[test]
fn malformed_files_name_file_line_and_expectation() {
    let cases: [(&str, usize, &str); 9] = [
        ("malformed/empty.txt", 1, "empty"),
        ("malformed/blank-lines.txt", 1, "empty"),
        ("malformed/binary.bin", 0, "binary"),
        ("malformed/truncated-mid-line.txt", 11, "expected 6 fields"),
        ("malformed/bad-value.txt", 4, "expected a time"),
        (
            "malformed/nginx-version.txt",
            1,
            "not a format gatebench recognises",
        ),
        (
            "malformed/tidy-bad-number.csv",
            3,
            "column `throughput_rps`: expected a number",
        ),
        ("malformed/tidy-ragged.csv", 3, "expected 4 fields"),
        (
            "malformed/tidy-missing-column.csv",
            1,
            "lacks the column(s) requests",
        ),
    ];
    for (rel, line, expected) in cases {
        let e = load_err(rel);
        let msg = e.to_string();
        let name = std::path::Path::new(rel)
            .file_name()
            .unwrap()
            .to_string_lossy();
        assert!(msg.contains(name.as_ref()), "{rel}: {msg}");
        assert!(msg.contains(expected), "{rel}: {msg}");
        if line > 0 {
            assert_eq!(line_of(&e), line, "{rel}: {msg}");
        } else {
            line_of(&e);
        }
    }
}

#[test]
fn truncated_before_the_summary_says_so() {
    let text = std::fs::read_to_string(fixture("wrk/with-latency.txt")).unwrap();
    let cut: String = text.lines().take(10).collect::<Vec<_>>().join("\n");
    let e = gatebench::load_bytes(std::path::Path::new("cut.txt"), cut.as_bytes()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.starts_with("cut.txt: line 10:"), "{msg}");
    assert!(msg.contains("truncated"), "{msg}");
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let e = gatebench::load_file(std::path::Path::new("no/such/file.txt")).unwrap_err();
    assert!(matches!(e, ImportError::Io { .. }));
    assert!(e.to_string().starts_with("no/such/file.txt: cannot read"));
}

/// A text file whose one line is longer than any tool's output is refused at the
/// bound (64 MiB), naming the line, without reading on.
#[test]
fn a_hundred_megabyte_single_line_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    std::fs::write(&path, "x".repeat(100 * 1024 * 1024)).unwrap();
    let e = gatebench::load_file(&path).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("long.txt: line 1: a line longer than 64 MiB: expected the text output"),
        "{}",
        &msg[..200.min(msg.len())]
    );
    assert!(
        msg.len() < 1000,
        "the message quotes only the start of the line"
    );
    // The line number counts the lines before it.
    let mut text = b"Running 1s test @ http://127.0.0.1/\n\n".to_vec();
    text.extend(std::iter::repeat_n(b'y', 65 << 20));
    std::fs::write(&path, &text).unwrap();
    let msg = gatebench::load_file(&path).unwrap_err().to_string();
    assert!(
        msg.contains("long.txt: line 3: a line longer than 64 MiB"),
        "{msg}"
    );
}

/// Hostile files that once took a gigabyte (a gzip stream with no newline, one
/// enormous line) stop at the line bound: an error naming line 1, and less than 200
/// MB of memory (the reading is on this thread, where the allocator counts).
#[test]
fn endless_lines_keep_memory_bounded() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    // 256 MiB of `x` with no newline, as 256 gzip members of 1 MiB each.
    let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    member.write_all(&vec![b'x'; 1 << 20]).unwrap();
    let member = member.finish().unwrap();
    let gz = dir.path().join("endless.txt.gz");
    std::fs::write(&gz, member.repeat(256)).unwrap();
    // 300 MB on one line.
    let line = dir.path().join("one-line.txt");
    std::fs::write(&line, vec![b'z'; 300_000_000]).unwrap();
    for path in [gz, line] {
        let (result, peak_mb) = common::peak::peak_mb(|| gatebench::load_file(&path));
        let msg = result.unwrap_err().to_string();
        assert!(msg.contains("line 1: a line longer than 64 MiB"), "{msg}");
        assert!(peak_mb < 200.0, "{}: peak {peak_mb:.0} MB", path.display());
        assert!(peak_mb > 64.0, "the count works: {peak_mb:.0} MB");
    }
}

/// A small deterministic generator, so that failures reproduce.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn mutated_real_files_never_panic() {
    let seeds = [
        "wrk/with-latency.txt",
        "wrk/two-runs.txt",
        "wrk/all-timeouts.txt",
        "malformed/tidy-bad-number.csv",
        "jmeter/html-report-testfile.jtl",
        "jmeter/headerless-tab.jtl",
        "hey/summary.txt",
        "hey/all-timeouts.txt",
        "ab/summary.txt",
        "ab/non-2xx.txt",
        "locust/run_stats.csv",
        "locust/run_stats_history.csv",
        "oha/run.json",
        "oha/requests.csv",
        "vegeta/report-readme.txt",
        "vegeta/report-readme.json",
        "vegeta/encode-v12.8.csv",
        "k6/summary-export.json",
        "k6/samples.csv",
        "gatling/stats.json",
    ];
    let alphabet = b"0123456789.%-nasukmMGBK, \n\r\t\"\xff\x00";
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for rel in seeds {
        let original = std::fs::read(fixture(rel)).unwrap();
        for _ in 0..400 {
            let mut bytes = original.clone();
            for _ in 0..(1 + rng.next() % 4) {
                let at = (rng.next() as usize) % bytes.len();
                match rng.next() % 3 {
                    0 => bytes[at] = alphabet[(rng.next() as usize) % alphabet.len()],
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.truncate(at),
                }
                if bytes.is_empty() {
                    break;
                }
            }
            // Ok or Err are both fine; a panic fails the test.
            let _ = gatebench::load_bytes(std::path::Path::new(rel), &bytes);
        }
    }
}

/// The header (or first line) of each format, by its id, so that arbitrary bytes
/// after it reach that format's parser rather than the "not recognised" error.
/// [`every_format_is_fuzzed`] fails when a format is added without one.
const PREFIXES: [(&str, &str); 33] = [
    (
        "nginx",
        "203.0.113.7 - - [05/Dec/2026:06:59:23 +0000] \"GET /api HTTP/1.1\" 200 512 \"-\" \"k6\"rt=\"0.012\" urt=\"0.011\"\n",
    ),
    (
        "haproxy",
        "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 \"GET / HTTP/1.1\"\n",
    ),
    (
        "envoy",
        "[2016-04-15T20:17:00.310Z] \"POST /api HTTP/2\" 204 - 154 0 226 100 \"-\" \"x\" \"id\" \"a\" \"b\"\n",
    ),
    (
        "cloudfront",
        "#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken\n2019-12-04\t21:02:31\t",
    ),
    (
        "alb",
        "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - -\n",
    ),
    (
        "elb",
        "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.38.0\" - -\n",
    ),
    (
        "apigw",
        "{\"requestId\":\"a1\",\"status\":\"200\",\"requestTimeEpoch\":\"1784512215218\",\"responseLatency\":\"60\"}\n{\"requestId\":",
    ),
    (
        "lambda",
        "REPORT RequestId: 8ffd2907-f3ac-4957-bb9d-c84f2839153d\tDuration: ",
    ),
    (
        "locust-history",
        "Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time\n",
    ),
    (
        "gatling",
        "{\"meanNumberOfRequestsPerSecond\": 1, \"numberOfRequests\": ",
    ),
    (
        "k6-json",
        "{\"root_group\": {}, \"metrics\": {\"http_reqs\": ",
    ),
    ("k6-csv", "metric_name,timestamp,metric_value,name,status\n"),
    (
        "vegeta-text",
        "Requests      [total, rate]            200, 19.35\n",
    ),
    (
        "vegeta-csv",
        "1764140000000000000,200,2000000,0,11,,e30=,a,0\n",
    ),
    (
        "vegeta-json",
        "{\"latencies\": {\"total\": 1, \"mean\": 1, \"50th\": 1, \"95th\": 1, \"99th\": 1, \"max\": 1}, \"status_codes\": {\"200\": 1}, \"requests\": ",
    ),
    (
        "oha",
        "{\"summary\": {\"total\": 1, \"requestsPerSec\": 2}, \"latencyPercentiles\": ",
    ),
    (
        "oha-csv",
        "request-start,DNS,DNS+dialup,Response-delay,request-duration,bytes,status\n",
    ),
    (
        "locust",
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%\n",
    ),
    ("wrk", "Running 1s test @ http://127.0.0.1/\n"),
    ("tidy-csv", "label,duration_s,requests,throughput_rps\n"),
    ("jtl", "timeStamp,elapsed,label,responseCode,success\n"),
    (
        "hey",
        "\nSummary:\n  Total:\t1.0 secs\n  Requests/sec:\t1\nDetails (average, fastest, slowest):\n",
    ),
    ("ab", "This is ApacheBench, Version 2.3\n"),
    (
        "hey-csv",
        "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset\n",
    ),
    (
        "ab-gnuplot",
        "starttime\tseconds\tctime\tdtime\tttime\twait\n",
    ),
    ("ab-percentiles", "Percentage served,Time in ms\n"),
    (
        "hdr-spectrum",
        "Value(ms)  Percentile  TotalCount  1/(1-Percentile)\n",
    ),
    (
        "hlog",
        "#[Histogram log format version 1.3]\n#[StartTime: 1764000000.000 (seconds since epoch)]\n\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n",
    ),
    (
        "power-tuning",
        "{\"results\": {\"power\": \"128\", \"cost\": 0.0000002083, \"duration\": 2.9, \"stateMachine\": {\"visualization\": \"https://lambda-power-tuning.show/#",
    ),
    (
        "power-tuning-url",
        "https://lambda-power-tuning.show/#gAAAAQACAAQABsAL;ZooQR4yvkUa;",
    ),
    (
        "k6-text",
        "  █ TOTAL RESULTS\n\n    HTTP\n    http_req_duration.......: avg=1ms min=1ms med=1ms max=1ms p(90)=1ms p(95)=1ms\n    http_reqs...............: ",
    ),
    (
        "oha-text",
        "Summary:\n  Success rate:\t100.00%\n  Total:\t1.0000 secs\n  Requests/sec:\t",
    ),
    (
        "gatling-log",
        "RUN\tMySimulation\trun1\t1406822067250\t \t3.9.5\nREQUEST\t\tTest\t1000\t",
    ),
];

/// Every format of the importer list has a fuzz prefix, and it reaches that format.
#[test]
fn every_format_is_fuzzed() {
    for format in gatebench::Format::all() {
        let Some((_, prefix)) = PREFIXES.iter().find(|(id, _)| *id == format.id()) else {
            panic!(
                "format `{}` has no fuzz prefix in tests/bad_input.rs PREFIXES",
                format.id()
            );
        };
        let detected = gatebench::detect(prefix).map(gatebench::Format::id);
        assert_eq!(detected, Some(format.id()), "the prefix of {}", format.id());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    /// Any bytes after any importer's header: an Ok or an error, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(prefix in 0usize..PREFIXES.len(), tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let mut bytes = PREFIXES[prefix].1.as_bytes().to_vec();
        bytes.extend_from_slice(&tail);
        let _ = gatebench::load_bytes(std::path::Path::new("fuzz.txt"), &bytes);
    }

    /// Text that looks like each format's values: digits, units and separators.
    #[test]
    fn format_like_text_never_panics(prefix in 0usize..PREFIXES.len(), tail in "[0-9a-zA-Z.,%:\\[\\] \t\n-]{0,300}") {
        let text = format!("{}{tail}", PREFIXES[prefix].1);
        let _ = gatebench::load_bytes(std::path::Path::new("fuzz.txt"), text.as_bytes());
    }
}

#[test]
fn a_per_request_record_without_line_ends_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.jtl");
    let mut jtl = b"timeStamp,elapsed,label\n".to_vec();
    jtl.extend(std::iter::repeat_n(b'7', 65 * 1024 * 1024));
    std::fs::write(&path, &jtl).unwrap();
    let e = gatebench::load_file(&path).unwrap_err().to_string();
    assert!(
        e.contains("long.jtl: line 2: a record longer than 64 MiB without a line end"),
        "{e}"
    );
}
