//! `riskcard import`: completed CAIQ v4 workbooks (generated here in the STAR layout and
//! its variants), CAIQ-Lite, CSV exports and mapped questionnaires, imported and then
//! assessed — the scorecard cites question ids, shows contradictions, and a gate that
//! needs verified evidence does not pass on the vendor's word alone.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::support::{assess_baseline, criterion, repo, riskcard, scorecard, write};

/// The STAR workbook's columns, in its order.
const STAR_COLUMNS: [&str; 6] = [
    "Question ID",
    "Question",
    "CSP CAIQ Answer",
    "SSRM Control Ownership",
    "CSP Implementation Description (Optional/Recommended)",
    "CSC Responsibilities (Optional/Recommended)",
];

/// Every question id of the shipped CAIQ mapping.
fn mapped_ids() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("mappings/caiq-v4.toml")).unwrap();
    let mapping: toml::Table = toml::from_str(&text).unwrap();
    mapping["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|question| question["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Every mapped question answered `answer`, plus an unmapped one.
fn answers(answer: &str) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = mapped_ids().into_iter().map(|id| (id, answer.to_owned())).collect();
    all.push(("HRS-01.1".into(), "Yes".into()));
    all
}

/// A workbook in a CAIQ layout: `sheet`, `title` in A1, the header at `header_row`
/// (0-based) with `columns`, then one row per answer.
fn workbook(path: &Path, sheet: &str, header_row: u32, columns: &[&str], rows: &[(String, String)]) {
    let mut book = Workbook::new();
    let worksheet = book.add_worksheet();
    worksheet.set_name(sheet).unwrap();
    worksheet.write_string(0, 0, "Consensus Assessments Initiative Questionnaire for Example CRM").unwrap();
    for (column, heading) in columns.iter().enumerate() {
        worksheet.write_string(header_row, u16::try_from(column).unwrap(), *heading).unwrap();
    }
    let position = |name: &str| {
        columns.iter().position(|heading| heading.to_lowercase().contains(name)).map(|at| u16::try_from(at).unwrap())
    };
    let (id, answer, question) = (position("id").unwrap(), position("answer").unwrap(), position("question"));
    for (index, (question_id, text)) in rows.iter().enumerate() {
        let row = header_row + 1 + u32::try_from(index).unwrap();
        worksheet.write_string(row, id, question_id).unwrap();
        worksheet.write_string(row, answer, text).unwrap();
        if let Some(column) = question.filter(|column| *column != id) {
            worksheet.write_string(row, column, "Our own paraphrase of the question").unwrap();
        }
    }
    book.save(path).unwrap();
}

fn star_workbook(dir: &Path, rows: &[(String, String)]) -> PathBuf {
    let path = dir.join("caiq.xlsx");
    workbook(&path, "CAIQv4.0.3", 1, &STAR_COLUMNS, rows);
    path
}

fn import(args: &[&str]) -> crate::support::Run {
    let mut all = vec!["import"];
    all.extend(args);
    riskcard(all)
}

