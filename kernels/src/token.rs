//! The CPU proof: a [`Token`] is a zero-sized value that exists only once
//! the CPU has been checked for an ISA's features. Register types carry one,
//! so a lane operation cannot be reached without the proof, and the
//! intrinsics become safe methods on the token (`token_intrinsics!`).

/// Proof that the CPU has an ISA's features (or a sub-ISA's: AVX-512 with
/// AVX512-BF16). Made only by [`try_new`](Token::try_new), which checks the
/// CPU, or [`new_unchecked`](Token::new_unchecked), the caller's promise.
pub trait Token: Copy + Send + Sync + core::fmt::Debug + 'static {
    /// The token, if this CPU has the features.
    fn try_new() -> Option<Self>;

    /// The token without checking the CPU.
    ///
    /// # Safety
    /// The CPU must have the features.
    unsafe fn new_unchecked() -> Self;
}

/// Safe methods on a token type for the intrinsics of its features that
/// touch no memory: `fn name(a: A, ...) -> R;` becomes
/// `token.name(a, ...)`. The one `unsafe` block of every lane operation.
// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(unused_macros)]
macro_rules! token_intrinsics {
    ($token:ty { $(
        fn $name:ident $(<const $c:ident: $ct:ty>)? ($($a:ident: $t:ty),* $(,)?) -> $r:ty;
    )* }) => {
        #[allow(dead_code, clippy::too_many_arguments)]
        impl $token { $(
            #[inline(always)]
            pub(crate) fn $name $(<const $c: $ct>)? (self, $($a: $t),*) -> $r {
                // SAFETY: `self` is a token of this type, which exists only
                // once the CPU has been checked for its features (or the
                // caller of `new_unchecked` promised them), and the intrinsic
                // reads and writes no memory.
                unsafe { $name $(::<$c>)? ($($a),*) }
            }
        )* }
    };
}
#[allow(unused_imports)]
pub(crate) use token_intrinsics;
