//! Exhaustive and large-sample accuracy: all 65,536 f16 and bf16 inputs
//! (correctly rounded, sign of zero included), every f32 input in both
//! precisions (`#[ignore]`d: `.ci/run` runs it), and a million f64 inputs over
//! every binade. The Fast precision shares the halves' and f64's forward
//! algorithms and SiLU's gradient with Faithful (`bit_identity` checks
//! that); its own algorithms are swept here (f32) and by proptest.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};

use common::{kernels_in, name, parallel, Function, Rng, TestFloat, FUNCTIONS};
use logsigmoid::reference;
use logsigmoid::{bf16, f16, Kernels, Precision};

fn all_halves<T: TestFloat>() -> Vec<T> {
    (0..=u16::MAX)
        .map(|b| T::from_bits_u64(u64::from(b)))
        .collect()
}

fn half_forward_exhaustive<T: TestFloat>() {
    let x = all_halves::<T>();
    for f in FUNCTIONS {
        let want: Vec<T> = x.iter().map(|&v| f.reference(v)).collect();
        for k in kernels_in(Precision::Faithful) {
            let mut y = vec![T::from_f64(0.0); x.len()];
            f.forward(&k, &x, &mut y).unwrap();
            let wrong: Vec<_> = (0..x.len()).filter(|&i| !y[i].same(want[i])).collect();
            assert!(
                wrong.is_empty(),
                "{} {}: {} of 65536 misrounded, first: {}({:?}) = {:?}, want {:?}",
                k.isa().name(),
                T::NAME,
                wrong.len(),
                f.name(),
                x[wrong[0]],
                y[wrong[0]],
                want[wrong[0]]
            );
            println!(
                "{} {} {}: 0 of 65536 misrounded",
                f.name(),
                k.isa().name(),
                T::NAME
            );
        }
    }
}

fn half_backward_exhaustive<T: TestFloat>() {
    let x = all_halves::<T>();
    for f in FUNCTIONS {
        for dy in [1.0, -3.25, 1e-3, 1000.0] {
            let dy = vec![T::from_f64(dy); x.len()];
            for k in kernels_in(Precision::Faithful) {
                let mut dx = vec![T::from_f64(0.0); x.len()];
                f.backward(&k, &x, &dy, &mut dx).unwrap();
                let mut worst = 0.0f64;
                for i in 0..x.len() {
                    let e = f.backward_ulp_error(x[i], dy[i], dx[i]);
                    assert!(
                        e <= 1.0,
                        "{} {}: {}_backward({:?}, {:?}) = {:?}: {e} ULP",
                        k.isa().name(),
                        T::NAME,
                        f.name(),
                        x[i],
                        dy[i],
                        dx[i]
                    );
                    worst = worst.max(e);
                }
                println!(
                    "{} {} {} backward, dy = {:?}: max {worst:.3} ULP",
                    f.name(),
                    k.isa().name(),
                    T::NAME,
                    dy[0]
                );
            }
        }
    }
}

#[test]
fn f16_forward_all_inputs_correctly_rounded() {
    half_forward_exhaustive::<f16>();
}

#[test]
fn bf16_forward_all_inputs_correctly_rounded() {
    half_forward_exhaustive::<bf16>();
}

#[test]
fn f16_backward_all_inputs_within_1_ulp() {
    half_backward_exhaustive::<f16>();
}

#[test]
fn bf16_backward_all_inputs_within_1_ulp() {
    half_backward_exhaustive::<bf16>();
}

/// An ULP of `v` in a format of `digits` bits and smallest normal
/// exponent `emin`.
fn ulp_of(v: f64, digits: i32, emin: i32) -> f64 {
    2f64.powi((v.abs().log2().floor() as i32).max(emin) - (digits - 1))
}

