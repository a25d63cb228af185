//! The formats other tools import: OSCAL Assessment Results and SARIF 2.1.0 per vendor,
//! each valid against its published schema (read from `shared/schemas/` beside the
//! repository, never copied into it), and the portfolio as CSV and an XLSX workbook.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{assess_baseline, criterion, repo, scorecard};

/// The published schema `name`, from the `shared/schemas/` directory beside the repository.
fn validator(name: &str) -> jsonschema::Validator {
    let path = repo().join("../shared/schemas").join(name);
    let text = std::fs::read(&path).unwrap_or_else(|error| {
        panic!("{}: {error} (the schemas live in shared/schemas beside the clone)", path.display())
    });
    let schema: Value = serde_json::from_slice(&text).expect("the schema is JSON");
    jsonschema::options().should_validate_formats(true).build(&schema).expect("the schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, document: &Value, what: &str) {
    let errors: Vec<String> =
        validator.iter_errors(document).map(|error| format!("{} at {}", error, error.instance_path())).collect();
    assert!(errors.is_empty(), "{what} is not valid:\n{}", errors.join("\n"));
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// The five example vendors assessed in every format into a new directory.
fn assessed() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = assess_baseline(&repo().join("examples/vendors"), &out, &["--format", "json,oscal,sarif,csv,xlsx"]);
    assert_eq!(run.code, 1, "two example vendors fail a required gate: {run:?}");
    (dir, out)
}

const VENDORS: [&str; 5] = ["bluepeak-crm", "harbor-sales", "lumen-leads", "northwind-crm", "quillstack-crm"];

#[test]
fn oscal_assessment_results_are_schema_valid_and_map_the_scorecard() {
    let (_dir, out) = assessed();
    let validator = validator("oscal_assessment-results_schema.json");
    let mut risks_seen = 0;
    for vendor in VENDORS {
        let document = json(&out.join(format!("{vendor}.oscal.json")));
        assert_valid(&validator, &document, vendor);
        let card = scorecard(&out.join(format!("{vendor}.json")));
        let result = &document["assessment-results"]["results"][0];
        let props = result["props"].as_array().unwrap();
        let prop = |name: &str| props.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("no {name}"));
        assert_eq!(prop("grade")["value"], card["grade"]);
        let number = |name: &str| prop(name)["value"].as_str().unwrap().parse::<f64>().unwrap();
        assert_eq!(number("score"), card["score"].as_f64().unwrap());
        assert_eq!(number("coverage"), card["coverage"].as_f64().unwrap());
        assert!(props.iter().all(|p| p["ns"] == "https://riskcard.dev/ns/oscal"));
        let findings = result["findings"].as_array().unwrap();
        assert_eq!(findings.len(), card["criteria"].as_array().unwrap().len(), "a finding per criterion");
        for finding in findings {
            let id = finding["target"]["target-id"].as_str().unwrap();
            let status = &criterion(&card, id)["status"];
            let satisfied = status == "pass" || status == "not-applicable";
            assert_eq!(
                finding["target"]["status"]["state"],
                if satisfied { "satisfied" } else { "not-satisfied" },
                "{id}"
            );
        }
        let failed = card["gates_failed"].as_array().unwrap().len();
        assert_eq!(result["risks"].as_array().map_or(0, Vec::len), failed, "a risk per failed gate");
        risks_seen += failed;
        let observations = result["observations"].as_array().unwrap();
        assert!(observations.iter().all(|o| o["collected"].is_string()));
        if vendor == "northwind-crm" {
            let iso = observations
                .iter()
                .find(|o| o["title"].as_str().is_some_and(|t| t.starts_with("certifications[0]")))
                .expect("the ISO 27001 certificate is cited");
            assert_eq!(iso["collected"], "2026-11-02T00:00:00Z", "observed date of the evidence");
            assert_eq!(iso["expires"], "2028-03-13T00:00:00Z", "the certificate's expiry");
        }
    }
    assert!(risks_seen >= 2, "the example portfolio fails required gates");
}

#[test]
fn the_oscal_validator_really_checks_patterns_and_formats() {
    let (_dir, out) = assessed();
    let validator = validator("oscal_assessment-results_schema.json");
    let document = json(&out.join("northwind-crm.oscal.json"));
    let mut unicode = document.clone();
    unicode["assessment-results"]["results"][0]["props"][0]["name"] = "größe".into();
    assert!(validator.is_valid(&unicode), "\\p{{L}} classes accept letters beyond ASCII");
    let mut bad_name = document.clone();
    bad_name["assessment-results"]["results"][0]["props"][0]["name"] = "1 grade".into();
    assert!(!validator.is_valid(&bad_name), "a property name must be a token");
    let mut bad_uuid = document.clone();
    bad_uuid["assessment-results"]["uuid"] = "not-a-uuid".into();
    assert!(!validator.is_valid(&bad_uuid));
    let mut trailing = document;
    trailing["assessment-results"]["results"][0]["start"] = "2026-11-30T00:00:00Z\n".into();
    assert!(!validator.is_valid(&trailing), "`$` ends the string, not the line");
}

