//! The oracle against exact values and an independent 300-bit computation.

use logsigmoid::reference::{
    log_sigmoid, log_sigmoid_backward, log_sigmoid_backward_wide, log_sigmoid_ulp_error,
    log_sigmoid_wide, sigmoid, sigmoid_backward, sigmoid_backward_wide, sigmoid_wide, silu,
    silu_backward, silu_backward_wide, silu_wide, softplus, softplus_backward,
    softplus_backward_wide, softplus_wide, Wide,
};
use logsigmoid::{bf16, f16};

#[test]
#[allow(clippy::excessive_precision)] // the decimal, kept as quoted
fn exact_values() {
    // Correctly rounded (mpmath at 200 bits: -0.31326168751822283405 and
    // -2.5436656473765993986e-13). The foundation issue quoted
    // -0.31326168751822286 (1 ULP off) and -2.543665647376276e-13 (log of
    // 1 + exp(-29), which cancels): naive f64 results, not the exact values.
    assert_eq!(log_sigmoid(1.0f64), -0.3132616875182228);
    assert_eq!(log_sigmoid(29.0f64), -2.5436656473765996e-13);
    assert_eq!(log_sigmoid(-20.0f64), -20.000000002061153);
    assert_eq!(log_sigmoid(400.0f64), -1.9151695967140057e-174);
    assert_eq!(log_sigmoid(100.0f32), -3.7200760e-44);
}

#[test]
fn special_values() {
    assert!(log_sigmoid(f64::NAN).is_nan());
    assert_eq!(log_sigmoid(f64::NEG_INFINITY), f64::NEG_INFINITY);
    assert_eq!(log_sigmoid(f64::INFINITY).to_bits(), (-0.0f64).to_bits());
    assert_eq!(log_sigmoid(0.0f64), -core::f64::consts::LN_2);
    assert_eq!(log_sigmoid(-0.0f32), -core::f32::consts::LN_2);
    // exp(-745.2) is just above half the smallest subnormal; exp(-746) below.
    assert_eq!(log_sigmoid(745.0f64), -5e-324);
    assert_eq!(log_sigmoid(746.0f64).to_bits(), (-0.0f64).to_bits());
    assert_eq!(log_sigmoid(103.0f32), -f32::from_bits(1)); // exp(-103) = 1.29 * 2^-149
    assert_eq!(log_sigmoid(104.0f32).to_bits(), (-0.0f32).to_bits());
    assert_eq!(log_sigmoid(-1e30f32), -1e30f32);
    assert_eq!(log_sigmoid_backward(f64::INFINITY, 3.0), 0.0);
    assert!(log_sigmoid_backward(f64::INFINITY, f64::INFINITY).is_nan());
    assert_eq!(log_sigmoid_backward(f64::NEG_INFINITY, 3.0), 3.0);
    assert_eq!(log_sigmoid_backward(0.0f64, 3.0), 1.5);
    // A tiny gradient far below sigmoid's subnormals, scaled back up by dy.
    let g = log_sigmoid_backward(800.0f64, 1e300);
    let expect = 1e300 * (-800.0f64).exp(); // exp(-800) underflows to 0 in f64
    assert_eq!(expect, 0.0);
    assert!((g - 3.6e-48).abs() < 1e-49, "{g:e}");
}

#[test]
fn softplus_special_values() {
    assert!(softplus(f64::NAN).is_nan());
    assert_eq!(softplus(f64::INFINITY), f64::INFINITY);
    assert_eq!(softplus(f64::NEG_INFINITY).to_bits(), 0.0f64.to_bits());
    assert_eq!(softplus(0.0f64), core::f64::consts::LN_2);
    assert_eq!(softplus(-745.0f64), 5e-324);
    assert_eq!(softplus(-746.0f64).to_bits(), 0.0f64.to_bits());
    assert_eq!(softplus(1e30f32), 1e30f32);
    assert_eq!(softplus(1.0f64), 1.3132616875182228);
    assert_eq!(
        softplus_backward(f64::NEG_INFINITY, -3.0).to_bits(),
        (-0.0f64).to_bits()
    );
    assert_eq!(softplus_backward(f64::INFINITY, 3.0), 3.0);
    assert_eq!(softplus_backward(0.0f64, 3.0), 1.5);
    for x in [-50.0f32, -3.5, -0.25, 0.0, 0.75, 9.0, 90.0] {
        assert_eq!(softplus(x), -log_sigmoid(-x));
        assert_eq!(softplus_backward(x, 1.5), log_sigmoid_backward(-x, 1.5));
    }
}

