//! Loading a plugin: from bytes to a compiled component, checked against what the
//! host grants, pre-instantiated once, and described by its own `describe` export.

use std::path::PathBuf;

use semver::Version;
use wasmtime::Engine;
use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, Linker};

use super::bindings::{PluginPre, riskcard::plugin::checks as wit};
use super::cache::CodeCache;
use super::description::{self, param_kind};
use super::limits::Limits;
use super::sandbox::{Sandbox, new_store};
use super::structure;
use super::{LoadError, failure_reason};
use crate::fsio::sha256_hex;
use crate::practice::Practice;
use crate::rubric::{CatalogCheck, CatalogParam, CatalogPlugin};

/// The contract versions this host speaks: `riskcard:plugin` compatible with this.
pub const API_VERSION: Version = Version::new(0, 1, 0);

/// What [`grant`] says of an interface riskcard does not provide; importing one is
/// refused at load time.
const NOT_GRANTED: &str = "nothing";

/// What riskcard grants a plugin through an import it is allowed, by interface name
/// (`riskcard plugin inspect` shows this for each import). Anything not listed here —
/// including a made-up interface in a `wasi:` package — is refused at load time.
pub fn grant(import: &str) -> &'static str {
    let interface = import.split_once('@').map_or(import, |(name, _)| name);
    match interface {
        "riskcard:plugin/host" => "log messages, capped in count and bytes per call",
        "riskcard:plugin/checks" | "riskcard:plugin/evidence" => "types only",
        "wasi:cli/environment" => "nothing: no variables, no arguments, no working directory",
        "wasi:cli/exit" => "ends the plugin's own call, which then fails",
        "wasi:cli/stdin" => "an empty, closed stream",
        "wasi:cli/stdout" | "wasi:cli/stderr" => "captured into the scorecard, capped per call",
        "wasi:clocks/wall-clock" => "a clock frozen at the as-of date",
        "wasi:clocks/monotonic-clock" => "a frozen clock; timers are due at once and never block",
        "wasi:random/random" | "wasi:random/insecure" | "wasi:random/insecure-seed" => {
            "numbers from a fixed seed: the same every run"
        }
        "wasi:filesystem/preopens" | "wasi:filesystem/types" => "no directories: every file access fails",
        "wasi:io/error" | "wasi:io/poll" | "wasi:io/streams" => "streams and polling for the grants above",
        "wasi:cli/terminal-input"
        | "wasi:cli/terminal-output"
        | "wasi:cli/terminal-stdin"
        | "wasi:cli/terminal-stdout"
        | "wasi:cli/terminal-stderr" => "no terminal",
        "wasi:sockets/network"
        | "wasi:sockets/instance-network"
        | "wasi:sockets/tcp"
        | "wasi:sockets/tcp-create-socket"
        | "wasi:sockets/udp"
        | "wasi:sockets/udp-create-socket"
        | "wasi:sockets/ip-name-lookup" => "no network: every socket and name lookup is refused",
        _ => NOT_GRANTED,
    }
}

/// Where a plugin's bytes came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the riskcard binary.
    Embedded,
    /// Loaded from a file.
    File(PathBuf),
}

/// A loaded plugin, ready to be instantiated for each evaluation.
pub struct Plugin {
    /// The plugin's name from `describe`.
    pub name: String,
    /// Its version from `describe`.
    pub version: Version,
    /// SHA-256 of the component's bytes.
    pub sha256: String,
    /// Where it came from.
    pub origin: Origin,
    /// The `riskcard:plugin` version it was built against, when it imports the host.
    pub api_version: Option<Version>,
    /// The interfaces it imports.
    pub imports: Vec<String>,
    /// Its checks.
    pub checks: Vec<CatalogCheck>,
    /// Each check's title, parallel to `checks`.
    pub titles: Vec<String>,
    /// Each check's parameter defaults, parallel to `checks`.
    pub(super) defaults: Vec<Vec<(String, wit::ParamValue)>>,
    pub(super) pre: PluginPre<Sandbox>,
}

impl Plugin {
    /// Compiles (or takes from `cache`) and checks `bytes`, then asks the plugin to
    /// describe itself.
    pub(super) fn load(
        engine: &Engine,
        linker: &Linker<Sandbox>,
        limits: &Limits,
        cache: Option<&CodeCache>,
        bytes: &[u8],
        origin: Origin,
    ) -> Result<Self, LoadError> {
        if !bytes.starts_with(b"\0asm") {
            return Err(LoadError::NotWasm);
        }
        // Byte 4 is the version field: 1 for core modules, 0x0d for components.
        if bytes.get(4..8) == Some(&[1, 0, 0, 0]) {
            return Err(LoadError::CoreModule);
        }
        let sha256 = sha256_hex(bytes);
        // The structural pre-check guards the compiler, so it runs before compiling; an
        // authentic cache entry is code this host compiled from these very bytes after
        // they passed it (under the same bounds, which are part of the entry's key).
        let compile = || {
            structure::shape(bytes)?;
            Component::new(engine, bytes).map_err(|error| LoadError::Compile(format!("{error:#}")))
        };
        let component = match cache {
            Some(cache) => cache.component(engine, &sha256, compile)?,
            None => compile()?,
        };
        let (imports, api_version) = check_imports(engine, &component)?;
        let instance_pre = linker.instantiate_pre(&component).map_err(|error| LoadError::Link(format!("{error:#}")))?;
        let pre = PluginPre::new(instance_pre).map_err(|error| LoadError::WrongWorld(format!("{error:#}")))?;
        let description = describe(engine, limits, &pre)?;
        let problems = description::problems(&description);
        if !problems.is_empty() {
            return Err(LoadError::BadDescription(problems.join("; ")));
        }
        let version = Version::parse(&description.version)
            .map_err(|error| LoadError::BadDescription(format!("version is not semver: {error}")))?;
        let mut checks = Vec::new();
        let mut titles = Vec::new();
        let mut defaults = Vec::new();
        for spec in description.checks {
            checks.push(CatalogCheck {
                id: spec.id,
                practice: practice(spec.practice),
                params: spec
                    .params
                    .iter()
                    .map(|p| CatalogParam { name: p.name.clone(), kind: param_kind(p.type_) })
                    .collect(),
            });
            titles.push(spec.title);
            defaults.push(spec.params.into_iter().map(|p| (p.name, p.default)).collect());
        }
        Ok(Self {
            name: description.name,
            version,
            sha256,
            origin,
            api_version,
            imports,
            checks,
            titles,
            defaults,
            pre,
        })
    }

