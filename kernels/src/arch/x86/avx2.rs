//! AVX2 + FMA + F16C (x86-64-v3): 8 f32 or 4 f64 lanes per register.
//!
//! The algorithms of [`crate::math`] on `__m256` / `__m256d` (their words
//! and bounds are stated there); the half types through `vcvtph2ps` /
//! `vcvtps2ph` (f16) and 16-bit shifts with integer round-to-nearest-even
//! (bf16). Tails by `vmaskmovps` for f32/f64, a one-register buffer for the
//! halves. Bit-identical to the portable kernel with FMA.
//!
//! Every register type carries an [`Avx2`] token, and every intrinsic is a
//! safe method of the token: the `unsafe` here is making the token after
//! the CPU check, and raw loads and stores.

use core::arch::x86_64::*;
use core::convert::identity;

use half::{bf16, f16};

use crate::driver::{buffered_load, buffered_store, float_vector};
use crate::half_path::half_vector;
use crate::lanes::simd_lanes;
use crate::table::Arch;
use crate::token::{token_intrinsics, Token};

/// Proof that the CPU has AVX2, FMA and F16C (and the rest of x86-64-v3).
#[derive(Clone, Copy, Debug)]
pub struct Avx2 {
    _private: (),
}

impl Token for Avx2 {
    #[inline]
    fn try_new() -> Option<Avx2> {
        pulp::x86::V3::try_new()?;
        // SAFETY: V3 and F16C were just detected.
        pulp::core_arch::x86::F16c::is_available().then(|| unsafe { Avx2::new_unchecked() })
    }
    #[inline]
    unsafe fn new_unchecked() -> Avx2 {
        Avx2 { _private: () }
    }
}

impl Arch for Avx2 {
    type F32 = F32x8;
    type F64 = F64x4;
    type F16 = F16x8;
    type Bf16 = Bf16x8;
}

token_intrinsics!(Avx2 {
    fn _mm256_set1_ps(a: f32) -> __m256;
    fn _mm256_add_ps(a: __m256, b: __m256) -> __m256;
    fn _mm256_sub_ps(a: __m256, b: __m256) -> __m256;
    fn _mm256_mul_ps(a: __m256, b: __m256) -> __m256;
    fn _mm256_div_ps(a: __m256, b: __m256) -> __m256;
    fn _mm256_fmadd_ps(a: __m256, b: __m256, c: __m256) -> __m256;
    fn _mm256_fnmadd_ps(a: __m256, b: __m256, c: __m256) -> __m256;
    fn _mm256_min_ps(a: __m256, b: __m256) -> __m256;
    fn _mm256_max_ps(a: __m256, b: __m256) -> __m256;
    fn _mm256_or_ps(a: __m256, b: __m256) -> __m256;
    fn _mm256_cmp_ps<const IMM5: i32>(a: __m256, b: __m256) -> __m256;
    fn _mm256_blendv_ps(a: __m256, b: __m256, c: __m256) -> __m256;
    fn _mm256_set1_pd(a: f64) -> __m256d;
    fn _mm256_add_pd(a: __m256d, b: __m256d) -> __m256d;
    fn _mm256_sub_pd(a: __m256d, b: __m256d) -> __m256d;
    fn _mm256_mul_pd(a: __m256d, b: __m256d) -> __m256d;
    fn _mm256_div_pd(a: __m256d, b: __m256d) -> __m256d;
    fn _mm256_fmadd_pd(a: __m256d, b: __m256d, c: __m256d) -> __m256d;
    fn _mm256_fnmadd_pd(a: __m256d, b: __m256d, c: __m256d) -> __m256d;
    fn _mm256_min_pd(a: __m256d, b: __m256d) -> __m256d;
    fn _mm256_max_pd(a: __m256d, b: __m256d) -> __m256d;
    fn _mm256_or_pd(a: __m256d, b: __m256d) -> __m256d;
    fn _mm256_cmp_pd<const IMM5: i32>(a: __m256d, b: __m256d) -> __m256d;
    fn _mm256_blendv_pd(a: __m256d, b: __m256d, c: __m256d) -> __m256d;
    fn _mm256_castps_si256(a: __m256) -> __m256i;
    fn _mm256_castsi256_ps(a: __m256i) -> __m256;
    fn _mm256_castpd_si256(a: __m256d) -> __m256i;
    fn _mm256_castsi256_pd(a: __m256i) -> __m256d;
    fn _mm256_castsi256_si128(a: __m256i) -> __m128i;
    fn _mm256_slli_epi32<const IMM8: i32>(a: __m256i) -> __m256i;
    fn _mm256_srli_epi32<const IMM8: i32>(a: __m256i) -> __m256i;
    fn _mm256_slli_epi64<const IMM8: i32>(a: __m256i) -> __m256i;
    fn _mm256_set1_epi32(a: i32) -> __m256i;
    fn _mm256_set1_epi64x(a: i64) -> __m256i;
    fn _mm256_setr_epi32(e0: i32, e1: i32, e2: i32, e3: i32, e4: i32, e5: i32, e6: i32, e7: i32) -> __m256i;
    fn _mm256_setr_epi64x(e0: i64, e1: i64, e2: i64, e3: i64) -> __m256i;
    fn _mm256_cmpgt_epi32(a: __m256i, b: __m256i) -> __m256i;
    fn _mm256_cmpgt_epi64(a: __m256i, b: __m256i) -> __m256i;
    fn _mm256_add_epi32(a: __m256i, b: __m256i) -> __m256i;
    fn _mm256_sub_epi32(a: __m256i, b: __m256i) -> __m256i;
    fn _mm256_and_si256(a: __m256i, b: __m256i) -> __m256i;
    fn _mm256_or_si256(a: __m256i, b: __m256i) -> __m256i;
    fn _mm256_blendv_epi8(a: __m256i, b: __m256i, mask: __m256i) -> __m256i;
    fn _mm256_packus_epi32(a: __m256i, b: __m256i) -> __m256i;
    fn _mm256_permute4x64_epi64<const IMM8: i32>(a: __m256i) -> __m256i;
    fn _mm256_cvtepu16_epi32(a: __m128i) -> __m256i;
    fn _mm256_movemask_ps(a: __m256) -> i32;
    fn _mm256_movemask_pd(a: __m256d) -> i32;
    fn _mm256_permutevar8x32_ps(a: __m256, idx: __m256i) -> __m256;
    fn _mm256_setr_ps(a: f32, b: f32, c: f32, d: f32, e: f32, f: f32, g: f32, h: f32) -> __m256;
    fn _mm256_cvtph_ps(a: __m128i) -> __m256;
    fn _mm256_cvtps_ph<const IMM_ROUNDING: i32>(a: __m256) -> __m128i;
});

