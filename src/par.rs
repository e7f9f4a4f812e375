//! The free functions over all cores (cargo feature `rayon`): the same
//! names, signatures and results (bit for bit) as the crate's free
//! functions, with the slices split in chunks across rayon's global pool.
//!
//! Slices shorter than [`SERIAL_BELOW`] elements run on the calling thread
//! (below that, waking the pool costs more than it saves); longer ones are
//! split in about four chunks per thread, each at least [`MIN_CHUNK`]
//! elements, and each chunk runs the best kernels of this CPU. Every element
//! is computed on its own, so the split does not change any bit. Nothing is
//! allocated per call. Length mismatches are checked before any work, and
//! nothing is written then.
//!
//! ```
//! let x: Vec<f32> = (0..1 << 20).map(|i| (i as f32) * 1e-5 - 5.0).collect();
//! let (mut a, mut b) = (vec![0.0; x.len()], vec![0.0; x.len()]);
//! logsigmoid::par::silu(&x, &mut a)?;
//! logsigmoid::silu(&x, &mut b)?;
//! assert_eq!(a, b);
//! # Ok::<(), logsigmoid::Error>(())
//! ```

use logsigmoid_kernels::{LogSigmoid, Op, Sigmoid, Silu, Softplus};
use rayon::prelude::*;

use crate::element::Element;
use crate::error::{check_len, Error};
use crate::functions::function_list;
use crate::kernels::Kernels;

/// Below this many elements the functions run on the calling thread.
/// Measured with log-sigmoid's f32 forward on a 2-core Xeon (AVX-512): at
/// 32K elements two threads took 0.89 ns per element against 0.64 serial,
/// at 64K 0.54 against 0.62, at 16M 0.46 against 0.95.
pub const SERIAL_BELOW: usize = 1 << 16;

/// The smallest chunk handed to a thread.
pub const MIN_CHUNK: usize = 1 << 13;

/// The chunk length for `n` elements: about four chunks per thread, at
/// least `MIN_CHUNK`, a multiple of 64 (whole cache lines for every type).
fn chunk_len(n: usize) -> usize {
    let threads = rayon::current_num_threads().max(1);
    n.div_ceil(4 * threads).max(MIN_CHUNK).next_multiple_of(64)
}

fn forward<O: Op, T: Element>(op: O, x: &[T], y: &mut [T]) -> Result<(), Error> {
    check_len("y", x.len(), y.len())?;
    let k = Kernels::best();
    if x.len() < SERIAL_BELOW {
        return k.forward(op, x, y);
    }
    let c = chunk_len(x.len());
    x.par_chunks(c)
        .zip(y.par_chunks_mut(c))
        .try_for_each(|(x, y)| k.forward(op, x, y))
}

fn forward_in_place<O: Op, T: Element>(op: O, x: &mut [T]) {
    let k = Kernels::best();
    if x.len() < SERIAL_BELOW {
        return k.forward_in_place(op, x);
    }
    let c = chunk_len(x.len());
    x.par_chunks_mut(c).for_each(|x| k.forward_in_place(op, x));
}

fn backward<O: Op, T: Element>(op: O, x: &[T], dy: &[T], dx: &mut [T]) -> Result<(), Error> {
    check_len("dy", x.len(), dy.len())?;
    check_len("dx", x.len(), dx.len())?;
    let k = Kernels::best();
    if x.len() < SERIAL_BELOW {
        return k.backward(op, x, dy, dx);
    }
    let c = chunk_len(x.len());
    x.par_chunks(c)
        .zip(dy.par_chunks(c))
        .zip(dx.par_chunks_mut(c))
        .try_for_each(|((x, dy), dx)| k.backward(op, x, dy, dx))
}

fn backward_in_place<O: Op, T: Element>(op: O, x: &[T], dy: &mut [T]) -> Result<(), Error> {
    check_len("dy", x.len(), dy.len())?;
    let k = Kernels::best();
    if x.len() < SERIAL_BELOW {
        return k.backward_in_place(op, x, dy);
    }
    let c = chunk_len(x.len());
    x.par_chunks(c)
        .zip(dy.par_chunks_mut(c))
        .try_for_each(|(x, dy)| k.backward_in_place(op, x, dy))
}

/// The four functions of each list entry, over all cores.
macro_rules! par_functions {
    ($(
        $op:ident => $f:ident, $f_in_place:ident, $f_backward:ident, $f_backward_in_place:ident;
        $formula:literal, $gradient:literal;
        $(#[$doc:meta])*
    )*) => {
        $(
            #[doc = concat!("[`", stringify!($f), "`](crate::", stringify!($f), ") over all cores.")]
            ///
            /// # Errors
            /// [`Error::LengthMismatch`] if `y.len() != x.len()`; nothing is written.
            #[inline]
            pub fn $f<T: Element>(x: &[T], y: &mut [T]) -> Result<(), Error> {
                forward($op, x, y)
            }

            #[doc = concat!("[`", stringify!($f_in_place), "`](crate::", stringify!($f_in_place), ") over all cores.")]
            #[inline]
            pub fn $f_in_place<T: Element>(x: &mut [T]) {
                forward_in_place($op, x)
            }

            #[doc = concat!("[`", stringify!($f_backward), "`](crate::", stringify!($f_backward), ") over all cores.")]
            ///
            /// # Errors
            /// [`Error::LengthMismatch`] if `dy` or `dx` is not as long as `x`;
            /// nothing is written.
            #[inline]
            pub fn $f_backward<T: Element>(x: &[T], dy: &[T], dx: &mut [T]) -> Result<(), Error> {
                backward($op, x, dy, dx)
            }

            #[doc = concat!("[`", stringify!($f_backward_in_place), "`](crate::", stringify!($f_backward_in_place), ") over all cores.")]
            ///
            /// # Errors
            /// [`Error::LengthMismatch`] if `dy.len() != x.len()`; nothing is written.
            #[inline]
            pub fn $f_backward_in_place<T: Element>(x: &[T], dy: &mut [T]) -> Result<(), Error> {
                backward_in_place($op, x, dy)
            }
        )*
    };
}

function_list!(par_functions);
