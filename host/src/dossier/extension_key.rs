//! The naming convention for extension keys, `<owner>.<topic>`: checked as a warning,
//! never an error, so dossiers written before the convention keep loading.

/// The owner riskcard keeps for its own extensions.
pub const RESERVED_OWNER: &str = "riskcard";

/// The keys riskcard itself defines under its owner (filled by `riskcard collect`, which
/// an analyst may also write by hand).
pub const RISKCARD_KEYS: [&str; 4] =
    ["riskcard.email-security.dmarc", "riskcard.email-security.mta-sts", "riskcard.email-security.spf", "riskcard.tls"];

/// What is wrong with extension key `key`, when it does not follow the convention:
/// dot-separated parts of lowercase letters, digits, dashes and underscores, at least an
/// owner and a topic, the owner not `riskcard` unless the key is one riskcard defines.
pub fn extension_key_problem(key: &str) -> Option<String> {
    let parts: Vec<&str> = key.split('.').collect();
    let well_formed = |part: &&str| {
        !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    };
    if parts.len() < 2 || !parts.iter().all(well_formed) {
        return Some(format!(
            "extension key `{key}` does not follow the convention <owner>.<topic> in lowercase letters, digits, dashes and underscores, e.g. `acme.mfa-coverage`"
        ));
    }
    (parts[0] == RESERVED_OWNER && !RISKCARD_KEYS.contains(&key)).then(|| {
        format!("extension key `{key}` uses the owner `{RESERVED_OWNER}`, which is reserved for riskcard itself; name your organisation or plugin instead")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_following_the_convention_pass() {
        for key in ["pci.segmentation", "acme.mfa-coverage", "security_txt.fields", "acme.sso.idp-count", "x2.y"] {
            assert_eq!(extension_key_problem(key), None, "{key}");
        }
    }

    #[test]
    fn malformed_keys_are_named_with_the_convention() {
        for key in ["segmentation", "PCI.segmentation", "pci..scope", "pci.", ".scope", "acme.mfa coverage", ""] {
            let problem = extension_key_problem(key).unwrap_or_else(|| panic!("{key:?} should not pass"));
            assert!(problem.contains(&format!("`{key}`")) && problem.contains("<owner>.<topic>"), "{problem}");
        }
    }

    #[test]
    fn the_riskcard_owner_is_reserved() {
        let problem = extension_key_problem("riskcard.mfa").unwrap();
        assert!(problem.contains("reserved for riskcard itself"), "{problem}");
        assert_eq!(extension_key_problem("riskcards.mfa"), None);
        for key in RISKCARD_KEYS {
            assert_eq!(extension_key_problem(key), None, "riskcard's own `{key}` is not flagged");
        }
    }
}