fn from_hex(s: &str) -> f64 {
    f64::from_bits(u64::from_str_radix(s, 16).unwrap())
}

/// |a - b| relative to |b|, both scaled (hi + lo) 2^e.
fn rel_diff(a: Wide, hi: f64, lo: f64, e: i32) -> f64 {
    let scale =
        |v: f64, k: i32| v * 2f64.powi(k.clamp(-1000, 1000)) * 2f64.powi(k - k.clamp(-1000, 1000));
    if hi == 0.0 {
        return (a.hi + a.lo).abs();
    }
    // Bring a to the exponent e: a = (a.hi + a.lo) 2^a.exp2.
    let k = a.exp2 - e;
    let (ah, al) = (scale(a.hi, k), scale(a.lo, k));
    ((ah - hi) + (al - lo)).abs() / hi.abs()
}

#[test]
fn double_double_agrees_with_300_bit_mpmath() {
    let data = include_str!("data/reference_values.txt");
    let mut n = 0;
    for line in data.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let x = from_hex(f[0]);
        let (hi, lo, e) = (from_hex(f[1]), from_hex(f[2]), f[3].parse::<i32>().unwrap());
        if e < -2000 {
            // Below every format: the oracle only keeps the sign and a bound.
            let w = log_sigmoid_wide(x);
            assert!(w.exp2 <= -2000 && w.hi.is_sign_negative(), "{x:e}: {w:?}");
            continue;
        }
        let d = rel_diff(log_sigmoid_wide(x), hi, lo, e);
        assert!(
            d < 2f64.powi(-100),
            "log_sigmoid({x:e}): relative error {d:e}"
        );
        let (hi, lo, e) = (from_hex(f[4]), from_hex(f[5]), f[6].parse::<i32>().unwrap());
        if e < -2000 {
            continue;
        }
        let d = rel_diff(log_sigmoid_backward_wide(x, 1.0), hi, lo, e);
        assert!(d < 2f64.powi(-100), "sigmoid(-{x:e}): relative error {d:e}");
        // softplus(-x) = -log_sigmoid(x) and its gradient sigmoid(-x): the
        // same 300-bit values.
        let (hi0, lo0, e0) = (from_hex(f[1]), from_hex(f[2]), f[3].parse::<i32>().unwrap());
        let d = rel_diff(softplus_wide(-x), -hi0, -lo0, e0);
        assert!(
            d < 2f64.powi(-100),
            "softplus({:e}): relative error {d:e}",
            -x
        );
        let d = rel_diff(softplus_backward_wide(-x, 1.0), hi, lo, e);
        assert!(d < 2f64.powi(-100), "sigmoid(-{x:e}): relative error {d:e}");
        n += 1;
    }
    assert!(n > 400);
}

#[test]
fn rounding_is_to_nearest_and_errors_are_measured() {
    // The rounded results are within half an ULP of the wide value.
    for i in 0..20_000u32 {
        let x = f32::from_bits(i.wrapping_mul(2_654_435_761));
        if x.is_nan() {
            continue;
        }
        let y = log_sigmoid(x);
        let e = log_sigmoid_ulp_error(x, y);
        assert!(e <= 0.5, "x = {x:e}: {e}");
        // A neighbour is at least half an ULP away.
        if y.is_finite() && y != 0.0 {
            let up = f32::from_bits(y.to_bits() + 1);
            assert!(log_sigmoid_ulp_error(x, up) >= 0.5);
        }
    }
    // A zero of the wrong sign is an infinite error.
    assert_eq!(log_sigmoid_ulp_error(f32::INFINITY, 0.0), f64::INFINITY);
    assert_eq!(log_sigmoid_ulp_error(f32::INFINITY, -0.0), 0.0);
}

#[test]
fn half_types_round_once() {
    // f16: log_sigmoid(-1) = -1.31326... -> nearest f16 is -1.3134765625.
    assert_eq!(log_sigmoid(f16::from_f32(-1.0)).to_f32(), -1.3134766);
    assert_eq!(log_sigmoid(bf16::from_f32(1.0)).to_f32(), -0.3125);
    assert_eq!(log_sigmoid(f16::INFINITY).to_bits(), 0x8000);
    assert_eq!(log_sigmoid(bf16::INFINITY).to_bits(), 0x8000);
    // f16 subnormal results: exp(-16) = 1.125e-7 -> 2^-24 * 1.887 -> 2 * 2^-24.
    assert_eq!(log_sigmoid(f16::from_f32(16.0)).to_bits(), 0x8002);
}

