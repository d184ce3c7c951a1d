//! Turning a file's bytes into text without terminal colours, with errors for binary
//! and undecodable files, and for lines too long for any load tool's output, caught
//! while reading so that memory stays bounded (see "Bounds" in `docs/benchmark-formats.md`).

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use crate::error::ImportError;

/// The longest line a text format may have. No load tool's report comes near (a
/// JTL's record, the longest, is a few hundred bytes); reading stops with an error
/// at the first longer line, so that a file of one endless line takes no more
/// memory than this.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// The whole of `reader` as text (see [`decode`]); `head` is its first bytes, already
/// read for detection. A NUL byte in the head is binary at once, without reading the
/// rest; a line over [`MAX_LINE_BYTES`] stops the reading.
pub fn read(path: &Path, head: &[u8], reader: &mut dyn Read) -> Result<String, ImportError> {
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 && let Some(pos) = head.iter().position(|&b| b == 0) {
        return Err(binary(path, line_of(head, pos)));
    }
    read_bounded(path, reader, MAX_LINE_BYTES)
        .and_then(|bytes| decode_owned(path, bytes))
        .map(|text| match without_colours(&text) {
            Cow::Owned(plain) => plain,
            Cow::Borrowed(_) => text,
        })
}

/// `text` without the terminal's colour and style codes, which some tools print even
/// into a file (oha 0.6) and a transcript of a terminal keeps. They hold no newline,
/// so every line keeps its number.
pub fn without_colours(text: &str) -> Cow<'_, str> {
    if text.contains('\x1b') {
        Cow::Owned(strip_ansi_escapes::strip_str(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// Every byte of `reader`, or an error at the first line longer than `max` bytes.
fn read_bounded(path: &Path, reader: &mut dyn Read, max: usize) -> Result<Vec<u8>, ImportError> {
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    // Lines before the current one, and where the current one starts.
    let (mut lines, mut line_start) = (0usize, 0usize);
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ImportError::io(path, e)),
        };
        let at = bytes.len();
        bytes.extend_from_slice(&chunk[..n]);
        for i in memchr::memchr_iter(b'\n', &bytes[at..]) {
            lines += 1;
            line_start = at + i + 1;
        }
        if bytes.len() - line_start > max {
            return Err(ImportError::parse(
                path,
                lines + 1,
                format!(
                    "a line longer than {} MiB: expected the text output of a load \
                     tool, whose lines are short (a binary or corrupt file?)",
                    max >> 20
                ),
            ));
        }
    }
}

fn binary(path: &Path, line: usize) -> ImportError {
    ImportError::parse(
        path,
        line,
        "the file is binary (it holds a NUL byte); expected text output of a load tool",
    )
}

/// Like [`decode`], taking the bytes: UTF-8 becomes the text without a copy.
pub fn decode_owned(path: &Path, bytes: Vec<u8>) -> Result<String, ImportError> {
    let plain = !bytes.starts_with(&[0xFF, 0xFE])
        && !bytes.starts_with(&[0xFE, 0xFF])
        && !bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        && !bytes.contains(&0);
    if plain {
        return String::from_utf8(bytes).or_else(|e| decode(path, &e.into_bytes()));
    }
    decode(path, &bytes)
}

/// Decodes UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order
/// mark, which Windows tools write. Anything else that is not text is an error that
/// names the line of the first offending byte.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, ImportError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(path, rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(path, rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(ImportError::parse(
            path,
            line_of(bytes, pos),
            "the file is binary (it holds a NUL byte); expected text output of a load tool",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(ImportError::parse(
            path,
            line_of(bytes, e.valid_up_to()),
            "the file is not UTF-8 text; expected text output of a load tool",
        )),
    }
}

fn decode_utf16(
    path: &Path,
    bytes: &[u8],
    unit: fn([u8; 2]) -> u16,
) -> Result<String, ImportError> {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| {
        ImportError::parse(
            path,
            1,
            "the file starts with a UTF-16 byte-order mark but is not valid UTF-16",
        )
    })
}

/// The 1-based line on which byte `pos` stands.
fn line_of(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1
}
