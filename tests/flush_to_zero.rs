//! Under flush-to-zero and denormals-are-zero (MXCSR FTZ and DAZ on x86,
//! FPCR.FZ on Arm, which ML frameworks often set), every kernel still
//! returns sane results: NaN only
//! for NaN, no garbage, within the usual bounds wherever the exact result is
//! at least 2^-125 (2^-1021 in f64), and zero (of the right sign) or a value
//! within bounds below that. Subnormal inputs read as zero.
#![cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]

mod common;

use common::{bounds, kernels, name, Rng, TestFloat, FUNCTIONS};
use logsigmoid::{bf16, f16};

/// Runs `f` with MXCSR's FTZ and DAZ bits set, then restores MXCSR.
#[cfg(target_arch = "x86_64")]
fn with_ftz_daz<R>(f: impl FnOnce() -> R) -> R {
    const FTZ_DAZ: u32 = (1 << 15) | (1 << 6);
    use std::arch::asm;
    let mut old: u32 = 0;
    // SAFETY: stmxcsr/ldmxcsr only read and write the MXCSR register (and
    // the local they are given); the old value is restored below, so no
    // code outside `f` runs with the changed mode.
    unsafe { asm!("stmxcsr [{}]", in(reg) &mut old, options(nostack)) };
    let new = old | FTZ_DAZ;
    // SAFETY: as above.
    unsafe { asm!("ldmxcsr [{}]", in(reg) &new, options(nostack)) };
    let r = f();
    // SAFETY: as above.
    unsafe { asm!("ldmxcsr [{}]", in(reg) &old, options(nostack)) };
    r
}

/// Runs `f` with FPCR.FZ set (flush subnormal inputs and results to zero),
/// then restores FPCR.
#[cfg(target_arch = "aarch64")]
fn with_ftz_daz<R>(f: impl FnOnce() -> R) -> R {
    use std::arch::asm;
    let old: u64;
    // SAFETY: mrs/msr only read and write FPCR; the old value is restored
    // below, so no code outside `f` runs with the changed mode.
    unsafe { asm!("mrs {}, fpcr", out(reg) old, options(nomem, nostack)) };
    // SAFETY: as above.
    unsafe { asm!("msr fpcr, {}", in(reg) old | (1 << 24), options(nomem, nostack)) };
    let r = f();
    // SAFETY: as above.
    unsafe { asm!("msr fpcr, {}", in(reg) old, options(nomem, nostack)) };
    r
}

fn sample<T: TestFloat>() -> Vec<T> {
    let mut v = T::edges();
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..20_000 {
        let s = r.next_u64();
        v.push(if i % 2 == 0 {
            T::from_bits_u64(s)
        } else {
            T::from_f64(((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 240.0)
        });
    }
    v
}

fn check<T: TestFloat>(tiny: f64) {
    let x = sample::<T>();
    let dy: Vec<T> = x.iter().rev().copied().collect();
    for (f, k) in FUNCTIONS
        .into_iter()
        .flat_map(|f| kernels().into_iter().map(move |k| (f, k)))
    {
        let (fwd_bound, bwd_bound) = bounds::<T>(&k);
        let (y, dx) = with_ftz_daz(|| {
            let mut y = vec![T::from_f64(0.0); x.len()];
            let mut dx = vec![T::from_f64(0.0); x.len()];
            f.forward(&k, &x, &mut y).unwrap();
            f.backward(&k, &x, &dy, &mut dx).unwrap();
            (y, dx)
        });
        for i in 0..x.len() {
            // DAZ: a subnormal input is read as a zero of its sign.
            let daz = |v: T| {
                if v.to_f64().abs() < tiny {
                    T::from_f64(0.0f64.copysign(v.to_f64()))
                } else {
                    v
                }
            };
            let (xi, dyi) = (daz(x[i]), daz(dy[i]));
            assert_eq!(
                y[i].is_nan(),
                xi.is_nan(),
                "{} {}: forward({:?}) = {:?}",
                name(&k),
                T::NAME,
                x[i],
                y[i]
            );
            let want = f.reference(xi).to_f64();
            if want.abs() >= 2.0 * tiny {
                let e = f.ulp_error(xi, y[i]);
                assert!(
                    e <= fwd_bound,
                    "{} {} FTZ: {} {}({:?}) = {:?}: {e} ULP",
                    name(&k),
                    f.name(),
                    T::NAME,
                    "",
                    x[i],
                    y[i]
                );
            } else if !xi.is_nan() {
                // Flushed: a zero of the exact value's sign, or a value
                // within bounds.
                let ok = (y[i].to_f64() == 0.0
                    && y[i].to_f64().is_sign_negative() == want.is_sign_negative())
                    || f.ulp_error(xi, y[i]) <= fwd_bound;
                assert!(
                    ok,
                    "{} {} FTZ: forward({:?}) = {:?}",
                    name(&k),
                    T::NAME,
                    x[i],
                    y[i]
                );
            }
            let want = f.reference_backward(xi, dyi).to_f64();
            if want.is_nan() {
                assert!(dx[i].is_nan());
            } else if want.abs() >= 2.0 * tiny {
                let e = f.backward_ulp_error(xi, dyi, dx[i]);
                assert!(
                    e <= bwd_bound,
                    "{} {} FTZ: {} {}_backward({:?}, {:?}) = {:?}: {e} ULP",
                    name(&k),
                    f.name(),
                    T::NAME,
                    "",
                    x[i],
                    dy[i],
                    dx[i]
                );
            } else {
                assert!(
                    dx[i].to_f64().abs() < 4.0 * tiny,
                    "{} {} FTZ: backward({:?}, {:?}) = {:?}",
                    name(&k),
                    T::NAME,
                    x[i],
                    dy[i],
                    dx[i]
                );
            }
        }
    }
}

#[test]
fn the_mode_is_really_set() {
    let tiny = std::hint::black_box(f32::MIN_POSITIVE);
    assert_eq!(
        with_ftz_daz(|| std::hint::black_box(tiny) * std::hint::black_box(0.5f32)),
        0.0
    );
    assert!(tiny * 0.5 > 0.0);
}

#[test]
fn f32_under_ftz_daz() {
    check::<f32>(f64::from(f32::MIN_POSITIVE));
}

#[test]
fn f64_under_ftz_daz() {
    check::<f64>(f64::MIN_POSITIVE);
}

#[test]
fn f16_under_ftz_daz() {
    // f16 values are never f32 subnormals: the f16 results are unaffected.
    check::<f16>(f64::from(f32::MIN_POSITIVE));
}

#[test]
fn bf16_under_ftz_daz() {
    check::<bf16>(f64::from(f32::MIN_POSITIVE));
}
