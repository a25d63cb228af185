//! The `incidents` plugin: what does the vendor's security-incident history say about
//! it — how many incidents, how severe, how recent, whether causes recur — and did it
//! tell customers promptly?

mod assess;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

const WINDOW_DAYS: ParamDecl = ParamDecl {
    name: "window_days",
    description: "Incidents detected on the as-of date or up to this many days before it count (both edges inclusive); older ones, and any dated after the as-of date, are ignored. Default 1095 (3 years).",
    default: DefaultValue::Integer(1095),
};

const LARGE_BREACH_RECORDS: ParamDecl = ParamDecl {
    name: "large_breach_records",
    description: "An incident exposing at least this many customer records costs 15 extra points. Default 100000.",
    default: DefaultValue::Integer(100_000),
};

const MAX_DISCLOSURE_HOURS: ParamDecl = ParamDecl {
    name: "max_disclosure_hours",
    description: "Most hours from detecting an incident to disclosing it to customers; exactly this many passes. Default 72, as GDPR Art. 33 expects.",
    default: DefaultValue::Integer(72),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 2] = [
    Check {
        id: "breach-history",
        title: "Security-incident history: severity, recency, scale and recurrence",
        practice: Practice::TrustedProvider,
        params: &[WINDOW_DAYS, LARGE_BREACH_RECORDS],
        reads: Reads::sections(&[Section::Incidents]),
        run: assess::breach_history,
    },
    Check {
        id: "disclosure",
        title: "Incidents disclosed to customers promptly",
        practice: Practice::TrustedProvider,
        params: &[WINDOW_DAYS, MAX_DISCLOSURE_HOURS],
        reads: Reads::sections(&[Section::Incidents]),
        run: assess::disclosure,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("incidents", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
