//! Table `study_topic`: a community's annual study plan, one row per month with a topic.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use crate::activity::ActivityKind;
use crate::db::activities::join;
use crate::error::Result;
use crate::study_plan::StudyTopic;

const COLUMNS: &str = "month, topic, kinds, theory, practice, exchange";

fn from_row(r: &Row) -> rusqlite::Result<StudyTopic> {
    let kinds: String = r.get(2)?;
    Ok(StudyTopic {
        month: r.get(0)?,
        topic: r.get(1)?,
        kinds: kinds.split(',').filter_map(ActivityKind::parse).collect(),
        theory: r.get(3)?,
        practice: r.get(4)?,
        exchange: r.get(5)?,
    })
}

/// The year's topics of a community, in month order.
pub fn topics(conn: &Connection, community_id: &str, year: i32) -> Result<Vec<StudyTopic>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM study_topic WHERE community_id = ?1 AND year = ?2 ORDER BY month"
    ))?;
    let rows = stmt.query_map(params![community_id, year], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn topic(
    conn: &Connection,
    community_id: &str,
    year: i32,
    month: u32,
) -> Result<Option<StudyTopic>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM study_topic
                 WHERE community_id = ?1 AND year = ?2 AND month = ?3"
            ),
            params![community_id, year, month],
            from_row,
        )
        .optional()?)
}

/// Replaces the year's plan of a community with these topics.
pub fn replace(
    tx: &Transaction,
    community_id: &str,
    year: i32,
    topics: &[StudyTopic],
) -> Result<()> {
    tx.execute(
        "DELETE FROM study_topic WHERE community_id = ?1 AND year = ?2",
        params![community_id, year],
    )?;
    let mut insert = tx.prepare(&format!(
        "INSERT INTO study_topic (community_id, year, {COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))?;
    for t in topics {
        insert.execute(params![
            community_id,
            year,
            t.month,
            t.topic,
            join(&t.kinds, |k| k.as_str()),
            t.theory,
            t.practice,
            t.exchange,
        ])?;
    }
    Ok(())
}
