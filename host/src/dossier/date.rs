//! Calendar dates and instants as dossiers write them: `2026-11-30` and RFC 3339
//! timestamps, accepted both as TOML datetimes and as JSON strings.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;

/// A calendar date (proleptic Gregorian), e.g. 2026-11-30.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

/// An instant, stored as whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Date {
    /// Builds a date, or `None` when it does not exist (e.g. 2026-02-30).
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day).ok().map(Self)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let invalid = || format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-30");
        let mut parts = text.splitn(3, '-');
        let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(invalid());
        };
        if !is_digits(year, 4) || !is_digits(month, 2) || !is_digits(day, 2) {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let month = month.parse().map_err(|_| invalid())?;
        let day = day.parse().map_err(|_| invalid())?;
        Self::from_ymd(year, month, day).ok_or_else(|| format!("`{text}` is not a day of the calendar"))
    }

    /// Today in UTC, from the system clock.
    pub fn today_utc() -> Self {
        Self(time::OffsetDateTime::now_utc().date())
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        u8::from(self.0.month())
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// Seconds since the Unix epoch at midnight UTC starting this date.
    pub fn unix_seconds(self) -> i64 {
        self.0.midnight().assume_utc().unix_timestamp()
    }

    /// Whole days from `self` to `other`; negative when `other` is earlier.
    pub fn days_until(self, other: Date) -> i64 {
        (other.0 - self.0).whole_days()
    }

    /// The date `days` days later (earlier when negative), clamped to the calendar's range.
    pub fn plus_days(self, days: i64) -> Date {
        Self(self.0.checked_add(time::Duration::days(days)).unwrap_or(if days < 0 {
            time::Date::MIN
        } else {
            time::Date::MAX
        }))
    }

    /// Parses a span of days as riskcard writes it, e.g. `90d`.
    pub fn parse_days(text: &str) -> Result<u32, String> {
        text.strip_suffix('d')
            .and_then(|days| days.parse().ok())
            .ok_or_else(|| format!("`{text}` is not a number of days; write it as e.g. 90d"))
    }
}

/// Whether `text` is exactly `count` ASCII digits (no sign, no spaces).
pub(crate) fn is_digits(text: &str, count: usize) -> bool {
    text.len() == count && text.bytes().all(|byte| byte.is_ascii_digit())
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

impl Timestamp {
    /// Parses an RFC 3339 timestamp such as `2026-03-01T09:30:00Z`.
    /// The instant must fall within the years 0000 to 9999 once in UTC, so that it can
    /// be written back as RFC 3339 (`9999-12-31T23:59:59-23:59` cannot).
    pub fn parse(text: &str) -> Result<Self, String> {
        let instant = time::OffsetDateTime::parse(text, &Rfc3339)
            .map_err(|_| format!("`{text}` is not a timestamp; write it as RFC 3339, e.g. 2026-03-01T09:30:00Z"))?;
        let seconds = instant.unix_timestamp();
        match time::OffsetDateTime::from_unix_timestamp(seconds) {
            Ok(utc) if (0..=9999).contains(&utc.year()) => Ok(Self(seconds)),
            _ => Err(format!(
                "`{text}` falls outside the years 0000 to 9999 in UTC; write a timestamp within them, e.g. 2026-03-01T09:30:00Z"
            )),
        }
    }

    /// The instant `seconds` after the Unix epoch.
    pub fn from_unix_seconds(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Now, from the system clock, to the whole second.
    pub fn now() -> Self {
        Self(time::OffsetDateTime::now_utc().unix_timestamp())
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The UTC calendar date of this instant.
    pub fn date(self) -> Date {
        Date(time::OffsetDateTime::from_unix_timestamp(self.0).map_or(time::Date::MIN, |t| t.date()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let instant = time::OffsetDateTime::from_unix_timestamp(self.0).map_err(|_| fmt::Error)?;
        let text = instant.format(&Rfc3339).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

/// Accepts a string, or a TOML datetime (which serde sees as a one-entry map).
struct TextVisitor(&'static str);

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<String, M::Error> {
        // The toml crate hands datetimes to serde as `{ "$__toml_private_datetime": "…" }`.
        let entry: Option<(String, String)> = map.next_entry()?;
        entry.map(|(_, text)| text).ok_or_else(|| de::Error::invalid_type(de::Unexpected::Map, &self))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_any(TextVisitor("a date such as 2026-11-30"))?;
        Date::parse(&text).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_any(TextVisitor("an RFC 3339 timestamp such as 2026-03-01T09:30:00Z"))?;
        Timestamp::parse(&text).map_err(de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date", "description": "A calendar date, YYYY-MM-DD." })
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date-time", "description": "An RFC 3339 timestamp." })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_rejects_impossible_ones() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2026-02-29").unwrap_err().contains("not a day"));
        assert!(Date::parse("2026-1-5").is_err());
        assert!(Date::parse("yesterday").is_err());
    }

    /// Regression: `+026-11-30` was read as year 26 and `2026-+1-30` as January.
    #[test]
    fn signed_or_spaced_date_parts_are_refused() {
        for text in ["+026-11-30", "2026-+1-30", "2026-11-+3", "-026-11-30", "2026- 1-30"] {
            assert!(Date::parse(text).unwrap_err().contains("is not a date"), "{text}");
        }
    }

    /// Regression: legal RFC 3339 timestamps outside years 0000–9999 in UTC panicked
    /// when displayed or serialised.
    #[test]
    fn timestamps_outside_years_0000_to_9999_in_utc_are_refused_and_the_edges_round_trip() {
        for text in ["9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+23:59"] {
            assert!(Timestamp::parse(text).unwrap_err().contains("outside the years 0000 to 9999"), "{text}");
        }
        for text in ["9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z"] {
            assert_eq!(Timestamp::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn reads_toml_datetimes_and_json_strings_alike() {
        #[derive(Deserialize)]
        struct Doc {
            day: Date,
            at: Timestamp,
        }
        let from_toml: Doc = toml::from_str("day = 2026-11-30\nat = 2026-03-01T09:30:00Z").unwrap();
        let from_json: Doc = serde_json::from_str(r#"{"day":"2026-11-30","at":"2026-03-01T10:30:00+01:00"}"#).unwrap();
        assert_eq!(from_toml.day, from_json.day);
        assert_eq!(from_toml.at, from_json.at);
        assert_eq!(from_toml.at.to_string(), "2026-03-01T09:30:00Z");
    }

    #[test]
    fn counts_days_across_a_leap_year() {
        let start = Date::parse("2024-02-28").unwrap();
        assert_eq!(start.days_until(Date::parse("2024-03-01").unwrap()), 2);
        assert_eq!(Date::parse("2024-03-01").unwrap().days_until(start), -2);
    }
}
