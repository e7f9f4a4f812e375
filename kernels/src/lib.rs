//! The SIMD kernels behind the [`logsigmoid`](https://docs.rs/logsigmoid)
//! crate: `log_sigmoid(x) = log(1 / (1 + exp(-x)))` and its gradient, for
//! `f32`, `f64`, `half::f16` and `half::bf16`.
//!
//! The algorithm is written once ([`math`](crate::math) over the
//! [`Lanes`](crate::lanes::Lanes) operations) and instantiated per ISA; every
//! ISA runs the same sequence of IEEE operations and so returns the same bits.
//! All `unsafe` code of the `logsigmoid` crates lives here.
//!
//! Most users want the `logsigmoid` crate, which checks lengths and picks the
//! best ISA at run time.
#![no_std]
#![deny(missing_docs)]

#[cfg(feature = "std")]
extern crate std;

mod fma;
mod half_path;
mod lanes;
mod math;
mod portable;
mod table;

pub use portable::{
    log_sigmoid_backward_f32, log_sigmoid_backward_f64, log_sigmoid_f32, log_sigmoid_f64, Portable,
};
pub use table::{Element, Table};

impl Element for f32 {
    fn portable_table() -> Table<f32> {
        portable::table_f32()
    }
}
impl Element for f64 {
    fn portable_table() -> Table<f64> {
        portable::table_f64()
    }
}
impl Element for half::f16 {
    fn portable_table() -> Table<half::f16> {
        portable::table_f16()
    }
}
impl Element for half::bf16 {
    fn portable_table() -> Table<half::bf16> {
        portable::table_bf16()
    }
}
