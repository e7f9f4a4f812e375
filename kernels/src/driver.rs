//! The slice loops, written once for every ISA and element type: an
//! unrolled main loop over whole vectors, then one vector at a time, then a
//! partial vector for the tail (masked or through a stack buffer, never
//! scalar code, never a read or write outside the slices).

/// One ISA's vector for one element type: loads, stores and the two
/// operations on a register of `LANES` elements.
pub(crate) trait Simd {
    /// The element type in memory.
    type Elem: Copy;
    /// A register of `LANES` elements.
    type Reg: Copy;
    /// Elements per register.
    const LANES: usize;

    /// Loads `LANES` elements.
    ///
    /// # Safety
    /// `p` is valid for reading `LANES` elements; the CPU has the ISA.
    unsafe fn load(p: *const Self::Elem) -> Self::Reg;
    /// Stores `LANES` elements.
    ///
    /// # Safety
    /// `p` is valid for writing `LANES` elements; the CPU has the ISA.
    unsafe fn store(p: *mut Self::Elem, v: Self::Reg);
    /// Loads `n < LANES` elements; the other lanes are zero.
    ///
    /// # Safety
    /// `p` is valid for reading `n` elements; the CPU has the ISA.
    unsafe fn load_partial(p: *const Self::Elem, n: usize) -> Self::Reg;
    /// Stores the first `n < LANES` lanes, and nothing else.
    ///
    /// # Safety
    /// `p` is valid for writing `n` elements; the CPU has the ISA.
    unsafe fn store_partial(p: *mut Self::Elem, n: usize, v: Self::Reg);

    /// `log_sigmoid`, lane by lane, of `N` registers, their operations
    /// interleaved (`N = BLOCK` in the main loop, 1 after it).
    fn forward<const N: usize>(x: [Self::Reg; N]) -> [Self::Reg; N];
    /// `dy * sigmoid(-x)`, lane by lane, of `N` registers, interleaved.
    fn backward<const N: usize>(x: [Self::Reg; N], dy: [Self::Reg; N]) -> [Self::Reg; N];
}

/// How many registers the main loop works on at once, their instructions
/// interleaved (the algorithm run on `[V; BLOCK]`, see `lanes`): each
/// register's computation is one long dependency chain, and interleaving
/// several keeps the out-of-order scheduler fed. Measured at 4096 f32 on
/// AVX-512: 0.76 ns per element with 2 registers computed one after the
/// other, 0.62 with 4 interleaved, 0.59 with 8, 0.69 with 16 (spills); AVX2
/// 1.24, 1.08, 1.03. On aarch64 (llvm-mca estimates only, cycles per
/// element for 2 / 4 / 8): Neoverse V1 11.4 / 12.1 / 14.0, Apple A14
/// 14.1 / 10.8 / 8.2, Neoverse N1 29.3 / 24.3 / 23.3, so 4 there.
#[cfg(not(target_arch = "aarch64"))]
pub(crate) const BLOCK: usize = 8;
/// See above.
#[cfg(target_arch = "aarch64")]
pub(crate) const BLOCK: usize = 4;

