//! Converts the host's dossier model into the WIT evidence records plugins receive.

use crate::dossier::{self, Date, Sourced};

use super::bindings::riskcard::plugin::evidence as wit;

/// The WIT date for `date`.
pub fn date(date: Date) -> wit::Date {
    wit::Date { year: date.year(), month: date.month(), day: date.day() }
}

/// The provenance of the section at `path`: `collected` is true when any fact in it
/// came from `riskcard collect` (the scorecard tells collected facts apart one by one).
fn provenance(dossier: &dossier::Dossier, path: &str, section: &impl Sourced) -> wit::Provenance {
    wit::Provenance {
        source: section.source().map(str::to_owned),
        observed: section.observed().map(date),
        collected: dossier.holds_collected(path),
    }
}

/// The WIT dossier for `dossier`.
pub fn dossier(dossier: &dossier::Dossier) -> wit::Dossier {
    wit::Dossier {
        vendor: wit::Vendor {
            id: dossier.vendor.id.clone(),
            name: dossier.vendor.name.clone(),
            product: dossier.vendor.product.clone(),
        },
        certifications: dossier
            .certifications
            .as_ref()
            .map(|certs| certs.iter().enumerate().map(|(index, cert)| certification(dossier, index, cert)).collect()),
        compliance: Some(wit::Compliance {
            gdpr: dossier.compliance.gdpr.as_ref().map(|gdpr| wit::Gdpr {
                dpa_offered: gdpr.dpa_offered,
                transfer_mechanisms: gdpr
                    .transfer_mechanisms
                    .as_ref()
                    .map(|mechanisms| mechanisms.iter().map(|m| transfer_mechanism(*m)).collect()),
                eu_data_residency: gdpr.eu_data_residency,
                subprocessor_list_published: gdpr.subprocessor_list_published,
                provenance: provenance(dossier, "compliance.gdpr", gdpr),
            }),
            ccpa: dossier.compliance.ccpa.as_ref().map(|ccpa| wit::Ccpa {
                service_provider_terms: ccpa.service_provider_terms,
                provenance: provenance(dossier, "compliance.ccpa", ccpa),
            }),
            hipaa: dossier.compliance.hipaa.as_ref().map(|hipaa| wit::Hipaa {
                baa_offered: hipaa.baa_offered,
                provenance: provenance(dossier, "compliance.hipaa", hipaa),
            }),
        }),
        access_control: dossier.access_control.as_ref().map(|ac| wit::AccessControl {
            rbac: ac.rbac,
            custom_roles: ac.custom_roles,
            field_level_permissions: ac.field_level_permissions,
            record_level_permissions: ac.record_level_permissions,
            sso: ac.sso.as_ref().map(|protocols| {
                protocols
                    .iter()
                    .map(|p| match p {
                        dossier::SsoProtocol::Saml => wit::SsoProtocol::Saml,
                        dossier::SsoProtocol::Oidc => wit::SsoProtocol::Oidc,
                    })
                    .collect()
            }),
            mfa: ac.mfa.map(|mfa| match mfa {
                dossier::MfaSupport::Unavailable => wit::MfaSupport::Unavailable,
                dossier::MfaSupport::Optional => wit::MfaSupport::Optional,
                dossier::MfaSupport::Enforceable => wit::MfaSupport::Enforceable,
                dossier::MfaSupport::EnforcedByDefault => wit::MfaSupport::EnforcedByDefault,
            }),
            mfa_factors: ac.mfa_factors.as_ref().map(|factors| factors.iter().map(|f| mfa_factor(*f)).collect()),
            phishing_resistant_enforceable: ac.phishing_resistant_enforceable,
            scim: ac.scim,
            automated_deprovisioning: ac.automated_deprovisioning,
            access_review_days: ac.access_review_days,
            provenance: provenance(dossier, "access_control", ac),
        }),
        monitoring: dossier.monitoring.as_ref().map(|m| wit::Monitoring {
            real_time: m.real_time,
            behavioural_baselines: m.behavioural_baselines,
            alerts_unusual_login: m.alerts_unusual_login,
            alerts_mass_access: m.alerts_mass_access,
            alerts_bulk_export: m.alerts_bulk_export,
            alert_channels: m.alert_channels.as_ref().map(|channels| {
                channels
                    .iter()
                    .map(|c| match c {
                        dossier::AlertChannel::Email => wit::AlertChannel::Email,
                        dossier::AlertChannel::Siem => wit::AlertChannel::Siem,
                        dossier::AlertChannel::Webhook => wit::AlertChannel::Webhook,
                        dossier::AlertChannel::InApp => wit::AlertChannel::InApp,
                    })
                    .collect()
            }),
            provenance: provenance(dossier, "monitoring", m),
        }),
        audit_logging: dossier.audit_logging.as_ref().map(|a| wit::AuditLogging {
            actions: a.actions.as_ref().map(|actions| actions.iter().map(|x| audited_action(*x)).collect()),
            fields: a.fields.as_ref().map(|fields| fields.iter().map(|x| audit_field(*x)).collect()),
            retention_days: a.retention_days,
            siem_export: a.siem_export,
            api_access: a.api_access,
            tamper_evident: a.tamper_evident,
            provenance: provenance(dossier, "audit_logging", a),
        }),
        encryption: dossier.encryption.as_ref().map(|e| wit::Encryption {
            at_rest: e.at_rest,
            at_rest_algorithm: e.at_rest_algorithm.clone(),
            at_rest_key_bits: e.at_rest_key_bits,
            tls_min_version: e.tls_min_version.clone(),
            key_rotation_days: e.key_rotation_days,
            key_access_restricted: e.key_access_restricted,
            byok: e.byok,
            hyok: e.hyok,
            provenance: provenance(dossier, "encryption", e),
        }),
        backup: dossier.backup.as_ref().map(|b| wit::Backup {
            frequency_hours: b.frequency_hours,
            off_site: b.off_site,
            locations: b.locations,
            last_restore_test: b.last_restore_test.map(date),
            immutable: b.immutable,
            rpo_hours: b.rpo_hours,
            rto_hours: b.rto_hours,
            provenance: provenance(dossier, "backup", b),
        }),
        retention: dossier.retention.as_ref().map(|r| wit::Retention {
            policy_defined: r.policy_defined,
            configurable_per_object: r.configurable_per_object,
            automated_purge: r.automated_purge,
            deletion_on_request_days: r.deletion_on_request_days,
            deletion_at_contract_end_days: r.deletion_at_contract_end_days,
            provenance: provenance(dossier, "retention", r),
        }),
        incidents: dossier.incidents.as_ref().map(|history| wit::IncidentHistory {
            entries: history.entries.iter().enumerate().map(|(index, entry)| incident(dossier, index, entry)).collect(),
            provenance: provenance(dossier, "incidents", history),
        }),
        availability: dossier.availability.as_ref().map(|a| wit::Availability {
            sla_percent: a.sla_percent,
            monthly: a
                .monthly
                .iter()
                .filter_map(|m| {
                    let (year, month) = dossier::parse_month(&m.month).ok()?;
                    Some(wit::MonthlyAvailability { year, month, percent: m.percent, estimated: m.estimated })
                })
                .collect(),
            major_outages: a.major_outages,
            status_page: a.status_page,
            provenance: provenance(dossier, "availability", a),
        }),
        trust: dossier.trust.as_ref().map(|t| wit::Trust {
            security_policy_published: t.security_policy_published,
            vulnerability_disclosure: t.vulnerability_disclosure,
            bug_bounty: t.bug_bounty,
            support_response_hours: t.support_response_hours,
            incident_transparency: t.incident_transparency,
            security_txt: t.security_txt.as_ref().map(|s| wit::SecurityTxt {
                contacts: s.contacts.clone(),
                expires: s.expires.map(date),
                policy: s.policy.clone(),
                encryption: s.encryption.clone(),
                canonical: s.canonical.clone(),
                signed: s.signed,
                malformed_lines: s.malformed_lines,
            }),
            provenance: provenance(dossier, "trust", t),
        }),
        web_security: dossier.web_security.as_ref().map(|w| wit::WebSecurity {
            https: w.https,
            http_redirects_to_https: w.http_redirects_to_https,
            hsts_max_age: w.hsts_max_age,
            hsts_include_subdomains: w.hsts_include_subdomains,
            content_security_policy: w.content_security_policy,
            x_content_type_options: w.x_content_type_options,
            frame_protection: w.frame_protection,
            referrer_policy: w.referrer_policy.clone(),
            provenance: provenance(dossier, "web_security", w),
        }),
        subprocessors: dossier.subprocessors.as_ref().map(|subprocessors| {
            subprocessors.iter().enumerate().map(|(index, s)| subprocessor(dossier, index, s)).collect()
        }),
        residency: dossier.residency.as_ref().map(|r| wit::Residency {
            regions: r.regions.clone(),
            customer_selectable: r.customer_selectable,
            provenance: provenance(dossier, "residency", r),
        }),
        contract: dossier.contract.as_ref().map(|c| wit::Contract {
            breach_notification_hours: c.breach_notification_hours,
            provenance: provenance(dossier, "contract", c),
        }),
        assurance: dossier.assurance.as_ref().map(|a| assurance(dossier, a)),
        extensions: dossier
            .extensions
            .iter()
            .map(|(key, extension)| wit::Extension {
                key: key.clone(),
                json: extension.value.to_string(),
                provenance: provenance(dossier, &format!("extensions.{key}"), extension),
            })
            .collect(),
    }
}

