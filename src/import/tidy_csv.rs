//! gatebench's tidy CSV: one row per run, read and written with polars.
//! It is both an import and an export format; the columns are documented in README.md.
//! Writing runs and reading them back gives identical runs.

use std::io::{Cursor, Write};
use std::path::Path;

use polars::prelude::*;

use super::ImportError;
use super::importer::TextFormat;
use crate::model::{ErrorCounts, LatencySummary, Measurement, Percentile, Run};

/// gatebench tidy CSV: the importer.
pub const TIDY_CSV: TextFormat = TextFormat {
    id: "tidy-csv",
    describe: "gatebench tidy CSV",
    tools: &[],
    throughput_definition: "as reported in the file",
    sniff: looks_like,
    parse: read_text,
};

const LABEL: &str = "label";
const TOOL: &str = "tool";
const INTEGRATION: &str = "integration";
const MEMORY_MB: &str = "memory_mb";
const DURATION_S: &str = "duration_s";
const CONNECTIONS: &str = "connections";
const THREADS: &str = "threads";
const REQUESTS: &str = "requests";
const THROUGHPUT_RPS: &str = "throughput_rps";
const TRANSFER: &str = "transfer_bytes_per_s";
const BYTES_READ: &str = "bytes_read";
const MEAN: &str = "latency_mean_ms";
const STDEV: &str = "latency_stdev_ms";
const MIN: &str = "latency_min_ms";
const MAX: &str = "latency_max_ms";
const ERR_CONNECT: &str = "errors_connect";
const ERR_READ: &str = "errors_read";
const ERR_WRITE: &str = "errors_write";
const ERR_TIMEOUT: &str = "errors_timeout";
const ERR_NON_2XX: &str = "errors_non_2xx_3xx";
const ERR_OTHER: &str = "errors_other";
const SOURCE: &str = "source";
/// The labels of the runs a merged run came from, joined with ` + `; written only
/// when a run is merged.
const MERGED_FROM: &str = "merged_from";
// Written only when some run has a value:
const GROUP: &str = "group";
const TARGET: &str = "target";
const RATE: &str = "rate_rps";
const MEASUREMENT: &str = "measurement";
const COST: &str = "invocation_cost_usd";
const U_MEAN: &str = "latency_uncorrected_mean_ms";
const U_STDEV: &str = "latency_uncorrected_stdev_ms";
const U_MIN: &str = "latency_uncorrected_min_ms";
const U_MAX: &str = "latency_uncorrected_max_ms";
/// Uncorrected percentiles (wrk2 `-U`) are `latency_uncorrected_p<percentile>_ms`.
const U_PREFIX: &str = "latency_uncorrected_p";

/// Columns a file must have.
pub const REQUIRED: [&str; 4] = [LABEL, DURATION_S, REQUESTS, THROUGHPUT_RPS];

/// Every fixed column, in the order they are written. Percentile columns
/// (`latency_p<percentile>_ms`) stand between `latency_max_ms` and the error counts.
pub const FIXED_COLUMNS: [&str; 32] = [
    LABEL,
    TOOL,
    INTEGRATION,
    MEMORY_MB,
    DURATION_S,
    CONNECTIONS,
    THREADS,
    REQUESTS,
    THROUGHPUT_RPS,
    TRANSFER,
    BYTES_READ,
    MEAN,
    STDEV,
    MIN,
    MAX,
    ERR_CONNECT,
    ERR_READ,
    ERR_WRITE,
    ERR_TIMEOUT,
    ERR_NON_2XX,
    ERR_OTHER,
    SOURCE,
    MERGED_FROM,
    GROUP,
    TARGET,
    RATE,
    MEASUREMENT,
    COST,
    U_MEAN,
    U_STDEV,
    U_MIN,
    U_MAX,
];

/// Percentiles that always get a column when writing, reported or not.
const STANDARD_PERCENTILES: [&str; 4] = ["50", "75", "90", "99"];

