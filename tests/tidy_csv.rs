//! The tidy CSV: written with polars and read back into identical runs.

use crate::common;

use std::path::Path;

use gatebench::Run;

fn all_real_runs() -> Vec<Run> {
    let mut runs = Vec::new();
    let mut files = gatebench::expand_inputs(&[common::seed_runs()]);
    files.extend(
        [
            "wrk/wrk-readme.txt",
            "wrk/all-timeouts.txt",
            "wrk/non-2xx.txt",
            "wrk/two-runs.txt",
            "wrk/seconds-latency.txt",
        ]
        .map(common::fixture),
    );
    for f in files {
        runs.extend(gatebench::load_file(&f).unwrap());
    }
    runs
}

#[test]
fn round_trip_gives_identical_runs() {
    let runs = all_real_runs();
    assert!(runs.len() >= 10);
    let mut csv = Vec::new();
    gatebench::write_tidy_csv(&runs, &mut csv).unwrap();
    let back = gatebench::load_bytes(Path::new("runs.csv"), &csv).unwrap();
    // The CSV states each run's integration and tier: no longer a guess from a name.
    let stated: Vec<_> = runs
        .into_iter()
        .map(|r| gatebench::Run {
            inferred_from: None,
            ..r
        })
        .collect();
    assert_eq!(back, stated);
}

#[test]
fn header_has_the_documented_columns() {
    let mut csv = Vec::new();
    gatebench::write_tidy_csv(&all_real_runs()[..1], &mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    let header = text.lines().next().unwrap();
    assert_eq!(
        header,
        "label,tool,integration,memory_mb,duration_s,connections,threads,requests,\
         throughput_rps,transfer_bytes_per_s,bytes_read,latency_mean_ms,latency_stdev_ms,\
         latency_min_ms,latency_max_ms,latency_p50_ms,latency_p75_ms,latency_p90_ms,\
         latency_p99_ms,errors_connect,errors_read,errors_write,errors_timeout,\
         errors_non_2xx_3xx,errors_other,source,target,measurement"
    );
}

#[test]
fn a_minimal_hand_written_file_loads() {
    let csv = "label,integration,memory_mb,duration_s,requests,throughput_rps,latency_p99.9_ms\n\
               direct,elb-direct,,30,3000,100.5,12.5\n\
               \"lambda, big\",apigw-lambda,1024,30,600,20,\n";
    let runs = gatebench::load_bytes(Path::new("mine.csv"), csv.as_bytes()).unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].source, "mine.csv");
    assert_eq!(runs[0].tool, "unknown");
    assert_eq!(runs[0].memory_mb, None);
    assert_eq!(runs[0].latency.percentile("99.9"), Some(12.5));
    assert_eq!(runs[1].label, "lambda, big");
    assert_eq!(runs[1].memory_mb, Some(1024));
    assert!(runs[1].latency.percentiles.is_empty());
}

#[test]
fn bad_cells_name_their_line_and_column() {
    let cases = [
        (
            "label,duration_s,requests,throughput_rps\na,1,1,-5\n",
            "line 2: column `throughput_rps`: expected a number that is zero or more, found `-5`",
        ),
        (
            "label,duration_s,requests,throughput_rps\na,1,1,1\nb,1,1.5,1\n",
            "line 3: column `requests`: expected a whole number, found `1.5`",
        ),
        (
            "label,duration_s,requests,throughput_rps,speed\na,1,1,1,2\n",
            "line 1: unknown column `speed`",
        ),
        (
            "label,duration_s,requests,throughput_rps\n,1,1,1\n",
            "line 2: the `label` cell is empty",
        ),
        (
            "label,duration_s,requests,throughput_rps\n\"a,1,1,1\n",
            "x.csv",
        ),
    ];
    for (csv, expected) in cases {
        let e = gatebench::load_bytes(Path::new("x.csv"), csv.as_bytes()).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("x.csv"), "{msg}");
        assert!(msg.contains(expected), "expected `{expected}` in: {msg}");
    }
}

/// A run that holds only a latency distribution (ab `-e`, vegeta `hdrplot`) has no
/// run time, count or throughput: empty cells, read back as "not reported".
#[test]
fn empty_run_figures_mean_not_reported() {
    let csv = "label,duration_s,requests,throughput_rps,latency_p99_ms\na,,,,12.5\n";
    let runs = gatebench::load_bytes(Path::new("x.csv"), csv.as_bytes()).unwrap();
    assert_eq!(runs[0].duration_s, None);
    assert_eq!(runs[0].requests, None);
    assert_eq!(runs[0].throughput_rps, None);
    assert_eq!(runs[0].latency.percentile("99"), Some(12.5));
    let mut written = Vec::new();
    gatebench::write_tidy_csv(&runs, &mut written).unwrap();
    let again = gatebench::load_bytes(Path::new("y.csv"), &written).unwrap();
    assert_eq!(again[0].throughput_rps, None);
    assert_eq!(again[0].latency, runs[0].latency);
}

/// A merged run says so in `merged_from`, written only when a run is merged, and read
/// back with the definition of a merged throughput.
#[test]
fn merged_runs_keep_what_they_were_merged_from() {
    let mut runs = common::load("hey/requests.csv");
    runs.extend(common::load("oha/requests.csv"));
    let merged = gatebench::merge(&runs).unwrap();
    assert_eq!(
        merged.merged_from.as_deref(),
        Some(&["requests".to_owned(), "requests".to_owned()][..])
    );
    let mut csv = Vec::new();
    gatebench::write_tidy_csv(std::slice::from_ref(&merged), &mut csv).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.lines().next().unwrap().contains(",source,merged_from"));
    let back = gatebench::load_bytes(Path::new("m.csv"), &csv).unwrap();
    assert_eq!(back[0].merged_from, merged.merged_from);
    assert_eq!(
        gatebench::throughput_definition(&back[0]),
        "the sum of the merged runs' throughputs"
    );
}
