//! Monthly availability against the SLA as a bar chart: one bar per month on a scale
//! that starts just below the lowest value, a dashed SLA line, and beneath each month
//! its value, with a cross under the months that fell short of the SLA.

use super::axis::round;
use super::{Tone, format};
use crate::assess::AvailabilityRecord;
use crate::dossier::parse_month;

const WIDTH: f64 = 960.0;
const PLOT_X0: f64 = 58.0;
const PLOT_X1: f64 = 876.0;
const PLOT_TOP: f64 = 22.0;
const PLOT_BOTTOM: f64 = 182.0;
/// Up to this many months, every bar carries its value.
const LABEL_ALL_UP_TO: usize = 12;
/// Where the scale may start: the highest of these below the lowest value.
const FLOORS: [f64; 9] = [99.9, 99.5, 99.0, 98.0, 95.0, 90.0, 75.0, 50.0, 0.0];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The availability chart.
#[derive(Debug, Clone, PartialEq)]
pub struct AvailabilityChart {
    /// viewBox width.
    pub width: f64,
    /// viewBox height.
    pub height: f64,
    /// Left end of the plot.
    pub plot_x0: f64,
    /// Right end of the plot.
    pub plot_x1: f64,
    /// Top of the plot (100%).
    pub plot_top: f64,
    /// Bottom of the plot (the scale's floor).
    pub plot_bottom: f64,
    /// Horizontal grid lines with their labels.
    pub y_ticks: Vec<YTick>,
    /// x of the right-aligned grid labels.
    pub y_label_x: f64,
    /// Top of the crosses marking months below the SLA.
    pub icon_y: f64,
    /// Baseline of the values under the months.
    pub value_y: f64,
    /// The SLA line, when there is an SLA.
    pub sla: Option<YTick>,
    /// x of the SLA label, right of the plot.
    pub sla_label_x: f64,
    /// One bar per month, oldest first.
    pub bars: Vec<MonthBar>,
    /// Baseline of the month labels.
    pub month_label_y: f64,
    /// The record in words, e.g. `11 of 12 months met the 99.9% SLA; lowest 99.85% in 2026-02.`
    pub summary: String,
}

/// A horizontal line across the plot.
#[derive(Debug, Clone, PartialEq)]
pub struct YTick {
    /// Position.
    pub y: f64,
    /// Label.
    pub label: String,
    /// Baseline of the label.
    pub label_y: f64,
}

/// One month.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthBar {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Short month name, with the year for January and the first month.
    pub label: String,
    /// Left of the bar.
    pub x: f64,
    /// Centre of the bar.
    pub centre: f64,
    /// Left of the cross marking a month below the SLA.
    pub icon_x: f64,
    /// Bar width.
    pub width: f64,
    /// Top of the bar.
    pub y: f64,
    /// Bar height.
    pub height: f64,
    /// Availability, e.g. `99.85%`.
    pub value: String,
    /// Whether the value is written under the month (always for a year or less, and
    /// for every month below the SLA).
    pub show_value: bool,
    /// Whether the month fell short of the SLA.
    pub below_sla: bool,
    /// Estimated rather than reported.
    pub estimated: bool,
    /// Colour family class.
    pub tone: &'static str,
}

impl AvailabilityChart {
    /// The chart of `record`.
    pub fn new(record: &AvailabilityRecord) -> Self {
        let lowest = record.monthly.iter().map(|m| m.percent).chain(record.sla_percent).fold(100.0, f64::min);
        let floor = FLOORS.into_iter().find(|floor| *floor < lowest - 0.005).unwrap_or(0.0);
        let scale = |percent: f64| {
            let share = (percent.clamp(floor, 100.0) - floor) / (100.0 - floor);
            round(PLOT_BOTTOM - share * (PLOT_BOTTOM - PLOT_TOP))
        };
        let count = record.monthly.len().max(1);
        let slot = (PLOT_X1 - PLOT_X0) / count as f64;
        let width = round((slot * 0.62).min(40.0));
        let bars = record
            .monthly
            .iter()
            .enumerate()
            .map(|(index, month)| {
                let below_sla = record.sla_percent.is_some_and(|sla| month.percent < sla);
                let y = scale(month.percent);
                let centre = round(PLOT_X0 + slot * (index as f64 + 0.5));
                let (year, number) = parse_month(&month.month).unwrap_or((0, 1));
                let name = MONTHS[usize::from(number.clamp(1, 12)) - 1];
                MonthBar {
                    month: month.month.clone(),
                    label: if index == 0 || number == 1 { format!("{name} {year}") } else { name.to_owned() },
                    x: round(centre - width / 2.0),
                    centre,
                    icon_x: round(centre - 6.0),
                    width,
                    y: y.min(PLOT_BOTTOM - 1.0),
                    height: (PLOT_BOTTOM - y).max(1.0),
                    value: format!("{}%", format::number(month.percent)),
                    show_value: below_sla || record.monthly.len() <= LABEL_ALL_UP_TO,
                    below_sla,
                    estimated: month.estimated,
                    tone: if below_sla {
                        Tone::Bad
                    } else if record.sla_percent.is_some() {
                        Tone::Good
                    } else {
                        Tone::Neutral
                    }
                    .class(),
                }
            })
            .collect();
        let middle = floor + (100.0 - floor) / 2.0;
        Self {
            width: WIDTH,
            height: PLOT_BOTTOM + 52.0,
            plot_x0: PLOT_X0,
            plot_x1: PLOT_X1,
            plot_top: PLOT_TOP,
            plot_bottom: PLOT_BOTTOM,
            y_ticks: [floor, middle, 100.0]
                .into_iter()
                .map(|percent| {
                    let y = scale(percent);
                    YTick { y, label: format!("{}%", format::number(percent)), label_y: round(y + 4.0) }
                })
                .collect(),
            y_label_x: PLOT_X0 - 6.0,
            sla_label_x: PLOT_X1 + 6.0,
            icon_y: PLOT_BOTTOM + 36.0,
            value_y: PLOT_BOTTOM + 30.0,
            sla: record.sla_percent.map(|sla| {
                let y = scale(sla);
                YTick { y, label: format!("SLA {}%", format::number(sla)), label_y: round(y + 4.0) }
            }),
            bars,
            month_label_y: PLOT_BOTTOM + 15.0,
            summary: summary(record),
        }
    }
}

