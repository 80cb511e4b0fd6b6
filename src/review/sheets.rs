//! A ballot file: the paper sheets of a review typed into a CSV, one row per sheet, for
//! `planner review ballots --from FILE`. Pure rules, no SQL; the sheets go in through
//! `api::reviews::import_ballots` like sheets keyed in the window.
//!
//! The layout (UTF-8 or GBK, as Excel saves it):
//! - the header row: `评议人` (or `group`), then one column per branch of the review, headed
//!   by the branch's name. Every branch of the review exactly once, in any order: a column is
//!   read by its header, so a file made for another order (or another community) is refused
//!   rather than read into the wrong branches;
//! - each further row is a sheet: the reviewer group (`党员` or `群众`, also `member` or
//!   `resident`), then the mark for each branch in the app's words: `满意`, `基本满意`,
//!   `不满意`; an empty cell (or `未评`) is a sheet that left the branch unrated, and two marks
//!   in one cell (`满意/不满意`, `满意、不满意`, or `多选`) are two boxes ticked. Both are
//!   invalid votes, counted as the app counts them;
//! - empty rows are skipped.
//!
//! Any problem refuses the whole file (`BallotFile`), every problem named by its row (the
//! line in the file, the header is row 1) and column.

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::review::{BallotDraft, BallotMark, Mark, ReviewerGroup};

/// What the first column's header may say.
pub const GROUP_HEADERS: [&str; 3] = ["评议人", "群体", "group"];
/// Problems listed in one refusal; the rest are counted.
const MAX_PROBLEMS: usize = 50;

/// What is wrong at a place in a ballot file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SheetIssue {
    /// Not CSV text in UTF-8 or GBK.
    Unreadable,
    /// No header row, or a header and no sheet.
    Empty,
    /// The first column is not headed 评议人.
    NoGroupColumn,
    /// A column headed by something that is not a branch of the review.
    UnknownColumn,
    /// A branch headed twice.
    DuplicateColumn,
    /// A branch of the review has no column.
    MissingBranch,
    /// The reviewer is neither 党员 nor 群众.
    BadGroup,
    /// A mark that is not 满意, 基本满意 or 不满意 (nor empty, 未评, 多选).
    BadMark,
    /// The row has another number of cells than the header.
    CellCount,
}

impl SheetIssue {
    pub fn describe_zh(self) -> &'static str {
        match self {
            SheetIssue::Unreadable => "不是 UTF-8 或 GBK 编码的 CSV 文本",
            SheetIssue::Empty => "没有表头或没有选票行",
            SheetIssue::NoGroupColumn => "第一列的表头应为“评议人”",
            SheetIssue::UnknownColumn => "表头不是本次评议的支部",
            SheetIssue::DuplicateColumn => "同一支部有两列",
            SheetIssue::MissingBranch => "缺少本次评议的支部",
            SheetIssue::BadGroup => "评议人应为“党员”或“群众”",
            SheetIssue::BadMark => "评价应为“满意”“基本满意”“不满意”，空白为未评",
            SheetIssue::CellCount => "格数与表头不符",
        }
    }

    pub fn describe_en(self) -> &'static str {
        match self {
            SheetIssue::Unreadable => "not CSV text in UTF-8 or GBK",
            SheetIssue::Empty => "no header or no sheet rows",
            SheetIssue::NoGroupColumn => "the first column must be headed 评议人",
            SheetIssue::UnknownColumn => "the header is not a branch of this review",
            SheetIssue::DuplicateColumn => "a branch has two columns",
            SheetIssue::MissingBranch => "a branch of this review has no column",
            SheetIssue::BadGroup => "the reviewer must be 党员 or 群众",
            SheetIssue::BadMark => "the mark must be 满意, 基本满意 or 不满意 (empty: unrated)",
            SheetIssue::CellCount => "the row has another number of cells than the header",
        }
    }
}

/// One problem of a ballot file, where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SheetProblem {
    /// The line in the file (the header is 1); 0 for the file as a whole.
    pub row: u32,
    /// 1-based; `None` for the whole row or file.
    pub column: Option<u32>,
    /// The column's header (a branch name), when there is one.
    pub header: Option<String>,
    pub issue: SheetIssue,
    /// The text found there (or the branch missing).
    pub text: String,
}

