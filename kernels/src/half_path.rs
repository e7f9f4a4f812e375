//! f16 and bf16: widened to f32, computed by the function's Fast f32
//! algorithm ([`Op::forward_fast`]: the Fast tier's), rounded once to nearest-even, and
//! correctly rounded for every input.
//!
//! The f32 result `y` is less than 2 f32 ULPs from the true value (each
//! function's Fast algorithm states its measured maximum, and a unit test
//! holds it below `MARGIN + 1` over every input of both formats). Rounding `y` to the
//! half format is then correct unless `y` is within [`MARGIN`] (1) f32 ULP
//! of a half-way point between two half values, which a few integer
//! operations on `y`'s bits detect: the bits below the half format's last
//! place are `100...0` give or take 1. For f16 results below f16's normals,
//! `|y| + 2^-14` puts those bits in the same place. bf16 has f32's exponent
//! range, so its last place is always 16 bits up. The rare lane that is near
//! a half-way point (about 3 in 2^13 for f16, 3 in 2^16 for bf16) is
//! recomputed by the f64 algorithm ([`Op::forward`]) and rounded from f64
//! through f32 with round-to-odd, which is exact double rounding. All of it
//! is deterministic, so every ISA gives the same bits, and the exhaustive
//! tests check every input on every ISA.

use half::{bf16, f16};

use crate::driver::Vector;
use crate::lanes::Lanes;
use crate::op::Op;
use crate::widen::{self, Widen};

/// A 16-bit float format with round-to-nearest-even conversion from f32.
pub trait HalfFormat: Copy + Default + 'static {
    /// The mask of the f32 bits below the format's last place.
    const LOW_BITS: u32;
    /// The half-way pattern of those bits, less [`MARGIN`].
    const HALF_WAY_LESS_MARGIN: u32;
    /// The f32 value whose bits, low part taken, locate the half-way points
    /// of `y`'s rounding (see the module docs).
    fn aligned<V: Lanes<Real = f32>>(y: V) -> V;
    fn from_f32(v: f32) -> Self;
    fn to_f32(self) -> f32;
}

impl HalfFormat for f16 {
    const LOW_BITS: u32 = 0x1fff;
    const HALF_WAY_LESS_MARGIN: u32 = 0x1000 - MARGIN;
    #[inline(always)]
    fn aligned<V: Lanes<Real = f32>>(y: V) -> V {
        // -|y|, and -(|y| + 2^-14) below f16's normals (2^-14).
        let a = y.neg_abs();
        let min_normal = y.splat(-6.103_515_6e-5);
        V::select(min_normal.lt(a), a.add(min_normal), a)
    }
    /// Round to nearest-even by integer operations, without a branch (the
    /// `half` crate's scalar code branches on NaNs, subnormals and
    /// overflow): from 65520 up the infinity (NaN: the quiet NaN
    /// `0x7e00`); below f16's normals by adding 0.5, whose ULP is f16's
    /// smallest subnormal (one float rounding: a normal sum, so
    /// flush-to-zero modes do not touch it), and taking the low bits; in
    /// between by rebiasing the exponent and adding `0xfff` plus the last
    /// kept bit.
    #[inline(always)]
    fn from_f32(v: f32) -> Self {
        let sign = v.to_bits() & 0x8000_0000;
        let a = v.to_bits() ^ sign;
        let half = 0x3f00_0000u32;
        let subnormal = (f32::from_bits(a) + f32::from_bits(half))
            .to_bits()
            .wrapping_sub(half);
        let odd = (a >> 13) & 1;
        let rebias = ((15 - 127) << 23) + 0xfff;
        let normal = a.wrapping_add_signed(rebias).wrapping_add(odd) >> 13;
        let inf_or_nan = if a > 0x7f80_0000 { 0x7e00 } else { 0x7c00 };
        let o = if a >= 0x4780_0000 {
            inf_or_nan
        } else if a < 0x3880_0000 {
            subnormal
        } else {
            normal
        };
        f16::from_bits((o | (sign >> 16)) as u16)
    }
    /// Exactly, by integer operations: normals rebiased, subnormals
    /// converted from their integer significand (`m 2^-24`: a normal f32,
    /// so denormals-are-zero modes do not touch it), the infinities and
    /// NaNs given f32's top exponent, the sign put back.
    #[inline(always)]
    fn to_f32(self) -> f32 {
        let h = u32::from(self.to_bits());
        let em = h & 0x7fff;
        let subnormal = (em as f32 * f32::from_bits(0x3380_0000)).to_bits();
        let v = if em >= 0x7c00 {
            (em << 13) | 0x7f80_0000
        } else if em < 0x0400 {
            subnormal
        } else {
            (em << 13) + ((127 - 15) << 23)
        };
        f32::from_bits(v | ((h & 0x8000) << 16))
    }
}

