//! The vendor questionnaire: `riskcard questionnaire` writes the form, a real headless
//! Chromium fills it in from `file://` and saves it, and `riskcard assess` reads the
//! saved dossier as it is. Bad saved files get exit 2 with the field's path.
//!
//! Set `RISKCARD_SCREENSHOTS=DIR` to keep the form's screenshot (docs/images/ holds the
//! README's).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::{Browser, Emulation, Input};
use serde_json::{Value, json};

use crate::chromium::{Chromium, Loaded};
use crate::support::{assess_baseline, criterion, repo, riskcard, riskcard_in};

const RUBRIC: &str = "rubrics/crm-baseline.toml";

/// Writes the form with `extra` arguments to `dir/form.html`.
fn questionnaire(dir: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join("form.html");
    let mut args = vec!["questionnaire", "--out", out.to_str().unwrap()];
    args.extend(extra);
    let run = riskcard(&args);
    assert_eq!(run.code, 0, "{run:?}");
    out
}

/// Assesses `dossier` against the baseline as JSON and HTML into `out`, returning the
/// scorecard JSON.
fn assess(dossier: &Path, out: &Path) -> Value {
    let run = assess_baseline(dossier, out, &["--format", "json,html"]);
    assert!(run.code <= 1, "assess reads the saved file as it is: {run:?}");
    let card = std::fs::read_dir(out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|ext| ext == "json"))
        .expect("a JSON scorecard");
    serde_json::from_str(&std::fs::read_to_string(card).unwrap()).unwrap()
}

