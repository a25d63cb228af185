//! Atlassian Statuspage v2 (`/api/v2/summary.json`, `/api/v2/incidents.json`): the
//! current status, the incidents with impact and duration, and an availability estimate
//! per month from incident durations weighted by impact (critical = full downtime,
//! major = 30 %, as Statuspage weighs a partial outage; minor and none = no downtime).

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::Extracted;
use crate::dossier::{Date, Timestamp};

/// The summary's path under the status page URL.
pub const SUMMARY_PATH: &str = "api/v2/summary.json";
/// The incident list's path under the status page URL.
pub const INCIDENTS_PATH: &str = "api/v2/incidents.json";
/// The largest Statuspage response read.
pub const MAX_BODY: usize = 4 * 1024 * 1024;
/// Statuspage lists at most this many (most recent) incidents.
const PAGE_LIMIT: usize = 50;
/// Months in the availability window: the full months before the as-of month.
const WINDOW_MONTHS: i32 = 12;

#[derive(Debug, Deserialize)]
struct Summary {
    status: Status,
    #[serde(default)]
    components: Vec<Component>,
    #[serde(default)]
    incidents: Vec<Incident>,
}

#[derive(Debug, Deserialize)]
struct Status {
    indicator: String,
    description: String,
}

#[derive(Debug, Deserialize)]
struct Component {
    name: String,
    status: String,
    /// A group of components, not a component of its own.
    #[serde(default)]
    group: bool,
}

#[derive(Debug, Deserialize)]
struct Incidents {
    incidents: Vec<Incident>,
}

#[derive(Debug, Deserialize)]
struct Incident {
    id: String,
    name: String,
    impact: String,
    created_at: String,
    #[serde(default)]
    started_at: Option<String>,
    #[serde(default)]
    resolved_at: Option<String>,
    #[serde(default)]
    shortlink: Option<String>,
}

/// Reads JSON, telling bad syntax from the wrong shape.
fn parse<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T, String> {
    let value: Value = serde_json::from_slice(body).map_err(|error| format!("invalid JSON: {error}"))?;
    serde_json::from_value(value).map_err(|error| format!("not a Statuspage v2 {what}: {error}"))
}

/// The current status: the page exists, its overall indicator, what is not operational.
pub fn summary(body: &[u8]) -> Result<Extracted, String> {
    let summary: Summary = parse(body, "summary")?;
    let components: Vec<Value> = summary
        .components
        .iter()
        .filter(|component| !component.group && component.status != "operational")
        .map(|component| json!({ "name": component.name, "status": component.status }))
        .collect();
    let unresolved: Vec<Value> =
        summary.incidents.iter().map(|incident| json!({ "name": incident.name, "impact": incident.impact })).collect();
    let component_count = summary.components.iter().filter(|component| !component.group).count();
    let status = json!({
        "indicator": summary.status.indicator,
        "description": summary.status.description,
        "components": component_count,
        "components_not_operational": components,
        "unresolved_incidents": unresolved,
    });
    Ok(Extracted {
        facts: vec![
            ("availability.status_page".into(), Value::Bool(true)),
            ("extensions.statuspage.status".into(), status),
        ],
        notes: Vec::new(),
    })
}

/// An incident as a time interval.
struct Interval {
    id: String,
    name: String,
    impact: String,
    start: i64,
    resolved: Option<i64>,
    shortlink: Option<String>,
}

/// The share of the time an incident of `impact` counts as downtime; `None` when unknown.
fn weight(impact: &str) -> Option<f64> {
    match impact {
        "critical" => Some(1.0),
        "major" => Some(0.3),
        "minor" | "none" | "maintenance" => Some(0.0),
        _ => None,
    }
}

/// Seconds since the epoch at the start of month `month` (1–12, may overflow into years) of `year`.
fn month_start(year: i32, month: i32) -> i64 {
    let index = year * 12 + (month - 1);
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    Date::from_ymd(year, month as u8, 1).map_or(0, Date::unix_seconds)
}

