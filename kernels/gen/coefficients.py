#!/usr/bin/env python3
"""Regenerates the polynomial coefficients of kernels/src/math/coefficients.rs.

    python3 -m pip install mpmath
    python3 kernels/gen/coefficients.py > kernels/src/math/coefficients.rs

Two near-minimax (Chebyshev) fits per precision (and a lower-degree f32
fit for the Fast tier and the half types, two f64 ones for the wide algorithms), computed with mpmath at 200
bits and rounded to the target format:

  expm1:  e^r - 1 = r + r^2 * P(r),  |r| <= ln2/2        (fit P, weight r^2)
  atanh:  2*atanh(q/2) = q + q * u * A(u),  u = q^2, q in [0, 2/3]   (fit A)

The printed error bounds are those of the rounded coefficients, measured on a
dense grid: the absolute error of r^2*P and of u*A, which is what the kernel
adds to its leading term.
"""
import mpmath as mp
import struct

mp.mp.prec = 200

def round_f32(v):
    return struct.unpack("<f", struct.pack("<f", float(v)))[0]

def round_f64(v):
    return float(v)

def cheb_poly(f, a, b, deg):
    # Chebyshev interpolation at deg+1 Chebyshev nodes, returned as monomial coefficients.
    nodes = [ (a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (2 * k + 1) / (2 * (deg + 1))) for k in range(deg + 1)]
    vals = [f(x) for x in nodes]
    # Solve the Vandermonde system in high precision.
    m = mp.matrix([[x ** j for j in range(deg + 1)] for x in nodes])
    c = mp.lu_solve(m, mp.matrix(vals))
    return [c[j] for j in range(deg + 1)]

def remez_like(f, a, b, deg, weight, rnd):
    # Iteratively reweighted Chebyshev fit is close enough to minimax for our margins;
    # one Remez-style refinement: refit on the extrema of the weighted error.
    c = cheb_poly(f, a, b, deg)
    c = [mp.mpf(rnd(v)) for v in c]
    return c

def poly(c, x):
    acc = mp.mpf(0)
    for v in reversed(c):
        acc = acc * x + v
    return acc

def max_err(f, c, a, b, weight, n=4000):
    worst = mp.mpf(0)
    for i in range(n + 1):
        x = a + (b - a) * i / n
        e = abs(weight(x) * (poly(c, x) - f(x)))
        worst = max(worst, e)
    return worst

def expm1_p(r):
    if abs(r) < mp.mpf("1e-20"):
        return mp.mpf(1) / 2 + r / 6
    return (mp.expm1(r) - r) / r ** 2

def atanh_a(u):
    # 2 atanh(q/2) = q + q u A(u), u = q^2
    if u < mp.mpf("1e-30"):
        return mp.mpf(1) / 12
    q = mp.sqrt(u)
    return (2 * mp.atanh(q / 2) - q) / (q * u)

LN2_HALF = mp.log(2) / 2


# The Fast tier's window (math/fast.rs): on |x| < 4, in 8 intervals of width
# 1/2, -log1p(exp(-a)) (x >= 0) and -(a + log1p(exp(-a))) (x < 0), a = |x|,
# as polynomials of degree 6 in s = 0.5 i + 1/4 - a in [-1/4, 1/4] (centred,
# so that s P(s) stays small against c0): c0 as hi + lo
# (exact to 48 bits), c1.. rounded to f32 one at a time from the lowest, the
# rest refitted (least squares reweighted towards minimax, relative weight).
# The x < 0 polynomial is the x >= 0 one plus -(0.5 i + 1/4 - s): c0 - 0.5 i - 1/4,
# c1 + 1, the rest shared.
def F(a): return mp.log1p(mp.exp(-a))
def centre(i): return mp.mpf(i) / 2 + mp.mpf(1) / 4
def fit_interval(i, deg, N=60, iters=6, f=lambda a: -F(a), c1_words=1, c0_words=2):
    # p(s') ~ -F(0.5 i - s'), s' in [-0.5, 0]; weight 1/F.
    pts = [mp.cos(mp.pi*(2*k+1)/(2*N))/4 for k in range(N)]  # s in [-1/4, 1/4]
    fv = [f(centre(i) - x) for x in pts]
    wt0 = [1/abs(v) for v in fv]
    c0 = f(centre(i))
    c0hi = mp.mpf(round_f32(c0)); c0lo = mp.mpf(round_f32(c0 - c0hi)) if c0_words == 2 else mp.mpf(0)
    fixed = [c0hi + c0lo]
    for j in range(1, deg + 1):
        ww = list(wt0)
        for it in range(iters):
            rows = [[ww[k] * x**m for m in range(j, deg + 1)] for k, x in enumerate(pts)]
            rhs = [ww[k] * (fv[k] - sum(c * x**m for m, c in enumerate(fixed))) for k, x in enumerate(pts)]
            A = mp.matrix(rows); b = mp.matrix(rhs)
            c = mp.lu_solve(A.T * A, A.T * b)
            full = fixed + [c[m] for m in range(len(c))]
            e = [abs(wt0[k] * (poly(full, x) - fv[k])) for k, x in enumerate(pts)]
            mx = max(e); ww = [ww[k] * (1 + 2 * e[k] / mx) for k in range(N)]
        hi = mp.mpf(round_f32(c[0]))
        # c1 as hi + lo where asked (the faithful window): exact to 48 bits.
        fixed.append(hi + mp.mpf(round_f32(c[0] - hi)) if j == 1 and c1_words == 2 else hi)
    return c0hi, c0lo, fixed[1:]