fn certification(dossier: &dossier::Dossier, index: usize, cert: &dossier::Certification) -> wit::Certification {
    wit::Certification {
        kind: certification_kind(cert.kind),
        other_name: cert.name.clone(),
        scope: cert.scope.clone(),
        covers_product: cert.covers_product,
        auditor: cert.auditor.clone(),
        issued: cert.issued.map(date),
        expires: cert.expires.map(date),
        provenance: provenance(dossier, &format!("certifications[{index}]"), cert),
    }
}

fn certification_kind(kind: dossier::CertificationKind) -> wit::CertificationKind {
    use dossier::CertificationKind as K;
    match kind {
        K::Iso27001 => wit::CertificationKind::Iso27001,
        K::Iso27017 => wit::CertificationKind::Iso27017,
        K::Iso27018 => wit::CertificationKind::Iso27018,
        K::Iso27701 => wit::CertificationKind::Iso27701,
        K::Soc2Type1 => wit::CertificationKind::Soc2Type1,
        K::Soc2Type2 => wit::CertificationKind::Soc2Type2,
        K::CsaStarLevel1 => wit::CertificationKind::CsaStarLevel1,
        K::CsaStarLevel2 => wit::CertificationKind::CsaStarLevel2,
        K::PciDss => wit::CertificationKind::PciDss,
        K::Hitrust => wit::CertificationKind::Hitrust,
        K::Other => wit::CertificationKind::Other,
    }
}

