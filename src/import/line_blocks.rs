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

/// One block: its first line's number (1-based) and its whole lines.
struct Block {
    first_line: usize,
    text: String,
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
                        for (k, line) in block.text.lines().enumerate() {
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
    let mut carry: Vec<u8> = Vec::new();
    let mut line = 1;
    let mut read_so_far: u64 = 0;
    let mut buf = vec![0u8; BLOCK];
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| ImportError::io(path, e))?;
        read_so_far += n as u64;
        if let Some(t) = total.filter(|t| *t > 0) {
            progress((read_so_far as f64 / t as f64).min(1.0) as f32);
        }
        if n == 0 {
            if !carry.is_empty() {
                let text = String::from_utf8_lossy(&carry).into_owned();
                give(Block {
                    first_line: line,
                    text,
                });
            }
            return Ok(());
        }
        carry.extend_from_slice(&buf[..n]);
        // Cut at the last line end; keep the rest for the next block.
        let Some(end) = carry.iter().rposition(|&b| b == b'\n') else {
            if carry.len() > MAX_LINE {
                return Err(ImportError::parse(
                    path,
                    line,
                    format!("a line longer than {} MiB: not a log", MAX_LINE >> 20),
                ));
            }
            continue;
        };
        if carry.len() < BLOCK && n > 0 {
            continue;
        }
        let rest = carry.split_off(end + 1);
        let lines = carry.iter().filter(|&&b| b == b'\n').count();
        let text = String::from_utf8_lossy(&carry).into_owned();
        if !give(Block {
            first_line: line,
            text,
        }) {
            return Ok(());
        }
        line += lines;
        carry = rest;
    }
}
