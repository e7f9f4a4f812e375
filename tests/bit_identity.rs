//! Bit-identical results: every ISA the CPU has equals Portable on large
//! samples, and Portable's results hash to the same value on every
//! architecture (x86-64 here, aarch64 under qemu in CI), so a model gives
//! the same numbers on any machine.
//!
//! The golden hashes change only when the algorithm does (on purpose): then
//! rerun this test on one machine, take the printed hashes, and check that
//! the other architectures agree.

mod common;

use common::{kernels_in, Function, Rng, TestFloat, FUNCTIONS};
use logsigmoid::{bf16, f16, Isa, Kernels, Precision};

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

fn check<T: TestFloat>(
    p: Precision,
    f: Function,
    n: usize,
    bits: u32,
    golden_forward: u64,
    golden_backward: u64,
) {
    let x = sample::<T>(n, bits);
    let dy: Vec<T> = sample::<T>(n + 1, bits)[1..].to_vec();
    let portable = Kernels::new(Isa::Portable).unwrap().with_precision(p);
    let mut y = vec![T::from_f64(0.0); n];
    let mut dx = vec![T::from_f64(0.0); n];
    f.forward(&portable, &x, &mut y).unwrap();
    f.backward(&portable, &x, &dy, &mut dx).unwrap();
    for k in kernels_in(p) {
        let mut y2 = vec![T::from_f64(0.0); n];
        let mut dx2 = vec![T::from_f64(0.0); n];
        f.forward(&k, &x, &mut y2).unwrap();
        f.backward(&k, &x, &dy, &mut dx2).unwrap();
        for i in 0..n {
            assert!(
                y2[i].same(y[i]),
                "{} {} {}({:?}): {:?} vs portable {:?}",
                k.isa().name(),
                f.name(),
                T::NAME,
                x[i],
                y2[i],
                y[i]
            );
            assert!(
                dx2[i].same(dx[i]),
                "{} {} {}_backward({:?}, {:?}): {:?} vs portable {:?}",
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
    println!(
        "{} {} {p:?}: forward {hf:#018x}, backward {hb:#018x}",
        f.name(),
        T::NAME
    );
    assert_eq!(
        (hf, hb),
        (golden_forward, golden_backward),
        "{} {} {p:?}: results differ from the other architectures'",
        f.name(),
        T::NAME
    );
}

/// (function, forward hash, backward hash) per type, shared by every
/// architecture.
type Golden = [(Function, u64, u64)];

const F32: &Golden = &[
    (
        Function::LogSigmoid,
        0xa97e_ac16_03d9_0ec3,
        0x3c9b_4e43_9fd4_34d8,
    ),
    (
        Function::Softplus,
        0x1f36_8fe0_b5a1_ef65,
        0x4ed3_b281_3400_4ffe,
    ),
    (
        Function::Sigmoid,
        0x3cc8_ed76_3352_dfd3,
        0x304f_774e_e0d3_2705,
    ),
    (Function::Silu, 0x93f5_2a4d_4be1_7e2a, 0x41de_c5f7_8dc7_f426),
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
        0x25a3_ef9b_d05e_a7dc,
        0xfe9c_d0a7_dafa_80da,
    ),
    (
        Function::Softplus,
        0x527f_71e7_3325_93dd,
        0xf17f_e3f5_96ce_63a1,
    ),
    (
        Function::Sigmoid,
        0xb4bd_ca04_583a_9784,
        0x304f_774e_e0d3_2705,
    ),
    (Function::Silu, 0x088d_c94d_ab42_094c, 0x41de_c5f7_8dc7_f426),
];
const FAST_F64: &Golden = &[
    (Function::LogSigmoid, F64[0].1, 0xcd82_ad9e_3e4d_c8d1),
    (Function::Softplus, F64[1].1, 0x5ebc_02c1_6f43_6d29),
    F64[2],
    F64[3],
];

/// Every function of the list has its golden hashes, in each precision.
fn check_all<T: TestFloat>(golden: &Golden, fast: &Golden, n: usize, bits: u32) {
    for (p, golden) in [(Precision::Faithful, golden), (Precision::Fast, fast)] {
        assert_eq!(golden.len(), FUNCTIONS.len());
        for (f, (g, fwd, bwd)) in FUNCTIONS.iter().zip(golden) {
            assert_eq!(f, g);
            check::<T>(p, *f, n, bits, *fwd, *bwd);
        }
    }
}

#[test]
fn f32_bit_identical() {
    check_all::<f32>(F32, FAST_F32, 1 << 20, 32);
}

#[test]
fn f64_bit_identical() {
    check_all::<f64>(F64, FAST_F64, 1 << 18, 64);
}

#[test]
fn f16_bit_identical() {
    check_all::<f16>(F16, F16, 1 << 16, 16);
}

#[test]
fn bf16_bit_identical() {
    check_all::<bf16>(BF16, BF16, 1 << 16, 16);
}
