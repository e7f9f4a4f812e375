//! AVX2 + FMA + F16C (x86-64-v3): 8 f32 or 4 f64 lanes per register.
//!
//! The algorithm of [`crate::math`] on `__m256` / `__m256d`: XNNPACK's words
//! for it are rr1 (exact FMA reduction), p5 (f32) / p9 (f64) exp as a double
//! word, atanh-p4 (f32) / p10 (f64) log1p with one `vdivps`, Fast2Sum
//! compensation, `2^n` from the magic-bias bits. The half types: rr2, p6 exp
//! and atanh-p3 in single words ([`crate::math::half`]) and the half-way
//! test of [`crate::half_path`]; f16 through `vcvtph2ps` /
//! `vcvtps2ph`, bf16 through 16-bit shifts and integer round-to-nearest-even.
//! Bit-identical to the portable kernel: f32 max error 0.778 ULP over all
//! 2^32 inputs (0.70 for normal results), f64 0.65 ULP, f16 and bf16
//! correctly rounded.
//!
//! The lane types are only constructed inside functions compiled with
//! `avx2,fma,f16c`, which are only called after the CPU was checked (an
//! [`Avx2`](super::Avx2) token); that is the invariant every `unsafe` block
//! here relies on.

use core::arch::x86_64::*;

use crate::driver::{buffered_load, buffered_store, simd_floats, slice_kernels};
use crate::half_path::simd_halves;
use crate::lanes::simd_lanes;
use half::{bf16, f16};

/// 8 f32 lanes.
#[derive(Clone, Copy)]
pub(crate) struct F32x8(__m256);
/// 4 f64 lanes.
#[derive(Clone, Copy)]
pub(crate) struct F64x4(__m256d);

/// `a < b` (ordered, quiet), as a vector mask.
///
/// # Safety
/// The CPU must have AVX2, FMA and F16C (the module invariant).
#[inline(always)]
unsafe fn lt_ps(a: __m256, b: __m256) -> __m256 {
    // SAFETY: the caller is compiled with AVX (module docs).
    unsafe { _mm256_cmp_ps::<_CMP_LT_OQ>(a, b) }
}

/// # Safety
/// The CPU must have AVX2, FMA and F16C (the module invariant).
#[inline(always)]
unsafe fn lt_pd(a: __m256d, b: __m256d) -> __m256d {
    // SAFETY: the caller is compiled with AVX (module docs).
    unsafe { _mm256_cmp_pd::<_CMP_LT_OQ>(a, b) }
}

/// `m ? a : b`, lane by lane.
///
/// # Safety
/// The CPU must have AVX2, FMA and F16C (the module invariant).
#[inline(always)]
unsafe fn select_ps(m: __m256, a: __m256, b: __m256) -> __m256 {
    // SAFETY: the caller is compiled with AVX (module docs).
    unsafe { _mm256_blendv_ps(b, a, m) }
}

/// # Safety
/// The CPU must have AVX2, FMA and F16C (the module invariant).
#[inline(always)]
unsafe fn select_pd(m: __m256d, a: __m256d, b: __m256d) -> __m256d {
    // SAFETY: the caller is compiled with AVX (module docs).
    unsafe { _mm256_blendv_pd(b, a, m) }
}

/// `-|a|`: the sign bit set.
///
/// # Safety
/// The CPU must have the module's features (the module invariant).
#[inline(always)]
unsafe fn neg_abs_ps(a: __m256) -> __m256 {
    // SAFETY: the caller is compiled with the module's features.
    unsafe { _mm256_or_ps(a, _mm256_set1_ps(-0.0)) }
}

/// `-|a|`: the sign bit set.
///
/// # Safety
/// The CPU must have the module's features (the module invariant).
#[inline(always)]
unsafe fn neg_abs_pd(a: __m256d) -> __m256d {
    // SAFETY: the caller is compiled with the module's features.
    unsafe { _mm256_or_pd(a, _mm256_set1_pd(-0.0)) }
}

/// The bits shifted left by the mantissa width (`2^(n + 64)` from
/// `MAGIC + n`).
///
/// # Safety
/// The CPU must have the module's features (the module invariant).
#[inline(always)]
unsafe fn pow2_bias_ps(a: __m256) -> __m256 {
    // SAFETY: the caller is compiled with the module's features.
    unsafe { _mm256_castsi256_ps(_mm256_slli_epi32::<23>(_mm256_castps_si256(a))) }
}

/// The bits shifted left by the mantissa width.
///
/// # Safety
/// The CPU must have the module's features (the module invariant).
#[inline(always)]
unsafe fn pow2_bias_pd(a: __m256d) -> __m256d {
    // SAFETY: the caller is compiled with the module's features.
    unsafe { _mm256_castsi256_pd(_mm256_slli_epi64::<52>(_mm256_castpd_si256(a))) }
}

