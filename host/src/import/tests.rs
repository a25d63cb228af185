use std::path::PathBuf;

use serde_json::Value;

use super::*;

fn csv(dir: &Path, name: &str, rows: &[(&str, &str)]) -> PathBuf {
    let mut text = String::from("CAIQ v4.0.3,,\nQuestion ID,Question,CSP CAIQ Answer\n");
    for (id, answer) in rows {
        text.push_str(&format!("{id},riskcard's own wording,{answer}\n"));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Every question of the built-in mapping answered `answer`.
fn all_answered(answer: &str) -> Vec<(String, String)> {
    Mapping::caiq_v4().unwrap().questions.iter().map(|q| (q.id.clone(), answer.to_owned())).collect()
}

fn import_caiq(file: &Path, base: Dossier) -> Result<Imported, Diagnostics> {
    let mapping = Mapping::caiq_v4().unwrap();
    import(Request { file, kind: Kind::Caiq, mapping: &mapping, base })
}

fn rows(answers: &[(String, String)]) -> Vec<(&str, &str)> {
    answers.iter().map(|(id, answer)| (id.as_str(), answer.as_str())).collect()
}

#[test]
fn the_built_in_mapping_loads_and_every_rationale_cites_its_ccm_control() {
    let mapping = Mapping::caiq_v4().unwrap();
    assert!(mapping.questions.len() >= 10);
    for question in &mapping.questions {
        assert!(is_question_id(&question.id), "{}", question.id);
        let control = question.id.split('.').next().unwrap();
        assert!(question.rationale.contains(&format!("CCM {control} (")), "{}: {}", question.id, question.rationale);
    }
}

#[test]
fn a_yes_sets_its_field_with_an_attestation_naming_question_answer_hash_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let answers = all_answered("Yes");
    let file = csv(dir.path(), "acme.csv", &rows(&answers));
    let imported = import_caiq(&file, new_dossier("acme", "Acme")).unwrap();
    let dossier = &imported.dossier;
    assert_eq!(dossier.encryption.as_ref().unwrap().at_rest, Some(true));
    assert_eq!(imported.filled.len(), Mapping::caiq_v4().unwrap().fields().len());
    let attestation = &dossier.attestations["encryption.at_rest"];
    assert_eq!(attestation.questionnaire, "CAIQ");
    assert_eq!(attestation.version.as_deref(), Some("4.0.3"));
    assert_eq!(attestation.question.as_deref(), Some("CEK-03.1"));
    assert_eq!(attestation.answer.as_deref(), Some("Yes"));
    assert_eq!(attestation.sha256.as_deref(), Some(crate::fsio::sha256_hex(&std::fs::read(&file).unwrap()).as_str()));
    let row = 3 + answers.iter().position(|(id, _)| id == "CEK-03.1").unwrap();
    assert_eq!(attestation.cell.as_deref(), Some(format!("acme.csv!C{row}").as_str()));
    assert_eq!(dossier.encryption.as_ref().unwrap().source.as_deref(), Some("CAIQ v4.0.3 answers in acme.csv"));
}

#[test]
fn no_and_na_and_blank_answers_mean_false_nothing_and_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut answers = all_answered("NA");
    answers.iter_mut().find(|(id, _)| id == "CEK-03.1").unwrap().1 = "No".into();
    answers.iter_mut().find(|(id, _)| id == "CEK-08.1").unwrap().1 = String::new();
    let file = csv(dir.path(), "acme.csv", &rows(&answers));
    let imported = import_caiq(&file, new_dossier("acme", "Acme")).unwrap();
    let encryption = imported.dossier.encryption.as_ref().unwrap();
    assert_eq!(encryption.at_rest, Some(false));
    assert_eq!(encryption.byok, None);
    assert_eq!(imported.unanswered, ["CEK-08.1"]);
    assert_eq!(imported.not_applicable.len(), answers.len() - 2);
    assert_eq!(imported.filled.len(), 1);
}

