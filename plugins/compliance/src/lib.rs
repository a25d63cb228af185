//! The `compliance` plugin: does the vendor's contract cover the privacy laws that apply
//! to customer data (GDPR, CCPA/CPRA, HIPAA)? One check per obligation, so a rubric can
//! weigh or gate on each separately.

mod assess;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, Description, EvaluationRequest, Guest, Practice, Reads, Section,
};

/// The checks this plugin provides.
pub const CHECKS: [Check; 6] = [
    Check {
        id: "gdpr-dpa",
        title: "GDPR Data Processing Agreement (Art. 28) offered",
        practice: Practice::TrustedProvider,
        params: &[],
        reads: Reads::sections(&[Section::Compliance]),
        run: assess::gdpr_dpa,
    },
    Check {
        id: "gdpr-transfers",
        title: "GDPR transfer mechanism for data leaving the EU/EEA",
        practice: Practice::TrustedProvider,
        params: &[],
        reads: Reads::sections(&[Section::Compliance]),
        run: assess::gdpr_transfers,
    },
    Check {
        id: "gdpr-residency",
        title: "Customer data can be kept in the EU",
        practice: Practice::TrustedProvider,
        params: &[],
        reads: Reads::sections(&[Section::Compliance]),
        run: assess::gdpr_residency,
    },
    Check {
        id: "gdpr-subprocessors",
        title: "GDPR sub-processor list published",
        practice: Practice::TrustedProvider,
        params: &[],
        reads: Reads::sections(&[Section::Compliance]),
        run: assess::gdpr_subprocessors,
    },
    Check {
        id: "ccpa",
        title: "CCPA/CPRA service-provider terms in the contract",
        practice: Practice::TrustedProvider,
        params: &[],
        reads: Reads::sections(&[Section::Compliance]),
        run: assess::ccpa,
    },
    Check {
        id: "hipaa-baa",
        title: "HIPAA Business Associate Agreement offered",
        practice: Practice::TrustedProvider,
        params: &[],
        reads: Reads::sections(&[Section::Compliance]),
        run: assess::hipaa_baa,
    },
];

struct Plugin;

impl Guest for Plugin {
    fn describe() -> Description {
        sdk::describe("compliance", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        sdk::evaluate(&CHECKS, request)
    }
}

sdk::export_plugin!(Plugin);
