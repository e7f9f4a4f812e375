//! Bit-identical results: within a precision, every ISA the CPU has whose
//! kernels are fused ([`Isa::is_fused`]: AVX2, AVX-512, NEON, Portable
//! where the target has FMA) gives the same bits on large samples, and so
//! does every unfused one (Portable and Avx without FMA, wasm's); each group's
//! results hash to the same value on every architecture (x86-64 here,
//! aarch64 under qemu and wasm32 under node in CI), so a model gives the
//! same numbers on any machine of the group.
//!
//! The golden hashes change only when the algorithm does (on purpose): then
//! rerun this test on one machine, take the printed hashes, and check that
//! the other architectures agree.

mod common;

use common::{kernels_in, Function, Rng, TestFloat, FUNCTIONS};
use logsigmoid::{bf16, f16, Kernels, Precision};

/// 2^20 f32 inputs spread over all bit patterns (a stride coprime with 2^32),
/// plus moderate values.
fn sample<T: TestFloat>(n: usize, bits: u32) -> Vec<T> {
    let mut r = Rng(0x853c_49e6_748f_ea9b);
    (0..n)
        .map(|i| {
            let s = r.next_u64();
            if i % 4 == 3 {
                T::from_f64(((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 64.0)
            } else {
                T::from_bits_u64(s >> (64 - bits))
            }
        })
        .collect()
}

/// FNV-1a over the output bits, NaNs canonicalised.
fn hash<T: TestFloat>(v: &[T]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for x in v {
        let b = if x.is_nan() {
            u64::MAX
        } else {
            x.to_bits_u64()
        };
        for byte in b.to_le_bytes() {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Every kernel of `group` (fused or not) gives the first one's bits;
/// whether their hashes differ from the group's golden ones. A group this
/// build has no kernel of is skipped.
fn check<T: TestFloat>(
    p: Precision,
    f: Function,
    (n, bits): (usize, u32),
    fused: bool,
    golden: (u64, u64),
) -> bool {
    let x = sample::<T>(n, bits);
    let dy: Vec<T> = sample::<T>(n + 1, bits)[1..].to_vec();
    let group: Vec<Kernels> = kernels_in(p)
        .into_iter()
        .filter(|k| k.isa().is_fused() == fused)
        .collect();
    let Some((first, others)) = group.split_first() else {
        println!(
            "{} {} {p:?}: no kernel with fused = {fused} here",
            f.name(),
            T::NAME
        );
        return false;
    };
    let mut y = vec![T::from_f64(0.0); n];
    let mut dx = vec![T::from_f64(0.0); n];
    f.forward(first, &x, &mut y).unwrap();
    f.backward(first, &x, &dy, &mut dx).unwrap();
    for k in others {
        let mut y2 = vec![T::from_f64(0.0); n];
        let mut dx2 = vec![T::from_f64(0.0); n];
        f.forward(k, &x, &mut y2).unwrap();
        f.backward(k, &x, &dy, &mut dx2).unwrap();
        let first = first.isa().name();
        for i in 0..n {
            assert!(
                y2[i].same(y[i]),
                "{} {} {}({:?}): {:?} vs {first} {:?}",
                k.isa().name(),
                f.name(),
                T::NAME,
                x[i],
                y2[i],
                y[i]
            );
            assert!(
                dx2[i].same(dx[i]),
                "{} {} {}_backward({:?}, {:?}): {:?} vs {first} {:?}",
                k.isa().name(),
                f.name(),
                T::NAME,
                x[i],
                dy[i],
                dx2[i],
                dx[i]
            );
        }
    }
    let (hf, hb) = (hash(&y), hash(&dx));
    let differs = (hf, hb) != golden;
    println!(
        "{} {} {p:?} (fused: {fused}): forward {hf:#018x}, backward {hb:#018x}{}",
        f.name(),
        T::NAME,
        if differs {
            ": DIFFERS from the other architectures'"
        } else {
            ""
        }
    );
    differs
}

/// (function, forward hash, backward hash) per type, shared by every
/// architecture.
type Golden = [(Function, u64, u64)];

const F32: &Golden = &[
    (
        Function::LogSigmoid,
        0xa3e5_b446_ec64_7b5a,
        0x3c9b_4e43_9fd4_34d8,
    ),
    (
        Function::Softplus,
        0x3ba8_9f62_5754_7a71,
        0x4ed3_b281_3400_4ffe,
    ),
    (
        Function::Sigmoid,
        0xbf9f_efd4_ae44_2b02,
        0x304f_774e_e0d3_2705,
    ),
    (Function::Silu, 0xb8c0_104e_bbbc_7040, 0x41de_c5f7_8dc7_f426),
];
const F64: &Golden = &[
    (
        Function::LogSigmoid,
        0x8fff_90ad_47bf_b4e2,
        0xb695_e130_7f70_a28f,
    ),
    (
        Function::Softplus,
        0x5076_1168_8ee5_58fa,
        0x5b27_29ca_2750_0c67,
    ),
    (
        Function::Sigmoid,
        0x0864_7fec_7b47_c403,
        0x5d58_3878_6be3_0ca1,
    ),
    (Function::Silu, 0x6ca2_c5ff_ee6c_d22d, 0x49cd_7844_d499_653d),
];
const F16: &Golden = &[
    (
        Function::LogSigmoid,
        0xefb6_c3ac_72a1_ac80,
        0x9940_0ed0_6fe2_cbd9,
    ),
    (
        Function::Softplus,
        0x32c6_3f23_9044_2032,
        0xb1e1_b4d7_ed71_d110,
    ),
    (
        Function::Sigmoid,
        0x7ab7_ab56_6ac4_b6dd,
        0x6b02_05cd_157f_bb29,
    ),
    (Function::Silu, 0x7cb9_9f6b_5c0a_5458, 0x3d72_69a6_84a9_3b04),
];
const BF16: &Golden = &[
    (
        Function::LogSigmoid,
        0xb186_c5fb_a2b7_70fc,
        0x479e_5e04_8189_2e15,
    ),
    (
        Function::Softplus,
        0x37dc_f6be_4cb4_3a99,
        0xf161_fd4b_2d72_1d78,
    ),
    (
        Function::Sigmoid,
        0x0982_ea51_0d9c_e8e3,
        0x1214_2aab_fb88_6a1f,
    ),
    (Function::Silu, 0x9f87_4fcc_a982_16ac, 0xd7a8_8365_3346_8fcc),
];

/// The Fast precision's hashes where its algorithms are its own: f32
/// forward of every function, f32 log-sigmoid's and softplus's gradients,
/// f64 log-sigmoid's and softplus's gradients. Everywhere else Fast runs the
/// faithful algorithm, and its hashes are Faithful's (the halves are
/// correctly rounded either way, and their gradients share the coarse
/// algorithm).
const FAST_F32: &Golden = &[
    (
        Function::LogSigmoid,
        0x2e5b_1eac_b0aa_a5a5,
        0xdaee_e874_3602_8e2d,
    ),
    (
        Function::Softplus,
        0x4c7c_98dc_573c_a25f,
        0x2273_846d_b857_b2cf,
    ),
    (
        Function::Sigmoid,
        0xf626_13af_d8b8_a3d2,
        0x304f_774e_e0d3_2705,
    ),
    (Function::Silu, 0xd301_fdd3_44e7_9edf, 0x41de_c5f7_8dc7_f426),
];
const FAST_F64: &Golden = &[
    (Function::LogSigmoid, F64[0].1, 0xcd82_ad9e_3e4d_c8d1),
    (Function::Softplus, F64[1].1, 0x5ebc_02c1_6f43_6d29),
    F64[2],
    F64[3],
];

/// The unfused kernels' hashes (Portable and Avx without FMA, wasm32): f32 by the
/// wide algorithms in both precisions (`math::wide`).
const UNFUSED_F32: &Golden = &[
    (
        Function::LogSigmoid,
        0xed4c_c373_2558_6de3,
        0xfe60_c382_b7d9_4dea,
    ),
    (
        Function::Softplus,
        0x6e78_b265_756a_3b11,
        0x1735_63f4_e5f1_e0b0,
    ),
    (
        Function::Sigmoid,
        0x4d1c_1546_2427_85b9,
        0x8c46_2282_50a7_a325,
    ),
    (Function::Silu, 0x7ae0_0591_b476_fc96, 0x5b3f_3fcb_15f5_63fd),
];
/// f16 through the wide algorithms: the forwards are correctly rounded
/// (the fused kernels' bits); two gradients differ in the last bit on this
/// sample (both within 1 ULP). bf16 gives the fused kernels' bits.
const UNFUSED_F16: &Golden = &[
    F16[0],
    (Function::Softplus, F16[1].1, 0x975b_1369_16b2_2df4),
    (Function::Sigmoid, F16[2].1, 0x9604_d28f_33cf_b143),
    F16[3],
];
/// f64 by the faithful algorithms without FMA (Dekker's products), Faithful
/// and Fast (f64's Fast is Faithful there: see `Real::log_sigmoid_backward_fast`).
const UNFUSED_F64: &Golden = &[
    (
        Function::LogSigmoid,
        0xdb68_8be9_b4e4_8e40,
        0x7b20_5557_4246_39be,
    ),
    (
        Function::Softplus,
        0xc20b_23a4_18f8_4184,
        0x1170_a7b5_7381_d424,
    ),
    (
        Function::Sigmoid,
        0x994f_5a40_4fca_1284,
        0x3de0_ca83_55e0_0923,
    ),
    (Function::Silu, 0x2483_d615_453e_51c3, 0x424c_ab91_d23c_e6b2),
];

/// A group's golden hashes: Faithful's, Fast's.
type Group<'a> = (&'a Golden, &'a Golden);

/// Every function of the list has its golden hashes, in each precision
/// and each group (fused, unfused).
fn check_all<T: TestFloat>(fused: Group, unfused: Group, sample: (usize, u32)) {
    let mut differ = 0;
    for (is_fused, (faithful, fast)) in [(true, fused), (false, unfused)] {
        for (p, golden) in [(Precision::Faithful, faithful), (Precision::Fast, fast)] {
            assert_eq!(golden.len(), FUNCTIONS.len());
            for (f, (g, fwd, bwd)) in FUNCTIONS.iter().zip(golden) {
                assert_eq!(f, g);
                differ += usize::from(check::<T>(p, *f, sample, is_fused, (*fwd, *bwd)));
            }
        }
    }
    assert_eq!(
        differ,
        0,
        "{}: hashes differ from the other architectures' (printed above)",
        T::NAME
    );
}

#[test]
fn f32_bit_identical() {
    check_all::<f32>((F32, FAST_F32), (UNFUSED_F32, UNFUSED_F32), (1 << 20, 32));
}

#[test]
fn f64_bit_identical() {
    check_all::<f64>((F64, FAST_F64), (UNFUSED_F64, UNFUSED_F64), (1 << 18, 64));
}

#[test]
fn f16_bit_identical() {
    check_all::<f16>((F16, F16), (UNFUSED_F16, UNFUSED_F16), (1 << 16, 16));
}

#[test]
fn bf16_bit_identical() {
    check_all::<bf16>((BF16, BF16), (BF16, BF16), (1 << 16, 16));
}
