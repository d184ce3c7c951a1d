//! JMeter JTL results (CSV), with a header (any subset and order of columns) or
//! without one (JMeter's 17 default columns). One run per `label`, whose name also
//! gives the integration type and memory tier (see [`super::naming`]). Read in
//! blocks with polars into one histogram per label, so that memory stays small
//! however many rows there are.

use std::path::Path;

use super::importer::{FormatOption, StreamedFormat};
use super::jtl_time::{self, Timestamps};
use super::{ImportError, Stream};
use crate::blocks::{self, Kind, Layout, TextToWhole, Wanted};
use crate::model::{MAX_LATENCY_MS, Measurement, Run};
use crate::naming;
use crate::samples::Labelled;
use crate::samples::Outcome;

/// JMeter JTL: the importer.
pub const JTL: StreamedFormat = StreamedFormat {
    id: "jtl",
    describe: "JMeter JTL",
    tools: &["jmeter"],
    throughput_definition: THROUGHPUT,
    sniff: looks_like,
    load,
    options: &[TIMESTAMP_FORMAT],
};

/// Whole-second timestamps (`yyyy/MM/dd HH:mm:ss`) put the run's span within ±1 s:
/// too loose for a short run (`docs/benchmark-formats.md`, "JMeter JTL").
pub const THROUGHPUT: &str = "requests in the file ÷ (last request's end − first \
     request's start); none when the timestamps' step is over 1% of that span \
     (whole seconds and a run under 100 s)";

/// JMeter's default columns, in order, when `print_field_names=false`.
pub const DEFAULT_COLUMNS: [&str; 17] = [
    "timeStamp",
    "elapsed",
    "label",
    "responseCode",
    "responseMessage",
    "threadName",
    "dataType",
    "success",
    "failureMessage",
    "bytes",
    "sentBytes",
    "grpThreads",
    "allThreads",
    "URL",
    "Latency",
    "IdleTime",
    "Connect",
];

const SEPARATORS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// The header's names and separator, or `None` for a headerless file.
fn header_of(first_line: &str) -> Option<(u8, Vec<String>)> {
    SEPARATORS.iter().find_map(|&sep| {
        let names: Vec<String> = first_line
            .split(sep as char)
            .map(|n| n.trim().trim_matches('"').to_owned())
            .collect();
        (names.iter().any(|n| n == "timeStamp") && names.iter().any(|n| n == "elapsed"))
            .then_some((sep, names))
    })
}

/// A headerless record in JMeter's default layout: epoch-ms timestamp, elapsed,
/// and `true`/`false` in the eighth field.
fn headerless_separator(first_line: &str) -> Option<u8> {
    SEPARATORS.iter().copied().find(|&sep| {
        let f: Vec<&str> = first_line.split(sep as char).collect();
        f.len() >= DEFAULT_COLUMNS.len()
            && f[0].len() >= 12
            && f[0].bytes().all(|b| b.is_ascii_digit())
            && f[1].bytes().all(|b| b.is_ascii_digit())
            && matches!(f[7], "true" | "false")
    })
}

/// True when the start of a file looks like a JTL.
pub fn looks_like(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    header_of(first).is_some() || headerless_separator(first).is_some()
}

/// Indices of the columns gatebench reads.
struct Columns {
    time: usize,
    elapsed: usize,
    label: Option<usize>,
    success: Option<usize>,
    code: Option<usize>,
    bytes: Option<usize>,
    threads: Option<usize>,
}

/// The first data row's timestamp, with its line: what the timestamps' format is
/// detected from.
fn first_timestamp(head: &[u8], layout: &Layout, time: usize) -> Option<(usize, String)> {
    let text = String::from_utf8_lossy(&head[layout.start as usize..]);
    let line = text.lines().find(|l| !l.trim().is_empty())?;
    let cell = line.split(layout.separator as char).nth(time)?;
    Some((layout.first_line, cell.trim().trim_matches('"').to_owned()))
}