/// Near the zero of silu' (`x0 = -1.27846...`, where `1 + t + x` cancels)
/// the relative error of the gradient grows without bound; there the error
/// is absolute: within 1/128 ULP of `dy sigmoid(x)` (measured: 0.0039 in
/// f32, 0.0047 in f64). Every f32 in [-1.30, -1.26] and f64 neighbours and
/// samples of `x0`, several `dy`, every ISA.
fn silu_backward_near_zero<T: TestFloat>(x: &[T], digits: i32, emin: i32) -> (usize, f64) {
    const ABSOLUTE: f64 = 1.0 / 128.0;
    let f = Function::Silu;
    let (mut relative_misses, mut worst) = (0, 0.0f64);
    for dy in [1.0, -3.25] {
        let dy = vec![T::from_f64(dy); x.len()];
        for k in kernels_in(Precision::Faithful) {
            let mut dx = vec![T::from_f64(0.0); x.len()];
            f.backward(&k, x, &dy, &mut dx).unwrap();
            for i in 0..x.len() {
                let e = f.backward_ulp_error(x[i], dy[i], dx[i]);
                if e <= 2.0 {
                    continue;
                }
                relative_misses += 1;
                let w = reference::silu_backward_wide(x[i].to_f64(), dy[i].to_f64());
                let scale =
                    (dy[i].to_f64() * reference::sigmoid_wide(x[i].to_f64()).to_f64()).abs();
                let a = e * ulp_of(w.to_f64(), digits, emin) / ulp_of(scale, digits, emin);
                assert!(
                    a <= ABSOLUTE,
                    "{} {}: silu_backward({:?}, {:?}) = {:?}: {e} ULP, {a} ULP of dy sigmoid(x)",
                    k.isa().name(),
                    T::NAME,
                    x[i],
                    dy[i],
                    dx[i]
                );
                worst = worst.max(a);
            }
        }
    }
    (relative_misses, worst)
}

#[test]
fn silu_backward_near_its_zero() {
    let (lo, hi) = ((-1.30f32).to_bits(), (-1.26f32).to_bits());
    let x: Vec<f32> = (hi..=lo).map(f32::from_bits).collect();
    let (misses, worst) = silu_backward_near_zero(&x, 24, -126);
    println!("silu' f32 near its zero: {misses} results over 2 ULP, all within {worst:.4} ULP of dy sigmoid(x)");
    assert!(misses > 0, "the window holds the cancellation");
    let x0 = -1.278_464_542_761_073_7f64;
    let mut r = Rng(0x5eed);
    let x: Vec<f64> = (0..100_000)
        .map(|i| {
            if i < 2000 {
                f64::from_bits((x0.to_bits() as i64 + i - 1000) as u64)
            } else {
                x0 + (r.unit() - 0.5) * 0.5
            }
        })
        .collect();
    let (misses, worst) = silu_backward_near_zero(&x, 53, -1022);
    println!("silu' f64 near its zero: {misses} results over 2 ULP, all within {worst:.4} ULP of dy sigmoid(x)");
    assert!(misses > 0);
}

/// f64 inputs: for every binade, both signs, random mantissas; a million in all.
fn f64_sample() -> Vec<f64> {
    let mut r = Rng(0x2545_F491_4F6C_DD1D);
    let mut v = Vec::new();
    for e in 0..2047u64 {
        for _ in 0..350 {
            let s = r.next_u64();
            let bits = (e << 52) | (s & ((1 << 52) - 1)) | ((s >> 63) << 63);
            v.push(f64::from_bits(bits));
        }
    }
    // The interesting middle, denser: |x| < 64.
    for i in 0..300_000u64 {
        let u = r.unit();
        v.push((u - 0.5) * 128.0 + (i % 3) as f64 * 1e-9);
    }
    v.extend(f64::edges());
    v
}

