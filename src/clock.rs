//! The store's clock, injectable so that tests of expiry and timestamps never sleep.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// A source of the current instant.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;

    /// Waits `duration` (a submission's back-off, a 429's `Retry-After`): the thread sleeps by
    /// default; a test clock moves on instead.
    fn sleep(&self, duration: std::time::Duration) {
        std::thread::sleep(duration);
    }
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until told to move: for tests.
///
/// ```
/// use cartstore::{Clock, ManualClock};
/// let clock = ManualClock::new("2026-01-01T00:00:00Z".parse().unwrap());
/// clock.advance(chrono::Duration::days(8));
/// assert_eq!(clock.now().to_rfc3339(), "2026-01-09T00:00:00+00:00");
/// ```
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    /// A clock showing `start`.
    pub fn new(start: DateTime<Utc>) -> ManualClock {
        ManualClock(Mutex::new(start))
    }

    /// Moves the clock forward (or back, with a negative duration). It stops at the first or
    /// last instant chrono can hold rather than overflow.
    ///
    /// ```
    /// use cartstore::{Clock, ManualClock};
    /// let clock = ManualClock::new(chrono::DateTime::UNIX_EPOCH);
    /// clock.advance(chrono::Duration::MAX);
    /// assert_eq!(clock.now(), chrono::DateTime::<chrono::Utc>::MAX_UTC);
    /// ```
    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now = now.checked_add_signed(by).unwrap_or(if by < Duration::zero() {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        });
    }

    /// Sets the clock.
    pub fn set(&self, to: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves the clock on by `duration`, at once.
    fn sleep(&self, duration: std::time::Duration) {
        self.advance(Duration::from_std(duration).unwrap_or(Duration::MAX));
    }
}
