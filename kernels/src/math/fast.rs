//! The Fast tier's f32 algorithms (`Precision::Fast` in the `logsigmoid`
//! crate), which the half types' forwards run too: within 1.5 ULP instead
//! of 1; log-sigmoid without a division. Sigmoid and SiLU take the logistic
//! window below on `|x| < 4` (27 and 31 operations against the Faithful
//! window's 34 and 38), their faithful algorithms beyond. (f64's Fast
//! tier is the faithful algorithm: a division-free f64 `log1p` needs a
//! polynomial of degree 20, measured slower than the division.)
//!
//! Two paths, chosen per block of registers by what its lanes need
//! (`window::by_window`: every lane's result is its own path's, so the
//! choice never changes a bit):
//!
//! 1. **The window, `|x| < 4`**: `y` straight from a polynomial in `s` on
//!    the interval of `|x|` (`math::window`), `y = c0 + s (c1 + s P(s))` by
//!    Horner's scheme, degree 5, every coefficient one word
//!    (`LOG_SIGMOID_WINDOW_FAST`: `-log1p(exp(-a))` for `x >= 0`, `-(a +
//!    log1p(exp(-a)))` for `x < 0`, which differ in `c0` and `c1` only; the
//!    rest fitted for `x >= 0` after `c0` was rounded). 23 operations per
//!    register against the Faithful window's 36 (`math::faithful`: degree
//!    6, `c0` and `c1` two words, an error-free linear term).
//! 2. **Beyond, `|x| >= 4`** (and NaN, infinities): `t = exp(-|x|) = 2^n
//!    (a_h + a_l)` (rr2 reduction, `EXPM1_HALF` of degree 4, `1 + (e^r -
//!    1)` by Fast2Sum), `log1p(t) = t + t^2 R(t)` with `t <= e^-4`
//!    (`window::LOG1P_SMALL`), and `y = min(x, -0.0) - log1p(t)`. 33
//!    operations per register against the Faithful path's 40.
//!
//! Measured over every f32 input: see the README's accuracy table (the
//! exhaustive sweep asserts 1.5 ULP).

use super::coefficients::{EXPM1_HALF, LOGISTIC_WINDOW_FAST, LOG_SIGMOID_WINDOW_FAST};
use super::reduce;
use super::window::{
    by_window, horner_lookup, interval, log_sigmoid_beyond, silu_from_sigmoid, LOG1P_SMALL,
};
use crate::lanes::{horner, Lanes, Real};

/// `log_sigmoid(x)`, lane by lane, within 1.5 ULP.
#[inline(always)]
pub(crate) fn log_sigmoid<V: Lanes<Real = f32>>(x: V) -> V {
    let z = x.neg_abs();
    by_window!(x, z, window(x, z), beyond(x))
}

/// `dy * sigmoid(-x)`, lane by lane, within 3 ULP: on `|x| < 4` from the
/// logistic window (`LOGISTIC_WINDOW_FAST`) rounded, times `dy` (2.08 ULP
/// measured), beyond it the faithful gradient (`math::backward`: every `dy`
/// and tiny `sigmoid(-x)` kept in range, 1.4 ULP; the half types'
/// single-word one measured 2.97 ULP there, too close to the bound), chosen
/// per block of registers as the forward.
#[inline(always)]
pub(crate) fn log_sigmoid_backward<V: Lanes<Real = f32>>(x: V, dy: V) -> V {
    let z = x.neg_abs();
    by_window!(x, z, window_backward(x, z, dy), super::backward(x, dy))
}

/// `d0_lo` where `upper` is set, 0 elsewhere: `c0` is one word.
const NO_LOW_WORD: [f32; 8] = [0.0; 8];

/// `sigmoid(-|x|) = c0 + s P(s)` (lanes where `upper` is false) or
/// `sigmoid(|x|) = d0 - s P(s)` (where it is set) for `z = -|x| > -4`, as
/// `hi + lo` with `hi = c0` or `d0_hi` and `lo = ±s P(s)` (plus `d0_lo`),
/// from `LOGISTIC_WINDOW_FAST` (degree 5, `P` fitted after `c0` was
/// rounded; `d0 = 1 - c0` in two words, so that the upper side does not
/// add `d0`'s rounding: one word there measured 1.87 ULP for SiLU). Five
/// lookups and two `lookup8_select`s (one permute each on AVX-512: seven
/// permutes, against the Faithful window's nine).
#[inline(always)]
fn logistic_window<V: Lanes<Real = f32>>(z: V, upper: V::Mask) -> (V, V) {
    let c = &LOGISTIC_WINDOW_FAST;
    let (k, w) = interval(z);
    let p = horner_lookup(k, w, &c[3..]);
    let hi = k.lookup8_select(upper, &c[1], &c[0]);
    let lo = p.mul_add(
        V::select(upper, w.neg(), w),
        k.lookup8_select(upper, &c[2], &NO_LOW_WORD),
    );
    (hi, lo)
}

