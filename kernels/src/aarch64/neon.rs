//! Advanced SIMD (NEON): 4 f32 or 2 f64 lanes per register.
//!
//! The algorithm of [`crate::math`] on `float32x4_t` / `float64x2_t`, in
//! XNNPACK's words: rr1 (exact FMA reduction), p5 (f32) / p9 (f64) exp as a
//! double word, atanh-p4 (f32) / p10 (f64) log1p with one `fdiv`, Fast2Sum
//! compensation, `2^n` from the magic-bias bits; `fmin`/`fmax` are not used
//! (their NaN and signed-zero rules differ from x86's): compares and `bsl`
//! instead. The half types: rr2, p6 exp and atanh-p3 in single words
//! ([`crate::math::half`]) and the half-way test of [`crate::half_path`];
//! f16 through `fcvtl` / `fcvtn`, bf16 through 16-bit shifts and
//! integer round-to-nearest-even. Tails through a stack buffer.
//! Bit-identical to the portable and x86 kernels (tested under qemu): f32
//! max error 0.778 ULP, f64 0.65 ULP, f16 and bf16 correctly rounded.
//!
//! The lane types are only constructed inside functions compiled with
//! `neon`, which are only called after the CPU was checked (a
//! [`Neon`](super::Neon) token); that is the invariant every `unsafe` block
//! here relies on.

use core::arch::aarch64::*;

use crate::driver::{buffered_load, buffered_store, simd_floats, slice_kernels};
use crate::half_path::simd_halves;
use crate::lanes::simd_lanes;
use half::{bf16, f16};

/// 4 f32 lanes.
#[derive(Clone, Copy)]
pub(crate) struct F32x4(float32x4_t);
/// 2 f64 lanes.
#[derive(Clone, Copy)]
pub(crate) struct F64x2(float64x2_t);

/// `a * b + c`, one rounding (`fmla`).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn mul_add_f32(a: float32x4_t, b: float32x4_t, c: float32x4_t) -> float32x4_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vfmaq_f32(c, a, b) }
}

/// `c - a * b`, one rounding (`fmls`).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn neg_mul_add_f32(a: float32x4_t, b: float32x4_t, c: float32x4_t) -> float32x4_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vfmsq_f32(c, a, b) }
}

/// `-|a|`: the sign bit set.
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn neg_abs_f32(a: float32x4_t) -> float32x4_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe {
        vreinterpretq_f32_u32(vorrq_u32(
            vreinterpretq_u32_f32(a),
            vdupq_n_u32(0x8000_0000),
        ))
    }
}

/// `a < b ? a : b`, as x86's `minps` (not `fmin`, whose NaN and signed-zero
/// rules differ).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn min_f32(a: float32x4_t, b: float32x4_t) -> float32x4_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vbslq_f32(vcltq_f32(a, b), a, b) }
}

/// `a > b ? a : b`, as x86's `maxps` (not `fmax`).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn max_f32(a: float32x4_t, b: float32x4_t) -> float32x4_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vbslq_f32(vcgtq_f32(a, b), a, b) }
}

/// `m ? a : b`, lane by lane.
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn select_f32(m: uint32x4_t, a: float32x4_t, b: float32x4_t) -> float32x4_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vbslq_f32(m, a, b) }
}

/// The bits shifted left by the mantissa width (`2^(n + 64)` from
/// `MAGIC + n`).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn pow2_bias_f32(a: float32x4_t) -> float32x4_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vreinterpretq_f32_u32(vshlq_n_u32::<23>(vreinterpretq_u32_f32(a))) }
}

/// `a * b + c`, one rounding (`fmla`).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn mul_add_f64(a: float64x2_t, b: float64x2_t, c: float64x2_t) -> float64x2_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vfmaq_f64(c, a, b) }
}

/// `c - a * b`, one rounding (`fmls`).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn neg_mul_add_f64(a: float64x2_t, b: float64x2_t, c: float64x2_t) -> float64x2_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vfmsq_f64(c, a, b) }
}

/// `-|a|`: the sign bit set.
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn neg_abs_f64(a: float64x2_t) -> float64x2_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe {
        vreinterpretq_f64_u64(vorrq_u64(
            vreinterpretq_u64_f64(a),
            vdupq_n_u64(0x8000_0000_0000_0000),
        ))
    }
}

/// `a < b ? a : b`, as x86's `minps` (not `fmin`, whose NaN and signed-zero
/// rules differ).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn min_f64(a: float64x2_t, b: float64x2_t) -> float64x2_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vbslq_f64(vcltq_f64(a, b), a, b) }
}

