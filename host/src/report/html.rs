//! The HTML pages: askama templates (host/templates/) over the view models. Every value
//! is escaped by askama; nothing is ever marked safe, and evidence URLs are printed as
//! text, never made into links. Pages are self-contained: inline CSS and SVG, no script,
//! and a Content-Security-Policy that forbids fetching anything.

use askama::Template;

use super::view::{CompareEntry, CompareView, DashboardView, ScorecardView, VendorListView};
use crate::assess::Scorecard;

/// Rendering failed inside the template engine.
#[derive(Debug, thiserror::Error)]
#[error("cannot render the HTML page: {0}")]
pub struct RenderError(#[from] askama::Error);

/// Links from a scorecard page to the rest of a published site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteNav {
    /// The index page.
    pub index: String,
    /// The comparison page, when the site has one.
    pub compare: Option<String>,
    /// This scorecard's JSON.
    pub json: String,
}

#[derive(Template)]
#[template(path = "scorecard.html")]
pub(super) struct ScorecardPage<'a> {
    pub(super) v: &'a ScorecardView,
    pub(super) nav: Option<&'a SiteNav>,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage<'a> {
    v: &'a CompareView,
    index_href: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage<'a> {
    v: &'a DashboardView,
}

#[derive(Template)]
#[template(path = "list.html")]
struct ListPage<'a> {
    v: &'a VendorListView,
}

/// Renders `scorecard` as a self-contained HTML page, with links to the rest of a
/// published site when `nav` is given.
pub fn scorecard_html(scorecard: &Scorecard, nav: Option<&SiteNav>) -> Result<String, RenderError> {
    Ok(ScorecardPage { v: &ScorecardView::new(scorecard), nav }.render()?)
}

/// Renders the comparison of the vendors in `entries`; `link` gives the link to a
/// vendor's page from its id, and the site index is linked at `index_href` when given.
pub fn compare_html(
    entries: &[CompareEntry],
    link: &dyn Fn(&str) -> String,
    index_href: Option<&str>,
) -> Result<String, RenderError> {
    Ok(ComparePage { v: &CompareView::new(entries, link), index_href }.render()?)
}

/// Renders the portfolio dashboard.
pub(super) fn dashboard_html(dashboard: &DashboardView) -> Result<String, RenderError> {
    Ok(DashboardPage { v: dashboard }.render()?)
}

/// Renders one page of a vendor list.
pub(super) fn vendor_list_html(list: &VendorListView) -> Result<String, RenderError> {
    Ok(ListPage { v: list }.render()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::portfolio::{PortfolioLinks, PortfolioRow, write_pages};
    use crate::report::view::tests::{hostile, variant, with_collected};

    /// Every value of `attribute="…"` in `html`.
    fn attributes<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
        let needle = format!(" {attribute}=\"");
        html.split(&needle).skip(1).filter_map(|rest| rest.split('"').next()).collect()
    }

    #[test]
    fn payloads_are_escaped_and_evidence_never_becomes_a_link() {
        let html = scorecard_html(&hostile(), None).unwrap();
        for tag in ["<script", "<img", "<iframe", "<b ", "<i>", "<svg onload", "<style>body"] {
            assert!(!html.contains(tag), "{tag} got through");
        }
        assert!(html.contains("source <span class=\"src\">javascript:document.title=&#39;pwned-source&#39;</span>"));
        assert!(html.contains("&#60;script&#62;document.title=&#39;pwned-name&#39;&#60;/script&#62;Payload"));
        for href in attributes(&html, "href") {
            assert!(href.starts_with('#') || href == "data:,", "only links within the page: {href}");
        }
    }

    #[test]
    fn collected_evidence_is_in_the_provenance_and_beside_the_evidence_as_text() {
        let html = scorecard_html(&with_collected(&hostile()), None).unwrap();
        let url = "javascript:document.title=&#39;pwned-collected&#39;//&#60;script&#62;x&#60;/script&#62;";
        let response = format!("{url} · HTTP 200 · fetched 2026-11-29 08:30 UTC · sha256 {}", "ab".repeat(32));
        assert!(html.contains(&format!(
            "<dt>Collected evidence</dt><dd>sha256 <span class=\"hash\">{}</span>",
            "cd".repeat(32)
        )));
        assert!(html.contains(
            "the dossier&#8217;s own value was used for <code>availability.&#60;b&#62;sla_percent&#60;/b&#62;</code>"
        ));
        assert!(html.contains(&format!(
            "<dt>Collected fact</dt><dd><code>certifications[0]</code> from <span class=\"src\">{response}</span>"
        )));
        assert_eq!(
            html.matches(&format!("collected from <span class=\"src\">{response}</span>")).count(),
            2,
            "both SOC 2 findings"
        );
        assert!(!html.contains("<script") && !html.contains("<b>"));
        assert!(attributes(&html, "href").iter().all(|href| href.starts_with('#') || *href == "data:,"));
        let plain = scorecard_html(&hostile(), None).unwrap();
        assert!(!plain.contains("Collected") && !plain.contains("collected from"), "nothing collected, nothing shown");
    }

    #[test]
    fn pages_are_self_contained_and_forbid_fetching() {
        let card = hostile();
        let mut pages = vec![
            scorecard_html(&card, None).unwrap(),
            compare_html(
                &[CompareEntry::from(&card), CompareEntry::from(&variant(&card, "b", "B", 1.0, 1.0, true))],
                &|id| format!("{id}.html"),
                None,
            )
            .unwrap(),
        ];
        let links =
            PortfolioLinks { vendor_dir: "vendors/", json: true, compare: Some("compare.html"), signatures: None };
        write_pages(&mut [PortfolioRow::from(&card)], links, |_, html| {
            pages.push(String::from_utf8(html.to_vec()).unwrap());
            Ok::<_, RenderError>(())
        })
        .unwrap();
        assert!(pages.len() > 5, "the dashboard and its lists: {}", pages.len());
        for html in pages {
            assert!(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""));
            assert!(!html.contains("<script") && !html.contains("<link rel=\"stylesheet") && !html.contains("@import"));
            for url in attributes(&html, "href").into_iter().chain(attributes(&html, "src")) {
                assert!(!url.contains(':') || url == "data:,", "no absolute URLs: {url}");
                assert!(!url.starts_with('/'), "no root-relative URLs: {url}");
            }
        }
    }

    #[test]
    fn site_pages_link_back_to_the_index_the_comparison_and_the_json() {
        let nav = SiteNav {
            index: "../index.html".into(),
            compare: Some("../compare.html".into()),
            json: "hostile-payloads.json".into(),
        };
        let html = scorecard_html(&hostile(), Some(&nav)).unwrap();
        let links: Vec<&str> = attributes(&html, "href").into_iter().filter(|href| !href.starts_with('#')).collect();
        assert_eq!(links, ["data:,", "../index.html", "../compare.html", "hostile-payloads.json"]);
        assert!(!scorecard_html(&hostile(), None).unwrap().contains("<nav"), "a standalone page has no site links");
    }
}
