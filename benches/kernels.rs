//! Criterion benches: every function x op x type x supported ISA x size,
//! and the naive loops a Rust user would write. Names select sensibly:
//! `cargo bench -- softplus/f32/forward`, `cargo bench -- avx512`,
//! `cargo bench -- /4096`.

use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use logsigmoid::{bf16, f16, Isa, Kernels};

#[path = "../tests/common/mod.rs"]
mod common;
use common::{activations, Function, TestFloat, FUNCTIONS};

const SIZES: [usize; 3] = [4096, 65_536, 1 << 24];

fn bench_type<T: TestFloat>(c: &mut Criterion, f: Function) {
    let kernels: Vec<Kernels> = Isa::supported().map(|i| Kernels::new(i).unwrap()).collect();
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
            for k in &kernels {
                g.bench_with_input(BenchmarkId::new(k.isa().name(), n), &n, |b, _| match op {
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
            if op == "forward" {
                g.bench_with_input(BenchmarkId::new("copy", n), &n, |b, _| {
                    b.iter(|| out.copy_from_slice(black_box(&x)))
                });
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
