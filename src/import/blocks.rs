//! Large delimited files read with polars one block at a time, so that memory stays
//! bounded whatever the file's size. Blocks end at a line end outside quotes. When
//! polars rejects a block, the block is read again with the `csv` crate to find the
//! line and column at fault.

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;

use super::{ImportError, text};

/// Bytes read per block.
pub const BLOCK_BYTES: usize = 64 << 20;

/// What a column must hold, for polars and for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number (i64).
    Whole,
    /// A number (f64).
    Number,
    Text,
}

impl Kind {
    fn dtype(self) -> DataType {
        match self {
            Kind::Whole => DataType::Int64,
            Kind::Number => DataType::Float64,
            Kind::Text => DataType::String,
        }
    }

    fn accepts(self, cell: &str, required: bool) -> bool {
        let cell = cell.trim();
        if cell.is_empty() {
            return !required;
        }
        match self {
            Kind::Whole => cell.parse::<i64>().is_ok(),
            Kind::Number => cell.parse::<f64>().is_ok(),
            Kind::Text => true,
        }
    }

    fn expected(self) -> &'static str {
        match self {
            Kind::Whole => "a whole number",
            Kind::Number => "a number",
            Kind::Text => "text",
        }
    }
}

/// A column to read: its position in the file, a name for messages and its kind.
#[derive(Debug, Clone)]
pub struct Wanted {
    pub index: usize,
    pub name: String,
    pub kind: Kind,
    /// Extra advice when a cell does not parse (e.g. JMeter's timestamp format).
    pub hint: &'static str,
    /// An empty cell is an error.
    pub required: bool,
}

/// The layout of the file after its header.
pub struct Layout {
    pub separator: u8,
    pub fields: usize,
    pub wanted: Vec<Wanted>,
    /// Byte offset where the records start (after the header, if any).
    pub start: u64,
    /// The 1-based line number of the first record.
    pub first_line: usize,
}

/// Column name for the `i`th field of the file in the frames handed out.
pub fn column_name(i: usize) -> String {
    format!("c{i}")
}

/// Reads the records from `source` (`total` bytes long, `path` naming it in errors)
/// in blocks and calls `each` with a frame of the wanted columns (named by
/// [`column_name`]) and the block's first line. `progress` gets the fraction read.
pub fn read(
    path: &Path,
    mut file: impl Read,
    total: u64,
    layout: &Layout,
    progress: &dyn Fn(f32),
    mut each: impl FnMut(&DataFrame, usize) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let total = total.max(1);
    std::io::copy(&mut (&mut file).take(layout.start), &mut std::io::sink()).map_err(io)?;

    let schema = Arc::new(Schema::from_iter((0..layout.fields).map(|i| {
        let kind = layout
            .wanted
            .iter()
            .find(|w| w.index == i)
            .map_or(Kind::Text, |w| w.kind);
        Field::new(column_name(i).into(), kind.dtype())
    })));
    let mut projection: Vec<usize> = layout.wanted.iter().map(|w| w.index).collect();
    projection.sort_unstable();
    projection.dedup();
    let projection = Arc::new(projection);

    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK_BYTES + (1 << 20));
    let mut line = layout.first_line;
    let mut done = layout.start;
    let mut eof = false;
    while !eof {
        // Fill up to one block beyond what was carried over (no zeroing).
        let want = (buf.len() + BLOCK_BYTES) as u64;
        while (buf.len() as u64) < want {
            let n = (&mut file)
                .take(want - buf.len() as u64)
                .read_to_end(&mut buf)
                .map_err(io)?;
            if n == 0 {
                eof = true;
                break;
            }
        }
        let end = if eof {
            buf.len()
        } else {
            match last_record_end(&buf) {
                Some(e) => e,
                // No line end in a whole block: no load tool writes such records.
                None => {
                    return Err(ImportError::parse(
                        path,
                        line,
                        format!(
                            "a record longer than {} MiB without a line end; expected one \
                             request per line",
                            BLOCK_BYTES >> 20
                        ),
                    ));
                }
            }
        };
        if end > 0 && buf[..end].iter().any(|b| !b.is_ascii_whitespace()) {
            let block = &buf[..end];
            // Two halves cut at a record end, parsed at once on the two cores, each by
            // a single-threaded polars reader; then handed on in order.
            let mid = if block.len() > PARALLEL_BYTES {
                last_record_end(&block[..block.len() / 2]).unwrap_or(block.len())
            } else {
                block.len()
            };
            let (first, second) = block.split_at(mid);
            let second_line = line + memchr::memchr_iter(b'\n', first).count();
            let read_piece = |piece: &[u8], at: usize, threads: usize| {
                parse_piece(path, layout, &schema, &projection, piece, at, threads)
            };
            let (a, b) = if second.is_empty() {
                (read_piece(first, line, 0), None)
            } else {
                std::thread::scope(|scope| {
                    let other = scope.spawn(|| read_piece(second, second_line, 1));
                    let a = read_piece(first, line, 1);
                    (
                        a,
                        Some(other.join().unwrap_or_else(|_| {
                            Err(ImportError::File {
                                path: path.to_path_buf(),
                                message: format!("the CSV reader failed near line {second_line}"),
                            })
                        })),
                    )
                })
            };
            each(&a?, line)?;
            if let Some(b) = b {
                each(&b?, second_line)?;
            }
            line = second_line + memchr::memchr_iter(b'\n', second).count();
        }
        done += end as u64;
        progress(done as f32 / total as f32);
        buf.drain(..end);
    }
    Ok(())
}

