//! Tables of kernel functions, one per ISA and element type.

/// The four kernels of one ISA for one element type.
///
/// Every function processes `min` of its slices' lengths (the `logsigmoid`
/// crate checks the lengths before calling) and writes nothing else.
#[derive(Clone, Copy, Debug)]
pub struct Table<T: 'static> {
    /// `y[i] = log_sigmoid(x[i])`.
    pub forward: fn(&[T], &mut [T]),
    /// `x[i] = log_sigmoid(x[i])`.
    pub forward_in_place: fn(&mut [T]),
    /// `dx[i] = dy[i] * sigmoid(-x[i])`.
    pub backward: fn(&[T], &[T], &mut [T]),
    /// `dy[i] = dy[i] * sigmoid(-x[i])`.
    pub backward_in_place: fn(&[T], &mut [T]),
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for half::f16 {}
    impl Sealed for half::bf16 {}
}

/// An element type with kernels: `f32`, `f64`, `half::f16`, `half::bf16`.
pub trait Element: Copy + sealed::Sealed + 'static {
    /// The portable kernels.
    fn portable_table() -> Table<Self>;
    /// The AVX2 + FMA + F16C kernels; the token proves the CPU has them.
    #[cfg(target_arch = "x86_64")]
    fn avx2_table(token: crate::x86::Avx2) -> Table<Self>;
    /// The AVX-512 kernels; the token proves the CPU has them.
    #[cfg(target_arch = "x86_64")]
    fn avx512_table(token: crate::x86::Avx512) -> Table<Self>;
}