fn status(card: &Value, id: &str) -> String {
    criterion(card, id)["status"].as_str().unwrap().to_owned()
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Runs the JavaScript statement `action` on `e`, the element `selector` picks, in the
/// page: one DevTools round trip. Fails when no such element is shown.
fn on_element(tab: &Tab, selector: &str, action: &str) {
    let script = format!(
        "(() => {{ const e = document.querySelector({}); if (!e || e.getClientRects().length === 0) return false; {action}; return true; }})()",
        quoted(selector)
    );
    let done = tab.evaluate(&script, false).unwrap_or_else(|e| panic!("{selector}: {e}")).value;
    assert_eq!(done, Some(Value::Bool(true)), "{selector} is shown and took `{action}`");
}

/// Clicks the element `selector` picks: the browser checks a radio or box and fires
/// its `input` and `change` events, or presses a button, as for a mouse click.
fn click(tab: &Tab, selector: &str) {
    on_element(tab, selector, "e.click()");
}

/// Types `text` into the input `selector` picks, as a keyboard or an input method does:
/// DevTools' `Input.insertText` puts the whole text in at the caret and fires the real
/// `beforeinput` and `input` events, in one round trip rather than two per key.
fn type_into(tab: &Tab, selector: &str, text: &str) {
    on_element(tab, selector, "e.focus(); if (document.activeElement !== e) return false");
    tab.call_method(Input::InsertText { text: text.to_owned() }).unwrap_or_else(|e| panic!("{selector}: {e}"));
}

/// Sets a select, date or time control the way a picker does, firing its events.
fn pick(form: &Loaded, selector: &str, value: &str) {
    let set = form.eval(&format!(
        "(() => {{ const e = document.querySelector({}); e.value = {}; e.dispatchEvent(new Event('input', {{bubbles: true}})); e.dispatchEvent(new Event('change', {{bubbles: true}})); return e.value; }})()",
        quoted(selector),
        quoted(value)
    ));
    assert_eq!(set, value, "{selector} took the value");
}

/// The control of a field by its schema path, e.g. `encryption.at_rest`.
fn at(path: &str) -> String {
    format!("[data-path=\"{path}\"]")
}

/// Presses Save with downloads going to `dir`, and returns the saved dossier's path once
/// the download is complete. Chromium reserves the file's name with an empty file and
/// writes into `*.crdownload` beside it, renaming that over the name when done: the file
/// is complete when nothing is left downloading and it holds JSON.
fn save(form: &Loaded, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    form.tab()
        .call_method(Browser::SetDownloadBehavior {
            behavior: Browser::SetDownloadBehaviorBehaviorOption::Allow,
            browser_context_id: None,
            download_path: Some(dir.to_str().unwrap().to_owned()),
            events_enabled: None,
        })
        .expect("downloads allowed");
    click(form.tab(), "#save");
    let started = Instant::now();
    loop {
        let files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).collect();
        let downloading = files.iter().any(|path| path.extension().is_some_and(|ext| ext == "crdownload"));
        let saved: Vec<&PathBuf> =
            files.iter().filter(|path| path.extension().is_some_and(|ext| ext == "json")).collect();
        if let ([one], false) = (saved.as_slice(), downloading)
            && std::fs::read(one).is_ok_and(|bytes| serde_json::from_slice::<Value>(&bytes).is_ok())
        {
            return (*one).clone();
        }
        let status = form.eval("document.getElementById('status').textContent");
        assert!(started.elapsed() < Duration::from_secs(15), "no download; the form says {status}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The page has requested nothing but itself so far: no network, no other file. A
/// `data:` URL is decoded in place, never fetched (Chromium draws its own date picker's
/// icon from one).
fn assert_no_request(page: &Loaded, path: &Path) {
    let url = format!("file://{}", path.canonicalize().unwrap().display());
    let requests = page.requests_so_far();
    assert_eq!(requests.first(), Some(&url), "the page itself loads first");
    let others: Vec<&String> =
        requests.iter().filter(|request| **request != url && !request.starts_with("data:")).collect();
    assert!(others.is_empty(), "the form requests nothing: {others:?}");
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Checks `dossier` against the schema `riskcard schema dossier` prints, formats included.
fn assert_valid_dossier(dossier: &Value) {
    let run = riskcard(["schema", "dossier"]);
    assert_eq!(run.code, 0, "{run:?}");
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).expect("the schema compiles");
    let errors: Vec<String> =
        validator.iter_errors(dossier).map(|error| format!("{}: {error}", error.instance_path())).collect();
    assert!(errors.is_empty(), "the saved file validates against the dossier schema: {errors:#?}");
}

/// Fills in every kind of control of the baseline form.
fn fill_every_kind_of_field(form: &Loaded) {
    let tab = form.tab();
    type_into(tab, &format!("{} input", at("vendor.id")), "acme-crm");
    type_into(tab, &format!("{} input", at("vendor.name")), "Acme CRM");
    type_into(tab, &format!("{} input", at("vendor.website")), "https://acme.example");
    // yes / no / unknown
    click(tab, &format!("{} input[value=yes]", at("encryption.at_rest")));
    click(tab, &format!("{} input[value=no]", at("encryption.byok")));
    click(tab, &format!("{} input[value=unknown]", at("monitoring.real_time")));
    // text, numbers and a source per section
    type_into(tab, &format!("{} input", at("encryption.at_rest_algorithm")), "AES-256-GCM");
    type_into(tab, &format!("{} input", at("encryption.at_rest_key_bits")), "256");
    type_into(tab, &format!("{} input", at("encryption.source")), "https://acme.example/security");
    type_into(tab, &format!("{} input", at("availability.sla_percent")), "99.95");
    // enums, one and many
    pick(form, &format!("{} select", at("access_control.mfa")), "unavailable");
    click(tab, &format!("{} input[value=saml]", at("access_control.sso")));
    click(tab, &format!("{} input[value=oidc]", at("access_control.sso")));
    // a date
    pick(form, &format!("{} input", at("backup.last_restore_test")), "2026-10-01");
    // repeatable entries: a certification, and "none" for incidents
    click(tab, &format!("{} button.add", at("certifications")));
    let cert = format!("{} .item:nth-child(1)", at("certifications"));
    pick(form, &format!("{cert} {} select", at("certifications.kind")), "soc2-type2");
    pick(form, &format!("{cert} {} input", at("certifications.issued")), "2026-06-30");
    pick(form, &format!("{cert} {} input", at("certifications.expires")), "2027-06-30");
    click(tab, &format!("{cert} {} input[value=yes]", at("certifications.covers_product")));
    type_into(tab, &format!("{cert} {} input", at("certifications.auditor")), "Example Audit LLP");
    // the same with timestamps: one incident
    click(tab, &format!("{} button.add", at("incidents.entries")));
    let incident = format!("{} .item:nth-child(1)", at("incidents.entries"));
    type_into(tab, &format!("{incident} {} input", at("incidents.entries.id")), "ACME-2026-01");
    type_into(tab, &format!("{incident} {} input", at("incidents.entries.title")), "Support database exposed");
    pick(form, &format!("{incident} {} select", at("incidents.entries.kind")), "data-breach");
    pick(form, &format!("{incident} {} select", at("incidents.entries.severity")), "high");
    pick(form, &format!("{incident} {} input", at("incidents.entries.detected_at")), "2026-03-01T10:00");
    pick(form, &format!("{incident} {} input", at("incidents.entries.disclosed_at")), "2026-03-03T09:30");
    type_into(tab, &format!("{incident} {} input", at("incidents.entries.records_exposed")), "1200");
    click(tab, &format!("{incident} {} input[value=no]", at("incidents.entries.postmortem_published")));
    // "None" for a list: no audited fields
    click(tab, &format!("{} .states input[value=none]", at("audit_logging.fields")));
    // repeatable months with a timestamp-free date-like text
    click(tab, &format!("{} button.add", at("availability.monthly")));
    let month = format!("{} .item:nth-child(1)", at("availability.monthly"));
    type_into(tab, &format!("{month} {} input", at("availability.monthly.month")), "2026-10");
    type_into(tab, &format!("{month} {} input", at("availability.monthly.percent")), "99.99");
}

#[test]
fn a_filled_in_form_saves_a_dossier_that_assess_reads_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let form_path = questionnaire(dir.path(), &["--rubric", RUBRIC]);
    let chromium = Chromium::start();
    let form = chromium.load(&form_path);
    assert_no_request(&form, &form_path);
    assert!(form.dialogs.is_empty());
    let shown = form.eval(
        "[...document.querySelectorAll('.section')].map(s => document.getElementById(s.getAttribute('aria-labelledby')).textContent)",
    );
    assert_eq!(
        shown,
        json!([
            "About you",
            "Access control",
            "Activity monitoring",
            "Audit logging",
            "Encryption",
            "Backups",
            "Retention and deletion",
            "Certifications",
            "GDPR",
            "Security incidents",
            "Availability",
            "Transparency and support",
            "Login page security"
        ]),
        "only what the baseline's checks read, by practice"
    );

    // Validation as they type: a bad vendor id is flagged at once, and Save refuses it.
    type_into(form.tab(), &format!("{} input", at("vendor.id")), "Acme CRM!");
    assert_eq!(
        form.eval(&format!("document.querySelector('{} input').getAttribute('aria-invalid')", at("vendor.id"))),
        "true"
    );
    click(form.tab(), "#save");
    let refused = form.eval("document.getElementById('status').textContent");
    assert!(refused.as_str().unwrap().contains("need attention"), "{refused}");
    form.eval(&format!("(() => {{ const e = document.querySelector('{} input'); e.value = ''; e.dispatchEvent(new Event('input', {{bubbles: true}})); return 0; }})()", at("vendor.id")));

    let before = form.eval("document.getElementById('progress').value").as_f64().unwrap();
    fill_every_kind_of_field(&form);
    let after = form.eval("document.getElementById('progress').value").as_f64().unwrap();
    let total = form.eval("document.getElementById('progress').max").as_f64().unwrap();
    assert_eq!(before, 0.0);
    assert!(after >= 12.0 && after < total, "progress counts answered questions: {after} of {total}");
    assert_eq!(form.eval("document.querySelectorAll('[aria-invalid=true]').length"), 0);

    let saved_path = save(&form, &dir.path().join("downloads"));
    assert_no_request(&form, &form_path);
    assert_eq!(saved_path.file_name().unwrap(), "acme-crm.json");
    let saved = read_json(&saved_path);
    assert_valid_dossier(&saved);
    assert_eq!(saved["encryption"]["at_rest"], true);
    assert_eq!(saved["encryption"]["byok"], false);
    assert_eq!(saved["encryption"]["at_rest_key_bits"], 256);
    assert_eq!(saved["encryption"]["source"], "https://acme.example/security");
    assert!(saved["monitoring"].get("real_time").is_none(), "unknown is left out, never written as no");
    assert_eq!(saved["access_control"]["mfa"], "unavailable");
    assert_eq!(saved["access_control"]["sso"], json!(["saml", "oidc"]));
    assert_eq!(saved["backup"]["last_restore_test"], "2026-10-01");
    assert_eq!(saved["certifications"][0]["kind"], "soc2-type2");
    assert_eq!(saved["certifications"][0]["covers_product"], true);
    assert_eq!(saved["audit_logging"]["fields"], json!([]), "none is an empty list");
    assert_eq!(
        saved["incidents"]["entries"],
        json!([{
            "id": "ACME-2026-01",
            "title": "Support database exposed",
            "kind": "data-breach",
            "severity": "high",
            "detected_at": "2026-03-01T10:00:00Z",
            "disclosed_at": "2026-03-03T09:30:00Z",
            "records_exposed": 1200,
            "postmortem_published": false
        }]),
        "times are saved in UTC"
    );
    assert_eq!(saved["availability"]["monthly"], json!([{"month": "2026-10", "percent": 99.99}]));

    let attestations = saved["attestations"].as_object().unwrap();
    let version = env!("CARGO_PKG_VERSION");
    for (path, answer) in [
        ("encryption.at_rest", Some("Yes")),
        ("encryption.byok", Some("No")),
        ("access_control.mfa", Some("unavailable")),
        ("certifications[0]", None),
        ("incidents.entries[0]", None),
        ("audit_logging.fields", Some("None")),
    ] {
        let attestation = &attestations[path];
        assert_eq!(attestation["questionnaire"], "riskcard vendor questionnaire", "{path}");
        assert_eq!(attestation["version"], version, "{path}");
        assert_eq!(attestation["rubric"], "crm-baseline@1.0.0", "{path}");
        assert_eq!(attestation.get("answer").and_then(Value::as_str), answer, "{path}");
        assert!(attestation["recorded"].as_str().unwrap().ends_with('Z'), "{path}");
    }
    assert!(!attestations.contains_key("monitoring.real_time"), "unknown sets no field, so nothing is attested");
    let mut keys: Vec<&str> = attestations.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "access_control.mfa",
            "access_control.sso",
            "audit_logging.fields",
            "availability.monthly[0]",
            "availability.sla_percent",
            "backup.last_restore_test",
            "certifications[0]",
            "encryption.at_rest",
            "encryption.at_rest_algorithm",
            "encryption.at_rest_key_bits",
            "encryption.byok",
            "encryption.source",
            "incidents.entries[0]",
            "vendor.id",
            "vendor.name",
            "vendor.website"
        ],
        "one attestation per answer"
    );

    let card = assess(&saved_path, &dir.path().join("cards"));
    assert_eq!(card["vendor"]["name"], "Acme CRM");
    assert_eq!(status(&card, "encryption-at-rest"), "pass", "yes, AES, 256-bit keys");
    assert_eq!(status(&card, "authentication"), "fail", "MFA unavailable");
    assert_eq!(status(&card, "real-time-monitoring"), "insufficient-evidence", "unknown is not no");
    assert_eq!(status(&card, "soc2"), "pass", "a current SOC 2 Type II covering the product");
    let breach = criterion(&card, "breach-history");
    assert_eq!(
        (breach["status"].as_str(), breach["score"].as_u64()),
        (Some("partial"), Some(65)),
        "one high-severity data breach this year: 100 - 25 - 10"
    );
    assert!(breach["findings"][0]["message"].as_str().unwrap().contains("ACME-2026-01"), "{breach}");
    assert_eq!(status(&card, "incident-disclosure"), "pass", "disclosed 47.5 hours after detection");
    for id in ["encryption-at-rest", "authentication", "soc2", "breach-history"] {
        assert_eq!(criterion(&card, id)["evidence"], "vendor-attested", "{id} rests on the vendor's word");
    }
}