impl HalfFormat for bf16 {
    const LOW_BITS: u32 = 0xffff;
    const HALF_WAY_LESS_MARGIN: u32 = 0x8000 - MARGIN;
    #[inline(always)]
    fn aligned<V: Lanes<Real = f32>>(y: V) -> V {
        y
    }
    /// Round to nearest-even by adding `0x7fff` plus the last kept bit;
    /// a NaN keeps its top bits, made quiet (as the `half` crate).
    #[inline(always)]
    fn from_f32(v: f32) -> Self {
        let b = v.to_bits();
        let rounded = b.wrapping_add(0x7fff + ((b >> 16) & 1)) >> 16;
        let o = if b & 0x7fff_ffff > 0x7f80_0000 {
            (b >> 16) | 0x40
        } else {
            rounded
        };
        bf16::from_bits(o as u16)
    }
    #[inline(always)]
    fn to_f32(self) -> f32 {
        f32::from_bits(u32::from(self.to_bits()) << 16)
    }
}

/// The half-way test's margin in f32 ULPs: the Fast f32 algorithms are
/// within `MARGIN + 1` (the Fast tier's f32 windows, 1.32 f32 ULP at most
/// over every f32 input), so a lane more than `MARGIN` from a half-way point
/// has its true value on the same side.
pub(crate) const MARGIN: u32 = 1;

/// The count of bit patterns within [`MARGIN`] of a half-way point.
pub(crate) const NEAR_WIDTH: u32 = 2 * MARGIN + 1;

/// Whether the bits of `z` (an `aligned` value) are within [`MARGIN`] of a
/// half-way pattern: `((bits - HALF_WAY_LESS_MARGIN) & LOW_BITS) <
/// NEAR_WIDTH`.
#[inline(always)]
pub(crate) fn near_half_way<H: HalfFormat>(z: f32) -> bool {
    (z.to_bits().wrapping_sub(H::HALF_WAY_LESS_MARGIN) & H::LOW_BITS) < NEAR_WIDTH
}

/// `v + tail` rounded to f32 with round-to-odd: the f32 nearest towards
/// zero, with its last bit set if that is inexact. `tail` is below `v`'s
/// last place and only its sign counts, where `v` is an f32 (see
/// [`Op::forward_f64_tail`]). Rounding this to a format of at most 22 bits
/// gives the correctly rounded result of `v + tail`.
#[inline(always)]
pub(crate) fn f64_to_f32_odd(v: f64, tail: f64) -> f32 {
    let near = v as f32;
    let exact = f64::from(near) == v;
    if near.is_nan() || (exact && tail == 0.0) {
        return near;
    }
    // Truncate towards zero, then set the sticky bit.
    let mut bits = near.to_bits();
    let beyond = if exact {
        (tail < 0.0) == (v > 0.0)
    } else {
        f64::from(near).abs() > v.abs()
    };
    if beyond {
        bits -= 1;
    }
    f32::from_bits(bits | 1)
}

/// The correctly rounded `O::forward` of a half value, by the f64
/// algorithm rounded through f32 with round-to-odd: the lanes whose f32
/// result is too close to a half-way point.
#[inline(always)]
pub(crate) fn forward_exact<H: HalfFormat, O: Op>(op: O, x: H) -> H {
    let (y, tail) = op.forward_f64_tail(f64::from(x.to_f32()));
    H::from_f32(f64_to_f32_odd(y, tail))
}

