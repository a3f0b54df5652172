//! Bounded, jittered retries and the rule for which requests may be retried.
//!
//! The rule (see [`RetryPolicy`]):
//!
//! | what happened | idempotent request | single-use request |
//! |---|---|---|
//! | could not connect (nothing was sent) | retried | retried |
//! | `TooManyRequestsException` / `ThrottlingException` (refused before processing) | retried | retried |
//! | timeout, broken connection, HTTP 5xx, `InternalErrorException` (may have been processed) | retried | **not** retried |
//! | any other answer | returned | returned |
//!
//! Single-use requests are those that consume a challenge session or a code,
//! or create something: `RespondToAuthChallenge`, `VerifySoftwareToken`,
//! `AssociateSoftwareToken`, `ConfirmSignUp`, `SignUp`,
//! `ResendConfirmationCode`, and `InitiateAuth` carrying a session or asking
//! for a one-time code. Repeating one after Cognito processed it would fail
//! ("session can only be used once") or send a second code, hiding the real
//! outcome. `LimitExceededException` is never retried: Cognito's limits are
//! per hour.

use std::time::Duration;

/// How many times and how patiently requests are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, including the first (at least 1).
    pub max_attempts: u32,
    /// The base delay: attempt `n` (1-based) waits `base · 2^(n-1)` plus a
    /// random jitter of up to `base` before the next try.
    pub base_delay: Duration,
    /// Upper bound of one wait.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, 100 ms base, 2 s cap (Amplify's schedule).
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The wait after failed attempt `attempt` (1-based), given a random
    /// fraction `jitter` in `[0, 1)`.
    pub fn delay(&self, attempt: u32, jitter: f64) -> Duration {
        let exp = self.base_delay.saturating_mul(
            1u32.checked_shl(attempt.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let jitter = self.base_delay.mul_f64(jitter.clamp(0.0, 1.0));
        exp.saturating_add(jitter).min(self.max_delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_are_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, 0.0), Duration::from_millis(100));
        assert_eq!(p.delay(2, 0.0), Duration::from_millis(200));
        assert_eq!(p.delay(2, 0.5), Duration::from_millis(250));
        assert_eq!(p.delay(40, 0.9), Duration::from_secs(2));
    }
}
