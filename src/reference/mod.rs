//! The scalar oracle: each function (`log_sigmoid`, `softplus`,
//! `sigmoid`, `silu`) and its gradient in double-double arithmetic (about
//! 104 bits, SiLU's gradient included near its zero), rounded once to the
//! element type.
//!
//! This is the reference the kernels are tested against, not a fast path: it
//! takes about a microsecond per call. Besides the rounded results, it
//! measures errors in ULPs (`F_ulp_error`, `F_backward_ulp_error` for each
//! function `F`) against the unrounded value (`F_wide`, `F_backward_wide`).
//!
//! ```
//! use logsigmoid::reference;
//!
//! assert_eq!(reference::log_sigmoid(1.0f64), -0.3132616875182228);
//! assert_eq!(reference::log_sigmoid(100.0f32), -3.8e-44);
//! assert_eq!(reference::log_sigmoid(f32::INFINITY).to_bits(), (-0.0f32).to_bits());
//! ```

mod dd;
mod logistic;
pub(crate) mod wide;

use crate::Element;
use dd::{exp_scaled, log1p, Dd};
pub use logistic::{sigmoid_backward_wide, sigmoid_wide, silu_backward_wide, silu_wide};
pub use wide::Wide;

/// Beyond this `|x|`, `exp(-|x|) < 2^-2885` only matters as a sticky bit.
const HUGE: f64 = 2000.0;

/// `log_sigmoid(x)` for an f64 `x`, unrounded.
pub fn log_sigmoid_wide(x: f64) -> Wide {
    if x.is_nan() {
        return Wide::special(x);
    }
    if x == f64::NEG_INFINITY {
        return Wide::special(x);
    }
    if x > HUGE {
        // -exp(-x) < 2^-2885: below every format's smallest subnormal.
        return Wide {
            hi: -1.0,
            lo: 0.0,
            exp2: -3000,
        };
    }
    if x < -HUGE {
        // x - exp(x), exp(x) < 2^-2885: x, inexact.
        return Wide {
            hi: x,
            lo: -f64::from_bits(1),
            exp2: 0,
        };
    }
    let (m, n) = exp_scaled(Dd::new(-x.abs()));
    // log1p(t) for t = m 2^n; below 2^-200 it is t (1 - t/2 + ...) = t to
    // far more than 106 bits.
    let (l, l_exp) = if n < -200 {
        (m, n)
    } else {
        (log1p(m.ldexp(n)), 0)
    };
    if x >= 0.0 {
        Wide::from_dd(l.neg(), l_exp)
    } else {
        let l = if l_exp == 0 { l } else { l.ldexp(l_exp) };
        Wide::from_dd(Dd::new(x).sub(l), 0)
    }
}

/// `dy * sigmoid(-x)` for f64 `x` and `dy`, unrounded.
pub fn log_sigmoid_backward_wide(x: f64, dy: f64) -> Wide {
    if x.is_nan() || dy.is_nan() {
        return Wide::special(f64::NAN);
    }
    if x == f64::INFINITY {
        return Wide::special(dy * 0.0);
    }
    if x == f64::NEG_INFINITY || dy == 0.0 || dy.is_infinite() {
        // sigmoid(-x) is in (0, 1]: the product keeps dy's zero or infinity.
        return Wide::special(dy);
    }
    if x > HUGE {
        // dy exp(-x) < 2^1024 2^-2885: below every format's subnormals.
        return Wide {
            hi: libm::copysign(1.0, dy),
            lo: 0.0,
            exp2: -3000,
        };
    }
    if x < -HUGE {
        // dy (1 - exp(x)): dy, inexact.
        return Wide {
            hi: dy,
            lo: -libm::copysign(f64::from_bits(1), dy),
            exp2: 0,
        };
    }
    let (m, n) = exp_scaled(Dd::new(-x.abs()));
    let t = if n < -1100 { Dd::new(0.0) } else { m.ldexp(n) };
    let one_plus_t = Dd::new(1.0).add(t);
    let (dm, de) = libm::frexp(dy);
    if x < 0.0 {
        let s = Dd::new(1.0).div(one_plus_t);
        Wide::from_dd(s.mul_f64(dm), de)
    } else {
        let s = m.div(one_plus_t);
        Wide::from_dd(s.mul_f64(dm), de + n)
    }
}

/// `softplus(x) = log(1 + exp(x)) = -log_sigmoid(-x)`, unrounded.
pub fn softplus_wide(x: f64) -> Wide {
    -log_sigmoid_wide(-x)
}

/// `dy * sigmoid(x)`, the gradient of `softplus`, unrounded.
pub fn softplus_backward_wide(x: f64, dy: f64) -> Wide {
    log_sigmoid_backward_wide(-x, dy)
}

