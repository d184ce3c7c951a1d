//! One load generator at a time: the tests that start load tools (wrk busy-loops a
//! core per thread) take this lock, so that a test that measures latency is not
//! measuring the other tests' load on a 2-core host.

use std::sync::{Mutex, MutexGuard};

static LOAD: Mutex<()> = Mutex::new(());

/// Holds the lock until dropped; a test that panicked while holding it does not
/// keep the others out.
pub fn exclusive() -> MutexGuard<'static, ()> {
    LOAD.lock().unwrap_or_else(|e| e.into_inner())
}
