//! The SIMD kernels behind the [`logsigmoid`](https://docs.rs/logsigmoid)
//! crate: the log-sigmoid family (`log_sigmoid`, `softplus`) forward and
//! backward, for `f32`, `f64`, `half::f16` and `half::bf16`.
//!
//! The shape, from the inside out:
//!
//! - `math`: each function's algorithm, written once over the lane
//!   operations of `lanes::Lanes`, every step an IEEE operation with one
//!   rounding, so that every ISA computes the same bits.
//! - [`op`]: each function as a type ([`Op`]) carrying its algorithms.
//! - `driver` and `half_path`: the slice loops and the half types'
//!   rounding, generic over the ISA's registers and the [`Op`].
//! - [`table`]: a function's [`Table`] of safe kernels for an ISA and type.
//! - [`arch`]: the ISAs, each a module that registers its [`Token`] in one
//!   line; [`Supported`] turns a checked [`Isa`] into tables.
//!
//! The CPU proof travels in the types: an ISA's register types carry its
//! zero-sized [`Token`], made only after the CPU check, and its intrinsics
//! are safe methods of the token (`token_intrinsics!`: one `unsafe` block,
//! resting on the token), so the lane operations and the algorithms have no
//! `unsafe`. All `unsafe` code of the `logsigmoid` crates lives here: that
//! block, where a token is made, the calls into target-feature loops (the
//! token in hand), and raw loads and stores.
//!
//! Most users want the `logsigmoid` crate, which checks lengths and picks
//! the best ISA at run time.
#![no_std]
#![deny(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks, clippy::missing_safety_doc)]

#[cfg(feature = "std")]
extern crate std;

pub mod arch;
mod driver;
mod element;
mod half_path;
mod lanes;
mod math;
pub mod op;
#[cfg(all(feature = "sleef", target_arch = "x86_64"))]
pub mod sleef;
pub mod table;
pub mod token;
mod widen;

pub use arch::{Isa, Supported};
pub use element::Element;
pub use op::{Fast, LogSigmoid, Op, Sigmoid, Silu, Softplus, SoftplusBeta};
pub use table::{Arch, Table};
pub use token::Token;
