//! The mock's clock: the system time plus an offset that tests can advance.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A clock shared by every part of one mock: `now = system time + offset`.
///
/// Cloning gives another handle to the same clock. Advancing it moves code,
/// session and token expiry, TOTP windows and the `iat`/`exp` of new tokens.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// A clock at the system time (offset zero).
    pub fn new() -> Self {
        Self::default()
    }

    /// Milliseconds since the Unix epoch, as the mock sees them.
    pub fn now_ms(&self) -> i64 {
        system_now_ms().saturating_add(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Whole seconds since the Unix epoch, as the mock sees them.
    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves the clock forward (or back, with a negative value) by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.offset_ms
            .fetch_add(seconds.saturating_mul(1000), Ordering::Relaxed);
    }

    /// Moves the clock by milliseconds.
    pub fn advance_ms(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }

    /// The current offset from the system time, in milliseconds.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// Sets the offset back to zero.
    pub fn reset(&self) {
        self.offset_ms.store(0, Ordering::Relaxed);
    }
}

/// The system time in milliseconds since the Unix epoch (0 if the system
/// clock is before 1970).
pub fn system_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_every_handle() {
        let c = Clock::new();
        let other = c.clone();
        let before = other.now_secs();
        c.advance(3600);
        let after = other.now_secs();
        assert!(after - before >= 3600 && after - before <= 3602);
        assert_eq!(c.offset_ms(), 3_600_000);
        c.reset();
        assert_eq!(other.offset_ms(), 0);
    }
}
