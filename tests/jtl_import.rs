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
            "timeStamp,elapsed,label\n05.03.2019 10:00,10,a\n",
            "line 2: column `timeStamp`: `05.03.2019 10:00` is neither epoch milliseconds nor a pattern gatebench knows",
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

/// The rows of a real JTL with text timestamps: (label, start in epoch ms read by
/// chrono with `format`, elapsed ms, success).
fn formatted_samples(rel: &str, format: &str) -> Vec<(String, i64, i64, bool)> {
    let text = std::fs::read_to_string(fixture(rel)).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let ms = chrono::DateTime::parse_from_str(f[0], format)
                .map(|t| t.timestamp_millis())
                .or_else(|_| {
                    chrono::NaiveDateTime::parse_from_str(f[0], format)
                        .map(|t| t.and_utc().timestamp_millis())
                })
                .unwrap_or_else(|e| panic!("{rel}: `{}`: {e}", f[0]));
            (f[2].to_owned(), ms, f[1].parse().unwrap(), f[7] == "true")
        })
        .collect()
}

/// Real JMeter 2.13 files written with `jmeter.save.saveservice.timestamp_format`
/// (tests/fixtures/generate-jmeter.sh): the pattern is detected from the first row,
/// and every run matches the rows read on their own.
#[test]
fn formatted_timestamps_are_read() {
    for (rel, format) in [
        ("jmeter/formatted-millis.jtl", "%Y/%m/%d %H:%M:%S%.3f"),
        ("jmeter/formatted-iso-zone.jtl", "%Y-%m-%dT%H:%M:%S%.3f%z"),
        ("jmeter/formatted-seconds.jtl", "%Y/%m/%d %H:%M:%S"),
    ] {
        let runs = load(rel);
        let rows = formatted_samples(rel, format);
        assert_eq!(runs.len(), 2, "{rel}");
        for run in &runs {
            let mine: Vec<_> = rows.iter().filter(|r| r.0 == run.label).collect();
            assert_eq!(run.requests, Some(mine.len() as u64), "{rel}");
            let failed = mine.iter().filter(|r| !r.3).count() as u64;
            assert_eq!(run.errors.total(), failed, "{rel}");
            let mean = mine.iter().map(|r| r.2 as f64).sum::<f64>() / mine.len() as f64;
            assert!((run.latency.mean.unwrap() - mean).abs() < 1e-9, "{rel}");
            let first = mine.iter().map(|r| r.1).min().unwrap();
            let last = mine.iter().map(|r| r.1 + r.2).max().unwrap();
            let span = (last - first) as f64 / 1000.0;
            // Epoch seconds in an f64 hold a few microseconds.
            assert!((run.duration_s.unwrap() - span).abs() < 1e-5, "{rel}");
            if rel.ends_with("seconds.jtl") {
                // Whole seconds put a run of under 100 s within ±1 s: no throughput.
                assert_eq!(run.throughput_rps, None, "{rel}");
            } else {
                let rps = mine.len() as f64 / span;
                assert!(
                    (run.throughput_rps.unwrap() / rps - 1.0).abs() < 1e-5,
                    "{rel}"
                );
            }
        }
    }
}

/// The same samples with epoch milliseconds and rewritten in each known pattern
/// (by chrono's formatter, not gatebench's reader) give the same runs.
#[test]
fn every_known_pattern_gives_the_runs_of_epoch_milliseconds() {
    let epoch = std::fs::read_to_string(fixture("jmeter/formatted-epoch.jtl")).unwrap();
    let want = load("jmeter/formatted-epoch.jtl");
    let paris = chrono::FixedOffset::east_opt(3600).unwrap();
    let patterns: [(&str, &dyn Fn(i64) -> String); 3] = [
        ("yyyy/MM/dd HH:mm:ss.SSS", &|ms| {
            let t = chrono::DateTime::from_timestamp_millis(ms).unwrap();
            t.format("%Y/%m/%d %H:%M:%S%.3f").to_string()
        }),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSZ", &|ms| {
            let t = chrono::DateTime::from_timestamp_millis(ms).unwrap();
            t.with_timezone(&paris)
                .format("%Y-%m-%dT%H:%M:%S%.3f%z")
                .to_string()
        }),
        ("yyyy-MM-dd HH:mm:ss.SSS", &|ms| {
            let t = chrono::DateTime::from_timestamp_millis(ms).unwrap();
            t.format("%Y-%m-%d %H:%M:%S%.3f").to_string()
        }),
    ];
    for (pattern, write) in patterns {
        let mut lines = epoch.lines();
        let mut text = format!("{}\n", lines.next().unwrap());
        for l in lines {
            let (ms, rest) = l.split_once(',').unwrap();
            text += &format!("{},{rest}\n", write(ms.parse().unwrap()));
        }
        let got = gatebench::load_bytes(Path::new("formatted.jtl"), text.as_bytes())
            .unwrap_or_else(|e| panic!("{pattern}: {e}"));
        assert_eq!(got.len(), want.len(), "{pattern}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g.label, w.label, "{pattern}");
            assert_eq!(g.requests, w.requests, "{pattern}");
            assert_eq!(g.duration_s, w.duration_s, "{pattern}");
            assert_eq!(g.throughput_rps, w.throughput_rps, "{pattern}");
            assert_eq!(g.latency, w.latency, "{pattern}");
            assert_eq!(g.errors, w.errors, "{pattern}");
        }
    }
}

