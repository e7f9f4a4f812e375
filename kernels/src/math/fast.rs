//! The Fast tier's f32 log-sigmoid (`Precision::Fast` in the `logsigmoid`
//! crate): within 1.5 ULP instead of 1, and without a division. (f64's Fast
//! tier is the faithful algorithm: a division-free f64 `log1p` needs a
//! polynomial of degree 20, measured slower than the division.)
//!
//! `log_sigmoid(x) = min(x, 0) - log1p(t)`, `t = exp(-|x|)`, as in the
//! faithful algorithm (`math`), with two changes:
//!
//! 1. **exp**: step 1's reduction with the low part of ln 2 folded into `r`
//!    (rr2), the half types' polynomial (`EXPM1_HALF`, degree 4), `e^r - 1`
//!    kept in one word; only the rounding of `1 + (e^r - 1)` is recovered,
//!    so `t = 2^n (a_h + a_l)` to about 2^-25 relative.
//! 2. **log1p without a division**: `log1p(t) = t + t^2 Q(t - 1/2)` over
//!    all of `t` in `(0, 1]` (`Q`: `LOG1P_Q_F32`, degree 8; in `t - 1/2`
//!    Horner's roundings shrink at each step, where in `t` they would add up
//!    near `t = 1`, measured 1.70 ULP). With
//!    `t = t_h + t_l` (`t_h = 2^n a_h`, rounded once into the subnormals):
//!    `log1p(t) = t_h + t_h^2 Q + t_l (1 + 2 t_h Q)` to first order in `t_l`.
//! 3. **The sum**: `min(x, -0.0) - t_h = s + err` by Fast2Sum (exact), then
//!    `w = (t_l (1 + 2 t_h Q) - err) + t_h^2 Q` and `y = s - w`: three
//!    roundings of terms below `y`'s ULP, `0.3 |y|` and `|y|` (for `x >= 0`,
//!    `s = -t_h` and `-err = +0.0`, so an underflowed result stays `-0.0`).
//!
//! Measured over every f32 input: see the README's accuracy table (the
//! exhaustive sweep asserts 1.5 ULP). 46 vector operations per register
//! against the faithful algorithm's 61 (one a division).

use super::coefficients::{EXPM1_HALF, LOG1P_Q_F32};
use super::reduce;
use crate::lanes::{horner, Lanes, Real};

/// `log_sigmoid(x)`, lane by lane, within 1.5 ULP.
#[inline(always)]
pub(crate) fn log_sigmoid<V: Lanes<Real = f32>>(x: V) -> V {
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
    let q = horner(t_h.sub(r_(f32::HALF)), &LOG1P_Q_F32);
    // min(x, -0.0) - t_h = s + err by Fast2Sum (both <= 0: larger
    // magnitude first).
    let m0 = x.min(r_(f32::NEG_ZERO));
    let nt = t_h.neg();
    let big = m0.min(nt);
    let small = m0.max(nt);
    let s = big.add(small);
    let neg_err = s.sub(big).sub(small);
    // y = s - (t_l (1 + 2 t_h Q) + t_h^2 Q - err). Where every term is
    // zero, the sum is +0.0 (-err is +0.0 then) and y = s = -0.0.
    let nw = t_l.mul_add(t_h.add(t_h).mul_add(q, one), neg_err);
    let nw = t_h.mul(t_h).mul_add(q, nw);
    let y = s.sub(nw);
    // x = -inf (and below the cutoff, where y = x): x itself.
    V::select(x.lt(r_(f32::NEG_CUTOFF)), x, y)
}
