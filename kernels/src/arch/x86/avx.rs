//! AVX without FMA (Sandy Bridge, Ivy Bridge, AMD Jaguar and Bulldozer:
//! AVX, but not AVX2 and FMA): the portable kernel, its loops compiled
//! with AVX enabled.
//!
//! The portable kernel's blocks of scalars are what LLVM's SLP vectorizer
//! turns into vector registers: SSE2's 2 f64 lanes in the baseline build,
//! 4 with AVX. There are no lane operations to write by hand: the
//! algorithms and their operations are the portable kernel's (the FMA-free
//! ones, unless the build has `fma`), so the bits are the portable
//! kernel's, and `is_fused` is its. Blocks of 8 scalars (the portable
//! kernel's 4 would fill one 4-lane register: one dependency chain).
//! Measured speed: the README's table of the kernels without FMA.

use half::{bf16, f16};

use crate::arch::portable::under_token;
use crate::driver;
use crate::table::Arch;
use crate::token::Token;

/// Proof that the CPU has AVX.
#[derive(Clone, Copy, Debug)]
pub struct Avx {
    _private: (),
}

impl Token for Avx {
    #[inline]
    fn try_new() -> Option<Avx> {
        // SAFETY: AVX was just detected.
        pulp::core_arch::x86::Avx::is_available().then(|| unsafe { Avx::new_unchecked() })
    }
    #[inline]
    unsafe fn new_unchecked() -> Avx {
        Avx { _private: () }
    }
}

impl Arch for Avx {
    type F32 = AvxF32;
    type F64 = AvxF64;
    type F16 = AvxF16;
    type Bf16 = AvxBf16;
}

/// Scalars per block of the f32 and f64 loops (the portable kernel's are
/// 4: two SSE2 registers of f64).
const BLOCK: usize = 8;

under_token!(Avx, "avx",
    /// An f32, in the portable kernel's f32 (wide) algorithms.
    AvxF32(f32), block: BLOCK,
    loops: driver::forward::<f32, O, BLOCK>, driver::backward::<f32, O, BLOCK>
);
under_token!(Avx, "avx",
    /// An f64, in the portable kernel's f64 algorithms.
    AvxF64(f64), block: BLOCK,
    loops: driver::forward::<f64, O, BLOCK>, driver::backward::<f64, O, BLOCK>
);
under_token!(Avx, "avx",
    /// An f16, in the portable kernel's chunked loops.
    AvxF16(f16)
);
under_token!(Avx, "avx",
    /// A bf16, in the portable kernel's chunked loops.
    AvxBf16(bf16)
);
