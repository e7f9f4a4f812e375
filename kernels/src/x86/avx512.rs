//! AVX-512 F/BW/DQ/VL: 16 f32 or 8 f64 lanes per register, mask registers
//! for selects and for the tails.
//!
//! The algorithm of [`crate::math`] on `__m512` / `__m512d`, in XNNPACK's
//! words: rr1 (exact FMA reduction), p5 (f32) / p9 (f64) exp as a double
//! word, atanh-p4 (f32) / p10 (f64) log1p with one `vdivps`, Fast2Sum
//! compensation, the forward's products by `2^n` by `vscalefps` (one
//! rounding, as the other ISAs' exact product then `2^-64`; 4% faster in f32,
//! 2% in f64). The half types: rr2, p6 exp and atanh-p3 in single words ([`crate::math::half`]) and the half-way
//! test of [`crate::half_path`]; f16 through the 512-bit
//! `vcvtph2ps` / `vcvtps2ph`, bf16 through 16-bit shifts and integer
//! round-to-nearest-even. Tails with masked loads and stores. Bit-identical
//! to the portable kernel: f32 max error 0.778 ULP over all 2^32 inputs
//! (0.70 for normal results), f64 0.65 ULP, f16 and bf16 correctly rounded.
//!
//! The lane types are only constructed inside functions compiled with the
//! AVX-512 features, which are only called after the CPU was checked (an
//! [`Avx512`](super::Avx512) token); that is the invariant every `unsafe`
//! block here relies on.

use core::arch::x86_64::*;

use crate::driver::{simd_floats, slice_kernels};
use crate::half_path::simd_halves;
use crate::lanes::simd_lanes;
use half::{bf16, f16};

/// 16 f32 lanes.
#[derive(Clone, Copy)]
pub(crate) struct F32x16(__m512);
/// 8 f64 lanes.
#[derive(Clone, Copy)]
pub(crate) struct F64x8(__m512d);

/// `a < b` (ordered, quiet), as a mask register.
///
/// # Safety
/// The CPU must have AVX-512 F/BW/DQ/VL (the module invariant).
#[inline(always)]
unsafe fn lt_ps(a: __m512, b: __m512) -> __mmask16 {
    // SAFETY: the caller is compiled with AVX-512F (module docs).
    unsafe { _mm512_cmp_ps_mask::<_CMP_LT_OQ>(a, b) }
}

/// # Safety
/// The CPU must have AVX-512 F/BW/DQ/VL (the module invariant).
#[inline(always)]
unsafe fn lt_pd(a: __m512d, b: __m512d) -> __mmask8 {
    // SAFETY: the caller is compiled with AVX-512F (module docs).
    unsafe { _mm512_cmp_pd_mask::<_CMP_LT_OQ>(a, b) }
}

/// `m ? a : b`, lane by lane.
///
/// # Safety
/// The CPU must have AVX-512 F/BW/DQ/VL (the module invariant).
#[inline(always)]
unsafe fn select_ps(m: __mmask16, a: __m512, b: __m512) -> __m512 {
    // SAFETY: the caller is compiled with AVX-512F (module docs).
    unsafe { _mm512_mask_blend_ps(m, b, a) }
}

/// # Safety
/// The CPU must have AVX-512 F/BW/DQ/VL (the module invariant).
#[inline(always)]
unsafe fn select_pd(m: __mmask8, a: __m512d, b: __m512d) -> __m512d {
    // SAFETY: the caller is compiled with AVX-512F (module docs).
    unsafe { _mm512_mask_blend_pd(m, b, a) }
}

/// `-|a|`: the sign bit set.
///
/// # Safety
/// The CPU must have the module's features (the module invariant).
#[inline(always)]
unsafe fn neg_abs_ps(a: __m512) -> __m512 {
    // SAFETY: the caller is compiled with the module's features.
    unsafe { _mm512_or_ps(a, _mm512_set1_ps(-0.0)) }
}

/// `-|a|`: the sign bit set.
///
/// # Safety
/// The CPU must have the module's features (the module invariant).
#[inline(always)]
unsafe fn neg_abs_pd(a: __m512d) -> __m512d {
    // SAFETY: the caller is compiled with the module's features.
    unsafe { _mm512_or_pd(a, _mm512_set1_pd(-0.0)) }
}

/// The bits shifted left by the mantissa width (`2^(n + 64)` from
/// `MAGIC + n`).
///
/// # Safety
/// The CPU must have the module's features (the module invariant).
#[inline(always)]
unsafe fn pow2_bias_ps(a: __m512) -> __m512 {
    // SAFETY: the caller is compiled with the module's features.
    unsafe { _mm512_castsi512_ps(_mm512_slli_epi32::<23>(_mm512_castps_si512(a))) }
}

