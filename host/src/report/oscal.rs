//! OSCAL Assessment Results (JSON, OSCAL 1.0.6) for one scorecard: the evidence as
//! observations, a finding per criterion, a risk per failed required gate, and the
//! grade, score, coverage and risk tier as properties in riskcard's namespace. UUIDs
//! are name-based (version 5), so the same scorecard gives the same document.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::assess::{CriterionResult, EvidenceRef, Scorecard, Status};
use crate::dossier::Date;

/// The OSCAL version the document declares.
pub const OSCAL_VERSION: &str = "1.0.6";
/// The namespace of riskcard's OSCAL properties.
pub const OSCAL_NAMESPACE: &str = "https://riskcard.dev/ns/oscal";

/// Name-based UUIDs for one scorecard's document.
struct Ids(Uuid);

impl Ids {
    fn new(card: &Scorecard) -> Self {
        let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, OSCAL_NAMESPACE.as_bytes());
        Self(Uuid::new_v5(&namespace, format!("{}/{}/{}", card.vendor.id, card.rubric.id, card.as_of).as_bytes()))
    }

    fn of(&self, name: &str) -> String {
        Uuid::new_v5(&self.0, name.as_bytes()).to_string()
    }
}

/// Midnight UTC of `date`, as OSCAL's date-time with a time zone.
fn midnight(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

fn prop(name: &str, value: impl ToString) -> Value {
    json!({ "name": name, "ns": OSCAL_NAMESPACE, "value": value.to_string() })
}

/// One piece of evidence the findings cite, by dossier path, first citation first.
struct Evidence<'a> {
    path: &'a str,
    reference: &'a EvidenceRef,
}

fn cited_evidence(card: &Scorecard) -> Vec<Evidence<'_>> {
    let mut cited: Vec<Evidence<'_>> = Vec::new();
    for reference in card.criteria.iter().flat_map(|c| &c.findings).flat_map(|f| &f.evidence) {
        if !cited.iter().any(|evidence| evidence.path == reference.path) {
            cited.push(Evidence { path: &reference.path, reference });
        }
    }
    cited
}

/// When the certificate the evidence at `path` belongs to expires, if it does.
fn expiry(card: &Scorecard, path: &str) -> Option<Date> {
    let certifications = card.history.certifications.as_deref().unwrap_or_default();
    certifications
        .iter()
        .find(|cert| path == cert.path || path.starts_with(&format!("{}.", cert.path)))
        .and_then(|cert| cert.expires)
}

fn observation(card: &Scorecard, ids: &Ids, evidence: &Evidence<'_>) -> Value {
    let reference = evidence.reference;
    let collected = match (&reference.collected, reference.observed) {
        (Some(from), _) => from.fetched_at.to_string(),
        (None, Some(observed)) => midnight(observed),
        (None, None) => midnight(card.as_of),
    };
    let source = reference.source.as_deref().unwrap_or("the dossier");
    let mut observation = json!({
        "uuid": ids.of(&format!("observation/{}", evidence.path)),
        "title": evidence.path,
        "description": format!("Evidence `{}` in the dossier of {}, from {source}.", evidence.path, card.vendor.name),
        "props": [prop("evidence-path", evidence.path), prop("evidence-found", reference.found)],
        "methods": ["EXAMINE"],
        "collected": collected,
    });
    if let Some(expires) = expiry(card, evidence.path) {
        observation["expires"] = midnight(expires).into();
    }
    let mut relevant = json!({ "description": source });
    if let Some(url) = reference.source.as_deref().filter(|source| is_web_url(source)) {
        relevant["href"] = url.into();
    }
    observation["relevant-evidence"] = json!([relevant]);
    observation
}

fn is_web_url(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|url| matches!(url.scheme(), "https" | "http"))
}

