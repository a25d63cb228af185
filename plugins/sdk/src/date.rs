//! Calendar arithmetic on WIT dates and timestamps, without a clock: plugins only
//! ever reason relative to the request's `as-of` date.

use crate::Date;

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_since_epoch(date: &Date) -> i64 {
    let month = i64::from(date.month);
    let year = i64::from(date.year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(date.day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` days after 1970-01-01.
pub fn from_days_since_epoch(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year).unwrap_or(i32::MAX),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

/// Whole days from `from` to `to`; negative when `to` is earlier.
pub fn days_between(from: &Date, to: &Date) -> i64 {
    days_since_epoch(to) - days_since_epoch(from)
}

/// The date `days` days after `date` (before it when negative).
pub fn add_days(date: &Date, days: i64) -> Date {
    from_days_since_epoch(days_since_epoch(date) + days)
}

/// The UTC calendar date of a timestamp (seconds since the Unix epoch).
pub fn from_timestamp(seconds: i64) -> Date {
    from_days_since_epoch(seconds.div_euclid(86_400))
}

/// Seconds since the Unix epoch at midnight UTC starting `date`.
pub fn to_timestamp(date: &Date) -> i64 {
    days_since_epoch(date) * 86_400
}

/// `date` as `YYYY-MM-DD`.
pub fn iso(date: &Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn epoch_is_day_zero() {
        assert_eq!(days_since_epoch(&d(1970, 1, 1)), 0);
        assert_eq!(iso(&from_days_since_epoch(0)), "1970-01-01");
    }

    #[test]
    fn round_trips_across_leap_days_and_centuries() {
        for days in [-800_000, -1, 0, 59, 60, 11_016, 19_782, 20_000, 2_932_896] {
            assert_eq!(days_since_epoch(&from_days_since_epoch(days)), days);
        }
        assert_eq!(days_between(&d(2024, 2, 28), &d(2024, 3, 1)), 2);
        assert_eq!(days_between(&d(2100, 2, 28), &d(2100, 3, 1)), 1);
        assert_eq!(days_between(&d(2000, 2, 28), &d(2000, 3, 1)), 2);
    }

    #[test]
    fn timestamps_map_to_utc_dates() {
        assert_eq!(iso(&from_timestamp(1_764_460_799)), "2025-11-29");
        assert_eq!(iso(&from_timestamp(1_764_460_800)), "2025-11-30");
        assert_eq!(iso(&from_timestamp(-1)), "1969-12-31");
        assert_eq!(to_timestamp(&d(2025, 11, 30)), 1_764_460_800);
    }

    #[test]
    fn add_days_moves_backwards_and_forwards() {
        assert_eq!(iso(&add_days(&d(2026, 1, 1), -1)), "2025-12-31");
        assert_eq!(iso(&add_days(&d(2026, 12, 31), 1)), "2027-01-01");
    }
}
