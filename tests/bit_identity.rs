//! Bit-identical results: every ISA the CPU has equals Portable on large
//! samples, and Portable's results hash to the same value on every
//! architecture (x86-64 here, aarch64 under qemu in CI), so a model gives
//! the same numbers on any machine.
//!
//! The golden hashes change only when the algorithm does (on purpose): then
//! rerun this test on one machine, take the printed hashes, and check that
//! the other architectures agree.

mod common;

use common::{kernels, Function, Rng, TestFloat};
use logsigmoid::{bf16, f16, Isa, Kernels};

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
    f: Function,
    n: usize,
    bits: u32,
    golden_forward: u64,
    golden_backward: u64,
) {
    let x = sample::<T>(n, bits);
    let dy: Vec<T> = sample::<T>(n + 1, bits)[1..].to_vec();
    let portable = Kernels::new(Isa::Portable).unwrap();
    let mut y = vec![T::from_f64(0.0); n];
    let mut dx = vec![T::from_f64(0.0); n];
    f.forward(&portable, &x, &mut y).unwrap();
    f.backward(&portable, &x, &dy, &mut dx).unwrap();
    for k in kernels() {
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
        "{} {}: forward {hf:#018x}, backward {hb:#018x}",
        f.name(),
        T::NAME
    );
    assert_eq!(
        (hf, hb),
        (golden_forward, golden_backward),
        "{} {}: results differ from the other architectures'",
        f.name(),
        T::NAME
    );
}

#[test]
fn f32_bit_identical() {
    check::<f32>(
        Function::LogSigmoid,
        1 << 20,
        32,
        0xa97e_ac16_03d9_0ec3,
        0x3c9b_4e43_9fd4_34d8,
    );
}

#[test]
fn f64_bit_identical() {
    check::<f64>(
        Function::LogSigmoid,
        1 << 18,
        64,
        0x8fff_90ad_47bf_b4e2,
        0xb695_e130_7f70_a28f,
    );
}

#[test]
fn f16_bit_identical() {
    check::<f16>(
        Function::LogSigmoid,
        1 << 16,
        16,
        0xefb6_c3ac_72a1_ac80,
        0x9940_0ed0_6fe2_cbd9,
    );
}

#[test]
fn bf16_bit_identical() {
    check::<bf16>(
        Function::LogSigmoid,
        1 << 16,
        16,
        0xb186_c5fb_a2b7_70fc,
        0x479e_5e04_8189_2e15,
    );
}

#[test]
fn softplus_f32_bit_identical() {
    check::<f32>(
        Function::Softplus,
        1 << 20,
        32,
        0x1f36_8fe0_b5a1_ef65,
        0x4ed3_b281_3400_4ffe,
    );
}

#[test]
fn softplus_f64_bit_identical() {
    check::<f64>(
        Function::Softplus,
        1 << 18,
        64,
        0x5076_1168_8ee5_58fa,
        0x5b27_29ca_2750_0c67,
    );
}

#[test]
fn softplus_f16_bit_identical() {
    check::<f16>(
        Function::Softplus,
        1 << 16,
        16,
        0x32c6_3f23_9044_2032,
        0xb1e1_b4d7_ed71_d110,
    );
}

#[test]
fn softplus_bf16_bit_identical() {
    check::<bf16>(
        Function::Softplus,
        1 << 16,
        16,
        0x37dc_f6be_4cb4_3a99,
        0xf161_fd4b_2d72_1d78,
    );
}