simd_lanes!(F32x8, f32, __m256, {
    splat: _mm256_set1_ps, add: _mm256_add_ps, sub: _mm256_sub_ps, mul: _mm256_mul_ps,
    div: _mm256_div_ps, mul_add: _mm256_fmadd_ps, neg_mul_add: _mm256_fnmadd_ps,
    neg_abs: neg_abs_ps, min: _mm256_min_ps, max: _mm256_max_ps, lt: lt_ps, select: select_ps,
    pow2_bias: pow2_bias_ps,
});
simd_lanes!(F64x4, f64, __m256d, {
    splat: _mm256_set1_pd, add: _mm256_add_pd, sub: _mm256_sub_pd, mul: _mm256_mul_pd,
    div: _mm256_div_pd, mul_add: _mm256_fmadd_pd, neg_mul_add: _mm256_fnmadd_pd,
    neg_abs: neg_abs_pd, min: _mm256_min_pd, max: _mm256_max_pd, lt: lt_pd, select: select_pd,
    pow2_bias: pow2_bias_pd,
});

/// A mask of the first `n` of `lanes` lanes (sign bits set), for maskload.
#[inline(always)]
fn tail_mask32(n: usize) -> __m256i {
    // SAFETY: see the module docs (AVX2 present); no memory access.
    unsafe {
        let idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        _mm256_cmpgt_epi32(_mm256_set1_epi32(n as i32), idx)
    }
}

#[inline(always)]
fn tail_mask64(n: usize) -> __m256i {
    // SAFETY: see the module docs (AVX2 present); no memory access.
    unsafe {
        let idx = _mm256_setr_epi64x(0, 1, 2, 3);
        _mm256_cmpgt_epi64(_mm256_set1_epi64x(n as i64), idx)
    }
}

/// f32 slices.
pub(crate) struct Avx2F32;
/// f64 slices.
pub(crate) struct Avx2F64;
/// f16 slices.
pub(crate) struct Avx2F16;
/// bf16 slices.
pub(crate) struct Avx2Bf16;

/// The first `n < 8` f32, by `vmaskmovps` (masked lanes do not fault).
///
/// # Safety
/// `p` is valid for reading `n` f32; the CPU has AVX2 (module invariant).
#[inline(always)]
unsafe fn load_partial_ps(p: *const f32, n: usize) -> __m256 {
    // SAFETY: the caller's contract; only the n selected lanes are read.
    unsafe { _mm256_maskload_ps(p, tail_mask32(n)) }
}

/// The first `n < 8` lanes to `p`, by `vmaskmovps`.
///
/// # Safety
/// `p` is valid for writing `n` f32; the CPU has AVX2 (module invariant).
#[inline(always)]
unsafe fn store_partial_ps(p: *mut f32, n: usize, v: __m256) {
    // SAFETY: the caller's contract; only the n selected lanes are written.
    unsafe { _mm256_maskstore_ps(p, tail_mask32(n), v) }
}

/// The first `n < 4` f64, by `vmaskmovpd`.
///
/// # Safety
/// `p` is valid for reading `n` f64; the CPU has AVX2 (module invariant).
#[inline(always)]
unsafe fn load_partial_pd(p: *const f64, n: usize) -> __m256d {
    // SAFETY: the caller's contract; only the n selected lanes are read.
    unsafe { _mm256_maskload_pd(p, tail_mask64(n)) }
}

/// The first `n < 4` lanes to `p`, by `vmaskmovpd`.
///
/// # Safety
/// `p` is valid for writing `n` f64; the CPU has AVX2 (module invariant).
#[inline(always)]
unsafe fn store_partial_pd(p: *mut f64, n: usize, v: __m256d) {
    // SAFETY: the caller's contract; only the n selected lanes are written.
    unsafe { _mm256_maskstore_pd(p, tail_mask64(n), v) }
}

simd_floats!(Avx2F32, f32, F32x8, 8, {
    load: _mm256_loadu_ps, store: _mm256_storeu_ps, load_partial: load_partial_ps,
    store_partial: store_partial_ps,
});
simd_floats!(Avx2F64, f64, F64x4, 4, {
    load: _mm256_loadu_pd, store: _mm256_storeu_pd, load_partial: load_partial_pd,
    store_partial: store_partial_pd,
});

/// 8 halves in the low 128 bits: the f16/bf16 register.
#[derive(Clone, Copy)]
pub(crate) struct H16x8(__m128i);

/// bf16 -> f32: the bits shifted up by 16 (exact).
///
/// # Safety
/// The CPU must have AVX2, FMA and F16C (the module invariant).
#[inline(always)]
unsafe fn bf16_widen(h: __m128i) -> __m256 {
    // SAFETY: the caller is compiled with AVX2 (module docs).
    unsafe { _mm256_castsi256_ps(_mm256_slli_epi32::<16>(_mm256_cvtepu16_epi32(h))) }
}

