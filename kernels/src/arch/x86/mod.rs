//! The x86-64 kernels: AVX without FMA (the portable kernel's loops
//! compiled for it), AVX2 + FMA + F16C, and AVX-512.

mod avx;
mod avx2;
mod avx512;

pub use avx::Avx;
pub use avx2::Avx2;
pub use avx512::{Avx512, Avx512Bf16};
