//! Advanced SIMD (NEON): 4 f32 or 2 f64 lanes per register.
//!
//! The algorithms of [`crate::math`] on `float32x4_t` / `float64x2_t` (their
//! words and bounds are stated there); `fmin`/`fmax` are not used (their NaN
//! and signed-zero rules differ from x86's): compares and `bsl` instead. The
//! half types through `fcvtl` / `fcvtn` (f16) and 16-bit shifts with
//! integer round-to-nearest-even (bf16). Tails through a one-register
//! buffer. Bit-identical to the portable and x86 kernels (tested under
//! qemu).
//!
//! Every register type carries a [`Neon`] token, and every intrinsic is a
//! safe method of the token: the `unsafe` here is making the token after
//! the CPU check, and raw loads and stores.

use core::arch::aarch64::*;
use core::convert::identity;

use half::{bf16, f16};

use crate::driver::{buffered_load, buffered_store, float_vector};
use crate::half_path::half_vector;
use crate::lanes::simd_lanes;
use crate::table::Arch;
use crate::token::{token_intrinsics, Token};

/// Proof that the CPU has Advanced SIMD (every aarch64 CPU that runs Linux,
/// macOS or Windows does).
#[derive(Clone, Copy, Debug)]
pub struct Neon {
    _private: (),
}

impl Token for Neon {
    #[inline]
    fn try_new() -> Option<Neon> {
        pulp::aarch64::Neon::try_new()?;
        // SAFETY: NEON was just detected.
        Some(unsafe { Neon::new_unchecked() })
    }
    #[inline]
    unsafe fn new_unchecked() -> Neon {
        Neon { _private: () }
    }
}

impl Arch for Neon {
    type F32 = F32x4;
    type F64 = F64x2;
    type F16 = F16x4;
    type Bf16 = Bf16x4;
}

token_intrinsics!(Neon {
    fn vdupq_n_f32(value: f32) -> float32x4_t;
    fn vaddq_f32(a: float32x4_t, b: float32x4_t) -> float32x4_t;
    fn vsubq_f32(a: float32x4_t, b: float32x4_t) -> float32x4_t;
    fn vmulq_f32(a: float32x4_t, b: float32x4_t) -> float32x4_t;
    fn vdivq_f32(a: float32x4_t, b: float32x4_t) -> float32x4_t;
    fn vfmaq_f32(a: float32x4_t, b: float32x4_t, c: float32x4_t) -> float32x4_t;
    fn vfmsq_f32(a: float32x4_t, b: float32x4_t, c: float32x4_t) -> float32x4_t;
    fn vcltq_f32(a: float32x4_t, b: float32x4_t) -> uint32x4_t;
    fn vcgtq_f32(a: float32x4_t, b: float32x4_t) -> uint32x4_t;
    fn vceqq_f32(a: float32x4_t, b: float32x4_t) -> uint32x4_t;
    fn vbslq_f32(a: uint32x4_t, b: float32x4_t, c: float32x4_t) -> float32x4_t;
    fn vdupq_n_f64(value: f64) -> float64x2_t;
    fn vaddq_f64(a: float64x2_t, b: float64x2_t) -> float64x2_t;
    fn vsubq_f64(a: float64x2_t, b: float64x2_t) -> float64x2_t;
    fn vmulq_f64(a: float64x2_t, b: float64x2_t) -> float64x2_t;
    fn vdivq_f64(a: float64x2_t, b: float64x2_t) -> float64x2_t;
    fn vfmaq_f64(a: float64x2_t, b: float64x2_t, c: float64x2_t) -> float64x2_t;
    fn vfmsq_f64(a: float64x2_t, b: float64x2_t, c: float64x2_t) -> float64x2_t;
    fn vcltq_f64(a: float64x2_t, b: float64x2_t) -> uint64x2_t;
    fn vcgtq_f64(a: float64x2_t, b: float64x2_t) -> uint64x2_t;
    fn vbslq_f64(a: uint64x2_t, b: float64x2_t, c: float64x2_t) -> float64x2_t;
    fn vreinterpretq_u32_f32(a: float32x4_t) -> uint32x4_t;
    fn vreinterpretq_f32_u32(a: uint32x4_t) -> float32x4_t;
    fn vreinterpretq_u64_f64(a: float64x2_t) -> uint64x2_t;
    fn vreinterpretq_f64_u64(a: uint64x2_t) -> float64x2_t;
    fn vdupq_n_u32(value: u32) -> uint32x4_t;
    fn vdupq_n_u64(value: u64) -> uint64x2_t;
    fn vorrq_u32(a: uint32x4_t, b: uint32x4_t) -> uint32x4_t;
    fn vorrq_u64(a: uint64x2_t, b: uint64x2_t) -> uint64x2_t;
    fn vandq_u32(a: uint32x4_t, b: uint32x4_t) -> uint32x4_t;
    fn vaddq_u32(a: uint32x4_t, b: uint32x4_t) -> uint32x4_t;
    fn vsubq_u32(a: uint32x4_t, b: uint32x4_t) -> uint32x4_t;
    fn vmvnq_u32(a: uint32x4_t) -> uint32x4_t;
    fn vcltq_u32(a: uint32x4_t, b: uint32x4_t) -> uint32x4_t;
    fn vbslq_u32(a: uint32x4_t, b: uint32x4_t, c: uint32x4_t) -> uint32x4_t;
    fn vshlq_n_u32<const N: i32>(a: uint32x4_t) -> uint32x4_t;
    fn vshrq_n_u32<const N: i32>(a: uint32x4_t) -> uint32x4_t;
    fn vshlq_n_u64<const N: i32>(a: uint64x2_t) -> uint64x2_t;
    fn vshll_n_u16<const N: i32>(a: uint16x4_t) -> uint32x4_t;
    fn vshrn_n_u32<const N: i32>(a: uint32x4_t) -> uint16x4_t;
    fn vaddvq_u32(a: uint32x4_t) -> u32;
    fn vreinterpretq_u64_u32(a: uint32x4_t) -> uint64x2_t;
    fn vgetq_lane_u64<const LANE: i32>(a: uint64x2_t) -> u64;
    fn vmulq_n_u32(a: uint32x4_t, b: u32) -> uint32x4_t;
    fn vreinterpretq_u8_u32(a: uint32x4_t) -> uint8x16_t;
    fn vreinterpretq_u32_u8(a: uint8x16_t) -> uint32x4_t;
    fn vqtbl2q_u8(t: uint8x16x2_t, idx: uint8x16_t) -> uint8x16_t;
    fn vsetq_lane_u32<const LANE: i32>(a: u32, b: uint32x4_t) -> uint32x4_t;
    fn vcvt_f32_f16(a: float16x4_t) -> float32x4_t;
    fn vcvt_f16_f32(a: float32x4_t) -> float16x4_t;
    fn vreinterpret_f16_u16(a: uint16x4_t) -> float16x4_t;
    fn vreinterpret_u16_f16(a: float16x4_t) -> uint16x4_t;
});

