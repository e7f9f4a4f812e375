//! The lane operations every kernel is written in.
//!
//! The algorithm in [`crate::math`] is generic over [`Lanes`]: one
//! implementation per ISA (a scalar lane for the portable kernel, `__m256`,
//! `__m512`, `float32x4_t`, ...). Every operation is specified down to the bit
//! (IEEE round-to-nearest-even, a single rounding for `mul_add`, the NaN and
//! signed-zero behaviour of `min`/`max`), so that every ISA computes the same
//! bits.

/// A scalar floating-point type the kernels compute in (`f32`, `f64`), with
/// the algorithm's constants for that precision and its scalar FMA.
pub trait Real: Copy + 'static {
    /// `self * b + c` with one rounding: the FMA instruction where the target
    /// has one (or `std`'s `mul_add`), else `libm`'s correctly rounded
    /// software FMA. The scalar lanes (the portable kernel, the halves' exact
    /// fallback) compute with it.
    fn fma(self, b: Self, c: Self) -> Self;
    /// `a` for f32, `b` for f64: an operation's parameters in this precision.
    fn choose(a: f32, b: f64) -> Self;
    /// The Faithful log-sigmoid in this precision: `math::faithful` for
    /// f32 (the FMA kernels; without FMA f32 runs in f64 lanes), the
    /// generic `math::log_sigmoid` for f64 (and for the halves' exact
    /// fallback).
    fn log_sigmoid_faithful<V: Lanes<Real = Self>>(x: V) -> V;
    /// The Faithful sigmoid: `math::faithful` for f32 on the FMA kernels,
    /// `math::logistic` otherwise.
    fn sigmoid_faithful<V: Lanes<Real = Self>>(x: V) -> V;
    /// The Faithful SiLU: `math::faithful` for f32 on the FMA kernels,
    /// `math::logistic` otherwise.
    fn silu_faithful<V: Lanes<Real = Self>>(x: V) -> V;
    /// The Fast tier's log-sigmoid in this precision: `math::fast` for f32;
    /// f64 runs the faithful algorithm (within 1 ULP, and faster there than
    /// a division-free one: f64's `log1p` polynomial needs degree 20).
    fn log_sigmoid_fast<V: Lanes<Real = Self>>(x: V) -> V;
    /// The Fast tier's log-sigmoid gradient: `math::fast` for f32; f64
    /// runs the half types' single-word gradient in f64 (`math::half`),
    /// or without FMA the faithful one.
    fn log_sigmoid_backward_fast<V: Lanes<Real = Self>>(x: V, dy: V) -> V;
    /// The Fast tier's sigmoid: `math::fast` for f32, the faithful one for f64.
    fn sigmoid_fast<V: Lanes<Real = Self>>(x: V) -> V;
    /// The Fast tier's SiLU: `math::fast` for f32, the faithful one for f64.
    fn silu_fast<V: Lanes<Real = Self>>(x: V) -> V;
    /// `1.5 * 2^M + bias + 64`: adding it rounds to an integer `n` and leaves
    /// the biased exponent of `2^(n + 64)` in the low bits (see `pow2_bias`).
    const MAGIC: Self;
    /// `1.5 * 2^M`: adding it to a small non-negative number rounds it to an
    /// integer `i` and leaves `i` in the low bits (see `Lanes::lookup8`).
    const MAGIC_INDEX: Self;
    /// `log2(e)`, rounded.
    const LOG2E: Self;
    /// `-ln 2` rounded to this precision: `n * NEG_LN2_HI` is exact inside an FMA.
    const NEG_LN2_HI: Self;
    /// `-(ln 2 + NEG_LN2_HI)`, rounded: the reduced argument is `r + n * NEG_LN2_LO`.
    const NEG_LN2_LO: Self;
    /// `NEG_LN2_HI = NEG_LN2_HI_A + NEG_LN2_HI_B` exactly, each short enough
    /// that `n` times it is exact for every `n` of the reductions (`|n| <
    /// 2^9` in f32, `2^12` in f64): the reduction without FMA.
    const NEG_LN2_HI_A: Self;
    /// See `NEG_LN2_HI_A`.
    const NEG_LN2_HI_B: Self;
    /// The clamp on `-|x|`: below it `exp(-|x|)` is less than half the
    /// smallest subnormal, so the result is the same.
    const Z_MIN: Self;
    /// The backward clamp on `-|x|`: below it `dy exp(-|x|)` is less than half
    /// the smallest subnormal for every finite `dy`.
    const Z_MIN_BACKWARD: Self;
    /// SiLU's clamp on `x`: below it `|x| exp(-|x|)` is less than half the
    /// smallest subnormal (and `2^(n + 64)` is in the magic-bias range).
    const SILU_Z_MIN: Self;
    /// SiLU's backward clamp on `-|x|`: below it `dy |x| exp(-|x|)` is less
    /// than half the smallest subnormal for every finite `dy`.
    const SILU_Z_MIN_BACKWARD: Self;
    /// SiLU's backward clamp on `x` in `1 + t + x` (below
    /// `SILU_Z_MIN_BACKWARD`, so that the result is unchanged).
    const SILU_X_CLAMP: Self;
    /// Above this `x`, `silu'(x)` and its power of two are normal (see
    /// `math::logistic::silu_backward`).
    const SILU_X_SCALED: Self;
    /// 12
    const TWELVE: Self;
    /// `2^-12`
    const POW2_M12: Self;
    /// Below this, `log_sigmoid(x) = x` exactly (and `x = -inf` stays `-inf`).
    const NEG_CUTOFF: Self;
    /// `2^-64`: undoes the `+ 64` of `MAGIC` with one rounding.
    const POW2_M64: Self;
    /// `P` in `exp(r) - 1 = r + r^2 P(r)`, `|r| <= ln2/2`; lowest degree first.
    const EXPM1: &'static [Self];
    /// `A` in `2 atanh(q/2) = q + q u A(u)`, `u = q^2`, `q <= 2/3`; lowest degree first.
    const ATANH: &'static [Self];
    /// `e^r` as one polynomial in `r`, `|r| <= ln2/2`, single word (the
    /// coarse algorithms: the half types' and the Fast tier's gradients);
    /// lowest degree first.
    const EXP_COARSE: &'static [Self];
    /// `2^s + 1` for Veltkamp's split (`s` = 12 in f32, 27 in f64).
    const SPLIT: Self;
    /// The largest finite value.
    const MAX: Self;
    /// 0
    const ZERO: Self;
    /// 0.25
    const QUARTER: Self;
    /// -0.0
    const NEG_ZERO: Self;
    /// -2
    const NEG_TWO: Self;
    /// 0.5
    const HALF: Self;
    /// 1
    const ONE: Self;
    /// -1
    const NEG_ONE: Self;
    /// 2
    const TWO: Self;
}

