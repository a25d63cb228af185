//! Portfolios at scale: `publish` turns thousands of scorecards into a dashboard and
//! paged vendor lists whose every page stays below [`PAGE_LIMIT`], whose every link
//! resolves, and whose every number is the count of the vendors it links to; the pages
//! fetch nothing in Chromium, with scripts on or off. `assess` writes the dashboard
//! instead of the comparison above 12 vendors, and `compare` compares the ones chosen.
//!
//! Set `RISKCARD_SCREENSHOTS=DIR` to keep the dashboard screenshot (docs/images/ holds
//! the README's).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::chromium::Chromium;
use crate::support::{assess_baseline, check_links, files_in, links, pages, repo, riskcard};

/// Distinct synthetic vendors assessed for real.
const ASSESSED: usize = 40;
/// Copies of each under new ids, so the portfolio holds `ASSESSED * COPIES` vendors.
const COPIES: usize = 60;
/// The size no page of a published portfolio reaches, whatever the portfolio's size.
const PAGE_LIMIT: u64 = 256 * 1024;

/// A published portfolio of thousands of vendors and the scorecards it was published from.
struct Portfolio {
    cards: PathBuf,
    site: PathBuf,
}

/// Assesses [`ASSESSED`] synthetic vendors, then writes [`COPIES`] of each scorecard under
/// new vendor ids and names, and publishes them all. Built once per test run, in
/// `target/e2e-portfolio` (replaced each run, so nothing piles up in the temp folder).
fn portfolio() -> &'static Portfolio {
    static BUILT: OnceLock<Portfolio> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = repo().join("target").join("e2e-portfolio");
        let _ = std::fs::remove_dir_all(&root);
        let (dossiers, assessed, cards, site) =
            (root.join("dossiers"), root.join("assessed"), root.join("cards"), root.join("site"));
        riskcard::synth::write_portfolio(&dossiers, 2026, ASSESSED).expect("write portfolio");
        let run = assess_baseline(&dossiers, &assessed, &["--format", "json"]);
        assert!(run.code <= 1, "{run:?}");
        std::fs::create_dir_all(&cards).unwrap();
        for file in files_in(&assessed) {
            let card: Value = serde_json::from_slice(&std::fs::read(assessed.join(&file)).unwrap()).unwrap();
            for copy in 0..COPIES {
                let mut card = card.clone();
                let id = format!("{}-{copy:02}", card["vendor"]["id"].as_str().unwrap());
                card["vendor"]["name"] = format!("{} copy {copy}", card["vendor"]["name"].as_str().unwrap()).into();
                card["vendor"]["id"] = id.clone().into();
                std::fs::write(cards.join(format!("{id}.json")), serde_json::to_vec_pretty(&card).unwrap()).unwrap();
            }
        }
        let run = riskcard(["publish".as_ref(), cards.as_os_str(), "--out".as_ref(), site.as_os_str()]);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(run.stdout.contains(&format!("published {} vendor(s) to", ASSESSED * COPIES)), "{}", run.stdout);
        assert!(run.stdout.contains("riskcard compare"), "points to compare: {}", run.stdout);
        Portfolio { cards, site }
    })
}

/// The vendor ids a list page and the pages after it show, following its "Next" links.
fn listed(page: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    let mut next = Some(page.to_owned());
    while let Some(page) = next.take() {
        let html = std::fs::read_to_string(&page).unwrap_or_else(|_| panic!("{page:?} exists"));
        for link in links(&html) {
            if let Some(id) = link.strip_prefix("../vendors/").and_then(|file| file.strip_suffix(".html")) {
                ids.push(id.to_owned());
            }
        }
        let after = |rest: &&str| rest.split_once('"').is_some_and(|(_, after)| after.starts_with(">Next</a>"));
        if let Some(rest) = html.split("<a href=\"").find(after) {
            next = Some(page.with_file_name(rest.split('"').next().unwrap()));
        }
    }
    ids
}