/// The lane operations the intrinsics do not give directly.
impl Neon {
    // The mask reductions read the two 64-bit halves (`umov`): `umaxv` /
    // `uminv` gave wrong answers here under qemu-user 7.2 for one block of
    // registers (found by the golden hashes; not checked on hardware), so
    // they are not used.
    /// Whether every lane of the mask is set (each lane all ones or zero).
    #[inline(always)]
    fn all_u32(self, m: uint32x4_t) -> bool {
        self.all_u64(self.vreinterpretq_u64_u32(m))
    }
    /// Whether any lane of the mask is set.
    #[inline(always)]
    fn any_u32(self, m: uint32x4_t) -> bool {
        self.any_u64(self.vreinterpretq_u64_u32(m))
    }
    /// Whether every lane of the mask is set.
    #[inline(always)]
    fn all_u64(self, m: uint64x2_t) -> bool {
        (self.vgetq_lane_u64::<0>(m) & self.vgetq_lane_u64::<1>(m)) == u64::MAX
    }
    /// Whether any lane of the mask is set.
    #[inline(always)]
    fn any_u64(self, m: uint64x2_t) -> bool {
        (self.vgetq_lane_u64::<0>(m) | self.vgetq_lane_u64::<1>(m)) != 0
    }
    /// `table[k & 7]` per lane, by `tbl` on the table's bytes.
    #[inline(always)]
    fn lookup8_f32(self, k: float32x4_t, table: &[f32; 8]) -> float32x4_t {
        // SAFETY: `self` proves NEON; both loads read 4 f32 of the 8-entry
        // table.
        let t = unsafe {
            uint8x16x2_t(
                vreinterpretq_u8_f32(vld1q_f32(table.as_ptr())),
                vreinterpretq_u8_f32(vld1q_f32(table.as_ptr().add(4))),
            )
        };
        let i = self.vandq_u32(self.vreinterpretq_u32_f32(k), self.vdupq_n_u32(7));
        // Byte indices 4i, 4i + 1, 4i + 2, 4i + 3 (little-endian lanes).
        let bytes = self.vaddq_u32(
            self.vmulq_n_u32(i, 0x0404_0404),
            self.vdupq_n_u32(0x0302_0100),
        );
        let v = self.vqtbl2q_u8(t, self.vreinterpretq_u8_u32(bytes));
        self.vreinterpretq_f32_u32(self.vreinterpretq_u32_u8(v))
    }
    /// `a * b + c`, one rounding (`fmla`).
    #[inline(always)]
    fn mul_add_f32(self, a: float32x4_t, b: float32x4_t, c: float32x4_t) -> float32x4_t {
        self.vfmaq_f32(c, a, b)
    }
    /// `c - a * b`, one rounding (`fmls`).
    #[inline(always)]
    fn neg_mul_add_f32(self, a: float32x4_t, b: float32x4_t, c: float32x4_t) -> float32x4_t {
        self.vfmsq_f32(c, a, b)
    }
    /// `-|a|`: the sign bit set.
    #[inline(always)]
    fn neg_abs_f32(self, a: float32x4_t) -> float32x4_t {
        self.vreinterpretq_f32_u32(
            self.vorrq_u32(self.vreinterpretq_u32_f32(a), self.vdupq_n_u32(0x8000_0000)),
        )
    }
    /// `a < b ? a : b`, as x86's `minps` (not `fmin`, whose NaN and
    /// signed-zero rules differ).
    #[inline(always)]
    fn min_f32(self, a: float32x4_t, b: float32x4_t) -> float32x4_t {
        self.vbslq_f32(self.vcltq_f32(a, b), a, b)
    }
    /// `a > b ? a : b`, as x86's `maxps` (not `fmax`).
    #[inline(always)]
    fn max_f32(self, a: float32x4_t, b: float32x4_t) -> float32x4_t {
        self.vbslq_f32(self.vcgtq_f32(a, b), a, b)
    }
    /// The bits shifted left by the mantissa width (`2^(n + 64)` from
    /// `MAGIC + n`).
    #[inline(always)]
    fn pow2_bias_f32(self, a: float32x4_t) -> float32x4_t {
        self.vreinterpretq_f32_u32(self.vshlq_n_u32::<23>(self.vreinterpretq_u32_f32(a)))
    }
    /// `a * b + c`, one rounding (`fmla`).
    #[inline(always)]
    fn mul_add_f64(self, a: float64x2_t, b: float64x2_t, c: float64x2_t) -> float64x2_t {
        self.vfmaq_f64(c, a, b)
    }
    /// `c - a * b`, one rounding (`fmls`).
    #[inline(always)]
    fn neg_mul_add_f64(self, a: float64x2_t, b: float64x2_t, c: float64x2_t) -> float64x2_t {
        self.vfmsq_f64(c, a, b)
    }
    /// `-|a|`: the sign bit set.
    #[inline(always)]
    fn neg_abs_f64(self, a: float64x2_t) -> float64x2_t {
        self.vreinterpretq_f64_u64(self.vorrq_u64(
            self.vreinterpretq_u64_f64(a),
            self.vdupq_n_u64(0x8000_0000_0000_0000),
        ))
    }
    /// `a < b ? a : b`, as x86's `minpd`.
    #[inline(always)]
    fn min_f64(self, a: float64x2_t, b: float64x2_t) -> float64x2_t {
        self.vbslq_f64(self.vcltq_f64(a, b), a, b)
    }
    /// `a > b ? a : b`, as x86's `maxpd`.
    #[inline(always)]
    fn max_f64(self, a: float64x2_t, b: float64x2_t) -> float64x2_t {
        self.vbslq_f64(self.vcgtq_f64(a, b), a, b)
    }
    /// The bits shifted left by the mantissa width.
    #[inline(always)]
    fn pow2_bias_f64(self, a: float64x2_t) -> float64x2_t {
        self.vreinterpretq_f64_u64(self.vshlq_n_u64::<52>(self.vreinterpretq_u64_f64(a)))
    }
    /// bf16 -> f32: the bits shifted up by 16 (exact).
    #[inline(always)]
    fn bf16_widen(self, h: uint16x4_t) -> float32x4_t {
        self.vreinterpretq_f32_u32(self.vshll_n_u16::<16>(h))
    }
    /// f32 -> bf16, round to nearest even, NaN kept quiet.
    #[inline(always)]
    fn bf16_narrow(self, v: float32x4_t) -> uint16x4_t {
        let bits = self.vreinterpretq_u32_f32(v);
        let lsb = self.vandq_u32(self.vshrq_n_u32::<16>(bits), self.vdupq_n_u32(1));
        let rounded = self.vaddq_u32(bits, self.vaddq_u32(self.vdupq_n_u32(0x7fff), lsb));
        let quiet = self.vorrq_u32(bits, self.vdupq_n_u32(0x0040_0000));
        let nan = self.vmvnq_u32(self.vceqq_f32(v, v));
        self.vshrn_n_u32::<16>(self.vbslq_u32(nan, quiet, rounded))
    }
    /// f16 -> f32 (fcvtl, exact).
    #[inline(always)]
    fn f16_widen(self, h: uint16x4_t) -> float32x4_t {
        self.vcvt_f32_f16(self.vreinterpret_f16_u16(h))
    }
    /// f32 -> f16 (fcvtn, round to nearest even under the default FPCR).
    #[inline(always)]
    fn f16_narrow(self, v: float32x4_t) -> uint16x4_t {
        self.vreinterpret_u16_f16(self.vcvt_f16_f32(v))
    }
    /// [`near_half_way`](crate::half_path::near_half_way) on 4 lanes, as a
    /// bit mask.
    #[inline(always)]
    fn near_half_way(self, z: float32x4_t, half_way_less_margin: u32, low_bits: u32) -> u32 {
        let b = self.vsubq_u32(
            self.vreinterpretq_u32_f32(z),
            self.vdupq_n_u32(half_way_less_margin),
        );
        let b = self.vandq_u32(b, self.vdupq_n_u32(low_bits));
        let near = self.vcltq_u32(b, self.vdupq_n_u32(crate::half_path::NEAR_WIDTH));
        // One bit per lane: lane i's all-ones mask and 1 << i.
        let bit = self.vsetq_lane_u32::<0>(1, self.vdupq_n_u32(0));
        let bit = self.vsetq_lane_u32::<1>(2, bit);
        let bit = self.vsetq_lane_u32::<2>(4, bit);
        let bit = self.vsetq_lane_u32::<3>(8, bit);
        self.vaddvq_u32(self.vandq_u32(near, bit))
    }
}

