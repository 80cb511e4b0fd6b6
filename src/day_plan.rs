//! A branch's fixed activity day (党员活动日): its weekday, start time and venue, from a month on,
//! and a secretary's manual move of one month's date. Pure types and checks.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity_week::{check_year, Weekday};
use crate::error::{valid, FieldError, FieldRule, Result};

/// Longest venue or reason text, in characters.
pub const MAX_VENUE_CHARS: usize = 60;
pub const MAX_REASON_CHARS: usize = 200;

/// A month as `YYYY-MM`, the unit a plan takes effect from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn parse(text: &str) -> Option<Self> {
        let (y, m) = text.trim().split_once('-')?;
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        (y.len() == 4 && (1..=12).contains(&month) && check_year(year).is_ok())
            .then_some(YearMonth { year, month })
    }

    pub fn format(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// The fixed day of a branch from `effective_from` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DayPlan {
    pub branch_id: String,
    /// `YYYY-MM`: the first month this plan applies to.
    pub effective_from: String,
    pub weekday: Weekday,
    /// `HH:MM`, 24-hour.
    pub start_time: String,
    pub venue: String,
}

impl DayPlan {
    /// Trims the text and checks every field, reporting all failing fields at once.
    pub fn validated(mut self) -> Result<Self> {
        self.effective_from = self.effective_from.trim().to_owned();
        self.start_time = self.start_time.trim().to_owned();
        self.venue = self.venue.trim().to_owned();
        let mut errors = Vec::new();
        match YearMonth::parse(&self.effective_from) {
            Some(ym) => self.effective_from = ym.format(),
            None => errors.push(FieldError {
                field: "effectiveFrom".into(),
                rule: FieldRule::BadDate,
            }),
        }
        match parse_start_time(&self.start_time) {
            Some(time) => self.start_time = time,
            None => errors.push(FieldError {
                field: "startTime".into(),
                rule: FieldRule::BadTime,
            }),
        }
        if self.venue.chars().count() > MAX_VENUE_CHARS {
            errors.push(FieldError {
                field: "venue".into(),
                rule: FieldRule::TooLong,
            });
        }
        valid(self, errors)
    }

    pub fn starts(&self) -> YearMonth {
        YearMonth::parse(&self.effective_from).unwrap_or(YearMonth {
            year: 1900,
            month: 1,
        })
    }

    /// Minutes after midnight of the start time.
    pub fn start_minutes(&self) -> u32 {
        let (h, m) = self.start_time.split_once(':').unwrap_or(("0", "0"));
        h.parse::<u32>().unwrap_or(0) * 60 + m.parse::<u32>().unwrap_or(0)
    }
}

/// `8:30`, `08:30` → `08:30`; anything else is refused.
pub fn parse_start_time(text: &str) -> Option<String> {
    let (h, m) = text.trim().split_once(':')?;
    let (hour, minute): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (hour < 24 && minute < 60 && m.len() == 2).then(|| format!("{hour:02}:{minute:02}"))
}

/// The plan that applies to a month: the latest one taking effect in or before it.
/// `plans` must be sorted by `effective_from`.
pub fn plan_for(plans: &[DayPlan], month: YearMonth) -> Option<&DayPlan> {
    plans.iter().rev().find(|p| p.starts() <= month)
}

/// A secretary's move of one month's activity day, kept when the year is regenerated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DayMove {
    pub branch_id: String,
    pub year: i32,
    pub month: u32,
    pub date: NaiveDate,
    pub reason: String,
}

impl DayMove {
    /// A move needs a reason and a date in its month or the next (an activity week can end
    /// there only in theory; dates far away are typing mistakes).
    pub fn validated(mut self) -> Result<Self> {
        self.reason = self.reason.trim().to_owned();
        let mut errors = Vec::new();
        if self.reason.is_empty() {
            errors.push(FieldError {
                field: "reason".into(),
                rule: FieldRule::Required,
            });
        } else if self.reason.chars().count() > MAX_REASON_CHARS {
            errors.push(FieldError {
                field: "reason".into(),
                rule: FieldRule::TooLong,
            });
        }
        use chrono::Datelike;
        let month_ok = (1..=12).contains(&self.month) && check_year(self.year).is_ok();
        let same_month = self.date.year() == self.year && self.date.month() == self.month;
        if !month_ok || !same_month {
            errors.push(FieldError {
                field: "date".into(),
                rule: FieldRule::BadDate,
            });
        }
        valid(self, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn plan(from: &str, weekday: Weekday) -> DayPlan {
        DayPlan {
            branch_id: "b".into(),
            effective_from: from.into(),
            weekday,
            start_time: "8:30".into(),
            venue: " 村委会议室 ".into(),
        }
    }

    #[test]
    fn a_plan_is_normalised() {
        let ok = plan("2025-3", Weekday::Wed).validated().unwrap();
        assert_eq!(ok.effective_from, "2025-03");
        assert_eq!(ok.start_time, "08:30");
        assert_eq!(ok.venue, "村委会议室");
        assert_eq!(ok.start_minutes(), 510);
    }

    #[test]
    fn bad_months_and_times_are_refused_together() {
        let bad = DayPlan {
            start_time: "25:00".into(),
            ..plan("2025-13", Weekday::Wed)
        };
        match bad.validated().unwrap_err() {
            Error::Invalid(fields) => {
                let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
                assert_eq!(names, ["effectiveFrom", "startTime"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(parse_start_time("8:5"), None, "minutes need two digits");
    }

    #[test]
    fn a_later_plan_applies_from_its_month_and_earlier_months_keep_theirs() {
        let plans = [plan("2024-01", Weekday::Wed), plan("2025-04", Weekday::Fri)];
        let at = |year, month| plan_for(&plans, YearMonth { year, month }).map(|p| p.weekday);
        assert_eq!(at(2023, 12), None, "no plan before the first one");
        assert_eq!(at(2025, 3), Some(Weekday::Wed));
        assert_eq!(at(2025, 4), Some(Weekday::Fri));
        assert_eq!(at(2030, 1), Some(Weekday::Fri));
    }

    #[test]
    fn a_move_needs_a_reason_and_a_date_in_its_month() {
        let good = DayMove {
            branch_id: "b".into(),
            year: 2025,
            month: 5,
            date: NaiveDate::from_ymd_opt(2025, 5, 20).unwrap(),
            reason: "与镇里培训冲突".into(),
        };
        assert!(good.clone().validated().is_ok());
        let no_reason = DayMove {
            reason: " ".into(),
            ..good.clone()
        };
        assert!(matches!(no_reason.validated(), Err(Error::Invalid(_))));
        let other_month = DayMove {
            date: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
            ..good
        };
        assert!(matches!(other_month.validated(), Err(Error::Invalid(_))));
    }
}
