//! The portable kernel's loops for f16 and bf16: chunks of [`CHUNK`]
//! elements through f32 buffers, in passes that are each a loop without
//! branches, so that the compiler vectorizes them: the halves widened; the
//! f32 values they round ([`half_path::forward_f32`], four lanes at a
//! time); those rounded, with the half-way test; then, rarely, the lanes
//! near a half-way point recomputed. Through the driver (one half at a
//! time), the rounding's branch per element split the loop: the compiler
//! vectorized nothing and turned the algorithms' selects into branches.
//! Each element goes through the same operations as in the driver, so the
//! bits are the same.

use super::Portable;
use crate::half_path::{self, forward_exact, near_half_way, HalfFormat};
use crate::op::Op;

/// Elements per chunk.
const CHUNK: usize = 64;
/// Lanes per call of the f32 algorithm.
const LANES: usize = 4;

/// The f32 values the halves' forward rounds, in place, for `w`'s first
/// `n` lanes rounded up to whole groups of [`LANES`] (the lanes past `n`
/// hold earlier values: computed, never stored).
#[inline(always)]
fn forward_values<O: Op>(op: O, w: &mut [f32; CHUNK], n: usize) {
    for c in w[..n.next_multiple_of(LANES)].chunks_exact_mut(LANES) {
        let y = half_path::forward_f32(op, [c[0], c[1], c[2], c[3]]);
        c.copy_from_slice(&y);
    }
}

/// `O`'s forward of `n` halves, correctly rounded.
///
/// # Safety
/// `x` is valid for reading and `y` for writing `n` elements; `x == y` is
/// allowed (a chunk's inputs are copied before its outputs are stored).
#[inline(always)]
pub(super) unsafe fn forward<H: HalfFormat, O: Op>(
    _: Portable,
    op: O,
    x: *const H,
    y: *mut H,
    n: usize,
) {
    let mut xs = [H::default(); CHUNK];
    let mut w = [0.0f32; CHUNK];
    let mut done = 0;
    while done < n {
        let m = CHUNK.min(n - done);
        for i in 0..m {
            // SAFETY: done + i < n.
            xs[i] = unsafe { x.add(done + i).read_unaligned() };
            w[i] = xs[i].to_f32();
        }
        forward_values(op, &mut w, m);
        let mut near = false;
        for (i, &v) in w[..m].iter().enumerate() {
            near |= near_half_way::<H>(H::aligned(v));
            // SAFETY: done + i < n; the inputs are in `xs`.
            unsafe { y.add(done + i).write_unaligned(H::from_f32(v)) };
        }
        if near {
            for (i, &v) in w[..m].iter().enumerate() {
                if near_half_way::<H>(H::aligned(v)) {
                    let h = forward_exact::<H, O>(op, xs[i]);
                    // SAFETY: as above.
                    unsafe { y.add(done + i).write_unaligned(h) };
                }
            }
        }
        done += m;
    }
}

/// `O`'s backward of `n` halves.
///
/// # Safety
/// `x` and `dy` are valid for reading and `dx` for writing `n` elements;
/// `dx` may be `x` or `dy` (a chunk is read before it is written).
#[inline(always)]
pub(super) unsafe fn backward<H: HalfFormat, O: Op>(
    _: Portable,
    op: O,
    x: *const H,
    dy: *const H,
    dx: *mut H,
    n: usize,
) {
    let mut w = [0.0f32; CHUNK];
    let mut d = [0.0f32; CHUNK];
    let mut done = 0;
    while done < n {
        let m = CHUNK.min(n - done);
        for i in 0..m {
            // SAFETY: done + i < n.
            unsafe {
                w[i] = x.add(done + i).read_unaligned().to_f32();
                d[i] = dy.add(done + i).read_unaligned().to_f32();
            }
        }
        let groups = m.next_multiple_of(LANES);
        for (c, d) in w[..groups]
            .chunks_exact_mut(LANES)
            .zip(d[..groups].chunks_exact(LANES))
        {
            let g = half_path::backward_f32(op, [c[0], c[1], c[2], c[3]], [d[0], d[1], d[2], d[3]]);
            c.copy_from_slice(&g);
        }
        for (i, &v) in w[..m].iter().enumerate() {
            // SAFETY: done + i < n.
            unsafe { dx.add(done + i).write_unaligned(H::from_f32(v)) };
        }
        done += m;
    }
}
