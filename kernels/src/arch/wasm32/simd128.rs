//! wasm `simd128`: 4 f32 or 2 f64 lanes per `v128`.
//!
//! The algorithms of [`crate::math`] on `v128`, without FMA (wasm has none:
//! relaxed-simd's `madd` may or may not fuse): f32 by the wide algorithms
//! (`math::wide`: each `f32x4` widened to two `f64x2`, single words,
//! rounded once), f64 by its double-word algorithms
//! with `mul_add` a product and a sum and the exact products from Dekker's
//! method ([`Lanes::two_product`](crate::lanes::Lanes::two_product), the
//! splits by clearing the low bits): the same operations as the portable
//! kernel of a target without FMA, so the same bits. `min`/`max` are `pmin`/`pmax`
//! with their operands swapped (x86's `minps`/`maxps` rules). Tails through a
//! one-register buffer. The half types run the portable kernel's chunked
//! loops, which LLVM vectorizes with simd128 (widened and rounded by
//! integer operations; measured faster than registers of halves through
//! the driver: see below).
//!
//! Every register type carries a [`Simd128`] token, as on the other ISAs;
//! the intrinsics are safe functions once `simd128` is enabled (it is, for
//! the whole build, or this module is not compiled), so the only `unsafe`
//! here is the raw loads and stores (and, in `under_token!`, the calls of
//! the halves' loops compiled with simd128, which the token justifies).

use core::arch::wasm32::*;

use half::{bf16, f16};

use crate::arch::portable::under_token;
use crate::driver::{buffered_load, buffered_store, float_vector};
use crate::lanes::simd_lanes;
use crate::table::Arch;
use crate::token::Token;
use crate::widen::Widen;

/// Proof that the build targets wasm `simd128` (compile-time: every
/// engine that loads the module runs it).
#[derive(Clone, Copy, Debug)]
pub struct Simd128 {
    _private: (),
}

impl Token for Simd128 {
    #[inline]
    fn try_new() -> Option<Simd128> {
        Some(Simd128 { _private: () })
    }
    #[inline]
    unsafe fn new_unchecked() -> Simd128 {
        Simd128 { _private: () }
    }
}

impl Arch for Simd128 {
    type F32 = F32x4;
    type F64 = F64x2;
    type F16 = F16Chunks;
    type Bf16 = Bf16Chunks;
}

