//! What one evaluation costs: wall-clock time over repeated runs, summarised as
//! median and 95th percentile, and fuel, each set against the sandbox's limit.

use std::time::Duration;

/// Median, 95th percentile and maximum of a set of measurements (times or fuel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread<T> {
    /// The middle value (the lower middle for an even count).
    pub median: T,
    /// The value 95% of runs were at or under (nearest rank).
    pub p95: T,
    /// The largest value.
    pub max: T,
}

impl<T: Copy + Ord> Spread<T> {
    /// Summarises `samples`; `None` when there are none.
    pub fn of(samples: &[T]) -> Option<Self> {
        let mut sorted = samples.to_vec();
        sorted.sort();
        let last = sorted.len().checked_sub(1)?;
        let rank = |percent: usize| sorted[(sorted.len() * percent).div_ceil(100).saturating_sub(1).min(last)];
        Some(Self { median: sorted[last / 2], p95: rank(95), max: sorted[last] })
    }
}

/// `used` as a percentage of `limit`, e.g. `0.25%`; `-` when there is no limit.
pub fn share(used: f64, limit: f64) -> String {
    match used / limit * 100.0 {
        _ if limit <= 0.0 => "-".to_owned(),
        percent if percent > 0.0 && percent < 0.01 => "<0.01%".to_owned(),
        percent => format!("{percent:.2}%"),
    }
}

/// A duration in milliseconds with three decimals, e.g. `12.345 ms`.
pub fn millis(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|v| Duration::from_millis(*v)).collect()
    }

    #[test]
    fn median_and_p95_use_nearest_rank() {
        let samples = ms(&(1..=20).rev().collect::<Vec<_>>());
        let timing = Spread::of(&samples).unwrap();
        assert_eq!(timing.median, Duration::from_millis(10));
        assert_eq!(timing.p95, Duration::from_millis(19));
        assert_eq!(timing.max, Duration::from_millis(20));
        assert_eq!(Spread::of(&[3u64, 1, 2]), Some(Spread { median: 2, p95: 3, max: 3 }));
    }

    #[test]
    fn a_single_sample_is_every_statistic() {
        let timing = Spread::of(&ms(&[7])).unwrap();
        assert_eq!(
            (timing.median, timing.p95, timing.max),
            (Duration::from_millis(7), Duration::from_millis(7), Duration::from_millis(7))
        );
    }

    #[test]
    fn no_samples_no_statistics() {
        assert_eq!(Spread::<u64>::of(&[]), None);
    }

    #[test]
    fn shares_and_millis_read_well() {
        assert_eq!(share(1.0, 400.0), "0.25%");
        assert_eq!(share(1.0, 0.0), "-");
        assert_eq!(share(1.0, 1_000_000.0), "<0.01%");
        assert_eq!(share(0.0, 10.0), "0.00%");
        assert_eq!(millis(Duration::from_micros(12_345)), "12.345 ms");
    }
}
