//! The Faithful f32 forwards on the FMA kernels (log-sigmoid, and through
//! it softplus; sigmoid and SiLU): within 1 ULP, by two paths chosen per
//! block of registers (`window::by_window`: every lane's result is its own path's, so
//! the choice never changes a bit).
//!
//! 1. **Log-sigmoid on the window, `|x| < 4`**: `y` straight from a
//!    polynomial of degree 6 in `w = 2s` on the interval of `|x|`
//!    (`math::window`): `-log1p(exp(-a))` for `x >= 0`, `-(a +
//!    log1p(exp(-a)))` for `x < 0` (`LOG_SIGMOID_WINDOW`, fitted within
//!    2^-31.8 relative). The two differ in `c0` and `c1` only, and those are
//!    two words each, for each sign, so that the large terms carry no
//!    rounding of their coefficients; `c0_hi + w c1_hi = v + r` is one FMA
//!    rounded and its error (a second FMA), and `y = v + (r + low)` with
//!    `low = fma(fma(Q(w), w, c1_lo), w, c0_lo)`: one rounding of the
//!    polynomial, to within about 2^-6 ULP. 36 operations per register.
//! 2. **Log-sigmoid beyond, `|x| >= 4`** (NaN, the infinities): `t =
//!    exp(-|x|)` as a double word (`math::exp_neg_abs`: the exact FMA
//!    reduction, as the f64 algorithm), a short `log1p(t)` whose last step
//!    is one FMA (so that subnormal results are rounded once), and `min(x,
//!    -0.0) - log1p(t)` (`window::log_sigmoid_beyond`). 40 operations.
//! 3. **Sigmoid and SiLU on the window**: `sigmoid(-|x|) = c0 + s P(s)` and
//!    `sigmoid(|x|) = d0 - s P(s)` (`LOGISTIC_WINDOW`, within 2^-30.8; `c0`,
//!    `d0` and `c1` two words), evaluated as log-sigmoid's with `s` negated
//!    for `x > 0`, as a double word; SiLU multiplies it by `x` with one
//!    rounding (`window::silu_from_sigmoid`). 34 and 38 operations; beyond
//!    the window their division-based algorithms (`math::logistic`, 46 and
//!    52).
//!
//! The generic log-sigmoid (`math::log_sigmoid`, which f64 runs) takes 61
//! operations, one a division, and measured 0.78 ULP where this one
//! measures 0.60; all f32 maxima are in the README's accuracy table (the
//! exhaustive sweep asserts 1 ULP). Targets without FMA compute f32 in f64
//! lanes (`math::wide`); f64 runs the generic algorithms.

use super::coefficients::{LOGISTIC_WINDOW, LOG_SIGMOID_WINDOW};
use super::exp_neg_abs;
use super::window::{
    by_window, horner_lookup, interval, log_sigmoid_beyond, silu_from_sigmoid, LOG1P_SMALL,
};
use crate::lanes::{horner, Lanes, Real};

/// `log_sigmoid(x)`, lane by lane, within 1 ULP.
#[inline(always)]
pub(crate) fn log_sigmoid<V: Lanes<Real = f32>>(x: V) -> V {
    let z = x.neg_abs();
    by_window!(x, z, window(x, z), beyond(x))
}

/// `sigmoid(x)`, lane by lane, within 1 ULP: on `|x| < 4` the logistic
/// window (`logistic_window`), beyond it the division-based algorithm
/// (`logistic::sigmoid`).
#[inline(always)]
pub(crate) fn sigmoid<V: Lanes<Real = f32>>(x: V) -> V {
    let z = x.neg_abs();
    by_window!(
        x,
        z,
        {
            let (hi, lo) = logistic_window(x, z);
            hi.add(lo)
        },
        super::logistic::sigmoid(x)
    )
}

/// `silu(x)`, lane by lane, within 1 ULP: on `|x| < 4`, `x sigmoid(x)` with
/// `sigmoid(x)` from the logistic window as a double word, beyond it the
/// division-based algorithm (`logistic::silu`).
#[inline(always)]
pub(crate) fn silu<V: Lanes<Real = f32>>(x: V) -> V {
    let z = x.neg_abs();
    by_window!(
        x,
        z,
        silu_from_sigmoid(x, z, logistic_window(x, z)),
        super::logistic::silu(x)
    )
}