#[test]
fn f64_forward_million_inputs_within_1_ulp() {
    let x = f64_sample();
    assert!(x.len() >= 1_000_000);
    for (f, k) in FUNCTIONS.into_iter().flat_map(|f| {
        kernels_in(Precision::Faithful)
            .into_iter()
            .map(move |k| (f, k))
    }) {
        let mut y = vec![0.0; x.len()];
        f.forward(&k, &x, &mut y).unwrap();
        let worst = AtomicU64::new(0);
        parallel(|part, parts| {
            for i in (part..x.len()).step_by(parts) {
                let e = f.ulp_error(x[i], y[i]);
                assert!(
                    e <= 1.0,
                    "{}: {}({:e}) = {:e}: {e} ULP",
                    k.isa().name(),
                    f.name(),
                    x[i],
                    y[i]
                );
                worst.fetch_max(e.to_bits(), Ordering::Relaxed);
            }
        });
        println!(
            "{} {} f64 forward: max {:.4} ULP over {} inputs",
            f.name(),
            k.isa().name(),
            f64::from_bits(worst.into_inner()),
            x.len()
        );
    }
}

#[test]
fn f64_backward_sample_within_bounds() {
    let x = f64_sample();
    let dy: Vec<f64> = x
        .iter()
        .rev()
        .map(|v| if v.is_nan() { 1.0 } else { v * 0.75 })
        .collect();
    for (f, k) in FUNCTIONS
        .into_iter()
        .flat_map(|f| common::kernels().into_iter().map(move |k| (f, k)))
    {
        let bound = common::bounds::<f64>(&k).1;
        let mut dx = vec![0.0; x.len()];
        f.backward(&k, &x, &dy, &mut dx).unwrap();
        let mut worst = 0.0f64;
        for i in (0..x.len()).step_by(3) {
            let e = f.backward_ulp_error(x[i], dy[i], dx[i]);
            assert!(
                e <= bound,
                "{} {}: backward({:e}, {:e}) = {:e}: {e} ULP",
                f.name(),
                name(&k),
                x[i],
                dy[i],
                dx[i]
            );
            worst = worst.max(e);
        }
        println!("{} {} f64 backward: max {worst:.4} ULP", f.name(), name(&k));
    }
}

/// The exhaustive sweep's fast oracles, in f64 libm, of every function
/// (in `FUNCTIONS`' order) at once from one `t = exp(-|x|)` and one
/// `log1p(t)`: log-sigmoid `min(x, 0) - log1p(t)`, softplus its mirror,
/// sigmoid `1 / (1 + t)` for `x > 0`, else `t / (1 + t)`, SiLU `x
/// sigmoid(x)`.
fn fast_oracles(x: f32) -> [f64; 4] {
    let x = f64::from(x);
    let t = (-x.abs()).exp();
    let l = t.ln_1p();
    let sigmoid = if x > 0.0 {
        1.0 / (1.0 + t)
    } else {
        t / (1.0 + t)
    };
    [
        if x > 0.0 { -l } else { x - l },
        if x < 0.0 { l } else { x + l },
        sigmoid,
        x * sigmoid,
    ]
}

/// [`fast_oracles`]' value for `f`.
fn fast_oracle(f: Function, x: f32) -> f64 {
    let i = FUNCTIONS.iter().position(|&g| g == f).unwrap();
    fast_oracles(x)[i]
}

/// The error of `y` in f32 ULPs of `r`, the fast oracle's value.
fn ulp_error_f32(r: f64, y: f32) -> f64 {
    if f64::from(y) == r {
        0.0
    } else {
        (f64::from(y) - r).abs() / ulp_f32(r)
    }
}

/// An f32 ULP at `v` (a finite f64), from its exponent bits: the sweep
/// calls this 2^34 times.
fn ulp_f32(v: f64) -> f64 {
    let e = ((v.to_bits() >> 52) & 0x7ff) as i64 - 1023;
    f64::from_bits((((e.max(-126) - 23) + 1023) as u64) << 52)
}

#[test]
fn the_fast_oracles_are_exact_enough_to_measure_f32() {
    // Their error in f32 ULPs is below 2^-20, so the sweep's maximum is
    // right to six decimals.
    for f in FUNCTIONS {
        let mut s = 7u32;
        for _ in 0..200_000 {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            let x = f32::from_bits(s);
            if !x.is_finite() {
                continue;
            }
            let e = f.wide(f64::from(x)).ulp_error(fast_oracle(f, x), 24, -126);
            assert!(
                e < 2f64.powi(-20),
                "{}({x:e}): fast oracle off by {e} f32 ULP",
                f.name()
            );
        }
    }
}