/// One ISA's register of half values and its conversions to and from f32.
pub trait HalfVector: Vector<Elem = Self::Half> {
    /// f16 or bf16.
    type Half: HalfFormat;
    /// The f32 lanes of the same count.
    type F32: Lanes<Real = f32>;
    /// Exact widening to f32.
    fn widen(self) -> Self::F32;
    /// Narrowing of the forward's results, rounded to nearest-even (as
    /// `HalfFormat::from_f32`), in a register like `self`.
    fn narrow(self, v: Self::F32) -> Self;
    /// Narrowing of any f32 (subnormals included), rounded to nearest-even.
    fn narrow_any(self, v: Self::F32) -> Self;
    /// A bit mask of the lanes whose bits are within [`MARGIN`] of a
    /// half-way pattern, as [`near_half_way`]: bit `i` for lane `i` (plus any lanes
    /// the ISA must recompute).
    fn near_half_way(self, z: Self::F32) -> u32;
    /// [`fix_lanes`], out of line (cold) but compiled with the ISA's
    /// features, so the scalar f64 code gets its FMA instruction.
    fn fix<O: Op>(op: O, x: Self, h: Self, near: u32) -> Self;
}

/// The correctly rounded `O::forward` of `N` registers of halves, the
/// Fast f32 algorithm interleaved (see `driver::forward`).
// (On wasm32 no ISA uses it: the halves run the portable kernel's chunked
// loops, and its `forward_or_wide`.)
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
#[inline(always)]
pub(crate) fn forward<S: HalfVector, O: Op, const N: usize>(op: O, x: [S; N]) -> [S; N] {
    round_all(op, x, op.forward_fast(widen_all(x)))
}

/// As [`forward`], or where `O` runs its wide algorithms on these lanes
/// (`widen::wide`: no FMA), through them: `y` in f64, rounded to f32, then
/// as [`forward`]. `y` is within 2^-30 of the true value, so where its f32
/// rounding is more than [`MARGIN`] f32 ULP from a half-way point, `y` is
/// more than half an ULP from it and the true value on the same side.
#[inline(always)]
pub(crate) fn forward_or_wide<S: HalfVector<F32: Widen>, O: Op, const N: usize>(
    op: O,
    x: [S; N],
) -> [S; N] {
    round_all(op, x, forward_f32(op, widen_all(x)))
}

/// The f32 values the halves' forward rounds, from the halves' values `x`
/// in f32 lanes: the Fast f32 algorithm (as [`forward`]), or where `O` runs its wide algorithms on
/// these lanes (`widen::wide`: no FMA) those, rounded to f32.
#[inline(always)]
pub(crate) fn forward_f32<F: Widen, O: Op, const N: usize>(op: O, x: [F; N]) -> [F; N] {
    if widen::wide::<F, O>() {
        widen::forward(op, x)
    } else {
        op.forward_fast(x)
    }
}

/// The f32 gradients the halves' backward rounds, as [`forward_f32`].
#[inline(always)]
pub(crate) fn backward_f32<F: Widen, O: Op, const N: usize>(
    op: O,
    x: [F; N],
    dy: [F; N],
) -> [F; N] {
    if widen::wide::<F, O>() {
        widen::backward(op, x, dy)
    } else {
        op.backward_coarse(x, dy)
    }
}

/// The halves `x` widened to f32.
#[inline(always)]
fn widen_all<S: HalfVector, const N: usize>(x: [S; N]) -> [S::F32; N] {
    let mut w = [x[0].widen(); N];
    for i in 1..N {
        w[i] = x[i].widen();
    }
    w
}

/// `y` (the f32 results of the halves `x`) rounded to the half format,
/// correctly (see [`round_lanes`]).
#[inline(always)]
fn round_all<S: HalfVector, O: Op, const N: usize>(op: O, x: [S; N], y: [S::F32; N]) -> [S; N] {
    let mut h = x;
    for i in 0..N {
        h[i] = round_lanes::<S, O>(op, x[i], y[i]);
    }
    h
}

/// `y` (the f32 results of the halves `x`) rounded to the half format,
/// correctly: the lanes near a half-way point are recomputed.
#[inline(always)]
fn round_lanes<S: HalfVector, O: Op>(op: O, x: S, y: S::F32) -> S {
    let near = x.near_half_way(S::Half::aligned(y));
    let h = x.narrow(y);
    if near == 0 {
        h
    } else {
        S::fix::<O>(op, x, h, near)
    }
}

/// `O::backward` of `N` registers of halves, interleaved.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
#[inline(always)]
pub(crate) fn backward<S: HalfVector, O: Op, const N: usize>(
    op: O,
    x: [S; N],
    dy: [S; N],
) -> [S; N] {
    narrow_all(x, op.backward_coarse(widen_all(x), widen_all(dy)))
}

