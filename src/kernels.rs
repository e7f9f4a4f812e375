//! [`Kernels`]: the kernels of one ISA, chosen explicitly; the methods per
//! function come from the list in `functions`.

use logsigmoid_kernels::{Isa, Op, Supported};

use crate::element::Element;
use crate::error::{check_len, Error};

/// The kernels of one ISA, for every function and element type: for tests,
/// benchmarks, and pinning the ISA (the results do not depend on it: every
/// FMA kernel returns the same bits).
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
}

impl Kernels {
    /// The kernels of `isa`, or [`Error::Unsupported`] if this CPU (or this
    /// build's target) lacks it.
    pub fn new(isa: Isa) -> Result<Kernels, Error> {
        match Supported::new(isa) {
            Some(isa) => Ok(Kernels { isa }),
            None => Err(Error::Unsupported(isa)),
        }
    }

    /// The kernels of [`Isa::best()`], detected once per process.
    #[inline]
    pub fn best() -> Kernels {
        Kernels {
            isa: Supported::best(),
        }
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
        (self.isa.table::<T, O>().forward)(op, x, y);
        Ok(())
    }

    /// `x = f(x)`.
    #[inline]
    pub(crate) fn forward_in_place<O: Op, T: Element>(&self, op: O, x: &mut [T]) {
        (self.isa.table::<T, O>().forward_in_place)(op, x);
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
        (self.isa.table::<T, O>().backward)(op, x, dy, dx);
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
        (self.isa.table::<T, O>().backward_in_place)(op, x, dy);
        Ok(())
    }
}
