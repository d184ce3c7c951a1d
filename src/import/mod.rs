//! Importers: one file per tool, each implementing [`Importer`], listed in
//! [`registry::FORMATS`]. [`load_file`] reads a file, detects its format from the
//! content and returns the runs it holds, or an [`ImportError`] that names the file,
//! the line and what was expected.

pub mod ab;
pub mod ab_percentiles;
pub mod apigw;
pub mod cloudfront;
pub mod compressed;
pub mod error_text;
pub mod gatling;
pub mod gatling_log;
pub mod go_duration;
pub mod hdr_spectrum;
pub mod hey;
pub mod hlog;
pub mod importer;
pub mod inputs;
pub mod jtl;
pub mod jtl_time;
pub mod k6;
pub mod k6_text;
pub mod k6_values;
pub mod lambda;
pub mod lambda_lines;
pub mod line_blocks;
pub mod load_balancer;
pub mod locust;
pub mod log_events;
pub mod number;
pub mod oha;
pub mod oha_text;
pub mod power_tuning;
pub mod proxy_log;
pub mod quoted_fields;
pub mod raw;
pub mod registry;
pub mod server_logs;
pub mod settings;
pub mod several_tools;
pub mod summary_text;
pub mod text;
pub mod tidy_csv;
pub mod transcript;
pub mod vegeta;
pub mod wrk;
pub mod wrk_units;

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

pub use crate::error::ImportError;
pub use importer::{Importer, Input, Probe, Stream};
pub use registry::{Format, detect, throughput_definition};
pub use settings::FormatSettings;

use crate::model::Run;
use crate::naming;

/// How to read files, where the user knows better than detection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// Read every file as this format.
    pub format: Option<Format>,
    /// What the user set of the formats' own options (an HdrHistogram log's unit).
    pub settings: FormatSettings,
    /// Read per-request files with the general (polars) reader only, never a fast
    /// path: for checking that both give the same runs.
    pub general_reader_only: bool,
    /// Guess no integration type or memory tier from names (`--no-infer`).
    pub no_infer: bool,
}

/// Bytes read to detect the format of a file before deciding how to read it.
pub const HEAD_BYTES: usize = 64 * 1024;

/// Reads `path`, detects its format and returns its runs, with integration type and
/// memory tier filled from the file name where the file itself has none.
pub fn load_file(path: &Path) -> Result<Vec<Run>, ImportError> {
    load_file_as(path, None, &|_| {})
}

/// Reads `path` as `format` when given (the user knows better than detection), else
/// as the detected format; `progress` gets the fraction read of a streamed file.
/// Per-request files are streamed; others are read whole.
pub fn load_file_as(
    path: &Path,
    format: Option<Format>,
    progress: &dyn Fn(f32),
) -> Result<Vec<Run>, ImportError> {
    let options = Options {
        format,
        ..Options::default()
    };
    load_file_with(path, &options, progress)
}

/// Like [`load_file_as`], with every option.
pub fn load_file_with(
    path: &Path,
    options: &Options,
    progress: &dyn Fn(f32),
) -> Result<Vec<Run>, ImportError> {
    load_file_stoppable(path, options, progress, None)
}

/// Like [`load_file_with`], stopped (with an error) once `stop` is set.
pub fn load_file_until(
    path: &Path,
    options: &Options,
    progress: &dyn Fn(f32),
    stop: &Arc<AtomicBool>,
) -> Result<Vec<Run>, ImportError> {
    load_file_stoppable(path, options, progress, Some(stop.clone()))
}

fn load_file_stoppable(
    path: &Path,
    options: &Options,
    progress: &dyn Fn(f32),
    stop: Option<Arc<AtomicBool>>,
) -> Result<Vec<Run>, ImportError> {
    let file = std::fs::File::open(path).map_err(|e| ImportError::io(path, e))?;
    let total = file.metadata().map_err(|e| ImportError::io(path, e))?.len();
    load_reader(path, Box::new(file), Some(total), options, progress, stop)
}

/// The name standard input goes by (`-` on the command line): runs read from it
/// are labelled `stdin` unless the user names them.
pub const STDIN: &str = "stdin";

/// Reads standard input as a file called `name` (`stdin` unless the user names it),
/// streamed like a file: the format is detected from the content, and a gzip or
/// zstd stream is decompressed.
pub fn load_stdin(name: &Path, options: &Options) -> Result<Vec<Run>, ImportError> {
    let stdin = Box::new(std::io::stdin());
    load_reader(name, stdin, None, options, &|_| {}, None)
}

