//! The portfolio dashboard: how grades and risk tiers are spread, which vendors failed
//! a required gate, the criteria that fail most and the evidence most often missing,
//! every number linked to a paged list of the vendors behind it.

use std::collections::BTreeMap;

use super::list::{VendorListView, VendorRow, pager};
use super::{Tone, format};
use crate::report::portfolio::{COMPARE_LIMIT, DASHBOARD, LIST_DIR, PAGE_SIZE, PortfolioLinks, PortfolioRow, TOP};

/// The dashboard and the lists its numbers link to.
#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioView<'a> {
    /// The dashboard.
    pub dashboard: DashboardView,
    /// Every vendor list the dashboard links to.
    pub lists: Vec<VendorList>,
    rows: &'a [PortfolioRow],
    links: PortfolioLinks<'a>,
}

/// The vendors behind one number, in the order of the portfolio's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorList {
    /// Names the list's files, e.g. `grade-2`.
    key: String,
    /// What the vendors have in common.
    title: String,
    /// Indices into the portfolio's rows.
    members: Vec<usize>,
}

impl VendorList {
    /// How many pages the list takes.
    pub fn pages(&self) -> usize {
        self.members.len().div_ceil(PAGE_SIZE).max(1)
    }

    /// The file name of page `page` (from 1), inside the lists folder.
    pub fn file(&self, page: usize) -> String {
        format!("{}-{page}.html", self.key)
    }
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardView {
    /// Headline numbers: vendors, failed gates, missing evidence.
    pub figures: Vec<Figure>,
    /// The rubrics used, e.g. `crm-baseline 0.1.0`.
    pub rubrics: Vec<String>,
    /// The assessment dates.
    pub as_of: Vec<String>,
    /// Vendors per grade.
    pub grades: Table,
    /// Vendors per risk tier.
    pub risk_tiers: Table,
    /// Vendors per failed required gate, most first.
    pub gates: Table,
    /// Vendors per failed criterion, most first.
    pub failing: Table,
    /// Vendors per missing piece of evidence, most first.
    pub missing: Table,
    /// The comparison page, when there is one.
    pub compare_href: Option<String>,
    /// The page of signed scorecards, when any is signed.
    pub signatures_href: Option<String>,
    /// Up to how many vendors a comparison is written.
    pub compare_limit: usize,
    /// Vendors per list page.
    pub page_size: usize,
}

/// A headline number.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// What it counts.
    pub label: &'static str,
    /// The number.
    pub value: String,
    /// e.g. `12% of vendors`.
    pub note: String,
    /// The list of the vendors counted; `None` when there are none.
    pub href: Option<String>,
    /// Colour family.
    pub tone: &'static str,
}

/// A table of counts, at most [`TOP`] rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The heading of the first column.
    pub heading: &'static str,
    /// Whether the labels are evidence paths, shown as code.
    pub code: bool,
    /// Whether the labels take their row's colour (grades and risk tiers do).
    pub toned: bool,
    /// The rows shown.
    pub rows: Vec<Bucket>,
    /// e.g. `3 more not shown`, when the table was cut at [`TOP`] rows.
    pub more: Option<String>,
}

/// One row of a table: a group of vendors and how many there are.
#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    /// What the vendors share: a grade, a risk tier, a criterion title, an evidence path.
    pub label: String,
    /// The criterion id, for criteria.
    pub detail: Option<String>,
    /// How many vendors.
    pub count: String,
    /// Their share of the portfolio, e.g. `12%`.
    pub share: String,
    /// The share as a meter, 0–100.
    pub meter: f64,
    /// Colour family.
    pub tone: &'static str,
    /// The list of these vendors.
    pub href: String,
}

/// Vendor indices per key, for each key that `keys` gives a row.
fn group<K: Ord>(rows: &[PortfolioRow], keys: impl Fn(&PortfolioRow) -> Vec<K>) -> BTreeMap<K, Vec<usize>> {
    let mut groups: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for (index, row) in rows.iter().enumerate() {
        for key in keys(row) {
            groups.entry(key).or_default().push(index);
        }
    }
    groups
}

/// Groups largest first, ties by key.
fn most_first<K: Ord>(groups: BTreeMap<K, Vec<usize>>) -> Vec<(K, Vec<usize>)> {
    let mut sorted: Vec<(K, Vec<usize>)> = groups.into_iter().collect();
    sorted.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    sorted
}

/// `count` of `total` as a share, e.g. `12%`, and as a 0–100 meter.
fn share(count: usize, total: usize) -> (String, f64) {
    let fraction = if total == 0 { 0.0 } else { count as f64 / total as f64 };
    (format::share(fraction), fraction * 100.0)
}

