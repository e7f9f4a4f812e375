//! The log-sigmoid algorithm, written once, generic over [`Lanes`].
//!
//! `log_sigmoid(x) = min(x, 0) - log1p(exp(-|x|))`. Both terms are negative,
//! so they never cancel; the exponential's argument is never positive and the
//! logarithm's argument is in `(0, 1]`.
//!
//! Every step is an IEEE operation with one rounding (add, multiply, FMA,
//! division) or exact bit manipulation, so that every ISA that runs this
//! sequence gets the same bits.
//!
//! 1. **exp, rr1 with an exact FMA reduction, p5, as a double word.**
//!    `z = max(-|x|, Z_MIN)`, `n = round(z log2 e)` by magic-bias rounding,
//!    `r = z - n ln2_hi` (exact: `n ln2_hi` is exact inside the FMA and the
//!    difference fits in the format), `rl = -n ln2_lo`.
//!    `exp(r + rl) = a_h + a_l` with `e^r - 1 = r + r^2 P(r)`, `P` of degree 4
//!    (f32) or 9 (f64), and the roundings of `r + r^2 P` and `1 + (...)`
//!    recovered by Fast2Sum. `t = exp(z) = 2^n (a_h + a_l)`; `2^n` comes from
//!    the magic-bias bits, and `t_h` is rounded once, subnormals included.
//! 2. **log1p, atanh form, one true division.**
//!    `log1p(t) = 2 atanh(s)`, `s = t / (2 + t)`. With `q = 2s`,
//!    `2 atanh(q/2) = q + q u A(u)`, `u = q^2 <= 4/9`, `A` of degree 4 (f32) or
//!    10 (f64) (higher degrees gain nothing once the coefficients are
//!    rounded: `kernels/gen/coefficients.py`). `q_0 = 2t_h / (2 + t_h)` is one division; its exact FMA
//!    residual and the low parts of `t` and `2 + t` give `q_l`, so
//!    `log1p(t) = q_0 + (q_l + q_0 u A(u))` to about 2^-28 (f32) relative.
//! 3. **The sum, compensated.** `min(x, 0) - q_0` by Fast2Sum (larger
//!    magnitude first), then the low parts, then one last rounding.
//!
//! The coefficients come from `kernels/gen/coefficients.py` (Chebyshev fits
//! in 200-bit arithmetic with mpmath, rounded to the format).

mod coefficients;
mod consts;
pub(crate) mod half;

use crate::lanes::{horner, Lanes, Real};

/// `exp(z)` for `z = max(-|x|, z_min)` as `2^n (a_h + a_l)`.
#[derive(Clone, Copy)]
pub(crate) struct ExpNeg<V> {
    /// `MAGIC + n`: its bits hold the biased exponent of `2^(n + 64)`.
    pub k: V,
    /// `n`, as a float.
    pub n: V,
    /// The high word of the mantissa part, in `[0.70, 1.42]`.
    pub a_h: V,
    /// The low word of the mantissa part.
    pub a_l: V,
}

/// The range reduction of step 1, shared with the half types' algorithm:
/// `z = max(-|x|, z_min)`, `k = MAGIC + n` with `n = round(z log2 e)`, and
/// `r = z - n ln2_hi` (exact), so that `z = n ln2 + r + n NEG_LN2_LO`.
#[inline(always)]
pub(crate) fn reduce<V: Lanes>(x: V, z_min: V::Real) -> (V, V, V) {
    let r_ = |v| x.splat(v);
    // max(z_min, z) keeps a NaN z (maxps semantics: the second operand).
    let z = r_(z_min).max(x.neg_abs());
    let k = z.mul_add(r_(V::Real::LOG2E), r_(V::Real::MAGIC));
    let n = k.sub(r_(V::Real::MAGIC));
    (k, n, n.mul_add(r_(V::Real::NEG_LN2_HI), z))
}