/// The bits shifted left by the mantissa width.
///
/// # Safety
/// The CPU must have the module's features (the module invariant).
#[inline(always)]
unsafe fn pow2_bias_pd(a: __m512d) -> __m512d {
    // SAFETY: the caller is compiled with the module's features.
    unsafe { _mm512_castsi512_pd(_mm512_slli_epi64::<52>(_mm512_castpd_si512(a))) }
}

/// The composite operations of [`Lanes`](crate::lanes::Lanes) in one
/// instruction each: `vscalefp*` (`a 2^floor(n)`, rounded once, subnormals
/// included) for the products by `2^n`, and a masked `vscalefp*` for
/// `mul_pow2_or`. (`vrangep*` would do `max(z_min, -|x|)` in one instruction, but
/// it returns the other operand for a quiet NaN, as IEEE `minNum` does.)
macro_rules! avx512_overrides {
    ($ty:ident, $scalef:ident, $mask_scalef:ident, $mask:ty) => {
        #[inline(always)]
        fn scale_pow2(self, n: Self, _scale_up: Self) -> Self {
            // SAFETY: the lane types exist only under AVX-512 (module docs).
            $ty(unsafe { $scalef(self.0, n.0) })
        }
        #[inline(always)]
        fn mul_pow2(self, n: Self, _pow2_n: Self) -> Self {
            // SAFETY: as in `scale_pow2`.
            $ty(unsafe { $scalef(self.0, n.0) })
        }
        #[inline(always)]
        fn mul_pow2_or(self, n: Self, _pow2_n: Self, m: $mask, other: Self) -> Self {
            // SAFETY: as in `scale_pow2`.
            $ty(unsafe { $mask_scalef(other.0, m, self.0, n.0) })
        }
    };
}

simd_lanes!(F32x16, f32, __mmask16, {
    splat: _mm512_set1_ps, add: _mm512_add_ps, sub: _mm512_sub_ps, mul: _mm512_mul_ps,
    div: _mm512_div_ps, mul_add: _mm512_fmadd_ps, neg_mul_add: _mm512_fnmadd_ps,
    neg_abs: neg_abs_ps, min: _mm512_min_ps, max: _mm512_max_ps, lt: lt_ps, select: select_ps,
    pow2_bias: pow2_bias_ps,
}, overrides {
    avx512_overrides!(F32x16, _mm512_scalef_ps, _mm512_mask_scalef_ps, __mmask16);
});
simd_lanes!(F64x8, f64, __mmask8, {
    splat: _mm512_set1_pd, add: _mm512_add_pd, sub: _mm512_sub_pd, mul: _mm512_mul_pd,
    div: _mm512_div_pd, mul_add: _mm512_fmadd_pd, neg_mul_add: _mm512_fnmadd_pd,
    neg_abs: neg_abs_pd, min: _mm512_min_pd, max: _mm512_max_pd, lt: lt_pd, select: select_pd,
    pow2_bias: pow2_bias_pd,
}, overrides {
    avx512_overrides!(F64x8, _mm512_scalef_pd, _mm512_mask_scalef_pd, __mmask8);
});

/// f32 slices.
pub(crate) struct Avx512F32;
/// f64 slices.
pub(crate) struct Avx512F64;
/// f16 slices.
pub(crate) struct Avx512F16;
/// bf16 slices.
pub(crate) struct Avx512Bf16;

/// The first `n < 16` f32, by a masked load (masked lanes do not fault).
///
/// # Safety
/// `p` is valid for reading `n` f32; the CPU has AVX-512 (module invariant).
#[inline(always)]
unsafe fn load_partial_ps(p: *const f32, n: usize) -> __m512 {
    // SAFETY: the caller's contract; only the n selected lanes are read.
    unsafe { _mm512_maskz_loadu_ps(((1u32 << n) - 1) as __mmask16, p) }
}

/// The first `n < 16` lanes to `p`, by a masked store.
///
/// # Safety
/// `p` is valid for writing `n` f32; the CPU has AVX-512 (module invariant).
#[inline(always)]
unsafe fn store_partial_ps(p: *mut f32, n: usize, v: __m512) {
    // SAFETY: the caller's contract; only the n selected lanes are written.
    unsafe { _mm512_mask_storeu_ps(p, ((1u32 << n) - 1) as __mmask16, v) }
}

/// The first `n < 8` f64, by a masked load.
///
/// # Safety
/// `p` is valid for reading `n` f64; the CPU has AVX-512 (module invariant).
#[inline(always)]
unsafe fn load_partial_pd(p: *const f64, n: usize) -> __m512d {
    // SAFETY: the caller's contract; only the n selected lanes are read.
    unsafe { _mm512_maskz_loadu_pd(((1u32 << n) - 1) as __mmask8, p) }
}

