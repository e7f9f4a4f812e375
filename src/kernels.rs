//! [`Kernels`]: the kernels of one ISA, chosen explicitly; the methods per
//! function come from the list in `functions`.

use logsigmoid_kernels::{Fast, Isa, Op, Supported};

use crate::element::Element;
use crate::error::{check_len, Error};

/// The kernels of one ISA, for every function and element type: for tests,
/// benchmarks, and pinning the ISA (the results do not depend on it: every
/// FMA kernel returns the same bits, and so does every kernel without FMA:
/// see [`Isa::is_fused`]).
///
/// ```
/// use logsigmoid::{Isa, Kernels};
///
/// let portable = Kernels::new(Isa::Portable)?;
/// let best = Kernels::best();
/// let x = [-2.0f32, 0.0, 3.5];
/// let (mut a, mut b) = ([0.0; 3], [0.0; 3]);
/// portable.softplus(&x, &mut a)?;
/// best.softplus(&x, &mut b)?;
/// assert_eq!(a, b);
/// # Ok::<(), logsigmoid::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Kernels {
    isa: Supported,
    precision: Precision,
}

/// How close to the exact result the kernels are; [`Kernels::with_precision`]
/// chooses it (the free functions are [`Faithful`](Precision::Faithful)).
///
/// | | Faithful | Fast |
/// |---|---|---|
/// | f32, f64 forward | within 1 ULP | within 1.5 ULP |
/// | f16, bf16 forward | correctly rounded | correctly rounded (the same results) |
/// | backward | within 2 ULP (halves 1) | within 3 ULP (halves 1) |
///
/// Within a precision every FMA kernel gives the same bits, and every kernel
/// without FMA the same bits as each other (on such targets Fast's f64
/// log-sigmoid gradient is the faithful one). Fast has its own
/// algorithms for log-sigmoid and softplus (no division: see the README for
/// the speed); sigmoid, SiLU and `Softplus` with beta run their faithful
/// algorithms in both.
///
/// ```
/// use logsigmoid::{Kernels, Precision};
///
/// let fast = Kernels::best().with_precision(Precision::Fast);
/// assert_eq!(fast.precision(), Precision::Fast);
/// let x = [-2.0f32, 0.0, 3.5];
/// let (mut y, mut want) = ([0.0; 3], [0.0; 3]);
/// fast.log_sigmoid(&x, &mut y)?;
/// logsigmoid::log_sigmoid(&x, &mut want)?;
/// for (a, b) in y.iter().zip(&want) {
///     assert!((a - b).abs() <= 2.0 * f32::EPSILON * b.abs());
/// }
/// # Ok::<(), logsigmoid::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Precision {
    /// Within 1 ULP (f32 and f64), correctly rounded (f16 and bf16).
    #[default]
    Faithful,
    /// Within 1.5 ULP (f32 and f64; never less accurate than PyTorch's f32
    /// log-sigmoid), f16 and bf16 still correctly rounded, gradients within
    /// 3 ULP.
    Fast,
}

impl Kernels {
    /// The kernels of `isa`, or [`Error::Unsupported`] if this CPU (or this
    /// build's target) lacks it.
    pub fn new(isa: Isa) -> Result<Kernels, Error> {
        match Supported::new(isa) {
            Some(isa) => Ok(Kernels {
                isa,
                precision: Precision::Faithful,
            }),
            None => Err(Error::Unsupported(isa)),
        }
    }

    /// The kernels of [`Isa::best()`], detected once per process.
    #[inline]
    pub fn best() -> Kernels {
        Kernels {
            isa: Supported::best(),
            precision: Precision::Faithful,
        }
    }

    /// These kernels in precision `p` (same ISA).
    #[inline]
    pub fn with_precision(self, p: Precision) -> Kernels {
        Kernels {
            precision: p,
            ..self
        }
    }

    /// The precision of these kernels ([`Precision::Faithful`] unless
    /// chosen by [`with_precision`](Kernels::with_precision)).
    #[inline]
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The ISA these kernels are written for.
    pub fn isa(&self) -> Isa {
        self.isa.isa()
    }

    /// `y = f(x)` for the function `O`.
    #[inline]
    pub(crate) fn forward<O: Op, T: Element>(
        &self,
        op: O,
        x: &[T],
        y: &mut [T],
    ) -> Result<(), Error> {
        check_len("y", x.len(), y.len())?;
        match self.precision {
            Precision::Faithful => (self.isa.table::<T, O>().forward)(op, x, y),
            Precision::Fast => (self.isa.table::<T, Fast<O>>().forward)(Fast(op), x, y),
        }
        Ok(())
    }

    /// `x = f(x)`.
    #[inline]
    pub(crate) fn forward_in_place<O: Op, T: Element>(&self, op: O, x: &mut [T]) {
        match self.precision {
            Precision::Faithful => (self.isa.table::<T, O>().forward_in_place)(op, x),
            Precision::Fast => (self.isa.table::<T, Fast<O>>().forward_in_place)(Fast(op), x),
        }
    }

    /// `dx = dy f'(x)`.
    #[inline]
    pub(crate) fn backward<O: Op, T: Element>(
        &self,
        op: O,
        x: &[T],
        dy: &[T],
        dx: &mut [T],
    ) -> Result<(), Error> {
        check_len("dy", x.len(), dy.len())?;
        check_len("dx", x.len(), dx.len())?;
        match self.precision {
            Precision::Faithful => (self.isa.table::<T, O>().backward)(op, x, dy, dx),
            Precision::Fast => (self.isa.table::<T, Fast<O>>().backward)(Fast(op), x, dy, dx),
        }
        Ok(())
    }

    /// `dy = dy f'(x)`.
    #[inline]
    pub(crate) fn backward_in_place<O: Op, T: Element>(
        &self,
        op: O,
        x: &[T],
        dy: &mut [T],
    ) -> Result<(), Error> {
        check_len("dy", x.len(), dy.len())?;
        match self.precision {
            Precision::Faithful => (self.isa.table::<T, O>().backward_in_place)(op, x, dy),
            Precision::Fast => (self.isa.table::<T, Fast<O>>().backward_in_place)(Fast(op), x, dy),
        }
        Ok(())
    }
}
