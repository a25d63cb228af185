//! The plan the form is built from, and the page around it.

use super::*;
use crate::dossier::Dossier;

fn rubric(path: &str) -> Rubric {
    Rubric::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)).unwrap()
}

fn prefill() -> Dossier {
    crate::dossier::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/vendors/northwind-crm.toml"),
    )
    .unwrap()
    .dossier
}

#[test]
fn without_a_rubric_every_section_is_asked_grouped_by_practice() {
    let plan = Plan::new(None, None).unwrap();
    assert_eq!(plan.section_paths().len(), SECTIONS.len());
    let groups: Vec<&str> = plan.groups.iter().map(|group| group.id).collect();
    assert_eq!(
        groups,
        [
            "vendor",
            "access-control",
            "activity-monitoring",
            "audit-logging",
            "encryption",
            "backup",
            "retention",
            "trusted-provider"
        ]
    );
    assert!(plan.groups.iter().flat_map(|group| &group.sections).all(|section| !section.why.is_empty()));
}

#[test]
fn a_rubric_asks_only_for_the_sections_its_checks_read() {
    let gdpr = rubric("rubrics/gdpr.toml");
    let plan = Plan::new(Some(&gdpr), None).unwrap();
    let mut expected = vec!["vendor"];
    for criterion in &gdpr.criteria {
        expected.extend(sections_read(&format!("{}/{}", criterion.plugin, criterion.check)).unwrap());
    }
    let mut asked = plan.section_paths();
    asked.sort();
    expected.sort();
    expected.dedup();
    assert_eq!(asked, expected);
    assert!(asked.len() < SECTIONS.len(), "the GDPR rubric does not need everything: {asked:?}");
    assert_eq!(plan.rubric.as_deref(), Some(format!("{}@{}", gdpr.id, gdpr.version).as_str()));
}

#[test]
fn a_check_riskcard_does_not_know_makes_the_form_ask_everything() {
    let mut custom = rubric("rubrics/gdpr.toml");
    custom.criteria[0].plugin = "acme".into();
    custom.criteria[0].check = "custom".into();
    let plan = Plan::new(Some(&custom), None).unwrap();
    assert_eq!(plan.unknown_checks, ["acme/custom"]);
    assert_eq!(plan.section_paths().len(), SECTIONS.len());
}

#[test]
fn the_page_allows_exactly_its_own_script_and_style() {
    let html = render(&Plan::new(None, Some(&prefill())).unwrap()).unwrap();
    let script = html.split("<script>").nth(1).unwrap().split("</script>").next().unwrap();
    let style = html.split("<style>").nth(1).unwrap().split("</style>").next().unwrap();
    assert_eq!(script, SCRIPT);
    assert_eq!(style, STYLE);
    let policy = content_security_policy();
    assert!(policy.starts_with("default-src 'none'; script-src 'sha256-"), "{policy}");
    let shown = html.split("Content-Security-Policy\" content=\"").nth(1).unwrap().split('"').next().unwrap();
    assert_eq!(shown.replace("&#39;", "'").replace("&#x27;", "'"), policy, "the policy is in the page");
    assert!(!html.contains("unsafe-inline") && !html.contains("http://") && !html.contains("https://cdn"));
    assert!(html.contains("<title>Security questionnaire for Northwind Cloud CRM</title>"));
}

/// Decodes the character references askama writes (`&#60;`, `&lt;`, …) in `text`.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').expect("a reference ends with ;") + at;
        let name = &rest[at + 1..end];
        let decoded = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = name.strip_prefix('#').expect("a numeric reference");
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16),
                    None => number.parse(),
                };
                char::from_u32(code.expect("a number")).expect("a character")
            }
        };
        out.push(decoded);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The text between `before` and the next `after` in `html`.
fn between<'a>(html: &'a str, before: &str, after: &str) -> &'a str {
    html.split(before).nth(1).unwrap_or_else(|| panic!("{before}")).split(after).next().unwrap()
}

#[test]
fn markup_in_the_prefill_stays_escaped_text_in_the_page() {
    let name = "</div><script>alert(1)</script>\"'&amp;";
    let mut dossier = prefill();
    dossier.vendor.name = name.into();
    let html = render(&Plan::new(None, Some(&dossier)).unwrap()).unwrap();
    assert_eq!(html.matches("<script").count(), 1, "only the form's own script");
    assert!(!html.contains("</div><script>alert(1)") && !html.contains("<script>alert"), "never raw");
    // Escaped, not dropped: each place reads back as exactly the text given.
    let title = format!("Security questionnaire for {name}");
    assert_eq!(unescape(between(&html, "<title>", "</title>")), title);
    assert_eq!(unescape(between(&html, "<h1>", "</h1>")), title);
    let embedded = between(&html, "data-json=\"", "\"");
    assert!(!embedded.contains(['<', '>', '\'']), "nothing in the attribute can end it or open a tag");
    let plan: serde_json::Value =
        serde_json::from_str(&unescape(embedded)).expect("the attribute holds the plan whole");
    assert_eq!(plan["prefill"]["vendor"]["name"], name);
}

#[test]
fn the_same_inputs_give_the_same_page() {
    let plan = Plan::new(Some(&rubric("rubrics/crm-baseline.toml")), Some(&prefill())).unwrap();
    assert_eq!(render(&plan).unwrap(), render(&plan).unwrap());
}