/// A vector of `Real` lanes (or a single lane) and the operations on it.
///
/// Implementations must give each method exactly the semantics documented,
/// lane by lane, for every input including NaN, infinities, zeros and
/// subnormals (with the default floating-point environment).
pub trait Lanes: Copy {
    /// The lane type.
    type Real: Real;
    /// A lane mask, as produced by the comparisons.
    type Mask: Copy;
    /// Whether `mul_add` and `neg_mul_add` round once (an FMA instruction):
    /// true on AVX2, AVX-512 and NEON, and on the portable kernel where the
    /// target has an FMA; false on wasm32 and x86-64 without FMA, where the
    /// algorithms' exact products come from [`two_product`](Lanes::two_product).
    const FUSED: bool;

    /// A register like `self` (same ISA, same proof that the CPU has it)
    /// with every lane set to `v`.
    fn splat(self, v: Self::Real) -> Self;
    /// `a + b`, rounded once.
    fn add(self, b: Self) -> Self;
    /// `a - b`, rounded once.
    fn sub(self, b: Self) -> Self;
    /// `a * b`, rounded once.
    fn mul(self, b: Self) -> Self;
    /// `a / b`, rounded once (a true IEEE division).
    fn div(self, b: Self) -> Self;
    /// `a * b + c`: rounded once where [`FUSED`](Lanes::FUSED) (FMA), else
    /// the product and the sum rounded in turn. The algorithms use it where
    /// either is accurate enough (polynomials, corrections far below the
    /// result); where the product must be exact they use
    /// [`mul_add_exact`](Lanes::mul_add_exact) and
    /// [`neg_mul_add_exact`](Lanes::neg_mul_add_exact).
    fn mul_add(self, b: Self, c: Self) -> Self;
    /// `c - a * b`: rounded once where `FUSED` (FNMA), else in two roundings.
    fn neg_mul_add(self, b: Self, c: Self) -> Self;
    /// `-|a|`: the sign bit set (NaN stays NaN).
    fn neg_abs(self) -> Self;
    /// `a < b ? a : b` (x86 `minps` semantics: if either is NaN, `b`).
    fn min(self, b: Self) -> Self;
    /// `a > b ? a : b` (x86 `maxps` semantics: if either is NaN, `b`).
    fn max(self, b: Self) -> Self;
    /// `a < b` (false if either is NaN).
    fn lt(self, b: Self) -> Self::Mask;
    /// `m ? a : b`, lane by lane.
    fn select(m: Self::Mask, a: Self, b: Self) -> Self;
    /// The bits of `self` shifted left by the mantissa width (23 or 52),
    /// reinterpreted as floats: with `self = MAGIC + n` this is `2^(n + 64)`.
    fn pow2_bias(self) -> Self;
    /// Whether every lane of `m` is set (`self` carries the ISA's proof).
    fn all(self, m: Self::Mask) -> bool;
    /// Whether any lane of `m` is set.
    fn any(self, m: Self::Mask) -> bool;

