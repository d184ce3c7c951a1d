//! Importers: one file per tool. [`load_file`] reads a file, detects its format from
//! the content and returns the runs it holds, or an [`ImportError`] that names the
//! file, the line and what was expected.

pub mod ab;
pub mod ab_percentiles;
pub mod blocks;
pub mod error_text;
pub mod gatling;
pub mod go_duration;
pub mod hdr_spectrum;
pub mod hey;
pub mod inputs;
pub mod jtl;
pub mod k6;
pub mod locust;
pub mod naming;
pub mod oha;
pub mod raw;
pub mod text;
pub mod tidy_csv;
pub mod vegeta;
pub mod wrk;
pub mod wrk_units;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::Run;

/// Why a file could not be imported. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: line {line}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A problem of the whole file that no single line carries (for example a
    /// CSV that the CSV reader rejects before any row is read).
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
}

impl ImportError {
    pub fn parse(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Self::Parse {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. } | Self::Parse { path, .. } | Self::File { path, .. } => path,
        }
    }
}

/// The file formats gatebench reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// wrk 4.x text output, with or without `--latency` (wrk2's summary too).
    Wrk,
    /// gatebench's tidy CSV: one row per run (documented in README.md).
    TidyCsv,
    /// hey's text summary.
    Hey,
    /// ApacheBench's text summary.
    Ab,
    /// ApacheBench's `-e` CSV: latency at each percent, nothing else.
    AbPercentiles,
    /// An HdrHistogram percentile table alone (vegeta `report -type=hdrplot`).
    HdrSpectrum,
    /// Locust `--csv` statistics (`_stats.csv`).
    Locust,
    /// Locust `_stats_history.csv`: totals and a time series.
    LocustHistory,
    /// oha's JSON output.
    Oha,
    /// vegeta's text report.
    VegetaText,
    /// vegeta's JSON report.
    VegetaJson,
    /// k6's `--summary-export` JSON or `handleSummary` argument.
    K6Json,
    /// Gatling's `js/stats.json` (or `stats.js`).
    Gatling,
    /// JMeter JTL (CSV), one run per label; per request.
    Jtl,
    /// hey `-o csv`; per request.
    HeyCsv,
    /// ab `-g` (gnuplot TSV); per request.
    AbGnuplot,
    /// oha `--output-format csv`; per request.
    OhaCsv,
    /// vegeta `encode --to csv`; per request.
    VegetaCsv,
    /// k6 `--out csv`; per sample.
    K6Csv,
}

impl Format {
    pub const ALL: [Format; 19] = [
        Format::LocustHistory,
        Format::Gatling,
        Format::K6Json,
        Format::K6Csv,
        Format::VegetaText,
        Format::VegetaJson,
        Format::VegetaCsv,
        Format::Wrk,
        Format::TidyCsv,
        Format::Hey,
        Format::Ab,
        Format::AbPercentiles,
        Format::HdrSpectrum,
        Format::Locust,
        Format::Oha,
        Format::OhaCsv,
        Format::Jtl,
        Format::HeyCsv,
        Format::AbGnuplot,
    ];

    /// The format's short name, as `--input-format` takes it.
    pub fn id(self) -> &'static str {
        match self {
            Format::Wrk => "wrk",
            Format::TidyCsv => "tidy-csv",
            Format::Hey => "hey",
            Format::Ab => "ab",
            Format::AbPercentiles => "ab-percentiles",
            Format::HdrSpectrum => "hdr-spectrum",
            Format::Locust => "locust",
            Format::LocustHistory => "locust-history",
            Format::Oha => "oha",
            Format::VegetaText => "vegeta-text",
            Format::VegetaJson => "vegeta-json",
            Format::VegetaCsv => "vegeta-csv",
            Format::K6Json => "k6-json",
            Format::K6Csv => "k6-csv",
            Format::Gatling => "gatling",
            Format::Jtl => "jtl",
            Format::HeyCsv => "hey-csv",
            Format::AbGnuplot => "ab-gnuplot",
            Format::OhaCsv => "oha-csv",
        }
    }

    /// Per-request files, which are streamed rather than read whole.
    pub fn per_request(self) -> bool {
        matches!(
            self,
            Format::Jtl
                | Format::HeyCsv
                | Format::AbGnuplot
                | Format::OhaCsv
                | Format::VegetaCsv
                | Format::K6Csv
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Wrk => "wrk text output",
            Format::TidyCsv => "gatebench tidy CSV",
            Format::Hey => "hey summary",
            Format::Ab => "ApacheBench summary",
            Format::AbPercentiles => "ab -e CSV",
            Format::HdrSpectrum => "HdrHistogram percentile table (vegeta hdrplot)",
            Format::Locust => "Locust statistics CSV",
            Format::LocustHistory => "Locust history CSV",
            Format::Oha => "oha JSON",
            Format::OhaCsv => "oha CSV",
            Format::VegetaText => "vegeta text report",
            Format::VegetaJson => "vegeta JSON report",
            Format::VegetaCsv => "vegeta encode CSV",
            Format::K6Json => "k6 summary JSON",
            Format::Gatling => "Gatling stats.json",
            Format::K6Csv => "k6 CSV",
            Format::Jtl => "JMeter JTL",
            Format::HeyCsv => "hey -o csv",
            Format::AbGnuplot => "ab -g",
        })
    }
}

