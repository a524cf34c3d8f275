//! A counting global allocator: the system allocator, plus the heap bytes in use now and the
//! most in use since the last [`reset_peak`].
//!
//! A bench binary opts in with
//! `#[global_allocator] static ALLOC: CountingAlloc = CountingAlloc;`.
//!
//! A `realloc` counts as `new - old` bytes: glibc grows large blocks in place or with `mremap`
//! (no copy, no moment with both blocks), which is what a growing `Vec` of a decoded result
//! hits. Counting both blocks would overstate those peaks; a small block that does move is
//! briefly under-counted by its old size, which does not matter at the sizes measured here.

#![allow(
    unsafe_code,
    reason = "GlobalAlloc is an unsafe trait; this only forwards to System"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting the bytes it hands out.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountingAlloc;

fn grow(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrink(bytes: usize) {
    CURRENT.fetch_sub(bytes, Ordering::Relaxed);
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged and returns
// its answer; the counters are only bookkeeping.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received; the caller upholds `alloc`'s contract.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grow(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            grow(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: `pointer` came from this allocator (hence `System`) with `layout`.
        unsafe { System.dealloc(pointer, layout) };
        shrink(layout.size());
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `pointer` came from this allocator (hence `System`) with `layout`.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            if new_size >= layout.size() {
                grow(new_size - layout.size());
            } else {
                shrink(layout.size() - new_size);
            }
        }
        moved
    }
}

/// Heap bytes in use now (through [`CountingAlloc`]).
pub fn current() -> usize {
    CURRENT.load(Ordering::Relaxed)
}

/// The most heap bytes in use since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Starts a new peak measurement from the bytes in use now; returns them.
pub fn reset_peak() -> usize {
    let now = current();
    PEAK.store(now, Ordering::Relaxed);
    now
}

/// Runs `f` and returns its value and the most heap bytes it had in use on top of what was in
/// use when it started (the whole process counts: keep other threads quiet meanwhile).
pub fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let baseline = reset_peak();
    let value = f();
    (value, peak().saturating_sub(baseline))
}
