//! What falls due for each vendor: certifications and attestations expiring, waivers
//! expiring (or already expired, and so no longer applying), and reassessments due
//! under the rubric's cadence per risk tier; and the forecast of what re-scoring a
//! vendor as of a due date, with the same evidence, would change.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assess::Scorecard;
use crate::diff::{Change, diff};
use crate::dossier::{Date, LoadedDossier};
use crate::ledger::Point;
use crate::waiver::Waivers;

/// What falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    /// A certificate or attestation report expires.
    Certification,
    /// A waiver expires.
    Waiver,
    /// The vendor is due for reassessment.
    Reassessment,
}

impl DueKind {
    /// The word shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Certification => "certification",
            Self::Waiver => "waiver",
            Self::Reassessment => "reassessment",
        }
    }
}

/// One thing that falls due.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueItem {
    /// The vendor.
    pub vendor: String,
    /// What kind of thing.
    pub kind: DueKind,
    /// What it is, e.g. `ISO/IEC 27001 (certifications[0])`.
    pub what: String,
    /// The date it falls due: the last day a certificate or waiver is valid, or the
    /// day a reassessment is due.
    pub date: Date,
    /// Days from the as-of date; negative when past.
    pub days: i64,
    /// Whether the date has passed.
    pub overdue: bool,
}

/// A vendor re-scored as of a due date with the same evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The vendor.
    pub vendor: String,
    /// The date scored: the first day after the expiry.
    pub date: Date,
    /// What expires, e.g. `ISO/IEC 27001 expires`.
    pub because: Vec<String>,
    /// Grade now and then.
    pub grade: Change<String>,
    /// Score now and then.
    pub score: Change<f64>,
    /// Criteria whose status changes, e.g. `certifications: pass → fail`.
    pub criteria: Vec<String>,
    /// Required gates that would break.
    pub gates_broken: Vec<String>,
}

impl Forecast {
    /// The forecast in one line, e.g. `2027-03-31: SOC 2 Type II expires → certifications
    /// fails, grade A → B`.
    pub fn line(&self) -> String {
        let mut effects: Vec<String> = self.criteria.clone();
        effects.extend(self.gates_broken.iter().map(|gate| format!("gate {gate} breaks")));
        if self.grade.old == self.grade.new {
            effects.push(format!("grade {} holds", self.grade.new));
        } else {
            effects.push(format!("grade {} → {}", self.grade.old, self.grade.new));
        }
        format!("{}: {} → {}", self.date, self.because.join(", "), effects.join(", "))
    }
}

/// Everything `riskcard due` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueReport {
    /// The date looked from.
    pub as_of: Date,
    /// How many days ahead.
    pub within_days: u32,
    /// What falls due, by date.
    pub items: Vec<DueItem>,
    /// The forecasts, by date.
    pub forecasts: Vec<Forecast>,
    /// How many items are overdue.
    pub overdue: usize,
}

/// The inputs `due` looks at.
#[derive(Debug, Clone, Copy)]
pub struct DueInputs<'a> {
    /// The date looked from.
    pub as_of: Date,
    /// How many days ahead to look.
    pub within_days: u32,
    /// The vendors' dossiers.
    pub dossiers: &'a [LoadedDossier],
    /// The waivers, when given.
    pub waivers: Option<&'a Waivers>,
    /// Days between assessments per risk tier (the rubric's `[reassess]`).
    pub reassess: &'a BTreeMap<String, u32>,
    /// Each vendor's latest recorded assessment.
    pub last: &'a BTreeMap<String, Point>,
}

fn item(inputs: &DueInputs, vendor: &str, kind: DueKind, what: String, date: Date) -> Option<DueItem> {
    let days = inputs.as_of.days_until(date);
    (days <= i64::from(inputs.within_days)).then(|| DueItem {
        vendor: vendor.to_owned(),
        kind,
        what,
        date,
        days,
        overdue: days < 0,
    })
}

