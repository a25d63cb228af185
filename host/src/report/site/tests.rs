use std::path::Path;

use super::*;
use crate::report::scorecard_json;
use crate::report::view::tests::{hostile, variant};

fn write_card(dir: &Path, card: &Scorecard) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(format!("{}.json", card.vendor.id));
    std::fs::write(&path, scorecard_json(card)).unwrap();
    path
}

#[test]
fn shards_merge_and_the_same_scorecard_twice_counts_once() {
    let root = tempfile::tempdir().unwrap();
    let base = hostile();
    let (one, two) = (root.path().join("shard-1"), root.path().join("shard-2"));
    write_card(&one, &variant(&base, "beta", "Beta", 50.0, 1.0, true));
    write_card(&one, &base);
    write_card(&two, &variant(&base, "alpha", "Alpha", 70.0, 1.0, true));
    write_card(&two, &base);
    std::fs::write(two.join("compare.html"), "not read").unwrap();
    let site = root.path().join("site");
    assert_eq!(publish(&[one, two], &site, None).unwrap(), SiteSummary { vendors: 3, compare: true });
    let mut files: Vec<String> = std::fs::read_dir(site.join(VENDOR_DIR))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["alpha.html", "alpha.json", "beta.html", "beta.json", "hostile-payloads.html", "hostile-payloads.json"]
    );
}

/// The problems `publish` found in its input.
fn input_problems(error: PublishError) -> Vec<Diagnostic> {
    match error {
        PublishError::Input(Diagnostics(problems)) => problems,
        other => panic!("not an input problem: {other}"),
    }
}

#[test]
fn two_different_scorecards_for_one_vendor_are_refused_naming_both() {
    let root = tempfile::tempdir().unwrap();
    let base = hostile();
    let first = write_card(&root.path().join("old"), &base);
    let second = write_card(&root.path().join("new"), &variant(&base, "hostile-payloads", "Renamed", 20.0, 1.0, false));
    let site = root.path().join("site");
    let problems =
        input_problems(publish(&[root.path().join("old"), root.path().join("new")], &site, None).unwrap_err());
    assert!(!site.exists(), "nothing is published");
    let [problem] = &problems[..] else { panic!("{problems:?}") };
    assert_eq!(problem.file, second);
    assert!(problem.message.contains(&first.display().to_string()), "{}", problem.message);
    assert!(problem.help.is_some());
}

#[test]
fn every_bad_file_is_reported_with_its_place() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("cards");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("broken.json"), "{\n  \"schema_version\": 1,\n  oops\n}").unwrap();
    std::fs::write(dir.join("other.json"), "{\"name\": \"not a scorecard\"}").unwrap();
    let mut future = hostile();
    future.schema_version = 99;
    write_card(&dir, &future);
    let mut traversal = hostile();
    traversal.vendor.id = "../../escape".into();
    std::fs::write(dir.join("traversal.json"), scorecard_json(&traversal)).unwrap();
    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let problems = input_problems(publish(&[dir.clone(), empty.clone()], &root.path().join("site"), None).unwrap_err());
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 5, "{text:#?}");
    assert!(text[0].contains("broken.json:3:3: not a riskcard scorecard"), "{}", text[0]);
    assert!(text[1].contains("hostile-payloads.json") && text[1].contains("schema version 99"), "{}", text[1]);
    assert!(text[2].contains("other.json") && text[2].contains("missing field"), "{}", text[2]);
    assert!(text[3].contains("traversal.json") && text[3].contains("cannot name a file"), "{}", text[3]);
    assert!(text[4].contains("holds no scorecards"), "{}", text[4]);
}