/// As [`backward`], or through the wide algorithms (as
/// [`forward_or_wide`]; rounded to f32, then to the half format: the double
/// rounding adds at most 2^-13 of a half ULP).
#[inline(always)]
pub(crate) fn backward_or_wide<S: HalfVector<F32: Widen>, O: Op, const N: usize>(
    op: O,
    x: [S; N],
    dy: [S; N],
) -> [S; N] {
    narrow_all(x, backward_f32(op, widen_all(x), widen_all(dy)))
}

/// `dx` rounded to the half format, in registers like `x`.
#[inline(always)]
fn narrow_all<S: HalfVector, const N: usize>(x: [S; N], dx: [S::F32; N]) -> [S; N] {
    let mut h = x;
    for i in 0..N {
        h[i] = x[i].narrow_any(dx[i]);
    }
    h
}

/// The lanes of `h` near a half-way point (bits of `near`), recomputed by
/// [`forward_exact`].
#[inline(always)]
pub(crate) fn fix_lanes<S: HalfVector, O: Op>(op: O, x: S, h: S, near: u32) -> S {
    let xa = x.to_array();
    let mut ha = h.to_array();
    for (i, (h, x)) in ha.as_mut().iter_mut().zip(xa.as_ref()).enumerate() {
        if near & (1 << i) != 0 {
            *h = forward_exact::<S::Half, O>(op, *x);
        }
    }
    S::from_array(h.token(), &ha)
}