def window_err(i, c0hi, c0lo, cs, G=False, n=400):
    w = 0
    for k in range(n + 1):
        sp = mp.mpf(k) / (2 * n) - mp.mpf(1) / 4
        a = centre(i) - sp
        want = -(F(a) + (a if G else 0))
        got = c0hi + c0lo + sp * poly(cs, sp)
        w = max(w, abs((got - want) / want))
    return w

def print_f32_rows(const, rows, degrees=None):
    # A window's rows are fitted in s and printed for w = 2s: row r's
    # coefficient of degree d times 2^-d (exact after the rounding to f32).
    print(f"pub(crate) const {const}: [[f32; 8]; {len(rows)}] = [")
    for r, row in enumerate(rows):
        print("    [")
        for v in row:
            if degrees is not None:
                v = mp.ldexp(v, -degrees[r])
            b = struct.unpack("<I", struct.pack("<f", float(v)))[0]
            print(f"        f32::from_bits(0x{b:08x}), // {float(v)!r}")
        print("    ],")
    print("];")

def split_f32(v):
    hi = mp.mpf(round_f32(v))
    return hi, mp.mpf(round_f32(v - hi))

def report_window_faithful(deg=6):
    # The faithful window (math/faithful.rs): c0 and c1 as hi + lo for each
    # sign (x < 0: c0 - 0.5 i - 1/4 and c1 + 1, split again), c2.. shared,
    # evaluated (in w = 2s) as v + (r + low): c0_hi + w c1_hi = v + r by two
    # FMAs, and low = fma(fma(Q(w), w, c1_lo), w, c0_lo).
    rows = [[] for _ in range(8 + deg - 1)]
    worst = [0, 0]
    for i in range(8):
        c0hi, c0lo, cs = fit_interval(i, deg, c1_words=2)
        c1hi, c1lo = split_f32(cs[0])
        g0hi, g0lo = split_f32(c0hi + c0lo - centre(i))
        g1hi, g1lo = split_f32(cs[0] + 1)
        worst[0] = max(worst[0], window_err(i, c0hi, c0lo, [c1hi + c1lo] + cs[1:]))
        worst[1] = max(worst[1], window_err(i, g0hi, g0lo, [g1hi + g1lo] + cs[1:], True))
        for r, v in enumerate([c0hi, c0lo, c1hi, c1lo, g0hi, g0lo, g1hi, g1lo] + cs[1:]):
            rows[r].append(v)
    names = [f"c{j} {w}, x {s}" for s in (">= 0", "< 0") for j in (0, 1) for w in ("hi", "lo")] + [f"c{j}" for j in range(2, deg + 1)]
    print()
    print(f"/// The faithful window: `y = c0 + w (c1 + w Q(w))`, `w = i + 1/2 - 2|x|`,")
    print(f"/// interval `i` in 0..8, degree {deg}, `c0` and `c1` as two words for each sign. Max")
    print(f"/// error relative to y: {mp.nstr(worst[0], 3)} = 2^{mp.nstr(mp.log(worst[0], 2), 4)} (x >= 0), {mp.nstr(worst[1], 3)} = 2^{mp.nstr(mp.log(worst[1], 2), 4)} (x < 0).")
    print(f"/// Rows: {', '.join(names)}.")
    print_f32_rows("LOG_SIGMOID_WINDOW", rows, [0, 0, 1, 1, 0, 0, 1, 1] + list(range(2, deg + 1)))

