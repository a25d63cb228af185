//! When to try a request again: on 429 and 5xx only, after the server's `Retry-After`
//! or an exponential backoff, within a bounded number of attempts and a bounded total wait.

use std::time::{Duration, SystemTime};

/// How hard to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// The wait before the second attempt; doubled before each further one.
    pub backoff: Duration,
    /// The longest single wait, `Retry-After` included; a longer one ends the retries.
    pub max_wait: Duration,
    /// The longest time spent waiting between attempts of one request, in all.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(10),
            budget: Duration::from_secs(20),
        }
    }
}

/// What to do after a response with status `status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Keep the response.
    Done,
    /// Wait this long, then try again.
    Retry(Duration),
    /// Keep the response: trying again is not allowed, for this reason.
    GiveUp(String),
}

/// Whether `status` is worth another attempt.
fn retryable(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

impl RetryPolicy {
    /// Decides after attempt number `attempt` (from 1) got `status`, with the server's
    /// `Retry-After` value if any, having already waited `waited` for this request.
    pub fn decide(
        &self,
        status: u16,
        retry_after: Option<&str>,
        attempt: u32,
        waited: Duration,
        now: SystemTime,
    ) -> Decision {
        if !retryable(status) {
            return Decision::Done;
        }
        if attempt >= self.attempts {
            return Decision::GiveUp(format!("still failing after {attempt} attempts"));
        }
        let wait = match retry_after.map(str::trim) {
            Some(value) => match parse_retry_after(value, now) {
                Some(wait) if wait > self.max_wait => {
                    return Decision::GiveUp(format!(
                        "Retry-After asks for {} s, more than the {} s riskcard waits",
                        wait.as_secs(),
                        self.max_wait.as_secs()
                    ));
                }
                Some(wait) => wait,
                None => self.backoff_before(attempt + 1),
            },
            None => self.backoff_before(attempt + 1),
        };
        if waited + wait > self.budget {
            return Decision::GiveUp(format!("retries would wait more than {} s in all", self.budget.as_secs()));
        }
        Decision::Retry(wait)
    }

    /// The backoff before attempt number `attempt` (2 or more).
    fn backoff_before(&self, attempt: u32) -> Duration {
        self.backoff.saturating_mul(1 << attempt.saturating_sub(2).min(16)).min(self.max_wait)
    }
}

/// Reads `Retry-After`: delay seconds or an HTTP date; `None` when it is neither.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Duration = Duration::from_secs(1_780_000_000);

    fn decide(status: u16, retry_after: Option<&str>, attempt: u32, waited: u64) -> Decision {
        RetryPolicy::default().decide(
            status,
            retry_after,
            attempt,
            Duration::from_secs(waited),
            SystemTime::UNIX_EPOCH + NOW,
        )
    }

    #[test]
    fn only_429_and_5xx_are_retried() {
        assert_eq!(decide(200, None, 1, 0), Decision::Done);
        assert_eq!(decide(404, Some("1"), 1, 0), Decision::Done);
        assert_eq!(decide(503, None, 1, 0), Decision::Retry(Duration::from_millis(500)));
        assert_eq!(decide(500, None, 2, 0), Decision::Retry(Duration::from_secs(1)));
        assert_eq!(decide(429, None, 3, 0), Decision::GiveUp("still failing after 3 attempts".into()));
    }

    #[test]
    fn retry_after_is_honoured_as_seconds_or_an_http_date() {
        assert_eq!(decide(429, Some("2"), 1, 0), Decision::Retry(Duration::from_secs(2)));
        let in_four_seconds = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + NOW + Duration::from_secs(4));
        assert_eq!(decide(429, Some(&in_four_seconds), 1, 0), Decision::Retry(Duration::from_secs(4)));
        assert_eq!(decide(503, Some("soon"), 1, 0), Decision::Retry(Duration::from_millis(500)));
    }

    #[test]
    fn waits_are_bounded_one_by_one_and_in_all() {
        assert_eq!(
            decide(429, Some("3600"), 1, 0),
            Decision::GiveUp("Retry-After asks for 3600 s, more than the 10 s riskcard waits".into())
        );
        assert_eq!(decide(503, Some("8"), 2, 15), Decision::GiveUp("retries would wait more than 20 s in all".into()));
    }
}
