//! The wide algorithms: f32 and the half types computed in f64 lanes, in
//! single words, for the targets without FMA (`Lanes::FUSED` false).
//!
//! There the faithful f32 algorithms pay for every exact product with
//! Dekker's (f32 log-sigmoid: 93 operations per register instead of 61),
//! while an f32 argument widened to f64 has 29 bits to spare: single words
//! with a 2^-30 relative error, rounded once to f32, are within 0.5 + 2^-6
//! ULP, and the half types' half-way test (`half_path`, 1 f32 ULP) holds.
//! The kernel widens `x` (and `dy`), runs these, and rounds the result once
//! to f32 (or through f32 to the half format, correctly).
//!
//! - `t = exp(-|x|)`: `z = max(-|x|, Z_MIN)`, `n = round(z log2 e)` by the
//!   magic bias, `r = z - n ln 2` (rounded: `|n| <= 289`, an error below
//!   2^-45), `e^r = 1 + r + r^2 P(r)` by Horner (`P`: `EXPM1_WIDE`, 2^-32.5),
//!   `t = 2^n e^r` (exact scaling: `t >= e^-200` is normal).
//! - `log1p(t) = q + q u A(u)`, `q = 2t / (2 + t)`, `u = q^2` (`A`:
//!   `ATANH_WIDE`, 2^-31.2): log-sigmoid `min(x, 0) - log1p(t)`, softplus its
//!   mirror.
//! - `sigmoid = G / (1 + t)`, `G = 1` for `x > 0`, else `t`; SiLU `x G / (1 +
//!   t)`; the gradients `dy sigmoid(-x)`, `dy t / (1 + t)^2` and `dy G (1 +
//!   t + x t') / (1 + t)^2` (`t' = t` for `x > 0`, else 1), each in one word:
//!   near silu's zero (`1 + t + x = 0`) the sum's error is absolute, 2^-36
//!   against 1, far below an ULP of `dy sigmoid(x)`.
//!
//! `Z_MIN = -200`: below it every f32 and half result is the same (`exp(-200)
//! f32::MAX < 2^-150`, half the smallest f32 subnormal). The special values
//! are the faithful algorithms': the infinities of `x` by selects where a
//! clamped `t` would not give them. The measured maxima (f32 over all 2^32
//! inputs, the halves' misrounded count) are in the README's accuracy
//! table.

use super::coefficients::{ATANH_WIDE, EXPM1_WIDE};
use crate::lanes::{horner, Lanes, Real};

/// The clamp on `-|x|` (see the module docs).
const Z_MIN: f64 = -200.0;

/// `e^r = 1 + r + r^2 P(r)`, lowest degree first.
const EXP_WIDE: [f64; 8] = [
    1.0,
    1.0,
    EXPM1_WIDE[0],
    EXPM1_WIDE[1],
    EXPM1_WIDE[2],
    EXPM1_WIDE[3],
    EXPM1_WIDE[4],
    EXPM1_WIDE[5],
];

/// `t = exp(max(-|x|, Z_MIN))`, within 2^-32 relative.
#[inline(always)]
fn exp_neg_abs<V: Lanes<Real = f64>>(x: V) -> V {
    let r_ = |v| x.splat(v);
    // max(Z_MIN, z) keeps a NaN z (maxps semantics: the second operand).
    let z = r_(Z_MIN).max(x.neg_abs());
    let k = z.mul_add(r_(f64::LOG2E), r_(f64::MAGIC));
    let n = k.sub(r_(f64::MAGIC));
    let r = n.mul_add(r_(f64::NEG_LN2_HI), z);
    // 2^(n + 64), then 2^-64: both products exact.
    horner(r, &EXP_WIDE)
        .mul(k.pow2_bias())
        .mul(r_(f64::POW2_M64))
}

/// `log1p(t)` for `t` in `(0, 1]`, within 2^-31 relative.
#[inline(always)]
fn log1p<V: Lanes<Real = f64>>(t: V) -> V {
    let q = t.add(t).div(t.splat(f64::TWO).add(t));
    let u = q.mul(q);
    q.mul(u).mul_add(horner(u, &ATANH_WIDE), q)
}