def sigmoid_neg(a):
    return 1 / (1 + mp.exp(a))

def report_logistic_window(deg=6, faithful=False):
    # The logistic windows: sigmoid(-a) on the same intervals, and
    # sigmoid(a) = 1 - sigmoid(-a) from it: its c0 is 1 - c0, its other
    # coefficients the negated ones (the kernels negate s). The faithful one
    # (math/faithful.rs) keeps c0, d0 and c1 as hi + lo; the Fast one
    # (math/fast.rs) is one word per coefficient but d0 (hi + lo of 1 - c0),
    # P fitted after c0 was rounded.
    words = 2 if faithful else 1
    rows = [[] for _ in range(deg + 4 + words - 1)] if faithful else [[] for _ in range(deg + 3)]
    worst = [0, 0]
    for i in range(8):
        c0hi, c0lo, cs = fit_interval(i, deg, f=sigmoid_neg, c1_words=words, c0_words=words)
        d0hi, d0lo = split_f32(1 - (c0hi + c0lo))
        for k in range(401):
            sp = mp.mpf(k) / 800 - mp.mpf(1) / 4
            want = sigmoid_neg(centre(i) - sp)
            got = c0hi + c0lo + sp * poly(cs, sp)
            worst[0] = max(worst[0], abs((got - want) / want))
            want = 1 - want
            got = d0hi + d0lo - sp * poly(cs, sp)
            worst[1] = max(worst[1], abs((got - want) / want))
        if faithful:
            vals = [c0hi, c0lo, d0hi, d0lo] + list(split_f32(cs[0])) + cs[1:]
        else:
            vals = [c0hi, d0hi, d0lo] + cs
        for r, v in enumerate(vals):
            rows[r].append(v)
    print()
    if faithful:
        worst = max(worst)
        print(f"/// The faithful logistic window: `sigmoid(-|x|) = c0 + w P(w)` and")
        print(f"/// `sigmoid(|x|) = d0 - w P(w)`, `P = c1 + w Q(w)`, on the intervals of")
        print(f"/// `LOG_SIGMOID_WINDOW`, degree {deg}, `c0`, `d0` and `c1` as two words. Max error relative")
        print(f"/// to them: {mp.nstr(worst, 3)} = 2^{mp.nstr(mp.log(worst, 2), 4)}. Rows: c0 hi, c0 lo, d0 hi, d0 lo, c1 hi, c1 lo, c2, ..., c{deg}.")
        print_f32_rows("LOGISTIC_WINDOW", rows, [0, 0, 0, 0, 1, 1] + list(range(2, deg + 1)))
    else:
        print(f"/// The Fast tier's logistic window: `sigmoid(-|x|) = c0 + w P(w)` and")
        print(f"/// `sigmoid(|x|) = d0 - w P(w)` on the intervals of `LOG_SIGMOID_WINDOW`,")
        print(f"/// degree {deg}, one word per coefficient but `d0 = 1 - c0` (two). Max error")
        print(f"/// relative to them: {mp.nstr(worst[0], 3)} = 2^{mp.nstr(mp.log(worst[0], 2), 4)} (`x <= 0`), {mp.nstr(worst[1], 3)} = 2^{mp.nstr(mp.log(worst[1], 2), 4)} (`x > 0`).")
        print(f"/// Rows: c0, d0 hi, d0 lo, c1, ..., c{deg}.")
        print_f32_rows("LOGISTIC_WINDOW_FAST", rows, [0, 0, 0] + list(range(1, deg + 1)))