impl SheetProblem {
    pub fn describe(&self) -> String {
        let place = match (self.row, self.column, &self.header) {
            (0, _, _) => "文件 / file".to_owned(),
            (row, Some(col), Some(h)) => {
                format!("第 {row} 行第 {col} 列（{h}） / row {row}, column {col} ({h})")
            }
            (row, Some(col), None) => format!("第 {row} 行第 {col} 列 / row {row}, column {col}"),
            (row, None, _) => format!("第 {row} 行 / row {row}"),
        };
        let found = if self.text.is_empty() {
            String::new()
        } else {
            format!("：“{}”", self.text)
        };
        format!(
            "{place}{found}：{} / {}",
            self.issue.describe_zh(),
            self.issue.describe_en()
        )
    }
}

/// The problems of a refused file in one line each, the first `MAX_PROBLEMS` of them.
pub fn describe_problems(problems: &[SheetProblem]) -> String {
    let mut lines: Vec<String> = problems
        .iter()
        .take(MAX_PROBLEMS)
        .map(SheetProblem::describe)
        .collect();
    if problems.len() > MAX_PROBLEMS {
        lines.push(format!("… {} more", problems.len() - MAX_PROBLEMS));
    }
    lines.join("; ")
}

fn group_of(text: &str) -> Option<ReviewerGroup> {
    match text.to_lowercase().as_str() {
        "党员" | "member" => Some(ReviewerGroup::Member),
        "群众" | "resident" => Some(ReviewerGroup::Resident),
        _ => None,
    }
}

