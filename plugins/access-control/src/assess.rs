//! The access-control checks as plain functions over the dossier, unit-tested natively.

use riskcard_plugin_sdk::evidence::{AccessControl, MfaFactor, MfaSupport, SsoProtocol};
use riskcard_plugin_sdk::ratio::within;
use riskcard_plugin_sdk::text::count;
use riskcard_plugin_sdk::{Context, Params, Severity, Tally, Thresholds, Verdict, finding};

/// The dossier section every finding of this plugin cites.
const SECTION: &str = "access_control";

/// The access-control section, or the insufficient-evidence verdict saying what to ask for.
fn section<'a>(ctx: &'a Context, ask: &str) -> Result<&'a AccessControl, Verdict> {
    ctx.dossier.access_control.as_ref().ok_or_else(|| Verdict::missing_section(SECTION, "access-control", ask))
}

/// Role-based access control, custom roles, and field- and record-level permissions.
pub fn least_privilege(ctx: &Context, _params: &Params) -> Verdict {
    let ac = match section(
        ctx,
        "whether the product has role-based access control, custom roles, and field- and record-level permissions",
    ) {
        Ok(ac) => ac,
        Err(verdict) => return verdict,
    };
    let mut tally = Tally::new(SECTION);
    // Weights: roles are the foundation of least privilege (4). Record-level permissions
    // decide whether a user sees every customer or only their own accounts, and field-level
    // permissions hide sensitive fields such as bank details (3 each). Custom roles fit
    // roles to real jobs instead of the vendor's broader presets (2).
    tally
        .require(
            4.0,
            ac.rbac,
            "role-based access control, so users get the permissions of a role rather than one by one",
            Severity::High,
            "Without roles every user tends to get broad access. Ask the vendor for its roadmap, and weigh another product if customer data is sensitive.",
        )
        .require(
            3.0,
            ac.record_level_permissions,
            "record-level permissions, so users see only the customer records they work on",
            Severity::Medium,
            "Ask the vendor whether sharing rules or territories can restrict which records each user sees.",
        )
        .require(
            3.0,
            ac.field_level_permissions,
            "field-level permissions, so sensitive fields can be hidden from users who do not need them",
            Severity::Medium,
            "Ask the vendor whether individual fields can be hidden or made read-only per role; until then, keep sensitive data out of the CRM.",
        )
        .require(
            2.0,
            ac.custom_roles,
            "custom roles, so administrators can fit each role to a real job",
            Severity::Low,
            "Ask the vendor whether administrators can define their own roles; otherwise choose the narrowest built-in role for each user.",
        );
    tally.finish(Thresholds::strict())
}

/// The protocols named by `require_protocols`, and the names riskcard does not know.
fn required_protocols(names: &[String]) -> (Vec<SsoProtocol>, Vec<String>) {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        match name.trim().to_ascii_lowercase().as_str() {
            "saml" => known.push(SsoProtocol::Saml),
            "oidc" => known.push(SsoProtocol::Oidc),
            _ => unknown.push(name.clone()),
        }
    }
    known.sort();
    known.dedup();
    (known, unknown)
}

fn protocol_name(protocol: SsoProtocol) -> &'static str {
    match protocol {
        SsoProtocol::Saml => "SAML",
        SsoProtocol::Oidc => "OpenID Connect (OIDC)",
    }
}

fn join(names: impl IntoIterator<Item = impl Into<String>>) -> String {
    names.into_iter().map(Into::into).collect::<Vec<String>>().join(" and ")
}