/// How this JTL's timestamps read: as the user set them, else detected from the
/// first row.
fn timestamps(
    path: &Path,
    head: &[u8],
    layout: &Layout,
    cols: &Columns,
    setting: &str,
) -> Result<Timestamps, ImportError> {
    match setting {
        "ms" => Ok(Timestamps::EpochMillis),
        jtl_time::AUTO => match first_timestamp(head, layout, cols.time) {
            None => Ok(Timestamps::EpochMillis),
            Some((line, cell)) => jtl_time::detect(&cell).ok_or_else(|| {
                ImportError::parse(
                    path,
                    line,
                    format!(
                        "column `timeStamp`: `{}` is neither epoch milliseconds nor a \
                         pattern gatebench knows ({}); give JMeter's \
                         jmeter.save.saveservice.timestamp_format with \
                         --jtl-timestamp-format",
                        crate::error::excerpt(&cell),
                        jtl_time::KNOWN.join(", ")
                    ),
                )
            }),
        },
        pattern => jtl_time::Pattern::new(pattern)
            .map(Timestamps::Text)
            .map_err(|e| ImportError::file(path, format!("--jtl-timestamp-format: {e}"))),
    }
}

/// The timestamps' format, an option of the JTL (`--jtl-timestamp-format`): `auto`
/// detects epoch milliseconds or a known pattern from the first row.
pub const TIMESTAMP_FORMAT: FormatOption = FormatOption {
    key: "jtl_timestamp_format",
    describe: "the pattern of JTL timestamps (JMeter's \
               jmeter.save.saveservice.timestamp_format): auto, ms or a SimpleDateFormat",
    choices: &[
        (jtl_time::AUTO, "detected from the first row"),
        ("ms", "epoch milliseconds (JMeter's default)"),
        ("yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss"),
        ("yyyy/MM/dd HH:mm:ss.SSS", "yyyy/MM/dd HH:mm:ss.SSS"),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "yyyy-MM-dd'T'HH:mm:ss.SSSZ"),
    ],
    free_text: Some(jtl_time::check_option),
};

/// Uses the layout of `head` with the time column read as `timestamps` say.
fn with_timestamps(mut layout: Layout, cols: &Columns, timestamps: &Timestamps) -> Layout {
    if let Timestamps::Text(pattern) = timestamps
        && let Some(w) = layout.wanted.iter_mut().find(|w| w.index == cols.time)
    {
        let p = pattern.clone();
        w.kind = Kind::Text;
        w.hint = "; the timestamps' pattern comes from the first row or \
                  --jtl-timestamp-format";
        w.to_whole = Some(TextToWhole {
            expected: format!("a timestamp in the pattern `{}`", pattern.java),
            read: std::sync::Arc::new(move |cell| p.epoch_ms(cell)),
        });
    }
    layout
}

fn layout(path: &Path, head: &[u8]) -> Result<(Layout, Columns), ImportError> {
    let text = String::from_utf8_lossy(head);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first = text[bom..].lines().next().unwrap_or("");
    let (separator, names, start, first_line) = match header_of(first) {
        Some((sep, names)) => (sep, names, blocks::after_first_line(head), 2),
        None => match headerless_separator(first) {
            Some(sep) => (
                sep,
                DEFAULT_COLUMNS.iter().map(|s| s.to_string()).collect(),
                bom as u64,
                1,
            ),
            None => {
                return Err(ImportError::parse(
                    path,
                    1,
                    "expected a JTL header with `timeStamp` and `elapsed`",
                ));
            }
        },
    };
    let find = |n: &str| names.iter().position(|x| x == n);
    let columns = Columns {
        time: find("timeStamp").unwrap_or(0),
        elapsed: find("elapsed").unwrap_or(1),
        label: find("label"),
        success: find("success"),
        code: find("responseCode"),
        bytes: find("bytes"),
        threads: find("allThreads"),
    };
    let want = |index: usize, kind: Kind, hint: &'static str| Wanted {
        index,
        name: names[index].clone(),
        kind,
        hint,
        required: index == columns.time || index == columns.elapsed,
        latency_max: (index == columns.elapsed).then_some(MAX_LATENCY_MS),
        to_whole: None,
    };
    let mut wanted = vec![
        want(
            columns.time,
            Kind::Whole,
            "; gatebench reads epoch milliseconds, JMeter's default \
             (jmeter.save.saveservice.timestamp_format=ms)",
        ),
        want(columns.elapsed, Kind::Whole, ""),
    ];
    for (index, kind) in [
        (columns.label, Kind::Text),
        (columns.success, Kind::Text),
        (columns.code, Kind::Text),
        (columns.bytes, Kind::Whole),
        (columns.threads, Kind::Whole),
    ] {
        if let Some(i) = index {
            wanted.push(want(i, kind, ""));
        }
    }
    Ok((
        Layout {
            separator,
            fields: names.len(),
            wanted,
            start,
            first_line,
            // JMeter stopped mid-write leaves its last row cut short.
            cut_off_last_row: true,
        },
        columns,
    ))
}

