//! A coarse guard against losing the SIMD code generation (for example a
//! closure in a kernel loop, which is compiled without the target features
//! and turns every intrinsic into a call: 40x slower). Not a benchmark: the
//! threshold is a third of the measured speedup, to stay quiet on a noisy
//! shared machine.
#![cfg(all(target_arch = "x86_64", not(miri)))]

use std::hint::black_box;
use std::time::Instant;

use logsigmoid::{Isa, Kernels};

fn best_of(mut f: impl FnMut()) -> f64 {
    (0..15)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn simd_kernels_beat_the_naive_loop() {
    let x: Vec<f32> = (0..65_536)
        .map(|i| (i as f32 / 65_536.0 - 0.5) * 8.0)
        .collect();
    let mut y = vec![0.0f32; x.len()];
    let naive = best_of(|| {
        for (y, &x) in y.iter_mut().zip(black_box(&x)) {
            *y = x.min(0.0) - (-x.abs()).exp().ln_1p();
        }
    });
    for isa in [Isa::Avx2, Isa::Avx512] {
        let Ok(k) = Kernels::new(isa) else {
            continue;
        };
        for op in [
            "forward",
            "backward",
            "softplus",
            "softplus_backward",
            "sigmoid",
            "silu",
            "silu_backward",
        ] {
            let t = best_of(|| match op {
                "forward" => k.log_sigmoid(black_box(&x), &mut y).unwrap(),
                "softplus" => k.softplus(black_box(&x), &mut y).unwrap(),
                "sigmoid" => k.sigmoid(black_box(&x), &mut y).unwrap(),
                "silu" => k.silu(black_box(&x), &mut y).unwrap(),
                "backward" => k.log_sigmoid_backward(black_box(&x), &x, &mut y).unwrap(),
                "silu_backward" => k.silu_backward(black_box(&x), &x, &mut y).unwrap(),
                _ => k.softplus_backward(black_box(&x), &x, &mut y).unwrap(),
            });
            // Measured: forward 6.6x (AVX2) and 10x (AVX-512) the naive
            // forward loop; backward about 1.5x and 2.5x of the naive
            // forward's time (silu's about 5x on Zen 3 AVX2).
            let min = match op {
                "silu_backward" => 2.0,
                o if o.ends_with("backward") => 4.0,
                _ => 2.0,
            };
            assert!(
                naive / t > min,
                "{} {op}: only {:.1}x the naive loop",
                isa.name(),
                naive / t
            );
        }
    }
}

/// The AVX kernel is the portable one's loops compiled for AVX: it must
/// stay faster than the baseline build's (measured here on a Zen 4: 1.63x
/// for f64 log-sigmoid and sigmoid forward together, 16,384 elements), or
/// its code generation is lost. Checked where the CPU has AVX2 too (full
/// 256-bit units; Jaguar and Bulldozer split them, and a ratio measured
/// there says little): the code generation it guards is the build's, the
/// same on every CPU.
#[test]
fn avx_beats_the_portable_kernel() {
    let (Ok(avx), Ok(portable)) = (Kernels::new(Isa::Avx), Kernels::new(Isa::Portable)) else {
        return;
    };
    if Isa::Portable.is_fused() || !Isa::Avx2.is_supported() {
        // A build with FMA (and so with AVX) throughout: nothing to compare.
        return;
    }
    let x: Vec<f64> = (0..16_384)
        .map(|i| (i as f64 / 16_384.0 - 0.5) * 16.0)
        .collect();
    let mut y = vec![0.0f64; x.len()];
    let time = |k: Kernels, y: &mut [f64]| {
        best_of(|| {
            k.log_sigmoid(black_box(&x), y).unwrap();
            k.sigmoid(black_box(&x), y).unwrap();
        })
    };
    let ratio = time(portable, &mut y) / time(avx, &mut y);
    assert!(ratio > 1.2, "avx: only {ratio:.2}x the portable kernel");
}
