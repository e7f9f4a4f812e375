//! [`Softplus`]: softplus with PyTorch's `beta` and `threshold`.

use logsigmoid_kernels::SoftplusBeta;

use crate::element::Element;
use crate::error::Error;
use crate::kernels::Kernels;

/// `torch.nn.Softplus(beta, threshold)`: with `z = beta * x` rounded once in
/// the compute precision (f32 for `f32`, `f16` and `bf16`; f64 for `f64`,
/// as PyTorch does), `y = x` where `z > threshold`, else
/// `log1p(exp(z)) / beta`; the gradient is `dy` where `z > threshold`, else
/// `dy * sigmoid(z)`. `beta` and `threshold` are rounded to the compute
/// precision too.
///
/// The result is that definition's exact value rounded within 1 ULP (f16
/// and bf16 correctly rounded), the gradient within 2 ULP (halves 1):
/// `softplus(z)` is kept as a double word and its power of two apart, so a
/// small `beta` does not lift a subnormal intermediate into a normal result
/// with few bits. The plain [`softplus`](crate::softplus) is the exact
/// function, with no threshold (`beta = 1`, `threshold = +inf` gives the
/// same values within the bound, not necessarily the same bits).
///
/// ```
/// use logsigmoid::Softplus;
///
/// let sp = Softplus::new(2.0, 20.0)?;          // beta 2, threshold 20
/// let x = [-1.0f32, 0.0, 5.0, 15.0];
/// let mut y = [0.0f32; 4];
/// sp.forward(&x, &mut y)?;
/// assert_eq!(y[1], core::f32::consts::LN_2 / 2.0);
/// assert_eq!(y[3], 15.0);                       // 2 * 15 > 20: x itself
///
/// let torch = Softplus::default();              // beta 1, threshold 20
/// assert_eq!((torch.beta(), torch.threshold()), (1.0, 20.0));
/// assert!(Softplus::new(0.0, 20.0).is_err());   // beta must be positive
/// # Ok::<(), logsigmoid::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Softplus {
    beta: f64,
    threshold: f64,
    op: SoftplusBeta,
    kernels: Kernels,
}

impl Default for Softplus {
    /// PyTorch's defaults: `beta = 1`, `threshold = 20`, best kernels.
    fn default() -> Softplus {
        Softplus::checked(1.0, 20.0, Kernels::best())
    }
}

impl Softplus {
    /// softplus with `beta` and `threshold`, on the best kernels of this CPU.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] if `beta` is not a positive number that
    /// is normal in f32 (`1.2e-38 <= beta <= 3.4e38`, NaN and infinities
    /// excluded), or `threshold` is NaN.
    pub fn new(beta: f64, threshold: f64) -> Result<Softplus, Error> {
        let b = beta as f32;
        if !(beta > 0.0 && b.is_normal()) {
            return Err(Error::InvalidParameter {
                name: "beta",
                must_be: "a positive number, normal in f32 (1.2e-38 to 3.4e38)",
            });
        }
        if threshold.is_nan() {
            return Err(Error::InvalidParameter {
                name: "threshold",
                must_be: "a number (not NaN)",
            });
        }
        Ok(Softplus::checked(beta, threshold, Kernels::best()))
    }

    fn checked(beta: f64, threshold: f64, kernels: Kernels) -> Softplus {
        Softplus {
            beta,
            threshold,
            op: SoftplusBeta::new(beta, threshold),
            kernels,
        }
    }

    /// The same parameters on other kernels (one ISA: see [`Kernels`]).
    pub fn with_kernels(self, kernels: Kernels) -> Softplus {
        Softplus { kernels, ..self }
    }

    /// `beta`, as given.
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// `threshold`, as given.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The kernels these run on.
    pub fn kernels(&self) -> Kernels {
        self.kernels
    }

    /// `y[i] = softplus(x[i])` with `beta` and `threshold`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `y.len() != x.len()`; nothing is written.
    pub fn forward<T: Element>(&self, x: &[T], y: &mut [T]) -> Result<(), Error> {
        self.kernels.forward(self.op, x, y)
    }

    /// `x[i] = softplus(x[i])` in place.
    pub fn forward_in_place<T: Element>(&self, x: &mut [T]) {
        self.kernels.forward_in_place(self.op, x)
    }

    /// `dx[i] = dy[i] * sigmoid(beta x[i])` (`dy[i]` above the threshold).
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `dy` or `dx` is not as long as `x`;
    /// nothing is written.
    pub fn backward<T: Element>(&self, x: &[T], dy: &[T], dx: &mut [T]) -> Result<(), Error> {
        self.kernels.backward(self.op, x, dy, dx)
    }

    /// The gradient written over `dy`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `dy.len() != x.len()`; nothing is written.
    pub fn backward_in_place<T: Element>(&self, x: &[T], dy: &mut [T]) -> Result<(), Error> {
        self.kernels.backward_in_place(self.op, x, dy)
    }
}
