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

mod marks;
pub use marks::{Mark, Marks};

/// Bytes read per block.
pub const BLOCK_BYTES: usize = 1 << 20;

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

    /// Whether `cell` is a value of this kind, within `0..=max` when `bounded`.
    fn accepts(self, cell: &str, required: bool, bounded: Option<f64>) -> bool {
        let cell = cell.trim();
        if cell.is_empty() {
            return !required;
        }
        let within = |v: f64| bounded.is_none_or(|max| (0.0..=max).contains(&v));
        match self {
            Kind::Whole => cell.parse::<i64>().is_ok_and(|v| within(v as f64)),
            Kind::Number => cell.parse::<f64>().is_ok_and(within),
            Kind::Text => true,
        }
    }

    fn expected(self, bounded: Option<f64>) -> String {
        let what = match self {
            Kind::Whole => "a whole number",
            Kind::Number => "a number",
            Kind::Text => "text",
        };
        match bounded {
            Some(max) if max.is_finite() => format!(
                "{what} that is zero or more and at most {} (a latency of a day at most)",
                crate::format::thousands(max as u64)
            ),
            Some(_) => format!("{what} that is zero or more"),
            None => what.to_owned(),
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
    /// The largest value the column may hold, from 0: a latency's is a day in the
    /// column's unit ([`crate::model::MAX_LATENCY_MS`]), a count's infinity. A value
    /// outside is an error that names its line instead of becoming a sample.
    pub latency_max: Option<f64>,
    /// A text column handed out as whole numbers by the caller's own reading (a
    /// JTL's formatted timestamps, as epoch ms): `kind` is `Text`, the frames' column
    /// `Int64`, and a cell the reading refuses is an error that names its line.
    pub to_whole: Option<TextToWhole>,
}

/// How a text column becomes whole numbers.
#[derive(Clone)]
pub struct TextToWhole {
    /// What the error says was expected ("a timestamp in the pattern `...`").
    pub expected: String,
    /// The number of a cell, or `None` when the cell is not one.
    pub read: ReadWhole,
}

/// A caller's reading of a text cell as a whole number.
pub type ReadWhole = Arc<dyn Fn(&str) -> Option<i64> + Send + Sync>;

impl std::fmt::Debug for TextToWhole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TextToWhole({})", self.expected)
    }
}

/// A file to read in blocks.
pub struct Source<'a> {
    /// Names the file in errors.
    pub path: &'a Path,
    /// The content from its first byte (the header too).
    pub reader: Box<dyn Read + Send + 'a>,
    /// Bytes in all, for progress; `None` when not known ahead (a compressed
    /// file): the caller measures progress itself and hears of every block.
    pub total: Option<u64>,
    /// Gets the fraction read.
    pub progress: &'a dyn Fn(f32),
    /// Whether [`read_with`] may use the caller's fast path.
    pub fast_paths: bool,
}

/// Progress through a file as bytes are read: with its size known, the fraction
/// read, a few hundred reports a file at most; without it (a compressed stream: the
/// caller measures progress itself), a report of 0 every `step` bytes or more.
pub struct ByteProgress<'a> {
    report: &'a dyn Fn(f32),
    total: Option<u64>,
    step: u64,
    done: u64,
    reported: f32,
    unreported: u64,
}

impl<'a> ByteProgress<'a> {
    /// `done` bytes read already (a header); without a total, a report every
    /// `step` bytes (0: every [`ByteProgress::advance`]).
    pub fn new(report: &'a dyn Fn(f32), total: Option<u64>, done: u64, step: u64) -> Self {
        ByteProgress {
            report,
            total,
            step,
            done,
            reported: 0.0,
            unreported: 0,
        }
    }

    /// `bytes` more were read.
    pub fn advance(&mut self, bytes: u64) {
        self.done += bytes;
        match self.total {
            Some(total) => {
                let fraction = self.done as f32 / total.max(1) as f32;
                if fraction - self.reported >= 1.0 / 256.0 {
                    (self.report)(fraction);
                    self.reported = fraction;
                }
            }
            None => {
                self.unreported += bytes;
                if self.unreported >= self.step {
                    (self.report)(0.0);
                    self.unreported = 0;
                }
            }
        }
    }