/// A function's rounded oracle and its ULP errors, from its `Wide` forms.
macro_rules! rounded {
    ($name:literal, $gradient:literal, $wide:ident, $backward_wide:ident,
     $f:ident, $backward:ident, $ulp:ident, $backward_ulp:ident) => {
        #[doc = concat!("`", $name, "(x)`, correctly rounded to `T` (f64: to nearest from the")]
        /// double-double; the narrower types from it through round-to-odd, so once).
        pub fn $f<T: Element>(x: T) -> T {
            T::round_from($wide(x.widen()))
        }

        #[doc = concat!("`", $gradient, "`, the gradient of `", $name, "`, correctly rounded to `T`.")]
        pub fn $backward<T: Element>(x: T, dy: T) -> T {
            T::round_from($backward_wide(x.widen(), dy.widen()))
        }

        #[doc = concat!("The error of `y` as a value of `", $name, "(x)`, in ULPs of `T`.")]
        pub fn $ulp<T: Element>(x: T, y: T) -> f64 {
            let (digits, emin) = T::FORMAT;
            $wide(x.widen()).ulp_error(y.widen(), digits, emin)
        }

        #[doc = concat!("The error of `dx` as a value of `", $gradient, "`, in ULPs of `T`.")]
        pub fn $backward_ulp<T: Element>(x: T, dy: T, dx: T) -> f64 {
            let (digits, emin) = T::FORMAT;
            $backward_wide(x.widen(), dy.widen()).ulp_error(dx.widen(), digits, emin)
        }
    };
}

rounded!(
    "log_sigmoid",
    "dy * sigmoid(-x)",
    log_sigmoid_wide,
    log_sigmoid_backward_wide,
    log_sigmoid,
    log_sigmoid_backward,
    log_sigmoid_ulp_error,
    log_sigmoid_backward_ulp_error
);
rounded!(
    "softplus",
    "dy * sigmoid(x)",
    softplus_wide,
    softplus_backward_wide,
    softplus,
    softplus_backward,
    softplus_ulp_error,
    softplus_backward_ulp_error
);
rounded!(
    "sigmoid",
    "dy * sigmoid(x) * sigmoid(-x)",
    sigmoid_wide,
    sigmoid_backward_wide,
    sigmoid,
    sigmoid_backward,
    sigmoid_ulp_error,
    sigmoid_backward_ulp_error
);
rounded!(
    "silu",
    "dy * sigmoid(x) * (1 + x * sigmoid(-x))",
    silu_wide,
    silu_backward_wide,
    silu,
    silu_backward,
    silu_ulp_error,
    silu_backward_ulp_error
);

/// softplus with PyTorch's `beta` and `threshold` for an element of type
/// `T`, unrounded: with `b`, `th` and `z = b x` rounded to `T`'s compute
/// precision (f32 for f32, f16, bf16; f64 for f64), `x` where `z > th`,
/// else `log1p(exp(z)) / b`.
pub fn softplus_beta_wide<T: Element>(x: T, beta: f64, threshold: f64) -> Wide {
    let (b, th) = (T::to_compute(beta), T::to_compute(threshold));
    let z = T::to_compute(x.widen() * b);
    if z > th || x.widen().is_nan() {
        return Wide::special(x.widen());
    }
    let s = softplus_wide(z);
    if !s.hi.is_finite() || s.hi == 0.0 {
        return Wide::special(s.hi / b);
    }
    // Both scaled into [0.5, 1) first: s near f64::MAX over beta's
    // mantissa would overflow the quotient.
    let (bm, be) = libm::frexp(b);
    let (_, se) = libm::frexp(s.hi);
    let q = Dd { hi: s.hi, lo: s.lo }.ldexp(-se).div(Dd::new(bm));
    Wide::from_dd(q, s.exp2 + se - be)
}

/// softplus with `beta` and `threshold`, correctly rounded to `T`.
pub fn softplus_beta<T: Element>(x: T, beta: f64, threshold: f64) -> T {
    T::round_from(softplus_beta_wide(x, beta, threshold))
}

/// The error of `y` as a value of [`softplus_beta`], in ULPs of `T`.
pub fn softplus_beta_ulp_error<T: Element>(x: T, beta: f64, threshold: f64, y: T) -> f64 {
    let (digits, emin) = T::FORMAT;
    softplus_beta_wide(x, beta, threshold).ulp_error(y.widen(), digits, emin)
}

/// Its gradient, unrounded: `dy` where `z > th`, else `dy sigmoid(z)`.
pub fn softplus_beta_backward_wide<T: Element>(x: T, dy: T, beta: f64, threshold: f64) -> Wide {
    let (b, th) = (T::to_compute(beta), T::to_compute(threshold));
    let z = T::to_compute(x.widen() * b);
    if z > th {
        return Wide::special(dy.widen());
    }
    softplus_backward_wide(z, dy.widen())
}

/// The error of `dx` as a value of softplus's gradient with `beta` and
/// `threshold`, in ULPs of `T`.
pub fn softplus_beta_backward_ulp_error<T: Element>(
    x: T,
    dy: T,
    beta: f64,
    threshold: f64,
    dx: T,
) -> f64 {
    let (digits, emin) = T::FORMAT;
    softplus_beta_backward_wide(x, dy, beta, threshold).ulp_error(dx.widen(), digits, emin)
}
