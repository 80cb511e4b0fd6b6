//! Demonstration points (党员活动示范点), the yardstick of "定标准": what a point is, who leads
//! it (a committee member or a team), its status, and the checks on what a secretary enters.
//! Pure types and checks; the compliance engine counts them (`crate::compliance`).

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity_week::check_year;
use crate::error::{valid, FieldError, FieldRule, Result};
use crate::org::Member;
use crate::team::Team;

/// Longest point name, in characters (as for names in the register).
pub const MAX_POINT_NAME_CHARS: usize = 30;
/// Longest village / location text, in characters.
pub const MAX_LOCATION_CHARS: usize = 60;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 500;
/// Longest reason for closing a point, in characters.
pub const MAX_CLOSE_REASON_CHARS: usize = 200;

/// What a demonstration point is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PointCategory {
    /// 种植
    Planting,
    /// 养殖
    Breeding,
    /// 加工
    Processing,
    /// 电商
    Ecommerce,
    /// 服务
    Services,
    /// 文化
    Culture,
    /// 其他
    Other,
}

impl PointCategory {
    pub const ALL: [PointCategory; 7] = [
        PointCategory::Planting,
        PointCategory::Breeding,
        PointCategory::Processing,
        PointCategory::Ecommerce,
        PointCategory::Services,
        PointCategory::Culture,
        PointCategory::Other,
    ];

    /// The name stored in the database and sent over IPC (the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            PointCategory::Planting => "planting",
            PointCategory::Breeding => "breeding",
            PointCategory::Processing => "processing",
            PointCategory::Ecommerce => "ecommerce",
            PointCategory::Services => "services",
            PointCategory::Culture => "culture",
            PointCategory::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            PointCategory::Planting => "种植",
            PointCategory::Breeding => "养殖",
            PointCategory::Processing => "加工",
            PointCategory::Ecommerce => "电商",
            PointCategory::Services => "服务",
            PointCategory::Culture => "文化",
            PointCategory::Other => "其他",
        }
    }
}

/// Who leads a point: one committee member ("3") or a team of capable members ("X").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum PointLeader {
    Committee { member_id: String },
    Team { team_id: String },
}

impl PointLeader {
    fn id(&self) -> &str {
        match self {
            PointLeader::Committee { member_id } => member_id,
            PointLeader::Team { team_id } => team_id,
        }
    }
}

/// Whether a point is still running. A closed point still counts for the period it was
/// created in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum PointStatus {
    Active,
    Closed {
        closed_on: NaiveDate,
        reason: String,
    },
}

/// A registered demonstration point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DemoPoint {
    pub id: String,
    pub branch_id: String,
    pub name: String,
    pub category: PointCategory,
    /// Village or place, free text.
    pub location: String,
    /// The creation date; the compliance rules count a point in this date's year and quarter.
    pub created_on: NaiveDate,
    pub leader: PointLeader,
    /// Members involved besides the leader.
    pub member_ids: Vec<String>,
    pub description: String,
    pub status: PointStatus,
}

impl DemoPoint {
    /// The point as its form would hold it, for checking with the form's rules.
    pub fn draft(&self) -> DemoPointDraft {
        DemoPointDraft {
            branch_id: self.branch_id.clone(),
            name: self.name.clone(),
            category: self.category,
            location: self.location.clone(),
            created_on: self.created_on,
            leader: self.leader.clone(),
            member_ids: self.member_ids.clone(),
            description: self.description.clone(),
            status: self.status.clone(),
        }
    }
}

/// What a secretary enters to add or edit a point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DemoPointDraft {
    pub branch_id: String,
    pub name: String,
    pub category: PointCategory,
    pub location: String,
    pub created_on: NaiveDate,
    pub leader: PointLeader,
    pub member_ids: Vec<String>,
    pub description: String,
    pub status: PointStatus,
}

