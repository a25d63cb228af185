use super::*;

fn load_text(text: &str) -> (tempfile::TempDir, Result<Waivers, Diagnostics>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waivers.toml");
    std::fs::write(&path, text).unwrap();
    let loaded = Waivers::load(&path);
    (dir, loaded)
}

fn rubric(dir: &Path) -> Rubric {
    let path = dir.join("r.toml");
    std::fs::write(
        &path,
        "id = \"r\"\nversion = \"1.0.0\"\ntitle = \"R\"\n\
         [[criteria]]\nid = \"mfa\"\npractice = \"access-control\"\ncheck = \"p/mfa\"\nweight = 1\ngate = \"required\"\n\
         [[criteria]]\nid = \"backups\"\npractice = \"backup\"\ncheck = \"p/backups\"\nweight = 1\n\
         [[grades]]\ngrade = \"A\"\nmin_score = 0\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n",
    )
    .unwrap();
    Rubric::load(&path).unwrap()
}

#[test]
fn a_complete_waiver_loads() {
    let (_dir, loaded) = load_text(
        "[[waiver]]\nvendor = \"acme\"\ncriterion = \"backups\"\nreason = \"restore test booked\"\n\
         approved_by = \"CISO\"\napproved = 2026-10-01\nexpires = 2027-03-31\n",
    );
    let waivers = loaded.unwrap();
    let waiver = &waivers.entries[0];
    assert_eq!((waiver.vendor.as_str(), waiver.criterion.as_str()), ("acme", "backups"));
    assert_eq!(waiver.expires, Date::parse("2027-03-31").unwrap());
    assert!(!waiver.gate);
    assert_eq!(waivers.sha256.len(), 64);
}

#[test]
fn every_missing_reason_and_expiry_is_reported_at_its_line() {
    let (_dir, loaded) = load_text(
        "[[waiver]]\nvendor = \"acme\"\ncriterion = \"backups\"\nexpires = 2027-01-01\n\n\
         [[waiver]]\nvendor = \"acme\"\ncriterion = \"mfa\"\nreason = \"  \"\n\n\
         [[waiver]]\nvendor = \"Not An Id\"\ncriterion = \"x\"\nreason = \"r\"\napproved = 2027-02-01\nexpires = 2027-01-01\n",
    );
    let problems = loaded.unwrap_err().0;
    let summary: Vec<(Option<usize>, &str)> = problems.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(
        summary,
        vec![
            (Some(1), "waiver has no reason"),
            (Some(9), "reason is empty"),
            (Some(6), "waiver has no expiry"),
            (Some(12), "`Not An Id` is not a vendor id"),
            (Some(16), "expires 2027-01-01 is before the approval date"),
        ]
    );
    assert!(problems.iter().all(|d| d.help.is_some() && d.file.ends_with("waivers.toml")));
}

#[test]
fn unknown_fields_are_refused_with_their_line() {
    let (_dir, loaded) = load_text("[[waiver]]\nvendor = \"a\"\ncriterion = \"b\"\nreasn = \"typo\"\n");
    let problems = loaded.unwrap_err().0;
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(4));
    assert!(problems[0].message.contains("reasn"), "{}", problems[0].message);
}

#[test]
fn a_required_gate_is_waived_only_when_the_waiver_says_so() {
    let entry = |gate: &str| {
        format!("[[waiver]]\nvendor = \"acme\"\ncriterion = \"mfa\"\nreason = \"r\"\nexpires = 2027-01-01\n{gate}")
    };
    let (dir, loaded) = load_text(&entry(""));
    let rubric = rubric(dir.path());
    let problems = loaded.unwrap().check_against(&rubric).unwrap_err().0;
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("required gate"), "{}", problems[0].message);
    assert_eq!(problems[0].line, Some(3));
    let (_dir, loaded) = load_text(&entry("gate = true\n"));
    loaded.unwrap().check_against(&rubric).unwrap();
}

#[test]
fn unknown_criteria_and_duplicates_are_refused() {
    let (dir, loaded) = load_text(
        "[[waiver]]\nvendor = \"acme\"\ncriterion = \"backups\"\nreason = \"r\"\nexpires = 2027-01-01\n\
         [[waiver]]\nvendor = \"acme\"\ncriterion = \"backups\"\nreason = \"r\"\nexpires = 2027-01-01\n",
    );
    assert!(loaded.unwrap_err().0[0].message.contains("already has a waiver"));
    let (_, loaded) =
        load_text("[[waiver]]\nvendor = \"acme\"\ncriterion = \"bakups\"\nreason = \"r\"\nexpires = 2027-01-01\n");
    let problems = loaded.unwrap().check_against(&rubric(dir.path())).unwrap_err().0;
    assert!(problems[0].message.contains("no criterion `bakups`"));
    assert!(problems[0].help.as_deref().unwrap().contains("mfa, backups"));
}

#[test]
fn a_waiver_applies_from_approval_through_expiry() {
    let waiver = Waiver {
        vendor: "acme".into(),
        criterion: "backups".into(),
        reason: "r".into(),
        approved_by: None,
        approved: Some(Date::parse("2026-10-01").unwrap()),
        expires: Date::parse("2027-03-31").unwrap(),
        gate: false,
        key: "waiver[0]".into(),
    };
    let on = |text: &str| waiver.applies_on(Date::parse(text).unwrap());
    assert!(!on("2026-09-30"));
    assert!(on("2026-10-01"));
    assert!(on("2027-03-31"));
    assert!(!on("2027-04-01"), "an expired waiver stops applying");
}
