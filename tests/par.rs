//! `logsigmoid::par` (feature `rayon`): bit-identical to the serial free
//! functions for every function, shape and type, on both sides of the
//! serial threshold; length errors write nothing (`par_alloc`: no
//! allocation per call).
#![cfg(feature = "rayon")]

mod common;

use common::{Rng, TestFloat};
use logsigmoid::{bf16, f16, par, Error};

type Forward<T> = fn(&[T], &mut [T]) -> Result<(), Error>;
type InPlace<T> = fn(&mut [T]);
type Backward<T> = fn(&[T], &[T], &mut [T]) -> Result<(), Error>;
type BackwardInPlace<T> = fn(&[T], &mut [T]) -> Result<(), Error>;

/// Each function's four shapes: (name, serial, parallel).
#[allow(clippy::type_complexity)]
fn shapes<T: logsigmoid::Element>() -> Vec<(
    &'static str,
    [(Forward<T>, InPlace<T>, Backward<T>, BackwardInPlace<T>); 2],
)> {
    macro_rules! entry {
        ($f:ident, $fi:ident, $fb:ident, $fbi:ident) => {
            (
                stringify!($f),
                [
                    (
                        logsigmoid::$f as Forward<T>,
                        logsigmoid::$fi as InPlace<T>,
                        logsigmoid::$fb as Backward<T>,
                        logsigmoid::$fbi as BackwardInPlace<T>,
                    ),
                    (
                        par::$f as Forward<T>,
                        par::$fi as InPlace<T>,
                        par::$fb as Backward<T>,
                        par::$fbi as BackwardInPlace<T>,
                    ),
                ],
            )
        };
    }
    vec![
        entry!(
            log_sigmoid,
            log_sigmoid_in_place,
            log_sigmoid_backward,
            log_sigmoid_backward_in_place
        ),
        entry!(
            softplus,
            softplus_in_place,
            softplus_backward,
            softplus_backward_in_place
        ),
        entry!(
            sigmoid,
            sigmoid_in_place,
            sigmoid_backward,
            sigmoid_backward_in_place
        ),
        entry!(silu, silu_in_place, silu_backward, silu_backward_in_place),
    ]
}

fn data<T: TestFloat>(n: usize, seed: u64) -> Vec<T> {
    let mut r = Rng(seed);
    (0..n)
        .map(|i| {
            let s = r.next_u64();
            if i % 4 == 0 {
                T::from_bits_u64(s)
            } else {
                T::from_f64((r.unit() - 0.5) * 40.0)
            }
        })
        .collect()
}

fn same<T: TestFloat>(a: &[T], b: &[T], what: &str) {
    for (i, (u, v)) in a.iter().zip(b).enumerate() {
        assert!(u.same(*v), "{what}: element {i}: {u:?} vs {v:?}");
    }
}

fn identical<T: TestFloat>() {
    let n_max = (1 << 20) + 37;
    let x = data::<T>(n_max, 3);
    let dy = data::<T>(n_max, 5);
    for (name, [s, p]) in shapes::<T>() {
        for n in [
            0,
            1,
            par::SERIAL_BELOW - 1,
            par::SERIAL_BELOW,
            3 * par::MIN_CHUNK + 5,
            n_max,
        ] {
            let (x, dy) = (&x[..n], &dy[..n]);
            let what = format!("{name} {} n = {n}", T::NAME);
            let (mut a, mut b) = (vec![T::default(); n], vec![T::default(); n]);
            (s.0)(x, &mut a).unwrap();
            (p.0)(x, &mut b).unwrap();
            same(&a, &b, &what);
            let mut c = x.to_vec();
            (p.1)(&mut c);
            same(&a, &c, &format!("{what} in place"));
            (s.2)(x, dy, &mut a).unwrap();
            (p.2)(x, dy, &mut b).unwrap();
            same(&a, &b, &format!("{what} backward"));
            let mut c = dy.to_vec();
            (p.3)(x, &mut c).unwrap();
            same(&a, &c, &format!("{what} backward in place"));
        }
    }
}

#[test]
fn f32_identical_to_serial() {
    identical::<f32>();
}

#[test]
fn f64_identical_to_serial() {
    identical::<f64>();
}

#[test]
fn f16_identical_to_serial() {
    identical::<f16>();
}

#[test]
fn bf16_identical_to_serial() {
    identical::<bf16>();
}

#[test]
fn length_mismatch_writes_nothing() {
    let n = 1 << 18;
    let x = vec![1.0f32; n];
    let mut y = vec![7.0f32; n - 1];
    assert!(matches!(
        par::log_sigmoid(&x, &mut y),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(par::silu_backward(&x, &x[1..], &mut vec![7.0; n]).is_err());
    let mut dx = vec![7.0f32; n + 1];
    assert!(par::sigmoid_backward(&x, &x, &mut dx).is_err());
    assert!(par::softplus_backward_in_place(&x, &mut y).is_err());
    assert!(y.iter().chain(&dx).all(|&v| v == 7.0));
}
