//! sigmoid and SiLU, forward and backward, on the logistic core
//! ([`logistic`]: `t = exp(-|x|)` as a double word and `sigma = 1 / (1 +
//! t)`, its products taken exactly by `times_sigma`), written once over
//! [`Lanes`].
//!
//! - `sigmoid(x) = 1 / (1 + t)` for `x > 0`, `t / (1 + t)` otherwise, that
//!   is `a sigma 2^n`, the power of two applied last (one rounding into the
//!   subnormals, as log-sigmoid's: the magic-bias `2^(n + 64)`).
//! - `silu(x) = x sigmoid(x)`, with `sigmoid(x) / 2^n` kept as a double word,
//!   `x` times it rounded once, and `2^n <= 1` last.
//! - `sigmoid'(x) = t / (1 + t)^2 = (a/2) sigma^2 2^(n+1)`, `dy` times it as
//!   log-sigmoid's gradient is scaled (`scale_after`), on the backward's
//!   core ([`logistic`]: `t = (a/2) 2^(n+1)`, the power of two in two exact
//!   factors, so that `dy` times it neither overflows nor loses bits).
//! - `silu'(x) = (G + x t) / (1 + t)^2` with `G = 1 + t` (`x > 0`) or
//!   `t (1 + t)`: `(1 + t + x t) sigma^2` for `x > 0` and
//!   `t (1 + t + x) sigma^2` otherwise, each sum as a double word. Near its
//!   zero (`1 + t + x = 0`, `x = -1.27846...`) the sum cancels: there the
//!   error is absolute, a small fraction of an ULP of `dy sigmoid(x)` (the
//!   bound is measured and tested), and relative everywhere else.

use super::{
    exp_neg_abs, logistic, pow2_split, reciprocal_one_plus, scale_after, sigma_low, times_sigma,
    Logistic, Quotient,
};
use crate::lanes::{Lanes, Real};

/// The forward functions' core: `t = exp(-|x|) = a 2^n` with `2^n` from
/// the magic-bias bits (`scale_up = 2^(n + 64)`, valid for `z_min` down to
/// -131 in f32 and -752.5 in f64), `sigma = 1 / (1 + t)`, and `g` =
/// `sigmoid(x)` for `x > 0`, `sigmoid(x) / 2^n = a sigma` otherwise
/// (`pos`), to be rounded once.
#[derive(Clone, Copy)]
struct Forward<V: Lanes> {
    n: V,
    scale_up: V,
    pos: V::Mask,
    g: Quotient<V>,
}

#[inline(always)]
fn forward_core<V: Lanes>(x: V, z_min: V::Real) -> Forward<V> {
    let r_ = |v| x.splat(v);
    let e = exp_neg_abs(x, z_min);
    let scale_up = e.k.pow2_bias();
    let pow2_n = scale_up.mul(r_(V::Real::POW2_M64));
    // t only enters 1 + t: a plain product (no ISA override), so every ISA
    // has the same bits.
    let (d_h, d_l, s_0) = reciprocal_one_plus(e.a_h.mul(pow2_n), e.a_l.mul(pow2_n));
    let pos = r_(V::Real::ZERO).lt(x);
    let g_hi = V::select(pos, r_(V::Real::ONE), e.a_h);
    let g_lo = V::select(pos, r_(V::Real::ZERO), e.a_l);
    Forward {
        n: e.n,
        scale_up,
        pos,
        g: times_sigma(g_hi, g_lo, (d_h, d_l), s_0),
    }
}

/// `sigmoid(x) = 1 / (1 + exp(-x))`, within 1 ULP (every f32 input is
/// checked; the measured maxima are in the README's accuracy table).
/// `sigmoid(-inf) = +0.0`, `sigmoid(±0) = 0.5`, `sigmoid(+inf) = 1`, tiny
/// results rounded once into the subnormals.
#[inline(always)]
pub(crate) fn sigmoid<V: Lanes>(x: V) -> V {
    let f = forward_core(x, V::Real::Z_MIN);
    let g = f.g.round();
    // For x <= 0, g 2^n: exact, then one rounding into the subnormals.
    V::select(f.pos, g, g.scale_pow2(f.n, f.scale_up))
}

/// `silu(x) = x sigmoid(x)`, within 1 ULP. `silu(±0) = ±0`, `silu(+inf) =
/// +inf`, `silu(-inf) = -0.0`; results below the subnormals are `-0.0`.
#[inline(always)]
pub(crate) fn silu<V: Lanes>(x: V) -> V {
    let r_ = |v| x.splat(v);
    // Below SILU_Z_MIN the result is -0.0: x is clamped there (NaN kept),
    // which keeps 2^(n + 64) in the magic-bias range.
    let x = r_(V::Real::SILU_Z_MIN).max(x);
    let f = forward_core(x, V::Real::SILU_Z_MIN);
    // sigmoid(x) (x > 0), sigmoid(x) / 2^n (x <= 0) = g + g_l.
    let (g, g_l) = f.g.double_word();
    // x (g + g_l) rounded once (min(x, MAX): at x = +inf, g_l = 0 and
    // inf * 0 would be NaN), then for x <= 0 times 2^n <= 1: exact, or one
    // rounding into the subnormals.
    let y = x.mul_add_exact(g, x.min(r_(V::Real::MAX)).mul(g_l));
    // Without FMA, x = +inf's exact product is NaN, and a zero's sign is
    // lost (the product's error term is +0): +inf, and x/2 for |x| < 2^-64
    // (x^2/4 is then below half an ULP of x/2).
    let y = if V::FUSED {
        y
    } else {
        let y = V::select(r_(V::Real::MAX).lt(x), x, y);
        let tiny = r_(V::Real::POW2_M64).neg().lt(x.neg_abs());
        V::select(tiny, x.mul(r_(V::Real::HALF)), y)
    };
    V::select(f.pos, y, y.scale_pow2(f.n, f.scale_up))
}