/// The saved dossier without the save times, to compare two saves.
fn without_times(mut dossier: Value) -> Value {
    for attestation in dossier["attestations"].as_object_mut().unwrap().values_mut() {
        attestation.as_object_mut().unwrap().remove("recorded");
    }
    dossier
}

/// Loads `saved` into `form` with its Load control and waits until it is read.
fn load_saved(form: &Loaded, saved: &Path) {
    form.tab().find_element("#load").unwrap().set_input_files(&[saved.to_str().unwrap()]).unwrap();
    let started = Instant::now();
    while !form.eval("document.getElementById('status').textContent").as_str().unwrap().starts_with("Loaded") {
        assert!(started.elapsed() < Duration::from_secs(10), "the saved file was not loaded");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn checked(form: &Loaded, selector: &str) -> bool {
    form.eval(&format!("document.querySelector({}).checked", quoted(selector))).as_bool().unwrap()
}

fn value(form: &Loaded, selector: &str) -> String {
    form.eval(&format!("document.querySelector({}).value", quoted(selector))).as_str().unwrap().to_owned()
}

#[test]
fn a_prefilled_form_saves_and_a_blank_one_resumes_from_the_saved_file() {
    let dir = tempfile::tempdir().unwrap();
    let prefilled =
        questionnaire(dir.path(), &["--rubric", RUBRIC, "--prefill", "examples/vendors/northwind-crm.toml"]);
    let chromium = Chromium::start();
    let form = chromium.load(&prefilled);
    assert_eq!(form.title, "Security questionnaire for Northwind Cloud CRM");
    assert_eq!(value(&form, &format!("{} input", at("vendor.name"))), "Northwind Cloud CRM");
    assert!(checked(&form, &format!("{} input[value=yes]", at("encryption.at_rest"))), "prefilled yes");
    let png = form.screenshot(1800);
    assert!(png.len() > 40_000, "the form renders: {} bytes", png.len());
    // A relative directory is taken from the repository root, as the docs give it.
    if let Some(keep) = crate::support::screenshots_dir() {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(keep.join("questionnaire.png"), &png).unwrap();
    }
    click(form.tab(), &format!("{} input[value=unknown]", at("monitoring.real_time")));
    click(form.tab(), &format!("{} input[value=no]", at("encryption.byok")));
    let first = read_json(&save(&form, &dir.path().join("first")));
    assert_valid_dossier(&first);
    assert!(first["monitoring"].get("real_time").is_none());
    assert_eq!(first["monitoring"]["observed"], "2026-11-02", "what the form does not ask is kept");
    assert_eq!(first["certifications"][0]["observed"], "2026-11-02", "also inside entries");
    assert_eq!(first["encryption"]["byok"], false);

    let blank_dir = dir.path().join("blank");
    std::fs::create_dir_all(&blank_dir).unwrap();
    let blank = chromium.load(&questionnaire(&blank_dir, &["--rubric", RUBRIC]));
    assert_eq!(value(&blank, &format!("{} input", at("vendor.name"))), "");
    load_saved(&blank, &dir.path().join("first/northwind-crm.json"));
    assert_eq!(value(&blank, &format!("{} input", at("vendor.name"))), "Northwind Cloud CRM");
    for answer in ["yes", "no", "unknown"] {
        let radio = format!("{} input[value={answer}]", at("monitoring.real_time"));
        assert!(!checked(&blank, &radio), "unknown was saved by leaving the field out: it resumes unanswered");
    }
    assert!(checked(&blank, &format!("{} input[value=no]", at("encryption.byok"))));
    assert_eq!(blank.eval(&format!("document.querySelectorAll('{} .item').length", at("certifications"))), 5);
    let second = read_json(&save(&blank, &dir.path().join("second")));
    assert_no_request(&form, &prefilled);
    assert_no_request(&blank, &blank_dir.join("form.html"));
    assert_eq!(without_times(second), without_times(first), "resuming and saving again changes nothing");
}

const PAYLOAD: &str =
    "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned2'</script> & \"quoted\"";
const URL_PAYLOAD: &str = "https://x.example/\"><svg/onload=document.title='pwned3'>";

/// Nothing the vendor typed became an element, a handler or a title.
fn assert_inert(page: &Loaded, title: &str, what: &str) {
    assert_eq!(page.eval("document.title"), title, "{what}: no payload changed the title");
    assert!(page.dialogs.is_empty(), "{what}: {:?}", page.dialogs);
    assert_eq!(
        page.eval("document.querySelectorAll('img, svg[onload], body script:not(:last-child)').length"),
        0,
        "{what}"
    );
    let handlers = page.eval(
        "[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length",
    );
    assert_eq!(handlers, 0, "{what}: no payload became an event handler");
}

#[test]
fn markup_typed_into_every_field_stays_text_in_the_form_the_file_and_the_scorecard() {
    let dir = tempfile::tempdir().unwrap();
    let chromium = Chromium::start();
    let form = chromium.load(&questionnaire(dir.path(), &[]));
    let tab = form.tab();
    let title = "Vendor security questionnaire";
    // Entries with every kind of text field.
    click(tab, &format!("{} button.add", at("certifications")));
    pick(&form, &format!("{} select", at("certifications.kind")), "other");
    click(tab, &format!("{} .states input[value=these]", at("incidents.entries")));
    click(tab, &format!("{} button.add", at("incidents.entries")));
    pick(&form, &format!("{} select", at("incidents.entries.kind")), "security-incident");
    pick(&form, &format!("{} select", at("incidents.entries.severity")), "low");
    pick(&form, &format!("{} input", at("incidents.entries.detected_at")), "2026-03-01T10:00");
    let fields: Vec<String> = serde_json::from_value(
        form.eval("[...document.querySelectorAll('input[type=text]')].map(e => e.closest('[data-path]').dataset.path)"),
    )
    .unwrap();
    assert!(fields.len() >= 20, "{fields:?}");
    let texts: Vec<&str> = fields
        .iter()
        .map(|path| match path.as_str() {
            "vendor.id" => "payload-crm",
            "vendor.website"
            | "vendor.status_page"
            | "vendor.app_url"
            | "assurance.vulnerability_disclosure.policy_url"
            | "assurance.bug_bounty.url" => URL_PAYLOAD,
            "residency.regions" => "EU",
            _ => PAYLOAD,
        })
        .collect();
    // Typed field after field: as each field takes its text, focus moves on to the next,
    // as a Tab would, so each field costs one DevTools round trip.
    on_element(
        tab,
        "input[type=text]",
        "const all = [...document.querySelectorAll('input[type=text]')]; \
         all.forEach((field, at) => field.addEventListener('input', () => all[at + 1]?.focus(), { once: true })); \
         e.focus()",
    );
    for text in &texts {
        tab.call_method(Input::InsertText { text: (*text).to_owned() }).unwrap();
    }
    let typed = form.eval("[...document.querySelectorAll('input[type=text]')].map(e => e.value)");
    assert_eq!(typed, json!(texts), "every text field holds what was typed, character for character");
    assert_inert(&form, title, "the form");
    let saved_path = save(&form, &dir.path().join("saved"));
    let saved = read_json(&saved_path);
    assert_valid_dossier(&saved);
    assert_eq!(saved["vendor"]["name"], PAYLOAD, "stored verbatim, as a string");
    assert_eq!(saved["vendor"]["website"], URL_PAYLOAD);
    assert_eq!(saved["encryption"]["source"], PAYLOAD);
    assert_eq!(saved["certifications"][0]["name"], PAYLOAD);
    assert_eq!(saved["incidents"]["entries"][0]["title"], PAYLOAD);
    assert_eq!(saved["attestations"]["encryption.tls_min_version"]["answer"], PAYLOAD);

    assert_no_request(&form, &dir.path().join("form.html"));

    let cards = dir.path().join("cards");
    assess(&saved_path, &cards);
    let page = cards.join("payload-crm.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<script"), "scorecards stay script-free");
    let start = html.find("<meta http-equiv=\"Content-Security-Policy\"").unwrap();
    let end = start + html[start..].find('>').unwrap() + 1;
    let bare = dir.path().join("bare.html");
    std::fs::write(&bare, format!("{}{}", &html[..start], &html[end..])).unwrap();
    let card = chromium.load(&bare);
    assert_inert(&card, &format!("{PAYLOAD} — vendor security scorecard"), "the scorecard without its CSP");
    assert!(card.eval("document.body.innerText").as_str().unwrap().contains(PAYLOAD), "shown as text");
}

#[test]
fn markup_in_a_returned_file_and_in_number_and_date_fields_stays_inert() {
    let dir = tempfile::tempdir().unwrap();
    let returned = dir.path().join("payload-crm.json");
    let dossier = json!({
        "vendor": {"id": "payload-crm", "name": PAYLOAD, "product": PAYLOAD, "website": URL_PAYLOAD},
        "encryption": {"tls_min_version": PAYLOAD, "source": PAYLOAD},
        "certifications": [{"kind": "other", "name": PAYLOAD, "scope": PAYLOAD, "auditor": PAYLOAD}],
        "incidents": {"entries": [{
            "id": PAYLOAD, "title": PAYLOAD, "kind": "security-incident", "severity": "low",
            "detected_at": "2026-03-01T10:00:00Z", "root_cause": PAYLOAD
        }]},
        "trust": {"source": PAYLOAD},
        "attestations": {"trust.source": {"questionnaire": "riskcard vendor questionnaire", "version": env!("CARGO_PKG_VERSION"), "answer": PAYLOAD}}
    });
    std::fs::write(&returned, dossier.to_string()).unwrap();
    let chromium = Chromium::start();
    let form_path = questionnaire(dir.path(), &[]);
    let form = chromium.load(&form_path);
    let title = "Vendor security questionnaire";
    // Loading the file shows the payloads as values, running nothing.
    load_saved(&form, &returned);
    for path in ["vendor.name", "vendor.product", "encryption.tls_min_version", "trust.source"] {
        assert_eq!(value(&form, &format!("{} input", at(path))), PAYLOAD, "{path}");
    }
    assert_eq!(value(&form, &format!("{} input", at("vendor.website"))), URL_PAYLOAD);
    let entry = format!("{} .item:nth-child(1) {} input", at("incidents.entries"), at("incidents.entries.root_cause"));
    assert_eq!(value(&form, &entry), PAYLOAD);
    assert_inert(&form, title, "the resumed form");

    // Markup typed into a number or date field is no value there: it is flagged and Save
    // refuses, still running nothing.
    on_element(
        form.tab(),
        "input[type=number]",
        "const all = [...document.querySelectorAll('input[type=number], input[type=date]')]; \
         all.forEach((field, at) => field.addEventListener('input', () => all[at + 1]?.focus(), { once: true })); \
         e.focus()",
    );
    let fields =
        form.eval("document.querySelectorAll('input[type=number], input[type=date]').length").as_u64().unwrap();
    assert!(fields >= 15, "{fields} number and date fields");
    for _ in 0..fields {
        form.tab().call_method(Input::InsertText { text: PAYLOAD.to_owned() }).unwrap();
    }
    let taken = form.eval(
        "[...document.querySelectorAll('input[type=number], input[type=date]')].filter(e => e.value !== '' || (e.validity.badInput && e.getAttribute('aria-invalid') !== 'true')).map(e => e.outerHTML)",
    );
    assert_eq!(taken, json!([]), "no field took the markup as a value, and each the browser could not read is flagged");
    let bad_input =
        form.eval("[...document.querySelectorAll('input')].filter(e => e.validity.badInput).length").as_u64().unwrap();
    assert!(bad_input > 0, "some fields hold text the browser cannot read as a number");
    click(form.tab(), "#save");
    let refused = form.eval("document.getElementById('status').textContent");
    assert!(refused.as_str().unwrap().starts_with(&format!("{bad_input} answer(s) need attention")), "{refused}");
    assert_inert(&form, title, "the resumed form with markup in its number fields");
    assert_no_request(&form, &form_path);
}

#[test]
fn the_form_is_labelled_for_screen_readers_and_works_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let chromium = Chromium::start();
    let form = chromium.load(&questionnaire(dir.path(), &["--rubric", "rubrics/gdpr.toml"]));
    let unlabelled = form.eval(
        "[...document.querySelectorAll('input, select')].filter(e => e.labels.length === 0 && !(e.closest('label'))).map(e => e.outerHTML)",
    );
    assert_eq!(unlabelled, json!([]), "every control has a label");
    let loose = form.eval("[...document.querySelectorAll('input[type=radio], input[type=checkbox]')].filter(e => !e.closest('fieldset')?.querySelector('legend')).length");
    assert_eq!(loose, 0, "every group of choices has a legend");
    // Tab moves from one control to the next, and a space answers a question.
    form.tab().find_element(&format!("{} input", at("vendor.name"))).unwrap().focus().unwrap();
    form.tab().press_key("Tab").unwrap();
    let next = form.eval("document.activeElement.closest('[data-path]').dataset.path");
    assert_eq!(next, "vendor.product");
    let radio = format!("{} input[value=yes]", at("compliance.gdpr.dpa_offered"));
    form.tab().find_element(&radio).unwrap().focus().unwrap();
    form.tab().press_key(" ").unwrap();
    assert!(checked(&form, &radio));
    assert!(form.eval("document.getElementById('progress-text').textContent").as_str().unwrap().starts_with("1 of "));
    let sections = form.eval(
        "[...document.querySelectorAll('section')].filter(s => !document.getElementById(s.getAttribute('aria-labelledby'))?.textContent).length",
    );
    assert_eq!(sections, 0, "every section is labelled by its heading");

    // Printed, the buttons and the status go, and every question and answer stays.
    form.tab()
        .call_method(Emulation::SetEmulatedMedia { media: Some("print".into()), features: None })
        .expect("print media");
    let shown = |selector: &str| {
        form.eval(&format!(
            "[...document.querySelectorAll({})].filter(e => e.getClientRects().length > 0).length",
            quoted(selector)
        ))
        .as_u64()
        .unwrap()
    };
    assert_eq!(shown(".toolbar, #status, button"), 0, "nothing to press on paper");
    let questions = form.eval("document.querySelectorAll('.field').length").as_u64().unwrap();
    assert!(questions > 5 && shown(".field") == questions, "every question prints");
    assert_eq!(shown(&radio), 1, "the answer prints");
    let size = form.eval("parseFloat(getComputedStyle(document.body).fontSize)").as_f64().unwrap();
    assert!((size - 11.0 * 96.0 / 72.0).abs() < 0.01, "11pt text: {size}px");
}

