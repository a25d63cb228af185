//! The dossier's data model: one vendor's evidence as analysts write it (TOML) or
//! tools write it (JSON). Every field that may be unknown is optional, and unknown is
//! never the same as "no".

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::assurance::{Assurance, Contract, Residency, Subprocessor};
use super::date::{Date, Timestamp};
use super::origin::Collected;

/// Where a section's evidence came from; every section carries one.
pub trait Sourced {
    /// A URL or the name of a document.
    fn source(&self) -> Option<&str>;
    /// The date the evidence was observed.
    fn observed(&self) -> Option<Date>;
}

macro_rules! sourced {
    ($($section:ty),* $(,)?) => {$(
        impl Sourced for $section {
            fn source(&self) -> Option<&str> {
                self.source.as_deref()
            }
            fn observed(&self) -> Option<Date> {
                self.observed
            }
        }
    )*};
}

sourced!(
    Certification,
    Gdpr,
    Ccpa,
    Hipaa,
    AccessControl,
    Monitoring,
    AuditLogging,
    Encryption,
    Backup,
    Retention,
    IncidentHistory,
    Incident,
    Availability,
    Trust,
    WebSecurity,
    Extension,
    Subprocessor,
    Residency,
    Contract,
    Assurance,
);

/// One vendor's evidence dossier.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    /// Who the vendor is and where it publishes things.
    pub vendor: Vendor,
    /// Certifications and attestation reports. Leave out when unknown; write `[]` when
    /// the vendor holds none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certifications: Option<Vec<Certification>>,
    /// Regulatory coverage: GDPR, CCPA/CPRA, HIPAA.
    #[serde(default)]
    pub compliance: Compliance,
    /// Practice 1: fine-grained access, least privilege.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_control: Option<AccessControl>,
    /// Practice 2: continuous user-activity monitoring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<Monitoring>,
    /// Practice 3: audit logging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_logging: Option<AuditLogging>,
    /// Practice 4: encryption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<Encryption>,
    /// Practice 5: regular backups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<Backup>,
    /// Practice 6: purge stale data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
    /// Security incident history. Leave out when unknown; give `entries = []` when the
    /// vendor has none on record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incidents: Option<IncidentHistory>,
    /// Uptime and reliability record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
    /// Transparency and support of the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<Trust>,
    /// Security headers of the vendor's login page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_security: Option<WebSecurity>,
    /// Sub-processors (fourth parties). Leave out when unknown; write `[]` when the
    /// vendor uses none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subprocessors: Option<Vec<Subprocessor>>,
    /// Where customer data is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residency: Option<Residency>,
    /// Commitments in the contract or data processing agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<Contract>,
    /// Penetration testing, vulnerability disclosure and bug bounty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurance: Option<Assurance>,
    /// Evidence beyond the core model, keyed by a namespaced name such as `pci.segmentation`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Extension>,
    /// Facts the vendor attested to (a questionnaire or riskcard's vendor form) rather
    /// than an analyst verified, keyed by the evidence path of the field, such as
    /// `encryption.at_rest` or `certifications[0]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attestations: BTreeMap<String, Attestation>,
    /// Vendor answers that contradict what the analyst wrote, keyed by the evidence path
    /// of the field: the analyst's value stands, and the scorecard shows both sides.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub disputed: BTreeMap<String, DisputedClaim>,
    /// Facts merged in from the vendor's collected-evidence file; never read from or
    /// written to a dossier file.
    #[serde(skip)]
    pub collected: Option<Collected>,
}

/// Who the vendor is.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    /// Stable identifier, lowercase letters, digits and dashes; names the output files.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The product under assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// The vendor's main website (https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The vendor's public status page (https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_page: Option<String>,
    /// The product's login or application URL (https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_url: Option<String>,
    /// The domain the vendor sends e-mail from, when it is not `website`'s
    /// (`collect --email-security` looks up its SPF, DMARC and MTA-STS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_domain: Option<String>,
}

