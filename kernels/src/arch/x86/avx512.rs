//! AVX-512 F/BW/DQ/VL: 16 f32 or 8 f64 lanes per register, mask registers
//! for selects and for the tails.
//!
//! The algorithms of [`crate::math`] on `__m512` / `__m512d` (their words
//! and bounds are stated there), with the forward's products by `2^n` by
//! `vscalefps` (one rounding, as the other ISAs' exact product then
//! `2^-64`; 4% faster in f32, 2% in f64). The half types through the
//! 512-bit `vcvtph2ps` / `vcvtps2ph` (f16), and for bf16 16-bit shifts with
//! integer round-to-nearest-even, or AVX512-BF16's `vcvtneps2bf16` where
//! the CPU has it ([`Avx512Bf16`]). Tails with masked loads and stores.
//! Bit-identical to the portable kernel with FMA.
//!
//! Every register type carries an [`Avx512`] (or [`Avx512Bf16`]) token, and
//! every intrinsic is a safe method of the token: the `unsafe` here is making
//! the tokens after the CPU check, `vcvtneps2bf16`'s result reinterpreted as
//! integers, and raw loads and stores.

use core::arch::x86_64::*;
use core::convert::identity;
use core::sync::atomic::{AtomicU8, Ordering};

use half::{bf16, f16};

use crate::driver::float_vector;
use crate::half_path::half_vector;
use crate::lanes::simd_lanes;
use crate::op::Op;
use crate::table::{table, Arch, Table};
use crate::token::{token_intrinsics, Token};

/// Proof that the CPU has AVX-512 F, BW, DQ and VL (and AVX2, FMA, F16C).
#[derive(Clone, Copy, Debug)]
pub struct Avx512 {
    _private: (),
}

impl Token for Avx512 {
    #[inline]
    fn try_new() -> Option<Avx512> {
        pulp::x86::V4::try_new()?;
        // SAFETY: V4 (which includes V3) and F16C were just detected.
        pulp::core_arch::x86::F16c::is_available().then(|| unsafe { Avx512::new_unchecked() })
    }
    #[inline]
    unsafe fn new_unchecked() -> Avx512 {
        Avx512 { _private: () }
    }
}

/// Proof that the CPU has AVX512-BF16 besides [`Avx512`]'s features.
#[derive(Clone, Copy, Debug)]
pub struct Avx512Bf16 {
    avx512: Avx512,
}

impl Avx512Bf16 {
    /// The AVX-512 token this one includes.
    #[inline(always)]
    fn avx512(self) -> Avx512 {
        self.avx512
    }
}

impl Token for Avx512Bf16 {
    #[inline]
    fn try_new() -> Option<Avx512Bf16> {
        let avx512 = Avx512::try_new()?;
        pulp::core_arch::x86::Avx512bf16::is_available().then_some(Avx512Bf16 { avx512 })
    }
    #[inline]
    unsafe fn new_unchecked() -> Avx512Bf16 {
        Avx512Bf16 {
            // SAFETY: the caller guarantees the features, AVX-512's among them.
            avx512: unsafe { Avx512::new_unchecked() },
        }
    }
}

impl Arch for Avx512 {
    type F32 = F32x16;
    type F64 = F64x8;
    type F16 = F16x16;
    type Bf16 = Bf16x16;

    /// With AVX512-BF16 (`vcvtneps2bf16`) where the CPU has it, integer
    /// rounding otherwise: the same bits either way.
    #[inline]
    fn bf16_table<O: Op>(self) -> Table<bf16, O> {
        match self.with_bf16() {
            Some(t) => table::<Bf16x16Native, O>(t),
            None => table::<Bf16x16, O>(self),
        }
    }
}

/// Whether the CPU has AVX512-BF16: 0 not yet known, 1 no, 2 yes.
static HAS_BF16: AtomicU8 = AtomicU8::new(0);

