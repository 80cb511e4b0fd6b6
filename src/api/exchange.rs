//! Exchange files as the app and the CLI use them: export a branch's data or a community's
//! decisions for a branch; preview an import (what is new, changed, unchanged, kept,
//! conflicting); import with the user's choices, in one transaction or not at all.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{branches, communities};
use crate::error::{Error, FieldRule, Result};
use crate::exchange::file::{self, ExchangeData, ExchangeFile, ExchangeManifest, KindCount};
use crate::exchange::plan::{self, Action, Choice, KindCounts};
use crate::exchange::{hash, kinds_of, rows, FileKind, Mode, Record};
use crate::photo::PhotoStore;

/// An exchange file just written.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ExchangeExportDone")]
pub struct ExportDone {
    pub path: String,
    pub bytes: u64,
    pub manifest: ExchangeManifest,
}

/// One column that differs between this computer's version and the file's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConflictField {
    pub column: String,
    pub mine: String,
    pub theirs: String,
}

/// A record edited on both sides since they last agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExchangeConflict {
    pub kind: String,
    /// The record's identity; sent back with the choice.
    pub key: String,
    /// What a person recognises it by (a name, a date and topic), from this computer's version.
    pub label: String,
    pub fields: Vec<ConflictField>,
}

/// What importing the file would do; nothing is written.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExchangePreview {
    pub path: String,
    pub manifest: ExchangeManifest,
    /// Per record kind, in the order they are written; kinds with no record are left out.
    pub kinds: Vec<KindCounts>,
    pub conflicts: Vec<ExchangeConflict>,
    /// Photo files the import would add to the photo folder.
    pub photo_files: u32,
}

/// The user's choice for one conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConflictChoice {
    pub kind: String,
    pub key: String,
    pub choice: Choice,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ExchangeImportDone")]
pub struct ImportDone {
    pub manifest: ExchangeManifest,
    pub kinds: Vec<KindCounts>,
    pub photo_files: u32,
}

/// Letters a file name may not hold on Windows or Linux.
fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The file name the save dialog suggests: `<支部>-支部数据-2026-11-27.bpx`, or
/// `<社区>-给<支部>的决定-2026-11-27.bpx` for decisions.
pub fn default_file_name(
    conn: &Connection,
    branch_id: &str,
    kind: FileKind,
    now: NaiveDateTime,
) -> Result<String> {
    let (branch, community) = branch_and_community(conn, branch_id)?;
    let date = now.format("%Y-%m-%d");
    let name = match kind {
        FileKind::Branch => format!("{}-支部数据-{date}", branch.name),
        FileKind::Decisions => format!("{}-给{}的决定-{date}", community.name, branch.name),
    };
    Ok(format!("{}.{}", file_safe(&name), file::EXTENSION))
}

fn branch_and_community(
    conn: &Connection,
    branch_id: &str,
) -> Result<(crate::org::Branch, crate::org::Community)> {
    let branch = branches::get(conn, branch_id)?.ok_or_else(|| Error::NotFound {
        what: "branch",
        id: branch_id.to_owned(),
    })?;
    let community =
        communities::get(conn, &branch.community_id)?.ok_or_else(|| Error::NotFound {
            what: "community",
            id: branch.community_id.clone(),
        })?;
    Ok((branch, community))
}

/// Where `out` says to write: a folder (existing, or ending in a slash) gets `default_name`
/// inside; a file path gets `.bpx` added when it has another ending.
pub fn target_path(out: &Path, default_name: &str) -> Result<PathBuf> {
    if out.as_os_str().is_empty() {
        return Err(Error::invalid("path", FieldRule::Required));
    }
    let text = out.as_os_str().to_string_lossy();
    if out.is_dir() || text.ends_with('/') || text.ends_with('\\') {
        std::fs::create_dir_all(out)?;
        return Ok(out.join(default_name));
    }
    if out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(file::EXTENSION))
    {
        Ok(out.to_path_buf())
    } else {
        let mut name = out.as_os_str().to_owned();
        name.push(format!(".{}", file::EXTENSION));
        Ok(PathBuf::from(name))
    }
}

/// 导出本支部数据: every record of the branch, with its photos, to one file.
pub fn export_branch(
    conn: &mut Connection,
    db_path: &Path,
    branch_id: &str,
    out: &Path,
    now: NaiveDateTime,
) -> Result<ExportDone> {
    export(conn, db_path, branch_id, FileKind::Branch, out, now)
}

/// The community's decisions for one of its branches (week rule, venues, study plan, the
/// branch's day plan and moves).
pub fn export_decisions(
    conn: &mut Connection,
    db_path: &Path,
    branch_id: &str,
    out: &Path,
    now: NaiveDateTime,
) -> Result<ExportDone> {
    export(conn, db_path, branch_id, FileKind::Decisions, out, now)
}

