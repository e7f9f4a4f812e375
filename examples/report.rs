//! The CPU report: what this machine's CPU does with `logsigmoid`.
//!
//! ```text
//! cargo run --release --example report                      # full run (~1-2 min)
//! cargo run --release --example report -- --quick           # a few seconds
//! cargo run --release --example report -- --json me.json    # also machine-readable
//! cargo run --release --example report -- --svg chart.svg     # a bar chart
//! cargo run --release --example report -- --function softplus # one function
//! cargo run --release --example report -- --compare a.json b.json ...
//! cargo run --release --example report -- --function log_sigmoid --type f32 --size 4096 --compare reports/*.json
//! ```
//!
//! It prints the CPU, its features and the build; spot-checks accuracy on
//! every ISA against the double-double reference; then measures forward,
//! forward in place and backward of every function (or those named by
//! `--function log_sigmoid,softplus`) for f32, f64, f16 and bf16 on every
//! ISA the CPU supports and on the naive loops, at an L1-, an L2- and a
//! memory-sized length. Progress goes to stderr, the Markdown report to stdout. Times are
//! medians of several batches; on a shared machine compare ratios taken in
//! one run, not absolute times across runs.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Instant;

use logsigmoid::{bf16, f16, Isa, Kernels};
use serde_json::{json, Value};

/// Bumped when the JSON layout changes: 2 added `function` to every result
/// and accuracy row (schema 1 files are log_sigmoid only, and still read);
/// 3 added `columns` (the Fast precision as `avx2-fast`, and the peers).
const SCHEMA: u64 = 3;

const OPS: [&str; 3] = ["forward", "forward_in_place", "backward"];

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/peers.rs"]
mod peers;
use common::TestFloat as _;
use common::{activations, all_kernels, label, Function, Rng, FUNCTIONS};
use peers::PeerFloat as ReportFloat;

struct Settings {
    functions: Vec<Function>,
    sizes: Vec<usize>,
    runs: usize,
    batch_secs: f64,
    accuracy_sample: usize,
}