/// Everything that falls due within the window (or already has), by date then vendor.
pub fn items(inputs: &DueInputs) -> Vec<DueItem> {
    let mut items = Vec::new();
    for loaded in inputs.dossiers {
        let vendor = &loaded.dossier.vendor.id;
        for (index, cert) in loaded.dossier.certifications.iter().flatten().enumerate() {
            let name = cert.name.clone().unwrap_or_else(|| cert.kind.label().to_owned());
            if let Some(expires) = cert.expires {
                items.extend(item(
                    inputs,
                    vendor,
                    DueKind::Certification,
                    format!("{name} (certifications[{index}])"),
                    expires,
                ));
            }
        }
        if let Some(last) = inputs.last.get(vendor)
            && let Some(days) = inputs.reassess.get(&last.risk_tier)
        {
            let what = format!("{} risk, last assessed {} (every {days}d)", last.risk_tier, last.as_of);
            items.extend(item(inputs, vendor, DueKind::Reassessment, what, last.as_of.plus_days(i64::from(*days))));
        }
    }
    for waiver in inputs.waivers.map(|waivers| waivers.entries.as_slice()).unwrap_or_default() {
        let what = format!("waiver of {}: {}", waiver.criterion, waiver.reason);
        items.extend(item(inputs, &waiver.vendor, DueKind::Waiver, what, waiver.expires));
    }
    items.sort_by(|a, b| (a.date, &a.vendor, a.kind, &a.what).cmp(&(b.date, &b.vendor, b.kind, &b.what)));
    items
}

/// The dates worth forecasting per vendor: the day after each certificate or waiver that
/// is still valid today expires within the window, with what expires then.
pub fn forecast_dates(items: &[DueItem]) -> BTreeMap<(String, Date), Vec<String>> {
    let mut dates: BTreeMap<(String, Date), Vec<String>> = BTreeMap::new();
    for item in items.iter().filter(|item| !item.overdue && item.kind != DueKind::Reassessment) {
        dates.entry((item.vendor.clone(), item.date.plus_days(1))).or_default().push(format!("{} expires", item.what));
    }
    dates
}

/// The forecast for `now` re-scored as `then` on `date`, because of `because`.
pub fn forecast(now: &Scorecard, then: &Scorecard, date: Date, because: Vec<String>) -> Forecast {
    let changes = diff(now, then);
    Forecast {
        vendor: now.vendor.id.clone(),
        date,
        because,
        grade: changes.grade,
        score: changes.score,
        criteria: changes
            .criteria
            .iter()
            .filter(|c| c.status.changed())
            .map(|c| match c.status.new {
                Some(status) => format!("{} {}", c.id, verb(status)),
                None => format!("{} leaves the rubric", c.id),
            })
            .collect(),
        gates_broken: changes.gates_broken,
    }
}

fn verb(status: crate::assess::Status) -> &'static str {
    use crate::assess::Status;
    match status {
        Status::Pass => "passes",
        Status::Partial => "partly passes",
        Status::Fail => "fails",
        Status::NotApplicable => "no longer applies",
        Status::InsufficientEvidence => "lacks evidence",
        Status::Error => "errors",
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::dossier::Dossier;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn dossier() -> LoadedDossier {
        let dossier: Dossier = toml::from_str(
            "[vendor]\nid = \"v\"\nname = \"V\"\n\
             [[certifications]]\nkind = \"iso27001\"\nexpires = 2026-12-19\n\
             [[certifications]]\nkind = \"soc2-type2\"\nexpires = 2027-12-31\n\
             [[certifications]]\nkind = \"pci-dss\"\nexpires = 2026-01-31\n",
        )
        .unwrap();
        LoadedDossier { path: PathBuf::from("v.toml"), sha256: String::new(), dossier }
    }

    #[test]
    fn lists_what_falls_due_in_the_window_and_what_is_overdue() {
        let dossiers = [dossier()];
        let last = BTreeMap::from([(
            "v".to_owned(),
            Point {
                vendor: "v".into(),
                as_of: date("2026-09-01"),
                rubric_id: "r".into(),
                rubric_version: "1.0.0".into(),
                grade: "B".into(),
                score: 80.0,
                coverage: 1.0,
                risk_tier: "high".into(),
                gates_failed: Vec::new(),
            },
        )]);
        let reassess = BTreeMap::from([("high".to_owned(), 90)]);
        let inputs = DueInputs {
            as_of: date("2026-11-30"),
            within_days: 60,
            dossiers: &dossiers,
            waivers: None,
            reassess: &reassess,
            last: &last,
        };
        let due = items(&inputs);
        let summary: Vec<(DueKind, String, i64, bool)> =
            due.iter().map(|item| (item.kind, item.date.to_string(), item.days, item.overdue)).collect();
        assert_eq!(
            summary,
            vec![
                (DueKind::Certification, "2026-01-31".to_owned(), -303, true),
                (DueKind::Reassessment, "2026-11-30".to_owned(), 0, false),
                (DueKind::Certification, "2026-12-19".to_owned(), 19, false),
            ],
            "the SOC 2 report beyond the window is left out"
        );
        let dates = forecast_dates(&due);
        assert_eq!(dates.len(), 1, "only what is still valid today is forecast");
        assert_eq!(dates.keys().next(), Some(&("v".to_owned(), date("2026-12-20"))));
    }
}
