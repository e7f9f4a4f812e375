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

/// A `Table` of safe functions over the `unsafe` target-feature loops
/// `$fwd` / `$bwd`. The functions are items of the block: they can only be
/// reached through the table, and the table only through a token.
macro_rules! token_table {
    ($elem:ty, $fwd:path, $bwd:path) => {{
        fn forward(x: &[$elem], y: &mut [$elem]) {
            let n = x.len().min(y.len());
            // SAFETY: reachable only through a token proving the CPU has the
            // loop's features; both slices hold n elements and do not overlap.
            unsafe { $fwd(x.as_ptr(), y.as_mut_ptr(), n) }
        }
        fn forward_in_place(x: &mut [$elem]) {
            let p = x.as_mut_ptr();
            // SAFETY: as above; source and destination are the same slice,
            // which the loop allows.
            unsafe { $fwd(p, p, x.len()) }
        }
        fn backward(x: &[$elem], dy: &[$elem], dx: &mut [$elem]) {
            let n = x.len().min(dy.len()).min(dx.len());
            // SAFETY: as above; dx does not overlap x or dy (a &mut slice).
            unsafe { $bwd(x.as_ptr(), dy.as_ptr(), dx.as_mut_ptr(), n) }
        }
        fn backward_in_place(x: &[$elem], dy: &mut [$elem]) {
            let n = x.len().min(dy.len());
            let p = dy.as_mut_ptr();
            // SAFETY: as above; dy is read and written in place, which the
            // loop allows; x is a separate shared slice.
            unsafe { $bwd(x.as_ptr(), p, p, n) }
        }
        Table {
            forward,
            forward_in_place,
            backward,
            backward_in_place,
        }
    }};
}
pub(crate) use token_table;

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
    /// The NEON kernels; the token proves the CPU has them.
    #[cfg(target_arch = "aarch64")]
    fn neon_table(token: crate::aarch64::Neon) -> Table<Self>;
}