/// `y[i] = log_sigmoid(x[i])` for `i < n`. `x` and `y` may be the same
/// pointer (in place); otherwise they must not overlap.
///
/// # Safety
/// `x` is valid for reading and `y` for writing `n` elements; the CPU has
/// the ISA of `S`.
#[inline(always)]
pub(crate) unsafe fn forward<S: Simd>(x: *const S::Elem, y: *mut S::Elem, n: usize) {
    let l = S::LANES;
    let mut i = 0;
    // Every access below is at an offset below `n` (i + BLOCK * l <= n,
    // i + l <= n, or a partial access of the n - i elements left), which the
    // caller guarantees valid; a block's loads all happen before its stores,
    // so x == y (in place) is fine.
    while i + BLOCK * l <= n {
        // No closures here (`array::from_fn`): a closure is compiled without
        // the caller's target features, and the intrinsics would become calls.
        // SAFETY: elements i .. i + l are in bounds.
        let mut r = [unsafe { S::load(x.add(i)) }; BLOCK];
        for (u, r) in r.iter_mut().enumerate().skip(1) {
            // SAFETY: elements i + u l .. i + (u + 1) l are in bounds.
            *r = unsafe { S::load(x.add(i + u * l)) };
        }
        let r = S::forward(r);
        for (u, r) in r.iter().enumerate() {
            // SAFETY: as for the loads, which are all done.
            unsafe { S::store(y.add(i + u * l), *r) };
        }
        i += BLOCK * l;
    }
    while i + l <= n {
        // SAFETY: elements i .. i + l are in bounds.
        unsafe { S::store(y.add(i), S::forward([S::load(x.add(i))])[0]) };
        i += l;
    }
    if i < n {
        // SAFETY: the n - i < l elements from i are in bounds; the partial
        // load and store touch only those.
        unsafe {
            S::store_partial(
                y.add(i),
                n - i,
                S::forward([S::load_partial(x.add(i), n - i)])[0],
            )
        };
    }
}

/// `dx[i] = dy[i] * sigmoid(-x[i])` for `i < n`. `dy` and `dx` may be the
/// same pointer (in place); otherwise `dx` must not overlap the inputs.
///
/// # Safety
/// `x` and `dy` are valid for reading and `dx` for writing `n` elements;
/// the CPU has the ISA of `S`.
#[inline(always)]
pub(crate) unsafe fn backward<S: Simd>(
    x: *const S::Elem,
    dy: *const S::Elem,
    dx: *mut S::Elem,
    n: usize,
) {
    let l = S::LANES;
    let mut i = 0;
    // As in `forward`; a block reads x and dy before it writes dx, so
    // dy == dx is fine.
    while i + BLOCK * l <= n {
        // SAFETY: elements i .. i + l of x and dy are in bounds.
        let mut r = [unsafe { S::load(x.add(i)) }; BLOCK];
        // SAFETY: as above.
        let mut d = [unsafe { S::load(dy.add(i)) }; BLOCK];
        for u in 1..BLOCK {
            // SAFETY: elements i + u l .. i + (u + 1) l are in bounds.
            r[u] = unsafe { S::load(x.add(i + u * l)) };
            // SAFETY: as above.
            d[u] = unsafe { S::load(dy.add(i + u * l)) };
        }
        let r = S::backward(r, d);
        for (u, r) in r.iter().enumerate() {
            // SAFETY: as for the loads, which are all done.
            unsafe { S::store(dx.add(i + u * l), *r) };
        }
        i += BLOCK * l;
    }
    while i + l <= n {
        // SAFETY: elements i .. i + l are in bounds.
        unsafe {
            S::store(
                dx.add(i),
                S::backward([S::load(x.add(i))], [S::load(dy.add(i))])[0],
            )
        };
        i += l;
    }
    if i < n {
        let k = n - i;
        // SAFETY: the k < l elements from i are in bounds; the partial loads
        // and the store touch only those.
        unsafe {
            let v = S::backward(
                [S::load_partial(x.add(i), k)],
                [S::load_partial(dy.add(i), k)],
            )[0];
            S::store_partial(dx.add(i), k, v);
        }
    }
}

