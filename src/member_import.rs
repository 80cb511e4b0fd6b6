//! Reading a member list from .xlsx/.xls/.ods or .csv and checking each row against the
//! register. Nothing here writes: `api::import` decides, all rows or none.

use std::collections::HashSet;
use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, DataType, Reader};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::org::{
    is_plausible_birth_year, is_valid_phone, normalise_phone, Branch, Community, Gender, Member,
    MAX_NAME_CHARS, MAX_TEXT_CHARS, MIN_JOIN_AGE,
};

/// What is wrong with one row; the UI words each in the chosen language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ImportProblem {
    MissingName,
    NameTooLong,
    MissingBranch,
    UnknownBranch,
    /// Two communities have a branch of this name and the row names no community.
    AmbiguousBranch,
    BadGender,
    BadBirthYear,
    BadPhone,
    BadJoinedDate,
    BadCapableFlag,
    SpecialtyTooLong,
    /// The same person is already in the register (name + birth year in the branch, or phone).
    DuplicateInRegister,
    /// The same person appears on an earlier row of the file.
    DuplicateInFile,
}

impl ImportProblem {
    /// English wording for the CLI; the app words problems through its i18n files.
    pub fn describe(self) -> &'static str {
        match self {
            ImportProblem::MissingName => "name is missing",
            ImportProblem::NameTooLong => "name is too long",
            ImportProblem::MissingBranch => "branch is missing",
            ImportProblem::UnknownBranch => "no branch of this name in the register",
            ImportProblem::AmbiguousBranch => "several communities have this branch; add 社区",
            ImportProblem::BadGender => "gender must be 男 or 女",
            ImportProblem::BadBirthYear => "birth year is missing or implausible",
            ImportProblem::BadPhone => "phone is not a mobile or landline number",
            ImportProblem::BadJoinedDate => "joined date is not a date after age 18",
            ImportProblem::BadCapableFlag => "capable member must be 是 or 否",
            ImportProblem::SpecialtyTooLong => "specialty is too long",
            ImportProblem::DuplicateInRegister => "this person is already in the register",
            ImportProblem::DuplicateInFile => "this person appears twice in the file",
        }
    }
}

/// Why a whole file could not be read as a member list; the UI words each in the chosen
/// language (`subject` names the missing column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ImportFileReason {
    /// Not an Excel/ODS workbook (e.g. another file renamed .xlsx, or a file cut short).
    NotASpreadsheet,
    /// The workbook has no sheet, or its first sheet cannot be read.
    NoSheet,
    /// Nothing in the file: no bytes, or only empty rows.
    Empty,
    /// The header row lacks a required column (姓名 or 支部).
    MissingColumn,
    /// A header but no member rows under it.
    NoMemberRows,
    /// A CSV that is not comma-separated text in UTF-8 or GBK.
    BadCsv,
    /// The file changed after its preview was shown; preview it again before importing.
    Changed,
    /// Over the limits of a member list (file size, rows, columns, unpacked size); `subject`
    /// says which limit.
    TooLarge,
}

impl ImportFileReason {
    /// English wording for the CLI and logs.
    pub fn describe(self) -> &'static str {
        match self {
            ImportFileReason::NotASpreadsheet => "not a spreadsheet this app can read",
            ImportFileReason::NoSheet => "the workbook has no readable first sheet",
            ImportFileReason::Empty => "the file is empty",
            ImportFileReason::MissingColumn => "the header row lacks a required column",
            ImportFileReason::NoMemberRows => "the file has a header but no member rows",
            ImportFileReason::BadCsv => "the CSV is not readable text in UTF-8 or GBK",
            ImportFileReason::Changed => "the file changed after its preview; preview it again",
            ImportFileReason::TooLarge => "the file is over the limits of a member list",
        }
    }
}

fn file_error(reason: ImportFileReason, detail: impl Into<String>) -> Error {
    Error::ImportFile {
        reason,
        detail: detail.into(),
    }
}

