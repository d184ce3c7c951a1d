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
    bytes: Vec<u8>,
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
    let path = source.path;
    let failed = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let rx = rx.clone();
                let (new, parse, failed) = (&new, &parse, &failed);
                s.spawn(move || -> Result<T, ImportError> {
                    let mut state = new();
                    loop {
                        let block = match rx.lock().map(|r| r.recv()) {
                            Ok(Ok(b)) => b,
                            _ => return Ok(state),
                        };
                        let text = match std::str::from_utf8(&block.bytes) {
                            Ok(t) => std::borrow::Cow::Borrowed(t),
                            Err(_) => String::from_utf8_lossy(&block.bytes),
                        };
                        for (k, line) in text.lines().enumerate() {
                            if line.trim().is_empty() {
                                continue;
                            }
                            if let Err(e) = parse(&mut state, block.first_line + k, line) {
                                failed.store(true, std::sync::atomic::Ordering::Relaxed);
                                return Err(e);
                            }
                        }
                    }
                })
            })
            .collect();
        let read = read_blocks(
            path,
            source.reader,
            &|b| !failed.load(std::sync::atomic::Ordering::Relaxed) && tx.send(b).is_ok(),
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

/// Reads `reader` into blocks of whole lines, handing each to `give` (false: stop).
fn read_blocks(
    path: &Path,
    mut reader: Box<dyn Read + Send + '_>,
    give: &dyn Fn(Block) -> bool,
    progress: &dyn Fn(f32),
    total: Option<u64>,
) -> Result<(), ImportError> {
    let mut line = 1;
    let mut read_so_far: u64 = 0;
    let mut chunk = vec![0u8; 256 << 10];
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK + chunk.len());
    // Where the search for the last line end resumes: what is before has none.
    loop {
        let mut eof = false;
        while buf.len() < BLOCK {
            let n = reader
                .read(&mut chunk)
                .map_err(|e| ImportError::io(path, e))?;
            if n == 0 {
                eof = true;
                break;
            }
            read_so_far += n as u64;
            buf.extend_from_slice(&chunk[..n]);
        }
        if let Some(t) = total.filter(|t| *t > 0) {
            progress((read_so_far as f64 / t as f64).min(1.0) as f32);
        }
        if eof {
            if !buf.is_empty() {
                give(Block {
                    first_line: line,
                    bytes: buf,
                });
            }
            return Ok(());
        }
        let Some(end) = memchr::memrchr(b'\n', &buf) else {
            if buf.len() > MAX_LINE {
                return Err(ImportError::parse(
                    path,
                    line,
                    format!("a line longer than {} MiB: not a log", MAX_LINE >> 20),
                ));
            }
            // One line longer than a block: read on.
            let n = reader
                .read(&mut chunk)
                .map_err(|e| ImportError::io(path, e))?;
            if n == 0 {
                give(Block {
                    first_line: line,
                    bytes: buf,
                });
                return Ok(());
            }
            read_so_far += n as u64;
            buf.extend_from_slice(&chunk[..n]);
            continue;
        };
        let mut next = Vec::with_capacity(BLOCK + chunk.len());
        next.extend_from_slice(&buf[end + 1..]);
        buf.truncate(end + 1);
        let lines = memchr::memchr_iter(b'\n', &buf).count();
        let block = Block {
            first_line: line,
            bytes: std::mem::replace(&mut buf, next),
        };
        if !give(block) {
            return Ok(());
        }
        line += lines;
    }
}
