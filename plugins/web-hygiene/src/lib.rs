//! The `web-hygiene` plugin (practice 7): what the vendor's public web presence shows of its
//! care — the login page only over HTTPS with HSTS, a Content-Security-Policy that restricts
//! scripts and framing, and a current security.txt — read from the facts `riskcard collect`
//! gathers (or an analyst records) under `[web_security]` and `[trust.security_txt]`.

mod assess;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, DefaultValue, Description, EvaluationRequest, Guest, ParamDecl, Practice, Reads,
    Section,
};

/// Six months, the shortest HSTS max-age Mozilla's web security guidelines accept.
pub const SIX_MONTHS: i64 = 15_768_000;

const MIN_HSTS_MAX_AGE: ParamDecl = ParamDecl {
    name: "min_hsts_max_age",
    description: "Shortest acceptable HSTS max-age in seconds; exactly this passes, shorter scores by its share of it. Default: 15768000 (six months).",
    default: DefaultValue::Integer(SIX_MONTHS),
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 4] = [
    Check {
        id: "transport",
        title: "Login page only over HTTPS, plain http redirected, HSTS long enough",
        practice: Practice::TrustedProvider,
        params: &[MIN_HSTS_MAX_AGE],
        reads: Reads::sections(&[Section::WebSecurity]),
        run: assess::transport,
    },
    Check {
        id: "content-security",
        title: "Login page restricts scripts (CSP) and framing",
        practice: Practice::TrustedProvider,
        params: &[],
        reads: Reads::sections(&[Section::WebSecurity]),
        run: assess::content_security,
    },
    Check {
        id: "security-txt",
        title: "A current security.txt with a contact",
        practice: Practice::TrustedProvider,
        params: &[],
        reads: Reads::sections(&[Section::Trust]),
        run: assess::security_txt,
    },
    Check {
        id: "posture",
        title: "Public web-security posture: HTTPS, HSTS, CSP, framing and security.txt",
        practice: Practice::TrustedProvider,
        params: &[MIN_HSTS_MAX_AGE],
        reads: Reads::sections(&[Section::Trust, Section::WebSecurity]),
        run: assess::posture,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("web-hygiene", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
