//! Property tests on stable Rust, bounded so CI runs them in seconds (the open-ended
//! fuzz targets live in `fuzz/`): dossiers and rubrics with values swapped for hostile
//! ones never panic riskcard, every problem names its file, the binary exits 0, 1 or 2,
//! and every scorecard it writes is valid against `riskcard schema scorecard`.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;

use crate::support::{files_in, repo, riskcard};

/// Values that broke riskcard once, or that sit at the edge of what it accepts.
const HOSTILE: &[&str] = &[
    "9999-12-31T23:59:59-23:59",
    "0000-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59Z",
    "\"+026-10\"",
    "\"2026-+1\"",
    "2026-02-30",
    "1.7e308",
    "-1.7e308",
    "1e-320",
    "nan",
    "inf",
    "-1",
    "0",
    "99999999999999999999",
    "\"\\u001b]0;pwned\\u0007\"",
    "\"line\\n  help: forged\"",
    "\"\"",
    "[]",
    "{}",
    "true",
    "\"javascript:alert(1)\"",
];

/// `source` with the value of each chosen `key = value` line replaced by a hostile one.
fn mutate(source: &str, edits: &[(Index, Index)]) -> String {
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    let assignments: Vec<usize> =
        (0..lines.len()).filter(|&n| !lines[n].starts_with('#') && lines[n].contains(" = ")).collect();
    for (line, value) in edits {
        let n = assignments[line.index(assignments.len())];
        let key = lines[n].split(" = ").next().unwrap_or_default().to_owned();
        lines[n] = format!("{key} = {}", HOSTILE[value.index(HOSTILE.len())]);
    }
    lines.join("\n") + "\n"
}

fn example(relative: &str) -> &'static str {
    static DOSSIER: OnceLock<String> = OnceLock::new();
    static RUBRIC: OnceLock<String> = OnceLock::new();
    let cell = if relative.starts_with("rubrics") { &RUBRIC } else { &DOSSIER };
    cell.get_or_init(|| std::fs::read_to_string(repo().join(relative)).unwrap())
}

const DOSSIER: &str = "examples/vendors/northwind-crm.toml";
const RUBRIC: &str = "rubrics/crm-baseline.toml";

fn edits() -> impl Strategy<Value = Vec<(Index, Index)>> {
    proptest::collection::vec((any::<Index>(), any::<Index>()), 1..4)
}

/// Every problem names `path` and says what is wrong.
fn names_the_file(problems: &riskcard::diagnostics::Diagnostics, path: &Path) {
    assert!(!problems.0.is_empty());
    for problem in &problems.0 {
        assert_eq!(problem.file, path, "{problem}");
        assert!(!problem.message.is_empty(), "{problem}");
    }
}

proptest! {
    #![proptest_config(Config { cases: 96, failure_persistence: None, ..Config::default() })]

    #[test]
    fn hostile_values_in_dossiers_and_rubrics_never_panic_the_loaders(dossier in edits(), rubric in edits()) {
        let dir = tempfile::tempdir().unwrap();
        let dossier_path = dir.path().join("northwind-crm.toml");
        std::fs::write(&dossier_path, mutate(example(DOSSIER), &dossier)).unwrap();
        if let Err(problems) = riskcard::dossier::load(&dossier_path) {
            names_the_file(&problems, &dossier_path);
        }
        let rubric_path = dir.path().join("rubric.toml");
        std::fs::write(&rubric_path, mutate(example(RUBRIC), &rubric)).unwrap();
        if let Err(problems) = riskcard::rubric::Rubric::load(&rubric_path) {
            names_the_file(&problems, &rubric_path);
        }
    }
}

/// The scorecard JSON Schema, from the binary.
fn scorecard_schema() -> &'static jsonschema::Validator {
    static SCHEMA: OnceLock<jsonschema::Validator> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let run = riskcard(["schema", "scorecard"]);
        assert_eq!(run.code, 0, "{run:?}");
        let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        jsonschema::validator_for(&schema).unwrap()
    })
}

proptest! {
    // Each case runs the binary, so few cases: enough to catch a regression, seconds in CI.
    #![proptest_config(Config { cases: 6, failure_persistence: None, ..Config::default() })]

    #[test]
    fn assessing_hostile_values_exits_0_1_or_2_and_writes_only_valid_scorecards(dossier in edits(), rubric in edits()) {
        let dir = tempfile::tempdir().unwrap();
        let dossier_path = dir.path().join("northwind-crm.toml");
        std::fs::write(&dossier_path, mutate(example(DOSSIER), &dossier)).unwrap();
        let rubric_path = dir.path().join("rubric.toml");
        std::fs::write(&rubric_path, mutate(example(RUBRIC), &rubric)).unwrap();
        let out = dir.path().join("out");
        let run = riskcard([
            "assess".as_ref(),
            dossier_path.as_os_str(),
            "--rubric".as_ref(),
            rubric_path.as_os_str(),
            "--as-of".as_ref(),
            "2026-11-30".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        prop_assert!([0, 1, 2].contains(&run.code), "{:?}", run);
        if run.code == 2 {
            prop_assert!(files_in(&out).is_empty(), "bad input writes nothing: {:?}", files_in(&out));
        }
        for name in files_in(&out) {
            let card: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join(&name)).unwrap()).unwrap();
            let errors: Vec<String> = scorecard_schema().iter_errors(&card).map(|error| error.to_string()).collect();
            prop_assert!(errors.is_empty(), "{name} breaks the schema: {errors:?}");
        }
    }
}
