//! History: every run kept in a database (SQLite, or PostgreSQL for a team), change
//! points across builds and deploys, and the CI gate that says since when
//! (`docs/history-format.md`, `docs/history-method.md`).

pub mod analyze;
pub mod change_points;
pub mod check;
pub mod export;
pub mod import_csv;
pub mod postgres;
pub mod record;
pub mod schema;
pub mod sql;
pub mod sqlite;
pub mod trend;

use std::collections::BTreeMap;

use crate::model::Run;

/// The metrics a series is analysed by, with their names in JSON and on the
/// command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    ThroughputRps,
    LatencyMeanMs,
    LatencyP50Ms,
    LatencyP90Ms,
    LatencyP99Ms,
    ErrorRate,
}

impl Metric {
    pub const ALL: [Metric; 6] = [
        Metric::ThroughputRps,
        Metric::LatencyMeanMs,
        Metric::LatencyP50Ms,
        Metric::LatencyP90Ms,
        Metric::LatencyP99Ms,
        Metric::ErrorRate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::ThroughputRps => "throughput_rps",
            Metric::LatencyMeanMs => "latency_mean_ms",
            Metric::LatencyP50Ms => "latency_p50_ms",
            Metric::LatencyP90Ms => "latency_p90_ms",
            Metric::LatencyP99Ms => "latency_p99_ms",
            Metric::ErrorRate => "error_rate",
        }
    }

    pub fn by_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == name)
    }

    /// True when more is better (throughput); a fall of it is a regression, as a
    /// rise of latency or of the error rate is.
    pub fn higher_is_better(self) -> bool {
        self == Metric::ThroughputRps
    }

    /// `v` as text in this metric's unit: "22.2" ms, "2,249" req/s, "0.40%".
    pub fn show(self, v: f64) -> String {
        match self {
            Metric::ThroughputRps => crate::format::rps(v),
            Metric::ErrorRate => crate::format::pct(v * 100.0),
            _ => crate::format::ms(Some(v)),
        }
    }

    /// The metric of `run`, where it has one: `compare`'s for the five it shares.
    pub fn of(self, run: &Run) -> Option<f64> {
        use crate::analysis::compare::Metric as Compared;
        let compared = match self {
            Metric::ThroughputRps => Compared::Throughput,
            Metric::LatencyMeanMs => Compared::Mean,
            Metric::LatencyP50Ms => Compared::P50,
            Metric::LatencyP90Ms => Compared::P90,
            Metric::LatencyP99Ms => Compared::P99,
            Metric::ErrorRate => {
                return run
                    .requests
                    .filter(|&n| n > 0)
                    .map(|n| run.errors.total() as f64 / n as f64);
            }
        };
        compared.of(run)
    }
}

/// A record to store: one run in one series.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRecord {
    pub series: String,
    /// Unix time in milliseconds, UTC.
    pub at_ms: i64,
    pub commit: Option<String>,
    pub branch: Option<String>,
    pub tags: BTreeMap<String, String>,
    /// Each metric's value, in [`Metric::ALL`] order.
    pub metrics: [Option<f64>; 6],
    pub requests: Option<u64>,
    /// The run as `summarize --format json` gives it.
    pub run_json: String,
    /// The run's latency histogram (µs), in HdrHistogram's V2 + DEFLATE encoding.
    pub histogram: Option<Vec<u8>>,
}

/// A stored record, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: i64,
    pub new: NewRecord,
}

impl Record {
    pub fn metric(&self, m: Metric) -> Option<f64> {
        let i = Metric::ALL.iter().position(|&x| x == m).unwrap_or(0);
        self.new.metrics[i]
    }

    /// The record's latency histogram, decoded; `None` when it has none or it cannot
    /// be read.
    pub fn histogram(&self) -> Option<hdrhistogram::Histogram<u64>> {
        let bytes = self.new.histogram.as_ref()?;
        hdrhistogram::serialization::Deserializer::new()
            .deserialize(&mut std::io::Cursor::new(bytes))
            .ok()
    }
}

/// Which records to read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Only these series (all when empty).
    pub series: Vec<String>,
    pub since_ms: Option<i64>,
    pub until_ms: Option<i64>,
}

/// A series with its number of records and first and last times.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SeriesInfo {
    pub name: String,
    pub records: u64,
    pub first: String,
    pub last: String,
}

/// What went wrong with a history database.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{db}: {message}")]
    Refused { db: String, message: String },
    #[error("{db}: {source}")]
    Sqlite {
        db: String,
        #[source]
        source: rusqlite::Error,
    },
    /// The PostgreSQL server could not be reached or would not let us in.
    #[error("{db}: failed to connect: {message}")]
    Connect { db: String, message: String },
    /// What the PostgreSQL server said to a statement.
    #[error("{db}: {message}")]
    Postgres { db: String, message: String },
}

/// A history database: the one interface of SQLite and PostgreSQL.
pub trait Store {
    /// Adds `records`, all or none.
    fn insert(&mut self, records: &[NewRecord]) -> Result<Vec<i64>, HistoryError>;
    /// The records `filter` picks, in time order (then in the order recorded).
    fn records(&mut self, filter: &Filter) -> Result<Vec<Record>, HistoryError>;
    /// Every series, by name.
    fn series(&mut self) -> Result<Vec<SeriesInfo>, HistoryError>;
}

/// Opens the history database `db`: a file path (SQLite, created when missing) or a
/// `postgres://` URL.
pub fn open(db: &str) -> Result<Box<dyn Store>, HistoryError> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return Ok(Box::new(postgres::PgStore::open(db)?));
    }
    Ok(Box::new(sqlite::SqliteStore::open(std::path::Path::new(
        db,
    ))?))
}

/// RFC 3339 of Unix milliseconds, UTC ("2026-12-02T13:45:00.000Z").
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_else(|| ms.to_string())
}

/// Unix milliseconds of an RFC 3339 time.
pub fn parse_time(text: &str) -> Result<i64, String> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp_millis())
        .map_err(|e| format!("`{text}` is not an RFC 3339 time (2026-12-02T13:45:00Z): {e}"))
}
