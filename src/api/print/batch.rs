//! Printing many documents into a folder: every branch's calendar of a community, a town or
//! the whole register, with each community's Excel tables if asked. One loop serves the app
//! (progress through a callback, a cancel flag) and the command line (a progress bar).
//!
//! Each file is written beside its final name and renamed into place, so a cancelled or failed
//! batch leaves only whole documents. Cancelling stops between documents: laying out one
//! calendar takes a fraction of a second, and what is finished is kept.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{pdf_with, safe_file_name, ExcelJob, PrintJob};
use crate::activity_week::{MAX_YEAR, MIN_YEAR};
use crate::db::{branches, communities, towns};
use crate::error::{ApiError, Error, FieldError, FieldRule, Result};
use crate::files;
use crate::print::docs::Paper;
use crate::print::PrintFonts;

/// What a batch prints: the calendar of every branch in a town, a community or (neither
/// given) the whole register, one PDF per branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchRequest {
    pub town_id: Option<String>,
    pub community_id: Option<String>,
    pub year: i32,
    /// 1 to 12: each branch's month calendar instead of its year.
    pub month: Option<u32>,
    pub paper: Paper,
    /// Also write each community's activity days and demonstration points of the year as Excel.
    pub excel: bool,
}

/// One file of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchDoc {
    Pdf(PrintJob),
    Excel(ExcelJob),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchItem {
    pub doc: BatchDoc,
    /// The file name inside the batch's folder.
    pub file_name: String,
}

/// How far a batch is: sent before the first document and after each one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchProgress {
    /// Documents finished (written or failed).
    pub done: u32,
    pub total: u32,
    /// The file just finished; empty before the first.
    pub file: String,
    /// Documents that failed so far.
    pub failed: u32,
}

/// A document of a batch that could not be written, and why.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchFailure {
    pub file: String,
    pub error: ApiError,
}

/// What a batch did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchOutcome {
    pub folder: String,
    pub total: u32,
    pub written: u32,
    /// The names of the files written, in order.
    pub files: Vec<String>,
    /// Stopped by the user before every document was done.
    pub cancelled: bool,
    /// Documents not written (a name with a character the font lacks, a full disk …).
    pub failed: Vec<BatchFailure>,
    /// The font the PDFs are set in.
    pub font: String,
}

/// The files `request` asks for, in print order: the branches by community and name, then each
/// community's Excel tables. Refuses a bad year or month, an unknown town or community, and a
/// scope without branches.
pub fn plan(conn: &Connection, request: &BatchRequest) -> Result<Vec<BatchItem>> {
    let mut errors = Vec::new();
    if !(MIN_YEAR..=MAX_YEAR).contains(&request.year) {
        errors.push(FieldError {
            field: "year".into(),
            rule: FieldRule::BadYear,
        });
    }
    if request.month.is_some_and(|m| !(1..=12).contains(&m)) {
        errors.push(FieldError {
            field: "month".into(),
            rule: FieldRule::BadChoice,
        });
    }
    crate::error::valid((), errors)?;
    if let Some(id) = &request.town_id {
        towns::get(conn, id)?.ok_or_else(|| Error::NotFound {
            what: "town",
            id: id.clone(),
        })?;
    }
    if let Some(id) = &request.community_id {
        communities::get(conn, id)?.ok_or_else(|| Error::NotFound {
            what: "community",
            id: id.clone(),
        })?;
    }
    let chosen = branches::in_scope(
        conn,
        request.town_id.as_deref(),
        request.community_id.as_deref(),
        None,
    )?;
    if chosen.is_empty() {
        return Err(Error::NotFound {
            what: "branches of the scope",
            id: request
                .community_id
                .clone()
                .or_else(|| request.town_id.clone())
                .unwrap_or_default(),
        });
    }
    let (year, paper) = (request.year, request.paper);
    let mut items = Vec::with_capacity(chosen.len());
    let mut community_ids: Vec<String> = Vec::new();
    for (branch, community) in chosen {
        let job = match request.month {
            Some(month) => PrintJob::BranchMonth {
                branch_id: branch.id,
                year,
                month,
                paper,
            },
            None => PrintJob::YearCalendar {
                branch_id: branch.id,
                year,
                paper,
            },
        };
        // Branches of two communities may share a name: the community goes first.
        let file_name = safe_file_name(&format!("{}-{}", community.name, job.file_name(conn)?));
        items.push(BatchItem {
            doc: BatchDoc::Pdf(job),
            file_name,
        });
        if community_ids.last() != Some(&community.id) {
            community_ids.push(community.id);
        }
    }
    if request.excel {
        for community_id in community_ids {
            for job in [
                ExcelJob::Schedule {
                    branch_id: None,
                    community_id: Some(community_id.clone()),
                    year,
                },
                ExcelJob::Points {
                    branch_id: None,
                    community_id: Some(community_id.clone()),
                    year,
                },
            ] {
                let file_name = job.file_name(conn)?;
                items.push(BatchItem {
                    doc: BatchDoc::Excel(job),
                    file_name,
                });
            }
        }
    }
    Ok(items)
}

