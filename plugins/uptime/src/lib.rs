//! The `uptime` plugin: does the vendor commit to enough uptime, and does its measured
//! availability over the last twelve months keep that promise?

mod assess;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

const MIN_SLA_PERCENT: ParamDecl = ParamDecl {
    name: "min_sla_percent",
    description: "Lowest uptime, in percent, the SLA must commit to; exactly this passes. `availability` also measures months against it when the dossier states no SLA. Default 99.9 (about 44 minutes of downtime a month).",
    default: DefaultValue::Float(99.9),
};

const MAX_MAJOR_OUTAGES: ParamDecl = ParamDecl {
    name: "max_major_outages",
    description: "Most major outages allowed in the last 12 months; exactly this many passes. Default 2.",
    default: DefaultValue::Integer(2),
};

const MIN_MONTHS: ParamDecl = ParamDecl {
    name: "min_months",
    description: "Fewest monthly availability figures, within the 12 months before the as-of month, needed to conclude; fewer is insufficient evidence. Default 6.",
    default: DefaultValue::Integer(6),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 2] = [
    Check {
        id: "sla",
        title: "Uptime SLA commits to enough availability",
        practice: Practice::TrustedProvider,
        params: &[MIN_SLA_PERCENT],
        reads: Reads::sections(&[Section::Availability]),
        run: assess::sla,
    },
    Check {
        id: "availability",
        title: "Measured monthly availability meets the SLA; few major outages; public status page",
        practice: Practice::TrustedProvider,
        params: &[MIN_SLA_PERCENT, MAX_MAJOR_OUTAGES, MIN_MONTHS],
        reads: Reads::sections(&[Section::Availability]),
        run: assess::availability,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("uptime", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
