//! `riskcard plugin new`: the files of a standalone plugin project — the contract, the
//! build set-up, an example check with unit tests and a golden fixture, and a README —
//! that builds outside this repository, from its language's package registry alone
//! (crates.io, npm, PyPI).

use std::path::PathBuf;

use super::wit;

/// The languages a plugin project can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Rust, with the riskcard plugin SDK vendored into the project.
    Rust,
    /// JavaScript, built with componentize-qjs from the npm registry.
    Js,
    /// Python, built with componentize-py from PyPI.
    Python,
}

/// The componentize-py version the Python scaffold pins: the one riskcard tests with.
pub const COMPONENTIZE_PY_VERSION: &str = "0.25.1";

/// Why a project cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaffoldError {
    /// The plugin name is not usable.
    #[error(
        "`{0}` cannot name a plugin: use lowercase letters, digits and single inner dashes, starting with a letter (e.g. acme-checks)"
    )]
    BadName(String),
}

/// One file of a generated project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaffoldFile {
    /// Its path inside the project.
    pub path: PathBuf,
    /// Its contents.
    pub contents: String,
}

/// The golden fixture and its dossier, the same in every language: the example check
/// behaves the same whatever it is written in.
const FIXTURES: [(&str, &str); 2] = [
    ("fixtures/security-txt.toml", include_str!("../../templates/scaffold/fixtures/security-txt.toml")),
    (
        "fixtures/dossiers/example-vendor.toml",
        include_str!("../../templates/scaffold/fixtures/dossiers/example-vendor.toml"),
    ),
];

/// The Rust project's own files: (path in the project, template).
const RUST_TEMPLATES: [(&str, &str); 5] = [
    ("Cargo.toml", include_str!("../../templates/scaffold/rust/Cargo.toml.tmpl")),
    (".gitignore", include_str!("../../templates/scaffold/rust/gitignore")),
    ("README.md", include_str!("../../templates/scaffold/rust/README.md")),
    ("src/lib.rs", include_str!("../../templates/scaffold/rust/src/lib.rs")),
    ("src/security_txt.rs", include_str!("../../templates/scaffold/rust/src/security_txt.rs")),
];

/// The JavaScript project's own files: (path in the project, template).
const JS_TEMPLATES: [(&str, &str); 6] = [
    ("package.json", include_str!("../../templates/scaffold/js/package.json")),
    (".gitignore", include_str!("../../templates/scaffold/js/gitignore")),
    ("README.md", include_str!("../../templates/scaffold/js/README.md")),
    ("src/checks.js", include_str!("../../templates/scaffold/js/src/checks.js")),
    ("src/plugin.js", include_str!("../../templates/scaffold/js/src/plugin.js")),
    ("test/checks.test.js", include_str!("../../templates/scaffold/js/test/checks.test.js")),
];

/// The Python project's own files: (path in the project, template).
const PYTHON_TEMPLATES: [(&str, &str); 7] = [
    ("requirements.txt", include_str!("../../templates/scaffold/python/requirements.txt")),
    (".gitignore", include_str!("../../templates/scaffold/python/gitignore")),
    ("README.md", include_str!("../../templates/scaffold/python/README.md")),
    ("app.py", include_str!("../../templates/scaffold/python/app.py")),
    ("checks.py", include_str!("../../templates/scaffold/python/checks.py")),
    ("tests/__init__.py", include_str!("../../templates/scaffold/python/tests/__init__.py")),
    ("tests/test_checks.py", include_str!("../../templates/scaffold/python/tests/test_checks.py")),
];

/// The JavaScript example plugin's manifest, for the componentize-qjs version riskcard
/// tests with.
const JS_EXAMPLE_MANIFEST: &str = include_str!("../../../examples/plugins/web-security/package.json");

/// Where the SDK is vendored; `../../wit` from there is the project's `wit/`, as it is
/// from `plugins/sdk` in the riskcard repository.
const SDK_DIR: &str = "vendor/riskcard-plugin-sdk";

/// The SDK's sources, copied verbatim.
const SDK_SOURCES: [(&str, &str); 10] = [
    ("lib.rs", include_str!("../../../plugins/sdk/src/lib.rs")),
    ("date.rs", include_str!("../../../plugins/sdk/src/date.rs")),
    ("dispatch.rs", include_str!("../../../plugins/sdk/src/dispatch.rs")),
    ("extension.rs", include_str!("../../../plugins/sdk/src/extension.rs")),
    ("params.rs", include_str!("../../../plugins/sdk/src/params.rs")),
    ("ratio.rs", include_str!("../../../plugins/sdk/src/ratio.rs")),
    ("tally.rs", include_str!("../../../plugins/sdk/src/tally.rs")),
    ("testing.rs", include_str!("../../../plugins/sdk/src/testing.rs")),
    ("text.rs", include_str!("../../../plugins/sdk/src/text.rs")),
    ("verdict.rs", include_str!("../../../plugins/sdk/src/verdict.rs")),
];

