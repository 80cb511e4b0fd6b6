//! Printing use cases: a document (`PrintJob`) as PDF bytes or as PNG page previews, with the
//! font it is set in. The shell writes or opens the PDF; `batch` prints many into a folder.

pub mod batch;

use std::path::Path;

use base64::Engine as _;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::api::points::PointScope;
use crate::db::{activities, branches, communities};
use crate::error::{Error, FieldRule, Result};
use crate::print::docs::{self, Paper};
use crate::print::{self, PrintFonts, Rendered, Template};

/// A document to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum PrintJob {
    /// A branch's twelve months on one landscape page.
    YearCalendar {
        branch_id: String,
        year: i32,
        paper: Paper,
    },
    BranchMonth {
        branch_id: String,
        year: i32,
        month: u32,
        paper: Paper,
    },
    /// Every branch of a community in one month grid.
    CommunityMonth {
        community_id: String,
        year: i32,
        month: u32,
        paper: Paper,
    },
    SignIn {
        activity_id: String,
    },
    ActivityRecord {
        activity_id: String,
    },
    /// Demonstration points and "3+X" of one branch (`branch_id`) or a community's branches.
    PointRoster {
        branch_id: Option<String>,
        community_id: Option<String>,
        year: i32,
    },
    /// The blank quarterly ballot of a community: every branch, three boxes, a comment line.
    ReviewBallot {
        community_id: String,
        year: i32,
        quarter: u32,
    },
    /// The report of a finalised review (refused with `ReviewNotFinalised` before that).
    ReviewReport {
        review_id: String,
    },
}

impl PrintJob {
    fn build(&self, conn: &Connection, today: NaiveDate) -> Result<(Template, Value)> {
        Ok(match self {
            PrintJob::YearCalendar {
                branch_id,
                year,
                paper,
            } => (
                print::YEAR_CALENDAR,
                docs::year_calendar(conn, branch_id, *year, *paper, today)?,
            ),
            PrintJob::BranchMonth {
                branch_id,
                year,
                month,
                paper,
            } => (
                print::MONTH_CALENDAR,
                docs::branch_month_calendar(conn, branch_id, *year, *month, *paper, today)?,
            ),
            PrintJob::CommunityMonth {
                community_id,
                year,
                month,
                paper,
            } => (
                print::MONTH_CALENDAR,
                docs::community_month_calendar(conn, community_id, *year, *month, *paper, today)?,
            ),
            PrintJob::SignIn { activity_id } => (
                print::SIGN_IN,
                docs::sign_in_sheet(conn, activity_id, today)?,
            ),
            PrintJob::ActivityRecord { activity_id } => (
                print::ACTIVITY_RECORD,
                docs::activity_record(conn, activity_id, today)?,
            ),
            PrintJob::PointRoster {
                branch_id,
                community_id,
                year,
            } => {
                let scope = PointScope {
                    branch_id: branch_id.clone(),
                    community_id: community_id.clone(),
                    town_id: None,
                };
                (
                    print::POINT_ROSTER,
                    docs::point_roster(conn, &scope, *year, today)?,
                )
            }
            PrintJob::ReviewBallot {
                community_id,
                year,
                quarter,
            } => (
                print::REVIEW_BALLOT,
                docs::review_ballot(conn, community_id, *year, *quarter, today)?,
            ),
            PrintJob::ReviewReport { review_id } => (
                print::REVIEW_REPORT,
                docs::review_report(conn, review_id, today)?,
            ),
        })
    }

    /// A file name to offer when saving, e.g. `张庄村党支部-2025年活动日历.pdf`.
    pub fn file_name(&self, conn: &Connection) -> Result<String> {
        let branch = |id: &str| -> Result<String> {
            Ok(branches::get(conn, id)?
                .ok_or_else(|| not_found("branch", id))?
                .name)
        };
        let community = |id: &str| -> Result<String> {
            Ok(communities::get(conn, id)?
                .ok_or_else(|| not_found("community", id))?
                .name)
        };
        let activity = |id: &str| -> Result<(String, NaiveDate)> {
            let a = activities::get(conn, id)?.ok_or_else(|| not_found("activity", id))?;
            Ok((branch(&a.branch_id)?, a.took_place_on()))
        };
        let name = match self {
            PrintJob::YearCalendar {
                branch_id, year, ..
            } => format!("{}-{year}年活动日历", branch(branch_id)?),
            PrintJob::BranchMonth {
                branch_id,
                year,
                month,
                ..
            } => format!("{}-{year}年{month}月活动日", branch(branch_id)?),
            PrintJob::CommunityMonth {
                community_id,
                year,
                month,
                ..
            } => format!("{}-{year}年{month}月活动日", community(community_id)?),
            PrintJob::SignIn { activity_id } => {
                let (b, date) = activity(activity_id)?;
                format!("{b}-{date}-签到表")
            }
            PrintJob::ActivityRecord { activity_id } => {
                let (b, date) = activity(activity_id)?;
                format!("{b}-{date}-活动记录")
            }
            PrintJob::PointRoster {
                branch_id,
                community_id,
                year,
            } => match (branch_id, community_id) {
                (Some(id), _) => format!("{}-{year}年示范点台账", branch(id)?),
                (None, Some(id)) => format!("{}-{year}年示范点台账", community(id)?),
                (None, None) => return Err(Error::invalid("scope", FieldRule::Required)),
            },
            PrintJob::ReviewBallot {
                community_id,
                year,
                quarter,
            } => format!("{}-{year}年第{quarter}季度评议表", community(community_id)?),
            PrintJob::ReviewReport { review_id } => {
                let r = crate::api::reviews::get_review(conn, review_id)?.review;
                format!(
                    "{}-{}年第{}季度评议结果",
                    r.community_name, r.year, r.quarter
                )
            }
        };
        Ok(format!("{}.pdf", safe_file_name(&name)))
    }
}

