//! The test data and helpers shared by the integration tests, the benches,
//! the CPU report and the fuzz target (they include this file by `#[path]`):
//! the element types' conversions and edges, the functions of the family
//! with their oracles and naive loops, the kernels of every ISA, and one
//! xorshift generator.
#![allow(dead_code)]

use logsigmoid::reference as oracle;
use logsigmoid::{bf16, f16, Element, Error, Isa, Kernels, Precision};

/// The precisions, Faithful first.
pub const PRECISIONS: [Precision; 2] = [Precision::Faithful, Precision::Fast];

/// Every ISA this CPU supports in precision `p`, forced through
/// `Kernels::new`, from Portable to the best.
pub fn kernels_in(p: Precision) -> Vec<Kernels> {
    let all: Vec<_> = Isa::supported()
        .map(|isa| Kernels::new(isa).unwrap().with_precision(p))
        .collect();
    assert!(all.iter().any(|k| k.isa() == Isa::Portable));
    all
}

/// Every ISA this CPU supports in every precision (all Faithful ones
/// first). `LOGSIGMOID_TEST_PRECISIONS=faithful` or `=fast` keeps one (CI
/// under qemu runs the suite in Faithful, then the Fast kernels' slices and
/// special values; `bit_identity` checks both itself); under Miri,
/// Faithful only (the slice loops are the same code for both).
pub fn kernels() -> Vec<Kernels> {
    let only = std::env::var("LOGSIGMOID_TEST_PRECISIONS").ok();
    PRECISIONS
        .into_iter()
        .filter(|&p| match (cfg!(miri), only.as_deref()) {
            (true, _) | (_, Some("faithful")) => p == Precision::Faithful,
            (_, Some("fast")) => p == Precision::Fast,
            _ => true,
        })
        .flat_map(kernels_in)
        .collect()
}

/// The kernels whose bits `k` must give, element by element: the first
/// supported ISA of its group (fused or not: see `Isa::is_fused`), in its
/// precision.
pub fn reference_kernels(k: &Kernels) -> Kernels {
    let fused = k.isa().is_fused();
    let isa = Isa::supported()
        .find(|isa| isa.is_fused() == fused)
        .unwrap_or(k.isa());
    Kernels::new(isa).unwrap().with_precision(k.precision())
}

/// A kernel set's name in messages: `avx2`, `avx2 fast`.
pub fn name(k: &Kernels) -> String {
    match k.precision() {
        Precision::Faithful => k.isa().name().to_owned(),
        _ => format!("{} fast", k.isa().name()),
    }
}

/// A kernel set's column name in the report, the benches and
/// `stack_spread`: the ISA, `-fast` for the Fast precision (`avx2-fast`).
pub fn label(k: &Kernels) -> String {
    match k.precision() {
        Precision::Faithful => k.isa().name().to_owned(),
        _ => format!("{}-fast", k.isa().name()),
    }
}

/// Every ISA this CPU supports in both precisions, all Faithful ones first
/// (unlike [`kernels`], whatever `LOGSIGMOID_TEST_PRECISIONS` says).
pub fn all_kernels() -> Vec<Kernels> {
    PRECISIONS.into_iter().flat_map(kernels_in).collect()
}

