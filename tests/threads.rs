//! The free functions called from many threads at once while the dispatch
//! is first resolved (this binary's only test, so nothing resolves it
//! before), and again after: every thread gets the same ISA and the same bits.

mod common;

use common::reference_kernels;
use logsigmoid::{Isa, Kernels};

#[test]
#[cfg_attr(target_family = "wasm", ignore = "wasm32-wasip1 has no threads")]
fn first_dispatch_from_many_threads() {
    let x: Vec<f32> = (0..4099).map(|i| (i as f32 - 2049.0) / 97.0).collect();
    let x64: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
    let barrier = std::sync::Barrier::new(8);
    let results: Vec<(Isa, Vec<f32>, Vec<f64>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    let mut y = vec![0.0f32; x.len()];
                    let mut y64 = vec![0.0f64; x.len()];
                    logsigmoid::log_sigmoid(&x, &mut y).unwrap();
                    logsigmoid::log_sigmoid(&x64, &mut y64).unwrap();
                    (Isa::best(), y, y64)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    // The bits of the best ISA's group (fused or not: Portable's where
    // Portable is in it).
    let reference = reference_kernels(&Kernels::best());
    let mut want = vec![0.0f32; x.len()];
    reference.log_sigmoid(&x, &mut want).unwrap();
    for (isa, y, y64) in &results {
        assert_eq!(*isa, results[0].0);
        assert_eq!(y, &want);
        assert_eq!(y64, &results[0].2);
    }
    // And after: the cached choice is the same.
    assert_eq!(Isa::best(), results[0].0);
    assert_eq!(Kernels::best().isa(), results[0].0);
}
