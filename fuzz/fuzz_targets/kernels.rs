//! Arbitrary bytes as inputs of every type, arbitrary functions, lengths,
//! offsets and ISAs, forward and backward, in place and not: every result
//! within the spec's bounds of the reference, and nothing outside the
//! output changed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logsigmoid::{bf16, f16, Isa, Kernels};

#[path = "../../tests/common/mod.rs"]
mod common;
use common::{Function, TestFloat, FUNCTIONS};

const GUARD: usize = 4;

/// The element whose little-endian bytes start `b` (zero-padded).
fn from_le<T: TestFloat>(b: &[u8]) -> T {
    let mut bytes = [0u8; 8];
    let n = core::mem::size_of::<T>().min(b.len());
    bytes[..n].copy_from_slice(&b[..n]);
    T::from_bits_u64(u64::from_le_bytes(bytes))
}

fn run<T: TestFloat>(k: &Kernels, f: Function, op: u8, offset: usize, data: &[u8]) {
    let size = core::mem::size_of::<T>();
    let n = data.len() / size / 2;
    let x: Vec<T> = (0..n).map(|i| from_le(&data[i * size..])).collect();
    let dy: Vec<T> = (0..n).map(|i| from_le(&data[(n + i) * size..])).collect();
    let s = T::from_f64(1234.0);
    let mut buf = vec![s; GUARD + offset + n + GUARD];
    let out = GUARD + offset..GUARD + offset + n;
    match op % 4 {
        0 => f.forward(k, &x, &mut buf[out.clone()]).unwrap(),
        1 => {
            buf[out.clone()].copy_from_slice(&x);
            f.forward_in_place(k, &mut buf[out.clone()]);
        }
        2 => f.backward(k, &x, &dy, &mut buf[out.clone()]).unwrap(),
        _ => {
            buf[out.clone()].copy_from_slice(&dy);
            f.backward_in_place(k, &x, &mut buf[out.clone()]).unwrap();
        }
    }
    for (i, v) in buf.iter().enumerate() {
        if !out.contains(&i) {
            assert!(v.same(s), "guard {i} written");
        }
    }
    // The spec's bounds: forward 1 ULP (halves correctly rounded), backward
    // 2 ULP (halves 1).
    let (fwd, bwd) = if T::ROUNDED { (0.5, 1.0) } else { (1.0, 2.0) };
    for i in 0..n {
        let y = buf[out.start + i];
        let (e, bound) = if op % 4 < 2 {
            (f.ulp_error(x[i], y), fwd)
        } else {
            (f.backward_ulp_error(x[i], dy[i], y), bwd)
        };
        assert!(
            e <= bound,
            "{:?} {} op {op}: element {i}: {e} ULP",
            k.isa(),
            f.name()
        );
    }
    // A length mismatch writes nothing.
    if n > 0 {
        let mut short = vec![s; n - 1];
        assert!(f.forward(k, &x, &mut short).is_err());
        assert!(short.iter().all(|v| v.same(s)));
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let isas: Vec<Isa> = Isa::supported().collect();
    let k = Kernels::new(isas[usize::from(data[0]) % isas.len()]).unwrap();
    let op = data[1];
    let f = FUNCTIONS[usize::from(data[1] >> 4) % FUNCTIONS.len()];
    let offset = usize::from(data[2] % 16);
    let rest = &data[3..];
    match (data[1] >> 2) % 4 {
        0 => run::<f32>(&k, f, op, offset, rest),
        1 => run::<f64>(&k, f, op, offset, rest),
        2 => run::<f16>(&k, f, op, offset, rest),
        _ => run::<bf16>(&k, f, op, offset, rest),
    }
});
