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

#[test]
fn a_hundred_megabyte_single_line_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    std::fs::write(&path, "x".repeat(100 * 1024 * 1024)).unwrap();
    let e = gatebench::load_file(&path).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("long.txt: line 1: not a format"),
        "{}",
        &msg[..200.min(msg.len())]
    );
    assert!(
        msg.len() < 1000,
        "the message quotes only the start of the line"
    );
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

/// The header (or first line) of each importer, so that arbitrary bytes after it
/// reach that importer's parser rather than the "not recognised" error.
const PREFIXES: [&str; 19] = [
    "Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time\n",
    "{\"meanNumberOfRequestsPerSecond\": 1, \"numberOfRequests\": ",
    "{\"root_group\": {}, \"metrics\": {\"http_reqs\": ",
    "metric_name,timestamp,metric_value,name,status\n",
    "Requests      [total, rate]            200, 19.35\n",
    "1764140000000000000,200,2000000,0,11,,e30=,a,0\n",
    "{\"summary\": {\"total\": 1, \"requestsPerSec\": 2}, \"latencyPercentiles\": ",
    "request-start,DNS,DNS+dialup,Response-delay,request-duration,bytes,status\n",
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%\n",
    "Running 1s test @ http://127.0.0.1/\n",
    "label,duration_s,requests,throughput_rps\n",
    "timeStamp,elapsed,label,responseCode,success\n",
    "\nSummary:\n  Total:\t1.0 secs\n  Requests/sec:\t1\nDetails (average, fastest, slowest):\n",
    "This is ApacheBench, Version 2.3\n",
    "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset\n",
    "starttime\tseconds\tctime\tdtime\tttime\twait\n",
    "Percentage served,Time in ms\n",
    "Value(ms)  Percentile  TotalCount  1/(1-Percentile)\n",
    "",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    /// Any bytes after any importer's header: an Ok or an error, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(prefix in 0usize..PREFIXES.len(), tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let mut bytes = PREFIXES[prefix].as_bytes().to_vec();
        bytes.extend_from_slice(&tail);
        let _ = gatebench::load_bytes(std::path::Path::new("fuzz.txt"), &bytes);
    }

    /// Text that looks like each format's values: digits, units and separators.
    #[test]
    fn format_like_text_never_panics(prefix in 0usize..PREFIXES.len(), tail in "[0-9a-zA-Z.,%:\\[\\] \t\n-]{0,300}") {
        let text = format!("{}{tail}", PREFIXES[prefix]);
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