impl DemoPointDraft {
    /// Trims the text, drops blank and repeated member ids, and checks every field, reporting
    /// all failing fields at once. Field names are those of the JSON: `name`, `location`,
    /// `createdOn`, `leader`, `description`, `closedOn`, `reason`, `branchId`.
    pub fn validated(mut self, today: NaiveDate) -> Result<Self> {
        self.branch_id = self.branch_id.trim().to_owned();
        self.name = self.name.trim().to_owned();
        self.location = self.location.trim().to_owned();
        self.description = self.description.trim().to_owned();
        self.leader = match self.leader {
            PointLeader::Committee { member_id } => PointLeader::Committee {
                member_id: member_id.trim().to_owned(),
            },
            PointLeader::Team { team_id } => PointLeader::Team {
                team_id: team_id.trim().to_owned(),
            },
        };
        self.member_ids = distinct_ids(&self.member_ids);
        if let PointStatus::Closed { reason, .. } = &mut self.status {
            *reason = reason.trim().to_owned();
        }

        let mut errors = Vec::new();
        let mut fail = |field: &str, rule| {
            errors.push(FieldError {
                field: field.to_owned(),
                rule,
            });
        };
        if self.branch_id.is_empty() {
            fail("branchId", FieldRule::Required);
        }
        check_text(&mut fail, "name", &self.name, true, MAX_POINT_NAME_CHARS);
        check_text(
            &mut fail,
            "location",
            &self.location,
            false,
            MAX_LOCATION_CHARS,
        );
        check_text(
            &mut fail,
            "description",
            &self.description,
            false,
            MAX_DESCRIPTION_CHARS,
        );
        if self.created_on > today {
            fail("createdOn", FieldRule::Future);
        } else if check_year(self.created_on.year()).is_err() {
            fail("createdOn", FieldRule::BadDate);
        }
        if self.leader.id().is_empty() {
            fail("leader", FieldRule::Required);
        }
        if let PointStatus::Closed { closed_on, reason } = &self.status {
            if *closed_on > today {
                fail("closedOn", FieldRule::Future);
            } else if *closed_on < self.created_on {
                fail("closedOn", FieldRule::BadDate);
            }
            check_text(&mut fail, "reason", reason, true, MAX_CLOSE_REASON_CHARS);
        }
        valid(self, errors)
    }

    /// The point this draft becomes under `id` (call on a validated draft).
    pub fn into_point(self, id: String) -> DemoPoint {
        DemoPoint {
            id,
            branch_id: self.branch_id,
            name: self.name,
            category: self.category,
            location: self.location,
            created_on: self.created_on,
            leader: self.leader,
            member_ids: self.member_ids,
            description: self.description,
            status: self.status,
        }
    }
}

/// One status a point took, as its history keeps it: active from its creation date, closed on
/// a date with a reason, active again from the day it was reopened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PointStatusChange {
    /// When the point took this status.
    pub on: NaiveDate,
    pub status: PointStatus,
    /// The day the change was entered.
    pub recorded_on: NaiveDate,
}

/// The history entries that saving `after` adds, `before` being the stored point (`None` for a
/// new one): a new point starts active on its creation date (then closed, if entered closed);
/// an edited point adds an entry only when its status changed (a reopened point is active again
/// from `today`).
pub fn status_changes(
    before: Option<&DemoPoint>,
    after: &DemoPoint,
    today: NaiveDate,
) -> Vec<PointStatusChange> {
    let entry = |on, status: &PointStatus| PointStatusChange {
        on,
        status: status.clone(),
        recorded_on: today,
    };
    let closing = match &after.status {
        PointStatus::Closed { closed_on, .. } => Some(entry(*closed_on, &after.status)),
        PointStatus::Active => None,
    };
    match before {
        None => std::iter::once(entry(after.created_on, &PointStatus::Active))
            .chain(closing)
            .collect(),
        Some(before) if before.status == after.status => Vec::new(),
        Some(_) => vec![closing.unwrap_or_else(|| entry(today, &PointStatus::Active))],
    }
}

fn check_text(
    fail: &mut impl FnMut(&str, FieldRule),
    field: &str,
    text: &str,
    required: bool,
    max_chars: usize,
) {
    if required && text.is_empty() {
        fail(field, FieldRule::Required);
    } else if text.chars().count() > max_chars {
        fail(field, FieldRule::TooLong);
    }
}

/// Trimmed ids, blanks dropped, each once, in the order first given.
pub(crate) fn distinct_ids(ids: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.iter()
        .map(|id| id.trim())
        .filter(|id| !id.is_empty() && seen.insert(*id))
        .map(str::to_owned)
        .collect()
}

