//! The block reader: large delimited files read with polars one block at a time, so
//! that memory stays bounded whatever the file's size. It knows columns and kinds,
//! not runs: what the frames are gathered into is the caller's [`Partial`]. Blocks end at a line end outside quotes. When
//! polars rejects a block, the block is read again with the `csv` crate to find the
//! line and column at fault.

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;

use crate::error::{ImportError, excerpt};

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

    fn accepts(self, cell: &str, required: bool, non_negative: bool) -> bool {
        let cell = cell.trim();
        if cell.is_empty() {
            return !required;
        }
        match self {
            Kind::Whole => cell.parse::<i64>().is_ok_and(|v| !non_negative || v >= 0),
            Kind::Number => cell.parse::<f64>().is_ok_and(|v| !non_negative || v >= 0.0),
            Kind::Text => true,
        }
    }

    fn expected(self, non_negative: bool) -> &'static str {
        match (self, non_negative) {
            (Kind::Whole, false) => "a whole number",
            (Kind::Whole, true) => "a whole number that is zero or more (a latency)",
            (Kind::Number, false) => "a number",
            (Kind::Number, true) => "a number that is zero or more (a latency)",
            (Kind::Text, _) => "text",
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
    /// A negative value is an error (a latency): it names its line instead of
    /// becoming a sample.
    pub non_negative: bool,
}

/// A file to read in blocks.
pub struct Source<'a> {
    /// Names the file in errors.
    pub path: &'a Path,
    /// The content from its first byte (the header too).
    pub reader: Box<dyn Read + Send + 'a>,
    /// Bytes in all, for progress.
    pub total: u64,
    /// Gets the fraction read.
    pub progress: &'a dyn Fn(f32),
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

/// Column name for the `i`th field of the file in the frames handed out; read them
/// through [`Columns`].
fn column_name(i: usize) -> String {
    format!("c{i}")
}

/// What the samples of a file are gathered into. Each of the two cores gathers its own
/// share of every block into its own value; the two are combined at the end, so that
/// parsing and gathering both run on both cores.
pub trait Partial: Default + Send {
    /// Called before a frame whose first record starts `offset` bytes into the file.
    fn at_offset(&mut self, _offset: u64) {}
    /// Adds what `other` gathered from other records of the same file.
    fn absorb(&mut self, other: Self);
}

/// The byte offset just past the first line of `head` (the header), or its length.
pub fn after_first_line(head: &[u8]) -> u64 {
    head.iter()
        .position(|&b| b == b'\n')
        .map_or(head.len(), |p| p + 1) as u64
}

/// The wanted columns of a frame handed out by [`read`], by their index in the file,
/// typed as their [`Kind`] says. A column of another type is a bug, not bad input; it
/// is still an error that names the file.
pub struct Columns<'a> {
    frame: &'a DataFrame,
    path: &'a Path,
}

impl<'a> Columns<'a> {
    pub fn new(frame: &'a DataFrame, path: &'a Path) -> Self {
        Columns { frame, path }
    }

    fn failed(&self, e: PolarsError) -> ImportError {
        ImportError::File {
            path: self.path.to_path_buf(),
            message: e.to_string(),
        }
    }

    /// Field `i` of the file, untyped.
    pub fn column(&self, i: usize) -> Result<&'a Column, ImportError> {
        self.frame
            .column(&column_name(i))
            .map_err(|e| self.failed(e))
    }

    /// Field `i`, read as [`Kind::Whole`].
    pub fn whole(&self, i: usize) -> Result<&'a Int64Chunked, ImportError> {
        self.column(i)?.i64().map_err(|e| self.failed(e))
    }

    /// Field `i`, read as [`Kind::Number`].
    pub fn number(&self, i: usize) -> Result<&'a Float64Chunked, ImportError> {
        self.column(i)?.f64().map_err(|e| self.failed(e))
    }

    /// Field `i`, read as [`Kind::Text`].
    pub fn text(&self, i: usize) -> Result<&'a StringChunked, ImportError> {
        self.column(i)?.str().map_err(|e| self.failed(e))
    }

    /// Field `i` as numbers, whatever numeric kind it was read as.
    pub fn as_f64(&self, i: usize) -> Result<Vec<Option<f64>>, ImportError> {
        let cast = self
            .column(i)?
            .cast(&DataType::Float64)
            .map_err(|e| self.failed(e))?;
        Ok(cast.f64().map_err(|e| self.failed(e))?.iter().collect())
    }
}

