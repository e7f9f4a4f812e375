//! Operations per register of each algorithm, counted by running it on a
//! lane type that counts every lane operation (constants are free: the
//! compiled loops keep them in registers or fold them into the operation).
//! Composite operations count as their composition (`scale_pow2` is two
//! products; AVX-512's `vscalefps` makes it one), a table lookup as one
//! permute; without FMA a `mul_add` is two. `cargo test -p logsigmoid-kernels --release op_counts -- --nocapture`
//! prints the table the README quotes.

extern crate std;

use core::cell::Cell;
use std::println;

use crate::lanes::{Lanes, Real};
use crate::op::{Fast, LogSigmoid, Op, Sigmoid, Silu};

std::thread_local! {
    static OPS: Cell<(u32, u32)> = const { Cell::new((0, 0)) };
}

/// One operation (and whether it is a division).
fn tick(div: bool) {
    OPS.with(|c| {
        let (n, d) = c.get();
        c.set((n + 1, d + u32::from(div)));
    });
}

/// A counting lane of `R`: each operation is the scalar one, counted;
/// `F` is its [`Lanes::FUSED`] (the algorithm with FMA, or without).
#[derive(Clone, Copy, Debug)]
struct Counted<R, const F: bool>(R);

macro_rules! counted {
    ($r:ty) => {
        impl<const F: bool> Lanes for Counted<$r, F> {
            type Real = $r;
            type Mask = bool;
            const FUSED: bool = F;
            fn splat(self, v: $r) -> Self {
                Counted(v)
            }
            fn add(self, b: Self) -> Self {
                tick(false);
                Counted(self.0.add(b.0))
            }
            fn sub(self, b: Self) -> Self {
                tick(false);
                Counted(self.0.sub(b.0))
            }
            fn mul(self, b: Self) -> Self {
                tick(false);
                Counted(self.0.mul(b.0))
            }
            fn div(self, b: Self) -> Self {
                tick(true);
                Counted(self.0.div(b.0))
            }
            fn mul_add(self, b: Self, c: Self) -> Self {
                tick(false);
                if !F {
                    tick(false);
                }
                Counted(self.0.mul_add(b.0, c.0))
            }
            fn neg_mul_add(self, b: Self, c: Self) -> Self {
                tick(false);
                if !F {
                    tick(false);
                }
                Counted(self.0.neg_mul_add(b.0, c.0))
            }
            fn neg_abs(self) -> Self {
                tick(false);
                Counted(self.0.neg_abs())
            }
            fn min(self, b: Self) -> Self {
                tick(false);
                Counted(self.0.min(b.0))
            }
            fn max(self, b: Self) -> Self {
                tick(false);
                Counted(self.0.max(b.0))
            }
            fn lt(self, b: Self) -> bool {
                tick(false);
                self.0.lt(b.0)
            }
            fn select(m: bool, a: Self, b: Self) -> Self {
                tick(false);
                if m {
                    a
                } else {
                    b
                }
            }
            fn pow2_bias(self) -> Self {
                tick(false);
                Counted(self.0.pow2_bias())
            }
            fn all(self, m: bool) -> bool {
                tick(false);
                m
            }
            fn any(self, m: bool) -> bool {
                tick(false);
                m
            }
            fn lookup8(self, table: &[$r; 8]) -> Self {
                tick(false);
                Counted(self.0.lookup8(table))
            }
            fn split_high(self) -> Self {
                tick(false);
                Counted(self.0.split_high())
            }
        }
    };
}

counted!(f32);
counted!(f64);

/// (operations, divisions) of `f` on one register.
fn count(f: impl FnOnce()) -> (u32, u32) {
    OPS.with(|c| c.set((0, 0)));
    f();
    OPS.with(Cell::get)
}

fn forward<O: Op, R: Real>(op: O, x: R) -> (u32, u32)
where
    Counted<R, true>: Lanes<Real = R>,
{
    count(|| {
        op.forward(Counted::<R, true>(x));
    })
}

fn backward<O: Op, R: Real>(op: O, x: R) -> (u32, u32)
where
    Counted<R, true>: Lanes<Real = R>,
{
    count(|| {
        op.backward(Counted::<R, true>(x), Counted::<R, true>(x));
    })
}

/// (forward, backward) operations of `O`'s algorithm without FMA.
fn unfused<O: Op, R: Real>(op: O, x: R) -> (u32, u32)
where
    Counted<R, false>: Lanes<Real = R>,
{
    let f = count(|| {
        op.forward(Counted::<R, false>(x));
    });
    let b = count(|| {
        op.backward(Counted::<R, false>(x), Counted::<R, false>(x));
    });
    (f.0, b.0)
}

