//! The State Council's public-holiday schedules (国务院节假日安排) and the holiday *breaks* derived
//! from them, so an activity day that lands in the Spring Festival can be moved.
//!
//! The schedules for 2020–2026 are built in (`src/holiday/data/`, from NateScarlet/holiday-cn,
//! MIT — see `SOURCE.md` there); later years are imported in the same JSON format.
//!
//! **The break rule.** A *rest day* is a listed off-day, or a Saturday or Sunday that is not a
//! listed make-up workday (调休上班). A *holiday break* is a maximal run of consecutive rest days
//! that contains at least one listed off-day; every day of it counts as a holiday, named after its
//! off-days (so 2024-06-08 and 06-09 belong to the 端午节 break though only 06-10 is listed).
//! A weekend with no off-day next to it is not a break. Runs are computed across year ends from
//! every year the calendar holds (the 2024 元旦 break starts on Saturday 2023-12-30).

pub mod notice;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity_week::{MAX_YEAR, MIN_YEAR};
use crate::error::{Error, Result};

/// The built-in schedules, one holiday-cn file a year.
const BUILTIN: [&str; 7] = [
    include_str!("holiday/data/2020.json"),
    include_str!("holiday/data/2021.json"),
    include_str!("holiday/data/2022.json"),
    include_str!("holiday/data/2023.json"),
    include_str!("holiday/data/2024.json"),
    include_str!("holiday/data/2025.json"),
    include_str!("holiday/data/2026.json"),
];

/// The years whose schedules ship with the app.
pub const BUILTIN_YEARS: std::ops::RangeInclusive<i32> = 2020..=2026;

/// One listed day of a schedule, as holiday-cn writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HolidayDay {
    /// The holiday's Chinese name (春节, 国庆节、中秋节, …).
    pub name: String,
    pub date: NaiveDate,
    /// `true`: a day off; `false`: a make-up workday (调休上班).
    pub is_off_day: bool,
}

/// One year's schedule in the holiday-cn format (`year`, `papers`, `days`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct YearSchedule {
    pub year: i32,
    /// Links to the State Council notices the schedule comes from.
    #[serde(default)]
    pub papers: Vec<String>,
    pub days: Vec<HolidayDay>,
}

impl YearSchedule {
    /// Read one year of holiday-cn JSON. A file that is not that format, lists no days (a year
    /// not yet published), lists a date twice or far from its year is an `Error::HolidayFile`.
    pub fn from_holiday_cn_json(text: &str) -> Result<YearSchedule> {
        let schedule: YearSchedule = serde_json::from_str(text)
            .map_err(|e| Error::HolidayFile(format!("not a holiday-cn JSON file: {e}")))?;
        schedule.checked()
    }

    fn checked(self) -> Result<YearSchedule> {
        let year = self.year;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(Error::HolidayFile(format!(
                "year {year} is outside {MIN_YEAR}–{MAX_YEAR}"
            )));
        }
        if self.days.is_empty() {
            return Err(Error::HolidayFile(format!(
                "no days listed for {year}: the schedule is not published yet"
            )));
        }
        let mut seen = std::collections::BTreeSet::new();
        for day in &self.days {
            if (day.date.year() - year).abs() > 1 {
                return Err(Error::HolidayFile(format!(
                    "{} is not in or next to {year}",
                    day.date
                )));
            }
            if day.name.trim().is_empty() {
                return Err(Error::HolidayFile(format!(
                    "{} has no holiday name",
                    day.date
                )));
            }
            if !seen.insert(day.date) {
                return Err(Error::HolidayFile(format!("{} is listed twice", day.date)));
            }
        }
        Ok(self)
    }
}

/// A maximal run of rest days holding at least one listed off-day; `first..=last` inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HolidayBreak {
    /// The Chinese name of its off-days; distinct names joined with 、 in date order.
    pub name: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl HolidayBreak {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }

    /// Number of days in the break.
    pub fn len_days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }
}

/// The holiday schedules the planner knows, with their breaks precomputed: `break_of` is a
/// binary search over a few dozen breaks, cheap enough to call for every day of every branch.
#[derive(Debug, Clone, Default)]
pub struct HolidayCalendar {
    schedules: BTreeMap<i32, YearSchedule>,
    /// Every listed day of every schedule: `true` off-day, `false` make-up workday. Where two
    /// files list a date, the file of the date's own year wins.
    listed: BTreeMap<NaiveDate, bool>,
    /// Sorted by `first`, disjoint.
    breaks: Vec<HolidayBreak>,
}

