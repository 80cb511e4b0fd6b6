//! The Party member activity week (党员活动周): "the second week of every month", made an explicit,
//! named rule because "second week" is ambiguous. Each rule gives a 7-day window per month; a
//! branch's activity day (党员活动日) is its chosen weekday inside that window.
//!
//! The window never leaves its month: `second-weekday` is days 8–14, `second-monday-week` starts on
//! the second Monday (day 8–14) so it ends by day 20, and `second-calendar-row` starts on the first
//! Monday after the 1st (day 2–8) so it ends by day 14. The spec's "a 7-day window per month" and
//! "lies in the month" therefore both hold; the property tests below check it for 1990–2100.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, FieldRule, Result};

/// Earliest year the planner computes dates for.
pub const MIN_YEAR: i32 = 1900;
/// Latest year the planner computes dates for.
pub const MAX_YEAR: i32 = 2200;

/// Which 7 days of a month are the activity week. Chosen per community; the UI shows it wherever
/// dates appear.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ActivityWeekRule {
    /// Days 8–14 of the month: each weekday's second occurrence ("每月8日至14日"). The default.
    #[default]
    SecondWeekday,
    /// Monday to Sunday starting on the month's second Monday.
    SecondMondayWeek,
    /// The second row of a Monday-first wall calendar: Monday to Sunday starting on the first
    /// Monday after the 1st (days 8–14 when the 1st is a Monday).
    SecondCalendarRow,
}

impl ActivityWeekRule {
    pub const ALL: [ActivityWeekRule; 3] = [
        ActivityWeekRule::SecondWeekday,
        ActivityWeekRule::SecondMondayWeek,
        ActivityWeekRule::SecondCalendarRow,
    ];

    /// The name used in files, the CLI and IPC (`second-weekday`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityWeekRule::SecondWeekday => "second-weekday",
            ActivityWeekRule::SecondMondayWeek => "second-monday-week",
            ActivityWeekRule::SecondCalendarRow => "second-calendar-row",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// How the UI names the rule in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            ActivityWeekRule::SecondWeekday => "每月8日至14日",
            ActivityWeekRule::SecondMondayWeek => "第二个周一起的一周",
            ActivityWeekRule::SecondCalendarRow => "月历第二行",
        }
    }

    /// How the UI names the rule in English.
    pub fn label_en(self) -> &'static str {
        match self {
            ActivityWeekRule::SecondWeekday => "Days 8–14 of the month",
            ActivityWeekRule::SecondMondayWeek => "The week from the second Monday",
            ActivityWeekRule::SecondCalendarRow => "Second row of the wall calendar",
        }
    }
}

/// A day of the week as the UI and the CLI name it (`mon` … `sun`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// Monday first, as on a Chinese wall calendar.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == text)
    }

    /// 周一 … 周日.
    pub fn label_zh(self) -> &'static str {
        match self {
            Weekday::Mon => "周一",
            Weekday::Tue => "周二",
            Weekday::Wed => "周三",
            Weekday::Thu => "周四",
            Weekday::Fri => "周五",
            Weekday::Sat => "周六",
            Weekday::Sun => "周日",
        }
    }

    /// Monday … Sunday.
    pub fn label_en(self) -> &'static str {
        match self {
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
        }
    }

    /// 0 for Monday … 6 for Sunday.
    pub fn days_from_monday(self) -> u32 {
        self as u32
    }

    pub fn of(date: NaiveDate) -> Self {
        Self::from(date.weekday())
    }
}

impl From<chrono::Weekday> for Weekday {
    fn from(day: chrono::Weekday) -> Self {
        Self::ALL[day.num_days_from_monday() as usize]
    }
}

