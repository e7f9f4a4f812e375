#!/usr/bin/env python3
"""llvm-mca estimates of the NEON f32 forward main loop, in cycles per element.

    python3 kernels/gen/mca.py            # needs llvm-mca-16 (Debian llvm-16)

Builds logsigmoid-kernels for aarch64 with `--emit asm`, takes the unrolled
main loop of `aarch64::neon::forward_f32` (the first loop in the function:
from its label to the branch back to it), and runs llvm-mca for a few cores.
These are static estimates from LLVM's scheduling models, not measurements.
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET = "aarch64-unknown-linux-gnu"
MCA = os.environ.get("LLVM_MCA", "/usr/lib/llvm-16/bin/llvm-mca")
CPUS = ["neoverse-n1", "neoverse-v1", "neoverse-v2", "apple-a14", "cortex-a76"]
ELEMENTS_PER_ITERATION = 4 * 4  # driver::BLOCK (aarch64) registers of 4 f32 lanes


def main():
    subprocess.run(
        ["cargo", "rustc", "-q", "-p", "logsigmoid-kernels", "--release", "--target", TARGET,
         "--", "--emit", "asm", "-C", "debuginfo=0"],
        cwd=ROOT, check=True)
    paths = sorted(glob.glob(os.path.join(ROOT, "target", TARGET, "release", "deps", "logsigmoid_kernels-*.s")),
                   key=os.path.getmtime)
    asm = open(paths[-1]).read().splitlines()
    start = next(i for i, l in enumerate(asm) if re.match(r"^_ZN.*neon11forward_f32.*:$", l))
    body = asm[start:]
    labels = {}
    for i, l in enumerate(body):
        m = re.match(r"^(\.LBB\w+):", l)
        if m:
            labels[m.group(1)] = i
        m = re.match(r"^\s+b\.\w+\s+(\.LBB\w+)", l) or re.match(r"^\s+b\s+(\.LBB\w+)", l)
        if m and m.group(1) in labels and labels[m.group(1)] < i:
            loop = [x for x in body[labels[m.group(1)] + 1:i + 1] if x.startswith("\t") and not x.startswith("\t.")]
            break
    else:
        sys.exit("no loop found")
    src = "\n".join(loop) + "\n"
    print(f"main loop: {len(loop)} instructions for {ELEMENTS_PER_ITERATION} f32 elements")
    print("| core (llvm-mca model) | cycles / iteration | cycles / element (estimate) |")
    print("|---|---:|---:|")
    for cpu in CPUS:
        out = subprocess.run([MCA, "-mtriple=aarch64", f"-mcpu={cpu}", "-iterations=200"],
                             input=src, capture_output=True, text=True, check=True).stdout
        cycles = int(re.search(r"Total Cycles:\s+(\d+)", out).group(1))
        per_iter = cycles / 200
        print(f"| {cpu} | {per_iter:.1f} | {per_iter / ELEMENTS_PER_ITERATION:.2f} |")


main()
