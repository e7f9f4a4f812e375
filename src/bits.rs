//! Zero-copy views of raw 16-bit storage as [`f16`](struct@f16) or [`bf16`] slices
//! (`bytemuck` casts: same size, same alignment, every bit pattern valid),
//! for frameworks that keep half tensors as `u16`.
//!
//! ```
//! use logsigmoid::bits;
//!
//! let x: Vec<u16> = vec![0x3c00, 0x0000, 0xbc00]; // f16 1.0, 0.0, -1.0
//! let mut y = vec![0u16; 3];
//! logsigmoid::softplus(bits::f16s(&x), bits::f16s_mut(&mut y))?;
//! assert_eq!(y[1], 0x398c); // ln 2 in f16
//! # Ok::<(), logsigmoid::Error>(())
//! ```

use half::{bf16, f16};

/// `u16` bits as f16 values.
pub fn f16s(bits: &[u16]) -> &[f16] {
    bytemuck::cast_slice(bits)
}

/// `u16` bits as f16 values, mutable.
pub fn f16s_mut(bits: &mut [u16]) -> &mut [f16] {
    bytemuck::cast_slice_mut(bits)
}

/// `u16` bits as bf16 values.
pub fn bf16s(bits: &[u16]) -> &[bf16] {
    bytemuck::cast_slice(bits)
}

/// `u16` bits as bf16 values, mutable.
pub fn bf16s_mut(bits: &mut [u16]) -> &mut [bf16] {
    bytemuck::cast_slice_mut(bits)
}