/// Kinds of third-party attestation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CertificationKind {
    /// ISO/IEC 27001.
    Iso27001,
    /// ISO/IEC 27017.
    Iso27017,
    /// ISO/IEC 27018.
    Iso27018,
    /// ISO/IEC 27701.
    Iso27701,
    /// SOC 2 Type I.
    #[serde(rename = "soc2-type1")]
    Soc2Type1,
    /// SOC 2 Type II.
    #[serde(rename = "soc2-type2")]
    Soc2Type2,
    /// CSA STAR level 1.
    #[serde(rename = "csa-star-level1")]
    CsaStarLevel1,
    /// CSA STAR level 2.
    #[serde(rename = "csa-star-level2")]
    CsaStarLevel2,
    /// PCI DSS.
    PciDss,
    /// HITRUST CSF.
    Hitrust,
    /// Anything else; name it in `name`.
    Other,
}

impl CertificationKind {
    /// The name people use for it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Iso27001 => "ISO/IEC 27001",
            Self::Iso27017 => "ISO/IEC 27017",
            Self::Iso27018 => "ISO/IEC 27018",
            Self::Iso27701 => "ISO/IEC 27701",
            Self::Soc2Type1 => "SOC 2 Type I",
            Self::Soc2Type2 => "SOC 2 Type II",
            Self::CsaStarLevel1 => "CSA STAR level 1",
            Self::CsaStarLevel2 => "CSA STAR level 2",
            Self::PciDss => "PCI DSS",
            Self::Hitrust => "HITRUST CSF",
            Self::Other => "Other",
        }
    }
}

/// One certificate or attestation report.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// What kind of attestation.
    pub kind: CertificationKind,
    /// Its name when `kind = "other"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The audited scope as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Whether the scope covers the assessed product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers_product: Option<bool>,
    /// Certification body or audit firm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auditor: Option<String>,
    /// Date of issue (for SOC 2, the end of the audit period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<Date>,
    /// Date after which it is no longer current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Regulatory coverage.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compliance {
    /// GDPR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gdpr: Option<Gdpr>,
    /// CCPA/CPRA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ccpa: Option<Ccpa>,
    /// HIPAA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hipaa: Option<Hipaa>,
}

/// Mechanisms for transfers of personal data out of the EU/EEA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TransferMechanism {
    /// Standard Contractual Clauses.
    StandardContractualClauses,
    /// Binding Corporate Rules.
    BindingCorporateRules,
    /// EU-US Data Privacy Framework.
    DataPrivacyFramework,
    /// An adequacy decision.
    AdequacyDecision,
}

/// GDPR coverage.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gdpr {
    /// A Data Processing Agreement is offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpa_offered: Option<bool>,
    /// Transfer mechanisms used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_mechanisms: Option<Vec<TransferMechanism>>,
    /// Data can be kept in the EU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu_data_residency: Option<bool>,
    /// The sub-processor list is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subprocessor_list_published: Option<bool>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// CCPA/CPRA coverage.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ccpa {
    /// Service-provider terms are in the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_provider_terms: Option<bool>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// HIPAA coverage.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hipaa {
    /// A Business Associate Agreement is offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baa_offered: Option<bool>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// How strongly MFA can be required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MfaSupport {
    /// Not available.
    Unavailable,
    /// Users may opt in.
    Optional,
    /// Administrators can require it for everyone.
    Enforceable,
    /// Required for everyone by default.
    EnforcedByDefault,
}

/// A kind of second factor users can enrol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MfaFactor {
    /// FIDO2/WebAuthn security keys or passkeys.
    PhishingResistant,
    /// Authenticator-app codes (TOTP).
    Totp,
    /// Push approval in an app.
    Push,
    /// Codes by text message.
    Sms,
    /// Codes or links by e-mail.
    Email,
}

/// Single sign-on protocols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SsoProtocol {
    /// SAML 2.0.
    Saml,
    /// OpenID Connect.
    Oidc,
}