/// The first `n < 8` lanes to `p`, by a masked store.
///
/// # Safety
/// `p` is valid for writing `n` f64; the CPU has AVX-512 (module invariant).
#[inline(always)]
unsafe fn store_partial_pd(p: *mut f64, n: usize, v: __m512d) {
    // SAFETY: the caller's contract; only the n selected lanes are written.
    unsafe { _mm512_mask_storeu_pd(p, ((1u32 << n) - 1) as __mmask8, v) }
}

simd_floats!(Avx512F32, f32, F32x16, 16, {
    load: _mm512_loadu_ps, store: _mm512_storeu_ps, load_partial: load_partial_ps,
    store_partial: store_partial_ps,
});
simd_floats!(Avx512F64, f64, F64x8, 8, {
    load: _mm512_loadu_pd, store: _mm512_storeu_pd, load_partial: load_partial_pd,
    store_partial: store_partial_pd,
});

/// 16 halves: the f16/bf16 register.
#[derive(Clone, Copy)]
pub(crate) struct H16x16(__m256i);

/// bf16 -> f32: the bits shifted up by 16 (exact).
///
/// # Safety
/// The CPU must have AVX-512 F/BW/DQ/VL (the module invariant).
#[inline(always)]
unsafe fn bf16_widen(h: __m256i) -> __m512 {
    // SAFETY: the caller is compiled with AVX-512F (module docs).
    unsafe { _mm512_castsi512_ps(_mm512_slli_epi32::<16>(_mm512_cvtepu16_epi32(h))) }
}

/// f32 -> bf16, round to nearest even, NaN kept quiet.
///
/// # Safety
/// The CPU must have AVX-512 F/BW/DQ/VL (the module invariant).
#[inline(always)]
unsafe fn bf16_narrow(v: __m512) -> __m256i {
    // SAFETY: the caller is compiled with AVX-512F (module docs).
    unsafe {
        let bits = _mm512_castps_si512(v);
        let lsb = _mm512_and_si512(_mm512_srli_epi32::<16>(bits), _mm512_set1_epi32(1));
        let rounded = _mm512_srli_epi32::<16>(_mm512_add_epi32(
            bits,
            _mm512_add_epi32(_mm512_set1_epi32(0x7fff), lsb),
        ));
        let quiet = _mm512_or_si512(_mm512_srli_epi32::<16>(bits), _mm512_set1_epi32(0x40));
        let nan = _mm512_cmp_ps_mask::<_CMP_UNORD_Q>(v, v);
        _mm512_cvtepi32_epi16(_mm512_mask_blend_epi32(nan, rounded, quiet))
    }
}

/// f16 -> f32 (vcvtph2ps, exact).
///
/// # Safety
/// The CPU must have AVX-512 F/BW/DQ/VL (the module invariant).
#[inline(always)]
unsafe fn f16_widen(h: __m256i) -> __m512 {
    // SAFETY: the caller is compiled with AVX-512F (module docs).
    unsafe { _mm512_cvtph_ps(h) }
}

/// f32 -> f16 (vcvtps2ph, round to nearest even).
///
/// # Safety
/// The CPU must have AVX-512 F/BW/DQ/VL (the module invariant).
#[inline(always)]
unsafe fn f16_narrow(v: __m512) -> __m256i {
    // SAFETY: the caller is compiled with AVX-512F (module docs).
    unsafe { _mm512_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(v) }
}

/// f32 -> bf16 with AVX512-BF16's `vcvtneps2bf16`: round to nearest even,
/// NaN kept quiet, but subnormals flushed (see [`near_half_way_or_subnormal`]).
///
/// # Safety
/// The CPU must have AVX-512 F/BW/DQ/VL and AVX512-BF16.
#[inline(always)]
unsafe fn bf16_narrow_native(v: __m512) -> __m256i {
    // SAFETY: the caller is compiled with avx512bf16 (the native kernels
    // are reachable only when the CPU has it); __m256bh and __m256i are
    // both 256 bits of plain data.
    unsafe { core::mem::transmute::<__m256bh, __m256i>(_mm512_cvtneps_pbh(v)) }
}

/// bf16 slices on CPUs with AVX512-BF16.
pub(crate) struct Avx512Bf16Native;

/// 16 u16 from `p` (unaligned).
///
/// # Safety
/// `p` is valid for reading 16 u16; the CPU has AVX-512 (module invariant).
#[inline(always)]
unsafe fn load_u16x16(p: *const u16) -> __m256i {
    // SAFETY: the caller's contract.
    unsafe { _mm256_loadu_si256(p.cast()) }
}

/// 16 u16 to `p` (unaligned).
///
/// # Safety
/// `p` is valid for writing 16 u16; the CPU has AVX-512 (module invariant).
#[inline(always)]
unsafe fn store_u16x16(p: *mut u16, v: __m256i) {
    // SAFETY: the caller's contract.
    unsafe { _mm256_storeu_si256(p.cast(), v) }
}

