//! softplus with PyTorch's `beta` and `threshold` (`logsigmoid::Softplus`):
//! its parameter checks, its definition (`z = beta x` rounded, `x` above the
//! threshold, `log1p(exp(z)) / beta` below), and its bounds against the
//! oracle on every ISA and type, the halves exhaustively.

mod common;

use common::{bounds, kernels, TestFloat};
use logsigmoid::reference::{
    softplus_beta, softplus_beta_backward_ulp_error, softplus_beta_ulp_error,
};
use logsigmoid::{bf16, f16, Error, Softplus};
use proptest::prelude::*;

/// (beta, threshold) pairs: PyTorch's default, large and small beta (a
/// small one lifts subnormal intermediates into normal results), no
/// threshold, a negative threshold.
const PARAMS: [(f64, f64); 9] = [
    (1.0, 20.0),
    (2.0, 20.0),
    (0.5, 20.0),
    (10.0, 5.0),
    (1e-3, 20.0),
    (1e3, 20.0),
    (3.7, f64::INFINITY),
    (9.5367431640625e-7, 30.0), // 2^-20
    (1.0, -2.0),
];

#[test]
fn parameters_out_of_domain_are_errors() {
    for beta in [
        0.0,
        -0.0,
        -1.0,
        f64::NAN,
        f64::INFINITY,
        1e-39, // subnormal in f32
        1e39,  // infinite in f32
    ] {
        let e = Softplus::new(beta, 20.0).unwrap_err();
        assert!(
            matches!(e, Error::InvalidParameter { name: "beta", .. }),
            "{beta}: {e:?}"
        );
        assert!(e.to_string().contains("beta"));
    }
    let e = Softplus::new(1.0, f64::NAN).unwrap_err();
    assert!(matches!(
        e,
        Error::InvalidParameter {
            name: "threshold",
            ..
        }
    ));
    for (b, t) in PARAMS {
        assert!(Softplus::new(b, t).is_ok());
    }
    let d = Softplus::default();
    assert_eq!((d.beta(), d.threshold()), (1.0, 20.0));
}

fn check<T: TestFloat>(x: &[T], dy: &[T]) -> Result<(), TestCaseError> {
    for (beta, threshold) in PARAMS {
        for k in kernels() {
            let (fb, bb) = bounds::<T>(&k);
            let sp = Softplus::new(beta, threshold).unwrap().with_kernels(k);
            let mut y = vec![T::from_f64(0.0); x.len()];
            sp.forward(x, &mut y).unwrap();
            let mut z = x.to_vec();
            sp.forward_in_place(&mut z);
            let mut dx = vec![T::from_f64(0.0); x.len()];
            sp.backward(x, dy, &mut dx).unwrap();
            let mut d2 = dy.to_vec();
            sp.backward_in_place(x, &mut d2).unwrap();
            for i in 0..x.len() {
                let e = softplus_beta_ulp_error(x[i], beta, threshold, y[i]);
                prop_assert!(
                    e <= fb,
                    "{} {}: softplus({:?}; beta {beta}, threshold {threshold}) = {:?}: {e} ULP",
                    k.isa().name(),
                    T::NAME,
                    x[i],
                    y[i]
                );
                prop_assert!(z[i].same(y[i]), "in place differs at {i}");
                let e = softplus_beta_backward_ulp_error(x[i], dy[i], beta, threshold, dx[i]);
                prop_assert!(
                    e <= bb,
                    "{} {}: softplus_backward({:?}, {:?}; beta {beta}, threshold {threshold}) = {:?}: {e} ULP",
                    k.isa().name(),
                    T::NAME,
                    x[i],
                    dy[i],
                    dx[i]
                );
                prop_assert!(d2[i].same(dx[i]), "backward in place differs at {i}");
            }
        }
    }
    Ok(())
}

fn element<T: TestFloat>() -> impl Strategy<Value = T> {
    let edges = T::edges();
    prop_oneof![
        2 => any::<u64>().prop_map(T::from_bits_u64),
        3 => (-40.0f64..40.0).prop_map(T::from_f64),
        // Where a small beta makes exp(beta x) subnormal.
        1 => (-2e8f64..-1e4).prop_map(T::from_f64),
        1 => proptest::sample::select(edges),
    ]
}

