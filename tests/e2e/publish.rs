//! `riskcard publish`: shards merge into one site whose every link resolves to a file
//! in the site; conflicting scorecards and bad input are refused with exit 2.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::{check_links, files_in, pages, riskcard};

const AS_OF: &str = "2026-11-30";

fn assess(dossiers: &[&str], out: &Path, as_of: &str) {
    let mut args: Vec<String> = vec!["assess".into()];
    args.extend(dossiers.iter().map(|d| format!("examples/vendors/{d}.toml")));
    args.extend(["--rubric", "rubrics/crm-baseline.toml", "--as-of", as_of, "--out"].map(String::from));
    args.push(out.display().to_string());
    let run = riskcard(&args);
    assert!(run.code <= 1, "{run:?}");
}

fn publish(dirs: &[&Path], site: &Path) -> crate::support::Run {
    let mut args: Vec<String> = vec!["publish".into()];
    args.extend(dirs.iter().map(|d| d.display().to_string()));
    args.extend(["--out".into(), site.display().to_string()]);
    riskcard(&args)
}

#[test]
fn every_link_in_a_site_merged_from_shards_resolves_to_a_file_in_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("shard-1"), dir.path().join("shard-2"));
    assess(&["bluepeak-crm", "harbor-sales"], &one, AS_OF);
    assess(&["lumen-leads", "northwind-crm", "quillstack-crm"], &two, AS_OF);
    let site = dir.path().join("site");
    let run = publish(&[&one, &two], &site);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("published 5 vendor(s) and their comparison"), "{}", run.stdout);

    let (reached, checked) = check_links(&site);
    assert!(checked > 50, "the walk saw the links: {checked}");
    let mut expected: BTreeSet<String> = ["index.html", "compare.html"].map(String::from).into();
    let lists = files_in(&site.join("lists"));
    assert!(lists.contains(&"all-1.html".to_owned()), "the dashboard lists its vendors: {lists:?}");
    expected.extend(lists.into_iter().map(|file| format!("lists/{file}")));
    for vendor in ["bluepeak-crm", "harbor-sales", "lumen-leads", "northwind-crm", "quillstack-crm"] {
        expected.insert(format!("vendors/{vendor}.html"));
        expected.insert(format!("vendors/{vendor}.json"));
    }
    assert_eq!(reached, expected, "every page and JSON is linked and nothing else exists to link");
    let mut all: BTreeSet<String> =
        pages(&site).iter().map(|p| p.strip_prefix(&site).unwrap().display().to_string()).collect();
    all.extend(files_in(&site.join("vendors")).into_iter().map(|f| format!("vendors/{f}")));
    assert_eq!(all, expected, "the site holds exactly these files");
}

#[test]
fn two_different_scorecards_for_one_vendor_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    assess(&["bluepeak-crm"], &old, "2026-06-30");
    assess(&["bluepeak-crm", "lumen-leads"], &new, AS_OF);
    let site = dir.path().join("site");
    let run = publish(&[&old, &new], &site);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("new/bluepeak-crm.json"), "{}", run.stderr);
    assert!(run.stderr.contains("old/bluepeak-crm.json"), "{}", run.stderr);
    assert!(!site.exists(), "nothing is published");
    let run = publish(&[&new, &new], &site);
    assert_eq!(run.code, 0, "the same scorecard twice is one scorecard: {run:?}");
}

#[test]
fn bad_scorecard_directories_are_named_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("x.json"), "{\"schema_version\": 1,\n\"vendor\": 3}").unwrap();
    let run = publish(&[&bad, &dir.path().join("missing")], &dir.path().join("site"));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("x.json:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("missing: cannot read scorecard directory"), "{}", run.stderr);
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
}
