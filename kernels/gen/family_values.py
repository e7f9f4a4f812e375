#!/usr/bin/env python3
"""Prints tests/data/family_values.txt: sigmoid(x), sigmoid'(x), silu(x) and
silu'(x) at 300 bits with mpmath, for checking the double-double oracle
against an independent computation, SiLU's gradient near its zero
x0 = -1 - W(1/e) included.

    python3 kernels/gen/family_values.py > tests/data/family_values.txt

Each line: x (f64 bits, hex), then for each of the four values: hi and lo
f64 bits (hex), hi + lo the value rounded to 106+ bits, scaled by 2^e
(e decimal).
"""
import mpmath as mp
import random
import struct

from reference_values import bits, split

mp.mp.prec = 300


def from_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def main():
    rnd = random.Random(2027)
    x0 = -1 - mp.lambertw(mp.e ** -1).real
    x0_64 = float(x0)
    xs = [0.0, 1.0, -1.0, -20.0, 29.0, 400.0, -400.0, 100.0, -100.0, 1e-300, -1e-300, 5e-324,
          -5e-324, 0.5, -0.5, 17.0, -17.0, 36.7, -36.7, 88.7, -88.7, 103.9, -103.9, 108.0,
          -108.0, 700.0, -700.0, 744.0, -744.0, 745.5, -745.5, -751.0, -752.0, 1e5, -1e5,
          2.0 ** -30, -(2.0 ** -30), 2.4, -2.4, 1.2785, -1.2785, -1.5, -1.03]
    # The f64 and f32 neighbours of silu's zero.
    for k in range(-4, 5):
        xs.append(from_bits(bits(x0_64) + k))
    x0_32 = f32(x0_64)
    for k in range(-4, 5):
        b = struct.unpack("<I", struct.pack("<f", x0_32))[0] + k
        xs.append(struct.unpack("<f", struct.pack("<I", b))[0])
    for _ in range(60):
        xs.append(x0_64 + rnd.uniform(-0.3, 0.3))
    for _ in range(300):
        e = rnd.uniform(-40, 10)
        xs.append(rnd.choice([-1, 1]) * 2.0 ** e)
    for x in xs:
        X = mp.mpf(x)
        sg = 1 / (1 + mp.exp(-X))
        sgn = 1 / (1 + mp.exp(X))
        values = (sg, sg * sgn, X * sg, sg * (1 + X * sgn))
        parts = []
        for v in values:
            hi, lo, e = split(v)
            parts.append(f"{bits(hi):016x} {bits(lo):016x} {e}")
        print(f"{bits(x):016x} " + " ".join(parts))


if __name__ == "__main__":
    main()