/// `HalfVector::fix` for an ISA whose kernels have the target features
/// `$features`: [`fix_lanes`] in a cold function of its own.
// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(unused_macros)]
macro_rules! half_fix {
    ($features:literal) => {
        #[inline(always)]
        fn fix<O: $crate::op::Op>(op: O, x: Self, h: Self, near: u32) -> Self {
            #[cold]
            #[inline(never)]
            #[target_feature(enable = $features)]
            fn fix_cold<S: $crate::half_path::HalfVector, O: $crate::op::Op>(
                op: O,
                x: S,
                h: S,
                near: u32,
            ) -> S {
                $crate::half_path::fix_lanes::<S, O>(op, x, h, near)
            }
            // SAFETY: `x` carries the token that proves the CPU has the
            // features. (For an ISA whose features were the build's own, the
            // call would need no `unsafe`.)
            #[allow(unused_unsafe)]
            unsafe {
                fix_cold::<Self, O>(op, x, h, near)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use half_fix;

/// `Vector` and `HalfVector` for a register of halves `$ty { v: raw, t }`
/// whose f32 lanes are `$f32`, from the token's methods (`widen`, `narrow`
/// for the forward's results, `narrow_any` for any f32, `near` the
/// [`near_half_way`] mask given the format's `LOW_BITS` and
/// `HALF_WAY_LESS_MARGIN`), the raw u16 memory operations (`load`, `store`) and
/// the partial ones on the register. Every ISA's half-type kernels come
/// from this one impl. `f32_token` gives the f32 lanes' token from `$ty`'s.
// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(unused_macros)]
/// A half register type's forward or backward in `half_vector!`: through
/// f32's Fast algorithm, or with `wide` (an ISA without FMA) through
/// `widen` where the `Op` has wide algorithms.
macro_rules! compute {
    (forward($op:ident, $x:ident)) => {
        $crate::half_path::forward($op, $x)
    };
    (backward($op:ident, $x:ident, $dy:ident)) => {
        $crate::half_path::backward($op, $x, $dy)
    };
    (forward($op:ident, $x:ident) wide) => {
        $crate::half_path::forward_or_wide($op, $x)
    };
    (backward($op:ident, $x:ident, $dy:ident) wide) => {
        $crate::half_path::backward_or_wide($op, $x, $dy)
    };
}
#[allow(unused_imports)]
pub(crate) use compute;

// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(unused_macros)]
macro_rules! half_vector {
    ($ty:ident, $h:ty, $token:ty, $f32:ident, lanes: $lanes:literal, block: $block:literal,
     features: $features:literal, {
        widen: $widen:ident, narrow: $narrow:ident, narrow_any: $narrow_any:ident,
        near: $near:ident, f32_token: $f32_token:path, load: $load:path, store: $store:path,
        load_partial: $load_partial:path, store_partial: $store_partial:path $(,)?
    } $(, $wide:ident)?) => {
        impl $crate::driver::Vector for $ty {
            type Token = $token;
            type Elem = $h;
            type Array = [$h; $lanes];
            const LANES: usize = $lanes;
            const BLOCK: usize = $block;
            #[inline(always)]
            unsafe fn load(t: $token, p: *const $h) -> Self {
                // SAFETY: the caller guarantees LANES readable halves.
                let v = unsafe { $load(p.cast()) };
                $ty { v, t }
            }
            #[inline(always)]
            unsafe fn store(self, p: *mut $h) {
                // SAFETY: the caller guarantees LANES writable halves.
                unsafe { $store(p.cast(), self.v) }
            }
            #[inline(always)]
            unsafe fn load_partial(t: $token, p: *const $h, n: usize) -> Self {
                // SAFETY: the caller guarantees n < LANES readable halves.
                unsafe { $load_partial(t, p, n) }
            }
            #[inline(always)]
            unsafe fn store_partial(self, p: *mut $h, n: usize) {
                // SAFETY: the caller guarantees n < LANES writable halves.
                unsafe { $store_partial(self, p, n) }
            }
            #[inline(always)]
            fn token(self) -> $token {
                self.t
            }
            #[inline(always)]
            fn forward<O: $crate::op::Op, const N: usize>(op: O, x: [Self; N]) -> [Self; N] {
                $crate::half_path::compute!(forward(op, x) $($wide)?)
            }
            #[inline(always)]
            fn backward<O: $crate::op::Op, const N: usize>(
                op: O,
                x: [Self; N],
                dy: [Self; N],
            ) -> [Self; N] {
                $crate::half_path::compute!(backward(op, x, dy) $($wide)?)
            }
            $crate::driver::vector_loops!($features);
        }

        impl $crate::half_path::HalfVector for $ty {
            type Half = $h;
            type F32 = $f32;
            #[inline(always)]
            fn widen(self) -> $f32 {
                $f32 {
                    v: self.t.$widen(self.v),
                    t: $f32_token(self.t),
                }
            }
            #[inline(always)]
            fn narrow(self, v: $f32) -> Self {
                $ty {
                    v: self.t.$narrow(v.v),
                    t: self.t,
                }
            }
            #[inline(always)]
            fn narrow_any(self, v: $f32) -> Self {
                $ty {
                    v: self.t.$narrow_any(v.v),
                    t: self.t,
                }
            }
            #[inline(always)]
            fn near_half_way(self, z: $f32) -> u32 {
                use $crate::half_path::HalfFormat;
                self.t.$near(z.v, <$h>::HALF_WAY_LESS_MARGIN, <$h>::LOW_BITS)
            }
            $crate::half_path::half_fix!($features);
        }
    };
}
#[allow(unused_imports)]
pub(crate) use half_vector;

#[cfg(test)]
mod tests {
    extern crate std;

    use super::MARGIN;
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

    /// A format's name and its widening from the bits.
    type Format = (&'static str, fn(u16) -> f32);

    /// The Fast f32 algorithm's maximum error over every input of both
    /// formats (the f64 algorithm, within 1 f64 ULP, is the truth here),
    /// which must stay below `measured` (the maximum, rounded up) and so
    /// below the `MARGIN + 1` the half-way test needs.
    fn fast_error<O: Op>(op: O, measured: f64) {
        assert!(measured < f64::from(MARGIN + 1));
        let formats: [Format; 2] = [
            ("f16", |b| half::f16::from_bits(b).to_f32()),
            ("bf16", |b| half::bf16::from_bits(b).to_f32()),
        ];
        for (name, widen) in formats {
            let mut worst = (0.0, 0.0f32);
            for b in 0..=u16::MAX {
                let x = widen(b);
                let y = op.forward_fast(x);
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

    /// The Fast tier's windows: log-sigmoid 1.211 f32 ULP at x = -0.539,
    /// sigmoid 1.160 at -2.0625, SiLU 1.216 at -0.75.
    #[test]
    #[cfg_attr(miri, ignore = "2 x 65,536 inputs through both algorithms")]
    fn fast_error_is_within_the_half_way_margin() {
        fast_error(LogSigmoid, 1.22);
        fast_error(Softplus, 1.22);
        fast_error(Sigmoid, 1.17);
        fast_error(Silu, 1.22);
    }
}