fn export(
    conn: &mut Connection,
    db_path: &Path,
    branch_id: &str,
    kind: FileKind,
    out: &Path,
    now: NaiveDateTime,
) -> Result<ExportDone> {
    let (branch, community) = branch_and_community(conn, branch_id)?;
    let path = target_path(out, &default_file_name(conn, branch_id, kind, now)?)?;
    if path == db_path {
        return Err(Error::invalid("path", FieldRule::BadChoice));
    }
    // Read in one transaction so the file is one consistent state.
    let tx = conn.transaction()?;
    let mut data = ExchangeData::default();
    let mut counts = Vec::new();
    for spec in kinds_of(kind) {
        let records = rows::of_branch(&tx, spec, branch_id)?;
        counts.push(KindCount {
            kind: spec.kind.to_owned(),
            count: records.len() as u32,
        });
        if !records.is_empty() {
            data.records.insert(spec.kind.to_owned(), records);
        }
    }
    let store = PhotoStore::for_database(db_path);
    let mut photos = Vec::new();
    for record in data.records.get("photo").map(Vec::as_slice).unwrap_or(&[]) {
        let Some(stored) = record.get("stored_name").and_then(|v| v.as_str()) else {
            continue;
        };
        for path in [store.path_of(stored), store.thumbnail_path(stored)] {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_file() && file::safe_photo_name(&name) {
                photos.push((name, path));
            }
        }
    }
    let manifest = ExchangeManifest {
        format: file::FORMAT.to_owned(),
        format_version: file::FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: crate::db::migrations::current_version(&tx)?,
        kind,
        branch_id: branch.id.clone(),
        branch_name: branch.name.clone(),
        community_id: community.id.clone(),
        community_name: community.name.clone(),
        created_at: now,
        counts,
        photo_files: photos.len() as u32,
    };
    file::write(&path, &manifest, &data, &photos)?;
    // What was sent is what both sides agree on until one of them edits it.
    for spec in kinds_of(kind) {
        for record in data
            .records
            .get(spec.kind)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            rows::set_base(&tx, spec.kind, &spec.key_of(record), &hash(record))?;
        }
    }
    tx.commit()?;
    Ok(ExportDone {
        bytes: std::fs::metadata(&path)?.len(),
        path: path.display().to_string(),
        manifest,
    })
}