/// Names may hold characters file systems refuse; those become `_`.
pub fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}

fn not_found(what: &'static str, id: &str) -> Error {
    Error::NotFound {
        what,
        id: id.to_owned(),
    }
}

/// A printed document.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrintedPdf {
    /// The font family it is set in.
    pub font: String,
    pub pages: u32,
    pub page_width_mm: u32,
    pub page_height_mm: u32,
    #[serde(skip)]
    #[ts(skip)]
    pub bytes: Vec<u8>,
}

/// Lays out `job` with `fonts`.
pub fn render_with(
    conn: &Connection,
    fonts: &PrintFonts,
    job: &PrintJob,
    today: NaiveDate,
) -> Result<Rendered> {
    let (template, data) = job.build(conn, today)?;
    print::render(fonts, template, &data)
}

fn pdf_of(rendered: &Rendered) -> Result<PrintedPdf> {
    let (page_width_mm, page_height_mm) = rendered.page_size_mm();
    Ok(PrintedPdf {
        font: rendered.font.clone(),
        pages: rendered.page_count() as u32,
        page_width_mm,
        page_height_mm,
        bytes: rendered.pdf()?,
    })
}

/// `job` as PDF, set in `fonts`.
pub fn pdf_with(
    conn: &Connection,
    fonts: &PrintFonts,
    job: &PrintJob,
    today: NaiveDate,
) -> Result<PrintedPdf> {
    pdf_of(&render_with(conn, fonts, job, today)?)
}

/// `job` as PDF, set in the system's Chinese font.
pub fn pdf(conn: &Connection, job: &PrintJob, today: NaiveDate) -> Result<PrintedPdf> {
    pdf_with(conn, &*print::system_fonts()?, job, today)
}

/// Where a PDF was written.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedPdf {
    pub path: String,
    pub font: String,
    pub pages: u32,
    pub size_bytes: u32,
}

/// Writes `job` as PDF to `path`.
pub fn save_pdf(
    conn: &Connection,
    job: &PrintJob,
    path: &Path,
    today: NaiveDate,
) -> Result<SavedPdf> {
    let printed = pdf(conn, job, today)?;
    crate::files::write_atomically(path, &printed.bytes)?;
    Ok(SavedPdf {
        path: path.display().to_string(),
        font: printed.font,
        pages: printed.pages,
        size_bytes: printed.bytes.len() as u32,
    })
}

/// Where a Word or Excel file was written.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedFile {
    pub path: String,
    pub size_bytes: u32,
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<SavedFile> {
    crate::files::write_atomically(path, bytes)?;
    Ok(SavedFile {
        path: path.display().to_string(),
        size_bytes: bytes.len() as u32,
    })
}

/// Whether `job` also exists as Word: the activity record and the review report.
pub fn has_docx(job: &PrintJob) -> bool {
    matches!(
        job,
        PrintJob::ActivityRecord { .. } | PrintJob::ReviewReport { .. }
    )
}

/// `job` as a Word document (the same content as its PDF); other documents are refused.
pub fn docx(conn: &Connection, job: &PrintJob, today: NaiveDate) -> Result<Vec<u8>> {
    match job {
        PrintJob::ActivityRecord { activity_id } => {
            print::docx::activity_record(&docs::activity_record(conn, activity_id, today)?)
        }
        PrintJob::ReviewReport { review_id } => {
            print::docx::review_report(&docs::review_report(conn, review_id, today)?)
        }
        _ => Err(Error::invalid("kind", FieldRule::BadChoice)),
    }
}

/// Writes `job` as Word to `path`.
pub fn save_docx(
    conn: &Connection,
    job: &PrintJob,
    path: &Path,
    today: NaiveDate,
) -> Result<SavedFile> {
    write_file(path, &docx(conn, job, today)?)
}