/// Single sign-on with the protocols the rubric requires, and MFA that administrators can
/// require for every user.
pub fn authentication(ctx: &Context, params: &Params) -> Verdict {
    let ac = match section(
        ctx,
        "which single sign-on protocols the product supports and whether administrators can require multi-factor authentication for every user",
    ) {
        Ok(ac) => ac,
        Err(verdict) => return verdict,
    };
    let mut tally = Tally::new(SECTION);
    let (required, unknown) = required_protocols(params.text_list("require_protocols"));
    for name in &unknown {
        tally.note(finding(
            Severity::Medium,
            format!(
                "The rubric requires the single sign-on protocol \"{name}\", which riskcard does not recognise, so it cannot be met; the recognised protocols are saml and oidc."
            ),
            "Correct the require_protocols parameter in the rubric.",
            &[SECTION],
        ));
    }

    // Weights: MFA (6) is the strongest single defence against stolen or guessed
    // passwords, the most common way into a SaaS account. SSO (4) lets the customer apply
    // its own sign-in policy and remove a leaver everywhere at once.
    let wanted = if required.is_empty() && unknown.is_empty() {
        "single sign-on".to_owned()
    } else {
        format!(
            "single sign-on with {}",
            join(required.iter().map(|p| protocol_name(*p)).chain(unknown.iter().map(String::as_str)))
        )
    };
    match ac.sso.as_deref() {
        None => {
            tally.graded(4.0, None, &wanted, Severity::Low, "");
        }
        Some(offered) => {
            let needed = required.len() + unknown.len();
            let share = if needed == 0 {
                if offered.is_empty() { 0.0 } else { 1.0 }
            } else {
                required.iter().filter(|p| offered.contains(p)).count() as f64 / needed as f64
            };
            let (what, severity) = if offered.is_empty() {
                (format!("{wanted} (the product offers no single sign-on)"), Severity::High)
            } else {
                let mut offered = offered.to_vec();
                offered.sort();
                offered.dedup();
                let offered = join(offered.into_iter().map(protocol_name));
                (format!("{wanted} (the product supports {offered})"), Severity::Medium)
            };
            tally.graded(
                4.0,
                Some(share),
                &what,
                severity,
                "Ask the vendor for the missing single sign-on protocol; until then, users keep separate passwords for this product that your identity provider cannot control.",
            );
        }
    }

    mfa(&mut tally, ac, params.boolean("require_phishing_resistant"));
    tally.finish(Thresholds::strict())
}

/// How much of the MFA requirement the factor kinds earn, and what falls short: `None`
/// when they are unknown and the rubric's answer depends on them.
fn factor_share(ac: &AccessControl, strict: bool) -> (Option<f64>, Option<&'static str>) {
    let Some(factors) = ac.mfa_factors.as_deref() else {
        // Dossiers written before factor kinds existed score as they always did, unless
        // the rubric asks for phishing-resistant factors, which only the kinds can show.
        return if strict { (None, None) } else { (Some(1.0), None) };
    };
    let phishing_resistant = factors.contains(&MfaFactor::PhishingResistant);
    let app_based = phishing_resistant || factors.iter().any(|f| matches!(f, MfaFactor::Totp | MfaFactor::Push));
    if !strict {
        // SMS and e-mail codes are relayed by a phishing page as easily as the password,
        // and SMS falls to SIM swapping: half the credit.
        return if app_based {
            (Some(1.0), None)
        } else {
            (Some(0.5), Some("the only factors are SMS or e-mail codes"))
        };
    }
    match (phishing_resistant, ac.phishing_resistant_enforceable) {
        (true, Some(true)) => (Some(1.0), None),
        (true, None) => (None, None),
        (true, Some(false)) => {
            (Some(0.5), Some("phishing-resistant factors are offered, but administrators cannot require them"))
        }
        (false, _) if app_based => (Some(0.5), Some("no phishing-resistant factor is offered")),
        (false, _) => (Some(0.25), Some("the only factors are SMS or e-mail codes")),
    }
}

