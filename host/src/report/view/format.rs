//! How numbers, shares, weights, dates and durations are written for people.

use crate::dossier::{Date, Timestamp};

/// A 0–100 score with one decimal, e.g. `87.4`.
pub fn score(value: f64) -> String {
    format!("{value:.1}")
}

/// An optional score; an em dash when there is none.
pub fn optional_score(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), score)
}

/// A 0–1 share as a whole percentage, rounded down so that coverage is never
/// overstated: 0.996 is `99%`, only 1.0 is `100%`.
pub fn share(value: f64) -> String {
    format!("{}%", (value * 100.0 + 1e-9).floor().clamp(0.0, 100.0))
}

/// An optional share; an em dash when there is none.
pub fn optional_share(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), share)
}

/// A number without a trailing `.0`: weights `10`, `2.5`; percentages `99.95`.
pub fn number(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A count with thousands separators, e.g. `1,200,000`.
pub fn count(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `1 criterion`, `2 criteria`: the count with the right form of the noun.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// How far `date` lies from `as_of`, e.g. `in 262 days`, `today`, `45 days ago`.
pub fn relative_days(as_of: Date, date: Date) -> String {
    match as_of.days_until(date) {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        -1 => "yesterday".to_owned(),
        days if days > 0 => format!("in {days} days"),
        days => format!("{} days ago", -days),
    }
}

/// The time from `start` to `end`, in hours below two days, else in days.
pub fn duration(start: Timestamp, end: Timestamp) -> String {
    let hours = (end.unix_seconds() - start.unix_seconds()) / 3600;
    if hours < 48 { format!("{hours} h") } else { format!("{} days", hours / 24) }
}

/// An instant as a date and UTC time, e.g. `2026-02-11 22:05 UTC`.
pub fn instant(at: Timestamp) -> String {
    let text = at.to_string();
    match (text.get(..10), text.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_rounded_down_so_coverage_is_never_overstated() {
        assert_eq!(share(1.0), "100%");
        assert_eq!(share(0.996), "99%");
        assert_eq!(share(0.6), "60%");
        assert_eq!(share(0.0), "0%");
        assert_eq!(optional_share(None), "—");
    }

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(number(10.0), "10");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(99.95), "99.95");
        assert_eq!(score(87.44), "87.4");
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_200_000), "1,200,000");
    }

    #[test]
    fn days_and_durations_read_naturally() {
        let as_of = Date::parse("2026-11-30").unwrap();
        assert_eq!(relative_days(as_of, Date::parse("2027-08-19").unwrap()), "in 262 days");
        assert_eq!(relative_days(as_of, Date::parse("2026-11-29").unwrap()), "yesterday");
        assert_eq!(relative_days(as_of, Date::parse("2025-08-31").unwrap()), "456 days ago");
        let start = Timestamp::parse("2026-02-11T22:05:00Z").unwrap();
        assert_eq!(duration(start, Timestamp::parse("2026-02-12T06:30:00Z").unwrap()), "8 h");
        assert_eq!(duration(start, Timestamp::parse("2026-02-20T22:05:00Z").unwrap()), "9 days");
        assert_eq!(instant(start), "2026-02-11 22:05 UTC");
    }
}