/// A cell's mark: the app's words; empty or 未评 unrated; two marks (or 多选) two boxes.
pub fn mark_of(text: &str) -> Option<Mark> {
    let one = |t: &str| match t {
        "满意" => Some(Mark::Satisfied),
        "基本满意" => Some(Mark::FairlySatisfied),
        "不满意" => Some(Mark::Dissatisfied),
        _ => None,
    };
    match text {
        "" | "未评" => return Some(Mark::NoRating),
        "多选" => return Some(Mark::TwoRatings),
        _ => {}
    }
    if let Some(mark) = one(text) {
        return Some(mark);
    }
    let parts: Vec<&str> = text
        .split(['/', '、', ',', '，', '+', ' ', '；', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let marks: Option<Vec<Mark>> = parts.iter().map(|p| one(p)).collect();
    match marks {
        Some(marks) if marks.len() >= 2 => Some(Mark::TwoRatings),
        _ => None,
    }
}

/// Reads a ballot file against the review's branches (`(id, name)` in the review's order):
/// one `BallotDraft` per sheet row, each with a mark for every branch in the review's order,
/// or `BallotFile` with every problem found.
pub fn parse(bytes: &[u8], branches: &[(String, String)]) -> Result<Vec<BallotDraft>> {
    let refuse = |problems: Vec<SheetProblem>| Err(Error::BallotFile(problems));
    let whole = |issue| SheetProblem {
        row: 0,
        column: None,
        header: None,
        issue,
        text: String::new(),
    };
    let Some(text) = crate::member_import::csv_text(bytes) else {
        return refuse(vec![whole(SheetIssue::Unreadable)]);
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map_or(0, |p| p.line() as u32);
                return refuse(vec![SheetProblem {
                    text: e.to_string(),
                    row,
                    ..whole(SheetIssue::Unreadable)
                }]);
            }
        };
        let line = record.position().map_or(0, |p| p.line() as u32);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push((line, cells));
        }
    }
    let mut rows = rows.into_iter();
    let Some((header_row, header)) = rows.next() else {
        return refuse(vec![whole(SheetIssue::Empty)]);
    };
    let mut problems = Vec::new();
    // Texts of the file are kept as an error shows them (no control characters, cut short).
    let at = |row: u32, col: usize, header: Option<&str>, issue, text: &str| SheetProblem {
        row,
        column: Some(col as u32 + 1),
        header: header.map(crate::org::shown_text),
        issue,
        text: crate::org::shown_text(text),
    };
    if !GROUP_HEADERS.contains(&header[0].to_lowercase().as_str()) {
        problems.push(at(
            header_row,
            0,
            None,
            SheetIssue::NoGroupColumn,
            &header[0],
        ));
    }
    // Which branch each column is (by the header), checked against the review's branches.
    let mut columns: Vec<Option<usize>> = Vec::new();
    for (col, name) in header.iter().enumerate().skip(1) {
        let found = branches.iter().position(|(_, n)| n == name);
        if name.is_empty() && found.is_none() {
            columns.push(None);
            continue;
        }
        match found {
            None => problems.push(at(header_row, col, None, SheetIssue::UnknownColumn, name)),
            Some(b) if columns.contains(&Some(b)) => {
                problems.push(at(header_row, col, None, SheetIssue::DuplicateColumn, name))
            }
            Some(_) => {}
        }
        columns.push(found);
    }
    for (b, (_, name)) in branches.iter().enumerate() {
        if !columns.contains(&Some(b)) {
            problems.push(SheetProblem {
                row: header_row,
                column: None,
                header: None,
                issue: SheetIssue::MissingBranch,
                text: name.clone(),
            });
        }
    }
    // Trailing empty header cells (a spreadsheet's extra commas) take no cells.
    let width = header
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(1, |i| i + 1);
    let mut sheets = Vec::new();
    for (row, mut cells) in rows {
        while cells.len() > width && cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if cells.len() != width {
            problems.push(SheetProblem {
                row,
                column: None,
                header: None,
                issue: SheetIssue::CellCount,
                text: format!("{} / {width}", cells.len()),
            });
            continue;
        }
        let group = group_of(&cells[0]);
        if group.is_none() {
            problems.push(at(row, 0, None, SheetIssue::BadGroup, &cells[0]));
        }
        let mut marks: Vec<Option<Mark>> = vec![None; branches.len()];
        for (col, cell) in cells.iter().enumerate().skip(1) {
            let Some(Some(b)) = columns.get(col - 1) else {
                // A mark under a column without a header belongs to no branch.
                if header[col].is_empty() && !cell.is_empty() {
                    problems.push(at(row, col, None, SheetIssue::UnknownColumn, cell));
                }
                continue;
            };
            match mark_of(cell) {
                Some(mark) => marks[*b] = Some(mark),
                None => problems.push(at(
                    row,
                    col,
                    Some(&branches[*b].1),
                    SheetIssue::BadMark,
                    cell,
                )),
            }
        }
        if let Some(group) = group {
            sheets.push(BallotDraft {
                group,
                marks: branches
                    .iter()
                    .zip(marks)
                    .map(|((id, _), mark)| BallotMark {
                        branch_id: id.clone(),
                        mark: mark.unwrap_or(Mark::NoRating),
                        comment: String::new(),
                    })
                    .collect(),
            });
        }
    }
    if problems.is_empty() && sheets.is_empty() {
        problems.push(SheetProblem {
            row: header_row,
            ..whole(SheetIssue::Empty)
        });
    }
    if problems.is_empty() {
        Ok(sheets)
    } else {
        refuse(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branches() -> Vec<(String, String)> {
        ["蔬菜", "畜牧", "农机"]
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("b{i}"), format!("{n}服务型党支部")))
            .collect()
    }

    fn problems(text: &str) -> Vec<SheetProblem> {
        match parse(text.as_bytes(), &branches()) {
            Err(Error::BallotFile(p)) => p,
            other => panic!("expected BallotFile, got {other:?}"),
        }
    }

    #[test]
    fn columns_are_read_by_their_header_into_the_review_order() {
        let text = "评议人,农机服务型党支部,蔬菜服务型党支部,畜牧服务型党支部\n\
                    党员,满意,基本满意,不满意\n\
                    \n\
                    resident,,满意/不满意,未评\n";
        let sheets = parse(text.as_bytes(), &branches()).unwrap();
        assert_eq!(sheets.len(), 2, "the empty row is skipped");
        let marks = |i: usize| -> Vec<(&str, Mark)> {
            sheets[i]
                .marks
                .iter()
                .map(|m| (m.branch_id.as_str(), m.mark))
                .collect()
        };
        assert_eq!(sheets[0].group, ReviewerGroup::Member);
        assert_eq!(
            marks(0),
            [
                ("b0", Mark::FairlySatisfied),
                ("b1", Mark::Dissatisfied),
                ("b2", Mark::Satisfied)
            ]
        );
        assert_eq!(sheets[1].group, ReviewerGroup::Resident);
        assert_eq!(
            marks(1),
            [
                ("b0", Mark::TwoRatings),
                ("b1", Mark::NoRating),
                ("b2", Mark::NoRating)
            ]
        );
    }

    #[test]
    fn marks_are_the_apps_words() {
        assert_eq!(mark_of("基本满意"), Some(Mark::FairlySatisfied));
        assert_eq!(mark_of("满意、基本满意"), Some(Mark::TwoRatings));
        assert_eq!(mark_of("多选"), Some(Mark::TwoRatings));
        assert_eq!(mark_of("很好"), None);
        assert_eq!(
            mark_of("满意/很好"),
            None,
            "a second word must be a mark too"
        );
        assert_eq!(mark_of("1"), None, "keys are for the window");
    }

    #[test]
    fn every_problem_is_named_by_row_and_column() {
        let text = "评议人,蔬菜服务型党支部,畜牧服务型党支部,农机服务型党支部\n\
                    党员,满意,很好,满意\n\
                    村民,满意,满意,满意\n\
                    群众,满意,满意\n";
        let found = problems(text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(
            (found[0].row, found[0].column, found[0].issue),
            (2, Some(3), SheetIssue::BadMark)
        );
        assert_eq!(found[0].header.as_deref(), Some("畜牧服务型党支部"));
        assert!(
            found[0].describe().contains("第 2 行第 3 列"),
            "{}",
            found[0].describe()
        );
        assert_eq!((found[1].row, found[1].issue), (3, SheetIssue::BadGroup));
        assert_eq!((found[2].row, found[2].issue), (4, SheetIssue::CellCount));
    }

    #[test]
    fn a_header_of_another_community_is_refused() {
        let text =
            "评议人,蔬菜服务型党支部,果品加工服务型党支部,蔬菜服务型党支部\n党员,满意,满意,满意\n";
        let issues: Vec<(SheetIssue, String)> = problems(text)
            .into_iter()
            .map(|p| (p.issue, p.text))
            .collect();
        assert_eq!(
            issues,
            [
                (SheetIssue::UnknownColumn, "果品加工服务型党支部".to_owned()),
                (SheetIssue::DuplicateColumn, "蔬菜服务型党支部".to_owned()),
                (SheetIssue::MissingBranch, "畜牧服务型党支部".to_owned()),
                (SheetIssue::MissingBranch, "农机服务型党支部".to_owned()),
            ]
        );
        let no_group = problems("姓名,蔬菜服务型党支部,畜牧服务型党支部,农机服务型党支部\n");
        assert_eq!(no_group.len(), 1, "{no_group:?}");
        assert_eq!(no_group[0].issue, SheetIssue::NoGroupColumn);
        let header_only = problems("评议人,蔬菜服务型党支部,畜牧服务型党支部,农机服务型党支部\n");
        assert_eq!(
            (header_only[0].row, header_only[0].issue),
            (1, SheetIssue::Empty)
        );
    }

    #[test]
    fn gbk_text_reads_and_other_bytes_are_refused() {
        let text = "评议人,蔬菜服务型党支部,畜牧服务型党支部,农机服务型党支部\n群众,满意,不满意,基本满意\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(parse(&gbk, &branches()).unwrap().len(), 1);
        let bad = parse(&[b'a', 0xff, 0xff, b'\n'], &branches()).unwrap_err();
        assert!(
            matches!(bad, Error::BallotFile(ref p) if p[0].issue == SheetIssue::Unreadable),
            "{bad:?}"
        );
        assert_eq!(problems("")[0].issue, SheetIssue::Empty);
    }
}
