//! The ISAs: their public names ([`Isa`]) and the one place each ISA's
//! module registers its token. Adding an ISA is its module (a token, its
//! register types, `Arch`) and one line in `registry!` below.

#[cfg(target_arch = "aarch64")]
pub mod aarch64;
pub mod portable;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub mod wasm32;
#[cfg(target_arch = "x86_64")]
pub mod x86;

use core::sync::atomic::{AtomicU8, Ordering};

use crate::element::Element;
use crate::op::Op;
use crate::table::Table;
use crate::token::Token;

/// The enum [`Isa`], and [`Isa::is_supported`] and [`Supported::table`] by
/// one `match` over the registered tokens. A token that does not exist on
/// this target is compiled out by its `cfg` (its ISA is then unsupported;
/// the arm's portable fallback is unreachable, since no `Supported` of that
/// ISA can exist, and keeps the library free of panics). An ISA that
/// chooses among variants at run time does it in its `Arch` impl.
macro_rules! registry {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $name:literal, fused: $fused:expr => $(#[$cfg:meta])? $token:path;
    )*) => {
        /// An instruction set the kernels are written for.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Isa {
            $($(#[doc = $doc])* $variant,)*
        }

        const ALL: &[Isa] = &[$(Isa::$variant),*];

        impl Isa {
            /// The ISA's name as registered: `"portable"`, `"avx2"`, ...
            pub fn name(self) -> &'static str {
                match self {
                    $(Isa::$variant => $name,)*
                }
            }

            /// Whether the ISA's kernels (in this build) round `a * b + c`
            /// once, by an FMA instruction. Within a precision, every fused
            /// kernel gives the same bits, and so does every unfused one
            /// (the same algorithms: f32 and the halves computed in f64,
            /// f64 with its exact products by Dekker's method); the two
            /// agree within the accuracy bounds, not bit for bit.
            pub fn is_fused(self) -> bool {
                match self {
                    $(Isa::$variant => $fused,)*
                }
            }

            /// Whether this CPU (and this build's target) supports the ISA.
            pub fn is_supported(self) -> bool {
                match self {
                    $(Isa::$variant => {
                        $(#[$cfg])?
                        {
                            if <$token as Token>::try_new().is_some() {
                                return true;
                            }
                        }
                        false
                    })*
                }
            }
        }

        impl Supported {
            /// The kernels of `O` for `T` on this ISA.
            #[inline]
            pub fn table<T: Element, O: Op>(self) -> Table<T, O> {
                match self.0 {
                    $(Isa::$variant => {
                        $(#[$cfg])?
                        {
                            // SAFETY: a `Supported` is made only for an ISA
                            // whose token `is_supported` found.
                            let token = unsafe { <$token as Token>::new_unchecked() };
                            return T::table::<$token, O>(token);
                        }
                        #[allow(unreachable_code)]
                        T::table::<portable::Portable, O>(portable::Portable)
                    })*
                }
            }
        }
    };
}

registry! {
    /// Plain Rust, one lane at a time, for every CPU (fused where the
    /// target has an FMA instruction at compile time).
    Portable = "portable", fused: portable::FUSED => portable::Portable;
    /// x86-64 with AVX but without AVX2 and FMA (Sandy Bridge, Ivy Bridge,
    /// AMD Jaguar and Bulldozer): the portable kernel's algorithms (without
    /// FMA unless the build has `fma`), compiled for AVX.
    Avx = "avx", fused: portable::FUSED => #[cfg(target_arch = "x86_64")] x86::Avx;
    /// x86-64-v3: AVX2, FMA and F16C.
    Avx2 = "avx2", fused: true => #[cfg(target_arch = "x86_64")] x86::Avx2;
    /// AVX-512 F, BW, DQ and VL (and AVX512-BF16 where the CPU has it).
    Avx512 = "avx512", fused: true => #[cfg(target_arch = "x86_64")] x86::Avx512;
    /// aarch64 Advanced SIMD.
    Neon = "neon", fused: true => #[cfg(target_arch = "aarch64")] aarch64::Neon;
    /// wasm32 `simd128`, chosen at compile time (`-C target-feature=+simd128`).
    Simd128 = "simd128", fused: false
        => #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))] wasm32::Simd128;
}

/// `Isa::best()`, once detected: `u8::MAX` until then.
static BEST: AtomicU8 = AtomicU8::new(u8::MAX);

impl Isa {
    /// Every ISA, supported here or not, from the most portable.
    pub fn all() -> impl Iterator<Item = Isa> {
        ALL.iter().copied()
    }

    /// The ISAs this CPU supports, from the most portable to the best.
    pub fn supported() -> impl Iterator<Item = Isa> {
        Isa::all().filter(|isa| isa.is_supported())
    }

    /// The fastest ISA this CPU supports (the last registered one it has).
    /// Detected once per process.
    pub fn best() -> Isa {
        let cached = BEST.load(Ordering::Relaxed);
        if let Some(&isa) = ALL.get(usize::from(cached)) {
            return isa;
        }
        let best = Isa::supported().last().unwrap_or(Isa::Portable);
        // Every thread computes the same answer; the race is benign.
        if let Some(i) = ALL.iter().position(|&a| a == best) {
            BEST.store(i as u8, Ordering::Relaxed);
        }
        best
    }
}

impl core::fmt::Display for Isa {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// An ISA this CPU has been checked for: the kernels' entry point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Supported(Isa);

impl Supported {
    /// `isa`, if this CPU (and this build's target) supports it.
    pub fn new(isa: Isa) -> Option<Supported> {
        isa.is_supported().then_some(Supported(isa))
    }

    /// The best ISA of this CPU.
    pub fn best() -> Supported {
        Supported(Isa::best())
    }

    /// The ISA.
    pub fn isa(self) -> Isa {
        self.0
    }
}
