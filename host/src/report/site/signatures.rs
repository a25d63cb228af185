//! The signatures of a published site: each scorecard's attestation copied beside its
//! JSON (after checking it still matches the scorecard), and `signatures.html`, which
//! says which scorecards are signed, by whom, and the command that verifies each.

use std::path::Path;

use askama::Template;

use super::{PublishError, Published, VENDOR_DIR};
use crate::attest::{self, ATTESTATION_SUFFIX, VerifyError};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::trust::TrustPolicy;

/// The signatures page's file name.
pub const SIGNATURES_PAGE: &str = "signatures.html";

/// One vendor on the signatures page.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SignatureRow {
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

/// The attestation files and the signatures page of `cards` for a site in `dir`, or
/// nothing when no scorecard is signed. An attestation that no longer matches its
/// scorecard, or (given `policy`) is not signed by a publisher it lists, is refused.
pub(super) fn signature_files(
    cards: &[Published],
    dir: &Path,
    policy: Option<&TrustPolicy>,
) -> Result<Vec<(std::path::PathBuf, Vec<u8>)>, PublishError> {
    let mut files = Vec::new();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for card in cards {
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
        if let Ok(envelope) = std::fs::read(&path) {
            let checked = match policy {
                Some(policy) => attest::verify(&envelope, &card.json, &card.scorecard, policy),
                None => attest::verify_any_signer(&envelope, &card.json, &card.scorecard),
            };
            match checked {
                Ok(verified) => {
                    row.publisher = policy.map(|_| verified.publisher);
                    row.key = Some(verified.key.to_string());
                    files.push((dir.join(VENDOR_DIR).join(format!("{id}{ATTESTATION_SUFFIX}")), envelope));
                }
                Err(error) => problems.push(
                    Diagnostic::new(
                        &path,
                        format!("the attestation of {} does not verify: {error}", card.path.display()),
                    )
                    .help(match error {
                        VerifyError::Malformed(_) => "sign the scorecard again with `riskcard attest`",
                        VerifyError::NotVerified(_) => {
                            "sign the scorecard again with `riskcard attest`, or list its publisher in --trust"
                        }
                    }),
                ),
            }
        }
        rows.push(row);
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }
    if files.is_empty() {
        return Ok(files);
    }
    let page = SignaturesPage { rows: &rows, trusted: policy.is_some() }.render().map_err(super::RenderError::from)?;
    files.push((dir.join(SIGNATURES_PAGE), page.into_bytes()));
    Ok(files)
}
