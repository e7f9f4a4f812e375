//! The algorithm's constants for `f32` and `f64`, and their scalar FMA.

use super::coefficients::{ATANH_F32, ATANH_F64, EXPM1_F32, EXPM1_F64, EXPM1_HALF};
use crate::lanes::{Lanes, Real};

impl Real for f32 {
    #[inline(always)]
    fn choose(a: f32, _: f64) -> f32 {
        a
    }
    #[inline(always)]
    fn log_sigmoid_faithful<V: Lanes<Real = f32>>(x: V) -> V {
        // Without FMA (where the kernels run f32 in f64 lanes, and only the
        // operation counts call this) the error-free steps of the window
        // would not be: the generic algorithm, with Dekker's products.
        if V::FUSED {
            super::faithful::log_sigmoid(x)
        } else {
            super::log_sigmoid(x)
        }
    }
    #[inline(always)]
    fn sigmoid_faithful<V: Lanes<Real = f32>>(x: V) -> V {
        if V::FUSED {
            super::faithful::sigmoid(x)
        } else {
            super::logistic::sigmoid(x)
        }
    }
    #[inline(always)]
    fn silu_faithful<V: Lanes<Real = f32>>(x: V) -> V {
        if V::FUSED {
            super::faithful::silu(x)
        } else {
            super::logistic::silu(x)
        }
    }
    #[inline(always)]
    fn log_sigmoid_fast<V: Lanes<Real = f32>>(x: V) -> V {
        super::fast::log_sigmoid(x)
    }
    #[inline(always)]
    fn log_sigmoid_backward_fast<V: Lanes<Real = f32>>(x: V, dy: V) -> V {
        super::fast::log_sigmoid_backward(x, dy)
    }
    #[inline(always)]
    fn sigmoid_fast<V: Lanes<Real = f32>>(x: V) -> V {
        super::fast::sigmoid(x)
    }
    #[inline(always)]
    fn silu_fast<V: Lanes<Real = f32>>(x: V) -> V {
        super::fast::silu(x)
    }
    #[inline(always)]
    fn fma(self, b: f32, c: f32) -> f32 {
        #[cfg(feature = "std")]
        {
            self.mul_add(b, c)
        }
        #[cfg(not(feature = "std"))]
        {
            libm::fmaf(self, b, c)
        }
    }
    // 1.5 * 2^23 + 127 + 64
    const MAGIC: f32 = 12_583_103.0;
    const MAGIC_INDEX: f32 = 12_582_912.0;
    const LOG2E: f32 = core::f32::consts::LOG2_E;
    const NEG_LN2_HI: f32 = -core::f32::consts::LN_2;
    // 1.9046542e-9
    const NEG_LN2_LO: f32 = f32::from_bits(0x3102_e308);
    // The high 15 bits (|n| < 2^9), and the 9 after them.
    const NEG_LN2_HI_A: f32 = f32::from_bits(Self::NEG_LN2_HI.to_bits() & !0x1ff);
    const NEG_LN2_HI_B: f32 = Self::NEG_LN2_HI - Self::NEG_LN2_HI_A;
    const SPLIT: f32 = 4097.0;
    // exp(-104) < 2^-150: the result is -0.0 from here on.
    const Z_MIN: f32 = -104.0;
    // exp(-195) < 2^-281 = 2^-150 / 2^131.
    const Z_MIN_BACKWARD: f32 = -195.0;
    // 112 exp(-112) < 2^-154 (and n = -162: 2^(n + 64) is normal).
    const SILU_Z_MIN: f32 = -112.0;
    // 205 exp(-205) < 2^-287 = 2^-150 / 2^137.
    const SILU_Z_MIN_BACKWARD: f32 = -205.0;
    const SILU_X_CLAMP: f32 = -2048.0;
    // exp(-64) = 2^-92.3: 2^(n+1) and silu'(x) are normal above.
    const SILU_X_SCALED: f32 = -64.0;
    const TWELVE: f32 = 12.0;
    const POW2_M12: f32 = f32::from_bits(0x3980_0000); // 2^-12
    const NEG_CUTOFF: f32 = -1024.0;
    const POW2_M64: f32 = f32::from_bits(0x1f80_0000); // 2^-64
    const EXPM1: &'static [f32] = &EXPM1_F32;
    const ATANH: &'static [f32] = &ATANH_F32;
    // 1 + r + r^2 P(r), P of degree 4 (the half types' fit: 2^-27 absolute).
    const EXP_COARSE: &'static [f32] = &[
        1.0,
        1.0,
        EXPM1_HALF[0],
        EXPM1_HALF[1],
        EXPM1_HALF[2],
        EXPM1_HALF[3],
        EXPM1_HALF[4],
    ];
    const MAX: f32 = f32::MAX;
    const ZERO: f32 = 0.0;
    const QUARTER: f32 = 0.25;
    const NEG_ZERO: f32 = -0.0;
    const NEG_TWO: f32 = -2.0;
    const HALF: f32 = 0.5;
    const ONE: f32 = 1.0;
    const NEG_ONE: f32 = -1.0;
    const TWO: f32 = 2.0;
}