impl From<Weekday> for chrono::Weekday {
    fn from(day: Weekday) -> Self {
        match day {
            Weekday::Mon => chrono::Weekday::Mon,
            Weekday::Tue => chrono::Weekday::Tue,
            Weekday::Wed => chrono::Weekday::Wed,
            Weekday::Thu => chrono::Weekday::Thu,
            Weekday::Fri => chrono::Weekday::Fri,
            Weekday::Sat => chrono::Weekday::Sat,
            Weekday::Sun => chrono::Weekday::Sun,
        }
    }
}

/// One month's activity week: 7 consecutive days, `start` to `end` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActivityWeek {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl ActivityWeek {
    /// The week of 7 days that starts on `start`.
    pub fn starting(start: NaiveDate) -> Self {
        ActivityWeek {
            start,
            end: start + Days::new(6),
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The 7 days in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        self.start.iter_days().take(7)
    }

    /// The day of the week that falls on `weekday` (each weekday occurs exactly once).
    pub fn day_of(&self, weekday: Weekday) -> NaiveDate {
        let offset =
            (7 + weekday.days_from_monday() - Weekday::of(self.start).days_from_monday()) % 7;
        self.start + Days::new(u64::from(offset))
    }
}

/// A year the planner computes dates for, or `Error::Invalid` on field `year`.
pub fn check_year(year: i32) -> Result<i32> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(Error::invalid("year", FieldRule::BadYear))
    }
}

/// The activity week of `month` (1–12) in `year` (`MIN_YEAR`–`MAX_YEAR`) under `rule`.
pub fn window(rule: ActivityWeekRule, year: i32, month: u32) -> Result<ActivityWeek> {
    check_year(year)?;
    let first = NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| Error::invalid("month", FieldRule::BadChoice))?;
    Ok(window_from_first(rule, first))
}

