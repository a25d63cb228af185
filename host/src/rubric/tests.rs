use super::*;
use crate::reads::{Reads, Section};

fn load_text(text: &str) -> Result<Rubric, Diagnostics> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.toml");
    std::fs::write(&path, text).unwrap();
    Rubric::load(&path)
}

const BANDS: &str = "\n[[grades]]\ngrade = \"A\"\nmin_score = 80\n[[grades]]\ngrade = \"F\"\nmin_score = 0\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n";

fn rubric(criteria: &str) -> String {
    format!("id = \"r\"\nversion = \"1.0.0\"\ntitle = \"R\"\n{criteria}{BANDS}")
}

fn catalog() -> Catalog {
    Catalog {
        plugins: vec![CatalogPlugin {
            name: "certifications".into(),
            version: Version::new(1, 2, 0),
            checks: vec![CatalogCheck {
                id: "iso27001".into(),
                practice: Practice::TrustedProvider,
                params: vec![CatalogParam { name: "expiry_warning_days".into(), kind: ParamKind::Integer }],
                reads: Reads::Declared {
                    sections: [Section::Certifications].into(),
                    extension_prefixes: Default::default(),
                },
            }],
        }],
    }
}

#[test]
fn a_good_rubric_loads_and_validates() {
    let text = rubric(
        "[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 2.5\nparams = { expiry_warning_days = 30 }\ngate = \"required\"\n",
    );
    let loaded = load_text(&text).unwrap();
    assert_eq!(loaded.criteria[0].plugin, "certifications");
    assert_eq!(loaded.criteria[0].params["expiry_warning_days"], ParamValue::Integer(30));
    assert_eq!(loaded.criteria[0].gate, Gate::Required);
    assert_eq!(loaded.min_coverage, 0.5);
    loaded.validate(&catalog()).unwrap();
}

#[test]
fn malformed_toml_names_the_line() {
    let found = load_text("id = \"r\"\nversion = \n").unwrap_err().0;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, Some(2));
}

#[test]
fn structural_problems_are_all_reported_with_lines() {
    let text = rubric(
        "[[criteria]]\nid = \"a\"\npractice = \"encryption\"\ncheck = \"nocheck\"\nweight = 0\n\n[[criteria]]\nid = \"a\"\npractice = \"encryption\"\ncheck = \"x/y\"\nweight = -1\n",
    );
    let found = load_text(&text).unwrap_err().0;
    let keys: Vec<_> = found.iter().map(|d| (d.key.clone().unwrap(), d.line)).collect();
    assert_eq!(
        keys,
        [
            ("criteria[0].weight".to_owned(), Some(8)),
            ("criteria[0].check".to_owned(), Some(7)),
            ("criteria[1].id".to_owned(), Some(11)),
            ("criteria[1].weight".to_owned(), Some(14)),
        ]
    );
}

#[test]
fn bands_must_descend_and_end_at_zero() {
    let text = "id = \"r\"\nversion = \"1.0.0\"\ntitle = \"R\"\n[[criteria]]\nid = \"a\"\npractice = \"backup\"\ncheck = \"p/c\"\nweight = 1\n[[grades]]\ngrade = \"A\"\nmin_score = 50\n[[grades]]\ngrade = \"B\"\nmin_score = 60\n[[risk_tiers]]\ntier = \"x\"\nmin_score = 0\n";
    let found = load_text(text).unwrap_err().0;
    let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("does not descend")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("must start at 0")), "{messages:?}");
}

#[test]
fn unknown_plugin_check_and_params_are_reported_together() {
    let text = rubric(
        "[[criteria]]\nid = \"a\"\npractice = \"backup\"\ncheck = \"nosuch/x\"\nweight = 1\n\n[[criteria]]\nid = \"b\"\npractice = \"backup\"\ncheck = \"certifications/nosuch\"\nweight = 1\n\n[[criteria]]\nid = \"c\"\npractice = \"backup\"\ncheck = \"certifications/iso27001\"\nweight = 1\nparams = { expiry_warning_days = \"soon\", colour = 1 }\n",
    );
    let found = load_text(&text).unwrap().validate(&catalog()).unwrap_err().0;
    let summary: Vec<_> = found.iter().map(|d| (d.key.clone().unwrap(), d.line.unwrap())).collect();
    assert_eq!(
        summary,
        [
            ("criteria[0].check".to_owned(), 7),
            ("criteria[1].check".to_owned(), 13),
            ("criteria[2].params.colour".to_owned(), 21),
            ("criteria[2].params.expiry_warning_days".to_owned(), 21),
        ]
    );
    assert!(found[1].help.as_deref().unwrap().contains("iso27001"));
    assert!(found[3].message.contains("must be an integer"));
}

