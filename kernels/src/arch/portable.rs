//! The portable kernel: an ISA of one lane, the plain Rust scalar types as
//! its registers, through the same driver as the SIMD ISAs (blocks of
//! `BLOCK` scalars, no tails). Where the target has an FMA instruction
//! ([`FUSED`]), `mul_add` is that instruction and the results are the SIMD
//! kernels' bits; elsewhere (x86-64 without `fma`, wasm32, 32-bit Arm
//! without VFPv4, ...) f32 and the half types run the wide algorithms (in
//! f64, `math::wide`) and f64 takes its exact products by Dekker's
//! method (`Lanes::two_product`): every bound holds, the last bit may
//! differ from the FMA kernels'. The half types have slice loops of their
//! own (`portable/halves.rs`).

mod halves;

use half::{bf16, f16};

use crate::driver::{self, Vector};
use crate::half_path::{self, backward_or_wide, forward_or_wide, HalfFormat, HalfVector};
use crate::lanes::{Lanes, Real};
use crate::op::Op;
use crate::table::Arch;
use crate::token::Token;
use crate::widen::{self, Widen};

/// The portable kernels' token: every CPU has them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Portable;

impl Token for Portable {
    #[inline]
    fn try_new() -> Option<Portable> {
        Some(Portable)
    }
    #[inline]
    unsafe fn new_unchecked() -> Portable {
        Portable
    }
}

impl Arch for Portable {
    type F32 = f32;
    type F64 = f64;
    type F16 = f16;
    type Bf16 = bf16;
}

/// Whether this target has an FMA instruction that `f32::mul_add` and
/// `f64::mul_add` compile to (known at compile time).
pub const FUSED: bool = cfg!(any(
    all(
        any(target_arch = "x86_64", target_arch = "x86"),
        target_feature = "fma"
    ),
    target_arch = "aarch64",
    all(target_arch = "arm", target_feature = "vfp4"),
    all(
        any(target_arch = "riscv64", target_arch = "riscv32"),
        target_feature = "d"
    ),
    target_arch = "powerpc64",
    target_arch = "s390x",
    target_arch = "loongarch64",
));

/// Scalars per block of the main loop, f32 and f64. Measured at 4096 on
/// an AMD EPYC (Zen 3, baseline x86-64 build, so without FMA): 4
/// interleaved scalars against 1 take f32 log-sigmoid from 6.2 to 4.0 ns
/// per element, f64 from 20.5 to 13.5, sigmoid f64 from 17.4 to 7.8. That
/// is LLVM's SLP vectorizer: the block's scalars become SSE2 registers
/// (built with `-C no-vectorize-slp` the kernels take twice as long), so
/// the portable kernel is already x86-64's SSE2 kernel (a hand-written
/// one, `__m128d` blocks of 2, 4 or 8, measured no faster on a Zen 4).
/// wasm32 without simd128 has no vectors: there LLVM emits the block's
/// scalars one after another, and the block size changes little (Zen 4,
/// node 20: blocks of 1, 2 and 4 within 4% on most functions).
const BLOCK: usize = 4;
/// The halves' block in the driver's terms; their slice loops are
/// [`halves`]' own.
const HALF_BLOCK: usize = 1;

