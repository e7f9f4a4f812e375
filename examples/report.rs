//! The CPU report: what this machine's CPU can do with `logsigmoid`.
//!
//!     cargo run --release --example report [-- --quick]
//!
//! Prints the CPU and build, the ISAs this CPU supports, a spot check of
//! accuracy against the double-double reference, and a Markdown table of
//! throughput per ISA and type against the naive loop a Rust user writes.
//! Progress goes to stderr, the report to stdout. Times are medians of
//! several runs; on a shared machine compare ratios taken in one run.

use std::hint::black_box;
use std::time::Instant;

use logsigmoid::reference::{log_sigmoid_backward_ulp_error, log_sigmoid_ulp_error};
use logsigmoid::{bf16, f16, Element, Isa, LogSigmoid};

trait ReportFloat: Element + Copy + Default {
    const NAME: &'static str;
    fn from_f64(v: f64) -> Self;
    fn from_bits_u64(b: u64) -> Self;
    fn naive_forward(x: &[Self], y: &mut [Self]);
    fn naive_backward(x: &[Self], dy: &[Self], dx: &mut [Self]);
}

macro_rules! report_float {
    ($t:ty, $name:expr, $from:expr, $bits:expr, $to:expr, $back:expr) => {
        impl ReportFloat for $t {
            const NAME: &'static str = $name;
            fn from_f64(v: f64) -> $t {
                $from(v)
            }
            fn from_bits_u64(b: u64) -> $t {
                $bits(b)
            }
            fn naive_forward(x: &[$t], y: &mut [$t]) {
                for (y, &x) in y.iter_mut().zip(x) {
                    let x = $to(x);
                    *y = $back(x.min(0.0) - (-x.abs()).exp().ln_1p());
                }
            }
            fn naive_backward(x: &[$t], dy: &[$t], dx: &mut [$t]) {
                for ((dx, &dy), &x) in dx.iter_mut().zip(dy).zip(x) {
                    *dx = $back($to(dy) / (1.0 + $to(x).exp()));
                }
            }
        }
    };
}

report_float!(
    f32,
    "f32",
    |v| v as f32,
    |b| f32::from_bits(b as u32),
    |v: f32| v,
    |v: f32| v
);
report_float!(f64, "f64", |v| v, f64::from_bits, |v: f64| v, |v: f64| v);
report_float!(
    f16,
    "f16",
    f16::from_f64,
    |b| f16::from_bits(b as u16),
    |v: f16| v.to_f32(),
    f16::from_f32
);
report_float!(
    bf16,
    "bf16",
    bf16::from_f64,
    |b| bf16::from_bits(b as u16),
    |v: bf16| v.to_f32(),
    bf16::from_f32
);

fn data<T: ReportFloat>(n: usize, seed: u64) -> Vec<T> {
    let mut s = seed | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            T::from_f64(((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 8.0)
        })
        .collect()
}

