//! Text logs of millions of lines in bounded memory (`docs/server-logs.md`,
//! "Scale"): the content read in blocks of about 1 MiB of whole lines, each block
//! parsed on one of a worker per core into that worker's own state, so that a
//! gzip's decompression (on the reading thread) and the parsing overlap. At most
//! two blocks a worker wait at once: memory stays bounded whatever the file's size.
//! The caller merges the workers' states; an error names the first bad line.

use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};

use crate::blocks::Source;
use crate::error::ImportError;

/// About this many bytes a block.
const BLOCK: usize = 1 << 20;
/// The longest line taken: a log line is a few hundred bytes; a longer one is a
/// file that is not a log.
pub const MAX_LINE: usize = 1 << 20;

/// One block: its first line's number (1-based) and its whole lines, as bytes:
/// each worker checks its own block's UTF-8.
struct Block {
    first_line: usize,
    /// A buffer of the reader's, its first `len` bytes the lines; given back when
    /// parsed, so that no block costs a fresh allocation.
    bytes: Vec<u8>,
    len: usize,
}

/// Parses `source`'s lines with `parse(state, line_number, line)` on a worker per
/// core, each worker with a state from `new`; the workers' states, for the caller
/// to merge. Empty lines are skipped.
pub fn parse<T, N, P>(source: Source<'_>, new: N, parse: P) -> Result<Vec<T>, ImportError>
where
    T: Send,
    N: Fn() -> T + Sync,
    P: Fn(&mut T, usize, &str) -> Result<(), ImportError> + Sync,
{
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(16));
    let (tx, rx) = sync_channel::<Block>(workers * 2);
    let rx: Arc<Mutex<Receiver<Block>>> = Arc::new(Mutex::new(rx));
    let (back, returned) = std::sync::mpsc::channel::<Vec<u8>>();
    let path = source.path;
    let failed = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let rx = rx.clone();
                let back = back.clone();
                let (new, parse, failed) = (&new, &parse, &failed);
                s.spawn(move || -> Result<T, ImportError> {
                    let mut state = new();
                    loop {
                        let block = match rx.lock().map(|r| r.recv()) {
                            Ok(Ok(b)) => b,
                            _ => return Ok(state),
                        };
                        let bytes = &block.bytes[..block.len];
                        let text = match std::str::from_utf8(bytes) {
                            Ok(t) => std::borrow::Cow::Borrowed(t),
                            Err(_) => String::from_utf8_lossy(bytes),
                        };
                        // The lines, their ends found with memchr (a `\n` is never
                        // inside a UTF-8 character).
                        let mut from = 0;
                        let ends = memchr::memchr_iter(b'\n', text.as_bytes())
                            .chain(std::iter::once(text.len()));
                        for (k, end) in ends.enumerate() {
                            let line = text[from..end].trim_end_matches('\r');
                            from = (end + 1).min(text.len());
                            if line.trim().is_empty() {
                                continue;
                            }
                            if let Err(e) = parse(&mut state, block.first_line + k, line) {
                                failed.store(true, std::sync::atomic::Ordering::Relaxed);
                                return Err(e);
                            }
                        }
                        drop(text);
                        let _ = back.send(block.bytes);
                    }
                })
            })
            .collect();
        drop(back);
        let read = read_blocks(
            path,
            source.reader,
            &|b| !failed.load(std::sync::atomic::Ordering::Relaxed) && tx.send(b).is_ok(),
            &|| returned.try_recv().ok(),
            source.progress,
            source.total,
        );
        drop(tx);
        let mut states = Vec::new();
        let mut first_error: Option<ImportError> = None;
        for h in handles {
            match h.join() {
                Ok(Ok(state)) => states.push(state),
                Ok(Err(e)) => {
                    let line = |e: &ImportError| match e {
                        ImportError::Parse { line, .. } => *line,
                        _ => 0,
                    };
                    if first_error.as_ref().is_none_or(|f| line(&e) < line(f)) {
                        first_error = Some(e);
                    }
                }
                Err(_) => first_error = Some(ImportError::file(path, "a reader thread failed")),
            }
        }
        read?;
        match first_error {
            Some(e) => Err(e),
            None => Ok(states),
        }
    })
}

/// How much one read asks for.
const CHUNK: usize = 256 << 10;

/// Reads `reader` into blocks of whole lines, handing each to `give` (false: stop);
/// a buffer comes from `reuse` (one a worker gave back) where there is one.
fn read_blocks(
    path: &Path,
    mut reader: Box<dyn Read + Send + '_>,
    give: &dyn Fn(Block) -> bool,
    reuse: &dyn Fn() -> Option<Vec<u8>>,
    progress: &dyn Fn(f32),
    total: Option<u64>,
) -> Result<(), ImportError> {
    let fresh = || reuse().unwrap_or_else(|| vec![0u8; BLOCK + CHUNK]);
    let mut line = 1;
    let mut read_so_far: u64 = 0;
    let mut buf = fresh();
    let mut filled = 0;
    loop {
        let mut eof = false;
        while filled < BLOCK {
            if buf.len() < filled + CHUNK {
                buf.resize(filled + CHUNK, 0);
            }
            let n = reader
                .read(&mut buf[filled..filled + CHUNK])
                .map_err(|e| ImportError::io(path, e))?;
            if n == 0 {
                eof = true;
                break;
            }
            read_so_far += n as u64;
            filled += n;
        }
        if let Some(t) = total.filter(|t| *t > 0) {
            progress((read_so_far as f64 / t as f64).min(1.0) as f32);
        }
        if eof {
            if filled > 0 {
                give(Block {
                    first_line: line,
                    bytes: buf,
                    len: filled,
                });
            }
            return Ok(());
        }
        let Some(end) = memchr::memrchr(b'\n', &buf[..filled]) else {
            if filled > MAX_LINE {
                return Err(ImportError::parse(
                    path,
                    line,
                    format!("a line longer than {} MiB: not a log", MAX_LINE >> 20),
                ));
            }
            // One line longer than a block: read on.
            let n = {
                buf.resize(filled + CHUNK, 0);
                reader
                    .read(&mut buf[filled..filled + CHUNK])
                    .map_err(|e| ImportError::io(path, e))?
            };
            if n == 0 {
                give(Block {
                    first_line: line,
                    bytes: buf,
                    len: filled,
                });
                return Ok(());
            }
            read_so_far += n as u64;
            filled += n;
            continue;
        };
        let mut next = fresh();
        let rest = filled - (end + 1);
        if next.len() < rest + CHUNK {
            next.resize(rest + CHUNK, 0);
        }
        next[..rest].copy_from_slice(&buf[end + 1..filled]);
        let lines = memchr::memchr_iter(b'\n', &buf[..=end]).count();
        let block = Block {
            first_line: line,
            bytes: std::mem::replace(&mut buf, next),
            len: end + 1,
        };
        if !give(block) {
            return Ok(());
        }
        filled = rest;
        line += lines;
    }
}
