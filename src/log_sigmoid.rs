//! [`LogSigmoid`]: the first release's handle, now a view of [`Kernels`].

use logsigmoid_kernels::Isa;

use crate::element::Element;
use crate::error::Error;
use crate::kernels::Kernels;

/// The log-sigmoid kernels of one ISA, chosen explicitly: the first
/// release's handle, kept working. [`Kernels`] has every function.
///
/// ```
/// use logsigmoid::{Isa, LogSigmoid};
///
/// let portable = LogSigmoid::new(Isa::Portable)?;
/// let best = LogSigmoid::best();
/// let x = [-2.0f32, 0.0, 3.5];
/// let (mut a, mut b) = ([0.0; 3], [0.0; 3]);
/// portable.forward(&x, &mut a)?;
/// best.forward(&x, &mut b)?;
/// assert_eq!(a, b);
/// # Ok::<(), logsigmoid::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LogSigmoid {
    kernels: Kernels,
}

impl LogSigmoid {
    /// The kernels of `isa`, or [`Error::Unsupported`] if this CPU (or this
    /// build's target) lacks it.
    pub fn new(isa: Isa) -> Result<LogSigmoid, Error> {
        Kernels::new(isa).map(|kernels| LogSigmoid { kernels })
    }

    /// The kernels of [`Isa::best()`].
    pub fn best() -> LogSigmoid {
        LogSigmoid {
            kernels: Kernels::best(),
        }
    }

    /// The ISA these kernels are written for.
    pub fn isa(&self) -> Isa {
        self.kernels.isa()
    }

    /// `y[i] = log_sigmoid(x[i])`: [`Kernels::log_sigmoid`].
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `y.len() != x.len()`; nothing is written.
    pub fn forward<T: Element>(&self, x: &[T], y: &mut [T]) -> Result<(), Error> {
        self.kernels.log_sigmoid(x, y)
    }

    /// `x[i] = log_sigmoid(x[i])`.
    pub fn forward_in_place<T: Element>(&self, x: &mut [T]) {
        self.kernels.log_sigmoid_in_place(x)
    }

    /// `dx[i] = dy[i] * sigmoid(-x[i])`, the gradient of `log_sigmoid`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `dy` or `dx` is not as long as `x`;
    /// nothing is written.
    pub fn backward<T: Element>(&self, x: &[T], dy: &[T], dx: &mut [T]) -> Result<(), Error> {
        self.kernels.log_sigmoid_backward(x, dy, dx)
    }

    /// `dy[i] = dy[i] * sigmoid(-x[i])`, the gradient written over `dy`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `dy.len() != x.len()`; nothing is written.
    pub fn backward_in_place<T: Element>(&self, x: &[T], dy: &mut [T]) -> Result<(), Error> {
        self.kernels.log_sigmoid_backward_in_place(x, dy)
    }
}
