//! The element types the kernels read and write.

use crate::op::Op;
use crate::table::{Arch, Table};

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for half::f16 {}
    impl Sealed for half::bf16 {}
}

/// An element type with kernels: `f32`, `f64`, `half::f16`, `half::bf16`.
pub trait Element: Copy + Default + Send + Sync + sealed::Sealed + 'static {
    /// The kernels of `O` for this type on the ISA `A`.
    fn table<A: Arch, O: Op>(isa: A) -> Table<Self, O>;
}

impl Element for f32 {
    #[inline]
    fn table<A: Arch, O: Op>(isa: A) -> Table<f32, O> {
        isa.f32_table::<O>()
    }
}

impl Element for f64 {
    #[inline]
    fn table<A: Arch, O: Op>(isa: A) -> Table<f64, O> {
        isa.f64_table::<O>()
    }
}

impl Element for half::f16 {
    #[inline]
    fn table<A: Arch, O: Op>(isa: A) -> Table<half::f16, O> {
        isa.f16_table::<O>()
    }
}

impl Element for half::bf16 {
    #[inline]
    fn table<A: Arch, O: Op>(isa: A) -> Table<half::bf16, O> {
        isa.bf16_table::<O>()
    }
}
