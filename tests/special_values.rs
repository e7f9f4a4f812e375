//! The spec's special values, for every function, ISA and element type.

mod common;

use common::{bounds, kernels, Function, TestFloat};
use logsigmoid::Precision;
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
            // Faithful: within 1 ULP here; Fast: its bound.
            let bound = match k.precision() {
                Precision::Faithful => 1.0,
                _ => bounds::<T>(&k).1,
            };
            assert!(
                e <= bound,
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

/// Inputs against the oracle, within the spec's bounds, on every ISA.
fn forward_near_oracle<T: TestFloat>(f: Function, xs: &[T]) {
    for k in kernels() {
        let mut y = vec![T::from_f64(7.0); xs.len()];
        f.forward(&k, xs, &mut y).unwrap();
        for (x, y) in xs.iter().zip(&y) {
            let e = f.ulp_error(*x, *y);
            assert!(
                e <= bounds::<T>(&k).0,
                "{} {}: {}({x:?}) = {y:?}: {e} ULP",
                k.isa().name(),
                T::NAME,
                f.name()
            );
        }
    }
}

/// `(x, dy)` pairs against the oracle, within the spec's bounds.
fn backward_near_oracle<T: TestFloat>(f: Function, p: &[(T, T)]) {
    for k in kernels() {
        let x: Vec<T> = p.iter().map(|p| p.0).collect();
        let dy: Vec<T> = p.iter().map(|p| p.1).collect();
        let mut dx = vec![T::from_f64(7.0); x.len()];
        f.backward(&k, &x, &dy, &mut dx).unwrap();
        for i in 0..x.len() {
            let e = f.backward_ulp_error(x[i], dy[i], dx[i]);
            assert!(
                e <= bounds::<T>(&k).1,
                "{} {}: {}_backward({:?}, {:?}) = {:?}: {e} ULP",
                k.isa().name(),
                T::NAME,
                f.name(),
                x[i],
                dy[i],
                dx[i]
            );
        }
    }
}

/// `(x, want)` pairs through a forward on every ISA, bits compared (NaN as
/// NaN, zeros by sign).
fn forward_table<T: TestFloat>(f: Function, table: &[(T, T)]) {
    for k in kernels() {
        let x: Vec<T> = table.iter().map(|p| p.0).collect();
        let mut y = vec![T::from_f64(7.0); x.len()];
        f.forward(&k, &x, &mut y).unwrap();
        for (i, &(xi, want)) in table.iter().enumerate() {
            assert!(
                y[i].same(want),
                "{} {}: {}({xi:?}) = {:?}, want {want:?}",
                k.isa().name(),
                T::NAME,
                f.name(),
                y[i]
            );
        }
    }
}

/// `(x, dy, want)` triples through a backward on every ISA.
fn backward_table<T: TestFloat>(f: Function, table: &[(T, T, T)]) {
    for k in kernels() {
        let x: Vec<T> = table.iter().map(|p| p.0).collect();
        let dy: Vec<T> = table.iter().map(|p| p.1).collect();
        let mut dx = vec![T::from_f64(7.0); x.len()];
        f.backward(&k, &x, &dy, &mut dx).unwrap();
        for (i, &(xi, dyi, want)) in table.iter().enumerate() {
            assert!(
                dx[i].same(want),
                "{} {}: {}_backward({xi:?}, {dyi:?}) = {:?}, want {want:?}",
                k.isa().name(),
                T::NAME,
                f.name(),
                dx[i]
            );
        }
    }
}

/// sigmoid: `NaN -> NaN`, `±0 -> 0.5`, `+inf -> 1`, `-inf -> +0.0`, tiny
/// results down to the subnormals then `+0.0`, large `x -> 1`; it equals
/// The gradient: `±inf` gives
/// `dy * 0`, `0` gives `dy / 4`, no overflow for `dy = MAX`.
fn check_sigmoid<T: TestFloat>() {
    let f = T::from_f64;
    let (nan, inf) = (f(f64::NAN), f(f64::INFINITY));
    let table = vec![
        (nan, nan),
        (f(0.0), f(0.5)),
        (f(-0.0), f(0.5)),
        (inf, f(1.0)),
        (f(-f64::INFINITY), f(0.0)),
        (T::max_value(), f(1.0)),
        (f(-T::max_value().to_f64()), f(0.0)),
        (f(1e4), f(1.0)),
        (f(-1e4), f(0.0)),
    ];
    forward_table(Function::Sigmoid, &table);
    // Tiny results down to the subnormals, never flushed.
    let xs: Vec<T> = [
        -5.0, -17.0, -30.0, -87.0, -88.7, -90.0, -100.0, -103.0, -103.9, -104.5, -700.0, -740.0,
        -745.0, -746.0, 3.0, 17.0, 40.0,
    ]
    .map(f)
    .to_vec();
    forward_near_oracle(Function::Sigmoid, &xs);
    if !T::ROUNDED {
        let tiny = f(if T::NAME == "f32" { -100.0 } else { -740.0 });
        let mut y = [f(0.0)];
        for k in kernels() {
            k.sigmoid(&[tiny], &mut y).unwrap();
            assert!(y[0].to_f64() > 0.0 && y[0].to_f64() < T::min_positive().to_f64());
        }
    }
    let mut table = vec![];
    for dy in [f(3.0), f(-3.0), f(0.0), f(-0.0), inf, f(-f64::INFINITY)] {
        let d = dy.to_f64();
        table.push((inf, dy, f(d * 0.0)));
        table.push((f(-f64::INFINITY), dy, f(d * 0.0)));
        table.push((f(0.0), dy, f(d / 4.0)));
        table.push((nan, dy, nan));
    }
    backward_table(Function::Sigmoid, &table);
    let p: Vec<(T, T)> = [-100.0, -88.0, -60.0, 60.0, 88.0, 100.0, 1e4, -1e4]
        .iter()
        .flat_map(|&x| {
            [
                (f(x), T::max_value()),
                (f(x), f(3.0)),
                (f(x), T::min_positive()),
            ]
        })
        .collect();
    backward_near_oracle(Function::Sigmoid, &p);
}

/// silu: `NaN -> NaN`, `±0 -> ±0`, `+inf -> +inf`, `-inf -> -0.0`, large
/// negative `x -> x exp(x)` down to the subnormals, then `-0.0`, large `x ->
/// x`, `MAX -> MAX`. The gradient: `+inf -> dy`, `-inf -> dy * -0.0`,
/// `0 -> dy / 2`, no overflow for `dy = MAX` where `|silu'| <= 1`.
fn check_silu<T: TestFloat>() {
    let f = T::from_f64;
    let (nan, inf, ninf) = (f(f64::NAN), f(f64::INFINITY), f(f64::NEG_INFINITY));
    let table = vec![
        (nan, nan),
        (f(0.0), f(0.0)),
        (f(-0.0), f(-0.0)),
        (inf, inf),
        (ninf, f(-0.0)),
        (T::max_value(), T::max_value()),
        (f(-T::max_value().to_f64()), f(-0.0)),
        (f(1e4), f(1e4)),
        (f(-1e4), f(-0.0)),
    ];
    forward_table(Function::Silu, &table);
    let mut xs: Vec<T> = [
        -1.0, -5.0, -17.0, -30.0, -87.0, -100.0, -103.0, -108.0, -110.0, -700.0, -740.0, -745.0,
        -760.0, 3.0, 17.0, 40.0,
    ]
    .map(f)
    .to_vec();
    xs.extend([
        T::min_positive(),
        T::from_bits_u64(1),
        f(-T::min_positive().to_f64()),
    ]);
    forward_near_oracle(Function::Silu, &xs);
    // Underflowed results are -0.0 for negative x.
    for k in kernels() {
        let x = [f(-120.0), f(-800.0), f(-3000.0)];
        let mut y = [f(7.0); 3];
        k.silu(&x, &mut y).unwrap();
        for (x, y) in x.iter().zip(y) {
            if reference::silu(*x).to_f64() == 0.0 {
                assert!(
                    y.same(f(-0.0)),
                    "{} {}: silu({x:?}) = {y:?}",
                    k.isa().name(),
                    T::NAME
                );
            }
        }
    }
    let mut table = vec![];
    for dy in [f(3.0), f(-3.0), f(0.0), f(-0.0), inf, ninf] {
        let d = dy.to_f64();
        table.push((inf, dy, dy));
        table.push((ninf, dy, f(d * -0.0)));
        table.push((f(0.0), dy, f(d / 2.0)));
        table.push((nan, dy, nan));
    }
    backward_table(Function::Silu, &table);
    let p: Vec<(T, T)> = [
        -100.0, -88.0, -60.0, -1.0, 60.0, 88.0, 100.0, 1e4, -1e4, -300.0, -2100.0, 2.5, -3.0,
    ]
    .iter()
    .flat_map(|&x| {
        [
            T::max_value(),
            f(3.0),
            f(-0.0),
            f(f64::INFINITY),
            T::min_positive(),
        ]
        .map(|dy| (f(x), dy))
    })
    .collect();
    backward_near_oracle(Function::Silu, &p);
}

#[test]
fn f32_special_values() {
    check::<f32>();
    check_softplus::<f32>();
    check_sigmoid::<f32>();
    check_silu::<f32>();
}

#[test]
fn f64_special_values() {
    check::<f64>();
    check_softplus::<f64>();
    check_sigmoid::<f64>();
    check_silu::<f64>();
}

#[test]
fn f16_special_values() {
    check::<f16>();
    check_softplus::<f16>();
    check_sigmoid::<f16>();
    check_silu::<f16>();
}

#[test]
fn bf16_special_values() {
    check::<bf16>();
    check_softplus::<bf16>();
    check_sigmoid::<bf16>();
    check_silu::<bf16>();
}
