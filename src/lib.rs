//! Hand-vectorised log-sigmoid family for `f32`, `f64`,
//! [`f16`](struct@crate::f16) and [`bf16`] slices, forward and backward:
//! [`log_sigmoid`] (`log(1 / (1 + exp(-x)))`, PyTorch's
//! `torch.nn.LogSigmoid`), [`softplus`] (`log(1 + exp(x))`), [`sigmoid`]
//! (`1 / (1 + exp(-x))`) and [`silu`] (`x sigmoid(x)`), each with
//! `_in_place`, `_backward` and `_backward_in_place` forms, and
//! [`Softplus`] with PyTorch's `beta` and `threshold`.
//!
//! Kernels for AVX2, AVX-512 and NEON are chosen at run time from the CPU's
//! features (and for x86-64 CPUs with AVX but not AVX2 and FMA, the
//! portable kernel compiled for AVX), wasm's `simd128` at compile time, and
//! a portable kernel serves every other target; [`Kernels`] pins one. Every kernel with a hardware
//! FMA (AVX2, AVX-512, NEON, Portable where the target has FMA) runs the
//! same sequence of IEEE operations, so a result is bit-identical on every
//! such machine; the kernels without (wasm32, `Avx` and the portable kernel
//! of x86-64 built without `fma`, [`Isa::is_fused`] false) run one sequence of their own, bit-identical
//! among themselves and within the same bounds. f32 and f64 results are within 1 ULP
//! (all 2^32 f32 inputs checked; the measured maxima are in the README's
//! accuracy table); f16 and bf16 results are correctly rounded.
//!
//! [`Kernels::with_precision`]`(`[`Precision::Fast`]`)` trades half an ULP
//! for speed: within 1.5 ULP (f16 and bf16 still correctly rounded), about
//! twice as fast on typical activations (`|x| < 4`). With the `rayon`
//! feature, `par` has the free functions over all cores.
//!
//! Frameworks that keep half tensors as raw `u16` bits can pass them
//! without a copy through the views in [`bits`].
//!
//! ```
//! use logsigmoid::{log_sigmoid, log_sigmoid_backward, log_sigmoid_in_place};
//!
//! let x = [-3.0f32, -0.5, 0.0, 0.5, 3.0];
//! let mut y = [0.0f32; 5];
//! log_sigmoid(&x, &mut y)?;
//! assert_eq!(y[2], -core::f32::consts::LN_2);
//!
//! // The gradient: dx = dy * sigmoid(-x).
//! let dy = [1.0f32; 5];
//! let mut dx = [0.0f32; 5];
//! log_sigmoid_backward(&x, &dy, &mut dx)?;
//! assert_eq!(dx[2], 0.5);
//!
//! // In place, any element type.
//! let mut h = [logsigmoid::bf16::from_f32(1.0); 3];
//! log_sigmoid_in_place(&mut h);
//! assert_eq!(h[0].to_f32(), -0.3125);
//! # Ok::<(), logsigmoid::Error>(())
//! ```
//!
//! # In a framework
//!
//! The kernels take contiguous slices in and out, the shape of a
//! framework's element-wise hooks. A unary op in the style of candle's
//! `UnaryOpT::f32_vec(xs, ys)` (one call per contiguous block, `ys` as long
//! as `xs`):
//!
//! ```
//! struct Silu;
//! impl Silu {
//!     fn f32_vec(xs: &[f32], ys: &mut [f32]) {
//!         // The lengths match by construction; a mismatch would be an
//!         // `Err` with nothing written, never a panic inside the crate.
//!         logsigmoid::silu(xs, ys).expect("ys is as long as xs");
//!     }
//!     fn bf16_vec(xs: &[logsigmoid::bf16], ys: &mut [logsigmoid::bf16]) {
//!         logsigmoid::silu(xs, ys).expect("ys is as long as xs");
//!     }
//! }
//! let xs = [-2.0f32, 0.0, 2.0];
//! let mut ys = [0.0f32; 3];
//! Silu::f32_vec(&xs, &mut ys);
//! assert_eq!(ys[2], 1.7615942);
//! ```
//!
//! And burn's `ActivationOps::log_sigmoid` / `log_sigmoid_backward(x,
//! grad)` on a backend whose tensors are contiguous buffers:
//!
//! ```
//! fn log_sigmoid(x: &[f32]) -> Vec<f32> {
//!     let mut y = vec![0.0; x.len()];
//!     logsigmoid::log_sigmoid(x, &mut y).expect("same length");
//!     y
//! }
//! fn log_sigmoid_backward(x: &[f32], grad: &[f32]) -> Result<Vec<f32>, logsigmoid::Error> {
//!     let mut dx = grad.to_vec();
//!     logsigmoid::log_sigmoid_backward_in_place(x, &mut dx)?; // grad * sigmoid(-x)
//!     Ok(dx)
//! }
//! let x = [-100.0f32, 0.0, 100.0];
//! assert_eq!(log_sigmoid(&x), [-100.0, -core::f32::consts::LN_2, -3.8e-44]);
//! assert_eq!(log_sigmoid_backward(&x, &[1.0; 3])?, [1.0, 0.5, 3.8e-44]);
//! # Ok::<(), logsigmoid::Error>(())
//! ```
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod bits;
pub mod build;
mod element;
mod error;
mod functions;
mod kernels;
mod log_sigmoid;
#[cfg(feature = "rayon")]
pub mod par;
pub mod reference;
mod softplus;

pub use element::Element;
pub use error::Error;
pub use functions::{
    log_sigmoid, log_sigmoid_backward, log_sigmoid_backward_in_place, log_sigmoid_in_place,
    sigmoid, sigmoid_backward, sigmoid_backward_in_place, sigmoid_in_place, silu, silu_backward,
    silu_backward_in_place, silu_in_place, softplus, softplus_backward, softplus_backward_in_place,
    softplus_in_place,
};
pub use half::{bf16, f16};
pub use kernels::{Kernels, Precision};
pub use log_sigmoid::LogSigmoid;
pub use logsigmoid_kernels::Isa;
pub use softplus::Softplus;