/// Reads the records from `source` in blocks and calls `each` with a state and a frame of the wanted columns (read
/// them through [`Columns`]); returns the states combined. `progress` gets the
/// fraction read. A thread of its own reads the next block while the current one is
/// parsed.
pub fn read<S: Partial>(
    source: Source<'_>,
    layout: &Layout,
    each: impl Fn(&mut S, &DataFrame) -> Result<(), ImportError> + Sync,
) -> Result<S, ImportError> {
    let Source {
        path,
        reader: mut file,
        total,
        progress,
    } = source;
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let total = total.max(1);
    std::io::copy(&mut (&mut file).take(layout.start), &mut std::io::sink()).map_err(io)?;
    let parser = PieceParser::new(path, layout);
    let mut states = (S::default(), S::default());
    let mut line = layout.first_line;
    let mut done = layout.start;
    std::thread::scope(|scope| {
        let (full, filled) = std::sync::mpsc::sync_channel(0);
        let (empty, emptied) = std::sync::mpsc::channel();
        scope.spawn(move || read_blocks(file, &full, &emptied));
        for block in filled {
            let (records, mid, quoted) = match block {
                Block::Records {
                    records,
                    mid,
                    quoted,
                } => (records, mid, quoted),
                Block::TooLong => {
                    // No line end in a whole block: no load tool writes such records.
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
                Block::Failed(e) => return Err(io(e)),
            };
            line += if records.iter().all(u8::is_ascii_whitespace) {
                memchr::memchr_iter(b'\n', &records).count()
            } else {
                let block = Cut {
                    records: &records,
                    mid,
                    quoted,
                };
                gather_block(&parser, &mut states, block, done, line, &each)?
            };
            done += records.len() as u64;
            progress(done as f32 / total as f32);
            // The reader may fill it again; it is gone when the reader has finished.
            let _ = empty.send(records);
        }
        Ok(())
    })?;
    let (mut mine, theirs) = states;
    mine.absorb(theirs);
    Ok(mine)
}

/// A block of whole records and where it is cut in two.
struct Cut<'a> {
    records: &'a [u8],
    /// A record end near the middle.
    mid: usize,
    /// Whether the block holds a `"` at all.
    quoted: bool,
}

/// Parses one block of whole records, cut in two at its middle record end: each half
/// by a single-threaded polars reader and gathered into its own state, at once on the
/// two cores. `offset` and `line` are where the block starts; gives the lines it spans.
fn gather_block<S: Partial>(
    parser: &PieceParser,
    (mine, theirs): &mut (S, S),
    Cut {
        records,
        mid,
        quoted,
    }: Cut<'_>,
    offset: u64,
    line: usize,
    each: &(impl Fn(&mut S, &DataFrame) -> Result<(), ImportError> + Sync),
) -> Result<usize, ImportError> {
    // Parses a piece that starts on `at` (0: not yet known) and `offset` bytes into
    // the file and gathers it into `state`; gives the lines it spans.
    let gather = |state: &mut S, piece: &[u8], offset: u64, at: usize, threads: usize| {
        let frame = parser.parse(piece, at, threads, quoted)?;
        state.at_offset(offset);
        each(state, &frame)?;
        Ok::<_, ImportError>(line_ends(piece, quoted, frame.height()))
    };
    let (first, second) = records.split_at(mid);
    if second.is_empty() {
        return gather(mine, first, offset, line, 0);
    }
    let (a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| gather(theirs, second, offset + mid as u64, 0, 1));
        (gather(mine, first, offset, line, 1), other.join())
    });
    let first_lines = a?;
    let second_line = line + first_lines;
    match b {
        Ok(Ok(second_lines)) => Ok(first_lines + second_lines),
        // The second half's first line is known now: find its error again, to
        // report the right line.
        failed => Err(
            match (parser.parse(second, second_line, 1, quoted), failed) {
                (Err(e), _) | (Ok(_), Ok(Err(e))) => e,
                (Ok(_), _) => ImportError::File {
                    path: parser.path.to_path_buf(),
                    message: format!("the CSV reader failed near line {second_line}"),
                },
            },
        ),
    }
}

/// The line ends in `piece`. Without quotes, polars gives every line a row, blank ones
/// too, so the frame's `rows` already count them: no second pass over the bytes.
fn line_ends(piece: &[u8], quoted: bool, rows: usize) -> usize {
    if quoted {
        return memchr::memchr_iter(b'\n', piece).count();
    }
    let ends = rows.saturating_sub(usize::from(!piece.is_empty() && !piece.ends_with(b"\n")));
    debug_assert_eq!(ends, memchr::memchr_iter(b'\n', piece).count());
    ends
}

/// What the reading thread hands over.
enum Block {
    /// Whole records: the block ends at a record end, or at the end of the file.
    Records {
        records: Vec<u8>,
        /// A record end near the middle, where a large block is cut in two.
        mid: usize,
        /// Whether the block holds a `"` at all.
        quoted: bool,
    },
    /// A whole block without a record end.
    TooLong,
    Failed(std::io::Error),
}

