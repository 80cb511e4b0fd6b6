//! A community's activity-week rule over time (活动周规则的历史). Like a branch's day plan, a
//! change of rule applies from a chosen month on and earlier months keep the rule they had, so
//! a committee changing its rule in 2027 does not move the dates of 2025's calendars,
//! statistics or reviews. Pure: the caller reads the history from the database.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity_week::{ActivityWeekRule, MIN_YEAR};
use crate::day_plan::YearMonth;
use crate::error::{Error, FieldRule, Result};

/// The month every community's history starts in: before any data the app can hold.
pub const EARLIEST: YearMonth = YearMonth {
    year: MIN_YEAR,
    month: 1,
};

/// A community's rule from `effective_from` on (until the next row's month).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeekRuleFrom {
    /// `YYYY-MM`: the first month the rule applies to.
    pub effective_from: String,
    pub rule: ActivityWeekRule,
}

impl WeekRuleFrom {
    pub fn new(from: YearMonth, rule: ActivityWeekRule) -> Self {
        WeekRuleFrom {
            effective_from: from.format(),
            rule,
        }
    }

    pub fn starts(&self) -> YearMonth {
        YearMonth::parse(&self.effective_from).unwrap_or(EARLIEST)
    }
}

/// `YYYY-MM` checked, or a `BadDate` error on field `effectiveFrom` (as for day plans).
pub fn parse_month(text: &str) -> Result<YearMonth> {
    YearMonth::parse(text).ok_or_else(|| Error::invalid("effectiveFrom", FieldRule::BadDate))
}

/// The rule in force in `month`: the latest row taking effect in or before it. Every community
/// has a row from `EARLIEST`; without one (never in a migrated database) the default applies.
/// `history` must be sorted by `effective_from`.
pub fn rule_for(history: &[WeekRuleFrom], month: YearMonth) -> ActivityWeekRule {
    history
        .iter()
        .rev()
        .find(|r| r.starts() <= month)
        .map(|r| r.rule)
        .unwrap_or_default()
}

/// The rule of each month of `year`, January first.
pub fn rules_of_year(history: &[WeekRuleFrom], year: i32) -> [ActivityWeekRule; 12] {
    std::array::from_fn(|i| {
        rule_for(
            history,
            YearMonth {
                year,
                month: i as u32 + 1,
            },
        )
    })
}

/// The rules over `year`: January's (from `YYYY-01`), then each different one from the month it
/// starts. One entry when the rule did not change during the year.
pub fn year_rules(history: &[WeekRuleFrom], year: i32) -> Vec<WeekRuleFrom> {
    let mut spans: Vec<WeekRuleFrom> = Vec::new();
    for (i, rule) in rules_of_year(history, year).into_iter().enumerate() {
        if spans.last().map(|s| s.rule) != Some(rule) {
            let month = i as u32 + 1;
            spans.push(WeekRuleFrom::new(YearMonth { year, month }, rule));
        }
    }
    spans
}