#[test]
fn a_site_replaces_an_earlier_site_but_never_a_foreign_directory() {
    let root = tempfile::tempdir().unwrap();
    let cards_dir = root.path().join("cards");
    let base = hostile();
    write_card(&cards_dir, &base);
    write_card(&cards_dir, &variant(&base, "other", "Other", 60.0, 1.0, true));
    let one_dir = root.path().join("one");
    write_card(&one_dir, &base);
    let site = root.path().join("site");
    assert_eq!(
        publish(std::slice::from_ref(&cards_dir), &site, None).unwrap(),
        SiteSummary { vendors: 2, compare: true }
    );
    publish(&[one_dir], &site, None).unwrap();
    assert!(!site.join("vendors/other.html").exists(), "the earlier site is replaced whole");
    assert!(!site.join("compare.html").exists(), "one vendor, no comparison");
    assert!(site.join("vendors/hostile-payloads.html").exists());
    let leftovers: Vec<_> = std::fs::read_dir(root.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 3, "no temporary directories are left behind: {leftovers:?}");

    let error = publish(std::slice::from_ref(&cards_dir), &cards_dir, None).unwrap_err();
    assert!(error.to_string().contains("refusing to replace it"), "{error}");
    assert!(cards_dir.join("other.json").exists(), "a foreign directory is left alone");
}

#[cfg(unix)]
#[test]
fn the_site_is_readable_by_others() {
    use std::os::unix::fs::PermissionsExt as _;
    let root = tempfile::tempdir().unwrap();
    let cards_dir = root.path().join("cards");
    write_card(&cards_dir, &hostile());
    let site = root.path().join("site");
    publish(&[cards_dir], &site, None).unwrap();
    for path in
        [site.clone(), site.join("index.html"), site.join("vendors"), site.join("vendors/hostile-payloads.json")]
    {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o004, 0o004, "{} is not world-readable: {mode:o}", path.display());
    }
}

#[test]
fn the_json_beside_each_page_is_the_input_byte_for_byte() {
    let root = tempfile::tempdir().unwrap();
    let cards_dir = root.path().join("cards");
    let input = write_card(&cards_dir, &hostile());
    let site = root.path().join("site");
    publish(&[cards_dir], &site, None).unwrap();
    assert_eq!(std::fs::read(site.join("vendors/hostile-payloads.json")).unwrap(), std::fs::read(input).unwrap());
}

/// Regression: assess output with a vendor named `index` looked like an earlier site, so
/// publishing over it deleted the notes and Markdown beside the scorecards.
#[test]
fn a_directory_holding_anything_but_a_site_is_never_replaced() {
    let root = tempfile::tempdir().unwrap();
    let cards_dir = root.path().join("in");
    write_card(&cards_dir, &hostile());
    let cards = [cards_dir];
    let site = root.path().join("site");
    publish(&cards, &site, None).unwrap();
    assert!(is_published_site(&site), "riskcard's own site may be replaced");
    publish(&cards, &site, None).unwrap();
    std::fs::write(site.join("analyst-notes.txt"), "mine").unwrap();
    let Err(PublishError::Input(Diagnostics(problems))) = publish(&cards, &site, None) else { panic!("replaced") };
    assert!(problems[0].message.contains("holds files riskcard did not publish"), "{problems:?}");
    assert_eq!(std::fs::read_to_string(site.join("analyst-notes.txt")).unwrap(), "mine");
    let scorecards = root.path().join("cards");
    let mut index_vendor = hostile();
    index_vendor.vendor.id = "index".into();
    write_card(&scorecards, &index_vendor);
    std::fs::write(scorecards.join("index.html"), format!("<html>{GENERATOR}</html>")).unwrap();
    std::fs::write(scorecards.join("index.md"), "# index").unwrap();
    assert!(!is_published_site(&scorecards));
    assert!(publish(&cards, &scorecards, None).is_err());
    assert!(scorecards.join("index.md").is_file());
}

#[test]
fn publishing_into_a_scorecard_directory_it_reads_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let cards = root.path().join("cards");
    write_card(&cards, &hostile());
    let same = root.path().join("cards/../cards");
    let Diagnostics(problems) = check_not_a_source(&same, std::slice::from_ref(&cards)).unwrap_err();
    assert!(problems[0].message.contains("is the scorecard directory"), "{problems:?}");
    assert!(check_not_a_source(&root.path().join("site"), &[cards]).is_ok());
}