/// The plugin workspace's manifest, for the SDK's version and its wit-bindgen dependency.
const PLUGINS_MANIFEST: &str = include_str!("../../../plugins/Cargo.toml");

/// The SDK's manifest, for the dependencies it has beyond the workspace's.
const SDK_MANIFEST: &str = include_str!("../../../plugins/sdk/Cargo.toml");

/// The SDK's own `[dependencies]` lines (those not inherited from the workspace), so the
/// vendored copy depends on what the SDK does.
fn sdk_dependencies() -> String {
    let section = SDK_MANIFEST.split("[dependencies]").nth(1).unwrap_or_default();
    section
        .lines()
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.trim().is_empty() && !line.contains(".workspace"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plugin workspace's lock file: the project builds with the dependency versions
/// riskcard's own plugins are tested with.
const PLUGINS_LOCK: &str = include_str!("../../../plugins/Cargo.lock");

/// Whether `name` can name a plugin and its crate.
pub fn is_plugin_name(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-')
        && !name.contains("--")
}

/// The `[workspace.dependencies]` line of `dependency` in the plugin workspace's manifest.
fn workspace_dependency(dependency: &str) -> Option<&'static str> {
    PLUGINS_MANIFEST.lines().find(|line| line.split('=').next().is_some_and(|key| key.trim() == dependency))
}

/// The componentize-qjs version the JavaScript example plugin pins.
fn componentize_qjs_version() -> Option<&'static str> {
    JS_EXAMPLE_MANIFEST
        .lines()
        .find_map(|line| line.trim().strip_prefix("\"componentize-qjs\": \""))
        .map(|rest| rest.trim_end_matches(',').trim_end_matches('"'))
}

/// The plugin workspace's package version, which the SDK inherits.
fn sdk_version() -> Option<&'static str> {
    let workspace_package = PLUGINS_MANIFEST.split("[workspace.package]").nth(1)?;
    workspace_package
        .lines()
        .find_map(|line| line.trim().strip_prefix("version"))
        .map(|rest| rest.trim().trim_start_matches('=').trim().trim_matches('"'))
}