/// The lane operations, as methods of the token (the intrinsics are safe
/// under `simd128`; the token keeps the shape of the other ISAs).
#[allow(clippy::unused_self)]
impl Simd128 {
    #[inline(always)]
    fn splat_f32(self, v: f32) -> v128 {
        f32x4_splat(v)
    }
    #[inline(always)]
    fn add_f32(self, a: v128, b: v128) -> v128 {
        f32x4_add(a, b)
    }
    #[inline(always)]
    fn sub_f32(self, a: v128, b: v128) -> v128 {
        f32x4_sub(a, b)
    }
    #[inline(always)]
    fn mul_f32(self, a: v128, b: v128) -> v128 {
        f32x4_mul(a, b)
    }
    #[inline(always)]
    fn div_f32(self, a: v128, b: v128) -> v128 {
        f32x4_div(a, b)
    }
    /// `a * b + c` in two roundings (no FMA).
    #[inline(always)]
    fn mul_add_f32(self, a: v128, b: v128, c: v128) -> v128 {
        f32x4_add(f32x4_mul(a, b), c)
    }
    /// `c - a * b` in two roundings.
    #[inline(always)]
    fn neg_mul_add_f32(self, a: v128, b: v128, c: v128) -> v128 {
        f32x4_sub(c, f32x4_mul(a, b))
    }
    /// `-|a|`: the sign bit set.
    #[inline(always)]
    fn neg_abs_f32(self, a: v128) -> v128 {
        v128_or(a, u32x4_splat(0x8000_0000))
    }
    /// `a < b ? a : b`: `pmin(b, a)` is `a < b ? a : b`.
    #[inline(always)]
    fn min_f32(self, a: v128, b: v128) -> v128 {
        f32x4_pmin(b, a)
    }
    /// `a > b ? a : b`: `pmax(b, a)` is `b < a ? a : b`.
    #[inline(always)]
    fn max_f32(self, a: v128, b: v128) -> v128 {
        f32x4_pmax(b, a)
    }
    #[inline(always)]
    fn lt_f32(self, a: v128, b: v128) -> v128 {
        f32x4_lt(a, b)
    }
    /// `m ? a : b`, bit by bit.
    #[inline(always)]
    fn select(self, m: v128, a: v128, b: v128) -> v128 {
        v128_bitselect(a, b, m)
    }
    /// The bits shifted left by the mantissa width.
    #[inline(always)]
    fn pow2_bias_f32(self, a: v128) -> v128 {
        u32x4_shl(a, 23)
    }
    #[inline(always)]
    fn all_u32(self, m: v128) -> bool {
        i32x4_all_true(m)
    }
    #[inline(always)]
    fn any(self, m: v128) -> bool {
        v128_any_true(m)
    }
    /// `table[k & 7]` per lane: byte indices `4i .. 4i + 3` swizzled out of
    /// each half of the table (`swizzle` gives 0 for indices of 16 and up).
    #[inline(always)]
    fn lookup8_f32(self, k: v128, table: &[f32; 8]) -> v128 {
        let t = table;
        let lo = f32x4(t[0], t[1], t[2], t[3]);
        let hi = f32x4(t[4], t[5], t[6], t[7]);
        let i = v128_and(k, u32x4_splat(7));
        let bytes = i32x4_add(
            i32x4_mul(i, u32x4_splat(0x0404_0404)),
            u32x4_splat(0x0302_0100),
        );
        let from_hi = i8x16_sub(bytes, i8x16_splat(16));
        v128_or(i8x16_swizzle(lo, bytes), i8x16_swizzle(hi, from_hi))
    }
    #[inline(always)]
    fn splat_f64(self, v: f64) -> v128 {
        f64x2_splat(v)
    }
    #[inline(always)]
    fn add_f64(self, a: v128, b: v128) -> v128 {
        f64x2_add(a, b)
    }
    #[inline(always)]
    fn sub_f64(self, a: v128, b: v128) -> v128 {
        f64x2_sub(a, b)
    }
    #[inline(always)]
    fn mul_f64(self, a: v128, b: v128) -> v128 {
        f64x2_mul(a, b)
    }
    #[inline(always)]
    fn div_f64(self, a: v128, b: v128) -> v128 {
        f64x2_div(a, b)
    }
    /// `a * b + c` in two roundings (no FMA).
    #[inline(always)]
    fn mul_add_f64(self, a: v128, b: v128, c: v128) -> v128 {
        f64x2_add(f64x2_mul(a, b), c)
    }
    /// `c - a * b` in two roundings.
    #[inline(always)]
    fn neg_mul_add_f64(self, a: v128, b: v128, c: v128) -> v128 {
        f64x2_sub(c, f64x2_mul(a, b))
    }
    #[inline(always)]
    fn neg_abs_f64(self, a: v128) -> v128 {
        v128_or(a, u64x2_splat(0x8000_0000_0000_0000))
    }
    #[inline(always)]
    fn min_f64(self, a: v128, b: v128) -> v128 {
        f64x2_pmin(b, a)
    }
    #[inline(always)]
    fn max_f64(self, a: v128, b: v128) -> v128 {
        f64x2_pmax(b, a)
    }
    #[inline(always)]
    fn lt_f64(self, a: v128, b: v128) -> v128 {
        f64x2_lt(a, b)
    }
    #[inline(always)]
    fn pow2_bias_f64(self, a: v128) -> v128 {
        u64x2_shl(a, 52)
    }
    #[inline(always)]
    fn all_u64(self, m: v128) -> bool {
        i64x2_all_true(m)
    }
    /// The low 12 of f32's 24 significand bits cleared (Dekker's split).
    #[inline(always)]
    fn split_high_f32(self, a: v128) -> v128 {
        v128_and(a, u32x4_splat(!0xfff))
    }
    /// The low 27 of f64's 53 significand bits cleared.
    #[inline(always)]
    fn split_high_f64(self, a: v128) -> v128 {
        v128_and(a, u64x2_splat(!0x7ff_ffff))
    }
}

/// 4 f32 lanes.
#[derive(Clone, Copy)]
pub struct F32x4 {
    v: v128,
    t: Simd128,
}
/// 2 f64 lanes.
#[derive(Clone, Copy)]
pub struct F64x2 {
    v: v128,
    t: Simd128,
}

