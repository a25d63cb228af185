//! The rules for vendor-attested facts that serde cannot express: each attestation
//! names evidence the dossier holds and says plainly where it came from; each disputed
//! claim names a field the analyst wrote differently.

use serde_json::Value;

use super::{Dossier, Problem};

/// Problems with the dossier's `attestations`, as (key path, message, fix).
pub(super) fn check(dossier: &Dossier) -> Vec<Problem> {
    if dossier.attestations.is_empty() && dossier.disputed.is_empty() {
        return Vec::new();
    }
    let evidence = serde_json::to_value(dossier).unwrap_or(Value::Null);
    let mut problems = Vec::new();
    for (path, attestation) in &dossier.attestations {
        let key = format!("attestations.\"{path}\"");
        if path == "attestations" || path.starts_with("attestations.") || value_at(&evidence, path).is_none() {
            problems.push((
                key.clone(),
                format!("attestation for `{path}`, which the dossier does not state"),
                "key each attestation by the evidence path of a field the dossier sets, e.g. \"encryption.at_rest\""
                    .to_owned(),
            ));
        }
        if attestation.questionnaire.trim().is_empty() {
            problems.push((
                format!("{key}.questionnaire"),
                "questionnaire is empty".to_owned(),
                "name the questionnaire, e.g. questionnaire = \"CAIQ\"".to_owned(),
            ));
        }
        if let Some(sha256) = attestation.sha256.as_deref().filter(|sha256| !is_sha256_hex(sha256)) {
            problems.push((
                format!("{key}.sha256"),
                format!("`{sha256}` is not a SHA-256 in lowercase hex"),
                "write the 64 lowercase hex digits of the questionnaire file's SHA-256".to_owned(),
            ));
        }
        if let Some(cell) = attestation.cell.as_deref().filter(|cell| !is_sheet_cell(cell)) {
            problems.push((
                format!("{key}.cell"),
                format!("`{cell}` is not a `sheet!cell` reference"),
                "write the sheet and the cell, e.g. cell = \"CAIQv4.0.3!C42\"".to_owned(),
            ));
        }
    }
    for (path, claim) in &dossier.disputed {
        let key = format!("disputed.\"{path}\"");
        match value_at(&evidence, path) {
            None => problems.push((
                key.clone(),
                format!("disputed claim about `{path}`, which the dossier does not state"),
                "a disputed claim contradicts a field the analyst wrote; remove it or state the field".to_owned(),
            )),
            Some(stated) if *stated == claim.claimed => problems.push((
                format!("{key}.claimed"),
                format!("the claim about `{path}` agrees with the dossier, so nothing is disputed"),
                "remove the disputed claim".to_owned(),
            )),
            Some(_) => {}
        }
        if dossier.attestations.contains_key(path) {
            problems.push((
                key,
                format!("`{path}` is both attested and disputed"),
                "keep the attestation when the dossier holds the vendor's value, the disputed claim when it holds the analyst's".to_owned(),
            ));
        }
    }
    problems
}

/// The value at an evidence path such as `certifications[0].expires` or
/// `extensions.pci.segmentation` (extension names may hold dots) of a dossier as JSON.
pub(crate) fn value_at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(value);
    }
    if let Some(rest) = path.strip_prefix('[') {
        let (index, rest) = rest.split_once(']')?;
        let item = value.as_array()?.get(index.parse::<usize>().ok()?)?;
        return value_at(item, rest.strip_prefix('.').unwrap_or(rest));
    }
    let object = value.as_object()?;
    let ends = path.match_indices(['.', '[']).map(|(at, _)| at).chain([path.len()]);
    ends.filter_map(|end| {
        let item = object.get(&path[..end])?;
        let rest = &path[end..];
        value_at(item, rest.strip_prefix('.').unwrap_or(rest))
    })
    .next()
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

/// `Sheet name!B12`: a non-empty sheet name, then column letters and a row number.
fn is_sheet_cell(text: &str) -> bool {
    let Some((sheet, cell)) = text.rsplit_once('!') else { return false };
    let digits = cell.trim_start_matches(|c: char| c.is_ascii_uppercase());
    !sheet.is_empty()
        && digits.len() < cell.len()
        && !digits.is_empty()
        && digits.bytes().all(|byte| byte.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_paths_resolve_through_arrays_and_dotted_extension_names() {
        let value = serde_json::json!({
            "encryption": {"at_rest": true},
            "certifications": [{"kind": "iso27001"}],
            "extensions": {"pci.segmentation": {"value": 1}},
        });
        assert_eq!(value_at(&value, "encryption.at_rest"), Some(&Value::Bool(true)));
        assert!(value_at(&value, "certifications[0].kind").is_some());
        assert!(value_at(&value, "extensions.pci.segmentation").is_some());
        assert!(value_at(&value, "certifications[1]").is_none());
        assert!(value_at(&value, "encryption.byok").is_none());
        assert!(value_at(&value, "encryption.at_rest.deeper").is_none());
    }

    #[test]
    fn cells_are_a_sheet_then_a_cell() {
        assert!(is_sheet_cell("CAIQv4.0.3!C42"));
        assert!(is_sheet_cell("My sheet!AB7"));
        for bad in ["C42", "!C42", "Sheet!42", "Sheet!C", "Sheet!C04", "Sheet!c4"] {
            assert!(!is_sheet_cell(bad), "{bad}");
        }
    }
}