/// Practice 1: fine-grained access, least privilege.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessControl {
    /// Role-based access control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rbac: Option<bool>,
    /// Custom roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_roles: Option<bool>,
    /// Field-level permissions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_level_permissions: Option<bool>,
    /// Record-level permissions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_level_permissions: Option<bool>,
    /// Supported SSO protocols.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<Vec<SsoProtocol>>,
    /// Multi-factor authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<MfaSupport>,
    /// Kinds of second factor users can enrol; `[]` when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_factors: Option<Vec<MfaFactor>>,
    /// Administrators can require phishing-resistant factors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phishing_resistant_enforceable: Option<bool>,
    /// SCIM provisioning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scim: Option<bool>,
    /// Automated de-provisioning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated_deprovisioning: Option<bool>,
    /// Days between access reviews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_review_days: Option<u32>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Where alerts can be delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AlertChannel {
    /// E-mail.
    Email,
    /// SIEM integration.
    Siem,
    /// HTTP webhook.
    Webhook,
    /// In-product notification.
    InApp,
}

/// Practice 2: continuous user-activity monitoring.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// Real-time activity monitoring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub real_time: Option<bool>,
    /// Per-user behavioural baselines or anomaly detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behavioural_baselines: Option<bool>,
    /// Alerts on unusual logins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerts_unusual_login: Option<bool>,
    /// Alerts on mass access to sensitive data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerts_mass_access: Option<bool>,
    /// Alerts on bulk export or download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerts_bulk_export: Option<bool>,
    /// Alert delivery channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_channels: Option<Vec<AlertChannel>>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Actions an audit log can record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AuditedAction {
    /// Reading or viewing data.
    Read,
    /// Creating records.
    Create,
    /// Modifying records.
    Modify,
    /// Deleting records.
    Delete,
    /// Exporting data.
    Export,
    /// Logging in and out.
    Login,
    /// Changing permissions or settings.
    PermissionChange,
}

/// Fields an audit-log entry can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AuditField {
    /// The acting user.
    UserId,
    /// When.
    Timestamp,
    /// Client IP address.
    IpAddress,
    /// The request or object.
    Request,
    /// Success or failure.
    Outcome,
}

/// Practice 3: audit logging.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditLogging {
    /// Logged actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<AuditedAction>>,
    /// Fields per entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<AuditField>>,
    /// Days logs are kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
    /// Export to a SIEM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siem_export: Option<bool>,
    /// Read access through an API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_access: Option<bool>,
    /// Tamper-evident storage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tamper_evident: Option<bool>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Practice 4: encryption.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Encryption {
    /// Data at rest is encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_rest: Option<bool>,
    /// At-rest algorithm, e.g. "AES".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_rest_algorithm: Option<String>,
    /// At-rest key length in bits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_rest_key_bits: Option<u32>,
    /// Lowest TLS version accepted, e.g. "1.2".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_min_version: Option<String>,
    /// Days between key rotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_rotation_days: Option<u32>,
    /// Key access restricted (named roles, dual control, HSM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_access_restricted: Option<bool>,
    /// Customer-managed keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byok: Option<bool>,
    /// Customer-held keys outside the vendor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hyok: Option<bool>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Practice 5: regular backups.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// Hours between backups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency_hours: Option<u32>,
    /// Off-site copies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub off_site: Option<bool>,
    /// Regions or locations holding copies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locations: Option<u32>,
    /// Date of the last successful restore test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_restore_test: Option<Date>,
    /// Immutable or offline copies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
    /// Recovery point objective, hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo_hours: Option<u32>,
    /// Recovery time objective, hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto_hours: Option<u32>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Practice 6: purge stale data.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// A retention policy is defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_defined: Option<bool>,
    /// Retention is configurable per object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configurable_per_object: Option<bool>,
    /// Automated purge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated_purge: Option<bool>,
    /// Days to delete on request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_on_request_days: Option<u32>,
    /// Days to delete at contract end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_at_contract_end_days: Option<u32>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Incident severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum IncidentSeverity {
    /// Little or no impact.
    Low,
    /// Limited impact.
    Medium,
    /// Significant impact.
    High,
    /// Widespread impact or sensitive data exposed.
    Critical,
}

