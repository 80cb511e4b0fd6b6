//! A branch's activity days (党员活动日) for a year: its weekday inside each month's activity week,
//! moved out of holiday breaks. Pure: no database, no clock.
//!
//! **The move rule.** When the fixed day lies in a holiday break, the activity day moves to the
//! nearest day of the same activity week that is in no break (on a tie, the earlier day); the
//! fixed date stays in `fixed_date` and the holiday's Chinese name in `reason`. When every day of
//! the week is in a break, the date stays and `conflict` is set for the secretary to decide.
//! A year whose schedule is not known is computed without moves.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity_week::{
    check_year, window_from_first, ActivityWeek, ActivityWeekRule, Weekday,
};
use crate::error::Result;
use crate::holiday::HolidayCalendar;

/// One month's activity day of a branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActivityDay {
    /// 1–12.
    pub month: u32,
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    /// The branch's weekday inside the activity week.
    pub fixed_date: NaiveDate,
    /// The day the activity is held: `fixed_date`, or where it moved to.
    pub date: NaiveDate,
    pub moved: bool,
    /// Every day of the week is in a holiday break; `date` is the fixed date.
    pub conflict: bool,
    /// The holiday's Chinese name when moved or in conflict.
    pub reason: Option<String>,
}

impl ActivityDay {
    pub fn week(&self) -> ActivityWeek {
        ActivityWeek {
            start: self.week_start,
            end: self.week_end,
        }
    }
}

/// A branch's year of activity days, as the CLI prints it and the year view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActivityYear {
    pub year: i32,
    pub weekday: Weekday,
    pub rule: ActivityWeekRule,
    /// `false`: no holiday schedule for the year (节假日安排未发布), so nothing was moved.
    pub holidays_known: bool,
    pub days: Vec<ActivityDay>,
}

/// The 12 activity days of `year` (`MIN_YEAR`–`MAX_YEAR`) for a branch meeting on `weekday`.
/// Allocates only the `reason` of a moved day.
pub fn activity_days(
    year: i32,
    weekday: Weekday,
    rule: ActivityWeekRule,
    calendar: &HolidayCalendar,
) -> Result<[ActivityDay; 12]> {
    activity_days_by_month(year, weekday, &[rule; 12], calendar)
}

/// `activity_days` with each month's own rule (January first): a community may change its
/// rule during a year.
pub fn activity_days_by_month(
    year: i32,
    weekday: Weekday,
    rules: &[ActivityWeekRule; 12],
    calendar: &HolidayCalendar,
) -> Result<[ActivityDay; 12]> {
    let year = check_year(year)?;
    let known = calendar.is_known(year);
    let mut first = NaiveDate::from_ymd_opt(year, 1, 1);
    Ok(std::array::from_fn(|i| {
        // `check_year` keeps every first-of-month representable; the fallback is never taken.
        let month_first = first.unwrap_or_default();
        first = month_first.checked_add_months(chrono::Months::new(1));
        let week = window_from_first(rules[i], month_first);
        place(i as u32 + 1, week, weekday, calendar, known)
    }))
}

/// `activity_days` with the year's settings, ready for the CLI and the UI.
pub fn activity_year(
    year: i32,
    weekday: Weekday,
    rule: ActivityWeekRule,
    calendar: &HolidayCalendar,
) -> Result<ActivityYear> {
    let days = activity_days(year, weekday, rule, calendar)?;
    Ok(ActivityYear {
        year,
        weekday,
        rule,
        holidays_known: calendar.is_known(year),
        days: days.into(),
    })
}

/// The activity day of one month's `week`; `known` says whether holidays may move it.
pub fn place(
    month: u32,
    week: ActivityWeek,
    weekday: Weekday,
    calendar: &HolidayCalendar,
    known: bool,
) -> ActivityDay {
    let fixed_date = week.day_of(weekday);
    let mut day = ActivityDay {
        month,
        week_start: week.start,
        week_end: week.end,
        fixed_date,
        date: fixed_date,
        moved: false,
        conflict: false,
        reason: None,
    };
    let Some(holiday) = known.then(|| calendar.break_of(fixed_date)).flatten() else {
        return day;
    };
    day.reason = Some(holiday.name.clone());
    match nearest_free_day(week, fixed_date, calendar) {
        Some(free) => {
            day.date = free;
            day.moved = true;
        }
        None => day.conflict = true,
    }
    day
}

