//! The naive loops a Rust user writes, and the element types' conversions:
//! shared by the criterion benches and the CPU report (`#[path]`-included).

use logsigmoid::{bf16, f16, Element};

/// An element type with its naive loops: `x.min(0.0) - (-x.abs()).exp().ln_1p()`
/// and `dy / (1.0 + x.exp())`, in the type's own precision (through f32 for
/// f16 and bf16, converting each element with `half`).
pub trait NaiveFloat: Element + Copy + Default {
    /// "f32", "f64", "f16" or "bf16".
    const NAME: &'static str;
    /// `v` rounded to the type.
    fn from_f64(v: f64) -> Self;
    /// The value with these bits (the low ones).
    fn from_bits_u64(b: u64) -> Self;
    /// `y[i] = log_sigmoid(x[i])`, naively.
    fn naive_forward(x: &[Self], y: &mut [Self]);
    /// `dx[i] = dy[i] / (1 + exp(x[i]))`, naively.
    fn naive_backward(x: &[Self], dy: &[Self], dx: &mut [Self]);
}

macro_rules! naive_float {
    ($t:ty, $name:expr, $from:expr, $bits:expr, $to:expr, $back:expr) => {
        impl NaiveFloat for $t {
            const NAME: &'static str = $name;
            fn from_f64(v: f64) -> $t {
                $from(v)
            }
            fn from_bits_u64(b: u64) -> $t {
                $bits(b)
            }
            fn naive_forward(x: &[$t], y: &mut [$t]) {
                for (y, &x) in y.iter_mut().zip(x) {
                    let x = $to(x);
                    *y = $back(x.min(0.0) - (-x.abs()).exp().ln_1p());
                }
            }
            fn naive_backward(x: &[$t], dy: &[$t], dx: &mut [$t]) {
                for ((dx, &dy), &x) in dx.iter_mut().zip(dy).zip(x) {
                    *dx = $back($to(dy) / (1.0 + $to(x).exp()));
                }
            }
        }
    };
}

naive_float!(
    f32,
    "f32",
    |v| v as f32,
    |b| f32::from_bits(b as u32),
    |v: f32| v,
    |v: f32| v
);
naive_float!(f64, "f64", |v| v, f64::from_bits, |v: f64| v, |v: f64| v);
naive_float!(
    f16,
    "f16",
    f16::from_f64,
    |b| f16::from_bits(b as u16),
    |v: f16| v.to_f32(),
    f16::from_f32
);
naive_float!(
    bf16,
    "bf16",
    bf16::from_f64,
    |b| bf16::from_bits(b as u16),
    |v: bf16| v.to_f32(),
    bf16::from_f32
);

/// Activations for timing: uniform in [-4, 4], from a fixed xorshift seed.
pub fn activations<T: NaiveFloat>(n: usize, seed: u64) -> Vec<T> {
    let mut s = seed | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            T::from_f64(((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 8.0)
        })
        .collect()
}