/// True when the first non-empty line is a header with `label` and `throughput_rps`.
pub fn looks_like(text: &str) -> bool {
    let Some(header) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let names: Vec<&str> = header.split(',').map(clean_name).collect();
    names.contains(&LABEL) && names.contains(&THROUGHPUT_RPS)
}

fn clean_name(name: &str) -> &str {
    name.trim().trim_matches('"')
}

/// `latency_p99.9_ms` -> `99.9`.
fn percentile_key(column: &str) -> Option<&str> {
    prefixed_key(column, "latency_p")
}

/// `latency_uncorrected_p99_ms` -> `99`.
fn uncorrected_key(column: &str) -> Option<&str> {
    prefixed_key(column, U_PREFIX)
}

fn prefixed_key<'a>(column: &'a str, prefix: &str) -> Option<&'a str> {
    let key = column.strip_prefix(prefix)?.strip_suffix("_ms")?;
    let rank: f64 = key.parse().ok()?;
    (rank > 0.0 && rank <= 100.0).then_some(key)
}

fn percentile_column(key: &str) -> String {
    format!("latency_p{key}_ms")
}

/// The name of a [`Measurement`] in the CSV, as in the JSON.
fn measurement_name(m: Measurement) -> &'static str {
    match m {
        Measurement::ClosedLoop => "closed_loop",
        Measurement::Corrected => "corrected",
        Measurement::OpenLoop => "open_loop",
        Measurement::DirectInvocation => "direct_invocation",
        Measurement::ServerLog => "server_log",
        Measurement::Unknown => "unknown",
    }
}

const MEASUREMENTS: [Measurement; 6] = [
    Measurement::ClosedLoop,
    Measurement::Corrected,
    Measurement::OpenLoop,
    Measurement::DirectInvocation,
    Measurement::ServerLog,
    Measurement::Unknown,
];

fn read_text(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    read(path, text.as_bytes())
}