/// sigmoid, sigmoid', silu and silu' against 300-bit mpmath, SiLU's
/// gradient at the f64 and f32 neighbours of its zero included (where a
/// plain double-double `1 + t + x` would cancel to 50 bits or fewer).
#[test]
fn family_agrees_with_300_bit_mpmath() {
    let data = include_str!("data/family_values.txt");
    type Named = (&'static str, fn(f64) -> Wide);
    let functions: [Named; 4] = [
        ("sigmoid", sigmoid_wide),
        ("sigmoid'", |x| sigmoid_backward_wide(x, 1.0)),
        ("silu", silu_wide),
        ("silu'", |x| silu_backward_wide(x, 1.0)),
    ];
    let mut n = 0;
    let mut near_zero = 0;
    for line in data.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let x = from_hex(f[0]);
        for (j, (name, wide)) in functions.iter().enumerate() {
            let (hi, lo, e) = (
                from_hex(f[1 + 3 * j]),
                from_hex(f[2 + 3 * j]),
                f[3 + 3 * j].parse::<i32>().unwrap(),
            );
            if e < -2000 {
                continue;
            }
            let d = rel_diff(wide(x), hi, lo, e);
            assert!(d < 2f64.powi(-100), "{name}({x:e}): relative error {d:e}");
            if j == 3 && (hi.abs() * 2f64.powi(e)) < 1e-6 {
                near_zero += 1;
            }
        }
        n += 1;
    }
    assert!(n > 400);
    assert!(near_zero >= 16, "{near_zero} points near silu's zero");
}

#[test]
fn family_special_values() {
    assert_eq!(sigmoid(0.0f64), 0.5);
    assert_eq!(sigmoid(-0.0f32), 0.5);
    assert_eq!(sigmoid(f64::INFINITY), 1.0);
    assert_eq!(sigmoid(f64::NEG_INFINITY).to_bits(), 0);
    assert!(sigmoid(f32::NAN).is_nan());
    assert_eq!(sigmoid(-100.0f32), f32::from_bits(27)); // exp(-100) = 26.55 2^-149
    assert_eq!(sigmoid(1.0f64), 0.7310585786300049);
    assert_eq!(silu(-0.0f64).to_bits(), (-0.0f64).to_bits());
    assert_eq!(silu(0.0f32).to_bits(), 0);
    assert_eq!(silu(f64::INFINITY), f64::INFINITY);
    assert_eq!(silu(f64::NEG_INFINITY).to_bits(), (-0.0f64).to_bits());
    assert_eq!(silu(-200.0f32).to_bits(), (-0.0f32).to_bits());
    assert_eq!(silu(1.0f64), 0.7310585786300049);
    // silu(x) = x/2 + x^2/4 - ...: the smallest subnormal rounds up, its
    // negative towards zero.
    assert_eq!(silu(f32::from_bits(1)), f32::from_bits(1));
    assert_eq!(silu(-f32::from_bits(3)), -f32::from_bits(1));
    assert_eq!(silu(bf16::from_bits(3)).to_bits(), 2);
    assert_eq!(sigmoid_backward(0.0f64, 3.0), 0.75);
    assert_eq!(
        sigmoid_backward(f64::INFINITY, -3.0).to_bits(),
        (-0.0f64).to_bits()
    );
    assert!(sigmoid_backward(f64::NEG_INFINITY, f64::INFINITY).is_nan());
    assert_eq!(silu_backward(0.0f64, 3.0), 1.5);
    assert_eq!(silu_backward(f64::INFINITY, -3.0), -3.0);
    assert_eq!(
        silu_backward(f64::NEG_INFINITY, 3.0).to_bits(),
        (-0.0f64).to_bits()
    );
    assert_eq!(silu_backward(-1e4f64, 3.0).to_bits(), (-0.0f64).to_bits());
    assert_eq!(silu_backward(-1e4f64, f64::INFINITY), f64::NEG_INFINITY);
    // sigmoid = softplus' and sigmoid' = sigmoid(x) sigmoid(-x).
    for x in [-50.0f64, -3.5, -0.25, 0.0, 0.75, 9.0, 90.0] {
        assert_eq!(sigmoid(x), softplus_backward(x, 1.0)); // both correctly rounded
        let s = sigmoid_wide(x).to_f64() * sigmoid_wide(-x).to_f64();
        assert!((sigmoid_backward(x, 1.0) - s).abs() <= 4.0 * f64::EPSILON * s);
    }
}
