//! The `{{name}}` riskcard plugin. Each check is a plain function over the dossier
//! (see `security_txt.rs`), unit-tested natively with `cargo test`; this file lists the
//! checks and exports them as a riskcard:plugin component.

mod security_txt;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, Description, EvaluationRequest, Guest, LogLevel, Practice, Reads, Section,
};

/// The checks this plugin provides; rubrics name them `{{name}}/<id>`.
pub const CHECKS: [Check; 1] = [Check {
    id: "security-txt",
    title: "security.txt (RFC 9116) published, current and naming a contact",
    practice: Practice::TrustedProvider,
    params: &security_txt::PARAMS,
    // The dossier sections (and, with `.and_extensions(&["acme."])`, extension key
    // prefixes) the check reads; the plugin is given nothing else.
    reads: Reads::sections(&[Section::Trust]),
    run: security_txt::run,
}];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("{{name}}", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        // Log lines appear in the scorecard's `plugin_output` and in `riskcard plugin test`.
        sdk::log(LogLevel::Debug, &format!("{}: {} criteria", request.dossier.vendor.id, request.criteria.len()));
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
