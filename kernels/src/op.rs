//! The functions of the family as types: each [`Op`] carries its
//! algorithms written over `Lanes`, and the slice driver, the half types'
//! rounding, the kernel tables and the `logsigmoid` API are generic over it.
//! Adding a function is its algorithm (in `math`), its `Op` impl here, its
//! oracle (in `logsigmoid::reference`) and one entry in the API's list.
//!
//! A variant of a function (a second, faster precision, or an algorithm for
//! targets without FMA) is another `Op` type: the tables are built per
//! `Op`, so a kernel set chooses its variant by choosing its types.

use crate::lanes::{Lanes, Real};
use crate::math;
use crate::math::softplus_beta::{self, BetaParams};

/// A function of the family: forward `y = f(x)` and backward `dx = dy f'(x)`,
/// lane by lane.
pub trait Op: Copy + Send + Sync + 'static {
    // The operation is a value: a function's parameters (softplus's beta
    // and threshold) travel with it into the kernels; the plain functions
    // are zero-sized.
    /// The function's name, as in the API (`"log_sigmoid"`).
    const NAME: &'static str;

    /// `f(x)` in f32 or f64 lanes, within 1 ULP (see the function's docs).
    fn forward<V: Lanes>(self, x: V) -> V;

    /// `dy f'(x)` in f32 or f64 lanes, within 2 ULP.
    fn backward<V: Lanes>(self, x: V, dy: V) -> V;

    /// `f(x)` for the Fast tier ([`Fast`]), within 1.5 ULP; in f32 also
    /// the half types' forward, which must stay within 2 f32 ULPs (the
    /// half-way test of `half_path` recomputes the lanes within 1 f32 ULP of
    /// a half-way point by [`forward`](Op::forward) in f64, so an error
    /// below 2 keeps every other lane correctly rounded).
    fn forward_fast<V: Lanes>(self, x: V) -> V;

    /// `dy f'(x)` for the Fast tier, within 3 ULP.
    fn backward_fast<V: Lanes>(self, x: V, dy: V) -> V;

    /// `dy f'(x)` in f32 lanes for the half types, a few f32 ULPs before
    /// their one rounding.
    fn backward_coarse<V: Lanes<Real = f32>>(self, x: V, dy: V) -> V;

    /// Whether the function has wide algorithms ([`forward_wide`](Op::forward_wide),
    /// [`backward_wide`](Op::backward_wide)): where the target has no FMA,
    /// the kernels compute f32 and the half types with them.
    const WIDE: bool = true;

    /// `f(x)` for an f32 or half `x` in f64 lanes, single word
    /// (`math::wide`), within 2^-30 relative before the kernel rounds it
    /// once to f32.
    fn forward_wide<V: Lanes<Real = f64>>(self, x: V) -> V;

    /// `dy f'(x)` for f32 or half `x` and `dy` in f64 lanes, as
    /// [`forward_wide`](Op::forward_wide).
    fn backward_wide<V: Lanes<Real = f64>>(self, x: V, dy: V) -> V;

    /// `f(x)` in f64 for the half types' exact fallback, as `(y, tail)`:
    /// `y` is [`forward`](Op::forward) and `tail` the sign of what `y`
    /// lacks where that can decide a half-way case, 0 elsewhere. Only a
    /// function whose value can lie within 2^-53 of a half-way point of a
    /// half format needs one (SiLU at bf16's subnormals: `x/2 + x^2/4`).
    #[inline(always)]
    fn forward_f64_tail(self, x: f64) -> (f64, f64) {
        (self.forward(x), 0.0)
    }
}

/// `log_sigmoid(x) = log(1 / (1 + exp(-x))) = min(x, 0) - log1p(exp(-|x|))`;
/// gradient `dy sigmoid(-x)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogSigmoid;

