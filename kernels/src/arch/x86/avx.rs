//! AVX without FMA (Sandy Bridge, Ivy Bridge, AMD Jaguar and Bulldozer:
//! AVX, but not AVX2 and FMA): the portable kernel, its loops compiled
//! with AVX enabled.
//!
//! The portable kernel's blocks of scalars are what LLVM's SLP vectorizer
//! turns into vector registers: SSE2's 2 f64 lanes in the baseline build,
//! 4 with AVX. There are no lane operations to write by hand: the
//! algorithms and their operations are the portable kernel's (the FMA-free
//! ones, unless the build has `fma`), so the bits are the portable
//! kernel's, and `is_fused` is its. Blocks of 8 scalars (the portable
//! kernel's 4 would fill one 4-lane register: one dependency chain).
//! Measured speed: the README's table of the kernels without FMA.

use half::{bf16, f16};

use crate::arch::portable::Portable;
use crate::driver::{self, Vector};
use crate::op::Op;
use crate::table::Arch;
use crate::token::Token;

/// Proof that the CPU has AVX.
#[derive(Clone, Copy, Debug)]
pub struct Avx {
    _private: (),
}

impl Token for Avx {
    #[inline]
    fn try_new() -> Option<Avx> {
        // SAFETY: AVX was just detected.
        pulp::core_arch::x86::Avx::is_available().then(|| unsafe { Avx::new_unchecked() })
    }
    #[inline]
    unsafe fn new_unchecked() -> Avx {
        Avx { _private: () }
    }
}

impl Arch for Avx {
    type F32 = AvxF32;
    type F64 = AvxF64;
    type F16 = AvxF16;
    type Bf16 = AvxBf16;
}

/// Scalars per block of the f32 and f64 loops (the portable kernel's are
/// 4: two SSE2 registers of f64).
const BLOCK: usize = 8;

/// A portable scalar register `$t` under an [`Avx`] token: every operation
/// is the portable kernel's, and its loops (`$forward`, `$backward`, which
/// take the `Portable` token) are compiled with AVX.
macro_rules! avx_scalar {
    ($(#[$doc:meta])* $ty:ident($t:ty), block: $block:expr,
     loops: $forward:expr, $backward:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $ty {
            v: $t,
            t: Avx,
        }

        impl Vector for $ty {
            type Token = Avx;
            type Elem = $t;
            type Array = [$t; 1];
            const LANES: usize = 1;
            const BLOCK: usize = $block;
            #[inline(always)]
            unsafe fn load(t: Avx, p: *const $t) -> Self {
                // SAFETY: the caller guarantees one readable element.
                let v = unsafe { <$t as Vector>::load(Portable, p) };
                $ty { v, t }
            }
            #[inline(always)]
            unsafe fn store(self, p: *mut $t) {
                // SAFETY: the caller guarantees one writable element.
                unsafe { self.v.store(p) }
            }
            #[inline(always)]
            unsafe fn load_partial(t: Avx, p: *const $t, n: usize) -> Self {
                // SAFETY: the caller guarantees n < 1 readable elements.
                let v = unsafe { <$t as Vector>::load_partial(Portable, p, n) };
                $ty { v, t }
            }
            #[inline(always)]
            unsafe fn store_partial(self, p: *mut $t, n: usize) {
                // SAFETY: the caller guarantees n < 1 writable elements.
                unsafe { self.v.store_partial(p, n) }
            }
            #[inline(always)]
            fn token(self) -> Avx {
                self.t
            }
            #[inline(always)]
            fn forward<O: Op, const N: usize>(op: O, x: [Self; N]) -> [Self; N] {
                let mut v = [<$t>::default(); N];
                for i in 0..N {
                    v[i] = x[i].v;
                }
                let y = <$t as Vector>::forward(op, v);
                let mut r = x;
                for i in 0..N {
                    r[i].v = y[i];
                }
                r
            }
            #[inline(always)]
            fn backward<O: Op, const N: usize>(op: O, x: [Self; N], dy: [Self; N]) -> [Self; N] {
                let (mut v, mut d) = ([<$t>::default(); N], [<$t>::default(); N]);
                for i in 0..N {
                    v[i] = x[i].v;
                    d[i] = dy[i].v;
                }
                let y = <$t as Vector>::backward(op, v, d);
                let mut r = x;
                for i in 0..N {
                    r[i].v = y[i];
                }
                r
            }
            #[inline(always)]
            unsafe fn forward_loop<O: Op>(_: Avx, op: O, x: *const $t, y: *mut $t, n: usize) {
                #[target_feature(enable = "avx")]
                unsafe fn run<O: Op>(op: O, x: *const $t, y: *mut $t, n: usize) {
                    // SAFETY: the caller's contract.
                    unsafe { $forward(Portable, op, x, y, n) }
                }
                // SAFETY: the token proves AVX; the pointers are the
                // caller's contract.
                unsafe { run(op, x, y, n) }
            }
            #[inline(always)]
            unsafe fn backward_loop<O: Op>(
                _: Avx,
                op: O,
                x: *const $t,
                dy: *const $t,
                dx: *mut $t,
                n: usize,
            ) {
                #[target_feature(enable = "avx")]
                unsafe fn run<O: Op>(op: O, x: *const $t, dy: *const $t, dx: *mut $t, n: usize) {
                    // SAFETY: the caller's contract.
                    unsafe { $backward(Portable, op, x, dy, dx, n) }
                }
                // SAFETY: the token proves AVX; the pointers are the
                // caller's contract.
                unsafe { run(op, x, dy, dx, n) }
            }
        }
    };
}

avx_scalar!(
    /// An f32, in the portable kernel's f32 (wide) algorithms.
    AvxF32(f32), block: BLOCK,
    loops: driver::forward::<f32, O, BLOCK>, driver::backward::<f32, O, BLOCK>
);
avx_scalar!(
    /// An f64, in the portable kernel's f64 algorithms.
    AvxF64(f64), block: BLOCK,
    loops: driver::forward::<f64, O, BLOCK>, driver::backward::<f64, O, BLOCK>
);
avx_scalar!(
    /// An f16, in the portable kernel's chunked loops.
    AvxF16(f16), block: 1,
    loops: <f16 as Vector>::forward_loop::<O>, <f16 as Vector>::backward_loop::<O>
);
avx_scalar!(
    /// A bf16, in the portable kernel's chunked loops.
    AvxBf16(bf16), block: 1,
    loops: <bf16 as Vector>::forward_loop::<O>, <bf16 as Vector>::backward_loop::<O>
);
