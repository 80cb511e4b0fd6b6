//! The shell's one clock: the machine's, or shifted to the day given with `--today` /
//! `BRANCH_PLANNER_TODAY` (see `branch_planner::clock`). Set once at start-up; every command and
//! the reminders take their day from here.

use std::sync::OnceLock;

use branch_planner::clock::Clock;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

static CLOCK: OnceLock<Clock> = OnceLock::new();

/// Reads the machine's clock once to fix the shift; later calls keep the first clock.
#[allow(clippy::disallowed_methods)]
pub fn start(fixed: Option<NaiveDate>) {
    let machine_today = chrono::Local::now().date_naive();
    let _ = CLOCK.set(Clock::new(fixed, machine_today));
}

fn clock() -> Clock {
    *CLOCK.get_or_init(|| Clock::new(None, NaiveDate::MIN))
}

/// The app's day.
pub fn today() -> NaiveDate {
    now_local().date()
}

/// Local wall-clock time: backup names and the "first start of the day" go by it.
#[allow(clippy::disallowed_methods)]
pub fn now_local() -> NaiveDateTime {
    clock().local(chrono::Local::now().naive_local())
}

#[allow(clippy::disallowed_methods)]
pub fn now_utc() -> DateTime<Utc> {
    clock().utc(chrono::Utc::now())
}

/// True when the day was fixed at start-up (the window shows it).
pub fn is_fixed() -> bool {
    clock().is_fixed()
}
