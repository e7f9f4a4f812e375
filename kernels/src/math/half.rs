//! The single-word gradient of log-sigmoid and softplus: the half types'
//! (in f32, a few f32 ULPs before their one rounding) and the Fast tier's
//! f64 one on the FMA kernels. (The half types' forwards are the Fast
//! tier's f32 algorithms: see `Op::forward_fast`.)
//!
//! `e^r` in one word (rr2 reduction, `EXP_COARSE`), `g = G / (1 + t)` with
//! `G = 1` (`x < 0`) or `e^r / 2` (`x >= 0`, the powers of two applied after
//! the product with `dy`, as in the f32 algorithm).

use super::{backward_scale, pow2_split, reduce};
use crate::lanes::{horner, Lanes, Real};

/// `exp(z)` for `z = max(-|x|, z_min)`, as `(n, e^r)` with `exp(z) = 2^n e^r`;
/// `e^r` in one word (`EXP_COARSE`, rr2: the low part of ln 2 folded into
/// `r`).
#[inline(always)]
fn exp_neg_abs<V: Lanes>(x: V, z_min: V::Real) -> (V, V) {
    let (_, n, r) = reduce(x, z_min);
    let r = n.mul_add(n.splat(V::Real::NEG_LN2_LO), r);
    (n, horner(r, V::Real::EXP_COARSE))
}

/// `dy * sigmoid(-x)` in single words, for the half types (a few f32 ULPs
/// before their one rounding; bf16 has f32's range: `dy` up to 2^128 times a
/// `sigmoid(-x)` down to 2^-261) and for the Fast tier's f64 gradients of
/// log-sigmoid and softplus (within 3 ULP: the README has the measured
/// maxima).
#[inline(always)]
pub(crate) fn backward<V: Lanes>(x: V, dy: V) -> V {
    let r_ = |v| x.splat(v);
    let (n, p) = exp_neg_abs(x, V::Real::Z_MIN_BACKWARD);
    let f = pow2_split(n);
    // t = exp(-|x|) = (e^r / 2) 2^(n+1).
    let p_2 = p.mul(r_(V::Real::HALF));
    let t = p_2.mul(f.0.mul(f.1));
    let neg = x.lt(r_(V::Real::ZERO));
    let one = r_(V::Real::ONE);
    let g = V::select(neg, one, p_2).div(one.add(t));
    backward_scale(x, dy, neg, g, f)
}
