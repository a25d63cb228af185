//! TEST ONLY — never shipped. A plugin that tries to drive the terminal of whoever runs
//! riskcard: its finding, its log line and its stdout and stderr carry a screen clear, a
//! window-title change, an OSC 52 clipboard write and a carriage return that would
//! overwrite the line with a fake verdict. (Escapes in what `describe()` returns are
//! refused at load; `bad-describe` carries those.)

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, Context, Description, EvaluationRequest, Guest, LogLevel, Params, Practice, Reads,
    Severity, Status, Verdict,
};

/// Every escape the tests look for, in one string.
pub const PAYLOAD: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\rFAKE: all plugins verified OK";

/// Fails with a finding, log line and output all carrying [`PAYLOAD`].
fn shout(_: &Context, _: &Params) -> Verdict {
    sdk::log(LogLevel::Warn, PAYLOAD);
    println!("{PAYLOAD}");
    eprintln!("{PAYLOAD}");
    Verdict {
        status: Status::Fail,
        score: 0,
        findings: vec![sdk::finding(Severity::High, PAYLOAD.to_owned(), "", &[])],
    }
}

/// The one check; its title is plain, as `describe()` validation requires.
pub const CHECKS: [Check; 1] = [Check {
    id: "shout",
    title: "Escapes in its finding, log and output",
    practice: Practice::TrustedProvider,
    params: &[],
    reads: Reads::sections(&[]),
    run: shout,
}];

struct Escapes;

impl Guest for Escapes {
    fn describe() -> Description {
        sdk::describe("escapes", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Escapes);