/// A dossier as the form saves it.
fn saved_dossier() -> Value {
    json!({
        "vendor": {"id": "acme-crm", "name": "Acme CRM"},
        "access_control": {"rbac": true, "mfa": "enforceable"},
        "availability": {"sla_percent": 99.9},
        "attestations": {
            "access_control.rbac": {
                "questionnaire": "riskcard vendor questionnaire",
                "version": env!("CARGO_PKG_VERSION"),
                "answer": "Yes",
                "rubric": "crm-baseline@1.0.0",
                "recorded": "2026-11-20T10:00:00Z"
            }
        }
    })
}

#[test]
fn assess_rejects_bad_saved_files_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("acme-crm.json");
    std::fs::write(&good, saved_dossier().to_string()).unwrap();
    let run = assess_baseline(&good, &dir.path().join("ok"), &[]);
    assert!(run.code <= 1, "the file as saved is read as it is: {run:?}");
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit, &[&str]); 7] = [
        ("wrong type", |d| d["access_control"]["rbac"] = json!("yes"), &["access_control.rbac", "boolean"]),
        ("invalid value", |d| d["access_control"]["mfa"] = json!("sometimes"), &["access_control.mfa", "sometimes"]),
        ("tampered", |d| d["access_control"]["backdoor"] = json!(true), &["access_control", "backdoor"]),
        (
            "an answer removed, its attestation kept",
            |d| {
                d["access_control"].as_object_mut().unwrap().remove("rbac");
            },
            &["attestations.\"access_control.rbac\"", "does not state"],
        ),
        (
            "an impossible save time",
            |d| d["attestations"]["access_control.rbac"]["recorded"] = json!("2026-02-30T10:00:00Z"),
            &["attestations.access_control.rbac.recorded", "2026-02-30T10:00:00Z"],
        ),
        ("out of range", |d| d["availability"]["sla_percent"] = json!(250), &["availability.sla_percent"]),
        (
            "wrong version",
            |d| d["attestations"]["access_control.rbac"]["version"] = json!("99.0.0"),
            &["attestations", "access_control.rbac", "99.0.0"],
        ),
    ];
    for (what, edit, expected) in cases {
        let mut dossier = saved_dossier();
        edit(&mut dossier);
        let bad = dir.path().join("acme-crm.json");
        std::fs::write(&bad, dossier.to_string()).unwrap();
        let out = dir.path().join(what);
        let run = assess_baseline(&bad, &out, &[]);
        assert_eq!(run.code, 2, "{what}: {run:?}");
        assert!(run.stderr.contains("acme-crm.json"), "{what}: names the file: {}", run.stderr);
        for needle in expected {
            assert!(run.stderr.contains(needle), "{what}: says {needle}: {}", run.stderr);
        }
        assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none(), "{what}: no scorecard written");
    }
}

