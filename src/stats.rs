//! The figures: what was done in a period at any level, added up from per-branch, per-month
//! counts. The queries count once per branch and month; this module adds those counts up to a
//! branch, a community, a town or the city, and turns them into figures and rates.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity::ActivityKind;
use crate::error::{Error, FieldRule, Result};

/// A closed range of days: a month, a quarter, a year or any range the user picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// A range of days; `from` after `to` or a range longer than ten years is refused.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self> {
        if from > to || (to - from).num_days() > 3660 {
            return Err(Error::invalid("period", FieldRule::BadDate));
        }
        Ok(Period { from, to })
    }

    pub fn month(year: i32, month: u32) -> Result<Self> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)
            .ok_or_else(|| Error::invalid("month", FieldRule::BadChoice))?;
        Ok(Period {
            from,
            to: last_day(from, 1),
        })
    }

    pub fn quarter(year: i32, quarter: u32) -> Result<Self> {
        if !(1..=4).contains(&quarter) {
            return Err(Error::invalid("quarter", FieldRule::BadChoice));
        }
        let from = NaiveDate::from_ymd_opt(year, quarter * 3 - 2, 1)
            .ok_or_else(|| Error::invalid("year", FieldRule::BadYear))?;
        Ok(Period {
            from,
            to: last_day(from, 3),
        })
    }

    pub fn year(year: i32) -> Result<Self> {
        let from = NaiveDate::from_ymd_opt(year, 1, 1)
            .ok_or_else(|| Error::invalid("year", FieldRule::BadYear))?;
        Ok(Period {
            from,
            to: last_day(from, 12),
        })
    }

    /// Whether the period is made of whole calendar months: from the 1st of a month to the
    /// last day of a month (a month, a quarter, a year, or a custom range drawn that way).
    pub fn is_whole_months(&self) -> bool {
        self.from.day() == 1 && self.to.succ_opt().is_none_or(|next| next.day() == 1)
    }

    /// The period a year earlier that this one is compared with on `today` — the one place
    /// "the same period last year" is decided:
    /// - whole calendar months (a month, a quarter, a year, or a custom range from a 1st to a
    ///   month's last day) map to the same whole months a year earlier: February 2025 compares
    ///   with 1–29 February 2024, February 2024 with 1–28 February 2023;
    /// - any other custom range maps day by day, each end to the same day a year earlier
    ///   (29 February to the 28th): 10–20 March compares with 10–20 March;
    /// - a period still running on `today` (begun, and `today` before its last day) compares
    ///   with the same days up to today's counterpart a year earlier (29 February's is the
    ///   28th), so as many days are compared as have passed. On its last day a period is
    ///   complete and compares whole.
    pub fn same_period_last_year(&self, today: NaiveDate) -> Period {
        let running = self.from <= today && today < self.to;
        let from = day_a_year_earlier(self.from);
        let to = if running {
            day_a_year_earlier(today)
        } else if self.is_whole_months() {
            month_end_a_year_earlier(self.to)
        } else {
            day_a_year_earlier(self.to)
        };
        Period { from, to }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// The months the period touches, as (year, month), in order.
    pub fn months(&self) -> Vec<(i32, u32)> {
        let mut out = Vec::new();
        let mut at = self.from.with_day(1).unwrap_or(self.from);
        while at <= self.to {
            out.push((at.year(), at.month()));
            at = at
                .checked_add_months(Months::new(1))
                .unwrap_or(self.to.succ_opt().unwrap_or(self.to));
            if out.len() > 200 {
                break;
            }
        }
        out
    }

    /// The calendar years the period touches.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.from.year()..=self.to.year()
    }
}

/// The same day a year earlier; 29 February becomes the 28th.
fn day_a_year_earlier(d: NaiveDate) -> NaiveDate {
    d.checked_sub_months(Months::new(12)).unwrap_or(d)
}