/// Writes `items` into `folder` (made if missing), calling `progress` before the first and
/// after each document. Checks `cancel` before each document and stops when it is set. A
/// document that fails is recorded and the rest still printed; a write error (the folder is
/// not writable, the disk is full) stops the batch, since every later file would fail alike.
pub fn run(
    conn: &Connection,
    fonts: &PrintFonts,
    items: &[BatchItem],
    folder: &Path,
    today: NaiveDate,
    mut progress: impl FnMut(&BatchProgress),
    cancel: &AtomicBool,
) -> Result<BatchOutcome> {
    std::fs::create_dir_all(folder)?;
    let total = u32::try_from(items.len()).unwrap_or(u32::MAX);
    let mut outcome = BatchOutcome {
        folder: folder.display().to_string(),
        total,
        written: 0,
        files: Vec::new(),
        cancelled: false,
        failed: Vec::new(),
        font: fonts.family().to_owned(),
    };
    let mut report = BatchProgress {
        done: 0,
        total,
        file: String::new(),
        failed: 0,
    };
    progress(&report);
    for item in items {
        if cancel.load(Ordering::Relaxed) {
            outcome.cancelled = true;
            break;
        }
        let bytes = match &item.doc {
            BatchDoc::Pdf(job) => pdf_with(conn, fonts, job, today).map(|pdf| pdf.bytes),
            BatchDoc::Excel(job) => job.xlsx(conn, today),
        };
        // Whole files only: a reader (or a cancelled batch) never sees half a document.
        let target = folder.join(&item.file_name);
        let written = bytes.and_then(|bytes| files::write_atomically(&target, &bytes));
        let stop = matches!(written, Err(Error::Io(_) | Error::File { .. }));
        match written {
            Ok(()) => {
                outcome.written += 1;
                outcome.files.push(item.file_name.clone());
            }
            Err(error) => outcome.failed.push(BatchFailure {
                file: item.file_name.clone(),
                error: error.into(),
            }),
        }
        report.done += 1;
        report.file.clone_from(&item.file_name);
        report.failed = outcome.failed.len() as u32;
        progress(&report);
        if stop {
            break;
        }
    }
    Ok(outcome)
}

/// Plans `request` and runs it: the one batch loop of the app, the command line and the bench.
pub fn batch(
    conn: &Connection,
    fonts: &PrintFonts,
    request: &BatchRequest,
    folder: &Path,
    today: NaiveDate,
    progress: impl FnMut(&BatchProgress),
    cancel: &AtomicBool,
) -> Result<BatchOutcome> {
    let items = plan(conn, request)?;
    run(conn, fonts, &items, folder, today, progress, cancel)
}

/// `batch` on a connection of its own to the database at `db_path`, in the system's font: the
/// app runs it on a background thread while the window keeps using its connection.
pub fn batch_in(
    db_path: &Path,
    request: &BatchRequest,
    folder: &Path,
    today: NaiveDate,
    progress: impl FnMut(&BatchProgress),
    cancel: &AtomicBool,
) -> Result<BatchOutcome> {
    let conn = crate::db::open(db_path)?;
    let fonts = crate::print::system_fonts()?;
    batch(&conn, &fonts, request, folder, today, progress, cancel)
}

/// The one batch the app runs at a time, and the flag that cancels it. Cloning shares it.
#[derive(Debug, Clone, Default)]
pub struct BatchSlot(Arc<Mutex<Option<Arc<AtomicBool>>>>);

impl BatchSlot {
    /// Takes the slot for a new batch; `BatchRunning` while another one holds it. The slot is
    /// free again when the returned ticket is dropped (the batch ended, failed or panicked).
    pub fn claim(&self) -> Result<BatchTicket> {
        let mut running = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if running.is_some() {
            return Err(Error::BatchRunning);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *running = Some(Arc::clone(&cancel));
        Ok(BatchTicket {
            slot: self.clone(),
            cancel,
        })
    }

    /// Asks the running batch to stop after its current document; false when none runs.
    pub fn cancel(&self) -> bool {
        let running = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match running.as_ref() {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    pub fn is_running(&self) -> bool {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }
}

/// Holds the slot while a batch runs.
#[derive(Debug)]
pub struct BatchTicket {
    slot: BatchSlot,
    cancel: Arc<AtomicBool>,
}

impl BatchTicket {
    /// The flag `run` checks between documents.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }
}

impl Drop for BatchTicket {
    fn drop(&mut self) {
        *self.slot.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_batch_at_a_time_and_the_slot_frees_when_it_ends() {
        let slot = BatchSlot::default();
        assert!(!slot.cancel(), "nothing to cancel");
        let ticket = slot.claim().unwrap();
        assert!(matches!(slot.claim(), Err(Error::BatchRunning)));
        assert_eq!(
            ApiError::from(Error::BatchRunning).code,
            crate::ErrorCode::BatchRunning
        );
        assert!(!ticket.cancel_flag().load(Ordering::Relaxed));
        assert!(slot.cancel());
        assert!(ticket.cancel_flag().load(Ordering::Relaxed));
        drop(ticket);
        assert!(!slot.is_running());
        let again = slot.claim().unwrap();
        assert!(
            !again.cancel_flag().load(Ordering::Relaxed),
            "a new batch starts uncancelled"
        );
    }
}
