//! The JTL fast path gives exactly what the general (polars) reader gives: the same
//! runs, histograms, series and time blocks, or the same error, on every fixture and
//! sample file and on generated files with the shapes that make it give way.

use crate::common;

use std::path::{Path, PathBuf};

use gatebench::Options;
use gatebench::Run;

fn read(path: &Path, general: bool) -> Result<Vec<Run>, String> {
    let options = Options {
        general_reader_only: general,
        ..Options::default()
    };
    gatebench::load_file_with(path, &options, &|_| {}).map_err(|e| e.to_string())
}

/// Both readers agree on `path`: equal runs (every field, the histograms too) or the
/// same error. Returns the runs.
fn agree(path: &Path) -> Result<Vec<Run>, String> {
    let fast = read(path, false);
    let general = read(path, true);
    match (&fast, &general) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.len(), b.len(), "{}: number of runs", path.display());
            for (x, y) in a.iter().zip(b) {
                assert_eq!(x, y, "{}: run {}", path.display(), x.label);
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "{}: errors", path.display()),
        _ => panic!(
            "{}: one reader failed: fast {:?}, general {:?}",
            path.display(),
            fast.as_ref().map(Vec::len),
            general.as_ref().map(Vec::len)
        ),
    }
    fast
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_and_sample_reads_the_same_both_ways() {
    let mut files = Vec::new();
    files_under(&common::fixture(""), &mut files);
    files_under(&common::seed_runs(), &mut files);
    assert!(files.len() > 50, "found {} files", files.len());
    let mut jtl = 0;
    for path in &files {
        if agree(path).is_ok_and(|runs| runs.iter().any(|r| r.tool == "jmeter")) {
            jtl += 1;
        }
    }
    assert!(jtl >= 3, "JTL fixtures read: {jtl}");
}

const HEADER: &str = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,\
success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect";

