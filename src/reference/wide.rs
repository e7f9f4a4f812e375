//! [`Wide`]: the oracle's unrounded values, and their rounding to the
//! element types.

use super::dd::{ldexp, Dd};

/// An exact-enough value: `(hi + lo) * 2^exp2`, with `hi + lo` a normalised
/// double-double. Keeping the power of two apart lets results below the f64
/// subnormals (a gradient of `1e300 * sigmoid(-800)`) keep full precision.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wide {
    /// The high word.
    pub hi: f64,
    /// The low word, `|lo| <= ulp(hi) / 2`.
    pub lo: f64,
    /// The power of two the pair is scaled by.
    pub exp2: i32,
}

impl Wide {
    pub(crate) fn from_dd(v: Dd, exp2: i32) -> Wide {
        Wide {
            hi: v.hi,
            lo: v.lo,
            exp2,
        }
    }

    pub(crate) fn special(v: f64) -> Wide {
        Wide {
            hi: v,
            lo: 0.0,
            exp2: 0,
        }
    }

    /// Rounded to the nearest f64, ties to even, subnormals included.
    pub fn to_f64(self) -> f64 {
        if !self.hi.is_finite() || self.hi == 0.0 {
            return self.hi;
        }
        let (_, e) = libm::frexp(self.hi);
        if e + self.exp2 > -1021 {
            // The result is normal: round the pair, then scale exactly.
            return ldexp(self.hi + self.lo, self.exp2);
        }
        // Subnormal: round (hi + lo) 2^(exp2 + 1074) to an integer.
        let q = Dd {
            hi: self.hi,
            lo: self.lo,
        }
        .ldexp(self.exp2 + 1074);
        let k = libm::rint(q.hi);
        let frac = (q.hi - k) + q.lo;
        let k = if frac > 0.5 || (frac == 0.5 && libm::fmod(k, 2.0) != 0.0) {
            k + 1.0
        } else if frac < -0.5 || (frac == -0.5 && libm::fmod(k, 2.0) != 0.0) {
            k - 1.0
        } else {
            k
        };
        let r = ldexp(k, -1074);
        if r == 0.0 {
            libm::copysign(0.0, self.hi)
        } else {
            r
        }
    }

    /// Rounded to f64 with round-to-odd (the sticky bit kept in the last
    /// bit): rounding that again to any format of at most 51 bits gives the
    /// correctly rounded result.
    pub fn to_f64_odd(self) -> f64 {
        if !self.hi.is_finite() || self.hi == 0.0 {
            return self.hi;
        }
        let (_, e) = libm::frexp(self.hi);
        if e + self.exp2 <= -1021 {
            // Below the f64 normals: far below anything narrower can hold
            // except as zero; keep the sign and a sticky nonzero value.
            return libm::copysign(ldexp(1.0, -1074), self.hi);
        }
        let v = Dd {
            hi: self.hi,
            lo: self.lo,
        };
        let hi = if v.lo == 0.0 || v.hi.to_bits() & 1 == 1 {
            v.hi
        } else if (v.lo > 0.0) == (v.hi > 0.0) {
            f64::from_bits(v.hi.to_bits() + 1)
        } else {
            f64::from_bits(v.hi.to_bits() - 1)
        };
        ldexp(hi, self.exp2)
    }

    /// `self - y` in units of `2^k`, as an f64 (infinite if `y` is infinite
    /// and `self` is not).
    fn diff_in(self, y: f64, k: i32) -> f64 {
        let ys = Dd::new(ldexp(y, -self.exp2));
        let d = ys.sub(Dd {
            hi: self.hi,
            lo: self.lo,
        });
        ldexp(d.hi + d.lo, self.exp2 - k)
    }

    /// `floor(log2 |value|)`.
    fn ilog2(self) -> i32 {
        let (m, e) = libm::frexp(self.hi);
        // hi is a power of two and lo pulls the value just below it.
        let e = if m.abs() == 0.5 && (self.lo != 0.0) && ((self.lo < 0.0) == (self.hi > 0.0)) {
            e - 2
        } else {
            e - 1
        };
        e + self.exp2
    }

    /// The error of `y` against this value in ULPs of a format with
    /// `digits` significant bits and smallest normal exponent `emin`.
    /// NaN against NaN, and equal infinities, are 0, as is an infinity where
    /// the value overflows the format; a zero of the wrong sign is infinite.
    pub fn ulp_error(self, y: f64, digits: u32, emin: i32) -> f64 {
        if self.hi.is_nan() || y.is_nan() {
            return if self.hi.is_nan() && y.is_nan() {
                0.0
            } else {
                f64::INFINITY
            };
        }
        if y.is_infinite() && self.hi.is_finite() && self.hi != 0.0 {
            // Right if the value rounds to that infinity: it is at least
            // half-way between the format's largest finite value and
            // 2^(emax + 1) (IEEE formats: emax = 1 - emin).
            let emax = 1 - emin;
            let scaled = ldexp(self.hi, self.exp2 - emax) + ldexp(self.lo, self.exp2 - emax);
            let overflows = scaled.abs() >= 2.0 - ldexp(1.0, -(digits as i32));
            return if overflows && (scaled > 0.0) == (y > 0.0) {
                0.0
            } else {
                f64::INFINITY
            };
        }
        if self.hi.is_infinite() || y.is_infinite() {
            return if self.hi == y { 0.0 } else { f64::INFINITY };
        }
        if self.hi == 0.0 {
            if y == 0.0 {
                return if y.is_sign_negative() == self.hi.is_sign_negative() {
                    0.0
                } else {
                    f64::INFINITY
                };
            }
            return f64::INFINITY;
        }
        if y == 0.0 && y.is_sign_negative() != self.hi.is_sign_negative() {
            return f64::INFINITY;
        }
        let k = self.ilog2().max(emin) - (digits as i32 - 1);
        self.diff_in(y, k).abs()
    }
}

impl core::ops::Neg for Wide {
    type Output = Wide;
    /// `-self`, exactly.
    fn neg(self) -> Wide {
        Wide {
            hi: -self.hi,
            lo: -self.lo,
            exp2: self.exp2,
        }
    }
}

/// `v` rounded to f32 with round-to-odd (see [`Wide::to_f64_odd`]). The
/// kernels' half path has its own copy on purpose: the oracle shares no code
/// with what it checks.
pub(crate) fn f64_to_f32_odd(v: f64) -> f32 {
    let near = v as f32;
    if !near.is_finite() || f64::from(near) == v {
        return near;
    }
    let mut bits = near.to_bits();
    if f64::from(near).abs() > v.abs() {
        bits -= 1;
    }
    f32::from_bits(bits | 1)
}