/// Detects a per-request format from the first bytes of a file.
fn detect_per_request(head: &[u8]) -> Option<Format> {
    if head.contains(&0) {
        return None;
    }
    match raw::detect(head) {
        Some(f) if f.header == raw::HEY_CSV.header => Some(Format::HeyCsv),
        Some(f) if f.header == raw::OHA_CSV.header => Some(Format::OhaCsv),
        Some(_) => Some(Format::AbGnuplot),
        None if vegeta::looks_like_csv(head) => Some(Format::VegetaCsv),
        None if k6::looks_like_csv(head) => Some(Format::K6Csv),
        None => jtl::looks_like(head).then_some(Format::Jtl),
    }
}

/// The per-request format to stream `head`'s file as: the forced one if it is one,
/// else, when nothing is forced, the detected one.
fn streamed_format(forced: Option<Format>, head: &[u8]) -> Option<Format> {
    match forced {
        Some(f) => f.per_request().then_some(f),
        None => detect_per_request(head),
    }
}

/// Detects the format from the content, not the file name.
pub fn detect(text: &str) -> Option<Format> {
    if let Some(f) = detect_per_request(text.as_bytes()) {
        Some(f)
    } else if ab_percentiles::looks_like(text) {
        Some(Format::AbPercentiles)
    } else if hdr_spectrum::looks_like(text) {
        Some(Format::HdrSpectrum)
    } else if tidy_csv::looks_like(text) {
        Some(Format::TidyCsv)
    } else if gatling::looks_like(text) {
        Some(Format::Gatling)
    } else if k6::looks_like_json(text) {
        Some(Format::K6Json)
    } else if vegeta::looks_like_json(text) {
        Some(Format::VegetaJson)
    } else if vegeta::looks_like_text(text) {
        Some(Format::VegetaText)
    } else if oha::looks_like(text) {
        Some(Format::Oha)
    } else if locust::looks_like_history(text) {
        Some(Format::LocustHistory)
    } else if locust::looks_like(text) {
        Some(Format::Locust)
    } else if hey::looks_like(text) {
        Some(Format::Hey)
    } else if ab::looks_like(text) {
        Some(Format::Ab)
    } else if wrk::looks_like(text) {
        Some(Format::Wrk)
    } else {
        None
    }
}

/// Bytes read to detect the format of a file before deciding how to read it.
const HEAD_BYTES: u64 = 64 * 1024;

/// Reads `path`, detects its format and returns its runs, with integration type and
/// memory tier filled from the file name where the file itself has none.
pub fn load_file(path: &Path) -> Result<Vec<Run>, ImportError> {
    load_file_as(path, None, &|_| {})
}

/// Like [`load_file`]; `progress` gets the fraction read of a large per-request file.
pub fn load_file_with_progress(
    path: &Path,
    progress: &dyn Fn(f32),
) -> Result<Vec<Run>, ImportError> {
    load_file_as(path, None, progress)
}

/// Reads `path` as `format` when given (the user knows better than detection), else
/// as the detected format. Per-request files are streamed; others are read whole.
pub fn load_file_as(
    path: &Path,
    format: Option<Format>,
    progress: &dyn Fn(f32),
) -> Result<Vec<Run>, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut head = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(path).map_err(io)?, HEAD_BYTES),
        &mut head,
    )
    .map_err(io)?;
    if let Some(f) = streamed_format(format, &head) {
        let file = std::fs::File::open(path).map_err(io)?;
        let total = file.metadata().map_err(io)?.len();
        return with_names(
            path,
            load_per_request(f, path, &head, file, total, progress)?,
        );
    }
    let bytes = std::fs::read(path).map_err(io)?;
    load_bytes_as(path, &bytes, format)
}

