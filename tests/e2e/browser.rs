//! The pages in a real browser: headless Chromium renders the scorecard and comparison
//! pages to screenshots, loads every kind of page without making a single network
//! request, and shows HTML/JS payloads from a hostile dossier as text, running none.
//!
//! Set `RISKCARD_SCREENSHOTS=DIR` to keep the screenshots (docs/images/ holds the
//! README's).

use std::path::{Path, PathBuf};

use crate::chromium::{Chromium, WIDTH};
use crate::support::riskcard;

const AS_OF: &str = "2026-11-30";
/// The policy every page carries; some tests remove it to show the page is safe without it.
const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">";

/// Assesses `dossiers` against `rubric` into `out` (HTML and JSON).
fn assess(out: &Path, dossiers: &[&str], rubric: &str) {
    let mut args: Vec<String> = vec!["assess".into()];
    args.extend(dossiers.iter().map(|d| d.to_string()));
    args.extend(["--rubric".into(), rubric.into(), "--as-of".into(), AS_OF.into(), "--out".into()]);
    args.push(out.display().to_string());
    let run = riskcard(&args);
    assert!(run.code <= 1, "{run:?}");
}

/// A copy of `page` without its Content-Security-Policy, beside it.
fn without_csp(page: &Path) -> PathBuf {
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains(CSP), "{} carries the policy", page.display());
    let copy = page.with_file_name(format!("no-csp-{}", page.file_name().unwrap().to_string_lossy()));
    std::fs::write(&copy, html.replace(CSP, "")).unwrap();
    copy
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// Width and height from a PNG's header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
    let number = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[test]
fn scorecard_and_comparison_pages_render_to_screenshots() {
    let dir = tempfile::tempdir().unwrap();
    assess(dir.path(), &["examples/vendors"], "rubrics/crm-baseline.toml");
    let keep = crate::support::screenshots_dir();
    let chromium = Chromium::start();
    for (page, image, max_height) in [
        ("northwind-crm.html", "scorecard-strong.png", 2000),
        ("quillstack-crm.html", "scorecard-weak.png", 2000),
        ("compare.html", "compare.png", 2000),
    ] {
        let loaded = chromium.load(&dir.path().join(page));
        let png = loaded.screenshot(max_height);
        let (width, height) = png_size(&png);
        assert_eq!(width, WIDTH, "{page}");
        assert!(height > 600, "{page} renders a page, not a blank strip: {height}px");
        assert!(png.len() > 40_000, "{page} screenshot has content: {} bytes", png.len());
        let path = dir.path().join(image);
        std::fs::write(&path, &png).unwrap();
        assert!(path.metadata().unwrap().len() > 40_000);
        if let Some(keep) = &keep {
            std::fs::create_dir_all(keep).unwrap();
            std::fs::copy(&path, keep.join(image)).unwrap();
        }
    }
}

#[test]
fn the_request_recorder_sees_what_a_page_fetches_and_javascript_runs() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("control.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><title>control</title><link rel=\"stylesheet\" href=\"style.css\"><img src=\"http://127.0.0.1:9/probe.png\"><script>document.title = 'ran'</script>",
    )
    .unwrap();
    let loaded = Chromium::start().load(&page);
    assert_eq!(loaded.title, "ran", "JavaScript runs in this browser, so a payload that ran would show");
    assert!(loaded.requests.iter().any(|url| url.ends_with("/style.css")), "{:?}", loaded.requests);
    assert!(loaded.requests.iter().any(|url| url == "http://127.0.0.1:9/probe.png"), "{:?}", loaded.requests);
}

#[test]
fn pages_load_without_a_single_network_request() {
    let dir = tempfile::tempdir().unwrap();
    let cards = dir.path().join("cards");
    assess(&cards, &["examples/vendors"], "rubrics/crm-baseline.toml");
    let site = dir.path().join("site");
    let run = riskcard(["publish".as_ref(), cards.as_os_str(), "--out".as_ref(), site.as_os_str()]);
    assert_eq!(run.code, 0, "{run:?}");
    let chromium = Chromium::start();
    for page in [
        cards.join("bluepeak-crm.html"),
        cards.join("lumen-leads.html"),
        cards.join("compare.html"),
        site.join("index.html"),
        site.join("compare.html"),
        site.join("vendors/quillstack-crm.html"),
    ] {
        for variant in [page.clone(), without_csp(&page)] {
            let loaded = chromium.load(&variant);
            assert_eq!(loaded.requests, [file_url(&variant)], "{} fetched more than itself", variant.display());
            assert!(loaded.dialogs.is_empty());
        }
    }
}

#[test]
fn hostile_payloads_show_as_text_and_run_nothing() {
    let dir = tempfile::tempdir().unwrap();
    assess(
        dir.path(),
        &["tests/data/hostile-payloads.toml", "examples/vendors/quillstack-crm.toml"],
        "tests/data/gated-rubric.toml",
    );
    let chromium = Chromium::start();
    let name = "<script>document.title='pwned-name'</script>Payload \"CRM\" & Co";
    for (page, title) in [
        ("hostile-payloads.html", format!("{name} — vendor security scorecard")),
        ("compare.html", "Vendor comparison — riskcard".to_owned()),
    ] {
        // Without the page's Content-Security-Policy, so that only escaping stands
        // between a payload and the browser.
        let loaded = chromium.load(&without_csp(&dir.path().join(page)));
        assert_eq!(loaded.title, title, "{page}: no payload changed the title");
        assert!(loaded.dialogs.is_empty(), "{page}: {:?}", loaded.dialogs);
        assert!(!loaded.dom.contains("<pwned-"), "{page}: no element was created");
        let injected = loaded.eval(
            "document.querySelectorAll('script, iframe, img, object, embed, body style, b, i, pwned-scope, pwned-incident').length",
        );
        assert_eq!(injected, 0, "{page}: no payload became an element");
        let handlers = loaded
            .eval("[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length");
        assert_eq!(handlers, 0, "{page}: no payload became an event handler");
        let links = loaded.eval(
            "[...document.querySelectorAll('[href]')].map(e => e.getAttribute('href')).filter(h => !h.startsWith('#') && h !== 'data:,' && !h.endsWith('.html'))",
        );
        assert_eq!(links, serde_json::json!([]), "{page}: evidence never becomes a link");
        assert_eq!(
            loaded.eval("getComputedStyle(document.body).display"),
            "block",
            "{page}: no payload styled the page"
        );
        let text = loaded.eval("document.body.innerText");
        assert!(text.as_str().unwrap().contains(name), "{page}: the vendor name shows as text");
    }
    let loaded = chromium.load(&without_csp(&dir.path().join("hostile-payloads.html")));
    let text = loaded.eval("document.body.innerText").as_str().unwrap().to_owned();
    for payload in [
        "source javascript:document.title='pwned-source'",
        "scope: <img src=x onerror=\"document.body.appendChild(document.createElement('pwned-scope'))\">",
        "<script>document.body.appendChild(document.createElement('pwned-incident'))</script>",
        "source javascript:alert(document.domain)",
    ] {
        assert!(text.contains(payload), "shown as text: {payload}");
    }
}
