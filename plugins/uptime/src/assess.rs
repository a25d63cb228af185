//! The uptime checks as plain functions over the dossier, unit-tested natively.

use riskcard_plugin_sdk::evidence::MonthlyAvailability;
use riskcard_plugin_sdk::text::count;
use riskcard_plugin_sdk::{Context, Date, Params, Severity, Status, Tally, Thresholds, Verdict, finding};

/// Where the availability evidence sits in the dossier.
const PATH: &str = "availability";
/// Hours in an average month (365.25 × 24 ÷ 12).
const HOURS_PER_MONTH: f64 = 730.5;

/// The verdict when the dossier has no `[availability]` section at all.
fn no_availability_section() -> Verdict {
    Verdict::insufficient(finding(
        Severity::Medium,
        "The dossier has no availability section, so nothing is known about the vendor's uptime commitment or record.",
        "Ask the vendor for its SLA (the uptime percentage it commits to) and monthly uptime figures for the last 12 months, e.g. from its status page history, and record them under [availability].",
        &[PATH],
    ))
}

/// The downtime a month at `percent` availability allows, e.g. "44 minutes".
pub(crate) fn monthly_downtime(percent: f64) -> String {
    let minutes = ((100.0 - percent).max(0.0) / 100.0 * HOURS_PER_MONTH * 60.0).round() as i64;
    match (minutes / 60, minutes % 60) {
        (0, m) => count(m, "minute"),
        (h, 0) => count(h, "hour"),
        (h, m) => format!("{} {}", count(h, "hour"), count(m, "minute")),
    }
}

/// A percentage as written, without trailing zeros: 99.9 → "99.9%", 100.0 → "100%".
fn pct(percent: f64) -> String {
    format!("{percent}%")
}

/// The SLA commits to at least `min_sla_percent`: pass. Below it, the score is the
/// downtime the rubric tolerates as a share of the downtime the SLA allows (99.8% against
/// 99.9% scores 50); partial from 50, else fail.
pub fn sla(ctx: &Context, params: &Params) -> Verdict {
    let Some(availability) = ctx.dossier.availability.as_ref() else {
        return no_availability_section();
    };
    let Some(sla) = availability.sla_percent else {
        return Verdict::insufficient(finding(
            Severity::Medium,
            "The availability section does not state the uptime the vendor's SLA commits to.",
            "Ask the vendor for its SLA and record the committed uptime as availability.sla_percent; if there is no SLA, negotiate one.",
            &[PATH],
        ));
    };
    let minimum = params.float("min_sla_percent");
    if sla >= minimum {
        return Verdict {
            status: Status::Pass,
            score: 100,
            findings: vec![finding(
                Severity::Info,
                format!(
                    "The SLA commits to {} uptime (at most {} of downtime a month); the rubric asks for at least {}.",
                    pct(sla),
                    monthly_downtime(sla),
                    pct(minimum)
                ),
                "",
                &[PATH],
            )],
        };
    }
    let score = ((100.0 - minimum).max(0.0) / (100.0 - sla) * 100.0).round().clamp(0.0, 100.0) as u8;
    let (status, severity) =
        if score >= 50 { (Status::Partial, Severity::Medium) } else { (Status::Fail, Severity::High) };
    Verdict {
        status,
        score,
        findings: vec![finding(
            severity,
            format!(
                "The SLA commits to only {} uptime, below the {} the rubric asks for: it allows about {} of downtime a month instead of {}.",
                pct(sla),
                pct(minimum),
                monthly_downtime(sla),
                monthly_downtime(minimum)
            ),
            format!(
                "Negotiate an SLA of at least {} with service credits that grow with downtime, or plan for the longer outages this SLA permits.",
                pct(minimum)
            ),
            &[PATH],
        )],
    }
}

/// Months since year 0 for a (year, month) pair; month 1 to 12.
fn month_number(year: i32, month: u8) -> i64 {
    i64::from(year) * 12 + i64::from(month) - 1
}

/// `YYYY-MM` for a month number.
fn month_name(number: i64) -> String {
    format!("{:04}-{:02}", number.div_euclid(12), number.rem_euclid(12) + 1)
}

/// A monthly figure in the 12 months before the as-of month, with its index in `monthly`.
struct Month<'a> {
    index: usize,
    figure: &'a MonthlyAvailability,
}

impl Month<'_> {
    fn name(&self) -> String {
        month_name(month_number(self.figure.year, self.figure.month))
    }
}

/// The monthly figures for the 12 full months before the as-of month, in dossier order,
/// and how many other figures were left out.
fn last_twelve_months<'a>(monthly: &'a [MonthlyAvailability], as_of: &Date) -> (Vec<Month<'a>>, usize) {
    let current = month_number(as_of.year, as_of.month);
    let (inside, outside): (Vec<_>, Vec<_>) = monthly
        .iter()
        .enumerate()
        .map(|(index, figure)| Month { index, figure })
        .partition(|m| (current - 12..current).contains(&month_number(m.figure.year, m.figure.month)));
    (inside, outside.len())
}

