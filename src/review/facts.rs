//! The fact sheet of a branch for a review: what the branch did in the quarter, built from plain
//! inputs (the caller reads them from the schedule, activities, ledgers, "3+X" and the previous
//! review). The reviewers read it before they rate.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ItemStatus, RectificationItem};
use crate::compliance::{BranchCompliance, ComplianceState};

/// One activity day of the quarter as scheduled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayFact {
    pub month: u32,
    pub date: NaiveDate,
    /// Moved out of a holiday break by the rule; the holiday's name.
    pub holiday: Option<String>,
    /// Moved by the secretary; the reason.
    pub manual_reason: Option<String>,
    /// Moved by hand outside the activity week.
    pub deviation: bool,
}

/// One activity of the quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityFact {
    /// The activity day's month; `None` for an extra activity.
    pub month: Option<u32>,
    pub held: bool,
    pub steps_recorded: u32,
    /// Members present and on the roll (attendance taken); `None` when not taken.
    pub attendance: Option<(u32, u32)>,
    pub residents_present: u32,
}

/// The branch's ledgers over the quarter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LedgerFact {
    pub suggestions: u32,
    pub suggestions_answered: u32,
    pub problems: u32,
    pub problems_solved: u32,
}

/// A moved activity day, as the fact sheet lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MovedDay {
    pub month: u32,
    pub date: NaiveDate,
    /// The holiday, or the secretary's reason.
    pub reason: String,
    /// Outside the activity week.
    pub deviation: bool,
}

/// What a branch did in the quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FactSheet {
    pub branch_id: String,
    pub branch_name: String,
    pub year: i32,
    pub quarter: u32,
    /// Activity days the schedule has in the quarter.
    pub days_scheduled: u32,
    /// Of those, days whose activity was held.
    pub days_held: u32,
    pub moved_days: Vec<MovedDay>,
    /// Held activities, extra ones included.
    pub activities_held: u32,
    pub extra_activities: u32,
    /// Held activities with all three steps recorded.
    pub three_steps_complete: u32,
    /// Members present over members on the roll, over the held activities with attendance.
    pub members_present: u32,
    pub members_on_roll: u32,
    pub attendance_rate: Option<f64>,
    pub residents_present: u32,
    /// Demonstration points created in the quarter.
    pub points_added: u32,
    /// "3+X" at the quarter's end (or today, when earlier): required and fulfilled this year.
    pub points_required: u32,
    pub points_fulfilled: u32,
    pub compliance_state: ComplianceState,
    /// This quarter's rule (one new point).
    pub quarter_state: ComplianceState,
    pub suggestions: u32,
    pub suggestions_answered: u32,
    pub problems: u32,
    pub problems_solved: u32,
    /// Rectification items from earlier reviews: all of the previous quarter's, and older
    /// ones still open.
    pub carried_items: Vec<RectificationItem>,
    pub carried_open: u32,
}

/// Everything the fact sheet is built from.
#[derive(Debug, Clone)]
pub struct FactInputs<'a> {
    pub branch_id: &'a str,
    pub branch_name: &'a str,
    pub year: i32,
    pub quarter: u32,
    /// The schedule's days of the quarter.
    pub days: &'a [DayFact],
    /// The activities dated in the quarter.
    pub activities: &'a [ActivityFact],
    pub compliance: &'a BranchCompliance,
    pub ledger: LedgerFact,
    pub carried_items: Vec<RectificationItem>,
}

