//! The app's day as the edges see it: the machine's clock, or a fixed day given with `--today
//! YYYY-MM-DD` or the `BRANCH_PLANNER_TODAY` variable (a test states its day; a secretary plans
//! ahead). The core never reads the clock: the shell and the CLI read it, build one `Clock` at
//! start-up and pass its day in.
//!
//! A fixed day shifts the machine's clock by whole days rather than stopping it, so the time of
//! day still runs (backup names, audit times) and an app left open past midnight moves on to the
//! next day, as it would without the flag.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

/// The environment variable that fixes the day when `--today` is not given.
pub const TODAY_ENV: &str = "BRANCH_PLANNER_TODAY";

/// The day the user asked for with `--today` (it wins) or the environment; `None` for the
/// machine's own day. An unreadable day is an error: a test that meant 2028-02-29 must not
/// quietly run on the machine's day.
pub fn fixed_day(flag: Option<&str>, env: Option<&str>) -> Result<Option<NaiveDate>, String> {
    let (source, text) = match (flag, env.map(str::trim).filter(|v| !v.is_empty())) {
        (Some(text), _) => ("--today", text),
        (None, Some(text)) => (TODAY_ENV, text),
        (None, None) => return Ok(None),
    };
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            format!(
                "{source} 不是有效的日期（应为 YYYY-MM-DD）/ {source} is not a valid date: {text}"
            )
        })
}

/// The edge's clock: the machine's readings moved by whole days when a day is fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    shift: Duration,
}

impl Clock {
    /// `machine_today` is the machine's own day when the clock is built (read once at start-up).
    pub fn new(fixed: Option<NaiveDate>, machine_today: NaiveDate) -> Self {
        let shift = fixed.map_or(Duration::zero(), |day| day - machine_today);
        Self { shift }
    }

    /// True when the user fixed the day: the window says so, so nobody mistakes it for today.
    pub fn is_fixed(&self) -> bool {
        !self.shift.is_zero()
    }

    /// The app's local time for the machine's local time `machine_now`.
    pub fn local(&self, machine_now: NaiveDateTime) -> NaiveDateTime {
        machine_now + self.shift
    }

    /// The app's day for the machine's local time `machine_now`.
    pub fn today(&self, machine_now: NaiveDateTime) -> NaiveDate {
        self.local(machine_now).date()
    }

    /// The app's UTC time for the machine's `machine_utc`.
    pub fn utc(&self, machine_utc: DateTime<Utc>) -> DateTime<Utc> {
        machine_utc + self.shift
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        assert_eq!(
            fixed_day(Some("2026-12-05"), Some("2028-02-29")),
            Ok(Some(day("2026-12-05")))
        );
        assert_eq!(
            fixed_day(None, Some(" 2028-02-29 ")),
            Ok(Some(day("2028-02-29")))
        );
        assert_eq!(fixed_day(None, Some("")), Ok(None));
        assert_eq!(fixed_day(None, None), Ok(None));
    }

    #[test]
    fn an_impossible_day_is_refused_naming_where_it_came_from() {
        let flag = fixed_day(Some("2027-02-29"), None).unwrap_err();
        assert!(
            flag.contains("--today") && flag.contains("2027-02-29"),
            "{flag}"
        );
        let env = fixed_day(None, Some("12/05/2026")).unwrap_err();
        assert!(env.contains(TODAY_ENV), "{env}");
    }

    #[test]
    fn a_fixed_day_shifts_the_clock_by_whole_days_and_keeps_the_time_running() {
        let machine = day("2026-06-15").and_hms_opt(23, 59, 30).unwrap();
        let clock = Clock::new(Some(day("2028-02-29")), machine.date());
        assert!(clock.is_fixed());
        assert_eq!(clock.today(machine), day("2028-02-29"));
        assert_eq!(
            clock.local(machine).time(),
            machine.time(),
            "the time of day is the machine's"
        );
        // Past midnight the fixed day moves on, as the machine's own day would.
        let later = machine + Duration::seconds(60);
        assert_eq!(clock.today(later), day("2028-03-01"));
        let utc = machine.and_utc();
        assert_eq!(clock.utc(utc).date_naive(), day("2028-02-29"));
    }

    #[test]
    fn without_a_fixed_day_the_clock_is_the_machines() {
        let machine = day("2026-12-31").and_hms_opt(8, 0, 0).unwrap();
        let clock = Clock::new(None, machine.date());
        assert!(!clock.is_fixed());
        assert_eq!(clock.local(machine), machine);
        // Fixing the machine's own day is the same as not fixing it.
        assert_eq!(Clock::new(Some(machine.date()), machine.date()), clock);
    }
}