fn outcome(success: Option<&str>, code: Option<&str>) -> Outcome {
    // Most samples succeed: no need to read their code.
    if success == Some("true") {
        return Outcome::Ok;
    }
    let code_num = code.and_then(|c| c.trim().parse::<u16>().ok());
    let ok = match (success, code) {
        (Some(s), _) => s.trim().eq_ignore_ascii_case("true"),
        (None, Some(_)) => code_num.is_some_and(|c| c < 400),
        // Neither column saved: no failure is recorded.
        (None, None) => true,
    };
    if ok {
        return Outcome::Ok;
    }
    match (code_num, code) {
        (Some(c), _) if c >= 400 => Outcome::HttpError,
        (_, Some(text)) if text.contains("Timeout") || text.contains("timed out") => {
            Outcome::Timeout
        }
        (_, Some(text)) if text.contains("Connect") => Outcome::Connect,
        _ => Outcome::OtherError,
    }
}

/// Reads a JTL from `source` (`total` bytes; `head` its first bytes; `path` names it).
pub fn load(stream: Stream<'_>) -> Result<Vec<Run>, ImportError> {
    let Stream {
        head,
        source,
        settings,
    } = stream;
    let path = source.path;
    let (layout, cols) = layout(path, head)?;
    let timestamps = timestamps(path, head, &layout, &cols, settings.get(&TIMESTAMP_FORMAT))?;
    let layout = with_timestamps(layout, &cols, &timestamps);
    let stem = naming::classify(path).stem;
    let fast = FastJtl {
        separator: layout.separator,
        fields: layout.fields,
        cols: &cols,
        stem: &stem,
        pool: std::sync::Mutex::new(Vec::new()),
    };
    let fast_path = |labels: &mut Labelled, piece: &[u8]| fast.gather(labels, piece);
    let labels = blocks::read_with(
        source,
        &layout,
        |labels: &mut Labelled, frame| {
            // Columns read in one pass share their chunks; make sure, then walk the
            // chunks' arrays side by side (no per-cell dynamic dispatch).
            let mut frame = frame.clone();
            frame.align_chunks();
            let col = blocks::Columns::new(&frame, path);
            let whole = |i: usize| -> Result<Vec<_>, ImportError> {
                Ok(col.whole(i)?.downcast_iter().collect())
            };
            let text = |i: usize| -> Result<Vec<_>, ImportError> {
                Ok(col.text(i)?.downcast_iter().collect())
            };
            // Epoch milliseconds, also from text timestamps (`with_timestamps`).
            let (time, elapsed) = (whole(cols.time)?, whole(cols.elapsed)?);
            let label = cols.label.map(text).transpose()?;
            let success = cols.success.map(text).transpose()?;
            let code = cols.code.map(text).transpose()?;
            let bytes = cols.bytes.map(whole).transpose()?;
            let threads = cols.threads.map(whole).transpose()?;
            for (k, (time, elapsed)) in time.iter().zip(&elapsed).enumerate() {
                let mut label = label.as_ref().map(|c| c[k].iter());
                let mut success = success.as_ref().map(|c| c[k].iter());
                let mut code = code.as_ref().map(|c| c[k].iter());
                let mut bytes = bytes.as_ref().map(|c| c[k].iter());
                let mut threads = threads.as_ref().map(|c| c[k].iter());
                for (ts, ms) in time.iter().zip(elapsed.iter()) {
                    // Every column advances one cell a row.
                    let name = label.as_mut().and_then(|c| c.next().flatten());
                    let ok = success.as_mut().and_then(|c| c.next().flatten());
                    let code = code.as_mut().and_then(|c| c.next().flatten());
                    let size = bytes.as_mut().and_then(|c| c.next().flatten());
                    let users = threads.as_mut().and_then(|c| c.next().flatten());
                    let (Some(&ts), Some(&ms)) = (ts, ms) else {
                        continue; // an empty optional row; required cells were checked
                    };
                    let (acc, most) = labels.entry(name.unwrap_or(stem.as_str()));
                    acc.add(
                        ts as f64 / 1000.0,
                        ms as f64,
                        outcome(ok, code),
                        size.map_or(0, |s| (*s).max(0) as u64),
                    );
                    if let Some(&t) = users {
                        *most = (*most).max(t);
                    }
                }
            }
            Ok(())
        },
        // The fast path reads epoch milliseconds only.
        (timestamps == Timestamps::EpochMillis).then_some(&fast_path as _),
    )?;

    let blocks::Gathered {
        state: labels,
        cut_off_line,
    } = labels;
    let mut runs = labels.into_runs(path, "jmeter", true, Measurement::ClosedLoop);
    if let Some(line) = cut_off_line {
        let warning = format!(
            "{}: line {line}: the file ends inside a row (was JMeter stopped?); its complete \
             rows are read",
            path.display()
        );
        for run in &mut runs {
            run.warnings.push(warning.clone());
        }
    }
    if let Timestamps::Text(p) = &timestamps {
        drop_loose_throughput(&mut runs, p.resolution_ms());
    }
    if runs.is_empty() {
        return Err(ImportError::parse(
            path,
            layout.first_line,
            "the JTL has a header but no samples",
        ));
    }
    Ok(runs)
}