/// One data row of the file as understood, with what is wrong with it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportRow {
    /// The row number as the spreadsheet shows it (the header is usually row 1).
    pub row: u32,
    pub community_name: String,
    pub branch_name: String,
    /// The branch the row goes to, once found.
    pub branch_id: Option<String>,
    pub name: String,
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    pub phone: String,
    pub specialty: String,
    pub joined_on: Option<NaiveDate>,
    pub capable: bool,
    pub problems: Vec<ImportProblem>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPreview {
    pub rows: Vec<ImportRow>,
    pub valid_rows: u32,
    pub error_rows: u32,
    /// The SHA-256 of the file previewed, handed back on import so a file changed in between
    /// is refused instead of written unseen.
    pub file_digest: String,
    /// How the file's header was understood, shown before anything is written.
    pub layout: ImportLayout,
}

/// The member fields a column can be read into, known by their Chinese or English header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ImportField {
    Community,
    Branch,
    Name,
    Gender,
    BirthYear,
    Phone,
    Specialty,
    JoinedOn,
    Capable,
}

impl ImportField {
    /// The field a header names, in the words registers really use (出生年月 is read for its
    /// year; 序号 and other columns are not read).
    fn from_header(text: &str) -> Option<ImportField> {
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        Some(match key.as_str() {
            "社区" | "所属社区" | "所在社区" | "community" => ImportField::Community,
            "支部" | "所属支部" | "所在支部" | "党支部" | "branch" => {
                ImportField::Branch
            }
            "姓名" | "name" => ImportField::Name,
            "性别" | "gender" => ImportField::Gender,
            "出生年份" | "出生年" | "出生年月" | "出生日期" | "出生年月日" | "birthyear" => {
                ImportField::BirthYear
            }
            "联系电话" | "电话" | "手机" | "手机号" | "手机号码" | "联系方式" | "phone" => {
                ImportField::Phone
            }
            "专长" | "专长/产业" | "特长" | "specialty" => ImportField::Specialty,
            "入党日期" | "入党时间" | "入党年月" | "joined" | "joinedon" => {
                ImportField::JoinedOn
            }
            "有能力的党员" | "能力党员" | "capable" => ImportField::Capable,
            _ => return None,
        })
    }
}

/// One column of the header and the field it is read into (`None`: not read, e.g. 序号, or a
/// second column for a field already read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportColumn {
    pub header: String,
    pub field: Option<ImportField>,
}

/// Where the header was found and what each column is read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportLayout {
    /// The header's row as the spreadsheet shows it; rows above it (a title, a 填报单位 line)
    /// are skipped.
    pub header_row: u32,
    pub columns: Vec<ImportColumn>,
    /// A file without a branch column (or with empty branch cells) whose title names one
    /// branch of the register: that branch, for every such row.
    pub branch_from_title: Option<String>,
}

/// How many non-empty rows at the top are searched for the header: a roster's title, its
/// 填报单位/填报日期 line and a blank line or two come before it.
pub const HEADER_SEARCH_ROWS: usize = 10;

/// Header text of each column, in the order the export writes them.
pub const HEADERS: [&str; 9] = [
    "社区",
    "支部",
    "姓名",
    "性别",
    "出生年份",
    "联系电话",
    "专长",
    "入党日期",
    "有能力的党员",
];

/// A cell as text, with dates kept as dates so a formatted Excel date is not lost.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Date(NaiveDate),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// The file's first sheet (or the CSV) as rows of cells, each with its 1-based row number,
/// read from the bytes the digest is taken of.
fn read_table(path: &Path, bytes: &[u8]) -> Result<Vec<(u32, Vec<Cell>)>> {
    if bytes.is_empty() {
        return Err(file_error(ImportFileReason::Empty, ""));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase();
    if ext == "csv" {
        return read_csv(bytes);
    }
    crate::spreadsheet_limits::check_workbook(bytes)?;
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| file_error(ImportFileReason::NotASpreadsheet, e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| file_error(ImportFileReason::NoSheet, ""))?
        .map_err(|e| file_error(ImportFileReason::NoSheet, e.to_string()))?;
    let first_row = range.start().map_or(0, |(row, _)| row);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let cells = cells.iter().map(cell_from_data).collect();
            (first_row + i as u32 + 1, cells)
        })
        .collect())
}

