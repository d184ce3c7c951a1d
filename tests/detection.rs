//! Every real fixture is detected as its own format, from its content alone.

use crate::common;

use gatebench::Format;

#[test]
fn each_fixture_is_detected_as_its_format() {
    let cases = [
        ("wrk/with-latency.txt", "wrk"),
        ("wrk/lua-report.txt", "wrk"),
        ("wrk/connection-refused.txt", "wrk"),
        ("hey/summary.txt", "hey"),
        ("hey/all-timeouts.txt", "hey"),
        ("hey/requests.csv", "hey-csv"),
        ("ab/summary.txt", "ab"),
        ("ab/timeout.txt", "ab"),
        ("ab/requests.tsv", "ab-gnuplot"),
        ("ab/percentiles.csv", "ab-percentiles"),
        ("vegeta/hdrplot-readme.txt", "hdr-spectrum"),
        ("jmeter/html-report-testfile.jtl", "jtl"),
        ("jmeter/headerless-tab.jtl", "jtl"),
        ("jmeter/subset-reordered.jtl", "jtl"),
        ("malformed/tidy-bad-number.csv", "tidy-csv"),
        ("locust/run_stats.csv", "locust"),
        ("locust/run_stats_history.csv", "locust-history"),
        ("oha/run.json", "oha"),
        ("oha/connection-refused.json", "oha"),
        ("oha/requests.csv", "oha-csv"),
        ("vegeta/report-readme.txt", "vegeta-text"),
        ("vegeta/report-issue-293.txt", "vegeta-text"),
        ("vegeta/report-readme.json", "vegeta-json"),
        ("vegeta/encode-v12.7.csv", "vegeta-csv"),
        ("vegeta/encode-v12.8.csv", "vegeta-csv"),
        ("k6/summary-export.json", "k6-json"),
        ("k6/handle-summary.json", "k6-json"),
        ("k6/samples.csv", "k6-csv"),
        ("gatling/stats.json", "gatling"),
        (
            "aws-logs/lambda/console-csv-2022-single-invoke.csv",
            "lambda",
        ),
        (
            "aws-logs/lambda/insights-csv-export-report-lines-desc.csv",
            "lambda",
        ),
        (
            "aws-logs/lambda/cwl-subscription-payload-timeout-2020.json",
            "lambda",
        ),
        (
            "aws-logs/lambda/logs-tail-short-format-hourly-cold-starts.txt",
            "lambda",
        ),
        (
            "aws-logs/lambda/sam-logs-format-in-readme-java-2021.md",
            "lambda",
        ),
        ("power-tuning/readme-output.json", "power-tuning"),
        ("power-tuning/inner-with-stats.json", "power-tuning"),
        ("power-tuning/no-sizes.json", "power-tuning"),
        ("power-tuning/readme-url.txt", "power-tuning-url"),
        ("jmeter/formatted-seconds.jtl", "jtl"),
        ("jmeter/formatted-iso-zone.jtl", "jtl"),
        ("transcripts/hey-two-runs.txt", "hey"),
        ("transcripts/hey-connection-refused.txt", "hey"),
        ("transcripts/ab-three-runs.txt", "ab"),
        ("transcripts/ab-connection-refused.txt", "ab"),
        ("transcripts/wrk-preamble.txt", "wrk"),
        ("transcripts/k6-v1-console.txt", "k6-text"),
        ("transcripts/k6-v0-console.txt", "k6-text"),
        ("transcripts/k6-v1-two-runs.txt", "k6-text"),
        ("transcripts/oha-secs.txt", "oha-text"),
        ("transcripts/oha-us.txt", "oha-text"),
        ("transcripts/oha-deadline.txt", "oha-text"),
        ("transcripts/oha-old-sweep.txt", "oha-text"),
        ("transcripts/oha-older-five.txt", "oha-text"),
        ("transcripts/vegeta-sweep-constructed.txt", "vegeta-text"),
        ("wild/ngf-edge-plus.md", "vegeta-text"),
        ("wild/gatling-2.0/simulation.log", "gatling-log"),
        ("wild/gatling-3.4/simulation.log", "gatling-log"),
    ];
    for (rel, format) in cases {
        let text = std::fs::read_to_string(common::fixture(rel)).unwrap();
        assert_eq!(
            gatebench::detect(&text).map(Format::id),
            Some(format),
            "{rel}"
        );
    }
    for rel in ["malformed/nginx-version.txt", "malformed/empty.txt"] {
        let text = std::fs::read_to_string(common::fixture(rel)).unwrap();
        assert_eq!(gatebench::detect(&text), None, "{rel}");
    }
}

/// Each run's throughput is explained by the definition of the format that read it,
/// from the importer list; runs without a throughput say so.
#[test]
fn throughput_definitions_come_from_the_format() {
    for (rel, id) in [
        ("wrk/with-latency.txt", "wrk"),
        ("hey/summary.txt", "hey"),
        ("hey/requests.csv", "hey-csv"),
        ("ab/summary.txt", "ab"),
        ("ab/requests.tsv", "ab-gnuplot"),
        ("jmeter/html-report-testfile.jtl", "jtl"),
        ("locust/run_stats.csv", "locust"),
        ("oha/run.json", "oha"),
        ("oha/requests.csv", "oha-csv"),
        ("vegeta/report-readme.json", "vegeta-json"),
        ("vegeta/encode-v12.8.csv", "vegeta-csv"),
        ("k6/summary-export.json", "k6-json"),
        ("k6/samples.csv", "k6-csv"),
        ("gatling/stats.json", "gatling"),
        (
            "aws-logs/lambda/console-csv-2022-single-invoke.csv",
            "lambda",
        ),
        (
            "aws-logs/lambda/insights-csv-export-report-lines-desc.csv",
            "lambda",
        ),
        (
            "aws-logs/lambda/cwl-subscription-payload-timeout-2020.json",
            "lambda",
        ),
        (
            "aws-logs/lambda/logs-tail-short-format-hourly-cold-starts.txt",
            "lambda",
        ),
        (
            "aws-logs/lambda/sam-logs-format-in-readme-java-2021.md",
            "lambda",
        ),
    ] {
        let expected = Format::by_id(id)
            .unwrap()
            .importer()
            .throughput_definition();
        for run in common::load(rel) {
            if run.throughput_rps.is_some() {
                assert_eq!(gatebench::throughput_definition(&run), expected, "{rel}");
            }
        }
    }
    let run = common::load_one("ab/percentiles.csv");
    assert_eq!(
        gatebench::throughput_definition(&run),
        "not in the file: it holds only a latency distribution"
    );
}
