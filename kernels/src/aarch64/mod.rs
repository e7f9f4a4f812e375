//! The aarch64 kernels: Advanced SIMD (NEON).

mod neon;

use crate::table::{Element, Table};

/// Proof that the CPU has Advanced SIMD (every aarch64 CPU that runs Linux,
/// macOS or Windows does): the only way to reach the NEON kernels.
#[derive(Clone, Copy, Debug)]
pub struct Neon {
    _neon: pulp::aarch64::Neon,
}

impl Neon {
    /// The token, if this CPU has Advanced SIMD.
    pub fn try_new() -> Option<Neon> {
        Some(Neon {
            _neon: pulp::aarch64::Neon::try_new()?,
        })
    }

    /// Whether this CPU has Advanced SIMD.
    pub fn is_available() -> bool {
        Neon::try_new().is_some()
    }

    /// The token without checking the CPU.
    ///
    /// # Safety
    /// The CPU must have Advanced SIMD.
    pub unsafe fn new_unchecked() -> Neon {
        Neon {
            // SAFETY: the caller guarantees the feature.
            _neon: unsafe { pulp::aarch64::Neon::new_unchecked() },
        }
    }

    /// The NEON kernels for `T`.
    pub fn table<T: Element>(self) -> Table<T> {
        T::neon_table(self)
    }
}

macro_rules! neon_element {
    ($m:ident, $elem:ty, $fwd:ident, $bwd:ident) => {
        pub(crate) mod $m {
            use super::*;
            pub(crate) fn neon_table(_: Neon) -> Table<$elem> {
                crate::table::token_table!($elem, neon::$fwd, neon::$bwd)
            }
        }
    };
}

neon_element!(f32_tables, f32, forward_f32, backward_f32);
neon_element!(f64_tables, f64, forward_f64, backward_f64);
neon_element!(f16_tables, half::f16, forward_f16, backward_f16);
neon_element!(bf16_tables, half::bf16, forward_bf16, backward_bf16);
