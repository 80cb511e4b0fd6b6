//! WHERE clauses built from optional filters. `(?1 IS NULL OR col = ?1)` reads well but keeps
//! SQLite from using any index on `col` (the plan is made before the value is known, so every
//! row is read), which on a city's data turned a branch's lookup into a scan of the whole table.
//! A filter that is not set is left out of the SQL instead.

use rusqlite::ToSql;

/// Conditions joined by AND, each with its `?` placeholders and values in order.
#[derive(Default)]
pub struct Where<'a> {
    clauses: Vec<&'static str>,
    values: Vec<Box<dyn ToSql + 'a>>,
}

impl<'a> Where<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    /// A condition that always applies; `values` fill its `?`s in order.
    pub fn and(mut self, condition: &'static str, values: Vec<Box<dyn ToSql + 'a>>) -> Self {
        debug_assert_eq!(condition.matches('?').count(), values.len());
        self.clauses.push(condition);
        self.values.extend(values);
        self
    }

    /// `condition` (one `?`) only when `value` is set.
    pub fn and_some<T: ToSql + 'a>(self, condition: &'static str, value: Option<T>) -> Self {
        match value {
            Some(value) => self.and(condition, vec![Box::new(value)]),
            None => self,
        }
    }

    /// `WHERE a AND b …`, or nothing when no condition applies. The placeholders are plain
    /// `?`s, so the rest of the statement must not have any of its own — except before the
    /// WHERE, bound by [`Where::params_after`].
    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// The values for a statement with `?`s of its own before the WHERE (in its SELECT):
    /// `lead` for those, then the WHERE's.
    pub fn params_after<'s>(&'s self, lead: &'s [&'s dyn ToSql]) -> impl rusqlite::Params + 's {
        rusqlite::params_from_iter(
            lead.iter()
                .copied()
                .chain(self.values.iter().map(|v| v.as_ref())),
        )
    }

    /// The values for the statement: the WHERE's, once per time `sql()` appears in it.
    pub fn params(&self, times: usize) -> impl rusqlite::Params + '_ {
        rusqlite::params_from_iter((0..times).flat_map(|_| self.values.iter()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn setup() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (a TEXT, b INTEGER); CREATE INDEX t_a ON t(a);
             INSERT INTO t VALUES ('x', 1), ('x', 2), ('y', 3);",
        )
        .unwrap();
        conn
    }

    fn count(conn: &Connection, w: &Where) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM t {}", w.sql());
        conn.query_row(&sql, w.params(1), |r| r.get(0)).unwrap()
    }

    #[test]
    fn unset_filters_are_left_out_and_set_ones_bind_in_order() {
        let conn = setup();
        assert_eq!(
            count(&conn, &Where::new().and_some("a = ?", None::<&str>)),
            3
        );
        assert_eq!(count(&conn, &Where::new().and_some("a = ?", Some("x"))), 2);
        let both = Where::new()
            .and_some("a = ?", Some("x"))
            .and("b BETWEEN ? AND ?", vec![Box::new(2), Box::new(5)]);
        assert_eq!(both.sql(), "WHERE a = ? AND b BETWEEN ? AND ?");
        assert_eq!(count(&conn, &both), 1);
    }

    #[test]
    fn a_set_filter_uses_the_index() {
        let conn = setup();
        let w = Where::new().and_some("a = ?", Some("x"));
        let plan: String = conn
            .query_row(
                &format!("EXPLAIN QUERY PLAN SELECT b FROM t {}", w.sql()),
                w.params(1),
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("USING INDEX t_a"), "{plan}");
    }

    #[test]
    fn the_same_clause_twice_gets_its_values_twice() {
        let conn = setup();
        let w = Where::new().and_some("a = ?", Some("y"));
        let sql = format!(
            "SELECT (SELECT COUNT(*) FROM t {0}) + (SELECT COUNT(*) FROM t {0})",
            w.sql()
        );
        let n: i64 = conn.query_row(&sql, w.params(2), |r| r.get(0)).unwrap();
        assert_eq!(n, 2);
    }
}
