//! Double-double arithmetic: a value is `hi + lo` with `|lo| <= ulp(hi) / 2`,
//! about 106 bits. Only what the oracle needs, written for clarity.

/// `a * b + c` with one rounding (exact on every CPU: the hardware
/// instruction or a correctly rounded software FMA).
#[inline]
fn fma(a: f64, b: f64, c: f64) -> f64 {
    #[cfg(feature = "std")]
    {
        a.mul_add(b, c)
    }
    #[cfg(not(feature = "std"))]
    {
        libm::fma(a, b, c)
    }
}

/// A double-double number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Dd {
    pub hi: f64,
    pub lo: f64,
}

impl Dd {
    pub const fn new(hi: f64) -> Dd {
        Dd { hi, lo: 0.0 }
    }

    /// `a + b` exactly, as a double-double (Knuth's TwoSum).
    pub fn two_sum(a: f64, b: f64) -> Dd {
        let s = a + b;
        let bb = s - a;
        let e = (a - (s - bb)) + (b - bb);
        Dd { hi: s, lo: e }
    }

    fn fast_two_sum(a: f64, b: f64) -> Dd {
        let s = a + b;
        Dd {
            hi: s,
            lo: b - (s - a),
        }
    }

    /// `a * b` exactly (FMA).
    pub fn two_prod(a: f64, b: f64) -> Dd {
        let p = a * b;
        Dd {
            hi: p,
            lo: fma(a, b, -p),
        }
    }

    pub fn add(self, o: Dd) -> Dd {
        let s = Dd::two_sum(self.hi, o.hi);
        let t = Dd::two_sum(self.lo, o.lo);
        let s = Dd::fast_two_sum(s.hi, s.lo + t.hi);
        Dd::fast_two_sum(s.hi, s.lo + t.lo)
    }

    pub fn neg(self) -> Dd {
        Dd {
            hi: -self.hi,
            lo: -self.lo,
        }
    }

    pub fn sub(self, o: Dd) -> Dd {
        self.add(o.neg())
    }

    pub fn mul(self, o: Dd) -> Dd {
        let p = Dd::two_prod(self.hi, o.hi);
        let lo = p.lo + (self.hi * o.lo + self.lo * o.hi);
        Dd::fast_two_sum(p.hi, lo)
    }

    pub fn mul_f64(self, o: f64) -> Dd {
        let p = Dd::two_prod(self.hi, o);
        Dd::fast_two_sum(p.hi, p.lo + self.lo * o)
    }

    pub fn div(self, o: Dd) -> Dd {
        let q1 = self.hi / o.hi;
        let r = self.sub(o.mul(Dd::new(q1)));
        let q2 = r.hi / o.hi;
        let r = r.sub(o.mul(Dd::new(q2)));
        let q3 = r.hi / o.hi;
        Dd::fast_two_sum(q1, q2).add(Dd::new(q3))
    }

    /// Multiplication by `2^k`, exact while the result stays normal.
    pub fn ldexp(self, k: i32) -> Dd {
        Dd {
            hi: ldexp(self.hi, k),
            lo: ldexp(self.lo, k),
        }
    }
}

/// `v * 2^k`, rounded once.
pub(crate) fn ldexp(v: f64, k: i32) -> f64 {
    libm::scalbn(v, k)
}

/// ln 2 as a triple word (hi + mid + lo, 159 bits).
const LN2_HI: f64 = core::f64::consts::LN_2;
const LN2_MID: f64 = 2.319_046_813_846_299_6e-17;
const LN2_LO: f64 = 5.707_708_438_416_212e-34;

/// `exp(z)` for a double-double `z` in `[-2000, 0]`, as `(m, n)` with value `m * 2^n`,
/// `m` in `[0.5, 2)`: the power of two is kept apart so that results far
/// below the subnormals keep their full precision.
pub(crate) fn exp_scaled(z: Dd) -> (Dd, i32) {
    let n = libm::round(z.hi / LN2_HI);
    // r = z - n ln2, with ln2 to 159 bits.
    let r = z
        .sub(Dd::two_prod(n, LN2_HI))
        .sub(Dd::two_prod(n, LN2_MID))
        .sub(Dd::new(n * LN2_LO));
    // Taylor series on |r| <= 0.35: the 28th term is below 2^-112.
    let mut term = Dd::new(1.0);
    let mut sum = Dd::new(1.0);
    for k in 1..32 {
        term = term.mul(r).div(Dd::new(f64::from(k)));
        sum = sum.add(term);
        if term.hi.abs() < 1e-36 {
            break;
        }
    }
    (sum, n as i32)
}

/// `log1p(t)` for a double-double `t` in `[0, 1]` (to about 2^-104
/// relative), by `2 atanh(t / (2 + t))`.
pub(crate) fn log1p(t: Dd) -> Dd {
    let s = t.div(Dd::new(2.0).add(t));
    let w = s.mul(s);
    let mut pow = s;
    let mut sum = s;
    let mut k = 1.0;
    loop {
        pow = pow.mul(w);
        k += 2.0;
        let term = pow.div(Dd::new(k));
        sum = sum.add(term);
        if term.hi.abs() <= sum.hi.abs() * 1e-34 || term.hi == 0.0 {
            break;
        }
    }
    sum.mul_f64(2.0)
}
