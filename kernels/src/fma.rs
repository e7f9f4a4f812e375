//! Fused multiply-add for the scalar (portable) lanes: `f32::mul_add` with
//! `std` (LLVM's `fma`, one instruction where the target has FMA), otherwise
//! `libm`'s correctly rounded software FMA. Both round once.

/// A scalar type with a fused multiply-add.
pub(crate) trait Fma: Copy {
    fn fma_(self, b: Self, c: Self) -> Self;
}

#[cfg(feature = "std")]
impl Fma for f32 {
    #[inline(always)]
    fn fma_(self, b: f32, c: f32) -> f32 {
        self.mul_add(b, c)
    }
}

#[cfg(feature = "std")]
impl Fma for f64 {
    #[inline(always)]
    fn fma_(self, b: f64, c: f64) -> f64 {
        self.mul_add(b, c)
    }
}

#[cfg(not(feature = "std"))]
impl Fma for f32 {
    #[inline(always)]
    fn fma_(self, b: f32, c: f32) -> f32 {
        libm::fmaf(self, b, c)
    }
}

#[cfg(not(feature = "std"))]
impl Fma for f64 {
    #[inline(always)]
    fn fma_(self, b: f64, c: f64) -> f64 {
        libm::fma(self, b, c)
    }
}

/// `a * b + c` with one rounding.
#[inline(always)]
pub(crate) fn fma<T: Fma>(a: T, b: T, c: T) -> T {
    a.fma_(b, c)
}
