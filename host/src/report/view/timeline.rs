//! The certification and incident timelines: one row per certificate or incident on a
//! shared time axis, with a line at the as-of date.

use super::axis::{Tick, TimeAxis, round};
use super::{Tone, format};
use crate::assess::{CertificationRecord, IncidentRecord};
use crate::dossier::{Date, IncidentSeverity};

const WIDTH: f64 = 960.0;
const PLOT_X0: f64 = 220.0;
const PLOT_X1: f64 = 930.0;
/// Room above the first row for the year labels.
const TOP: f64 = 24.0;
const ROW: f64 = 28.0;
/// A certificate expiring within this many days is flagged.
pub const EXPIRY_WARNING_DAYS: i64 = 90;
/// Longest label drawn in the chart; the full text is in the table beside it.
const LABEL_CHARS: usize = 28;

/// The axis, as-of line and frame shared by both timelines.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineFrame {
    /// viewBox width.
    pub width: f64,
    /// viewBox height.
    pub height: f64,
    /// Left end of the plot.
    pub plot_x0: f64,
    /// Right end of the plot.
    pub plot_x1: f64,
    /// Year ticks.
    pub ticks: Vec<Tick>,
    /// Baseline of the year labels.
    pub tick_label_y: f64,
    /// Top of the plot.
    pub top: f64,
    /// Bottom of the plot.
    pub bottom: f64,
    /// x of the as-of line.
    pub as_of_x: f64,
    /// Its label.
    pub as_of_label: String,
    /// x of the label.
    pub as_of_label_x: f64,
    /// Which side of the line the label is on, as SVG `text-anchor`.
    pub as_of_anchor: &'static str,
    /// Baseline of the label.
    pub as_of_label_y: f64,
}

impl TimelineFrame {
    fn new(axis: &TimeAxis, as_of: Date, rows: usize) -> Self {
        let bottom = TOP + rows as f64 * ROW + 14.0;
        let as_of_x = axis.x(as_of);
        let right_half = as_of_x > (PLOT_X0 + PLOT_X1) / 2.0;
        Self {
            width: WIDTH,
            height: bottom + 4.0,
            plot_x0: PLOT_X0,
            plot_x1: PLOT_X1,
            ticks: axis.year_ticks(),
            tick_label_y: 14.0,
            top: TOP - 4.0,
            bottom,
            as_of_x,
            as_of_label: format!("as of {as_of}"),
            as_of_label_x: round(if right_half { as_of_x - 5.0 } else { as_of_x + 5.0 }),
            as_of_anchor: if right_half { "end" } else { "start" },
            as_of_label_y: bottom - 2.0,
        }
    }
}

/// A certificate's validity as of the assessment date.
#[derive(Debug, Clone, PartialEq)]
pub struct Validity {
    /// Icon symbol id.
    pub icon: &'static str,
    /// Colour family class.
    pub tone: &'static str,
    /// In words, e.g. `valid until 2027-08-19 (in 262 days)`.
    pub text: String,
    /// Short state for the chart's CSS: current, expiring, expired, open.
    pub state: &'static str,
}

/// The validity of `cert` on `as_of`.
pub fn validity(cert: &CertificationRecord, as_of: Date) -> Validity {
    let (icon, tone, state, text) = match (cert.issued, cert.expires) {
        (Some(issued), _) if issued > as_of => {
            ("i-unknown", Tone::Neutral, "open", format!("not yet issued as of {as_of} (issued {issued})"))
        }
        (_, Some(expires)) if expires < as_of => {
            ("i-fail", Tone::Bad, "expired", format!("expired {expires} ({})", format::relative_days(as_of, expires)))
        }
        (_, Some(expires)) if as_of.days_until(expires) <= EXPIRY_WARNING_DAYS => (
            "i-warn",
            Tone::Fair,
            "expiring",
            format!("expires soon: {expires} ({})", format::relative_days(as_of, expires)),
        ),
        (_, Some(expires)) => (
            "i-pass",
            Tone::Good,
            "current",
            format!("valid until {expires} ({})", format::relative_days(as_of, expires)),
        ),
        (_, None) => ("i-unknown", Tone::Neutral, "open", "no expiry date stated".to_owned()),
    };
    Validity { icon, tone: tone.class(), text, state }
}

