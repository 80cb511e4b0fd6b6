//! First run: load the demo town, or start empty.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::api::register;
use crate::demo::{self, DemoSummary};
use crate::error::{Error, Result};

/// The seed the app and the README's run command use, so everyone sees the same demo town.
pub const DEMO_SEED: u64 = 2012;

/// Loads the demo town into an empty register. Refused when the register holds data, so demo
/// records never mix with real ones.
pub fn load_demo(conn: &mut Connection, seed: u64, today: NaiveDate) -> Result<DemoSummary> {
    if !register::is_empty(conn)? {
        return Err(Error::InUse { what: "register" });
    }
    demo::load(conn, seed, today)
}