pub fn fact_sheet(i: FactInputs) -> FactSheet {
    let held: Vec<&ActivityFact> = i.activities.iter().filter(|a| a.held).collect();
    let days_held = i
        .days
        .iter()
        .filter(|d| held.iter().any(|a| a.month == Some(d.month)))
        .count() as u32;
    let moved_days = i
        .days
        .iter()
        .filter_map(|d| {
            let reason = d.manual_reason.clone().or_else(|| d.holiday.clone())?;
            Some(MovedDay {
                month: d.month,
                date: d.date,
                reason,
                deviation: d.deviation,
            })
        })
        .collect();
    let (present, roll) = held
        .iter()
        .filter_map(|a| a.attendance)
        .fold((0, 0), |(p, r), (ap, ar)| (p + ap, r + ar));
    let quarter_state = i
        .compliance
        .quarter(i.quarter)
        .map_or(ComplianceState::NotStarted, |q| q.state);
    let points_added = i.compliance.quarter(i.quarter).map_or(0, |q| q.points);
    let carried_open = i
        .carried_items
        .iter()
        .filter(|it| it.status == ItemStatus::Open)
        .count() as u32;
    FactSheet {
        branch_id: i.branch_id.to_owned(),
        branch_name: i.branch_name.to_owned(),
        year: i.year,
        quarter: i.quarter,
        days_scheduled: i.days.len() as u32,
        days_held,
        moved_days,
        activities_held: held.len() as u32,
        extra_activities: held.iter().filter(|a| a.month.is_none()).count() as u32,
        three_steps_complete: held.iter().filter(|a| a.steps_recorded >= 3).count() as u32,
        members_present: present,
        members_on_roll: roll,
        attendance_rate: (roll > 0).then(|| f64::from(present) / f64::from(roll)),
        residents_present: held.iter().map(|a| a.residents_present).sum(),
        points_added,
        points_required: i.compliance.required,
        points_fulfilled: i.compliance.fulfilled,
        compliance_state: i.compliance.state,
        quarter_state,
        suggestions: i.ledger.suggestions,
        suggestions_answered: i.ledger.suggestions_answered,
        problems: i.ledger.problems,
        problems_solved: i.ledger.problems_solved,
        carried_items: i.carried_items,
        carried_open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::{branch_compliance, BranchRecord};
    use crate::demo_point::{DemoPoint, PointCategory, PointLeader, PointStatus};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap()
    }

    fn point(id: &str, created: NaiveDate) -> DemoPoint {
        DemoPoint {
            id: id.into(),
            branch_id: "b".into(),
            name: id.into(),
            category: PointCategory::Planting,
            location: String::new(),
            created_on: created,
            leader: PointLeader::Committee {
                member_id: "m1".into(),
            },
            member_ids: Vec::new(),
            description: String::new(),
            status: PointStatus::Active,
        }
    }

    #[test]
    fn a_quarter_counted_by_hand() {
        let days = [
            DayFact {
                month: 4,
                date: day(4, 9),
                holiday: None,
                manual_reason: None,
                deviation: false,
            },
            DayFact {
                month: 5,
                date: day(5, 7),
                holiday: Some("劳动节".into()),
                manual_reason: None,
                deviation: false,
            },
            DayFact {
                month: 6,
                date: day(6, 20),
                holiday: None,
                manual_reason: Some("麦收".into()),
                deviation: true,
            },
        ];
        let activities = [
            ActivityFact {
                month: Some(4),
                held: true,
                steps_recorded: 3,
                attendance: Some((18, 20)),
                residents_present: 5,
            },
            ActivityFact {
                month: Some(5),
                held: true,
                steps_recorded: 2,
                attendance: Some((15, 20)),
                residents_present: 0,
            },
            ActivityFact {
                month: Some(6),
                held: false,
                steps_recorded: 0,
                attendance: None,
                residents_present: 0,
            },
            ActivityFact {
                month: None,
                held: true,
                steps_recorded: 3,
                attendance: None,
                residents_present: 12,
            },
        ];
        let record = BranchRecord {
            branch_id: "b".into(),
            ..Default::default()
        };
        let points = [point("p1", day(5, 3)), point("p2", day(2, 1))];
        let compliance = branch_compliance(&record, &points, 2025, day(6, 30));
        let carried = vec![RectificationItem {
            id: "i".into(),
            review_id: "r0".into(),
            branch_id: "b".into(),
            what: "补齐签到表".into(),
            owner: "李委员".into(),
            due_on: day(5, 31),
            status: ItemStatus::Open,
            done_on: None,
            note: String::new(),
        }];
        let sheet = fact_sheet(FactInputs {
            branch_id: "b",
            branch_name: "种植业支部",
            year: 2025,
            quarter: 2,
            days: &days,
            activities: &activities,
            compliance: &compliance,
            ledger: LedgerFact {
                suggestions: 4,
                suggestions_answered: 3,
                problems: 2,
                problems_solved: 1,
            },
            carried_items: carried,
        });
        assert_eq!((sheet.days_scheduled, sheet.days_held), (3, 2));
        assert_eq!(sheet.moved_days.len(), 2);
        assert_eq!(
            sheet.moved_days[1].reason, "麦收",
            "the secretary's reason wins"
        );
        assert!(sheet.moved_days[1].deviation);
        assert_eq!((sheet.activities_held, sheet.extra_activities), (3, 1));
        assert_eq!(sheet.three_steps_complete, 2);
        assert_eq!((sheet.members_present, sheet.members_on_roll), (33, 40));
        assert_eq!(sheet.attendance_rate, Some(33.0 / 40.0));
        assert_eq!(sheet.residents_present, 17);
        assert_eq!(sheet.points_added, 1, "only p1 is of Q2");
        assert_eq!(sheet.quarter_state, ComplianceState::Met);
        assert_eq!(sheet.suggestions_answered, 3);
        assert_eq!(sheet.carried_open, 1);
    }
}
