//! The slice loops, written once for every ISA, element type and function:
//! an interleaved main loop over blocks of whole registers, then one
//! register at a time, then a partial register for the tail (masked or
//! through a buffer of one register, never scalar code, never a read or
//! write outside the slices).

use crate::op::Op;

/// One ISA's register of one element type: its memory operations, the
/// functions on `N` registers, and the slice loops compiled with the ISA's
/// target features.
pub trait Vector: Copy + 'static {
    /// The proof that the CPU has the ISA (see [`crate::token`]).
    type Token: Copy;
    /// The element type in memory.
    type Elem: Copy + Default;
    /// `[Elem; LANES]`: a register's elements in memory.
    type Array: Copy + Default + AsRef<[Self::Elem]> + AsMut<[Self::Elem]>;
    /// Elements per register.
    const LANES: usize;
    /// Registers per block of the main loop (see [`forward`]).
    const BLOCK: usize;

    /// Loads `LANES` elements.
    ///
    /// # Safety
    /// `p` is valid for reading `LANES` elements.
    unsafe fn load(t: Self::Token, p: *const Self::Elem) -> Self;
    /// Stores `LANES` elements.
    ///
    /// # Safety
    /// `p` is valid for writing `LANES` elements.
    unsafe fn store(self, p: *mut Self::Elem);
    /// Loads `n < LANES` elements; the other lanes are zero.
    ///
    /// # Safety
    /// `p` is valid for reading `n` elements.
    unsafe fn load_partial(t: Self::Token, p: *const Self::Elem, n: usize) -> Self;
    /// Stores the first `n < LANES` lanes, and nothing else.
    ///
    /// # Safety
    /// `p` is valid for writing `n` elements.
    unsafe fn store_partial(self, p: *mut Self::Elem, n: usize);
    /// The token this register carries.
    fn token(self) -> Self::Token;

    /// `O`'s forward, lane by lane, of `N` registers, their operations
    /// interleaved (`N = BLOCK` in the main loop, 1 after it).
    fn forward<O: Op, const N: usize>(op: O, x: [Self; N]) -> [Self; N];
    /// `O`'s backward, lane by lane, of `N` registers, interleaved.
    fn backward<O: Op, const N: usize>(op: O, x: [Self; N], dy: [Self; N]) -> [Self; N];

    /// [`forward`] compiled with the ISA's target features.
    ///
    /// # Safety
    /// As [`forward`].
    unsafe fn forward_loop<O: Op>(
        t: Self::Token,
        op: O,
        x: *const Self::Elem,
        y: *mut Self::Elem,
        n: usize,
    );
    /// [`backward`] compiled with the ISA's target features.
    ///
    /// # Safety
    /// As [`backward`].
    unsafe fn backward_loop<O: Op>(
        t: Self::Token,
        op: O,
        x: *const Self::Elem,
        dy: *const Self::Elem,
        dx: *mut Self::Elem,
        n: usize,
    );

    /// The register's lanes in memory.
    #[inline(always)]
    fn to_array(self) -> Self::Array {
        one_register::<Self>();
        let mut a = Self::Array::default();
        // SAFETY: `Array` holds `LANES` elements (checked at compile time).
        unsafe { self.store(a.as_mut().as_mut_ptr()) };
        a
    }
    /// A register holding `a`.
    #[inline(always)]
    fn from_array(t: Self::Token, a: &Self::Array) -> Self {
        one_register::<Self>();
        // SAFETY: as in `to_array`.
        unsafe { Self::load(t, a.as_ref().as_ptr()) }
    }
}

/// Compile-time checks of a register type's constants: `Array` is exactly
/// one register of `LANES` elements (the buffers of `to_array`, the tails),
/// and the main loop's blocks hold at least one register.
#[inline(always)]
fn one_register<V: Vector>() {
    const {
        assert!(
            core::mem::size_of::<V::Array>() == V::LANES * core::mem::size_of::<V::Elem>()
                && V::LANES >= 1
                && V::BLOCK >= 1
        )
    };
}