/// The certification timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificationTimeline {
    /// Axis and frame.
    pub frame: TimelineFrame,
    /// One bar per certificate.
    pub bars: Vec<TimelineBar>,
    /// The chart in one sentence, for screen readers.
    pub summary: String,
}

/// A certificate's span from issue to expiry.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineBar {
    /// Label, shortened to fit.
    pub label: String,
    /// The full name.
    pub name: String,
    /// Baseline of the label.
    pub label_y: f64,
    /// Top of the bar.
    pub y: f64,
    /// Left end.
    pub x: f64,
    /// Length.
    pub width: f64,
    /// CSS state: current, expiring, expired, open.
    pub state: &'static str,
    /// Colour family class.
    pub tone: &'static str,
    /// The issue date is unknown, so the bar has no real start.
    pub open_start: bool,
    /// The expiry date is unknown, so the bar has no real end.
    pub open_end: bool,
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(LABEL_CHARS - 1).collect();
        short.push('…');
        short
    }
}

impl CertificationTimeline {
    /// The timeline of `certs` around `as_of`.
    pub fn new(certs: &[CertificationRecord], as_of: Date) -> Self {
        let dates = certs.iter().flat_map(|cert| [cert.issued, cert.expires]).flatten();
        let axis = TimeAxis::covering(dates, as_of, 1, 1, PLOT_X0, PLOT_X1);
        let bars = certs
            .iter()
            .enumerate()
            .map(|(index, cert)| {
                let y = TOP + index as f64 * ROW;
                let validity = validity(cert, as_of);
                let start = cert.issued.map_or(PLOT_X0, |issued| axis.x(issued));
                let end = cert.expires.map_or_else(|| axis.x(as_of), |expires| axis.x(expires));
                TimelineBar {
                    label: shorten(&cert.name),
                    name: cert.name.clone(),
                    label_y: y + 15.0,
                    y: y + 4.0,
                    x: start,
                    width: round((end - start).max(2.0)),
                    state: validity.state,
                    tone: validity.tone,
                    open_start: cert.issued.is_none(),
                    open_end: cert.expires.is_none(),
                }
            })
            .collect();
        let summary = certs
            .iter()
            .map(|cert| format!("{}: {}", cert.name, validity(cert, as_of).text))
            .collect::<Vec<_>>()
            .join("; ");
        Self { frame: TimelineFrame::new(&axis, as_of, certs.len()), bars, summary }
    }
}

/// The incident timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentTimeline {
    /// Axis and frame.
    pub frame: TimelineFrame,
    /// One marker per incident, oldest first.
    pub markers: Vec<TimelineMarker>,
    /// The chart in one sentence, for screen readers.
    pub summary: String,
}

/// An incident on the timeline: a severity-shaped marker at detection, and a line on
/// to its disclosure.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineMarker {
    /// Label, e.g. `BP-2026-01 · medium`, shortened to fit.
    pub label: String,
    /// Baseline of the label.
    pub label_y: f64,
    /// Centre line of the row.
    pub y: f64,
    /// x of detection.
    pub x: f64,
    /// x of disclosure, when disclosed.
    pub disclosed_x: Option<f64>,
    /// Top of the disclosure tick.
    pub tick_top: f64,
    /// Bottom of the disclosure tick.
    pub tick_bottom: f64,
    /// Left of the severity shape.
    pub shape_x: f64,
    /// Top of the severity shape.
    pub shape_y: f64,
    /// Symbol id of the severity's shape.
    pub shape: &'static str,
    /// Colour family class.
    pub tone: &'static str,
}

/// The symbol and tone of an incident severity: circle, diamond, triangle, square.
pub fn severity_shape(severity: IncidentSeverity) -> (&'static str, Tone, &'static str) {
    match severity {
        IncidentSeverity::Low => ("sev-low", Tone::Fair, "low"),
        IncidentSeverity::Medium => ("sev-medium", Tone::Poor, "medium"),
        IncidentSeverity::High => ("sev-high", Tone::Bad, "high"),
        IncidentSeverity::Critical => ("sev-critical", Tone::Bad, "critical"),
    }
}