/// Reads the content of `reader`, `total` bytes long when known, as a file at
/// `path` would be read.
fn load_reader(
    path: &Path,
    reader: Box<dyn Read + Send>,
    total: Option<u64>,
    options: &Options,
    progress: &dyn Fn(f32),
    stop: Option<Arc<AtomicBool>>,
) -> Result<Vec<Run>, ImportError> {
    let read = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut raw: Box<dyn Read + Send> = Box::new(compressed::Counting {
        inner: reader,
        read: read.clone(),
        stop,
    });
    let mut head = read_head(path, &mut raw)?;
    let compression = compressed::Compression::of(&head);
    if let (None, Some(named)) = (compression, compressed::Compression::by_name(path))
        && !head.is_empty()
    {
        return Err(ImportError::parse(
            path,
            1,
            format!(
                "the name ends in .{} but the file is not {} data; expected a {} file",
                path.extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or_default(),
                named.name(),
                named.name()
            ),
        ));
    }
    let Some(compression) = compression else {
        let rest = std::io::Cursor::new(head.clone()).chain(raw);
        return load(path, &head, Box::new(rest), total, options, progress);
    };
    // The decompressed data from its first byte; progress counts compressed bytes.
    let whole = std::io::Cursor::new(head).chain(raw);
    let mut plain = compression
        .decoder(whole)
        .map_err(|e| ImportError::io(path, e))?;
    head = read_head(path, &mut plain)?;
    let report = |_: f32| {
        if let Some(total) = total {
            let done = read.load(std::sync::atomic::Ordering::Relaxed);
            progress(done as f32 / total.max(1) as f32);
        }
    };
    let rest = std::io::Cursor::new(head.clone()).chain(plain);
    // The decompressed size is not known: progress is the compressed bytes read.
    load(path, &head, Box::new(rest), None, options, &report)
}

/// The first [`HEAD_BYTES`] of `reader`, or all of it if shorter.
fn read_head(path: &Path, reader: &mut (impl Read + ?Sized)) -> Result<Vec<u8>, ImportError> {
    let mut head = Vec::new();
    reader
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| ImportError::io(path, e))?;
    Ok(head)
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
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let options = Options {
        format,
        ..Options::default()
    };
    load(
        path,
        head,
        Box::new(bytes),
        Some(bytes.len() as u64),
        &options,
        &|_| {},
    )
}

/// Reads a file's content, `reader` from its first byte and `head` its first bytes:
/// as `forced`, else as the first format that sniffs it.
fn load<'a>(
    path: &'a Path,
    head: &'a [u8],
    mut reader: Box<dyn Read + Send + 'a>,
    total: Option<u64>,
    options: &'a Options,
    progress: &'a dyn Fn(f32),
) -> Result<Vec<Run>, ImportError> {
    let forced = options.format;
    let streamed = match forced {
        Some(f) => f.per_request().then_some(f),
        None => registry::sniff(&Probe { head, text: None }),
    };
    if let Some(f) = streamed {
        let mut input = Input::stream_of(path, head, reader, total, progress);
        input.settings = &options.settings;
        input.fast_paths = !options.general_reader_only;
        return with_names(path, f.importer().read(input)?, options);
    }
    let text = text::read(path, head, &mut reader)?;
    let text_head = &text.as_bytes()[..text.len().min(HEAD_BYTES)];
    let format = forced.or_else(|| {
        registry::sniff(&Probe {
            head: text_head,
            text: Some(&text),
        })
    });
    let Some(format) = format else {
        return Err(unrecognised(path, &text));
    };
    let read = |format: Format, text: &str| {
        let head = &text.as_bytes()[..text.len().min(HEAD_BYTES)];
        let mut input = Input::text_of(path, head, Cow::Borrowed(text));
        input.settings = &options.settings;
        format.importer().read(input)
    };
    // A transcript of several tools, unless the user named the one to read.
    let others = match forced {
        Some(_) => Vec::new(),
        None => several_tools::others(format, &text),
    };
    let runs = if others.is_empty() {
        read(format, &text)?
    } else {
        let formats: Vec<Format> = std::iter::once(format).chain(others).collect();
        several_tools::read(path, &text, &formats, read)?
    };
    with_names(path, runs, options)
}

/// Fills integration type and memory tier from the file name where a run has none,
/// marked as guessed; or, with `no_infer`, drops every guess from a name. Several
/// reports of one file that take the same guess (a sweep, a README of several
/// tools) are not taken for repeats of each other: each is its own group until the
/// user groups them (`docs/benchmark-formats.md`, "Names").
fn with_names(path: &Path, mut runs: Vec<Run>, options: &Options) -> Result<Vec<Run>, ImportError> {
    let name = naming::classify(path);
    let mut named = Vec::new();
    for (i, run) in runs.iter_mut().enumerate() {
        if options.no_infer {
            naming::forget_guesses(run);
        } else if run.integration.is_none() && run.memory_mb.is_none() {
            name.fill(run, crate::model::Inferred::FileName);
            named.push(i);
        }
    }
    if named.len() > 1 {
        for &i in &named {
            let run = &mut runs[i];
            run.group.get_or_insert_with(|| run.label.clone());
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
            "not a format gatebench recognises: found `{}`; expected one of: {} \
             (see \"Formats read\" in README.md)",
            crate::error::excerpt(first),
            registry::described_list()
        ),
    )
}