/// What a dashboard table counts vendors by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counted {
    /// Their grade.
    Grade,
    /// Their risk tier.
    RiskTier,
    /// A required gate they failed.
    Gate,
    /// A criterion they failed.
    Failing,
    /// A piece of evidence they lack.
    Missing,
}

impl Counted {
    /// The heading of the table's first column.
    fn heading(self) -> &'static str {
        match self {
            Self::Grade => "Grade",
            Self::RiskTier => "Risk tier",
            Self::Gate | Self::Failing => "Criterion",
            Self::Missing => "Evidence",
        }
    }

    /// How the files of the table's lists begin.
    fn key(self) -> &'static str {
        match self {
            Self::Grade => "grade",
            Self::RiskTier => "risk",
            Self::Gate => "gate",
            Self::Failing => "fails",
            Self::Missing => "missing",
        }
    }
}

/// Collects the lists while the dashboard is built.
struct Lists {
    lists: Vec<VendorList>,
    total: usize,
}

impl Lists {
    /// Adds a list and returns the link to its first page, from the dashboard.
    fn add(&mut self, key: String, title: String, members: Vec<usize>) -> String {
        let list = VendorList { key, title, members };
        let href = format!("{LIST_DIR}/{}", list.file(1));
        self.lists.push(list);
        href
    }

    /// A table of `groups`, cut at [`TOP`] rows, each row with its list.
    fn table<K>(
        &mut self,
        counted: Counted,
        groups: Vec<(K, Vec<usize>)>,
        describe: impl Fn(&K) -> (String, Option<String>, String, Tone),
    ) -> Table {
        let hidden = groups.len().saturating_sub(TOP);
        let rows = groups
            .into_iter()
            .take(TOP)
            .enumerate()
            .map(|(index, (key, members))| {
                let (label, detail, title, tone) = describe(&key);
                let count = members.len();
                let (share, meter) = share(count, self.total);
                let href = self.add(format!("{}-{}", counted.key(), index + 1), title, members);
                Bucket { label, detail, count: format::count(count as u64), share, meter, tone: tone.class(), href }
            })
            .collect();
        Table {
            heading: counted.heading(),
            code: counted == Counted::Missing,
            toned: matches!(counted, Counted::Grade | Counted::RiskTier),
            rows,
            more: (hidden > 0).then(|| format!("{} more not shown", format::count(hidden as u64))),
        }
    }

    /// A headline figure for `members`, with its list when there are any.
    fn figure(&mut self, label: &'static str, key: &str, title: &str, members: Vec<usize>, tone: Tone) -> Figure {
        let (share, _) = share(members.len(), self.total);
        let value = format::count(members.len() as u64);
        let tone = if members.is_empty() { Tone::Good } else { tone };
        let href = (!members.is_empty()).then(|| self.add(key.to_owned(), title.to_owned(), members));
        Figure { label, value, note: format!("{share} of vendors"), href, tone: tone.class() }
    }
}

/// The distinct values of `values`, at most [`TOP`], with a note of how many more.
fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let all: std::collections::BTreeSet<String> = values.collect();
    let hidden = all.len().saturating_sub(TOP);
    let mut shown: Vec<String> = all.into_iter().take(TOP).collect();
    if hidden > 0 {
        shown.push(format!("and {} more", format::count(hidden as u64)));
    }
    shown
}

/// Risk tiers from least to most risky, then by name.
fn risk_order(tier: &str) -> (u8, String) {
    let rank = match Tone::of_risk(tier) {
        Tone::Good => 0,
        Tone::Fair => 1,
        Tone::Poor => 2,
        Tone::Bad => 3,
        Tone::Neutral => 4,
    };
    (rank, tier.to_owned())
}