/// Blocks larger than this are parsed as two halves at once.
const PARALLEL_BYTES: usize = 1 << 20;

/// Parses one piece of records with polars (`threads` = 0: polars' own choice).
fn parse_piece(
    path: &Path,
    layout: &Layout,
    schema: &SchemaRef,
    projection: &Arc<Vec<usize>>,
    piece: &[u8],
    line: usize,
    threads: usize,
) -> Result<DataFrame, ImportError> {
    let parse = || {
        CsvReadOptions::default()
            .with_has_header(false)
            .with_rechunk(false)
            .with_n_threads((threads > 0).then_some(threads))
            .with_schema(Some(schema.clone()))
            .with_projection(Some(projection.clone()))
            .map_parse_options(|o| o.with_separator(layout.separator))
            .into_reader_with_file_handle(Cursor::new(piece))
            .finish()
    };
    // polars 0.55 panics on some malformed quoting (a numeric cell that is a lone
    // `"`): a bad file must be an error, not a crash.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse));
    let refused = |why: String| {
        diagnose(path, layout, piece, line).unwrap_or_else(|| ImportError::File {
            path: path.to_path_buf(),
            message: format!("the CSV reader failed near line {line}: {why}"),
        })
    };
    let frame = match parsed {
        Ok(Ok(frame)) => frame,
        Ok(Err(e)) => return Err(refused(e.to_string())),
        Err(_) => return Err(refused("malformed quoting".into())),
    };
    // polars reads a cell it cannot parse, or a missing one, as null: find out
    // whether a null is an empty optional cell or a mistake.
    if frame.columns().iter().any(|c| c.null_count() > 0)
        && let Some(e) = diagnose(path, layout, piece, line)
    {
        return Err(e);
    }
    Ok(frame)
}

/// The end (one past the newline) of the last complete record: the last line end
/// that is not inside quotes.
fn last_record_end(buf: &[u8]) -> Option<usize> {
    let mut quoted = false;
    let mut last = None;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        if buf[i] == b'"' {
            quoted = !quoted;
        } else if !quoted {
            last = Some(i + 1);
        }
    }
    last
}

/// Finds the first line of the block with a bad or missing cell, reading it with
/// `csv`; `None` when every record is well formed.
fn diagnose(path: &Path, layout: &Layout, block: &[u8], first_line: usize) -> Option<ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(layout.separator)
        .flexible(true)
        .from_reader(block);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = first_line + e.position().map_or(0, |p| p.line() as usize - 1);
                return Some(ImportError::parse(
                    path,
                    line,
                    format!("not valid CSV: {e}"),
                ));
            }
        }
        let line = first_line + record.position().map_or(0, |p| p.line() as usize - 1);
        if record.len() != layout.fields && !(record.len() == 1 && record[0].trim().is_empty()) {
            return Some(ImportError::parse(
                path,
                line,
                format!(
                    "expected {} fields, as in the header, found {}",
                    layout.fields,
                    record.len()
                ),
            ));
        }
        for w in &layout.wanted {
            let cell = record.get(w.index).unwrap_or("");
            if !w.kind.accepts(cell, w.required) {
                return Some(ImportError::parse(
                    path,
                    line,
                    format!(
                        "column `{}`: expected {}, found `{}`{}",
                        w.name,
                        w.kind.expected(),
                        text::excerpt(cell),
                        w.hint
                    ),
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ends_skip_quoted_newlines() {
        assert_eq!(last_record_end(b"a,b\nc,d\ne"), Some(8));
        assert_eq!(last_record_end(b"a,\"x\ny\"\nc"), Some(8));
        assert_eq!(last_record_end(b"a,\"x\ny"), None);
        assert_eq!(last_record_end(b"abc"), None);
    }
}