/// Incident kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum IncidentKind {
    /// Customer data exposed.
    DataBreach,
    /// No confirmed data exposure.
    SecurityIncident,
}

/// The incident history.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentHistory {
    /// Incidents on record; empty when none.
    #[serde(default)]
    pub entries: Vec<Incident>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// One security incident.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Identifier unique within the dossier.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Kind.
    pub kind: IncidentKind,
    /// Severity.
    pub severity: IncidentSeverity,
    /// When detected.
    pub detected_at: Timestamp,
    /// When disclosed to customers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclosed_at: Option<Timestamp>,
    /// When resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<Timestamp>,
    /// Customer records exposed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_exposed: Option<u64>,
    /// Root cause in a few words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<String>,
    /// A post-mortem was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postmortem_published: Option<bool>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Availability in one month.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthlyAvailability {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Availability in percent.
    pub percent: f64,
    /// Estimated rather than reported.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

/// Uptime record.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// SLA uptime commitment in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_percent: Option<f64>,
    /// Measured availability per month.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub monthly: Vec<MonthlyAvailability>,
    /// Major outages in the last 12 months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub major_outages: Option<u32>,
    /// A public status page exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_page: Option<bool>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// What a security.txt file says (RFC 9116).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityTxt {
    /// Contact fields.
    #[serde(default)]
    pub contacts: Vec<String>,
    /// Expires field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// Policy field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// Encryption field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<String>,
    /// Canonical fields.
    #[serde(default)]
    pub canonical: Vec<String>,
    /// OpenPGP-signed.
    #[serde(default)]
    pub signed: bool,
    /// Lines that could not be parsed.
    #[serde(default)]
    pub malformed_lines: u32,
}

/// Provider transparency and support.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trust {
    /// A security policy or trust centre is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_policy_published: Option<bool>,
    /// A vulnerability disclosure programme exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerability_disclosure: Option<bool>,
    /// A bug bounty programme exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bug_bounty: Option<bool>,
    /// Committed response time for severe support cases, hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support_response_hours: Option<u32>,
    /// Past incidents are disclosed publicly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_transparency: Option<bool>,
    /// The vendor's security.txt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_txt: Option<SecurityTxt>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Security headers of the login page.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WebSecurity {
    /// Served over HTTPS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub https: Option<bool>,
    /// HTTP redirects to HTTPS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_redirects_to_https: Option<bool>,
    /// HSTS max-age, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hsts_max_age: Option<u64>,
    /// HSTS includeSubDomains.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hsts_include_subdomains: Option<bool>,
    /// A Content-Security-Policy that restricts scripts (collection judges its quality,
    /// not its presence: see docs/collect.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_security_policy: Option<bool>,
    /// X-Content-Type-Options: nosniff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_content_type_options: Option<bool>,
    /// frame-ancestors or X-Frame-Options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame_protection: Option<bool>,
    /// Referrer-Policy value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer_policy: Option<String>,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Evidence beyond the core model.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// The value, any JSON/TOML value.
    pub value: serde_json::Value,
    /// A URL or document name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Date>,
}

/// Where one vendor-attested fact came from.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// The questionnaire, e.g. `CAIQ` or `riskcard vendor questionnaire`.
    pub questionnaire: String,
    /// Its version, e.g. `4.0.3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The question id, e.g. `CEK-03.1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The answer as given, e.g. `Yes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// SHA-256 of the questionnaire file, lowercase hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Where in the file, as `sheet!cell`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// The rubric the questionnaire was generated for, as `id@version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric: Option<String>,
    /// When the answer was recorded (e.g. the time the vendor saved the form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Timestamp>,
}

/// A vendor's answer that the analyst's evidence contradicts.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DisputedClaim {
    /// The value the vendor's answer means for the field, e.g. `true`.
    pub claimed: serde_json::Value,
    /// Where the answer came from.
    pub attestation: Attestation,
}