impl<'a> PortfolioView<'a> {
    /// The dashboard of `rows` (in the order the lists show them) and its lists.
    pub fn new(rows: &'a [PortfolioRow], links: PortfolioLinks<'a>) -> Self {
        let total = rows.len();
        let mut lists = Lists { lists: Vec::new(), total };
        let everyone: Vec<usize> = (0..total).collect();
        let gated: Vec<usize> = (0..total).filter(|&i| !rows[i].gates_failed.is_empty()).collect();
        let lacking: Vec<usize> = (0..total).filter(|&i| !rows[i].missing.is_empty()).collect();
        let figures = vec![
            lists.figure("Vendors", "all", "All vendors", everyone, Tone::Neutral),
            lists.figure(
                "Failed a required gate",
                "gates-failed",
                "Vendors that failed a required gate",
                gated,
                Tone::Bad,
            ),
            lists.figure("Missing evidence", "missing-any", "Vendors missing evidence", lacking, Tone::Poor),
        ];
        let grades = group(rows, |row| vec![row.grade.clone()]);
        let grades = lists.table(Counted::Grade, grades.into_iter().collect(), |grade| {
            (grade.clone(), None, format!("Grade {grade}"), Tone::of_grade(grade))
        });
        let mut tiers: Vec<_> = group(rows, |row| vec![risk_order(&row.risk_tier)]).into_iter().collect();
        tiers.sort_by(|a, b| a.0.cmp(&b.0));
        let risk_tiers = lists.table(Counted::RiskTier, tiers, |(_, tier)| {
            (tier.clone(), None, format!("Risk tier {tier}"), Tone::of_risk(tier))
        });
        let gates = most_first(group(rows, |row| row.gates_failed.clone()));
        let gates = lists.table(Counted::Gate, gates, |gate| {
            (gate.title.clone(), Some(gate.id.clone()), format!("Failed required gate: {}", gate.title), Tone::Bad)
        });
        let failing = most_first(group(rows, |row| row.failed.clone()));
        let failing = lists.table(Counted::Failing, failing, |criterion| {
            (criterion.title.clone(), Some(criterion.id.clone()), format!("Fails: {}", criterion.title), Tone::Bad)
        });
        let missing = most_first(group(rows, |row| row.missing.clone()));
        let missing = lists.table(Counted::Missing, missing, |path| {
            (path.clone(), None, format!("Missing evidence: {path}"), Tone::Poor)
        });
        let dashboard = DashboardView {
            figures,
            rubrics: distinct(rows.iter().map(|row| row.rubric.clone())),
            as_of: distinct(rows.iter().map(|row| row.as_of.clone())),
            grades,
            risk_tiers,
            gates,
            failing,
            missing,
            compare_href: links.compare.map(str::to_owned),
            signatures_href: links.signatures.map(str::to_owned),
            compare_limit: COMPARE_LIMIT,
            page_size: PAGE_SIZE,
        };
        Self { dashboard, lists: lists.lists, rows, links }
    }