/// A pattern of the user's own, given with `--jtl-timestamp-format`; a pattern that
/// cannot be read is refused before any file is.
#[test]
fn a_pattern_of_ones_own() {
    let epoch = std::fs::read_to_string(fixture("jmeter/formatted-epoch.jtl")).unwrap();
    let mut lines = epoch.lines();
    let mut text = format!("{}\n", lines.next().unwrap());
    for l in lines {
        let (ms, rest) = l.split_once(',').unwrap();
        let t = chrono::DateTime::from_timestamp_millis(ms.parse().unwrap()).unwrap();
        text += &format!("{},{rest}\n", t.format("%d.%m.%Y %H:%M:%S%.3f"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dotted.jtl");
    std::fs::write(&path, text).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_gatebench"))
            .args(args)
            .output()
            .unwrap()
    };
    let p = path.to_str().unwrap();
    let refused = run(&["summarize", p]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("--jtl-timestamp-format"), "{stderr}");
    let read = run(&[
        "summarize",
        "--format",
        "json",
        "--jtl-timestamp-format",
        "dd.MM.yyyy HH:mm:ss.SSS",
        p,
    ]);
    assert_eq!(
        read.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&read.stdout).unwrap();
    let want = load("jmeter/formatted-epoch.jtl");
    assert_eq!(json[0]["requests"], want[0].requests.unwrap());
    assert_eq!(json[0]["duration_s"], want[0].duration_s.unwrap());
    let bad = run(&["summarize", "--jtl-timestamp-format", "yyyy/QQ", p]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("`QQ` is not a field gatebench reads"),
        "{stderr}"
    );
}

/// A cell out of the detected pattern, or an empty one, is named with its line.
#[test]
fn a_timestamp_out_of_its_pattern_names_its_line() {
    let head = "timeStamp,elapsed,label\n2026/12/02 05:45:44.668,10,a\n";
    for (row, found) in [
        ("2026/12/02 xx:45:44.668,10,a\n", "2026/12/02 xx:45:44.668"),
        (",10,a\n", ""),
    ] {
        let text = format!("{head}{row}");
        let e = gatebench::load_bytes(Path::new("x.jtl"), text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&format!(
                "x.jtl: line 3: column `timeStamp`: expected a timestamp in the pattern \
                 `yyyy/MM/dd HH:mm:ss.SSS`, found `{found}`"
            )),
            "{e}"
        );
    }
}

/// JMeter stopped while writing: the file ends inside its last row (14 of 17 fields,
/// no line end). Every complete row is read, and the run says which line was cut
/// and why; the command line warns on stderr and exits 0. A short row with a line
/// end after it, or in the middle of a file, stays an error.
#[test]
fn a_last_row_cut_off_keeps_every_complete_row() {
    let real = std::fs::read_to_string(fixture("jmeter/html-report-testfile.jtl")).unwrap();
    let rows = real.lines().count() - 1;
    // The last row cut after its 14th field, as a stopped JMeter leaves it.
    let last = real.lines().last().unwrap();
    let cut_at = last.match_indices(',').nth(13).unwrap().0;
    let complete: Vec<&str> = real.lines().take(rows).collect();
    let cut = format!("{}\n{}", complete.join("\n"), &last[..cut_at]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stopped.jtl");
    std::fs::write(&path, &cut).unwrap();

    let runs = gatebench::load_file(&path).unwrap();
    let read: u64 = runs.iter().map(|r| r.requests.unwrap()).sum();
    assert_eq!(
        read as usize,
        rows - 1,
        "every complete row, not the cut one"
    );
    let want = format!(
        "{}: line {}: the file ends inside a row (was JMeter stopped?)",
        path.display(),
        rows + 1
    );
    assert!(
        runs.iter()
            .all(|r| r.warnings.iter().any(|w| w.starts_with(&want))),
        "{:?}",
        runs[0].warnings
    );

    let out = common::gatebench(&["summarize", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    assert!(common::text(&out.stderr).contains(&format!("warning: {want}")));

    // Cut inside a cell the runs need (`success`, as `tr`): the same.
    let in_cell = last.match_indices(',').nth(6).unwrap().0 + 3;
    std::fs::write(
        &path,
        format!("{}\n{}", complete.join("\n"), &last[..in_cell]),
    )
    .unwrap();
    let runs = gatebench::load_file(&path).unwrap();
    let read: u64 = runs.iter().map(|r| r.requests.unwrap()).sum();
    assert_eq!(read as usize, rows - 1);
    assert!(runs[0].warnings[0].contains("the file ends inside a row"));
    // A bad row in the middle stays an error that names its line.
    let mut cells: Vec<&str> = complete[10].split(',').collect();
    cells[1] = "x";
    let middle = format!(
        "{}\n{}\n{}\n",
        complete[..10].join("\n"),
        cells.join(","),
        complete[11..].join("\n")
    );
    std::fs::write(&path, middle).unwrap();
    let e = gatebench::load_file(&path).unwrap_err().to_string();
    assert!(e.contains("line 11: column `elapsed`"), "{e}");
}
