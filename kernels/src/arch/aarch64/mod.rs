//! The aarch64 kernels: Advanced SIMD (NEON).

mod neon;

pub use neon::Neon;
