//! Gatling stats.json, built to the documented structure.

use crate::common;

use common::load;

#[test]
fn one_run_per_request_node() {
    let runs = load("gatling/stats.json");
    let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["elb-direct", "apigw-lambda-1024"]);
    let lambda = &runs[1];
    assert_eq!(lambda.tool, "gatling");
    assert_eq!(lambda.memory_mb, Some(1024));
    assert_eq!(lambda.requests, Some(2000));
    assert_eq!(lambda.errors.other, 100, "total - ok");
    assert_eq!(lambda.throughput_rps, Some(33.333));
    assert_eq!(lambda.latency.percentile("95"), Some(212.0));
    assert_eq!(runs[0].latency.stdev, Some(8.0));
    assert_eq!(runs[0].errors.total(), 0);
}

#[test]
fn root_statistics_when_there_are_no_requests_and_padded_numbers() {
    let text = std::fs::read_to_string(common::fixture("gatling/stats.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc.as_object_mut().unwrap().remove("contents");
    let runs = gatebench::load_bytes(
        std::path::Path::new("stats.json"),
        doc.to_string().as_bytes(),
    )
    .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].label, "All Requests");
    assert_eq!(runs[0].requests, Some(12000), "`   12,000` reads as 12000");
    assert_eq!(runs[0].throughput_rps, Some(200.0));
}