impl Avx512 {
    /// The AVX512-BF16 token, if the CPU has it (detected once per process:
    /// the tables are built per call).
    #[inline]
    fn with_bf16(self) -> Option<Avx512Bf16> {
        let has = match HAS_BF16.load(Ordering::Relaxed) {
            0 => {
                let has = pulp::core_arch::x86::Avx512bf16::is_available();
                // Every thread computes the same answer; the race is benign.
                HAS_BF16.store(if has { 2 } else { 1 }, Ordering::Relaxed);
                has
            }
            known => known == 2,
        };
        has.then_some(Avx512Bf16 { avx512: self })
    }

    /// The bf16 kernels that round with integer operations, which
    /// [`Arch::bf16_table`] uses on CPUs without AVX512-BF16: for tests on
    /// CPUs that have it.
    #[doc(hidden)]
    pub fn bf16_table_integer_rounding<O: Op>(self) -> Table<bf16, O> {
        table::<Bf16x16, O>(self)
    }
}

token_intrinsics!(Avx512 {
    fn _mm512_set1_ps(a: f32) -> __m512;
    fn _mm512_mask_add_ps(src: __m512, k: __mmask16, a: __m512, b: __m512) -> __m512;
    fn _mm512_insertf32x8<const IMM8: i32>(a: __m512, b: __m256) -> __m512;
    fn _mm512_add_ps(a: __m512, b: __m512) -> __m512;
    fn _mm512_sub_ps(a: __m512, b: __m512) -> __m512;
    fn _mm512_mul_ps(a: __m512, b: __m512) -> __m512;
    fn _mm512_div_ps(a: __m512, b: __m512) -> __m512;
    fn _mm512_fmadd_ps(a: __m512, b: __m512, c: __m512) -> __m512;
    fn _mm512_fnmadd_ps(a: __m512, b: __m512, c: __m512) -> __m512;
    fn _mm512_min_ps(a: __m512, b: __m512) -> __m512;
    fn _mm512_max_ps(a: __m512, b: __m512) -> __m512;
    fn _mm512_or_ps(a: __m512, b: __m512) -> __m512;
    fn _mm512_cmp_ps_mask<const IMM8: i32>(a: __m512, b: __m512) -> __mmask16;
    fn _mm512_mask_blend_ps(k: __mmask16, a: __m512, b: __m512) -> __m512;
    fn _mm512_scalef_ps(a: __m512, b: __m512) -> __m512;
    fn _mm512_mask_scalef_ps(src: __m512, k: __mmask16, a: __m512, b: __m512) -> __m512;
    fn _mm512_set1_pd(a: f64) -> __m512d;
    fn _mm512_add_pd(a: __m512d, b: __m512d) -> __m512d;
    fn _mm512_sub_pd(a: __m512d, b: __m512d) -> __m512d;
    fn _mm512_mul_pd(a: __m512d, b: __m512d) -> __m512d;
    fn _mm512_div_pd(a: __m512d, b: __m512d) -> __m512d;
    fn _mm512_fmadd_pd(a: __m512d, b: __m512d, c: __m512d) -> __m512d;
    fn _mm512_fnmadd_pd(a: __m512d, b: __m512d, c: __m512d) -> __m512d;
    fn _mm512_min_pd(a: __m512d, b: __m512d) -> __m512d;
    fn _mm512_max_pd(a: __m512d, b: __m512d) -> __m512d;
    fn _mm512_or_pd(a: __m512d, b: __m512d) -> __m512d;
    fn _mm512_cmp_pd_mask<const IMM8: i32>(a: __m512d, b: __m512d) -> __mmask8;
    fn _mm512_mask_blend_pd(k: __mmask8, a: __m512d, b: __m512d) -> __m512d;
    fn _mm512_scalef_pd(a: __m512d, b: __m512d) -> __m512d;
    fn _mm512_mask_scalef_pd(src: __m512d, k: __mmask8, a: __m512d, b: __m512d) -> __m512d;
    fn _mm512_castps_si512(a: __m512) -> __m512i;
    fn _mm512_permutexvar_ps(idx: __m512i, a: __m512) -> __m512;
    fn _mm512_castps256_ps512(a: __m256) -> __m512;
    fn _mm256_setr_ps(a: f32, b: f32, c: f32, d: f32, e: f32, f: f32, g: f32, h: f32) -> __m256;
    fn _mm512_castsi512_ps(a: __m512i) -> __m512;
    fn _mm512_castpd_si512(a: __m512d) -> __m512i;
    fn _mm512_castsi512_pd(a: __m512i) -> __m512d;
    fn _mm512_slli_epi32<const IMM8: u32>(a: __m512i) -> __m512i;
    fn _mm512_srli_epi32<const IMM8: u32>(a: __m512i) -> __m512i;
    fn _mm512_slli_epi64<const IMM8: u32>(a: __m512i) -> __m512i;
    fn _mm512_set1_epi32(a: i32) -> __m512i;
    fn _mm512_add_epi32(a: __m512i, b: __m512i) -> __m512i;
    fn _mm512_sub_epi32(a: __m512i, b: __m512i) -> __m512i;
    fn _mm512_and_si512(a: __m512i, b: __m512i) -> __m512i;
    fn _mm512_or_si512(a: __m512i, b: __m512i) -> __m512i;
    fn _mm512_mask_blend_epi32(k: __mmask16, a: __m512i, b: __m512i) -> __m512i;
    fn _mm512_cmplt_epu32_mask(a: __m512i, b: __m512i) -> __mmask16;
    fn _mm512_cvtepi32_epi16(a: __m512i) -> __m256i;
    fn _mm512_cvtepu16_epi32(a: __m256i) -> __m512i;
    fn _mm512_cvtph_ps(a: __m256i) -> __m512;
    fn _mm512_cvtps_ph<const ROUNDING: i32>(a: __m512) -> __m256i;
});

