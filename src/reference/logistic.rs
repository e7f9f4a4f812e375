//! The oracle for sigmoid and SiLU and their gradients, in double-double
//! arithmetic with the power of two kept apart (see [`Wide`]).

use super::dd::{exp_scaled, Dd};
use super::wide::Wide;
use super::HUGE;

/// The zero of `1 + x + exp(x)` (where `silu'` vanishes),
/// `x0 = -1 - W(1/e)`, as three words (159 bits; mpmath at 400 bits).
const X0: [f64; 3] = [
    -1.278_464_542_761_073_7,
    -1.094_699_418_309_343_7e-16,
    -3.907_766_676_128_665e-33,
];
/// `exp(x0) = -(1 + x0)`, as a double-double.
const EXP_X0: Dd = Dd {
    hi: 0.278_464_542_761_073_8,
    lo: -1.552_360_631_581_279_8e-18,
};

/// `t = exp(-|x|) = m 2^n`, for finite `|x| <= HUGE`.
fn exp_neg_abs(x: f64) -> (Dd, i32) {
    exp_scaled(Dd::new(-x.abs()))
}

/// `m 2^n` as a double-double, or 0 far below every format (it then only
/// enters `1 + t`).
fn absolute(m: Dd, n: i32) -> Dd {
    if n < -1100 {
        Dd::new(0.0)
    } else {
        m.ldexp(n)
    }
}

/// `dy * v 2^e` for a double-double `v`, unrounded.
fn times_dy(v: Dd, e: i32, dy: f64) -> Wide {
    let (dm, de) = libm::frexp(dy);
    Wide::from_dd(v.mul_f64(dm), e + de)
}

/// `sigmoid(x) = 1 / (1 + exp(-x))`, unrounded.
pub fn sigmoid_wide(x: f64) -> Wide {
    if x.is_nan() {
        return Wide::special(x);
    }
    if x == f64::INFINITY {
        return Wide::special(1.0);
    }
    if x == f64::NEG_INFINITY {
        return Wide::special(0.0);
    }
    if x > HUGE {
        // 1 - exp(-x): just below 1.
        return Wide {
            hi: 1.0,
            lo: -f64::from_bits(1),
            exp2: 0,
        };
    }
    if x < -HUGE {
        // exp(x) < 2^-2885: below every format's subnormals.
        return Wide {
            hi: 1.0,
            lo: 0.0,
            exp2: -3000,
        };
    }
    let (m, n) = exp_neg_abs(x);
    let d = Dd::new(1.0).add(absolute(m, n));
    if x >= 0.0 {
        Wide::from_dd(Dd::new(1.0).div(d), 0)
    } else {
        Wide::from_dd(m.div(d), n)
    }
}

/// `dy * sigmoid(x) sigmoid(-x) = dy t / (1 + t)^2`, `t = exp(-|x|)`,
/// unrounded.
pub fn sigmoid_backward_wide(x: f64, dy: f64) -> Wide {
    if x.is_nan() || dy.is_nan() {
        return Wide::special(f64::NAN);
    }
    if x.is_infinite() {
        return Wide::special(dy * 0.0);
    }
    if dy == 0.0 || dy.is_infinite() {
        // sigmoid'(x) > 0 for finite x: the product keeps dy's zero or infinity.
        return Wide::special(dy);
    }
    if x.abs() > HUGE {
        return Wide {
            hi: libm::copysign(1.0, dy),
            lo: 0.0,
            exp2: -3000,
        };
    }
    let (m, n) = exp_neg_abs(x);
    let d = Dd::new(1.0).add(absolute(m, n));
    times_dy(m.div(d.mul(d)), n, dy)
}

/// `silu(x) = x sigmoid(x)`, unrounded.
pub fn silu_wide(x: f64) -> Wide {
    if x.is_nan() || x == 0.0 || x == f64::INFINITY {
        return Wide::special(x);
    }
    if x == f64::NEG_INFINITY {
        return Wide::special(-0.0);
    }
    if x > HUGE {
        // x (1 - exp(-x)): x, just below.
        return Wide {
            hi: x,
            lo: -f64::from_bits(1),
            exp2: 0,
        };
    }
    if x < -HUGE {
        // x exp(x), below every format's subnormals.
        return Wide {
            hi: -1.0,
            lo: 0.0,
            exp2: -3000,
        };
    }
    let (m, n) = exp_neg_abs(x);
    let d = Dd::new(1.0).add(absolute(m, n));
    let (s, e) = if x > 0.0 {
        (Dd::new(1.0).div(d), 0)
    } else {
        (m.div(d), n)
    };
    times_dy(s, e, x)
}

/// `expm1(d)` for `|d| <= 1/4`, by its Taylor series in double-double.
fn expm1_small(d: Dd) -> Dd {
    let mut term = d;
    let mut sum = d;
    for k in 2..40 {
        term = term.mul(d).div(Dd::new(f64::from(k)));
        sum = sum.add(term);
        if term.hi.abs() <= sum.hi.abs() * 1e-34 || term.hi == 0.0 {
            break;
        }
    }
    sum
}

/// `1 + x + exp(x)` for `x < 0`, to full double-double precision even
/// near its zero `x0`: there, with `x = x0 + d` (`d` exact to 159 bits),
/// it is `d + exp(x0) expm1(d)`, two terms of one sign.
fn one_plus_x_plus_exp(x: f64, t: Dd) -> Dd {
    let d = Dd::new(x - X0[0]).sub(Dd::two_sum(X0[1], X0[2]));
    if d.hi.abs() <= 0.25 {
        d.add(EXP_X0.mul(expm1_small(d)))
    } else {
        Dd::new(1.0).add(Dd::new(x)).add(t)
    }
}

/// `dy * silu'(x) = dy sigmoid(x) (1 + x sigmoid(-x))`, unrounded:
/// `(1 + t + x t) / (1 + t)^2` for `x >= 0` and `t (1 + t + x) / (1 + t)^2`
/// for `x < 0`, `t = exp(-|x|)`.
pub fn silu_backward_wide(x: f64, dy: f64) -> Wide {
    if x.is_nan() || dy.is_nan() {
        return Wide::special(f64::NAN);
    }
    if x == f64::INFINITY {
        return Wide::special(dy);
    }
    if x == f64::NEG_INFINITY {
        // silu'(x) tends to 0 from below.
        return Wide::special(dy * -0.0);
    }
    if x > HUGE {
        // 1 + (x - 1) exp(-x) + ...: just above 1.
        return Wide {
            hi: dy,
            lo: libm::copysign(f64::from_bits(1), dy),
            exp2: 0,
        };
    }
    if x < -HUGE {
        // (1 + x) exp(x) + ...: negative, below every format.
        if dy == 0.0 || dy.is_infinite() {
            return Wide::special(-dy);
        }
        return Wide {
            hi: -libm::copysign(1.0, dy),
            lo: 0.0,
            exp2: -3000,
        };
    }
    let (m, n) = exp_neg_abs(x);
    let t = absolute(m, n);
    let d = Dd::new(1.0).add(t);
    let d2 = d.mul(d);
    let (v, e) = if x >= 0.0 {
        (d.add(t.mul_f64(x)).div(d2), 0)
    } else {
        (m.mul(one_plus_x_plus_exp(x, t)).div(d2), n)
    };
    if dy == 0.0 || dy.is_infinite() {
        // The product keeps dy's zero or infinity, with silu'(x)'s sign.
        return Wide::special(dy * libm::copysign(1.0, v.hi));
    }
    times_dy(v, e, dy)
}