impl Op for LogSigmoid {
    const NAME: &'static str = "log_sigmoid";
    #[inline(always)]
    fn forward<V: Lanes>(self, x: V) -> V {
        V::Real::log_sigmoid_faithful(x)
    }
    #[inline(always)]
    fn backward<V: Lanes>(self, x: V, dy: V) -> V {
        math::backward(x, dy)
    }
    #[inline(always)]
    fn forward_fast<V: Lanes>(self, x: V) -> V {
        V::Real::log_sigmoid_fast(x)
    }
    #[inline(always)]
    fn backward_fast<V: Lanes>(self, x: V, dy: V) -> V {
        V::Real::log_sigmoid_backward_fast(x, dy)
    }
    #[inline(always)]
    fn backward_coarse<V: Lanes<Real = f32>>(self, x: V, dy: V) -> V {
        math::half::backward(x, dy)
    }
    #[inline(always)]
    fn forward_wide<V: Lanes<Real = f64>>(self, x: V) -> V {
        math::wide::log_sigmoid(x)
    }
    #[inline(always)]
    fn backward_wide<V: Lanes<Real = f64>>(self, x: V, dy: V) -> V {
        math::wide::backward(x, dy)
    }
}

/// `softplus(x) = log(1 + exp(x)) = -log_sigmoid(-x)`, bit for bit (both
/// negations are exact, and rounding to nearest is symmetric); gradient
/// `dy sigmoid(x)`, log-sigmoid's gradient at `-x`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Softplus;

impl Op for Softplus {
    const NAME: &'static str = "softplus";
    #[inline(always)]
    fn forward<V: Lanes>(self, x: V) -> V {
        LogSigmoid.forward(x.neg()).neg()
    }
    #[inline(always)]
    fn backward<V: Lanes>(self, x: V, dy: V) -> V {
        LogSigmoid.backward(x.neg(), dy)
    }
    #[inline(always)]
    fn forward_fast<V: Lanes>(self, x: V) -> V {
        LogSigmoid.forward_fast(x.neg()).neg()
    }
    #[inline(always)]
    fn backward_fast<V: Lanes>(self, x: V, dy: V) -> V {
        LogSigmoid.backward_fast(x.neg(), dy)
    }
    #[inline(always)]
    fn backward_coarse<V: Lanes<Real = f32>>(self, x: V, dy: V) -> V {
        LogSigmoid.backward_coarse(x.neg(), dy)
    }
    #[inline(always)]
    fn forward_wide<V: Lanes<Real = f64>>(self, x: V) -> V {
        LogSigmoid.forward_wide(x.neg()).neg()
    }
    #[inline(always)]
    fn backward_wide<V: Lanes<Real = f64>>(self, x: V, dy: V) -> V {
        LogSigmoid.backward_wide(x.neg(), dy)
    }
}

/// `sigmoid(x) = 1 / (1 + exp(-x))`; gradient `dy sigmoid(x) sigmoid(-x)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sigmoid;

impl Op for Sigmoid {
    const NAME: &'static str = "sigmoid";
    #[inline(always)]
    fn forward<V: Lanes>(self, x: V) -> V {
        V::Real::sigmoid_faithful(x)
    }
    #[inline(always)]
    fn backward<V: Lanes>(self, x: V, dy: V) -> V {
        math::logistic::sigmoid_backward(x, dy)
    }
    /// f32: the window's polynomials (`math::fast`); f64 and the gradient:
    /// the faithful algorithms.
    #[inline(always)]
    fn forward_fast<V: Lanes>(self, x: V) -> V {
        V::Real::sigmoid_fast(x)
    }
    #[inline(always)]
    fn backward_fast<V: Lanes>(self, x: V, dy: V) -> V {
        self.backward(x, dy)
    }
    #[inline(always)]
    fn backward_coarse<V: Lanes<Real = f32>>(self, x: V, dy: V) -> V {
        math::logistic::sigmoid_backward(x, dy)
    }
    #[inline(always)]
    fn forward_wide<V: Lanes<Real = f64>>(self, x: V) -> V {
        math::wide::sigmoid(x)
    }
    #[inline(always)]
    fn backward_wide<V: Lanes<Real = f64>>(self, x: V, dy: V) -> V {
        math::wide::sigmoid_backward(x, dy)
    }
}