#[test]
fn the_command_writes_nothing_on_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("form.html");
    for (args, needle) in [
        (vec!["--rubric", "no/such/rubric.toml"], "no/such/rubric.toml"),
        (vec!["--prefill", "tests/data/does-not-exist.toml"], "does-not-exist.toml"),
    ] {
        let mut all = vec!["questionnaire", "--out", out.to_str().unwrap()];
        all.extend(args);
        let run = riskcard(&all);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains(needle), "{}", run.stderr);
        assert!(!out.exists());
    }
    // A prefill that is no dossier, and a FIFO, go through the one safe reader.
    let not_a_dossier = dir.path().join("answers.json");
    std::fs::write(
        &not_a_dossier,
        r#"{"vendor": {"id": "acme-crm", "name": "Acme"}, "encryption": {"at_rest": "yes"}}"#,
    )
    .unwrap();
    let fifo = dir.path().join("fifo.toml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (prefill, needle) in [(&not_a_dossier, "encryption.at_rest"), (&fifo, "not a regular file")] {
        let run = riskcard(["questionnaire", "--prefill", prefill.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains(needle), "{}", run.stderr);
        assert!(!out.exists());
    }
    // A file where the form's directory would be is named.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "").unwrap();
    let run = riskcard(["questionnaire", "--out", blocker.join("form.html").to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("blocker") && run.stderr.contains("not a directory"), "{}", run.stderr);
}

/// The `riskcard` commands of the shell blocks in `markdown`, one per line.
fn shell_commands(markdown: &str) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    let mut in_shell = false;
    for line in markdown.lines().map(str::trim) {
        if line.starts_with("```") {
            in_shell = line == "```sh";
        } else if in_shell && let Some(rest) = line.strip_prefix("riskcard ") {
            commands.push(rest.split_whitespace().map(str::to_owned).collect());
        }
    }
    commands
}