/// `f(part, parts)` for each of `parts` parts, each on its own thread (as
/// many as the machine has; one part on wasm32-wasip1, which has no
/// threads), the results in order.
pub fn parallel<R: Send>(f: impl Fn(usize, usize) -> R + Sync) -> Vec<R> {
    if cfg!(target_family = "wasm") {
        return vec![f(0, 1)];
    }
    let parts = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = (0..parts)
            .map(|part| s.spawn(move || f(part, parts)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// Marsaglia's xorshift64 (13, 7, 17): deterministic data everywhere.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut s = self.0;
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        self.0 = s;
        s
    }
    /// Uniform in [0, 1), 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The spec's bounds for `T` on `k`: forward 1 ULP (Fast: 1.5; halves
/// correctly rounded: 0.5), backward 2 ULP (Fast: 3; halves 1).
pub fn bounds<T: TestFloat>(k: &Kernels) -> (f64, f64) {
    match (T::ROUNDED, k.precision()) {
        (true, _) => (0.5, 1.0),
        (false, Precision::Faithful) => (1.0, 2.0),
        (false, _) => (1.5, 3.0),
    }
}

/// Activations for timing: uniform in [-4, 4], from a fixed seed.
pub fn activations<T: TestFloat>(n: usize, seed: u64) -> Vec<T> {
    let mut r = Rng(seed | 1);
    (0..n)
        .map(|_| T::from_f64((r.unit() - 0.5) * 8.0))
        .collect()
}

/// The functions of the family, as the tests see them: the kernels, the
/// oracle and the naive loop of each. Adding a function is one entry here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    LogSigmoid,
    Softplus,
    Sigmoid,
    Silu,
}

pub const FUNCTIONS: [Function; 4] = [
    Function::LogSigmoid,
    Function::Softplus,
    Function::Sigmoid,
    Function::Silu,
];

impl Function {
    pub fn name(self) -> &'static str {
        match self {
            Function::LogSigmoid => "log_sigmoid",
            Function::Softplus => "softplus",
            Function::Sigmoid => "sigmoid",
            Function::Silu => "silu",
        }
    }
    pub fn forward<T: Element>(self, k: &Kernels, x: &[T], y: &mut [T]) -> Result<(), Error> {
        match self {
            Function::LogSigmoid => k.log_sigmoid(x, y),
            Function::Softplus => k.softplus(x, y),
            Function::Sigmoid => k.sigmoid(x, y),
            Function::Silu => k.silu(x, y),
        }
    }
    pub fn forward_in_place<T: Element>(self, k: &Kernels, x: &mut [T]) {
        match self {
            Function::LogSigmoid => k.log_sigmoid_in_place(x),
            Function::Softplus => k.softplus_in_place(x),
            Function::Sigmoid => k.sigmoid_in_place(x),
            Function::Silu => k.silu_in_place(x),
        }
    }
    pub fn backward<T: Element>(
        self,
        k: &Kernels,
        x: &[T],
        dy: &[T],
        dx: &mut [T],
    ) -> Result<(), Error> {
        match self {
            Function::LogSigmoid => k.log_sigmoid_backward(x, dy, dx),
            Function::Softplus => k.softplus_backward(x, dy, dx),
            Function::Sigmoid => k.sigmoid_backward(x, dy, dx),
            Function::Silu => k.silu_backward(x, dy, dx),
        }
    }
    pub fn backward_in_place<T: Element>(
        self,
        k: &Kernels,
        x: &[T],
        dy: &mut [T],
    ) -> Result<(), Error> {
        match self {
            Function::LogSigmoid => k.log_sigmoid_backward_in_place(x, dy),
            Function::Softplus => k.softplus_backward_in_place(x, dy),
            Function::Sigmoid => k.sigmoid_backward_in_place(x, dy),
            Function::Silu => k.silu_backward_in_place(x, dy),
        }
    }
    /// The oracle, correctly rounded.
    pub fn reference<T: Element>(self, x: T) -> T {
        match self {
            Function::LogSigmoid => oracle::log_sigmoid(x),
            Function::Softplus => oracle::softplus(x),
            Function::Sigmoid => oracle::sigmoid(x),
            Function::Silu => oracle::silu(x),
        }
    }
    /// The oracle's gradient, correctly rounded.
    pub fn reference_backward<T: Element>(self, x: T, dy: T) -> T {
        match self {
            Function::LogSigmoid => oracle::log_sigmoid_backward(x, dy),
            Function::Softplus => oracle::softplus_backward(x, dy),
            Function::Sigmoid => oracle::sigmoid_backward(x, dy),
            Function::Silu => oracle::silu_backward(x, dy),
        }
    }
    /// The unrounded oracle.
    pub fn wide(self, x: f64) -> oracle::Wide {
        match self {
            Function::LogSigmoid => oracle::log_sigmoid_wide(x),
            Function::Softplus => oracle::softplus_wide(x),
            Function::Sigmoid => oracle::sigmoid_wide(x),
            Function::Silu => oracle::silu_wide(x),
        }
    }
    pub fn ulp_error<T: Element>(self, x: T, y: T) -> f64 {
        match self {
            Function::LogSigmoid => oracle::log_sigmoid_ulp_error(x, y),
            Function::Softplus => oracle::softplus_ulp_error(x, y),
            Function::Sigmoid => oracle::sigmoid_ulp_error(x, y),
            Function::Silu => oracle::silu_ulp_error(x, y),
        }
    }
    /// Near the zero of silu' (`x0 = -1.2785`, within 0.05), where its
    /// relative error is unbounded, the error of `dx` in ULPs of
    /// `dy sigmoid(x)` (the stated bound there: 1/128); `None` elsewhere and
    /// for the other functions.
    pub fn near_zero_error<T: TestFloat>(self, x: T, dy: T, dx: T) -> Option<f64> {
        const X0: f64 = -1.278_464_542_761_073_7;
        let (xf, dyf) = (x.to_f64(), dy.to_f64());
        if self != Function::Silu || (xf - X0).abs() >= 0.05 || !dyf.is_finite() {
            return None;
        }
        let (digits, emin) = match T::NAME {
            "f64" => (53, -1022),
            "f16" => (11, -14),
            "bf16" => (8, -126),
            _ => (24, -126),
        };
        let ulp = |v: f64| 2f64.powi((v.abs().log2().floor() as i32).max(emin) - (digits - 1));
        let want = oracle::silu_backward_wide(xf, dyf).to_f64();
        let scale = dyf * oracle::sigmoid_wide(xf).to_f64();
        Some((dx.to_f64() - want).abs() / ulp(scale))
    }

    pub fn backward_ulp_error<T: Element>(self, x: T, dy: T, dx: T) -> f64 {
        match self {
            Function::LogSigmoid => oracle::log_sigmoid_backward_ulp_error(x, dy, dx),
            Function::Softplus => oracle::softplus_backward_ulp_error(x, dy, dx),
            Function::Sigmoid => oracle::sigmoid_backward_ulp_error(x, dy, dx),
            Function::Silu => oracle::silu_backward_ulp_error(x, dy, dx),
        }
    }
    /// The loop a Rust user writes, in `f64` or `f32` (the type's own, or
    /// f32 for the halves).
    pub fn naive<F: NaiveMath>(self, x: F) -> F {
        match self {
            Function::LogSigmoid => x.min_zero() - x.neg_abs().exp_().ln_1p_(),
            Function::Softplus => x.max_zero() + x.neg_abs().exp_().ln_1p_(),
            Function::Sigmoid => F::ONE / (F::ONE + (-x).exp_()),
            Function::Silu => x / (F::ONE + (-x).exp_()),
        }
    }
    /// The naive gradient: `dy / (1 + exp(x))`, `dy / (1 + exp(-x))`, and
    /// from `s = 1 / (1 + exp(-x))`: `dy s (1 - s)`, `dy s (1 + x (1 - s))`.
    pub fn naive_backward<F: NaiveMath>(self, x: F, dy: F) -> F {
        match self {
            Function::LogSigmoid => dy / (F::ONE + x.exp_()),
            Function::Softplus => dy / (F::ONE + (-x).exp_()),
            Function::Sigmoid => {
                let s = F::ONE / (F::ONE + (-x).exp_());
                dy * s * (F::ONE - s)
            }
            Function::Silu => {
                let s = F::ONE / (F::ONE + (-x).exp_());
                dy * s * (F::ONE + x * (F::ONE - s))
            }
        }
    }
    /// The naive loops, as written in the README.
    pub fn naive_formula(self) -> &'static str {
        match self {
            Function::LogSigmoid => "x.min(0.0) - (-x.abs()).exp().ln_1p()",
            Function::Softplus => "x.max(0.0) + (-x.abs()).exp().ln_1p()",
            Function::Sigmoid => "1.0 / (1.0 + (-x).exp())",
            Function::Silu => "x / (1.0 + (-x).exp())",
        }
    }
}

