//! `riskcard plugin inspect`: what a plugin component is, what each check reads of a
//! dossier, what it imports, what riskcard grants through each import, its hash and its
//! signature status.

use std::path::Path;
use std::process::ExitCode;

use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::fsio::sha256_hex;
use riskcard::runtime::{Origin, grant};
use riskcard::trust::TrustPolicy;

use super::limits::LimitArgs;
use super::plugins::{RuntimeSettings, file_signature, new_runtime, read_plugin};

/// `riskcard plugin inspect`: loads one component on its own and describes it.
pub fn run(
    file: &Path,
    trust: Option<&Path>,
    limits: &LimitArgs,
    settings: &RuntimeSettings,
) -> anyhow::Result<ExitCode> {
    let policy = trust.map(TrustPolicy::load).transpose()?;
    let bytes = read_plugin(file)?;
    let signature = file_signature(file, &bytes, policy.as_ref());
    let mut runtime = new_runtime(limits, settings)?;
    let plugin = runtime.load(&bytes, Origin::File(file.to_owned())).map_err(|error| {
        Diagnostics::from(
            Diagnostic::new(file, format!("plugin {error}"))
                .help(format!("sha256 {}; signature: {signature}", sha256_hex(&bytes))),
        )
    })?;
    say!("file:        {}", file.display());
    say!("name:        {}", plugin.name);
    say!("version:     {}", plugin.version);
    match &plugin.api_version {
        Some(version) => say!("api version: riskcard:plugin@{version}"),
        None => say!("api version: (imports nothing from riskcard:plugin)"),
    }
    say!("sha256:      {}", plugin.sha256);
    say!("signature:   {signature}");
    say!("checks:");
    for (check, title) in plugin.checks.iter().zip(&plugin.titles) {
        say!("  {}/{:<24} {:<20} {title}", plugin.name, check.id, check.practice.id());
        say!("    reads {}", check.reads);
    }
    say!("imports, and what riskcard grants through each:");
    for import in &plugin.imports {
        say!("  {import:<40} {}", grant(import));
    }
    Ok(ExitCode::SUCCESS)
}