/// `log_sigmoid(x) = min(x, 0) - log1p(exp(-|x|))`: `x = -inf` gives
/// `-inf`, `x = +inf` `-exp(-200)` (-0.0 in f32), NaN NaN.
#[inline(always)]
pub(crate) fn log_sigmoid<V: Lanes<Real = f64>>(x: V) -> V {
    // min(0, x) keeps a NaN x (minps semantics: the second operand).
    x.splat(f64::ZERO).min(x).sub(log1p(exp_neg_abs(x)))
}

/// `sigmoid(x) = G / (1 + t)`.
struct Logistic<V: Lanes> {
    /// `exp(-|x|)`.
    t: V,
    /// `1` for `x > 0`, else `t`.
    g: V,
    /// `1 + t`.
    d: V,
    /// `x > 0`.
    pos: V::Mask,
}

#[inline(always)]
fn logistic<V: Lanes<Real = f64>>(x: V) -> Logistic<V> {
    let r_ = |v| x.splat(v);
    let t = exp_neg_abs(x);
    let pos = r_(f64::ZERO).lt(x);
    Logistic {
        t,
        g: V::select(pos, r_(f64::ONE), t),
        d: r_(f64::ONE).add(t),
        pos,
    }
}

/// `sigmoid(x) = 1 / (1 + exp(-x))`.
#[inline(always)]
pub(crate) fn sigmoid<V: Lanes<Real = f64>>(x: V) -> V {
    let l = logistic(x);
    l.g.div(l.d)
}

/// `silu(x) = x sigmoid(x)`; below `Z_MIN` (and at `x = -inf`, where the
/// clamped `t` would give `-inf`), -0.0.
#[inline(always)]
pub(crate) fn silu<V: Lanes<Real = f64>>(x: V) -> V {
    let l = logistic(x);
    let y = x.mul(l.g).div(l.d);
    V::select(x.lt(x.splat(Z_MIN)), x.splat(f64::NEG_ZERO), y)
}

/// `dy sigmoid(-x)`: `sigmoid(-x) = G' / (1 + t)`, `G' = t` for `x > 0`,
/// else 1; `x = +inf` gives `dy * 0`, as the faithful gradient.
#[inline(always)]
pub(crate) fn backward<V: Lanes<Real = f64>>(x: V, dy: V) -> V {
    let r_ = |v| x.splat(v);
    let t = exp_neg_abs(x);
    let g = V::select(r_(f64::ZERO).lt(x), t, r_(f64::ONE)).div(r_(f64::ONE).add(t));
    V::select(r_(f64::MAX).lt(x), dy.mul(r_(f64::ZERO)), dy.mul(g))
}

/// `dy sigmoid'(x) = dy t / (1 + t)^2`; `x = ±inf` gives `dy * 0`.
#[inline(always)]
pub(crate) fn sigmoid_backward<V: Lanes<Real = f64>>(x: V, dy: V) -> V {
    let r_ = |v| x.splat(v);
    let t = exp_neg_abs(x);
    let d = r_(f64::ONE).add(t);
    let dx = dy.mul(t.div(d.mul(d)));
    V::select(x.neg_abs().lt(r_(-f64::MAX)), dy.mul(r_(f64::ZERO)), dx)
}

/// `dy silu'(x) = dy G (1 + t + x t') / (1 + t)^2` (`G = 1`, `t' = t` for
/// `x > 0`; `G = t`, `t' = 1` otherwise, `x` clamped at `Z_MIN` there, where
/// `dy G x` is below the subnormals); `x = +inf` gives `dy`, `x = -inf`
/// `dy * -0.0`, as the faithful gradient.
#[inline(always)]
pub(crate) fn silu_backward<V: Lanes<Real = f64>>(x: V, dy: V) -> V {
    let r_ = |v| x.splat(v);
    let l = logistic(x);
    let x_t = V::select(l.pos, x.mul(l.t), r_(Z_MIN).max(x));
    let dx = dy.mul(l.g.mul(l.d.add(x_t)).div(l.d.mul(l.d)));
    let max = r_(f64::MAX);
    let dx = V::select(max.lt(x), dy, dx);
    V::select(x.lt(max.neg()), dy.mul(r_(f64::NEG_ZERO)), dx)
}
