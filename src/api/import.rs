//! Member import (preview, then all rows in one transaction) and the register export.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;
use ts_rs::TS;

use crate::db::members::MemberFilter;
use crate::db::{self, branches, communities, members};
use crate::error::{Error, Result};
use crate::member_import::{self, ImportFileReason, ImportPreview, RegisterSnapshot, HEADERS};
use crate::org::MemberDraft;

/// Reads and checks an import file; writes nothing.
pub fn preview_members(conn: &Connection, path: &Path, today: NaiveDate) -> Result<ImportPreview> {
    let communities = communities::list(conn)?;
    let branches = branches::list(conn)?;
    let members = members::list(conn, &MemberFilter::default())?;
    let register = RegisterSnapshot {
        communities: &communities,
        branches: &branches,
        members: &members,
    };
    member_import::preview(path, &register, today)
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportOutcome {
    pub inserted: u32,
}

/// Imports every row of the file in one transaction, or nothing when any row has a problem.
/// The file is read again here; with `previewed` (the preview's `file_digest`) a file that
/// changed since the user saw its preview is refused, so nothing unseen is written.
/// The rows are checked against the register inside the write transaction (taken at once,
/// `BEGIN IMMEDIATE`), so two imports of one file at the same moment cannot both pass the
/// duplicate check: the second waits, then sees the first one's members.
pub fn import_members(
    conn: &mut Connection,
    path: &Path,
    previewed: Option<&str>,
    today: NaiveDate,
) -> Result<ImportOutcome> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let preview = preview_members(&tx, path, today)?;
    if previewed.is_some_and(|digest| digest != preview.file_digest) {
        return Err(Error::ImportFile {
            reason: ImportFileReason::Changed,
            detail: String::new(),
        });
    }
    if preview.error_rows > 0 {
        return Err(Error::ImportRows(preview.error_rows as usize));
    }
    for row in &preview.rows {
        // A row without problems has its branch, gender and birth year (checked above).
        let (Some(branch_id), Some(gender), Some(birth_year)) =
            (&row.branch_id, row.gender, row.birth_year)
        else {
            return Err(Error::ImportRows(1));
        };
        let draft = MemberDraft {
            branch_id: branch_id.clone(),
            name: row.name.clone(),
            gender,
            birth_year,
            phone: row.phone.clone(),
            specialty: row.specialty.clone(),
            joined_on: row.joined_on,
            capable: row.capable,
        };
        members::insert(&tx, &db::new_id(), &draft)?;
    }
    tx.commit()?;
    Ok(ImportOutcome {
        inserted: preview.rows.len() as u32,
    })
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportOutcome {
    pub rows: u32,
    pub path: String,
}

/// Writes the whole register (archived members included, marked) to one .xlsx sheet whose
/// first columns are the import columns, so an edited export can be imported elsewhere.
pub fn export_register(conn: &Connection, path: &Path) -> Result<ExportOutcome> {
    let all = members::list(
        conn,
        &MemberFilter {
            include_archived: true,
            ..Default::default()
        },
    )?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("党员名册")?;
    let bold = Format::new().set_bold();
    let headers = HEADERS.iter().chain(["支委职务", "状态"].iter());
    for (col, header) in headers.enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, &bold)?;
    }
    for (i, m) in all.iter().enumerate() {
        let row = i as u32 + 1;
        let joined = m
            .joined_on
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let cells = [
            m.community_name.as_str(),
            &m.branch_name,
            &m.name,
            m.gender.label_zh(),
            &m.birth_year.to_string(),
            &m.phone,
            &m.specialty,
            &joined,
            if m.capable { "是" } else { "否" },
            m.seat.map_or("", |s| s.label_zh()),
            if m.archived_on.is_some() {
                "已归档"
            } else {
                "在册"
            },
        ];
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string(row, col as u16, *text)?;
        }
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 24)?;
    sheet.set_column_width(5, 14)?;
    sheet.set_column_width(6, 20)?;
    sheet.set_column_width(7, 12)?;
    sheet.set_column_width(8, 12)?;
    sheet.set_freeze_panes(1, 0)?;
    crate::files::write_atomically(path, &book.save_to_buffer()?)?;
    Ok(ExportOutcome {
        rows: all.len() as u32,
        path: path.display().to_string(),
    })
}