fn pairs<T: TestFloat>() -> impl Strategy<Value = Vec<(T, T)>> {
    proptest::collection::vec((element::<T>(), element::<T>()), 0..=2 * T::WIDE_LANES + 3)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn f32_within_bounds(p in pairs::<f32>()) {
        let (x, dy): (Vec<_>, Vec<_>) = p.into_iter().unzip();
        check(&x, &dy)?;
    }
    #[test]
    fn f64_within_bounds(p in pairs::<f64>()) {
        let (x, dy): (Vec<_>, Vec<_>) = p.into_iter().unzip();
        check(&x, &dy)?;
    }
    #[test]
    fn f16_within_bounds(p in pairs::<f16>()) {
        let (x, dy): (Vec<_>, Vec<_>) = p.into_iter().unzip();
        check(&x, &dy)?;
    }
    #[test]
    fn bf16_within_bounds(p in pairs::<bf16>()) {
        let (x, dy): (Vec<_>, Vec<_>) = p.into_iter().unzip();
        check(&x, &dy)?;
    }
}

/// Every f16 and bf16 input, correctly rounded, for three parameter pairs.
fn halves_exhaustive<T: TestFloat>() {
    let x: Vec<T> = (0..=u16::MAX)
        .map(|b| T::from_bits_u64(u64::from(b)))
        .collect();
    for (beta, threshold) in [(1.0, 20.0), (0.5, 20.0), (3.7, f64::INFINITY)] {
        for k in kernels() {
            let sp = Softplus::new(beta, threshold).unwrap().with_kernels(k);
            let mut y = vec![T::from_f64(0.0); x.len()];
            sp.forward(&x, &mut y).unwrap();
            let wrong: Vec<_> = (0..x.len())
                .filter(|&i| !y[i].same(softplus_beta(x[i], beta, threshold)))
                .collect();
            assert!(
                wrong.is_empty(),
                "{} {}: {} misrounded (beta {beta}, threshold {threshold}), first at {:?}: {:?}",
                k.isa().name(),
                T::NAME,
                wrong.len(),
                x[wrong[0]],
                y[wrong[0]]
            );
        }
    }
}

#[test]
fn f16_all_inputs_correctly_rounded() {
    halves_exhaustive::<f16>();
}

#[test]
fn bf16_all_inputs_correctly_rounded() {
    halves_exhaustive::<bf16>();
}

/// The threshold returns x itself; the specials follow softplus's.
fn specials<T: TestFloat>() {
    let f = T::from_f64;
    for k in kernels() {
        let sp = Softplus::new(2.0, 20.0).unwrap().with_kernels(k);
        let x = [
            f(10.5),
            f(11.0),
            f(1e4),
            f(f64::INFINITY),
            f(f64::NEG_INFINITY),
            f(f64::NAN),
            f(0.0),
            f(-0.0),
            T::max_value(),
        ];
        let mut y = [f(7.0); 9];
        sp.forward(&x, &mut y).unwrap();
        for i in [0, 1, 2, 3, 8] {
            assert!(
                y[i].same(x[i]),
                "{} {}: {:?} -> {:?}",
                k.isa().name(),
                T::NAME,
                x[i],
                y[i]
            );
        }
        assert!(y[4].same(f(0.0)) && y[5].is_nan());
        let ln2_2 = softplus_beta(f(0.0), 2.0, 20.0);
        assert!(y[6].same(ln2_2) && y[7].same(ln2_2));
        let dy = [f(3.0); 9];
        let mut dx = [f(7.0); 9];
        sp.backward(&x, &dy, &mut dx).unwrap();
        assert!(dx[1].same(f(3.0)) && dx[3].same(f(3.0)) && dx[4].same(f(0.0)));
        assert!(dx[5].is_nan() && dx[6].same(f(1.5)));
        // No threshold: +inf stays +inf, large x gives x.
        let sp = Softplus::new(1.0, f64::INFINITY).unwrap().with_kernels(k);
        let x = [f(f64::INFINITY), f(1e4)];
        let mut y = [f(7.0); 2];
        sp.forward(&x, &mut y).unwrap();
        assert!(y[0].same(x[0]) && y[1].same(x[1]));
        // beta x just below the overflow: the result is finite, about x.
        let sp = Softplus::new(3.7, f64::INFINITY).unwrap().with_kernels(k);
        let x = [f(T::max_value().widen() / 3.8)];
        let mut y = [f(7.0)];
        sp.forward(&x, &mut y).unwrap();
        let e = softplus_beta_ulp_error(x[0], 3.7, f64::INFINITY, y[0]);
        assert!(
            e <= bounds::<T>(&k).0 && y[0].widen().is_finite(),
            "{} {}: softplus({:?}; beta 3.7) = {:?}: {e} ULP",
            k.isa().name(),
            T::NAME,
            x[0],
            y[0]
        );
    }
    // A length mismatch writes nothing.
    let sp = Softplus::default();
    let mut short = [f(7.0); 2];
    assert!(sp.forward(&[f(1.0); 3], &mut short).is_err());
    assert!(short.iter().all(|v| v.same(f(7.0))));
}

#[test]
fn special_values() {
    specials::<f32>();
    specials::<f64>();
    specials::<f16>();
    specials::<bf16>();
}