/// 4 f32 lanes.
#[derive(Clone, Copy)]
pub struct F32x4 {
    v: float32x4_t,
    t: Neon,
}
/// 2 f64 lanes.
#[derive(Clone, Copy)]
pub struct F64x2 {
    v: float64x2_t,
    t: Neon,
}

simd_lanes!(F32x4, f32, uint32x4_t, fused: true, {
    splat: vdupq_n_f32, add: vaddq_f32, sub: vsubq_f32, mul: vmulq_f32, div: vdivq_f32,
    mul_add: mul_add_f32, neg_mul_add: neg_mul_add_f32, neg_abs: neg_abs_f32, min: min_f32,
    max: max_f32, lt: vcltq_f32, select: vbslq_f32, pow2_bias: pow2_bias_f32,
    all: all_u32, any: any_u32,
}, overrides {
    /// `tbl` over the table's 32 bytes: each lane's index `i` (the low 3
    /// bits) becomes the byte indices `4i .. 4i + 3`.
    #[inline(always)]
    fn lookup8(self, table: &[f32; 8]) -> F32x4 {
        F32x4 { v: self.t.lookup8_f32(self.v, table), t: self.t }
    }
});
simd_lanes!(F64x2, f64, uint64x2_t, fused: true, {
    splat: vdupq_n_f64, add: vaddq_f64, sub: vsubq_f64, mul: vmulq_f64, div: vdivq_f64,
    mul_add: mul_add_f64, neg_mul_add: neg_mul_add_f64, neg_abs: neg_abs_f64, min: min_f64,
    max: max_f64, lt: vcltq_f64, select: vbslq_f64, pow2_bias: pow2_bias_f64,
    all: all_u64, any: any_u64,
});