/// Forgets the throughput of runs whose span is under 100 steps of the timestamps:
/// each end of the span is known to a step only.
fn drop_loose_throughput(runs: &mut [Run], step_ms: u32) {
    for run in runs {
        if run
            .duration_s
            .is_some_and(|d| d * 1000.0 < 100.0 * f64::from(step_ms))
        {
            run.throughput_rps = None;
            run.transfer_bytes_per_s = None;
        }
    }
}

/// A cell of a piece, by its place: `start..start + len`; `len` 0 is an empty cell.
#[derive(Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of<'a>(&self, piece: &'a [u8]) -> Option<&'a [u8]> {
        (self.len > 0).then(|| &piece[self.start as usize..(self.start + self.len) as usize])
    }
}

/// No label column: the run is named after the file.
const NO_LABEL: u32 = u32::MAX;

/// One sample as the fast path reads it; text cells are places in the piece.
struct Sample {
    time: i64,
    elapsed: i64,
    /// The label's place in the piece's [`LabelTable`], or [`NO_LABEL`].
    label: u32,
    outcome: Outcome,
    bytes: Option<i64>,
    threads: Option<i64>,
}

/// The distinct labels of a piece, each found once by its bytes: a file has a few
/// labels and each row names one, so a row costs a key comparison or two and one
/// check of the bytes, not a hash or a UTF-8 validation.
#[derive(Default)]
struct LabelTable {
    /// (key, the label's first cell in the piece).
    slots: Vec<(u64, Span)>,
    last: usize,
}

/// The last eight bytes of `cell` (zero-padded), mixed with its length: equal cells
/// have equal keys; the bytes decide.
#[inline]
fn key_of(cell: &[u8]) -> u64 {
    let n = cell.len();
    let mut tail = [0u8; 8];
    let from = n.saturating_sub(8);
    tail[..n - from].copy_from_slice(&cell[from..]);
    u64::from_le_bytes(tail) ^ ((n as u64) << 56)
}

/// Byte equality, without a `memcmp` call for the short cells labels usually are.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if (8..=16).contains(&a.len()) {
        let word =
            |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
        let last = a.len() - 8;
        return word(a, 0) == word(b, 0) && word(a, last) == word(b, last);
    }
    a == b
}

impl LabelTable {
    /// The slot of the label at `span`, added when new; `None` when a new label is
    /// not UTF-8 (polars reads it then, and says so).
    #[inline]
    fn find(&mut self, piece: &[u8], span: Span) -> Option<u32> {
        // An empty cell is a label of its own (the file's name), in its place among
        // the others: runs keep the order of their first samples.
        let cell = span.of(piece).unwrap_or_default();
        let key = key_of(cell);
        let matches =
            |(k, s): &(u64, Span)| *k == key && same(s.of(piece).unwrap_or_default(), cell);
        if self.slots.get(self.last).is_some_and(matches) {
            return Some(self.last as u32);
        }
        let slot = match self.slots.iter().position(matches) {
            Some(i) => i,
            None => {
                std::str::from_utf8(cell).ok()?;
                self.slots.push((key, span));
                self.slots.len() - 1
            }
        };
        self.last = slot;
        Some(slot as u32)
    }
}