/// The lane operations the intrinsics do not give directly.
impl Avx2 {
    /// `a < b` (ordered, quiet), as a vector mask.
    #[inline(always)]
    fn lt_ps(self, a: __m256, b: __m256) -> __m256 {
        self._mm256_cmp_ps::<_CMP_LT_OQ>(a, b)
    }
    /// `a < b` (ordered, quiet), as a vector mask.
    #[inline(always)]
    fn lt_pd(self, a: __m256d, b: __m256d) -> __m256d {
        self._mm256_cmp_pd::<_CMP_LT_OQ>(a, b)
    }
    /// `m ? a : b`, lane by lane.
    #[inline(always)]
    fn select_ps(self, m: __m256, a: __m256, b: __m256) -> __m256 {
        self._mm256_blendv_ps(b, a, m)
    }
    /// `m ? a : b`, lane by lane.
    #[inline(always)]
    fn select_pd(self, m: __m256d, a: __m256d, b: __m256d) -> __m256d {
        self._mm256_blendv_pd(b, a, m)
    }
    /// `-|a|`: the sign bit set.
    #[inline(always)]
    fn neg_abs_ps(self, a: __m256) -> __m256 {
        self._mm256_or_ps(a, self._mm256_set1_ps(-0.0))
    }
    /// `-|a|`: the sign bit set.
    #[inline(always)]
    fn neg_abs_pd(self, a: __m256d) -> __m256d {
        self._mm256_or_pd(a, self._mm256_set1_pd(-0.0))
    }
    /// Whether every lane of the mask is set.
    #[inline(always)]
    fn all_ps(self, m: __m256) -> bool {
        self._mm256_movemask_ps(m) == 0xff
    }
    /// Whether any lane of the mask is set.
    #[inline(always)]
    fn any_ps(self, m: __m256) -> bool {
        self._mm256_movemask_ps(m) != 0
    }
    /// Whether every lane of the mask is set.
    #[inline(always)]
    fn all_pd(self, m: __m256d) -> bool {
        self._mm256_movemask_pd(m) == 0xf
    }
    /// Whether any lane of the mask is set.
    #[inline(always)]
    fn any_pd(self, m: __m256d) -> bool {
        self._mm256_movemask_pd(m) != 0
    }
    /// The bits shifted left by the mantissa width (`2^(n + 64)` from
    /// `MAGIC + n`).
    #[inline(always)]
    fn pow2_bias_ps(self, a: __m256) -> __m256 {
        self._mm256_castsi256_ps(self._mm256_slli_epi32::<23>(self._mm256_castps_si256(a)))
    }
    /// The bits shifted left by the mantissa width.
    #[inline(always)]
    fn pow2_bias_pd(self, a: __m256d) -> __m256d {
        self._mm256_castsi256_pd(self._mm256_slli_epi64::<52>(self._mm256_castpd_si256(a)))
    }
    /// A mask of the first `n` of 8 lanes (sign bits set), for maskload.
    #[inline(always)]
    fn tail_mask32(self, n: usize) -> __m256i {
        let idx = self._mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        self._mm256_cmpgt_epi32(self._mm256_set1_epi32(n as i32), idx)
    }
    /// A mask of the first `n` of 4 lanes.
    #[inline(always)]
    fn tail_mask64(self, n: usize) -> __m256i {
        let idx = self._mm256_setr_epi64x(0, 1, 2, 3);
        self._mm256_cmpgt_epi64(self._mm256_set1_epi64x(n as i64), idx)
    }
    /// bf16 -> f32: the bits shifted up by 16 (exact).
    #[inline(always)]
    fn bf16_widen(self, h: __m128i) -> __m256 {
        self._mm256_castsi256_ps(self._mm256_slli_epi32::<16>(self._mm256_cvtepu16_epi32(h)))
    }
    /// f32 -> bf16, round to nearest even, NaN kept quiet.
    #[inline(always)]
    fn bf16_narrow(self, v: __m256) -> __m128i {
        let bits = self._mm256_castps_si256(v);
        let lsb = self._mm256_and_si256(
            self._mm256_srli_epi32::<16>(bits),
            self._mm256_set1_epi32(1),
        );
        let rounded = self._mm256_srli_epi32::<16>(self._mm256_add_epi32(
            bits,
            self._mm256_add_epi32(self._mm256_set1_epi32(0x7fff), lsb),
        ));
        let quiet = self._mm256_or_si256(
            self._mm256_srli_epi32::<16>(bits),
            self._mm256_set1_epi32(0x40),
        );
        let nan = self._mm256_castps_si256(self._mm256_cmp_ps::<_CMP_UNORD_Q>(v, v));
        let r = self._mm256_blendv_epi8(rounded, quiet, nan);
        // Pack the 8 u32 (all <= 0xffff) to u16, fixing packus' lane order.
        let packed = self._mm256_packus_epi32(r, r);
        self._mm256_castsi256_si128(self._mm256_permute4x64_epi64::<0b1000>(packed))
    }
    /// f32 -> f16 (vcvtps2ph, round to nearest even).
    #[inline(always)]
    fn f16_narrow(self, v: __m256) -> __m128i {
        self._mm256_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(v)
    }
    /// [`near_half_way`](crate::half_path::near_half_way) on 8 lanes, as a
    /// bit mask.
    #[inline(always)]
    fn near_half_way(self, z: __m256, half_way_less_margin: u32, low_bits: u32) -> u32 {
        let b = self._mm256_sub_epi32(
            self._mm256_castps_si256(z),
            self._mm256_set1_epi32(half_way_less_margin as i32),
        );
        let b = self._mm256_and_si256(b, self._mm256_set1_epi32(low_bits as i32));
        // b is in [0, 0xffff]: a signed compare is an unsigned one.
        let near = self._mm256_cmpgt_epi32(
            self._mm256_set1_epi32(crate::half_path::NEAR_WIDTH as i32),
            b,
        );
        self._mm256_movemask_ps(self._mm256_castsi256_ps(near)) as u32
    }
}

