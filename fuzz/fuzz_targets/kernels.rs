//! Arbitrary bytes as inputs of every type, arbitrary lengths, offsets and
//! ISAs, forward and backward, in place and not: every result within the
//! spec's bounds of the reference, and nothing outside the output changed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logsigmoid::reference::{log_sigmoid_backward_ulp_error, log_sigmoid_ulp_error};
use logsigmoid::{bf16, f16, Element, Isa, LogSigmoid};

const GUARD: usize = 4;

trait Fuzz: Element + Copy {
    const BYTES: usize;
    const FWD: f64;
    const BWD: f64;
    fn from_le(b: &[u8]) -> Self;
    fn bits(self) -> u64;
    fn sentinel() -> Self;
}

macro_rules! fuzz_type {
    ($t:ty, $n:expr, $fwd:expr, $bwd:expr, $from:expr, $bits:expr, $sentinel:expr) => {
        impl Fuzz for $t {
            const BYTES: usize = $n;
            const FWD: f64 = $fwd;
            const BWD: f64 = $bwd;
            fn from_le(b: &[u8]) -> $t {
                $from(b)
            }
            fn bits(self) -> u64 {
                $bits(self)
            }
            fn sentinel() -> $t {
                $sentinel
            }
        }
    };
}

fuzz_type!(
    f32,
    4,
    1.0,
    2.0,
    |b: &[u8]| f32::from_le_bytes([b[0], b[1], b[2], b[3]]),
    |v: f32| u64::from(v.to_bits()),
    12345.0
);
fuzz_type!(
    f64,
    8,
    1.0,
    2.0,
    |b: &[u8]| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
    f64::to_bits,
    12345.0
);
fuzz_type!(
    f16,
    2,
    0.5,
    1.0,
    |b: &[u8]| f16::from_le_bytes([b[0], b[1]]),
    |v: f16| u64::from(v.to_bits()),
    f16::from_f32(1234.0)
);
fuzz_type!(
    bf16,
    2,
    0.5,
    1.0,
    |b: &[u8]| bf16::from_le_bytes([b[0], b[1]]),
    |v: bf16| u64::from(v.to_bits()),
    bf16::from_f32(1234.0)
);

fn run<T: Fuzz>(k: &LogSigmoid, op: u8, offset: usize, data: &[u8]) {
    let n = data.len() / T::BYTES / 2;
    let x: Vec<T> = (0..n).map(|i| T::from_le(&data[i * T::BYTES..])).collect();
    let dy: Vec<T> = (0..n)
        .map(|i| T::from_le(&data[(n + i) * T::BYTES..]))
        .collect();
    let s = T::sentinel();
    let mut buf = vec![s; GUARD + offset + n + GUARD];
    let out = GUARD + offset..GUARD + offset + n;
    match op % 4 {
        0 => k.forward(&x, &mut buf[out.clone()]).unwrap(),
        1 => {
            buf[out.clone()].copy_from_slice(&x);
            k.forward_in_place(&mut buf[out.clone()]);
        }
        2 => k.backward(&x, &dy, &mut buf[out.clone()]).unwrap(),
        _ => {
            buf[out.clone()].copy_from_slice(&dy);
            k.backward_in_place(&x, &mut buf[out.clone()]).unwrap();
        }
    }
    for (i, v) in buf.iter().enumerate() {
        if !out.contains(&i) {
            assert_eq!(v.bits(), s.bits(), "guard {i} written");
        }
    }
    for i in 0..n {
        let y = buf[out.start + i];
        let e = if op % 4 < 2 {
            log_sigmoid_ulp_error(x[i], y)
        } else {
            log_sigmoid_backward_ulp_error(x[i], dy[i], y)
        };
        let bound = if op % 4 < 2 { T::FWD } else { T::BWD };
        assert!(e <= bound, "{:?} op {op}: element {i}: {e} ULP", k.isa());
    }
    // A length mismatch writes nothing.
    if n > 0 {
        let mut short = vec![s; n - 1];
        assert!(k.forward(&x, &mut short).is_err());
        assert!(short.iter().all(|v| v.bits() == s.bits()));
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let isas: Vec<Isa> = Isa::supported().collect();
    let k = LogSigmoid::new(isas[usize::from(data[0]) % isas.len()]).unwrap();
    let op = data[1];
    let offset = usize::from(data[2] % 16);
    let rest = &data[3..];
    match (data[1] >> 2) % 4 {
        0 => run::<f32>(&k, op, offset, rest),
        1 => run::<f64>(&k, op, offset, rest),
        2 => run::<f16>(&k, op, offset, rest),
        _ => run::<bf16>(&k, op, offset, rest),
    }
});