/// `r[j][i] = fast_oracle(FUNCTIONS[j], x[i])`: computed once per chunk,
/// shared by every function, both precisions and both groups (the oracle
/// is the sweep's largest cost).
fn oracles(x: &[f32], r: &mut [Vec<f64>; 4]) {
    for (i, &x) in x.iter().enumerate() {
        for (r, v) in r.iter_mut().zip(fast_oracles(x)) {
            r[i] = v;
        }
    }
}

/// The sign a zero result of `f(x)` must have (the exact value's).
fn zero_is_negative(f: Function, x: f32) -> bool {
    match f {
        Function::LogSigmoid => true,
        Function::Softplus | Function::Sigmoid => false,
        Function::Silu => x.is_sign_negative(),
    }
}

/// A sweep's figures per group: fused, unfused (see `Isa::is_fused`).
type Groups = [Sweep; 2];

/// One chunk of inputs `x` (`r`: their oracle values) through `f`, for each group of kernels (fused,
/// unfused): `y` by the group's best ISA, every other ISA of the group
/// bit-identical to it (`z` is scratch) where `all_isas`; then per group
/// the worst error, its input, the count over 0.5 ULP and the worst for
/// normal results. The unfused group (the portable kernel of a build
/// without FMA) is measured where `unfused`, or where it is all there is.
fn chunk(
    isas: &[Kernels],
    (all_isas, unfused): (bool, bool),
    f: Function,
    (x, r): (&[f32], &[f64]),
    y: &mut [f32],
    z: &mut [f32],
) -> Groups {
    let (fused, not_fused): (Vec<&Kernels>, Vec<&Kernels>) =
        isas.iter().partition(|k| k.isa().is_fused());
    let unfused = unfused || fused.is_empty();
    let mut s = Groups::default();
    for (g, group) in [fused, not_fused].into_iter().enumerate() {
        let Some((best, others)) = group.split_last() else {
            continue;
        };
        if !best.isa().is_fused() && !unfused {
            continue;
        }
        s[g] = group_chunk(best, others, all_isas, f, (x, r), y, z);
    }
    s
}

/// Two sweeps' figures per group, merged.
fn merge(a: Groups, b: Groups) -> Groups {
    [a[0].merge(b[0]), a[1].merge(b[1])]
}

/// `fused 0.7114 ULP, unfused 0.5039 ULP` (a group not measured: `-`).
fn maxima(s: &Groups) -> String {
    let one = |s: &Sweep, g: &str| {
        if s.measured {
            format!("{g} {:.4} ULP at x = {:e}", s.worst, s.worst_x)
        } else {
            format!("{g} -")
        }
    };
    format!("{}, {}", one(&s[0], "fused"), one(&s[1], "unfused"))
}

/// `chunk` for one group: its best kernel measured, the others compared.
fn group_chunk(
    best: &Kernels,
    others: &[&Kernels],
    all_isas: bool,
    f: Function,
    (x, r): (&[f32], &[f64]),
    y: &mut [f32],
    z: &mut [f32],
) -> Sweep {
    let same = |a: f32, b: f32| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
    f.forward(best, x, y).unwrap();
    for k in others.iter().filter(|_| all_isas) {
        f.forward(k, x, z).unwrap();
        for i in 0..x.len() {
            assert!(
                same(z[i], y[i]),
                "{} {} differs from {} at x = {:e}: {:e} vs {:e}",
                k.isa().name(),
                f.name(),
                best.isa().name(),
                x[i],
                z[i],
                y[i]
            );
        }
    }
    let mut s = Sweep {
        measured: true,
        ..Sweep::default()
    };
    for i in 0..x.len() {
        if x[i].is_nan() {
            assert!(y[i].is_nan());
            continue;
        }
        let e = ulp_error_f32(r[i], y[i]);
        if y[i] == 0.0 {
            assert_eq!(
                y[i].is_sign_negative(),
                zero_is_negative(f, x[i]),
                "{}({:e}) = {:e}: zero of the wrong sign",
                f.name(),
                x[i],
                y[i]
            );
        }
        if e > 0.5 {
            s.over_half += 1;
        }
        if e > 1.0 {
            s.over_one += 1;
        }
        if r[i].abs() >= f64::from(f32::MIN_POSITIVE) {
            s.worst_normal = s.worst_normal.max(e);
        }
        if e > s.worst {
            s.worst = e;
            s.worst_x = x[i];
        }
    }
    s
}

