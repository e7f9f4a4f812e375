//! f32 registers computed in f64 lanes: the wide algorithms (`math::wide`)
//! of the ISAs without FMA (the portable kernel of such a target, `Avx`
//! built without `fma`, wasm `simd128`), for f32 and, through f32, the
//! half types.

use crate::lanes::Lanes;
use crate::op::Op;

/// f32 lanes that widen exactly into f64 lanes and round back.
pub trait Widen: Lanes<Real = f32> {
    /// The f64 lanes holding the same values (one f64 for a scalar, two
    /// `f64x2` for an `f32x4`).
    type Wide: Lanes<Real = f64>;
    /// Exact widening.
    fn widen(self) -> Self::Wide;
    /// Rounding to f32, to nearest-even (subnormals included).
    fn narrow(w: Self::Wide) -> Self;
}

/// Whether `O` runs its wide algorithms on the lanes `L`: where they have
/// no FMA and `O` has them.
#[inline(always)]
pub(crate) const fn wide<L: Lanes, O: Op>() -> bool {
    !L::FUSED && O::WIDE
}

/// `O` on `N` f32 registers: its f32 algorithm, or (see [`wide`]) its
/// wide one rounded once.
#[inline(always)]
pub(crate) fn forward<L: Widen, O: Op, const N: usize>(op: O, x: [L; N]) -> [L; N] {
    if !wide::<L, O>() {
        return op.forward(x);
    }
    let mut w = [x[0].widen(); N];
    for i in 1..N {
        w[i] = x[i].widen();
    }
    let y = op.forward_wide(w);
    let mut out = x;
    for i in 0..N {
        out[i] = L::narrow(y[i]);
    }
    out
}

/// `O`'s backward on `N` f32 registers, as [`forward`].
#[inline(always)]
pub(crate) fn backward<L: Widen, O: Op, const N: usize>(op: O, x: [L; N], dy: [L; N]) -> [L; N] {
    if !wide::<L, O>() {
        return op.backward(x, dy);
    }
    let mut wx = [x[0].widen(); N];
    let mut wd = [dy[0].widen(); N];
    for i in 1..N {
        wx[i] = x[i].widen();
        wd[i] = dy[i].widen();
    }
    let dx = op.backward_wide(wx, wd);
    let mut out = x;
    for i in 0..N {
        out[i] = L::narrow(dx[i]);
    }
    out
}