/// The MFA part of [`authentication`], worth 6: MFA administrators can require, with
/// factors a phishing page cannot relay when the rubric sets `require_phishing_resistant`.
fn mfa(tally: &mut Tally, ac: &AccessControl, strict: bool) {
    let wanted = if strict {
        "phishing-resistant multi-factor authentication (FIDO2/WebAuthn security keys or passkeys) that administrators can require"
    } else {
        "multi-factor authentication that administrators can require for every user"
    };
    let enforcement = match ac.mfa {
        None if ac.mfa_factors.as_ref().is_some_and(Vec::is_empty) => Some(MfaSupport::Unavailable),
        other => other,
    };
    let (base, base_shortfall, base_severity, base_remediation) = match enforcement {
        None => (None, None, Severity::Low, ""),
        Some(MfaSupport::Enforceable | MfaSupport::EnforcedByDefault) => (Some(1.0), None, Severity::Low, ""),
        // Optional MFA earns a quarter: careful users are protected, but one user without
        // it is all an attacker needs.
        Some(MfaSupport::Optional) => (
            Some(0.25),
            Some("users may turn it on, but administrators cannot require it"),
            Severity::High,
            "Ask the vendor to let administrators require MFA for every user. Until then, make users sign in through your own single sign-on with MFA enforced there, and ask whether password sign-in can be switched off.",
        ),
        Some(MfaSupport::Unavailable) => {
            tally.graded(
                6.0,
                Some(0.0),
                &format!("{wanted} (the product offers no multi-factor authentication at all)"),
                Severity::Critical,
                "Treat this as a blocker: a single stolen password opens the account. Require sign-in through your own single sign-on with MFA, and ask the vendor for a date for built-in MFA.",
            );
            return;
        }
    };
    let (quality, quality_shortfall) = factor_share(ac, strict);
    let share = base.zip(quality).map(|(base, quality)| base * quality);
    let shortfalls: Vec<&str> = base_shortfall.into_iter().chain(quality_shortfall).collect();
    let what = if shortfalls.is_empty() { wanted.to_owned() } else { format!("{wanted} ({})", shortfalls.join("; ")) };
    let (severity, remediation) = match (base_shortfall, quality_shortfall) {
        (Some(_), _) => (base_severity, base_remediation),
        (None, Some(_)) if strict => (
            Severity::Medium,
            "Ask the vendor for FIDO2/WebAuthn security keys or passkeys that administrators can require, at least for administrators; until then, sign users in through your own single sign-on with phishing-resistant MFA.",
        ),
        (None, Some(_)) => (
            Severity::Medium,
            "Ask the vendor for authenticator-app, push or FIDO2/WebAuthn factors; until then, sign users in through your own single sign-on with stronger MFA.",
        ),
        (None, None) => (Severity::Low, ""),
    };
    tally.graded(6.0, share, &what, severity, remediation);
}

/// SCIM provisioning, automated de-provisioning, and access reviews at least every
/// `max_review_days` days.
pub fn account_lifecycle(ctx: &Context, params: &Params) -> Verdict {
    let ac = match section(
        ctx,
        "whether the product supports SCIM provisioning and automatic de-provisioning, and how often access is reviewed",
    ) {
        Ok(ac) => ac,
        Err(verdict) => return verdict,
    };
    let max_days = params.integer("max_review_days");
    let mut tally = Tally::new(SECTION);
    // Weights: accounts left behind by leavers are the classic lifecycle failure, so
    // automated de-provisioning weighs most (5). Periodic reviews catch access that piled up
    // (3). SCIM (2) keeps accounts in step with the directory; its de-provisioning benefit
    // is already counted above.
    tally.require(
        5.0,
        ac.automated_deprovisioning,
        "automatic de-provisioning, so a leaver loses access when removed from your directory",
        Severity::High,
        "Ask the vendor for directory sync or SCIM de-provisioning; until then, add removing CRM access to your leaver checklist and check it monthly.",
    );
    let review = format!("access reviews at least every {}", count(max_days, "day"));
    let review_what = match ac.access_review_days {
        Some(days) if i64::from(days) > max_days => {
            format!("{review} (access is reviewed every {})", count(days, "day"))
        }
        _ => review,
    };
    tally.graded(
        3.0,
        ac.access_review_days.map(|days| within(days, max_days)),
        &review_what,
        Severity::Medium,
        "Ask the vendor for access-review reports or tooling, and review who has access to the CRM at least as often as the rubric requires.",
    );
    tally.require(
        2.0,
        ac.scim,
        "SCIM provisioning, so accounts and roles follow your identity directory",
        Severity::Medium,
        "Ask the vendor whether SCIM is available (sometimes on a higher plan); without it, accounts and roles are maintained by hand.",
    );
    tally.finish(Thresholds::strict())
}

#[cfg(test)]
mod tests;
