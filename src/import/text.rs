//! Turning a file's bytes into text, with errors for binary and undecodable files.

use std::path::Path;

use crate::error::ImportError;

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