/// (forward, backward) operations of `O`'s wide algorithms (f64 lanes, no
/// FMA), per f64 register.
fn wide<O: Op>(op: O) -> (u32, u32) {
    let x = Counted::<f64, false>(1.5);
    (
        count(|| {
            op.forward_wide(x);
        })
        .0,
        count(|| {
            op.backward_wide(x, x);
        })
        .0,
    )
}

#[test]
#[cfg_attr(
    miri,
    ignore = "counts, not memory: where FUSED, f32::fma without std is libm's, which reads cpuid"
)]
fn op_counts() {
    // (name, faithful on |x| < 4, faithful beyond, fast on |x| < 4, fast
    // beyond) for f32.
    type Row = (&'static str, (u32, u32), (u32, u32), (u32, u32), (u32, u32));
    fn row<O: Op>(name: &'static str, op: O, grad: bool) -> Row {
        let f = |o: O, x: f32| if grad { backward(o, x) } else { forward(o, x) };
        let g = |o: Fast<O>, x: f32| if grad { backward(o, x) } else { forward(o, x) };
        let (inside, beyond) = (1.5, 10.0);
        (
            name,
            f(op, inside),
            f(op, beyond),
            g(Fast(op), inside),
            g(Fast(op), beyond),
        )
    }
    let rows = [
        row("log_sigmoid forward", LogSigmoid, false),
        row("log_sigmoid backward", LogSigmoid, true),
        row("sigmoid forward", Sigmoid, false),
        row("sigmoid backward", Sigmoid, true),
        row("silu forward", Silu, false),
        row("silu backward", Silu, true),
    ];
    println!("| f32 | Faithful, |x| < 4 | Faithful, |x| >= 4 | Fast, |x| < 4 | Fast, |x| >= 4 |");
    println!("|---|---:|---:|---:|---:|");
    for (name, a, b, c, d) in rows {
        println!(
            "| {name} | {} ({} div) | {} ({} div) | {} ({} div) | {} ({} div) |",
            a.0, a.1, b.0, b.1, c.0, c.1, d.0, d.1
        );
    }
    let (f64_fwd, f64_bwd) = (forward(LogSigmoid, 1.5f64), backward(LogSigmoid, 1.5f64));
    println!(
        "| log_sigmoid f64 forward / backward | {} / {} |",
        f64_fwd.0, f64_bwd.0
    );
    println!("| without FMA (forward / backward) | f32 | f32 wide (per f64 register) | f64 |");
    println!("|---|---:|---:|---:|");
    for (name, a, w, b) in [
        (
            "log_sigmoid",
            unfused(LogSigmoid, 1.5f32),
            wide(LogSigmoid),
            unfused(LogSigmoid, 1.5f64),
        ),
        (
            "sigmoid",
            unfused(Sigmoid, 1.5f32),
            wide(Sigmoid),
            unfused(Sigmoid, 1.5f64),
        ),
        (
            "silu",
            unfused(Silu, 1.5f32),
            wide(Silu),
            unfused(Silu, 1.5f64),
        ),
    ] {
        println!(
            "| {name} | {} / {} | {} / {} | {} / {} |",
            a.0, a.1, w.0, w.1, b.0, b.1
        );
        // The wide algorithms' reason to be: at most half the f32
        // algorithm's operations without FMA (plus the conversions).
        assert!(
            2 * w.0 <= a.0 && 2 * w.1 <= a.1,
            "{name}: wide {w:?} against {a:?}"
        );
    }
    // The faithful f32 forwards: no division in the window, log-sigmoid's
    // none beyond it either (their speed rests on it).
    for (name, inside, _, _, _) in rows.iter().filter(|r| r.0.ends_with("forward")) {
        assert_eq!(inside.1, 0, "{name}: a division in the faithful window");
    }
    let (_, _, beyond, _, _) = rows[0];
    assert_eq!(
        beyond.1, 0,
        "a division in the faithful log-sigmoid beyond the window"
    );
    // The Fast forwards' window: no division, and no more operations than
    // the faithful algorithm on the same input; at most three quarters of
    // them where the faithful one is the division-based algorithm.
    for (name, a, _, b, _) in rows.iter().filter(|r| r.0.ends_with("forward")) {
        assert_eq!(b.1, 0, "{name}: a division in the window");
        assert!(b.0 <= a.0, "{name}: {} against {}", b.0, a.0);
        if a.1 > 0 {
            assert!(4 * b.0 <= 3 * a.0, "{name}: {} against {}", b.0, a.0);
        }
    }
}
