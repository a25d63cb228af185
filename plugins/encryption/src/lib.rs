//! The `encryption` plugin (practice 4): is customer data encrypted on the vendor's disks and
//! on the wire, with keys that are rotated, guarded, and optionally held by the customer?

mod assess;
mod tls;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

const MIN_KEY_BITS: ParamDecl = ParamDecl {
    name: "min_key_bits",
    description: "Shortest acceptable at-rest key length in bits; shorter keys score by their share of it. Default: 256.",
    default: DefaultValue::Integer(256),
};

const MIN_TLS_VERSION: ParamDecl = ParamDecl {
    name: "min_tls_version",
    description: "Oldest TLS version the vendor may still accept: \"1.0\", \"1.1\", \"1.2\" or \"1.3\". Default: \"1.2\".",
    default: DefaultValue::Text("1.2"),
};

const MAX_ROTATION_DAYS: ParamDecl = ParamDecl {
    name: "max_rotation_days",
    description: "Longest acceptable interval between key rotations, in days; exactly this many passes. Default: 365.",
    default: DefaultValue::Integer(365),
};

const REQUIRE_CUSTOMER_KEYS: ParamDecl = ParamDecl {
    name: "require_customer_managed_keys",
    description: "Require customer-managed keys (bring or hold your own key). When false, their absence is a low finding that does not change the score; when true, it is a high finding. Default: false.",
    default: DefaultValue::Boolean(false),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 3] = [
    Check {
        id: "at-rest",
        title: "Customer data encrypted at rest with AES and long enough keys",
        practice: Practice::Encryption,
        params: &[MIN_KEY_BITS],
        reads: Reads::sections(&[Section::Encryption]),
        run: assess::at_rest,
    },
    Check {
        id: "in-transit",
        title: "Outdated TLS versions refused in transit",
        practice: Practice::Encryption,
        params: &[MIN_TLS_VERSION],
        reads: Reads::sections(&[Section::Encryption]),
        run: assess::in_transit,
    },
    Check {
        id: "key-management",
        title: "Keys rotated, access to them restricted, customer-managed keys available",
        practice: Practice::Encryption,
        params: &[MAX_ROTATION_DAYS, REQUIRE_CUSTOMER_KEYS],
        reads: Reads::sections(&[Section::Encryption]),
        run: assess::key_management,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("encryption", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