/// The value after `flag` in `args`.
fn flag<'a>(args: &'a [String], flag: &str) -> &'a str {
    &args[args.iter().position(|arg| arg == flag).unwrap_or_else(|| panic!("{args:?} has {flag}")) + 1]
}

#[test]
fn the_analysts_workflow_in_the_docs_runs_as_written() {
    let docs = std::fs::read_to_string(repo().join("docs/questionnaire.md")).unwrap();
    let commands = shell_commands(&docs);
    let [write, assess] = commands.as_slice() else {
        panic!("two commands: write the form, assess the answers: {commands:?}")
    };
    assert_eq!((write[0].as_str(), assess[0].as_str()), ("questionnaire", "assess"));
    // The analyst's working directory, with the repository's rubrics and examples.
    let work = tempfile::tempdir().unwrap();
    for shared in ["rubrics", "examples"] {
        std::os::unix::fs::symlink(repo().join(shared), work.path().join(shared)).unwrap();
    }

    // 1. Write the form.
    let run = riskcard_in(work.path(), &[], write);
    assert_eq!(run.code, 0, "{run:?}");
    let form_path = work.path().join(flag(write, "--out"));
    assert!(run.stdout.contains(flag(write, "--out")), "it says where the form is: {}", run.stdout);

    // 2-3. The vendor opens it, answers and saves the file the docs name.
    let chromium = Chromium::start();
    let form = chromium.load(&form_path);
    click(form.tab(), &format!("{} input[value=no]", at("encryption.byok")));
    let downloads = work.path().join("downloads");
    let saved = save(&form, &downloads);
    assert_no_request(&form, &form_path);
    let returned = work.path().join(&assess[1]);
    assert_eq!(saved.file_name(), returned.file_name(), "the form saves the file the docs assess");
    assert!(docs.contains(&format!("`{}`", assess[1])), "the docs name the saved file");
    std::fs::rename(&saved, &returned).unwrap();

    // 4. Assess it as it is.
    let run = riskcard_in(work.path(), &[], assess);
    assert!(run.code <= 1, "{run:?}");
    let cards = work.path().join(flag(assess, "--out"));
    let card: Value =
        serde_json::from_str(&std::fs::read_to_string(cards.join("northwind-crm.json")).unwrap()).unwrap();
    let encryption = card["criteria"].as_array().unwrap().iter().find(|c| c["id"] == "encryption-at-rest").unwrap();
    assert_eq!(encryption["evidence"], "vendor-attested", "the vendor's answers are marked as its word");
    let html = std::fs::read_to_string(cards.join("northwind-crm.html")).unwrap();
    assert!(!html.contains("<script"), "the scorecard stays script-free");

    // The README's one-line form command runs as written too.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let line = readme
        .split('`')
        .find(|code| code.starts_with("riskcard questionnaire --rubric"))
        .expect("the README shows how to write the form");
    let args: Vec<&str> = line.split_whitespace().skip(1).collect();
    let run = riskcard_in(work.path(), &[], &args);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(work.path().join(args.last().unwrap()).is_file());
}