/// Reads runs from CSV bytes; `path` names the file in errors and is each run's
/// source where the file has no `source` column.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Vec<Run>, ImportError> {
    let record_lines = record_lines(path, bytes)?;
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0)) // every column as text: we parse the cells
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .map_err(|e| ImportError::File {
            path: path.to_path_buf(),
            message: format!("not a valid CSV file: {e}"),
        })?;
    check_header(path, &df)?;
    if df.height() != record_lines.len() {
        return Err(ImportError::File {
            path: path.to_path_buf(),
            message: format!(
                "the CSV reader found {} rows where {} were expected; \
                 check for stray quotes",
                df.height(),
                record_lines.len()
            ),
        });
    }
    let cells = Cells { path, df: &df };
    let percentile_columns: Vec<(String, String)> = df
        .get_column_names()
        .iter()
        .filter_map(|c| percentile_key(c).map(|k| (c.to_string(), k.to_owned())))
        .collect();
    let uncorrected_columns: Vec<(String, String)> = df
        .get_column_names()
        .iter()
        .filter_map(|c| uncorrected_key(c).map(|k| (c.to_string(), k.to_owned())))
        .collect();
    let has_uncorrected = !uncorrected_columns.is_empty()
        || [U_MEAN, U_STDEV, U_MIN, U_MAX]
            .iter()
            .any(|c| df.column(c).is_ok());

    (0..df.height())
        .map(|row| {
            let at = Cell {
                row,
                line: record_lines[row],
            };
            let mut percentiles = Vec::new();
            for (column, key) in &percentile_columns {
                if let Some(ms) = cells.float(at, column)? {
                    percentiles.push(Percentile::new(key.clone(), ms));
                }
            }
            let mut uncorrected = Vec::new();
            for (column, key) in &uncorrected_columns {
                if let Some(ms) = cells.float(at, column)? {
                    uncorrected.push(Percentile::new(key.clone(), ms));
                }
            }
            let latency_uncorrected = if has_uncorrected {
                let summary = LatencySummary {
                    mean: cells.float(at, U_MEAN)?,
                    stdev: cells.float(at, U_STDEV)?,
                    min: cells.float(at, U_MIN)?,
                    max: cells.float(at, U_MAX)?,
                    percentiles: uncorrected,
                };
                (summary != LatencySummary::default()).then_some(summary)
            } else {
                None
            };
            let measurement = match cells.text(at, MEASUREMENT)? {
                None => Measurement::Unknown,
                Some(name) => MEASUREMENTS
                    .into_iter()
                    .find(|m| measurement_name(*m) == name)
                    .ok_or_else(|| {
                        ImportError::parse(
                            path,
                            at.line,
                            format!(
                                "column `measurement`: expected closed_loop, corrected, \
                                 open_loop, direct_invocation or unknown, found `{}`",
                                crate::error::excerpt(&name)
                            ),
                        )
                    })?,
            };
            let label = cells.text(at, LABEL)?.ok_or_else(|| {
                ImportError::parse(path, at.line, "the `label` cell is empty; expected a name")
            })?;
            let source = cells
                .text(at, SOURCE)?
                .unwrap_or_else(|| path.display().to_string());
            let tool = cells.text(at, TOOL)?.unwrap_or_else(|| "unknown".into());
            Ok(Run {
                integration: cells.text(at, INTEGRATION)?,
                memory_mb: cells.whole(at, MEMORY_MB)?,
                duration_s: cells.float(at, DURATION_S)?,
                connections: cells.whole(at, CONNECTIONS)?,
                threads: cells.whole(at, THREADS)?,
                requests: cells.whole(at, REQUESTS)?,
                throughput_rps: cells.float(at, THROUGHPUT_RPS)?,
                transfer_bytes_per_s: cells.float(at, TRANSFER)?,
                bytes_read: cells.float(at, BYTES_READ)?,
                latency: LatencySummary {
                    mean: cells.float(at, MEAN)?,
                    stdev: cells.float(at, STDEV)?,
                    min: cells.float(at, MIN)?,
                    max: cells.float(at, MAX)?,
                    percentiles,
                },
                errors: ErrorCounts {
                    connect: cells.whole(at, ERR_CONNECT)?.unwrap_or(0),
                    read: cells.whole(at, ERR_READ)?.unwrap_or(0),
                    write: cells.whole(at, ERR_WRITE)?.unwrap_or(0),
                    timeout: cells.whole(at, ERR_TIMEOUT)?.unwrap_or(0),
                    non_2xx_3xx: cells.whole(at, ERR_NON_2XX)?.unwrap_or(0),
                    other: cells.whole(at, ERR_OTHER)?.unwrap_or(0),
                },
                group: cells.text(at, GROUP)?,
                target: cells.text(at, TARGET)?,
                rate_rps: cells.float(at, RATE)?,
                latency_uncorrected,
                invocation_cost_usd: cells.float(at, COST)?,
                merged_from: cells
                    .text(at, MERGED_FROM)?
                    .map(|m| m.split(" + ").map(str::to_owned).collect()),
                ..Run::read(tool, Path::new(&source), label, measurement)
            })
        })
        .collect()
}

/// The line on which each record starts, checking the CSV's shape on the way so that
/// a ragged row or a broken quote is reported with its line.
fn record_lines(path: &Path, bytes: &[u8]) -> Result<Vec<usize>, ImportError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let mut lines = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => lines.push(record.position().map_or(0, |p| p.line() as usize)),
            Ok(false) => return Ok(lines),
            Err(e) => {
                let line = e.position().map_or(lines.len() + 2, |p| p.line() as usize);
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("expected {expected_len} fields, as in the header, found {len}"),
                    other => format!("not valid CSV: {other:?}"),
                };
                return Err(ImportError::parse(path, line, message));
            }
        }
    }
}

fn check_header(path: &Path, df: &DataFrame) -> Result<(), ImportError> {
    let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|r| !names.contains(r))
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::parse(
            path,
            1,
            format!(
                "the header lacks the column(s) {}; a tidy CSV needs {}",
                missing.join(", "),
                REQUIRED.join(", ")
            ),
        ));
    }
    if let Some(unknown) = names.iter().find(|n| {
        !FIXED_COLUMNS.contains(n) && percentile_key(n).is_none() && uncorrected_key(n).is_none()
    }) {
        return Err(ImportError::parse(
            path,
            1,
            format!(
                "unknown column `{unknown}`; expected the columns {} and \
                 latency_p<percentile>_ms (see README.md)",
                FIXED_COLUMNS.join(", ")
            ),
        ));
    }
    Ok(())
}