/// `a > b ? a : b`, as x86's `maxps` (not `fmax`).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn max_f64(a: float64x2_t, b: float64x2_t) -> float64x2_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vbslq_f64(vcgtq_f64(a, b), a, b) }
}

/// `m ? a : b`, lane by lane.
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn select_f64(m: uint64x2_t, a: float64x2_t, b: float64x2_t) -> float64x2_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vbslq_f64(m, a, b) }
}

/// The bits shifted left by the mantissa width (`2^(n + 64)` from
/// `MAGIC + n`).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn pow2_bias_f64(a: float64x2_t) -> float64x2_t {
    // SAFETY: the caller is compiled with NEON.
    unsafe { vreinterpretq_f64_u64(vshlq_n_u64::<52>(vreinterpretq_u64_f64(a))) }
}

simd_lanes!(F32x4, f32, uint32x4_t, {
    splat: vdupq_n_f32, add: vaddq_f32, sub: vsubq_f32, mul: vmulq_f32, div: vdivq_f32,
    mul_add: mul_add_f32, neg_mul_add: neg_mul_add_f32, neg_abs: neg_abs_f32, min: min_f32,
    max: max_f32, lt: vcltq_f32, select: select_f32, pow2_bias: pow2_bias_f32,
});
simd_lanes!(F64x2, f64, uint64x2_t, {
    splat: vdupq_n_f64, add: vaddq_f64, sub: vsubq_f64, mul: vmulq_f64, div: vdivq_f64,
    mul_add: mul_add_f64, neg_mul_add: neg_mul_add_f64, neg_abs: neg_abs_f64, min: min_f64,
    max: max_f64, lt: vcltq_f64, select: select_f64, pow2_bias: pow2_bias_f64,
});

/// f32 slices.
pub(crate) struct NeonF32;
/// f64 slices.
pub(crate) struct NeonF64;
/// f16 slices.
pub(crate) struct NeonF16;
/// bf16 slices.
pub(crate) struct NeonBf16;

/// The first `n < 4` f32, through a buffer (NEON has no masked loads).
///
/// # Safety
/// `p` is valid for reading `n` f32; the CPU has NEON (module invariant).
#[inline(always)]
unsafe fn load_partial_f32(p: *const f32, n: usize) -> float32x4_t {
    // SAFETY: the caller's contract; `vld1q_f32` reads 4 of the 16.
    unsafe { buffered_load(p, n, vld1q_f32) }
}

/// The first `n < 4` lanes to `p`, through a buffer.
///
/// # Safety
/// `p` is valid for writing `n` f32; the CPU has NEON (module invariant).
#[inline(always)]
unsafe fn store_partial_f32(p: *mut f32, n: usize, v: float32x4_t) {
    // SAFETY: the caller's contract; `vst1q_f32` writes 4 of the 16.
    unsafe { buffered_store(p, n, v, vst1q_f32) }
}

/// The first `n < 2` f64, through a buffer.
///
/// # Safety
/// `p` is valid for reading `n` f64; the CPU has NEON (module invariant).
#[inline(always)]
unsafe fn load_partial_f64(p: *const f64, n: usize) -> float64x2_t {
    // SAFETY: the caller's contract; `vld1q_f64` reads 2 of the 16.
    unsafe { buffered_load(p, n, vld1q_f64) }
}

/// The first `n < 2` lanes to `p`, through a buffer.
///
/// # Safety
/// `p` is valid for writing `n` f64; the CPU has NEON (module invariant).
#[inline(always)]
unsafe fn store_partial_f64(p: *mut f64, n: usize, v: float64x2_t) {
    // SAFETY: the caller's contract; `vst1q_f64` writes 2 of the 16.
    unsafe { buffered_store(p, n, v, vst1q_f64) }
}

simd_floats!(NeonF32, f32, F32x4, 4, {
    load: vld1q_f32, store: vst1q_f32, load_partial: load_partial_f32,
    store_partial: store_partial_f32,
});
simd_floats!(NeonF64, f64, F64x2, 2, {
    load: vld1q_f64, store: vst1q_f64, load_partial: load_partial_f64,
    store_partial: store_partial_f64,
});

/// 4 halves: the f16/bf16 register.
#[derive(Clone, Copy)]
pub(crate) struct H16x4(uint16x4_t);

/// bf16 -> f32: the bits shifted up by 16 (exact).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn bf16_widen(h: uint16x4_t) -> float32x4_t {
    // SAFETY: the caller is compiled with NEON (module docs).
    unsafe { vreinterpretq_f32_u32(vshll_n_u16::<16>(h)) }
}

