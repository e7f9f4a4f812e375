//! [`LogSigmoid`]: the kernels of one ISA, and the free functions on the best.

use half::{bf16, f16};
use logsigmoid_kernels::{Portable, Table};

use crate::element::Element;
use crate::error::{check_len, Error};
use crate::Isa;

/// The kernel tables of one ISA, for every element type.
#[derive(Clone, Copy, Debug)]
pub struct Kernels {
    pub(crate) f32: Table<f32>,
    pub(crate) f64: Table<f64>,
    pub(crate) f16: Table<f16>,
    pub(crate) bf16: Table<bf16>,
}

/// The kernel tables of an ISA token (anything with a generic `table`).
macro_rules! kernels_of {
    ($token:expr) => {{
        let token = $token;
        Kernels {
            f32: token.table::<f32>(),
            f64: token.table::<f64>(),
            f16: token.table::<f16>(),
            bf16: token.table::<bf16>(),
        }
    }};
}

impl Kernels {
    /// The kernels of `isa`, if this CPU and target support it.
    pub(crate) fn new(isa: Isa) -> Option<Kernels> {
        match isa {
            Isa::Portable => Some(kernels_of!(Portable)),
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => logsigmoid_kernels::x86::Avx2::try_new().map(|t| kernels_of!(t)),
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => logsigmoid_kernels::x86::Avx512::try_new().map(|t| kernels_of!(t)),
            #[cfg(target_arch = "aarch64")]
            Isa::Neon => logsigmoid_kernels::aarch64::Neon::try_new().map(|t| kernels_of!(t)),
            _ => None,
        }
    }
}

/// The log-sigmoid kernels of one ISA, chosen explicitly: for tests,
/// benchmarks, and results that must not depend on the machine (they do not
/// anyway: every ISA returns the same bits).
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
#[derive(Clone, Copy, Debug)]
pub struct LogSigmoid {
    isa: Isa,
    kernels: Kernels,
}

impl LogSigmoid {
    /// The kernels of `isa`, or [`Error::Unsupported`] if this CPU (or this
    /// build's target) lacks it.
    pub fn new(isa: Isa) -> Result<LogSigmoid, Error> {
        match Kernels::new(isa) {
            Some(kernels) => Ok(LogSigmoid { isa, kernels }),
            None => Err(Error::Unsupported(isa)),
        }
    }

    /// The kernels of [`Isa::best()`].
    pub fn best() -> LogSigmoid {
        #[cfg(feature = "std")]
        {
            *best()
        }
        #[cfg(not(feature = "std"))]
        {
            best()
        }
    }

    fn detect_best() -> LogSigmoid {
        let isa = Isa::best();
        match Kernels::new(isa) {
            Some(kernels) => LogSigmoid { isa, kernels },
            None => LogSigmoid {
                isa: Isa::Portable,
                kernels: kernels_of!(Portable),
            },
        }
    }

    /// The ISA these kernels are written for.
    pub fn isa(&self) -> Isa {
        self.isa
    }

    /// `y[i] = log_sigmoid(x[i])`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `y.len() != x.len()`; nothing is written.
    pub fn forward<T: Element>(&self, x: &[T], y: &mut [T]) -> Result<(), Error> {
        check_len("y", x.len(), y.len())?;
        (T::kernel_table(&self.kernels).forward)(x, y);
        Ok(())
    }

    /// `x[i] = log_sigmoid(x[i])`.
    pub fn forward_in_place<T: Element>(&self, x: &mut [T]) {
        (T::kernel_table(&self.kernels).forward_in_place)(x);
    }

    /// `dx[i] = dy[i] * sigmoid(-x[i])`, the gradient of `log_sigmoid`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `dy` or `dx` is not as long as `x`;
    /// nothing is written.
    pub fn backward<T: Element>(&self, x: &[T], dy: &[T], dx: &mut [T]) -> Result<(), Error> {
        check_len("dy", x.len(), dy.len())?;
        check_len("dx", x.len(), dx.len())?;
        (T::kernel_table(&self.kernels).backward)(x, dy, dx);
        Ok(())
    }

    /// `dy[i] = dy[i] * sigmoid(-x[i])`, the gradient written over `dy`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `dy.len() != x.len()`; nothing is written.
    pub fn backward_in_place<T: Element>(&self, x: &[T], dy: &mut [T]) -> Result<(), Error> {
        check_len("dy", x.len(), dy.len())?;
        (T::kernel_table(&self.kernels).backward_in_place)(x, dy);
        Ok(())
    }
}

/// `y[i] = log_sigmoid(x[i]) = log(1 / (1 + exp(-x[i])))`, with the best
/// kernels of this CPU.
///
/// Every ISA returns the same bits. f32 and f64 are within 1 ULP (0.78
/// measured); f16 and bf16 are correctly rounded. `NaN -> NaN`,
/// `-inf -> -inf`, `+inf -> -0.0`, `±0 -> -ln 2`.
///
/// ```
/// let x = [-1.0f32, 0.0, 1.0, 100.0];
/// let mut y = [0.0f32; 4];
/// logsigmoid::log_sigmoid(&x, &mut y)?;
/// assert_eq!(y, [-1.3132616, -0.6931472, -0.3132617, -3.8e-44]);
///
/// // A length mismatch is an error, and nothing is written.
/// let mut short = [7.0f32; 3];
/// assert!(logsigmoid::log_sigmoid(&x, &mut short).is_err());
/// assert_eq!(short, [7.0; 3]);
/// # Ok::<(), logsigmoid::Error>(())
/// ```
///
/// # Errors
/// [`Error::LengthMismatch`] if `y.len() != x.len()`; nothing is written.
pub fn log_sigmoid<T: Element>(x: &[T], y: &mut [T]) -> Result<(), Error> {
    best().forward(x, y)
}

/// `x[i] = log_sigmoid(x[i])`, with the best kernels of this CPU.
pub fn log_sigmoid_in_place<T: Element>(x: &mut [T]) {
    best().forward_in_place(x)
}

/// `dx[i] = dy[i] * sigmoid(-x[i]) = dy[i] / (1 + exp(x[i]))`, the gradient
/// of [`log_sigmoid`], with the best kernels of this CPU. Stable for every
/// `x`: `x = -inf` gives `dy`, `x = +inf` gives `dy * 0`.
///
/// # Errors
/// [`Error::LengthMismatch`] if `dy` or `dx` is not as long as `x`; nothing
/// is written.
pub fn log_sigmoid_backward<T: Element>(x: &[T], dy: &[T], dx: &mut [T]) -> Result<(), Error> {
    best().backward(x, dy, dx)
}

/// `dy[i] = dy[i] * sigmoid(-x[i])`, the gradient written over `dy`.
///
/// # Errors
/// [`Error::LengthMismatch`] if `dy.len() != x.len()`; nothing is written.
pub fn log_sigmoid_backward_in_place<T: Element>(x: &[T], dy: &mut [T]) -> Result<(), Error> {
    best().backward_in_place(x, dy)
}

/// The best kernels, detected once per process (with `std`; without it, the
/// detection itself is cached by pulp and the tables are rebuilt per call).
#[cfg(feature = "std")]
fn best() -> &'static LogSigmoid {
    static BEST: std::sync::OnceLock<LogSigmoid> = std::sync::OnceLock::new();
    BEST.get_or_init(LogSigmoid::detect_best)
}

#[cfg(not(feature = "std"))]
fn best() -> LogSigmoid {
    LogSigmoid::detect_best()
}
