//! The signatures of a published site: each scorecard's attestation copied beside its
//! JSON (after checking it still matches the scorecard), and `signatures.html`, which
//! says which scorecards are signed, by whom, and the command that verifies each.

use std::path::Path;

use askama::Template;

use super::{PublishError, Published, VENDOR_DIR, write_error};
use crate::attest::{self, ATTESTATION_SUFFIX, VerifyError};
use crate::diagnostics::Diagnostic;
use crate::inputfile::{self, InputKind};
use crate::trust::TrustPolicy;

/// The signatures page's file name.
pub const SIGNATURES_PAGE: &str = "signatures.html";

/// One vendor on the signatures page, with its attestation's bytes until they are copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SignatureRow {
    name: String,
    href: String,
    /// The publisher's name from the trust policy given to publish, if any.
    publisher: Option<String>,
    /// The signing key, when signed.
    key: Option<String>,
    attestation_href: String,
    command: String,
}

#[derive(Template)]
#[template(path = "signatures.html")]
struct SignaturesPage<'a> {
    rows: &'a [SignatureRow],
    trusted: bool,
}

/// Checks the attestation beside `card`, if there is one: it must still match the
/// scorecard and (given `policy`) be signed by a publisher the policy lists. Returns the
/// vendor's row and, when signed, the attestation's bytes for [`write_attestation`].
pub(super) fn check(
    card: &Published,
    policy: Option<&TrustPolicy>,
) -> Result<(SignatureRow, Option<Vec<u8>>), Box<Diagnostic>> {
    let id = &card.scorecard.vendor.id;
    let path = attest::attestation_path(&card.path);
    let mut row = SignatureRow {
        name: card.scorecard.vendor.name.clone(),
        href: format!("{VENDOR_DIR}/{id}.html"),
        publisher: None,
        key: None,
        attestation_href: format!("{VENDOR_DIR}/{id}{ATTESTATION_SUFFIX}"),
        command: format!("riskcard verify {VENDOR_DIR}/{id}.json --trust trust.toml"),
    };
    let Ok(envelope) = inputfile::read(&path, InputKind::Attestation) else { return Ok((row, None)) };
    let checked = match policy {
        Some(policy) => attest::verify(&envelope, &card.json, &card.scorecard, policy),
        None => attest::verify_any_signer(&envelope, &card.json, &card.scorecard),
    };
    match checked {
        Ok(verified) => {
            row.publisher = policy.map(|_| verified.publisher);
            row.key = Some(verified.key.to_string());
            Ok((row, Some(envelope)))
        }
        Err(error) => Err(Box::new(
            Diagnostic::new(&path, format!("the attestation of {} does not verify: {error}", card.path.display()))
                .help(match error {
                    VerifyError::Malformed(_) => "sign the scorecard again with `riskcard attest`",
                    VerifyError::NotVerified(_) => {
                        "sign the scorecard again with `riskcard attest`, or list its publisher in --trust"
                    }
                }),
        )),
    }
}

/// Writes the attestation [`check`] verified for `card` into the site's vendor folder
/// `vendors`.
pub(super) fn write_attestation(card: &Published, envelope: &[u8], vendors: &Path) -> Result<(), PublishError> {
    let target = vendors.join(format!("{}{ATTESTATION_SUFFIX}", card.scorecard.vendor.id));
    std::fs::write(&target, envelope).map_err(write_error(&target))
}

/// Writes `signatures.html` into `dir` when any scorecard in `rows` is signed (sorted
/// here by vendor name), and returns its name to link it.
pub(super) fn write_page(
    rows: &mut [SignatureRow],
    dir: &Path,
    trusted: bool,
) -> Result<Option<&'static str>, PublishError> {
    if rows.iter().all(|row| row.key.is_none()) {
        return Ok(None);
    }
    rows.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.href.cmp(&b.href)));
    let page = SignaturesPage { rows, trusted }.render().map_err(super::RenderError::from)?;
    let path = dir.join(SIGNATURES_PAGE);
    std::fs::write(&path, page).map_err(write_error(&path))?;
    Ok(Some(SIGNATURES_PAGE))
}