/// A sweep's figures.
#[derive(Clone, Copy, Debug, Default)]
struct Sweep {
    measured: bool,
    worst: f64,
    worst_x: f32,
    over_half: u64,
    over_one: u64,
    worst_normal: f64,
}

impl Sweep {
    fn merge(self, o: Sweep) -> Sweep {
        let (worst, worst_x) = if o.worst > self.worst {
            (o.worst, o.worst_x)
        } else {
            (self.worst, self.worst_x)
        };
        Sweep {
            measured: self.measured || o.measured,
            worst,
            worst_x,
            over_half: self.over_half + o.over_half,
            over_one: self.over_one + o.over_one,
            worst_normal: self.worst_normal.max(o.worst_normal),
        }
    }
}

/// `softplus(-x) = -log_sigmoid(x)`, bit for bit, on the best ISA of each
/// group (fused, unfused; `z` is scratch); every ISA's forward is checked
/// bit-identical to its group's best, so it holds on each.
fn identities(isas: &[Kernels], x: &[f32], y: &mut [f32], z: &mut [f32]) {
    let same = |a: f32, b: f32| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
    let neg_x: Vec<f32> = x.iter().map(|v| -v).collect();
    for fused in [true, false] {
        let Some(k) = isas.iter().rev().find(|k| k.isa().is_fused() == fused) else {
            continue;
        };
        k.log_sigmoid(x, y).unwrap();
        k.softplus(&neg_x, z).unwrap();
        for i in 0..x.len() {
            assert!(
                same(z[i], -y[i]),
                "{}: softplus({:e})",
                k.isa().name(),
                neg_x[i]
            );
        }
    }
}

/// The groups of bit-identical kernels, for messages: `fused [portable,
/// avx2], unfused []`.
fn groups(isas: &[Kernels]) -> String {
    let names = |fused: bool| -> Vec<&str> {
        isas.iter()
            .filter(|k| k.isa().is_fused() == fused)
            .map(|k| k.isa().name())
            .collect()
    };
    format!("fused {:?}, unfused {:?}", names(true), names(false))
}

/// The functions whose Fast f32 forward is its own algorithm (softplus is
/// log-sigmoid's, by the identity).
const FAST_FUNCTIONS: [Function; 3] = [Function::LogSigmoid, Function::Sigmoid, Function::Silu];