/// `silu(x) = x sigmoid(x)` (SiLU, swish); gradient
/// `dy sigmoid(x) (1 + x sigmoid(-x))`. The half types use the f32
/// algorithm itself (within 1 f32 ULP).
#[derive(Clone, Copy, Debug, Default)]
pub struct Silu;

impl Op for Silu {
    const NAME: &'static str = "silu";
    #[inline(always)]
    fn forward<V: Lanes>(self, x: V) -> V {
        V::Real::silu_faithful(x)
    }
    #[inline(always)]
    fn backward<V: Lanes>(self, x: V, dy: V) -> V {
        math::logistic::silu_backward(x, dy)
    }
    /// f32: the window's polynomials (`math::fast`); f64 and the gradient
    /// (whose zero near `x = -1.28` wants the faithful double words): the
    /// faithful algorithms.
    #[inline(always)]
    fn forward_fast<V: Lanes>(self, x: V) -> V {
        V::Real::silu_fast(x)
    }
    #[inline(always)]
    fn backward_fast<V: Lanes>(self, x: V, dy: V) -> V {
        self.backward(x, dy)
    }
    #[inline(always)]
    fn backward_coarse<V: Lanes<Real = f32>>(self, x: V, dy: V) -> V {
        math::logistic::silu_backward(x, dy)
    }
    #[inline(always)]
    fn forward_wide<V: Lanes<Real = f64>>(self, x: V) -> V {
        math::wide::silu(x)
    }
    #[inline(always)]
    fn backward_wide<V: Lanes<Real = f64>>(self, x: V, dy: V) -> V {
        math::wide::silu_backward(x, dy)
    }
    /// For a tiny half `x`, `silu(x) = x/2 + x^2/4 - ...` is just above
    /// `x/2`, which is a half-way point of the format when `x` is an odd
    /// subnormal; f64 holds `x/2` exactly and drops `x^2/4` for bf16's
    /// subnormals, so the tail says which way the truth lies.
    #[inline(always)]
    fn forward_f64_tail(self, x: f64) -> (f64, f64) {
        let y = self.forward(x);
        let tail = if y == 0.5 * x && x != 0.0 {
            0.25 * x * x
        } else {
            0.0
        };
        (y, tail)
    }
}

/// softplus with PyTorch's `beta` and `threshold`: with `z = beta x`
/// rounded once in the compute precision (f32 for f32, f16 and bf16; f64
/// for f64), `y = x` where `z > threshold`, else `log1p(exp(z)) / beta`;
/// gradient `dy` where `z > threshold`, else `dy sigmoid(z)`. `beta` and
/// `threshold` are rounded to the compute precision too. The `logsigmoid`
/// crate checks them (`beta` positive and normal in f32, `threshold` not
/// NaN) before making one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SoftplusBeta {
    p32: BetaParams<f32>,
    p64: BetaParams<f64>,
}

impl SoftplusBeta {
    /// The operation for `beta` and `threshold` (unchecked: see the type's
    /// docs for what the kernels' bounds assume).
    pub fn new(beta: f64, threshold: f64) -> SoftplusBeta {
        let b32 = beta as f32;
        SoftplusBeta {
            p32: BetaParams {
                beta: b32,
                neg_beta: -b32,
                neg_inv_beta: -1.0 / b32,
                threshold: threshold as f32,
            },
            p64: BetaParams {
                beta,
                neg_beta: -beta,
                neg_inv_beta: -1.0 / beta,
                threshold,
            },
        }
    }

    /// The parameters in the lanes' precision.
    #[inline(always)]
    fn params<R: Real>(self) -> BetaParams<R> {
        BetaParams {
            beta: R::choose(self.p32.beta, self.p64.beta),
            neg_beta: R::choose(self.p32.neg_beta, self.p64.neg_beta),
            neg_inv_beta: R::choose(self.p32.neg_inv_beta, self.p64.neg_inv_beta),
            threshold: R::choose(self.p32.threshold, self.p64.threshold),
        }
    }
}