/// The activity week of the month whose first day is `first`.
pub(crate) fn window_from_first(rule: ActivityWeekRule, first: NaiveDate) -> ActivityWeek {
    let from_monday = u64::from(first.weekday().num_days_from_monday());
    let start_offset = match rule {
        ActivityWeekRule::SecondWeekday => 7,
        // The first Monday on or after the 1st, then one week on.
        ActivityWeekRule::SecondMondayWeek => (7 - from_monday) % 7 + 7,
        // The first Monday after the 1st; when the 1st is a Monday that is the 8th.
        ActivityWeekRule::SecondCalendarRow => 7 - from_monday,
    };
    ActivityWeek::starting(first + Days::new(start_offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_rule_gives_seven_days_inside_the_month_with_each_weekday_once() {
        for rule in ActivityWeekRule::ALL {
            for year in 1990..=2100 {
                for month in 1..=12 {
                    let w = window(rule, year, month).unwrap();
                    let days: Vec<NaiveDate> = w.days().collect();
                    assert_eq!(days.len(), 7);
                    assert_eq!((w.end - w.start).num_days(), 6, "{rule:?} {year}-{month}");
                    assert_eq!(*days.last().unwrap(), w.end);
                    for day in [w.start, w.end] {
                        assert_eq!(
                            (day.year(), day.month()),
                            (year, month),
                            "{rule:?} {year}-{month}: the window lies in the month"
                        );
                    }
                    let mut seen = [0; 7];
                    for day in &days {
                        seen[Weekday::of(*day).days_from_monday() as usize] += 1;
                    }
                    assert_eq!(seen, [1; 7], "{rule:?} {year}-{month}: each weekday once");
                    for weekday in Weekday::ALL {
                        let fixed = w.day_of(weekday);
                        assert!(w.contains(fixed));
                        assert_eq!(Weekday::of(fixed), weekday);
                    }
                    match rule {
                        ActivityWeekRule::SecondWeekday => {
                            assert_eq!((w.start.day(), w.end.day()), (8, 14));
                        }
                        ActivityWeekRule::SecondMondayWeek => {
                            assert_eq!(Weekday::of(w.start), Weekday::Mon);
                            assert!((8..=14).contains(&w.start.day()), "the second Monday");
                        }
                        ActivityWeekRule::SecondCalendarRow => {
                            assert_eq!(Weekday::of(w.start), Weekday::Mon);
                            let first = d(year, month, 1);
                            let row_one = (w.start - first).num_days();
                            assert!(
                                (1..=7).contains(&row_one),
                                "{year}-{month}: the 1st is in the row before"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_rules_differ_as_documented() {
        // 2024-04-01 is a Monday: calendar row two is 8–14, the second Monday is also the 8th.
        let row = window(ActivityWeekRule::SecondCalendarRow, 2024, 4).unwrap();
        assert_eq!((row.start, row.end), (d(2024, 4, 8), d(2024, 4, 14)));
        // 2024-09-01 is a Sunday: row two starts Monday the 2nd; the second Monday is the 9th.
        let row = window(ActivityWeekRule::SecondCalendarRow, 2024, 9).unwrap();
        assert_eq!((row.start, row.end), (d(2024, 9, 2), d(2024, 9, 8)));
        let mon = window(ActivityWeekRule::SecondMondayWeek, 2024, 9).unwrap();
        assert_eq!((mon.start, mon.end), (d(2024, 9, 9), d(2024, 9, 15)));
        // 2024-02-01 is a Thursday: row two starts the 5th, the second Monday is the 12th.
        let row = window(ActivityWeekRule::SecondCalendarRow, 2024, 2).unwrap();
        assert_eq!(row.start, d(2024, 2, 5));
        let mon = window(ActivityWeekRule::SecondMondayWeek, 2024, 2).unwrap();
        assert_eq!((mon.start, mon.end), (d(2024, 2, 12), d(2024, 2, 18)));
        let days = window(ActivityWeekRule::SecondWeekday, 2024, 2).unwrap();
        assert_eq!((days.start, days.end), (d(2024, 2, 8), d(2024, 2, 14)));
    }

    #[test]
    fn bad_month_or_year_is_a_field_error() {
        for (year, month, field) in [(2024, 13, "month"), (2024, 0, "month"), (99999, 1, "year")] {
            match window(ActivityWeekRule::default(), year, month) {
                Err(Error::Invalid(fields)) => assert_eq!(fields[0].field, field),
                other => panic!("{year}-{month} should be refused, got {other:?}"),
            }
        }
        assert!(window(ActivityWeekRule::default(), MIN_YEAR, 1).is_ok());
        assert!(window(ActivityWeekRule::default(), MAX_YEAR, 12).is_ok());
        assert!(window(ActivityWeekRule::default(), MIN_YEAR - 1, 12).is_err());
    }

    #[test]
    fn names_round_trip_through_serde_and_parse() {
        assert_eq!(ActivityWeekRule::default(), ActivityWeekRule::SecondWeekday);
        for rule in ActivityWeekRule::ALL {
            let json = serde_json::to_string(&rule).unwrap();
            assert_eq!(json, format!("\"{}\"", rule.as_str()));
            assert_eq!(ActivityWeekRule::parse(rule.as_str()), Some(rule));
        }
        let names: Vec<&str> = Weekday::ALL.iter().map(|w| w.as_str()).collect();
        assert_eq!(names, ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
        for day in Weekday::ALL {
            assert_eq!(
                serde_json::to_string(&day).unwrap(),
                format!("\"{}\"", day.as_str())
            );
            assert_eq!(Weekday::parse(day.as_str()), Some(day));
            assert_eq!(Weekday::from(chrono::Weekday::from(day)), day);
        }
        assert_eq!(Weekday::parse("xyz"), None);
        assert_eq!(Weekday::parse("Mon"), None, "names are lower case");
        assert_eq!(ActivityWeekRule::parse("second-week"), None);
        assert_eq!(Weekday::Sun.label_zh(), "周日");
        assert_eq!(ActivityWeekRule::SecondCalendarRow.label_zh(), "月历第二行");
    }
}
