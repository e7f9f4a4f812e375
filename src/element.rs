//! The element types: `f32`, `f64`, `half::f16`, `half::bf16`.

use half::{bf16, f16};

use crate::reference::wide::{f64_to_f32_odd, Wide};

/// A floating-point type this crate computes the functions for: `f32`, `f64`,
/// [`f16`](struct@crate::f16) and [`bf16`]. Sealed: it cannot be implemented outside the crate.
pub trait Element: sealed::Sealed {}

impl Element for f32 {}
impl Element for f64 {}
impl Element for f16 {}
impl Element for bf16 {}

pub(crate) mod sealed {
    use super::*;

    /// What the crate needs of an element type; not nameable outside it.
    pub trait Sealed:
        Copy
        + core::fmt::Debug
        + PartialEq
        + Default
        + Send
        + Sync
        + 'static
        + logsigmoid_kernels::Element
    {
        /// Significant bits and smallest normal exponent.
        const FORMAT: (u32, i32);
        /// The value, exactly.
        fn widen(self) -> f64;
        /// `w` rounded once to this type, to nearest-even.
        fn round_from(w: Wide) -> Self;
        /// `v` rounded to the type's compute precision (f32 for f32, f16
        /// and bf16; f64 for f64), as the kernels round parameters and
        /// products.
        fn to_compute(v: f64) -> f64 {
            f64::from(v as f32)
        }
    }

    impl Sealed for f32 {
        const FORMAT: (u32, i32) = (24, -126);
        fn widen(self) -> f64 {
            f64::from(self)
        }
        fn round_from(w: Wide) -> f32 {
            w.to_f64_odd() as f32
        }
    }

    impl Sealed for f64 {
        const FORMAT: (u32, i32) = (53, -1022);
        fn to_compute(v: f64) -> f64 {
            v
        }
        fn widen(self) -> f64 {
            self
        }
        fn round_from(w: Wide) -> f64 {
            w.to_f64()
        }
    }

    impl Sealed for f16 {
        const FORMAT: (u32, i32) = (11, -14);
        fn widen(self) -> f64 {
            f64::from(self.to_f32())
        }
        fn round_from(w: Wide) -> f16 {
            f16::from_f32(f64_to_f32_odd(w.to_f64_odd()))
        }
    }

    impl Sealed for bf16 {
        const FORMAT: (u32, i32) = (8, -126);
        fn widen(self) -> f64 {
            f64::from(self.to_f32())
        }
        fn round_from(w: Wide) -> bf16 {
            bf16::from_f32(f64_to_f32_odd(w.to_f64_odd()))
        }
    }
}
