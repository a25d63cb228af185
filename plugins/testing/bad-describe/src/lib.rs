//! TEST ONLY — never shipped. A plugin whose `describe` breaks every rule for what a
//! plugin may say about itself: a huge version and title, malformed and repeated
//! parameter names, a default of the wrong type, and defaults that are not finite.

use riskcard_plugin_sdk::{
    self as sdk, CheckResult, CheckSpec, Description, EvaluationRequest, EvidenceReads, Guest, ParamSpec, ParamType,
    ParamValue, Practice,
};

fn param(name: &str, type_: ParamType, default: ParamValue) -> ParamSpec {
    ParamSpec { name: name.to_owned(), type_, description: String::new(), default }
}

struct BadDescribe;

impl Guest for BadDescribe {
    fn describe() -> Description {
        let params = vec![
            param("Has Space", ParamType::Integer, ParamValue::Integer(1)),
            param("dup", ParamType::Integer, ParamValue::Text("seven".to_owned())),
            param("dup", ParamType::Float, ParamValue::Float(f64::NAN)),
            param("far", ParamType::Float, ParamValue::Float(f64::INFINITY)),
        ];
        let check = CheckSpec {
            id: "oversized".to_owned(),
            title: "\u{1b}[2J".to_owned() + &"t".repeat(4 << 20),
            practice: Practice::Backup,
            params,
            reads: EvidenceReads { sections: Vec::new(), extension_prefixes: Vec::new() },
        };
        Description {
            name: "bad-describe".to_owned(),
            version: format!("1.0.0-{}", "9".repeat(1 << 20)),
            checks: vec![check],
        }
    }

    fn evaluate(_: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        Err("never loaded".to_owned())
    }
}

sdk::export_plugin!(BadDescribe);
