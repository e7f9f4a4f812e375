#!/usr/bin/env python3
"""Summarises criterion's results (target/criterion) as a Markdown table:
ns per element (median) for each function/type/op at one size, every ISA in
both precisions, par, SLEEF, the naive loop and a copy, with ratios against
the naive loop, SLEEF on the same ISA and the copy.

    cargo bench --bench kernels -- /4096 && python3 benches/table.py 4096
"""
import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "target", "criterion")
SIZE = sys.argv[1] if len(sys.argv) > 1 else "4096"


def median_ns(group, name):
    # criterion writes the group "softplus/f32/forward" as "softplus_f32_forward".
    p = os.path.join(ROOT, group.replace("/", "_"), name, SIZE, "new", "estimates.json")
    if not os.path.exists(p):
        return None
    return json.load(open(p))["median"]["point_estimate"] / int(SIZE)


# The functions benched: criterion's group directories "<function>_<type>_<op>".
GROUP = re.compile(r"^(.+)_(f32|f64|f16|bf16)_(forward|forward_in_place|backward)$")
functions = sorted({m.group(1) for d in (os.listdir(ROOT) if os.path.isdir(ROOT) else []) if (m := GROUP.match(d))})

print("| function | type | op | kernels | ns/elem | vs naive | vs SLEEF (same ISA) | vs copy |")
print("|---|---|---|---|---:|---:|---:|---:|")
for fn in functions:
    for ty in ["f32", "f64", "f16", "bf16"]:
        for op in ["forward", "forward_in_place", "backward"]:
            group = f"{fn}/{ty}/{op}"
            naive = median_ns(f"{fn}/{ty}/{'backward' if op == 'backward' else 'forward'}", "naive")
            copy = median_ns(f"{fn}/{ty}/forward", "copy")
            isas = ["portable", "avx", "avx2", "avx512", "neon"]
            for isa in isas + [i + "-fast" for i in isas] + ["par", "sleef-avx2", "sleef-avx512", "naive"]:
                t = median_ns(group, isa)
                if t is None:
                    continue
                vs_naive = f"{naive / t:.1f}x" if naive else ""
                vs_copy = f"{t / copy:.1f}" if copy else ""
                sleef = median_ns(group, "sleef-" + isa.removesuffix("-fast"))
                vs_sleef = f"{sleef / t:.2f}x" if sleef and not isa.startswith("sleef") else ""
                print(f"| {fn} | {ty} | {op} | {isa} | {t:.3f} | {vs_naive} | {vs_sleef} | {vs_copy} |")
