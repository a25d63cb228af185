//! `riskcard rubric check` on rubrics that extend others: the resolved rubric on
//! request, loops and missing parents refused (exit 2) naming the files, and warnings
//! for what is legal but probably not meant.

use crate::support::{riskcard, write};

fn check(rubric: &std::path::Path, extra: &[&str]) -> crate::support::Run {
    let mut args = vec!["rubric".as_ref(), "check".as_ref(), rubric.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    riskcard(args)
}

#[test]
fn an_extending_rubric_checks_and_prints_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = write(
        dir.path(),
        "strict-crm.toml",
        "extends = \"crm-baseline\"\nremove = [\"sla\", \"support\"]\n\n[[criteria]]\nid = \"iso27001\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 20\ngate = \"required\"\n",
    );
    // The baseline's criteria, less the two removed; iso27001 is overridden in place.
    let baseline = std::fs::read_to_string(crate::support::repo().join("rubrics/crm-baseline.toml")).unwrap();
    let criteria = baseline.matches("[[criteria]]").count() - 2;
    let run = check(&rubric, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let valid = format!(
        "rubric strict-crm 1.0.0 is valid ({criteria} criteria, extending rubrics/crm-baseline.toml (shipped with riskcard))"
    );
    assert!(run.stdout.contains(&valid), "{}", run.stdout);
    let resolved = check(&rubric, &["--resolved"]);
    assert_eq!(resolved.code, 0, "{resolved:?}");
    let text = &resolved.stdout;
    assert!(text.starts_with("id = \"strict-crm\"\n"), "{text}");
    assert!(!text.contains("extends") && !text.contains("id = \"sla\""), "{text}");
    assert!(text.contains("weight = 20.0\non_missing = \"zero\"\ngate = \"required\""), "{text}");
    // What it prints is a rubric of its own.
    let flat = write(dir.path(), "flat.toml", text);
    let again = check(&flat, &[]);
    assert!(again.stdout.contains(&format!("rubric strict-crm 1.0.0 is valid ({criteria} criteria)")), "{again:?}");
}

#[test]
fn an_extends_loop_exits_2_naming_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.toml", "extends = \"./b.toml\"\n");
    write(dir.path(), "b.toml", "# b builds on a\nextends = \"./a.toml\"\n");
    let run = check(&a, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("b.toml:2:1: `extends` makes a loop: "), "{}", run.stderr);
    assert!(run.stderr.contains("a.toml extends ") && run.stderr.contains("b.toml extends "), "{}", run.stderr);
    assert!(run.stderr.contains("remove `extends` from one of these files"), "{}", run.stderr);
}

#[test]
fn a_missing_parent_exits_2_naming_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let child = write(dir.path(), "child.toml", "extends = \"../base/crm.toml\"\n");
    let run = check(&child, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("child.toml:1:1: extends `../base/crm.toml`, but "), "{}", run.stderr);
    assert!(run.stderr.contains("base/crm.toml cannot be read"), "{}", run.stderr);
}

/// Regression (#16): a criterion whose practice differs from its check's declared one
/// was regrouped in silence.
#[test]
fn rubric_check_warns_when_a_practice_differs_from_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = write(
        dir.path(),
        "mine.toml",
        "extends = \"crm-baseline\"\n[[criteria]]\nid = \"iso27001\"\npractice = \"encryption\"\ncheck = \"certifications/iso27001\"\nweight = 2\n",
    );
    let run = check(&rubric, &[]);
    assert_eq!(run.code, 0, "a warning is not an error: {run:?}");
    assert!(run.stderr.contains("warning: "), "{}", run.stderr);
    assert!(run.stderr.contains("mine.toml:4:1: criterion `iso27001` counts toward practice `encryption`, but its check certifications/iso27001 declares `trusted-provider`"), "{}", run.stderr);
    assert!(run.stderr.contains("help: if that is not meant, write practice = \"trusted-provider\""), "{}", run.stderr);
}
