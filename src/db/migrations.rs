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

    #[test]
    fn a_newer_file_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        let err = apply(&mut conn).unwrap_err();
        assert!(matches!(err, Error::SchemaTooNew { .. }), "got {err:?}");
    }
}