/// Each group of vendors the dashboard should count, computed from the scorecards.
fn expected_groups(cards: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files_in(cards) {
        let card: Value = serde_json::from_slice(&std::fs::read(cards.join(file)).unwrap()).unwrap();
        let id = card["vendor"]["id"].as_str().unwrap().to_owned();
        let mut add = |group: String| {
            groups.entry(group).or_default().insert(id.clone());
        };
        add("Vendors".into());
        add(format!("grade {}", card["grade"].as_str().unwrap()));
        add(format!("risk {}", card["risk_tier"].as_str().unwrap()));
        for gate in card["gates_failed"].as_array().unwrap() {
            add("Failed a required gate".into());
            add(format!("gate {}", gate["criterion"].as_str().unwrap()));
        }
        for criterion in card["criteria"].as_array().unwrap() {
            match criterion["status"].as_str().unwrap() {
                "fail" => add(format!("fails {}", criterion["id"].as_str().unwrap())),
                "insufficient-evidence" => {
                    for finding in criterion["findings"].as_array().unwrap() {
                        for evidence in finding["evidence"].as_array().unwrap() {
                            if evidence["found"] == false {
                                add("Missing evidence".into());
                                add(format!("missing {}", evidence["path"].as_str().unwrap()));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    groups
}

/// The text between `start` and the next `end` in `text`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    text.split_once(start).and_then(|(_, rest)| rest.split_once(end)).map(|(inner, _)| inner)
}

/// Each number the dashboard shows, by group, with the list it links to.
fn dashboard_counts(dashboard: &str) -> Vec<(String, String, String)> {
    let mut counts = Vec::new();
    for figure in dashboard.split("<div class=\"figure\">").skip(1) {
        let label = between(figure, "<div class=\"label\">", "<").unwrap();
        if let Some(link) = between(figure, "<a class=\"count\" href=\"", "</a>") {
            let (href, count) = link.split_once("\">").unwrap();
            counts.push((label.to_owned(), count.to_owned(), href.to_owned()));
        }
    }
    for (section, prefix) in
        [("grades", "grade"), ("risk", "risk"), ("gates", "gate"), ("failing", "fails"), ("missing", "missing")]
    {
        let table = between(dashboard, &format!("<section id=\"{section}\""), "</section>").unwrap();
        for row in table.split("<tr><td>").skip(1) {
            let key = between(row, "<span class=\"small muted\">", "<")
                .or_else(|| between(row, "<code>", "<"))
                .or_else(|| {
                    between(row, "<strong", "</strong>").and_then(|tag| tag.split_once('>')).map(|(_, text)| text)
                })
                .unwrap();
            let (href, count) = between(row, "<a class=\"count\" href=\"", "</a>").unwrap().split_once("\">").unwrap();
            counts.push((format!("{prefix} {key}"), count.to_owned(), href.to_owned()));
        }
    }
    counts
}

#[test]
fn every_page_of_a_portfolio_of_thousands_is_bounded_and_every_link_resolves() {
    let portfolio = portfolio();
    let site = &portfolio.site;
    let all = pages(site);
    assert!(all.len() > ASSESSED * COPIES, "a page per vendor, the dashboard and its lists: {}", all.len());
    for page in &all {
        let size = page.metadata().unwrap().len();
        assert!(size < PAGE_LIMIT, "{} is {size} bytes", page.display());
    }
    let lists = files_in(&site.join("lists"));
    assert!(lists.contains(&"all-12.html".to_owned()) && !lists.contains(&"all-13.html".to_owned()), "{lists:?}");
    assert!(!site.join("compare.html").exists(), "no comparison of thousands");

    let (reached, checked) = check_links(site);
    assert!(checked > 100_000, "the walk saw the links: {checked}");
    let mut everything: BTreeSet<String> =
        all.iter().map(|p| p.strip_prefix(site).unwrap().display().to_string()).collect();
    everything.extend(files_in(&site.join("vendors")).into_iter().map(|file| format!("vendors/{file}")));
    assert_eq!(reached, everything, "every page and JSON is linked, and nothing else is in the site");
}

#[test]
fn every_number_on_the_dashboard_counts_the_vendors_it_links_to() {
    let portfolio = portfolio();
    let dashboard = std::fs::read_to_string(portfolio.site.join("index.html")).unwrap();
    let expected = expected_groups(&portfolio.cards);
    let shown = dashboard_counts(&dashboard);
    assert!(shown.len() > 10, "{shown:?}");
    let mut seen = BTreeSet::new();
    for (group, count, href) in &shown {
        let vendors = expected.get(group).unwrap_or_else(|| panic!("{group} is in no scorecard"));
        assert_eq!(count.replace(',', ""), vendors.len().to_string(), "{group}");
        let ids = listed(&portfolio.site.join(href));
        assert_eq!(ids.len(), vendors.len(), "{group}: each vendor once");
        assert_eq!(ids.into_iter().collect::<BTreeSet<_>>(), *vendors, "{group}: the vendors behind the number");
        seen.insert(group.clone());
    }
    let groups_of = |prefix: &str| expected.keys().filter(|key| key.starts_with(prefix)).count();
    for prefix in ["grade ", "risk ", "gate "] {
        assert_eq!(seen.iter().filter(|key| key.starts_with(prefix)).count(), groups_of(prefix), "every {prefix}");
    }
    assert!(seen.contains("Vendors") && seen.contains("Failed a required gate") && seen.contains("Missing evidence"));
    assert!(groups_of("missing ") > 0 && seen.iter().any(|key| key.starts_with("missing ")), "coverage gaps show");
    assert_eq!(shown.iter().filter(|(group, ..)| group == "Vendors").count(), 1, "the vendor count, once");
    // Every vendor lacks collected web facts, so "2,400" also counts that coverage gap.
    let everyone = shown.iter().filter(|(_, count, _)| count == "2,400").count();
    assert_eq!(dashboard.matches(">2,400</a>").count(), everyone, "no link shows 2,400 without its group");
}

#[test]
fn portfolio_pages_fetch_nothing_with_scripts_on_or_off() {
    let site = &portfolio().site;
    let chromium = Chromium::start();
    let mut dashboard_png = None;
    for page in [site.join("index.html"), site.join("lists/all-2.html"), site.join("lists/gates-failed-1.html")] {
        let url = format!("file://{}", page.canonicalize().unwrap().display());
        let on = chromium.load(&page);
        assert_eq!(on.requests, std::slice::from_ref(&url), "{} fetched more than itself", page.display());
        assert!(on.dialogs.is_empty());
        if page.ends_with("index.html") {
            // While its tab is in front: a tab in the background draws no frames.
            dashboard_png = Some(on.screenshot(2000));
        }
        let off = chromium.load_without_scripts(&page);
        assert_eq!(off.requests, [url], "{} without scripts", page.display());
        assert_eq!(off.title, on.title, "the same page without scripts");
        assert!(off.dom.contains("</table>"), "{} is readable without scripts", page.display());
    }
    let png = dashboard_png.unwrap();
    assert!(png.len() > 40_000, "the dashboard screenshot has content: {} bytes", png.len());
    if let Some(keep) = crate::support::screenshots_dir() {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(keep.join("dashboard.png"), &png).unwrap();
    }
}

/// A temporary directory with the dossiers of 13 synthetic vendors in `dossiers/`: one
/// more than a comparison shows.
fn thirteen_dossiers() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let dossiers = dir.path().join("dossiers");
    riskcard::synth::write_portfolio(&dossiers, 7, 13).unwrap();
    (dir, dossiers)
}

#[test]
fn assess_writes_the_dashboard_instead_of_the_comparison_above_twelve_vendors() {
    let (dir, dossiers) = thirteen_dossiers();
    let out = dir.path().join("out");
    let run = assess_baseline(&dossiers, &out, &[]);
    assert!(run.code <= 1, "{run:?}");
    assert!(run.stdout.contains("and the portfolio dashboard index.html"), "{}", run.stdout);
    assert!(run.stdout.contains("more than 12 vendors") && run.stdout.contains("riskcard compare"), "{}", run.stdout);
    assert!(!out.join("compare.html").exists());
    let (reached, _) = check_links(&out);
    assert!(reached.contains("lists/all-1.html") && reached.contains("vendor-000012.json"), "{reached:?}");
    assert_eq!(
        reached.iter().filter(|file| file.ends_with(".html") && !file.contains('/')).count(),
        14,
        "13 scorecards and the dashboard"
    );

    let twelve = dir.path().join("twelve");
    std::fs::create_dir(&twelve).unwrap();
    for index in 0..12 {
        let name = format!("vendor-{index:06}.toml");
        std::fs::copy(dossiers.join(&name), twelve.join(&name)).unwrap();
    }
    let out = dir.path().join("out-12");
    let run = assess_baseline(&twelve, &out, &[]);
    assert!(run.stdout.contains("and compare.html"), "{}", run.stdout);
    assert!(!out.join("index.html").exists() && !out.join("lists").exists());
}

#[test]
fn a_vendor_id_that_would_overwrite_the_dashboard_is_refused() {
    let (dir, dossiers) = thirteen_dossiers();
    let text = std::fs::read_to_string(dossiers.join("vendor-000003.toml")).unwrap();
    std::fs::write(dossiers.join("vendor-000003.toml"), text.replace("\"vendor-000003\"", "\"index\"")).unwrap();
    let run = assess_baseline(&dossiers, &dir.path().join("out"), &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("vendor-000003.toml") && run.stderr.contains("`index`"), "{}", run.stderr);
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
}

#[test]
fn compare_puts_the_chosen_vendors_side_by_side_linked_to_their_pages() {
    let (dir, dossiers) = thirteen_dossiers();
    let cards = dir.path().join("cards");
    assert!(assess_baseline(&dossiers, &cards, &[]).code <= 1);
    let chosen = ["vendor-000002", "vendor-000005", "vendor-000011"].map(|id| cards.join(format!("{id}.json")));
    let out = dir.path().join("review").join("shortlist.html");
    let mut args = vec!["compare".as_ref()];
    args.extend(chosen.iter().map(|path| path.as_os_str()));
    args.extend(["--out".as_ref(), out.as_os_str()]);
    let run = riskcard(&args);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("compared 3 vendors"), "{}", run.stdout);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("3 vendors side by side"));
    let vendor_links: BTreeSet<String> = links(&html).into_iter().filter(|link| link.ends_with(".html")).collect();
    let expected: BTreeSet<String> =
        ["vendor-000002", "vendor-000005", "vendor-000011"].map(|id| format!("../cards/{id}.html")).into();
    assert_eq!(vendor_links, expected);
    assert!(vendor_links.iter().all(|link| out.parent().unwrap().join(link).is_file()), "the links resolve");

    std::fs::write(dir.path().join("bad.json"), "{\"vendor\": 1}").unwrap();
    let mut args = vec!["compare".as_ref(), chosen[0].as_os_str(), chosen[0].as_os_str()];
    let bad = dir.path().join("bad.json");
    args.extend([bad.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    let run = riskcard(&args);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("bad.json") && run.stderr.contains("already compared"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), html, "the earlier page is left as it was");
}