/// Over the 12 months before the as-of month, via [`Tally`]: the share of months at or
/// above the SLA (`sla_percent`, else `min_sla_percent`) (weight 6), at most
/// `max_major_outages` major outages (weight 2) and a public status page (weight 1).
/// Fewer than `min_months` monthly figures is insufficient evidence.
pub fn availability(ctx: &Context, params: &Params) -> Verdict {
    let Some(availability) = ctx.dossier.availability.as_ref() else {
        return no_availability_section();
    };
    let current = month_number(ctx.as_of.year, ctx.as_of.month);
    let period = format!("{} to {}", month_name(current - 12), month_name(current - 1));
    let (months, outside) = last_twelve_months(&availability.monthly, &ctx.as_of);
    let min_months = params.integer("min_months");
    let outside_note = (outside > 0).then(|| {
        finding(
            Severity::Info,
            format!(
                "{} outside {period}, the 12 months before the as-of month, {} not used.",
                count(outside, "monthly figure"),
                if outside == 1 { "was" } else { "were" }
            ),
            "",
            &["availability.monthly"],
        )
    });
    if (months.len() as i64) < min_months {
        let mut verdict = Verdict::insufficient(finding(
            Severity::Medium,
            format!(
                "Only {} fall within {period}; at least {min_months} are needed to judge the vendor's record.",
                count(months.len(), "monthly figure")
            ),
            "Ask the vendor for its monthly uptime for each of the last 12 months, e.g. from its status page history, and record them under availability.monthly.",
            &["availability.monthly"],
        ));
        verdict.findings.extend(outside_note);
        return verdict;
    }

    let (target, target_name) = match availability.sla_percent {
        Some(sla) => (sla, format!("the {} SLA", pct(sla))),
        None => (
            params.float("min_sla_percent"),
            format!("the rubric's minimum of {}", pct(params.float("min_sla_percent"))),
        ),
    };
    let mut tally = Tally::new(PATH);
    if availability.sla_percent.is_none() {
        tally.note(finding(
            Severity::Info,
            format!("The dossier states no SLA, so each month is measured against {target_name}."),
            "",
            &[PATH],
        ));
    }
    let below: Vec<&Month> = months.iter().filter(|m| m.figure.percent < target).collect();
    let met = months.len() - below.len();
    let share = met as f64 / months.len() as f64;
    tally.graded(
        6.0,
        Some(share),
        &format!("availability at or above {target_name} every month ({met} of {} months in {period} met it)", months.len()),
        if share < 0.75 { Severity::High } else { Severity::Medium },
        "Ask the vendor for the incident reports behind the months below the SLA and whether service credits were paid, and check that the SLA's credits are worth claiming.",
    );
    if below.is_empty() {
        tally.note(finding(
            Severity::Info,
            format!("All {} in {period} met {target_name}.", count(months.len(), "monthly figure")),
            "",
            &["availability.monthly"],
        ));
    }
    for month in &below {
        let percent = month.figure.percent;
        // A month with more than twice the downtime the target allows is a medium finding.
        let severity = if 100.0 - percent > 2.0 * (100.0 - target) { Severity::Medium } else { Severity::Low };
        tally.note(finding(
            severity,
            format!(
                "In {} availability was {}{}, below {target_name}: about {} of downtime.",
                month.name(),
                pct(percent),
                if month.figure.estimated { " (estimated)" } else { "" },
                monthly_downtime(percent)
            ),
            "Ask the vendor what caused the downtime that month and what it changed since.",
            &[format!("availability.monthly[{}]", month.index).as_str()],
        ));
    }
    let estimated: Vec<String> = months.iter().filter(|m| m.figure.estimated).map(Month::name).collect();
    if !estimated.is_empty() {
        tally.note(finding(
            Severity::Info,
            format!(
                "{} of the {} monthly figures are estimates, not figures the vendor reported: {}.",
                estimated.len(),
                months.len(),
                estimated.join(", ")
            ),
            "Ask the vendor for its measured availability for these months.",
            &["availability.monthly"],
        ));
    }

    let max_outages = params.integer("max_major_outages");
    let outages_ok = availability.major_outages.map(|n| i64::from(n) <= max_outages);
    let outages_what = match availability.major_outages {
        Some(n) => format!("at most {max_outages} major outages in the last 12 months (the vendor reports {n})"),
        None => "how many major outages the vendor had in the last 12 months".to_owned(),
    };
    tally.require(
        2.0,
        outages_ok,
        &outages_what,
        Severity::Medium,
        "Ask the vendor for the post-mortems of its major outages and what it changed to prevent them recurring.",
    );
    tally.require(
        1.0,
        availability.status_page,
        "a public status page showing outages as they happen",
        Severity::Low,
        "Ask how customers learn of outages while they happen; without a status page, agree on e-mail notification in the contract.",
    );
    if let Some(note) = outside_note {
        tally.note(note);
    }
    tally.finish(Thresholds::default())
}

#[cfg(test)]
mod tests;