fn summary(record: &AvailabilityRecord) -> String {
    let mut parts = Vec::new();
    let months = record.monthly.len();
    if months == 0 {
        parts.push("No monthly figures given.".to_owned());
    } else {
        match record.sla_percent {
            Some(sla) => {
                let met = record.monthly.iter().filter(|m| m.percent >= sla).count();
                parts.push(format!(
                    "{met} of {} met the {}% SLA.",
                    format::plural(months, "month", "months"),
                    format::number(sla)
                ));
            }
            None => parts.push(format!("No SLA stated; {} of figures.", format::plural(months, "month", "months"))),
        }
        if let Some(lowest) = record.monthly.iter().min_by(|a, b| a.percent.total_cmp(&b.percent)) {
            parts.push(format!("Lowest {}% in {}.", format::number(lowest.percent), lowest.month));
        }
        let estimated = record.monthly.iter().filter(|m| m.estimated).count();
        if estimated > 0 {
            parts.push(format!("{} estimated, not reported.", format::plural(estimated, "month", "months")));
        }
    }
    if let Some(outages) = record.major_outages {
        parts.push(format!(
            "{} in the last 12 months.",
            format::plural(outages as usize, "major outage", "major outages")
        ));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::MonthRecord;

    fn record(sla: Option<f64>, percents: &[f64]) -> AvailabilityRecord {
        AvailabilityRecord {
            sla_percent: sla,
            monthly: percents
                .iter()
                .enumerate()
                .map(|(index, percent)| MonthRecord {
                    month: format!("2026-{:02}", index + 1),
                    percent: *percent,
                    estimated: index == 2,
                })
                .collect(),
            major_outages: Some(1),
            source: None,
            observed: None,
        }
    }

    #[test]
    fn months_below_the_sla_are_marked_and_summarised() {
        let chart = AvailabilityChart::new(&record(Some(99.9), &[99.97, 99.85, 100.0]));
        assert_eq!(chart.y_ticks[0].label, "99.5%", "the scale starts below the lowest value");
        assert_eq!(chart.y_ticks[2].y, PLOT_TOP);
        let sla = chart.sla.as_ref().unwrap();
        assert_eq!(sla.label, "SLA 99.9%");
        let [jan, feb, mar] = &chart.bars[..] else { panic!("three bars") };
        assert!(!jan.below_sla && feb.below_sla && !mar.below_sla);
        assert_eq!((feb.tone, feb.value.as_str()), ("bad", "99.85%"));
        assert!(feb.y > sla.y && jan.y < sla.y, "bars below the SLA end below its line");
        assert!(mar.estimated);
        assert_eq!((jan.label.as_str(), feb.label.as_str()), ("Jan 2026", "Feb"));
        assert_eq!(
            chart.summary,
            "2 of 3 months met the 99.9% SLA. Lowest 99.85% in 2026-02. 1 month estimated, not reported. 1 major outage in the last 12 months."
        );
    }

    #[test]
    fn without_an_sla_nothing_is_judged() {
        let chart = AvailabilityChart::new(&record(None, &[97.0]));
        assert!(chart.sla.is_none());
        assert_eq!(chart.bars[0].tone, "neutral");
        assert_eq!(chart.y_ticks[0].label, "95%");
        assert!(chart.summary.starts_with("No SLA stated"), "{}", chart.summary);
    }
}