/// The fast path for JTL pieces without quotes: the marks of each line (separators,
/// line end; see [`blocks::Marks`]) split it into fields, and only the columns the
/// summary needs are parsed. It gives up (`None`) on anything polars would treat
/// otherwise or refuse (a field count that is not the header's, a cell that is not
/// a plain number, a negative elapsed time, text that is not UTF-8), and the piece
/// goes to polars, so that what is gathered is the same either way.
struct FastJtl<'a> {
    separator: u8,
    fields: usize,
    cols: &'a Columns,
    stem: &'a str,
    /// Sample buffers, reused from piece to piece (the gatherers take turns).
    pool: std::sync::Mutex<Vec<Vec<Sample>>>,
}

/// A whole number of ASCII digits (an optional `-`), as polars reads an Int64 cell.
#[inline]
fn whole(cell: &[u8]) -> Option<i64> {
    let (negative, mut digits) = match cell.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, cell),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut v: i64 = 0;
    // Epoch-millisecond timestamps have 13 digits: the first eight at once.
    if let Some((eight, rest)) = digits.split_first_chunk::<8>() {
        v = eight_digits(*eight)?;
        digits = rest;
    }
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + i64::from(d);
    }
    Some(if negative { -v } else { v })
}

/// Eight ASCII digits as a number, or `None` if any byte is not a digit: the digits
/// are checked and combined in pairs, fours and eights within one 64-bit word
/// (the method of Lemire's "fast number parsing", simdjson).
#[inline]
fn eight_digits(bytes: [u8; 8]) -> Option<i64> {
    let v = u64::from_le_bytes(bytes);
    // Every byte is 0x30..=0x39: its high nibble is 3, and adding 6 keeps it so.
    let high = 0xf0f0_f0f0_f0f0_f0f0;
    let threes = 0x3030_3030_3030_3030;
    if v & high != threes || (v.wrapping_add(0x0606_0606_0606_0606) & high) != threes {
        return None;
    }
    let v = v - threes;
    // Pairs: 10 * first + second, in every other byte.
    let v = (v * 10 + (v >> 8)) & 0x00ff_00ff_00ff_00ff;
    // Fours: 100 * pair + pair, in every other 16-bit lane.
    let v = (v * 100 + (v >> 16)) & 0x0000_ffff_0000_ffff;
    // Eight: 10000 * four + four.
    let v = (v * 10000 + (v >> 32)) & 0xffff_ffff;
    Some(v as i64)
}