/// `Simd` for an f32 or f64 register newtype `$reg(raw)`, from the ISA's
/// raw load and store functions (`load_partial`/`store_partial` move the
/// first `n < $lanes` elements, the rest zero or untouched): every ISA's
/// f32 and f64 kernels come from this one impl.
macro_rules! simd_floats {
    ($name:ident, $elem:ty, $reg:ident, $lanes:expr, {
        load: $load:path, store: $store:path, load_partial: $load_partial:path,
        store_partial: $store_partial:path $(,)?
    }) => {
        impl $crate::driver::Simd for $name {
            type Elem = $elem;
            type Reg = $reg;
            const LANES: usize = $lanes;
            #[inline(always)]
            unsafe fn load(p: *const $elem) -> $reg {
                // SAFETY: the caller guarantees LANES readable elements and the ISA.
                $reg(unsafe { $load(p) })
            }
            #[inline(always)]
            unsafe fn store(p: *mut $elem, v: $reg) {
                // SAFETY: the caller guarantees LANES writable elements and the ISA.
                unsafe { $store(p, v.0) }
            }
            #[inline(always)]
            unsafe fn load_partial(p: *const $elem, n: usize) -> $reg {
                // SAFETY: the caller guarantees n < LANES readable elements.
                $reg(unsafe { $load_partial(p, n) })
            }
            #[inline(always)]
            unsafe fn store_partial(p: *mut $elem, n: usize, v: $reg) {
                // SAFETY: the caller guarantees n < LANES writable elements.
                unsafe { $store_partial(p, n, v.0) }
            }
            #[inline(always)]
            fn forward<const N: usize>(x: [$reg; N]) -> [$reg; N] {
                $crate::math::log_sigmoid(x)
            }
            #[inline(always)]
            fn backward<const N: usize>(x: [$reg; N], dy: [$reg; N]) -> [$reg; N] {
                $crate::math::backward(x, dy)
            }
        }
    };
}
pub(crate) use simd_floats;

/// Loads `n` elements through a zeroed buffer of 16, for ISAs without
/// masked loads.
///
/// # Safety
/// `p` is valid for reading `n <= 16` elements; `load` reads at most 16
/// elements from its argument and needs nothing else but the caller's ISA.
#[inline(always)]
pub(crate) unsafe fn buffered_load<T: Copy + Default, R>(
    p: *const T,
    n: usize,
    load: unsafe fn(*const T) -> R,
) -> R {
    let mut a = [T::default(); 16];
    // SAFETY: the caller guarantees n readable elements; `a` has room.
    unsafe { core::ptr::copy_nonoverlapping(p, a.as_mut_ptr(), n) };
    // SAFETY: `a` holds 16 readable elements.
    unsafe { load(a.as_ptr()) }
}

/// Stores the first `n` elements of a register through a buffer of 16.
///
/// # Safety
/// `p` is valid for writing `n <= 16` elements; `store` writes at most 16.
#[inline(always)]
pub(crate) unsafe fn buffered_store<T: Copy + Default, R>(
    p: *mut T,
    n: usize,
    v: R,
    store: unsafe fn(*mut T, R),
) {
    let mut a = [T::default(); 16];
    // SAFETY: `a` has room for 16 elements.
    unsafe { store(a.as_mut_ptr(), v) };
    // SAFETY: the caller guarantees n writable elements.
    unsafe { core::ptr::copy_nonoverlapping(a.as_ptr(), p, n) };
}

/// Safe entry points over slices for one `Simd`, given the `unsafe`
/// target-feature functions that run the loops: used by each ISA's table.
macro_rules! slice_kernels {
    ($feature:literal, $simd:ty, $elem:ty, $fwd:ident, $bwd:ident) => {
        #[target_feature(enable = $feature)]
        pub(crate) unsafe fn $fwd(x: *const $elem, y: *mut $elem, n: usize) {
            // SAFETY: the caller passes pointers valid for n elements and
            // has checked the CPU for this function's features.
            unsafe { $crate::driver::forward::<$simd>(x, y, n) }
        }

        #[target_feature(enable = $feature)]
        pub(crate) unsafe fn $bwd(x: *const $elem, dy: *const $elem, dx: *mut $elem, n: usize) {
            // SAFETY: as for the forward loop.
            unsafe { $crate::driver::backward::<$simd>(x, dy, dx, n) }
        }
    };
}
pub(crate) use slice_kernels;