/// `G sigma^2` for `G = g_hi + g_lo`, rounded once, for the gradients.
/// With FMA, `G` times `sigma^2 = p_h - p_m` as a double word (`p_m` the
/// negated low word: `p_h - s_0^2`, exact, less `2 s_0 s_l`); without,
/// [`times_sigma`] twice (one exact residual each), the first result kept
/// as a double word.
#[inline(always)]
fn times_sigma_squared<V: Lanes>(g_hi: V, g_lo: V, l: &Logistic<V>) -> V {
    let d = (l.d_h, l.d_l);
    if !V::FUSED {
        let (h, lo) = times_sigma(g_hi, g_lo, d, l.s_0).double_word();
        return times_sigma(h, lo, d, l.s_0).round();
    }
    let s_l = sigma_low(l.d_h, l.d_l, l.s_0);
    let p_h = l.s_0.mul(l.s_0);
    let p_m = l
        .s_0
        .add(l.s_0)
        .neg_mul_add(s_l, l.s_0.neg_mul_add_exact(l.s_0, p_h));
    g_hi.mul_add_exact(p_h, g_hi.neg_mul_add(p_m, g_lo.mul(p_h)))
}

/// `dy * sigmoid'(x) = dy t / (1 + t)^2`, stable for every `x`, within
/// 2 ULP. `x = ±inf` gives `dy * 0`.
#[inline(always)]
pub(crate) fn sigmoid_backward<V: Lanes>(x: V, dy: V) -> V {
    let r_ = |v| x.splat(v);
    let l = logistic(x, V::Real::Z_MIN_BACKWARD);
    // g = (a/2) sigma^2, rounded once: dy g cannot overflow (g < 0.71).
    let g = times_sigma_squared(l.ah_2, l.al_2, &l);
    let dx = scale_after(dy, dy.mul(g), l.f);
    let max = r_(V::Real::MAX);
    V::select(x.neg_abs().lt(max.neg()), dy.mul(r_(V::Real::ZERO)), dx)
}

/// `dy * silu'(x) = dy sigmoid(x) (1 + x sigmoid(-x))`, stable for every
/// `x`: within 2 ULP except near the zero of `silu'` (`x = -1.27846...`),
/// where the error is absolute (the measured bound, in ULPs of `dy
/// sigmoid(x)`, is in the README). `x = +inf` gives `dy`, `x = -inf` gives
/// `dy * -0.0`.
#[inline(always)]
pub(crate) fn silu_backward<V: Lanes>(x: V, dy: V) -> V {
    let r_ = |v| x.splat(v);
    let (one, zero, max) = (r_(V::Real::ONE), r_(V::Real::ZERO), r_(V::Real::MAX));
    let l = logistic(x, V::Real::SILU_Z_MIN_BACKWARD);
    let pos = zero.lt(x);
    // x > 0: S = 1 + t + x t = (d_h + d_l) + x t (x t < 1/e <= d_h:
    // Fast2Sum). min(x, MAX): at x = +inf, t = 0.
    let xc = x.min(max);
    let xt_h = xc.mul(l.t_h);
    let xt_l = xc.mul(l.t_l).sub(xc.neg_mul_add_exact(l.t_h, xt_h));
    let m_h = l.d_h.add(xt_h);
    let m_l = xt_h.sub(m_h.sub(l.d_h)).add(l.d_l.add(xt_l));
    // x <= 0: S = 1 + t + x = (d_h + x) + d_l by TwoSum (the cancellation
    // near silu's zero is exact), x clamped where t no longer matters.
    let xw = r_(V::Real::SILU_X_CLAMP).max(x);
    let w_h = l.d_h.add(xw);
    let bb = w_h.sub(l.d_h);
    let w_l = l.d_h.sub(w_h.sub(bb)).add(xw.sub(bb)).add(l.d_l);
    // K S sigma^2, K = 1 (x > 0) or a/2 (x <= 0, times 2^(n+1) later).
    let s_h = V::select(pos, m_h, w_h);
    let s_l = V::select(pos, m_l, w_l);
    let k_h = V::select(pos, one, l.ah_2);
    let k_l = V::select(pos, zero, l.al_2);
    let q_h = k_h.mul(s_h);
    let q_l = k_h
        .mul_add(s_l, k_l.mul(s_h))
        .sub(k_h.neg_mul_add_exact(s_h, q_h));
    let g = times_sigma_squared(q_h, q_l, &l);
    // Where 2^(n+1) g is normal (x > SILU_X_SCALED), it is exact:
    // dy (2^(n+1) g), one rounding, no overflow (|silu'| < 1.1). Below, g
    // (up to 2^11) is scaled down by 2^-12 first and 2^(n+13) applied last,
    // so dy g cannot overflow, and the result is far below dy's
    // subnormals wherever dy g 2^-12 is subnormal.
    let scale = V::select(pos, one, l.pow2);
    let dx_near = dy.mul(g.mul(scale));
    let f = pow2_split(l.e.n.add(r_(V::Real::TWELVE)));
    let dx_far = scale_after(dy, dy.mul(g.mul(r_(V::Real::POW2_M12))), f);
    let dx = V::select(r_(V::Real::SILU_X_SCALED).lt(x), dx_near, dx_far);
    let dx = V::select(max.lt(x), dy, dx);
    V::select(x.lt(max.neg()), dy.mul(r_(V::Real::NEG_ZERO)), dx)
}