#[test]
fn a_form_prefilled_from_an_imported_dossier_replaces_the_earlier_answers_it_asks_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let caiq = |question: &str, answer: &str| json!({"questionnaire": "CAIQ", "version": "4.0.3", "question": question, "answer": answer});
    let imported = json!({
        "vendor": {"id": "harbor-crm", "name": "Harbor CRM"},
        "encryption": {"at_rest": true, "byok": false},
        "compliance": {"hipaa": {"baa_offered": true}, "ccpa": {"service_provider_terms": true}},
        "attestations": {
            "encryption.byok": caiq("CEK-02.1", "No"),
            "compliance.hipaa.baa_offered": caiq("DSP-10.1", "Yes")
        },
        "disputed": {
            "encryption.at_rest": {"claimed": false, "attestation": caiq("CEK-03.1", "No")},
            "compliance.ccpa.service_provider_terms": {"claimed": false, "attestation": caiq("DSP-12.1", "No")}
        }
    });
    let prefill = dir.path().join("harbor-crm.json");
    std::fs::write(&prefill, imported.to_string()).unwrap();
    let form_path = questionnaire(dir.path(), &["--rubric", RUBRIC, "--prefill", prefill.to_str().unwrap()]);
    let chromium = Chromium::start();
    let form = chromium.load(&form_path);
    // The analyst's value shows; the vendor, asked again, says it does not know.
    assert!(checked(&form, &format!("{} input[value=yes]", at("encryption.at_rest"))));
    click(form.tab(), &format!("{} input[value=unknown]", at("encryption.at_rest")));
    let saved_path = save(&form, &dir.path().join("saved"));
    assert_no_request(&form, &form_path);
    let saved = read_json(&saved_path);
    assert_valid_dossier(&saved);
    assert!(saved["encryption"].get("at_rest").is_none());
    assert_eq!(saved["encryption"]["byok"], false);
    assert_eq!(
        saved["attestations"]["encryption.byok"]["questionnaire"], "riskcard vendor questionnaire",
        "an answer the form asked is the form's now"
    );
    assert_eq!(
        saved["attestations"]["compliance.hipaa.baa_offered"],
        imported["attestations"]["compliance.hipaa.baa_offered"]
    );
    assert_eq!(
        saved["disputed"],
        json!({
            "compliance.ccpa.service_provider_terms": imported["disputed"]["compliance.ccpa.service_provider_terms"]
        }),
        "a disputed claim about a section the form did not ask stays; one it asked again goes"
    );
    let card = assess(&saved_path, &dir.path().join("cards"));
    assert_eq!(status(&card, "encryption-at-rest"), "insufficient-evidence", "unknown is not yes");
}
