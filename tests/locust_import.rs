//! Locust statistics: real output; the expected numbers are the ones Locust wrote.

use crate::common;

use common::load;

#[test]
fn one_run_per_entry_with_locusts_numbers() {
    let runs = load("locust/run_stats.csv");
    let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["apigw-lambda-512", "elb-direct"]);
    let text = std::fs::read_to_string(common::fixture("locust/run_stats.csv")).unwrap();
    let row: Vec<&str> = text.lines().nth(2).unwrap().split(',').collect();
    let direct = &runs[1];
    assert_eq!(direct.tool, "locust");
    assert_eq!(direct.integration.as_deref(), Some("elb-direct"));
    assert_eq!(direct.requests, Some(row[2].parse::<u64>().unwrap()));
    assert_eq!(direct.throughput_rps, Some(row[9].parse::<f64>().unwrap()));
    assert_eq!(direct.latency.mean, Some(row[5].parse().unwrap()));
    assert_eq!(direct.latency.max, Some(row[7].parse().unwrap()));
    let keys = common::percentile_keys(direct);
    assert_eq!(
        keys,
        [
            "50", "66", "75", "80", "90", "95", "98", "99", "99.9", "99.99", "100"
        ]
    );
    assert_eq!(
        direct.latency.percentile("99"),
        Some(row[18].parse().unwrap())
    );
    let lambda = &runs[0];
    assert_eq!(lambda.memory_mb, Some(512));
    assert_eq!(
        Some(lambda.errors.other),
        lambda.requests,
        "every request to /unavailable failed"
    );
}

#[test]
fn na_cells_are_no_data_and_bad_cells_name_their_line() {
    let csv = "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,\
               Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,100%\n\
               GET,idle,0,0,0,0,0,0,0,0.0,0.0,N/A,N/A\n\
               GET,busy,abc,0,0,0,0,0,0,0.0,0.0,N/A,N/A\n";
    let e = gatebench::load_bytes(std::path::Path::new("s.csv"), csv.as_bytes()).unwrap_err();
    assert!(
        e.to_string()
            .contains("s.csv: line 3: column `Request Count`: expected a number, found `abc`"),
        "{e}"
    );
    let ok = csv.lines().take(2).collect::<Vec<_>>().join("\n");
    let runs = gatebench::load_bytes(std::path::Path::new("s.csv"), ok.as_bytes()).unwrap();
    assert_eq!(runs[0].latency.mean, None);
    assert!(runs[0].latency.percentiles.is_empty());
}

#[test]
fn history_gives_totals_and_a_series() {
    let run = common::load_one("locust/run_stats_history.csv");
    let text = std::fs::read_to_string(common::fixture("locust/run_stats_history.csv")).unwrap();
    let last: Vec<&str> = text.lines().last().unwrap().split(',').collect();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let at = |name: &str| last[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(run.requests, at("Total Request Count").parse::<u64>().ok());
    assert_eq!(
        run.errors.other,
        at("Total Failure Count").parse::<u64>().unwrap()
    );
    assert_eq!(
        run.latency.mean,
        Some(at("Total Average Response Time").parse().unwrap())
    );
    let detail = run.detail.as_ref().unwrap();
    assert_eq!(
        detail.series.len(),
        text.lines().count() - 1,
        "one point per history row"
    );
    assert!(
        detail.series.iter().all(|p| p.p50_ms.is_none()),
        "cumulative percentiles are not a series"
    );
    // A series without samples cannot be merged.
    let e = gatebench::merge(&[run]).unwrap_err();
    assert!(e.to_string().contains("only a percentile summary"), "{e}");
}
