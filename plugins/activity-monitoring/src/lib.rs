//! The `activity-monitoring` plugin (practice 2): does the vendor watch what users do with
//! customer data as it happens, and raise an alert someone will see when it looks wrong?

mod assess;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

const MIN_CHANNELS: ParamDecl = ParamDecl {
    name: "min_channels",
    description: "Fewest distinct channels (e-mail, SIEM, webhook, in-app) alerts must be deliverable over. Default: 1.",
    default: DefaultValue::Integer(1),
};

const REQUIRE_SIEM: ParamDecl = ParamDecl {
    name: "require_siem",
    description: "Require that alerts can be delivered to a SIEM, so they reach your own security monitoring. Default: false.",
    default: DefaultValue::Boolean(false),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 2] = [
    Check {
        id: "real-time-monitoring",
        title: "User activity monitored in real time against per-user behavioural baselines",
        practice: Practice::ActivityMonitoring,
        params: &[],
        reads: Reads::sections(&[Section::Monitoring]),
        run: assess::real_time_monitoring,
    },
    Check {
        id: "alerting",
        title: "Alerts on unusual logins, mass access and bulk export, delivered where they will be seen",
        practice: Practice::ActivityMonitoring,
        params: &[MIN_CHANNELS, REQUIRE_SIEM],
        reads: Reads::sections(&[Section::Monitoring]),
        run: assess::alerting,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("activity-monitoring", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
