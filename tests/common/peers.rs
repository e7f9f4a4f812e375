//! The peers the benches and the CPU report time beside the kernels:
//! `logsigmoid::par` (feature `rayon`), SLEEF's compositions (feature
//! `sleef`: PyTorch's CPU method), and a copy of the same bytes, serial and
//! on all cores (the memory-bound floor). Included by `#[path]` after
//! `common`.
#![allow(dead_code)]

use logsigmoid::Element;
#[cfg(feature = "rayon")]
use rayon::prelude::*;

use super::common::{Function, TestFloat};

#[cfg(feature = "sleef")]
pub use logsigmoid_kernels::sleef::{Composition, Sleef};

/// SLEEF's entry points of this CPU (none without the feature).
pub fn sleefs() -> Vec<(&'static str, SleefPeer)> {
    #[cfg(feature = "sleef")]
    {
        Sleef::supported()
            .map(|s| (s.name(), SleefPeer(s)))
            .collect()
    }
    #[cfg(not(feature = "sleef"))]
    {
        Vec::new()
    }
}

/// One of SLEEF's ISAs, as a peer.
#[derive(Clone, Copy, Debug)]
pub struct SleefPeer(#[cfg(feature = "sleef")] Sleef);

/// The element types SLEEF has (f32, f64); the halves have none.
pub trait PeerFloat: TestFloat {
    /// `y = f(x)` by SLEEF, or `false` if SLEEF has no such type.
    fn sleef_forward(_: SleefPeer, _: Function, _: &[Self], _: &mut [Self]) -> bool {
        false
    }
    /// `dx = dy f'(x)` by SLEEF, or `false`.
    fn sleef_backward(_: SleefPeer, _: Function, _: &[Self], _: &[Self], _: &mut [Self]) -> bool {
        false
    }
}

macro_rules! sleef_float {
    ($t:ty, $fwd:ident, $bwd:ident) => {
        impl PeerFloat for $t {
            #[cfg(feature = "sleef")]
            fn sleef_forward(s: SleefPeer, f: Function, x: &[$t], y: &mut [$t]) -> bool {
                match Composition::of(f.name()) {
                    Some(c) => {
                        s.0.$fwd(c, x, y);
                        true
                    }
                    None => false,
                }
            }
            #[cfg(feature = "sleef")]
            fn sleef_backward(
                s: SleefPeer,
                f: Function,
                x: &[$t],
                dy: &[$t],
                dx: &mut [$t],
            ) -> bool {
                match Composition::of(f.name()) {
                    Some(c) => {
                        s.0.$bwd(c, x, dy, dx);
                        true
                    }
                    None => false,
                }
            }
        }
    };
}

sleef_float!(f32, forward_f32, backward_f32);
sleef_float!(f64, forward_f64, backward_f64);
impl PeerFloat for logsigmoid::f16 {}
impl PeerFloat for logsigmoid::bf16 {}

/// Whether `logsigmoid::par` is built in.
pub const PAR: bool = cfg!(feature = "rayon");

/// `logsigmoid::par`'s forward of `f` (a no-op without the feature).
pub fn par_forward<T: Element>(f: Function, x: &[T], y: &mut [T]) {
    #[cfg(feature = "rayon")]
    {
        use logsigmoid::par;
        let _ = match f {
            Function::LogSigmoid => par::log_sigmoid(x, y),
            Function::Softplus => par::softplus(x, y),
            Function::Sigmoid => par::sigmoid(x, y),
            Function::Silu => par::silu(x, y),
        };
    }
    #[cfg(not(feature = "rayon"))]
    let _ = (f, x, y);
}

/// `logsigmoid::par`'s forward in place.
pub fn par_forward_in_place<T: Element>(f: Function, x: &mut [T]) {
    #[cfg(feature = "rayon")]
    {
        use logsigmoid::par;
        match f {
            Function::LogSigmoid => par::log_sigmoid_in_place(x),
            Function::Softplus => par::softplus_in_place(x),
            Function::Sigmoid => par::sigmoid_in_place(x),
            Function::Silu => par::silu_in_place(x),
        }
    }
    #[cfg(not(feature = "rayon"))]
    let _ = (f, x);
}

/// `logsigmoid::par`'s backward.
pub fn par_backward<T: Element>(f: Function, x: &[T], dy: &[T], dx: &mut [T]) {
    #[cfg(feature = "rayon")]
    {
        use logsigmoid::par;
        let _ = match f {
            Function::LogSigmoid => par::log_sigmoid_backward(x, dy, dx),
            Function::Softplus => par::softplus_backward(x, dy, dx),
            Function::Sigmoid => par::sigmoid_backward(x, dy, dx),
            Function::Silu => par::silu_backward(x, dy, dx),
        };
    }
    #[cfg(not(feature = "rayon"))]
    let _ = (f, x, dy, dx);
}

/// `y = x` on all cores, split as `par` splits (`par::chunk_len`'s rule;
/// serial without the feature).
pub fn par_copy<T: Copy + Send + Sync>(x: &[T], y: &mut [T]) {
    #[cfg(feature = "rayon")]
    {
        let threads = rayon::current_num_threads().max(1);
        let c = x
            .len()
            .div_ceil(4 * threads)
            .max(logsigmoid::par::MIN_CHUNK)
            .next_multiple_of(64);
        x.par_chunks(c)
            .zip(y.par_chunks_mut(c))
            .for_each(|(a, b)| b.copy_from_slice(a));
    }
    #[cfg(not(feature = "rayon"))]
    y.copy_from_slice(x);
}
