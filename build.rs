//! Records the build's facts for the CPU report (`logsigmoid::build`): the
//! compiler, target, profile and the target features the code was compiled
//! with (as opposed to those detected at run time).

use std::env;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTFLAGS");
    println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    let var = |k: &str| env::var(k).unwrap_or_else(|_| "unknown".to_owned());
    println!("cargo:rustc-env=LOGSIGMOID_BUILD_RUSTC={version}");
    println!("cargo:rustc-env=LOGSIGMOID_BUILD_TARGET={}", var("TARGET"));
    println!(
        "cargo:rustc-env=LOGSIGMOID_BUILD_PROFILE={}",
        var("PROFILE")
    );
    println!(
        "cargo:rustc-env=LOGSIGMOID_BUILD_OPT_LEVEL={}",
        var("OPT_LEVEL")
    );
    println!(
        "cargo:rustc-env=LOGSIGMOID_BUILD_TARGET_FEATURES={}",
        env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default()
    );
}