/// How a year's rules read in Chinese: `每月8日至14日`, or with a change during the year
/// `每月8日至14日；自7月起 第二个周一起的一周`.
pub fn label_zh(year_rules: &[WeekRuleFrom]) -> String {
    year_rules
        .iter()
        .enumerate()
        .map(|(i, r)| match i {
            0 => r.rule.label_zh().to_owned(),
            _ => format!("自{}月起 {}", r.starts().month, r.rule.label_zh()),
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// What saving `rule` from month `from` writes to a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryWrite {
    /// The rule is already in force from that month: nothing is written.
    Unchanged,
    /// Add a row from that month, or replace the row of that month.
    Set,
    /// The month's row goes: without it the months from `from` on already follow `rule` (the
    /// rule in force before), so the history keeps no row that repeats its predecessor.
    Remove,
}

/// What saving `rule` from `from` writes to `history` (sorted by `effective_from`).
pub fn write_for(
    history: &[WeekRuleFrom],
    from: YearMonth,
    rule: ActivityWeekRule,
) -> HistoryWrite {
    if rule_for(history, from) == rule {
        return HistoryWrite::Unchanged;
    }
    let has_row = history.iter().any(|r| r.starts() == from);
    let before = history
        .iter()
        .rev()
        .find(|r| r.starts() < from)
        .map(|r| r.rule);
    match (has_row, before) {
        (true, Some(earlier)) if earlier == rule => HistoryWrite::Remove,
        _ => HistoryWrite::Set,
    }
}

/// Whether the row from `from` may be deleted: any but the first (the months before a later
/// change need a rule).
pub fn deletable(history: &[WeekRuleFrom], from: YearMonth) -> bool {
    history.first().is_some_and(|first| first.starts() < from)
        && history.iter().any(|r| r.starts() == from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActivityWeekRule::*;

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }

    fn history(rows: &[(&str, ActivityWeekRule)]) -> Vec<WeekRuleFrom> {
        rows.iter()
            .map(|(from, rule)| WeekRuleFrom {
                effective_from: (*from).to_owned(),
                rule: *rule,
            })
            .collect()
    }

    #[test]
    fn a_later_rule_applies_from_its_month_and_earlier_months_keep_theirs() {
        let h = history(&[("1900-01", SecondWeekday), ("2026-07", SecondMondayWeek)]);
        assert_eq!(rule_for(&h, ym(1900, 1)), SecondWeekday);
        assert_eq!(rule_for(&h, ym(2025, 12)), SecondWeekday);
        assert_eq!(rule_for(&h, ym(2026, 6)), SecondWeekday);
        assert_eq!(rule_for(&h, ym(2026, 7)), SecondMondayWeek);
        assert_eq!(rule_for(&h, ym(2040, 1)), SecondMondayWeek);
        assert_eq!(
            rule_for(&[], ym(2026, 7)),
            SecondWeekday,
            "no history: the default"
        );
    }

    #[test]
    fn a_year_lists_januarys_rule_and_each_change() {
        let h = history(&[
            ("1900-01", SecondWeekday),
            ("2026-07", SecondMondayWeek),
            ("2027-01", SecondCalendarRow),
        ]);
        assert_eq!(year_rules(&h, 2025), history(&[("2025-01", SecondWeekday)]));
        assert_eq!(
            year_rules(&h, 2026),
            history(&[("2026-01", SecondWeekday), ("2026-07", SecondMondayWeek)])
        );
        assert_eq!(
            year_rules(&h, 2027),
            history(&[("2027-01", SecondCalendarRow)])
        );
        let months = rules_of_year(&h, 2026);
        assert!(months[..6].iter().all(|r| *r == SecondWeekday));
        assert!(months[6..].iter().all(|r| *r == SecondMondayWeek));
        // A row repeating the rule before it does not show as a change.
        let repeated = history(&[("1900-01", SecondWeekday), ("2026-03", SecondWeekday)]);
        assert_eq!(year_rules(&repeated, 2026).len(), 1);
    }

    #[test]
    fn the_label_names_the_month_a_second_rule_starts() {
        let h = history(&[("1900-01", SecondWeekday), ("2026-07", SecondMondayWeek)]);
        assert_eq!(label_zh(&year_rules(&h, 2025)), "每月8日至14日");
        assert_eq!(
            label_zh(&year_rules(&h, 2026)),
            "每月8日至14日；自7月起 第二个周一起的一周"
        );
    }

    #[test]
    fn saving_the_rule_in_force_changes_nothing() {
        let h = history(&[("1900-01", SecondWeekday), ("2026-07", SecondMondayWeek)]);
        assert_eq!(
            write_for(&h, ym(2026, 3), SecondWeekday),
            HistoryWrite::Unchanged
        );
        assert_eq!(
            write_for(&h, ym(2026, 7), SecondMondayWeek),
            HistoryWrite::Unchanged
        );
        assert_eq!(
            write_for(&h, ym(2027, 1), SecondMondayWeek),
            HistoryWrite::Unchanged
        );
    }

    #[test]
    fn a_new_month_adds_a_row_and_the_same_month_replaces_it() {
        let h = history(&[("1900-01", SecondWeekday), ("2026-07", SecondMondayWeek)]);
        assert_eq!(
            write_for(&h, ym(2027, 1), SecondCalendarRow),
            HistoryWrite::Set
        );
        assert_eq!(
            write_for(&h, ym(2026, 7), SecondCalendarRow),
            HistoryWrite::Set
        );
        assert_eq!(
            write_for(&h, ym(1900, 1), SecondCalendarRow),
            HistoryWrite::Set
        );
        // Back to the rule before it from the same month: the row is no longer needed.
        assert_eq!(
            write_for(&h, ym(2026, 7), SecondWeekday),
            HistoryWrite::Remove
        );
        assert_eq!(
            write_for(&[], ym(2026, 7), SecondMondayWeek),
            HistoryWrite::Set,
            "an empty history gets its first row"
        );
    }

    #[test]
    fn only_later_rows_may_be_deleted() {
        let h = history(&[("1900-01", SecondWeekday), ("2026-07", SecondMondayWeek)]);
        assert!(deletable(&h, ym(2026, 7)));
        assert!(!deletable(&h, ym(1900, 1)), "the earliest row stays");
        assert!(!deletable(&h, ym(2026, 8)), "no such row");
        assert!(!deletable(&[], ym(2026, 7)));
    }

    #[test]
    fn a_bad_month_is_a_field_error() {
        for text in ["2026-13", "2026", "26-07", "1899-12", ""] {
            match parse_month(text) {
                Err(Error::Invalid(fields)) => {
                    assert_eq!(fields[0].field, "effectiveFrom");
                    assert_eq!(fields[0].rule, FieldRule::BadDate);
                }
                other => panic!("{text:?} should be refused, got {other:?}"),
            }
        }
        assert_eq!(parse_month(" 2026-7 ").unwrap(), ym(2026, 7));
        assert_eq!(
            serde_json::to_string(&WeekRuleFrom::new(ym(2026, 7), SecondMondayWeek)).unwrap(),
            r#"{"effectiveFrom":"2026-07","rule":"second-monday-week"}"#
        );
    }
}
