//! Table `community_week_rule`: a community's activity-week rule from a month on.

use std::collections::HashMap;

use rusqlite::{params, Connection, Row, Transaction};

use crate::activity_week::ActivityWeekRule;
use crate::error::Result;
use crate::week_rule::WeekRuleFrom;

fn from_row(r: &Row) -> rusqlite::Result<(String, WeekRuleFrom)> {
    let rule: String = r.get(2)?;
    Ok((
        r.get(0)?,
        WeekRuleFrom {
            effective_from: r.get(1)?,
            // The table's CHECK allows only the three names.
            rule: ActivityWeekRule::parse(&rule).unwrap_or_default(),
        },
    ))
}

/// A community's rules, oldest first.
pub fn history(conn: &Connection, community_id: &str) -> Result<Vec<WeekRuleFrom>> {
    let mut stmt = conn.prepare_cached(
        "SELECT community_id, effective_from, rule FROM community_week_rule
         WHERE community_id = ?1 ORDER BY effective_from",
    )?;
    let rows = stmt.query_map([community_id], from_row)?;
    Ok(rows
        .map(|r| r.map(|(_, rule)| rule))
        .collect::<Result<_, _>>()?)
}

/// Every community's rules by community id, oldest first.
pub fn all(conn: &Connection) -> Result<HashMap<String, Vec<WeekRuleFrom>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT community_id, effective_from, rule FROM community_week_rule
         ORDER BY community_id, effective_from",
    )?;
    let mut by_community: HashMap<String, Vec<WeekRuleFrom>> = HashMap::new();
    for row in stmt.query_map([], from_row)? {
        let (community_id, rule) = row?;
        by_community.entry(community_id).or_default().push(rule);
    }
    Ok(by_community)
}

/// Adds the rule, or replaces the one taking effect in the same month. (The earliest row's
/// rule reaches `community.week_rule` through a trigger.)
pub fn upsert(tx: &Transaction, community_id: &str, rule: &WeekRuleFrom) -> Result<()> {
    tx.execute(
        "INSERT INTO community_week_rule (community_id, effective_from, rule) VALUES (?1, ?2, ?3)
         ON CONFLICT (community_id, effective_from) DO UPDATE SET rule = excluded.rule",
        params![community_id, rule.effective_from, rule.rule.as_str()],
    )?;
    Ok(())
}

/// Deletes the row of that month; returns how many rows went (0 or 1).
pub fn delete(tx: &Transaction, community_id: &str, effective_from: &str) -> Result<usize> {
    Ok(tx.execute(
        "DELETE FROM community_week_rule WHERE community_id = ?1 AND effective_from = ?2",
        [community_id, effective_from],
    )?)
}