impl Op for SoftplusBeta {
    const NAME: &'static str = "softplus_beta";
    #[inline(always)]
    fn forward<V: Lanes>(self, x: V) -> V {
        let p = self.params::<V::Real>();
        softplus_beta::forward(x, x.mul(x.splat(p.beta)), p)
    }
    #[inline(always)]
    fn backward<V: Lanes>(self, x: V, dy: V) -> V {
        let p = self.params::<V::Real>();
        softplus_beta::backward(x.mul(x.splat(p.beta)), dy, p)
    }
    /// The faithful algorithm (its division by beta and double words keep
    /// the bound for every beta).
    #[inline(always)]
    fn forward_fast<V: Lanes>(self, x: V) -> V {
        self.forward(x)
    }
    #[inline(always)]
    fn backward_fast<V: Lanes>(self, x: V, dy: V) -> V {
        self.backward(x, dy)
    }
    #[inline(always)]
    fn backward_coarse<V: Lanes<Real = f32>>(self, x: V, dy: V) -> V {
        self.backward(x, dy)
    }
    /// None: `z = beta x` is rounded in f32 (the f32 algorithms run on
    /// every target).
    const WIDE: bool = false;
    /// Not called (`WIDE` is false): the f64 algorithm.
    #[inline(always)]
    fn forward_wide<V: Lanes<Real = f64>>(self, x: V) -> V {
        self.forward(x)
    }
    /// Not called (`WIDE` is false): the f64 algorithm.
    #[inline(always)]
    fn backward_wide<V: Lanes<Real = f64>>(self, x: V, dy: V) -> V {
        self.backward(x, dy)
    }
    /// The halves' definition: `z` rounded in f32 (as the f32 kernels
    /// round it), the rest in f64 with f32's `beta` and `threshold`.
    #[inline(always)]
    fn forward_f64_tail(self, x: f64) -> (f64, f64) {
        let p = self.p32;
        let z = x as f32 * p.beta;
        let b = f64::from(p.beta);
        let p64 = BetaParams {
            beta: b,
            neg_beta: -b,
            neg_inv_beta: -1.0 / b,
            threshold: f64::from(p.threshold),
        };
        (softplus_beta::forward(x, f64::from(z), p64), 0.0)
    }
}

/// The Fast tier of the function `O`: [`Op::forward_fast`] and
/// [`Op::backward_fast`] as its forward and backward, within 1.5 and 3 ULP.
/// The half types keep their algorithms (correctly rounded, so the same
/// results as `O`'s).
#[derive(Clone, Copy, Debug, Default)]
pub struct Fast<O>(pub O);

impl<O: Op> Op for Fast<O> {
    const NAME: &'static str = O::NAME;
    #[inline(always)]
    fn forward<V: Lanes>(self, x: V) -> V {
        self.0.forward_fast(x)
    }
    #[inline(always)]
    fn backward<V: Lanes>(self, x: V, dy: V) -> V {
        self.0.backward_fast(x, dy)
    }
    #[inline(always)]
    fn forward_fast<V: Lanes>(self, x: V) -> V {
        self.0.forward_fast(x)
    }
    #[inline(always)]
    fn backward_fast<V: Lanes>(self, x: V, dy: V) -> V {
        self.0.backward_fast(x, dy)
    }
    #[inline(always)]
    fn backward_coarse<V: Lanes<Real = f32>>(self, x: V, dy: V) -> V {
        self.0.backward_coarse(x, dy)
    }
    /// `O`'s: within 0.5 + 2^-6 ULP, and faster there than the Fast f32
    /// algorithms without FMA.
    const WIDE: bool = O::WIDE;
    #[inline(always)]
    fn forward_wide<V: Lanes<Real = f64>>(self, x: V) -> V {
        self.0.forward_wide(x)
    }
    #[inline(always)]
    fn backward_wide<V: Lanes<Real = f64>>(self, x: V, dy: V) -> V {
        self.0.backward_wide(x, dy)
    }
    /// The exact fallback of `O` (the f64 lanes of the half types' rare
    /// half-way cases must be `O`'s faithful f64 algorithm).
    #[inline(always)]
    fn forward_f64_tail(self, x: f64) -> (f64, f64) {
        self.0.forward_f64_tail(x)
    }
}