/// A JMeter-like row: `i` picks the label, latency, outcome and time.
fn row(i: u64, labels: &[&str]) -> String {
    let label = labels[(i * 7 % labels.len() as u64) as usize];
    let failed = i % 37 == 5;
    let (code, message, ok, failure) = if failed {
        match i % 3 {
            0 => ("503", "Service Unavailable", "false", "Test failed"),
            1 => (
                "Non HTTP response code: java.net.SocketTimeoutException",
                "Read timed out",
                "false",
                "",
            ),
            _ => (
                "Non HTTP response code: java.net.ConnectException",
                "Connection refused",
                "false",
                "",
            ),
        }
    } else {
        ("200", "OK", "true", "")
    };
    let path: String = label
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!(
        "{},{},{label},{code},{message},Thread Group 1-{},text,{ok},{failure},{},118,{},{},\
         http://127.0.0.1:8080/{path}/{i},{},0,{}",
        1_700_000_000_000 + i * 3 + i % 11,
        (i * 7919) % 997,
        i % 50 + 1,
        300 + i % 64,
        i % 200 + 1,
        i % 200 + 1,
        ((i * 7919) % 997).saturating_sub(1),
        i % 3
    )
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn lines(rows: u64, labels: &[&str], newline: &str) -> String {
    let mut text = format!("{HEADER}{newline}");
    for i in 0..rows {
        text.push_str(&row(i, labels));
        text.push_str(newline);
    }
    text
}

const LABELS: [&str; 4] = [
    "elb-direct",
    "apigw-http-proxy",
    "apigw-lambda-512",
    "ü-ünïcode",
];

#[test]
fn plain_crlf_blank_lines_and_no_final_newline() {
    let dir = tempfile::tempdir().unwrap();
    let plain = lines(5000, &LABELS, "\n");
    let runs = agree(&write(dir.path(), "plain.jtl", plain.as_bytes())).unwrap();
    assert_eq!(runs.len(), 4);
    assert_eq!(runs.iter().filter_map(|r| r.requests).sum::<u64>(), 5000);
    assert!(
        runs.iter()
            .any(|r| r.errors.timeout > 0 && r.errors.connect > 0)
    );
    agree(&write(
        dir.path(),
        "crlf.jtl",
        lines(5000, &LABELS, "\r\n").as_bytes(),
    ))
    .unwrap();
    let trimmed = plain.trim_end_matches('\n');
    agree(&write(
        dir.path(),
        "no-final-newline.jtl",
        trimmed.as_bytes(),
    ))
    .unwrap();
    let mut blanks = plain.clone();
    for n in [3000, 100] {
        let at = plain.match_indices('\n').nth(n).unwrap().0;
        blanks.insert_str(at, "\n\n\r\n");
    }
    agree(&write(dir.path(), "blank-lines.jtl", blanks.as_bytes())).unwrap();
    let tabs = plain.replace(',', "\t");
    agree(&write(dir.path(), "tabs.jtl", tabs.as_bytes())).unwrap();
    let bom = format!("\u{feff}{plain}");
    agree(&write(dir.path(), "bom.jtl", bom.as_bytes())).unwrap();
}

#[test]
fn quotes_and_labels_with_commas() {
    let dir = tempfile::tempdir().unwrap();
    let labels = ["\"lambda, cold\"", "\"say \"\"hi\"\"\"", "elb-direct"];
    let runs = agree(&write(
        dir.path(),
        "quoted.jtl",
        lines(3000, &labels, "\n").as_bytes(),
    ))
    .unwrap();
    let names: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
    assert!(names.contains(&"lambda, cold"), "{names:?}");
    assert!(names.contains(&"say \"hi\""), "{names:?}");
}

#[test]
fn missing_columns_empty_cells_and_another_order() {
    let dir = tempfile::tempdir().unwrap();
    // A subset of the columns, in an order of its own.
    let mut text = String::from("label,success,elapsed,Latency,timeStamp\n");
    for i in 0..4000u64 {
        let label = if i % 10 == 3 {
            ""
        } else {
            LABELS[(i % 4) as usize]
        };
        let ok = if i % 17 == 0 { "false" } else { "true" };
        text.push_str(&format!(
            "{label},{ok},{},{},{}\n",
            i % 500,
            (i % 500).saturating_sub(2),
            1_700_000_000_000 + i
        ));
    }
    let runs = agree(&write(dir.path(), "reordered-subset.jtl", text.as_bytes())).unwrap();
    // Empty labels are the file's own run, in the order first seen.
    assert!(
        runs.iter().any(|r| r.label == "reordered-subset"),
        "{runs:?}"
    );
    // No success column: the response code decides; empty optional cells.
    let mut text = String::from("timeStamp,elapsed,label,responseCode,bytes,allThreads\n");
    for i in 0..4000u64 {
        let code = if i % 19 == 0 { "500" } else { "200" };
        let bytes = if i % 7 == 0 {
            String::new()
        } else {
            (i % 900).to_string()
        };
        let threads = if i % 5 == 0 {
            String::new()
        } else {
            (i % 40).to_string()
        };
        text.push_str(&format!(
            "{},{},{},{code},{bytes},{threads}\n",
            1_700_000_000_000 + i * 2,
            i % 300,
            LABELS[(i % 3) as usize]
        ));
    }
    let runs = agree(&write(dir.path(), "no-success.jtl", text.as_bytes())).unwrap();
    assert!(runs.iter().all(|r| r.errors.non_2xx_3xx > 0));
    // A row cut short is an error naming its line, either way.
    let mut text = lines(2000, &LABELS, "\n");
    let cut = text.match_indices('\n').nth(1500).unwrap().0;
    let start = text[..cut].rfind('\n').unwrap() + 1;
    let third = start + text[start..cut].match_indices(',').nth(2).unwrap().0;
    text.replace_range(third..cut, "");
    let e = agree(&write(dir.path(), "short-row.jtl", text.as_bytes())).unwrap_err();
    assert!(
        e.contains("line 1501") && e.contains("expected 17 fields"),
        "{e}"
    );
}

#[test]
fn odd_cells_give_way_to_the_general_reader() {
    let dir = tempfile::tempdir().unwrap();
    let plain = lines(3000, &LABELS, "\n");
    let nth_line = |n: usize| {
        let start = plain.match_indices('\n').nth(n - 1).unwrap().0 + 1;
        start..start + plain[start..].find('\n').unwrap()
    };
    type Edit<'a> = &'a dyn Fn(&str) -> String;
    let cases: [(&str, Edit); 5] = [
        ("negative", &|l| l.replacen(",", ",-", 1)),
        ("float", &|l| l.replacen(",", ",12.5", 1)),
        ("space", &|l| l.replacen(",", ", ", 1)),
        ("words", &|l| l.replacen("1700000", "17O0000", 1)),
        ("nul", &|l| l.replacen("elb", "\u{0}elb", 1)),
    ];
    for (name, change) in cases {
        let mut text = plain.clone();
        let range = nth_line(2000);
        let line = change(&text[range.clone()]);
        text.replace_range(range, &line);
        agree(&write(dir.path(), &format!("{name}.jtl"), text.as_bytes())).ok();
    }
    // Bytes that are not UTF-8 in a label.
    let mut bytes = plain.clone().into_bytes();
    let at = plain.find("elb-direct").unwrap();
    bytes[at] = 0xff;
    agree(&write(dir.path(), "not-utf8.jtl", &bytes)).ok();
}

#[test]
fn many_blocks_some_quoted_labels_first_seen_late() {
    let dir = tempfile::tempdir().unwrap();
    let block = gatebench::BLOCK_BYTES;
    let mut text = format!("{HEADER}\n");
    let mut i = 0u64;
    // Four blocks and a half: a quoted stretch in the middle, a label that appears
    // only in the last blocks, another only in the first.
    while text.len() < block * 4 + block / 2 {
        let third = text.len() / block;
        let labels: &[&str] = match third {
            0 | 1 => &["early-only", "elb-direct", "apigw-lambda-512"],
            2 => &["\"quoted, label\"", "elb-direct"],
            _ => &["elb-direct", "apigw-lambda-512", "late-only"],
        };
        text.push_str(&row(i, labels));
        text.push('\n');
        i += 1;
    }
    let runs = agree(&write(dir.path(), "blocks.jtl", text.as_bytes())).unwrap();
    let names: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        names,
        [
            "early-only",
            "elb-direct",
            "apigw-lambda-512",
            "quoted, label",
            "late-only"
        ]
    );
    assert_eq!(runs.iter().filter_map(|r| r.requests).sum::<u64>(), i);
    // The same again, compressed, and with a bad cell in the fourth block: the line
    // is right both ways.
    let mut bad = text.clone();
    let n = bad[..block * 3 + 1000].matches('\n').count() + 1;
    let at = bad[..block * 3 + 1000].rfind('\n').unwrap() + 1;
    bad.insert(at + 14, 'x');
    let e = agree(&write(dir.path(), "bad.jtl", bad.as_bytes())).unwrap_err();
    assert!(e.contains(&format!("line {n}")), "{e}");
}
