//! Importers: one file per tool, each implementing [`Importer`], listed in
//! [`registry::FORMATS`]. [`load_file`] reads a file, detects its format from the
//! content and returns the runs it holds, or an [`ImportError`] that names the file,
//! the line and what was expected.

pub mod ab;
pub mod ab_percentiles;
pub mod error_text;
pub mod gatling;
pub mod go_duration;
pub mod hdr_spectrum;
pub mod hey;
pub mod importer;
pub mod inputs;
pub mod jtl;
pub mod k6;
pub mod locust;
pub mod oha;
pub mod power_tuning;
pub mod raw;
pub mod registry;
pub mod text;
pub mod tidy_csv;
pub mod vegeta;
pub mod wrk;
pub mod wrk_units;

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

pub use crate::error::ImportError;
pub use importer::{Importer, Input, Probe, Stream};
pub use registry::{Format, detect, throughput_definition};

use crate::model::Run;
use crate::naming;

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
    let mut file = std::fs::File::open(path).map_err(|e| ImportError::io(path, e))?;
    let total = file.metadata().map_err(|e| ImportError::io(path, e))?.len();
    let mut head = Vec::new();
    (&mut file)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| ImportError::io(path, e))?;
    let rest = std::io::Cursor::new(head.clone()).chain(file);
    load(path, &head, Box::new(rest), total, format, progress)
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
    load(
        path,
        head,
        Box::new(bytes),
        bytes.len() as u64,
        format,
        &|_| {},
    )
}

/// Reads a file's content, `reader` from its first byte and `head` its first bytes:
/// as `forced`, else as the first format that sniffs it.
fn load<'a>(
    path: &'a Path,
    head: &'a [u8],
    mut reader: Box<dyn Read + Send + 'a>,
    total: u64,
    forced: Option<Format>,
    progress: &'a dyn Fn(f32),
) -> Result<Vec<Run>, ImportError> {
    let streamed = match forced {
        Some(f) => f.per_request().then_some(f),
        None => registry::sniff(&Probe { head, text: None }),
    };
    if let Some(f) = streamed {
        let input = Input::stream_of(path, head, reader, total, progress);
        return with_names(path, f.importer().read(input)?);
    }
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::io(path, e))?;
    let text = text::decode(path, &bytes)?;
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
    let input = Input::text_of(path, text_head, Cow::Borrowed(&text));
    with_names(path, format.importer().read(input)?)
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
            "not a format gatebench recognises: found `{}`; expected one of: {} \
             (see \"Formats read\" in README.md)",
            crate::error::excerpt(first),
            registry::described_list()
        ),
    )
}