#[derive(Clone, Copy)]
struct Cell {
    row: usize,
    line: usize,
}

/// Typed access to the text cells of the frame, with errors that name the line.
struct Cells<'a> {
    path: &'a Path,
    df: &'a DataFrame,
}

impl Cells<'_> {
    fn raw(&self, at: Cell, column: &str) -> Result<Option<String>, ImportError> {
        let Ok(col) = self.df.column(column) else {
            return Ok(None);
        };
        let strings = col.str().map_err(|e| ImportError::File {
            path: self.path.to_path_buf(),
            message: format!("column `{column}`: {e}"),
        })?;
        Ok(strings
            .get(at.row)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned))
    }

    fn text(&self, at: Cell, column: &str) -> Result<Option<String>, ImportError> {
        Ok(self.raw(at, column)?.map(|t| undefused(&t).to_owned()))
    }

    fn parsed<T: std::str::FromStr>(
        &self,
        at: Cell,
        column: &str,
        expected: &str,
        valid: impl Fn(&T) -> bool,
    ) -> Result<Option<T>, ImportError> {
        let Some(cell) = self.raw(at, column)? else {
            return Ok(None);
        };
        match cell.parse::<T>() {
            Ok(v) if valid(&v) => Ok(Some(v)),
            _ => Err(ImportError::parse(
                self.path,
                at.line,
                format!(
                    "column `{column}`: expected {expected}, found `{}`",
                    crate::error::excerpt(&cell)
                ),
            )),
        }
    }

    fn float(&self, at: Cell, column: &str) -> Result<Option<f64>, ImportError> {
        self.parsed(at, column, "a number that is zero or more", |v: &f64| {
            v.is_finite() && *v >= 0.0
        })
    }

    fn whole<T: std::str::FromStr>(
        &self,
        at: Cell,
        column: &str,
    ) -> Result<Option<T>, ImportError> {
        self.parsed(at, column, "a whole number", |_: &T| true)
    }
}

/// The runs as a polars frame with the tidy CSV's columns.
/// A text cell that a spreadsheet would run as a formula (it starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return: OWASP's "CSV Injection") is written with a
/// `'` before it, which spreadsheets show as text; so is a cell that starts with `'`,
/// so that reading back removes exactly one. Numbers are written as numbers.
pub fn defused(text: String) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{text}"),
        _ => text,
    }
}

