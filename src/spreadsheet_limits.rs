//! Limits that keep a hostile spreadsheet from exhausting the machine, checked before a
//! spreadsheet library allocates anything for it. A member list is small: a whole city's
//! register is 20,000 rows of 9 columns, a few MB. Checked, in order:
//! - the file's size on disk, before it is read (`read_bounded`);
//! - for zip workbooks (.xlsx, .ods): every part's unpacked size, their sum and their
//!   compression ratio as the archive declares them, and then as they really unpack (a part
//!   that unpacks to more than it declared is refused);
//! - for .xlsx: the shared-string count the file declares (a reader reserves room for it), and
//!   the largest row and column any cell or dimension names (a reader allocates the rectangle
//!   up to the farthest cell, so one cell at XFD1048576 would ask for 17 billion).
//!
//! What is over a limit is an `ImportFile` error with `TooLarge`, naming the limit.

use std::io::{Cursor, Read};
use std::path::Path;

use crate::error::{Error, Result};
use crate::files::naming;
use crate::member_import::ImportFileReason;

/// Largest file read as a member list.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Most rows (the header included) a member list sheet may reach.
pub const MAX_ROWS: u64 = 50_000;
/// Most columns a member list sheet may reach.
pub const MAX_COLUMNS: u64 = 64;
/// Largest unpacked part of a workbook, and all parts together.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;
/// Above this a part's compression ratio marks a deflate bomb (XML of real data packs ~10:1).
const MAX_RATIO: u64 = 200;
/// Most shared strings a workbook may declare.
const MAX_SHARED_STRINGS: u64 = 1_000_000;

fn too_large(what: impl Into<String>) -> Error {
    Error::ImportFile {
        reason: ImportFileReason::TooLarge,
        detail: what.into(),
    }
}

/// The file's bytes, after checking its size (read no further than the limit, in case it grows).
pub fn read_bounded(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| naming(path, e.into()))?;
    let len = file.metadata().map_err(|e| naming(path, e.into()))?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_large(format!(
            "文件 {} MB，上限 20 MB",
            len / (1024 * 1024)
        )));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| naming(path, e.into()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large("文件超过 20 MB"));
    }
    Ok(bytes)
}

/// Checks a workbook's bytes; files that are not zip archives (.xls) pass on to the reader,
/// bounded by the file size alone.
pub fn check_workbook(bytes: &[u8]) -> Result<()> {
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    // Not a readable archive: the spreadsheet reader says so in its own words.
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else {
            return Ok(());
        };
        let size = part.size();
        total = total.saturating_add(size);
        if size > MAX_PART_BYTES || total > MAX_UNPACKED_BYTES {
            return Err(too_large("解压后超过 128 MB"));
        }
        if size > 1024 * 1024 && size / part.compressed_size().max(1) > MAX_RATIO {
            let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
            return Err(too_large(format!("{name} 的压缩比异常")));
        }
    }
    for i in 0..zip.len() {
        let Ok(mut part) = zip.by_index(i) else {
            return Ok(());
        };
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let declared = part.size();
        let is_sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        let is_strings = name == "xl/sharedStrings.xml";
        if !is_sheet && !is_strings {
            continue;
        }
        let mut xml = Vec::new();
        let read = (&mut part)
            .take(declared.min(MAX_PART_BYTES) + 1)
            .read_to_end(&mut xml);
        if read.is_err() {
            return Ok(());
        }
        if xml.len() as u64 > declared {
            return Err(too_large(format!("{name} 解压后比声明的大")));
        }
        if is_strings {
            for attribute in ["uniqueCount=\"", "count=\""] {
                if first_number_after(&xml, attribute).is_some_and(|n| n > MAX_SHARED_STRINGS) {
                    return Err(too_large("共享字符串超过 100 万个"));
                }
            }
        } else {
            let (rows, columns) = farthest_cell(&xml);
            if rows > MAX_ROWS {
                return Err(too_large(format!("行数达到 {rows}，上限 {MAX_ROWS} 行")));
            }
            if columns > MAX_COLUMNS {
                return Err(too_large(format!(
                    "列数达到 {columns}，上限 {MAX_COLUMNS} 列"
                )));
            }
        }
    }
    Ok(())
}

/// The number right after the first `attribute` (e.g. `count="`) in the first 4 KB.
fn first_number_after(xml: &[u8], attribute: &str) -> Option<u64> {
    let head = &xml[..xml.len().min(4096)];
    let at = find(head, attribute.as_bytes())? + attribute.len();
    let digits: String = head[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .map(|b| *b as char)
        .collect();
    // Too many digits to parse is too many strings.
    Some(digits.parse().unwrap_or(u64::MAX))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The largest row and column (1-based) named by any `r="…"` reference of a sheet (cells
/// `A1`, rows `1`) or its `<dimension ref="A1:C9">`.
fn farthest_cell(xml: &[u8]) -> (u64, u64) {
    let mut far = (0u64, 0u64);
    let mut note = |reference: &[u8]| {
        let letters = reference
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let column = reference[..letters].iter().fold(0u64, |n, b| {
            n.saturating_mul(26)
                .saturating_add(u64::from(b.to_ascii_uppercase() - b'A' + 1))
        });
        let digits: Vec<u8> = reference[letters..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .copied()
            .collect();
        let row = std::str::from_utf8(&digits)
            .ok()
            .and_then(|d| d.parse::<u64>().ok())
            .unwrap_or(if digits.is_empty() { 0 } else { u64::MAX });
        far = (far.0.max(row), far.1.max(column));
    };
    for pattern in [&b" r=\""[..], &b"ref=\""[..]] {
        let mut rest = xml;
        while let Some(at) = find(rest, pattern) {
            rest = &rest[at + pattern.len()..];
            let end = rest.iter().position(|b| *b == b'"').unwrap_or(rest.len());
            for part in rest[..end].split(|b| *b == b':') {
                note(part);
            }
        }
    }
    far
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_farthest_cell_counts_rows_columns_and_dimensions() {
        let sheet = br#"<worksheet><dimension ref="A1:C3"/><sheetData><row r="2"><c r="B2" t="s"><v>0</v></c></row><row r="40"><c r="AA40"/></row></sheetData></worksheet>"#;
        assert_eq!(farthest_cell(sheet), (40, 27));
        assert_eq!(
            farthest_cell(br#"<c r="XFD1048576"/>"#),
            (1_048_576, 16_384)
        );
        assert_eq!(
            farthest_cell(br#"<dimension ref="A1:XFD1048576"/>"#),
            (1_048_576, 16_384)
        );
    }

    #[test]
    fn a_declared_count_is_read_from_the_head() {
        let strings =
            br#"<?xml version="1.0"?><sst xmlns="x" count="100000000000" uniqueCount="3">"#;
        assert_eq!(
            first_number_after(strings, "count=\""),
            Some(100_000_000_000)
        );
        assert_eq!(first_number_after(strings, "uniqueCount=\""), Some(3));
    }
}