/// Reads `file` into blocks of whole records and sends them on `full`, reusing the
/// buffers that come back on `emptied`; the part of a record at a block's end starts
/// the next block. Stops at the end of the file or when nobody listens.
fn read_blocks(
    mut file: impl Read,
    full: &std::sync::mpsc::SyncSender<Block>,
    emptied: &std::sync::mpsc::Receiver<Vec<u8>>,
) {
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let mut buf = emptied
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BLOCK_BYTES + (1 << 20)));
        buf.clear();
        buf.append(&mut carry);
        // Fill up to one block beyond what was carried over (no zeroing).
        let want = (buf.len() + BLOCK_BYTES) as u64;
        let mut eof = false;
        while (buf.len() as u64) < want {
            match (&mut file)
                .take(want - buf.len() as u64)
                .read_to_end(&mut buf)
            {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(_) => {}
                Err(e) => {
                    let _ = full.send(Block::Failed(e));
                    return;
                }
            }
        }
        // Most load tools quote nothing: then any line end is a record end.
        let quoted = memchr::memchr(b'"', &buf).is_some();
        let record_end = |bytes: &[u8]| {
            if quoted {
                last_record_end(bytes)
            } else {
                memchr::memrchr(b'\n', bytes).map(|i| i + 1)
            }
        };
        if !eof {
            match record_end(&buf) {
                Some(end) => {
                    carry.extend_from_slice(&buf[end..]);
                    buf.truncate(end);
                }
                None => {
                    let _ = full.send(Block::TooLong);
                    return;
                }
            }
        }
        let mid = if buf.len() > PARALLEL_BYTES {
            record_end(&buf[..buf.len() / 2]).unwrap_or(buf.len())
        } else {
            buf.len()
        };
        let block = Block::Records {
            records: buf,
            mid,
            quoted,
        };
        if full.send(block).is_err() || eof {
            return;
        }
    }
}

/// Blocks larger than this are parsed as two halves at once.
const PARALLEL_BYTES: usize = 1 << 20;

/// The polars reader settings for the pieces of one file.
struct PieceParser<'a> {
    path: &'a Path,
    layout: &'a Layout,
    schema: SchemaRef,
    projection: Arc<Vec<usize>>,
}

impl<'a> PieceParser<'a> {
    fn new(path: &'a Path, layout: &'a Layout) -> Self {
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
        PieceParser {
            path,
            layout,
            schema,
            projection: Arc::new(projection),
        }
    }

    /// Parses one piece of records whose first is on `line` (`threads` = 0: polars'
    /// own choice). Without a `"` in the piece (`quoted` false), polars is told not to
    /// look for quotes: its line counting runs much faster, and nothing changes.
    fn parse(
        &self,
        piece: &[u8],
        line: usize,
        threads: usize,
        quoted: bool,
    ) -> Result<DataFrame, ImportError> {
        let (path, layout) = (self.path, self.layout);
        let parse = || {
            CsvReadOptions::default()
                .with_has_header(false)
                .with_rechunk(false)
                .with_n_threads((threads > 0).then_some(threads))
                .with_schema(Some(self.schema.clone()))
                .with_projection(Some(self.projection.clone()))
                .map_parse_options(|o| {
                    o.with_separator(layout.separator)
                        .with_quote_char(quoted.then_some(b'"'))
                })
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
        // whether a null is an empty optional cell or a mistake. A negative latency is
        // a mistake too.
        if (frame.columns().iter().any(|c| c.null_count() > 0) || self.has_negative(&frame))
            && let Some(e) = diagnose(path, layout, piece, line)
        {
            return Err(e);
        }
        Ok(frame)
    }

    /// True when a column that must not be negative holds a negative value.
    fn has_negative(&self, frame: &DataFrame) -> bool {
        self.layout
            .wanted
            .iter()
            .filter(|w| w.non_negative)
            .any(|w| {
                let Ok(column) = frame.column(&column_name(w.index)) else {
                    return false;
                };
                match w.kind {
                    Kind::Whole => column.i64().is_ok_and(|c| c.min().is_some_and(|m| m < 0)),
                    Kind::Number => column.f64().is_ok_and(|c| c.min().is_some_and(|m| m < 0.0)),
                    Kind::Text => false,
                }
            })
    }
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
            if !w.kind.accepts(cell, w.required, w.non_negative) {
                // "zero or more" only when the cell is a number, but negative.
                let negative = w.kind.accepts(cell, w.required, false);
                return Some(ImportError::parse(
                    path,
                    line,
                    format!(
                        "column `{}`: expected {}, found `{}`{}",
                        w.name,
                        w.kind.expected(negative),
                        excerpt(cell),
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
    fn line_ends_from_rows() {
        // polars' rows for these pieces: one a line, blank ones too.
        assert_eq!(line_ends(b"1,2\n\n3,4\n", false, 3), 3);
        assert_eq!(line_ends(b"1,2\n3,4", false, 2), 1);
        assert_eq!(line_ends(b"\"a\nb\",1\n", true, 1), 2);
    }

    #[test]
    fn record_ends_skip_quoted_newlines() {
        assert_eq!(last_record_end(b"a,b\nc,d\ne"), Some(8));
        assert_eq!(last_record_end(b"a,\"x\ny\"\nc"), Some(8));
        assert_eq!(last_record_end(b"a,\"x\ny"), None);
        assert_eq!(last_record_end(b"abc"), None);
    }
}
