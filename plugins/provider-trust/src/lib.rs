//! The `provider-trust` plugin: is the vendor open about its security (published policy,
//! a way to report vulnerabilities, a bug bounty, public incident reports), and does it
//! commit to answer severe support cases quickly?

mod assess;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

const MAX_RESPONSE_HOURS: ParamDecl = ParamDecl {
    name: "max_response_hours",
    description: "Most hours the vendor may commit to take to answer a severe support case; exactly this many passes. Default 24.",
    default: DefaultValue::Integer(24),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 2] = [
    Check {
        id: "transparency",
        title: "Security policy, vulnerability disclosure, bug bounty and incident transparency",
        practice: Practice::TrustedProvider,
        params: &[],
        reads: Reads::sections(&[Section::Trust]),
        run: assess::transparency,
    },
    Check {
        id: "support",
        title: "Committed response time for severe support cases",
        practice: Practice::TrustedProvider,
        params: &[MAX_RESPONSE_HOURS],
        reads: Reads::sections(&[Section::Trust]),
        run: assess::support,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("provider-trust", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
