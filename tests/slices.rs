//! Every function, every length from 0 to 16 vectors + 3 (the kernels'
//! main loop works on blocks of 8 registers), every misalignment of input
//! and output, in place and out of place, with guard elements around the
//! output that must stay untouched; and length mismatches, which write
//! nothing.

mod common;

use common::{kernels, reference_kernels, Function, Rng, TestFloat, FUNCTIONS};
use logsigmoid::{bf16, f16, Error, Kernels};

const GUARD: usize = 8;

/// Deterministic inputs covering every binade, the edges, NaN and infinities.
fn inputs<T: TestFloat>(n: usize, seed: u64) -> Vec<T> {
    let edges = T::edges();
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    (0..n)
        .map(|i| {
            let s = r.next_u64();
            if i % 5 == 0 {
                edges[(s % edges.len() as u64) as usize]
            } else {
                // Mostly moderate values, where every part of the algorithm matters.
                let v = (s >> 11) as f64 / (1u64 << 53) as f64;
                let mag = 2f64.powf(v * 14.0 - 7.0);
                T::from_f64(if s & 1 == 0 { mag } else { -mag })
            }
        })
        .collect()
}

/// What every kernel must produce, element by element: its group's
/// reference kernel (`common::reference_kernels`: Portable where the build
/// has FMA) on one element at a time.
fn expected_forward<T: TestFloat>(f: Function, k: &Kernels, x: &[T]) -> Vec<T> {
    let p = reference_kernels(k);
    x.iter()
        .map(|&v| {
            let mut y = [v];
            f.forward_in_place(&p, &mut y);
            y[0]
        })
        .collect()
}

fn expected_backward<T: TestFloat>(f: Function, k: &Kernels, x: &[T], dy: &[T]) -> Vec<T> {
    let p = reference_kernels(k);
    x.iter()
        .zip(dy)
        .map(|(&a, &b)| {
            let mut d = [b];
            f.backward_in_place(&p, &[a], &mut d).unwrap();
            d[0]
        })
        .collect()
}

fn sentinel<T: TestFloat>() -> T {
    T::from_f64(12345.0)
}

fn assert_same<T: TestFloat>(got: &[T], want: &[T], what: &str) {
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(g.same(*w), "{what}: element {i}: got {g:?}, want {w:?}");
    }
}

fn check_guards<T: TestFloat>(buf: &[T], start: usize, len: usize, what: &str) {
    for (i, v) in buf.iter().enumerate() {
        if i < start || i >= start + len {
            assert!(v.same(sentinel()), "{what}: guard element {i} was written");
        }
    }
}

