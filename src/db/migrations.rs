//! Append-only, versioned migrations. `PRAGMA user_version` holds how many have been applied;
//! each migration runs with its version bump in one transaction, so a crash leaves the file at
//! either the old or the new version. Never edit a released migration: add a new one.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Migration `i` (0-based) takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_register.sql"),
    include_str!("migrations/0002_settings.sql"),
    include_str!("migrations/0003_activity_days.sql"),
    include_str!("migrations/0004_activities.sql"),
    include_str!("migrations/0005_demo_points.sql"),
    include_str!("migrations/0006_photos.sql"),
    include_str!("migrations/0007_study_plans.sql"),
    include_str!("migrations/0008_reviews.sql"),
    include_str!("migrations/0009_activity_counts.sql"),
    include_str!("migrations/0010_exchange.sql"),
    include_str!("migrations/0011_week_rule_history.sql"),
    include_str!("migrations/0012_review_anchor.sql"),
    include_str!("migrations/0013_activity_held_on.sql"),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Applies every migration the file has not seen yet.
pub fn apply(conn: &mut Connection) -> Result<()> {
    apply_up_to(conn, latest_version())
}

/// Applies migrations up to `target`; tests use it to build old-schema fixtures.
pub fn apply_up_to(conn: &mut Connection, target: i64) -> Result<()> {
    let found = current_version(conn)?;
    if found > latest_version() {
        return Err(Error::SchemaTooNew {
            found,
            known: latest_version(),
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        if version > target {
            break;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

/// One table, index, trigger or view as SQLite stores it: `(type, name, CREATE statement)`.
pub type SchemaObject = (String, String, String);

/// The schema objects of a database, SQLite's own (`sqlite_…`) left out, sorted.
pub fn schema(conn: &Connection) -> Result<Vec<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql IS NOT NULL
         ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How a database that says it is at `version` differs from what this app's migrations make of
/// that version, in words for the user; `None` when it holds exactly those tables, indexes,
/// triggers and views. A file from elsewhere (a backup) is checked with it before it replaces
/// anything: a table missing, changed or added, or a trigger of its own, refuses it.
pub fn schema_difference(conn: &Connection, version: i64) -> Result<Option<String>> {
    if !(1..=latest_version()).contains(&version) {
        return Ok(Some(format!(
            "数据库版本为 {version}，不是本程序的数据库版本"
        )));
    }
    let mut reference = Connection::open_in_memory()?;
    apply_up_to(&mut reference, version)?;
    let mut expected = schema(&reference)?;
    // Tables first: a missing table is the news, not the indexes that went with it.
    expected.sort_by_key(|(t, _, _)| t != "table");
    let found = schema(conn)?;
    let kind = |t: &str| match t {
        "table" => "表",
        "index" => "索引",
        "trigger" => "触发器",
        "view" => "视图",
        _ => "对象",
    };
    for (t, name, sql) in &expected {
        match found.iter().find(|(ft, fname, _)| ft == t && fname == name) {
            None => return Ok(Some(format!("缺少{} {name}", kind(t)))),
            Some((_, _, fsql)) if fsql != sql => {
                return Ok(Some(format!("{} {name} 与本程序的定义不同", kind(t))))
            }
            Some(_) => {}
        }
    }
    if let Some((t, name, _)) = found
        .iter()
        .find(|(t, name, _)| !expected.iter().any(|(et, en, _)| et == t && en == name))
    {
        return Ok(Some(format!("含有本程序没有的{} {name}", kind(t))));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every migration applies cleanly on a fresh database and leaves a consistent schema.
    #[test]
    fn migrations_validate() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        apply(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), latest_version());
        let violations: Vec<String> = conn
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            violations.is_empty(),
            "foreign key violations: {violations:?}"
        );
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }

    #[test]
    fn applying_twice_changes_nothing() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        apply(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), latest_version());
    }

    fn rules(conn: &Connection) -> Vec<(String, String, String)> {
        conn.prepare(
            "SELECT community_id, effective_from, rule FROM community_week_rule
             ORDER BY community_id, effective_from",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    fn row(community: &str, from: &str, rule: &str) -> (String, String, String) {
        (community.into(), from.into(), rule.into())
    }

    #[test]
    fn a_version_10_rule_becomes_the_rule_of_every_month() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        apply_up_to(&mut conn, 10).unwrap();
        conn.execute_batch(
            "INSERT INTO town (id, name) VALUES ('t', '城关镇');
             INSERT INTO community (id, town_id, name, committee_name, week_rule)
                 VALUES ('a', 't', '张家庄社区', '社区党委', 'second-calendar-row'),
                        ('b', 't', '李家庄社区', '社区党委', 'second-weekday');",
        )
        .unwrap();
        apply(&mut conn).unwrap();
        assert_eq!(
            rules(&conn),
            [
                row("a", "1900-01", "second-calendar-row"),
                row("b", "1900-01", "second-weekday")
            ],
            "each community's rule holds from the earliest month"
        );
    }

    #[test]
    fn the_column_and_the_earliest_rule_stay_equal() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        let column = |conn: &Connection| -> String {
            conn.query_row("SELECT week_rule FROM community WHERE id = 'a'", [], |r| {
                r.get(0)
            })
            .unwrap()
        };
        conn.execute_batch(
            "INSERT INTO town (id, name) VALUES ('t', '城关镇');
             INSERT INTO community (id, town_id, name, committee_name)
                 VALUES ('a', 't', '张家庄社区', '社区党委');",
        )
        .unwrap();
        assert_eq!(
            rules(&conn),
            [row("a", "1900-01", "second-weekday")],
            "a new community starts its history"
        );
        // An older exchange file sets only the column.
        conn.execute(
            "UPDATE community SET week_rule = 'second-monday-week' WHERE id = 'a'",
            [],
        )
        .unwrap();
        assert_eq!(rules(&conn), [row("a", "1900-01", "second-monday-week")]);
        // The app writes the history: a later month leaves the column, the earliest sets it.
        conn.execute(
            "INSERT INTO community_week_rule VALUES ('a', '2026-07', 'second-calendar-row')",
            [],
        )
        .unwrap();
        assert_eq!(column(&conn), "second-monday-week");
        conn.execute(
            "UPDATE community_week_rule SET rule = 'second-weekday'
             WHERE community_id = 'a' AND effective_from = '1900-01'",
            [],
        )
        .unwrap();
        assert_eq!(column(&conn), "second-weekday");
        conn.execute_batch(
            "DELETE FROM community_week_rule WHERE effective_from = '1900-01';
             INSERT INTO community_week_rule VALUES ('a', '1900-01', 'second-calendar-row');",
        )
        .unwrap();
        assert_eq!(column(&conn), "second-calendar-row", "an exchange rewrite");
        for bad in ["2026-13", "2026-7", "26-07", "2026-00"] {
            assert!(
                conn.execute(
                    "INSERT INTO community_week_rule VALUES ('a', ?1, 'second-weekday')",
                    [bad],
                )
                .is_err(),
                "{bad} is not a month"
            );
        }
        assert!(conn
            .execute(
                "INSERT INTO community_week_rule VALUES ('a', '2027-01', 'second-week')",
                [],
            )
            .is_err());
    }

    #[test]
    fn a_newer_file_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        let err = apply(&mut conn).unwrap_err();
        assert!(matches!(err, Error::SchemaTooNew { .. }), "got {err:?}");
    }

    #[test]
    fn a_database_made_by_the_migrations_has_no_schema_difference() {
        for version in [1, 8, latest_version()] {
            let mut conn = Connection::open_in_memory().unwrap();
            apply_up_to(&mut conn, version).unwrap();
            assert_eq!(
                schema_difference(&conn, version).unwrap(),
                None,
                "v{version}"
            );
        }
    }

    #[test]
    fn a_missing_changed_or_extra_object_is_named() {
        let fresh = || {
            let mut conn = Connection::open_in_memory().unwrap();
            apply(&mut conn).unwrap();
            conn
        };
        let latest = latest_version();
        let conn = fresh();
        conn.execute_batch("DROP TABLE photo").unwrap();
        assert_eq!(
            schema_difference(&conn, latest).unwrap().as_deref(),
            Some("缺少表 photo")
        );
        let conn = fresh();
        conn.execute_batch("ALTER TABLE member ADD COLUMN extra TEXT")
            .unwrap();
        assert_eq!(
            schema_difference(&conn, latest).unwrap().as_deref(),
            Some("表 member 与本程序的定义不同")
        );
        let conn = fresh();
        conn.execute_batch(
            "CREATE TRIGGER wipe AFTER INSERT ON member BEGIN DELETE FROM branch; END",
        )
        .unwrap();
        assert_eq!(
            schema_difference(&conn, latest).unwrap().as_deref(),
            Some("含有本程序没有的触发器 wipe")
        );
        // A database one version behind is a different schema from the latest one.
        let mut old = Connection::open_in_memory().unwrap();
        apply_up_to(&mut old, latest - 1).unwrap();
        assert!(schema_difference(&old, latest).unwrap().is_some());
        assert!(schema_difference(&old, 0).unwrap().is_some());
    }
}