fn mfa_factor(factor: dossier::MfaFactor) -> wit::MfaFactor {
    use dossier::MfaFactor as F;
    match factor {
        F::PhishingResistant => wit::MfaFactor::PhishingResistant,
        F::Totp => wit::MfaFactor::Totp,
        F::Push => wit::MfaFactor::Push,
        F::Sms => wit::MfaFactor::Sms,
        F::Email => wit::MfaFactor::Email,
    }
}

fn subprocessor(dossier: &dossier::Dossier, index: usize, s: &dossier::Subprocessor) -> wit::Subprocessor {
    wit::Subprocessor {
        name: s.name.clone(),
        purpose: s.purpose.clone(),
        country: s.country.clone(),
        certifications: s.certifications.as_ref().map(|kinds| kinds.iter().map(|k| certification_kind(*k)).collect()),
        provenance: provenance(dossier, &format!("subprocessors[{index}]"), s),
    }
}

fn assurance(dossier: &dossier::Dossier, a: &dossier::Assurance) -> wit::Assurance {
    wit::Assurance {
        penetration_test: a.penetration_test.as_ref().map(|p| wit::PenetrationTest {
            completed: p.completed.map(date),
            scope: p.scope.clone(),
            tester: p.tester.clone(),
            independent: p.independent,
        }),
        vulnerability_disclosure: a
            .vulnerability_disclosure
            .as_ref()
            .map(|v| wit::VulnerabilityDisclosure { policy_url: v.policy_url.clone(), safe_harbour: v.safe_harbour }),
        bug_bounty: a.bug_bounty.as_ref().map(|b| wit::BugBounty { platform: b.platform.clone(), url: b.url.clone() }),
        provenance: provenance(dossier, "assurance", a),
    }
}

