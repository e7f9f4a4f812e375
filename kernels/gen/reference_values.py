#!/usr/bin/env python3
"""Prints tests/data/reference_values.txt: log_sigmoid(x) and the gradient
factor sigmoid(-x) at 300 bits with mpmath, for checking the double-double
oracle against an independent computation.

    python3 kernels/gen/reference_values.py > tests/data/reference_values.txt

Each line: x (f64 bits, hex), then for log_sigmoid(x) and sigmoid(-x):
the value as hi and lo f64 bits (hex) with hi + lo the value rounded to 106+ bits,
scaled by 2^e (e decimal).
"""
import mpmath as mp
import random
import struct

mp.mp.prec = 300

def bits(v):
    return struct.unpack("<Q", struct.pack("<d", v))[0]

def split(v):
    if v == 0:
        return (0.0, 0.0, 0)
    m, e = mp.frexp(v)
    hi = float(m)
    lo = float(m - hi)
    return (hi, lo, int(e))

def main():
    rnd = random.Random(2026)
    xs = [0.0, 1.0, -1.0, -20.0, 29.0, 400.0, 100.0, 1e-300, -1e-300, 5e-324, 0.5, -0.5,
          0.6931471805599453, 17.0, -17.0, 36.7, 37.5, 88.7, 103.9, 104.5, 700.0, 744.0, 745.5,
          -745.5, 1e5, -1e5, 2.0 ** -30, -(2.0 ** -30)]
    for _ in range(400):
        e = rnd.uniform(-40, 10)
        xs.append(rnd.choice([-1, 1]) * 2.0 ** e)
    for x in xs:
        X = mp.mpf(x)
        ls = -mp.log1p(mp.exp(-X)) if x >= 0 else X - mp.log1p(mp.exp(X))
        sg = 1 / (1 + mp.exp(X))
        parts = []
        for v in (ls, sg):
            hi, lo, e = split(v)
            parts.append(f"{bits(hi):016x} {bits(lo):016x} {e}")
        print(f"{bits(x):016x} " + " ".join(parts))

if __name__ == "__main__":
    main()
