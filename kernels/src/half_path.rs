//! f16 and bf16: widened to f32, computed by the f32 algorithm, rounded once
//! to nearest-even, and correctly rounded for every input.
//!
//! The f32 result `y` is within 1 f32 ULP of the true value (0.6 measured),
//! so the true value lies strictly between `y`'s two f32 neighbours. When both
//! neighbours round to the same half value, that value is the correctly
//! rounded result (rounding is monotonic). Otherwise (`y` is within an f32
//! ULP of a half-way point, about 1 input in 2^11 for f16 and 2^14 for bf16)
//! the lane is recomputed by the f64 algorithm and rounded from f64 through
//! f32 with round-to-odd, which is exact double rounding. All of it is
//! deterministic, so every ISA gives the same bits.

use half::{bf16, f16};

use crate::lanes::Lanes;
use crate::math;

/// A 16-bit float format with round-to-nearest-even conversion from f32.
pub(crate) trait HalfFormat: Copy {
    fn from_f32(v: f32) -> Self;
    fn to_f32(self) -> f32;
    fn to_bits(self) -> u16;
    fn from_bits(b: u16) -> Self;
}

impl HalfFormat for f16 {
    #[inline(always)]
    fn from_f32(v: f32) -> Self {
        f16::from_f32(v)
    }
    #[inline(always)]
    fn to_f32(self) -> f32 {
        f16::to_f32(self)
    }
    #[inline(always)]
    fn to_bits(self) -> u16 {
        f16::to_bits(self)
    }
    #[inline(always)]
    fn from_bits(b: u16) -> Self {
        f16::from_bits(b)
    }
}

impl HalfFormat for bf16 {
    #[inline(always)]
    fn from_f32(v: f32) -> Self {
        bf16::from_f32(v)
    }
    #[inline(always)]
    fn to_f32(self) -> f32 {
        bf16::to_f32(self)
    }
    #[inline(always)]
    fn to_bits(self) -> u16 {
        bf16::to_bits(self)
    }
    #[inline(always)]
    fn from_bits(b: u16) -> Self {
        bf16::from_bits(b)
    }
}

/// The two f32 neighbours of `y` by magnitude (`y` itself for NaN and
/// infinities; a zero's lower neighbour is itself).
#[inline(always)]
pub(crate) fn neighbours(y: f32) -> (f32, f32) {
    let bits = y.to_bits();
    let mag = bits & 0x7fff_ffff;
    if mag >= 0x7f80_0000 {
        return (y, y);
    }
    let sign = bits & 0x8000_0000;
    let lo = sign | mag.saturating_sub(1);
    let hi = sign | (mag + 1);
    (f32::from_bits(lo), f32::from_bits(hi))
}

/// `v` rounded to f32 with round-to-odd: the f32 nearest `v` towards zero,
/// with its last bit set if that is inexact. Rounding this to a format of at
/// most 22 bits gives the correctly rounded result of `v`.
#[inline(always)]
pub(crate) fn f64_to_f32_odd(v: f64) -> f32 {
    let near = v as f32;
    if near.is_nan() || f64::from(near) == v {
        return near;
    }
    // Truncate towards zero, then set the sticky bit.
    let mut bits = near.to_bits();
    if f64::from(near).abs() > v.abs() {
        bits -= 1;
    }
    f32::from_bits(bits | 1)
}

/// The correctly rounded `log_sigmoid` of a half value, given the f32 result.
#[inline(always)]
pub(crate) fn round_forward<H: HalfFormat>(x: H, y: f32) -> H {
    let (lo, hi) = neighbours(y);
    let (lo, hi) = (H::from_f32(lo), H::from_f32(hi));
    if lo.to_bits() == hi.to_bits() {
        lo
    } else {
        forward_slow(x)
    }
}

/// The rare lane whose f32 result is too close to a half-way point.
#[cold]
#[inline(never)]
pub(crate) fn forward_slow<H: HalfFormat>(x: H) -> H {
    let y = math::log_sigmoid(f64::from(x.to_f32()));
    H::from_f32(f64_to_f32_odd(y))
}

#[inline(always)]
fn forward<H: HalfFormat>(x: H) -> H {
    round_forward(x, math::log_sigmoid(x.to_f32()))
}

#[inline(always)]
fn backward<H: HalfFormat>(x: H, dy: H) -> H {
    H::from_f32(math::backward(x.to_f32(), dy.to_f32()))
}

/// `log_sigmoid` of one f16, correctly rounded.
#[inline(always)]
pub(crate) fn forward_f16(x: f16) -> f16 {
    forward(x)
}

/// `log_sigmoid` of one bf16, correctly rounded.
#[inline(always)]
pub(crate) fn forward_bf16(x: bf16) -> bf16 {
    forward(x)
}

/// `dy * sigmoid(-x)` for f16.
#[inline(always)]
pub(crate) fn backward_f16(x: f16, dy: f16) -> f16 {
    backward(x, dy)
}

/// `dy * sigmoid(-x)` for bf16.
#[inline(always)]
pub(crate) fn backward_bf16(x: bf16, dy: bf16) -> bf16 {
    backward(x, dy)
}

/// One ISA's registers of half values and their conversions to and from f32.
pub(crate) trait HalfLanes {
    /// f16 or bf16.
    type Half: HalfFormat;
    /// The f32 lanes of the same count.
    type F32: Lanes<Real = f32>;
    /// A register of `LANES` halves.
    type Reg: Copy;
    /// Lanes per register (at most 16).
    const LANES: usize;
    /// Exact widening to f32.
    fn widen(h: Self::Reg) -> Self::F32;
    /// Narrowing, rounded to nearest-even (as `HalfFormat::from_f32`).
    fn narrow(v: Self::F32) -> Self::Reg;
    /// The f32 neighbours of each lane, as [`neighbours`].
    fn neighbours(y: Self::F32) -> (Self::F32, Self::F32);
    /// Nonzero if any lane of `a` and `b` differs.
    fn differ(a: Self::Reg, b: Self::Reg) -> u32;
    /// The lanes' bits (the first `LANES` entries).
    fn to_array(h: Self::Reg) -> [u16; 16];
    /// A register from the first `LANES` entries.
    fn from_array(a: &[u16; 16]) -> Self::Reg;
}

/// The correctly rounded `log_sigmoid` of a register of halves: the vector
/// form of [`round_forward`].
#[inline(always)]
pub(crate) fn forward_lanes<S: HalfLanes>(x: S::Reg) -> S::Reg {
    let y = math::log_sigmoid(S::widen(x));
    let (lo, hi) = S::neighbours(y);
    let (lo, hi) = (S::narrow(lo), S::narrow(hi));
    if S::differ(lo, hi) == 0 {
        lo
    } else {
        fix_lanes::<S>(x, lo, hi)
    }
}

/// The lanes whose neighbours round apart, recomputed by [`forward_slow`].
#[cold]
#[inline(never)]
fn fix_lanes<S: HalfLanes>(x: S::Reg, lo: S::Reg, hi: S::Reg) -> S::Reg {
    let x = S::to_array(x);
    let mut lo = S::to_array(lo);
    let hi = S::to_array(hi);
    for i in 0..S::LANES {
        if lo[i] != hi[i] {
            lo[i] = forward_slow(S::Half::from_bits(x[i])).to_bits();
        }
    }
    S::from_array(&lo)
}
