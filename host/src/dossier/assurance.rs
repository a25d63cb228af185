//! The sections about the vendor's own suppliers, where data lives, what the contract
//! promises and who tests the product: `subprocessors`, `residency`, `contract` and
//! `assurance`, with the rules serde cannot check.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Problem;
use super::date::Date;
use super::model::{CertificationKind, Dossier};

/// A sub-processor (fourth party): a company that processes customer data for the vendor.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subprocessor {
    /// The company's name, e.g. "Amazon Web Services".
    pub name: String,
    /// What it does with the data, e.g. "hosting".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Where it processes the data: an ISO 3166-1 alpha-2 country code, e.g. "DE".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Certifications it holds, as certification kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certifications: Option<Vec<CertificationKind>>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Where customer data is stored.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Residency {
    /// Regions holding customer data at rest: ISO 3166-1 alpha-2 codes such as "DE", or
    /// "EU"; empty when unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// The customer chooses the region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_selectable: Option<bool>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Commitments in the contract or data processing agreement.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// Hours within which the vendor must notify a personal-data breach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach_notification_hours: Option<u32>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// The most recent penetration test.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PenetrationTest {
    /// The date testing ended (or the report's date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<Date>,
    /// What was tested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The firm or team that tested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tester: Option<String>,
    /// The tester is independent of the vendor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub independent: Option<bool>,
}

/// A published vulnerability disclosure programme.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VulnerabilityDisclosure {
    /// Where the policy is published (https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_url: Option<String>,
    /// Safe harbour for good-faith researchers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safe_harbour: Option<bool>,
}

/// A bug bounty programme.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BugBounty {
    /// The platform, e.g. "HackerOne".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Where the programme is published (https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Independent testing and outside research.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assurance {
    /// The most recent penetration test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penetration_test: Option<PenetrationTest>,
    /// The vulnerability disclosure programme, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerability_disclosure: Option<VulnerabilityDisclosure>,
    /// The bug bounty programme, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bug_bounty: Option<BugBounty>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Whether `code` is an ISO 3166-1 alpha-2 country code as ISO writes it (upper case).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) && celes::Country::from_alpha2(code).is_ok()
}

/// Whether `region` names a residency region: a country code, or `EU` (which ISO
/// 3166-1 reserves for the European Union).
pub fn is_region(region: &str) -> bool {
    region == "EU" || is_country_code(region)
}

/// The fix for `code`, which is not a country code (nor, when `eu`, a region): its
/// upper-case form when that is one.
fn code_help(code: &str, eu: bool) -> String {
    let upper = code.trim().to_ascii_uppercase();
    let valid = if eu { is_region(&upper) } else { is_country_code(&upper) };
    if upper != code && valid {
        format!("write it in upper case, as ISO 3166-1 does: \"{upper}\"")
    } else if eu {
        "use an ISO 3166-1 alpha-2 country code such as \"DE\" or \"US\", or \"EU\" for the European Union".into()
    } else {
        "use an ISO 3166-1 alpha-2 country code such as \"DE\" or \"US\"".into()
    }
}

/// The problems of the four sections, as (key path, message, fix).
pub(super) fn check(dossier: &Dossier, url_problem: impl Fn(&str) -> Option<(String, &'static str)>) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    for (index, subprocessor) in dossier.subprocessors.iter().flatten().enumerate() {
        if let Some(country) = subprocessor.country.as_deref()
            && !is_country_code(country)
        {
            problems.push((
                format!("subprocessors[{index}].country"),
                format!("`{country}` is not an ISO 3166-1 alpha-2 country code"),
                code_help(country, false),
            ));
        }
    }
    if let Some(residency) = &dossier.residency {
        for (index, region) in residency.regions.iter().enumerate() {
            if !is_region(region) {
                problems.push((
                    format!("residency.regions[{index}]"),
                    format!("`{region}` is not a region riskcard knows"),
                    code_help(region, true),
                ));
            }
        }
    }
    let Some(assurance) = &dossier.assurance else { return problems };
    let urls = [
        (
            "vulnerability_disclosure.policy_url",
            assurance.vulnerability_disclosure.as_ref().and_then(|v| v.policy_url.as_deref()),
        ),
        ("bug_bounty.url", assurance.bug_bounty.as_ref().and_then(|b| b.url.as_deref())),
    ];
    for (key, url) in urls {
        if let Some((message, help)) = url.and_then(&url_problem) {
            problems.push((format!("assurance.{key}"), message, help.to_owned()));
        }
    }
    let trust = dossier.trust.as_ref();
    for (key, described, denied) in [
        (
            "vulnerability_disclosure",
            assurance.vulnerability_disclosure.is_some(),
            trust.and_then(|t| t.vulnerability_disclosure) == Some(false),
        ),
        ("bug_bounty", assurance.bug_bounty.is_some(), trust.and_then(|t| t.bug_bounty) == Some(false)),
    ] {
        if described && denied {
            problems.push((
                format!("assurance.{key}"),
                format!("assurance.{key} describes a programme that trust.{key} = false says does not exist"),
                format!("correct trust.{key}, or remove assurance.{key}"),
            ));
        }
    }
    problems
}
