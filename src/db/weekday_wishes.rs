//! Table `weekday_wish`: weekdays a branch prefers or cannot meet on.

use rusqlite::{params, Connection, Transaction};

use crate::activity_week::Weekday;
use crate::error::Result;
use crate::stagger::WeekdayWishes;

pub fn of_branch(conn: &Connection, branch_id: &str) -> Result<WeekdayWishes> {
    let mut wishes = WeekdayWishes {
        branch_id: branch_id.to_owned(),
        ..Default::default()
    };
    let mut stmt =
        conn.prepare_cached("SELECT weekday, wish FROM weekday_wish WHERE branch_id = ?1")?;
    let rows = stmt.query_map([branch_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (weekday, wish) = row?;
        let Some(weekday) = Weekday::parse(&weekday) else {
            continue;
        };
        match wish.as_str() {
            "preferred" => wishes.preferred.push(weekday),
            _ => wishes.impossible.push(weekday),
        }
    }
    wishes.preferred.sort_by_key(|w| w.days_from_monday());
    wishes.impossible.sort_by_key(|w| w.days_from_monday());
    Ok(wishes)
}

pub fn replace(tx: &Transaction, wishes: &WeekdayWishes) -> Result<()> {
    tx.execute(
        "DELETE FROM weekday_wish WHERE branch_id = ?1",
        [&wishes.branch_id],
    )?;
    let mut stmt =
        tx.prepare("INSERT INTO weekday_wish (branch_id, weekday, wish) VALUES (?1, ?2, ?3)")?;
    for (list, wish) in [
        (&wishes.preferred, "preferred"),
        (&wishes.impossible, "impossible"),
    ] {
        for weekday in list {
            stmt.execute(params![wishes.branch_id, weekday.as_str(), wish])?;
        }
    }
    Ok(())
}
