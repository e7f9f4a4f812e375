//! Criterion benches: every function x op x type x supported ISA (both
//! precisions: `avx2`, `avx2-fast`) x size, and the peers: the naive loops a
//! Rust user would write, `par` (feature `rayon`), SLEEF (feature `sleef`:
//! `sleef-avx2`, `sleef-avx512`) and a copy of the same bytes (`copy`,
//! `par-copy`). Names select sensibly: `cargo bench -- softplus/f32/forward`,
//! `cargo bench -- avx512`, `cargo bench -- /4096`.

use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use logsigmoid::{bf16, f16, Kernels};

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/peers.rs"]
mod peers;
use common::{activations, all_kernels, label, Function, FUNCTIONS};
use peers::PeerFloat as TestFloat;

const SIZES: [usize; 3] = [4096, 65_536, 1 << 24];

fn bench_type<T: TestFloat>(c: &mut Criterion, f: Function) {
    let kernels: Vec<(String, Kernels)> =
        all_kernels().into_iter().map(|k| (label(&k), k)).collect();
    for op in ["forward", "forward_in_place", "backward"] {
        let mut g = c.benchmark_group(format!("{}/{}/{op}", f.name(), T::NAME));
        g.warm_up_time(Duration::from_millis(300));
        g.measurement_time(Duration::from_secs(1));
        for &n in &SIZES {
            if n > 65_536 {
                g.sample_size(10);
            }
            g.throughput(Throughput::Elements(n as u64));
            let x = activations::<T>(n, 1);
            let dy = activations::<T>(n, 2);
            let mut out = vec![T::from_f64(0.0); n];
            for (name, k) in &kernels {
                g.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| match op {
                    "forward" => b.iter(|| f.forward(k, black_box(&x), &mut out).unwrap()),
                    "forward_in_place" => b.iter(|| {
                        out.copy_from_slice(&x);
                        f.forward_in_place(k, black_box(&mut out))
                    }),
                    _ => b.iter(|| f.backward(k, black_box(&x), &dy, &mut out).unwrap()),
                });
            }
            if n <= 65_536 && op != "forward_in_place" {
                g.bench_with_input(BenchmarkId::new("naive", n), &n, |b, _| match op {
                    "forward" => b.iter(|| T::naive_forward(f, black_box(&x), &mut out)),
                    _ => b.iter(|| T::naive_backward(f, black_box(&x), &dy, &mut out)),
                });
            }
            if peers::PAR {
                g.bench_with_input(BenchmarkId::new("par", n), &n, |b, _| match op {
                    "forward" => b.iter(|| peers::par_forward(f, black_box(&x), &mut out)),
                    "forward_in_place" => b.iter(|| {
                        out.copy_from_slice(&x);
                        peers::par_forward_in_place(f, black_box(&mut out))
                    }),
                    _ => b.iter(|| peers::par_backward(f, black_box(&x), &dy, &mut out)),
                });
            }
            for (name, sl) in peers::sleefs() {
                let has = match op {
                    "forward" => T::sleef_forward(sl, f, &x, &mut out),
                    "backward" => T::sleef_backward(sl, f, &x, &dy, &mut out),
                    _ => false,
                };
                if has {
                    g.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| match op {
                        "forward" => b.iter(|| T::sleef_forward(sl, f, black_box(&x), &mut out)),
                        _ => b.iter(|| T::sleef_backward(sl, f, black_box(&x), &dy, &mut out)),
                    });
                }
            }
            if op == "forward" {
                g.bench_with_input(BenchmarkId::new("copy", n), &n, |b, _| {
                    b.iter(|| out.copy_from_slice(black_box(&x)))
                });
                if peers::PAR {
                    g.bench_with_input(BenchmarkId::new("par-copy", n), &n, |b, _| {
                        b.iter(|| peers::par_copy(black_box(&x), &mut out))
                    });
                }
            }
        }
        g.finish();
    }
}

fn benches(c: &mut Criterion) {
    for f in FUNCTIONS {
        bench_type::<f32>(c, f);
        bench_type::<f64>(c, f);
        bench_type::<f16>(c, f);
        bench_type::<bf16>(c, f);
    }
}

criterion_group!(kernels, benches);
criterion_main!(kernels);
