//! The x86-64 kernels: AVX2 + FMA + F16C, and AVX-512.

mod avx2;
mod avx512;

use pulp::x86::{V3, V4};

use crate::table::{Element, Table};

/// Proof that the CPU has AVX2, FMA and F16C (x86-64-v3): the only way to
/// reach the AVX2 kernels.
#[derive(Clone, Copy, Debug)]
pub struct Avx2 {
    _v3: V3,
}

impl Avx2 {
    /// The token, if this CPU has AVX2, FMA and F16C.
    pub fn try_new() -> Option<Avx2> {
        let v3 = V3::try_new()?;
        if !pulp::core_arch::x86::F16c::is_available() {
            return None;
        }
        Some(Avx2 { _v3: v3 })
    }

    /// Whether this CPU has AVX2, FMA and F16C.
    pub fn is_available() -> bool {
        Avx2::try_new().is_some()
    }

    /// The token without checking the CPU.
    ///
    /// # Safety
    /// The CPU must have AVX2, FMA and F16C (and the other x86-64-v3
    /// features).
    pub unsafe fn new_unchecked() -> Avx2 {
        Avx2 {
            // SAFETY: the caller guarantees the features.
            _v3: unsafe { V3::new_unchecked() },
        }
    }

    /// The AVX2 kernels for `T`.
    pub fn table<T: Element>(self) -> Table<T> {
        T::avx2_table(self)
    }
}

/// Proof that the CPU has AVX-512 F, BW, DQ and VL (and AVX2, FMA, F16C):
/// the only way to reach the AVX-512 kernels.
#[derive(Clone, Copy, Debug)]
pub struct Avx512 {
    _v4: V4,
}

impl Avx512 {
    /// The token, if this CPU has AVX-512 F, BW, DQ, VL, and F16C.
    pub fn try_new() -> Option<Avx512> {
        let v4 = V4::try_new()?;
        if !pulp::core_arch::x86::F16c::is_available() {
            return None;
        }
        Some(Avx512 { _v4: v4 })
    }

    /// Whether this CPU has the features.
    pub fn is_available() -> bool {
        Avx512::try_new().is_some()
    }

    /// The token without checking the CPU.
    ///
    /// # Safety
    /// The CPU must have AVX-512 F, BW, DQ, VL, CD and the x86-64-v3 features.
    pub unsafe fn new_unchecked() -> Avx512 {
        Avx512 {
            // SAFETY: the caller guarantees the features.
            _v4: unsafe { V4::new_unchecked() },
        }
    }

    /// The AVX-512 kernels for `T`.
    pub fn table<T: Element>(self) -> Table<T> {
        T::avx512_table(self)
    }

    /// The bf16 kernels that round with integer operations, which
    /// [`table`](Self::table) uses on CPUs without AVX512-BF16: for tests on
    /// CPUs that have it.
    #[doc(hidden)]
    pub fn bf16_table_integer_rounding(self) -> Table<half::bf16> {
        bf16_tables::integer_rounding_table(self)
    }
}

macro_rules! x86_element {
    ($elem:ty, $fwd:ident, $bwd:ident) => {
        pub(crate) fn avx2_table(_: Avx2) -> Table<$elem> {
            crate::table::token_table!($elem, avx2::$fwd, avx2::$bwd)
        }
        pub(crate) fn avx512_table(_: Avx512) -> Table<$elem> {
            crate::table::token_table!($elem, avx512::$fwd, avx512::$bwd)
        }
    };
}

pub(crate) mod f32_tables {
    use super::*;
    x86_element!(f32, forward_f32, backward_f32);
}
pub(crate) mod f64_tables {
    use super::*;
    x86_element!(f64, forward_f64, backward_f64);
}
pub(crate) mod f16_tables {
    use super::*;
    x86_element!(half::f16, forward_f16, backward_f16);
}
pub(crate) mod bf16_tables {
    use super::*;
    pub(crate) fn avx2_table(_: Avx2) -> Table<half::bf16> {
        crate::table::token_table!(half::bf16, avx2::forward_bf16, avx2::backward_bf16)
    }
    /// With AVX512-BF16 (`vcvtneps2bf16`) where the CPU has it, integer
    /// rounding otherwise: the same bits either way.
    pub(crate) fn avx512_table(token: Avx512) -> Table<half::bf16> {
        if pulp::core_arch::x86::Avx512bf16::is_available() {
            crate::table::token_table!(
                half::bf16,
                avx512::forward_bf16_native,
                avx512::backward_bf16_native
            )
        } else {
            integer_rounding_table(token)
        }
    }
    pub(crate) fn integer_rounding_table(_: Avx512) -> Table<half::bf16> {
        crate::table::token_table!(half::bf16, avx512::forward_bf16, avx512::backward_bf16)
    }
}