/// Step 1: `exp(-|x|)` as a double word times a power of two.
#[inline(always)]
pub(crate) fn exp_neg_abs<V: Lanes>(x: V, z_min: V::Real) -> ExpNeg<V> {
    let r_ = |v| x.splat(v);
    let (k, n, r) = reduce(x, z_min);
    let rl = n.mul(r_(V::Real::NEG_LN2_LO));
    // e^r - 1 = r + c, c = r^2 P(r); e_h + e_e = r + c exactly (|c| < |r|).
    let c = r.mul(r).mul(horner(r, V::Real::EXPM1));
    let e_h = r.add(c);
    let e_e = r.sub(e_h).add(c);
    // a_h + a_err = 1 + e_h exactly (|e_h| < 1).
    let one = r_(V::Real::ONE);
    let a_h = one.add(e_h);
    let a_err = one.sub(a_h).add(e_h);
    // e^(r + rl) = (1 + e) (1 + rl) to well below the working precision.
    let a_l = rl.mul_add(a_h, a_err.add(e_e));
    ExpNeg { k, n, a_h, a_l }
}

/// `log_sigmoid(x)`, lane by lane. Max error: see the kernels' docs
/// (f32: 0.778 ULP over all 2^32 inputs, 0.698 for normal results; f64: 0.652).
#[inline(always)]
pub(crate) fn log_sigmoid<V: Lanes>(x: V) -> V {
    let r_ = |v| x.splat(v);
    let e = exp_neg_abs(x, V::Real::Z_MIN);
    let scale_up = e.k.pow2_bias();
    let pow2_n = scale_up.mul(r_(V::Real::POW2_M64));
    // t = exp(-|x|) in absolute terms, only for 2 + t (its subnormal
    // roundings are far below 2 + t's precision).
    // (Where 2^n is below half the smallest subnormal, n = -150 in f32 and
    // -1075 or -1076 in f64, pow2_n is 0 and `mul_pow2` may give 0 or the
    // rounded product: t only enters 2 + t, q only u and 1 / (2 + t), and
    // nl_l the low word of a result of magnitude >= 103 (f32) or 745 (f64),
    // so the result is the same.)
    let t_h = e.a_h.mul_pow2(e.n, pow2_n);
    let t_l = e.a_l.mul_pow2(e.n, pow2_n);
    // -q = -2t / (2 + t) = 2^n (q_0 + q_l): the division is on the unscaled
    // mantissa -2a, so that subnormal results are rounded only once, at the
    // end; the negative sign saves negations later.
    let two = r_(V::Real::TWO);
    let d_h = two.add(t_h);
    let num = e.a_h.mul(r_(V::Real::NEG_TWO));
    let q_0 = num.div(d_h);
    // The residual num - q_0 (2 + t), exactly to first order: num - 2 q_0 is
    // exact (Sterbenz: q_0 / num is in [1/3, 1/2]), and the FMAs round only
    // the small remainders.
    let rho = q_0.neg_mul_add(two, num);
    let rho = q_0.neg_mul_add(t_h, rho);
    let rho = q_0.neg_mul_add(t_l, rho.add(e.a_l.mul(r_(V::Real::NEG_TWO))));
    // 1 / (2 + t) = (1 - s) / 2 = 0.5 - 0.25 |q|.
    let q = q_0.mul_pow2(e.n, pow2_n);
    let inv_d = q.mul_add(r_(V::Real::QUARTER), r_(V::Real::HALF));
    let q_l = rho.mul(inv_d);
    // -log1p(t) = -(q + q u A(u)), u = q^2: 2^n (m_h + m_l), renormalised so
    // that the low word stays below half an ULP of the high one.
    let u = q.mul(q);
    let m_l = q_0.mul(u).mul_add(horner(u, V::Real::ATANH), q_l);
    let m_h = q_0.add(m_l);
    let m_l = m_l.sub(m_h.sub(q_0));
    let nl_h = m_h.scale_pow2(e.n, scale_up);
    // For x >= 0, -l_h is the result, rounded once (m_h is the double word
    // rounded; a subnormal low word could round up to a tie): the low word
    // is replaced by -0.0, which also keeps an underflowed result -0.0.
    let nl_l = m_l.mul_pow2_or(e.n, pow2_n, x.lt(r_(V::Real::ZERO)), r_(V::Real::NEG_ZERO));

    // For x < 0, x - l_h by Fast2Sum, larger magnitude first (both are
    // <= 0), then the low words and one last rounding.
    let m = r_(V::Real::ZERO).min(x);
    let big = m.min(nl_h);
    let small = m.max(nl_h);
    let s = big.add(small);
    let err = small.sub(s.sub(big));
    let y = s.add(err.add(nl_l));
    V::select(x.lt(r_(V::Real::NEG_CUTOFF)), x, y)
}