fn cell_from_data(data: &Data) -> Cell {
    match data {
        Data::DateTime(_) | Data::DateTimeIso(_) => match data.as_date() {
            Some(date) => Cell::Date(date),
            None => Cell::Text(data.to_string()),
        },
        // Whole numbers typed in Excel arrive as floats: 1968.0 must read as "1968".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
            Cell::Text(format!("{}", *f as i64))
        }
        Data::Empty => Cell::Text(String::new()),
        other => Cell::Text(other.to_string()),
    }
}

/// The text of a CSV file in UTF-8 (with or without BOM) or in GBK, which Chinese Excel writes
/// by default; `None` when it is neither.
pub(crate) fn csv_text(bytes: &[u8]) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text.trim_start_matches('\u{feff}').to_owned()),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GBK.decode(bytes);
            (!had_errors).then(|| text.into_owned())
        }
    }
}

/// CSV in UTF-8 or GBK (`csv_text`).
fn read_csv(bytes: &[u8]) -> Result<Vec<(u32, Vec<Cell>)>> {
    let text = csv_text(bytes)
        .ok_or_else(|| file_error(ImportFileReason::BadCsv, "neither UTF-8 nor GBK text"))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| file_error(ImportFileReason::BadCsv, e.to_string()))?;
        rows.push((
            i as u32 + 1,
            record.iter().map(|t| Cell::Text(t.to_owned())).collect(),
        ));
    }
    Ok(rows)
}

/// What the importer needs to know of the register to check rows.
pub struct RegisterSnapshot<'a> {
    pub communities: &'a [Community],
    pub branches: &'a [Branch],
    pub members: &'a [Member],
}

/// Reads `path` and checks every row. A file that cannot be read at all, or has no header with
/// 姓名 and a branch (a 支部 column, or a title naming the branch) among its first rows, is an
/// `ImportFile` error; row problems are reported in the preview.
pub fn preview(
    path: &Path,
    register: &RegisterSnapshot,
    today: NaiveDate,
) -> Result<ImportPreview> {
    let bytes = crate::spreadsheet_limits::read_bounded(path)?;
    let table = read_table(path, &bytes)?;
    let mut filled = table
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.text().is_empty()));
    let mut above_header: Vec<(u32, Vec<Cell>)> = Vec::new();
    let (header_row, header) = loop {
        match filled.next() {
            None if above_header.is_empty() => return Err(file_error(ImportFileReason::Empty, "")),
            Some(row) if reads_as_header(&row.1) => break row,
            Some(row) if above_header.len() + 1 < HEADER_SEARCH_ROWS => above_header.push(row),
            _ => return Err(file_error(ImportFileReason::MissingColumn, "姓名")),
        }
    };
    let fields = header_fields(&header);
    let title_branch = branch_named_in(register, &above_header);
    if title_branch.is_none() && !fields.contains(&Some(ImportField::Branch)) {
        return Err(file_error(ImportFileReason::MissingColumn, "支部"));
    }
    // A row without a branch of its own goes to the title's branch, found in its community.
    let title_community = title_branch.and_then(|b| {
        register
            .communities
            .iter()
            .find(|c| c.id == b.community_id)
            .map(|c| c.name.clone())
    });
    let mut took_title_branch = false;
    let mut rows: Vec<ImportRow> = Vec::new();
    let mut seen = HashSet::new();
    let people = PeopleIndex::of(register.members);
    for (row_number, cells) in filled {
        let cell = |wanted: ImportField| -> Option<&Cell> {
            fields
                .iter()
                .position(|c| *c == Some(wanted))
                .and_then(|i| cells.get(i))
        };
        let own_branch = cell(ImportField::Branch)
            .map(Cell::text)
            .unwrap_or_default();
        let from_title = own_branch.is_empty() && title_branch.is_some();
        took_title_branch |= from_title;
        let text = |wanted: ImportField| match (wanted, title_branch, &title_community) {
            (ImportField::Branch, Some(branch), _) if from_title => branch.name.clone(),
            (ImportField::Community, _, Some(community)) if from_title => community.clone(),
            _ => cell(wanted).map(Cell::text).unwrap_or_default(),
        };
        let mut row = check_row(
            row_number,
            &text,
            cell(ImportField::JoinedOn),
            register,
            &people,
            today,
        );
        let identity = (row.branch_id.clone(), row.name.clone(), row.birth_year);
        let phone_key = (!row.phone.is_empty()).then(|| row.phone.clone());
        let repeated =
            !seen.insert(identity) | phone_key.is_some_and(|p| !seen.insert((None, p, None)));
        if repeated && !row.name.is_empty() {
            row.problems.push(ImportProblem::DuplicateInFile);
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(file_error(ImportFileReason::NoMemberRows, ""));
    }
    let error_rows = rows.iter().filter(|r| !r.problems.is_empty()).count() as u32;
    let layout = ImportLayout {
        header_row,
        columns: header
            .iter()
            .zip(&fields)
            .map(|(cell, field)| ImportColumn {
                header: cell.text(),
                field: *field,
            })
            .collect(),
        // Named only where some row takes it.
        branch_from_title: title_branch
            .filter(|_| took_title_branch)
            .map(|b| b.name.clone()),
    };
    Ok(ImportPreview {
        valid_rows: rows.len() as u32 - error_rows,
        error_rows,
        rows,
        file_digest: crate::digest::sha256_hex(&bytes),
        layout,
    })
}

