//! Every real fixture is detected as its own format, from its content alone.

mod common;

use gatebench::import::{self, Format};

#[test]
fn each_fixture_is_detected_as_its_format() {
    let cases = [
        ("wrk/with-latency.txt", Format::Wrk),
        ("wrk/lua-report.txt", Format::Wrk),
        ("wrk/connection-refused.txt", Format::Wrk),
        ("hey/summary.txt", Format::Hey),
        ("hey/all-timeouts.txt", Format::Hey),
        ("hey/requests.csv", Format::HeyCsv),
        ("ab/summary.txt", Format::Ab),
        ("ab/timeout.txt", Format::Ab),
        ("ab/requests.tsv", Format::AbGnuplot),
        ("ab/percentiles.csv", Format::AbPercentiles),
        ("vegeta/hdrplot-readme.txt", Format::HdrSpectrum),
        ("jmeter/html-report-testfile.jtl", Format::Jtl),
        ("jmeter/headerless-tab.jtl", Format::Jtl),
        ("jmeter/subset-reordered.jtl", Format::Jtl),
        ("malformed/tidy-bad-number.csv", Format::TidyCsv),
        ("locust/run_stats.csv", Format::Locust),
        ("locust/run_stats_history.csv", Format::LocustHistory),
        ("oha/run.json", Format::Oha),
        ("oha/connection-refused.json", Format::Oha),
        ("oha/requests.csv", Format::OhaCsv),
        ("vegeta/report-readme.txt", Format::VegetaText),
        ("vegeta/report-issue-293.txt", Format::VegetaText),
        ("vegeta/report-readme.json", Format::VegetaJson),
        ("vegeta/encode-v12.7.csv", Format::VegetaCsv),
        ("vegeta/encode-v12.8.csv", Format::VegetaCsv),
        ("k6/summary-export.json", Format::K6Json),
        ("k6/handle-summary.json", Format::K6Json),
        ("k6/samples.csv", Format::K6Csv),
        ("gatling/stats.json", Format::Gatling),
    ];
    for (rel, format) in cases {
        let text = std::fs::read_to_string(common::fixture(rel)).unwrap();
        assert_eq!(import::detect(&text), Some(format), "{rel}");
    }
    for rel in ["malformed/nginx-version.txt", "malformed/empty.txt"] {
        let text = std::fs::read_to_string(common::fixture(rel)).unwrap();
        assert_eq!(import::detect(&text), None, "{rel}");
    }
}