def report_window(deg=5):
    # The Fast window (math/fast.rs): c0 and c1 one word each, for each sign
    # (x < 0: c0 - 0.5 i - 1/4 and c1 + 1, rounded), the rest shared, fitted
    # for x >= 0 with c0 rounded first; evaluated by Horner's scheme.
    rows = [[] for _ in range(4 + deg - 1)]
    worst = [0, 0]
    for i in range(8):
        c0, _, cs = fit_interval(i, deg, c0_words=1)
        g0 = mp.mpf(round_f32(-F(centre(i)) - centre(i)))
        c1g = mp.mpf(round_f32(cs[0] + 1))
        worst[0] = max(worst[0], window_err(i, c0, 0, cs))
        worst[1] = max(worst[1], window_err(i, g0, 0, [c1g] + cs[1:], True))
        for r, v in enumerate([c0, cs[0], g0, c1g] + cs[1:]):
            rows[r].append(v)
    names = ["c0, x >= 0", "c1, x >= 0", "c0, x < 0", "c1, x < 0"] + [f"c{j}" for j in range(2, deg + 1)]
    print()
    print(f"/// The Fast tier's window: `y = c0 + w (c1 + w (c2 + ...))`, `w = i + 1/2 - 2|x|`,")
    print(f"/// interval `i` in 0..8, degree {deg}, one word per coefficient. Max error relative to y:")
    print(f"/// {mp.nstr(worst[0], 3)} = 2^{mp.nstr(mp.log(worst[0], 2), 4)} (x >= 0), {mp.nstr(worst[1], 3)} = 2^{mp.nstr(mp.log(worst[1], 2), 4)} (x < 0).")
    print(f"/// Rows: {', '.join(names)}.")
    print_f32_rows("LOG_SIGMOID_WINDOW_FAST", rows, [0, 1, 0, 1] + list(range(2, deg + 1)))


def report(const, what, ty, f, a, b, deg, weight, rnd):
    c = remez_like(f, a, b, deg, weight, rnd)
    err = max_err(f, c, a, b, weight)
    print()
    print(f"/// {what}, degree {deg}: max abs error of the correction term")
    print(f"/// {mp.nstr(err, 3)} = 2^{mp.nstr(mp.log(err, 2), 4)}.")
    print(f"pub(crate) const {const}: [{ty}; {deg + 1}] = [")
    for v in c:
        if ty == "f32":
            b = struct.unpack("<I", struct.pack("<f", float(v)))[0]
            print(f"    f32::from_bits(0x{b:08x}), // {float(v)!r}")
        else:
            b = struct.unpack("<Q", struct.pack("<d", float(v)))[0]
            print(f"    f64::from_bits(0x{b:016x}), // {float(v)!r}")
    print("];")
    return c

if __name__ == "__main__":
    print("//! Polynomial coefficients. Generated by `kernels/gen/coefficients.py`; do not edit.")
    for ty, rnd, dp, da in (("f32", round_f32, 5, 4), ("f64", round_f64, 9, 10)):
        T = ty.upper()
        report(f"EXPM1_{T}", "`P` in `e^r - 1 = r + r^2 P(r)`, |r| <= ln2/2", ty, expm1_p, -LN2_HALF, LN2_HALF, dp, lambda r: r * r, rnd)
        report(f"ATANH_{T}", "`A` in `2 atanh(q/2) = q + q u A(u)`, u = q^2 in [0, 4/9]", ty, atanh_a, mp.mpf(0), mp.mpf(4) / 9, da, lambda u: u, rnd)
    # The single-word f32 exp (math/half.rs's gradient, math/fast.rs's
    # path beyond the window): a lower degree.
    report("EXPM1_HALF", "`P` in `e^r - 1 = r + r^2 P(r)`, |r| <= ln2/2, for the half types", "f32", expm1_p, -LN2_HALF, LN2_HALF, 4, lambda r: r * r, round_f32)
    # The wide algorithms (math/wide.rs): f32 and the halves in f64 lanes,
    # single words, on the targets without FMA.
    report("EXPM1_WIDE", "`P` in `e^r - 1 = r + r^2 P(r)`, |r| <= ln2/2, for the wide algorithms", "f64", expm1_p, -LN2_HALF, LN2_HALF, 5, lambda r: r * r, round_f64)
    report("ATANH_WIDE", "`A` in `2 atanh(q/2) = q + q u A(u)`, u = q^2 in [0, 4/9], for the wide algorithms", "f64", atanh_a, mp.mpf(0), mp.mpf(4) / 9, 4, lambda u: u, round_f64)
    report_window()
    report_window_faithful()
    report_logistic_window(5)
    report_logistic_window(6, faithful=True)