/// `vcvtneps2bf16`, its result as integer lanes.
///
/// # Safety
/// The CPU must have AVX512-BF16 and AVX-512 F.
#[inline]
#[target_feature(enable = "avx512bf16,avx512f")]
unsafe fn cvtneps_bf16_bits(a: __m512) -> __m256i {
    // SAFETY: __m256bh and __m256i are both 256 bits of plain data.
    unsafe { core::mem::transmute::<__m256bh, __m256i>(_mm512_cvtneps_pbh(a)) }
}

token_intrinsics!(Avx512Bf16 {
    fn cvtneps_bf16_bits(a: __m512) -> __m256i;
});

/// The lane operations the intrinsics do not give directly.
impl Avx512 {
    /// `a < b` (ordered, quiet), as a mask register.
    #[inline(always)]
    fn lt_ps(self, a: __m512, b: __m512) -> __mmask16 {
        self._mm512_cmp_ps_mask::<_CMP_LT_OQ>(a, b)
    }
    /// `a < b` (ordered, quiet), as a mask register.
    #[inline(always)]
    fn lt_pd(self, a: __m512d, b: __m512d) -> __mmask8 {
        self._mm512_cmp_pd_mask::<_CMP_LT_OQ>(a, b)
    }
    /// `m ? a : b`, lane by lane.
    #[inline(always)]
    fn select_ps(self, m: __mmask16, a: __m512, b: __m512) -> __m512 {
        self._mm512_mask_blend_ps(m, b, a)
    }
    /// `m ? a : b`, lane by lane.
    #[inline(always)]
    fn select_pd(self, m: __mmask8, a: __m512d, b: __m512d) -> __m512d {
        self._mm512_mask_blend_pd(m, b, a)
    }
    /// `-|a|`: the sign bit set.
    #[inline(always)]
    fn neg_abs_ps(self, a: __m512) -> __m512 {
        self._mm512_or_ps(a, self._mm512_set1_ps(-0.0))
    }
    /// `-|a|`: the sign bit set.
    #[inline(always)]
    fn neg_abs_pd(self, a: __m512d) -> __m512d {
        self._mm512_or_pd(a, self._mm512_set1_pd(-0.0))
    }
    /// Whether every lane of the mask is set.
    #[inline(always)]
    fn all16(self, m: __mmask16) -> bool {
        m == 0xffff
    }
    /// Whether any lane of the mask is set.
    #[inline(always)]
    fn any16(self, m: __mmask16) -> bool {
        m != 0
    }
    /// Whether every lane of the mask is set.
    #[inline(always)]
    fn all8(self, m: __mmask8) -> bool {
        m == 0xff
    }
    /// Whether any lane of the mask is set.
    #[inline(always)]
    fn any8(self, m: __mmask8) -> bool {
        m != 0
    }
    /// The bits shifted left by the mantissa width (`2^(n + 64)` from
    /// `MAGIC + n`).
    #[inline(always)]
    fn pow2_bias_ps(self, a: __m512) -> __m512 {
        self._mm512_castsi512_ps(self._mm512_slli_epi32::<23>(self._mm512_castps_si512(a)))
    }
    /// The bits shifted left by the mantissa width.
    #[inline(always)]
    fn pow2_bias_pd(self, a: __m512d) -> __m512d {
        self._mm512_castsi512_pd(self._mm512_slli_epi64::<52>(self._mm512_castpd_si512(a)))
    }
    /// bf16 -> f32: the bits shifted up by 16 (exact).
    #[inline(always)]
    fn bf16_widen(self, h: __m256i) -> __m512 {
        self._mm512_castsi512_ps(self._mm512_slli_epi32::<16>(self._mm512_cvtepu16_epi32(h)))
    }
    /// f32 -> bf16, round to nearest even, NaN kept quiet.
    #[inline(always)]
    fn bf16_narrow(self, v: __m512) -> __m256i {
        let bits = self._mm512_castps_si512(v);
        let lsb = self._mm512_and_si512(
            self._mm512_srli_epi32::<16>(bits),
            self._mm512_set1_epi32(1),
        );
        let rounded = self._mm512_srli_epi32::<16>(self._mm512_add_epi32(
            bits,
            self._mm512_add_epi32(self._mm512_set1_epi32(0x7fff), lsb),
        ));
        let quiet = self._mm512_or_si512(
            self._mm512_srli_epi32::<16>(bits),
            self._mm512_set1_epi32(0x40),
        );
        let nan = self._mm512_cmp_ps_mask::<_CMP_UNORD_Q>(v, v);
        self._mm512_cvtepi32_epi16(self._mm512_mask_blend_epi32(nan, rounded, quiet))
    }
    /// f32 -> f16 (vcvtps2ph, round to nearest even).
    #[inline(always)]
    fn f16_narrow(self, v: __m512) -> __m256i {
        self._mm512_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(v)
    }
    /// [`near_half_way`](crate::half_path::near_half_way) on 16 lanes, as
    /// a bit mask.
    #[inline(always)]
    fn near_half_way(self, z: __m512, half_way_less_margin: u32, low_bits: u32) -> u32 {
        let b = self._mm512_sub_epi32(
            self._mm512_castps_si512(z),
            self._mm512_set1_epi32(half_way_less_margin as i32),
        );
        let b = self._mm512_and_si512(b, self._mm512_set1_epi32(low_bits as i32));
        u32::from(self._mm512_cmplt_epu32_mask(
            b,
            self._mm512_set1_epi32(crate::half_path::NEAR_WIDTH as i32),
        ))
    }
}

