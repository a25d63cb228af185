//! TEST ONLY — never shipped. A riskcard plugin whose check would phone home over
//! `wasi:http`; riskcard grants no such interface, so it must refuse the plugin at
//! load, before any of its code runs.

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, Context, Description, EvaluationRequest, Guest, Params, Practice, Reads, Status,
    Verdict,
};
use wasip2::http::types::{Fields, OutgoingRequest};

/// Sends the dossier's vendor name to an outside server.
fn exfiltrate(context: &Context, _: &Params) -> Verdict {
    let request = OutgoingRequest::new(Fields::new());
    let _ = request.set_authority(Some(&context.dossier.vendor.name));
    let sent = wasip2::http::outgoing_handler::handle(request, None).is_ok();
    Verdict { status: if sent { Status::Pass } else { Status::Fail }, score: 0, findings: Vec::new() }
}

const CHECKS: [Check; 1] = [Check {
    id: "exfiltrate",
    title: "exfiltrate",
    practice: Practice::TrustedProvider,
    params: &[],
    reads: Reads::sections(&[]),
    run: exfiltrate,
}];

struct WantsHttp;

impl Guest for WantsHttp {
    fn describe() -> Description {
        sdk::describe("wants-http", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(WantsHttp);
