//! TEST ONLY — never shipped. A plugin whose checks each misbehave in one way, so the
//! end-to-end tests can show that the sandbox contains the misbehaviour while
//! well-behaved plugins in the same run still produce their results.

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, Context, Description, EvaluationRequest, Guest, Params, Practice, Verdict,
};

/// A check that panics, which traps the instance.
fn panics(_: &Context, _: &Params) -> Verdict {
    panic!("hostile plugin panicked on purpose")
}

const fn check(id: &'static str, run: fn(&Context, &Params) -> Verdict) -> Check {
    Check { id, title: id, practice: Practice::TrustedProvider, params: &[], run }
}

/// The misbehaving checks, by what they do.
const CHECKS: [Check; 1] = [check("panic", panics)];

struct Hostile;

impl Guest for Hostile {
    fn describe() -> Description {
        sdk::describe("hostile", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Hostile);