/// The operations of the bf16 kernels with AVX512-BF16.
impl Avx512Bf16 {
    /// bf16 -> f32, as without AVX512-BF16.
    #[inline(always)]
    fn bf16_widen(self, h: __m256i) -> __m512 {
        self.avx512.bf16_widen(h)
    }
    /// Any f32 -> bf16, as without AVX512-BF16.
    #[inline(always)]
    fn bf16_narrow(self, v: __m512) -> __m256i {
        self.avx512.bf16_narrow(v)
    }
    /// f32 -> bf16 by `vcvtneps2bf16`: round to nearest even, NaN kept
    /// quiet, but subnormals flushed (see [`near_half_way_or_subnormal`]).
    #[inline(always)]
    fn bf16_narrow_native(self, v: __m512) -> __m256i {
        self.cvtneps_bf16_bits(v)
    }
    /// [`near_half_way`](crate::half_path::near_half_way), plus the lanes
    /// holding a nonzero f32 subnormal, which `vcvtneps2bf16` would flush
    /// to zero: all recomputed by the f64 fallback.
    #[inline(always)]
    fn near_half_way_or_subnormal(
        self,
        z: __m512,
        half_way_less_margin: u32,
        low_bits: u32,
    ) -> u32 {
        let t = self.avx512;
        let mag = t._mm512_and_si512(t._mm512_castps_si512(z), t._mm512_set1_epi32(0x7fff_ffff));
        // mag - 1 < 0x007f_ffff (unsigned): 0 < mag < 2^-126.
        let m1 = t._mm512_sub_epi32(mag, t._mm512_set1_epi32(1));
        let sub = t._mm512_cmplt_epu32_mask(m1, t._mm512_set1_epi32(0x007f_ffff));
        t.near_half_way(z, half_way_less_margin, low_bits) | u32::from(sub)
    }
}