fn sweep<T: TestFloat>() {
    // Under Miri (about 10^4 times slower) a sparser sweep: still every tail
    // length of the widest vector and several misalignments.
    // Every length up to 16 vectors + 3: the main loop's blocks of 8
    // registers, the single registers after them, and every tail. Under
    // Miri, the tails of one vector and one length through blocks.
    let w = T::WIDE_LANES;
    let lengths: Vec<usize> = if cfg!(all(miri, target_feature = "avx2")) {
        // Every tail of one AVX2 register (w / 2 lanes), and one block of
        // 8 registers, one single register and a tail.
        (0..=w / 2 + 3).chain([4 * w + w / 2 + 3]).collect()
    } else if cfg!(miri) {
        // Miri without SIMD runs the portable kernel only (one lane, so no
        // tails): lengths through two of its blocks of 4 scalars and 3 more.
        (0..=11).collect()
    } else {
        (0..=16 * w + 3).collect()
    };
    let max_len = lengths[lengths.len() - 1];
    let offsets = if cfg!(miri) {
        3
    } else {
        64 / core::mem::size_of::<T>()
    }; // every misalignment within a cache line
    let x_all = inputs::<T>(max_len + offsets, 1);
    let dy_all = inputs::<T>(max_len + offsets, 2);
    // Under Miri, one function: the loops' memory accesses do not depend on it.
    let functions = if cfg!(miri) {
        &FUNCTIONS[..1]
    } else {
        &FUNCTIONS[..]
    };
    let sets = kernels();
    for (f, k) in functions
        .iter()
        .flat_map(|&f| sets.iter().map(move |&k| (f, k)))
    {
        for &len in &lengths {
            for x_off in 0..offsets {
                let x = &x_all[x_off..x_off + len];
                let dy = &dy_all[x_off..x_off + len];
                let want_y = expected_forward(f, &k, x);
                let want_dx = expected_backward(f, &k, x, dy);
                // Output misalignments: a few per input misalignment keeps the
                // sweep quadratic, not cubic, in the offsets while still
                // pairing every input offset with every output offset once.
                for out_off in [x_off, (x_off + 1) % offsets, (x_off * 7 + 3) % offsets] {
                    let what = format!(
                        "{} {} {} len {len} x_off {x_off} out_off {out_off}",
                        f.name(),
                        k.isa().name(),
                        T::NAME
                    );
                    let mut buf = vec![sentinel::<T>(); GUARD + out_off + len + GUARD];
                    let start = GUARD + out_off;
                    f.forward(&k, x, &mut buf[start..start + len]).unwrap();
                    assert_same(
                        &buf[start..start + len],
                        &want_y,
                        &format!("forward {what}"),
                    );
                    check_guards(&buf, start, len, &format!("forward {what}"));

                    let mut buf = vec![sentinel::<T>(); GUARD + out_off + len + GUARD];
                    f.backward(&k, x, dy, &mut buf[start..start + len]).unwrap();
                    assert_same(
                        &buf[start..start + len],
                        &want_dx,
                        &format!("backward {what}"),
                    );
                    check_guards(&buf, start, len, &format!("backward {what}"));

                    // In place: the data at the output's misalignment.
                    let mut buf = vec![sentinel::<T>(); GUARD + out_off + len + GUARD];
                    buf[start..start + len].copy_from_slice(x);
                    f.forward_in_place(&k, &mut buf[start..start + len]);
                    assert_same(
                        &buf[start..start + len],
                        &want_y,
                        &format!("forward_in_place {what}"),
                    );
                    check_guards(&buf, start, len, &format!("forward_in_place {what}"));

                    let mut buf = vec![sentinel::<T>(); GUARD + out_off + len + GUARD];
                    buf[start..start + len].copy_from_slice(dy);
                    f.backward_in_place(&k, x, &mut buf[start..start + len])
                        .unwrap();
                    assert_same(
                        &buf[start..start + len],
                        &want_dx,
                        &format!("backward_in_place {what}"),
                    );
                    check_guards(&buf, start, len, &format!("backward_in_place {what}"));
                }
            }
        }
    }
}

#[test]
fn f32_lengths_offsets_guards() {
    sweep::<f32>();
}

#[test]
fn f64_lengths_offsets_guards() {
    sweep::<f64>();
}

#[test]
// Miri cannot run F16C's conversions: its AVX2 run leaves f16 to the plain run.
#[cfg_attr(all(miri, target_feature = "f16c"), ignore)]
fn f16_lengths_offsets_guards() {
    sweep::<f16>();
}

#[test]
fn bf16_lengths_offsets_guards() {
    sweep::<bf16>();
}