/// Downtime in `[from, to)`: at each instant the heaviest incident counts, so overlapping incidents are not counted twice.
fn downtime(intervals: &[(i64, i64, f64)], from: i64, to: i64) -> f64 {
    let mut points: Vec<i64> = vec![from, to];
    for &(start, end, _) in intervals {
        points.extend([start.clamp(from, to), end.clamp(from, to)]);
    }
    points.sort_unstable();
    points.dedup();
    points
        .windows(2)
        .map(|pair| {
            let heaviest = intervals
                .iter()
                .filter(|(start, end, _)| *start <= pair[0] && *end >= pair[1])
                .map(|(_, _, weight)| *weight)
                .fold(0.0, f64::max);
            (pair[1] - pair[0]) as f64 * heaviest
        })
        .sum()
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// Incidents from the start of the 12 full months before `as_of`'s month up to the end
/// of the as-of date, the number of major outages among them, the time the list covers,
/// and the estimated availability of each full month it covers.
pub fn incidents(body: &[u8], as_of: Date) -> Result<Extracted, String> {
    let listed: Incidents = parse(body, "incident list")?;
    let mut notes = Vec::new();
    let as_of_seconds = as_of.unix_seconds();
    let mut intervals = Vec::new();
    for incident in &listed.incidents {
        let start = incident.started_at.as_deref().unwrap_or(&incident.created_at);
        let start = match Timestamp::parse(start) {
            Ok(start) => start.unix_seconds(),
            Err(error) => {
                notes.push(format!("incident {} left out: {error}", incident.id));
                continue;
            }
        };
        let resolved = match incident.resolved_at.as_deref().map(Timestamp::parse).transpose() {
            Ok(resolved) => resolved.map(Timestamp::unix_seconds),
            Err(error) => {
                notes.push(format!("incident {} left out: {error}", incident.id));
                continue;
            }
        };
        if weight(&incident.impact).is_none() {
            notes.push(format!(
                "incident {} has unknown impact `{}`; counted as no downtime",
                incident.id, incident.impact
            ));
        }
        intervals.push(Interval {
            id: incident.id.clone(),
            name: incident.name.clone(),
            impact: incident.impact.clone(),
            start,
            resolved,
            shortlink: incident.shortlink.clone(),
        });
    }
    intervals.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));

    let as_of_end = as_of_seconds + 24 * 60 * 60;
    let weighted: Vec<(i64, i64, f64)> = intervals
        .iter()
        .map(|i| (i.start, i.resolved.unwrap_or(as_of_seconds).max(i.start), weight(&i.impact).unwrap_or(0.0)))
        .collect();
    let (year, month) = (as_of.year(), i32::from(as_of.month()));
    let window_start = month_start(year, month - WINDOW_MONTHS);
    // A full list reaches back only so far; when that is inside the window, the window is not covered.
    let covered_from = if listed.incidents.len() >= PAGE_LIMIT { intervals.first().map(|i| i.start) } else { None }
        .filter(|covered| *covered > window_start);
    let mut monthly = Vec::new();
    for offset in (1..=WINDOW_MONTHS).rev() {
        let (from, to) = (month_start(year, month - offset), month_start(year, month - offset + 1));
        if covered_from.is_some_and(|covered| from < covered) {
            continue;
        }
        let percent = round3(100.0 * (1.0 - downtime(&weighted, from, to) / (to - from) as f64));
        let label = Timestamp::from_unix_seconds(from).date().to_string();
        monthly.push(json!({ "month": &label[..7], "percent": percent, "estimated": true }));
    }
    let coverage_start = covered_from.unwrap_or(window_start);
    let coverage_from = Timestamp::from_unix_seconds(coverage_start).date();
    if covered_from.is_some() {
        notes.push(format!(
            "incidents cover {coverage_from} → {as_of} only: the status page lists only its {PAGE_LIMIT} most recent incidents; earlier months are not estimated"
        ));
    }
    let coverage =
        json!({ "from": coverage_from.to_string(), "to": as_of.to_string(), "complete": covered_from.is_none() });
    let in_window: Vec<&Interval> = intervals
        .iter()
        .filter(|i| i.start < as_of_end && i.resolved.unwrap_or(as_of_seconds) >= window_start)
        .collect();
    for unresolved in in_window.iter().filter(|i| i.resolved.is_none()) {
        notes.push(format!("incident {} is unresolved; counted as ongoing until the as-of date", unresolved.id));
    }
    let major_outages = in_window
        .iter()
        .filter(|i| i.start >= window_start && matches!(i.impact.as_str(), "major" | "critical"))
        .count();
    let listed: Vec<Value> = in_window
        .iter()
        .map(|i| {
            json!({
                "id": i.id,
                "name": i.name,
                "impact": i.impact,
                "started_at": Timestamp::from_unix_seconds(i.start).to_string(),
                "resolved_at": i.resolved.map(|at| Timestamp::from_unix_seconds(at).to_string()),
                "duration_minutes": i.resolved.map(|at| (at - i.start) / 60),
                "shortlink": i.shortlink,
            })
        })
        .collect();
    let mut facts = vec![
        ("availability.major_outages".to_owned(), json!(major_outages)),
        ("extensions.statuspage.coverage".to_owned(), coverage),
        ("extensions.statuspage.incidents".to_owned(), Value::Array(listed)),
    ];
    if monthly.is_empty() {
        notes.push(format!(
            "no availability estimate: insufficient evidence, as the incidents cover no full month of the {WINDOW_MONTHS} before {}",
            &as_of.to_string()[..7]
        ));
    } else {
        facts.push(("availability.monthly".to_owned(), Value::Array(monthly)));
    }
    Ok(Extracted { facts, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_of() -> Date {
        Date::parse("2026-11-30").unwrap()
    }

    fn fact<'a>(extracted: &'a Extracted, path: &str) -> &'a Value {
        &extracted.facts.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("no fact {path}")).1
    }

    fn incident(id: &str, impact: &str, start: &str, resolved: Option<&str>) -> Value {
        json!({ "id": id, "name": format!("Incident {id}"), "status": "resolved", "impact": impact,
                "created_at": start, "resolved_at": resolved, "shortlink": format!("https://stspg.io/{id}") })
    }

    #[test]
    fn the_summary_gives_the_current_status() {
        let body = json!({
            "page": { "id": "p", "name": "Acme", "url": "https://status.acme.example" },
            "status": { "indicator": "minor", "description": "Partially Degraded Service" },
            "components": [
                { "id": "a", "name": "API", "status": "degraded_performance", "group_id": "g", "group": false },
                { "id": "b", "name": "Web", "status": "operational" },
                { "id": "g", "name": "Platform", "status": "degraded_performance", "group": true, "components": ["a"] }
            ],
            "incidents": [ incident("x", "minor", "2026-11-29T10:00:00Z", None) ]
        });
        let extracted = summary(body.to_string().as_bytes()).unwrap();
        assert_eq!(fact(&extracted, "availability.status_page"), &json!(true));
        let status = fact(&extracted, "extensions.statuspage.status");
        assert_eq!(status["indicator"], "minor");
        assert_eq!(status["components"], 2, "groups are not components");
        assert_eq!(status["components_not_operational"], json!([{ "name": "API", "status": "degraded_performance" }]));
        assert_eq!(status["unresolved_incidents"], json!([{ "name": "Incident x", "impact": "minor" }]));
    }

    #[test]
    fn bad_syntax_and_wrong_shape_are_told_apart() {
        assert!(summary(b"{not json").unwrap_err().starts_with("invalid JSON: "));
        assert!(
            summary(b"{\"page\": {}}").unwrap_err().starts_with("not a Statuspage v2 summary: missing field `status`")
        );
    }

    #[test]
    fn availability_is_estimated_per_month_from_weighted_durations() {
        let body = json!({ "incidents": [
            // 6 h critical in April 2026 (30 days): 100 × (1 − 6/720) = 99.167
            incident("a", "critical", "2026-04-10T00:00:00Z", Some("2026-04-10T06:00:00Z")),
            // 10 h major overlapping 2 h of it counts 2 h at 100 % and 8 h at 30 %.
            incident("b", "major", "2026-04-10T04:00:00Z", Some("2026-04-10T14:00:00Z")),
            // minor: no downtime; outside the window: ignored.
            incident("c", "minor", "2026-06-01T00:00:00Z", Some("2026-06-02T00:00:00Z")),
            incident("d", "critical", "2024-01-01T00:00:00Z", Some("2024-01-01T05:00:00Z")),
            // 2 h critical spanning the end of July into August.
            incident("e", "critical", "2026-07-31T23:00:00Z", Some("2026-08-01T01:00:00Z")),
        ]});
        let extracted = incidents(body.to_string().as_bytes(), as_of()).unwrap();
        let monthly = fact(&extracted, "availability.monthly").as_array().unwrap();
        assert_eq!(monthly.len(), 12);
        assert_eq!(monthly[0]["month"], "2025-11");
        assert_eq!(monthly[11]["month"], "2026-10");
        let percent = |month: &str| monthly.iter().find(|m| m["month"] == month).unwrap()["percent"].as_f64().unwrap();
        assert_eq!(percent("2026-04"), round3(100.0 * (1.0 - (6.0 + 8.0 * 0.3) / 720.0)));
        assert_eq!(percent("2026-06"), 100.0);
        assert_eq!(percent("2026-07"), round3(100.0 * (1.0 - 1.0 / 744.0)));
        assert_eq!(percent("2026-08"), round3(100.0 * (1.0 - 1.0 / 744.0)));
        assert!(monthly.iter().all(|m| m["estimated"] == true));
        assert_eq!(fact(&extracted, "availability.major_outages"), &json!(3));
        let listed = fact(&extracted, "extensions.statuspage.incidents").as_array().unwrap();
        let ids: Vec<&str> = listed.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["a", "b", "c", "e"]);
        assert_eq!(listed[0]["duration_minutes"], 360);
        assert!(extracted.notes.is_empty(), "{:?}", extracted.notes);
    }

    #[test]
    fn a_full_page_limits_the_months_estimated_and_says_so() {
        let incidents_json: Vec<Value> = (0..PAGE_LIMIT)
            .map(|day| {
                let start = format!("2026-{:02}-{:02}T00:00:00Z", 9 + day / 28, 1 + day % 28);
                incident(&format!("i{day:02}"), "minor", &start, Some(&start))
            })
            .collect();
        let extracted = incidents(json!({ "incidents": incidents_json }).to_string().as_bytes(), as_of()).unwrap();
        let monthly = fact(&extracted, "availability.monthly").as_array().unwrap();
        assert_eq!(monthly.iter().map(|m| m["month"].as_str().unwrap()).collect::<Vec<_>>(), ["2026-09", "2026-10"]);
        assert!(
            extracted.notes[0].starts_with(
                "incidents cover 2026-09-01 → 2026-11-30 only: the status page lists only its 50 most recent incidents"
            ),
            "{:?}",
            extracted.notes
        );
    }

    #[test]
    fn incidents_in_the_as_of_month_count_up_to_the_as_of_date() {
        let body = json!({ "incidents": [
            incident("yesterday", "major", "2026-11-29T10:00:00Z", Some("2026-11-29T11:00:00Z")),
            incident("today", "critical", "2026-11-30T23:00:00Z", Some("2026-11-30T23:30:00Z")),
            incident("after", "critical", "2026-12-01T00:00:00Z", Some("2026-12-01T01:00:00Z")),
        ]});
        let extracted = incidents(body.to_string().as_bytes(), as_of()).unwrap();
        assert_eq!(fact(&extracted, "availability.major_outages"), &json!(2));
        let listed = fact(&extracted, "extensions.statuspage.incidents").as_array().unwrap();
        let ids: Vec<&str> = listed.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["yesterday", "today"]);
        assert_eq!(
            fact(&extracted, "extensions.statuspage.coverage"),
            &json!({ "from": "2025-11-01", "to": "2026-11-30", "complete": true })
        );
        let monthly = fact(&extracted, "availability.monthly").as_array().unwrap();
        assert_eq!(monthly.len(), 12, "the partial as-of month is not estimated");
        assert!(monthly.iter().all(|m| m["percent"] == 100.0));
    }

    #[test]
    fn a_full_list_reaching_back_past_the_window_covers_it_all() {
        let incidents_json: Vec<Value> = (0..PAGE_LIMIT)
            .map(|n| {
                let start = format!("20{:02}-06-01T00:00:00Z", 10 + n / 4);
                incident(&format!("i{n:02}"), "minor", &start, Some(&start))
            })
            .collect();
        let extracted = incidents(json!({ "incidents": incidents_json }).to_string().as_bytes(), as_of()).unwrap();
        assert_eq!(
            fact(&extracted, "extensions.statuspage.coverage"),
            &json!({ "from": "2025-11-01", "to": "2026-11-30", "complete": true })
        );
        assert_eq!(fact(&extracted, "availability.monthly").as_array().unwrap().len(), 12);
        assert!(extracted.notes.is_empty(), "{:?}", extracted.notes);
    }

    #[test]
    fn fifty_incidents_over_three_weeks_state_their_coverage_and_give_no_estimate() {
        let incidents_json: Vec<Value> = (0..PAGE_LIMIT)
            .map(|n| {
                let start = format!("2026-11-{:02}T{:02}:00:00Z", 9 + n / 3, (n % 3) * 6);
                incident(&format!("i{n:02}"), "minor", &start, Some(&start))
            })
            .collect();
        let extracted = incidents(json!({ "incidents": incidents_json }).to_string().as_bytes(), as_of()).unwrap();
        assert!(extracted.facts.iter().all(|(path, _)| path != "availability.monthly"), "never a silent 100 %");
        assert_eq!(
            fact(&extracted, "extensions.statuspage.coverage"),
            &json!({ "from": "2026-11-09", "to": "2026-11-30", "complete": false })
        );
        assert!(
            extracted.notes[0].starts_with("incidents cover 2026-11-09 → 2026-11-30 only"),
            "{:?}",
            extracted.notes
        );
        assert_eq!(
            extracted.notes.last().unwrap(),
            "no availability estimate: insufficient evidence, as the incidents cover no full month of the 12 before 2026-11"
        );
        assert_eq!(fact(&extracted, "extensions.statuspage.incidents").as_array().unwrap().len(), PAGE_LIMIT);
    }

    #[test]
    fn unreadable_incidents_and_unresolved_ones_are_noted() {
        let body = json!({ "incidents": [
            incident("bad", "major", "yesterday", None),
            incident("open", "critical", "2026-10-31T12:00:00Z", None),
            incident("odd", "catastrophic", "2026-05-01T00:00:00Z", Some("2026-05-01T01:00:00Z")),
        ]});
        let extracted = incidents(body.to_string().as_bytes(), as_of()).unwrap();
        assert!(extracted.notes.iter().any(|n| n.starts_with("incident bad left out")), "{:?}", extracted.notes);
        assert!(extracted.notes.iter().any(|n| n.contains("incident open is unresolved")));
        assert!(extracted.notes.iter().any(|n| n.contains("unknown impact `catastrophic`")));
        let monthly = fact(&extracted, "availability.monthly").as_array().unwrap();
        assert_eq!(monthly[11]["percent"], round3(100.0 * (1.0 - 12.0 / 744.0)));
    }
}
