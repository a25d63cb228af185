//! Answers saved by riskcard's own vendor questionnaire: a file saved by a form whose
//! version this riskcard cannot read is refused, naming the attestation.

use semver::Version;

use super::{Dossier, Problem};

/// The questionnaire name riskcard's vendor form writes into every attestation.
pub const RISKCARD_QUESTIONNAIRE: &str = "riskcard vendor questionnaire";

/// Whether a form of version `form` wrote answers that riskcard `ours` can read: not
/// newer, and of the same major version (the same minor version while at 0.x).
fn readable(form: &Version, ours: &Version) -> bool {
    form <= ours && form.major == ours.major && (ours.major != 0 || form.minor == ours.minor)
}

/// Problems with the questionnaire versions in `dossier`'s attestations, as
/// (key path, message, fix).
pub(super) fn check(dossier: &Dossier) -> Vec<Problem> {
    let ours = Version::parse(env!("CARGO_PKG_VERSION")).expect("riskcard's own version is semver");
    let help = || {
        format!(
            "ask the vendor to fill in a form written by riskcard {ours} (`riskcard questionnaire`), or assess with the riskcard that wrote it"
        )
    };
    dossier
        .attestations
        .iter()
        .filter(|(_, attestation)| attestation.questionnaire == RISKCARD_QUESTIONNAIRE)
        .filter_map(|(path, attestation)| {
            let key = format!("attestations.\"{path}\".version");
            let message = match attestation.version.as_deref().map(Version::parse) {
                None => "the questionnaire's version is missing".to_owned(),
                Some(Err(_)) => format!("`{}` is not a riskcard version", attestation.version.as_deref().unwrap_or("")),
                Some(Ok(form)) if !readable(&form, &ours) => {
                    format!("saved by questionnaire version {form}, which riskcard {ours} cannot read")
                }
                Some(Ok(_)) => return None,
            };
            Some((key, message, help()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn older_forms_of_the_same_line_are_readable_and_newer_or_other_lines_are_not() {
        assert!(readable(&version("1.2.0"), &version("1.4.1")));
        assert!(readable(&version("1.4.1"), &version("1.4.1")));
        assert!(!readable(&version("1.5.0"), &version("1.4.1")), "newer");
        assert!(!readable(&version("0.9.0"), &version("1.4.1")), "another major");
        assert!(readable(&version("0.1.0"), &version("0.1.3")));
        assert!(!readable(&version("0.1.0"), &version("0.2.0")), "another minor at 0.x");
    }
}
