//! First run: load the demo town, or start empty.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use crate::api::register;
use crate::demo::{self, DemoSummary};
use crate::demo_history;
use crate::demo_reviews;
use crate::error::{Error, Result};

/// The seed the app and the README's run command use, so everyone sees the same demo town.
pub const DEMO_SEED: u64 = 2012;

/// Loads the demo town into an empty register. Refused when the register holds data, so demo
/// records never mix with real ones.
pub fn load_demo(conn: &mut Connection, seed: u64, today: NaiveDate) -> Result<DemoSummary> {
    if !register::is_empty(conn)? {
        return Err(Error::RegisterNotEmpty);
    }
    demo::load(conn, seed, today)
}

/// The demo town as the app shows it: the register plus every activity day since January of
/// last year held and recorded (attendance, suggestions, problems), and every community's
/// last two completed quarters reviewed and finalised (`demo_reviews`), in one transaction.
pub fn load_demo_with_history(
    conn: &mut Connection,
    seed: u64,
    today: NaiveDate,
) -> Result<DemoSummary> {
    if !register::is_empty(conn)? {
        return Err(Error::RegisterNotEmpty);
    }
    let from = NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today);
    let tx = conn.transaction()?;
    let mut summary = demo::load_in(&tx, seed, today)?;
    summary.activities = demo_history::add_history_in(&tx, seed, from, today)?.activities;
    summary.reviews = demo_reviews::add_reviews_in(&tx, seed, today)?;
    tx.commit()?;
    Ok(summary)
}

/// A generated town or city with years of history (to measure the app on), into an empty
/// register, in one transaction.
pub fn load_city(
    conn: &mut Connection,
    scale: crate::city::Scale,
    years: u32,
    seed: u64,
    today: NaiveDate,
) -> Result<crate::city::CitySummary> {
    if !register::is_empty(conn)? {
        return Err(Error::RegisterNotEmpty);
    }
    let tx = conn.transaction()?;
    let summary = crate::city::generate_in(&tx, scale, years, seed, today)?;
    tx.commit()?;
    Ok(summary)
}
