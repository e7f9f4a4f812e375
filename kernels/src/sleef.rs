//! SLEEF beside the kernels (cargo feature `sleef`, x86-64): PyTorch's CPU
//! method, SLEEF's u10 `exp` and `log1p` (`Sleef_expf8_u10avx2`,
//! `Sleef_log1pf16_u10avx512f`, ...) composed as PyTorch composes them,
//! for the benches and the CPU report to time next to every kernel. Not an
//! accuracy reference (PyTorch's f32 log-sigmoid is within 1.5 ULP).
//!
//! - log_sigmoid `min(x, 0) - log1p(exp(-|x|))`, softplus
//!   `max(x, 0) + log1p(exp(-|x|))`, sigmoid `1 / (1 + exp(-x))`, silu
//!   `x / (1 + exp(-x))`;
//! - backward: `dy / (1 + exp(x))`, `dy / (1 + exp(-x))`, `dy s (1 - s)`
//!   and `dy s (1 + x (1 - s))` with `s = 1 / (1 + exp(-x))`.
//!
//! The library is Debian's `libsleef-dev` (3.5); the build fails with a
//! message naming it where it is missing. The loops are in C
//! (`sleef/compositions.c`): SLEEF passes registers by value, which stable
//! Rust cannot do across FFI.

use crate::arch::x86::{Avx2, Avx512};

/// The functions of the family, as SLEEF compositions (the values are the
/// C loops' codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Composition {
    /// `min(x, 0) - log1p(exp(-|x|))`.
    LogSigmoid = 0,
    /// `max(x, 0) + log1p(exp(-|x|))`.
    Softplus = 1,
    /// `1 / (1 + exp(-x))`.
    Sigmoid = 2,
    /// `x / (1 + exp(-x))`.
    Silu = 3,
}

impl Composition {
    /// The composition of the function named `name` (`"log_sigmoid"`, ...).
    pub fn of(name: &str) -> Option<Composition> {
        Some(match name {
            "log_sigmoid" => Composition::LogSigmoid,
            "softplus" => Composition::Softplus,
            "sigmoid" => Composition::Sigmoid,
            "silu" => Composition::Silu,
            _ => return None,
        })
    }
}

// The loops are C (`sleef/compositions.c`, built by build.rs): SLEEF takes
// and returns vector registers by value, which Rust's FFI cannot pass yet
// on stable; these take slices as pointers. Each loop reads `n` elements of
// its inputs and writes `n` of its output.
extern "C" {
    fn logsigmoid_sleef_forward_avx2_f32(f: i32, x: *const f32, y: *mut f32, n: usize);
    fn logsigmoid_sleef_forward_avx2_f64(f: i32, x: *const f64, y: *mut f64, n: usize);
    fn logsigmoid_sleef_forward_avx512_f32(f: i32, x: *const f32, y: *mut f32, n: usize);
    fn logsigmoid_sleef_forward_avx512_f64(f: i32, x: *const f64, y: *mut f64, n: usize);
    fn logsigmoid_sleef_backward_avx2_f32(
        f: i32,
        x: *const f32,
        dy: *const f32,
        dx: *mut f32,
        n: usize,
    );
    fn logsigmoid_sleef_backward_avx2_f64(
        f: i32,
        x: *const f64,
        dy: *const f64,
        dx: *mut f64,
        n: usize,
    );
    fn logsigmoid_sleef_backward_avx512_f32(
        f: i32,
        x: *const f32,
        dy: *const f32,
        dx: *mut f32,
        n: usize,
    );
    fn logsigmoid_sleef_backward_avx512_f64(
        f: i32,
        x: *const f64,
        dy: *const f64,
        dx: *mut f64,
        n: usize,
    );
}

/// SLEEF's AVX2 or AVX-512 entry points, with the proof that the CPU has
/// them.
#[derive(Clone, Copy, Debug)]
pub enum Sleef {
    /// `Sleef_*f8_u10avx2`, `Sleef_*d4_u10avx2`.
    Avx2(Avx2),
    /// `Sleef_*f16_u10avx512f`, `Sleef_*d8_u10avx512f`.
    Avx512(Avx512),
}

impl Sleef {
    /// SLEEF's entry points of every ISA this CPU has, AVX2 first.
    pub fn supported() -> impl Iterator<Item = Sleef> {
        use crate::token::Token;
        [
            Avx2::try_new().map(Sleef::Avx2),
            Avx512::try_new().map(Sleef::Avx512),
        ]
        .into_iter()
        .flatten()
    }

    /// `"sleef-avx2"` or `"sleef-avx512"`.
    pub fn name(self) -> &'static str {
        match self {
            Sleef::Avx2(_) => "sleef-avx2",
            Sleef::Avx512(_) => "sleef-avx512",
        }
    }

    /// `y = f(x)` in f32 on `min(x.len(), y.len())` elements.
    pub fn forward_f32(self, f: Composition, x: &[f32], y: &mut [f32]) {
        let n = x.len().min(y.len());
        let (x, y, f) = (x.as_ptr(), y.as_mut_ptr(), f as i32);
        // SAFETY: the token in `self` proves the CPU has the loop's ISA; the
        // loop reads and writes n elements, which both slices hold.
        unsafe {
            match self {
                Sleef::Avx2(_) => logsigmoid_sleef_forward_avx2_f32(f, x, y, n),
                Sleef::Avx512(_) => logsigmoid_sleef_forward_avx512_f32(f, x, y, n),
            }
        }
    }

    /// `y = f(x)` in f64.
    pub fn forward_f64(self, f: Composition, x: &[f64], y: &mut [f64]) {
        let n = x.len().min(y.len());
        let (x, y, f) = (x.as_ptr(), y.as_mut_ptr(), f as i32);
        // SAFETY: as in `forward_f32`.
        unsafe {
            match self {
                Sleef::Avx2(_) => logsigmoid_sleef_forward_avx2_f64(f, x, y, n),
                Sleef::Avx512(_) => logsigmoid_sleef_forward_avx512_f64(f, x, y, n),
            }
        }
    }

    /// `dx = dy f'(x)` in f32 on the common length.
    pub fn backward_f32(self, f: Composition, x: &[f32], dy: &[f32], dx: &mut [f32]) {
        let n = x.len().min(dy.len()).min(dx.len());
        let (x, dy, dx, f) = (x.as_ptr(), dy.as_ptr(), dx.as_mut_ptr(), f as i32);
        // SAFETY: as in `forward_f32` (three slices of at least n).
        unsafe {
            match self {
                Sleef::Avx2(_) => logsigmoid_sleef_backward_avx2_f32(f, x, dy, dx, n),
                Sleef::Avx512(_) => logsigmoid_sleef_backward_avx512_f32(f, x, dy, dx, n),
            }
        }
    }

    /// `dx = dy f'(x)` in f64.
    pub fn backward_f64(self, f: Composition, x: &[f64], dy: &[f64], dx: &mut [f64]) {
        let n = x.len().min(dy.len()).min(dx.len());
        let (x, dy, dx, f) = (x.as_ptr(), dy.as_ptr(), dx.as_mut_ptr(), f as i32);
        // SAFETY: as in `backward_f32`.
        unsafe {
            match self {
                Sleef::Avx2(_) => logsigmoid_sleef_backward_avx2_f64(f, x, dy, dx, n),
                Sleef::Avx512(_) => logsigmoid_sleef_backward_avx512_f64(f, x, dy, dx, n),
            }
        }
    }
}