/// Every f32 input, every function: the best ISA within 1 ULP (the maxima
/// printed), every other ISA of its group bit-identical to it (log_sigmoid on every
/// input, the others on every 8th chunk of 2^16: 2^29 inputs spread over
/// all exponents), and the identities between the functions; and the Fast
/// precision's own algorithms within 1.5 ULP on every input, bit-identical
/// on every ISA on every 8th chunk. About ten minutes on two cores.
#[test]
#[ignore = "exhaustive over 2^32 inputs: run by .ci/run with --ignored"]
fn f32_forward_all_inputs() {
    let isas: Vec<Kernels> = kernels_in(Precision::Faithful);
    let fast: Vec<Kernels> = kernels_in(Precision::Fast);
    const CHUNK: u64 = 1 << 16;
    type Sweeps = ([Groups; FUNCTIONS.len()], [Groups; FAST_FUNCTIONS.len()]);
    let results: Vec<Sweeps> = parallel(|t, threads| {
        let (isas, fast) = (&isas, &fast);
        let mut x = vec![0.0f32; CHUNK as usize];
        let mut y = vec![0.0f32; CHUNK as usize];
        let mut z = vec![0.0f32; CHUNK as usize];
        let mut r: [Vec<f64>; 4] = std::array::from_fn(|_| vec![0.0; CHUNK as usize]);
        let mut sweeps = [Groups::default(); FUNCTIONS.len()];
        let mut fast_sweeps = [Groups::default(); FAST_FUNCTIONS.len()];
        let mut c = t as u64;
        while c < (1u64 << 32) / CHUNK {
            for (i, v) in x.iter_mut().enumerate() {
                *v = f32::from_bits((c * CHUNK) as u32 + i as u32);
            }
            // log_sigmoid (the first release's claim) on every ISA for
            // every input, the others on every 8th chunk; the unfused
            // kernel (a build without FMA), if any, on every 8th chunk.
            // The Fast precision's own algorithms: accuracy on every input,
            // the other ISAs on every 8th chunk.
            // (Without FMA, Fast runs Faithful's algorithms: `bit_identity`
            // holds the two to the same golden hashes there, so its unfused
            // group is not measured again.)
            let eighth = c.is_multiple_of(8);
            oracles(&x, &mut r);
            for (j, (f, r)) in FUNCTIONS.iter().zip(&r).enumerate() {
                let all = *f == Function::LogSigmoid || eighth;
                let s = chunk(isas, (all, eighth), *f, (&x, r), &mut y, &mut z);
                sweeps[j] = merge(sweeps[j], s);
                if let Some(k) = FAST_FUNCTIONS.iter().position(|g| g == f) {
                    let s = chunk(fast, (eighth, false), *f, (&x, r), &mut y, &mut z);
                    fast_sweeps[k] = merge(fast_sweeps[k], s);
                }
            }
            identities(isas, &x, &mut y, &mut z);
            identities(fast, &x, &mut y, &mut z);
            c += threads as u64;
        }
        (sweeps, fast_sweeps)
    });
    let names = groups(&isas);
    let group_names = ["fused", "unfused"];
    // The unfused group is measured on every 8th chunk where a fused one is.
    let has_fused = isas.iter().any(|k| k.isa().is_fused());
    let measured_on = |g: &str| {
        if g == "unfused" && has_fused {
            "2^29 inputs"
        } else {
            "all 2^32 inputs"
        }
    };
    for (i, f) in FUNCTIONS.iter().enumerate() {
        let all = results
            .iter()
            .map(|r| r.0[i])
            .fold(Groups::default(), merge);
        for (s, g) in all.iter().zip(group_names).filter(|(s, _)| s.measured) {
            println!(
                "{} f32 ({g}), {}: max {:.4} ULP at x = {:e} ({:.4} ULP for normal results); {} results over 0.5 ULP; bit-identical within {names}{}",
                f.name(), measured_on(g), s.worst, s.worst_x, s.worst_normal, s.over_half,
                if *f == Function::LogSigmoid && g == "fused" { "" } else { " (2^29 inputs)" }
            );
            assert!(s.worst < 1.0, "{} ({g}): {} ULP", f.name(), s.worst);
        }
    }
    for (i, f) in FAST_FUNCTIONS.iter().enumerate() {
        let all = results
            .iter()
            .map(|r| r.1[i])
            .fold(Groups::default(), merge);
        for (s, g) in all.iter().zip(group_names).filter(|(s, _)| s.measured) {
            println!(
                "{} f32 Fast ({g}), all 2^32 inputs: max {:.4} ULP at x = {:e} ({:.4} ULP for normal results); {} results over 1 ULP, {} over 0.5 ULP; bit-identical within {names}{}",
                f.name(), s.worst, s.worst_x, s.worst_normal, s.over_one, s.over_half,
                if *f == Function::LogSigmoid { " (softplus: the same, by the identity)" } else { "" }
            );
            assert!(
                s.worst <= 1.5,
                "Fast {} ({g}): {} ULP at {:e}",
                f.name(),
                s.worst,
                s.worst_x
            );
        }
    }
}