/// `y[i] = O::forward(x[i])` for `i < n`, `V::BLOCK = N` registers at a
/// time, their instructions interleaved (the algorithm run on `[V; N]`, see
/// `lanes`): each register's computation is one long dependency chain, and
/// interleaving several keeps the out-of-order scheduler fed. `x` and `y`
/// may be the same pointer (in place); otherwise they must not overlap.
///
/// # Safety
/// `x` is valid for reading and `y` for writing `n` elements.
#[inline(always)]
pub(crate) unsafe fn forward<V: Vector, O: Op, const N: usize>(
    t: V::Token,
    op: O,
    x: *const V::Elem,
    y: *mut V::Elem,
    n: usize,
) {
    one_register::<V>();
    const { assert!(N >= 1) };
    let l = V::LANES;
    let mut i = 0;
    // Every access below is at an offset below `n` (i + N l <= n,
    // i + l <= n, or a partial access of the n - i elements left), which the
    // caller guarantees valid; a block's loads all happen before its stores,
    // so x == y (in place) is fine.
    while i + N * l <= n {
        // No closures here (`array::from_fn`): a closure is compiled without
        // the caller's target features, and the intrinsics would become calls.
        // SAFETY: elements i .. i + l are in bounds.
        let mut r = [unsafe { V::load(t, x.add(i)) }; N];
        for (u, r) in r.iter_mut().enumerate().skip(1) {
            // SAFETY: elements i + u l .. i + (u + 1) l are in bounds.
            *r = unsafe { V::load(t, x.add(i + u * l)) };
        }
        let r = V::forward::<O, N>(op, r);
        for (u, r) in r.iter().enumerate() {
            // SAFETY: as for the loads, which are all done.
            unsafe { r.store(y.add(i + u * l)) };
        }
        i += N * l;
    }
    while i + l <= n {
        // SAFETY: elements i .. i + l are in bounds.
        unsafe { V::forward::<O, 1>(op, [V::load(t, x.add(i))])[0].store(y.add(i)) };
        i += l;
    }
    if i < n {
        // SAFETY: the n - i < l elements from i are in bounds; the partial
        // load and store touch only those.
        unsafe {
            V::forward::<O, 1>(op, [V::load_partial(t, x.add(i), n - i)])[0]
                .store_partial(y.add(i), n - i)
        };
    }
}

/// `dx[i] = O::backward(x[i], dy[i])` for `i < n`, as [`forward`]. `dy` and
/// `dx` may be the same pointer (in place); otherwise `dx` must not overlap
/// the inputs.
///
/// # Safety
/// `x` and `dy` are valid for reading and `dx` for writing `n` elements.
#[inline(always)]
pub(crate) unsafe fn backward<V: Vector, O: Op, const N: usize>(
    t: V::Token,
    op: O,
    x: *const V::Elem,
    dy: *const V::Elem,
    dx: *mut V::Elem,
    n: usize,
) {
    one_register::<V>();
    const { assert!(N >= 1) };
    let l = V::LANES;
    let mut i = 0;
    // As in `forward`; a block reads x and dy before it writes dx, so
    // dy == dx is fine.
    while i + N * l <= n {
        // SAFETY: elements i .. i + l of x and dy are in bounds.
        let mut r = [unsafe { V::load(t, x.add(i)) }; N];
        // SAFETY: as above.
        let mut d = [unsafe { V::load(t, dy.add(i)) }; N];
        for u in 1..N {
            // SAFETY: elements i + u l .. i + (u + 1) l are in bounds.
            r[u] = unsafe { V::load(t, x.add(i + u * l)) };
            // SAFETY: as above.
            d[u] = unsafe { V::load(t, dy.add(i + u * l)) };
        }
        let r = V::backward::<O, N>(op, r, d);
        for (u, r) in r.iter().enumerate() {
            // SAFETY: as for the loads, which are all done.
            unsafe { r.store(dx.add(i + u * l)) };
        }
        i += N * l;
    }
    while i + l <= n {
        // SAFETY: elements i .. i + l are in bounds.
        unsafe {
            V::backward::<O, 1>(op, [V::load(t, x.add(i))], [V::load(t, dy.add(i))])[0]
                .store(dx.add(i))
        };
        i += l;
    }
    if i < n {
        let k = n - i;
        // SAFETY: the k < l elements from i are in bounds; the partial loads
        // and the store touch only those.
        unsafe {
            let v = V::backward::<O, 1>(
                op,
                [V::load_partial(t, x.add(i), k)],
                [V::load_partial(t, dy.add(i), k)],
            )[0];
            v.store_partial(dx.add(i), k);
        }
    }
}