fn finding(card: &Scorecard, ids: &Ids, criterion: &CriterionResult) -> Value {
    let (state, reason) = match criterion.status {
        Status::Pass => ("satisfied", "pass"),
        Status::NotApplicable => ("satisfied", "other"),
        Status::Fail | Status::Partial => ("not-satisfied", "fail"),
        Status::InsufficientEvidence | Status::Error => ("not-satisfied", "other"),
    };
    let mut messages: Vec<&str> = criterion.findings.iter().map(|finding| finding.message.as_str()).collect();
    if let Some(error) = &criterion.error {
        messages.push(error);
    }
    let mut props = vec![
        prop("status", criterion.status.label()),
        prop("check", &criterion.check),
        prop("weight", criterion.weight),
    ];
    if let Some(score) = criterion.score {
        props.push(prop("score", score));
    }
    let description = if messages.is_empty() {
        format!("{}: {}", criterion.title, criterion.status.label())
    } else {
        messages.join("\n")
    };
    let mut finding = json!({
        "uuid": ids.of(&format!("finding/{}", criterion.id)),
        "title": criterion.title,
        "description": description,
        "props": props,
        "target": {
            "type": "objective-id",
            "target-id": criterion.id,
            "status": { "state": state, "reason": reason },
        },
    });
    let mut observations: Vec<Value> = Vec::new();
    for reference in criterion.findings.iter().flat_map(|finding| &finding.evidence) {
        let related = json!({ "observation-uuid": ids.of(&format!("observation/{}", reference.path)) });
        if !observations.contains(&related) {
            observations.push(related);
        }
    }
    if !observations.is_empty() {
        finding["related-observations"] = observations.into();
    }
    if card.gates_failed.iter().any(|gate| gate.criterion == criterion.id) {
        finding["related-risks"] = json!([{ "risk-uuid": ids.of(&format!("risk/{}", criterion.id)) }]);
    }
    finding
}

/// The OSCAL Assessment Results document of `card`, pretty-printed with a trailing newline.
pub fn scorecard_oscal(card: &Scorecard) -> Vec<u8> {
    let ids = Ids::new(card);
    let observations: Vec<Value> =
        cited_evidence(card).iter().map(|evidence| observation(card, &ids, evidence)).collect();
    let findings: Vec<Value> = card.criteria.iter().map(|criterion| finding(card, &ids, criterion)).collect();
    let risks: Vec<Value> = card
        .gates_failed
        .iter()
        .map(|gate| {
            json!({
                "uuid": ids.of(&format!("risk/{}", gate.criterion)),
                "title": format!("Required gate failed: {}", gate.title),
                "description": format!("The required criterion `{}` is {}, so the grade is capped at the lowest band.", gate.criterion, gate.status.label()),
                "statement": format!("{} does not meet a criterion the rubric {} requires.", card.vendor.name, card.rubric.id),
                "status": "open",
            })
        })
        .collect();
    let mut result = json!({
        "uuid": ids.of("result"),
        "title": format!("riskcard scorecard of {}", card.vendor.name),
        "description": format!("{} assessed against rubric {} {} as of {}.", card.vendor.name, card.rubric.id, card.rubric.version, card.as_of),
        "start": midnight(card.as_of),
        "props": [
            prop("grade", &card.grade),
            prop("score", card.score),
            prop("coverage", card.coverage),
            prop("risk-tier", &card.risk_tier),
            prop("vendor-id", &card.vendor.id),
        ],
        "reviewed-controls": { "control-selections": [{ "include-all": {} }] },
    });
    for (key, list) in [("observations", observations), ("findings", findings), ("risks", risks)] {
        if !list.is_empty() {
            result[key] = list.into();
        }
    }
    let rubric_resource = ids.of("rubric");
    let document = json!({
        "assessment-results": {
            "uuid": ids.of("assessment-results"),
            "metadata": {
                "title": format!("riskcard assessment of {}", card.vendor.name),
                "last-modified": midnight(card.as_of),
                "version": card.provenance.riskcard_version,
                "oscal-version": OSCAL_VERSION,
            },
            "import-ap": { "href": format!("#{rubric_resource}") },
            "results": [result],
            "back-matter": {
                "resources": [{
                    "uuid": rubric_resource,
                    "title": format!("riskcard rubric {} {}: {}", card.rubric.id, card.rubric.version, card.rubric.title),
                    "props": [prop("rubric-sha256", &card.provenance.rubric.sha256)],
                }],
            },
        }
    });
    let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