impl FastJtl<'_> {
    /// Parses every line of `piece`, then, if all are plain, gathers them; gives the
    /// line ends.
    fn gather(&self, labels: &mut Labelled, piece: &[u8]) -> Option<usize> {
        let mut samples = self
            .pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default();
        samples.clear();
        let mut table = LabelTable::default();
        let parsed = self.parse(piece, &mut samples, &mut table);
        if parsed.is_some() {
            self.accumulate(labels, piece, &samples, &table);
        }
        if let Ok(mut pool) = self.pool.lock() {
            pool.push(samples);
        }
        parsed
    }

    fn parse(
        &self,
        piece: &[u8],
        samples: &mut Vec<Sample>,
        table: &mut LabelTable,
    ) -> Option<usize> {
        let c = self.cols;
        // The highest column read: where each field starts is kept up to it, the
        // separators after it are only counted.
        let needed = [
            Some(c.time),
            Some(c.elapsed),
            c.label,
            c.success,
            c.code,
            c.bytes,
            c.threads,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
        if piece.len() > u32::MAX as usize || needed >= 64 || self.separator == 0 {
            return None;
        }
        // starts[k]: where field k of the current line starts (k up to needed + 1).
        let mut starts = [0usize; 66];
        let mut n = 0; // separators so far on the line
        let mut ends = 0;
        let mut marks = blocks::Marks::new(piece, self.separator);
        loop {
            let (end, last) = loop {
                if n > needed {
                    // Past the last column read: only count the separators.
                    let (end, separators) = marks.skip_line();
                    n += separators;
                    break end.map_or((piece.len(), true), |e| (e, false));
                }
                match marks.next() {
                    Some(blocks::Mark { at, newline: false }) => {
                        n += 1;
                        starts[n] = at + 1;
                    }
                    Some(blocks::Mark { at, newline: true }) => break (at, false),
                    None => break (piece.len(), true),
                }
            };
            let line_start = starts[0];
            let mut line_end = end;
            if line_end > line_start && piece[line_end - 1] == b'\r' {
                line_end -= 1;
            }
            if line_end > line_start {
                if n + 1 != self.fields {
                    return None;
                }
                // Field k ends before the separator that starts field k + 1, the last
                // one at the line's end; k <= needed <= n.
                let span = |k: usize| {
                    let to = if k < n { starts[k + 1] - 1 } else { line_end };
                    Span {
                        start: starts[k] as u32,
                        len: (to - starts[k]) as u32,
                    }
                };
                let cell = |k: usize| span(k).of(piece).unwrap_or_default();
                let number = |k: Option<usize>| -> Option<Option<i64>> {
                    match k {
                        None => Some(None),
                        Some(k) if span(k).len == 0 => Some(None),
                        Some(k) => whole(cell(k)).map(Some),
                    }
                };
                // Read while the line is in the cache; most samples succeed.
                let text = |k: Option<usize>| -> Option<Option<&str>> {
                    match k.map(span).and_then(|s| s.of(piece)) {
                        None => Some(None),
                        Some(cell) => std::str::from_utf8(cell).ok().map(Some),
                    }
                };
                let outcome = match c.success.map(cell) {
                    Some(b"true") => Outcome::Ok,
                    _ => outcome(text(c.success)?, text(c.code)?),
                };
                samples.push(Sample {
                    time: whole(cell(c.time))?,
                    elapsed: whole(cell(c.elapsed))
                        .filter(|&e| e >= 0 && e as f64 <= MAX_LATENCY_MS)?,
                    label: match c.label {
                        Some(k) => table.find(piece, span(k))?,
                        None => NO_LABEL,
                    },
                    outcome,
                    bytes: number(c.bytes)?,
                    threads: number(c.threads)?,
                });
            }
            if last {
                break;
            }
            ends += 1;
            starts[0] = end + 1;
            n = 0;
        }
        Some(ends)
    }

    fn accumulate(
        &self,
        labels: &mut Labelled,
        piece: &[u8],
        samples: &[Sample],
        table: &LabelTable,
    ) {
        let text = |span: Span| -> Option<&str> {
            span.of(piece).and_then(|c| std::str::from_utf8(c).ok())
        };
        // Each label of the piece is looked up in the runs once.
        let runs: Vec<usize> = table
            .slots
            .iter()
            .map(|(_, span)| labels.slot(text(*span).unwrap_or(self.stem)))
            .collect();
        let mut unlabelled = None;
        for s in samples {
            let run = match runs.get(s.label as usize) {
                Some(&run) => run,
                None => *unlabelled.get_or_insert_with(|| labels.slot(self.stem)),
            };
            let (acc, most) = labels.at(run);
            acc.add(
                s.time as f64 / 1000.0,
                s.elapsed as f64,
                s.outcome,
                s.bytes.map_or(0, |b| b.max(0) as u64),
            );
            if let Some(t) = s.threads {
                *most = (*most).max(t);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes() {
        assert_eq!(outcome(Some("true"), Some("200")), Outcome::Ok);
        assert_eq!(outcome(Some("false"), Some("503")), Outcome::HttpError);
        assert_eq!(
            outcome(
                Some("false"),
                Some("Non HTTP response code: java.net.ConnectException")
            ),
            Outcome::Connect
        );
        assert_eq!(
            outcome(
                Some("false"),
                Some("Non HTTP response code: java.net.SocketTimeoutException")
            ),
            Outcome::Timeout
        );
        assert_eq!(outcome(None, Some("404")), Outcome::HttpError);
        assert_eq!(outcome(None, Some("204")), Outcome::Ok);
        assert_eq!(outcome(None, None), Outcome::Ok);
    }

    #[test]
    fn whole_numbers_as_polars_reads_them() {
        for n in [
            0i64,
            7,
            42,
            12_345_678,
            123_456_789,
            1_764_000_000_123,
            999_999_999_999_999_999,
        ] {
            assert_eq!(whole(n.to_string().as_bytes()), Some(n), "{n}");
            assert_eq!(whole(format!("-{n}").as_bytes()), Some(-n), "-{n}");
        }
        assert_eq!(whole(b"00000012"), Some(12));
        for bad in [
            &b""[..],
            b"-",
            b"1.5",
            b"12345678x",
            b"1234567/",
            b"123456:8",
            b"1234 678",
            b"+1",
            b"1e3",
            b"1234567890123456789",
        ] {
            assert_eq!(whole(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        // Every byte that is not a digit, in every place of an eight-digit run.
        for place in 0..8 {
            for b in (0..=255u8).filter(|b| !b.is_ascii_digit()) {
                let mut cell = *b"12345678";
                cell[place] = b;
                assert_eq!(eight_digits(cell), None, "{b} at {place}");
            }
        }
    }

    /// A fast-path sample as the test compares it: time, elapsed, label slot, outcome.
    type FastSample = (i64, i64, u32, Outcome);

    /// Runs the fast path on `piece` of a file with `header`: the line ends and samples,
    /// or `None` when it gives way to the general reader.
    fn fast(header: &str, piece: &str) -> Option<(usize, Vec<FastSample>)> {
        let head = format!("{header}\n");
        let (layout, cols) = layout(Path::new("t.jtl"), head.as_bytes()).ok()?;
        let fast = FastJtl {
            separator: layout.separator,
            fields: layout.fields,
            cols: &cols,
            stem: "t",
            pool: Default::default(),
        };
        let (mut samples, mut table) = (Vec::new(), LabelTable::default());
        let ends = fast.parse(piece.as_bytes(), &mut samples, &mut table)?;
        let samples = samples
            .iter()
            .map(|s| (s.time, s.elapsed, s.label, s.outcome))
            .collect();
        Some((ends, samples))
    }

    #[test]
    fn the_fast_path_reads_plain_lines_and_gives_way_on_odd_ones() {
        let h = "timeStamp,elapsed,label,responseCode,success,bytes";
        let (ends, samples) = fast(
            h,
            "1000,5,a,200,true,10\r\n\n1001,6,b,503,false,\n1002,7,a,Non HTTP response code: java.net.SocketTimeoutException,false,3",
        )
        .expect("plain lines");
        assert_eq!(ends, 3);
        assert_eq!(
            samples,
            [
                (1000, 5, 0, Outcome::Ok),
                (1001, 6, 1, Outcome::HttpError),
                (1002, 7, 0, Outcome::Timeout)
            ]
        );
        for odd in [
            "1000,5,a,200,true\n",     // a field short
            "1000,5,a,200,true,1,2\n", // one too many
            "1000,-5,a,200,true,1\n",  // a negative latency
            "1000,5.5,a,200,true,1\n", // not a whole number
            "1000, 5,a,200,true,1\n",  // a space
            "1000,,a,200,true,1\n",    // an empty required cell
            "1000,5,a,200,true,1e3\n", // an exponent
        ] {
            assert!(fast(h, odd).is_none(), "{odd}");
        }
        // Columns in another order, and only some of them.
        let (_, samples) = fast("label,elapsed,timeStamp", "x,1,2\ny,3,4\n,5,6").unwrap();
        assert_eq!(
            samples,
            [
                (2, 1, 0, Outcome::Ok),
                (4, 3, 1, Outcome::Ok),
                (6, 5, 2, Outcome::Ok)
            ]
        );
    }

    #[test]
    fn detection() {
        assert!(looks_like(
            b"timeStamp,elapsed,label,responseCode\n1,2,a,200\n"
        ));
        assert!(looks_like(b"timeStamp\telapsed\tlabel\n"));
        assert!(looks_like(
            b"1551783627191,351,JR-OK,200,Good request,Thread Group 1-1,text,true,,18,8,1,1,null,0,0,0\n"
        ));
        assert!(!looks_like(b"label,throughput_rps\n"));
    }
}