/// `f32` and `f64` as the naive loops use them.
pub trait NaiveMath:
    Copy
    + core::ops::Add<Output = Self>
    + core::ops::Sub<Output = Self>
    + core::ops::Mul<Output = Self>
    + core::ops::Div<Output = Self>
    + core::ops::Neg<Output = Self>
{
    const ONE: Self;
    fn min_zero(self) -> Self;
    fn max_zero(self) -> Self;
    fn neg_abs(self) -> Self;
    fn exp_(self) -> Self;
    fn ln_1p_(self) -> Self;
}

macro_rules! naive_math {
    ($t:ty) => {
        impl NaiveMath for $t {
            const ONE: $t = 1.0;
            #[inline(always)]
            fn min_zero(self) -> $t {
                self.min(0.0)
            }
            #[inline(always)]
            fn max_zero(self) -> $t {
                self.max(0.0)
            }
            #[inline(always)]
            fn neg_abs(self) -> $t {
                -self.abs()
            }
            #[inline(always)]
            fn exp_(self) -> $t {
                self.exp()
            }
            #[inline(always)]
            fn ln_1p_(self) -> $t {
                self.ln_1p()
            }
        }
    };
}
naive_math!(f32);
naive_math!(f64);

/// An element type as the tests, benches and report use it.
pub trait TestFloat: Element + Copy + PartialEq + Default + core::fmt::Debug + Send + Sync {
    const NAME: &'static str;
    /// Lanes in the widest vector of any ISA (AVX-512).
    const WIDE_LANES: usize;
    /// Whether results are correctly rounded (the half types).
    const ROUNDED: bool;
    fn from_bits_u64(b: u64) -> Self;
    fn to_bits_u64(self) -> u64;
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    /// `y[i] = f(x[i])` by the naive loop (through f32 for the halves).
    fn naive_forward(f: Function, x: &[Self], y: &mut [Self]);
    /// `dx[i] = dy[i] f'(x[i])` by the naive loop.
    fn naive_backward(f: Function, x: &[Self], dy: &[Self], dx: &mut [Self]);
    fn is_nan(self) -> bool {
        self.to_f64().is_nan()
    }
    /// Bit-equal, or both NaN.
    fn same(self, o: Self) -> bool {
        self.to_bits_u64() == o.to_bits_u64() || (self.is_nan() && o.is_nan())
    }
    /// Special and boundary inputs.
    fn edges() -> Vec<Self> {
        let mut v: Vec<Self> = [
            0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 0.25, -0.25, 17.0, -17.0, 16.0, 30.0, 36.0,
            40.0, 87.0, 88.0, 88.7, 89.0, 100.0, 103.0, 103.28, 103.5, 103.9, 103.97, 103.98,
            104.0, 104.5, 200.0, 700.0, 744.0, 745.0, 745.2, 746.0, 800.0, -87.0, -104.0, -745.0,
            -746.0, -1023.0, -1024.0, -1025.0, 1e-8, -1e-8, 1e-30, -1e-30, 1e10, -1e10, 1e30,
            -1e30, 65504.0, -65504.0, 0.693, -0.693, 0.3466, -0.3466, 0.347, -0.347, 1.0397,
            -1.0397,
        ]
        .iter()
        .map(|&x| Self::from_f64(x))
        .collect();
        for b in [
            Self::from_f64(f64::INFINITY),
            Self::from_f64(f64::NEG_INFINITY),
            Self::from_f64(f64::NAN),
            Self::from_f64(-f64::NAN),
            Self::from_bits_u64(1),
            Self::from_bits_u64(Self::from_f64(-0.0).to_bits_u64() | 1),
            Self::max_value(),
            Self::from_f64(-Self::max_value().to_f64()),
            Self::min_positive(),
            Self::from_f64(-Self::min_positive().to_f64()),
        ] {
            v.push(b);
        }
        v
    }
    fn max_value() -> Self;
    fn min_positive() -> Self;
}