/// Median seconds per call of `f`, over `runs` batches of at least
/// `batch_secs` each.
fn median_time(runs: usize, batch_secs: f64, mut f: impl FnMut()) -> f64 {
    let t = Instant::now();
    f();
    let once = t.elapsed().as_secs_f64().max(1e-9);
    let reps = ((batch_secs / once) as usize).clamp(1, 100_000);
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

/// Seconds per call of `f` on `y` in place, `y` a fresh copy of `x` each
/// time: the time of copy and call, less `copy`, the copy's alone.
fn in_place_time<T: Copy>(
    s: &Settings,
    copy: f64,
    x: &[T],
    y: &mut [T],
    mut f: impl FnMut(&mut [T]),
) -> f64 {
    let both = median_time(s.runs, s.batch_secs, || {
        y.copy_from_slice(x);
        f(y)
    });
    (both - copy).max(0.0)
}

/// One measurement: `who` is a kernel set's label or "naive".
struct Cell {
    function: &'static str,
    ty: &'static str,
    op: &'static str,
    size: usize,
    who: String,
    ns_per_elem: f64,
    bytes_per_elem: usize,
}

fn measure_type<T: ReportFloat>(s: &Settings, kernels: &[Kernels], cells: &mut Vec<Cell>) {
    for &f in &s.functions {
        measure_function::<T>(s, f, kernels, cells);
    }
}

fn measure_function<T: ReportFloat>(
    s: &Settings,
    f: Function,
    kernels: &[Kernels],
    cells: &mut Vec<Cell>,
) {
    let bytes = core::mem::size_of::<T>();
    for &n in &s.sizes {
        let x = activations::<T>(n, 1);
        let dy = activations::<T>(n, 2);
        let mut y = vec![T::default(); n];
        // A copy of the inputs: the `copy` column, and what in place is
        // timed with and then less.
        let copy = median_time(s.runs, s.batch_secs, || y.copy_from_slice(black_box(&x)));
        for op in OPS {
            let moved = if op == "backward" {
                3 * bytes
            } else {
                2 * bytes
            };
            let mut push = |who: String, secs: f64| {
                cells.push(Cell {
                    function: f.name(),
                    ty: T::NAME,
                    op,
                    size: n,
                    who,
                    ns_per_elem: secs * 1e9 / n as f64,
                    bytes_per_elem: moved,
                });
            };
            for k in kernels {
                eprintln!("  {} {} {op} {} x {n}", f.name(), label(k), T::NAME);
                let secs = match op {
                    "forward" => median_time(s.runs, s.batch_secs, || {
                        f.forward(k, black_box(&x), &mut y).unwrap()
                    }),
                    // In place on a fresh copy of the inputs each call, less
                    // the copy's own time: on its own results, SiLU iterated
                    // drives bf16 lanes to its fixed point 2^-133, a
                    // near-half-way case that takes the exact fallback every
                    // time (36 ns per element, not 0.8).
                    "forward_in_place" => {
                        in_place_time(s, copy, &x, &mut y, |y| f.forward_in_place(k, black_box(y)))
                    }
                    _ => median_time(s.runs, s.batch_secs, || {
                        f.backward(k, black_box(&x), &dy, &mut y).unwrap()
                    }),
                };
                push(label(k), secs);
            }
            if peers::PAR {
                eprintln!("  {} par {op} {} x {n}", f.name(), T::NAME);
                let secs = match op {
                    "forward" => median_time(s.runs, s.batch_secs, || {
                        peers::par_forward(f, black_box(&x), &mut y)
                    }),
                    "forward_in_place" => in_place_time(s, copy, &x, &mut y, |y| {
                        peers::par_forward_in_place(f, black_box(y))
                    }),
                    _ => median_time(s.runs, s.batch_secs, || {
                        peers::par_backward(f, black_box(&x), &dy, &mut y)
                    }),
                };
                push("par".to_owned(), secs);
            }
            for (name, sl) in peers::sleefs() {
                let run = |y: &mut Vec<T>| match op {
                    "forward" => T::sleef_forward(sl, f, black_box(&x), y),
                    "backward" => T::sleef_backward(sl, f, black_box(&x), &dy, y),
                    _ => false,
                };
                if run(&mut y) {
                    eprintln!("  {} {name} {op} {} x {n}", f.name(), T::NAME);
                    let secs = median_time(s.runs, s.batch_secs, || {
                        run(&mut y);
                    });
                    push(name.to_owned(), secs);
                }
            }
            if op == "forward" {
                push("copy".to_owned(), copy);
                if peers::PAR {
                    let secs = median_time(s.runs, s.batch_secs, || {
                        peers::par_copy(black_box(&x), &mut y)
                    });
                    push("par-copy".to_owned(), secs);
                }
            }
            if op != "forward_in_place" {
                eprintln!("  {} naive {op} {} x {n}", f.name(), T::NAME);
                let secs = if op == "forward" {
                    median_time(s.runs, s.batch_secs, || {
                        T::naive_forward(f, black_box(&x), &mut y)
                    })
                } else {
                    median_time(s.runs, s.batch_secs, || {
                        T::naive_backward(f, black_box(&x), &dy, &mut y)
                    })
                };
                push("naive".to_owned(), secs);
            }
        }
    }
}

/// Max ULP error of forward and backward on a sample: half random bit
/// patterns, half moderate values.
fn accuracy<T: ReportFloat>(f: Function, k: &Kernels, n: usize) -> (f64, f64) {
    let mut r = Rng(0x1234_5678_9abc_def1);
    let x: Vec<T> = (0..n)
        .map(|i| {
            let s = r.next_u64();
            if i % 2 == 0 {
                T::from_bits_u64(s)
            } else {
                T::from_f64(((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 60.0)
            }
        })
        .collect();
    let dy = activations::<T>(n, 9);
    let mut y = vec![T::default(); n];
    f.forward(k, &x, &mut y).unwrap();
    let fwd = x
        .iter()
        .zip(&y)
        .map(|(&a, &b)| f.ulp_error(a, b))
        .fold(0.0, f64::max);
    f.backward(k, &x, &dy, &mut y).unwrap();
    let bwd = (0..n)
        .map(|i| f.backward_ulp_error(x[i], dy[i], y[i]))
        .fold(0.0, f64::max);
    (fwd, bwd)
}

fn cpu_name() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| {
                    l.starts_with("model name")
                        || l.starts_with("Model")
                        || l.starts_with("CPU part")
                })
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn features() -> Vec<&'static str> {
    #[allow(unused_mut)]
    let mut v = Vec::new();
    #[cfg(target_arch = "x86_64")]
    {
        macro_rules! f {
            ($($name:tt),*) => {$( if std::is_x86_feature_detected!($name) { v.push($name); } )*};
        }
        f!(
            "avx",
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
        f!("neon", "fp16", "bf16", "sve", "sve2");
    }
    v
}

/// The report's columns: the kernel sets, then the peers built in.
fn columns(kernels: &[Kernels]) -> Vec<String> {
    let mut c: Vec<String> = kernels.iter().map(label).collect();
    if peers::PAR {
        c.push("par".to_owned());
    }
    c.extend(peers::sleefs().into_iter().map(|(n, _)| n.to_owned()));
    c.push("naive".to_owned());
    c.push("copy".to_owned());
    if peers::PAR {
        c.push("par-copy".to_owned());
    }
    c
}

fn run(s: &Settings) -> Value {
    let kernels = all_kernels();
    let mut accuracy_rows = Vec::new();
    eprintln!(
        "accuracy spot check ({} inputs per type and ISA)",
        s.accuracy_sample
    );
    for (f, k) in s
        .functions
        .iter()
        .flat_map(|&f| kernels.iter().map(move |k| (f, k)))
    {
        macro_rules! acc {
            ($t:ty) => {{
                let (fwd, bwd) = accuracy::<$t>(f, k, s.accuracy_sample);
                accuracy_rows.push(json!({"function": f.name(), "isa": label(k), "type": <$t>::NAME, "forward_max_ulp": fwd, "backward_max_ulp": bwd, "sample": s.accuracy_sample}));
            }};
        }
        acc!(f32);
        acc!(f64);
        acc!(f16);
        acc!(bf16);
    }
    let mut cells = Vec::new();
    eprintln!("throughput");
    measure_type::<f32>(s, &kernels, &mut cells);
    measure_type::<f64>(s, &kernels, &mut cells);
    measure_type::<f16>(s, &kernels, &mut cells);
    measure_type::<bf16>(s, &kernels, &mut cells);
    let naive = |c: &Cell| {
        let op = if c.op == "backward" {
            "backward"
        } else {
            "forward"
        };
        cells
            .iter()
            .find(|d| {
                d.who == "naive"
                    && d.function == c.function
                    && d.ty == c.ty
                    && d.op == op
                    && d.size == c.size
            })
            .map(|d| d.ns_per_elem)
    };
    // SLEEF on the cell's ISA (avx2, avx2-fast: sleef-avx2).
    let sleef = |c: &Cell| {
        let isa = c.who.trim_end_matches("-fast");
        let name = format!("sleef-{isa}");
        cells
            .iter()
            .find(|d| {
                d.who == name
                    && d.function == c.function
                    && d.ty == c.ty
                    && d.op == c.op
                    && d.size == c.size
            })
            .map(|d| d.ns_per_elem)
    };
    let results: Vec<Value> = cells
        .iter()
        .map(|c| {
            json!({
                "function": c.function, "isa": c.who, "type": c.ty, "op": c.op, "size": c.size,
                "ns_per_elem": c.ns_per_elem,
                "elem_per_ns": 1.0 / c.ns_per_elem,
                "gb_per_s": c.bytes_per_elem as f64 / c.ns_per_elem,
                "speedup_vs_naive": naive(c).map(|n| n / c.ns_per_elem),
                "speedup_vs_sleef": sleef(c).map(|n| n / c.ns_per_elem),
            })
        })
        .collect();
    json!({
        "schema": SCHEMA,
        "machine": {
            "cpu": cpu_name(),
            "threads": std::thread::available_parallelism().map_or(1, |n| n.get()),
            "features": features(),
            "isas": Isa::supported().map(Isa::name).collect::<Vec<_>>(),
            "best": Isa::best().name(),
        },
        "build": {
            "rustc": logsigmoid::build::RUSTC,
            "target": logsigmoid::build::TARGET,
            "profile": logsigmoid::build::PROFILE,
            "opt_level": logsigmoid::build::OPT_LEVEL,
            "target_features": logsigmoid::build::TARGET_FEATURES,
        },
        "settings": {
            "functions": s.functions.iter().map(|f| f.name()).collect::<Vec<_>>(),
            "sizes": s.sizes, "runs": s.runs, "batch_secs": s.batch_secs,
        },
        "columns": columns(&kernels),
        "accuracy": accuracy_rows,
        "results": results,
    })
}

fn str_of(v: &Value) -> String {
    v.as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| v.to_string())
}

/// A row's function: schema 1 reports measured log_sigmoid only.
fn function_of(v: &Value) -> String {
    v["function"].as_str().unwrap_or("log_sigmoid").to_owned()
}

fn markdown(r: &Value) -> String {
    let mut o = String::new();
    let m = &r["machine"];
    let b = &r["build"];
    let _ = writeln!(o, "# logsigmoid CPU report\n");
    let _ = writeln!(o, "- CPU: {} ({} threads)", str_of(&m["cpu"]), m["threads"]);
    let feats: Vec<String> = m["features"]
        .as_array()
        .into_iter()
        .flatten()
        .map(str_of)
        .collect();
    let _ = writeln!(o, "- detected features: {}", feats.join(", "));
    let isas: Vec<String> = m["isas"]
        .as_array()
        .into_iter()
        .flatten()
        .map(str_of)
        .collect();
    let _ = writeln!(
        o,
        "- ISAs supported: {}; best: **{}**",
        isas.join(", "),
        str_of(&m["best"])
    );
    let _ = writeln!(
        o,
        "- build: {}, {} ({}, opt-level {}); compile-time target features: {}",
        str_of(&b["rustc"]),
        str_of(&b["target"]),
        str_of(&b["profile"]),
        str_of(&b["opt_level"]),
        str_of(&b["target_features"])
    );
    let _ = writeln!(
        o,
        "\n## Accuracy (max ULP against the double-double reference, sample)\n"
    );
    let _ = writeln!(o, "| function | ISA | type | forward | backward |");
    let _ = writeln!(o, "|---|---|---|---:|---:|");
    for a in r["accuracy"].as_array().into_iter().flatten() {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {:.3} | {:.3} |",
            function_of(a),
            str_of(&a["isa"]),
            str_of(&a["type"]),
            a["forward_max_ulp"].as_f64().unwrap_or(f64::NAN),
            a["backward_max_ulp"].as_f64().unwrap_or(f64::NAN)
        );
    }
    let _ = writeln!(
        o,
        "\n## Throughput (ns per element, median; speedup against the naive loop)\n"
    );
    // Schema 3 names its columns; older files have one per ISA and naive.
    let who: Vec<String> = match r["columns"].as_array() {
        Some(c) => c.iter().map(str_of).collect(),
        None => isas.iter().cloned().chain(["naive".to_owned()]).collect(),
    };
    let _ = write!(o, "| function | type | op | size |");
    for w in &who {
        let _ = write!(o, " {w} |");
    }
    let _ = writeln!(o, " best GB/s |");
    let _ = writeln!(o, "|---|---|---|---:|{}---:|", "---:|".repeat(who.len()));
    let results = r["results"].as_array().cloned().unwrap_or_default();
    let mut keys: Vec<(String, String, String, u64)> = Vec::new();
    for c in &results {
        let k = (
            function_of(c),
            str_of(&c["type"]),
            str_of(&c["op"]),
            c["size"].as_u64().unwrap_or(0),
        );
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    for (function, ty, op, size) in keys {
        let _ = write!(o, "| {function} | {ty} | {op} | {size} |");
        let mut best_gb: f64 = 0.0;
        for w in &who {
            let cell = results.iter().find(|c| {
                function_of(c) == function
                    && str_of(&c["type"]) == ty
                    && str_of(&c["op"]) == op
                    && c["size"].as_u64() == Some(size)
                    && &str_of(&c["isa"]) == w
            });
            match cell {
                Some(c) => {
                    let ns = c["ns_per_elem"].as_f64().unwrap_or(f64::NAN);
                    best_gb = best_gb.max(c["gb_per_s"].as_f64().unwrap_or(0.0));
                    match c["speedup_vs_naive"].as_f64() {
                        Some(x) if w != "naive" => {
                            let _ = write!(o, " {ns:.3} ({x:.1}x) |");
                        }
                        _ => {
                            let _ = write!(o, " {ns:.3} |");
                        }
                    }
                }
                None => {
                    let _ = write!(o, " — |");
                }
            }
        }
        let _ = writeln!(o, " {best_gb:.1} |");
    }
    let s = &r["settings"];
    let naive: Vec<String> = FUNCTIONS
        .iter()
        .map(|f| format!("{}: `{}`", f.name(), f.naive_formula()))
        .collect();
    let _ = writeln!(
        o,
        "\nMedians of {} batches of at least {} s. Naive loops, in the same type (through f32 for f16 and bf16): {}; backward `dy / (1.0 + x.exp())` (softplus: `(-x).exp()`). GB/s counts bytes read and written. The largest size is memory-bound on most machines; the ratios between ISAs are what carries across runs on a shared machine.",
        s["runs"],
        s["batch_secs"],
        naive.join("; ")
    );
    o
}

/// A bar chart (SVG) of elements per ns, forward at the smallest size, per
/// type and ISA: for READMEs and issues.
fn svg(r: &Value) -> String {
    let results = r["results"].as_array().cloned().unwrap_or_default();
    let size = results
        .iter()
        .filter_map(|c| c["size"].as_u64())
        .min()
        .unwrap_or(0);
    let rows: Vec<(String, String, f64)> = results
        .iter()
        .filter(|c| str_of(&c["op"]) == "forward" && c["size"].as_u64() == Some(size))
        .map(|c| {
            (
                format!("{} {}", function_of(c), str_of(&c["type"])),
                str_of(&c["isa"]),
                c["elem_per_ns"].as_f64().unwrap_or(0.0),
            )
        })
        .collect();
    let max = rows.iter().map(|r| r.2).fold(0.0, f64::max).max(1e-9);
    let (w, bar, gap, left) = (720.0, 18.0, 6.0, 230.0);
    let h = 40.0 + rows.len() as f64 * (bar + gap);
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        o,
        r#"<text x="10" y="20" font-size="14">forward, {size} elements: elements per ns ({})</text>"#,
        str_of(&r["machine"]["cpu"])
    );
    for (i, (ty, isa, v)) in rows.iter().enumerate() {
        let y = 32.0 + i as f64 * (bar + gap);
        let len = (w - left - 70.0) * v / max;
        let color = match isa.as_str() {
            "avx512" => "#4c78a8",
            "avx2" => "#72b7b2",
            "neon" => "#54a24b",
            "naive" => "#bab0ac",
            _ => "#f58518",
        };
        let _ = writeln!(o, r#"<text x="10" y="{:.1}">{ty} {isa}</text>"#, y + 13.0);
        let _ = writeln!(
            o,
            r#"<rect x="{left}" y="{y:.1}" width="{len:.1}" height="{bar}" fill="{color}"/>"#
        );
        let _ = writeln!(
            o,
            r#"<text x="{:.1}" y="{:.1}">{v:.2}</text>"#,
            left + len + 4.0,
            y + 13.0
        );
    }
    o.push_str("</svg>\n");
    o
}

/// A side-by-side table of several reports: same rows, one column group per
/// machine, ratios against the first.
/// The rows `--compare` keeps: `--function`, `--type`, `--op` and `--size` given
/// before `--compare` (each a comma-separated list; none: every row).
#[derive(Default)]
struct Filter {
    functions: Option<Vec<String>>,
    types: Option<Vec<String>>,
    ops: Option<Vec<String>>,
    sizes: Option<Vec<u64>>,
}

impl Filter {
    fn from_args(args: &[String]) -> Filter {
        let list = |flag: &str| {
            args.iter()
                .position(|a| a == flag)
                .and_then(|i| args.get(i + 1))
                .map(|v| v.split(',').map(str::to_owned).collect::<Vec<_>>())
        };
        Filter {
            functions: list("--function"),
            types: list("--type"),
            ops: list("--op"),
            sizes: list("--size").map(|v| v.iter().filter_map(|s| s.parse().ok()).collect()),
        }
    }

    fn keeps(&self, function: &str, ty: &str, op: &str, size: u64) -> bool {
        let listed =
            |l: &Option<Vec<String>>, v: &str| l.as_ref().is_none_or(|l| l.iter().any(|x| x == v));
        listed(&self.functions, function)
            && listed(&self.types, ty)
            && listed(&self.ops, op)
            && self.sizes.as_ref().is_none_or(|s| s.contains(&size))
    }
}

fn compare(paths: &[String], filter: &Filter) -> Result<String, String> {
    let reports: Vec<Value> = paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"))?;
            let v: Value = serde_json::from_str(&text).map_err(|e| format!("{p}: {e}"))?;
            if !matches!(v["schema"].as_u64(), Some(1..=SCHEMA)) {
                return Err(format!(
                    "{p}: schema {} (this report reads 1 to {SCHEMA})",
                    v["schema"]
                ));
            }
            Ok(v)
        })
        .collect::<Result<_, _>>()?;
    let mut o = String::new();
    let _ = writeln!(o, "# logsigmoid: {} machines\n", reports.len());
    for (i, r) in reports.iter().enumerate() {
        let _ = writeln!(
            o,
            "{}. `{}`: {} (best ISA {})",
            i + 1,
            paths[i],
            str_of(&r["machine"]["cpu"]),
            str_of(&r["machine"]["best"])
        );
    }
    let _ = write!(o, "\n| function | type | op | size | ISA |");
    for i in 0..reports.len() {
        let _ = write!(o, " #{} ns/elem |", i + 1);
        if i > 0 {
            let _ = write!(o, " #{} vs #1 |", i + 1);
        }
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "|---|---|---|---:|---|{}",
        "---:|".repeat(2 * reports.len() - 1)
    );
    let mut rows: Vec<(String, String, String, u64, String)> = Vec::new();
    for r in &reports {
        for c in r["results"].as_array().into_iter().flatten() {
            let k = (
                function_of(c),
                str_of(&c["type"]),
                str_of(&c["op"]),
                c["size"].as_u64().unwrap_or(0),
                str_of(&c["isa"]),
            );
            if !rows.contains(&k) && filter.keeps(&k.0, &k.1, &k.2, k.3) {
                rows.push(k);
            }
        }
    }
    for (function, ty, op, size, isa) in rows {
        let _ = write!(o, "| {function} | {ty} | {op} | {size} | {isa} |");
        let mut first = None;
        for (i, r) in reports.iter().enumerate() {
            let ns = r["results"].as_array().into_iter().flatten().find_map(|c| {
                (function_of(c) == function
                    && str_of(&c["type"]) == ty
                    && str_of(&c["op"]) == op
                    && c["size"].as_u64() == Some(size)
                    && str_of(&c["isa"]) == isa)
                    .then(|| c["ns_per_elem"].as_f64())
                    .flatten()
            });
            match ns {
                Some(ns) => {
                    let _ = write!(o, " {ns:.3} |");
                    if i == 0 {
                        first = Some(ns);
                    } else {
                        match first {
                            Some(f) => {
                                let _ = write!(o, " {:.2}x |", f / ns);
                            }
                            None => {
                                let _ = write!(o, " — |");
                            }
                        }
                    }
                }
                None => {
                    let _ = write!(o, " — |");
                    if i > 0 {
                        let _ = write!(o, " — |");
                    }
                }
            }
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(
        o,
        "\n\"vs #1\": how many times faster than machine #1 (higher is faster)."
    );
    Ok(o)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--compare") {
        match compare(&args[i + 1..], &Filter::from_args(&args[..i])) {
            Ok(t) => print!("{t}"),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!(
            "usage: report [--quick] [--function F,G] [--json PATH] [--svg PATH]\n       report [--function F,G] [--type T,U] [--op O,P] [--size N,M] --compare A.json B.json ...\nfunctions: {}",
            FUNCTIONS.map(Function::name).join(", ")
        );
        return;
    }
    let functions: Vec<Function> = match args.iter().position(|a| a == "--function") {
        None => FUNCTIONS.to_vec(),
        Some(i) => {
            let names = args.get(i + 1).map(String::as_str).unwrap_or("");
            let chosen: Vec<Function> = FUNCTIONS
                .into_iter()
                .filter(|f| names.split(',').any(|n| n == f.name()))
                .collect();
            if chosen.is_empty() {
                eprintln!(
                    "error: --function takes a comma-separated list of: {}",
                    FUNCTIONS.map(Function::name).join(", ")
                );
                std::process::exit(2);
            }
            chosen
        }
    };
    let quick = args.iter().any(|a| a == "--quick");
    let json_path = args
        .iter()
        .position(|a| a == "--json")
        .and_then(|i| args.get(i + 1).cloned());
    let svg_path = args
        .iter()
        .position(|a| a == "--svg")
        .and_then(|i| args.get(i + 1).cloned());
    let settings = if quick {
        Settings {
            functions: functions.clone(),
            sizes: vec![4096, 262_144],
            runs: 5,
            batch_secs: 0.003,
            accuracy_sample: 2_000,
        }
    } else {
        Settings {
            functions,
            sizes: vec![4096, 262_144, 1 << 24],
            runs: 5,
            batch_secs: 0.01,
            accuracy_sample: 20_000,
        }
    };
    let t = Instant::now();
    let report = run(&settings);
    print!("{}", markdown(&report));
    if let Some(p) = json_path {
        match serde_json::to_string_pretty(&report).map(|s| std::fs::write(&p, s)) {
            Ok(Ok(())) => eprintln!("wrote {p}"),
            Ok(Err(e)) => eprintln!("error: {p}: {e}"),
            Err(e) => eprintln!("error: {e}"),
        }
    }
    if let Some(p) = svg_path {
        match std::fs::write(&p, svg(&report)) {
            Ok(()) => eprintln!("wrote {p}"),
            Err(e) => eprintln!("error: {p}: {e}"),
        }
    }
    eprintln!("done in {:.1} s", t.elapsed().as_secs_f64());
}