/// The files of a new plugin project called `name`.
pub fn files(name: &str, lang: Lang) -> Result<Vec<ScaffoldFile>, ScaffoldError> {
    if !is_plugin_name(name) {
        return Err(ScaffoldError::BadName(name.to_owned()));
    }
    let wit_version = wit::package_version().unwrap_or("unknown");
    let fill = |template: &str| {
        template
            .replace("{{name}}", name)
            .replace("{{crate}}", &name.replace('-', "_"))
            .replace("{{wit_version}}", wit_version)
            .replace("{{riskcard_version}}", env!("CARGO_PKG_VERSION"))
            .replace("{{sdk_version}}", sdk_version().unwrap_or("0.1.0"))
            .replace("{{wit_bindgen}}", workspace_dependency("wit-bindgen").unwrap_or_default())
            .replace("{{sdk_dependencies}}", &sdk_dependencies())
            .replace("{{componentize_qjs}}", componentize_qjs_version().unwrap_or_default())
            .replace("{{componentize_py}}", COMPONENTIZE_PY_VERSION)
    };
    let file = |path: String, contents: String| ScaffoldFile { path: PathBuf::from(path), contents };
    let mut out = Vec::new();
    match lang {
        Lang::Rust => {
            out.extend(RUST_TEMPLATES.iter().map(|(path, template)| file((*path).to_owned(), fill(template))));
            out.push(file(
                format!("{SDK_DIR}/Cargo.toml"),
                fill(include_str!("../../templates/scaffold/rust/sdk-Cargo.toml.tmpl")),
            ));
            out.extend(
                SDK_SOURCES.iter().map(|(path, source)| file(format!("{SDK_DIR}/src/{path}"), (*source).to_owned())),
            );
            out.push(file("Cargo.lock".to_owned(), PLUGINS_LOCK.to_owned()));
        }
        Lang::Js => out.extend(JS_TEMPLATES.iter().map(|(path, template)| file((*path).to_owned(), fill(template)))),
        Lang::Python => {
            out.extend(PYTHON_TEMPLATES.iter().map(|(path, template)| file((*path).to_owned(), fill(template))))
        }
    }
    out.extend(FIXTURES.iter().map(|(path, template)| file((*path).to_owned(), fill(template))));
    out.extend(wit::FILES.iter().map(|wit| file(format!("wit/{}", wit.name), wit.text.to_owned())));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn find<'a>(files: &'a [ScaffoldFile], path: &str) -> &'a str {
        &files.iter().find(|f| f.path == Path::new(path)).unwrap_or_else(|| panic!("no {path}")).contents
    }

    #[test]
    fn names_must_be_plugin_names() {
        for good in ["acme", "acme-checks", "pci4"] {
            assert!(is_plugin_name(good), "{good}");
        }
        for bad in ["", "Acme", "4pci", "acme_checks", "acme-", "a--b", "acme checks", "../x"] {
            assert!(!is_plugin_name(bad), "{bad}");
            assert_eq!(files(bad, Lang::Rust), Err(ScaffoldError::BadName(bad.to_owned())));
        }
    }

    #[test]
    fn every_placeholder_is_filled() {
        for lang in [Lang::Rust, Lang::Js, Lang::Python] {
            for file in files("acme-checks", lang).unwrap() {
                assert!(!file.contents.contains("{{"), "{} keeps a placeholder", file.path.display());
            }
        }
    }

    #[test]
    fn the_javascript_project_pins_the_tested_toolchain_and_contract() {
        let files = files("acme-checks", Lang::Js).unwrap();
        let manifest = find(&files, "package.json");
        let version = componentize_qjs_version().expect("the example plugin pins componentize-qjs");
        assert!(semver::Version::parse(version).is_ok(), "{version}");
        assert!(manifest.contains(&format!("\"componentize-qjs\": \"{version}\"")), "{manifest}");
        assert!(manifest.contains("-o acme-checks.wasm"), "{manifest}");
        let entry = find(&files, "src/plugin.js");
        assert!(entry.contains(&format!("riskcard:plugin/host@{}", wit::package_version().unwrap())), "{entry}");
        let rust = super::files("acme-checks", Lang::Rust).unwrap();
        assert_eq!(find(&files, "fixtures/security-txt.toml"), find(&rust, "fixtures/security-txt.toml"));
    }

    /// Regression (#16): the READMEs linked to example.invalid and gave signing commands
    /// without their required options.
    #[test]
    fn the_readmes_link_nowhere_invalid_and_sign_with_a_key() {
        for lang in [Lang::Rust, Lang::Js, Lang::Python] {
            let files = files("acme-checks", lang).unwrap();
            let readme = find(&files, "README.md");
            assert!(!readme.contains("example.invalid"), "{readme}");
            assert!(readme.contains("riskcard plugin keygen --out ~/riskcard-keys/acme-checks"), "{readme}");
            assert!(readme.contains("--key ~/riskcard-keys/acme-checks.key"), "{readme}");
            assert!(readme.contains(".wasm.sig plugins/"), "the .sig is copied too: {readme}");
            assert!(readme.contains("--require-signed"), "{readme}");
        }
    }

    #[test]
    fn the_project_is_named_and_built_against_the_hosts_contract() {
        let files = files("acme-checks", Lang::Rust).unwrap();
        assert!(find(&files, "Cargo.toml").contains("name = \"acme-checks\""));
        assert!(find(&files, "src/lib.rs").contains("sdk::describe(\"acme-checks\""));
        assert!(find(&files, "README.md").contains("target/wasm32-wasip2/release/acme_checks.wasm"));
        for wit in wit::FILES {
            assert_eq!(find(&files, &format!("wit/{}", wit.name)), wit.text);
        }
    }

    #[test]
    fn the_vendored_sdk_is_the_whole_sdk_with_its_dependency() {
        let mut shipped: Vec<String> =
            std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugins/sdk/src"))
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
        shipped.sort();
        let mut vendored: Vec<String> = SDK_SOURCES.iter().map(|(name, _)| (*name).to_owned()).collect();
        vendored.sort();
        assert_eq!(vendored, shipped, "SDK_SOURCES must list every file of plugins/sdk/src");
        let files = files("acme", Lang::Rust).unwrap();
        let manifest = find(&files, "vendor/riskcard-plugin-sdk/Cargo.toml");
        assert!(manifest.contains("wit-bindgen = { version = "), "{manifest}");
        assert!(find(&files, "vendor/riskcard-plugin-sdk/src/lib.rs").contains("path: \"../../wit\""));
        assert!(semver::Version::parse(sdk_version().unwrap()).is_ok());
    }
}
