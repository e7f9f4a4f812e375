//! The instruction sets, and which of them this CPU has.

use core::sync::atomic::{AtomicU8, Ordering};

/// An instruction set the kernels are written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Isa {
    /// Plain Rust with `mul_add`, for every CPU.
    Portable,
    /// x86-64-v3: AVX2, FMA and F16C.
    Avx2,
    /// AVX-512 F, BW, DQ and VL (and AVX512-BF16 where the CPU has it).
    Avx512,
    /// aarch64 Advanced SIMD.
    Neon,
}

const ALL: [Isa; 4] = [Isa::Portable, Isa::Avx2, Isa::Avx512, Isa::Neon];

/// `Isa::best()`, once detected: `u8::MAX` until then.
static BEST: AtomicU8 = AtomicU8::new(u8::MAX);

impl Isa {
    /// Every ISA, supported here or not, from the most portable.
    pub fn all() -> impl Iterator<Item = Isa> {
        ALL.into_iter()
    }

    /// The ISAs this CPU supports, from the most portable to the best.
    pub fn supported() -> impl Iterator<Item = Isa> {
        Isa::all().filter(|isa| isa.is_supported())
    }

    /// The fastest ISA this CPU supports: what the free functions and
    /// [`LogSigmoid::best`](crate::LogSigmoid::best) use. Detected once per
    /// process.
    pub fn best() -> Isa {
        let cached = BEST.load(Ordering::Relaxed);
        if let Some(&isa) = ALL.get(usize::from(cached)) {
            return isa;
        }
        let best = Isa::supported().last().unwrap_or(Isa::Portable);
        // Every thread computes the same answer; the race is benign.
        BEST.store(best as u8, Ordering::Relaxed);
        best
    }

    /// Whether this CPU (and this build's target) supports the ISA.
    pub fn is_supported(self) -> bool {
        crate::api::Kernels::new(self).is_some()
    }

    /// The ISA's name: `"portable"`, `"avx2"`, `"avx512"` or `"neon"`.
    pub fn name(self) -> &'static str {
        match self {
            Isa::Portable => "portable",
            Isa::Avx2 => "avx2",
            Isa::Avx512 => "avx512",
            Isa::Neon => "neon",
        }
    }
}

impl core::fmt::Display for Isa {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}
