//! proptest: random inputs over every binade and the edges, every function
//! and ISA, against the double-double reference with the spec's ULP bounds.

mod common;

use common::{kernels, TestFloat, FUNCTIONS};
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

fn forward_bound<T: TestFloat>(x: &[T], bound: f64) -> Result<(), TestCaseError> {
    for f in FUNCTIONS {
        for k in kernels() {
            let mut y = vec![T::from_f64(0.0); x.len()];
            f.forward(&k, x, &mut y).unwrap();
            let mut z = x.to_vec();
            f.forward_in_place(&k, &mut z);
            for i in 0..x.len() {
                let e = f.ulp_error(x[i], y[i]);
                prop_assert!(
                    e <= bound,
                    "{} {}: {}({:?}) = {:?}: {} ULP",
                    k.isa().name(),
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

fn backward_bound<T: TestFloat>(p: &[(T, T)], bound: f64) -> Result<(), TestCaseError> {
    let x: Vec<T> = p.iter().map(|v| v.0).collect();
    let dy: Vec<T> = p.iter().map(|v| v.1).collect();
    for f in FUNCTIONS {
        for k in kernels() {
            let mut dx = vec![T::from_f64(0.0); x.len()];
            f.backward(&k, &x, &dy, &mut dx).unwrap();
            let mut d2 = dy.clone();
            f.backward_in_place(&k, &x, &mut d2).unwrap();
            for i in 0..x.len() {
                let e = f.backward_ulp_error(x[i], dy[i], dx[i]);
                prop_assert!(
                    e <= bound,
                    "{} {}: {}_backward({:?}, {:?}) = {:?}: {} ULP",
                    k.isa().name(),
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
    fn f32_forward_within_1_ulp(x in vec_of::<f32>()) { forward_bound(&x, 1.0)?; }
    #[test]
    fn f64_forward_within_1_ulp(x in vec_of::<f64>()) { forward_bound(&x, 1.0)?; }
    #[test]
    fn f16_forward_correctly_rounded(x in vec_of::<f16>()) { forward_bound(&x, 0.5)?; }
    #[test]
    fn bf16_forward_correctly_rounded(x in vec_of::<bf16>()) { forward_bound(&x, 0.5)?; }

    #[test]
    fn f32_backward_within_2_ulp(p in pairs_of::<f32>()) { backward_bound(&p, 2.0)?; }
    #[test]
    fn f64_backward_within_2_ulp(p in pairs_of::<f64>()) { backward_bound(&p, 2.0)?; }
    #[test]
    fn f16_backward_within_1_ulp(p in pairs_of::<f16>()) { backward_bound(&p, 1.0)?; }
    #[test]
    fn bf16_backward_within_1_ulp(p in pairs_of::<bf16>()) { backward_bound(&p, 1.0)?; }
}
