//! The compliance checks as plain functions over the dossier, unit-tested natively.
//! Each reads one yes/no term: yes passes, no fails, unknown is insufficient evidence.

use riskcard_plugin_sdk::evidence::TransferMechanism;
use riskcard_plugin_sdk::{Context, Params, Severity, Status, Verdict, finding};

/// One contractual term and how to report on it.
struct Term {
    /// Where the evidence sits in the dossier, e.g. "compliance.gdpr".
    path: &'static str,
    /// The law, as an analyst names it, e.g. "GDPR".
    law: &'static str,
    /// What is asked, completing "whether …", e.g. "the vendor offers a Data Processing Agreement".
    question: &'static str,
    /// The finding when the term is met.
    yes: &'static str,
    /// The finding when the vendor says no.
    no: &'static str,
    /// How much a "no" matters.
    no_severity: Severity,
    /// What to do about a "no".
    no_remediation: &'static str,
    /// What to ask the vendor when the dossier does not say.
    ask: &'static str,
}

/// Judges `term`: `section` is `None` when the law's whole section is absent from the
/// dossier, `Some(None)` when the section leaves this term out.
fn judge(term: &Term, section: Option<Option<bool>>) -> Verdict {
    let Term { path, law, question, .. } = *term;
    let cite = |severity, message: String, remediation: String| finding(severity, message, remediation, &[path]);
    match section {
        None => Verdict::insufficient(cite(
            Severity::Medium,
            format!("The dossier says nothing about {law}, so it is unknown whether {question}."),
            format!("{} Record the answer under [{path}].", term.ask),
        )),
        Some(None) => Verdict::insufficient(cite(
            Severity::Medium,
            format!("The dossier's {law} section does not say whether {question}."),
            format!("{} Record the answer under [{path}].", term.ask),
        )),
        Some(Some(true)) => Verdict {
            status: Status::Pass,
            score: 100,
            findings: vec![cite(Severity::Info, term.yes.to_owned(), String::new())],
        },
        Some(Some(false)) => Verdict {
            status: Status::Fail,
            score: 0,
            findings: vec![cite(term.no_severity, term.no.to_owned(), term.no_remediation.to_owned())],
        },
    }
}

/// GDPR: a Data Processing Agreement (Art. 28) is offered; a "no" is critical.
pub fn gdpr_dpa(ctx: &Context, _params: &Params) -> Verdict {
    let gdpr = ctx.dossier.compliance.as_ref().and_then(|laws| laws.gdpr.as_ref());
    judge(
        &Term {
            path: "compliance.gdpr",
            law: "GDPR",
            question: "the vendor offers a Data Processing Agreement (GDPR Art. 28)",
            yes: "The vendor offers a GDPR Data Processing Agreement.",
            no: "The vendor does not offer a GDPR Data Processing Agreement, which GDPR Art. 28 requires before it may process personal data for you.",
            no_severity: Severity::Critical,
            no_remediation: "Do not put personal data of EU/EEA residents in this product until the vendor signs a Data Processing Agreement meeting GDPR Art. 28.",
            ask: "Ask the vendor for its Data Processing Agreement (DPA).",
        },
        gdpr.map(|g| g.dpa_offered),
    )
}

fn mechanism_name(mechanism: TransferMechanism) -> &'static str {
    match mechanism {
        TransferMechanism::StandardContractualClauses => "EU Standard Contractual Clauses",
        TransferMechanism::BindingCorporateRules => "Binding Corporate Rules",
        TransferMechanism::DataPrivacyFramework => "EU-US Data Privacy Framework",
        TransferMechanism::AdequacyDecision => "an adequacy decision",
    }
}