/// 8 f32 lanes.
#[derive(Clone, Copy)]
pub struct F32x8 {
    v: __m256,
    t: Avx2,
}
/// 4 f64 lanes.
#[derive(Clone, Copy)]
pub struct F64x4 {
    v: __m256d,
    t: Avx2,
}

simd_lanes!(F32x8, f32, __m256, fused: true, {
    splat: _mm256_set1_ps, add: _mm256_add_ps, sub: _mm256_sub_ps, mul: _mm256_mul_ps,
    div: _mm256_div_ps, mul_add: _mm256_fmadd_ps, neg_mul_add: _mm256_fnmadd_ps,
    neg_abs: neg_abs_ps, min: _mm256_min_ps, max: _mm256_max_ps, lt: lt_ps, select: select_ps,
    pow2_bias: pow2_bias_ps, all: all_ps, any: any_ps,
}, overrides {
    /// `vpermps`: the low 3 bits of each lane index the table.
    #[inline(always)]
    fn lookup8(self, table: &[f32; 8]) -> F32x8 {
        let [a, b, c, d, e, f, g, h] = *table;
        let t = self.t._mm256_setr_ps(a, b, c, d, e, f, g, h);
        let v = self.t._mm256_permutevar8x32_ps(t, self.t._mm256_castps_si256(self.v));
        F32x8 { v, t: self.t }
    }
});
simd_lanes!(F64x4, f64, __m256d, fused: true, {
    splat: _mm256_set1_pd, add: _mm256_add_pd, sub: _mm256_sub_pd, mul: _mm256_mul_pd,
    div: _mm256_div_pd, mul_add: _mm256_fmadd_pd, neg_mul_add: _mm256_fnmadd_pd,
    neg_abs: neg_abs_pd, min: _mm256_min_pd, max: _mm256_max_pd, lt: lt_pd, select: select_pd,
    pow2_bias: pow2_bias_pd, all: all_pd, any: any_pd,
});

