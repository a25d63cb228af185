//! The `retention` plugin (practice 6, purge stale data): does the vendor keep customer
//! data only as long as a defined policy says, and delete it promptly on request and at
//! contract end?

mod assess;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

const MAX_REQUEST_DAYS: ParamDecl = ParamDecl {
    name: "max_request_days",
    description: "Most days the vendor may take to delete a customer's data after a deletion request; exactly this many passes. Default 30: GDPR's one month (Art. 12(3)).",
    default: DefaultValue::Integer(30),
};

const MAX_CONTRACT_END_DAYS: ParamDecl = ParamDecl {
    name: "max_contract_end_days",
    description: "Most days the vendor may take to delete all customer data after the contract ends; exactly this many passes. Default 90.",
    default: DefaultValue::Integer(90),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 2] = [
    Check {
        id: "retention-policy",
        title: "Defined retention policy, configurable per object, purged automatically",
        practice: Practice::Retention,
        params: &[],
        reads: Reads::sections(&[Section::Retention]),
        run: assess::retention_policy,
    },
    Check {
        id: "deletion",
        title: "Customer data deleted promptly on request and at contract end",
        practice: Practice::Retention,
        params: &[MAX_REQUEST_DAYS, MAX_CONTRACT_END_DAYS],
        reads: Reads::sections(&[Section::Retention]),
        run: assess::deletion,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("retention", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
