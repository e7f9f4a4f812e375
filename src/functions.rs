//! The functions of the family: one list entry each, from which the free
//! functions (best ISA of this CPU), the methods of [`Kernels`] and, with
//! the `rayon` feature, the functions of [`par`](crate::par) come.

use logsigmoid_kernels::{LogSigmoid, Sigmoid, Silu, Softplus};

use crate::element::Element;
use crate::error::Error;
use crate::kernels::Kernels;

/// For each function: its kernels' `Op` type, its four names, its formula
/// and its gradient's, and more docs (examples) for the free forward.
macro_rules! functions {
    ($(
        $op:ident => $f:ident, $f_in_place:ident, $f_backward:ident, $f_backward_in_place:ident;
        $formula:literal, $gradient:literal;
        $(#[$doc:meta])*
    )*) => {
        $(
            #[doc = concat!("`y[i] = ", $formula, "`, with the best kernels of this CPU.")]
            ///
            $(#[$doc])*
            ///
            /// # Errors
            /// [`Error::LengthMismatch`] if `y.len() != x.len()`; nothing is written.
            #[inline]
            pub fn $f<T: Element>(x: &[T], y: &mut [T]) -> Result<(), Error> {
                Kernels::best().forward($op, x, y)
            }

            #[doc = concat!("`x[i] = ", $formula, "` in place, with the best kernels of this CPU.")]
            #[inline]
            pub fn $f_in_place<T: Element>(x: &mut [T]) {
                Kernels::best().forward_in_place($op, x)
            }

            #[doc = concat!("`dx[i] = ", $gradient, "`, the gradient of [`", stringify!($f), "`], with the best kernels of this CPU. Stable for every `x`.")]
            ///
            /// # Errors
            /// [`Error::LengthMismatch`] if `dy` or `dx` is not as long as `x`;
            /// nothing is written.
            #[inline]
            pub fn $f_backward<T: Element>(x: &[T], dy: &[T], dx: &mut [T]) -> Result<(), Error> {
                Kernels::best().backward($op, x, dy, dx)
            }

            #[doc = concat!("`dy[i] = ", $gradient, "`, the gradient of [`", stringify!($f), "`] written over `dy`.")]
            ///
            /// # Errors
            /// [`Error::LengthMismatch`] if `dy.len() != x.len()`; nothing is written.
            #[inline]
            pub fn $f_backward_in_place<T: Element>(x: &[T], dy: &mut [T]) -> Result<(), Error> {
                Kernels::best().backward_in_place($op, x, dy)
            }
        )*

        impl Kernels {
            $(
                #[doc = concat!("`y[i] = ", $formula, "`.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if `y.len() != x.len()`; nothing is written.
                #[inline]
                pub fn $f<T: Element>(&self, x: &[T], y: &mut [T]) -> Result<(), Error> {
                    self.forward($op, x, y)
                }

                #[doc = concat!("`x[i] = ", $formula, "` in place.")]
                #[inline]
                pub fn $f_in_place<T: Element>(&self, x: &mut [T]) {
                    self.forward_in_place($op, x)
                }

                #[doc = concat!("`dx[i] = ", $gradient, "`, the gradient of `", stringify!($f), "`.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if `dy` or `dx` is not as long as
                /// `x`; nothing is written.
                #[inline]
                pub fn $f_backward<T: Element>(&self, x: &[T], dy: &[T], dx: &mut [T]) -> Result<(), Error> {
                    self.backward($op, x, dy, dx)
                }

                #[doc = concat!("`dy[i] = ", $gradient, "`, written over `dy`.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if `dy.len() != x.len()`; nothing is written.
                #[inline]
                pub fn $f_backward_in_place<T: Element>(&self, x: &[T], dy: &mut [T]) -> Result<(), Error> {
                    self.backward_in_place($op, x, dy)
                }
            )*
        }
    };
}

/// The list: each entry is a function's `Op` type, its four names, its
/// formula and gradient, and its docs. `function_list!(m)` hands it to the
/// macro `m` (`functions` here, `par_functions` in `par`).
macro_rules! function_list {
    ($m:ident) => {
        $m! {

            LogSigmoid => log_sigmoid, log_sigmoid_in_place, log_sigmoid_backward,
                log_sigmoid_backward_in_place;
            "log_sigmoid(x[i]) = log(1 / (1 + exp(-x[i])))", "dy[i] * sigmoid(-x[i])";
            /// f32 and f64 are within 1 ULP (all 2^32 f32 inputs checked; the
            /// measured maxima are in the README's accuracy table); f16 and bf16 are
            /// correctly rounded. `NaN -> NaN`,
            /// `-inf -> -inf`, `+inf -> -0.0`, `±0 -> -ln 2`, large `x` gives
            /// `-exp(-x)` down to the subnormals, then `-0.0`.
            ///
            /// ```
            /// let x = [-1.0f32, 0.0, 1.0, 100.0];
            /// let mut y = [0.0f32; 4];
            /// logsigmoid::log_sigmoid(&x, &mut y)?;
            /// assert_eq!(y[1], -core::f32::consts::LN_2);
            /// // Within 1 ULP of the correctly rounded values:
            /// for (&x, &y) in x.iter().zip(&y) {
            ///     let r = logsigmoid::reference::log_sigmoid(x); // -1.3132616, ..., -3.8e-44
            ///     assert!(y == r || (y - r).abs() <= r.abs() * f32::EPSILON);
            /// }
            ///
            /// // A length mismatch is an error, and nothing is written.
            /// let mut short = [7.0f32; 3];
            /// assert!(logsigmoid::log_sigmoid(&x, &mut short).is_err());
            /// assert_eq!(short, [7.0; 3]);
            /// # Ok::<(), logsigmoid::Error>(())
            /// ```

            Softplus => softplus, softplus_in_place, softplus_backward, softplus_backward_in_place;
            "softplus(x[i]) = log(1 + exp(x[i]))", "dy[i] * sigmoid(x[i])";
            /// Computed as `-log_sigmoid(-x)`, bit for bit, so with the same bounds:
            /// f32 and f64 within 1 ULP, f16 and bf16 correctly rounded. No
            /// threshold: large `x` gives `x + exp(-x)` rounded (`x` itself from
            /// about 17 in f32), `+inf -> +inf`, `-inf -> +0.0`, and tiny results
            /// `exp(x)` down to the subnormals. `±0 -> ln 2`.
            ///
            /// ```
            /// let x = [-100.0f32, 0.0, 1.0, 100.0];
            /// let mut y = [0.0f32; 4];
            /// logsigmoid::softplus(&x, &mut y)?;
            /// assert_eq!(y[1], core::f32::consts::LN_2);
            /// assert_eq!(y[3], 100.0);
            /// for (&x, &y) in x.iter().zip(&y) {
            ///     let r = logsigmoid::reference::softplus(x); // 3.8e-44, ..., 100.0
            ///     assert!(y == r || (y - r).abs() <= r.abs() * f32::EPSILON);
            /// }
            /// # Ok::<(), logsigmoid::Error>(())
            /// ```

            Sigmoid => sigmoid, sigmoid_in_place, sigmoid_backward, sigmoid_backward_in_place;
            "sigmoid(x[i]) = 1 / (1 + exp(-x[i]))", "dy[i] * sigmoid(x[i]) * sigmoid(-x[i])";
            /// f32 and f64 within 1 ULP, f16 and bf16 correctly rounded.
            /// `NaN -> NaN`, `+inf -> 1`, `-inf -> +0.0`, `±0 -> 0.5`, and tiny
            /// results `exp(x)` down to the subnormals, then `+0.0`.
            ///
            /// ```
            /// let x = [-100.0f32, -1.0, 0.0, 1.0, 20.0];
            /// let mut y = [0.0f32; 5];
            /// logsigmoid::sigmoid(&x, &mut y)?;
            /// assert_eq!(y, [3.8e-44, 0.26894143, 0.5, 0.7310586, 1.0]);
            /// # Ok::<(), logsigmoid::Error>(())
            /// ```

            Silu => silu, silu_in_place, silu_backward, silu_backward_in_place;
            "silu(x[i]) = x[i] * sigmoid(x[i])", "dy[i] * sigmoid(x[i]) * (1 + x[i] * sigmoid(-x[i]))";
            /// SiLU (swish): f32 and f64 within 1 ULP, f16 and bf16 correctly
            /// rounded. `NaN -> NaN`, `±0 -> ±0`, `+inf -> +inf`, `-inf -> -0.0`,
            /// large negative `x` gives `x exp(x)` down to the subnormals, then
            /// `-0.0`. The gradient is within 2 ULP except near its zero at
            /// `x = -1.2785` (the README states the absolute bound there).
            ///
            /// ```
            /// let x = [-120.0f32, -1.0, -0.0, 1.0, 20.0];
            /// let mut y = [0.0f32; 5];
            /// logsigmoid::silu(&x, &mut y)?;
            /// assert_eq!(y, [-0.0, -0.26894143, -0.0, 0.7310586, 20.0]);
            /// assert!(y[0].is_sign_negative() && y[2].is_sign_negative());
            /// # Ok::<(), logsigmoid::Error>(())
            /// ```
        }
    };
}
#[cfg(feature = "rayon")]
pub(crate) use function_list;

function_list!(functions);