impl HolidayCalendar {
    /// No schedules: every year is unknown and nothing is a holiday.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The schedules shipped with the app (`BUILTIN_YEARS`).
    pub fn builtin() -> Self {
        // The built-in files are checked by a unit test; none is ever skipped.
        let schedules = BUILTIN
            .iter()
            .filter_map(|text| YearSchedule::from_holiday_cn_json(text).ok());
        Self::from_schedules(schedules)
    }

    pub fn from_schedules(schedules: impl IntoIterator<Item = YearSchedule>) -> Self {
        let mut calendar = Self::empty();
        for schedule in schedules {
            calendar.schedules.insert(schedule.year, schedule);
        }
        calendar.rebuild();
        calendar
    }

    /// Add a year's schedule, replacing the one held for that year.
    pub fn with_year(mut self, schedule: YearSchedule) -> Self {
        self.insert_year(schedule);
        self
    }

    /// Add a year's schedule in place, replacing the one held for that year.
    pub fn insert_year(&mut self, schedule: YearSchedule) {
        self.schedules.insert(schedule.year, schedule);
        self.rebuild();
    }

    /// Whether the schedule of `year` is known. For an unknown year dates are computed without
    /// moves and the UI says 节假日安排未发布.
    pub fn is_known(&self, year: i32) -> bool {
        self.schedules.contains_key(&year)
    }

    /// The years held, in order.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.schedules.keys().copied()
    }

    pub fn schedule(&self, year: i32) -> Option<&YearSchedule> {
        self.schedules.get(&year)
    }

    /// Every break, in date order.
    pub fn breaks(&self) -> &[HolidayBreak] {
        &self.breaks
    }

    /// The breaks that touch `year`, in date order.
    pub fn breaks_in(&self, year: i32) -> impl Iterator<Item = &HolidayBreak> + '_ {
        self.breaks
            .iter()
            .filter(move |b| b.first.year() <= year && year <= b.last.year())
    }

    /// The holiday break `date` lies in, if any.
    pub fn break_of(&self, date: NaiveDate) -> Option<&HolidayBreak> {
        let after = self.breaks.partition_point(|b| b.first <= date);
        let candidate = self.breaks.get(after.checked_sub(1)?)?;
        (date <= candidate.last).then_some(candidate)
    }

    /// A listed off-day, or a weekend day that is not a make-up workday.
    pub fn is_rest_day(&self, date: NaiveDate) -> bool {
        is_rest(&self.listed, date)
    }

    /// The opposite of `is_rest_day`: a weekday that is not a listed off-day, or a make-up workday.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        !self.is_rest_day(date)
    }

    fn rebuild(&mut self) {
        let (listed, breaks) = compute_breaks(&self.schedules);
        self.listed = listed;
        self.breaks = breaks;
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    date.weekday().num_days_from_monday() >= 5
}

fn is_rest(listed: &BTreeMap<NaiveDate, bool>, date: NaiveDate) -> bool {
    listed
        .get(&date)
        .copied()
        .unwrap_or_else(|| is_weekend(date))
}