    /// What the rubric validator needs to know of this plugin.
    pub fn catalog_entry(&self) -> CatalogPlugin {
        CatalogPlugin { name: self.name.clone(), version: self.version.clone(), checks: self.checks.clone() }
    }

    /// The index of check `id`.
    pub fn check_index(&self, id: &str) -> Option<usize> {
        self.checks.iter().position(|check| check.id == id)
    }
}

/// Lists the component's imports, refuses any the host does not grant, and reads the
/// `riskcard:plugin` version it was built against.
fn check_imports(engine: &Engine, component: &Component) -> Result<(Vec<String>, Option<Version>), LoadError> {
    let mut imports = Vec::new();
    let mut api_version = None;
    for (name, item) in component.component_type().imports(engine) {
        if let Some(version) =
            name.strip_prefix("riskcard:plugin/").and_then(|rest| rest.split_once('@')).map(|(_, v)| v)
        {
            let version = Version::parse(version).map_err(|_| LoadError::IncompatibleApi(version.to_owned()))?;
            if !api_compatible(&version) {
                return Err(LoadError::IncompatibleApi(version.to_string()));
            }
            api_version = Some(version);
        }
        if grant(name) == NOT_GRANTED || !matches!(item.ty, ComponentItem::ComponentInstance(_)) {
            return Err(LoadError::ImportNotGranted(name.to_owned()));
        }
        imports.push(name.to_owned());
    }
    imports.sort();
    Ok((imports, api_version))
}

/// The contract versions this host accepts, as people write them: `0.1.x`, or `1.x`.
pub fn accepted_api_versions() -> String {
    if API_VERSION.major == 0 {
        format!("{}.{}.x", API_VERSION.major, API_VERSION.minor)
    } else {
        format!("{}.x", API_VERSION.major)
    }
}

/// Semver compatibility with [`API_VERSION`]: same major, and for 0.x the same minor.
pub fn api_compatible(version: &Version) -> bool {
    let requirement = semver::VersionReq {
        comparators: vec![semver::Comparator {
            op: semver::Op::Caret,
            major: API_VERSION.major,
            minor: Some(API_VERSION.minor),
            patch: Some(0),
            pre: semver::Prerelease::EMPTY,
        }],
    };
    requirement.matches(version)
}

fn describe(engine: &Engine, limits: &Limits, pre: &PluginPre<Sandbox>) -> Result<wit::Description, LoadError> {
    let mut store = new_store(engine, limits, 0, super::deadline_ticks(limits));
    let plugin =
        pre.instantiate(&mut store).map_err(|error| LoadError::Describe(failure_reason(&error, limits).to_string()))?;
    plugin.call_describe(&mut store).map_err(|error| LoadError::Describe(failure_reason(&error, limits).to_string()))
}

fn practice(practice: wit::Practice) -> Practice {
    match practice {
        wit::Practice::AccessControl => Practice::AccessControl,
        wit::Practice::ActivityMonitoring => Practice::ActivityMonitoring,
        wit::Practice::AuditLogging => Practice::AuditLogging,
        wit::Practice::Encryption => Practice::Encryption,
        wit::Practice::Backup => Practice::Backup,
        wit::Practice::Retention => Practice::Retention,
        wit::Practice::TrustedProvider => Practice::TrustedProvider,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_semver_compatible_contract_versions() {
        assert!(api_compatible(&Version::new(0, 1, 0)));
        assert!(api_compatible(&Version::new(0, 1, 9)));
        assert!(!api_compatible(&Version::new(0, 2, 0)));
        assert!(!api_compatible(&Version::new(1, 0, 0)));
        assert_eq!(accepted_api_versions(), "0.1.x");
    }

    #[test]
    fn grants_are_named_by_interface_whatever_the_version() {
        assert_eq!(grant("wasi:clocks/wall-clock@0.2.6"), "a clock frozen at the as-of date");
        assert_eq!(grant("wasi:clocks/wall-clock@0.2.12"), "a clock frozen at the as-of date");
        assert!(grant("wasi:sockets/tcp@0.2.0").starts_with("no network"));
        assert_eq!(grant("wasi:http/types@0.2.0"), NOT_GRANTED);
        assert_eq!(grant("wasi:cli/made-up@0.2.0"), NOT_GRANTED, "a made-up interface in a granted package");
        assert_eq!(grant("wasi:sockets/made-up@0.2.0"), NOT_GRANTED);
    }
}
