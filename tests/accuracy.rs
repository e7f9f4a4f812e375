//! proptest: random inputs over every binade and the edges, every function,
//! ISA and precision, against the double-double reference with the spec's
//! ULP bounds (the names say Faithful's; Fast's are 1.5 and 3).

mod common;

use common::{bounds, kernels, name, TestFloat, FUNCTIONS};
use logsigmoid::{bf16, f16};
use proptest::prelude::*;

/// Any bit pattern (every binade equally likely), or an edge value.
fn element<T: TestFloat>() -> impl Strategy<Value = T> {
    let edges = T::edges();
    prop_oneof![
        3 => any::<u64>().prop_map(T::from_bits_u64),
        // Moderate magnitudes, where exp and log1p both matter.
        3 => (-40.0f64..40.0).prop_map(T::from_f64),
        1 => proptest::sample::select(edges),
    ]
}

fn vec_of<T: TestFloat>() -> impl Strategy<Value = Vec<T>> {
    proptest::collection::vec(element::<T>(), 0..=4 * T::WIDE_LANES + 3)
}

fn pairs_of<T: TestFloat>() -> impl Strategy<Value = Vec<(T, T)>> {
    proptest::collection::vec((element::<T>(), element::<T>()), 0..=4 * T::WIDE_LANES + 3)
}

fn forward_bound<T: TestFloat>(x: &[T]) -> Result<(), TestCaseError> {
    for f in FUNCTIONS {
        for k in kernels() {
            let bound = bounds::<T>(&k).0;
            let mut y = vec![T::from_f64(0.0); x.len()];
            f.forward(&k, x, &mut y).unwrap();
            let mut z = x.to_vec();
            f.forward_in_place(&k, &mut z);
            for i in 0..x.len() {
                let e = f.ulp_error(x[i], y[i]);
                prop_assert!(
                    e <= bound,
                    "{} {}: {}({:?}) = {:?}: {} ULP",
                    name(&k),
                    T::NAME,
                    f.name(),
                    x[i],
                    y[i],
                    e
                );
                prop_assert!(z[i].same(y[i]), "in place differs at {i}");
            }
        }
    }
    Ok(())
}

fn backward_bound<T: TestFloat>(p: &[(T, T)]) -> Result<(), TestCaseError> {
    let x: Vec<T> = p.iter().map(|v| v.0).collect();
    let dy: Vec<T> = p.iter().map(|v| v.1).collect();
    for f in FUNCTIONS {
        for k in kernels() {
            let bound = bounds::<T>(&k).1;
            let mut dx = vec![T::from_f64(0.0); x.len()];
            f.backward(&k, &x, &dy, &mut dx).unwrap();
            let mut d2 = dy.clone();
            f.backward_in_place(&k, &x, &mut d2).unwrap();
            for i in 0..x.len() {
                let e = f.backward_ulp_error(x[i], dy[i], dx[i]);
                // Near silu's zero the bound is absolute.
                let near = f.near_zero_error(x[i], dy[i], dx[i]);
                prop_assert!(
                    e <= bound || near.is_some_and(|a| a <= 1.0 / 128.0),
                    "{} {}: {}_backward({:?}, {:?}) = {:?}: {} ULP",
                    name(&k),
                    T::NAME,
                    f.name(),
                    x[i],
                    dy[i],
                    dx[i],
                    e
                );
                prop_assert!(d2[i].same(dx[i]), "in place differs at {i}");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn f32_forward_within_1_ulp(x in vec_of::<f32>()) { forward_bound(&x)?; }
    #[test]
    fn f64_forward_within_1_ulp(x in vec_of::<f64>()) { forward_bound(&x)?; }
    #[test]
    fn f16_forward_correctly_rounded(x in vec_of::<f16>()) { forward_bound(&x)?; }
    #[test]
    fn bf16_forward_correctly_rounded(x in vec_of::<bf16>()) { forward_bound(&x)?; }

    #[test]
    fn f32_backward_within_2_ulp(p in pairs_of::<f32>()) { backward_bound(&p)?; }
    #[test]
    fn f64_backward_within_2_ulp(p in pairs_of::<f64>()) { backward_bound(&p)?; }
    #[test]
    fn f16_backward_within_1_ulp(p in pairs_of::<f16>()) { backward_bound(&p)?; }
    #[test]
    fn bf16_backward_within_1_ulp(p in pairs_of::<bf16>()) { backward_bound(&p)?; }
}