    /// The reading ended: what was read since the last report is reported.
    pub fn finish(&mut self) {
        match self.total {
            Some(total) if self.done as f32 / total.max(1) as f32 > self.reported => {
                self.reported = self.done as f32 / total.max(1) as f32;
                (self.report)(self.reported);
            }
            None if self.unreported > 0 => {
                (self.report)(0.0);
                self.unreported = 0;
            }
            _ => {}
        }
    }
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
    /// A last row cut short (no line end after it, fewer fields than the header: the
    /// tool was stopped while writing it) is left out and its line given back, where
    /// otherwise it is an error like any malformed row.
    pub cut_off_last_row: bool,
}

/// Column name for the `i`th field of the file in the frames handed out; read them
/// through [`Columns`].
fn column_name(i: usize) -> String {
    format!("c{i}")
}

/// What the samples of a file are gathered into. Each core gathers its share of the
/// blocks into a value of its own; the values are combined at the end, so that
/// parsing and gathering both run on every core.
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
) -> Result<Gathered<S>, ImportError> {
    read_with(source, layout, each, None)
}

/// What [`read`] gathered, and the line of a last row cut short that it left out
/// ([`Layout::cut_off_last_row`]).
pub struct Gathered<S> {
    pub state: S,
    pub cut_off_line: Option<usize>,
}

/// A reader of the caller's own for pieces without quotes: it parses the raw bytes and
/// gathers them into the state, and gives the line ends of the piece; or it gives
/// `None`, having gathered nothing, when anything is unusual, and the piece goes to
/// polars (whose errors name the line). It must give exactly what polars' frames give.
pub type FastPath<'f, S> = &'f (dyn Fn(&mut S, &[u8]) -> Option<usize> + Sync);

/// [`read`], trying `fast` first on every piece without a `"`.
///
/// A reader thread cuts the file into blocks of whole records and deals them out in
/// turn to one worker per core; each worker gathers its blocks into its own state, and
/// the states are combined in worker order at the end. Dealing in turn, not to
/// whichever worker is free, keeps the result the same from one run to the next
/// (floating-point sums depend on their order). Blocks are small enough to stay in
/// the cache between the read and the parse.
pub fn read_with<S: Partial>(
    source: Source<'_>,
    layout: &Layout,
    each: impl Fn(&mut S, &DataFrame) -> Result<(), ImportError> + Sync,
    fast: Option<FastPath<'_, S>>,
) -> Result<Gathered<S>, ImportError> {
    let Source {
        path,
        reader: mut file,
        total,
        progress,
        fast_paths,
    } = source;
    let fast = fast.filter(|_| fast_paths);
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    std::io::copy(&mut (&mut file).take(layout.start), &mut std::io::sink()).map_err(io)?;
    let parser = PieceParser::new(path, layout);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_WORKERS));
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (states, outcomes, cut) = std::thread::scope(|scope| {
        let (done_tx, done_rx) = std::sync::mpsc::channel::<Done>();
        let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Vec<u8>>();
        let mut queues = Vec::new();
        let mut handles = Vec::new();
        for _ in 0..workers {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Dealt>(1);
            queues.push(tx);
            let (done_tx, empty_tx, parser, each, stop) =
                (done_tx.clone(), empty_tx.clone(), &parser, &each, &stop);
            handles.push(scope.spawn(move || {
                let mut state = S::default();
                for dealt in rx {
                    let (done, buf) = work(parser, &mut state, dealt, each, fast);
                    if done.outcome.is_err() {
                        stop.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    if let Some(buf) = buf {
                        let _ = empty_tx.send(buf);
                    }
                    let _ = done_tx.send(done);
                }
                state
            }));
        }
        drop((done_tx, empty_tx));
        let stop = &stop;
        let cut = layout
            .cut_off_last_row
            .then_some((layout.separator, layout.fields));
        let reader =
            scope.spawn(move || read_blocks(file, layout.start, &queues, &empty_rx, stop, cut));
        // Progress as blocks finish, in whatever order: a few hundred reports a file
        // at most, or one a block when the total is not known.
        let mut outcomes = Vec::new();
        let mut read = ByteProgress::new(progress, total, layout.start, 0);
        for done in done_rx {
            read.advance(done.bytes as u64);
            outcomes.push(done);
        }
        let cut = reader.join().unwrap_or(false);
        let states: Vec<S> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect();
        (states, outcomes, cut)
    });
    // The cut row's line: the one after every line the blocks spanned.
    let lines: usize = outcomes
        .iter()
        .filter_map(|d| d.outcome.as_ref().ok())
        .sum();
    let cut_off_line = cut.then_some(layout.first_line + lines);
    first_error(&parser, layout, outcomes).map_err(|e| match e {
        Failure::Import(e) => e,
        Failure::Io(e) => io(e),
    })?;
    let mut states = states.into_iter();
    let mut all = states.next().unwrap_or_default();
    for state in states {
        all.absorb(state);
    }
    Ok(Gathered {
        state: all,
        cut_off_line,
    })
}

