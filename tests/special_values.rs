//! The spec's special values, for every function, ISA and element type.

mod common;

use common::{kernels, TestFloat};
use logsigmoid::{bf16, f16, reference};

fn check<T: TestFloat>() {
    let f = T::from_f64;
    // (x, expected log_sigmoid(x)); bits compared, NaN as NaN.
    let ln2 = reference::log_sigmoid(f(0.0));
    let mut table = vec![
        (f(f64::NAN), f(f64::NAN)),
        (f(f64::NEG_INFINITY), f(f64::NEG_INFINITY)),
        (f(f64::INFINITY), f(-0.0)),
        (f(0.0), ln2),
        (f(-0.0), ln2),
        (f(-1e4), f(-1e4)),
        (
            T::from_f64(-T::max_value().to_f64()),
            T::from_f64(-T::max_value().to_f64()),
        ),
        (T::max_value(), f(-0.0)),
    ];
    // Large positive x: -exp(-x), down to the smallest subnormal, then -0.0.
    for x in [
        5.0, 10.0, 16.0, 30.0, 60.0, 100.0, 103.0, 300.0, 700.0, 745.0, 746.0, 1e4,
    ] {
        let x = f(x);
        table.push((x, reference::log_sigmoid(x)));
    }
    assert_eq!(ln2.to_f64(), f(-core::f64::consts::LN_2).to_f64());
    for k in kernels() {
        let x: Vec<T> = table.iter().map(|p| p.0).collect();
        let mut y = vec![f(1.0); x.len()];
        k.log_sigmoid(&x, &mut y).unwrap();
        for (i, &(xi, want)) in table.iter().enumerate() {
            assert!(
                y[i].same(want),
                "{} {}: log_sigmoid({xi:?}) = {:?}, want {want:?}",
                k.isa().name(),
                T::NAME,
                y[i]
            );
            if want.to_f64() == 0.0 {
                assert!(y[i].to_f64().is_sign_negative(), "-0.0, never +0.0");
            }
        }
        // Backward: x = -inf gives dy, x = +inf gives dy * 0, 0 gives dy / 2.
        let xs = [
            f(f64::NEG_INFINITY),
            f(f64::INFINITY),
            f(0.0),
            f(f64::NAN),
            f(-1e4),
            f(1e4),
        ];
        for dy in [f(3.0), f(-3.0), f(0.0), f(f64::INFINITY)] {
            let dys = [dy; 6];
            let mut dx = [f(9.0); 6];
            k.log_sigmoid_backward(&xs, &dys, &mut dx).unwrap();
            let want = [
                dy,
                f(dy.to_f64() * 0.0),
                f(dy.to_f64() / 2.0),
                f(f64::NAN),
                dy,
                f(dy.to_f64() * 0.0),
            ];
            for i in 0..6 {
                let w = if i == 5 {
                    reference::log_sigmoid_backward(xs[i], dy)
                } else {
                    want[i]
                };
                assert!(
                    dx[i].same(w),
                    "{} {}: backward({:?}, {dy:?}) = {:?}, want {w:?}",
                    k.isa().name(),
                    T::NAME,
                    xs[i],
                    dx[i]
                );
            }
        }
        // No overflow for large x: sigmoid(-x) underflows gracefully.
        let xs = [f(60.0), f(88.0), f(100.0)];
        let dys = [T::max_value(); 3];
        let mut dx = [f(0.0); 3];
        k.log_sigmoid_backward(&xs, &dys, &mut dx).unwrap();
        for i in 0..3 {
            let e = reference::log_sigmoid_backward_ulp_error(xs[i], dys[i], dx[i]);
            assert!(
                e <= 1.0,
                "{} {}: backward({:?}, MAX) = {:?}: {e} ULP",
                k.isa().name(),
                T::NAME,
                xs[i],
                dx[i]
            );
        }
    }
}

/// softplus: `NaN -> NaN`, `+inf -> +inf`, `-inf -> +0.0`, `±0 -> ln 2`,
/// large `x -> x` (no threshold, no overflow), large negative `x ->
/// exp(x)` down to the subnormals, then `+0.0` (never `-0.0`); the
/// gradient `dy sigmoid(x)`: `+inf -> dy`, `-inf -> dy * 0`, `0 -> dy / 2`.
fn check_softplus<T: TestFloat>() {
    let f = T::from_f64;
    let ln2 = reference::softplus(f(0.0));
    assert_eq!(ln2.to_f64(), f(core::f64::consts::LN_2).to_f64());
    let mut table = vec![
        (f(f64::NAN), f(f64::NAN)),
        (f(f64::INFINITY), f(f64::INFINITY)),
        (f(f64::NEG_INFINITY), f(0.0)),
        (f(0.0), ln2),
        (f(-0.0), ln2),
        (f(1e4), f(1e4)),
        (T::max_value(), T::max_value()),
        (T::from_f64(-T::max_value().to_f64()), f(0.0)),
    ];
    for x in [
        -5.0, -10.0, -16.0, -30.0, -60.0, -100.0, -103.0, -300.0, -700.0, -745.0, -746.0, 5.0,
        17.0, 30.0,
    ] {
        let x = f(x);
        table.push((x, reference::softplus(x)));
    }
    for k in kernels() {
        let x: Vec<T> = table.iter().map(|p| p.0).collect();
        let mut y = vec![f(1.0); x.len()];
        k.softplus(&x, &mut y).unwrap();
        let neg_x: Vec<T> = x.iter().map(|v| f(-v.to_f64())).collect();
        let mut ls = vec![f(1.0); x.len()];
        k.log_sigmoid(&neg_x, &mut ls).unwrap();
        for (i, &(xi, want)) in table.iter().enumerate() {
            assert!(
                y[i].same(want),
                "{} {}: softplus({xi:?}) = {:?}, want {want:?}",
                k.isa().name(),
                T::NAME,
                y[i]
            );
            if want.to_f64() == 0.0 {
                assert!(y[i].to_f64().is_sign_positive(), "+0.0, never -0.0");
            }
            assert!(
                y[i].same(f(-ls[i].to_f64())),
                "softplus(x) == -log_sigmoid(-x) bitwise"
            );
        }
        let xs = [f(f64::INFINITY), f(f64::NEG_INFINITY), f(0.0), f(f64::NAN)];
        for dy in [f(3.0), f(-3.0), f(0.0), f(-0.0), f(f64::INFINITY)] {
            let mut dx = [f(9.0); 4];
            k.softplus_backward(&xs, &[dy; 4], &mut dx).unwrap();
            let want = [dy, f(dy.to_f64() * 0.0), f(dy.to_f64() / 2.0), f(f64::NAN)];
            for i in 0..4 {
                assert!(
                    dx[i].same(want[i]),
                    "{} {}: softplus_backward({:?}, {dy:?}) = {:?}, want {:?}",
                    k.isa().name(),
                    T::NAME,
                    xs[i],
                    dx[i],
                    want[i]
                );
            }
        }
    }
}

#[test]
fn f32_special_values() {
    check::<f32>();
    check_softplus::<f32>();
}

#[test]
fn f64_special_values() {
    check::<f64>();
    check_softplus::<f64>();
}

#[test]
fn f16_special_values() {
    check::<f16>();
    check_softplus::<f16>();
}

#[test]
fn bf16_special_values() {
    check::<bf16>();
    check_softplus::<bf16>();
}
