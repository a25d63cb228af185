//! Signed scorecards: `assess --sign` and `riskcard attest` write an in-toto Statement in
//! a DSSE envelope; `riskcard verify` accepts it only against a trust policy, for the
//! exact scorecard, and with `--recompute` only when the inputs reproduce it byte for
//! byte (exit 0 verified, 1 not verified with the reason, 2 bad input); `publish`
//! carries the attestations and says who signed each scorecard.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use sha2::Digest as _;

use crate::signing::{keygen, policy};
use crate::support::{Run, assess_baseline, repo, riskcard, riskcard_in, write};

const VENDOR: &str = "northwind-crm";

/// A signed scorecard of the Northwind example and what it takes to check it.
struct Signed {
    dir: tempfile::TempDir,
    key: PathBuf,
    public: String,
    trust: PathBuf,
    card: PathBuf,
    attestation: PathBuf,
}

fn dossier() -> PathBuf {
    repo().join(format!("examples/vendors/{VENDOR}.toml"))
}

fn signed() -> Signed {
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = keygen(dir.path(), "acme");
    let trust = policy(dir.path(), &public);
    let out = dir.path().join("out");
    let run = assess_baseline(&dossier(), &out, &["--sign", key.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("intoto.json"), "{}", run.stdout);
    let card = out.join(format!("{VENDOR}.json"));
    let attestation = out.join(format!("{VENDOR}.intoto.json"));
    Signed { dir, key, public, trust, card, attestation }
}

fn verify(card: &Path, trust: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["verify".as_ref(), card.as_os_str(), "--trust".as_ref(), trust.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    riskcard(args)
}

fn envelope(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn statement(envelope: &serde_json::Value) -> serde_json::Value {
    serde_json::from_slice(&STANDARD.decode(envelope["payload"].as_str().unwrap()).unwrap()).unwrap()
}

/// DSSE's pre-authentication encoding, written out from the specification.
fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    [format!("DSSEv1 {} {payload_type} {} ", payload_type.len(), payload.len()).as_bytes(), payload].concat()
}

fn secret_key(path: &Path) -> SigningKey {
    let file: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let hex = file["secret_key"].as_str().unwrap().strip_prefix("ed25519:").unwrap();
    SigningKey::from_bytes(&hex::decode(hex).unwrap().try_into().unwrap())
}

fn assert_not_verified(run: &Run, reason: &str) {
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("NOT VERIFIED") && run.stderr.contains(reason), "{}", run.stderr);
    assert!(!run.stdout.contains("VERIFIED"), "{}", run.stdout);
}

#[test]
fn a_key_outside_the_trust_policy_is_an_unknown_key_id() {
    let signed = signed();
    let (_, other) = keygen(signed.dir.path(), "other");
    let trust =
        write(signed.dir.path(), "other-trust.toml", &format!("[[publisher]]\nname = \"Other\"\nkey = \"{other}\"\n"));
    assert_not_verified(
        &verify(&signed.card, &trust, &[]),
        &format!("key id `{}` is not in the trust policy", signed.public),
    );
}

#[test]
fn a_signature_by_another_key_under_a_trusted_key_id_is_refused() {
    let signed = signed();
    let (_, mallory) = keygen(signed.dir.path(), "mallory");
    let mut forged = envelope(&signed.attestation);
    let payload = STANDARD.decode(forged["payload"].as_str().unwrap()).unwrap();
    let mallory_key = secret_key(&signed.dir.path().join("mallory.key"));
    assert_eq!(format!("ed25519:{}", hex::encode(mallory_key.verifying_key().to_bytes())), mallory);
    let signature = mallory_key.sign(&pae("application/vnd.in-toto+json", &payload));
    forged["signatures"][0]["sig"] = STANDARD.encode(signature.to_bytes()).into();
    std::fs::write(&signed.attestation, serde_json::to_vec(&forged).unwrap()).unwrap();
    assert_not_verified(&verify(&signed.card, &signed.trust, &[]), "does not verify over this payload");
}

#[test]
fn a_scorecard_changed_after_signing_is_refused() {
    let signed = signed();
    let text = std::fs::read_to_string(&signed.card).unwrap();
    let grade = crate::support::scorecard(&signed.card)["grade"].as_str().unwrap().to_owned();
    let tampered = text.replacen(&format!("\"grade\": \"{grade}\""), "\"grade\": \"A+\"", 1);
    assert_ne!(tampered, text);
    std::fs::write(&signed.card, tampered).unwrap();
    assert_not_verified(&verify(&signed.card, &signed.trust, &[]), "the scorecard was changed after it was signed");
}

#[test]
fn an_envelope_whose_payload_was_changed_is_refused() {
    let signed = signed();
    let mut tampered = envelope(&signed.attestation);
    let mut claims = statement(&tampered);
    claims["predicate"]["grade"] = "F".into();
    tampered["payload"] = STANDARD.encode(serde_json::to_vec(&claims).unwrap()).into();
    std::fs::write(&signed.attestation, serde_json::to_vec(&tampered).unwrap()).unwrap();
    assert_not_verified(&verify(&signed.card, &signed.trust, &[]), "does not verify over this payload");
}

#[test]
fn a_signature_over_another_payload_type_is_refused() {
    let signed = signed();
    let key = secret_key(&signed.key);
    let mut other = envelope(&signed.attestation);
    let payload = STANDARD.decode(other["payload"].as_str().unwrap()).unwrap();
    let signature = key.sign(&pae("application/json", &payload));
    other["signatures"][0]["sig"] = STANDARD.encode(signature.to_bytes()).into();
    // Claimed as an in-toto statement, the signature (over application/json) fails…
    std::fs::write(&signed.attestation, serde_json::to_vec(&other).unwrap()).unwrap();
    assert_not_verified(&verify(&signed.card, &signed.trust, &[]), "does not verify over this payload");
    // …and honestly typed, a valid signature over another type is still not an attestation.
    other["payloadType"] = "application/json".into();
    std::fs::write(&signed.attestation, serde_json::to_vec(&other).unwrap()).unwrap();
    assert_not_verified(&verify(&signed.card, &signed.trust, &[]), "payload type is `application/json`");
}

#[test]
fn a_scorecard_without_attestation_is_not_verified() {
    let signed = signed();
    std::fs::remove_file(&signed.attestation).unwrap();
    assert_not_verified(&verify(&signed.card, &signed.trust, &[]), "it is not signed: there is no attestation at");
}

#[test]
fn inputs_that_no_longer_reproduce_the_scorecard_are_refused() {
    let signed = signed();
    let changed = signed.dir.path().join(format!("{VENDOR}.toml"));
    let text = std::fs::read_to_string(dossier()).unwrap();
    std::fs::write(&changed, format!("{text}\n# edited after the assessment\n")).unwrap();
    let rubric = repo().join("rubrics/crm-baseline.toml");
    let run = verify(
        &signed.card,
        &signed.trust,
        &["--recompute", "--dossier", changed.to_str().unwrap(), "--rubric", rubric.to_str().unwrap()],
    );
    assert_not_verified(&run, "the inputs do not reproduce it: the dossier's sha256 is");
}

#[test]
fn a_signed_scorecard_verifies_and_its_grade_is_recomputed() {
    let signed = signed();
    let rubric = repo().join("rubrics/crm-baseline.toml");
    let run = verify(&signed.card, &signed.trust, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains(&format!("is signed by \"Acme Labs\" ({})", signed.public)), "{}", run.stdout);
    let dossier = dossier();
    let run = verify(
        &signed.card,
        &signed.trust,
        &["--recompute", "--dossier", dossier.to_str().unwrap(), "--rubric", rubric.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("recomputed byte-identically"), "{}", run.stdout);
}

#[test]
fn the_envelope_is_dsse_over_an_in_toto_statement_of_the_scorecard_digest() {
    let signed = signed();
    let envelope = envelope(&signed.attestation);
    assert_eq!(envelope["payloadType"], "application/vnd.in-toto+json");
    assert_eq!(envelope["signatures"][0]["keyid"], signed.public.as_str());
    let payload = STANDARD.decode(envelope["payload"].as_str().unwrap()).unwrap();
    let sig = STANDARD.decode(envelope["signatures"][0]["sig"].as_str().unwrap()).unwrap();
    let key_bytes = hex::decode(signed.public.strip_prefix("ed25519:").unwrap()).unwrap();
    let key = VerifyingKey::from_bytes(&key_bytes.try_into().unwrap()).unwrap();
    let signature = ed25519_dalek::Signature::from_slice(&sig).unwrap();
    key.verify(&pae("application/vnd.in-toto+json", &payload), &signature).expect("the signature covers the PAE");

    let statement = statement(&envelope);
    let card = crate::support::scorecard(&signed.card);
    assert_eq!(statement["_type"], "https://in-toto.io/Statement/v1");
    assert_eq!(statement["predicateType"], "https://riskcard.dev/attestation/scorecard/v1");
    assert_eq!(statement["subject"][0]["name"], format!("{VENDOR}.json"));
    let digest = hex::encode(sha2::Sha256::digest(std::fs::read(&signed.card).unwrap()));
    assert_eq!(statement["subject"][0]["digest"]["sha256"], digest.as_str());
    let predicate = &statement["predicate"];
    for field in ["grade", "score", "coverage", "as_of"] {
        assert_eq!(predicate[field], card[field], "{field}");
    }
    assert_eq!(predicate["dossier_sha256"], card["provenance"]["dossier_sha256"]);
    assert_eq!(predicate["rubric"]["sha256"], card["provenance"]["rubric"]["sha256"]);
    assert_eq!(predicate["plugins"], card["provenance"]["plugins"]);
    assert_eq!(predicate["riskcard_version"], env!("CARGO_PKG_VERSION"));
    let required = card["criteria"].as_array().unwrap().iter().filter(|c| c["gate"] == "required").count();
    assert!(required > 0);
    assert_eq!(predicate["gates"].as_array().unwrap().len(), required);

    // `riskcard attest` signs an existing scorecard to the same bytes.
    let again = signed.dir.path().join("again");
    std::fs::create_dir(&again).unwrap();
    let copy = again.join(format!("{VENDOR}.json"));
    std::fs::copy(&signed.card, &copy).unwrap();
    let run = riskcard(["attest".as_ref(), copy.as_os_str(), "--key".as_ref(), signed.key.as_os_str()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        std::fs::read(again.join(format!("{VENDOR}.intoto.json"))).unwrap(),
        std::fs::read(&signed.attestation).unwrap()
    );
}

#[test]
fn bad_input_to_verify_exits_2_naming_the_file() {
    let signed = signed();
    std::fs::write(&signed.attestation, "{ not json").unwrap();
    let run = verify(&signed.card, &signed.trust, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(&format!("{VENDOR}.intoto.json")) && run.stderr.contains("not a DSSE envelope"),
        "{}",
        run.stderr
    );
    let run = riskcard(["verify".as_ref(), signed.card.as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("verify needs --trust FILE"), "{}", run.stderr);
    let not_a_card = write(signed.dir.path(), "broken.json", "[]");
    let run = verify(&not_a_card, &signed.trust, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("broken.json") && run.stderr.contains("not a riskcard scorecard"), "{}", run.stderr);
    let run = assess_baseline(
        &dossier(),
        &signed.dir.path().join("md"),
        &["--sign", signed.key.to_str().unwrap(), "--format", "md"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--sign signs the JSON scorecard"), "{}", run.stderr);
}

#[test]
fn publish_carries_attestations_and_says_who_signed_and_how_to_verify() {
    let signed = signed();
    let out = signed.card.parent().unwrap();
    let unsigned = repo().join("examples/vendors/bluepeak-crm.toml");
    let run = assess_baseline(&unsigned, out, &["--format", "json,oscal"]);
    assert_eq!(run.code, 0, "{run:?}");
    let site = signed.dir.path().join("site");
    let run = riskcard([
        "publish".as_ref(),
        out.as_os_str(),
        "--out".as_ref(),
        site.as_os_str(),
        "--trust".as_ref(),
        signed.trust.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        std::fs::read(site.join(format!("vendors/{VENDOR}.intoto.json"))).unwrap(),
        std::fs::read(&signed.attestation).unwrap()
    );
    assert!(!site.join("vendors/bluepeak-crm.intoto.json").exists());
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("href=\"signatures.html\""), "the index links the signatures page");
    let page = std::fs::read_to_string(site.join("signatures.html")).unwrap();
    let command = format!("riskcard verify vendors/{VENDOR}.json --trust trust.toml");
    assert!(page.contains("<strong>Acme Labs</strong>") && page.contains(&signed.public), "{page}");
    assert!(page.contains(&command), "{page}");
    assert!(page.contains("not signed"), "the unsigned vendor is shown as such");

    // The command shown runs as written in a copy of the site.
    std::fs::copy(&signed.trust, site.join("trust.toml")).unwrap();
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    let run = riskcard_in(&site, &[], &args);
    assert_eq!(run.code, 0, "{run:?}");

    // An attestation that no longer matches its scorecard is not published.
    let text = std::fs::read_to_string(&signed.card).unwrap();
    std::fs::write(&signed.card, text.replacen("\"score\": ", "\"score\": 1", 1)).unwrap();
    let run =
        riskcard(["publish".as_ref(), out.as_os_str(), "--out".as_ref(), signed.dir.path().join("site2").as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("does not verify") && run.stderr.contains("changed after it was signed"),
        "{}",
        run.stderr
    );
}