/// The last day of `d`'s month a year earlier: 28 February 2025 gives 29 February 2024.
fn month_end_a_year_earlier(d: NaiveDate) -> NaiveDate {
    let first = day_a_year_earlier(d.with_day(1).unwrap_or(d));
    last_day(first, 1)
}

fn last_day(first: NaiveDate, months: u32) -> NaiveDate {
    first
        .checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first)
}

/// What one branch did in one month (or any set of them, added up).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Held activities (activity days and extra ones).
    pub held: u32,
    /// Held activities by kind, in `ActivityKind::ALL` order; one activity may have two kinds.
    pub by_kind: [u32; 4],
    /// Held activities of an activity day.
    pub days_held: u32,
    /// Activity days the schedule placed in the period.
    pub days_scheduled: u32,
    /// Held activities with all three steps recorded.
    pub three_steps: u32,
    /// Members present / members on the attendance sheets of held activities.
    pub present: u32,
    pub on_sheets: u32,
    pub residents: u32,
    pub points_created: u32,
    pub suggestions: u32,
    /// Suggestions received in the period that have an answer (answered, adopted, passed up).
    pub suggestions_answered: u32,
    pub problems_raised: u32,
    /// Problems solved in the period (by the date solved).
    pub problems_solved: u32,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Self) {
        self.held += o.held;
        for (a, b) in self.by_kind.iter_mut().zip(o.by_kind) {
            *a += b;
        }
        self.days_held += o.days_held;
        self.days_scheduled += o.days_scheduled;
        self.three_steps += o.three_steps;
        self.present += o.present;
        self.on_sheets += o.on_sheets;
        self.residents += o.residents;
        self.points_created += o.points_created;
        self.suggestions += o.suggestions;
        self.suggestions_answered += o.suggestions_answered;
        self.problems_raised += o.problems_raised;
        self.problems_solved += o.problems_solved;
    }
}

impl std::iter::Sum for Counts {
    fn sum<I: Iterator<Item = Counts>>(iter: I) -> Self {
        let mut total = Counts::default();
        for c in iter {
            total += c;
        }
        total
    }
}

/// Held activities of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KindCount {
    pub kind: ActivityKind,
    pub count: u32,
}

/// The figures of a level and period, as the dashboard and `planner stats` show them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Figures {
    /// Headline 1: study sessions, lectures, exchanges and observations held.
    pub activities_held: u32,
    pub by_kind: Vec<KindCount>,
    pub days_scheduled: u32,
    pub days_held: u32,
    /// Members present / members on the sheets; `None` without attendance.
    pub attendance_rate: Option<f64>,
    pub residents_present: u32,
    /// Held activities with all three steps recorded, and that as a share of those held.
    pub three_steps_complete: u32,
    pub three_steps_rate: Option<f64>,
    /// Headline 2: demonstration points created in the period.
    pub points_created: u32,
    /// Points open on the period's last day.
    pub points_active: u32,
    /// Headline 3: suggestions collected.
    pub suggestions_collected: u32,
    pub suggestions_answered: u32,
    pub problems_raised: u32,
    /// Headline 4: residents' problems solved.
    pub problems_solved: u32,
}

