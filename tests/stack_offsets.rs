//! A guard against kernels whose speed depends on where the stack is: each
//! AVX2 and AVX-512 kernel timed with the stack pointer moved by 0, 16, 32
//! and 48 bytes, the offsets interleaved batch by batch so that the
//! machine's noise falls on all of them alike.
//!
//! Before the kernels aligned their frames (`driver::align_frame`), a 32- or
//! 64-byte register spilled at a 16-byte-aligned slot split a cache line at
//! some of the offsets, and this test failed on 12 kernels, by 8-29% (Intel
//! Xeon: the AVX-512 Fast f64 log-sigmoid gradient 0.86 against 1.11 ns);
//! after, at most 2.6% over four runs. Not the 3% target itself, which
//! `examples/stack_spread.rs` checks across processes (`--max-spread 3`) on
//! a quiet machine: this test runs on a shared machine of any CPU model, so
//! it fails only above 5%.
#![cfg(all(target_arch = "x86_64", not(miri)))]

mod common;

use std::hint::black_box;
use std::time::Instant;

use common::{activations, kernels, name, TestFloat, FUNCTIONS};
use logsigmoid::{bf16, f16, Isa};

const LIMIT: f64 = 0.05;

/// Runs `f` with the stack pointer `K` bytes lower than `at::<0>` does.
#[inline(never)]
fn at<const K: usize>(f: &mut dyn FnMut()) {
    let pad = [0u8; K];
    black_box(&pad);
    f();
    black_box(&pad);
}

/// The fastest batch of `f` at each of the offsets 0, 16, 32, 48, and the
/// spread `slowest / fastest - 1`.
fn spread(mut f: impl FnMut()) -> (f64, [f64; 4]) {
    let t = Instant::now();
    f();
    let reps = ((2e-4 / t.elapsed().as_secs_f64().max(1e-9)) as usize).clamp(1, 1000);
    let mut best = [f64::INFINITY; 4];
    let mut batch = || {
        let t = Instant::now();
        for _ in 0..reps {
            f();
        }
        t.elapsed().as_secs_f64()
    };
    for _ in 0..25 {
        let mut time = |k: usize, run: fn(&mut dyn FnMut())| {
            let mut s = 0.0;
            run(&mut || s = batch());
            best[k] = best[k].min(s);
        };
        time(0, at::<0>);
        time(1, at::<16>);
        time(2, at::<32>);
        time(3, at::<48>);
    }
    let lo = best.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = best.iter().copied().fold(0.0, f64::max);
    (hi / lo - 1.0, best.map(|b| b / reps as f64 * 1e9))
}

/// `spread(f)`, measured up to three times while it is above `LIMIT` (a
/// burst of other work on the machine can slow one offset's batches).
fn settled(mut f: impl FnMut()) -> (f64, [f64; 4]) {
    let mut m = spread(&mut f);
    for _ in 0..2 {
        if m.0 <= LIMIT {
            break;
        }
        let again = spread(&mut f);
        if again.0 < m.0 {
            m = again;
        }
    }
    m
}

fn check<T: TestFloat>(failures: &mut Vec<String>) {
    let n = 4096;
    let x = activations::<T>(n, 1);
    let dy = activations::<T>(n, 2);
    let mut y = vec![T::default(); n];
    let simd = kernels()
        .into_iter()
        .filter(|k| matches!(k.isa(), Isa::Avx2 | Isa::Avx512));
    for k in simd {
        for f in FUNCTIONS {
            let fwd = settled(|| f.forward(&k, black_box(&x), &mut y).unwrap());
            let bwd = settled(|| f.backward(&k, black_box(&x), &dy, &mut y).unwrap());
            for (dir, (s, ns)) in [("forward", fwd), ("backward", bwd)] {
                let ns = ns.map(|t| t / n as f64);
                let line = format!(
                    "{} {} {dir} {}: {:.1}% ({:.3} {:.3} {:.3} {:.3} ns at +0 +16 +32 +48)",
                    f.name(),
                    T::NAME,
                    name(&k),
                    100.0 * s,
                    ns[0],
                    ns[1],
                    ns[2],
                    ns[3]
                );
                println!("{line}");
                if s > LIMIT {
                    failures.push(line);
                }
            }
        }
    }
}

#[test]
fn speed_does_not_depend_on_the_stack_offset() {
    let mut failures = Vec::new();
    check::<f32>(&mut failures);
    check::<f64>(&mut failures);
    check::<f16>(&mut failures);
    check::<bf16>(&mut failures);
    assert!(
        failures.is_empty(),
        "speed moves with the stack offset by more than {:.0}%:\n{}",
        100.0 * LIMIT,
        failures.join("\n")
    );
}
