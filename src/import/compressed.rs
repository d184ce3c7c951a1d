//! Compressed inputs: gzip (multi-member too: `cat a.gz b.gz`) and zstd, recognised by
//! their magic bytes whatever the name, and read streamed, never unpacked to disk.
//! Progress counts the compressed bytes read.

use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A compression gatebench reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
}

impl Compression {
    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }

    /// The compression whose magic bytes start `head`.
    pub fn of(head: &[u8]) -> Option<Compression> {
        if head.starts_with(&[0x1f, 0x8b]) {
            Some(Compression::Gzip)
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Compression::Zstd)
        } else {
            None
        }
    }

    /// The compression the file name promises (`.gz`, `.zst`).
    pub fn by_name(path: &Path) -> Option<Compression> {
        match path.extension()?.to_str()? {
            "gz" | "gzip" => Some(Compression::Gzip),
            "zst" | "zstd" => Some(Compression::Zstd),
            _ => None,
        }
    }

    /// A reader of the decompressed data of `compressed`.
    pub fn decoder<'a>(
        self,
        compressed: impl Read + Send + 'a,
    ) -> io::Result<Box<dyn Read + Send + 'a>> {
        Ok(match self {
            Compression::Gzip => Box::new(Plain {
                inner: flate2::read::MultiGzDecoder::new(compressed),
                kind: self,
            }),
            Compression::Zstd => Box::new(Plain {
                inner: zstd::stream::read::Decoder::new(compressed)?,
                kind: self,
            }),
        })
    }
}

/// A decoder whose errors say what was expected: the rest of the compressed data.
struct Plain<R> {
    inner: R,
    kind: Compression,
}

impl<R: Read> Read for Plain<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "the {} data ends early or is corrupt ({e}); expected a whole {} file \
                     (it looks truncated)",
                    self.kind.name(),
                    self.kind.name()
                ),
            )
        })
    }
}

/// Counts the bytes read through it, for progress.
pub struct Counting<R> {
    pub inner: R,
    pub read: Arc<AtomicU64>,
    /// Set by the user to stop the import: reading then fails.
    pub stop: Option<Arc<AtomicBool>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self
            .stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
        {
            return Err(io::Error::other("stopped by the user"));
        }
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
