//! Rows of any exchanged table as [`Record`]s, and the `exchange_base` table. Table and column
//! names come from [`super::KindSpec`] and from `PRAGMA table_info`, never from a file.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{params_from_iter, Connection, OptionalExtension};

use super::{KindSpec, Record};
use crate::error::{Error, Result};

fn to_json(value: ValueRef) -> serde_json::Value {
    match value {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => f.into(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        // No exchanged column holds a blob.
        ValueRef::Blob(_) => serde_json::Value::Null,
    }
}

fn to_sql(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        _ => Value::Null,
    }
}

/// The table's columns, in order.
pub fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(1))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

fn read(conn: &Connection, sql: &str, params: Vec<Value>, skip: &[&str]) -> Result<Vec<Record>> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let mut rows = stmt.query(params_from_iter(params))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut record = Record::new();
        for (i, name) in names.iter().enumerate() {
            if !skip.contains(&name.as_str()) {
                record.insert(name.clone(), to_json(row.get_ref(i)?));
            }
        }
        out.push(record);
    }
    Ok(out)
}

/// The kind's rows of one branch, in the table's row order.
pub fn of_branch(conn: &Connection, spec: &KindSpec, branch_id: &str) -> Result<Vec<Record>> {
    read(
        conn,
        &format!(
            "SELECT * FROM \"{}\" WHERE {} ORDER BY rowid",
            spec.kind, spec.scope
        ),
        vec![Value::Text(branch_id.to_owned())],
        spec.skip,
    )
}

fn key_condition(columns: &[String]) -> String {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("\"{c}\" IS ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The local row with the record's key, limited to the record's columns (a file from an older
/// schema carries fewer).
pub fn find(conn: &Connection, spec: &KindSpec, record: &Record) -> Result<Option<Record>> {
    let keys = spec.key_columns(record);
    let params: Vec<Value> = keys.iter().map(|k| to_sql(&record[k])).collect();
    let found = read(
        conn,
        &format!(
            "SELECT * FROM \"{}\" WHERE {} LIMIT 1",
            spec.kind,
            key_condition(&keys)
        ),
        params,
        spec.skip,
    )?;
    Ok(found.into_iter().next().map(|mut local| {
        local.retain(|column, _| record.contains_key(column));
        local
    }))
}

/// Refuses a record with a column this table does not have (a damaged file: a newer schema is
/// refused before by the manifest's version).
pub fn check_columns(known: &[String], spec: &KindSpec, record: &Record) -> Result<()> {
    match record.keys().find(|c| !known.contains(c)) {
        Some(column) => Err(Error::ExchangeDamaged(format!(
            "{} 记录有本机没有的列 {column}",
            spec.kind
        ))),
        None => Ok(()),
    }
}

pub fn insert(conn: &Connection, spec: &KindSpec, record: &Record) -> Result<()> {
    let columns: Vec<&String> = record.keys().collect();
    let names = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let marks = (1..=columns.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let params: Vec<Value> = columns.iter().map(|c| to_sql(&record[*c])).collect();
    conn.execute(
        &format!("INSERT INTO \"{}\" ({names}) VALUES ({marks})", spec.kind),
        params_from_iter(params),
    )?;
    Ok(())
}

/// Overwrites the local row with the record's values (an UPDATE, not a delete and insert, so
/// rows referring to it stay).
pub fn update(conn: &Connection, spec: &KindSpec, record: &Record) -> Result<()> {
    let keys = spec.key_columns(record);
    let values: Vec<&String> = record.keys().filter(|c| !keys.contains(c)).collect();
    if values.is_empty() {
        return Ok(());
    }
    let sets = values
        .iter()
        .enumerate()
        .map(|(i, c)| format!("\"{c}\" = ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let condition = keys
        .iter()
        .enumerate()
        .map(|(i, c)| format!("\"{c}\" IS ?{}", values.len() + i + 1))
        .collect::<Vec<_>>()
        .join(" AND ");
    let mut params: Vec<Value> = values.iter().map(|c| to_sql(&record[*c])).collect();
    params.extend(keys.iter().map(|k| to_sql(&record[k])));
    conn.execute(
        &format!("UPDATE \"{}\" SET {sets} WHERE {condition}", spec.kind),
        params_from_iter(params),
    )?;
    Ok(())
}

/// Deletes the local row with the record's key.
pub fn delete(conn: &Connection, spec: &KindSpec, record: &Record) -> Result<()> {
    let keys = spec.key_columns(record);
    let params: Vec<Value> = keys.iter().map(|k| to_sql(&record[k])).collect();
    conn.execute(
        &format!(
            "DELETE FROM \"{}\" WHERE {}",
            spec.kind,
            key_condition(&keys)
        ),
        params_from_iter(params),
    )?;
    Ok(())
}

pub fn clear_base(conn: &Connection, kind: &str, key: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM exchange_base WHERE kind = ?1 AND key = ?2",
        [kind, key],
    )?;
    Ok(())
}

/// The hash both sides last agreed on for a record.
pub fn base(conn: &Connection, kind: &str, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT hash FROM exchange_base WHERE kind = ?1 AND key = ?2",
            [kind, key],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn set_base(conn: &Connection, kind: &str, key: &str, hash: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO exchange_base (kind, key, hash) VALUES (?1, ?2, ?3)
         ON CONFLICT (kind, key) DO UPDATE SET hash = excluded.hash",
        [kind, key, hash],
    )?;
    Ok(())
}
