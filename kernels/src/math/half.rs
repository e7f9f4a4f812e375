//! The f32 algorithm of the half types: the same formulas as the f32
//! kernels, in single words and with lower degrees, because f16 and bf16 need
//! only 11 and 8 bits.
//!
//! **Forward** (`log_sigmoid`): rr2 reduction, `e^r = 1 + r + r^2 P(r)`
//! (`P`: `EXPM1_HALF`), `t = 2^n e^r`, then `-log1p(t) = q + q u A(u)` with
//! `q = -2t / (2 + t)` (one division), `u = q^2` (`A`: `ATANH_HALF`), and
//! `min(x, -0.0)` added last. Max error over
//! every f16 and bf16 input: 2.014 f32 ULP (f16), 1.846 (bf16) (without
//! FMA, each polynomial step rounded twice: 2.097 and 2.080), measured by
//! `coarse_error_is_within_the_half_way_margin` below; the correct rounding
//! to the half format is the job of [`crate::half_path`], whose half-way
//! test has a margin of 2 f32 ULPs (plus the exact f64 recomputation of the
//! lanes inside it). Every input of both formats is checked exhaustively.
//!
//! **Backward**: the same `e^r`, `g = G / (1 + t)` with `G = 1` (`x < 0`) or
//! `e^r / 2` (`x >= 0`, the powers of two applied after the product with
//! `dy`, as in the f32 algorithm), a few f32 ULPs before the one rounding to
//! the half format.

use super::coefficients::ATANH_HALF;
use super::{backward_scale, pow2_split, reduce};
use crate::lanes::{horner, Lanes, Real};

/// `exp(z)` for `z = max(-|x|, z_min)`, as `(n, e^r)` with `exp(z) = 2^n e^r`
/// and the magic-bias sum `k = MAGIC + n` (see [`Real::MAGIC`]); `e^r` in one
/// word (`EXP_COARSE`, rr2: the low part of ln 2 folded into `r`).
#[inline(always)]
fn exp_neg_abs<V: Lanes>(x: V, z_min: V::Real) -> (V, V, V) {
    let (k, n, r) = reduce(x, z_min);
    let r = n.mul_add(n.splat(V::Real::NEG_LN2_LO), r);
    (k, n, horner(r, V::Real::EXP_COARSE))
}

/// `log_sigmoid(x)` in f32 to about 2 ULPs, for the half types.
#[inline(always)]
pub(crate) fn log_sigmoid<V: Lanes<Real = f32>>(x: V) -> V {
    let r_ = |v| x.splat(v);
    let (k, n, p) = exp_neg_abs(x, f32::Z_MIN);
    // t = 2^n e^r, rounded once (into the subnormals for bf16's tiny results).
    let t = p.scale_pow2(n, k.pow2_bias());
    let q = t.mul(r_(f32::NEG_TWO)).div(t.add(r_(f32::TWO)));
    let u = q.mul(q);
    let neg_log1p = q.mul(u).mul_add(horner(u, &ATANH_HALF), q);
    // min(x, -0.0): x for x < 0, else -0.0, so that an underflowed result is
    // -0.0; x = -inf stays -inf, and a NaN x has made neg_log1p NaN.
    x.min(r_(f32::NEG_ZERO)).add(neg_log1p)
}

/// `dy * sigmoid(-x)` in single words, for the half types (a few f32 ULPs
/// before their one rounding; bf16 has f32's range: `dy` up to 2^128 times a
/// `sigmoid(-x)` down to 2^-261) and for the Fast tier's f32 and f64
/// gradients of log-sigmoid and softplus (within 3 ULP: the README has the
/// measured maxima). `e^r` in one word, `g = G / (1 + t)` by one division
/// (`G = 1` for `x < 0`, else `e^r / 2`, the powers of two applied after the
/// product with `dy`, as in the faithful gradient).
#[inline(always)]
pub(crate) fn backward<V: Lanes>(x: V, dy: V) -> V {
    let r_ = |v| x.splat(v);
    let (_, n, p) = exp_neg_abs(x, V::Real::Z_MIN_BACKWARD);
    let f = pow2_split(n);
    // t = exp(-|x|) = (e^r / 2) 2^(n+1).
    let p_2 = p.mul(r_(V::Real::HALF));
    let t = p_2.mul(f.0.mul(f.1));
    let neg = x.lt(r_(V::Real::ZERO));
    let one = r_(V::Real::ONE);
    let g = V::select(neg, one, p_2).div(one.add(t));
    backward_scale(x, dy, neg, g, f)
}

#[cfg(test)]
mod tests {
    extern crate std;

    use crate::op::{LogSigmoid, Op, Sigmoid, Silu, Softplus};

    /// `|y - v|` in f32 ULPs of `v` (the smaller ULP at a binade boundary).
    fn f32_ulps(y: f32, v: f64) -> f64 {
        let r = (v as f32).abs();
        let b = r.to_bits();
        let up = f64::from(f32::from_bits(b + 1)) - f64::from(r);
        let down = if b > 0 {
            f64::from(r) - f64::from(f32::from_bits(b - 1))
        } else {
            up
        };
        (f64::from(y) - v).abs() / up.min(down)
    }

    /// A format's name, its widening from the bits, and the bound.
    type Format = (&'static str, fn(u16) -> f32, f64);

    /// The half-way test of `half_path` has a margin of 2 f32 ULPs: the
    /// error must stay below 3, for every input of both formats and every
    /// function (the f64 algorithm, within 1 f64 ULP, is the truth here).
    /// The bounds are the measured maxima (module docs), rounded up.
    fn coarse_error<O: Op>(op: O) {
        let fused = <f32 as crate::lanes::Lanes>::FUSED;
        let formats: [Format; 2] = [
            ("f16", |b| half::f16::from_bits(b).to_f32(), 2.1),
            (
                "bf16",
                |b| half::bf16::from_bits(b).to_f32(),
                if fused { 1.9 } else { 2.1 },
            ),
        ];
        for (name, widen, measured) in formats {
            let mut worst = (0.0, 0.0f32);
            for b in 0..=u16::MAX {
                let x = widen(b);
                let y = op.forward_coarse(x);
                let v = op.forward(f64::from(x));
                if x.is_nan() {
                    assert!(y.is_nan());
                    continue;
                }
                let e = f32_ulps(y, v);
                if e > worst.0 {
                    worst = (e, x);
                }
            }
            std::println!(
                "{} {name}: max {:.3} f32 ULP at x = {}",
                O::NAME,
                worst.0,
                worst.1
            );
            assert!(
                worst.0 < measured,
                "{} {name}: {} ULP at {}",
                O::NAME,
                worst.0,
                worst.1
            );
        }
    }

    #[test]
    #[cfg_attr(miri, ignore = "2 x 65,536 inputs through both algorithms")]
    fn coarse_error_is_within_the_half_way_margin() {
        coarse_error(LogSigmoid);
        coarse_error(Softplus);
        // The f32 algorithms themselves, within 1 ULP.
        coarse_error(Sigmoid);
        coarse_error(Silu);
    }
}