impl IncidentTimeline {
    /// The timeline of `incidents` (oldest first) up to `as_of`.
    pub fn new(incidents: &[IncidentRecord], as_of: Date) -> Self {
        let dates = incidents.iter().map(|incident| incident.detected_at.date());
        let axis = TimeAxis::covering(dates, as_of, 2, 0, PLOT_X0, PLOT_X1);
        let markers = incidents
            .iter()
            .enumerate()
            .map(|(index, incident)| {
                let y = TOP + index as f64 * ROW;
                let (shape, tone, word) = severity_shape(incident.severity);
                let x = axis.x(incident.detected_at.date());
                TimelineMarker {
                    label: shorten(&format!("{} · {word}", incident.id)),
                    label_y: y + 15.0,
                    y: y + 11.0,
                    x,
                    disclosed_x: incident.disclosed_at.map(|at| axis.x(at.date())),
                    tick_top: y + 6.0,
                    tick_bottom: y + 16.0,
                    shape_x: round(x - 7.0),
                    shape_y: y + 4.0,
                    shape,
                    tone: tone.class(),
                }
            })
            .collect();
        let summary = incidents
            .iter()
            .map(|incident| {
                format!(
                    "{} {} incident detected {}",
                    incident.id,
                    severity_shape(incident.severity).2,
                    incident.detected_at.date()
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        Self { frame: TimelineFrame::new(&axis, as_of, incidents.len()), markers, summary }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::CertificationKind;

    fn cert(issued: Option<&str>, expires: Option<&str>) -> CertificationRecord {
        CertificationRecord {
            kind: CertificationKind::Iso27001,
            name: "ISO/IEC 27001".into(),
            scope: None,
            covers_product: Some(true),
            auditor: None,
            issued: issued.map(|d| Date::parse(d).unwrap()),
            expires: expires.map(|d| Date::parse(d).unwrap()),
            path: "certifications[0]".into(),
            source: None,
            observed: None,
        }
    }

    #[test]
    fn validity_is_said_in_words_with_an_icon_not_only_a_colour() {
        let as_of = Date::parse("2026-11-30").unwrap();
        let current = validity(&cert(Some("2024-08-20"), Some("2027-08-19")), as_of);
        assert_eq!((current.icon, current.text.as_str()), ("i-pass", "valid until 2027-08-19 (in 262 days)"));
        let soon = validity(&cert(Some("2024-01-10"), Some("2027-01-10")), as_of);
        assert_eq!((soon.icon, soon.state), ("i-warn", "expiring"));
        assert!(soon.text.starts_with("expires soon: 2027-01-10 (in 41 days)"), "{}", soon.text);
        let expired = validity(&cert(Some("2022-09-01"), Some("2025-08-31")), as_of);
        assert_eq!((expired.icon, expired.text.as_str()), ("i-fail", "expired 2025-08-31 (456 days ago)"));
        let open = validity(&cert(Some("2026-06-30"), None), as_of);
        assert_eq!((open.icon, open.text.as_str()), ("i-unknown", "no expiry date stated"));
    }

    #[test]
    fn bars_run_from_issue_to_expiry_and_open_ends_are_marked() {
        let as_of = Date::parse("2026-11-30").unwrap();
        let timeline =
            CertificationTimeline::new(&[cert(Some("2024-03-01"), Some("2027-01-01")), cert(None, None)], as_of);
        let [dated, undated] = &timeline.bars[..] else { panic!("two bars") };
        assert!(dated.x > PLOT_X0 && dated.x + dated.width < PLOT_X1);
        assert!(!dated.open_start && !dated.open_end);
        assert!(undated.open_start && undated.open_end);
        assert_eq!(undated.x, PLOT_X0);
        assert!((undated.x + undated.width - timeline.frame.as_of_x).abs() < 0.01, "an undated bar ends at as-of");
        assert!(undated.y > dated.y);
    }
}