impl Real for f64 {
    #[inline(always)]
    fn choose(_: f32, b: f64) -> f64 {
        b
    }
    #[inline(always)]
    fn log_sigmoid_faithful<V: Lanes<Real = f64>>(x: V) -> V {
        super::log_sigmoid(x)
    }
    #[inline(always)]
    fn sigmoid_faithful<V: Lanes<Real = f64>>(x: V) -> V {
        super::logistic::sigmoid(x)
    }
    #[inline(always)]
    fn silu_faithful<V: Lanes<Real = f64>>(x: V) -> V {
        super::logistic::silu(x)
    }
    #[inline(always)]
    fn log_sigmoid_fast<V: Lanes<Real = f64>>(x: V) -> V {
        super::log_sigmoid(x)
    }
    #[inline(always)]
    fn log_sigmoid_backward_fast<V: Lanes<Real = f64>>(x: V, dy: V) -> V {
        // Without FMA the single word's polynomial and reduction round
        // twice per step: 3.3 ULP measured, over Fast's bound of 3.
        if V::FUSED {
            super::half::backward(x, dy)
        } else {
            super::backward(x, dy)
        }
    }
    #[inline(always)]
    fn sigmoid_fast<V: Lanes<Real = f64>>(x: V) -> V {
        super::logistic::sigmoid(x)
    }
    #[inline(always)]
    fn silu_fast<V: Lanes<Real = f64>>(x: V) -> V {
        super::logistic::silu(x)
    }
    #[inline(always)]
    fn fma(self, b: f64, c: f64) -> f64 {
        #[cfg(feature = "std")]
        {
            self.mul_add(b, c)
        }
        #[cfg(not(feature = "std"))]
        {
            libm::fma(self, b, c)
        }
    }
    // 1.5 * 2^52 + 1023 + 64
    const MAGIC: f64 = 6_755_399_441_056_831.0;
    const MAGIC_INDEX: f64 = 6_755_399_441_055_744.0;
    const LOG2E: f64 = core::f64::consts::LOG2_E;
    const NEG_LN2_HI: f64 = -core::f64::consts::LN_2;
    const NEG_LN2_LO: f64 = -2.319_046_813_846_299_6e-17;
    // The high 41 bits (|n| < 2^12), and the 12 after them.
    const NEG_LN2_HI_A: f64 = f64::from_bits(Self::NEG_LN2_HI.to_bits() & !0xfff);
    const NEG_LN2_HI_B: f64 = Self::NEG_LN2_HI - Self::NEG_LN2_HI_A;
    const SPLIT: f64 = 134_217_729.0;
    // exp(-746) < 2^-1075: the result is -0.0 from here on.
    const Z_MIN: f64 = -746.0;
    // exp(-1460) < 2^-2106 = 2^-1075 / 2^1031.
    const Z_MIN_BACKWARD: f64 = -1460.0;
    // 752.5 exp(-752.5) < 2^-1076; n = -1086 is the lowest 2^(n + 64)
    // that the magic-bias bits hold.
    const SILU_Z_MIN: f64 = -752.5;
    // 1475 exp(-1475) < 2^-2117 = 2^-1075 / 2^1042.
    const SILU_Z_MIN_BACKWARD: f64 = -1475.0;
    const SILU_X_CLAMP: f64 = -2048.0;
    // exp(-600) = 2^-865.6: 2^(n+1) and silu'(x) are normal above.
    const SILU_X_SCALED: f64 = -600.0;
    const TWELVE: f64 = 12.0;
    const POW2_M12: f64 = f64::from_bits(0x3f30_0000_0000_0000); // 2^-12
    const NEG_CUTOFF: f64 = -1024.0;
    const POW2_M64: f64 = f64::from_bits(0x3bf0_0000_0000_0000); // 2^-64
    const EXPM1: &'static [f64] = &EXPM1_F64;
    const ATANH: &'static [f64] = &ATANH_F64;
    // 1 + r + r^2 P(r), P of degree 9 (f64's fit).
    const EXP_COARSE: &'static [f64] = &[
        1.0,
        1.0,
        EXPM1_F64[0],
        EXPM1_F64[1],
        EXPM1_F64[2],
        EXPM1_F64[3],
        EXPM1_F64[4],
        EXPM1_F64[5],
        EXPM1_F64[6],
        EXPM1_F64[7],
        EXPM1_F64[8],
        EXPM1_F64[9],
    ];
    const MAX: f64 = f64::MAX;
    const ZERO: f64 = 0.0;
    const QUARTER: f64 = 0.25;
    const NEG_ZERO: f64 = -0.0;
    const NEG_TWO: f64 = -2.0;
    const HALF: f64 = 0.5;
    const ONE: f64 = 1.0;
    const NEG_ONE: f64 = -1.0;
    const TWO: f64 = 2.0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_what_they_say() {
        // Exact powers of two by repeated halving (powi is not exact in Miri).
        let p32 = |k: i32| (0..k.abs()).fold(1.0f32, |a, _| if k < 0 { a * 0.5 } else { a * 2.0 });
        let p64 = |k: i32| (0..k.abs()).fold(1.0f64, |a, _| if k < 0 { a * 0.5 } else { a * 2.0 });
        assert_eq!(f32::POW2_M64, p32(-64));
        assert_eq!(f64::POW2_M64, p64(-64));
        assert_eq!(f32::POW2_M12, p32(-12));
        assert_eq!(f64::POW2_M12, p64(-12));
        assert_eq!(f32::MAGIC, 1.5 * p32(23) + 191.0);
        assert_eq!(f64::MAGIC, 1.5 * p64(52) + 1087.0);
        // ln2_hi - ln2 in f64 arithmetic is exact enough to check the f32 low word.
        let lo = f64::from(-f32::NEG_LN2_HI) - core::f64::consts::LN_2;
        assert_eq!(f32::NEG_LN2_LO, lo as f32);
        // The FMA-free reduction's split of ln2_hi: exact, each part short
        // enough for n's bits (the clamps bound |n|: 296 in f32, 2128 in
        // f64), and the high part strictly below ln 2 (Sterbenz for n = 1).
        assert_eq!(f32::NEG_LN2_HI_A + f32::NEG_LN2_HI_B, f32::NEG_LN2_HI);
        assert_eq!(f64::NEG_LN2_HI_A + f64::NEG_LN2_HI_B, f64::NEG_LN2_HI);
        let hi = core::hint::black_box((f32::NEG_LN2_HI, f64::NEG_LN2_HI));
        assert!(f32::NEG_LN2_HI_A > hi.0 && f64::NEG_LN2_HI_A > hi.1);
        let n32 = -f32::SILU_Z_MIN_BACKWARD * f32::LOG2E;
        let n64 = -f64::SILU_Z_MIN_BACKWARD * f64::LOG2E;
        assert!(n32 < 512.0 && n64 < 4096.0, "{n32} {n64}");
        let bits32 = |v: f32| 24 - (v.to_bits() & 0x7f_ffff).trailing_zeros().min(23);
        let bits64 = |v: f64| 53 - (v.to_bits() & 0xf_ffff_ffff_ffff).trailing_zeros().min(52);
        assert!(bits32(f32::NEG_LN2_HI_A) + 9 <= 24 && bits32(f32::NEG_LN2_HI_B) + 9 <= 24);
        assert!(bits64(f64::NEG_LN2_HI_A) + 12 <= 53 && bits64(f64::NEG_LN2_HI_B) + 12 <= 53);
        assert_eq!(f32::SPLIT, p32(12) + 1.0);
        assert_eq!(f64::SPLIT, p64(27) + 1.0);
    }
}