#[test]
fn merging_keeps_every_analyst_fact_lists_it_and_keeps_disagreements_as_disputed() {
    let dir = tempfile::tempdir().unwrap();
    let file = csv(dir.path(), "acme.csv", &rows(&all_answered("Yes")));
    let analyst: Dossier = toml::from_str(
        "[vendor]\nid = \"acme\"\nname = \"Acme\"\n\n[encryption]\nat_rest = false\nbyok = true\nsource = \"Security whitepaper\"\n",
    )
    .unwrap();
    let imported = import_caiq(&file, analyst).unwrap();
    let encryption = imported.dossier.encryption.as_ref().unwrap();
    assert_eq!(encryption.at_rest, Some(false), "the analyst's value stands");
    assert_eq!(encryption.source.as_deref(), Some("Security whitepaper"));
    assert_eq!(encryption.key_access_restricted, Some(true), "a field the analyst left out is filled");
    let skipped: Vec<(&str, bool)> = imported.skipped.iter().map(|s| (s.path.as_str(), s.contradicts())).collect();
    assert_eq!(skipped, [("encryption.at_rest", true), ("encryption.byok", false)]);
    assert!(!imported.dossier.attestations.contains_key("encryption.at_rest"));
    let disputed = &imported.dossier.disputed["encryption.at_rest"];
    assert_eq!(disputed.claimed, Value::Bool(true));
    assert_eq!(disputed.attestation.question.as_deref(), Some("CEK-03.1"));
    assert!(!imported.dossier.disputed.contains_key("encryption.byok"));
}

#[test]
fn importing_again_replaces_the_vendors_earlier_answers_but_not_the_analysts() {
    let dir = tempfile::tempdir().unwrap();
    let first =
        import_caiq(&csv(dir.path(), "a.csv", &rows(&all_answered("Yes"))), new_dossier("acme", "Acme")).unwrap();
    let second = import_caiq(&csv(dir.path(), "b.csv", &rows(&all_answered("No"))), first.dossier).unwrap();
    assert_eq!(second.dossier.encryption.as_ref().unwrap().at_rest, Some(false));
    assert!(second.skipped.is_empty());
    assert_eq!(
        second.dossier.attestations["encryption.at_rest"].cell.as_deref().map(|c| c.starts_with("b.csv!")),
        Some(true)
    );
}

#[test]
fn every_problem_in_a_questionnaire_is_reported_at_once_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut answers = all_answered("Yes");
    answers.retain(|(id, _)| id != "DSP-14.1");
    answers.push(("CEK-03.1".into(), "No".into()));
    answers.iter_mut().find(|(id, _)| id == "IAM-14.1").unwrap().1 = "Partially".into();
    let file = csv(dir.path(), "acme.csv", &rows(&answers));
    let problems = import_caiq(&file, new_dossier("acme", "Acme")).unwrap_err().0;
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 3, "{text:#?}");
    let iam = 3 + answers.iter().position(|(id, _)| id == "IAM-14.1").unwrap();
    assert_eq!(problems[0].key.as_deref(), Some(format!("acme.csv!C{iam}").as_str()));
    assert!(text[0].contains("unknown answer `Partially`") && text[0].contains("`Yes`, `No`, `NA`"), "{}", text[0]);
    assert!(text[1].contains("`CEK-03.1` appears twice"), "{}", text[1]);
    assert_eq!(problems[1].key.as_deref(), Some(format!("acme.csv!A{}", 2 + answers.len()).as_str()));
    assert!(text[2].contains("question `DSP-14.1` of the mapping (mappings/caiq-v4.toml (built in):"), "{}", text[2]);
    assert!(text[2].contains("is not in the questionnaire"));
}

#[test]
fn a_caiq_lite_may_leave_out_mapped_questions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lite.csv");
    std::fs::write(&path, "CAIQ-Lite v4.0.2\nQuestion ID,CSP CAIQ Answer\nCEK-03.1,Yes\n").unwrap();
    let imported = import_caiq(&path, new_dossier("acme", "Acme")).unwrap();
    assert_eq!(imported.dossier.attestations["encryption.at_rest"].questionnaire, "CAIQ-Lite");
    assert_eq!(imported.not_asked.len(), Mapping::caiq_v4().unwrap().questions.len() - 1);
}

#[test]
fn another_caiq_version_is_refused_saying_what_was_expected_and_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.csv");
    std::fs::write(&path, "CAIQ v3.1\nQuestion ID,CSP CAIQ Answer\nCEK-03.1,Yes\n").unwrap();
    let problem = &import_caiq(&path, new_dossier("acme", "Acme")).unwrap_err().0[0];
    assert!(problem.message.starts_with("not a CAIQ v4: expected"), "{problem}");
    assert!(problem.message.contains("version 3.1"), "{problem}");
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "Vendor,Score\nAcme,3\n").unwrap();
    let problem = &import_caiq(&other, new_dossier("acme", "Acme")).unwrap_err().0[0];
    assert!(problem.message.contains("`Question ID` and `CSP CAIQ Answer`"), "{problem}");
    assert!(problem.message.contains("found sheet `other.csv`, beginning `Vendor`, `Score`"), "{problem}");
}
