//! The holiday schedules the app uses: built in, imported by users, edited by hand.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity_week::check_year;
use crate::db::holidays;
use crate::error::{Error, FieldRule, Result};
use crate::holiday::{HolidayBreak, HolidayCalendar, HolidayDay, YearSchedule, BUILTIN_YEARS};
use crate::org::MAX_NAME_CHARS;

/// Where a year's schedule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum HolidaySource {
    Builtin,
    Imported,
    /// Only days entered by hand.
    Manual,
    /// 节假日安排未发布: dates are computed without moves.
    None,
}

/// A hand edit of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum HolidayEditKind {
    /// A day off (休).
    Off,
    /// A make-up workday (班).
    Work,
    /// An ordinary day: a listed day taken out.
    Normal,
}

impl HolidayEditKind {
    fn as_str(self) -> &'static str {
        match self {
            HolidayEditKind::Off => "off",
            HolidayEditKind::Work => "work",
            HolidayEditKind::Normal => "normal",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "off" => HolidayEditKind::Off,
            "work" => HolidayEditKind::Work,
            _ => HolidayEditKind::Normal,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HolidayEdit {
    pub date: NaiveDate,
    pub kind: HolidayEditKind,
    pub name: String,
}

/// One year as the holiday settings page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HolidayYear {
    pub year: i32,
    pub source: HolidaySource,
    /// The imported file's name, for an imported year.
    pub file_name: Option<String>,
    /// The days in effect, edits applied.
    pub days: Vec<HolidayDay>,
    pub edits: Vec<HolidayEdit>,
    pub breaks: Vec<HolidayBreak>,
}

struct Stored {
    schedules: BTreeMap<i32, (HolidaySource, Option<String>, YearSchedule)>,
    edits: Vec<HolidayEdit>,
}

fn stored(conn: &Connection) -> Result<Stored> {
    let builtin = HolidayCalendar::builtin();
    let mut schedules = BTreeMap::new();
    for year in BUILTIN_YEARS {
        if let Some(schedule) = builtin.schedule(year) {
            schedules.insert(year, (HolidaySource::Builtin, None, schedule.clone()));
        }
    }
    for (year, source, json) in holidays::imported_years(conn)? {
        let schedule = YearSchedule::from_holiday_cn_json(&json)?;
        schedules.insert(year, (HolidaySource::Imported, Some(source), schedule));
    }
    let edits = holidays::edits(conn)?
        .into_iter()
        .map(|(date, kind, name)| HolidayEdit {
            date,
            kind: HolidayEditKind::parse(&kind),
            name,
        })
        .collect::<Vec<_>>();
    for edit in &edits {
        let year = edit.date.year();
        let entry = schedules.entry(year).or_insert_with(|| {
            (
                HolidaySource::Manual,
                None,
                YearSchedule {
                    year,
                    papers: Vec::new(),
                    days: Vec::new(),
                },
            )
        });
        let days = &mut entry.2.days;
        days.retain(|d| d.date != edit.date);
        if edit.kind != HolidayEditKind::Normal {
            days.push(HolidayDay {
                name: edit.name.clone(),
                date: edit.date,
                is_off_day: edit.kind == HolidayEditKind::Off,
            });
            days.sort_by_key(|d| d.date);
        }
    }
    Ok(Stored { schedules, edits })
}

/// The calendar every schedule computation uses: built-in years, replaced by imported ones,
/// with hand edits on top.
pub fn calendar(conn: &Connection) -> Result<HolidayCalendar> {
    let stored = stored(conn)?;
    Ok(HolidayCalendar::from_schedules(
        stored.schedules.into_values().map(|(_, _, s)| s),
    ))
}

/// One year's schedule, edits and breaks; a year with nothing known has source `none`.
pub fn holiday_year(conn: &Connection, year: i32) -> Result<HolidayYear> {
    let year = check_year(year)?;
    let stored = stored(conn)?;
    let calendar =
        HolidayCalendar::from_schedules(stored.schedules.values().map(|(_, _, s)| s.clone()));
    let edits = stored
        .edits
        .into_iter()
        .filter(|e| e.date.year() == year)
        .collect();
    let breaks = calendar.breaks_in(year).cloned().collect();
    Ok(match stored.schedules.get(&year) {
        Some((source, file_name, schedule)) => HolidayYear {
            year,
            source: *source,
            file_name: file_name.clone(),
            days: schedule.days.clone(),
            edits,
            breaks,
        },
        None => HolidayYear {
            year,
            source: HolidaySource::None,
            file_name: None,
            days: Vec::new(),
            edits,
            breaks,
        },
    })
}

/// Imports one year's schedule from a holiday-cn JSON file or an .ics calendar; it replaces the
/// built-in or an earlier imported schedule of that year. Hand edits stay on top.
pub fn import_holiday_file(conn: &mut Connection, path: &Path) -> Result<HolidayYear> {
    let schedule = read_holiday_file(path)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    store_schedule(conn, &schedule, &file_name)
}

/// Where a schedule read from a pasted notice says it came from.
pub const NOTICE_SOURCE: &str = "国务院放假通知";

/// 设置 → 节假日安排 → 粘贴放假通知: what the notice text says for `year`, to show before saving.
pub fn read_notice(year: i32, text: &str) -> Result<YearSchedule> {
    crate::holiday::notice::read_notice(year, text)
}

/// Saves the schedule read from a notice (read again here: the preview is never trusted) as
/// the year's, like an imported file.
pub fn save_notice(conn: &mut Connection, year: i32, text: &str) -> Result<HolidayYear> {
    let schedule = read_notice(year, text)?;
    store_schedule(conn, &schedule, NOTICE_SOURCE)
}

/// A notice saved as a text file (UTF-8 or GBK), for `planner holidays from-notice`.
pub fn read_notice_file(path: &Path, year: i32) -> Result<YearSchedule> {
    let bytes = crate::files::read_limited(path, MAX_HOLIDAY_FILE_BYTES)?;
    let text = crate::member_import::csv_text(&bytes)
        .ok_or_else(|| Error::HolidayFile(format!("{}: 不是 UTF-8 或 GBK 文字", path.display())))?;
    read_notice(year, &text)
}

/// Stores a checked schedule as its year's (replacing the built-in or an earlier one; hand
/// edits stay on top), `source` saying where it came from.
pub fn store_schedule(
    conn: &mut Connection,
    schedule: &YearSchedule,
    source: &str,
) -> Result<HolidayYear> {
    let json = serde_json::to_string(schedule)
        .map_err(|e| Error::HolidayFile(format!("cannot store the schedule: {e}")))?;
    let tx = conn.transaction()?;
    holidays::upsert_year(&tx, schedule.year, source, &json)?;
    tx.commit()?;
    holiday_year(conn, schedule.year)
}

/// The largest holiday file read: a year's schedule is a few kilobytes.
pub const MAX_HOLIDAY_FILE_BYTES: u64 = 1 << 20;

/// A year's schedule from a holiday-cn JSON file or an .ics (by its extension). What is wrong
/// with a file is a `HolidayFile` error that names it (a missing or too large one says so).
pub fn read_holiday_file(path: &Path) -> Result<YearSchedule> {
    let in_file = |message: String| Error::HolidayFile(format!("{}: {message}", path.display()));
    let bytes = crate::files::read_limited(path, MAX_HOLIDAY_FILE_BYTES).map_err(|e| match e {
        // Missing, unreadable or too large: still a holiday file the user must fix.
        Error::File { source, .. } => in_file(format!("cannot read it: {source}")),
        other => in_file(format!("cannot read it: {other}")),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| in_file("not UTF-8 text".into()))?;
    let is_ics = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ics"));
    let schedule = if is_ics {
        crate::ics::holiday_schedule_from_ics(&text)
    } else {
        YearSchedule::from_holiday_cn_json(&text)
    };
    schedule.map_err(|e| match e {
        Error::HolidayFile(message) => in_file(message),
        other => other,
    })
}

/// Sets or clears (`kind: None`) the hand edit of one day.
pub fn edit_holiday_day(
    conn: &mut Connection,
    date: NaiveDate,
    kind: Option<HolidayEditKind>,
    name: &str,
) -> Result<HolidayYear> {
    check_year(date.year())?;
    let name = name.trim();
    if kind == Some(HolidayEditKind::Off) && name.is_empty() {
        return Err(Error::invalid("name", FieldRule::Required));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid("name", FieldRule::TooLong));
    }
    let tx = conn.transaction()?;
    match kind {
        Some(kind) => holidays::upsert_edit(&tx, date, kind.as_str(), name)?,
        None => {
            holidays::delete_edit(&tx, date)?;
        }
    }
    tx.commit()?;
    holiday_year(conn, date.year())
}
