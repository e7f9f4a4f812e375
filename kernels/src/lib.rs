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

/// `Element` for a type: its portable table and its tables module per ISA.
macro_rules! element {
    ($t:ty, $portable:ident, $tables:ident) => {
        impl Element for $t {
            fn portable_table() -> Table<$t> {
                portable::$portable()
            }
            #[cfg(target_arch = "x86_64")]
            fn avx2_table(token: x86::Avx2) -> Table<$t> {
                x86::$tables::avx2_table(token)
            }
            #[cfg(target_arch = "x86_64")]
            fn avx512_table(token: x86::Avx512) -> Table<$t> {
                x86::$tables::avx512_table(token)
            }
            #[cfg(target_arch = "aarch64")]
            fn neon_table(token: aarch64::Neon) -> Table<$t> {
                aarch64::$tables::neon_table(token)
            }
        }
    };
}

element!(f32, table_f32, f32_tables);
element!(f64, table_f64, f64_tables);
element!(half::f16, table_f16, f16_tables);
element!(half::bf16, table_bf16, bf16_tables);