/// The day of `week` closest to `from` that is in no break; the earlier one on a tie.
fn nearest_free_day(
    week: ActivityWeek,
    from: NaiveDate,
    calendar: &HolidayCalendar,
) -> Option<NaiveDate> {
    let free = |d: NaiveDate| week.contains(d) && calendar.break_of(d).is_none();
    (1..7u64).find_map(|distance| {
        let earlier = from
            .checked_sub_days(Days::new(distance))
            .filter(|d| free(*d));
        earlier.or_else(|| {
            from.checked_add_days(Days::new(distance))
                .filter(|d| free(*d))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::holiday::{HolidayDay, YearSchedule};
    use ActivityWeekRule::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn month_of(
        year: i32,
        month: u32,
        weekday: Weekday,
        rule: ActivityWeekRule,
        calendar: &HolidayCalendar,
    ) -> ActivityDay {
        activity_days(year, weekday, rule, calendar).unwrap()[month as usize - 1].clone()
    }

    /// (fixed, date, moved, conflict, reason) of one month.
    fn outcome(day: &ActivityDay) -> (NaiveDate, NaiveDate, bool, bool, Option<&str>) {
        (
            day.fixed_date,
            day.date,
            day.moved,
            day.conflict,
            day.reason.as_deref(),
        )
    }

    #[test]
    fn spring_festival_2024_moves_every_fixed_day_in_the_break_to_the_nearest_free_day() {
        let calendar = HolidayCalendar::builtin();
        // Window 02-08 (Thu) .. 02-14 (Wed); the break is 02-10 .. 02-17, so only 08 and 09 are free.
        let cases = [
            (Weekday::Wed, d(2024, 2, 14), d(2024, 2, 9)),
            (Weekday::Mon, d(2024, 2, 12), d(2024, 2, 9)),
            (Weekday::Sat, d(2024, 2, 10), d(2024, 2, 9)),
            (Weekday::Sun, d(2024, 2, 11), d(2024, 2, 9)),
        ];
        for (weekday, fixed, moved_to) in cases {
            let day = month_of(2024, 2, weekday, SecondWeekday, &calendar);
            assert_eq!(
                (day.week_start, day.week_end),
                (d(2024, 2, 8), d(2024, 2, 14))
            );
            assert_eq!(
                outcome(&day),
                (fixed, moved_to, true, false, Some("春节")),
                "{weekday:?}"
            );
        }
        for (weekday, fixed) in [(Weekday::Thu, d(2024, 2, 8)), (Weekday::Fri, d(2024, 2, 9))] {
            let day = month_of(2024, 2, weekday, SecondWeekday, &calendar);
            assert_eq!(outcome(&day), (fixed, fixed, false, false, None));
        }
    }

    #[test]
    fn dragon_boat_2024_moves_the_weekend_too() {
        let calendar = HolidayCalendar::builtin();
        // Window 06-08 (Sat) .. 06-14; the break 06-08 .. 06-10 covers Sat, Sun and Mon.
        for weekday in [Weekday::Sat, Weekday::Sun, Weekday::Mon] {
            let day = month_of(2024, 6, weekday, SecondWeekday, &calendar);
            assert_eq!(
                day.date,
                d(2024, 6, 11),
                "{weekday:?} moves to Tuesday 06-11"
            );
            assert!(day.moved && !day.conflict);
            assert_eq!(day.reason.as_deref(), Some("端午节"));
        }
        let tuesday = month_of(2024, 6, Weekday::Tue, SecondWeekday, &calendar);
        assert_eq!(
            outcome(&tuesday),
            (d(2024, 6, 11), d(2024, 6, 11), false, false, None)
        );
    }

    #[test]
    fn a_tie_goes_to_the_earlier_day() {
        // A one-day break on Wednesday 2024-03-13: Tuesday and Thursday are both one day away.
        let calendar = HolidayCalendar::empty().with_year(YearSchedule {
            year: 2024,
            papers: vec![],
            days: vec![HolidayDay {
                name: "测试假".to_owned(),
                date: d(2024, 3, 13),
                is_off_day: true,
            }],
        });
        let day = month_of(2024, 3, Weekday::Wed, SecondWeekday, &calendar);
        assert_eq!(
            outcome(&day),
            (d(2024, 3, 13), d(2024, 3, 12), true, false, Some("测试假"))
        );
    }

    #[test]
    fn spring_festival_2026_depends_on_the_rule() {
        let calendar = HolidayCalendar::builtin();
        // Days 8–14: the break starts 02-15 and Saturday 02-14 is a make-up workday: no move.
        for weekday in Weekday::ALL {
            let day = month_of(2026, 2, weekday, SecondWeekday, &calendar);
            assert!(!day.moved && !day.conflict, "{weekday:?}");
        }
        // Second-Monday week 02-09 .. 02-15: Sunday 02-15 is in the break, Saturday 02-14 is free.
        let sunday = month_of(2026, 2, Weekday::Sun, SecondMondayWeek, &calendar);
        assert_eq!(
            (sunday.week_start, sunday.week_end),
            (d(2026, 2, 9), d(2026, 2, 15))
        );
        assert_eq!(
            outcome(&sunday),
            (d(2026, 2, 15), d(2026, 2, 14), true, false, Some("春节"))
        );
    }

    #[test]
    fn national_day_2025() {
        let calendar = HolidayCalendar::builtin();
        // Days 8–14: Wednesday 10-08 is the break's last day; Thursday 10-09 is free.
        let wed = month_of(2025, 10, Weekday::Wed, SecondWeekday, &calendar);
        assert_eq!(
            outcome(&wed),
            (
                d(2025, 10, 8),
                d(2025, 10, 9),
                true,
                false,
                Some("国庆节、中秋节")
            )
        );
        // Calendar row 10-06 .. 10-12: Mon–Wed are in the break. Monday goes to Thursday 10-09
        // (3 days on; nothing earlier is in the window).
        let mon = month_of(2025, 10, Weekday::Mon, SecondCalendarRow, &calendar);
        assert_eq!(
            (mon.week_start, mon.week_end),
            (d(2025, 10, 6), d(2025, 10, 12))
        );
        assert_eq!(outcome(&mon).1, d(2025, 10, 9));
        let tue = month_of(2025, 10, Weekday::Tue, SecondCalendarRow, &calendar);
        assert_eq!(outcome(&tue).1, d(2025, 10, 9));
        // Saturday 10-11 is a make-up workday, Sunday 10-12 an ordinary weekend: neither moves.
        for weekday in [Weekday::Sat, Weekday::Sun] {
            let day = month_of(2025, 10, weekday, SecondCalendarRow, &calendar);
            assert!(!day.moved && day.reason.is_none(), "{weekday:?}");
        }
    }

    #[test]
    fn national_day_2023_moves_onto_a_make_up_weekend() {
        // Calendar row 2023-10-02 .. 10-08; the break is 09-29 .. 10-06, and 10-07/08 are
        // make-up workdays. A Monday branch goes to Saturday 10-07, 5 days on.
        let calendar = HolidayCalendar::builtin();
        let mon = month_of(2023, 10, Weekday::Mon, SecondCalendarRow, &calendar);
        assert_eq!(
            outcome(&mon),
            (
                d(2023, 10, 2),
                d(2023, 10, 7),
                true,
                false,
                Some("中秋节、国庆节")
            )
        );
    }

    #[test]
    fn a_week_wholly_in_a_break_is_a_conflict_and_keeps_its_date() {
        // No real schedule covers a whole activity week, so build one: 2031-03-08 .. 03-16 off.
        let days = (8..=16)
            .map(|day| HolidayDay {
                name: "长假".to_owned(),
                date: d(2031, 3, day),
                is_off_day: true,
            })
            .collect();
        let calendar = HolidayCalendar::builtin().with_year(YearSchedule {
            year: 2031,
            papers: vec![],
            days,
        });
        let all = activity_days(2031, Weekday::Thu, SecondWeekday, &calendar).unwrap();
        let march = &all[2];
        assert_eq!(
            outcome(march),
            (d(2031, 3, 13), d(2031, 3, 13), false, true, Some("长假"))
        );
        assert!(all
            .iter()
            .filter(|m| m.month != 3)
            .all(|m| !m.moved && !m.conflict));
    }

    #[test]
    fn the_full_2024_year_of_a_wednesday_branch() {
        let calendar = HolidayCalendar::builtin();
        let year = activity_year(2024, Weekday::Wed, SecondWeekday, &calendar).unwrap();
        assert!(year.holidays_known);
        let dates: Vec<String> = year.days.iter().map(|m| m.date.to_string()).collect();
        assert_eq!(
            dates,
            [
                "2024-01-10",
                "2024-02-09",
                "2024-03-13",
                "2024-04-10",
                "2024-05-08",
                "2024-06-12",
                "2024-07-10",
                "2024-08-14",
                "2024-09-11",
                "2024-10-09",
                "2024-11-13",
                "2024-12-11",
            ]
        );
        let moved: Vec<u32> = year
            .days
            .iter()
            .filter(|m| m.moved)
            .map(|m| m.month)
            .collect();
        assert_eq!(moved, [2], "only February moves");
    }

    #[test]
    fn a_year_without_a_schedule_moves_nothing() {
        let calendar = HolidayCalendar::builtin();
        for year in [2027, 2030] {
            assert!(!calendar.is_known(year));
            for weekday in Weekday::ALL {
                for rule in ActivityWeekRule::ALL {
                    let all = activity_year(year, weekday, rule, &calendar).unwrap();
                    assert!(!all.holidays_known);
                    for m in &all.days {
                        assert_eq!(outcome(m), (m.fixed_date, m.fixed_date, false, false, None));
                    }
                }
            }
        }
        // A break listed by a neighbouring year's file does not move a day of an unknown year.
        let calendar = HolidayCalendar::empty().with_year(YearSchedule {
            year: 2024,
            papers: vec![],
            days: vec![HolidayDay {
                name: "测试假".to_owned(),
                date: d(2025, 1, 8),
                is_off_day: true,
            }],
        });
        assert!(calendar.break_of(d(2025, 1, 8)).is_some());
        let jan = month_of(2025, 1, Weekday::Wed, SecondWeekday, &calendar);
        assert_eq!(
            outcome(&jan),
            (d(2025, 1, 8), d(2025, 1, 8), false, false, None)
        );
    }

    #[test]
    fn every_month_is_computed_and_ordered() {
        let calendar = HolidayCalendar::builtin();
        for rule in ActivityWeekRule::ALL {
            for weekday in Weekday::ALL {
                for year in 2019..=2028 {
                    let all = activity_days(year, weekday, rule, &calendar).unwrap();
                    for (i, m) in all.iter().enumerate() {
                        assert_eq!(m.month, i as u32 + 1);
                        assert_eq!(Weekday::of(m.fixed_date), weekday);
                        assert!(m.week().contains(m.date), "the date stays in the week");
                        assert_eq!(m.moved, m.date != m.fixed_date);
                        assert_eq!(m.reason.is_some(), m.moved || m.conflict);
                        assert!(!(m.moved && m.conflict));
                        if m.moved {
                            assert!(calendar.break_of(m.date).is_none());
                            assert!(calendar.break_of(m.fixed_date).is_some());
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_year_out_of_range_is_refused() {
        let calendar = HolidayCalendar::builtin();
        assert!(activity_days(1899, Weekday::Mon, SecondWeekday, &calendar).is_err());
        assert!(activity_days(99999, Weekday::Mon, SecondWeekday, &calendar).is_err());
    }

    #[test]
    fn the_json_shape_is_the_documented_one() {
        let calendar = HolidayCalendar::builtin();
        let year = activity_year(2024, Weekday::Wed, SecondWeekday, &calendar).unwrap();
        let json = serde_json::to_string(&year).unwrap();
        assert!(json.starts_with(
            r#"{"year":2024,"weekday":"wed","rule":"second-weekday","holidaysKnown":true,"days":[{"month":1,"weekStart":"2024-01-08","weekEnd":"2024-01-14","fixedDate":"2024-01-10","date":"2024-01-10","moved":false,"conflict":false,"reason":null},"#
        ));
        assert!(json.contains(r#""fixedDate":"2024-02-14","date":"2024-02-09","moved":true,"conflict":false,"reason":"春节""#));
    }
}