/// The first `n < 16` u16, by a masked load (AVX-512 BW and VL).
///
/// # Safety
/// `p` is valid for reading `n` u16; the CPU has AVX-512 (module invariant).
#[inline(always)]
unsafe fn load_partial_u16x16(p: *const u16, n: usize) -> __m256i {
    // SAFETY: a masked load reads only the n selected u16, which the caller
    // guarantees are readable; masked-off lanes do not fault.
    unsafe { _mm256_maskz_loadu_epi16(((1u32 << n) - 1) as u16, p.cast()) }
}

/// The first `n < 16` lanes to `p`, by a masked store.
///
/// # Safety
/// `p` is valid for writing `n` u16; the CPU has AVX-512 (module invariant).
#[inline(always)]
unsafe fn store_partial_u16x16(p: *mut u16, n: usize, v: __m256i) {
    // SAFETY: a masked store writes only the n selected u16.
    unsafe { _mm256_mask_storeu_epi16(p.cast(), ((1u32 << n) - 1) as u16, v) }
}

/// [`near_half_way`](crate::half_path::near_half_way) on 16 lanes, as a
/// bit mask.
///
/// # Safety
/// The CPU must have AVX-512 F/BW/DQ/VL (the module invariant).
#[inline(always)]
unsafe fn near_half_way(z: __m512, half_way_less_2: u32, low_bits: u32) -> u32 {
    // SAFETY: the caller is compiled with AVX-512F.
    unsafe {
        let b = _mm512_sub_epi32(
            _mm512_castps_si512(z),
            _mm512_set1_epi32(half_way_less_2 as i32),
        );
        let b = _mm512_and_si512(b, _mm512_set1_epi32(low_bits as i32));
        u32::from(_mm512_cmplt_epu32_mask(b, _mm512_set1_epi32(5)))
    }
}

/// [`near_half_way`], plus the lanes holding a nonzero f32 subnormal, which
/// `vcvtneps2bf16` would flush to zero: all recomputed by the f64 fallback.
///
/// # Safety
/// The CPU must have AVX-512 F/BW/DQ/VL (the module invariant).
#[inline(always)]
unsafe fn near_half_way_or_subnormal(z: __m512, half_way_less_2: u32, low_bits: u32) -> u32 {
    // SAFETY: the caller is compiled with AVX-512F.
    unsafe {
        let mag = _mm512_and_si512(_mm512_castps_si512(z), _mm512_set1_epi32(0x7fff_ffff));
        // mag - 1 < 0x007f_ffff (unsigned): 0 < mag < 2^-126.
        let m1 = _mm512_sub_epi32(mag, _mm512_set1_epi32(1));
        let sub = _mm512_cmplt_epu32_mask(m1, _mm512_set1_epi32(0x007f_ffff));
        near_half_way(z, half_way_less_2, low_bits) | u32::from(sub)
    }
}

simd_halves!(Avx512F16, f16, "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c", H16x16, F32x16, 16, {
    widen: f16_widen, narrow: f16_narrow, narrow_any: f16_narrow, near: near_half_way,
    load: load_u16x16, store: store_u16x16, load_partial: load_partial_u16x16,
    store_partial: store_partial_u16x16,
});
simd_halves!(Avx512Bf16, bf16, "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c", H16x16, F32x16, 16, {
    widen: bf16_widen, narrow: bf16_narrow, narrow_any: bf16_narrow, near: near_half_way,
    load: load_u16x16, store: store_u16x16, load_partial: load_partial_u16x16,
    store_partial: store_partial_u16x16,
});
simd_halves!(
    Avx512Bf16Native, bf16, "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c,avx512bf16",
    H16x16, F32x16, 16, {
    widen: bf16_widen, narrow: bf16_narrow_native, narrow_any: bf16_narrow,
    near: near_half_way_or_subnormal, load: load_u16x16, store: store_u16x16,
    load_partial: load_partial_u16x16, store_partial: store_partial_u16x16,
});

slice_kernels!(
    "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c",
    Avx512F32,
    f32,
    forward_f32,
    backward_f32
);
slice_kernels!(
    "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c",
    Avx512F64,
    f64,
    forward_f64,
    backward_f64
);
slice_kernels!(
    "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c",
    Avx512F16,
    f16,
    forward_f16,
    backward_f16
);
slice_kernels!(
    "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c,avx512bf16",
    Avx512Bf16Native,
    bf16,
    forward_bf16_native,
    backward_bf16_native
);
slice_kernels!(
    "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c",
    Avx512Bf16,
    bf16,
    forward_bf16,
    backward_bf16
);
