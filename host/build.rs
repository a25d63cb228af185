//! Builds the shipped plugins in `plugins/` for wasm32-wasip2 and embeds them: writes
//! `$OUT_DIR/embedded_plugins.rs` with one `(name, bytes)` entry per plugin.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-wasip2";

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest_dir.parent().expect("host/ sits in the workspace root").to_owned();
    let plugins_dir = root.join("plugins");
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed={}", plugins_dir.display());
    println!("cargo:rerun-if-changed={}", root.join("wit").display());

    let shipped = shipped_plugins(&plugins_dir.join("Cargo.toml"));
    ensure_target();
    let target_dir = root.join("target").join("plugins");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(&plugins_dir)
        .args(["build", "--release", "--locked", "--target", TARGET, "--target-dir"])
        .arg(&target_dir);
    for name in &shipped {
        command.args(["-p", name]);
    }
    // Settings meant for the host build must not leak into the guest build.
    for variable in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_WRAPPER",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
        "CARGO_MANIFEST_DIR",
        "CARGO_PRIMARY_PACKAGE",
    ] {
        command.env_remove(variable);
    }
    let status = command.status().expect("cannot run cargo to build the plugins");
    assert!(status.success(), "building the plugins in {} for {TARGET} failed", plugins_dir.display());

    let mut generated = String::from(
        "/// The first-party plugins: (crate name, component bytes), sorted by name.\npub const PLUGINS: &[(&str, &[u8])] = &[\n",
    );
    for name in &shipped {
        let file = name.replace('-', "_");
        let built = target_dir.join(TARGET).join("release").join(format!("{file}.wasm"));
        let embedded = out_dir.join(format!("{file}.wasm"));
        fs::copy(&built, &embedded).unwrap_or_else(|error| panic!("cannot copy {}: {error}", built.display()));
        generated.push_str(&format!("    ({name:?}, include_bytes!({:?})),\n", embedded.display().to_string()));
    }
    generated.push_str("];\n");
    fs::write(out_dir.join("embedded_plugins.rs"), generated).expect("cannot write embedded_plugins.rs");
}

/// The crates listed in `[workspace.metadata.riskcard] shipped`, sorted.
fn shipped_plugins(manifest: &Path) -> Vec<String> {
    let text =
        fs::read_to_string(manifest).unwrap_or_else(|error| panic!("cannot read {}: {error}", manifest.display()));
    let value: toml::Table =
        toml::from_str(&text).unwrap_or_else(|error| panic!("{} is not TOML: {error}", manifest.display()));
    let mut shipped: Vec<String> = value
        .get("workspace")
        .and_then(|w| w.get("metadata"))
        .and_then(|m| m.get("riskcard"))
        .and_then(|r| r.get("shipped"))
        .and_then(|s| s.as_array())
        .expect("plugins/Cargo.toml lacks [workspace.metadata.riskcard] shipped = [...]")
        .iter()
        .map(|name| name.as_str().expect("shipped plugin names are strings").to_owned())
        .collect();
    shipped.sort();
    shipped
}

/// Installs the wasm32-wasip2 standard library with rustup when it is missing, so a
/// fresh checkout builds with plain `cargo build`.
fn ensure_target() {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let sysroot = Command::new(rustc).args(["--print", "sysroot"]).output().ok().filter(|o| o.status.success());
    let installed = sysroot
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()).join("lib/rustlib").join(TARGET).exists())
        .unwrap_or(false);
    if !installed {
        println!("cargo:warning=installing the {TARGET} target with rustup");
        let status = Command::new("rustup").args(["target", "add", TARGET]).status();
        assert!(
            matches!(status, Ok(s) if s.success()),
            "the {TARGET} target is missing; run `rustup target add {TARGET}`"
        );
    }
}