/// At most this many workers, however many cores.
const MAX_WORKERS: usize = 16;

/// A block dealt to a worker: its place in the file and what the reader found.
struct Dealt {
    index: usize,
    offset: u64,
    block: Block,
}

/// What a worker did with a block.
struct Done {
    index: usize,
    bytes: usize,
    /// The lines the block spans, or why it could not be read.
    outcome: Result<usize, Failure>,
    /// A block that failed, kept to find the error's line once the lines before it
    /// are counted: (records, quoted).
    kept: Option<(Vec<u8>, bool)>,
}

enum Failure {
    Import(ImportError),
    Io(std::io::Error),
}

/// Gathers one block into `state`; gives what happened and the buffer, to be reused.
/// The first line of a block is known only for the first one: an error elsewhere is
/// found again, with its line, by [`first_error`].
fn work<S: Partial>(
    parser: &PieceParser,
    state: &mut S,
    Dealt {
        index,
        offset,
        block,
    }: Dealt,
    each: &(impl Fn(&mut S, &DataFrame) -> Result<(), ImportError> + Sync),
    fast: Option<FastPath<'_, S>>,
) -> (Done, Option<Vec<u8>>) {
    let (buf, len, quoted) = match block {
        Block::Records { buf, len, quoted } => (buf, len, quoted),
        Block::TooLong => {
            let done = Done {
                index,
                bytes: 0,
                outcome: Err(Failure::Import(ImportError::File {
                    path: parser.path.to_path_buf(),
                    message: String::new(),
                })),
                kept: Some((Vec::new(), false)),
            };
            return (done, None);
        }
        Block::Failed(e) => {
            let done = Done {
                index,
                bytes: 0,
                outcome: Err(Failure::Io(e)),
                kept: None,
            };
            return (done, None);
        }
    };
    let records = &buf[..len];
    let line = if index == 0 {
        parser.layout.first_line
    } else {
        0
    };
    let outcome = if records.iter().all(u8::is_ascii_whitespace) {
        Ok(memchr::memchr_iter(b'\n', records).count())
    } else {
        gather(parser, state, records, offset, line, quoted, each, fast)
    };
    let done = Done {
        index,
        bytes: len,
        kept: outcome.is_err().then(|| (records.to_vec(), quoted)),
        outcome: outcome.map_err(Failure::Import),
    };
    (done, Some(buf))
}

/// Parses a piece that starts on `line` (0: not yet known) and `offset` bytes into
/// the file and gathers it into `state`; gives the lines it spans.
#[allow(clippy::too_many_arguments)]
fn gather<S: Partial>(
    parser: &PieceParser,
    state: &mut S,
    piece: &[u8],
    offset: u64,
    line: usize,
    quoted: bool,
    each: &(impl Fn(&mut S, &DataFrame) -> Result<(), ImportError> + Sync),
    fast: Option<FastPath<'_, S>>,
) -> Result<usize, ImportError> {
    state.at_offset(offset);
    if let Some(fast) = fast.filter(|_| !quoted)
        && let Some(lines) = fast(state, piece)
    {
        return Ok(lines);
    }
    let frame = parser.parse(piece, line, 1, quoted)?;
    each(state, &frame)?;
    Ok(line_ends(piece, quoted, frame.height()))
}

