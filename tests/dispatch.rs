//! Dispatch: the best ISA matches the CPU's features, every ISA reports
//! support consistently, and unsupported ISAs are refused.

use logsigmoid::{Error, Isa, Kernels, LogSigmoid};

#[test]
fn best_matches_the_cpu() {
    let best = Isa::best();
    assert!(best.is_supported());
    assert_eq!(LogSigmoid::best().isa(), best);
    assert_eq!(Kernels::best().isa(), best);
    assert_eq!(Isa::supported().last(), Some(best));
    #[cfg(target_arch = "x86_64")]
    {
        let v3 = is_x86_feature_detected!("avx2")
            && is_x86_feature_detected!("fma")
            && is_x86_feature_detected!("f16c");
        let v4 = v3
            && is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512dq")
            && is_x86_feature_detected!("avx512vl");
        assert_eq!(Isa::Avx2.is_supported(), v3);
        assert_eq!(Isa::Avx512.is_supported(), v4);
        let avx = is_x86_feature_detected!("avx");
        assert_eq!(Isa::Avx.is_supported(), avx);
        assert!(!Isa::Neon.is_supported());
        let expect = if v4 {
            Isa::Avx512
        } else if v3 {
            Isa::Avx2
        } else if avx {
            Isa::Avx
        } else {
            Isa::Portable
        };
        assert_eq!(best, expect);
    }
    #[cfg(target_arch = "aarch64")]
    {
        assert!(Isa::Neon.is_supported());
        assert!(!Isa::Avx2.is_supported() && !Isa::Avx512.is_supported());
        assert!(!Isa::Avx.is_supported());
        assert_eq!(best, Isa::Neon);
    }
    // wasm has no run-time detection: simd128 is the build's choice.
    assert_eq!(
        Isa::Simd128.is_supported(),
        cfg!(all(target_arch = "wasm32", target_feature = "simd128"))
    );
    #[cfg(target_arch = "wasm32")]
    assert_eq!(
        best,
        if cfg!(target_feature = "simd128") {
            Isa::Simd128
        } else {
            Isa::Portable
        }
    );
    // The FMA kernels, and the ones without (see `Isa::is_fused`).
    assert!(Isa::Avx2.is_fused() && Isa::Avx512.is_fused() && Isa::Neon.is_fused());
    assert!(!Isa::Simd128.is_fused());
    assert_eq!(Isa::Avx.is_fused(), Isa::Portable.is_fused());
    assert_eq!(
        Isa::Portable.is_fused(),
        cfg!(any(target_feature = "fma", target_arch = "aarch64"))
    );
}

#[test]
fn unsupported_isas_are_refused() {
    for isa in Isa::all() {
        assert_eq!(
            Kernels::new(isa).map(|k| k.isa()),
            LogSigmoid::new(isa).map(|k| k.isa())
        );
        match LogSigmoid::new(isa) {
            Ok(k) => {
                assert!(isa.is_supported());
                assert_eq!(k.isa(), isa);
            }
            Err(e) => {
                assert!(!isa.is_supported());
                assert_eq!(e, Error::Unsupported(isa));
                assert!(e.to_string().contains(isa.name()));
            }
        }
    }
    assert!(Isa::Portable.is_supported());
}

#[test]
fn names() {
    let names: Vec<&str> = Isa::all().map(Isa::name).collect();
    assert_eq!(
        names,
        ["portable", "avx", "avx2", "avx512", "neon", "simd128"]
    );
    assert_eq!(Isa::Avx512.to_string(), "avx512");
}
