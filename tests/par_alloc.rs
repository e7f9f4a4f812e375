//! `logsigmoid::par` allocates nothing per call (its own test binary: the
//! count is of the whole process, with no other test running).
#![cfg(feature = "rayon")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use logsigmoid::par;

/// Counts the allocations of the whole process.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// After the pool has started, a call allocates nothing of its own: from a
/// thread outside the pool, rayon queues one job per call on its injector,
/// whose queue grows by a block of 63 slots (one allocation per 63 calls).
#[test]
fn no_allocation_per_call() {
    let x: Vec<f32> = (0..1 << 20)
        .map(|i| (i % 4000) as f32 * 0.01 - 20.0)
        .collect();
    let mut y = vec![0.0f32; x.len()];
    for _ in 0..8 {
        par::log_sigmoid(&x, &mut y).unwrap();
    }
    let calls: usize = 200;
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..calls {
        par::log_sigmoid(&x, &mut y).unwrap();
        par::silu_backward_in_place(&x, &mut y).unwrap();
    }
    let n = ALLOCATIONS.load(Ordering::Relaxed) - before;
    println!("{n} allocations in {} calls", 2 * calls);
    let rayon_blocks = (2 * calls).div_ceil(63) + 1;
    assert!(n <= rayon_blocks, "{n} allocations in {} calls", 2 * calls);
}
