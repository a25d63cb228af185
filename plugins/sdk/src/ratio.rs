//! How much of a numeric requirement a vendor meets, as a share from 0 to 1 for
//! [`Tally::graded`](crate::Tally::graded): full marks within the limit, otherwise in
//! proportion to how far the vendor falls short.

/// The share of an "at most `limit`" requirement (e.g. backups every 24 hours at most)
/// that a non-negative `actual` meets: 1 within the limit, inclusive, otherwise
/// `limit / actual`, so twice the limit earns half. A negative limit counts as 0.
pub fn within(actual: impl Into<i64>, limit: i64) -> f64 {
    let actual = actual.into();
    if actual <= limit { 1.0 } else { limit.max(0) as f64 / actual as f64 }
}

/// The share of an "at least `limit`" requirement (e.g. keys of 256 bits or more) that a
/// non-negative `actual` meets: 1 at or above the limit, otherwise `actual / limit`, so
/// half the limit earns half.
pub fn at_least(actual: impl Into<i64>, limit: i64) -> f64 {
    let actual = actual.into();
    if actual >= limit { 1.0 } else { actual as f64 / limit as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_the_limit_inclusive_earns_everything() {
        assert_eq!(within(90u32, 90), 1.0);
        assert_eq!(within(0u32, 90), 1.0);
        assert_eq!(within(91u32, 90), 90.0 / 91.0);
    }

    #[test]
    fn twice_the_limit_earns_half_and_a_negative_limit_nothing() {
        assert_eq!(within(48i64, 24), 0.5);
        assert_eq!(within(10u32, -5), 0.0);
    }

    #[test]
    fn at_least_the_limit_inclusive_earns_everything() {
        assert_eq!(at_least(256u32, 256), 1.0);
        assert_eq!(at_least(512u32, 256), 1.0);
        assert_eq!(at_least(128u32, 256), 0.5);
        assert_eq!(at_least(0u32, 3), 0.0);
        assert_eq!(at_least(0u32, 0), 1.0);
    }
}
