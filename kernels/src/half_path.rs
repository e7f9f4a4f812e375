//! f16 and bf16: widened to f32, computed by the half types' f32 algorithm
//! ([`crate::math::half`]), rounded once to nearest-even, and correctly
//! rounded for every input.
//!
//! The f32 result `y` is within 2.02 f32 ULPs of the true value (measured
//! over every input of both formats). Rounding `y` to the half format is
//! then correct unless `y` is within 2 f32 ULPs of a half-way point between
//! two half values, which a few integer operations on `y`'s bits detect: the
//! bits below the half format's last place are `100...0` give or take 2.
//! For f16 results below f16's normals, `|y| + 2^-14` puts those bits in the
//! same place. bf16 has f32's exponent range, so its last place is always 16
//! bits up. The rare lane that is near a half-way point (about 5 in 2^13 for
//! f16, 5 in 2^16 for bf16) is recomputed by the f64 algorithm and rounded
//! from f64 through f32 with round-to-odd, which is exact double rounding.
//! All of it is deterministic, so every ISA gives the same bits, and the
//! exhaustive tests check every input on every ISA.

use half::{bf16, f16};

use crate::lanes::Lanes;
use crate::math;

/// A 16-bit float format with round-to-nearest-even conversion from f32.
pub(crate) trait HalfFormat: Copy {
    /// The mask of the f32 bits below the format's last place.
    const LOW_BITS: u32;
    /// The half-way pattern of those bits, less the margin of 2.
    const HALF_WAY_LESS_2: u32;
    /// The f32 value whose bits, low part taken, locate the half-way points
    /// of `y`'s rounding (see the module docs).
    fn aligned<V: Lanes<Real = f32>>(y: V) -> V;
    fn from_f32(v: f32) -> Self;
    fn to_f32(self) -> f32;
    fn to_bits(self) -> u16;
    fn from_bits(b: u16) -> Self;
}