/// Like [`load_file`], for content already in memory; `path` names it in errors.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Vec<Run>, ImportError> {
    load_bytes_as(path, bytes, None)
}

/// Like [`load_file_as`], for content already in memory.
pub fn load_bytes_as(
    path: &Path,
    bytes: &[u8],
    format: Option<Format>,
) -> Result<Vec<Run>, ImportError> {
    let head = &bytes[..bytes.len().min(HEAD_BYTES as usize)];
    if let Some(f) = streamed_format(format, head) {
        let runs = load_per_request(f, path, head, bytes, bytes.len() as u64, &|_| {})?;
        return with_names(path, runs);
    }
    let text = text::decode(path, bytes)?;
    let runs = match format.or_else(|| detect(&text)) {
        Some(Format::Wrk) => wrk::parse(path, &text)?,
        Some(Format::Hey) => hey::parse(path, &text)?,
        Some(Format::Ab) => ab::parse(path, &text)?,
        Some(Format::AbPercentiles) => ab_percentiles::parse(path, &text)?,
        Some(Format::HdrSpectrum) => hdr_spectrum::parse(path, &text)?,
        Some(Format::Locust) => locust::parse(path, &text)?,
        Some(Format::LocustHistory) => locust::parse_history(path, &text)?,
        Some(Format::Oha) => oha::parse(path, &text)?,
        Some(Format::VegetaText) => vegeta::parse_text(path, &text)?,
        Some(Format::VegetaJson) => vegeta::parse_json(path, &text)?,
        Some(Format::K6Json) => k6::parse_json(path, &text)?,
        Some(Format::Gatling) => gatling::parse(path, &text)?,
        Some(Format::TidyCsv) => tidy_csv::read(path, text.as_bytes())?,
        _ => return Err(unrecognised(path, &text)),
    };
    with_names(path, runs)
}

/// Streams a per-request file.
fn load_per_request(
    format: Format,
    path: &Path,
    head: &[u8],
    source: impl std::io::Read + Send,
    total: u64,
    progress: &dyn Fn(f32),
) -> Result<Vec<Run>, ImportError> {
    match format {
        Format::HeyCsv => raw::load(&raw::HEY_CSV, path, head, source, total, progress),
        Format::AbGnuplot => raw::load(&raw::AB_GNUPLOT, path, head, source, total, progress),
        Format::OhaCsv => raw::load(&raw::OHA_CSV, path, head, source, total, progress),
        Format::VegetaCsv => vegeta::load_csv(path, head, source, total, progress),
        Format::K6Csv => k6::load_csv(path, head, source, total, progress),
        _ => jtl::load(path, head, source, total, progress),
    }
}

/// Fills integration type and memory tier from the file name where a run has none.
fn with_names(path: &Path, mut runs: Vec<Run>) -> Result<Vec<Run>, ImportError> {
    let name = naming::classify(path);
    for run in &mut runs {
        if run.integration.is_none() && run.memory_mb.is_none() {
            run.integration.clone_from(&name.integration);
            run.memory_mb = name.memory_mb;
        }
    }
    Ok(runs)
}

fn unrecognised(path: &Path, text: &str) -> ImportError {
    let Some((line, first)) = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty()) else {
        return ImportError::parse(
            path,
            1,
            "the file is empty; expected the output of a load tool (see \"Formats read\" in README.md)",
        );
    };
    ImportError::parse(
        path,
        line + 1,
        format!(
            "not a format gatebench recognises: found `{}`; expected wrk output \
             (starting `Running <time> test @ <url>`), hey, ApacheBench, oha, vegeta, \
             k6, Gatling, Locust, a JMeter JTL, hey `-o csv`, ab `-g` or `-e`, oha, vegeta or \
             k6 CSV, an HdrHistogram percentile table (wrk2, vegeta `hdrplot`), or a \
             gatebench tidy CSV (a header with `label` and `throughput_rps`)",
            text::excerpt(first)
        ),
    )
}