/// 16 f32 lanes.
#[derive(Clone, Copy)]
pub struct F32x16 {
    v: __m512,
    t: Avx512,
}
/// 8 f64 lanes.
#[derive(Clone, Copy)]
pub struct F64x8 {
    v: __m512d,
    t: Avx512,
}

/// The composite operations of [`Lanes`](crate::lanes::Lanes) in one
/// instruction each: `vscalefp*` (`a 2^floor(n)`, rounded once, subnormals
/// included) for the products by `2^n`, and a masked `vscalefp*` for
/// `mul_pow2_or`. (`vrangep*` would do `max(z_min, -|x|)` in one
/// instruction, but it returns the other operand for a quiet NaN, as IEEE
/// `minNum` does.)
macro_rules! avx512_overrides {
    ($ty:ident, $scalef:ident, $mask_scalef:ident, $mask:ty) => {
        #[inline(always)]
        fn scale_pow2(self, n: Self, _scale_up: Self) -> Self {
            $ty {
                v: self.t.$scalef(self.v, n.v),
                t: self.t,
            }
        }
        #[inline(always)]
        fn mul_pow2(self, n: Self, _pow2_n: Self) -> Self {
            $ty {
                v: self.t.$scalef(self.v, n.v),
                t: self.t,
            }
        }
        #[inline(always)]
        fn mul_pow2_or(self, n: Self, _pow2_n: Self, m: $mask, other: Self) -> Self {
            $ty {
                v: self.t.$mask_scalef(other.v, m, self.v, n.v),
                t: self.t,
            }
        }
    };
}

simd_lanes!(F32x16, f32, __mmask16, fused: true, {
    splat: _mm512_set1_ps, add: _mm512_add_ps, sub: _mm512_sub_ps, mul: _mm512_mul_ps,
    div: _mm512_div_ps, mul_add: _mm512_fmadd_ps, neg_mul_add: _mm512_fnmadd_ps,
    neg_abs: neg_abs_ps, min: _mm512_min_ps, max: _mm512_max_ps, lt: lt_ps, select: select_ps,
    pow2_bias: pow2_bias_ps, all: all16, any: any16,
}, overrides {
    avx512_overrides!(F32x16, _mm512_scalef_ps, _mm512_mask_scalef_ps, __mmask16);
    /// `vpermps`: the low 4 bits of each lane index the table (its 8
    /// entries in the low half: `i < 8`, so bit 3 is clear).
    #[inline(always)]
    fn lookup8(self, table: &[f32; 8]) -> F32x16 {
        let [a, b, c, d, e, f, g, h] = *table;
        let t = self.t._mm512_castps256_ps512(self.t._mm256_setr_ps(a, b, c, d, e, f, g, h));
        let v = self.t._mm512_permutexvar_ps(self.t._mm512_castps_si512(self.v), t);
        F32x16 { v, t: self.t }
    }
    /// One `vpermps` over the 16 entries `clear ++ set`, indexed `i + 8`
    /// where `m` is set (`MAGIC_INDEX + i + 8` is exact, so bit 3 of the
    /// index tells the two tables apart): half the permutes of two
    /// lookups and a select. On Zen 4 a 512-bit `vpermps` takes 2 cycles
    /// of its pipe, and the window kernels are bound by their permutes.
    #[inline(always)]
    fn lookup8_select(self, m: __mmask16, set: &[f32; 8], clear: &[f32; 8]) -> F32x16 {
        let [a, b, c, d, e, f, g, h] = *clear;
        let low = self.t._mm512_castps256_ps512(self.t._mm256_setr_ps(a, b, c, d, e, f, g, h));
        let [a, b, c, d, e, f, g, h] = *set;
        let t = self.t._mm512_insertf32x8::<1>(low, self.t._mm256_setr_ps(a, b, c, d, e, f, g, h));
        let index = self.t._mm512_mask_add_ps(self.v, m, self.v, self.t._mm512_set1_ps(8.0));
        let v = self.t._mm512_permutexvar_ps(self.t._mm512_castps_si512(index), t);
        F32x16 { v, t: self.t }
    }
});
simd_lanes!(F64x8, f64, __mmask8, fused: true, {
    splat: _mm512_set1_pd, add: _mm512_add_pd, sub: _mm512_sub_pd, mul: _mm512_mul_pd,
    div: _mm512_div_pd, mul_add: _mm512_fmadd_pd, neg_mul_add: _mm512_fnmadd_pd,
    neg_abs: neg_abs_pd, min: _mm512_min_pd, max: _mm512_max_pd, lt: lt_pd, select: select_pd,
    pow2_bias: pow2_bias_pd, all: all8, any: any8,
}, overrides {
    avx512_overrides!(F64x8, _mm512_scalef_pd, _mm512_mask_scalef_pd, __mmask8);
});