impl HalfFormat for f16 {
    const LOW_BITS: u32 = 0x1fff;
    const HALF_WAY_LESS_2: u32 = 0x0ffe;
    #[inline(always)]
    fn aligned<V: Lanes<Real = f32>>(y: V) -> V {
        // -|y|, and -(|y| + 2^-14) below f16's normals (2^-14).
        let a = y.neg_abs();
        let min_normal = V::splat(-6.103_515_6e-5);
        V::select(min_normal.lt(a), a.add(min_normal), a)
    }
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
    const LOW_BITS: u32 = 0xffff;
    const HALF_WAY_LESS_2: u32 = 0x7ffe;
    #[inline(always)]
    fn aligned<V: Lanes<Real = f32>>(y: V) -> V {
        y
    }
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

/// Whether the bits of `z` (an `aligned` value) are within 2 of a half-way
/// pattern: `((bits - HALF_WAY_LESS_2) & LOW_BITS) < 5`.
#[inline(always)]
pub(crate) fn near_half_way<H: HalfFormat>(z: f32) -> bool {
    (z.to_bits().wrapping_sub(H::HALF_WAY_LESS_2) & H::LOW_BITS) < 5
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
    if near_half_way::<H>(H::aligned(y)) {
        forward_slow(x)
    } else {
        H::from_f32(y)
    }
}

/// The rare lane whose f32 result is too close to a half-way point: the
/// f64 algorithm, rounded through f32 with round-to-odd.
#[inline(always)]
pub(crate) fn forward_f64<H: HalfFormat>(x: H) -> H {
    let y = math::log_sigmoid(f64::from(x.to_f32()));
    H::from_f32(f64_to_f32_odd(y))
}

#[cold]
#[inline(never)]
fn forward_slow<H: HalfFormat>(x: H) -> H {
    forward_f64(x)
}

#[inline(always)]
fn forward<H: HalfFormat>(x: H) -> H {
    round_forward(x, math::half::log_sigmoid(x.to_f32()))
}

#[inline(always)]
fn backward<H: HalfFormat>(x: H, dy: H) -> H {
    H::from_f32(math::half::backward(x.to_f32(), dy.to_f32()))
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
    /// Narrowing of the forward's results, rounded to nearest-even (as
    /// `HalfFormat::from_f32`).
    fn narrow(v: Self::F32) -> Self::Reg;
    /// Narrowing of any f32 (subnormals included), rounded to nearest-even.
    fn narrow_any(v: Self::F32) -> Self::Reg;
    /// A bit mask of the lanes whose bits are within 2 of a half-way
    /// pattern, as [`near_half_way`]: bit `i` for lane `i`.
    fn near_half_way(z: Self::F32, half_way_less_2: u32, low_bits: u32) -> u32;
    /// The lanes' bits (the first `LANES` entries).
    fn to_array(h: Self::Reg) -> [u16; 16];
    /// A register from the first `LANES` entries.
    fn from_array(a: &[u16; 16]) -> Self::Reg;
    /// [`fix_lanes`], out of line (cold) but compiled with the ISA's
    /// features, so the scalar f64 code gets its FMA instruction.
    fn fix(x: Self::Reg, h: Self::Reg, near: u32) -> Self::Reg;
}

/// The correctly rounded `log_sigmoid` of `N` registers of halves (the
/// vector form of [`round_forward`]), the f32 algorithm interleaved (see
/// `driver::BLOCK`).
#[inline(always)]
pub(crate) fn forward_lanes<S: HalfLanes, const N: usize>(x: [S::Reg; N]) -> [S::Reg; N] {
    let mut w = [S::widen(x[0]); N];
    for i in 1..N {
        w[i] = S::widen(x[i]);
    }
    let y = math::half::log_sigmoid(w);
    let mut h = x;
    for i in 0..N {
        h[i] = round_lanes::<S>(x[i], y[i]);
    }
    h
}

/// `y` (the f32 results of the halves `x`) rounded to the half format,
/// correctly: the lanes near a half-way point are recomputed.
#[inline(always)]
fn round_lanes<S: HalfLanes>(x: S::Reg, y: S::F32) -> S::Reg {
    let near = S::near_half_way(
        S::Half::aligned(y),
        S::Half::HALF_WAY_LESS_2,
        S::Half::LOW_BITS,
    );
    let h = S::narrow(y);
    if near == 0 {
        h
    } else {
        S::fix(x, h, near)
    }
}

/// `dy * sigmoid(-x)` for `N` registers of halves, interleaved.
#[inline(always)]
pub(crate) fn backward_lanes<S: HalfLanes, const N: usize>(
    x: [S::Reg; N],
    dy: [S::Reg; N],
) -> [S::Reg; N] {
    let mut wx = [S::widen(x[0]); N];
    let mut wd = [S::widen(dy[0]); N];
    for i in 1..N {
        wx[i] = S::widen(x[i]);
        wd[i] = S::widen(dy[i]);
    }
    let dx = math::half::backward(wx, wd);
    let mut h = x;
    for i in 0..N {
        h[i] = S::narrow_any(dx[i]);
    }
    h
}

/// The lanes near a half-way point, recomputed by the f64 algorithm.
#[inline(always)]
pub(crate) fn fix_lanes<S: HalfLanes>(x: S::Reg, h: S::Reg, near: u32) -> S::Reg {
    let x = S::to_array(x);
    let mut h = S::to_array(h);
    for i in 0..S::LANES {
        if near & (1 << i) != 0 {
            h[i] = forward_f64(S::Half::from_bits(x[i])).to_bits();
        }
    }
    S::from_array(&h)
}

/// `HalfLanes` and `Simd` for a register of `$lanes` halves (`$reg(raw)`)
/// whose f32 lanes are `$f32`, from one raw function per operation: every
/// ISA's half-type kernels come from this one impl.
///
/// `load`/`store` move `$lanes` u16, `load_partial`/`store_partial` the
/// first `n < $lanes` (the rest zero, or untouched); `narrow` rounds the
/// forward's results, `narrow_any` any f32 (subnormals included); `near`
/// is [`near_half_way`] on the lanes as a bit mask (plus any lanes the ISA
/// must recompute); `$features` are the features of the ISA's kernels.
/// The functions may be `unsafe` only for their target features and, for
/// the memory ones, their documented pointer contracts.
macro_rules! simd_halves {
    ($name:ident, $h:ty, $features:literal, $reg:ident, $f32:ident, $lanes:expr, {
        widen: $widen:path, narrow: $narrow:path, narrow_any: $narrow_any:path, near: $near:path,
        load: $load:path, store: $store:path, load_partial: $load_partial:path,
        store_partial: $store_partial:path $(,)?
    }) => {
        impl $crate::half_path::HalfLanes for $name {
            type Half = $h;
            type F32 = $f32;
            type Reg = $reg;
            const LANES: usize = $lanes;
            #[inline(always)]
            fn widen(h: $reg) -> $f32 {
                // SAFETY: the register types exist only under the ISA's
                // features (module docs); no memory is touched.
                $f32(unsafe { $widen(h.0) })
            }
            #[inline(always)]
            fn narrow(v: $f32) -> $reg {
                // SAFETY: as in `widen`.
                $reg(unsafe { $narrow(v.0) })
            }
            #[inline(always)]
            fn narrow_any(v: $f32) -> $reg {
                // SAFETY: as in `widen`.
                $reg(unsafe { $narrow_any(v.0) })
            }
            #[inline(always)]
            fn near_half_way(z: $f32, half_way_less_2: u32, low_bits: u32) -> u32 {
                // SAFETY: as in `widen`.
                unsafe { $near(z.0, half_way_less_2, low_bits) }
            }
            #[inline(always)]
            fn to_array(h: $reg) -> [u16; 16] {
                let mut a = [0u16; 16];
                // SAFETY: `a` has room for 16 >= $lanes u16.
                unsafe { $store(a.as_mut_ptr(), h.0) };
                a
            }
            #[inline(always)]
            fn from_array(a: &[u16; 16]) -> $reg {
                // SAFETY: `a` holds 16 >= $lanes readable u16.
                $reg(unsafe { $load(a.as_ptr()) })
            }
            #[inline(always)]
            fn fix(x: $reg, h: $reg, near: u32) -> $reg {
                #[cold]
                #[inline(never)]
                #[target_feature(enable = $features)]
                fn fix_cold(x: $reg, h: $reg, near: u32) -> $reg {
                    $crate::half_path::fix_lanes::<$name>(x, h, near)
                }
                // SAFETY: called from this ISA's kernels only, which run
                // after the CPU check (module docs).
                unsafe { fix_cold(x, h, near) }
            }
        }

        impl $crate::driver::Simd for $name {
            type Elem = $h;
            type Reg = $reg;
            const LANES: usize = $lanes;
            #[inline(always)]
            unsafe fn load(p: *const $h) -> $reg {
                // SAFETY: the caller guarantees LANES readable halves.
                $reg(unsafe { $load(p.cast()) })
            }
            #[inline(always)]
            unsafe fn store(p: *mut $h, v: $reg) {
                // SAFETY: the caller guarantees LANES writable halves.
                unsafe { $store(p.cast(), v.0) }
            }
            #[inline(always)]
            unsafe fn load_partial(p: *const $h, n: usize) -> $reg {
                // SAFETY: the caller guarantees n < LANES readable halves.
                $reg(unsafe { $load_partial(p.cast(), n) })
            }
            #[inline(always)]
            unsafe fn store_partial(p: *mut $h, n: usize, v: $reg) {
                // SAFETY: the caller guarantees n < LANES writable halves.
                unsafe { $store_partial(p.cast(), n, v.0) }
            }
            #[inline(always)]
            fn forward<const N: usize>(x: [$reg; N]) -> [$reg; N] {
                $crate::half_path::forward_lanes::<Self, N>(x)
            }
            #[inline(always)]
            fn backward<const N: usize>(x: [$reg; N], dy: [$reg; N]) -> [$reg; N] {
                $crate::half_path::backward_lanes::<Self, N>(x, dy)
            }
        }
    };
}
pub(crate) use simd_halves;
