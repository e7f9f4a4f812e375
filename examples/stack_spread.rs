//! Speed across stack offsets: the same kernels timed in processes whose
//! initial stack starts at different addresses.
//!
//! ```text
//! cargo run --release --example stack_spread                   # every kernel at 4096
//! cargo run --release --example stack_spread -- --max-spread 3 # exit 1 above 3 %
//! cargo run --release --example stack_spread -- --function log_sigmoid --type f32,f64 --kernel avx2,naive
//! cargo run --release --example stack_spread -- --step 456     # offsets across a 4 KiB page
//! ```
//!
//! The parent re-runs this program under `setarch <arch> -R` (no address
//! randomisation, so each child's addresses repeat exactly) with the
//! environment padded by 0, 8, ..., 64 bytes (`--step`: 0, s, ..., 8 s),
//! which moves the initial stack and nothing else. Each child times every
//! kernel (each ISA and precision, each function, type and direction; the
//! naive loop and a copy as controls) and prints the fastest of its
//! batches; each offset runs `--rounds` times (default 3) and keeps the
//! fastest. The parent prints, per kernel, the time at each offset and the
//! spread `slowest / fastest - 1`. Pin it to one core (`taskset -c 1 cargo
//! run ...`) on a shared machine.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::process::{Command, ExitCode};
use std::time::Instant;

use logsigmoid::{bf16, f16, Kernels};

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/peers.rs"]
mod peers;
use common::{activations, all_kernels, label, Function, TestFloat, FUNCTIONS};

/// The environment variables of a child: `CHILD=1` makes it one (read
/// into an allocation of the same size in every child, so that the heap,
/// where the slices are, is the same in all), `PAD` is the padding (never
/// read).
const CHILD: &str = "LOGSIGMOID_STACK_CHILD";
const PAD: &str = "LOGSIGMOID_STACK_PAD";
const N: usize = 4096;
/// The paddings: 0, step, ..., 8 step bytes (`--step`, default 8).
const OFFSETS: usize = 9;

