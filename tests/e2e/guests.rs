//! Building plugins from source for the end-to-end tests: Rust projects outside the
//! plugin workspace (a scaffold, the compatibility probe) and the JavaScript example
//! plugin. All Rust guests share `target/plugins`, so their dependencies compile once;
//! the JavaScript plugin is built once per test process.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::support::repo;

/// The target directory every guest build shares with the host's build script.
pub fn target_dir() -> PathBuf {
    repo().join("target").join("plugins")
}

/// A command in `dir` with the settings of the test's own build removed, so that they
/// do not leak into a guest build.
pub fn command(program: impl AsRef<std::ffi::OsStr>, dir: &Path) -> Command {
    let mut command = Command::new(program);
    command.current_dir(dir);
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
    command
}

/// Runs `cargo ARGS` in `project` against the shared target directory; panics with
/// cargo's output when it fails. Returns stdout and stderr.
pub fn cargo(project: &Path, args: &[&str]) -> String {
    let output =
        command(env!("CARGO"), project).args(args).arg("--target-dir").arg(target_dir()).output().expect("cargo runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "cargo {args:?} in {} failed:\n{text}", project.display());
    text
}

/// Builds the Rust plugin project in `project` for wasm32-wasip2 and returns the
/// component of its crate `name`.
pub fn build_rust_plugin(project: &Path, name: &str) -> PathBuf {
    cargo(project, &["build", "--release", "--target", "wasm32-wasip2"]);
    target_dir().join("wasm32-wasip2").join("release").join(format!("{}.wasm", name.replace('-', "_")))
}

/// The JavaScript example plugin's directory.
pub fn js_plugin_dir() -> PathBuf {
    repo().join("examples/plugins/web-security")
}

/// Runs `npm ARGS` in `dir`; panics with npm's output on failure.
pub fn npm(dir: &Path, args: &[&str]) -> String {
    let output = command("npm", dir).args(args).output().expect("npm runs (install Node.js and npm)");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "npm {args:?} failed:\n{text}");
    text
}

/// The JavaScript plugin, built from source with componentize-qjs once per test
/// process (installing its npm toolchain first if scripts/test has not).
pub fn js_plugin() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        if !js_plugin_dir().join("node_modules/.bin/componentize-qjs").exists() {
            npm(&js_plugin_dir(), &["ci", "--no-audit", "--no-fund"]);
        }
        npm(&js_plugin_dir(), &["run", "build"]);
        js_plugin_dir().join("web-security.wasm")
    })
}