fn path(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn dossier(path: &Path) -> toml::Table {
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The imported facts of a dossier: each attested path with its question and answer.
fn facts(path: &Path) -> Vec<(String, String, String)> {
    let table = dossier(path);
    table["attestations"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(path, attestation)| {
            (
                path.clone(),
                attestation["question"].as_str().unwrap().to_owned(),
                attestation["answer"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_star_workbook_imports_and_the_scorecard_cites_its_question_ids() {
    let dir = tempfile::tempdir().unwrap();
    let book = star_workbook(dir.path(), &answers("Yes"));
    let out = dir.path().join("vendors/example-crm.toml");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let run =
        import(&["caiq", path(&book), "--vendor-id", "example-crm", "--name", "Example CRM", "--out", path(&out)]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("encryption.at_rest ← CEK-03.1"), "{}", run.stderr);
    let written = dossier(&out);
    assert_eq!(written["vendor"]["name"].as_str(), Some("Example CRM"));
    assert_eq!(written["encryption"]["at_rest"].as_bool(), Some(true));
    let attestation = &written["attestations"]["encryption.at_rest"];
    assert_eq!(attestation["questionnaire"].as_str(), Some("CAIQ"));
    assert_eq!(attestation["version"].as_str(), Some("4.0.3"));
    let row = 3 + mapped_ids().iter().position(|id| id == "CEK-03.1").unwrap();
    assert_eq!(attestation["cell"].as_str(), Some(format!("CAIQv4.0.3!C{row}").as_str()));
    let sha256 = riskcard_sha256(&book);
    assert_eq!(attestation["sha256"].as_str(), Some(sha256.as_str()));

    let cards = dir.path().join("cards");
    let run = assess_baseline(&out, &cards, &["--format", "json,html,md"]);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    let card = scorecard(&cards.join("example-crm.json"));
    let at_rest = criterion(&card, "encryption-at-rest");
    assert_eq!(at_rest["evidence"], "vendor-attested");
    let cited: Vec<&str> = at_rest["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|finding| finding["evidence"].as_array().unwrap())
        .flat_map(|evidence| evidence["attested"].as_array().unwrap())
        .map(|fact| fact["attestation"]["question"].as_str().unwrap())
        .collect();
    assert!(cited.contains(&"CEK-03.1"), "{at_rest:#}");
    assert_eq!(criterion(&card, "breach-history")["evidence"], Value::Null, "no CAIQ answer speaks to incidents");
    let html = std::fs::read_to_string(cards.join("example-crm.html")).unwrap();
    assert!(
        html.contains("CAIQ v4.0.3 CEK-03.1 answered &#34;Yes&#34;")
            || html.contains("CEK-03.1 answered &quot;Yes&quot;"),
        "html cites the question"
    );
    assert!(html.contains("evidence vendor-attested"));
    let markdown = std::fs::read_to_string(cards.join("example-crm.md")).unwrap();
    assert!(markdown.contains("CEK-03.1"), "markdown cites the question");
    assert!(markdown.contains("evidence vendor-attested"));
}

fn riskcard_sha256(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).unwrap()))
}

#[test]
fn header_variants_are_found_by_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let rows = answers("Yes");
    let expected = {
        let book = star_workbook(dir.path(), &rows);
        let out = dir.path().join("star.toml");
        assert_eq!(import(&["caiq", path(&book), "--vendor-id", "v", "--out", path(&out)]).code, 0);
        facts(&out)
    };
    let variants: [(&str, u32, Vec<&str>); 3] = [
        ("CAIQ v4.0.2", 4, vec!["CSP CAIQ Answer (v4.0.2)", "Question ID", "Question"]),
        ("CAIQv4.0.3", 1, vec!["  question   id ", "Question", "SSRM Control Ownership", "CSP\nCAIQ Answer"]),
        ("caiq_v4.0", 0, vec!["Question ID", "CSP CAIQ Answer"]),
    ];
    for (index, (sheet, header_row, columns)) in variants.iter().enumerate() {
        let book = dir.path().join(format!("variant-{index}.xlsx"));
        workbook(&book, sheet, *header_row, columns, &rows);
        let out = dir.path().join(format!("variant-{index}.toml"));
        let run = import(&["caiq", path(&book), "--vendor-id", "v", "--out", path(&out)]);
        assert_eq!(run.code, 0, "{sheet}: {run:?}");
        assert_eq!(facts(&out), expected, "{sheet}");
    }
}

#[test]
fn caiq_lite_and_csv_exports_import_the_same_facts() {
    let dir = tempfile::tempdir().unwrap();
    let lite_rows: Vec<(String, String)> =
        answers("Yes").into_iter().filter(|(id, _)| id.starts_with("CEK") || id.starts_with("IAM")).collect();
    let lite = dir.path().join("lite.xlsx");
    workbook(&lite, "CAIQ-Lite v4.0.3", 1, &STAR_COLUMNS, &lite_rows);
    let out = dir.path().join("lite.toml");
    let run = import(&["caiq", path(&lite), "--vendor-id", "v", "--out", path(&out)]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("not asked by this CAIQ-Lite"), "{}", run.stderr);
    let imported = facts(&out);
    assert_eq!(imported.len(), lite_rows.len());
    assert_eq!(dossier(&out)["attestations"]["encryption.at_rest"]["questionnaire"].as_str(), Some("CAIQ-Lite"));

    let csv = dir.path().join("export.csv");
    let mut text = String::from("CAIQv4.0.3 export\n\"Question ID\",\"Question\",\"CSP CAIQ Answer\"\n");
    for (id, answer) in answers("No") {
        text.push_str(&format!("{id},\"Our paraphrase, with a comma\",{answer}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let out = dir.path().join("csv.toml");
    let run = import(&["caiq", path(&csv), "--vendor-id", "v", "--out", path(&out)]);
    assert_eq!(run.code, 0, "{run:?}");
    let written = dossier(&out);
    assert_eq!(written["encryption"]["at_rest"].as_bool(), Some(false));
    assert_eq!(written["access_control"]["mfa"].as_str(), Some("unavailable"));
    assert!(written["attestations"]["encryption.at_rest"]["cell"].as_str().unwrap().starts_with("export.csv!C"));
}

/// A one-criterion rubric: encryption at rest as a required gate, with `evidence` if given.
fn gate_rubric(dir: &Path, name: &str, evidence: Option<&str>) -> PathBuf {
    let evidence = evidence.map(|level| format!("evidence = \"{level}\"\n")).unwrap_or_default();
    write(
        dir,
        name,
        &format!(
            "id = \"gate\"\nversion = \"1.0.0\"\ntitle = \"Gate\"\n\n[[criteria]]\nid = \"encryption-at-rest\"\npractice = \"encryption\"\ncheck = \"encryption/at-rest\"\nweight = 1\ngate = \"required\"\n{evidence}\n[[grades]]\ngrade = \"A\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n"
        ),
    )
}

fn assess_with(dossier: &Path, rubric: &Path, out: &Path) -> (i32, Value) {
    let run = riskcard([
        "assess",
        path(dossier),
        "--rubric",
        path(rubric),
        "--as-of",
        "2026-11-30",
        "--format",
        "json,html,md",
        "--out",
        path(out),
    ]);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    (run.code, scorecard(&out.join("v.json")))
}

#[test]
fn a_gate_that_needs_verified_evidence_does_not_pass_on_the_vendors_word_alone() {
    let dir = tempfile::tempdir().unwrap();
    let analyst = write(
        dir.path(),
        "analyst.toml",
        "[vendor]\nid = \"v\"\nname = \"V\"\n\n[encryption]\nat_rest_algorithm = \"AES-256-GCM\"\nat_rest_key_bits = 256\nsource = \"Security whitepaper 2026\"\n",
    );
    let book = star_workbook(dir.path(), &answers("Yes"));
    let merged = dir.path().join("merged.toml");
    let run = import(&["caiq", path(&book), "--vendor-id", "v", "--merge", path(&analyst), "--out", path(&merged)]);
    assert_eq!(run.code, 0, "{run:?}");

    let strict = gate_rubric(dir.path(), "strict.toml", Some("verified"));
    let (code, card) = assess_with(&merged, &strict, &dir.path().join("strict"));
    assert_eq!(code, 1, "the gate fails");
    let at_rest = criterion(&card, "encryption-at-rest");
    assert_eq!(at_rest["status"], "pass", "the check itself is met");
    assert_eq!(at_rest["evidence"], "vendor-attested");
    assert_eq!(at_rest["evidence_required"], "verified");
    assert_eq!(card["gates_failed"][0]["met_on"], "vendor-attested");
    let html = std::fs::read_to_string(dir.path().join("strict/v.html")).unwrap();
    assert!(
        html.contains("met on the vendor&#39;s word only") || html.contains("met on the vendor&#x27;s word only"),
        "{}",
        &html[..2000]
    );
    let markdown = std::fs::read_to_string(dir.path().join("strict/v.md")).unwrap();
    assert!(markdown.contains("met on the vendor"), "markdown says so");

    let lenient = gate_rubric(dir.path(), "lenient.toml", None);
    let (code, card) = assess_with(&merged, &lenient, &dir.path().join("lenient"));
    assert_eq!(code, 0, "without `evidence` the vendor's word meets the gate: {card:#}");

    let verified = write(
        dir.path(),
        "verified.toml",
        &std::fs::read_to_string(&analyst).unwrap().replace("[encryption]\n", "[encryption]\nat_rest = true\n"),
    );
    let (code, card) = assess_with(&verified, &strict, &dir.path().join("verified"));
    assert_eq!(code, 0, "an analyst's evidence meets it: {card:#}");
    assert_eq!(criterion(&card, "encryption-at-rest")["evidence"], "verified");
}

#[test]
fn answers_that_contradict_the_analyst_are_skipped_listed_and_shown_with_both_sources() {
    let dir = tempfile::tempdir().unwrap();
    let analyst = write(
        dir.path(),
        "v.toml",
        "[vendor]\nid = \"v\"\nname = \"V\"\n\n[encryption]\nat_rest = false\nbyok = true\nsource = \"Penetration test report 2026\"\nobserved = 2026-10-01\n",
    );
    let book = star_workbook(dir.path(), &answers("Yes"));
    let merged = dir.path().join("merged/v.toml");
    std::fs::create_dir_all(merged.parent().unwrap()).unwrap();
    let run = import(&["caiq", path(&book), "--vendor-id", "v", "--merge", path(&analyst), "--out", path(&merged)]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("skipped 2 fact(s)"), "{}", run.stderr);
    assert!(run.stderr.contains("encryption.at_rest ← CEK-03.1 at CAIQv4.0.3!C"), "{}", run.stderr);
    assert!(run.stderr.contains("CONTRADICTS: the answer means true, the dossier says false"), "{}", run.stderr);
    assert!(run.stderr.contains("encryption.byok ← CEK-08.1 at CAIQv4.0.3!C") && run.stderr.contains("agrees (true)"));
    let written = dossier(&merged);
    assert_eq!(written["encryption"]["at_rest"].as_bool(), Some(false), "the analyst's value stands");
    assert_eq!(written["encryption"]["source"].as_str(), Some("Penetration test report 2026"));

    let cards = dir.path().join("cards");
    let run = assess_baseline(&merged, &cards, &["--format", "json,html,md"]);
    assert_eq!(run.code, 1, "{run:?}");
    let card = scorecard(&cards.join("v.json"));
    let contradiction = &card["contradictions"][0];
    assert_eq!(contradiction["path"], "encryption.at_rest");
    assert_eq!(contradiction["claimed"], true);
    assert_eq!(contradiction["stated"], false);
    assert_eq!(contradiction["stated_by"], "verified");
    assert_eq!(contradiction["source"], "Penetration test report 2026");
    assert_eq!(contradiction["attestation"]["question"], "CEK-03.1");
    assert_eq!(contradiction["used"], false);
    assert_eq!(card["contradictions"].as_array().unwrap().len(), 1);
    for format in ["html", "md"] {
        let text = std::fs::read_to_string(cards.join(format!("v.{format}"))).unwrap();
        assert!(text.contains("contradict other evidence"), "{format}");
        assert!(text.contains("Penetration test report 2026") && text.contains("CEK-03.1"), "{format}");
    }
}

#[test]
fn a_mapped_questionnaire_imports_and_collected_evidence_can_contradict_it() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = write(
        dir.path(),
        "in-house.toml",
        "[questionnaire]\nname = \"Acme security questionnaire\"\nversion = \"2\"\nsheet = \"Answers\"\nid_column = \"Ref\"\nanswer_column = \"Response\"\n\n[answers]\nyes = [\"Y\"]\nno = [\"N\"]\n\n[[questions]]\nid = \"WEB-1\"\nabout = \"The login page is served over HTTPS only\"\nrationale = \"Our policy WEB-1 requires HTTPS for the application.\"\nyes = { \"web_security.https\" = true }\nno = { \"web_security.https\" = false }\n\n[[questions]]\nid = \"ENC-1\"\nabout = \"Customer-managed keys\"\nrationale = \"Our policy ENC-1.\"\nyes = { encryption = { byok = true } }\n",
    );
    let file = dir.path().join("answers.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Cover").unwrap().write_string(0, 0, "Acme questionnaire").unwrap();
    let sheet = book.add_worksheet().set_name("Answers").unwrap();
    for (row, cells) in [["Ref", "Response"], ["WEB-1", "Y"], ["ENC-1", "N"]].iter().enumerate() {
        for (column, text) in cells.iter().enumerate() {
            sheet.write_string(u32::try_from(row).unwrap(), u16::try_from(column).unwrap(), *text).unwrap();
        }
    }
    book.save(&file).unwrap();
    let vendors = dir.path().join("vendors");
    std::fs::create_dir_all(&vendors).unwrap();
    let out = vendors.join("v.toml");
    let run =
        import(&["questionnaire", path(&file), "--mapping", path(&mapping), "--vendor-id", "v", "--out", path(&out)]);
    assert_eq!(run.code, 0, "{run:?}");
    let written = dossier(&out);
    assert_eq!(written["web_security"]["https"].as_bool(), Some(true));
    assert!(written.get("encryption").is_none(), "ENC-1 sets nothing on a no");
    assert_eq!(written["attestations"]["web_security.https"]["cell"].as_str(), Some("Answers!B2"));

    let collected = serde_json::json!({
        "riskcard_collected": 1, "vendor": "v", "as_of": "2026-11-30", "sources": [],
        "facts": [{"path": "web_security.https", "value": false, "from": {
            "url": "https://app.v.example/login", "fetched_at": "2026-11-29T10:00:00Z",
            "http_status": 200, "sha256": "ab".repeat(32)}}]
    });
    std::fs::write(vendors.join("v.collected.json"), collected.to_string()).unwrap();
    let cards = dir.path().join("cards");
    let run = assess_baseline(&out, &cards, &[]);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    let card = scorecard(&cards.join("v.json"));
    let contradiction = &card["contradictions"][0];
    assert_eq!(contradiction["path"], "web_security.https");
    assert_eq!(contradiction["claimed"], true);
    assert_eq!(contradiction["stated"], false);
    assert_eq!(contradiction["stated_by"], "collected");
    assert_eq!(contradiction["source"], "https://app.v.example/login");
    assert_eq!(contradiction["attestation"]["questionnaire"], "Acme security questionnaire");
}

#[test]
fn bad_questionnaires_exit_2_with_every_problem_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = answers("Yes");
    rows.retain(|(id, _)| id != "DSP-14.1");
    rows.iter_mut().find(|(id, _)| id == "IAM-14.1").unwrap().1 = "Mostly".into();
    rows.iter_mut().find(|(id, _)| id == "LOG-03.1").unwrap().1 = "Sometimes".into();
    rows.push(("CEK-03.1".into(), "No".into()));
    let book = star_workbook(dir.path(), &rows);
    let out = dir.path().join("out.toml");
    let run = import(&["caiq", path(&book), "--vendor-id", "v", "--out", path(&out)]);
    assert_eq!(run.code, 2, "{run:?}");
    let row_of = |id: &str| 3 + rows.iter().position(|(question, _)| question == id).unwrap();
    for expected in [
        format!("unknown answer `Mostly` to question `IAM-14.1` (at `CAIQv4.0.3!C{}`)", row_of("IAM-14.1")),
        format!("unknown answer `Sometimes` to question `LOG-03.1` (at `CAIQv4.0.3!C{}`)", row_of("LOG-03.1")),
        format!(
            "question id `CEK-03.1` appears twice (first at CAIQv4.0.3!C{}) (at `CAIQv4.0.3!A{}`)",
            row_of("CEK-03.1"),
            2 + rows.len()
        ),
        "question `DSP-14.1` of the mapping".to_owned(),
    ] {
        assert!(run.stderr.contains(&expected), "missing {expected:?} in {}", run.stderr);
    }
    assert!(!out.exists(), "nothing is written");

    let old = dir.path().join("old.xlsx");
    workbook(&old, "CAIQv3.1", 1, &STAR_COLUMNS, &answers("Yes"));
    let run = import(&["caiq", path(&old), "--vendor-id", "v"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a CAIQ v4: expected a CAIQ v4 sheet named like `CAIQv4.0.x`"), "{}", run.stderr);
    assert!(run.stderr.contains("found sheet `CAIQv3.1`, which names version 3.1"), "{}", run.stderr);

    let other = dir.path().join("other.xlsx");
    workbook(&other, "Vendors", 0, &["Vendor ID", "Answer"], &answers("Yes"));
    let run = import(&["caiq", path(&other), "--vendor-id", "v"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("found sheet `Vendors`, beginning `Vendor ID`, `Answer`"), "{}", run.stderr);

    let corrupt = write(dir.path(), "corrupt.xlsx", "PK\u{3}\u{4} truncated");
    let run = import(&["caiq", path(&corrupt), "--vendor-id", "v"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a readable xlsx workbook (corrupt, or another format)"), "{}", run.stderr);

    let locked = dir.path().join("locked.xlsx");
    let mut compound = cfb::create(&locked).unwrap();
    std::io::Write::write_all(&mut compound.create_stream("/EncryptionInfo").unwrap(), &[4, 0, 4, 0]).unwrap();
    std::io::Write::write_all(&mut compound.create_stream("/EncryptedPackage").unwrap(), &[0; 64]).unwrap();
    compound.flush().unwrap();
    drop(compound);
    let run = import(&["caiq", path(&locked), "--vendor-id", "v"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("the workbook is password-protected (encrypted)"), "{}", run.stderr);
}

#[test]
fn a_mapping_with_mistakes_is_refused_with_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = write(
        dir.path(),
        "m.toml",
        "[questionnaire]\nname = \"Q\"\nid_column = \"ID\"\nanswer_column = \"A\"\n\n[answers]\nyes = [\"Yes\"]\nno = [\"No\"]\n\n[[questions]]\nid = \"Q1\"\nabout = \"a\"\nrationale = \"r\"\nyes = { \"encryption.at_rest\" = \"maybe\" }\n\n[[questions]]\nid = \"Q2\"\nabout = \"a\"\nrationale = \"r\"\nyes = { \"backup.colour\" = true }\n",
    );
    let csv = write(dir.path(), "q.csv", "ID,A\nQ1,Yes\n");
    let run = import(&["questionnaire", path(&csv), "--mapping", path(&mapping), "--vendor-id", "v"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("m.toml:14"), "{}", run.stderr);
    assert!(run.stderr.contains("m.toml:20") && run.stderr.contains("unknown field `colour`"), "{}", run.stderr);
}

#[test]
fn the_share_of_crm_baseline_a_fully_answered_caiq_can_evidence_is_what_the_docs_say() {
    let dir = tempfile::tempdir().unwrap();
    let book = star_workbook(dir.path(), &answers("Yes"));
    let out = dir.path().join("v.toml");
    assert_eq!(import(&["caiq", path(&book), "--vendor-id", "v", "--out", path(&out)]).code, 0);
    let cards = dir.path().join("cards");
    assess_baseline(&out, &cards, &[]);
    let card = scorecard(&cards.join("v.json"));
    let criteria = card["criteria"].as_array().unwrap();
    let evidenced =
        criteria.iter().filter(|c| ["pass", "partial", "fail"].contains(&c["status"].as_str().unwrap())).count();
    let claim = format!("**{evidenced} of {} criteria", criteria.len());
    let docs = std::fs::read_to_string(repo().join("docs/import.md")).unwrap();
    assert!(docs.contains(&claim), "docs/import.md should say {claim:?}");
    let percent = format!("({:.0}%)", 100.0 * evidenced as f64 / criteria.len() as f64);
    assert!(docs.contains(&format!("{claim} {percent}**")), "docs/import.md should say {claim} {percent}");
}

#[test]
fn the_example_questionnaire_imports_and_assesses_as_the_readme_shows() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let import_line = readme
        .lines()
        .find(|line| line.starts_with("cargo run --release -- import caiq examples/questionnaires/"))
        .expect("the README shows the import");
    let mut args = shell_words(import_line.trim_start_matches("cargo run --release -- "));
    let out_at = args.iter().position(|arg| arg == "--out").unwrap() + 1;
    let out = dir.path().join(&args[out_at]);
    args[out_at] = path(&out).to_owned();
    let run = riskcard(args);
    assert_eq!(run.code, 0, "{run:?}");
    let cards = dir.path().join("cards");
    let run = assess_baseline(out.parent().unwrap(), &cards, &[]);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    let stem = out.file_stem().unwrap().to_str().unwrap();
    let card = scorecard(&cards.join(format!("{stem}.json")));
    assert_eq!(card["vendor"]["name"], "Harbor CRM");
    assert_eq!(criterion(&card, "encryption-at-rest")["evidence"], "vendor-attested");
}

/// Splits a README command line into arguments as a shell would: whitespace separates,
/// double quotes group.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}
