//! The `backup` plugin (practice 5): are customer data backed up often, away from production,
//! out of ransomware's reach, and proven restorable within committed objectives?

mod assess;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

const MAX_INTERVAL_HOURS: ParamDecl = ParamDecl {
    name: "max_interval_hours",
    description: "Longest acceptable interval between backups, in hours; exactly this many passes. Default: 24.",
    default: DefaultValue::Integer(24),
};

const MIN_LOCATIONS: ParamDecl = ParamDecl {
    name: "min_locations",
    description: "Fewest distinct locations or regions that must hold backup copies. Default: 2.",
    default: DefaultValue::Integer(2),
};

const MAX_RESTORE_TEST_AGE: ParamDecl = ParamDecl {
    name: "max_restore_test_age_days",
    description: "Most days that may have passed between the last successful restore test and the as-of date; a test exactly this many days old passes, and a test dated after the as-of date is not credited. Default: 180.",
    default: DefaultValue::Integer(180),
};

const MAX_RPO_HOURS: ParamDecl = ParamDecl {
    name: "max_rpo_hours",
    description: "Longest acceptable recovery point objective (how much recent data may be lost), in hours. Default: 24.",
    default: DefaultValue::Integer(24),
};

const MAX_RTO_HOURS: ParamDecl = ParamDecl {
    name: "max_rto_hours",
    description: "Longest acceptable recovery time objective (how long until service is restored), in hours. Default: 24.",
    default: DefaultValue::Integer(24),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 2] = [
    Check {
        id: "backup-policy",
        title: "Frequent, off-site, multi-location and immutable backups",
        practice: Practice::Backup,
        params: &[MAX_INTERVAL_HOURS, MIN_LOCATIONS],
        reads: Reads::sections(&[Section::Backup]),
        run: assess::backup_policy,
    },
    Check {
        id: "recovery",
        title: "Restores tested recently, with committed recovery point and time objectives",
        practice: Practice::Backup,
        params: &[MAX_RESTORE_TEST_AGE, MAX_RPO_HOURS, MAX_RTO_HOURS],
        reads: Reads::sections(&[Section::Backup]),
        run: assess::recovery,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("backup", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