/// GDPR: at least one lawful mechanism (SCCs, BCRs, DPF, adequacy) for transfers out of
/// the EU/EEA; an empty list fails.
pub fn gdpr_transfers(ctx: &Context, _params: &Params) -> Verdict {
    const PATH: &str = "compliance.gdpr";
    let ask = "Ask the vendor which mechanism (Standard Contractual Clauses, Binding Corporate Rules, Data Privacy Framework or an adequacy decision) covers personal data it transfers outside the EU/EEA. Record the answer under [compliance.gdpr] as transfer_mechanisms.";
    let Some(gdpr) = ctx.dossier.compliance.as_ref().and_then(|laws| laws.gdpr.as_ref()) else {
        return Verdict::insufficient(finding(
            Severity::Medium,
            "The dossier says nothing about GDPR, so it is unknown how the vendor legitimises transfers of personal data outside the EU/EEA.",
            ask,
            &[PATH],
        ));
    };
    match gdpr.transfer_mechanisms.as_deref() {
        None => Verdict::insufficient(finding(
            Severity::Medium,
            "The dossier's GDPR section does not say which transfer mechanisms the vendor uses.",
            ask,
            &[PATH],
        )),
        Some([]) => Verdict {
            status: Status::Fail,
            score: 0,
            findings: vec![finding(
                Severity::High,
                "The vendor names no lawful mechanism for transferring personal data outside the EU/EEA.",
                "Require the EU Standard Contractual Clauses (or another GDPR Chapter V mechanism) in the DPA, or written confirmation that no personal data, including support access, leaves the EU/EEA.",
                &[PATH],
            )],
        },
        Some(mechanisms) => {
            let names: Vec<&str> = mechanisms.iter().map(|m| mechanism_name(*m)).collect();
            Verdict {
                status: Status::Pass,
                score: 100,
                findings: vec![finding(
                    Severity::Info,
                    format!("Transfers outside the EU/EEA are covered by: {}.", names.join(", ")),
                    "",
                    &[PATH],
                )],
            }
        }
    }
}

/// GDPR: customer data can be kept in the EU.
pub fn gdpr_residency(ctx: &Context, _params: &Params) -> Verdict {
    judge(
        &Term {
            path: "compliance.gdpr",
            law: "GDPR",
            question: "customer data can be kept in the EU",
            yes: "The vendor can keep customer data in the EU.",
            no: "The vendor cannot keep customer data in the EU: personal data will be stored outside the EU/EEA.",
            no_severity: Severity::High,
            no_remediation: "Confirm a valid transfer mechanism covers the storage location, and check whether your own policies or customers require EU hosting.",
            ask: "Ask the vendor whether it offers EU data residency and for which services.",
        },
        ctx.dossier.compliance.as_ref().and_then(|laws| laws.gdpr.as_ref()).map(|g| g.eu_data_residency),
    )
}

/// GDPR: the vendor publishes the list of sub-processors that handle customer data.
pub fn gdpr_subprocessors(ctx: &Context, _params: &Params) -> Verdict {
    judge(
        &Term {
            path: "compliance.gdpr",
            law: "GDPR",
            question: "the vendor publishes its list of sub-processors",
            yes: "The vendor publishes its list of sub-processors.",
            no: "The vendor does not publish its list of sub-processors, so you cannot see who else handles your customers' data.",
            no_severity: Severity::High,
            no_remediation: "Ask for the current sub-processor list and a contractual right to be notified of, and object to, new sub-processors (GDPR Art. 28(2)).",
            ask: "Ask the vendor where its sub-processor list is published.",
        },
        ctx.dossier.compliance.as_ref().and_then(|laws| laws.gdpr.as_ref()).map(|g| g.subprocessor_list_published),
    )
}

/// CCPA/CPRA: the contract carries service-provider terms.
pub fn ccpa(ctx: &Context, _params: &Params) -> Verdict {
    judge(
        &Term {
            path: "compliance.ccpa",
            law: "CCPA/CPRA",
            question: "the contract carries CCPA/CPRA service-provider terms",
            yes: "The contract carries CCPA/CPRA service-provider terms.",
            no: "The contract lacks CCPA/CPRA service-provider terms, so sharing California residents' data with the vendor may count as a sale or sharing of personal information.",
            no_severity: Severity::High,
            no_remediation: "Add a CCPA/CPRA service-provider addendum that forbids the vendor to sell, share or use the data for any purpose but the service.",
            ask: "Ask the vendor whether its contract includes CCPA/CPRA service-provider terms.",
        },
        ctx.dossier.compliance.as_ref().and_then(|laws| laws.ccpa.as_ref()).map(|c| c.service_provider_terms),
    )
}

/// HIPAA: a Business Associate Agreement is offered; a "no" is critical.
pub fn hipaa_baa(ctx: &Context, _params: &Params) -> Verdict {
    judge(
        &Term {
            path: "compliance.hipaa",
            law: "HIPAA",
            question: "the vendor signs a HIPAA Business Associate Agreement",
            yes: "The vendor offers a HIPAA Business Associate Agreement.",
            no: "The vendor does not offer a HIPAA Business Associate Agreement, so protected health information must not be stored in the product.",
            no_severity: Severity::Critical,
            no_remediation: "Keep protected health information out of this product, or choose a vendor that signs a Business Associate Agreement.",
            ask: "Ask the vendor whether it signs a HIPAA Business Associate Agreement (BAA), and for which products.",
        },
        ctx.dossier.compliance.as_ref().and_then(|laws| laws.hipaa.as_ref()).map(|h| h.baa_offered),
    )
}

#[cfg(test)]
mod tests;
