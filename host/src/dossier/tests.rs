use std::path::Path;

use super::*;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn errors(result: Result<LoadedDossier, Diagnostics>) -> Vec<Diagnostic> {
    result.expect_err("the dossier should be refused").0
}

#[test]
fn toml_and_json_dossiers_read_alike() {
    let dir = tempfile::tempdir().unwrap();
    let toml = write(
        dir.path(),
        "a.toml",
        "[vendor]\nid = \"acme\"\nname = \"Acme\"\n\n[[certifications]]\nkind = \"soc2-type2\"\nissued = 2026-01-31\n",
    );
    let json = write(
        dir.path(),
        "a.json",
        r#"{"vendor":{"id":"acme","name":"Acme"},"certifications":[{"kind":"soc2-type2","issued":"2026-01-31"}]}"#,
    );
    let from_toml = load(&toml).unwrap();
    let from_json = load(&json).unwrap();
    assert_eq!(from_toml.dossier, from_json.dossier);
    assert_ne!(from_toml.sha256, from_json.sha256);
}

#[test]
fn unknown_field_names_the_line_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.toml", "[vendor]\nid = \"acme\"\nname = \"Acme\"\ncolour = \"red\"\n");
    let found = errors(load(&path));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, Some(4));
    assert!(found[0].message.contains("unknown field `colour`"), "{}", found[0]);
}

#[test]
fn wrong_type_in_json_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.json", "{\n  \"vendor\": {\"id\": \"acme\", \"name\": 42}\n}\n");
    let found = errors(load(&path));
    assert_eq!(found[0].line, Some(2));
    assert!(found[0].message.contains("invalid type"), "{}", found[0]);
    assert!(!found[0].message.contains("at line"), "position is not repeated: {}", found[0]);
    assert_eq!(found[0].key.as_deref(), Some("vendor.name"), "the field's path is named");
}

#[test]
fn a_json_error_names_only_the_part_of_the_path_that_is_known() {
    let dir = tempfile::tempdir().unwrap();
    let truncated = write(dir.path(), "t.json", "{\"vendor\": {\"id\": \"acme\", \"name\": \"Acme\"}, \"access_c");
    assert_eq!(errors(load(&truncated))[0].key, None, "nothing is known of the unfinished key");
    let inner = write(dir.path(), "i.json", "{\"vendor\": {\"id\": \"acme\", \"na");
    assert_eq!(errors(load(&inner))[0].key.as_deref(), Some("vendor"));
    assert_eq!(json_error_field("certifications[0].kind"), "certifications[0].kind");
    assert_eq!(json_error_field("."), "");
}

#[test]
fn every_semantic_problem_is_reported_at_once_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[vendor]\nid = \"../escape\"\nname = \"X\"\nwebsite = \"ftp://x\"\n\n[availability]\nsla_percent = 120.0\nmonthly = [\n  { month = \"2026-13\", percent = 99.0 },\n]\n";
    let path = write(dir.path(), "a.toml", text);
    let found = errors(load(&path));
    let keys: Vec<_> = found.iter().map(|d| d.key.clone().unwrap()).collect();
    assert_eq!(keys, ["vendor.id", "vendor.website", "availability.sla_percent", "availability.monthly[0].month"]);
    assert_eq!(found[0].line, Some(2));
    assert_eq!(found[2].line, Some(7));
}

#[test]
fn missing_file_and_wrong_extension_are_clear() {
    let missing = errors(load(Path::new("/nonexistent/vendor.toml")));
    assert!(missing[0].message.starts_with("cannot read dossier"));
    let wrong = errors(load(Path::new("vendor.yaml")));
    assert!(wrong[0].message.contains(".toml or .json"));
}

#[test]
fn directories_expand_to_sorted_dossier_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.toml", "");
    write(dir.path(), "a.json", "");
    write(dir.path(), "notes.md", "");
    let files = expand_paths(&[dir.path().to_owned()]).unwrap();
    let names: Vec<_> = files.iter().map(|p| p.file_name().unwrap().to_str().unwrap()).collect();
    assert_eq!(names, ["a.json", "b.toml"]);
}

#[test]
fn provenance_resolves_cited_paths() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.toml",
        "[vendor]\nid = \"acme\"\nname = \"A\"\n\n[[certifications]]\nkind = \"iso27001\"\nsource = \"https://a.example/iso\"\nobserved = 2026-01-02\n\n[compliance.gdpr]\nsource = \"DPA v3\"\n\n[incidents]\nsource = \"list\"\n[[incidents.entries]]\nid = \"i1\"\ntitle = \"t\"\nkind = \"data-breach\"\nseverity = \"low\"\ndetected_at = 2026-01-01T00:00:00Z\nsource = \"advisory\"\n",
    );
    let dossier = load(&path).unwrap().dossier;
    assert_eq!(
        dossier.provenance("certifications[0]"),
        Some((Some("https://a.example/iso"), Date::parse("2026-01-02").ok()))
    );
    assert_eq!(dossier.provenance("compliance.gdpr.dpa_offered").unwrap().0, Some("DPA v3"));
    assert_eq!(dossier.provenance("incidents.entries[0]").unwrap().0, Some("advisory"));
    assert_eq!(dossier.provenance("incidents").unwrap().0, Some("list"));
    assert_eq!(dossier.provenance("certifications[3]"), None);
    assert_eq!(dossier.provenance("encryption"), None);
}

