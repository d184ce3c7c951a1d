//! oha: real outputs; the expected numbers are the ones oha wrote.

use crate::common;

use common::{fixture, load_one};

fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(rel)).unwrap()).unwrap()
}

#[test]
fn oha_json_summary() {
    let run = load_one("oha/run.json");
    let doc = json("oha/run.json");
    let s = &doc["summary"];
    assert_eq!(run.tool, "oha");
    assert_eq!(run.requests, Some(2000));
    assert_eq!(
        run.throughput_rps,
        Some(s["requestsPerSec"].as_f64().unwrap())
    );
    assert_eq!(run.duration_s, Some(s["total"].as_f64().unwrap()));
    assert_eq!(
        run.latency.mean,
        Some(s["average"].as_f64().unwrap() * 1000.0)
    );
    assert_eq!(
        run.latency.max,
        Some(s["slowest"].as_f64().unwrap() * 1000.0)
    );
    let p = &doc["latencyPercentiles"];
    assert_eq!(
        run.latency.percentile("99.9"),
        Some(p["p99.9"].as_f64().unwrap() * 1000.0)
    );
    let keys = common::percentile_keys(&run);
    assert_eq!(
        keys,
        ["10", "25", "50", "75", "90", "95", "99", "99.9", "99.99"]
    );
    assert_eq!(run.bytes_read, Some(130000.0));
}

#[test]
fn oha_failures() {
    let run = load_one("oha/status-503.json");
    assert_eq!(run.errors.non_2xx_3xx, 300);
    let run = load_one("oha/connection-refused.json");
    assert_eq!(run.errors.connect, 20);
    assert_eq!(run.requests, Some(0));
    assert_eq!(run.latency.mean, None, "null latencies are no data");
}

#[test]
fn oha_csv_per_request() {
    let run = load_one("oha/requests.csv");
    let text = std::fs::read_to_string(fixture("oha/requests.csv")).unwrap();
    let rows: Vec<Vec<f64>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|c| c.parse().unwrap()).collect())
        .collect();
    assert_eq!(run.requests, Some(rows.len() as u64));
    let mean = rows.iter().map(|r| r[4] * 1000.0).sum::<f64>() / rows.len() as f64;
    assert!((run.latency.mean.unwrap() - mean).abs() < 1e-9);
    assert_eq!(run.bytes_read, Some(rows.iter().map(|r| r[5]).sum::<f64>()));
}

#[test]
fn invalid_json_names_its_line() {
    let text = "{\n  \"summary\": {\"requestsPerSec\": 1,\n  \"latencyPercentiles\": oops }\n";
    let e = gatebench::load_bytes(std::path::Path::new("o.json"), text.as_bytes()).unwrap_err();
    assert!(
        e.to_string().starts_with("o.json: line 3: not valid JSON"),
        "{e}"
    );
}