/// A cache line's alignment: the widest register (AVX-512's 64 bytes).
// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(dead_code)]
#[repr(align(64))]
struct CacheLine {
    _bytes: [u8; 64],
}

/// Aligns the caller's stack frame to 64 bytes, so that each register it
/// spills lands on its own alignment.
///
/// The main loop's interleaved blocks do not fit the register file (eight
/// chains on AVX2's sixteen ymm registers), so the compiler spills; it
/// gives each slot the frame's alignment, which without an over-aligned
/// object in it is the ABI's 16 bytes, and uses unaligned moves. Where the
/// process's stack then starts 16 bytes off a 32-byte boundary (its
/// environment's length decides), every other 32-byte spill splits a cache
/// line, and the same kernel ran up to 25% slower in one process than in
/// the next (Intel Xeon: SiLU's f32 gradient on AVX2; AVX-512's 64-byte
/// spills moved its f64 kernels by 6-7% across processes, by up to 29% in
/// `tests/stack_offsets.rs`; issue 15 saw 10-35% on AMD Zen 3). A 64-byte-aligned object whose address escapes makes the
/// compiler realign the frame once per call (`and rsp, -64`) and place the
/// spills at their registers' alignment (`vmovaps`); it is never written or
/// read. The output bits do not change. `examples/stack_spread.rs`
/// measures the spread across processes, `tests/stack_offsets.rs` guards
/// it. (The halves' out-of-line fix path for near-half-way lanes, rare,
/// keeps its unaligned spills.)
// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(dead_code)]
#[inline(always)]
pub(crate) fn align_frame() {
    let line = core::mem::MaybeUninit::<CacheLine>::uninit();
    core::hint::black_box(&line);
}