/// The mask of the first `n < 16` lanes.
#[inline(always)]
fn first(n: usize) -> u16 {
    ((1u32 << n) - 1) as u16
}

/// The first `n < 16` f32, by a masked load (masked lanes do not fault).
///
/// # Safety
/// `p` is valid for reading `n` f32.
#[inline(always)]
unsafe fn load_partial_ps(t: Avx512, p: *const f32, n: usize) -> F32x16 {
    // SAFETY: the caller's contract; only the n selected lanes are read; `t`
    // proves AVX-512.
    let v = unsafe { _mm512_maskz_loadu_ps(first(n), p) };
    F32x16 { v, t }
}

/// The first `n < 16` lanes to `p`, by a masked store.
///
/// # Safety
/// `p` is valid for writing `n` f32.
#[inline(always)]
unsafe fn store_partial_ps(r: F32x16, p: *mut f32, n: usize) {
    // SAFETY: the caller's contract; only the n selected lanes are written.
    unsafe { _mm512_mask_storeu_ps(p, first(n), r.v) }
}

/// The first `n < 8` f64, by a masked load.
///
/// # Safety
/// `p` is valid for reading `n` f64.
#[inline(always)]
unsafe fn load_partial_pd(t: Avx512, p: *const f64, n: usize) -> F64x8 {
    // SAFETY: the caller's contract; only the n selected lanes are read.
    let v = unsafe { _mm512_maskz_loadu_pd(first(n) as u8, p) };
    F64x8 { v, t }
}

/// The first `n < 8` lanes to `p`, by a masked store.
///
/// # Safety
/// `p` is valid for writing `n` f64.
#[inline(always)]
unsafe fn store_partial_pd(r: F64x8, p: *mut f64, n: usize) {
    // SAFETY: the caller's contract; only the n selected lanes are written.
    unsafe { _mm512_mask_storeu_pd(p, first(n) as u8, r.v) }
}

// Blocks of 8 registers, interleaved: measured at 4096 f32 (first release,
// Intel Xeon): 0.76 ns per element with 2 registers one after the other,
// 0.62 with 4 interleaved, 0.59 with 8, 0.69 with 16 (spills).
float_vector!(F32x16, f32, Avx512, lanes: 16, block: 8,
    features: "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c", {
    load: _mm512_loadu_ps, store: _mm512_storeu_ps, load_partial: load_partial_ps,
    store_partial: store_partial_ps,
});
float_vector!(F64x8, f64, Avx512, lanes: 8, block: 8,
    features: "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c", {
    load: _mm512_loadu_pd, store: _mm512_storeu_pd, load_partial: load_partial_pd,
    store_partial: store_partial_pd,
});

