//! The `provider-trust` plugin: is the vendor open about its security (published policy,
//! a way to report vulnerabilities, a bug bounty, public incident reports), and does it
//! commit to answer severe support cases quickly?

mod assess;
mod assurance;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

const MAX_RESPONSE_HOURS: ParamDecl = ParamDecl {
    name: "max_response_hours",
    description: "Most hours the vendor may commit to take to answer a severe support case; exactly this many passes. Default 24.",
    default: DefaultValue::Integer(24),
};

const MAX_PENTEST_DAYS: ParamDecl = ParamDecl {
    name: "max_pentest_days",
    description: "Most days since the last independent penetration test ended; exactly this many passes. Default 365.",
    default: DefaultValue::Integer(365),
};

const MAX_NOTIFICATION_HOURS: ParamDecl = ParamDecl {
    name: "max_notification_hours",
    description: "Most hours the contract may allow the vendor to notify a personal-data breach; exactly this many passes. Default 72 (GDPR art. 33 gives the controller 72 hours in all).",
    default: DefaultValue::Integer(72),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 4] = [
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
    Check {
        id: "security-testing",
        title: "Recent independent penetration test, vulnerability disclosure with safe harbour, and a bug bounty",
        practice: Practice::TrustedProvider,
        params: &[MAX_PENTEST_DAYS],
        reads: Reads::sections(&[Section::Assurance, Section::Trust]),
        run: assurance::security_testing,
    },
    Check {
        id: "breach-notification",
        title: "Contractual breach notification within a set number of hours",
        practice: Practice::TrustedProvider,
        params: &[MAX_NOTIFICATION_HOURS],
        reads: Reads::sections(&[Section::Contract]),
        run: assurance::breach_notification,
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