/// `dy sigmoid(-x)` for `z = -|x| > -4`: `sigmoid(|x|)` for `x < 0`.
#[inline(always)]
fn window_backward<V: Lanes<Real = f32>>(x: V, z: V, dy: V) -> V {
    let (hi, lo) = logistic_window(z, x.lt(x.splat(f32::ZERO)));
    // g rounded first: dy = -0.0 gives -0.0 whatever the sign of lo.
    dy.mul(hi.add(lo))
}

/// `sigmoid(x)`, lane by lane, within 1.5 ULP: on `|x| < 4` from the
/// logistic window, `hi + lo` rounded, beyond it the faithful algorithm
/// (`logistic::sigmoid`), per block of registers as log-sigmoid's.
#[inline(always)]
pub(crate) fn sigmoid<V: Lanes<Real = f32>>(x: V) -> V {
    let z = x.neg_abs();
    by_window!(x, z, window_sigmoid(x, z), super::logistic::sigmoid(x))
}

/// `sigmoid(x)` for `z = -|x| > -4`: `sigmoid(|x|)` for `x > 0`.
#[inline(always)]
fn window_sigmoid<V: Lanes<Real = f32>>(x: V, z: V) -> V {
    let (hi, lo) = logistic_window(z, x.splat(f32::ZERO).lt(x));
    hi.add(lo)
}

/// `silu(x)` for `z = -|x| > -4`: `x (hi + lo)`, `x hi` exact inside the
/// FMA and `x lo` rounded (`window::silu_from_sigmoid`).
#[inline(always)]
fn window_silu<V: Lanes<Real = f32>>(x: V, z: V) -> V {
    silu_from_sigmoid(x, z, logistic_window(z, x.splat(f32::ZERO).lt(x)))
}

/// `silu(x)`, lane by lane, within 1.5 ULP: on `|x| < 4`, `x sigmoid(x)`
/// with `sigmoid(x)` from the logistic window as `hi + lo`, beyond it the
/// faithful algorithm.
#[inline(always)]
pub(crate) fn silu<V: Lanes<Real = f32>>(x: V) -> V {
    let z = x.neg_abs();
    by_window!(x, z, window_silu(x, z), super::logistic::silu(x))
}

/// The window's polynomial for `z = -|x| > -4`.
#[inline(always)]
fn window<V: Lanes<Real = f32>>(x: V, z: V) -> V {
    let r_ = |v| x.splat(v);
    let c = &LOG_SIGMOID_WINDOW_FAST;
    let (k, w) = interval(z);
    // x < 0 takes its own c0 and c1 (rows 2-3), x >= 0 (and -0.0) rows 0-1.
    let neg = x.lt(r_(f32::ZERO));
    let p = horner_lookup(k, w, &c[4..]);
    let c1 = k.lookup8_select(neg, &c[3], &c[1]);
    let c0 = k.lookup8_select(neg, &c[2], &c[0]);
    p.mul_add(w, c1).mul_add(w, c0)
}

/// `|x| >= 4`, NaN and the infinities, by `exp` and a short `log1p`.
#[inline(always)]
fn beyond<V: Lanes<Real = f32>>(x: V) -> V {
    let r_ = |v| x.splat(v);
    let (k, n, r) = reduce(x, f32::Z_MIN);
    // rr2: the low part of ln 2 folded into r (one rounding, 2^-25 |r|).
    let r = n.mul_add(r_(f32::NEG_LN2_LO), r);
    // e^r = a_h + a_l: e^r - 1 = r + c in one word, 1 + (r + c) by Fast2Sum
    // (a_l is at most half an ULP of a_h: where FTZ flushes t_l, t is so
    // small that that is all it loses).
    let c = r.mul(r).mul(horner(r, &EXPM1_HALF));
    let e = r.add(c);
    let one = r_(f32::ONE);
    let a_h = one.add(e);
    let a_l = one.sub(a_h).add(e);
    let scale_up = k.pow2_bias();
    // t = t_h + t_l (t_l a plain product: where it underflows it no longer
    // counts, and every ISA has the same bits).
    let t_h = a_h.scale_pow2(n, scale_up);
    let t_l = a_l.mul(scale_up.mul(r_(f32::POW2_M64)));
    let l = t_h.add(t_h.mul(t_h).mul_add(horner(t_h, &LOG1P_SMALL), t_l));
    log_sigmoid_beyond(x, l)
}