// Blocks of 4 registers, interleaved: llvm-mca estimates only (cycles per
// element for 2 / 4 / 8 registers): Neoverse V1 11.4 / 12.1 / 14.0, Apple
// A14 14.1 / 10.8 / 8.2, Neoverse N1 29.3 / 24.3 / 23.3.
float_vector!(F32x4, f32, Neon, lanes: 4, block: 4, features: "neon", {
    load: vld1q_f32, store: vst1q_f32, load_partial: buffered_load,
    store_partial: buffered_store,
});
float_vector!(F64x2, f64, Neon, lanes: 2, block: 4, features: "neon", {
    load: vld1q_f64, store: vst1q_f64, load_partial: buffered_load,
    store_partial: buffered_store,
});

/// 4 f16.
#[derive(Clone, Copy)]
pub struct F16x4 {
    v: uint16x4_t,
    t: Neon,
}
/// 4 bf16.
#[derive(Clone, Copy)]
pub struct Bf16x4 {
    v: uint16x4_t,
    t: Neon,
}

half_vector!(F16x4, f16, Neon, F32x4, lanes: 4, block: 4, features: "neon", {
    widen: f16_widen, narrow: f16_narrow, narrow_any: f16_narrow, near: near_half_way,
    f32_token: identity, load: vld1_u16, store: vst1_u16,
    load_partial: buffered_load, store_partial: buffered_store,
});
half_vector!(Bf16x4, bf16, Neon, F32x4, lanes: 4, block: 4, features: "neon", {
    widen: bf16_widen, narrow: bf16_narrow, narrow_any: bf16_narrow, near: near_half_way,
    f32_token: identity, load: vld1_u16, store: vst1_u16,
    load_partial: buffered_load, store_partial: buffered_store,
});