/// A header row has a 姓名 column; a title row or a 填报单位 line has none.
fn reads_as_header(cells: &[Cell]) -> bool {
    cells
        .iter()
        .any(|c| ImportField::from_header(&c.text()) == Some(ImportField::Name))
}

/// The field each header cell is read into; a second column for the same field is not read,
/// so a file with both 出生年月 and 出生年份 reads the first and shows the second as unread.
fn header_fields(header: &[Cell]) -> Vec<Option<ImportField>> {
    let mut taken = HashSet::new();
    header
        .iter()
        .map(|c| ImportField::from_header(&c.text()).filter(|f| taken.insert(*f)))
        .collect()
}

/// The one branch of the register the rows above the header name ("杏花社区蔬菜种植服务型党支部
/// 党员花名册"); a name shared by branches of several communities counts only with the
/// community named too. `None` when no branch, or more than one, is named.
fn branch_named_in<'r>(
    register: &'r RegisterSnapshot,
    above_header: &[(u32, Vec<Cell>)],
) -> Option<&'r Branch> {
    let title: String = above_header
        .iter()
        .flat_map(|(_, cells)| cells.iter().map(Cell::text))
        .collect();
    if title.is_empty() {
        return None;
    }
    let named: Vec<&Branch> = register
        .branches
        .iter()
        .filter(|b| !b.name.is_empty() && title.contains(&b.name))
        .collect();
    // The longest name wins: "蔬菜种植服务型党支部" over a branch called "党支部".
    let longest = named.iter().map(|b| b.name.chars().count()).max()?;
    let named: Vec<&Branch> = named
        .into_iter()
        .filter(|b| b.name.chars().count() == longest)
        .collect();
    let in_named_community: Vec<&Branch> = named
        .iter()
        .copied()
        .filter(|b| {
            register
                .communities
                .iter()
                .any(|c| c.id == b.community_id && title.contains(&c.name))
        })
        .collect();
    match (named.as_slice(), in_named_community.as_slice()) {
        ([one], _) | (_, [one]) => Some(one),
        _ => None,
    }
}

/// The register's active members by the keys a duplicate is found by, built once per file so
/// each row is a lookup, not a scan (20,000 rows against 20,000 members).
struct PeopleIndex<'a> {
    identities: HashSet<(&'a str, &'a str, i32)>,
    phones: HashSet<&'a str>,
}