/// `sigmoid(x)` for `z = -|x| > -4` as `hi + lo` (`lo` a few ULPs of
/// `hi` at most, the sum within about 2^-6 ULP of the polynomial):
/// `sigmoid(-|x|) = c0 + s P(s)` for `x <= 0`, `sigmoid(|x|) = d0 - s
/// P(s)` for `x > 0` (`LOGISTIC_WINDOW`: `P = c1 + s Q(s)`, `c0`, `d0` and
/// `c1` two words), evaluated as the log-sigmoid window with `s` negated
/// for `x > 0`.
#[inline(always)]
fn logistic_window<V: Lanes<Real = f32>>(x: V, z: V) -> (V, V) {
    let c = &LOGISTIC_WINDOW;
    let (k, w) = interval(z);
    let upper = x.splat(f32::ZERO).lt(x);
    let w_signed = V::select(upper, w.neg(), w);
    let q = horner_lookup(k, w, &c[6..]);
    let u = q.mul_add(w, k.lookup8(&c[5]));
    let low = u.mul_add(w_signed, k.lookup8_select(upper, &c[3], &c[1]));
    // c0_hi + s c1_hi = v + r, as in the log-sigmoid window (|s c1| is
    // below |c0| / 3 here too).
    let c0_hi = k.lookup8_select(upper, &c[2], &c[0]);
    let c1_hi = k.lookup8(&c[4]);
    let v = w_signed.mul_add(c1_hi, c0_hi);
    let r = w_signed.mul_add(c1_hi, c0_hi.sub(v));
    (v, r.add(low))
}

/// The window's polynomial for `z = -|x| > -4`.
#[inline(always)]
fn window<V: Lanes<Real = f32>>(x: V, z: V) -> V {
    let c = &LOG_SIGMOID_WINDOW;
    let (k, w) = interval(z);
    // x < 0 takes rows 4-7, x >= 0 (and -0.0) rows 0-3 (no closure for
    // the lookups: it would lose the kernels' target features).
    let neg = x.lt(x.splat(f32::ZERO));
    let q = horner_lookup(k, w, &c[8..]);
    let u = q.mul_add(w, k.lookup8_select(neg, &c[7], &c[3]));
    let low = u.mul_add(w, k.lookup8_select(neg, &c[5], &c[1]));
    // c0_hi + s c1_hi = v + r: v rounded once, r its error (c0_hi - v is
    // exact by Sterbenz, |s c1| being below |c0| / 3, and the FMA's product
    // is exact, so r is the error itself, rounded far below an ULP of y).
    let c0_hi = k.lookup8_select(neg, &c[4], &c[0]);
    let c1_hi = k.lookup8_select(neg, &c[6], &c[2]);
    let v = w.mul_add(c1_hi, c0_hi);
    let r = w.mul_add(c1_hi, c0_hi.sub(v));
    v.add(r.add(low))
}

/// `2^64`: `t_h 2^64` is exact for every `t_h` (`scale_pow2`'s scaling).
const POW2_64: f32 = 18_446_744_073_709_551_616.0;

/// `|x| >= 4`, NaN and the infinities: `t = exp(-|x|) = 2^n (a_h + a_l)`,
/// `t_h = a_h 2^n` rounded once (subnormals included), and `log1p(t)` as
/// `t_h` plus `2^-64` times a tail, with one rounding (an FMA). The tail is
/// `(a_h 2^(n+64) - t_h 2^64) + a_l 2^(n+64) + t_h 2^64 (t_h R(t_h))`: the
/// exact error of `t_h` scaled up, the low word, and `t^2 R(t)`
/// (`window::LOG1P_SMALL`), so that a result near or below the smallest
/// normal is rounded only once.
#[inline(always)]
fn beyond<V: Lanes<Real = f32>>(x: V) -> V {
    let r_ = |v| x.splat(v);
    let e = exp_neg_abs(x, f32::Z_MIN);
    let scale_up = e.k.pow2_bias();
    let t_h = e.a_h.scale_pow2(e.n, scale_up);
    let t_h_up = t_h.mul(r_(POW2_64));
    let tail = t_h.mul_add(r_(-POW2_64), e.a_h.mul(scale_up));
    let tail = e.a_l.mul_add(scale_up, tail);
    let tail = t_h_up.mul_add(t_h.mul(horner(t_h, &LOG1P_SMALL)), tail);
    log_sigmoid_beyond(x, tail.mul_add(r_(f32::POW2_M64), t_h))
}
