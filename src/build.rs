//! How this copy of the crate was built (recorded by `build.rs`), for
//! reports that compare machines.

/// `rustc --version` of the compiler that built the crate.
pub const RUSTC: &str = env!("LOGSIGMOID_BUILD_RUSTC");
/// The target triple.
pub const TARGET: &str = env!("LOGSIGMOID_BUILD_TARGET");
/// Cargo's profile: `release` or `debug`.
pub const PROFILE: &str = env!("LOGSIGMOID_BUILD_PROFILE");
/// The optimisation level.
pub const OPT_LEVEL: &str = env!("LOGSIGMOID_BUILD_OPT_LEVEL");
/// The target features enabled at compile time (comma-separated). The
/// kernels do not depend on them: they detect the CPU's features at run time.
pub const TARGET_FEATURES: &str = env!("LOGSIGMOID_BUILD_TARGET_FEATURES");
