#!/usr/bin/env python3
"""Summarises criterion's results (target/criterion) as a Markdown table:
ns per element (median) for each type/op/size, every ISA, the naive loop and
a copy, with ratios against the naive loop and the copy.

    cargo bench --bench log_sigmoid -- /4096 && python3 benches/table.py 4096
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "target", "criterion")
SIZE = sys.argv[1] if len(sys.argv) > 1 else "4096"


def median_ns(group, name):
    p = os.path.join(ROOT, group, name, SIZE, "new", "estimates.json")
    if not os.path.exists(p):
        return None
    return json.load(open(p))["median"]["point_estimate"] / int(SIZE)


print(f"| type | op | ISA | ns/elem | vs naive | vs copy |")
print("|---|---|---|---:|---:|---:|")
for ty in ["f32", "f64", "f16", "bf16"]:
    for op in ["forward", "forward_in_place", "backward"]:
        group = f"{ty}_{op}" if os.path.isdir(os.path.join(ROOT, f"{ty}_{op}")) else f"{ty}/{op}".replace("/", "_")
        naive = median_ns(group, "naive") or median_ns(f"{ty}_{'backward' if op == 'backward' else 'forward'}", "naive")
        copy = median_ns(f"{ty}_forward", "copy")
        for isa in ["portable", "avx2", "avx512", "neon", "naive"]:
            t = median_ns(group, isa)
            if t is None:
                continue
            vs_naive = f"{naive / t:.1f}x" if naive else ""
            vs_copy = f"{t / copy:.1f}" if copy else ""
            print(f"| {ty} | {op} | {isa} | {t:.3f} | {vs_naive} | {vs_copy} |")
