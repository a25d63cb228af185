//! Tests of signing and verifying scorecard attestations, on a real scorecard.

use super::*;
use crate::report::scorecard_json;
use crate::trust::Publisher;

fn scorecard() -> Scorecard {
    serde_json::from_str(include_str!("../report/testdata/hostile-payloads.json")).expect("the fixture is a scorecard")
}

fn policy(name: &str, key: &SecretKey) -> TrustPolicy {
    TrustPolicy {
        publishers: vec![Publisher { name: name.to_owned(), key: key.public_key().to_string() }],
        ..TrustPolicy::default()
    }
}

#[test]
fn a_signed_scorecard_verifies_and_names_its_publisher() {
    let card = scorecard();
    let json = scorecard_json(&card);
    let key = SecretKey::generate().unwrap();
    let envelope = attest(&card, &json, &key);
    assert_eq!(envelope, attest(&card, &json, &key), "signing is deterministic");
    let verified = verify(&envelope, &json, &card, &policy("Acme", &key)).unwrap();
    assert_eq!(verified.publisher, "Acme");
    assert_eq!(verified.key, key.public_key());
    assert_eq!(verified.statement.subject[0].name, "hostile-payloads.json");
    assert_eq!(verified.statement.predicate.grade, "F");
    let gates = &verified.statement.predicate.gates;
    assert_eq!(gates.len(), 1);
    assert_eq!((gates[0].criterion.as_str(), gates[0].passed), ("iso27001", false));
}

#[test]
fn a_changed_scorecard_or_an_unlisted_key_does_not_verify() {
    let card = scorecard();
    let json = scorecard_json(&card);
    let key = SecretKey::generate().unwrap();
    let envelope = attest(&card, &json, &key);
    let mut changed = card.clone();
    changed.grade = "A".to_owned();
    let changed_json = scorecard_json(&changed);
    let error = verify(&envelope, &changed_json, &changed, &policy("Acme", &key)).unwrap_err();
    assert!(
        matches!(&error, VerifyError::NotVerified(reason) if reason.contains("changed after it was signed")),
        "{error}"
    );
    let other = SecretKey::generate().unwrap();
    let error = verify(&envelope, &json, &card, &policy("Other", &other)).unwrap_err();
    assert!(error.to_string().contains("not in the trust policy"), "{error}");
    assert!(matches!(verify(b"{", &json, &card, &policy("Acme", &key)), Err(VerifyError::Malformed(_))));
}

#[test]
fn attestations_sit_beside_their_scorecard() {
    assert_eq!(attestation_path(Path::new("out/acme.json")), PathBuf::from("out/acme.intoto.json"));
}
