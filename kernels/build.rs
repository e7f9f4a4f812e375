//! With the `sleef` feature: finds the system's libsleef (the benches and
//! the CPU report time SLEEF beside the kernels) or stops the build saying
//! what to install; compiles the C loops around it (`sleef/compositions.c`).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "sleef")]
    sleef();
}

#[cfg(feature = "sleef")]
fn sleef() {
    use std::env;
    use std::path::Path;

    println!("cargo:rerun-if-env-changed=SLEEF_LIB_DIR");
    println!("cargo:rerun-if-changed=sleef/compositions.c");
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("x86_64") {
        // The feature's module is x86-64 only; elsewhere it adds nothing.
        return;
    }
    let mut dirs: Vec<String> = env::var("SLEEF_LIB_DIR").into_iter().collect();
    dirs.extend(
        [
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/usr/local/lib",
        ]
        .map(str::to_owned),
    );
    match dirs
        .iter()
        .find(|d| Path::new(d).join("libsleef.so").exists())
    {
        Some(d) => {
            cc::Build::new()
                .file("sleef/compositions.c")
                .opt_level(2)
                .compile("logsigmoid_sleef");
            println!("cargo:rustc-link-search=native={d}");
            println!("cargo:rustc-link-lib=dylib=sleef");
        }
        None => panic!(
            "the `sleef` feature links the system's libsleef, which was not found in {dirs:?}: \
             install it (Debian and Ubuntu: `apt-get install libsleef-dev`) or set SLEEF_LIB_DIR"
        ),
    }
}