#[test]
fn sarif_logs_are_schema_valid_with_a_result_per_failed_criterion_at_its_evidence_line() {
    let (_dir, out) = assessed();
    let validator = validator("sarif-schema-2.1.0.json");
    for vendor in VENDORS {
        let log = json(&out.join(format!("{vendor}.sarif")));
        assert_valid(&validator, &log, vendor);
        let card = scorecard(&out.join(format!("{vendor}.json")));
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let criteria = card["criteria"].as_array().unwrap();
        for criterion in criteria {
            assert!(rules.iter().any(|rule| rule["id"] == criterion["check"]), "a rule per check");
        }
        let not_passed = criteria.iter().filter(|c| c["status"] != "pass" && c["status"] != "not-applicable").count();
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), not_passed, "{vendor}");
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
            assert!(uri.ends_with(&format!("examples/vendors/{vendor}.toml")), "{uri}");
        }
    }
    // QuillStack's ISO 27001 certificate is cited at its place in the dossier.
    let log = json(&out.join("quillstack-crm.sarif"));
    let dossier = std::fs::read_to_string(repo().join("examples/vendors/quillstack-crm.toml")).unwrap();
    let located: Vec<(String, u64)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|result| result["locations"].as_array().unwrap().clone())
        .filter_map(|location| {
            let path = location["logicalLocations"][0]["fullyQualifiedName"].as_str()?.to_owned();
            Some((path, location["physicalLocation"]["region"]["startLine"].as_u64()?))
        })
        .collect();
    assert!(!located.is_empty(), "evidence is located by line");
    for (path, line) in located {
        let last = path.rsplit('.').next().unwrap();
        let text = dossier.lines().nth(line as usize - 1).unwrap();
        // A key is found at its own line; an element of an inline array at its place in it.
        let key = last.split('[').next().unwrap();
        let inline_element = last.ends_with(']') && text.trim_start().starts_with('{');
        assert!(text.contains(key) || inline_element, "{path} is at line {line}: {text}");
    }
}

#[test]
fn the_portfolio_is_a_csv_pair_and_a_workbook_with_two_sheets() {
    let (_dir, out) = assessed();
    let portfolio = std::fs::read_to_string(out.join("portfolio.csv")).unwrap();
    let mut lines = portfolio.lines();
    assert_eq!(
        lines.next().unwrap(),
        "vendor_id,vendor_name,product,grade,score,coverage,risk_tier,gates_failed,rubric_id,rubric_version,as_of"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), VENDORS.len(), "one row per vendor");
    for (row, vendor) in rows.iter().zip(VENDORS) {
        let card = scorecard(&out.join(format!("{vendor}.json")));
        assert!(row.starts_with(&format!("{vendor},")), "{row}");
        assert!(row.contains(&format!(",{},{},", card["grade"].as_str().unwrap(), card["score"])), "{row}");
        assert!(row.ends_with(",2026-11-30"), "{row}");
    }
    let criteria = std::fs::read_to_string(out.join("criteria.csv")).unwrap();
    let count = scorecard(&out.join("northwind-crm.json"))["criteria"].as_array().unwrap().len();
    assert_eq!(criteria.lines().count(), 1 + VENDORS.len() * count, "one row per vendor and criterion");
    let workbook = std::fs::read(out.join("portfolio.xlsx")).unwrap();
    assert!(workbook.starts_with(b"PK\x03\x04"), "an XLSX file is a zip archive");
    let names = String::from_utf8_lossy(&workbook);
    assert!(names.contains("xl/worksheets/sheet1.xml") && names.contains("xl/worksheets/sheet2.xml"), "two sheets");
}

#[test]
fn every_format_is_reproducible_and_publish_ignores_the_extra_files() {
    let (dir, out) = assessed();
    let again = dir.path().join("again");
    assess_baseline(&repo().join("examples/vendors"), &again, &["--format", "json,oscal,sarif,csv,xlsx"]);
    for name in crate::support::files_in(&out) {
        assert_eq!(std::fs::read(out.join(&name)).unwrap(), std::fs::read(again.join(&name)).unwrap(), "{name}");
    }
    let site = dir.path().join("site");
    let run = crate::support::riskcard(["publish".as_ref(), out.as_os_str(), "--out".as_ref(), site.as_os_str()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("published 5 vendor(s)"), "{}", run.stdout);
}
