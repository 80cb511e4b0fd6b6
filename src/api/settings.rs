//! Preferences kept with the data.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::settings;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Language {
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppSettings {
    /// Chinese unless the user switched.
    pub language: Language,
    /// How many days before an activity day the reminder comes (0 = only on the day).
    pub reminder_days_before: u32,
    /// How many automatic daily backups are kept (the newest ones).
    pub auto_backup_keep: u32,
}

/// Reminders come three days ahead unless the user says otherwise.
pub const DEFAULT_REMINDER_DAYS: u32 = 3;
const MAX_REMINDER_DAYS: u32 = 30;

const LANGUAGE_KEY: &str = "language";
const REMINDER_KEY: &str = "reminder_days_before";
const BACKUP_KEEP_KEY: &str = "auto_backup_keep";

/// What the app shows about itself: where the data lives and whether it is a first run.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    /// No towns yet: the app offers the demo town or an empty start.
    pub register_empty: bool,
    /// The app's day: every "this month", default date and reminder in the window goes by it.
    pub today: NaiveDate,
    /// The day was fixed at start-up (`--today`): the window says so.
    pub today_fixed: bool,
    /// The database file could not be opened (damaged, from a newer app, …): the window shows
    /// only the way out, restoring a backup, and says why.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_problem: Option<crate::error::ApiError>,
    /// The database can only be read (a write-protected stick, no permission): the window says
    /// so before anyone types something that cannot be saved.
    pub read_only: bool,
}

/// What the window shows about itself. `problem` is why the database file did not open; the
/// shell then serves an empty in-memory database in its place.
pub fn app_info(
    conn: &Connection,
    db_path: &std::path::Path,
    today: NaiveDate,
    today_fixed: bool,
    problem: Option<crate::error::ApiError>,
) -> Result<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        db_path: db_path.display().to_string(),
        register_empty: problem.is_none() && crate::api::register::is_empty(conn)?,
        today,
        today_fixed,
        database_problem: problem,
        read_only: crate::db::is_read_only(conn),
    })
}

pub fn get(conn: &Connection) -> Result<AppSettings> {
    let language = match settings::get(conn, LANGUAGE_KEY)?.as_deref() {
        Some("en") => Language::En,
        _ => Language::ZhCn,
    };
    let reminder_days_before = settings::get(conn, REMINDER_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_REMINDER_DAYS);
    let auto_backup_keep = settings::get(conn, BACKUP_KEEP_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|n| (1..=crate::backup::MAX_KEEP).contains(n))
        .unwrap_or(crate::backup::DEFAULT_KEEP);
    Ok(AppSettings {
        language,
        reminder_days_before,
        auto_backup_keep,
    })
}

pub fn save(conn: &Connection, new: &AppSettings) -> Result<AppSettings> {
    let code = match new.language {
        Language::ZhCn => "zh-CN",
        Language::En => "en",
    };
    if new.reminder_days_before > MAX_REMINDER_DAYS {
        return Err(crate::error::Error::invalid(
            "reminderDaysBefore",
            crate::error::FieldRule::BadChoice,
        ));
    }
    if !(1..=crate::backup::MAX_KEEP).contains(&new.auto_backup_keep) {
        return Err(crate::error::Error::invalid(
            "autoBackupKeep",
            crate::error::FieldRule::BadChoice,
        ));
    }
    settings::set(conn, LANGUAGE_KEY, code)?;
    settings::set(conn, BACKUP_KEEP_KEY, &new.auto_backup_keep.to_string())?;
    settings::set(conn, REMINDER_KEY, &new.reminder_days_before.to_string())?;
    get(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_by_default_and_english_kept_once_chosen() {
        let conn = crate::db::open_in_memory().unwrap();
        assert_eq!(get(&conn).unwrap().language, Language::ZhCn);
        assert_eq!(
            get(&conn).unwrap().reminder_days_before,
            DEFAULT_REMINDER_DAYS
        );
        assert_eq!(
            get(&conn).unwrap().auto_backup_keep,
            crate::backup::DEFAULT_KEEP
        );
        let english = AppSettings {
            language: Language::En,
            reminder_days_before: 5,
            auto_backup_keep: 3,
        };
        save(&conn, &english).unwrap();
        assert_eq!(get(&conn).unwrap().reminder_days_before, 5);
        assert_eq!(get(&conn).unwrap().auto_backup_keep, 3);
        let too_far = AppSettings {
            language: Language::En,
            reminder_days_before: 99,
            auto_backup_keep: 3,
        };
        assert!(
            save(&conn, &too_far).is_err(),
            "more than 30 days ahead is refused"
        );
        for keep in [0, crate::backup::MAX_KEEP + 1] {
            let bad = AppSettings {
                auto_backup_keep: keep,
                ..english.clone()
            };
            assert!(save(&conn, &bad).is_err(), "keep {keep} is refused");
        }
        assert_eq!(get(&conn).unwrap().auto_backup_keep, 3);
        assert_eq!(get(&conn).unwrap().language, Language::En);
    }
}