/// `part / whole`, or `None` when there is nothing to divide by.
pub fn rate(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

impl Figures {
    pub fn from_counts(c: &Counts, points_active: u32) -> Self {
        Figures {
            activities_held: c.held,
            by_kind: ActivityKind::ALL
                .iter()
                .zip(c.by_kind)
                .map(|(kind, count)| KindCount { kind: *kind, count })
                .collect(),
            days_scheduled: c.days_scheduled,
            days_held: c.days_held,
            attendance_rate: rate(c.present, c.on_sheets),
            residents_present: c.residents,
            three_steps_complete: c.three_steps,
            three_steps_rate: rate(c.three_steps, c.held),
            points_created: c.points_created,
            points_active,
            suggestions_collected: c.suggestions,
            suggestions_answered: c.suggestions_answered,
            problems_raised: c.problems_raised,
            problems_solved: c.problems_solved,
        }
    }
}

/// Counts kinds stored as comma-joined names into the `by_kind` slots.
pub fn count_kinds(kinds: &str, times: u32, into: &mut [u32; 4]) {
    for name in kinds.split(',') {
        if let Some(kind) = ActivityKind::parse(name) {
            if let Some(i) = ActivityKind::ALL.iter().position(|k| *k == kind) {
                into[i] += times;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn quarters_and_months_end_on_their_last_day() {
        assert_eq!(
            Period::quarter(2026, 1).unwrap(),
            Period {
                from: d(2026, 1, 1),
                to: d(2026, 3, 31)
            }
        );
        assert_eq!(Period::quarter(2026, 4).unwrap().to, d(2026, 12, 31));
        assert_eq!(Period::month(2024, 2).unwrap().to, d(2024, 2, 29));
        assert_eq!(Period::year(2026).unwrap().to, d(2026, 12, 31));
        assert!(Period::quarter(2026, 5).is_err());
        assert!(Period::month(2026, 13).is_err());
    }

    #[test]
    fn the_end_of_march_is_in_q1_and_april_first_is_not() {
        let q1 = Period::quarter(2026, 1).unwrap();
        assert!(q1.contains(d(2026, 3, 31)));
        assert!(!q1.contains(d(2026, 4, 1)));
    }

    /// `period` on `today`, compared with: (from, to) a year earlier.
    fn last_year(period: Period, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let p = period.same_period_last_year(today);
        (p.from, p.to)
    }

    /// A day long after every period below: they are all complete.
    fn later() -> NaiveDate {
        d(2030, 6, 1)
    }

    #[test]
    fn february_2025_compares_with_all_29_days_of_february_2024() {
        // Day: 2030-06-01 (the month is over).
        let (from, to) = last_year(Period::month(2025, 2).unwrap(), later());
        assert_eq!((from, to), (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!((to - from).num_days() + 1, 29);
    }

    #[test]
    fn february_2024_compares_with_the_28_days_of_february_2023() {
        // Day: 2030-06-01.
        let p = Period::month(2024, 2).unwrap();
        assert_eq!(last_year(p, later()), (d(2023, 2, 1), d(2023, 2, 28)));
    }

    #[test]
    fn whole_quarters_and_years_map_to_whole_ones() {
        // Day: 2030-06-01.
        let q1 = Period::quarter(2025, 1).unwrap();
        assert_eq!(last_year(q1, later()), (d(2024, 1, 1), d(2024, 3, 31)));
        let leap_q1 = Period::quarter(2024, 1).unwrap();
        assert_eq!(last_year(leap_q1, later()), (d(2023, 1, 1), d(2023, 3, 31)));
        let year = Period::year(2025).unwrap();
        assert_eq!(last_year(year, later()), (d(2024, 1, 1), d(2024, 12, 31)));
        let year = Period::year(2024).unwrap();
        assert_eq!(last_year(year, later()), (d(2023, 1, 1), d(2023, 12, 31)));
        // A custom range of whole months, December to February, ends on the last day of
        // February a year earlier: the 29th in 2024.
        let winter = Period::new(d(2024, 12, 1), d(2025, 2, 28)).unwrap();
        assert!(winter.is_whole_months());
        assert_eq!(last_year(winter, later()), (d(2023, 12, 1), d(2024, 2, 29)));
    }

    #[test]
    fn a_custom_range_of_whole_months_is_judged_like_the_month_it_is() {
        // Day: 2030-06-01. The custom range 1–28 February 2025 is February 2025.
        let custom = Period::new(d(2025, 2, 1), d(2025, 2, 28)).unwrap();
        assert_eq!(
            custom.same_period_last_year(later()),
            Period::month(2025, 2)
                .unwrap()
                .same_period_last_year(later())
        );
    }

    #[test]
    fn any_other_custom_range_maps_day_by_day() {
        // Day: 2030-06-01.
        let part = Period::new(d(2025, 2, 10), d(2025, 2, 28)).unwrap();
        assert!(!part.is_whole_months());
        assert_eq!(last_year(part, later()), (d(2024, 2, 10), d(2024, 2, 28)));
        let from_leap_day = Period::new(d(2024, 2, 29), d(2024, 3, 10)).unwrap();
        assert_eq!(
            last_year(from_leap_day, later()),
            (d(2023, 2, 28), d(2023, 3, 10))
        );
        let mid = Period::new(d(2025, 3, 10), d(2025, 3, 20)).unwrap();
        assert_eq!(last_year(mid, later()), (d(2024, 3, 10), d(2024, 3, 20)));
    }

    #[test]
    fn a_running_period_compares_up_to_todays_counterpart() {
        // Day: 2025-02-20, February 2025 under way.
        let feb = Period::month(2025, 2).unwrap();
        assert_eq!(
            last_year(feb, d(2025, 2, 20)),
            (d(2024, 2, 1), d(2024, 2, 20))
        );
        // Day: 2025-02-28, February's last day: complete, compared whole.
        assert_eq!(
            last_year(feb, d(2025, 2, 28)),
            (d(2024, 2, 1), d(2024, 2, 29))
        );
        // Day: 2025-01-31, before February: compared whole.
        assert_eq!(
            last_year(feb, d(2025, 1, 31)),
            (d(2024, 2, 1), d(2024, 2, 29))
        );
    }

    #[test]
    fn on_29_february_2028_the_counterpart_is_the_28th() {
        // Day: 2028-02-29. February 2028 ends today: complete, the whole of February 2027.
        let feb = Period::month(2028, 2).unwrap();
        assert_eq!(
            last_year(feb, d(2028, 2, 29)),
            (d(2027, 2, 1), d(2027, 2, 28))
        );
        // The quarter and the year still run: up to 28 February 2027.
        let q1 = Period::quarter(2028, 1).unwrap();
        assert_eq!(
            last_year(q1, d(2028, 2, 29)),
            (d(2027, 1, 1), d(2027, 2, 28))
        );
        let year = Period::year(2028).unwrap();
        assert_eq!(
            last_year(year, d(2028, 2, 29)),
            (d(2027, 1, 1), d(2027, 2, 28))
        );
        // Day: 2028-02-28, February 2028 still running: 1–28 February 2027.
        assert_eq!(
            last_year(feb, d(2028, 2, 28)),
            (d(2027, 2, 1), d(2027, 2, 28))
        );
    }

    #[test]
    fn custom_ranges_list_their_months() {
        let p = Period::new(d(2025, 11, 15), d(2026, 2, 3)).unwrap();
        assert_eq!(p.months(), [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]);
        assert_eq!(p.years(), 2025..=2026);
        assert!(Period::new(d(2026, 2, 3), d(2026, 2, 2)).is_err());
    }

    #[test]
    fn figures_rates_and_kinds() {
        let mut c = Counts {
            held: 4,
            three_steps: 3,
            present: 30,
            on_sheets: 40,
            ..Default::default()
        };
        count_kinds("studyTraining,technicalLecture", 2, &mut c.by_kind);
        count_kinds("onSiteObservation", 1, &mut c.by_kind);
        let f = Figures::from_counts(&c, 7);
        assert_eq!(f.attendance_rate, Some(0.75));
        assert_eq!(f.three_steps_rate, Some(0.75));
        assert_eq!(f.points_active, 7);
        let counts: Vec<u32> = f.by_kind.iter().map(|k| k.count).collect();
        assert_eq!(counts, [2, 2, 0, 1]);
        assert_eq!(
            Figures::from_counts(&Counts::default(), 0).attendance_rate,
            None
        );
    }

    #[test]
    fn counts_add_up() {
        let a = Counts {
            held: 1,
            by_kind: [1, 0, 0, 0],
            problems_solved: 2,
            ..Default::default()
        };
        let total: Counts = [a, a, a].into_iter().sum();
        assert_eq!(total.held, 3);
        assert_eq!(total.by_kind, [3, 0, 0, 0]);
        assert_eq!(total.problems_solved, 6);
    }
}
