//! k6: real k6 1.1.0 outputs; the expected numbers are the ones k6 wrote.

use crate::common;

use common::{close, fixture, load, load_one};

fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(rel)).unwrap()).unwrap()
}

#[test]
fn summary_export_and_handle_summary_agree() {
    let export = load_one("k6/summary-export.json");
    let handle = load_one("k6/handle-summary.json");
    let doc = json("k6/handle-summary.json");
    let values = &doc["metrics"]["http_req_duration"]["values"];
    for run in [&export, &handle] {
        assert_eq!(run.tool, "k6");
        assert_eq!(
            run.requests,
            doc["metrics"]["http_reqs"]["values"]["count"].as_u64()
        );
        assert_eq!(run.latency.mean, values["avg"].as_f64());
        assert_eq!(run.latency.percentile("50"), values["med"].as_f64());
        assert_eq!(run.latency.percentile("95"), values["p(95)"].as_f64());
        // `passes` of http_req_failed are the failed requests: the 503s.
        assert_eq!(
            run.errors.other,
            doc["metrics"]["http_req_failed"]["values"]["passes"]
                .as_u64()
                .unwrap()
        );
        assert!(run.errors.other > 0);
    }
    // The run time: handleSummary has it; the export gives count / rate.
    assert!(close(
        handle.duration_s.unwrap(),
        doc["state"]["testRunDurationMs"].as_f64().unwrap() / 1000.0
    ));
    assert!(close(
        export.duration_s.unwrap(),
        export.requests.unwrap() as f64 / export.throughput_rps.unwrap()
    ));
}

#[test]
fn csv_samples_give_one_run_per_name_tag() {
    let runs = load("k6/samples.csv");
    let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
    assert!(
        labels.contains(&"elb-direct") && labels.contains(&"apigw-lambda-512"),
        "{labels:?}"
    );
    let text = std::fs::read_to_string(fixture("k6/samples.csv")).unwrap();
    let direct: Vec<f64> = text
        .lines()
        .filter(|l| {
            l.starts_with("http_req_duration,") && l.split(',').nth(9) == Some("elb-direct")
        })
        .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
        .collect();
    let run = runs.iter().find(|r| r.label == "elb-direct").unwrap();
    assert_eq!(run.requests, Some(direct.len() as u64));
    assert!(close(
        run.latency.mean.unwrap(),
        direct.iter().sum::<f64>() / direct.len() as f64
    ));
    let lambda = runs.iter().find(|r| r.label == "apigw-lambda-512").unwrap();
    assert_eq!(
        Some(lambda.errors.non_2xx_3xx),
        lambda.requests,
        "every /unavailable answer is a 503"
    );
    assert_eq!(lambda.memory_mb, Some(512));
}
