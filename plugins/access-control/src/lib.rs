//! The `access-control` plugin (practice 1): can a customer give each user only the access
//! their job needs, make sure users are who they claim to be, and take access away in time?

mod assess;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

const REQUIRE_PROTOCOLS: ParamDecl = ParamDecl {
    name: "require_protocols",
    description: "Single sign-on protocols the vendor must support, from \"saml\" and \"oidc\"; every one listed must be present. An empty list accepts any single sign-on protocol. Default: [\"saml\"].",
    default: DefaultValue::TextList(&["saml"]),
};

const REQUIRE_PHISHING_RESISTANT: ParamDecl = ParamDecl {
    name: "require_phishing_resistant",
    description: "Whether MFA must offer phishing-resistant factors (FIDO2/WebAuthn security keys or passkeys) that administrators can require; authenticator-app, push, SMS and e-mail codes then earn part of the credit. Default: false.",
    default: DefaultValue::Boolean(false),
};

const MAX_REVIEW_DAYS: ParamDecl = ParamDecl {
    name: "max_review_days",
    description: "Longest acceptable interval between access reviews, in days; an interval of exactly this many days passes. Default: 90.",
    default: DefaultValue::Integer(90),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 3] = [
    Check {
        id: "least-privilege",
        title: "Role-based access with custom roles and field- and record-level permissions",
        practice: Practice::AccessControl,
        params: &[],
        reads: Reads::sections(&[Section::AccessControl]),
        run: assess::least_privilege,
    },
    Check {
        id: "authentication",
        title: "Single sign-on and multi-factor authentication enforceable for every user",
        practice: Practice::AccessControl,
        params: &[REQUIRE_PROTOCOLS, REQUIRE_PHISHING_RESISTANT],
        reads: Reads::sections(&[Section::AccessControl]),
        run: assess::authentication,
    },
    Check {
        id: "account-lifecycle",
        title: "SCIM provisioning, automated de-provisioning and periodic access reviews",
        practice: Practice::AccessControl,
        params: &[MAX_REVIEW_DAYS],
        reads: Reads::sections(&[Section::AccessControl]),
        run: assess::account_lifecycle,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("access-control", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