    /// Page `page` (from 1) of `list`.
    pub fn list_page(&self, list: &VendorList, page: usize) -> VendorListView {
        let dir = format!("../{}", self.links.vendor_dir);
        let rows: Vec<VendorRow> = list
            .members
            .iter()
            .skip((page - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|&index| VendorRow::new(&self.rows[index], &dir, self.links.json))
            .collect();
        let pages = list.pages();
        let count = format::plural(list.members.len(), "vendor", "vendors");
        VendorListView {
            title: list.title.clone(),
            count: if pages > 1 { format!("{count} · page {page} of {pages}") } else { count },
            rows,
            pager: pager(page, pages, |target| list.file(target)),
            dashboard_href: format!("../{DASHBOARD}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::Status;
    use crate::report::portfolio::CriterionRef;
    use crate::report::view::tests::{hostile, variant};

    const LINKS: PortfolioLinks<'static> =
        PortfolioLinks { vendor_dir: "vendors/", json: true, compare: None, signatures: None };

    /// A row for vendor `id` with `grade`, `risk_tier`, and the gate of the fixture failed or not.
    fn row(id: &str, grade: &str, risk_tier: &str, gate_failed: bool) -> PortfolioRow {
        let mut card = variant(&hostile(), id, &id.to_uppercase(), 50.0, 1.0, !gate_failed);
        card.grade = grade.into();
        card.risk_tier = risk_tier.into();
        PortfolioRow::from(&card)
    }

    fn list<'v>(view: &'v PortfolioView<'_>, href: &str) -> &'v VendorList {
        view.lists.iter().find(|list| format!("{LIST_DIR}/{}", list.file(1)) == href).expect("a list behind the link")
    }

    fn members(view: &PortfolioView<'_>, href: &str) -> Vec<String> {
        list(view, href).members.iter().map(|&index| view.rows[index].id.clone()).collect()
    }

    #[test]
    fn every_count_links_to_exactly_the_vendors_it_counts() {
        let rows = [
            row("a", "A", "low", false),
            row("b", "F", "high", true),
            row("c", "A", "moderate", false),
            row("d", "F", "high", true),
        ];
        let view = PortfolioView::new(&rows, LINKS);
        let dashboard = &view.dashboard;
        let figures: Vec<(&str, &str)> = dashboard.figures.iter().map(|f| (f.label, f.value.as_str())).collect();
        assert_eq!(figures, [("Vendors", "4"), ("Failed a required gate", "2"), ("Missing evidence", "0")]);
        assert_eq!(members(&view, dashboard.figures[1].href.as_deref().unwrap()), ["b", "d"]);
        assert_eq!(dashboard.figures[2].href, None, "no list of nobody");
        let grades: Vec<(&str, &str, &str)> =
            dashboard.grades.rows.iter().map(|b| (b.label.as_str(), b.count.as_str(), b.share.as_str())).collect();
        assert_eq!(grades, [("A", "2", "50%"), ("F", "2", "50%")]);
        assert_eq!(members(&view, &dashboard.grades.rows[0].href), ["a", "c"]);
        let tiers: Vec<&str> = dashboard.risk_tiers.rows.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(tiers, ["low", "moderate", "high"], "least risky first");
        let [gate] = &dashboard.gates.rows[..] else { panic!("{:?}", dashboard.gates) };
        assert_eq!((gate.detail.as_deref(), gate.count.as_str()), (Some("iso27001"), "2"));
        assert_eq!(members(&view, &gate.href), ["b", "d"]);
        let failing = &dashboard.failing.rows[0];
        assert_eq!(
            (failing.detail.as_deref(), failing.count.as_str()),
            (Some("iso27001"), "4"),
            "fails in every vendor"
        );
    }

    #[test]
    fn missing_evidence_comes_from_criteria_that_lacked_it() {
        let mut card = hostile();
        let soc2 = card.criteria.iter_mut().find(|c| c.id == "soc2").unwrap();
        soc2.status = Status::InsufficientEvidence;
        soc2.findings[0].evidence[0].found = false;
        let lacking = PortfolioRow::from(&card);
        assert_eq!(lacking.missing, ["certifications[0]"], "once, though named twice; never from a failed criterion");
        let rows = [lacking, row("b", "A", "low", false)];
        let view = PortfolioView::new(&rows, LINKS);
        let [gap] = &view.dashboard.missing.rows[..] else { panic!("{:?}", view.dashboard.missing) };
        assert_eq!((gap.label.as_str(), gap.count.as_str(), gap.share.as_str()), ("certifications[0]", "1", "50%"));
        assert_eq!(members(&view, &gap.href), ["hostile-payloads"]);
    }

    #[test]
    fn tables_stop_at_the_top_rows_and_say_how_many_more() {
        let mut rows = Vec::new();
        for index in 0..TOP + 5 {
            let mut one = row(&format!("v{index}"), "A", "low", false);
            one.failed = vec![CriterionRef { id: format!("c{index:02}"), title: format!("Criterion {index}") }];
            rows.push(one);
        }
        let view = PortfolioView::new(&rows, LINKS);
        assert_eq!(view.dashboard.failing.rows.len(), TOP);
        assert_eq!(view.dashboard.failing.more.as_deref(), Some("5 more not shown"));
    }

    #[test]
    fn lists_are_paged_and_the_pager_stays_small() {
        let rows: Vec<PortfolioRow> =
            (0..PAGE_SIZE * 2 + 50).map(|i| row(&format!("v{i:04}"), "B", "low", false)).collect();
        let view = PortfolioView::new(&rows, LINKS);
        let all = list(&view, view.dashboard.figures[0].href.as_deref().unwrap());
        assert_eq!(all.pages(), 3);
        let last = view.list_page(all, 3);
        assert_eq!(last.rows.len(), 50);
        assert_eq!(last.rows[0].href, format!("../vendors/v{:04}.html", PAGE_SIZE * 2));
        assert_eq!(last.rows[0].json_href.as_deref(), Some(format!("../vendors/v{:04}.json", PAGE_SIZE * 2).as_str()));
        assert_eq!(last.count, format!("{} vendors · page 3 of 3", PAGE_SIZE * 2 + 50));
        let labels: Vec<(&str, Option<&str>)> =
            last.pager.iter().map(|link| (link.label.as_str(), link.href.as_deref())).collect();
        assert_eq!(
            labels,
            [
                ("First", Some("all-1.html")),
                ("Previous", Some("all-2.html")),
                ("1", Some("all-1.html")),
                ("2", Some("all-2.html")),
                ("3", None)
            ]
        );
        let middle = pager(50, 100, |page| format!("p{page}"));
        assert_eq!(middle.len(), 9, "first, previous, five pages, next, last: {middle:?}");
        assert!(pager(1, 1, |page| format!("p{page}")).is_empty());
    }
}
