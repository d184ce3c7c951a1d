//! hey and ApacheBench: real outputs; expected numbers are the ones the tools printed.

use crate::common;

use common::{close, fixture, load_err, load_one};

#[test]
fn hey_summary() {
    let run = load_one("hey/summary.txt");
    assert_eq!(run.tool, "hey");
    assert_eq!(run.requests, Some(2000));
    assert_eq!(run.throughput_rps, Some(20331.9967));
    assert!(close(run.duration_s.unwrap(), 0.0984));
    assert!(close(run.latency.mean.unwrap(), 0.9));
    assert!(close(run.latency.max.unwrap(), 7.4));
    assert_eq!(run.latency.min, Some(0.0));
    let keys = common::percentile_keys(&run);
    assert_eq!(keys, ["10", "25", "50", "75", "90", "95", "99"]);
    assert!(close(run.latency.percentile("99").unwrap(), 4.7));
    assert_eq!(run.bytes_read, Some(130000.0));
    assert_eq!(run.errors.total(), 0);
}

#[test]
fn hey_status_errors_and_failures() {
    let run = load_one("hey/status-503.txt");
    assert_eq!(run.requests, Some(300));
    assert_eq!(run.errors.non_2xx_3xx, 300);

    // Not one response: hey's own error is the message, with its line.
    let e = load_err("hey/all-timeouts.txt").to_string();
    assert!(
        e.ends_with(
            "all-timeouts.txt: line 25: hey got no response, only errors: `[20]\tGet \
             \"http://127.0.0.1:18201/\": context deadline exceeded (Client.Timeout \
             exceeded while awaiting headers)`"
        ),
        "{e}"
    );
    let e = load_err("hey/connection-refused.txt").to_string();
    assert!(e.contains("hey got no response, only errors: `[20]"), "{e}");
    assert!(e.contains("connection refused"), "{e}");
}

#[test]
fn hey_csv_per_request() {
    let run = load_one("hey/requests.csv");
    let text = std::fs::read_to_string(fixture("hey/requests.csv")).unwrap();
    let rows: Vec<(f64, f64)> = text
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].parse().unwrap(), f[7].parse().unwrap())
        })
        .collect();
    assert_eq!(run.requests, Some(rows.len() as u64));
    let mean = rows.iter().map(|r| r.0 * 1000.0).sum::<f64>() / rows.len() as f64;
    assert!((run.latency.mean.unwrap() - mean).abs() < 1e-9);
    let start = rows.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
    let end = rows.iter().map(|r| r.1 + r.0).fold(0.0, f64::max);
    assert!((run.duration_s.unwrap() - (end - start)).abs() < 1e-9);
    assert!(run.detail.is_some());
}

#[test]
fn ab_summary() {
    let run = load_one("ab/summary.txt");
    assert_eq!(run.tool, "ab");
    assert_eq!(run.connections, Some(20));
    assert_eq!(run.requests, Some(2000));
    assert_eq!(run.duration_s, Some(0.050));
    assert_eq!(run.throughput_rps, Some(40097.03));
    assert_eq!(run.transfer_bytes_per_s, Some(8379.65 * 1024.0));
    assert_eq!(run.bytes_read, Some(428000.0));
    assert_eq!(run.latency.min, Some(0.0));
    assert_eq!(run.latency.stdev, Some(0.4));
    assert_eq!(run.latency.max, Some(5.0));
    let keys = common::percentile_keys(&run);
    assert_eq!(
        keys,
        ["50", "66", "75", "80", "90", "95", "98", "99", "100"]
    );
    assert_eq!(run.latency.percentile("99"), Some(5.0));

    let run = load_one("ab/non-2xx.txt");
    assert_eq!(run.errors.non_2xx_3xx, 300);
}

#[test]
fn ab_timeout_is_an_error() {
    let msg = load_err("ab/timeout.txt").to_string();
    assert!(
        msg.contains("timeout.txt: line 5: ab's per-request timeout (-s) fired"),
        "{msg}"
    );
}

#[test]
fn ab_gnuplot_per_request() {
    let run = load_one("ab/requests.tsv");
    let text = std::fs::read_to_string(fixture("ab/requests.tsv")).unwrap();
    let ttimes: Vec<f64> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').nth(4).unwrap().parse().unwrap())
        .collect();
    assert_eq!(run.requests, Some(ttimes.len() as u64));
    assert_eq!(run.requests, Some(2000));
    let mean = ttimes.iter().sum::<f64>() / ttimes.len() as f64;
    assert!((run.latency.mean.unwrap() - mean).abs() < 1e-9);
    assert_eq!(
        run.latency.max,
        Some(ttimes.iter().cloned().fold(0.0, f64::max))
    );
    assert!(run.detail.as_ref().unwrap().epoch);
}

/// ab's `-e` CSV: 101 rows of the run that `ab/summary.txt` summarises.
#[test]
fn ab_percentile_csv() {
    let run = load_one("ab/percentiles.csv");
    let text = std::fs::read_to_string(fixture("ab/percentiles.csv")).unwrap();
    let rows: Vec<(String, f64)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let (p, ms) = l.split_once(',').unwrap();
            (p.to_owned(), ms.parse().unwrap())
        })
        .collect();
    assert_eq!(rows.len(), 101);
    assert_eq!(run.tool, "ab");
    assert_eq!(run.latency.min, Some(rows[0].1));
    assert_eq!(run.latency.max, Some(rows[100].1));
    assert_eq!(run.latency.percentiles.len(), 99);
    for (p, ms) in &rows[1..100] {
        assert_eq!(run.latency.percentile(p), Some(*ms), "{p}%");
    }
    // Only a distribution: no run time, count, throughput or mean.
    assert_eq!(run.throughput_rps, None);
    assert_eq!(run.requests, None);
    assert_eq!(run.duration_s, None);
    assert_eq!(run.latency.mean, None);
    // ab's text summary of the same run prints these percentiles rounded to whole ms.
    let summary = load_one("ab/summary.txt");
    for key in ["50", "66", "75", "80", "90", "95", "98", "99"] {
        assert_eq!(
            summary.latency.percentile(key),
            run.latency.percentile(key).map(f64::round),
            "{key}%"
        );
    }
}

#[test]
fn ab_percentile_csv_errors_name_the_line() {
    let cases = [
        (
            "Percentage served,Time in ms\n0,0.4\n1,x\n",
            "line 3: expected `<percent 0-100>,<ms>`, found `1,x`",
        ),
        (
            "Percentage served,Time in ms\n0,0.4\n2,0.5\n1,0.6\n",
            "line 4: expected the percentages in rising order",
        ),
        (
            "Percentage served,Time in ms\n0,0.4\n1,0.5\n",
            "line 3: expected rows for 0% and 100%",
        ),
        (
            "This is ApacheBench, Version 2.3\n",
            "line 1: expected ab's -e header `Percentage served,Time in ms`",
        ),
    ];
    for (text, expected) in cases {
        // Read as ab -e, as `--input-format ab-percentiles` asks.
        let e = gatebench::load_bytes_as(
            std::path::Path::new("e.csv"),
            text.as_bytes(),
            Some(gatebench::Format::by_id("ab-percentiles").unwrap()),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains(&format!("e.csv: {expected}")),
            "expected `{expected}` in: {e}"
        );
    }
}