/// f32 -> bf16, round to nearest even, NaN kept quiet.
///
/// # Safety
/// The CPU must have AVX2, FMA and F16C (the module invariant).
#[inline(always)]
unsafe fn bf16_narrow(v: __m256) -> __m128i {
    // SAFETY: the caller is compiled with AVX2 (module docs).
    unsafe {
        let bits = _mm256_castps_si256(v);
        let lsb = _mm256_and_si256(_mm256_srli_epi32::<16>(bits), _mm256_set1_epi32(1));
        let rounded = _mm256_srli_epi32::<16>(_mm256_add_epi32(
            bits,
            _mm256_add_epi32(_mm256_set1_epi32(0x7fff), lsb),
        ));
        let quiet = _mm256_or_si256(_mm256_srli_epi32::<16>(bits), _mm256_set1_epi32(0x40));
        let nan = _mm256_castps_si256(_mm256_cmp_ps::<_CMP_UNORD_Q>(v, v));
        let r = _mm256_blendv_epi8(rounded, quiet, nan);
        // Pack the 8 u32 (all <= 0xffff) to u16, fixing packus' lane order.
        let packed = _mm256_packus_epi32(r, r);
        _mm256_castsi256_si128(_mm256_permute4x64_epi64::<0b1000>(packed))
    }
}

/// f16 -> f32 (vcvtph2ps, exact).
///
/// # Safety
/// The CPU must have AVX2, FMA and F16C (the module invariant).
#[inline(always)]
unsafe fn f16_widen(h: __m128i) -> __m256 {
    // SAFETY: the caller is compiled with F16C (module docs).
    unsafe { _mm256_cvtph_ps(h) }
}

/// f32 -> f16 (vcvtps2ph, round to nearest even).
///
/// # Safety
/// The CPU must have AVX2, FMA and F16C (the module invariant).
#[inline(always)]
unsafe fn f16_narrow(v: __m256) -> __m128i {
    // SAFETY: the caller is compiled with F16C (module docs).
    unsafe { _mm256_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(v) }
}

/// 8 u16 from `p` (unaligned).
///
/// # Safety
/// `p` is valid for reading 8 u16; the CPU has AVX2 (module invariant).
#[inline(always)]
unsafe fn load_u16x8(p: *const u16) -> __m128i {
    // SAFETY: the caller's contract.
    unsafe { _mm_loadu_si128(p.cast()) }
}

/// 8 u16 to `p` (unaligned).
///
/// # Safety
/// `p` is valid for writing 8 u16; the CPU has AVX2 (module invariant).
#[inline(always)]
unsafe fn store_u16x8(p: *mut u16, v: __m128i) {
    // SAFETY: the caller's contract.
    unsafe { _mm_storeu_si128(p.cast(), v) }
}

/// The first `n < 8` u16 (no 16-bit masked load on AVX2: a buffer).
///
/// # Safety
/// `p` is valid for reading `n` u16; the CPU has AVX2 (module invariant).
#[inline(always)]
unsafe fn load_partial_u16x8(p: *const u16, n: usize) -> __m128i {
    // SAFETY: the caller's contract; `load_u16x8` reads 8 of the 16.
    unsafe { buffered_load(p, n, load_u16x8) }
}

/// The first `n < 8` lanes to `p`, through a buffer.
///
/// # Safety
/// `p` is valid for writing `n` u16; the CPU has AVX2 (module invariant).
#[inline(always)]
unsafe fn store_partial_u16x8(p: *mut u16, n: usize, v: __m128i) {
    // SAFETY: the caller's contract; `store_u16x8` writes 8 of the 16.
    unsafe { buffered_store(p, n, v, store_u16x8) }
}

/// [`near_half_way`](crate::half_path::near_half_way) on 8 lanes, as a bit
/// mask.
///
/// # Safety
/// The CPU must have AVX2 (the module invariant).
#[inline(always)]
unsafe fn near_half_way(z: __m256, half_way_less_2: u32, low_bits: u32) -> u32 {
    // SAFETY: the caller is compiled with AVX2.
    unsafe {
        let b = _mm256_sub_epi32(
            _mm256_castps_si256(z),
            _mm256_set1_epi32(half_way_less_2 as i32),
        );
        let b = _mm256_and_si256(b, _mm256_set1_epi32(low_bits as i32));
        // b is in [0, 0xffff]: a signed compare is an unsigned one.
        let near = _mm256_cmpgt_epi32(_mm256_set1_epi32(5), b);
        _mm256_movemask_ps(_mm256_castsi256_ps(near)) as u32
    }
}

simd_halves!(Avx2F16, f16, "avx2,fma,f16c", H16x8, F32x8, 8, {
    widen: f16_widen, narrow: f16_narrow, narrow_any: f16_narrow, near: near_half_way,
    load: load_u16x8, store: store_u16x8, load_partial: load_partial_u16x8,
    store_partial: store_partial_u16x8,
});
simd_halves!(Avx2Bf16, bf16, "avx2,fma,f16c", H16x8, F32x8, 8, {
    widen: bf16_widen, narrow: bf16_narrow, narrow_any: bf16_narrow, near: near_half_way,
    load: load_u16x8, store: store_u16x8, load_partial: load_partial_u16x8,
    store_partial: store_partial_u16x8,
});

slice_kernels!("avx2,fma,f16c", Avx2F32, f32, forward_f32, backward_f32);
slice_kernels!("avx2,fma,f16c", Avx2F64, f64, forward_f64, backward_f64);
slice_kernels!("avx2,fma,f16c", Avx2F16, f16, forward_f16, backward_f16);
slice_kernels!("avx2,fma,f16c", Avx2Bf16, bf16, forward_bf16, backward_bf16);