#[test]
fn plugin_version_requirements_use_semver() {
    let criteria = "[[criteria]]\nid = \"a\"\npractice = \"backup\"\ncheck = \"certifications/iso27001\"\nweight = 1\n";
    let text = format!("{}\n[plugins]\ncertifications = \"^2\"\n", rubric(criteria));
    let found = load_text(&text).unwrap().validate(&catalog()).unwrap_err().0;
    assert!(found[0].message.contains("version 1.2.0, which does not meet `^2`"), "{}", found[0]);
    let ok = format!("{}\n[plugins]\ncertifications = \"^1.1\"\n", rubric(criteria));
    load_text(&ok).unwrap().validate(&catalog()).unwrap();
}

#[test]
fn integers_are_accepted_where_numbers_are_declared() {
    assert!(ParamValue::Integer(3).fits(ParamKind::Float));
    assert!(!ParamValue::Float(3.0).fits(ParamKind::Integer));
    assert!(!ParamValue::Text("3".into()).fits(ParamKind::Integer));
}

#[test]
fn reassess_cadences_name_known_tiers_in_days() {
    let good = load_text(&format!("{}\n[reassess]\nlow = \"365d\"\n", rubric(
        "[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\n",
    )))
    .unwrap();
    assert_eq!(good.reassess.get("low"), Some(&365));
    let bad = load_text(&format!("{}\n[reassess]\nlow = \"a year\"\nsevere = \"30d\"\n", rubric(
        "[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\n",
    )))
    .unwrap_err();
    let messages: Vec<&str> = bad.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["`a year` is not a number of days; write it as e.g. 90d", "`severe` is not one of the rubric's risk tiers"]
    );
    assert!(bad.0.iter().all(|d| d.line.is_some()));
}

/// Regression: two weights of 1.7e308 passed, and every score became NaN.
#[test]
fn weights_over_the_limit_are_refused() {
    let criterion = |id: &str| {
        format!(
            "[[criteria]]\nid = \"{id}\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1.7e308\n"
        )
    };
    let Diagnostics(problems) = load_text(&rubric(&(criterion("a") + &criterion("b")))).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[1].key.as_deref(), Some("criteria[1].weight"));
    assert!(problems[1].message.contains("is over the limit of 1000000"), "{}", problems[1].message);
    assert_eq!(problems[1].line, Some(13));
}

/// Regression: a risk-tier name over 65,535 characters passed and panicked the summary.
#[test]
fn grade_and_tier_names_are_short_and_free_of_control_characters() {
    let criterion =
        "[[criteria]]\nid = \"a\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\n";
    let long = rubric(criterion).replace("tier = \"low\"", &format!("tier = \"{}\"", "x".repeat(70_000)));
    let Diagnostics(problems) = load_text(&long).unwrap_err();
    assert_eq!(problems[0].key.as_deref(), Some("risk_tiers[0].tier"));
    let escape = rubric(criterion).replace("grade = \"A\"", "grade = \"\\u001b[2J\"");
    let Diagnostics(problems) = load_text(&escape).unwrap_err();
    assert_eq!(problems[0].key.as_deref(), Some("grades[0].grade"));
    assert!(problems[0].message.contains("control characters"), "{}", problems[0].message);
}

/// Reporting N problems indexes the file once (it used to parse it once per problem).
#[test]
fn many_problems_index_the_rubric_once() {
    let tiers: String = (0..300).map(|_| "[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n").collect();
    let criterion =
        "[[criteria]]\nid = \"a\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\n";
    let text = format!("{}{tiers}", rubric(criterion));
    let before = crate::locate::builds();
    let Diagnostics(problems) = load_text(&text).unwrap_err();
    assert_eq!(problems.len(), 300, "{problems:?}");
    assert_eq!(crate::locate::builds() - before, 1);
    assert!(problems.iter().all(|problem| problem.line.is_some()), "every problem is placed");
}

