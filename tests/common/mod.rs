//! Helpers shared by the integration tests.
#![allow(dead_code)]

use logsigmoid::{bf16, f16, Element, Isa, LogSigmoid};

/// Every ISA this CPU supports, forced through `LogSigmoid::new`.
pub fn kernels() -> Vec<LogSigmoid> {
    let all: Vec<_> = Isa::supported()
        .map(|isa| LogSigmoid::new(isa).unwrap())
        .collect();
    assert!(all.iter().any(|k| k.isa() == Isa::Portable));
    all
}

/// A test element type: conversions to and from bits and f64.
pub trait TestFloat: Element + Copy + PartialEq + core::fmt::Debug + Send + Sync {
    const NAME: &'static str;
    /// Lanes in the widest vector of any ISA (AVX-512).
    const WIDE_LANES: usize;
    fn from_bits_u64(b: u64) -> Self;
    fn to_bits_u64(self) -> u64;
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
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

impl TestFloat for f32 {
    const NAME: &'static str = "f32";
    const WIDE_LANES: usize = 16;
    fn from_bits_u64(b: u64) -> f32 {
        f32::from_bits(b as u32)
    }
    fn to_bits_u64(self) -> u64 {
        u64::from(self.to_bits())
    }
    fn from_f64(v: f64) -> f32 {
        v as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn max_value() -> f32 {
        f32::MAX
    }
    fn min_positive() -> f32 {
        f32::MIN_POSITIVE
    }
}

impl TestFloat for f64 {
    const NAME: &'static str = "f64";
    const WIDE_LANES: usize = 8;
    fn from_bits_u64(b: u64) -> f64 {
        f64::from_bits(b)
    }
    fn to_bits_u64(self) -> u64 {
        self.to_bits()
    }
    fn from_f64(v: f64) -> f64 {
        v
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn max_value() -> f64 {
        f64::MAX
    }
    fn min_positive() -> f64 {
        f64::MIN_POSITIVE
    }
}

impl TestFloat for f16 {
    const NAME: &'static str = "f16";
    const WIDE_LANES: usize = 16;
    fn from_bits_u64(b: u64) -> f16 {
        f16::from_bits(b as u16)
    }
    fn to_bits_u64(self) -> u64 {
        u64::from(self.to_bits())
    }
    fn from_f64(v: f64) -> f16 {
        f16::from_f64(v)
    }
    fn to_f64(self) -> f64 {
        f64::from(self.to_f32())
    }
    fn max_value() -> f16 {
        f16::MAX
    }
    fn min_positive() -> f16 {
        f16::MIN_POSITIVE
    }
}

impl TestFloat for bf16 {
    const NAME: &'static str = "bf16";
    const WIDE_LANES: usize = 16;
    fn from_bits_u64(b: u64) -> bf16 {
        bf16::from_bits(b as u16)
    }
    fn to_bits_u64(self) -> u64 {
        u64::from(self.to_bits())
    }
    fn from_f64(v: f64) -> bf16 {
        bf16::from_f64(v)
    }
    fn to_f64(self) -> f64 {
        f64::from(self.to_f32())
    }
    fn max_value() -> bf16 {
        bf16::MAX
    }
    fn min_positive() -> bf16 {
        bf16::MIN_POSITIVE
    }
}