/// Median seconds per call of `f` over `runs` timed batches.
fn median_time(runs: usize, n: usize, mut f: impl FnMut()) -> f64 {
    // Enough calls per batch for ~2 ms.
    let t = Instant::now();
    f();
    let once = t.elapsed().as_secs_f64().max(1e-9);
    let reps = ((2e-3 / once) as usize).clamp(1, 10_000);
    let _ = n;
    let mut v: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..reps {
                f();
            }
            t.elapsed().as_secs_f64() / reps as f64
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn accuracy<T: ReportFloat>(k: &LogSigmoid, n: usize) -> (f64, f64) {
    let mut s = 0x1234_5678_9abc_def1u64;
    let x: Vec<T> = (0..n)
        .map(|i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            if i % 2 == 0 {
                T::from_bits_u64(s)
            } else {
                T::from_f64(((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 60.0)
            }
        })
        .collect();
    let dy = data::<T>(n, 9);
    let mut y = vec![T::default(); n];
    k.forward(&x, &mut y).unwrap();
    let fwd = x
        .iter()
        .zip(&y)
        .map(|(&a, &b)| log_sigmoid_ulp_error(a, b))
        .fold(0.0, f64::max);
    k.backward(&x, &dy, &mut y).unwrap();
    let bwd = (0..n)
        .map(|i| log_sigmoid_backward_ulp_error(x[i], dy[i], y[i]))
        .fold(0.0, f64::max);
    (fwd, bwd)
}

fn row<T: ReportFloat>(k: &LogSigmoid, n: usize, runs: usize) -> (f64, f64, f64, f64) {
    let x = data::<T>(n, 1);
    let dy = data::<T>(n, 2);
    let mut y = vec![T::default(); n];
    let f = median_time(runs, n, || k.forward(black_box(&x), &mut y).unwrap());
    let b = median_time(runs, n, || k.backward(black_box(&x), &dy, &mut y).unwrap());
    let nf = median_time(runs, n, || T::naive_forward(black_box(&x), &mut y));
    let nb = median_time(runs, n, || T::naive_backward(black_box(&x), &dy, &mut y));
    let per = |t: f64| t * 1e9 / n as f64;
    (per(f), per(b), per(nf), per(nb))
}

fn cpu_name() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn features() -> Vec<&'static str> {
    let mut v = Vec::new();
    #[cfg(target_arch = "x86_64")]
    {
        macro_rules! f {
            ($($name:tt),*) => {$( if std::is_x86_feature_detected!($name) { v.push($name); } )*};
        }
        f!(
            "avx2",
            "fma",
            "f16c",
            "avx512f",
            "avx512bw",
            "avx512dq",
            "avx512vl",
            "avx512bf16",
            "avx512fp16"
        );
    }
    #[cfg(target_arch = "aarch64")]
    {
        macro_rules! f {
            ($($name:tt),*) => {$( if std::arch::is_aarch64_feature_detected!($name) { v.push($name); } )*};
        }
        f!("neon", "fp16", "bf16", "sve");
    }
    v
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (n, runs, acc_n) = if quick {
        (4096, 5, 2_000)
    } else {
        (4096, 15, 20_000)
    };
    println!("# logsigmoid CPU report\n");
    println!(
        "- CPU: {} ({} threads)",
        cpu_name(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("- detected features: {}", features().join(", "));
    println!(
        "- ISAs supported: {}; best: **{}**",
        Isa::supported()
            .map(|i| i.name())
            .collect::<Vec<_>>()
            .join(", "),
        Isa::best()
    );
    println!(
        "- build: {}, {} ({}, opt-level {})",
        logsigmoid::build::RUSTC,
        logsigmoid::build::TARGET,
        logsigmoid::build::PROFILE,
        logsigmoid::build::OPT_LEVEL
    );
    println!();
    println!("| ISA | type | forward ns/elem | vs naive | backward ns/elem | vs naive | max ULP fwd / bwd (sample) |");
    println!("|---|---|---:|---:|---:|---:|---|");
    for isa in Isa::supported() {
        let k = LogSigmoid::new(isa).unwrap();
        macro_rules! line {
            ($t:ty) => {{
                eprintln!("measuring {} {} ...", isa.name(), <$t>::NAME);
                let (f, b, nf, nb) = row::<$t>(&k, n, runs);
                let (ef, eb) = accuracy::<$t>(&k, acc_n);
                println!(
                    "| {} | {} | {:.3} | {:.1}x | {:.3} | {:.1}x | {:.3} / {:.3} |",
                    isa.name(),
                    <$t>::NAME,
                    f,
                    nf / f,
                    b,
                    nb / b,
                    ef,
                    eb
                );
            }};
        }
        line!(f32);
        line!(f64);
        line!(f16);
        line!(bf16);
    }
    println!("\n{n} elements per call; medians of {runs} runs; \"vs naive\": the loop `x.min(0.0) - (-x.abs()).exp().ln_1p()` (backward `dy / (1.0 + x.exp())`) in the same type, through f32 for f16 and bf16. Accuracy: {acc_n} inputs per type (half random bit patterns, half in [-30, 30]) against the double-double reference.");
}
