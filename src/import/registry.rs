//! The list of formats, in detection order. Adding a format is one file that
//! implements [`Importer`] (most declare a `TextFormat` or `StreamedFormat`
//! constant) and one line here: `--input-format`, File > Open as, the
//! "not recognised" message and the throughput definitions all come from this list.

use std::fmt;

use super::importer::{Importer, Probe};
use super::{
    ab, ab_percentiles, apigw, cloudfront, gatling, gatling_log, hdr_spectrum, hey, jtl, k6,
    k6_text, lambda, load_balancer, locust, oha, oha_text, power_tuning, proxy_log, raw,
};
use super::{hlog, tidy_csv, vegeta, wrk};
use crate::model::Run;

/// A handle on one format of [`FORMATS`]: cheap to copy, compared by id.
#[derive(Clone, Copy)]
pub struct Format(&'static dyn Importer);

/// Every format, in detection order. Per-request formats come first: they are told
/// apart by their first line. The text formats follow, the most specific first (wrk,
/// which accepts a bare `Requests/sec:` line, last).
pub static FORMATS: [Format; 33] = [
    Format(&raw::HEY_CSV),
    Format(&raw::OHA_CSV),
    Format(&raw::AB_GNUPLOT),
    Format(&vegeta::CSV),
    Format(&k6::CSV),
    Format(&jtl::JTL),
    Format(&gatling_log::GATLING_LOG),
    Format(&load_balancer::ALB),
    Format(&load_balancer::ELB),
    Format(&ab_percentiles::AB_PERCENTILES),
    Format(&hdr_spectrum::HDR_SPECTRUM),
    Format(&lambda::FORMAT),
    Format(&apigw::FORMAT),
    Format(&cloudfront::FORMAT),
    Format(&proxy_log::HAPROXY),
    Format(&proxy_log::ENVOY),
    Format(&proxy_log::NGINX),
    Format(&tidy_csv::TIDY_CSV),
    Format(&gatling::GATLING),
    Format(&power_tuning::JSON),
    Format(&power_tuning::URL),
    Format(&hlog::HLOG),
    Format(&k6::JSON),
    Format(&vegeta::JSON),
    Format(&vegeta::TEXT),
    Format(&oha::OHA),
    Format(&oha_text::OHA_TEXT),
    Format(&k6_text::TEXT),
    Format(&locust::HISTORY),
    Format(&locust::STATS),
    Format(&hey::HEY),
    Format(&ab::AB),
    Format(&wrk::WRK),
];

impl Format {
    /// Every format, in detection order.
    pub fn all() -> impl Iterator<Item = Format> {
        FORMATS.iter().copied()
    }

    /// The format `--input-format ID` names.
    pub fn by_id(id: &str) -> Option<Format> {
        Format::all().find(|f| f.id() == id)
    }

    pub fn id(self) -> &'static str {
        self.0.id()
    }

    pub fn describe(self) -> &'static str {
        self.0.describe()
    }

    pub fn per_request(self) -> bool {
        self.0.per_request()
    }

    pub fn importer(self) -> &'static dyn Importer {
        self.0
    }
}

impl PartialEq for Format {
    fn eq(&self, other: &Self) -> bool {
        self.id() == other.id()
    }
}

impl Eq for Format {}

impl std::hash::Hash for Format {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id().hash(state);
    }
}

impl fmt::Debug for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Format({})", self.id())
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// The first format, in list order, that takes `probe`.
pub fn sniff(probe: &Probe<'_>) -> Option<Format> {
    Format::all().find(|f| f.0.sniff(probe))
}

/// Whether `format` takes the whole decoded `text` (the second round of detection).
pub fn detect_only(format: Format, text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(super::HEAD_BYTES)];
    format.0.sniff(&Probe {
        head,
        text: Some(text),
    })
}

/// Detects the format of a whole text, as both rounds of detection would (the
/// second on the text without terminal colours, as a file's).
pub fn detect(text: &str) -> Option<Format> {
    let head = &text.as_bytes()[..text.len().min(super::HEAD_BYTES)];
    let plain = super::text::without_colours(text);
    sniff(&Probe { head, text: None }).or_else(|| {
        sniff(&Probe {
            head: &plain.as_bytes()[..plain.len().min(super::HEAD_BYTES)],
            text: Some(&plain),
        })
    })
}

/// The formats, as the "not recognised" message lists them.
pub fn described_list() -> String {
    let names: Vec<&str> = Format::all().map(Format::describe).collect();
    names.join(", ")
}

/// What `run.throughput_rps` means. Each tool counts differently
/// (`docs/benchmark-formats.md`, "What throughput means"); a run read back from a
/// tidy CSV gets the definition of the format its tool writes.
pub fn throughput_definition(run: &Run) -> &'static str {
    if run.throughput_rps.is_none() {
        return "not in the file: it holds only a latency distribution";
    }
    if run.window.is_some() {
        return "the generators' requests within the window all of them were sending, over \
                that window";
    }
    if run.merged_from.is_some() {
        return "the sum of the merged runs' throughputs";
    }
    let made_by = |f: &Format| f.0.tools().contains(&run.tool.as_str());
    let samples = run.detail.is_some();
    Format::all()
        .find(|f| made_by(f) && f.per_request() == samples)
        .or_else(|| Format::all().find(made_by))
        .map_or("as reported in the file", |f| f.0.throughput_definition())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_found() {
        for f in Format::all() {
            assert_eq!(Format::by_id(f.id()), Some(f));
            assert_eq!(Format::all().filter(|g| g.id() == f.id()).count(), 1);
        }
        assert_eq!(Format::by_id("nope"), None);
    }

    /// Per-request formats are sniffed from their first bytes; text formats only from
    /// the whole text, so that the first round of detection streams.
    #[test]
    fn text_formats_wait_for_the_text() {
        let probe = Probe {
            head: b"Running 10s test @ http://127.0.0.1/\n",
            text: None,
        };
        assert_eq!(sniff(&probe), None);
        let text = "Running 10s test @ http://127.0.0.1/\n";
        assert_eq!(detect(text).map(Format::id), Some("wrk"));
    }
}
