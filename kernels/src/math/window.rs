//! The window `|x| < 4` that the table-driven f32 algorithms share (the
//! Faithful log-sigmoid, `math::faithful`; the Fast tier, `math::fast`):
//! its intervals, its coefficient lookups, the choice between the window
//! and the path beyond it per block of registers, and the short `log1p`
//! that log-sigmoid takes beyond it.
//!
//! `a = |x|` falls in one of 8 intervals of width 1/2, `i = round(2a -
//! 1/2)` by magic-bias rounding (its low bits index the tables by
//! `Lanes::lookup8`: `vpermps`, `tbl`), and the polynomials' variable is
//! `w = 2s = i + 1/2 - 2a` in `[-1/2, 1/2]`, `s = 0.5 i + 1/4 - a` the
//! offset from the interval's centre (centred, so that the polynomials'
//! variable part stays small against their constant term). The tables are
//! fitted in `s` and generated for `w` (each coefficient of degree `d`
//! times `2^-d`, exact): Horner's scheme in `w` takes every intermediate
//! value of the same steps in `s` times a power of two, so the bits are
//! those of `s`, in one operation fewer per register.

use crate::lanes::{Lanes, Real};

/// The window's edge: `|x| < 4`, that is `-|x| > WINDOW`.
const WINDOW: f32 = -4.0;

/// `$window` where every lane of the block has `|x| < 4` (`$z = -|x|`),
/// `$beyond` where none has (NaN is outside: the comparison is false), else
/// both and a select by lane: a lane's result is its own path's either way,
/// so the choice never changes a bit. (A macro, not a function taking
/// closures: closures would lose the kernels' target features.)
macro_rules! by_window {
    ($x:expr, $z:expr, $window:expr, $beyond:expr) => {{
        let inside = $crate::math::window::inside($x, $z);
        if $x.all(inside) {
            $window
        } else if $x.any(inside) {
            V::select(inside, $window, $beyond)
        } else {
            $beyond
        }
    }};
}
pub(crate) use by_window;

/// The lanes inside the window: `z = -|x| > -4` (false for NaN).
#[inline(always)]
pub(crate) fn inside<V: Lanes<Real = f32>>(x: V, z: V) -> V::Mask {
    x.splat(WINDOW).lt(z)
}

/// The window's interval of `z = -|x| > -4`: `k = MAGIC_INDEX + i`, `i =
/// round(2|x| - 1/2)` in 0..8, and `w = i + 1/2 - 2|x|` in `[-1/2, 1/2]`,
/// twice the offset `s` from the interval's centre. `t = 1/2 - 2|x|` is
/// exact but where `|x| < 1/4` has bits below 2^-26 (an error of 2^-26 in
/// `w`), `k = MAGIC_INDEX - t` rounds `-t` to `i`, and `i + t` is exact
/// (Sterbenz for `i >= 1`; `t` itself for `i = 0`): four operations, and
/// `w` is exactly twice the `s` that `0.5 i - |x|` and `+ 1/4` gave in
/// five.
#[inline(always)]
pub(crate) fn interval<V: Lanes<Real = f32>>(z: V) -> (V, V) {
    let r_ = |v| z.splat(v);
    let t = z.mul_add(r_(2.0), r_(f32::HALF));
    let k = r_(f32::MAGIC_INDEX).sub(t);
    (k, k.sub(r_(f32::MAGIC_INDEX)).add(t))
}

/// Horner's scheme in `w` over coefficients looked up by `k`, lowest
/// degree first.
#[inline(always)]
pub(crate) fn horner_lookup<V: Lanes<Real = f32>>(k: V, w: V, rows: &[[f32; 8]]) -> V {
    let mut i = rows.len() - 1;
    let mut acc = k.lookup8(&rows[i]);
    while i > 0 {
        i -= 1;
        acc = acc.mul_add(w, k.lookup8(&rows[i]));
    }
    acc
}

/// `R` in `log1p(t) = t + t^2 R(t)`, `t <= e^-4`: the Taylor series
/// `-1/2 + t/3 - t^2/4 + t^3/5` (the next term adds below 2^-34 relative).
pub(crate) const LOG1P_SMALL: [f32; 4] = [-0.5, 1.0 / 3.0, -0.25, 0.2];

/// Log-sigmoid beyond the window (`|x| >= 4`, NaN, the infinities), given
/// `l = log1p(exp(-|x|))`: `min(x, -0.0) - l`. For `x <= -4`, `l < 0.02`
/// is far below `|y|`'s last place's weight, and the result is one rounding
/// of `x - l`; for `x >= 4` it is `-l` (an underflowed `l` gives `-0.0`); a
/// NaN `x` has made `l` NaN; `-inf` stays `-inf`.
#[inline(always)]
pub(crate) fn log_sigmoid_beyond<V: Lanes<Real = f32>>(x: V, l: V) -> V {
    x.min(x.splat(f32::NEG_ZERO)).sub(l)
}

/// `silu(x) = x sigmoid(x)` for `z = -|x| > -4`, given `sigmoid(x) = hi +
/// lo` from a logistic window: `x hi + x lo` with `x hi` exact inside the
/// FMA, so the result is rounded once plus the rounding of `x lo` (a few
/// ULPs of `hi` in the Faithful window, so far below the result's last
/// place; up to a third of `hi` in the Fast one, half an ULP of `x lo`:
/// its SiLU's measured maximum includes it). For `|x| < 2^-24`, `x/2`
/// (`x^2/4` is below half its ULP), also where flush-to-zero would flush
/// `x lo`; `silu(±0) = ±0`.
#[inline(always)]
pub(crate) fn silu_from_sigmoid<V: Lanes<Real = f32>>(x: V, z: V, (hi, lo): (V, V)) -> V {
    let y = x.mul_add_exact(hi, x.mul(lo));
    let tiny = x.splat(-f32::from_bits(0x3380_0000)).lt(z);
    V::select(tiny, x.mul(x.splat(f32::HALF)), y)
}
