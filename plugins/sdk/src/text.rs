//! Wording shared by findings: counts with their unit.

use std::fmt::Display;

/// `n` followed by `unit`, plural unless `n` is exactly 1: "1 day", "90 days",
/// "0 incidents". The plural adds an "s", so pass units with regular plurals.
pub fn count<N: Display + PartialEq + From<u8>>(n: N, unit: &str) -> String {
    if n == N::from(1) { format!("1 {unit}") } else { format!("{n} {unit}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_everything_else_plural() {
        assert_eq!(count(1u32, "day"), "1 day");
        assert_eq!(count(90i64, "day"), "90 days");
        assert_eq!(count(0usize, "incident"), "0 incidents");
        assert_eq!(count(-1i64, "hour"), "-1 hours");
        assert_eq!(count(2usize, "monthly figure"), "2 monthly figures");
    }
}