fn mismatch<T: TestFloat>(f: Function) {
    let s = sentinel::<T>();
    for k in kernels() {
        let x = inputs::<T>(10, 3);
        let mut y = vec![s; 9];
        assert_eq!(
            f.forward(&k, &x, &mut y),
            Err(Error::LengthMismatch {
                argument: "y",
                expected: 10,
                found: 9
            })
        );
        assert!(y.iter().all(|v| v.same(s)));
        let dy = inputs::<T>(11, 4);
        let mut dx = vec![s; 10];
        assert_eq!(
            f.backward(&k, &x, &dy, &mut dx),
            Err(Error::LengthMismatch {
                argument: "dy",
                expected: 10,
                found: 11
            })
        );
        assert!(dx.iter().all(|v| v.same(s)));
        let dy = inputs::<T>(10, 4);
        let mut dx = vec![s; 12];
        assert!(matches!(
            f.backward(&k, &x, &dy, &mut dx),
            Err(Error::LengthMismatch { argument: "dx", .. })
        ));
        assert!(dx.iter().all(|v| v.same(s)));
        let mut dy = vec![s; 3];
        assert!(f.backward_in_place(&k, &x, &mut dy).is_err());
        assert!(dy.iter().all(|v| v.same(s)));
    }
    // The free functions check the same way.
    let x = inputs::<T>(10, 3);
    let mut y = vec![s; 0];
    assert!(logsigmoid::log_sigmoid(&x, &mut y).is_err());
    assert!(logsigmoid::softplus(&x, &mut y).is_err());
    let mut dx = vec![s; 2];
    assert!(logsigmoid::log_sigmoid_backward(&x, &x, &mut dx).is_err());
    assert!(logsigmoid::softplus_backward(&x, &x, &mut dx).is_err());
    assert!(dx.iter().all(|v| v.same(s)));
    assert!(logsigmoid::log_sigmoid_backward_in_place(&x, &mut dx).is_err());
    assert!(logsigmoid::softplus_backward_in_place(&x, &mut dx).is_err());
    assert!(dx.iter().all(|v| v.same(s)));
}

#[test]
fn length_mismatch_is_an_error_and_writes_nothing() {
    for f in FUNCTIONS {
        mismatch::<f32>(f);
        mismatch::<f64>(f);
        mismatch::<f16>(f);
        mismatch::<bf16>(f);
    }
    let e = Error::LengthMismatch {
        argument: "dy",
        expected: 3,
        found: 4,
    };
    assert_eq!(
        e.to_string(),
        "length mismatch: x has 3 elements but dy has 4"
    );
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(boxed.to_string().contains("dy"));
}

#[test]
fn empty_slices() {
    for f in FUNCTIONS {
        for k in kernels() {
            f.forward::<f32>(&k, &[], &mut []).unwrap();
            f.backward::<f64>(&k, &[], &[], &mut []).unwrap();
            f.forward_in_place::<f16>(&k, &mut []);
            f.backward_in_place::<bf16>(&k, &[], &mut []).unwrap();
        }
    }
}

#[test]
fn raw_bits_views_are_the_typed_slices() {
    // Every bit pattern (under Miri, every 509th).
    let raw: Vec<u16> = (0..=u16::MAX)
        .step_by(if cfg!(miri) { 509 } else { 1 })
        .collect();
    let mut out = vec![0u16; raw.len()];
    logsigmoid::log_sigmoid(
        logsigmoid::bits::f16s(&raw),
        logsigmoid::bits::f16s_mut(&mut out),
    )
    .unwrap();
    let typed: Vec<f16> = raw.iter().map(|&b| f16::from_bits(b)).collect();
    let mut want = vec![f16::ZERO; raw.len()];
    logsigmoid::log_sigmoid(&typed, &mut want).unwrap();
    // Bit-equal, or both NaN (Miri makes NaN payloads nondeterministic).
    let same = |o: u16, w: u16, nan: fn(u16) -> bool| o == w || (nan(o) && nan(w));
    let f16_nan = |b: u16| f16::from_bits(b).is_nan();
    let bf16_nan = |b: u16| bf16::from_bits(b).is_nan();
    assert!(out
        .iter()
        .zip(&want)
        .all(|(&o, w)| same(o, w.to_bits(), f16_nan)));
    let mut out = raw.clone();
    logsigmoid::softplus_in_place(logsigmoid::bits::bf16s_mut(&mut out));
    let typed: Vec<bf16> = raw.iter().map(|&b| bf16::from_bits(b)).collect();
    let mut want = vec![bf16::ZERO; raw.len()];
    logsigmoid::softplus(logsigmoid::bits::bf16s(&raw), &mut want).unwrap();
    let mut check = vec![bf16::ZERO; raw.len()];
    logsigmoid::softplus(&typed, &mut check).unwrap();
    assert!(out
        .iter()
        .zip(&want)
        .all(|(&o, w)| same(o, w.to_bits(), bf16_nan)));
    assert!(want
        .iter()
        .zip(&check)
        .all(|(a, b)| same(a.to_bits(), b.to_bits(), bf16_nan)));
}