/// f32 -> bf16, round to nearest even, NaN kept quiet.
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn bf16_narrow(v: float32x4_t) -> uint16x4_t {
    // SAFETY: the caller is compiled with NEON (module docs).
    unsafe {
        let bits = vreinterpretq_u32_f32(v);
        let lsb = vandq_u32(vshrq_n_u32::<16>(bits), vdupq_n_u32(1));
        let rounded = vaddq_u32(bits, vaddq_u32(vdupq_n_u32(0x7fff), lsb));
        let quiet = vorrq_u32(bits, vdupq_n_u32(0x0040_0000));
        let nan = vmvnq_u32(vceqq_f32(v, v));
        vshrn_n_u32::<16>(vbslq_u32(nan, quiet, rounded))
    }
}

/// f16 -> f32 (fcvtl, exact).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn f16_widen(h: uint16x4_t) -> float32x4_t {
    // SAFETY: the caller is compiled with NEON (module docs).
    unsafe { vcvt_f32_f16(vreinterpret_f16_u16(h)) }
}

/// f32 -> f16 (fcvtn, round to nearest even under the default FPCR).
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn f16_narrow(v: float32x4_t) -> uint16x4_t {
    // SAFETY: the caller is compiled with NEON (module docs).
    unsafe { vreinterpret_u16_f16(vcvt_f16_f32(v)) }
}

/// 4 u16 from `p`.
///
/// # Safety
/// `p` is valid for reading 4 u16; the CPU has NEON (module invariant).
#[inline(always)]
unsafe fn load_u16x4(p: *const u16) -> uint16x4_t {
    // SAFETY: the caller's contract.
    unsafe { vld1_u16(p) }
}

/// 4 u16 to `p`.
///
/// # Safety
/// `p` is valid for writing 4 u16; the CPU has NEON (module invariant).
#[inline(always)]
unsafe fn store_u16x4(p: *mut u16, v: uint16x4_t) {
    // SAFETY: the caller's contract.
    unsafe { vst1_u16(p, v) }
}

/// The first `n < 4` u16, through a buffer.
///
/// # Safety
/// `p` is valid for reading `n` u16; the CPU has NEON (module invariant).
#[inline(always)]
unsafe fn load_partial_u16x4(p: *const u16, n: usize) -> uint16x4_t {
    // SAFETY: the caller's contract; `load_u16x4` reads 4 of the 16.
    unsafe { buffered_load(p, n, load_u16x4) }
}

/// The first `n < 4` lanes to `p`, through a buffer.
///
/// # Safety
/// `p` is valid for writing `n` u16; the CPU has NEON (module invariant).
#[inline(always)]
unsafe fn store_partial_u16x4(p: *mut u16, n: usize, v: uint16x4_t) {
    // SAFETY: the caller's contract; `store_u16x4` writes 4 of the 16.
    unsafe { buffered_store(p, n, v, store_u16x4) }
}

/// [`near_half_way`](crate::half_path::near_half_way) on 4 lanes, as a bit
/// mask.
///
/// # Safety
/// The CPU must have NEON (the module invariant).
#[inline(always)]
unsafe fn near_half_way(z: float32x4_t, half_way_less_2: u32, low_bits: u32) -> u32 {
    // SAFETY: the caller is compiled with NEON.
    unsafe {
        let b = vsubq_u32(vreinterpretq_u32_f32(z), vdupq_n_u32(half_way_less_2));
        let b = vandq_u32(b, vdupq_n_u32(low_bits));
        let near = vcltq_u32(b, vdupq_n_u32(5));
        // One bit per lane: lane i's all-ones mask and 1 << i.
        let bit = vld1q_u32([1u32, 2, 4, 8].as_ptr());
        vaddvq_u32(vandq_u32(near, bit))
    }
}

simd_halves!(NeonF16, f16, "neon", H16x4, F32x4, 4, {
    widen: f16_widen, narrow: f16_narrow, narrow_any: f16_narrow, near: near_half_way,
    load: load_u16x4, store: store_u16x4, load_partial: load_partial_u16x4,
    store_partial: store_partial_u16x4,
});
simd_halves!(NeonBf16, bf16, "neon", H16x4, F32x4, 4, {
    widen: bf16_widen, narrow: bf16_narrow, narrow_any: bf16_narrow, near: near_half_way,
    load: load_u16x4, store: store_u16x4, load_partial: load_partial_u16x4,
    store_partial: store_partial_u16x4,
});

slice_kernels!("neon", NeonF32, f32, forward_f32, backward_f32);
slice_kernels!("neon", NeonF64, f64, forward_f64, backward_f64);
slice_kernels!("neon", NeonF16, f16, forward_f16, backward_f16);
slice_kernels!("neon", NeonBf16, bf16, forward_bf16, backward_bf16);