/// A text cell as it was before [`defused`].
fn undefused(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

pub fn to_frame(runs: &[Run]) -> PolarsResult<DataFrame> {
    let text = |name: &str, f: &dyn Fn(&Run) -> Option<String>| {
        let cells: Vec<Option<String>> = runs.iter().map(|r| f(r).map(defused)).collect();
        Column::new(name.into(), cells)
    };
    let float = |name: &str, f: &dyn Fn(&Run) -> Option<f64>| {
        Column::new(name.into(), runs.iter().map(f).collect::<Vec<_>>())
    };
    let whole = |name: &str, f: &dyn Fn(&Run) -> Option<u64>| {
        Column::new(name.into(), runs.iter().map(f).collect::<Vec<_>>())
    };

    let mut keys: Vec<String> = STANDARD_PERCENTILES.iter().map(|k| k.to_string()).collect();
    for run in runs {
        for p in &run.latency.percentiles {
            if !keys.contains(&p.key) {
                keys.push(p.key.clone());
            }
        }
    }
    keys.sort_by(|a, b| {
        let rank = |k: &str| k.parse::<f64>().unwrap_or(f64::INFINITY);
        rank(a).total_cmp(&rank(b))
    });

    let mut columns = vec![
        text(LABEL, &|r| Some(r.label.clone())),
        text(TOOL, &|r| Some(r.tool.clone())),
        text(INTEGRATION, &|r| r.integration.clone()),
        whole(MEMORY_MB, &|r| r.memory_mb.map(u64::from)),
        float(DURATION_S, &|r| r.duration_s),
        whole(CONNECTIONS, &|r| r.connections.map(u64::from)),
        whole(THREADS, &|r| r.threads.map(u64::from)),
        whole(REQUESTS, &|r| r.requests),
        float(THROUGHPUT_RPS, &|r| r.throughput_rps),
        float(TRANSFER, &|r| r.transfer_bytes_per_s),
        float(BYTES_READ, &|r| r.bytes_read),
        float(MEAN, &|r| r.latency.mean),
        float(STDEV, &|r| r.latency.stdev),
        float(MIN, &|r| r.latency.min),
        float(MAX, &|r| r.latency.max),
    ];
    for key in &keys {
        columns.push(float(&percentile_column(key), &|r| {
            r.latency.percentile(key)
        }));
    }
    columns.extend([
        whole(ERR_CONNECT, &|r| Some(r.errors.connect)),
        whole(ERR_READ, &|r| Some(r.errors.read)),
        whole(ERR_WRITE, &|r| Some(r.errors.write)),
        whole(ERR_TIMEOUT, &|r| Some(r.errors.timeout)),
        whole(ERR_NON_2XX, &|r| Some(r.errors.non_2xx_3xx)),
        whole(ERR_OTHER, &|r| Some(r.errors.other)),
        text(SOURCE, &|r| Some(r.source.clone())),
    ]);
    if runs.iter().any(|r| r.merged_from.is_some()) {
        columns.push(text(MERGED_FROM, &|r| {
            r.merged_from.as_ref().map(|m| m.join(" + "))
        }));
    }
    if runs.iter().any(|r| r.group.is_some()) {
        columns.push(text(GROUP, &|r| r.group.clone()));
    }
    if runs.iter().any(|r| r.target.is_some()) {
        columns.push(text(TARGET, &|r| r.target.clone()));
    }
    if runs.iter().any(|r| r.rate_rps.is_some()) {
        columns.push(float(RATE, &|r| r.rate_rps));
    }
    if runs.iter().any(|r| r.measurement != Measurement::Unknown) {
        columns.push(text(MEASUREMENT, &|r| {
            Some(measurement_name(r.measurement).to_owned())
        }));
    }
    if runs.iter().any(|r| r.invocation_cost_usd.is_some()) {
        columns.push(float(COST, &|r| r.invocation_cost_usd));
    }
    if runs.iter().any(|r| r.latency_uncorrected.is_some()) {
        let u = |r: &Run| r.latency_uncorrected.clone().unwrap_or_default();
        columns.push(float(U_MEAN, &|r| u(r).mean));
        columns.push(float(U_STDEV, &|r| u(r).stdev));
        columns.push(float(U_MIN, &|r| u(r).min));
        columns.push(float(U_MAX, &|r| u(r).max));
        let mut keys: Vec<String> = Vec::new();
        for r in runs {
            for p in &u(r).percentiles {
                if !keys.contains(&p.key) {
                    keys.push(p.key.clone());
                }
            }
        }
        for key in &keys {
            columns.push(float(&format!("{U_PREFIX}{key}_ms"), &|r| {
                u(r).percentile(key)
            }));
        }
    }
    DataFrame::new(runs.len(), columns)
}

/// Writes the runs as a tidy CSV.
pub fn write(runs: &[Run], out: &mut (impl Write + ?Sized)) -> PolarsResult<()> {
    let mut df = to_frame(runs)?;
    CsvWriter::new(out).include_header(true).finish(&mut df)
}

/// The tidy CSV of `runs`, in memory (a few hundred bytes a run): written to a
/// terminal or pipe by the caller, whose errors then stay I/O errors.
pub fn to_bytes(runs: &[Run]) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing columns of plain values to memory cannot fail.
    let _ = write(runs, &mut bytes);
    bytes
}
