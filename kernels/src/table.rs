//! A function's kernels for one ISA and element type, as safe function
//! pointers, built generically from the ISA's register type.

use crate::driver::Vector;
use crate::op::Op;
use crate::token::Token;

/// The four kernels of one function `O`, ISA and element type. Each takes
/// the operation (the function's parameters, if any) as its first argument.
///
/// Every function processes `min` of its slices' lengths (the `logsigmoid`
/// crate checks the lengths before calling) and writes nothing else.
#[derive(Debug)]
pub struct Table<T: 'static, O> {
    /// `y[i] = f(x[i])`.
    pub forward: fn(O, &[T], &mut [T]),
    /// `x[i] = f(x[i])`.
    pub forward_in_place: fn(O, &mut [T]),
    /// `dx[i] = dy[i] f'(x[i])`.
    pub backward: fn(O, &[T], &[T], &mut [T]),
    /// `dy[i] = dy[i] f'(x[i])`.
    pub backward_in_place: fn(O, &[T], &mut [T]),
}

impl<T: 'static, O> Clone for Table<T, O> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: 'static, O> Copy for Table<T, O> {}

/// The kernels of `O` on the registers `V`. The token is the proof that the
/// CPU has `V`'s ISA: the table's functions are reachable only through it.
#[inline]
pub(crate) fn table<V: Vector, O: Op>(_proof: V::Token) -> Table<V::Elem, O>
where
    V::Token: Token,
{
    Table {
        forward: forward::<V, O>,
        forward_in_place: forward_in_place::<V, O>,
        backward: backward::<V, O>,
        backward_in_place: backward_in_place::<V, O>,
    }
}

/// An ISA: its token and its register type for each element type. Each
/// ISA's module implements it once and registers it in `arch` with one line.
pub trait Arch: Token {
    /// f32 registers.
    #[doc(hidden)]
    type F32: Vector<Token = Self, Elem = f32>;
    /// f64 registers.
    #[doc(hidden)]
    type F64: Vector<Token = Self, Elem = f64>;
    /// f16 registers.
    #[doc(hidden)]
    type F16: Vector<Token = Self, Elem = half::f16>;
    /// bf16 registers.
    #[doc(hidden)]
    type Bf16: Vector<Token = Self, Elem = half::bf16>;

    /// The f32 kernels of `O`.
    #[inline]
    fn f32_table<O: Op>(self) -> Table<f32, O> {
        table::<Self::F32, O>(self)
    }
    /// The f64 kernels of `O`.
    #[inline]
    fn f64_table<O: Op>(self) -> Table<f64, O> {
        table::<Self::F64, O>(self)
    }
    /// The f16 kernels of `O`.
    #[inline]
    fn f16_table<O: Op>(self) -> Table<half::f16, O> {
        table::<Self::F16, O>(self)
    }
    /// The bf16 kernels of `O`. An ISA may choose among register types at
    /// run time here (AVX-512 with or without AVX512-BF16).
    #[inline]
    fn bf16_table<O: Op>(self) -> Table<half::bf16, O> {
        table::<Self::Bf16, O>(self)
    }
}

/// `y = f(x)` on `min(x.len(), y.len())` elements.
fn forward<V: Vector, O: Op>(op: O, x: &[V::Elem], y: &mut [V::Elem])
where
    V::Token: Token,
{
    let n = x.len().min(y.len());
    // SAFETY: this function is reachable only through a table built by
    // `table` from a token of this type, which proves the CPU has its
    // features.
    let t = unsafe { V::Token::new_unchecked() };
    // SAFETY: both slices hold n elements and do not overlap (one is &mut).
    unsafe { V::forward_loop::<O>(t, op, x.as_ptr(), y.as_mut_ptr(), n) }
}

/// `x = f(x)`.
fn forward_in_place<V: Vector, O: Op>(op: O, x: &mut [V::Elem])
where
    V::Token: Token,
{
    // SAFETY: as in `forward`.
    let t = unsafe { V::Token::new_unchecked() };
    let p = x.as_mut_ptr();
    // SAFETY: source and destination are the same slice, which the loop allows.
    unsafe { V::forward_loop::<O>(t, op, p, p, x.len()) }
}

/// `dx = dy f'(x)` on the common length.
fn backward<V: Vector, O: Op>(op: O, x: &[V::Elem], dy: &[V::Elem], dx: &mut [V::Elem])
where
    V::Token: Token,
{
    let n = x.len().min(dy.len()).min(dx.len());
    // SAFETY: as in `forward`.
    let t = unsafe { V::Token::new_unchecked() };
    // SAFETY: dx does not overlap x or dy (a &mut slice); all hold n elements.
    unsafe { V::backward_loop::<O>(t, op, x.as_ptr(), dy.as_ptr(), dx.as_mut_ptr(), n) }
}

/// `dy = dy f'(x)`.
fn backward_in_place<V: Vector, O: Op>(op: O, x: &[V::Elem], dy: &mut [V::Elem])
where
    V::Token: Token,
{
    let n = x.len().min(dy.len());
    // SAFETY: as in `forward`.
    let t = unsafe { V::Token::new_unchecked() };
    let p = dy.as_mut_ptr();
    // SAFETY: dy is read and written in place, which the loop allows; x is
    // a separate shared slice; both hold n elements.
    unsafe { V::backward_loop::<O>(t, op, x.as_ptr(), p, p, n) }
}