    /// `table[i]` in each lane, for `self = MAGIC_INDEX + i`, `i` in `0..8`
    /// (an integer-valued float: `i` is in the low bits). The default is the
    /// composition by comparisons and selects; an ISA overrides it with its
    /// permute (`vpermps`, `tbl`), which gives the same values.
    #[inline(always)]
    fn lookup8(self, table: &[Self::Real; 8]) -> Self {
        let i = self.sub(self.splat(Self::Real::MAGIC_INDEX));
        let mut v = self.splat(table[7]);
        let mut j = 7;
        while j > 0 {
            j -= 1;
            let bound = Self::Real::choose(j as f32 + 0.5, j as f64 + 0.5);
            v = Self::select(i.lt(self.splat(bound)), self.splat(table[j]), v);
        }
        v
    }

    /// `m ? set[i] : clear[i]` in each lane, for `self = MAGIC_INDEX + i` as
    /// in [`lookup8`](Lanes::lookup8): a coefficient that depends on the
    /// interval and on a condition (the sign of `x`): two lookups and a
    /// select; AVX-512 overrides it with one `vpermps` over the 16 entries.
    #[inline(always)]
    fn lookup8_select(self, m: Self::Mask, set: &[Self::Real; 8], clear: &[Self::Real; 8]) -> Self {
        Self::select(m, self.lookup8(set), self.lookup8(clear))
    }

    // Composite operations: the default is the composition written out; an
    // ISA may override one with an instruction that gives the same bits
    // (AVX-512: `vscalefps`, masked operations).

    /// The high part of `a`'s significand (12 of f32's 24 bits, 26 of
    /// f64's 53), for Dekker's product: `a - split_high(a)` is exact. The
    /// default is Veltkamp's split, `c - (c - a)` with `c = (2^s + 1) a`
    /// (finite for `|a| < MAX / 2^s`); the ISAs without FMA override it by
    /// clearing the low bits, which cannot overflow.
    #[inline(always)]
    fn split_high(self) -> Self {
        let c = self.mul(self.splat(Self::Real::SPLIT));
        c.sub(c.sub(self))
    }
    /// `a * b = p + e` with `p` rounded, for finite `a`, `b` and `p`: `e =
    /// fma(a, b, -p)` where `FUSED`, else Dekker's product of the splits
    /// (exact in f32; in f64 the low parts' product is rounded, `|e|`
    /// within `2^-104 |a b|` of the exact error). Exact unless `a b`
    /// underflows; NaN where it overflows without FMA.
    #[inline(always)]
    fn two_product(self, b: Self) -> (Self, Self) {
        let p = self.mul(b);
        if Self::FUSED {
            return (p, self.mul_add(b, p.neg()));
        }
        let (a_h, b_h) = (self.split_high(), b.split_high());
        let (a_l, b_l) = (self.sub(a_h), b.sub(b_h));
        let e = a_h
            .mul(b_h)
            .sub(p)
            .add(a_h.mul(b_l))
            .add(a_l.mul(b_h))
            .add(a_l.mul(b_l));
        (p, e)
    }
    /// `a * b + c` with the product taken exactly, for a sum dominated by
    /// the product (a result's last rounding): one FMA where `FUSED`, else
    /// `p + (e + c)` with `p + e = a b` ([`two_product`](Lanes::two_product)),
    /// the sum `e + c` rounded once more far below the result's ULP (NaN
    /// where `a b` overflows without FMA: see `two_product`).
    #[inline(always)]
    fn mul_add_exact(self, b: Self, c: Self) -> Self {
        if Self::FUSED {
            return self.mul_add(b, c);
        }
        let (p, e) = self.two_product(b);
        p.add(e.add(c))
    }
    /// `c - a * b` with the product taken exactly, for a residual (`c`
    /// close to `a b`): one FNMA where `FUSED`, else `(c - p) - e`, where
    /// `c - p` is exact wherever `c` and `p` are within a factor 2.
    #[inline(always)]
    fn neg_mul_add_exact(self, b: Self, c: Self) -> Self {
        if Self::FUSED {
            return self.neg_mul_add(b, c);
        }
        let (p, e) = self.two_product(b);
        c.sub(p).sub(e)
    }

