//! The riskcard plugin SDK: the bindings for the `riskcard:plugin` world, plus the
//! helpers every check needs — parameters with defaults, findings and verdicts, a
//! scoring tally with its ratios, wording and date arithmetic — so a plugin is its
//! check logic and little else.
//!
//! A plugin lists its checks as [`Check`]s, implements [`Guest`] by calling
//! [`describe`] and [`evaluate`], and exports itself with [`export_plugin!`]:
//!
//! ```ignore
//! use riskcard_plugin_sdk::{self as sdk, Check, Guest};
//! struct MyPlugin;
//! impl Guest for MyPlugin {
//!     fn describe() -> sdk::Description { sdk::describe("my-plugin", env!("CARGO_PKG_VERSION"), &CHECKS) }
//!     fn evaluate(request: sdk::EvaluationRequest) -> Result<Vec<sdk::CheckResult>, String> {
//!         sdk::evaluate(&CHECKS, request)
//!     }
//! }
//! sdk::export_plugin!(MyPlugin);
//! ```

pub mod date;
mod dispatch;
pub mod extension;
mod params;
pub mod ratio;
mod tally;
pub mod testing;
pub mod text;
mod verdict;

pub use dispatch::{Check, Context, DefaultValue, ParamDecl, Reads, describe, evaluate};
pub use params::Params;
pub use tally::{Tally, Thresholds};
pub use verdict::Verdict;

/// Bindings generated from the `riskcard:plugin` WIT package.
#[allow(missing_docs)]
pub mod bindings {
    wit_bindgen::generate!({
        path: "../../wit",
        world: "riskcard:plugin/plugin",
        pub_export_macro: true,
        export_macro_name: "export_plugin",
        default_bindings_module: "riskcard_plugin_sdk::bindings",
        additional_derives: [PartialEq],
        generate_all,
    });
}

pub use bindings::riskcard::plugin::checks::{
    CheckResult, CheckSpec, Criterion, Description, EvaluationRequest, EvidenceReads, Finding, Param, ParamSpec,
    ParamType, ParamValue, Practice, Section, Severity, Status,
};
pub use bindings::riskcard::plugin::evidence;
pub use bindings::riskcard::plugin::evidence::Date;
pub use bindings::riskcard::plugin::host::{LogLevel, log};
pub use bindings::{Guest, export_plugin};

/// Builds a finding that cites the evidence at `evidence` (a path into the dossier).
pub fn finding(
    severity: Severity,
    message: impl Into<String>,
    remediation: impl Into<String>,
    evidence: &[&str],
) -> Finding {
    Finding {
        severity,
        message: message.into(),
        remediation: remediation.into(),
        evidence: evidence.iter().map(|path| (*path).to_owned()).collect(),
    }
}