/// 2^24 f32 inputs spread over every bit pattern (i times an odd constant,
/// a bijection of the 32-bit patterns), every function: every ISA
/// bit-identical within its group (fused, unfused) and within 1 ULP, and the identities (the Fast
/// algorithms too, within 1.5). This is
/// the sweep that runs under qemu for NEON (the full one runs on x86-64).
#[test]
fn f32_forward_2_pow_24_sample() {
    let isas = kernels_in(Precision::Faithful);
    let fast = kernels_in(Precision::Fast);
    let mut fast_sweeps = [Groups::default(); FAST_FUNCTIONS.len()];
    const CHUNK: u32 = 1 << 16;
    let mut x = vec![0.0f32; CHUNK as usize];
    let mut y = vec![0.0f32; CHUNK as usize];
    let mut z = vec![0.0f32; CHUNK as usize];
    let mut r: [Vec<f64>; 4] = std::array::from_fn(|_| vec![0.0; CHUNK as usize]);
    let mut sweeps = [Groups::default(); FUNCTIONS.len()];
    for c in 0..(1u32 << 24) / CHUNK {
        for (i, v) in x.iter_mut().enumerate() {
            *v = f32::from_bits((c * CHUNK + i as u32).wrapping_mul(0x9E37_79B1));
        }
        oracles(&x, &mut r);
        for (j, (f, r)) in FUNCTIONS.iter().zip(&r).enumerate() {
            let s = chunk(&isas, (true, true), *f, (&x, r), &mut y, &mut z);
            sweeps[j] = merge(sweeps[j], s);
            if let Some(k) = FAST_FUNCTIONS.iter().position(|g| g == f) {
                let s = chunk(&fast, (true, true), *f, (&x, r), &mut y, &mut z);
                fast_sweeps[k] = merge(fast_sweeps[k], s);
            }
        }
        identities(&isas, &x, &mut y, &mut z);
        identities(&fast, &x, &mut y, &mut z);
    }
    for (f, s) in FAST_FUNCTIONS.iter().zip(fast_sweeps) {
        println!("{} f32 Fast, 2^24 inputs: max {}", f.name(), maxima(&s));
        for s in s.iter() {
            assert!(s.worst <= 1.5, "Fast {}: {} ULP", f.name(), s.worst);
        }
    }
    for (f, s) in FUNCTIONS.iter().zip(sweeps) {
        println!(
            "{} f32, 2^24 inputs: max {}; bit-identical within {}",
            f.name(),
            maxima(&s),
            groups(&isas)
        );
        for s in s.iter() {
            assert!(
                s.worst < 1.0,
                "{}: {} ULP at {:e}",
                f.name(),
                s.worst,
                s.worst_x
            );
        }
    }
}

/// On a CPU with AVX512-BF16 the AVX-512 bf16 kernels round with
/// `vcvtneps2bf16`; the integer-rounding kernels used elsewhere are checked
/// here too: all inputs, forward correctly rounded, backward within 1 ULP.
#[cfg(target_arch = "x86_64")]
#[test]
fn bf16_avx512_integer_rounding_all_inputs() {
    use logsigmoid_kernels::arch::x86::Avx512;
    use logsigmoid_kernels::{LogSigmoid as Op, Token};
    let Some(token) = Avx512::try_new() else {
        return;
    };
    let table = token.bf16_table_integer_rounding::<Op>();
    let x = all_halves::<bf16>();
    let mut y = vec![bf16::ZERO; x.len()];
    (table.forward)(Op, &x, &mut y);
    for i in 0..x.len() {
        assert!(
            y[i].same(reference::log_sigmoid(x[i])),
            "log_sigmoid({:?}) = {:?}",
            x[i],
            y[i]
        );
    }
    let dy = vec![bf16::from_f32(-3.25); x.len()];
    (table.backward)(Op, &x, &dy, &mut y);
    for i in 0..x.len() {
        assert!(reference::log_sigmoid_backward_ulp_error(x[i], dy[i], y[i]) <= 1.0);
    }
}