/// 16 f16.
#[derive(Clone, Copy)]
pub struct F16x16 {
    v: __m256i,
    t: Avx512,
}
/// 16 bf16, rounded with integer operations.
#[derive(Clone, Copy)]
pub struct Bf16x16 {
    v: __m256i,
    t: Avx512,
}
/// 16 bf16, rounded with AVX512-BF16.
#[derive(Clone, Copy)]
pub struct Bf16x16Native {
    v: __m256i,
    t: Avx512Bf16,
}

/// 16 u16 from `p` (unaligned).
///
/// # Safety
/// `p` is valid for reading 16 u16.
#[inline(always)]
unsafe fn load_u16x16(p: *const u16) -> __m256i {
    // SAFETY: the caller's contract.
    unsafe { _mm256_loadu_si256(p.cast()) }
}

/// 16 u16 to `p` (unaligned).
///
/// # Safety
/// `p` is valid for writing 16 u16.
#[inline(always)]
unsafe fn store_u16x16(p: *mut u16, v: __m256i) {
    // SAFETY: the caller's contract.
    unsafe { _mm256_storeu_si256(p.cast(), v) }
}

/// The first `n < 16` halves of a register type `$ty`, by masked loads and
/// stores (AVX-512 BW and VL; masked-off lanes do not fault).
macro_rules! partial_u16x16 {
    ($load:ident, $store:ident, $ty:ident, $h:ty, $token:ty) => {
        /// # Safety
        /// `p` is valid for reading `n` halves.
        #[inline(always)]
        unsafe fn $load(t: $token, p: *const $h, n: usize) -> $ty {
            // SAFETY: a masked load reads only the n selected u16, which the
            // caller guarantees are readable; `t` proves AVX-512.
            let v = unsafe { _mm256_maskz_loadu_epi16(first(n), p.cast()) };
            $ty { v, t }
        }
        /// # Safety
        /// `p` is valid for writing `n` halves.
        #[inline(always)]
        unsafe fn $store(r: $ty, p: *mut $h, n: usize) {
            // SAFETY: a masked store writes only the n selected u16.
            unsafe { _mm256_mask_storeu_epi16(p.cast(), first(n), r.v) }
        }
    };
}

partial_u16x16!(load_partial_f16, store_partial_f16, F16x16, f16, Avx512);
partial_u16x16!(load_partial_bf16, store_partial_bf16, Bf16x16, bf16, Avx512);
partial_u16x16!(
    load_partial_bf16n,
    store_partial_bf16n,
    Bf16x16Native,
    bf16,
    Avx512Bf16
);

// Blocks of 4 registers for the halves: measured on an AMD EPYC Zen 4
// (4096 elements, A/B in one session), 3-10% faster than 8.
half_vector!(F16x16, f16, Avx512, F32x16, lanes: 16, block: 4,
    features: "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c", {
    widen: _mm512_cvtph_ps, narrow: f16_narrow, narrow_any: f16_narrow, near: near_half_way,
    f32_token: identity, load: load_u16x16, store: store_u16x16,
    load_partial: load_partial_f16, store_partial: store_partial_f16,
});
half_vector!(Bf16x16, bf16, Avx512, F32x16, lanes: 16, block: 4,
    features: "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c", {
    widen: bf16_widen, narrow: bf16_narrow, narrow_any: bf16_narrow, near: near_half_way,
    f32_token: identity, load: load_u16x16, store: store_u16x16,
    load_partial: load_partial_bf16, store_partial: store_partial_bf16,
});
half_vector!(Bf16x16Native, bf16, Avx512Bf16, F32x16, lanes: 16, block: 4,
    features: "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c,avx512bf16", {
    widen: bf16_widen, narrow: bf16_narrow_native, narrow_any: bf16_narrow,
    near: near_half_way_or_subnormal, f32_token: Avx512Bf16::avx512, load: load_u16x16,
    store: store_u16x16, load_partial: load_partial_bf16n, store_partial: store_partial_bf16n,
});
