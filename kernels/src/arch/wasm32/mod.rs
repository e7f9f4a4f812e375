//! The wasm32 kernels: 128-bit SIMD (`simd128`), chosen at compile time
//! (`-C target-feature=+simd128`: wasm has no run-time detection).

mod simd128;

pub use simd128::Simd128;
