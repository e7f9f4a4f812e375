//! softplus with PyTorch's `beta` and `threshold`, written once over
//! [`Lanes`]: with `z = beta x` rounded once (as PyTorch rounds it),
//! `y = x` where `z > threshold`, else `softplus(z) / beta`, rounded once
//! from a double word.
//!
//! `softplus(z) = max(z, 0) + log1p(exp(-|z|))` comes from log-sigmoid's
//! steps 1 and 2 ([`neg_log1p`]) with its power of two `2^n` kept apart:
//! for `z > 0` the sum `z + log1p(t)` by Fast2Sum (a double word), for
//! `z <= 0` the mantissa `m = log1p(t) / 2^n`. The double word over `beta`
//! is one division and its exact FMA residual, and `2^n` comes last, in two
//! exact factors (the larger first), so that a result `exp(z) / beta` that
//! `beta < 1` lifts out of the subnormals keeps all its bits. The clamp on
//! `exp` is the backward's (`exp(-195)`, `exp(-1460)`), below which the
//! result is zero for every normal `beta`.

use super::{exp_neg_abs, neg_log1p, pow2_split};
use crate::lanes::{Lanes, Real};

/// softplus's parameters in one precision: `beta`, `-beta`, `-1/beta`
/// (rounded) and `threshold`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BetaParams<R> {
    pub beta: R,
    pub neg_beta: R,
    pub neg_inv_beta: R,
    pub threshold: R,
}

/// `softplus(z) / beta` for `z = beta x` (given, so that the halves' exact
/// fallback can pass the f32-rounded `z` in f64), or `x` where `z >
/// threshold`; within 1 ULP of that definition.
#[inline(always)]
pub(crate) fn forward<V: Lanes>(x: V, z: V, p: BetaParams<V::Real>) -> V {
    let r_ = |v| x.splat(v);
    let e = exp_neg_abs(z, V::Real::Z_MIN_BACKWARD);
    let (f1, f2) = pow2_split(e.n);
    let half = r_(V::Real::HALF);
    let pow2_n = f1.mul(f2).mul(half);
    let t_h = e.a_h.mul(pow2_n);
    let t_l = e.a_l.mul(pow2_n);
    // -log1p(t) = 2^n (m_h + m_l), t = exp(-|z|).
    let (m_h, m_l) = neg_log1p(&e, t_h, t_l, pow2_n);
    // -softplus(z) = s_h + s_l for z > 0: -z + 2^n m by Fast2Sum, larger
    // magnitude first (both <= 0); 2^n (m_h + m_l) for z <= 0.
    let w = z.neg();
    let l_h = m_h.mul(pow2_n);
    let big = w.min(l_h);
    let small = w.max(l_h);
    let s_h = big.add(small);
    let s_l = small.sub(s_h.sub(big)).add(m_l.mul(pow2_n));
    let pos = r_(V::Real::ZERO).lt(z);
    let hi = V::select(pos, s_h, m_h);
    let lo = V::select(pos, s_l, m_l);
    // (hi + lo) / -beta: one division, its residual, one rounding.
    let neg_beta = r_(p.neg_beta);
    let q = hi.div(neg_beta);
    let rho = q.neg_mul_add_exact(neg_beta, hi).add(lo);
    let y = rho.mul_add(r_(p.neg_inv_beta), q);
    // z <= 0: times 2^n = f_big f_small, f_big = max(f1, f2) (y f_big is
    // exact where the result is not zero), then f_small <= 1, one rounding.
    let scaled = y.mul(f1.max(f2)).mul(f1.min(f2).mul(half));
    let y = V::select(pos, y, scaled);
    // z = +inf (x = +inf, or beta x overflowing, with threshold = +inf):
    // softplus(z) / beta = +inf.
    let y = V::select(r_(V::Real::MAX).lt(z), z, y);
    V::select(r_(p.threshold).lt(z), x, y)
}

/// `dy sigmoid(z)` for `z = beta x`, or `dy` where `z > threshold`; within
/// 2 ULP of that definition (log-sigmoid's gradient at `-z`).
#[inline(always)]
pub(crate) fn backward<V: Lanes>(z: V, dy: V, p: BetaParams<V::Real>) -> V {
    let g = super::backward(z.neg(), dy);
    V::select(z.splat(p.threshold).lt(z), dy, g)
}