/// Writes `files` (name, text) into a new directory and loads the first.
fn load_files(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<Rubric, Diagnostics>) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let loaded = Rubric::load(&dir.path().join(files[0].0));
    (dir, loaded)
}

const ISO: &str = "[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\n\n[[criteria]]\nid = \"soc2\"\npractice = \"trusted-provider\"\ncheck = \"certifications/soc2\"\nweight = 3\n";

fn ids(rubric: &Rubric) -> Vec<(&str, f64)> {
    rubric.criteria.iter().map(|c| (c.id.as_str(), c.weight)).collect()
}

#[test]
fn an_extending_rubric_adds_overrides_and_removes_criteria() {
    let base = rubric(ISO);
    let child = "extends = \"./base.toml\"\nversion = \"2.0.0\"\nremove = [\"soc2\"]\n\n[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 5\nparams = { expiry_warning_days = 10 }\n\n[[criteria]]\nid = \"extra\"\npractice = \"backup\"\ncheck = \"certifications/iso27001\"\nweight = 2\n";
    let (_dir, loaded) = load_files(&[("acme-crm.toml", child), ("base.toml", &base)]);
    let loaded = loaded.unwrap();
    assert_eq!(ids(&loaded), [("iso", 5.0), ("extra", 2.0)], "overridden in place, removed, added");
    assert_eq!(loaded.criteria[0].params["expiry_warning_days"], ParamValue::Integer(10));
    assert_eq!(loaded.id, "acme-crm", "an extending rubric without an id is named after its file");
    assert_eq!(loaded.version, Version::new(2, 0, 0));
    assert_eq!(loaded.title, "R", "the title is the parent's");
    assert_eq!(loaded.grades.len(), 2, "the bands are the parent's");
    assert_eq!(loaded.extends.len(), 1);
    let resolved = loaded.resolved_toml();
    assert!(!resolved.contains("extends") && !resolved.contains("soc2"), "{resolved}");
    assert!(resolved.contains("id = \"acme-crm\"") && resolved.contains("id = \"extra\""), "{resolved}");
    // The resolved rubric is a rubric of its own that loads to the same criteria.
    let (_dir, again) = load_files(&[("resolved.toml", &resolved)]);
    assert_eq!(ids(&again.unwrap()), [("iso", 5.0), ("extra", 2.0)]);
}

#[test]
fn a_shipped_rubric_is_extended_by_id_and_validation_points_into_the_right_file() {
    let child = "extends = \"crm-baseline\"\nid = \"mine\"\n[[criteria]]\nid = \"new\"\npractice = \"encryption\"\ncheck = \"certifications/nosuch\"\nweight = 2\n";
    let (_dir, loaded) = load_files(&[("mine.toml", child)]);
    let loaded = loaded.unwrap();
    let baseline = crate::rubric::shipped("crm-baseline").unwrap();
    assert_eq!(loaded.criteria.len(), baseline.matches("[[criteria]]").count() + 1);
    assert_eq!(loaded.id, "mine");
    assert_eq!(loaded.extends, [PathBuf::from("rubrics/crm-baseline.toml (shipped with riskcard)")]);
    let found = loaded.validate(&catalog()).unwrap_err().0;
    let last = found.last().unwrap();
    assert!(last.file.ends_with("mine.toml"), "{last}");
    assert_eq!((last.key.as_deref(), last.line), (Some("criteria[0].check"), Some(6)), "{last}");
    assert!(
        found.iter().any(|d| d.file.to_string_lossy().contains("crm-baseline")),
        "the baseline's own are placed there"
    );
}

#[test]
fn extends_loops_are_refused_naming_the_files() {
    let (_dir, loaded) = load_files(&[("a.toml", "extends = \"b.toml\"\n"), ("b.toml", "extends = \"./a.toml\"\n")]);
    let found = loaded.unwrap_err().0;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.starts_with("`extends` makes a loop: "), "{}", found[0]);
    assert!(
        found[0].message.contains("a.toml extends ") && found[0].message.contains("b.toml extends "),
        "{}",
        found[0]
    );
    assert_eq!((found[0].key.as_deref(), found[0].line), (Some("extends"), Some(1)));
    let (_dir, loaded) = load_files(&[("self.toml", "extends = \"./self.toml\"\n")]);
    assert!(loaded.unwrap_err().0[0].message.contains("loop"));
}