fn compute_breaks(
    schedules: &BTreeMap<i32, YearSchedule>,
) -> (BTreeMap<NaiveDate, bool>, Vec<HolidayBreak>) {
    // Days a file lists for a neighbouring year go in first, so the own year's file has the last
    // word on any date both list.
    let mut days: BTreeMap<NaiveDate, &HolidayDay> = BTreeMap::new();
    for own_year in [false, true] {
        for schedule in schedules.values() {
            for day in &schedule.days {
                if (day.date.year() == schedule.year) == own_year {
                    days.insert(day.date, day);
                }
            }
        }
    }
    let listed: BTreeMap<NaiveDate, bool> =
        days.iter().map(|(d, day)| (*d, day.is_off_day)).collect();

    let mut breaks: Vec<HolidayBreak> = Vec::new();
    for (date, day) in &days {
        if !day.is_off_day || breaks.last().is_some_and(|b| b.last >= *date) {
            continue;
        }
        let mut first = *date;
        while let Some(before) = first.pred_opt().filter(|d| is_rest(&listed, *d)) {
            first = before;
        }
        let mut last = *date;
        while let Some(after) = last.succ_opt().filter(|d| is_rest(&listed, *d)) {
            last = after;
        }
        let mut names: Vec<&str> = Vec::new();
        for off in days
            .range(first..=last)
            .map(|(_, d)| d)
            .filter(|d| d.is_off_day)
        {
            if !names.contains(&off.name.as_str()) {
                names.push(&off.name);
            }
        }
        breaks.push(HolidayBreak {
            name: names.join("、"),
            first,
            last,
        });
    }
    (listed, breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn break_at(calendar: &HolidayCalendar, date: NaiveDate) -> (String, NaiveDate, NaiveDate) {
        let b = calendar
            .break_of(date)
            .unwrap_or_else(|| panic!("{date} should be in a holiday break"));
        (b.name.clone(), b.first, b.last)
    }

    #[test]
    fn every_builtin_year_is_known_and_no_other() {
        let calendar = HolidayCalendar::builtin();
        assert_eq!(
            calendar.years().collect::<Vec<_>>(),
            BUILTIN_YEARS.collect::<Vec<_>>()
        );
        assert!(!calendar.is_known(2019));
        assert!(!calendar.is_known(2027));
        for text in BUILTIN {
            YearSchedule::from_holiday_cn_json(text).expect("a built-in file is valid");
        }
    }

    #[test]
    fn the_weekend_before_dragon_boat_day_2024_is_part_of_its_break() {
        let calendar = HolidayCalendar::builtin();
        for day in 8..=10 {
            assert_eq!(
                break_at(&calendar, d(2024, 6, day)),
                ("端午节".to_owned(), d(2024, 6, 8), d(2024, 6, 10)),
                "only 06-10 is listed; the weekend before joins it"
            );
        }
        assert!(calendar.break_of(d(2024, 6, 7)).is_none());
        assert!(calendar.break_of(d(2024, 6, 11)).is_none());
    }

    #[test]
    fn spring_festival_and_national_day_breaks() {
        let calendar = HolidayCalendar::builtin();
        let spring_2024 = ("春节".to_owned(), d(2024, 2, 10), d(2024, 2, 17));
        assert_eq!(break_at(&calendar, d(2024, 2, 10)), spring_2024);
        assert_eq!(break_at(&calendar, d(2024, 2, 17)), spring_2024);
        assert!(
            calendar.break_of(d(2024, 2, 18)).is_none(),
            "Sunday 02-18 is a make-up workday"
        );
        assert!(
            calendar.break_of(d(2024, 2, 9)).is_none(),
            "除夕 2024 is a workday"
        );

        // 2026: Saturday 02-14 is a make-up workday, the break runs Sunday 02-15 to Monday 02-23.
        let spring_2026 = ("春节".to_owned(), d(2026, 2, 15), d(2026, 2, 23));
        assert_eq!(break_at(&calendar, d(2026, 2, 15)), spring_2026);
        assert_eq!(break_at(&calendar, d(2026, 2, 23)), spring_2026);
        assert!(calendar.break_of(d(2026, 2, 14)).is_none());
        assert!(calendar.break_of(d(2026, 2, 24)).is_none());

        let national_2025 = ("国庆节、中秋节".to_owned(), d(2025, 10, 1), d(2025, 10, 8));
        assert_eq!(break_at(&calendar, d(2025, 10, 1)), national_2025);
        assert_eq!(break_at(&calendar, d(2025, 10, 8)), national_2025);
        assert!(calendar.break_of(d(2025, 9, 30)).is_none());
        assert!(calendar.break_of(d(2025, 10, 9)).is_none());
        // 2026: 中秋节 (09-25..27) and 国庆节 (10-01..07) are two breaks, not one.
        assert_eq!(break_at(&calendar, d(2026, 9, 27)).0, "中秋节");
        assert_eq!(break_at(&calendar, d(2026, 10, 1)).0, "国庆节");
    }

    #[test]
    fn ordinary_weekends_are_rest_days_but_not_breaks() {
        let calendar = HolidayCalendar::builtin();
        // 2024-03-09/10: a plain weekend.
        for day in [9, 10] {
            assert!(calendar.is_rest_day(d(2024, 3, day)));
            assert!(!calendar.is_workday(d(2024, 3, day)));
            assert!(
                calendar.break_of(d(2024, 3, day)).is_none(),
                "a weekend is not a break"
            );
        }
        assert!(calendar.is_workday(d(2024, 3, 11)));
    }

    #[test]
    fn make_up_workdays_are_not_rest_days() {
        let calendar = HolidayCalendar::builtin();
        // 2024-02-04 is a Sunday worked for the Spring Festival.
        assert!(calendar.is_workday(d(2024, 2, 4)));
        assert!(calendar.break_of(d(2024, 2, 4)).is_none());
        // Saturday 2024-02-03 next to it is an ordinary weekend day.
        assert!(calendar.is_rest_day(d(2024, 2, 3)));
        assert!(calendar.break_of(d(2024, 2, 3)).is_none());
        // A listed off-day on a weekday is a rest day.
        assert!(calendar.is_rest_day(d(2024, 2, 14)));
    }

    #[test]
    fn breaks_run_across_the_year_end() {
        let calendar = HolidayCalendar::builtin();
        // 元旦 2024 is a Monday: the weekend of 2023-12-30/31 joins it.
        let new_year_2024 = ("元旦".to_owned(), d(2023, 12, 30), d(2024, 1, 1));
        assert_eq!(break_at(&calendar, d(2023, 12, 30)), new_year_2024);
        assert_eq!(break_at(&calendar, d(2024, 1, 1)), new_year_2024);
        // 2023.json lists 2022-12-31 itself.
        let new_year_2023 = ("元旦".to_owned(), d(2022, 12, 31), d(2023, 1, 2));
        assert_eq!(break_at(&calendar, d(2022, 12, 31)), new_year_2023);
        assert_eq!(
            calendar
                .breaks_in(2022)
                .filter(|b| b.name == "元旦")
                .count(),
            2
        );
        // The same run is found with only the 2024 schedule held.
        let only_2024 = HolidayCalendar::empty()
            .with_year(YearSchedule::from_holiday_cn_json(BUILTIN[4]).unwrap());
        assert_eq!(break_at(&only_2024, d(2023, 12, 30)), new_year_2024);
        assert!(!only_2024.is_known(2023));
    }

    #[test]
    fn an_unknown_year_has_no_breaks() {
        let calendar = HolidayCalendar::builtin();
        assert!(!calendar.is_known(2030));
        assert!(calendar.breaks_in(2030).next().is_none());
        // 2030-02-03 would be Spring Festival; without data it is a plain Sunday.
        assert!(calendar.break_of(d(2030, 2, 3)).is_none());
        assert!(calendar.is_rest_day(d(2030, 2, 3)));
        assert!(HolidayCalendar::empty().break_of(d(2024, 2, 12)).is_none());
    }

    #[test]
    fn an_imported_year_replaces_the_held_one() {
        let replacement = YearSchedule::from_holiday_cn_json(
            r#"{"year":2024,"papers":[],"days":[{"name":"测试假","date":"2024-03-13","isOffDay":true}]}"#,
        )
        .unwrap();
        let calendar = HolidayCalendar::builtin().with_year(replacement);
        assert!(calendar.is_known(2024));
        assert!(
            calendar.break_of(d(2024, 2, 12)).is_none(),
            "the old 2024 schedule is gone"
        );
        assert_eq!(
            break_at(&calendar, d(2024, 3, 13)),
            ("测试假".to_owned(), d(2024, 3, 13), d(2024, 3, 13))
        );
        assert_eq!(
            break_at(&calendar, d(2025, 10, 3)).0,
            "国庆节、中秋节",
            "other years stay"
        );
    }

    #[test]
    fn a_bad_holiday_file_is_a_typed_error() {
        let bad = [
            "",
            "not json",
            "[]",
            r#"{"year":2024}"#,
            r#"{"year":2024,"days":[{"name":"x","date":"2024-13-01","isOffDay":true}]}"#,
            r#"{"year":2024,"days":[{"name":"x","date":"2024-01-01","isOffDay":"yes"}]}"#,
            r#"{"year":2024,"days":[]}"#,
            r#"{"year":99999,"days":[{"name":"x","date":"2024-01-01","isOffDay":true}]}"#,
            r#"{"year":2024,"days":[{"name":"x","date":"2026-01-01","isOffDay":true}]}"#,
            r#"{"year":2024,"days":[{"name":" ","date":"2024-01-01","isOffDay":true}]}"#,
            r#"{"year":2024,"days":[{"name":"x","date":"2024-01-01","isOffDay":true},
                {"name":"y","date":"2024-01-01","isOffDay":false}]}"#,
        ];
        for text in bad {
            match YearSchedule::from_holiday_cn_json(text) {
                Err(e @ Error::HolidayFile(_)) => {
                    assert_eq!(e.code(), crate::ErrorCode::ImportFile);
                }
                other => panic!("{text:?} should be refused, got {other:?}"),
            }
        }
        let published_later = include_str!("holiday/data/2026.json").replace("2026", "2027");
        assert!(YearSchedule::from_holiday_cn_json(&published_later).is_ok());
    }
}