/// A table exported as Excel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum ExcelJob {
    /// The activity days of a year: a branch's (`branch_id`) or a community's branches'.
    Schedule {
        branch_id: Option<String>,
        community_id: Option<String>,
        year: i32,
    },
    /// A branch's activities of a year.
    Activities { branch_id: String, year: i32 },
    /// A branch's suggestions and problems of a year (two sheets).
    Ledgers { branch_id: String, year: i32 },
    /// Demonstration points created in a year, of a branch or a community.
    Points {
        branch_id: Option<String>,
        community_id: Option<String>,
        year: i32,
    },
    /// A review's tally (in any state; the sheet says which).
    Tally { review_id: String },
}

impl ExcelJob {
    pub fn xlsx(&self, conn: &Connection, today: NaiveDate) -> Result<Vec<u8>> {
        use crate::print::xlsx;
        match self {
            ExcelJob::Schedule {
                branch_id,
                community_id,
                year,
            } => xlsx::schedule(
                conn,
                branch_id.as_deref(),
                community_id.as_deref(),
                *year,
                today,
            ),
            ExcelJob::Activities { branch_id, year } => {
                xlsx::activities(conn, branch_id, *year, today)
            }
            ExcelJob::Ledgers { branch_id, year } => xlsx::ledgers(conn, branch_id, *year, today),
            ExcelJob::Points {
                branch_id,
                community_id,
                year,
            } => xlsx::points(
                conn,
                branch_id.as_deref(),
                community_id.as_deref(),
                *year,
                today,
            ),
            ExcelJob::Tally { review_id } => xlsx::tally(conn, review_id, today),
        }
    }

    /// A file name to offer, e.g. `张庄村党支部-2025年活动日.xlsx`.
    pub fn file_name(&self, conn: &Connection) -> Result<String> {
        let place = |branch: &Option<String>, community: &Option<String>| -> Result<String> {
            match (branch, community) {
                (Some(id), _) => Ok(branches::get(conn, id)?
                    .ok_or_else(|| not_found("branch", id))?
                    .name),
                (None, Some(id)) => Ok(communities::get(conn, id)?
                    .ok_or_else(|| not_found("community", id))?
                    .name),
                (None, None) => Err(Error::invalid("scope", FieldRule::Required)),
            }
        };
        let branch = |id: &String| place(&Some(id.clone()), &None);
        let name = match self {
            ExcelJob::Schedule {
                branch_id,
                community_id,
                year,
            } => format!("{}-{year}年活动日", place(branch_id, community_id)?),
            ExcelJob::Activities { branch_id, year } => {
                format!("{}-{year}年活动", branch(branch_id)?)
            }
            ExcelJob::Ledgers { branch_id, year } => {
                format!("{}-{year}年意见建议和问题台账", branch(branch_id)?)
            }
            ExcelJob::Points {
                branch_id,
                community_id,
                year,
            } => format!("{}-{year}年示范点", place(branch_id, community_id)?),
            ExcelJob::Tally { review_id } => {
                let r = crate::api::reviews::get_review(conn, review_id)?.review;
                format!(
                    "{}-{}年第{}季度评议统计",
                    r.community_name, r.year, r.quarter
                )
            }
        };
        Ok(format!("{}.xlsx", safe_file_name(&name)))
    }
}

/// Writes `job` as Excel to `path`.
pub fn save_xlsx(
    conn: &Connection,
    job: &ExcelJob,
    path: &Path,
    today: NaiveDate,
) -> Result<SavedFile> {
    write_file(path, &job.xlsx(conn, today)?)
}

/// One page of a preview, as a PNG.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PagePreview {
    /// `data:image/png;base64,…`, ready for an `<img src>`.
    pub data_url: String,
}

/// What the print page shows before printing.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrintPreview {
    pub font: String,
    /// The font files, so a user can tell which installed font is used.
    pub font_files: Vec<String>,
    pub page_width_mm: u32,
    pub page_height_mm: u32,
    pub pages: Vec<PagePreview>,
    /// A file name to offer when saving.
    pub file_name: String,
}

/// Preview resolution: 1.5 px per point, about 108 dpi — sharp in a window, quick to draw.
const PREVIEW_PX_PER_PT: f32 = 1.5;

pub fn preview_with(
    conn: &Connection,
    fonts: &PrintFonts,
    job: &PrintJob,
    today: NaiveDate,
) -> Result<PrintPreview> {
    let rendered = render_with(conn, fonts, job, today)?;
    let (page_width_mm, page_height_mm) = rendered.page_size_mm();
    let pages = rendered
        .png_pages(PREVIEW_PX_PER_PT)?
        .into_iter()
        .map(|png| PagePreview {
            data_url: format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(png)
            ),
        })
        .collect();
    Ok(PrintPreview {
        font: rendered.font,
        font_files: fonts.files().to_vec(),
        page_width_mm,
        page_height_mm,
        pages,
        file_name: job.file_name(conn)?,
    })
}

/// The preview of `job` in the system's Chinese font.
pub fn preview(conn: &Connection, job: &PrintJob, today: NaiveDate) -> Result<PrintPreview> {
    preview_with(conn, &*print::system_fonts()?, job, today)
}