/// Checks the people of a validated draft against the register: a committee leader is a
/// member of the point's branch (whether they held a seat, and when, is for the compliance
/// engine to judge, so points of a former committee member can still be entered); a team
/// leader is a team of that branch formed for the year the point was created in; everyone
/// involved is a member of the branch. Reports every failing field (`leader`, `memberIds`)
/// as `FieldRule::BadChoice`.
pub fn check_point_people(
    draft: &DemoPointDraft,
    members: &[Member],
    teams: &[Team],
) -> Result<()> {
    let in_branch = |id: &str| {
        members
            .iter()
            .any(|m| m.id == id && m.branch_id == draft.branch_id)
    };
    let mut errors = Vec::new();
    let leader_ok = match &draft.leader {
        PointLeader::Committee { member_id } => in_branch(member_id),
        PointLeader::Team { team_id } => teams.iter().any(|t| {
            t.id == *team_id && t.branch_id == draft.branch_id && t.year == draft.created_on.year()
        }),
    };
    if !leader_ok {
        errors.push(FieldError {
            field: "leader".into(),
            rule: FieldRule::BadChoice,
        });
    }
    if !draft.member_ids.iter().all(|id| in_branch(id)) {
        errors.push(FieldError {
            field: "memberIds".into(),
            rule: FieldRule::BadChoice,
        });
    }
    valid((), errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::org::Gender;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        date(2025, 6, 15)
    }

    fn draft() -> DemoPointDraft {
        DemoPointDraft {
            branch_id: "b1".into(),
            name: " 西红柿大棚示范点 ".into(),
            category: PointCategory::Planting,
            location: " 东关村 ".into(),
            created_on: date(2025, 3, 31),
            leader: PointLeader::Committee {
                member_id: " m1 ".into(),
            },
            member_ids: vec!["m2".into(), " m3".into(), "m2".into(), "".into()],
            description: "".into(),
            status: PointStatus::Active,
        }
    }

    fn rules(err: Error) -> Vec<(String, FieldRule)> {
        match err {
            Error::Invalid(fields) => fields.into_iter().map(|f| (f.field, f.rule)).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    fn member(id: &str, branch_id: &str) -> Member {
        Member {
            id: id.into(),
            branch_id: branch_id.into(),
            branch_name: String::new(),
            community_name: String::new(),
            name: id.into(),
            gender: Gender::Male,
            birth_year: 1970,
            phone: String::new(),
            specialty: String::new(),
            joined_on: None,
            capable: true,
            archived_on: None,
            seat: None,
        }
    }

    #[test]
    fn a_good_draft_is_trimmed_and_its_member_ids_made_distinct() {
        let ok = draft().validated(today()).unwrap();
        assert_eq!(ok.name, "西红柿大棚示范点");
        assert_eq!(ok.location, "东关村");
        assert_eq!(
            ok.leader,
            PointLeader::Committee {
                member_id: "m1".into()
            }
        );
        assert_eq!(
            ok.member_ids,
            ["m2", "m3"],
            "blanks and repeats are dropped"
        );
        let point = ok.into_point("p1".into());
        assert_eq!(point.id, "p1");
    }

    #[test]
    fn name_is_required_and_at_most_thirty_characters() {
        let blank = DemoPointDraft {
            name: "  ".into(),
            ..draft()
        };
        assert_eq!(
            rules(blank.validated(today()).unwrap_err()),
            [("name".into(), FieldRule::Required)]
        );
        let thirty = DemoPointDraft {
            name: "点".repeat(30),
            ..draft()
        };
        assert!(
            thirty.validated(today()).is_ok(),
            "30 characters is the limit"
        );
        let long = DemoPointDraft {
            name: "点".repeat(31),
            ..draft()
        };
        assert_eq!(
            rules(long.validated(today()).unwrap_err()),
            [("name".into(), FieldRule::TooLong)]
        );
    }

    #[test]
    fn a_point_cannot_be_created_in_the_future_but_today_is_fine() {
        let tomorrow = DemoPointDraft {
            created_on: date(2025, 6, 16),
            ..draft()
        };
        assert_eq!(
            rules(tomorrow.validated(today()).unwrap_err()),
            [("createdOn".into(), FieldRule::Future)]
        );
        let on_today = DemoPointDraft {
            created_on: today(),
            ..draft()
        };
        assert!(on_today.validated(today()).is_ok());
    }

    #[test]
    fn a_closed_point_needs_a_reason_and_a_date_between_creation_and_today() {
        let closed = |closed_on, reason: &str| DemoPointDraft {
            status: PointStatus::Closed {
                closed_on,
                reason: reason.into(),
            },
            ..draft()
        };
        assert!(closed(date(2025, 3, 31), "大棚改建")
            .validated(today())
            .is_ok());
        assert_eq!(
            rules(
                closed(date(2025, 3, 30), " ")
                    .validated(today())
                    .unwrap_err()
            ),
            [
                ("closedOn".into(), FieldRule::BadDate),
                ("reason".into(), FieldRule::Required)
            ],
            "closed before it was created, and no reason"
        );
        assert_eq!(
            rules(
                closed(date(2025, 7, 1), "x")
                    .validated(today())
                    .unwrap_err()
            ),
            [("closedOn".into(), FieldRule::Future)]
        );
    }

    #[test]
    fn every_failing_field_is_reported_with_its_json_name() {
        let bad = DemoPointDraft {
            branch_id: " ".into(),
            name: "".into(),
            location: "村".repeat(61),
            description: "字".repeat(501),
            leader: PointLeader::Team {
                team_id: "  ".into(),
            },
            ..draft()
        };
        let found = rules(bad.validated(today()).unwrap_err());
        assert_eq!(
            found,
            [
                ("branchId".into(), FieldRule::Required),
                ("name".into(), FieldRule::Required),
                ("location".into(), FieldRule::TooLong),
                ("description".into(), FieldRule::TooLong),
                ("leader".into(), FieldRule::Required),
            ]
        );
    }

    #[test]
    fn leader_and_members_must_belong_to_the_branch_and_a_team_to_the_year() {
        let members = [member("m1", "b1"), member("m2", "b1"), member("m3", "b1")];
        let team = Team {
            id: "t1".into(),
            branch_id: "b1".into(),
            year: 2025,
            name: "蔬菜组".into(),
            member_ids: Vec::new(),
        };
        let ok = draft().validated(today()).unwrap();
        assert!(check_point_people(&ok, &members, std::slice::from_ref(&team)).is_ok());

        let outsider = DemoPointDraft {
            leader: PointLeader::Committee {
                member_id: "x9".into(),
            },
            member_ids: vec!["m2".into(), "x8".into()],
            ..ok.clone()
        };
        assert_eq!(
            rules(check_point_people(&outsider, &members, &[]).unwrap_err()),
            [
                ("leader".into(), FieldRule::BadChoice),
                ("memberIds".into(), FieldRule::BadChoice)
            ]
        );

        let by_team = DemoPointDraft {
            leader: PointLeader::Team {
                team_id: "t1".into(),
            },
            ..ok.clone()
        };
        assert!(check_point_people(&by_team, &members, std::slice::from_ref(&team)).is_ok());
        let last_years_team = Team { year: 2024, ..team };
        assert!(
            check_point_people(&by_team, &members, &[last_years_team]).is_err(),
            "a point of 2025 cannot be led by a team of 2024"
        );
    }

    #[test]
    fn history_starts_at_creation_and_grows_only_when_the_status_changes() {
        let active = draft().validated(today()).unwrap().into_point("p1".into());
        let new = status_changes(None, &active, today());
        assert_eq!(new.len(), 1);
        assert_eq!(
            new[0].on,
            date(2025, 3, 31),
            "active from its creation date"
        );
        assert_eq!(new[0].recorded_on, today());
        assert!(status_changes(Some(&active), &active, today()).is_empty());

        let closed = DemoPoint {
            status: PointStatus::Closed {
                closed_on: date(2025, 5, 2),
                reason: "并入合作社".into(),
            },
            ..active.clone()
        };
        let closing = status_changes(Some(&active), &closed, today());
        assert_eq!(closing.len(), 1);
        assert_eq!(closing[0].on, date(2025, 5, 2));
        assert_eq!(closing[0].status, closed.status);
        let reopened = status_changes(Some(&closed), &active, today());
        assert_eq!(
            reopened[0].on,
            today(),
            "active again from the day it reopened"
        );
        assert_eq!(reopened[0].status, PointStatus::Active);
        assert_eq!(
            status_changes(None, &closed, today()).len(),
            2,
            "entered closed: created, then closed"
        );
    }

    #[test]
    fn leader_and_status_cross_ipc_as_tagged_camel_case_objects() {
        let leader = PointLeader::Committee {
            member_id: "m1".into(),
        };
        assert_eq!(
            serde_json::to_string(&leader).unwrap(),
            r#"{"kind":"committee","memberId":"m1"}"#
        );
        let status = PointStatus::Closed {
            closed_on: date(2025, 5, 1),
            reason: "r".into(),
        };
        assert_eq!(
            serde_json::to_string(&status).unwrap(),
            r#"{"kind":"closed","closedOn":"2025-05-01","reason":"r"}"#
        );
        assert_eq!(
            serde_json::to_string(&PointCategory::Ecommerce).unwrap(),
            r#""ecommerce""#
        );
        for category in PointCategory::ALL {
            assert_eq!(PointCategory::parse(category.as_str()), Some(category));
        }
        assert_eq!(PointCategory::Breeding.label_zh(), "养殖");
    }
}
