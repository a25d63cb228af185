//! A horizontal time axis for the timelines: maps dates to x coordinates and places
//! year ticks.

use crate::dossier::Date;

/// A tick on an axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Position.
    pub x: f64,
    /// Label.
    pub label: String,
}

/// Whole years, from January 1st of the first to January 1st after the last, drawn
/// between `x0` and `x1`.
#[derive(Debug, Clone, Copy)]
pub struct TimeAxis {
    first_year: i32,
    end_year: i32,
    start: i64,
    end: i64,
    x0: f64,
    x1: f64,
}

fn day_number(date: Date) -> i64 {
    date.unix_seconds().div_euclid(86_400)
}

fn january_first(year: i32) -> Date {
    Date::from_ymd(year, 1, 1).unwrap_or_else(|| Date::from_ymd(1970, 1, 1).expect("1970-01-01 exists"))
}

impl TimeAxis {
    /// An axis covering every date in `dates` and `as_of` with at least `before` years
    /// before `as_of` and `after` years after it, widened to whole years.
    pub fn covering(dates: impl Iterator<Item = Date>, as_of: Date, before: i32, after: i32, x0: f64, x1: f64) -> Self {
        let (mut first, mut last) = (as_of.year() - before, as_of.year() + after);
        for date in dates {
            first = first.min(date.year());
            last = last.max(date.year());
        }
        let end_year = last + 1;
        Self {
            first_year: first,
            end_year,
            start: day_number(january_first(first)),
            end: day_number(january_first(end_year)),
            x0,
            x1,
        }
    }

    /// The x coordinate of `date`.
    pub fn x(&self, date: Date) -> f64 {
        let span = (self.end - self.start).max(1) as f64;
        let x = self.x0 + (day_number(date) - self.start) as f64 / span * (self.x1 - self.x0);
        round(x.clamp(self.x0, self.x1))
    }

    /// A labelled tick at the start of each year, and the end of the axis.
    pub fn year_ticks(&self) -> Vec<Tick> {
        (self.first_year..=self.end_year)
            .map(|year| Tick { x: self.x(january_first(year)), label: year.to_string() })
            .collect()
    }
}

/// Rounds a coordinate to one decimal, so the SVG is compact and stable.
pub fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn widens_to_whole_years_around_the_dates_and_as_of() {
        let axis = TimeAxis::covering(
            [date("2024-08-20"), date("2027-08-19")].into_iter(),
            date("2026-11-30"),
            1,
            1,
            0.0,
            100.0,
        );
        let labels: Vec<String> = axis.year_ticks().into_iter().map(|tick| tick.label).collect();
        assert_eq!(labels, ["2024", "2025", "2026", "2027", "2028"]);
        assert_eq!(axis.x(date("2024-01-01")), 0.0);
        assert_eq!(axis.x(date("2028-01-01")), 100.0);
        assert_eq!(axis.x(date("2026-01-01")), 50.0);
        assert_eq!(axis.x(date("2030-01-01")), 100.0, "clamped to the axis");
    }
}