macro_rules! test_float {
    ($t:ty, $name:literal, $wide:literal, $rounded:literal, $bits:ty, $from_f64:expr,
     $to_f64:expr, $compute:ty, $to:expr, $back:expr) => {
        impl TestFloat for $t {
            const NAME: &'static str = $name;
            const WIDE_LANES: usize = $wide;
            const ROUNDED: bool = $rounded;
            fn from_bits_u64(b: u64) -> $t {
                <$t>::from_bits(b as $bits)
            }
            fn to_bits_u64(self) -> u64 {
                self.to_bits() as u64
            }
            fn from_f64(v: f64) -> $t {
                $from_f64(v)
            }
            fn to_f64(self) -> f64 {
                $to_f64(self)
            }
            fn naive_forward(f: Function, x: &[$t], y: &mut [$t]) {
                for (y, &x) in y.iter_mut().zip(x) {
                    *y = $back(f.naive::<$compute>($to(x)));
                }
            }
            fn naive_backward(f: Function, x: &[$t], dy: &[$t], dx: &mut [$t]) {
                for ((dx, &dy), &x) in dx.iter_mut().zip(dy).zip(x) {
                    *dx = $back(f.naive_backward::<$compute>($to(x), $to(dy)));
                }
            }
            fn max_value() -> $t {
                <$t>::MAX
            }
            fn min_positive() -> $t {
                <$t>::MIN_POSITIVE
            }
        }
    };
}

test_float!(
    f32,
    "f32",
    16,
    false,
    u32,
    |v| v as f32,
    f64::from,
    f32,
    |v| v,
    |v| v
);
test_float!(f64, "f64", 8, false, u64, |v| v, |v| v, f64, |v| v, |v| v);
test_float!(
    f16,
    "f16",
    16,
    true,
    u16,
    f16::from_f64,
    |v: f16| f64::from(v.to_f32()),
    f32,
    |v: f16| v.to_f32(),
    f16::from_f32
);
test_float!(
    bf16,
    "bf16",
    16,
    true,
    u16,
    bf16::from_f64,
    |v: bf16| f64::from(v.to_f32()),
    f32,
    |v: bf16| v.to_f32(),
    bf16::from_f32
);