/// Seconds per call of `f`: the fastest of 15 batches of about 2 ms (what
/// the machine's other work adds is never negative, so the fastest batch is
/// the one it disturbed least).
fn fastest_time(mut f: impl FnMut()) -> f64 {
    let t = Instant::now();
    f();
    let once = t.elapsed().as_secs_f64().max(1e-9);
    let reps = ((2e-3 / once) as usize).clamp(1, 100_000);
    (0..15)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..reps {
                f();
            }
            t.elapsed().as_secs_f64() / reps as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// One child's measurements: `function type direction who` and ns per element.
fn child_type<T: TestFloat + peers::PeerFloat>(s: &Selection, out: &mut Vec<(String, f64)>) {
    let kernels: Vec<Kernels> = all_kernels()
        .into_iter()
        .filter(|k| s.keeps(&label(k)))
        .collect();
    let x = activations::<T>(N, 1);
    let dy = activations::<T>(N, 2);
    let mut y = vec![T::default(); N];
    let ns = |s: f64| s * 1e9 / N as f64;
    for &f in &s.functions {
        for k in &kernels {
            let fwd = fastest_time(|| f.forward(k, black_box(&x), &mut y).unwrap());
            out.push((
                format!("{} {} forward {}", f.name(), T::NAME, label(k)),
                ns(fwd),
            ));
            let bwd = fastest_time(|| f.backward(k, black_box(&x), &dy, &mut y).unwrap());
            out.push((
                format!("{} {} backward {}", f.name(), T::NAME, label(k)),
                ns(bwd),
            ));
        }
        if s.keeps("naive") {
            let fwd = fastest_time(|| T::naive_forward(f, black_box(&x), &mut y));
            out.push((format!("{} {} forward naive", f.name(), T::NAME), ns(fwd)));
            let bwd = fastest_time(|| T::naive_backward(f, black_box(&x), &dy, &mut y));
            out.push((format!("{} {} backward naive", f.name(), T::NAME), ns(bwd)));
        }
    }
    if s.keeps("copy") {
        let copy = fastest_time(|| y.copy_from_slice(black_box(&x)));
        out.push((format!("- {} copy copy", T::NAME), ns(copy)));
    }
}

/// What to time: `--function`, `--type`, `--kernel` (labels as printed:
/// `avx2`, `avx2-fast`, `naive`, `copy`, ...), each a comma-separated list.
struct Selection {
    functions: Vec<Function>,
    types: Vec<String>,
    kernels: Option<Vec<String>>,
}

impl Selection {
    fn keeps(&self, label: &str) -> bool {
        self.kernels
            .as_ref()
            .is_none_or(|v| v.iter().any(|k| k == label))
    }
}

fn child(s: &Selection) {
    let mut out = Vec::new();
    for t in &s.types {
        match t.as_str() {
            "f32" => child_type::<f32>(s, &mut out),
            "f64" => child_type::<f64>(s, &mut out),
            "f16" => child_type::<f16>(s, &mut out),
            _ => child_type::<bf16>(s, &mut out),
        }
    }
    for (k, v) in out {
        println!("{k}\t{v}");
    }
}

fn list(args: &[String], flag: &str) -> Option<Vec<String>> {
    let i = args.iter().position(|a| a == flag)?;
    Some(args.get(i + 1)?.split(',').map(str::to_owned).collect())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let functions: Vec<Function> = match list(&args, "--function") {
        Some(v) => FUNCTIONS
            .iter()
            .copied()
            .filter(|f| v.iter().any(|n| n == f.name()))
            .collect(),
        None => FUNCTIONS.to_vec(),
    };
    let types: Vec<String> = list(&args, "--type")
        .unwrap_or_else(|| ["f32", "f64", "f16", "bf16"].map(str::to_owned).to_vec())
        .into_iter()
        .filter(|t| ["f32", "f64", "f16", "bf16"].contains(&t.as_str()))
        .collect();
    if functions.is_empty() || types.is_empty() {
        eprintln!(
            "error: --function takes log_sigmoid,softplus,sigmoid,silu; --type f32,f64,f16,bf16"
        );
        return ExitCode::FAILURE;
    }
    let selection = Selection {
        functions,
        types,
        kernels: list(&args, "--kernel"),
    };
    if std::env::var_os(CHILD).is_some() {
        child(&selection);
        return ExitCode::SUCCESS;
    }
    let number = |flag: &str, default: f64| {
        list(&args, flag)
            .and_then(|v| v[0].parse::<f64>().ok())
            .unwrap_or(default)
    };
    let rounds = number("--rounds", 3.0).max(1.0) as usize;
    let step = number("--step", 8.0).clamp(1.0, 65536.0) as usize;
    let max_spread = list(&args, "--max-spread").and_then(|v| v[0].parse::<f64>().ok());
    let exe = std::env::current_exe().expect("the path of this program");
    let arch = std::env::consts::ARCH;

    // best[kernel][offset]: the fastest of the rounds.
    let mut best: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for round in 0..rounds {
        // Each round starts at another offset, so that no offset is always
        // the one timed first or last in a round.
        for o in (0..OFFSETS).map(|i| (i + 4 * round) % OFFSETS) {
            let pad = o * step;
            eprintln!(
                "round {} of {rounds}, environment padded by {pad} bytes",
                round + 1
            );
            let out = Command::new("setarch")
                .arg(arch)
                .arg("-R")
                .arg(&exe)
                .args(&args[1..])
                .env(CHILD, "1")
                .env(PAD, "x".repeat(pad))
                .output();
            let out = match out {
                Ok(o) if o.status.success() => o,
                Ok(o) => {
                    eprintln!(
                        "error: the child failed: {}",
                        String::from_utf8_lossy(&o.stderr)
                    );
                    return ExitCode::FAILURE;
                }
                Err(e) => {
                    eprintln!("error: cannot run setarch (util-linux): {e}");
                    return ExitCode::FAILURE;
                }
            };
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let Some((k, v)) = line.split_once('\t') else {
                    continue;
                };
                let Ok(v) = v.parse::<f64>() else { continue };
                let e = best
                    .entry(k.to_owned())
                    .or_insert_with(|| vec![f64::INFINITY; OFFSETS]);
                e[o] = e[o].min(v);
            }
        }
    }

    let pads: Vec<String> = (0..OFFSETS).map(|o| format!(" +{} |", o * step)).collect();
    println!(
        "| function | type | direction | kernel |{} spread |",
        pads.concat()
    );
    println!("|---|---|---|---|{}---:|", "---:|".repeat(OFFSETS));
    let mut worst: Option<(f64, String)> = None;
    for (k, v) in &best {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(0.0, f64::max);
        let spread = 100.0 * (hi / lo - 1.0);
        let cells: Vec<&str> = k.split(' ').collect();
        let times: Vec<String> = v.iter().map(|t| format!(" {t:.3} |")).collect();
        println!(
            "| {} | {} | {} | {} |{} {spread:.1}% |",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            times.concat()
        );
        let kernel = !matches!(cells[3], "naive" | "copy");
        if kernel && worst.as_ref().is_none_or(|w| spread > w.0) {
            worst = Some((spread, k.clone()));
        }
    }
    let Some((spread, k)) = worst else {
        return ExitCode::FAILURE;
    };
    println!("\nlargest spread of a kernel: {spread:.1}% ({k})");
    match max_spread {
        Some(m) if spread > m => {
            println!("FAIL: above {m}%");
            ExitCode::FAILURE
        }
        Some(m) => {
            println!("ok: every kernel within {m}%");
            ExitCode::SUCCESS
        }
        None => ExitCode::SUCCESS,
    }
}