    /// `-a`, exactly (`a * -1`; NaN stays NaN).
    #[inline(always)]
    fn neg(self) -> Self {
        self.mul(self.splat(Self::Real::NEG_ONE))
    }
    /// `a 2^n` rounded once (into the subnormals too), for an integer `n`
    /// (as a float) with `scale_up = 2^(n + 64)` (see `pow2_bias`):
    /// `(a 2^(n+64)) 2^-64`, whose first product is exact.
    #[inline(always)]
    fn scale_pow2(self, n: Self, scale_up: Self) -> Self {
        let _ = n;
        self.mul(scale_up).mul(self.splat(Self::Real::POW2_M64))
    }
    /// `a * pow2_n` with `pow2_n = 2^n` rounded, for an integer `n`: `a 2^n`
    /// rounded once while `2^n` is representable (`n >= -149` in f32,
    /// `-1074` in f64). Below that `pow2_n` is 0 and an override may return
    /// `a 2^n` rounded once instead: the algorithm uses this product only
    /// where both give the same final result (see `math`).
    #[inline(always)]
    fn mul_pow2(self, n: Self, pow2_n: Self) -> Self {
        let _ = n;
        self.mul(pow2_n)
    }
    /// `m ? a.mul_pow2(n, pow2_n) : other`.
    #[inline(always)]
    fn mul_pow2_or(self, n: Self, pow2_n: Self, m: Self::Mask, other: Self) -> Self {
        Self::select(m, self.mul_pow2(n, pow2_n), other)
    }
}

/// Horner's scheme, `c[0] + x (c[1] + x (c[2] + ...))`, one FMA per step.
#[inline(always)]
pub(crate) fn horner<V: Lanes>(x: V, c: &[V::Real]) -> V {
    let mut acc = x.splat(c[c.len() - 1]);
    let mut i = c.len() - 1;
    while i > 0 {
        i -= 1;
        acc = acc.mul_add(x, x.splat(c[i]));
    }
    acc
}

/// `Lanes` for a SIMD register `$ty { v: raw, t: token }`, from one safe
/// method of the token per operation (see `token::token_intrinsics`), each
/// with the semantics documented on [`Lanes`] (`mul_add(a, b, c) = a*b + c`,
/// `neg_mul_add(a, b, c) = c - a*b`, `select(m, a, b) = m ? a : b`, ...).
/// Every ISA's lane types come from this one impl, so they cannot drift
/// apart. `overrides { .. }` replaces default (composite) methods with the
/// ISA's own instructions.
// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(unused_macros)]
macro_rules! simd_lanes {
    ($ty:ident, $real:ty, $mask:ty, fused: $fused:expr, {
        splat: $splat:ident, add: $add:ident, sub: $sub:ident, mul: $mul:ident, div: $div:ident,
        mul_add: $mul_add:ident, neg_mul_add: $neg_mul_add:ident, neg_abs: $neg_abs:ident,
        min: $min:ident, max: $max:ident, lt: $lt:ident, select: $select:ident,
        pow2_bias: $pow2_bias:ident, all: $all:ident, any: $any:ident $(,)?
    } $(, overrides { $($over:item)* })?) => {
        impl $crate::lanes::Lanes for $ty {
            type Real = $real;
            type Mask = $mask;
            const FUSED: bool = $fused;
            #[inline(always)]
            fn splat(self, v: $real) -> Self {
                $ty { v: self.t.$splat(v), t: self.t }
            }
            #[inline(always)]
            fn add(self, b: Self) -> Self {
                $ty { v: self.t.$add(self.v, b.v), t: self.t }
            }
            #[inline(always)]
            fn sub(self, b: Self) -> Self {
                $ty { v: self.t.$sub(self.v, b.v), t: self.t }
            }
            #[inline(always)]
            fn mul(self, b: Self) -> Self {
                $ty { v: self.t.$mul(self.v, b.v), t: self.t }
            }
            #[inline(always)]
            fn div(self, b: Self) -> Self {
                $ty { v: self.t.$div(self.v, b.v), t: self.t }
            }
            #[inline(always)]
            fn mul_add(self, b: Self, c: Self) -> Self {
                $ty { v: self.t.$mul_add(self.v, b.v, c.v), t: self.t }
            }
            #[inline(always)]
            fn neg_mul_add(self, b: Self, c: Self) -> Self {
                $ty { v: self.t.$neg_mul_add(self.v, b.v, c.v), t: self.t }
            }
            #[inline(always)]
            fn neg_abs(self) -> Self {
                $ty { v: self.t.$neg_abs(self.v), t: self.t }
            }
            #[inline(always)]
            fn min(self, b: Self) -> Self {
                $ty { v: self.t.$min(self.v, b.v), t: self.t }
            }
            #[inline(always)]
            fn max(self, b: Self) -> Self {
                $ty { v: self.t.$max(self.v, b.v), t: self.t }
            }
            #[inline(always)]
            fn lt(self, b: Self) -> $mask {
                self.t.$lt(self.v, b.v)
            }
            #[inline(always)]
            fn select(m: $mask, a: Self, b: Self) -> Self {
                $ty { v: a.t.$select(m, a.v, b.v), t: a.t }
            }
            #[inline(always)]
            fn pow2_bias(self) -> Self {
                $ty { v: self.t.$pow2_bias(self.v), t: self.t }
            }
            #[inline(always)]
            fn all(self, m: $mask) -> bool {
                self.t.$all(m)
            }
            #[inline(always)]
            fn any(self, m: $mask) -> bool {
                self.t.$any(m)
            }
            $($($over)*)?
        }
    };
}
#[allow(unused_imports)]
pub(crate) use simd_lanes;