simd_lanes!(F32x4, f32, v128, fused: false, {
    splat: splat_f32, add: add_f32, sub: sub_f32, mul: mul_f32, div: div_f32,
    mul_add: mul_add_f32, neg_mul_add: neg_mul_add_f32, neg_abs: neg_abs_f32, min: min_f32,
    max: max_f32, lt: lt_f32, select: select, pow2_bias: pow2_bias_f32,
    all: all_u32, any: any,
}, overrides {
    #[inline(always)]
    fn lookup8(self, table: &[f32; 8]) -> F32x4 {
        F32x4 { v: self.t.lookup8_f32(self.v, table), t: self.t }
    }
    #[inline(always)]
    fn split_high(self) -> F32x4 {
        F32x4 { v: self.t.split_high_f32(self.v), t: self.t }
    }
});
simd_lanes!(F64x2, f64, v128, fused: false, {
    splat: splat_f64, add: add_f64, sub: sub_f64, mul: mul_f64, div: div_f64,
    mul_add: mul_add_f64, neg_mul_add: neg_mul_add_f64, neg_abs: neg_abs_f64, min: min_f64,
    max: max_f64, lt: lt_f64, select: select, pow2_bias: pow2_bias_f64,
    all: all_u64, any: any,
}, overrides {
    #[inline(always)]
    fn split_high(self) -> F64x2 {
        F64x2 { v: self.t.split_high_f64(self.v), t: self.t }
    }
});

/// 4 f32 lanes as 2 + 2 f64 lanes (exact), and back rounded to nearest:
/// the wide algorithms' registers.
impl Widen for F32x4 {
    type Wide = [F64x2; 2];
    #[inline(always)]
    fn widen(self) -> [F64x2; 2] {
        let high = i32x4_shuffle::<2, 3, 2, 3>(self.v, self.v);
        [
            F64x2 {
                v: f64x2_promote_low_f32x4(self.v),
                t: self.t,
            },
            F64x2 {
                v: f64x2_promote_low_f32x4(high),
                t: self.t,
            },
        ]
    }
    #[inline(always)]
    fn narrow([lo, hi]: [F64x2; 2]) -> F32x4 {
        let (lo_4, hi_4) = (f32x4_demote_f64x2_zero(lo.v), f32x4_demote_f64x2_zero(hi.v));
        F32x4 {
            v: i32x4_shuffle::<0, 1, 4, 5>(lo_4, hi_4),
            t: lo.t,
        }
    }
}

/// 16 bytes, unaligned.
///
/// # Safety
/// `p` is valid for reading 16 bytes.
#[inline(always)]
unsafe fn load<T>(p: *const T) -> v128 {
    // SAFETY: the caller's contract; `read_unaligned` has no alignment
    // requirement.
    unsafe { p.cast::<v128>().read_unaligned() }
}

/// 16 bytes, unaligned.
///
/// # Safety
/// `p` is valid for writing 16 bytes.
#[inline(always)]
unsafe fn store<T>(p: *mut T, v: v128) {
    // SAFETY: the caller's contract.
    unsafe { p.cast::<v128>().write_unaligned(v) }
}

// Blocks of 2 registers, interleaved: measured under node 20 on an AMD EPYC
// (Zen 3), f32 log-sigmoid at 4096: 1 register 9.4 ns per element, 2 6.8,
// 4 14.5 (V8 spills the wider blocks).
float_vector!(F32x4, f32, Simd128, lanes: 4, block: 2, features: "simd128", {
    load: load, store: store, load_partial: buffered_load,
    store_partial: buffered_store,
}, wide);
float_vector!(F64x2, f64, Simd128, lanes: 2, block: 2, features: "simd128", {
    load: load, store: store, load_partial: buffered_load,
    store_partial: buffered_store,
});

// The halves: the portable kernel's chunked loops (their passes widen,
// compute in f32 (here the wide algorithms) and round, each a loop that
// LLVM vectorizes with simd128). Measured under node 20 on an AMD EPYC
// (Zen 4) at 4096, against registers of 4 halves through the driver
// (widened and rounded by integer operations, the half-way test per
// register): forward 1.2-1.7x faster (f16 log-sigmoid 6.1 ns per element
// against 9.9, SiLU 4.4 against 7.6), backward within 4% (bf16 SiLU's
// gradient 10% slower).
under_token!(Simd128, "simd128",
    /// An f16, in the portable kernel's chunked loops.
    F16Chunks(f16)
);
under_token!(Simd128, "simd128",
    /// A bf16, in the portable kernel's chunked loops.
    Bf16Chunks(bf16)
);