/// The first `n < 8` f32, by `vmaskmovps` (masked lanes do not fault).
///
/// # Safety
/// `p` is valid for reading `n` f32.
#[inline(always)]
unsafe fn load_partial_ps(t: Avx2, p: *const f32, n: usize) -> F32x8 {
    // SAFETY: the caller's contract; only the n selected lanes are read; `t`
    // proves AVX.
    let v = unsafe { _mm256_maskload_ps(p, t.tail_mask32(n)) };
    F32x8 { v, t }
}

/// The first `n < 8` lanes to `p`, by `vmaskmovps`.
///
/// # Safety
/// `p` is valid for writing `n` f32.
#[inline(always)]
unsafe fn store_partial_ps(r: F32x8, p: *mut f32, n: usize) {
    // SAFETY: the caller's contract; only the n selected lanes are written.
    unsafe { _mm256_maskstore_ps(p, r.t.tail_mask32(n), r.v) }
}

/// The first `n < 4` f64, by `vmaskmovpd`.
///
/// # Safety
/// `p` is valid for reading `n` f64.
#[inline(always)]
unsafe fn load_partial_pd(t: Avx2, p: *const f64, n: usize) -> F64x4 {
    // SAFETY: the caller's contract; only the n selected lanes are read.
    let v = unsafe { _mm256_maskload_pd(p, t.tail_mask64(n)) };
    F64x4 { v, t }
}

/// The first `n < 4` lanes to `p`, by `vmaskmovpd`.
///
/// # Safety
/// `p` is valid for writing `n` f64.
#[inline(always)]
unsafe fn store_partial_pd(r: F64x4, p: *mut f64, n: usize) {
    // SAFETY: the caller's contract; only the n selected lanes are written.
    unsafe { _mm256_maskstore_pd(p, r.t.tail_mask64(n), r.v) }
}

// Blocks of 8 registers, their instructions interleaved: measured at 4096
// f32 (first release, Intel Xeon): 1.24 ns per element with 2 registers one
// after the other, 1.08 with 4 interleaved, 1.03 with 8.
float_vector!(F32x8, f32, Avx2, lanes: 8, block: 8, features: "avx2,fma,f16c", {
    load: _mm256_loadu_ps, store: _mm256_storeu_ps, load_partial: load_partial_ps,
    store_partial: store_partial_ps,
});
float_vector!(F64x4, f64, Avx2, lanes: 4, block: 8, features: "avx2,fma,f16c", {
    load: _mm256_loadu_pd, store: _mm256_storeu_pd, load_partial: load_partial_pd,
    store_partial: store_partial_pd,
});

/// 8 f16 in the low 128 bits.
#[derive(Clone, Copy)]
pub struct F16x8 {
    v: __m128i,
    t: Avx2,
}
/// 8 bf16 in the low 128 bits.
#[derive(Clone, Copy)]
pub struct Bf16x8 {
    v: __m128i,
    t: Avx2,
}

/// 8 u16 from `p` (unaligned).
///
/// # Safety
/// `p` is valid for reading 8 u16.
#[inline(always)]
unsafe fn load_u16x8(p: *const u16) -> __m128i {
    // SAFETY: the caller's contract.
    unsafe { _mm_loadu_si128(p.cast()) }
}

/// 8 u16 to `p` (unaligned).
///
/// # Safety
/// `p` is valid for writing 8 u16.
#[inline(always)]
unsafe fn store_u16x8(p: *mut u16, v: __m128i) {
    // SAFETY: the caller's contract.
    unsafe { _mm_storeu_si128(p.cast(), v) }
}

half_vector!(F16x8, f16, Avx2, F32x8, lanes: 8, block: 8, features: "avx2,fma,f16c", {
    widen: _mm256_cvtph_ps, narrow: f16_narrow, narrow_any: f16_narrow, near: near_half_way,
    f32_token: identity, load: load_u16x8, store: store_u16x8,
    load_partial: buffered_load, store_partial: buffered_store,
});
half_vector!(Bf16x8, bf16, Avx2, F32x8, lanes: 8, block: 8, features: "avx2,fma,f16c", {
    widen: bf16_widen, narrow: bf16_narrow, narrow_any: bf16_narrow, near: near_half_way,
    f32_token: identity, load: load_u16x8, store: store_u16x8,
    load_partial: buffered_load, store_partial: buffered_store,
});