/// A portable scalar register `$t` under another ISA's token `$token`:
/// every operation is the portable kernel's, and its loops (`$forward`,
/// `$backward`, which take the `Portable` token; without `loops:`, the
/// portable kernel's own loops of `$t`) are compiled with that ISA's
/// `$features`, for LLVM to vectorize.
// A building block of x86-64's AVX and wasm's simd128: unused elsewhere.
#[allow(unused_macros)]
macro_rules! under_token {
    ($token:ident, $features:literal, $(#[$doc:meta])* $ty:ident($t:ty)) => {
        $crate::arch::portable::under_token!($token, $features, $(#[$doc])* $ty($t), block: 1,
            loops: <$t as $crate::driver::Vector>::forward_loop::<O>,
            <$t as $crate::driver::Vector>::backward_loop::<O>);
    };
    ($token:ident, $features:literal, $(#[$doc:meta])* $ty:ident($t:ty), block: $block:expr,
     loops: $forward:expr, $backward:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $ty {
            v: $t,
            t: $token,
        }

        impl $crate::driver::Vector for $ty {
            type Token = $token;
            type Elem = $t;
            type Array = [$t; 1];
            const LANES: usize = 1;
            const BLOCK: usize = $block;
            #[inline(always)]
            unsafe fn load(t: $token, p: *const $t) -> Self {
                // SAFETY: the caller guarantees one readable element.
                let v = unsafe { <$t as $crate::driver::Vector>::load($crate::arch::portable::Portable, p) };
                $ty { v, t }
            }
            #[inline(always)]
            unsafe fn store(self, p: *mut $t) {
                // SAFETY: the caller guarantees one writable element.
                unsafe { self.v.store(p) }
            }
            #[inline(always)]
            unsafe fn load_partial(t: $token, p: *const $t, n: usize) -> Self {
                // SAFETY: the caller guarantees n < LANES = 1 readable elements
                // (none: the portable load reads nothing).
                let v = unsafe { <$t as $crate::driver::Vector>::load_partial($crate::arch::portable::Portable, p, n) };
                $ty { v, t }
            }
            #[inline(always)]
            unsafe fn store_partial(self, p: *mut $t, n: usize) {
                // SAFETY: the caller guarantees n < LANES = 1 writable elements
                // (none: the portable store writes nothing).
                unsafe { self.v.store_partial(p, n) }
            }
            #[inline(always)]
            fn token(self) -> $token {
                self.t
            }
            #[inline(always)]
            fn forward<O: $crate::op::Op, const N: usize>(op: O, x: [Self; N]) -> [Self; N] {
                let mut v = [<$t>::default(); N];
                for i in 0..N {
                    v[i] = x[i].v;
                }
                let y = <$t as $crate::driver::Vector>::forward(op, v);
                let mut r = x;
                for i in 0..N {
                    r[i].v = y[i];
                }
                r
            }
            #[inline(always)]
            fn backward<O: $crate::op::Op, const N: usize>(op: O, x: [Self; N], dy: [Self; N]) -> [Self; N] {
                let (mut v, mut d) = ([<$t>::default(); N], [<$t>::default(); N]);
                for i in 0..N {
                    v[i] = x[i].v;
                    d[i] = dy[i].v;
                }
                let y = <$t as $crate::driver::Vector>::backward(op, v, d);
                let mut r = x;
                for i in 0..N {
                    r[i].v = y[i];
                }
                r
            }
            #[inline(always)]
            unsafe fn forward_loop<O: $crate::op::Op>(_: $token, op: O, x: *const $t, y: *mut $t, n: usize) {
                #[target_feature(enable = $features)]
                unsafe fn run<O: $crate::op::Op>(op: O, x: *const $t, y: *mut $t, n: usize) {
                    $crate::driver::align_frame();
                    // SAFETY: the caller's contract.
                    unsafe { $forward($crate::arch::portable::Portable, op, x, y, n) }
                }
                // SAFETY: the token proves the features; the pointers are the
                // caller's contract.
                unsafe { run(op, x, y, n) }
            }
            #[inline(always)]
            unsafe fn backward_loop<O: $crate::op::Op>(
                _: $token,
                op: O,
                x: *const $t,
                dy: *const $t,
                dx: *mut $t,
                n: usize,
            ) {
                #[target_feature(enable = $features)]
                unsafe fn run<O: $crate::op::Op>(op: O, x: *const $t, dy: *const $t, dx: *mut $t, n: usize) {
                    $crate::driver::align_frame();
                    // SAFETY: the caller's contract.
                    unsafe { $backward($crate::arch::portable::Portable, op, x, dy, dx, n) }
                }
                // SAFETY: the token proves the features; the pointers are the
                // caller's contract.
                unsafe { run(op, x, dy, dx, n) }
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use under_token;

macro_rules! scalar_lanes {
    ($t:ty, $bits:ty, $mant:expr, $low_half:expr) => {
        impl Lanes for $t {
            type Real = $t;
            type Mask = bool;
            const FUSED: bool = FUSED;
            #[inline(always)]
            fn splat(self, v: $t) -> $t {
                v
            }
            #[inline(always)]
            fn add(self, b: $t) -> $t {
                self + b
            }
            #[inline(always)]
            fn sub(self, b: $t) -> $t {
                self - b
            }
            #[inline(always)]
            fn mul(self, b: $t) -> $t {
                self * b
            }
            #[inline(always)]
            fn div(self, b: $t) -> $t {
                self / b
            }
            #[inline(always)]
            fn mul_add(self, b: $t, c: $t) -> $t {
                if FUSED {
                    Real::fma(self, b, c)
                } else {
                    self * b + c
                }
            }
            #[inline(always)]
            fn neg_mul_add(self, b: $t, c: $t) -> $t {
                if FUSED {
                    Real::fma(-self, b, c)
                } else {
                    c - self * b
                }
            }
            #[inline(always)]
            fn split_high(self) -> $t {
                <$t>::from_bits(self.to_bits() & !$low_half)
            }
            #[inline(always)]
            fn neg_abs(self) -> $t {
                <$t>::from_bits(self.to_bits() | (1 << (<$bits>::BITS - 1)))
            }
            #[inline(always)]
            fn min(self, b: $t) -> $t {
                if self < b {
                    self
                } else {
                    b
                }
            }
            #[inline(always)]
            fn max(self, b: $t) -> $t {
                if self > b {
                    self
                } else {
                    b
                }
            }
            #[inline(always)]
            fn lt(self, b: $t) -> bool {
                self < b
            }
            #[inline(always)]
            fn select(m: bool, a: $t, b: $t) -> $t {
                if m {
                    a
                } else {
                    b
                }
            }
            #[inline(always)]
            fn pow2_bias(self) -> $t {
                <$t>::from_bits(self.to_bits() << $mant)
            }
            #[inline(always)]
            fn all(self, m: bool) -> bool {
                m
            }
            #[inline(always)]
            fn any(self, m: bool) -> bool {
                m
            }
            #[inline(always)]
            fn lookup8(self, table: &[$t; 8]) -> $t {
                table[(self.to_bits() & 7) as usize]
            }
        }
    };
}

// The low 12 of f32's 24 significand bits, the low 27 of f64's 53.
scalar_lanes!(f32, u32, 23, 0xfff);
scalar_lanes!(f64, u64, 52, 0x7ff_ffff);

/// `Vector` for a scalar element type: one lane, loads and stores by
/// pointer, no partial registers (a tail is always empty), the loops
/// without target features. `$forward` / `$backward` apply an `Op` to
/// `[Self; N]`.
macro_rules! scalar_vector {
    ($t:ty, $forward:path, $backward:path, $block:ident) => {
        scalar_vector!($t, $forward, $backward, $block, {
            forward: driver::forward::<Self, O, $block>,
            backward: driver::backward::<Self, O, $block>,
        });
    };
    ($t:ty, $forward:path, $backward:path, $block:ident, {
        forward: $forward_loop:path, backward: $backward_loop:path $(,)?
    }) => {
        impl Vector for $t {
            type Token = Portable;
            type Elem = $t;
            type Array = [$t; 1];
            const LANES: usize = 1;
            const BLOCK: usize = $block;
            #[inline(always)]
            unsafe fn load(_: Portable, p: *const $t) -> $t {
                // SAFETY: the caller guarantees one readable element.
                unsafe { p.read_unaligned() }
            }
            #[inline(always)]
            unsafe fn store(self, p: *mut $t) {
                // SAFETY: the caller guarantees one writable element.
                unsafe { p.write_unaligned(self) }
            }
            #[inline(always)]
            unsafe fn load_partial(_: Portable, _: *const $t, _: usize) -> $t {
                // n < LANES = 1: nothing to read.
                <$t>::default()
            }
            #[inline(always)]
            unsafe fn store_partial(self, _: *mut $t, _: usize) {
                // n < LANES = 1: nothing to write.
            }
            #[inline(always)]
            fn token(self) -> Portable {
                Portable
            }
            #[inline(always)]
            fn forward<O: Op, const N: usize>(op: O, x: [$t; N]) -> [$t; N] {
                $forward(op, x)
            }
            #[inline(always)]
            fn backward<O: Op, const N: usize>(op: O, x: [$t; N], dy: [$t; N]) -> [$t; N] {
                $backward(op, x, dy)
            }
            #[inline(always)]
            unsafe fn forward_loop<O: Op>(t: Portable, op: O, x: *const $t, y: *mut $t, n: usize) {
                // SAFETY: the caller's contract.
                unsafe { $forward_loop(t, op, x, y, n) }
            }
            #[inline(always)]
            unsafe fn backward_loop<O: Op>(
                t: Portable,
                op: O,
                x: *const $t,
                dy: *const $t,
                dx: *mut $t,
                n: usize,
            ) {
                // SAFETY: the caller's contract.
                unsafe { $backward_loop(t, op, x, dy, dx, n) }
            }
        }
    };
}

/// `O` on `N` f64 lanes.
#[inline(always)]
fn f64_forward<O: Op, const N: usize>(op: O, x: [f64; N]) -> [f64; N] {
    op.forward(x)
}

/// `O`'s backward on `N` f64 lanes.
#[inline(always)]
fn f64_backward<O: Op, const N: usize>(op: O, x: [f64; N], dy: [f64; N]) -> [f64; N] {
    op.backward(x, dy)
}

/// A scalar f32 widens to an f64.
impl Widen for f32 {
    type Wide = f64;
    #[inline(always)]
    fn widen(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    fn narrow(w: f64) -> f32 {
        w as f32
    }
}

// f32 and the halves: their f32 algorithms, or where the target has no FMA
// the wide ones (`widen`).
scalar_vector!(f32, widen::forward, widen::backward, BLOCK);
scalar_vector!(f64, f64_forward, f64_backward, BLOCK);
scalar_vector!(f16, forward_or_wide, backward_or_wide, HALF_BLOCK, {
    forward: halves::forward::<f16, O>,
    backward: halves::backward::<f16, O>,
});
scalar_vector!(bf16, forward_or_wide, backward_or_wide, HALF_BLOCK, {
    forward: halves::forward::<bf16, O>,
    backward: halves::backward::<bf16, O>,
});

macro_rules! scalar_half {
    ($h:ty) => {
        impl HalfVector for $h {
            type Half = $h;
            type F32 = f32;
            #[inline(always)]
            fn widen(self) -> f32 {
                HalfFormat::to_f32(self)
            }
            #[inline(always)]
            fn narrow(self, v: f32) -> $h {
                <$h as HalfFormat>::from_f32(v)
            }
            #[inline(always)]
            fn narrow_any(self, v: f32) -> $h {
                <$h as HalfFormat>::from_f32(v)
            }
            #[inline(always)]
            fn near_half_way(self, z: f32) -> u32 {
                u32::from(half_path::near_half_way::<$h>(z))
            }
            #[cold]
            #[inline(never)]
            fn fix<O: Op>(op: O, x: $h, h: $h, near: u32) -> $h {
                half_path::fix_lanes::<$h, O>(op, x, h, near)
            }
        }
    };
}

scalar_half!(f16);
scalar_half!(bf16);
