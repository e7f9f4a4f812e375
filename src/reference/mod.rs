//! The scalar oracle: `log_sigmoid` and its gradient in double-double
//! arithmetic (about 104 bits), rounded once to the element type.
//!
//! This is the reference the kernels are tested against, not a fast path: it
//! takes about a microsecond per call. Besides the rounded results, it
//! measures errors in ULPs ([`log_sigmoid_ulp_error`],
//! [`log_sigmoid_backward_ulp_error`]) against the unrounded value.
//!
//! ```
//! use logsigmoid::reference;
//!
//! assert_eq!(reference::log_sigmoid(1.0f64), -0.3132616875182228);
//! assert_eq!(reference::log_sigmoid(100.0f32), -3.8e-44);
//! assert_eq!(reference::log_sigmoid(f32::INFINITY).to_bits(), (-0.0f32).to_bits());
//! ```

mod dd;

use crate::Element;
use dd::{exp_scaled, ldexp, log1p, Dd};

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
    fn from_dd(v: Dd, exp2: i32) -> Wide {
        Wide {
            hi: v.hi,
            lo: v.lo,
            exp2,
        }
    }

    fn special(v: f64) -> Wide {
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
    /// NaN against NaN, and equal infinities, are 0; a zero of the wrong sign
    /// is infinite.
    pub fn ulp_error(self, y: f64, digits: u32, emin: i32) -> f64 {
        if self.hi.is_nan() || y.is_nan() {
            return if self.hi.is_nan() && y.is_nan() {
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

/// Beyond this `|x|`, `exp(-|x|) < 2^-2885` only matters as a sticky bit.
const HUGE: f64 = 2000.0;

/// `log_sigmoid(x)` for an f64 `x`, unrounded.
pub fn log_sigmoid_wide(x: f64) -> Wide {
    if x.is_nan() {
        return Wide::special(x);
    }
    if x == f64::NEG_INFINITY {
        return Wide::special(x);
    }
    if x > HUGE {
        // -exp(-x) < 2^-2885: below every format's smallest subnormal.
        return Wide {
            hi: -1.0,
            lo: 0.0,
            exp2: -3000,
        };
    }
    if x < -HUGE {
        // x - exp(x), exp(x) < 2^-2885: x, inexact.
        return Wide {
            hi: x,
            lo: -f64::from_bits(1),
            exp2: 0,
        };
    }
    let (m, n) = exp_scaled(Dd::new(-x.abs()));
    // log1p(t) for t = m 2^n; below 2^-200 it is t (1 - t/2 + ...) = t to
    // far more than 106 bits.
    let (l, l_exp) = if n < -200 {
        (m, n)
    } else {
        (log1p(m.ldexp(n)), 0)
    };
    if x >= 0.0 {
        Wide::from_dd(l.neg(), l_exp)
    } else {
        let l = if l_exp == 0 { l } else { l.ldexp(l_exp) };
        Wide::from_dd(Dd::new(x).sub(l), 0)
    }
}

/// `dy * sigmoid(-x)` for f64 `x` and `dy`, unrounded.
pub fn log_sigmoid_backward_wide(x: f64, dy: f64) -> Wide {
    if x.is_nan() || dy.is_nan() {
        return Wide::special(f64::NAN);
    }
    if x == f64::INFINITY {
        return Wide::special(dy * 0.0);
    }
    if x == f64::NEG_INFINITY || dy == 0.0 || dy.is_infinite() {
        // sigmoid(-x) is in (0, 1]: the product keeps dy's zero or infinity.
        return Wide::special(dy);
    }
    if x > HUGE {
        // dy exp(-x) < 2^1024 2^-2885: below every format's subnormals.
        return Wide {
            hi: libm::copysign(1.0, dy),
            lo: 0.0,
            exp2: -3000,
        };
    }
    if x < -HUGE {
        // dy (1 - exp(x)): dy, inexact.
        return Wide {
            hi: dy,
            lo: -libm::copysign(f64::from_bits(1), dy),
            exp2: 0,
        };
    }
    let (m, n) = exp_scaled(Dd::new(-x.abs()));
    let t = if n < -1100 { Dd::new(0.0) } else { m.ldexp(n) };
    let one_plus_t = Dd::new(1.0).add(t);
    let (dm, de) = libm::frexp(dy);
    if x < 0.0 {
        let s = Dd::new(1.0).div(one_plus_t);
        Wide::from_dd(s.mul_f64(dm), de)
    } else {
        let s = m.div(one_plus_t);
        Wide::from_dd(s.mul_f64(dm), de + n)
    }
}

/// `log_sigmoid(x)`, correctly rounded to `T` (f64: to nearest from the
/// double-double; the narrower types from it through round-to-odd, so once).
pub fn log_sigmoid<T: Element>(x: T) -> T {
    T::round_from(log_sigmoid_wide(x.widen()))
}

/// `dy * sigmoid(-x)`, the gradient of `log_sigmoid`, correctly rounded to `T`.
pub fn log_sigmoid_backward<T: Element>(x: T, dy: T) -> T {
    T::round_from(log_sigmoid_backward_wide(x.widen(), dy.widen()))
}

/// The error of `y` as a value of `log_sigmoid(x)`, in ULPs of `T`.
pub fn log_sigmoid_ulp_error<T: Element>(x: T, y: T) -> f64 {
    let (digits, emin) = T::FORMAT;
    log_sigmoid_wide(x.widen()).ulp_error(y.widen(), digits, emin)
}

/// The error of `dx` as a value of `dy * sigmoid(-x)`, in ULPs of `T`.
pub fn log_sigmoid_backward_ulp_error<T: Element>(x: T, dy: T, dx: T) -> f64 {
    let (digits, emin) = T::FORMAT;
    log_sigmoid_backward_wide(x.widen(), dy.widen()).ulp_error(dx.widen(), digits, emin)
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