#[test]
fn a_missing_parent_or_unknown_shipped_id_is_named() {
    let (_dir, loaded) = load_files(&[("child.toml", "\n\nextends = \"./nowhere.toml\"\n")]);
    let found = loaded.unwrap_err().0;
    assert!(found[0].file.ends_with("child.toml"), "{}", found[0]);
    assert_eq!(found[0].line, Some(3));
    assert!(found[0].message.contains("nowhere.toml cannot be read"), "{}", found[0]);
    let (_dir, loaded) = load_files(&[("child.toml", "extends = \"crm-basline\"\n")]);
    let found = loaded.unwrap_err().0;
    assert!(found[0].message.contains("`crm-basline`, which is not a rubric shipped with riskcard"), "{}", found[0]);
    assert!(found[0].help.as_deref().unwrap().contains("crm-baseline, crm-strict, gdpr, hipaa"), "{}", found[0]);
}

#[test]
fn removing_what_the_parent_lacks_or_what_the_file_redefines_is_refused() {
    let base = rubric(ISO);
    let child = "extends = \"base.toml\"\nremove = [\"iso\", \"nosuch\"]\n[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\n";
    let (_dir, loaded) = load_files(&[("child.toml", child), ("base.toml", &base)]);
    let found = loaded.unwrap_err().0;
    let keys: Vec<_> = found.iter().map(|d| d.key.clone().unwrap()).collect();
    assert_eq!(keys, ["remove[0]", "remove[1]"], "{found:?}");
    assert!(found[0].message.contains("both removed and defined"), "{}", found[0]);
    assert!(found[1].message.contains("names criterion `nosuch`"), "{}", found[1]);
    assert!(found[1].help.as_deref().unwrap().contains("iso, soc2"), "{}", found[1]);
}

/// Regression (#16): a rubric missing its top-level keys reported one per run.
#[test]
fn every_missing_key_of_a_rubric_is_reported_at_once() {
    let found = load_text(ISO).unwrap_err().0;
    let keys: Vec<_> = found.iter().map(|d| d.key.clone().unwrap()).collect();
    assert_eq!(keys, ["id", "version", "title", "grades", "risk_tiers"], "{found:?}");
    assert!(found[0].help.as_deref().unwrap().contains("extends = \"crm-baseline\""));
}

/// Regression (#16): a criterion counted toward another practice than its check's was
/// silently regrouped.
#[test]
fn a_practice_other_than_the_checks_is_warned_about() {
    let text = rubric(
        &ISO.replacen("practice = \"trusted-provider\"", "practice = \"encryption\"", 1)
            .replace("certifications/soc2", "certifications/iso27001"),
    );
    let loaded = load_text(&text).unwrap();
    loaded.validate(&catalog()).unwrap();
    let warnings = loaded.warnings(&catalog());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!((warnings[0].key.as_deref(), warnings[0].line), (Some("criteria[0].practice"), Some(6)));
    assert!(warnings[0].message.contains("declares `trusted-provider`"), "{}", warnings[0]);
    assert_eq!(warnings[0].help.as_deref(), Some("if that is not meant, write practice = \"trusted-provider\""));
}

#[test]
fn a_rubric_forbidding_a_section_a_plugin_it_uses_reads_is_refused_naming_the_key() {
    let criteria = "[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\n";
    let forbidding = rubric(&format!("{criteria}\n[reads.plugins.certifications]\nforbid = [\"certifications\"]\n"));
    let error = load_text(&forbidding).unwrap().validate(&catalog()).unwrap_err().to_string();
    assert!(error.contains("reads.plugins.certifications.forbid"), "{error}");
    assert!(
        error.contains("plugin `certifications`'s check `certifications/iso27001` reads `certifications`"),
        "{error}"
    );
    let elsewhere = rubric(&format!("{criteria}\n[reads]\nforbid = [\"incidents\"]\n"));
    load_text(&elsewhere).unwrap().validate(&catalog()).unwrap();
}

#[test]
fn an_unknown_section_in_a_rubric_is_bad_input_naming_the_valid_ones() {
    let error = load_text(&rubric("[reads]\nforbid = [\"incident\"]\n")).unwrap_err().to_string();
    assert!(error.contains("unknown variant `incident`") && error.contains("`incidents`"), "{error}");
}