impl<'a> PeopleIndex<'a> {
    fn of(members: &'a [Member]) -> Self {
        let active = || members.iter().filter(|m| m.archived_on.is_none());
        PeopleIndex {
            identities: active()
                .map(|m| (m.branch_id.as_str(), m.name.as_str(), m.birth_year))
                .collect(),
            phones: active()
                .filter(|m| !m.phone.is_empty())
                .map(|m| m.phone.as_str())
                .collect(),
        }
    }

    /// The same person: same branch, name and birth year, or the same phone.
    fn holds(
        &self,
        branch_id: Option<&str>,
        name: &str,
        birth_year: Option<i32>,
        phone: &str,
    ) -> bool {
        let same = match (branch_id, birth_year) {
            (Some(branch), Some(year)) => self.identities.contains(&(branch, name, year)),
            _ => false,
        };
        same || (!phone.is_empty() && self.phones.contains(phone))
    }
}

fn check_row(
    row_number: u32,
    text: &dyn Fn(ImportField) -> String,
    joined_cell: Option<&Cell>,
    register: &RegisterSnapshot,
    people: &PeopleIndex,
    today: NaiveDate,
) -> ImportRow {
    let mut problems = Vec::new();
    let name = text(ImportField::Name);
    if name.is_empty() {
        problems.push(ImportProblem::MissingName);
    } else if name.chars().count() > MAX_NAME_CHARS {
        problems.push(ImportProblem::NameTooLong);
    }
    let community_name = text(ImportField::Community);
    let branch_name = text(ImportField::Branch);
    let branch_id = match find_branch(register, &community_name, &branch_name) {
        Ok(id) => Some(id),
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    let gender = parse_gender(&text(ImportField::Gender));
    if gender.is_none() {
        problems.push(ImportProblem::BadGender);
    }
    let birth_year =
        parse_year(&text(ImportField::BirthYear)).filter(|y| is_plausible_birth_year(*y, today));
    if birth_year.is_none() {
        problems.push(ImportProblem::BadBirthYear);
    }
    let phone = normalise_phone(&text(ImportField::Phone));
    if !phone.is_empty() && !is_valid_phone(&phone) {
        problems.push(ImportProblem::BadPhone);
    }
    let specialty = text(ImportField::Specialty);
    if specialty.chars().count() > MAX_TEXT_CHARS {
        problems.push(ImportProblem::SpecialtyTooLong);
    }
    let joined_on = match joined_cell {
        None => None,
        Some(Cell::Date(date)) => Some(*date),
        Some(Cell::Text(t)) if t.trim().is_empty() => None,
        Some(Cell::Text(t)) => {
            let date = parse_date(t);
            if date.is_none() {
                problems.push(ImportProblem::BadJoinedDate);
            }
            date
        }
    };
    if let (Some(joined), Some(born)) = (joined_on, birth_year) {
        if joined > today || joined.year() < born + MIN_JOIN_AGE {
            problems.push(ImportProblem::BadJoinedDate);
        }
    }
    let capable = parse_flag(&text(ImportField::Capable));
    if capable.is_none() {
        problems.push(ImportProblem::BadCapableFlag);
    }
    let already = people.holds(branch_id.as_deref(), &name, birth_year, &phone);
    if already && !name.is_empty() {
        problems.push(ImportProblem::DuplicateInRegister);
    }
    ImportRow {
        row: row_number,
        community_name,
        branch_name,
        branch_id,
        name,
        gender,
        birth_year,
        phone,
        specialty,
        joined_on,
        capable: capable.unwrap_or(false),
        problems,
    }
}

fn find_branch(
    register: &RegisterSnapshot,
    community: &str,
    branch: &str,
) -> Result<String, ImportProblem> {
    if branch.is_empty() {
        return Err(ImportProblem::MissingBranch);
    }
    let matches: Vec<&Branch> = register
        .branches
        .iter()
        .filter(|b| b.name == branch)
        .filter(|b| {
            community.is_empty()
                || register
                    .communities
                    .iter()
                    .any(|c| c.id == b.community_id && c.name == community)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(ImportProblem::UnknownBranch),
        _ => Err(ImportProblem::AmbiguousBranch),
    }
}

fn parse_gender(text: &str) -> Option<Gender> {
    match text.trim().to_lowercase().as_str() {
        "男" | "male" | "m" => Some(Gender::Male),
        "女" | "female" | "f" => Some(Gender::Female),
        _ => None,
    }
}

/// A birth year as rosters write it: 1968, 1968年, or a birth month or day in any form
/// `parse_date` reads (1968.03, 1968年3月, 196803, an Excel date): the year is what is kept.
fn parse_year(text: &str) -> Option<i32> {
    let digits = text.trim().trim_end_matches('年');
    if digits.len() == 4 {
        if let Ok(year) = digits.parse() {
            return Some(year);
        }
    }
    parse_date(text).map(|d| d.year())
}

/// Dates as people type them: 1995-07-01, 1995/7/1, 1995.7.1, 1995年7月1日, 19950701, or a
/// month alone (1995-07, 1995.7, 1995年7月, 199507), which reads as its first day.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.chars().all(|c| c.is_ascii_digit()) && matches!(text.len(), 6 | 8) {
        let (year, rest) = text.split_at(4);
        let (month, day) = rest.split_at(2);
        let day = if day.is_empty() { "1" } else { day };
        return NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    }
    let unified: String = text
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            other => other,
        })
        .filter(|c| *c != '日')
        .collect();
    let unified = unified.trim_end_matches('-');
    NaiveDate::parse_from_str(unified, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&format!("{unified}-1"), "%Y-%m-%d"))
        .ok()
}

fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "否" | "n" | "no" | "false" | "0" | "×" => Some(false),
        "是" | "y" | "yes" | "true" | "1" | "√" | "✓" => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_people_type() {
        let july_first = NaiveDate::from_ymd_opt(1995, 7, 1);
        for text in [
            "1995-07-01",
            "1995/7/1",
            "1995.7.1",
            "1995年7月1日",
            "1995年7月",
            "1995-07",
        ] {
            assert_eq!(parse_date(text), july_first, "{text}");
        }
        assert_eq!(parse_date("七月"), None);
        assert_eq!(parse_date("19950701"), july_first);
        assert_eq!(parse_date("199507"), july_first);
        assert_eq!(parse_date("19951345"), None, "no 13th month");
    }

    #[test]
    fn a_birth_year_from_the_birth_month_rosters_write() {
        for text in [
            "1968",
            "1968年",
            "1968.03",
            "1968.3",
            "1968年3月",
            "1968-03",
            "196803",
            "19680301",
        ] {
            assert_eq!(parse_year(text), Some(1968), "{text}");
        }
        assert_eq!(parse_year("六八年"), None);
    }

    #[test]
    fn headers_as_registers_name_them() {
        for (header, field) in [
            ("出生年月", ImportField::BirthYear),
            ("出生日期", ImportField::BirthYear),
            ("入党时间", ImportField::JoinedOn),
            ("手机号码", ImportField::Phone),
            ("所在支部", ImportField::Branch),
            (" 姓 名 ", ImportField::Name),
        ] {
            assert_eq!(ImportField::from_header(header), Some(field), "{header}");
        }
        assert_eq!(ImportField::from_header("序号"), None);
    }

    #[test]
    fn flags_and_genders() {
        assert_eq!(parse_flag("是"), Some(true));
        assert_eq!(
            parse_flag(""),
            Some(false),
            "an empty cell means not capable"
        );
        assert_eq!(parse_flag("也许"), None);
        assert_eq!(parse_gender("女"), Some(Gender::Female));
        assert_eq!(parse_gender("x"), None);
        assert_eq!(parse_year("1968年"), Some(1968));
    }
}
