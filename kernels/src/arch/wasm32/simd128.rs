//! wasm `simd128`: 4 f32 or 2 f64 lanes per `v128`.
//!
//! The algorithms of [`crate::math`] on `v128`, without FMA (wasm has none:
//! relaxed-simd's `madd` may or may not fuse): f32 and the half types by
//! the wide algorithms (`math::wide`: each `f32x4` widened to two
//! `f64x2`, single words, rounded once), f64 by its double-word algorithms
//! with `mul_add` a product and a sum and the exact products from Dekker's
//! method ([`Lanes::two_product`](crate::lanes::Lanes::two_product), the
//! splits by clearing the low bits): the same operations as the portable
//! kernel of a target without FMA, so the same bits. `min`/`max` are `pmin`/`pmax`
//! with their operands swapped (x86's `minps`/`maxps` rules). The half
//! types are widened and rounded by integer operations (f16 by the
//! exponent rebias of a product by 2^112, round-to-nearest-even by adding
//! `0xfff` plus the last kept bit; bf16 by 16-bit shifts). Tails through a
//! one-register buffer.
//!
//! Every register type carries a [`Simd128`] token, as on the other ISAs;
//! the intrinsics are safe functions once `simd128` is enabled (it is, for
//! the whole build, or this module is not compiled), so the only `unsafe`
//! here is the raw loads and stores.

use core::arch::wasm32::*;
use core::convert::identity;

use half::{bf16, f16};

use crate::driver::{buffered_load, buffered_store, float_vector};
use crate::half_path::half_vector;
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
    type F16 = F16x4;
    type Bf16 = Bf16x4;
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
    /// bf16 (in the low half of each u32 lane) -> f32: shifted up by 16.
    #[inline(always)]
    fn bf16_widen(self, h: v128) -> v128 {
        u32x4_shl(h, 16)
    }
    /// f32 -> bf16 (low half of each u32 lane), round to nearest even, NaN
    /// kept quiet.
    #[inline(always)]
    fn bf16_narrow(self, v: v128) -> v128 {
        let lsb = v128_and(u32x4_shr(v, 16), u32x4_splat(1));
        let rounded = i32x4_add(v, i32x4_add(u32x4_splat(0x7fff), lsb));
        let quiet = v128_or(v, u32x4_splat(0x0040_0000));
        let nan = v128_not(f32x4_eq(v, v));
        u32x4_shr(v128_bitselect(quiet, rounded, nan), 16)
    }
    /// f16 (in the low half of each u32 lane) -> f32, exactly: the
    /// exponent and mantissa shifted into place and multiplied by 2^112
    /// (which rebiases the exponent and normalises the subnormals), the
    /// infinities and NaNs given f32's top exponent, the sign put back.
    #[inline(always)]
    fn f16_widen(self, h: v128) -> v128 {
        let em = v128_and(h, u32x4_splat(0x7fff));
        let sign = u32x4_shl(v128_and(h, u32x4_splat(0x8000)), 16);
        let shifted = u32x4_shl(em, 13);
        let scaled = f32x4_mul(shifted, f32x4_splat(f32::from_bits(0x7780_0000)));
        let special = u32x4_ge(em, u32x4_splat(0x7c00));
        let inf_nan = v128_or(shifted, u32x4_splat(0x7f80_0000));
        v128_or(v128_bitselect(inf_nan, scaled, special), sign)
    }
    /// f32 -> f16 (low half of each u32 lane), round to nearest even, for
    /// every f32: from 65520 up the infinity (NaN: a quiet NaN); below
    /// f16's normals by adding 0.5, whose ULP is f16's smallest subnormal
    /// (one float rounding), and taking the low bits; in between by
    /// rebiasing the exponent and adding `0xfff` plus the last kept bit.
    #[inline(always)]
    fn f16_narrow(self, v: v128) -> v128 {
        let sign = v128_and(v, u32x4_splat(0x8000_0000));
        let a = v128_xor(v, sign);
        let big = u32x4_ge(a, u32x4_splat(0x4780_0000));
        let nan = u32x4_gt(a, u32x4_splat(0x7f80_0000));
        let inf_or_nan = v128_bitselect(u32x4_splat(0x7e00), u32x4_splat(0x7c00), nan);
        let half = u32x4_splat(0x3f00_0000);
        let subnormal = i32x4_sub(f32x4_add(a, half), half);
        let odd = v128_and(u32x4_shr(a, 13), u32x4_splat(1));
        let rebias = i32x4_splat(((15 - 127) << 23) + 0xfff);
        let normal = u32x4_shr(i32x4_add(i32x4_add(a, rebias), odd), 13);
        let small = u32x4_lt(a, u32x4_splat(0x3880_0000));
        let o = v128_bitselect(inf_or_nan, v128_bitselect(subnormal, normal, small), big);
        v128_or(o, u32x4_shr(sign, 16))
    }
    /// [`near_half_way`](crate::half_path::near_half_way) on 4 lanes, as a
    /// bit mask.
    #[inline(always)]
    fn near_half_way(self, z: v128, half_way_less_margin: u32, low_bits: u32) -> u32 {
        let b = i32x4_sub(z, u32x4_splat(half_way_less_margin));
        let b = v128_and(b, u32x4_splat(low_bits));
        u32::from(i32x4_bitmask(u32x4_lt(
            b,
            u32x4_splat(crate::half_path::NEAR_WIDTH),
        )))
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

/// 4 u16, each zero-extended into a u32 lane.
///
/// # Safety
/// `p` is valid for reading 4 u16.
#[inline(always)]
unsafe fn load_u16x4(p: *const u16) -> v128 {
    // SAFETY: the caller's contract.
    let w = unsafe { p.cast::<u64>().read_unaligned() };
    u32x4_extend_low_u16x8(u64x2_splat(w))
}

/// The low halves of the 4 u32 lanes (each below 2^16), as 4 u16.
///
/// # Safety
/// `p` is valid for writing 4 u16.
#[inline(always)]
unsafe fn store_u16x4(p: *mut u16, v: v128) {
    let w = u64x2_extract_lane::<0>(u16x8_narrow_i32x4(v, v));
    // SAFETY: the caller's contract.
    unsafe { p.cast::<u64>().write_unaligned(w) }
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

/// 4 f16, one in the low half of each u32 lane.
#[derive(Clone, Copy)]
pub struct F16x4 {
    v: v128,
    t: Simd128,
}
/// 4 bf16, one in the low half of each u32 lane.
#[derive(Clone, Copy)]
pub struct Bf16x4 {
    v: v128,
    t: Simd128,
}

half_vector!(F16x4, f16, Simd128, F32x4, lanes: 4, block: 2, features: "simd128", {
    widen: f16_widen, narrow: f16_narrow, narrow_any: f16_narrow, near: near_half_way,
    f32_token: identity, load: load_u16x4, store: store_u16x4,
    load_partial: buffered_load, store_partial: buffered_store,
}, wide);
half_vector!(Bf16x4, bf16, Simd128, F32x4, lanes: 4, block: 2, features: "simd128", {
    widen: bf16_widen, narrow: bf16_narrow, narrow_any: bf16_narrow, near: near_half_way,
    f32_token: identity, load: load_u16x4, store: store_u16x4,
    load_partial: buffered_load, store_partial: buffered_store,
}, wide);
