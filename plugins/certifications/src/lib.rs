//! The `certifications` plugin: is the vendor's security programme attested by a
//! current, relevant third-party certificate or report covering the assessed product?

mod assess;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

const EXPIRY_WARNING: ParamDecl = ParamDecl {
    name: "expiry_warning_days",
    description: "A certificate expiring within this many days of the as-of date is a partial pass: renewal is due.",
    default: DefaultValue::Integer(90),
};

const REQUIRE_SCOPE: ParamDecl = ParamDecl {
    name: "require_product_scope",
    description: "Require the certificate's scope to cover the assessed product; out-of-scope certificates then score as partial.",
    default: DefaultValue::Boolean(true),
};

const MAX_REPORT_AGE: ParamDecl = ParamDecl {
    name: "max_report_age_days",
    description: "A SOC 2 report without an expiry date is current for this many days after its period ends.",
    default: DefaultValue::Integer(365),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 4] = [
    Check {
        id: "iso27001",
        title: "ISO/IEC 27001 certificate current and in scope",
        practice: Practice::TrustedProvider,
        params: &[EXPIRY_WARNING, REQUIRE_SCOPE],
        reads: Reads::sections(&[Section::Certifications]),
        run: assess::iso27001,
    },
    Check {
        id: "soc2",
        title: "SOC 2 Type II report current and in scope",
        practice: Practice::TrustedProvider,
        params: &[EXPIRY_WARNING, REQUIRE_SCOPE, MAX_REPORT_AGE],
        reads: Reads::sections(&[Section::Certifications]),
        run: assess::soc2,
    },
    Check {
        id: "cloud-privacy",
        title: "ISO/IEC 27017 and 27018 cloud security and privacy certificates",
        practice: Practice::TrustedProvider,
        params: &[EXPIRY_WARNING, REQUIRE_SCOPE],
        reads: Reads::sections(&[Section::Certifications]),
        run: assess::cloud_privacy,
    },
    Check {
        id: "csa-star",
        title: "CSA STAR registry entry (level 2 preferred)",
        practice: Practice::TrustedProvider,
        params: &[EXPIRY_WARNING, REQUIRE_SCOPE],
        reads: Reads::sections(&[Section::Certifications]),
        run: assess::csa_star,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("certifications", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