fn shown(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn conflict_fields(mine: &Record, theirs: &Record) -> Vec<ConflictField> {
    theirs
        .iter()
        .filter(|(column, value)| mine.get(*column) != Some(*value))
        .map(|(column, value)| ConflictField {
            column: column.clone(),
            mine: shown(mine.get(column)),
            theirs: shown(Some(value)),
        })
        .collect()
}

/// How a record is shown in a refusal.
fn refused(kind: &str, label: &str, error: Error) -> Error {
    match error {
        Error::Sqlite(e) => Error::ExchangeRefused(format!("{kind}「{label}」无法写入本机（{e}）")),
        other => other,
    }
}

struct Pass {
    kinds: Vec<KindCounts>,
    /// Records written here, as (kind, id), to check with the forms' rules.
    written: Vec<(&'static str, String)>,
    conflicts: Vec<ExchangeConflict>,
    /// Photo files to add: names in the file's `photos/`.
    photos: Vec<String>,
}

/// Classifies and (with `choose`) writes every record inside `tx`. Conflicts without a choice
/// are left as they are here.
fn pass(
    tx: &Connection,
    file: &ExchangeFile,
    store: &PhotoStore,
    choose: &dyn Fn(&str, &str) -> Option<Choice>,
    today: NaiveDate,
) -> Result<Pass> {
    let manifest = &file.manifest;
    if manifest.kind == FileKind::Decisions && branches::get(tx, &manifest.branch_id)?.is_none() {
        return Err(Error::ExchangeRefused(format!(
            "本机没有支部「{}」，社区的决定只能导入到这个支部的电脑上",
            manifest.branch_name
        )));
    }
    let mut out = Pass {
        kinds: Vec::new(),
        written: Vec::new(),
        conflicts: Vec::new(),
        photos: Vec::new(),
    };
    // Whether this import inserts the file's community (for `Mode::WithNewCommunity`).
    let mut community_is_new = false;
    for spec in kinds_of(manifest.kind) {
        let records = file.records(spec.kind);
        if records.is_empty() && !spec.deletes {
            continue;
        }
        let known = rows::columns(tx, spec.kind)?;
        let mut counts = KindCounts::new(spec.kind);
        if spec.deletes {
            let in_file: std::collections::HashSet<String> =
                records.iter().map(|r| spec.key_of(r)).collect();
            for local in rows::of_branch(tx, spec, &manifest.branch_id)? {
                let key = spec.key_of(&local);
                if in_file.contains(&key) {
                    continue;
                }
                let base = rows::base(tx, spec.kind, &key)?;
                if plan::deleted_there(&hash(&local), base.as_deref()) {
                    rows::delete(tx, spec, &local)?;
                    rows::clear_base(tx, spec.kind, &key)?;
                    counts.deleted += 1;
                }
            }
        }
        // Rows of a `deletes` kind are inserted after all of its deletes.
        let mut inserts: Vec<(&Record, String)> = Vec::new();
        for record in records {
            rows::check_columns(&known, spec, record)?;
            let key = spec.key_of(record);
            let incoming = hash(record);
            let local = rows::find(tx, spec, record)?;
            if let Some(here) = local.as_ref().filter(|l| !file::owned_here(spec, l, file)) {
                let what = if spec.kind == "branch" {
                    "在本机属于另一个社区，文件不能把它移到别的社区"
                } else {
                    "在本机属于另一个支部，文件不能改动它"
                };
                return Err(Error::ExchangeRefused(format!(
                    "{}「{}」{what}",
                    spec.kind,
                    spec.label_of(here)
                )));
            }
            let local_hash = local.as_ref().map(hash);
            let action = match (spec.mode, &local_hash) {
                (Mode::EnsureOnly, None) => Action::New,
                (Mode::EnsureOnly, Some(h)) if *h == incoming => Action::Unchanged,
                (Mode::EnsureOnly, Some(_)) => Action::Kept,
                (Mode::WithNewCommunity, Some(h)) if *h == incoming => Action::Unchanged,
                (Mode::WithNewCommunity, None) if community_is_new => Action::New,
                (Mode::WithNewCommunity, Some(_)) if community_is_new => Action::Changed,
                (Mode::WithNewCommunity, _) => Action::Kept,
                (Mode::Merge, _) => plan::classify(
                    local_hash.as_deref(),
                    rows::base(tx, spec.kind, &key)?.as_deref(),
                    &incoming,
                ),
            };
            counts.add(action);
            if spec.kind == "community" && action == Action::New {
                community_is_new = true;
            }
            let label = spec.label_of(local.as_ref().unwrap_or(record));
            let choice = choose(spec.kind, &key);
            if action == Action::Conflict {
                out.conflicts.push(ExchangeConflict {
                    kind: spec.kind.to_owned(),
                    key: key.clone(),
                    label: label.clone(),
                    fields: conflict_fields(local.as_ref().unwrap_or(record), record),
                });
                if choice.is_none() {
                    continue;
                }
            }
            if plan::writes(action, choice) {
                let written = match (spec.deletes, local.is_some()) {
                    (true, exists) => {
                        inserts.push((record, label.clone()));
                        if exists {
                            rows::delete(tx, spec, record)
                        } else {
                            Ok(())
                        }
                    }
                    (false, false) => rows::insert(tx, spec, record),
                    (false, true) => rows::update(tx, spec, record),
                };
                written.map_err(|e| refused(spec.kind, &label, e))?;
                if let Some(id) = record.get("id").and_then(|v| v.as_str()) {
                    out.written.push((spec.kind, id.to_owned()));
                }
                if spec.kind == "photo" {
                    let stored = record
                        .get("stored_name")
                        .and_then(|v| v.as_str())
                        .unwrap_or_default();
                    for path in [store.path_of(stored), store.thumbnail_path(stored)] {
                        let name = path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        if file.has_photo_file(&name) && !path.exists() {
                            out.photos.push(name);
                        }
                    }
                }
            }
            rows::set_base(tx, spec.kind, &key, &incoming)?;
        }
        for (record, label) in inserts {
            rows::insert(tx, spec, record).map_err(|e| refused(spec.kind, &label, e))?;
        }
        if counts.total() + counts.deleted > 0 {
            out.kinds.push(counts);
        }
    }
    for (kind, id) in &out.written {
        check_written(tx, kind, id, today)?;
    }
    Ok(out)
}

/// A record the file wrote, read back with the app's own readers (a date such as 2025-02-30
/// fails here, not later in a calendar) and checked with the same rules as its form.
fn check_written(tx: &Connection, kind: &str, id: &str, today: NaiveDate) -> Result<()> {
    use crate::db::{activities, demo_points, members, teams, towns};
    let unreadable =
        |e: Error| Error::ExchangeRefused(format!("{kind}「{id}」的数据不合规（{e}）"));
    let (label, checked) = match kind {
        "member" => match members::get(tx, id).map_err(unreadable)? {
            Some(m) => (m.name.clone(), m.draft().validated(today).map(drop)),
            None => return Ok(()),
        },
        "town" => match towns::get(tx, id).map_err(unreadable)? {
            Some(t) => (
                t.name.clone(),
                crate::org::validated_name("name", &t.name).map(drop),
            ),
            None => return Ok(()),
        },
        "community" => match communities::get(tx, id).map_err(unreadable)? {
            Some(c) => (
                c.name.clone(),
                crate::org::validated_name("name", &c.name).map(drop),
            ),
            None => return Ok(()),
        },
        "branch" => match branches::get(tx, id).map_err(unreadable)? {
            Some(b) => (
                b.name.clone(),
                crate::org::validated_name("name", &b.name).map(drop),
            ),
            None => return Ok(()),
        },
        "team" => match teams::get(tx, id).map_err(unreadable)? {
            Some(t) => (t.name.clone(), t.draft().validated().map(drop)),
            None => return Ok(()),
        },
        "demo_point" => match demo_points::get(tx, id).map_err(unreadable)? {
            Some(p) => (p.name.clone(), p.draft().validated(today).map(drop)),
            None => return Ok(()),
        },
        "activity" => {
            activities::get(tx, id).map_err(unreadable)?;
            return Ok(());
        }
        _ => return Ok(()),
    };
    checked.map_err(|e| match e {
        Error::Invalid(fields) => {
            let what: Vec<String> = fields
                .iter()
                .map(|f| format!("{}（{}）", f.field, f.rule.describe_zh()))
                .collect();
            Error::ExchangeRefused(format!(
                "{kind}「{}」不合规：{}",
                crate::org::shown_text(&label),
                what.join("、")
            ))
        }
        other => unreadable(other),
    })
}

/// What importing `path` would do, tried inside a transaction that is rolled back (so a record
/// this computer would refuse is reported now, not after the user chose).
pub fn preview(
    conn: &mut Connection,
    db_path: &Path,
    path: &Path,
    today: NaiveDate,
) -> Result<ExchangePreview> {
    let file = file::read(path)?;
    let store = PhotoStore::for_database(db_path);
    let tx = conn.transaction()?;
    let result = pass(&tx, &file, &store, &|_, _| Some(Choice::Mine), today)?;
    drop(tx);
    Ok(ExchangePreview {
        path: path.display().to_string(),
        manifest: file.manifest,
        kinds: result.kinds,
        conflicts: result.conflicts,
        photo_files: result.photos.len() as u32,
    })
}

/// Imports `path`: every conflict needs a choice (in `choices`, or `all` for the rest), else
/// `ExchangeConflicts` and nothing is written. Records and photos go in together: the photo
/// files are written before the commit and removed again if anything fails.
pub fn import(
    conn: &mut Connection,
    db_path: &Path,
    path: &Path,
    choices: &[ConflictChoice],
    all: Option<Choice>,
    today: NaiveDate,
) -> Result<ImportDone> {
    let mut file = file::read(path)?;
    let store = PhotoStore::for_database(db_path);
    let tx = conn.transaction()?;
    let choose = |kind: &str, key: &str| {
        choices
            .iter()
            .find(|c| c.kind == kind && c.key == key)
            .map(|c| c.choice)
            .or(all)
    };
    let result = pass(&tx, &file, &store, &choose, today)?;
    let open = result
        .conflicts
        .iter()
        .filter(|c| choose(c.kind.as_str(), c.key.as_str()).is_none())
        .count();
    if open > 0 {
        return Err(Error::ExchangeConflicts(open));
    }
    let mut written: Vec<PathBuf> = Vec::new();
    let outcome = (|| -> Result<()> {
        for name in &result.photos {
            let data = file.photo_file(name)?;
            let target = store.path_of(name);
            std::fs::create_dir_all(store.dir())?;
            crate::files::write_atomically(&target, &data)?;
            written.push(target);
        }
        tx.commit()?;
        Ok(())
    })();
    if let Err(error) = outcome {
        for path in &written {
            let _ = std::fs::remove_file(path);
        }
        return Err(error);
    }
    Ok(ImportDone {
        manifest: file.manifest,
        kinds: result.kinds,
        photo_files: written.len() as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_the_default_name_in_a_folder_or_the_path_with_bpx() {
        let dir = tempfile::tempdir().unwrap();
        let name = "一支部-支部数据-2026-11-27.bpx";
        assert_eq!(
            target_path(dir.path(), name).unwrap(),
            dir.path().join(name)
        );
        assert_eq!(
            target_path(&dir.path().join("a"), name).unwrap(),
            dir.path().join("a.bpx")
        );
        assert_eq!(
            target_path(&dir.path().join("b.BPX"), name).unwrap(),
            dir.path().join("b.BPX")
        );
        assert!(target_path(Path::new(""), name).is_err());
    }

    #[test]
    fn names_lose_letters_a_file_system_refuses() {
        assert_eq!(file_safe("种植/养殖:支部"), "种植_养殖_支部");
    }
}