/// `2^(n+1) = f1 f2`, each factor an exact power of two (`n >= -281` for
/// f32, `-2106` for f64: both factors at least the smallest subnormal).
#[inline(always)]
pub(crate) fn pow2_split<V: Lanes>(n: V) -> (V, V) {
    let magic = n.splat(V::Real::MAGIC);
    let n_1 = n.add(n.splat(V::Real::ONE));
    let k1 = n_1.mul_add(n.splat(V::Real::HALF), magic);
    let k2 = n_1.sub(k1.sub(magic)).add(magic);
    let pow2_m64 = n.splat(V::Real::POW2_M64);
    (k1.pow2_bias().mul(pow2_m64), k2.pow2_bias().mul(pow2_m64))
}

/// `dy * sigmoid(-x) = dy / (1 + exp(x))`, lane by lane, stable for every `x`.
///
/// With `t = exp(-|x|) = 2^n a` (step 1, clamped only where `dy t` is below
/// the subnormals for every finite `dy`), `sigma = 1 / (1 + t)` by one
/// division and its exact FMA residual (a double word), then
/// `dx = dy sigma` for `x < 0` and `dx = (dy (a/2) sigma) 2^n1 2^n2`,
/// `n1 + n2 = n + 1`, for `x >= 0`: the powers of two come last, so a tiny
/// `sigmoid(-x)` keeps its precision, and `dy (a/2) sigma` cannot overflow.
/// `x = +inf` gives `dy * 0`. Max error about 1 ULP (two final roundings).
#[inline(always)]
pub(crate) fn backward<V: Lanes>(x: V, dy: V) -> V {
    let r_ = |v| x.splat(v);
    let e = exp_neg_abs(x, V::Real::Z_MIN_BACKWARD);
    let (one, half, zero) = (r_(V::Real::ONE), r_(V::Real::HALF), r_(V::Real::ZERO));
    let (f1, f2) = pow2_split(e.n);
    // t = exp(-|x|) = (a/2) 2^(n+1); 1 + t = d_h + d_l (Fast2Sum, 1 >= t).
    let ah_2 = e.a_h.mul(half);
    let al_2 = e.a_l.mul(half);
    let pow2 = f1.mul(f2);
    let t_h = ah_2.mul(pow2);
    let t_l = al_2.mul(pow2);
    let d_h = one.add(t_h);
    let d_l = t_h.sub(d_h.sub(one)).add(t_l);
    // sigma = 1 / (1 + t) = s_0 + s_l.
    let s_0 = one.div(d_h);
    let rho = s_0.neg_mul_add(d_h, one);
    let s_l = s_0.neg_mul_add(d_l, rho).mul(s_0);
    // g = G sigma with G = 1 (x < 0) or a/2 (x >= 0), rounded once.
    let neg = x.lt(zero);
    let g_hi = V::select(neg, one, ah_2);
    let g_lo = V::select(neg, zero, al_2);
    let g = g_hi.mul_add(s_0, g_hi.mul_add(s_l, g_lo.mul(s_0)));
    backward_scale(x, dy, neg, g, (f1, f2))
}

/// The backward's last step, given `g` (`sigmoid(-x)` for `x < 0`, else
/// `sigmoid(-x) / 2^(n+1)`): `dy g`, times `2^(n+1) = f1 f2` for `x >= 0`,
/// and `dy * 0` for `x = +inf`. Signed zeros and infinities of `dy` pass
/// through (`g > 0`).
#[inline(always)]
pub(crate) fn backward_scale<V: Lanes>(x: V, dy: V, neg: V::Mask, g: V, (f1, f2): (V, V)) -> V {
    let max = x.splat(V::Real::MAX);
    let dx = dy.mul(g);
    // An infinite dx stays as it is (g > 0): under flush-to-zero, f1 or f2
    // below the normals reads as 0, and inf * 0 would be NaN. (In the
    // default environment the product is the same infinity.)
    let infinite = dx.neg_abs().lt(max.neg());
    let scaled = V::select(infinite, dx, dx.mul(f1).mul(f2));
    let dx = V::select(neg, dx, scaled);
    V::select(max.lt(x), dy.mul(x.splat(V::Real::ZERO)), dx)
}
