//! The time of day, passed in. The core never reads the wall clock itself:
//! a [`Clock`] is given to the office when it opens (the real one in the
//! CLI and the window, a fixed one in tests), so every stored timestamp,
//! every file name and every signing time can be reproduced.
//!
//! [`SystemClock`] is the only place in `src/` that reads the system time.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    /// This moment, with the office's offset from UTC.
    fn now(&self) -> DateTime<FixedOffset>;

    /// Today's date at the office.
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// The computer's clock and time zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        chrono::Local::now().fixed_offset()
    }
}

/// A clock that always says the same moment (tests, reproducible runs).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<FixedOffset>);

impl FixedClock {
    /// Noon of `day` in Vietnam (UTC+7).
    pub fn noon(day: NaiveDate) -> FixedClock {
        let vn = FixedOffset::east_opt(7 * 3600).expect("UTC+7");
        FixedClock(
            day.and_hms_opt(12, 0, 0)
                .expect("noon")
                .and_local_timezone(vn)
                .single()
                .expect("a fixed offset has one noon"),
        )
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

/// The computer's clock, to give an office.
pub fn system() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// A clock stopped at `at`, to give an office (tests, reproducible runs).
pub fn fixed(at: DateTime<FixedOffset>) -> Arc<dyn Clock> {
    Arc::new(FixedClock(at))
}

/// A moment as stored: RFC 3339 to the second, with its offset.
pub fn stamp(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noon_in_vietnam() {
        let day = NaiveDate::from_ymd_opt(2026, 7, 10).unwrap();
        let c = FixedClock::noon(day);
        assert_eq!(stamp(c.now()), "2026-07-10T12:00:00+07:00");
        assert_eq!(c.today(), day);
    }
}
