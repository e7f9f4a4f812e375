use logsigmoid::{Isa, Kernels, Precision};
use std::hint::black_box;
use std::time::Instant;
fn med(mut f: impl FnMut()) -> f64 {
    let mut v = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        for _ in 0..200 {
            f();
        }
        v.push(t.elapsed().as_secs_f64() / 200.0);
    }
    v.sort_by(f64::total_cmp);
    v[7]
}
fn main() {
    let n = 4096;
    for width in [8.0, 12.0, 40.0] {
        let mut s = 1u64;
        let x: Vec<f32> = (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                ((s >> 11) as f64 / (1u64 << 53) as f64 * width - width / 2.0) as f32
            })
            .collect();
        let mut y = vec![0.0f32; n];
        for isa in [Isa::Avx2, Isa::Avx512] {
            let k = Kernels::new(isa).unwrap();
            let kf = k.with_precision(Precision::Fast);
            let a = med(|| k.log_sigmoid(black_box(&x), &mut y).unwrap());
            let b = med(|| kf.log_sigmoid(black_box(&x), &mut y).unwrap());
            let c = med(|| kf.log_sigmoid_backward(black_box(&x), &x, &mut y).unwrap());
            println!(
                "U[+-{}] {isa:?} faithful {:.3} fast {:.3} ratio {:.2}; fast backward {:.3}",
                width / 2.0,
                a * 1e9 / n as f64,
                b * 1e9 / n as f64,
                a / b,
                c * 1e9 / n as f64
            );
        }
    }
}
