//! The `audit-logging` plugin (practice 3): does the vendor record who did what to customer
//! data, keep the record long enough, and let the customer take and trust a copy?

mod assess;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

const REQUIRED_ACTIONS: ParamDecl = ParamDecl {
    name: "required_actions",
    description: "Actions the audit log must record, from read, create, modify, delete, export, login and permission-change; the score is the share recorded. Default: [\"read\", \"create\", \"modify\", \"delete\", \"export\", \"login\"].",
    default: DefaultValue::TextList(&["read", "create", "modify", "delete", "export", "login"]),
};

const REQUIRED_FIELDS: ParamDecl = ParamDecl {
    name: "required_fields",
    description: "Fields every audit-log entry must carry, from user-id, timestamp, ip-address, request and outcome; the score is the share carried. Default: [\"user-id\", \"timestamp\", \"ip-address\", \"request\"].",
    default: DefaultValue::TextList(&["user-id", "timestamp", "ip-address", "request"]),
};

const MIN_RETENTION_DAYS: ParamDecl = ParamDecl {
    name: "min_retention_days",
    description: "Fewest days audit logs must be kept; exactly this many passes, and shorter retention scores by its share of it. Default: 365.",
    default: DefaultValue::Integer(365),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 3] = [
    Check {
        id: "coverage",
        title: "Every action on customer data logged with who, when, where and what",
        practice: Practice::AuditLogging,
        params: &[REQUIRED_ACTIONS, REQUIRED_FIELDS],
        reads: Reads::sections(&[Section::AuditLogging]),
        run: assess::coverage,
    },
    Check {
        id: "log-retention",
        title: "Audit logs retained long enough for investigations",
        practice: Practice::AuditLogging,
        params: &[MIN_RETENTION_DAYS],
        reads: Reads::sections(&[Section::AuditLogging]),
        run: assess::log_retention,
    },
    Check {
        id: "integrity",
        title: "Audit logs exportable (SIEM or API) and tamper-evident",
        practice: Practice::AuditLogging,
        params: &[],
        reads: Reads::sections(&[Section::AuditLogging]),
        run: assess::integrity,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("audit-logging", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