/// The error of the first block that failed, with its line: the lines of the blocks
/// before it are all counted by then (blocks are dealt in order and every dealt block
/// is read).
fn first_error(
    parser: &PieceParser,
    layout: &Layout,
    mut outcomes: Vec<Done>,
) -> Result<(), Failure> {
    outcomes.sort_by_key(|d| d.index);
    let mut line = layout.first_line;
    for done in outcomes {
        match done.outcome {
            Ok(lines) => line += lines,
            Err(Failure::Io(e)) => return Err(Failure::Io(e)),
            Err(Failure::Import(first)) => {
                let Some((records, quoted)) = done.kept else {
                    return Err(Failure::Import(first));
                };
                if records.is_empty() {
                    // No line end in a whole block: no load tool writes such records.
                    return Err(Failure::Import(ImportError::parse(
                        parser.path,
                        line,
                        format!(
                            "a record longer than {} MiB without a line end; expected one \
                             request per line",
                            MAX_RECORD_BYTES >> 20
                        ),
                    )));
                }
                return Err(Failure::Import(
                    match parser.parse(&records, line, 1, quoted) {
                        Err(e) => e,
                        Ok(_) if done.index == 0 => first,
                        Ok(_) => ImportError::File {
                            path: parser.path.to_path_buf(),
                            message: format!("the CSV reader failed near line {line}: {first}"),
                        },
                    },
                ));
            }
        }
    }
    Ok(())
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
        /// The records are `buf[..len]`; the rest is room kept for the next block.
        buf: Vec<u8>,
        len: usize,
        /// Whether the block holds a `"` at all.
        quoted: bool,
    },
    /// No record end in [`MAX_RECORD_BYTES`].
    TooLong,
    Failed(std::io::Error),
}

