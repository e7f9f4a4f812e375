//! The SIMD kernels behind the [`logsigmoid`](https://docs.rs/logsigmoid)
//! crate: `log_sigmoid(x) = log(1 / (1 + exp(-x)))` and its gradient, for
//! `f32`, `f64`, `half::f16` and `half::bf16`.
//!
//! The algorithm is written once (module `math`, over the
//! `Lanes` operations) and instantiated per ISA; every
//! ISA runs the same sequence of IEEE operations and so returns the same bits.
//! All `unsafe` code of the `logsigmoid` crates lives here.
//!
//! Most users want the `logsigmoid` crate, which checks lengths and picks the
//! best ISA at run time.
#![no_std]
#![deny(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks, clippy::missing_safety_doc)]

#[cfg(feature = "std")]
extern crate std;

#[cfg(target_arch = "aarch64")]
pub mod aarch64;
mod driver;
mod fma;
mod half_path;
mod lanes;
mod math;
mod portable;
mod table;
#[cfg(target_arch = "x86_64")]
pub mod x86;

pub use portable::{
    log_sigmoid_backward_f32, log_sigmoid_backward_f64, log_sigmoid_f32, log_sigmoid_f64, Portable,
};
pub use table::{Element, Table};

impl Element for f32 {
    fn portable_table() -> Table<f32> {
        portable::table_f32()
    }
    #[cfg(target_arch = "x86_64")]
    fn avx2_table(token: x86::Avx2) -> Table<f32> {
        x86::f32_tables::avx2_table(token)
    }
    #[cfg(target_arch = "x86_64")]
    fn avx512_table(token: x86::Avx512) -> Table<f32> {
        x86::f32_tables::avx512_table(token)
    }
    #[cfg(target_arch = "aarch64")]
    fn neon_table(token: aarch64::Neon) -> Table<f32> {
        aarch64::f32_tables::neon_table(token)
    }
}
impl Element for f64 {
    fn portable_table() -> Table<f64> {
        portable::table_f64()
    }
    #[cfg(target_arch = "x86_64")]
    fn avx2_table(token: x86::Avx2) -> Table<f64> {
        x86::f64_tables::avx2_table(token)
    }
    #[cfg(target_arch = "x86_64")]
    fn avx512_table(token: x86::Avx512) -> Table<f64> {
        x86::f64_tables::avx512_table(token)
    }
    #[cfg(target_arch = "aarch64")]
    fn neon_table(token: aarch64::Neon) -> Table<f64> {
        aarch64::f64_tables::neon_table(token)
    }
}
impl Element for half::f16 {
    fn portable_table() -> Table<half::f16> {
        portable::table_f16()
    }
    #[cfg(target_arch = "x86_64")]
    fn avx2_table(token: x86::Avx2) -> Table<half::f16> {
        x86::f16_tables::avx2_table(token)
    }
    #[cfg(target_arch = "x86_64")]
    fn avx512_table(token: x86::Avx512) -> Table<half::f16> {
        x86::f16_tables::avx512_table(token)
    }
    #[cfg(target_arch = "aarch64")]
    fn neon_table(token: aarch64::Neon) -> Table<half::f16> {
        aarch64::f16_tables::neon_table(token)
    }
}
impl Element for half::bf16 {
    fn portable_table() -> Table<half::bf16> {
        portable::table_bf16()
    }
    #[cfg(target_arch = "x86_64")]
    fn avx2_table(token: x86::Avx2) -> Table<half::bf16> {
        x86::bf16_tables::avx2_table(token)
    }
    #[cfg(target_arch = "x86_64")]
    fn avx512_table(token: x86::Avx512) -> Table<half::bf16> {
        x86::bf16_tables::avx512_table(token)
    }
    #[cfg(target_arch = "aarch64")]
    fn neon_table(token: aarch64::Neon) -> Table<half::bf16> {
        aarch64::bf16_tables::neon_table(token)
    }
}