/// Methods of `Lanes for [V; N]` that apply the same method to each
/// register, all arguments being `Self`.
macro_rules! each_register {
    ($($name:ident($($arg:ident),*);)*) => {
        $(
            #[inline(always)]
            fn $name(mut self, $($arg: Self),*) -> Self {
                for i in 0..N {
                    self[i] = self[i].$name($($arg[i]),*);
                }
                self
            }
        )*
    };
}

/// `N` registers as one: every operation is applied to each in turn, so the
/// instruction stream interleaves `N` independent dependency chains. The
/// algorithm is one long chain per register; interleaved, the scheduler
/// always has ready work (each ISA's register type sets how many, its
/// `Vector::BLOCK`, with the measurements). No closures here: they would
/// lose the callers' target features.
#[allow(clippy::needless_range_loop)] // index loops: no closures, plain unrolled code
impl<V: Lanes, const N: usize> Lanes for [V; N] {
    type Real = V::Real;
    type Mask = [V::Mask; N];
    const FUSED: bool = V::FUSED;
    #[inline(always)]
    fn splat(self, v: V::Real) -> Self {
        [self[0].splat(v); N]
    }
    each_register! {
        add(b);
        sub(b);
        mul(b);
        div(b);
        mul_add(b, c);
        neg_mul_add(b, c);
        neg_abs();
        neg();
        min(b);
        max(b);
        pow2_bias();
        split_high();
        scale_pow2(n, scale_up);
        mul_pow2(n, pow2_n);
    }
    #[inline(always)]
    fn all(self, m: Self::Mask) -> bool {
        let mut all = true;
        for i in 0..N {
            all &= self[i].all(m[i]);
        }
        all
    }
    #[inline(always)]
    fn any(self, m: Self::Mask) -> bool {
        let mut any = false;
        for i in 0..N {
            any |= self[i].any(m[i]);
        }
        any
    }
    #[inline(always)]
    fn lookup8(mut self, table: &[V::Real; 8]) -> Self {
        for i in 0..N {
            self[i] = self[i].lookup8(table);
        }
        self
    }
    #[inline(always)]
    fn lookup8_select(mut self, m: Self::Mask, set: &[V::Real; 8], clear: &[V::Real; 8]) -> Self {
        for i in 0..N {
            self[i] = self[i].lookup8_select(m[i], set, clear);
        }
        self
    }
    #[inline(always)]
    fn lt(self, b: Self) -> Self::Mask {
        let mut m = [self[0].lt(b[0]); N];
        for i in 1..N {
            m[i] = self[i].lt(b[i]);
        }
        m
    }
    #[inline(always)]
    fn select(m: Self::Mask, mut a: Self, b: Self) -> Self {
        for i in 0..N {
            a[i] = V::select(m[i], a[i], b[i]);
        }
        a
    }
    #[inline(always)]
    fn mul_pow2_or(mut self, n: Self, pow2_n: Self, m: Self::Mask, other: Self) -> Self {
        for i in 0..N {
            self[i] = self[i].mul_pow2_or(n[i], pow2_n[i], m[i], other[i]);
        }
        self
    }
}