/// A record may be this long; a block grows to hold one.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// Reads `file` into blocks of whole records and deals them to `queues` in turn,
/// reusing the buffers that come back on `emptied`; the part of a record at a block's
/// end starts the next block. Stops at the end of the file, when a worker has failed
/// (`stop`) or when nobody listens. `offset` is where the file is now. With `cut`
/// (the separator and the header's fields), a last row with no line end and fewer
/// fields is left out; gives whether one was.
fn read_blocks(
    mut file: impl std::io::Read,
    mut offset: u64,
    queues: &[std::sync::mpsc::SyncSender<Dealt>],
    emptied: &std::sync::mpsc::Receiver<Vec<u8>>,
    stop: &std::sync::atomic::AtomicBool,
    cut: Option<(u8, usize)>,
) -> bool {
    let mut was_cut = false;
    let mut carry: Vec<u8> = Vec::new();
    for index in 0.. {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            return was_cut;
        }
        let queue = &queues[index % queues.len()];
        let deal = |block| {
            queue
                .send(Dealt {
                    index,
                    offset,
                    block,
                })
                .is_ok()
        };
        // Buffers stay initialized from one block to the next: reading into them
        // costs no zeroing (`read_to_end` would zero its spare room on every call,
        // for readers without `read_buf`).
        let mut buf = emptied.try_recv().unwrap_or_default();
        let mut len = carry.len();
        let mut want = len + BLOCK_BYTES;
        if buf.len() < want {
            buf.resize(want, 0);
        }
        buf[..len].copy_from_slice(&carry);
        carry.clear();
        let mut eof = false;
        let mut quoted = false;
        let mut scanned = 0;
        loop {
            while len < want {
                match file.read(&mut buf[len..want]) {
                    Ok(0) => {
                        eof = true;
                        break;
                    }
                    Ok(n) => len += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        deal(Block::Failed(e));
                        return was_cut;
                    }
                }
            }
            // Most load tools quote nothing: then any line end is a record end.
            quoted = quoted || memchr::memchr(b'"', &buf[scanned..len]).is_some();
            scanned = len;
            if eof {
                if let Some((separator, fields)) = cut
                    && len > 0
                    && buf[len - 1] != b'\n'
                {
                    let records = &buf[..len];
                    let start = if quoted {
                        last_record_end(records)
                    } else {
                        memchr::memrchr(b'\n', records).map(|i| i + 1)
                    }
                    .unwrap_or(0);
                    if fields_in(&records[start..], separator) < fields {
                        len = start;
                        was_cut = true;
                    }
                }
                break;
            }
            let records = &buf[..len];
            let end = if quoted {
                last_record_end(records)
            } else {
                memchr::memrchr(b'\n', records).map(|i| i + 1)
            };
            match end {
                Some(end) => {
                    carry.extend_from_slice(&buf[end..len]);
                    len = end;
                    break;
                }
                // A record longer than a block: grow it, up to a limit.
                None if want < MAX_RECORD_BYTES => {
                    want = (want + BLOCK_BYTES).min(MAX_RECORD_BYTES);
                    buf.resize(want, 0);
                }
                None => {
                    deal(Block::TooLong);
                    return was_cut;
                }
            }
        }
        let bytes = len as u64;
        if !deal(Block::Records { buf, len, quoted }) || eof {
            return was_cut;
        }
        offset += bytes;
    }
    was_cut
}

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
        let mut frame = match parsed {
            Ok(Ok(frame)) => frame,
            Ok(Err(e)) => return Err(refused(e.to_string())),
            Err(_) => return Err(refused("malformed quoting".into())),
        };
        self.to_whole(&mut frame)
            .map_err(|e| refused(e.to_string()))?;
        // polars reads a cell it cannot parse, or a missing one, as null (and so does
        // a caller's reading of text): find out whether a null is an empty optional
        // cell or a mistake. A latency below zero or above a day is a mistake too.
        if (frame.columns().iter().any(|c| c.null_count() > 0) || self.out_of_bounds(&frame))
            && let Some(e) = diagnose(path, layout, piece, line)
        {
            return Err(e);
        }
        Ok(frame)
    }

    /// Replaces each text column read as whole numbers with its numbers, once; a
    /// cell that is not one becomes null, which [`diagnose`] then names.
    fn to_whole(&self, frame: &mut DataFrame) -> PolarsResult<()> {
        for w in &self.layout.wanted {
            let Some(convert) = &w.to_whole else {
                continue;
            };
            let name = column_name(w.index);
            let numbers: Int64Chunked = frame
                .column(&name)?
                .str()?
                .iter()
                .map(|cell| cell.and_then(|c| (convert.read)(c)))
                .collect();
            frame.with_column(numbers.with_name(name.into()).into_column())?;
        }
        Ok(())
    }

    /// True when a latency column holds a value below zero or above its bound.
    fn out_of_bounds(&self, frame: &DataFrame) -> bool {
        self.layout.wanted.iter().any(|w| {
            let (Some(max), Ok(column)) = (w.latency_max, frame.column(&column_name(w.index)))
            else {
                return false;
            };
            let outside = |lo: Option<f64>, hi: Option<f64>| {
                lo.is_some_and(|m| m < 0.0) || hi.is_some_and(|m| m > max)
            };
            match w.kind {
                Kind::Whole => column
                    .i64()
                    .is_ok_and(|c| outside(c.min().map(|m| m as f64), c.max().map(|m| m as f64))),
                Kind::Number => column
                    .f64()
                    .is_ok_and(|c| outside(c.min(), c.max()) || c.is_nan().any()),
                Kind::Text => false,
            }
        })
    }
}

/// The fields of one record: its separators outside quotes, plus one.
fn fields_in(record: &[u8], separator: u8) -> usize {
    let mut quoted = false;
    let mut n = 1;
    for &b in record {
        if b == b'"' {
            quoted = !quoted;
        } else if b == separator && !quoted {
            n += 1;
        }
    }
    n
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
            let bad = |expected: &str| {
                Some(ImportError::parse(
                    path,
                    line,
                    format!(
                        "column `{}`: expected {expected}, found `{}`{}",
                        w.name,
                        excerpt(cell),
                        w.hint
                    ),
                ))
            };
            if let Some(convert) = &w.to_whole {
                let empty = cell.trim().is_empty();
                if (empty && w.required) || (!empty && (convert.read)(cell).is_none()) {
                    return bad(&convert.expected);
                }
                continue;
            }
            if !w.kind.accepts(cell, w.required, w.latency_max) {
                // The bounds only when the cell is a number, but out of them.
                let number = w.kind.accepts(cell, w.required, None);
                return bad(&w.kind.expected(w.latency_max.filter(|_| number)));
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
