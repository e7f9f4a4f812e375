//! The crate's error type.

use core::fmt;

use crate::Isa;

/// Why a call did not run. Nothing has been written when it is returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A slice's length differs from the input's.
    LengthMismatch {
        /// The name of the argument whose length is wrong (`"y"`, `"dy"` or `"dx"`).
        argument: &'static str,
        /// The input's length (`x.len()`).
        expected: usize,
        /// The argument's length.
        found: usize,
    },
    /// The CPU (or this build's target) does not support the ISA.
    Unsupported(Isa),
    /// A function's parameter is out of its domain (softplus's `beta` not a
    /// positive normal number, or a NaN `threshold`).
    InvalidParameter {
        /// The parameter's name.
        name: &'static str,
        /// What it must be.
        must_be: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::LengthMismatch {
                argument,
                expected,
                found,
            } => write!(
                f,
                "length mismatch: x has {expected} elements but {argument} has {found}"
            ),
            Error::InvalidParameter { name, must_be } => {
                write!(f, "invalid parameter: {name} must be {must_be}")
            }
            Error::Unsupported(isa) => {
                write!(
                    f,
                    "the {} kernels are not supported on this CPU",
                    isa.name()
                )
            }
        }
    }
}

impl core::error::Error for Error {}

/// `Ok` if `found == expected`, else the mismatch error for `argument`.
pub(crate) fn check_len(
    argument: &'static str,
    expected: usize,
    found: usize,
) -> Result<(), Error> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            argument,
            expected,
            found,
        })
    }
}