#[test]
fn attestations_round_trip_and_name_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[vendor]\nid = \"acme\"\nname = \"A\"\n\n[encryption]\nat_rest = true\n\n[attestations.\"encryption.at_rest\"]\nquestionnaire = \"CAIQ\"\nversion = \"4.0.3\"\nquestion = \"CEK-03.1\"\nanswer = \"Yes\"\nsha256 = \"ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12\"\ncell = \"CAIQv4.0.3!C42\"\nrecorded = 2026-11-02T10:00:00Z\n";
    let dossier = load(&write(dir.path(), "a.toml", text)).unwrap().dossier;
    let attestation = &dossier.attestations["encryption.at_rest"];
    assert_eq!(attestation.question.as_deref(), Some("CEK-03.1"));
    assert_eq!(attestation.cell.as_deref(), Some("CAIQv4.0.3!C42"));
    let again: Dossier = toml::from_str(&toml::to_string(&dossier).unwrap()).unwrap();
    assert_eq!(again, dossier);
}

#[test]
fn attestations_for_missing_facts_or_with_malformed_origins_are_refused_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[vendor]\nid = \"acme\"\nname = \"A\"\n\n[encryption]\nat_rest = true\n\n[attestations.\"encryption.byok\"]\nquestionnaire = \"CAIQ\"\n\n[attestations.\"encryption.at_rest\"]\nquestionnaire = \" \"\nsha256 = \"ABC\"\ncell = \"C42\"\n";
    let found = errors(load(&write(dir.path(), "a.toml", text)));
    let keys: Vec<_> = found.iter().map(|d| d.key.clone().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "attestations.\"encryption.at_rest\".questionnaire",
            "attestations.\"encryption.at_rest\".sha256",
            "attestations.\"encryption.at_rest\".cell",
            "attestations.\"encryption.byok\"",
        ]
    );
    assert_eq!(found[0].line, Some(12));
    assert_eq!(found[3].line, Some(8));
    assert!(found[3].message.contains("does not state"), "{}", found[3]);
}

#[test]
fn the_dossier_schema_describes_attestations() {
    let schema = serde_json::to_value(schemars::schema_for!(Dossier)).unwrap();
    assert!(schema["properties"]["attestations"].is_object());
    let attestation = serde_json::to_string(&schema).unwrap();
    assert!(attestation.contains("Where one vendor-attested fact came from."));
}

#[test]
fn the_newer_sections_report_every_problem_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"[vendor]
id = "acme"
name = "Acme"

[access_control]
mfa = "enforceable"
mfa_factors = []
phishing_resistant_enforceable = true

[trust]
bug_bounty = false

[[subprocessors]]
name = "Hosting GmbH"
country = "de"

[[subprocessors]]
name = "Mail Ltd"
country = "XX"

[residency]
regions = ["EU", "Europe"]

[assurance.penetration_test]
completed = 2026-06-19

[assurance.vulnerability_disclosure]
policy_url = "acme.example/security"

[assurance.bug_bounty]
platform = "HackerOne"
"#;
    let path = write(dir.path(), "a.toml", text);
    let found = errors(load(&path));
    let keys: Vec<_> = found.iter().map(|d| d.key.clone().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "subprocessors[0].country",
            "subprocessors[1].country",
            "residency.regions[1]",
            "assurance.vulnerability_disclosure.policy_url",
            "assurance.bug_bounty",
            "access_control.mfa_factors",
            "access_control.phishing_resistant_enforceable",
        ]
    );
    assert_eq!(found[0].help.as_deref(), Some("write it in upper case, as ISO 3166-1 does: \"DE\""));
    assert!(found[1].message.contains("`XX` is not an ISO 3166-1 alpha-2 country code"), "{}", found[1]);
    assert_eq!(found[0].line, Some(15));
}

#[test]
fn country_codes_and_regions_follow_iso_3166() {
    assert!(is_country_code("DE") && is_country_code("US") && is_country_code("GB"));
    assert!(!is_country_code("de") && !is_country_code("UK") && !is_country_code("EU") && !is_country_code("DEU"));
    assert!(is_region("EU") && is_region("IE") && !is_region("eu") && !is_region("Europe"));
}