fn transfer_mechanism(mechanism: dossier::TransferMechanism) -> wit::TransferMechanism {
    use dossier::TransferMechanism as T;
    match mechanism {
        T::StandardContractualClauses => wit::TransferMechanism::StandardContractualClauses,
        T::BindingCorporateRules => wit::TransferMechanism::BindingCorporateRules,
        T::DataPrivacyFramework => wit::TransferMechanism::DataPrivacyFramework,
        T::AdequacyDecision => wit::TransferMechanism::AdequacyDecision,
    }
}

fn audited_action(action: dossier::AuditedAction) -> wit::AuditedAction {
    use dossier::AuditedAction as A;
    match action {
        A::Read => wit::AuditedAction::Read,
        A::Create => wit::AuditedAction::Create,
        A::Modify => wit::AuditedAction::Modify,
        A::Delete => wit::AuditedAction::Delete,
        A::Export => wit::AuditedAction::Export,
        A::Login => wit::AuditedAction::Login,
        A::PermissionChange => wit::AuditedAction::PermissionChange,
    }
}

fn audit_field(field: dossier::AuditField) -> wit::AuditField {
    use dossier::AuditField as F;
    match field {
        F::UserId => wit::AuditField::UserId,
        F::Timestamp => wit::AuditField::Timestamp,
        F::IpAddress => wit::AuditField::IpAddress,
        F::Request => wit::AuditField::Request,
        F::Outcome => wit::AuditField::Outcome,
    }
}

fn incident(dossier: &dossier::Dossier, index: usize, incident: &dossier::Incident) -> wit::Incident {
    wit::Incident {
        id: incident.id.clone(),
        title: incident.title.clone(),
        kind: match incident.kind {
            dossier::IncidentKind::DataBreach => wit::IncidentKind::DataBreach,
            dossier::IncidentKind::SecurityIncident => wit::IncidentKind::SecurityIncident,
        },
        severity: match incident.severity {
            dossier::IncidentSeverity::Low => wit::IncidentSeverity::Low,
            dossier::IncidentSeverity::Medium => wit::IncidentSeverity::Medium,
            dossier::IncidentSeverity::High => wit::IncidentSeverity::High,
            dossier::IncidentSeverity::Critical => wit::IncidentSeverity::Critical,
        },
        detected_at: incident.detected_at.unix_seconds(),
        disclosed_at: incident.disclosed_at.map(|t| t.unix_seconds()),
        resolved_at: incident.resolved_at.map(|t| t.unix_seconds()),
        records_exposed: incident.records_exposed,
        root_cause: incident.root_cause.clone(),
        postmortem_published: incident.postmortem_published,
        provenance: provenance(dossier, &format!("incidents.entries[{index}]"), incident),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::{Collected, FactOrigin, Timestamp};

    #[test]
    fn sections_holding_collected_facts_are_marked_collected() {
        let mut evidence: dossier::Dossier = toml::from_str(
            "[vendor]\nid = \"v\"\nname = \"V\"\n[trust]\nbug_bounty = true\n[web_security]\nhttps = true\n[extensions.\"statuspage.status\"]\nvalue = 1\n[extensions.\"pci.scope\"]\nvalue = 2\n",
        )
        .unwrap();
        let plain = dossier(&evidence);
        assert!(!plain.web_security.unwrap().provenance.collected);
        let origin = FactOrigin {
            url: "https://app.v.example/".into(),
            fetched_at: Timestamp::from_unix_seconds(0),
            http_status: Some(200),
            outcome: None,
            sha256: "0".repeat(64),
        };
        evidence.collected = Some(Collected {
            merged: [("web_security.https", &origin), ("extensions.statuspage.status", &origin)]
                .into_iter()
                .map(|(path, origin)| (path.to_owned(), origin.clone()))
                .collect(),
            ..Collected::default()
        });
        let converted = dossier(&evidence);
        assert!(converted.web_security.unwrap().provenance.collected);
        assert!(!converted.trust.unwrap().provenance.collected);
        let collected: Vec<bool> = converted.extensions.iter().map(|e| e.provenance.collected).collect();
        assert_eq!(collected, [false, true], "pci.scope is the analyst's, statuspage.status collected");
    }
}