/// The slice loops of a `Vector` impl, compiled with the ISA's target
/// features (`$features`), `BLOCK` registers per block of the main loop.
// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(unused_macros)]
macro_rules! vector_loops {
    ($features:literal) => {
        #[inline(always)]
        unsafe fn forward_loop<O: $crate::op::Op>(
            t: Self::Token,
            op: O,
            x: *const Self::Elem,
            y: *mut Self::Elem,
            n: usize,
        ) {
            #[target_feature(enable = $features)]
            unsafe fn run<V: $crate::driver::Vector, O: $crate::op::Op, const N: usize>(
                t: V::Token,
                op: O,
                x: *const V::Elem,
                y: *mut V::Elem,
                n: usize,
            ) {
                $crate::driver::align_frame();
                // SAFETY: the caller's contract.
                unsafe { $crate::driver::forward::<V, O, N>(t, op, x, y, n) }
            }
            // SAFETY: `t` proves the CPU has the features; the pointers are
            // the caller's contract.
            unsafe { run::<Self, O, { Self::BLOCK }>(t, op, x, y, n) }
        }

        #[inline(always)]
        unsafe fn backward_loop<O: $crate::op::Op>(
            t: Self::Token,
            op: O,
            x: *const Self::Elem,
            dy: *const Self::Elem,
            dx: *mut Self::Elem,
            n: usize,
        ) {
            #[target_feature(enable = $features)]
            unsafe fn run<V: $crate::driver::Vector, O: $crate::op::Op, const N: usize>(
                t: V::Token,
                op: O,
                x: *const V::Elem,
                dy: *const V::Elem,
                dx: *mut V::Elem,
                n: usize,
            ) {
                $crate::driver::align_frame();
                // SAFETY: the caller's contract.
                unsafe { $crate::driver::backward::<V, O, N>(t, op, x, dy, dx, n) }
            }
            // SAFETY: as in `forward_loop`.
            unsafe { run::<Self, O, { Self::BLOCK }>(t, op, x, dy, dx, n) }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use vector_loops;

/// Loads `n < LANES` elements through a zeroed buffer of one register, for
/// ISAs without masked loads.
///
/// # Safety
/// `p` is valid for reading `n < V::LANES` elements.
// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(dead_code)]
#[inline(always)]
pub(crate) unsafe fn buffered_load<V: Vector>(t: V::Token, p: *const V::Elem, n: usize) -> V {
    let mut a = V::Array::default();
    let a_ref = a.as_mut();
    // SAFETY: the caller guarantees n < LANES readable elements; `a` holds
    // LANES (`one_register`).
    unsafe { core::ptr::copy_nonoverlapping(p, a_ref.as_mut_ptr(), n) };
    V::from_array(t, &a)
}

/// Stores the first `n < LANES` lanes through a buffer of one register.
///
/// # Safety
/// `p` is valid for writing `n < V::LANES` elements.
// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(dead_code)]
#[inline(always)]
pub(crate) unsafe fn buffered_store<V: Vector>(v: V, p: *mut V::Elem, n: usize) {
    let a = v.to_array();
    let a_ref = a.as_ref();
    // SAFETY: the caller guarantees n < LANES writable elements; `a` holds
    // LANES (`one_register`).
    unsafe { core::ptr::copy_nonoverlapping(a_ref.as_ptr(), p, n) };
}

/// `Vector` for an f32 or f64 register `$ty { v: raw, t: $token }` whose
/// lanes are `Lanes`: the ISA's memory operations (`load(p)` and
/// `store(p, raw)` raw and unaligned, `load_partial(t, p, n)` and
/// `store_partial(v, p, n)` on the register) and target features. Every
/// ISA's f32 and f64 kernels come from this one impl.
// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(unused_macros)]
/// A register type's forward or backward in `float_vector!`: `O`'s
/// algorithm on the registers, or with `wide` (f32 registers of an ISA
/// without FMA) through `widen`.
macro_rules! compute {
    (forward($op:ident, $x:ident)) => {
        $op.forward($x)
    };
    (backward($op:ident, $x:ident, $dy:ident)) => {
        $op.backward($x, $dy)
    };
    (forward($op:ident, $x:ident) wide) => {
        $crate::widen::forward($op, $x)
    };
    (backward($op:ident, $x:ident, $dy:ident) wide) => {
        $crate::widen::backward($op, $x, $dy)
    };
}
#[allow(unused_imports)]
pub(crate) use compute;

// A building block of the SIMD ISAs: unused where only the portable kernel exists.
#[allow(unused_macros)]
macro_rules! float_vector {
    ($ty:ident, $elem:ty, $token:ty, lanes: $lanes:literal, block: $block:literal,
     features: $features:literal, {
        load: $load:path, store: $store:path, load_partial: $load_partial:path,
        store_partial: $store_partial:path $(,)?
    } $(, $wide:ident)?) => {
        impl $crate::driver::Vector for $ty {
            type Token = $token;
            type Elem = $elem;
            type Array = [$elem; $lanes];
            const LANES: usize = $lanes;
            const BLOCK: usize = $block;
            #[inline(always)]
            unsafe fn load(t: $token, p: *const $elem) -> Self {
                // SAFETY: the caller guarantees LANES readable elements; `t`
                // proves the ISA.
                let v = unsafe { $load(p) };
                $ty { v, t }
            }
            #[inline(always)]
            unsafe fn store(self, p: *mut $elem) {
                // SAFETY: the caller guarantees LANES writable elements.
                unsafe { $store(p, self.v) }
            }
            #[inline(always)]
            unsafe fn load_partial(t: $token, p: *const $elem, n: usize) -> Self {
                // SAFETY: the caller guarantees n < LANES readable elements.
                unsafe { $load_partial(t, p, n) }
            }
            #[inline(always)]
            unsafe fn store_partial(self, p: *mut $elem, n: usize) {
                // SAFETY: the caller guarantees n < LANES writable elements.
                unsafe { $store_partial(self, p, n) }
            }
            #[inline(always)]
            fn token(self) -> $token {
                self.t
            }
            #[inline(always)]
            fn forward<O: $crate::op::Op, const N: usize>(op: O, x: [Self; N]) -> [Self; N] {
                $crate::driver::compute!(forward(op, x) $($wide)?)
            }
            #[inline(always)]
            fn backward<O: $crate::op::Op, const N: usize>(
                op: O,
                x: [Self; N],
                dy: [Self; N],
            ) -> [Self; N] {
                $crate::driver::compute!(backward(op, x, dy) $($wide)?)
            }
            $crate::driver::vector_loops!($features);
        }
    };
}
#[allow(unused_imports)]
pub(crate) use float_vector;
