//! The peak of heap memory a piece of work takes on its own thread: the test
//! binary's allocator counts, per thread, the bytes it has allocated and not freed.
//! Other tests run on other threads meanwhile and do not count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

pub struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    // `try_with`: a thread being torn down has no counters left; it is not measured.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// What `work` returns, and the most heap memory (MB) it held at once beyond what
/// this thread held before.
pub fn peak_mb<T>(work: impl FnOnce() -> T) -> (T, f64) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let out = work();
    let peak = PEAK.with(Cell::get) - base;
    (out, peak as f64 / (1 << 20) as f64)
}
