//! 定规范: an activity in three steps (三步走) — planned before, recorded after — its lifecycle,
//! and the attendance of the branch's members. Pure types and rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, FieldError, FieldRule, Result};
use crate::org::Member;

pub const MAX_TOPIC_CHARS: usize = 60;
pub const MAX_STEP_TEXT_CHARS: usize = 2000;

/// The kinds the city counts (学习培训, 技术讲座, 经验交流, 现场观摩); an activity may be several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ActivityKind {
    StudyTraining,
    TechnicalLecture,
    ExperienceExchange,
    OnSiteObservation,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 4] = [
        ActivityKind::StudyTraining,
        ActivityKind::TechnicalLecture,
        ActivityKind::ExperienceExchange,
        ActivityKind::OnSiteObservation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::StudyTraining => "studyTraining",
            ActivityKind::TechnicalLecture => "technicalLecture",
            ActivityKind::ExperienceExchange => "experienceExchange",
            ActivityKind::OnSiteObservation => "onSiteObservation",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ActivityKind::StudyTraining => "学习培训",
            ActivityKind::TechnicalLecture => "技术讲座",
            ActivityKind::ExperienceExchange => "经验交流",
            ActivityKind::OnSiteObservation => "现场观摩",
        }
    }
}

/// The three steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Step {
    /// 理论学习
    TheoryStudy,
    /// 实践培训
    PracticalTraining,
    /// 互动提高
    InteractiveImprovement,
}

impl Step {
    pub const ALL: [Step; 3] = [
        Step::TheoryStudy,
        Step::PracticalTraining,
        Step::InteractiveImprovement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::TheoryStudy => "theoryStudy",
            Step::PracticalTraining => "practicalTraining",
            Step::InteractiveImprovement => "interactiveImprovement",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Step::TheoryStudy => "理论学习",
            Step::PracticalTraining => "实践培训",
            Step::InteractiveImprovement => "互动提高",
        }
    }
}

/// Forms of practical training (step 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PracticeForm {
    /// 现场教学
    OnSiteTeaching,
    /// 观摩
    ObservationVisit,
    /// 实地活动、实习锻炼
    HandsOnPractice,
}

impl PracticeForm {
    pub const ALL: [PracticeForm; 3] = [
        PracticeForm::OnSiteTeaching,
        PracticeForm::ObservationVisit,
        PracticeForm::HandsOnPractice,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PracticeForm::OnSiteTeaching => "onSiteTeaching",
            PracticeForm::ObservationVisit => "observationVisit",
            PracticeForm::HandsOnPractice => "handsOnPractice",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

/// One step: what is planned before the day, and what was done after.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StepEntry {
    pub plan_content: String,
    pub plan_leader: String,
    pub plan_materials: String,
    pub plan_minutes: u32,
    /// Forms of practical training; used by step 2 only.
    pub practice_forms: Vec<PracticeForm>,
    /// What was done (the record). Empty until recorded.
    pub record_done: String,
    pub record_notes: String,
}

impl StepEntry {
    pub fn is_recorded(&self) -> bool {
        !self.record_done.trim().is_empty()
    }
}

/// One of the three steps of an activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActivityStep {
    pub step: Step,
    pub entry: StepEntry,
}

/// An activity of a branch: normally the one of an activity day (`month`), or an extra one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Activity {
    pub id: String,
    pub branch_id: String,
    pub year: i32,
    /// The month of the activity day it belongs to; `None` for an extra activity.
    pub month: Option<u32>,
    pub topic: String,
    pub kinds: Vec<ActivityKind>,
    /// The day it is planned for (for a postponed activity, the day it was first planned for).
    /// The day it took place is [`Activity::took_place_on`].
    pub date: NaiveDate,
    pub start_time: String,
    pub venue: String,
    /// The lecturer or whoever leads the day.
    pub leader: String,
    pub status: ActivityStatus,
    /// The day a postponed activity was held on (set by [`held_on`](crate::activity::held_on));
    /// `None` for every other activity, which takes place on `date`. Read it through
    /// [`Activity::took_place_on`].
    pub held_on: Option<NaiveDate>,
    pub residents_present: u32,
    pub attendance_taken: bool,
    /// Always the three steps, in order.
    pub steps: Vec<ActivityStep>,
}

impl Activity {
    /// A new planned activity from a checked draft, under the given id.
    pub fn planned(id: String, draft: ActivityDraft) -> Activity {
        use chrono::Datelike;
        Activity {
            id,
            branch_id: draft.branch_id,
            year: draft.date.year(),
            month: draft.month,
            topic: draft.topic,
            kinds: draft.kinds,
            date: draft.date,
            start_time: draft.start_time,
            venue: draft.venue,
            leader: draft.leader,
            status: ActivityStatus::Planned,
            held_on: None,
            residents_present: 0,
            attendance_taken: false,
            steps: draft.steps,
        }
    }

    /// The day the activity took place — or, not held yet, is planned for. An activity
    /// postponed and then held took place on the day it was held (`held_on`), every other on
    /// its `date`. Every count, list, fact sheet, calendar and print asks this, never `date`:
    /// the statistics, by the same rule in SQL, through [`crate::db::activities::TOOK_PLACE_ON`].
    pub fn took_place_on(&self) -> NaiveDate {
        self.held_on.unwrap_or(self.date)
    }

    /// The activity's plan as a draft, for filling and checking.
    pub fn draft(&self) -> ActivityDraft {
        ActivityDraft {
            branch_id: self.branch_id.clone(),
            month: self.month,
            topic: self.topic.clone(),
            kinds: self.kinds.clone(),
            date: self.date,
            start_time: self.start_time.clone(),
            venue: self.venue.clone(),
            leader: self.leader.clone(),
            steps: self.steps.clone(),
        }
    }
}

/// What a secretary enters to plan or edit an activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActivityDraft {
    pub branch_id: String,
    pub month: Option<u32>,
    pub topic: String,
    pub kinds: Vec<ActivityKind>,
    pub date: NaiveDate,
    pub start_time: String,
    pub venue: String,
    pub leader: String,
    pub steps: Vec<ActivityStep>,
}

impl ActivityDraft {
    /// Trims and checks every field; the steps come back as exactly the three, in order (a
    /// step left out is empty, one given twice is refused).
    pub fn validated(mut self) -> Result<Self> {
        use chrono::Datelike;
        self.topic = self.topic.trim().to_owned();
        self.venue = self.venue.trim().to_owned();
        self.leader = self.leader.trim().to_owned();
        let mut errors = Vec::new();
        let mut fail = |field: &str, rule| {
            errors.push(FieldError {
                field: field.into(),
                rule,
            })
        };
        if self.topic.is_empty() {
            fail("topic", FieldRule::Required);
        } else if self.topic.chars().count() > MAX_TOPIC_CHARS {
            fail("topic", FieldRule::TooLong);
        }
        if self.kinds.is_empty() {
            fail("kinds", FieldRule::Required);
        }
        self.kinds.sort();
        self.kinds.dedup();
        if crate::activity_week::check_year(self.date.year()).is_err() {
            fail("date", FieldRule::BadDate);
        }
        if let Some(month) = self.month {
            if month != self.date.month() {
                fail("date", FieldRule::BadDate);
            }
        }
        match crate::day_plan::parse_start_time(&self.start_time) {
            Some(time) => self.start_time = time,
            None => fail("startTime", FieldRule::BadTime),
        }
        if self.venue.chars().count() > crate::day_plan::MAX_VENUE_CHARS {
            fail("venue", FieldRule::TooLong);
        }
        let mut steps = Vec::with_capacity(3);
        for step in Step::ALL {
            let given: Vec<_> = self.steps.iter().filter(|s| s.step == step).collect();
            if given.len() > 1 {
                fail("steps", FieldRule::BadChoice);
            }
            let mut entry = given.first().map(|s| s.entry.clone()).unwrap_or_default();
            for text in [
                &mut entry.plan_content,
                &mut entry.plan_leader,
                &mut entry.plan_materials,
                &mut entry.record_done,
                &mut entry.record_notes,
            ] {
                *text = text.trim().to_owned();
                if text.chars().count() > MAX_STEP_TEXT_CHARS {
                    fail(&format!("steps.{}", step.as_str()), FieldRule::TooLong);
                }
            }
            if step != Step::PracticalTraining {
                entry.practice_forms.clear();
            }
            entry.practice_forms.sort();
            entry.practice_forms.dedup();
            steps.push(ActivityStep { step, entry });
        }
        self.steps = steps;
        crate::error::valid(self, errors)
    }
}

/// Where an activity stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "state"
)]
#[ts(export)]
pub enum ActivityStatus {
    Planned,
    Held,
    Postponed { new_date: NaiveDate, reason: String },
    Cancelled { reason: String },
}

impl ActivityStatus {
    pub fn name(&self) -> &'static str {
        match self {
            ActivityStatus::Planned => "planned",
            ActivityStatus::Held => "held",
            ActivityStatus::Postponed { .. } => "postponed",
            ActivityStatus::Cancelled { .. } => "cancelled",
        }
    }
}

/// Why a member was absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AbsenceReason {
    /// 外出务工
    MigrantWork,
    /// 生病
    Illness,
    /// 请假
    Leave,
    Other,
}

impl AbsenceReason {
    pub fn as_str(self) -> &'static str {
        match self {
            AbsenceReason::MigrantWork => "migrantWork",
            AbsenceReason::Illness => "illness",
            AbsenceReason::Leave => "leave",
            AbsenceReason::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::MigrantWork, Self::Illness, Self::Leave, Self::Other]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

/// One member's attendance: present, or absent with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AttendanceEntry {
    pub member_id: String,
    pub present: bool,
    pub absence_reason: Option<AbsenceReason>,
    pub note: String,
}

/// The members expected at an activity on `date`: the branch's members not archived before it
/// and not joined after it. Archived later, they stay on that day's roll.
pub fn roster(members: &[Member], date: NaiveDate) -> Vec<&Member> {
    members
        .iter()
        .filter(|m| m.archived_on.is_none_or(|archived| archived > date))
        .filter(|m| m.joined_on.is_none_or(|joined| joined <= date))
        .collect()
}

/// Present members over everyone on the roll; `None` before attendance is taken.
pub fn attendance_rate(entries: &[AttendanceEntry]) -> Option<f64> {
    if entries.is_empty() {
        return None;
    }
    let present = entries.iter().filter(|e| e.present).count();
    Some(present as f64 / entries.len() as f64)
}

/// Checks an attendance sheet against the roll: every entry a member on it, nobody twice, and a
/// reason for every absence.
pub fn check_attendance(entries: &[AttendanceEntry], roll: &[&Member]) -> Result<()> {
    for (i, entry) in entries.iter().enumerate() {
        if !roll.iter().any(|m| m.id == entry.member_id) {
            return Err(Error::NotOnRoll {
                member: entry.member_id.clone(),
            });
        }
        if entries[..i].iter().any(|e| e.member_id == entry.member_id) {
            return Err(Error::invalid("attendance", FieldRule::BadChoice));
        }
        if !entry.present && entry.absence_reason.is_none() {
            return Err(Error::Invalid(vec![FieldError {
                field: format!("attendance.{}", entry.member_id),
                rule: FieldRule::Required,
            }]));
        }
    }
    Ok(())
}

/// What an activity still lacks before it can be marked held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum HeldRequirement {
    TheoryStudyRecord,
    PracticalTrainingRecord,
    InteractiveImprovementRecord,
    Attendance,
}

/// The checklist: every step recorded and attendance taken.
pub fn missing_for_held(
    steps: &[(Step, StepEntry)],
    attendance_taken: bool,
) -> Vec<HeldRequirement> {
    let recorded = |step: Step| steps.iter().any(|(s, e)| *s == step && e.is_recorded());
    let mut missing = Vec::new();
    for (step, need) in [
        (Step::TheoryStudy, HeldRequirement::TheoryStudyRecord),
        (
            Step::PracticalTraining,
            HeldRequirement::PracticalTrainingRecord,
        ),
        (
            Step::InteractiveImprovement,
            HeldRequirement::InteractiveImprovementRecord,
        ),
    ] {
        if !recorded(step) {
            missing.push(need);
        }
    }
    if !attendance_taken {
        missing.push(HeldRequirement::Attendance);
    }
    missing
}

/// How long a postponed activity may wait: it is postponed to, and held on, a day at most this
/// many months after the day it was planned for. Later than that it is no longer that day's
/// activity: cancel it and plan another.
pub const MAX_POSTPONE_MONTHS: u32 = 3;

/// The latest day an activity planned for `planned` may be postponed to or held on.
pub fn latest_postponed_day(planned: NaiveDate) -> NaiveDate {
    planned
        .checked_add_months(chrono::Months::new(MAX_POSTPONE_MONTHS))
        .unwrap_or(planned)
}

/// The day to record when `activity` is marked held, given the day the secretary says it took
/// place (`given`), on `today`:
/// - postponed: `given`, or by default the day it was postponed to. It must not be before the
///   day it was planned for, nor more than [`MAX_POSTPONE_MONTHS`] after it (field `heldOn`,
///   `BadDate`), nor after `today` (`Future`): an activity is held on a day that has come.
///   Returns that day (stored as `held_on`, even when it is the planned day itself);
/// - planned: it takes place on its date; `given` may only repeat that date, and that date
///   must have come (`BeforeItsDay`: a secretary marks held by mistake a week early otherwise).
///   Returns `None`.
pub fn held_on(
    activity: &Activity,
    given: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>> {
    match &activity.status {
        ActivityStatus::Postponed { new_date, .. } => {
            let day = given.unwrap_or(*new_date);
            if day < activity.date || day > latest_postponed_day(activity.date) {
                return Err(Error::invalid("heldOn", FieldRule::BadDate));
            }
            if day > today {
                return Err(Error::invalid("heldOn", FieldRule::Future));
            }
            Ok(Some(day))
        }
        _ => match given {
            Some(day) if day != activity.date => Err(Error::invalid("heldOn", FieldRule::BadDate)),
            _ if activity.date > today => Err(Error::BeforeItsDay {
                date: activity.date,
            }),
            _ => Ok(None),
        },
    }
}

/// Whether the lifecycle allows going from `from` to `to`: planned → held / postponed /
/// cancelled; postponed → planned (on its new date) / held / cancelled; held and cancelled are
/// final (a held activity is edited, not re-planned).
pub fn transition_allowed(from: &ActivityStatus, to: &ActivityStatus) -> bool {
    use ActivityStatus::*;
    matches!(
        (from, to),
        (Planned, Held | Postponed { .. } | Cancelled { .. })
            | (
                Postponed { .. },
                Planned | Held | Cancelled { .. } | Postponed { .. }
            )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::Gender;

    fn member(
        id: &str,
        joined: Option<(i32, u32, u32)>,
        archived: Option<(i32, u32, u32)>,
    ) -> Member {
        let date = |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        Member {
            id: id.into(),
            branch_id: "b".into(),
            branch_name: String::new(),
            community_name: String::new(),
            name: id.into(),
            gender: Gender::Male,
            birth_year: 1970,
            phone: String::new(),
            specialty: String::new(),
            joined_on: joined.map(date),
            capable: false,
            archived_on: archived.map(date),
            seat: None,
        }
    }

    fn entry(id: &str, present: bool) -> AttendanceEntry {
        AttendanceEntry {
            member_id: id.into(),
            present,
            absence_reason: (!present).then_some(AbsenceReason::MigrantWork),
            note: String::new(),
        }
    }

    #[test]
    fn the_roll_leaves_out_the_archived_and_the_not_yet_joined() {
        let members = [
            member("a", None, None),
            member("archived-before", None, Some((2025, 3, 1))),
            member("archived-after", None, Some((2025, 9, 1))),
            member("joined-after", Some((2025, 7, 1)), None),
            member("joined-on-the-day", Some((2025, 6, 11)), None),
        ];
        let day = NaiveDate::from_ymd_opt(2025, 6, 11).unwrap();
        let ids: Vec<_> = roster(&members, day)
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(ids, ["a", "archived-after", "joined-on-the-day"]);
    }

    #[test]
    fn attendance_rate_counts_present_over_the_roll() {
        assert_eq!(
            attendance_rate(&[]),
            None,
            "no rate before attendance is taken"
        );
        let sheet = [
            entry("a", true),
            entry("b", true),
            entry("c", false),
            entry("d", true),
        ];
        assert_eq!(attendance_rate(&sheet), Some(0.75));
    }

    #[test]
    fn attendance_for_someone_off_the_roll_or_without_a_reason_is_refused() {
        let members = [member("a", None, None), member("b", None, None)];
        let day = NaiveDate::from_ymd_opt(2025, 6, 11).unwrap();
        let roll = roster(&members, day);
        assert!(check_attendance(&[entry("a", true), entry("b", false)], &roll).is_ok());
        let outsider = check_attendance(&[entry("x", true)], &roll).unwrap_err();
        assert!(matches!(outsider, Error::NotOnRoll { .. }), "{outsider:?}");
        let no_reason = AttendanceEntry {
            absence_reason: None,
            ..entry("b", false)
        };
        assert!(matches!(
            check_attendance(&[no_reason], &roll),
            Err(Error::Invalid(_))
        ));
    }

    #[test]
    fn held_needs_three_recorded_steps_and_attendance() {
        let recorded = |done: &str| StepEntry {
            record_done: done.into(),
            ..Default::default()
        };
        let steps = [
            (Step::TheoryStudy, recorded("学习二十大精神")),
            (Step::PracticalTraining, recorded("  ")),
        ];
        assert_eq!(
            missing_for_held(&steps, false),
            [
                HeldRequirement::PracticalTrainingRecord,
                HeldRequirement::InteractiveImprovementRecord,
                HeldRequirement::Attendance
            ]
        );
        let all = [
            (Step::TheoryStudy, recorded("a")),
            (Step::PracticalTraining, recorded("b")),
            (Step::InteractiveImprovement, recorded("c")),
        ];
        assert!(missing_for_held(&all, true).is_empty());
    }

    fn activity(date: NaiveDate, status: ActivityStatus) -> Activity {
        Activity {
            id: "a".into(),
            branch_id: "b".into(),
            year: 2025,
            month: Some(3),
            topic: "春季育苗".into(),
            kinds: vec![ActivityKind::StudyTraining],
            date,
            start_time: "14:00".into(),
            venue: String::new(),
            leader: String::new(),
            status,
            held_on: None,
            residents_present: 0,
            attendance_taken: true,
            steps: Vec::new(),
        }
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap()
    }

    fn postponed(from: NaiveDate, to: NaiveDate) -> Activity {
        activity(
            from,
            ActivityStatus::Postponed {
                new_date: to,
                reason: "雨天".into(),
            },
        )
    }

    fn rule_of(err: Error) -> (String, FieldRule) {
        match err {
            Error::Invalid(fields) => (fields[0].field.clone(), fields[0].rule),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn a_postponed_activity_is_held_on_the_day_given_or_the_day_it_was_postponed_to() {
        // Day: 2025-04-10. Planned for 8 March, postponed to 20 March.
        let a = postponed(day(3, 8), day(3, 20));
        let today = day(4, 10);
        assert_eq!(held_on(&a, None, today).unwrap(), Some(day(3, 20)));
        assert_eq!(
            held_on(&a, Some(day(3, 22)), today).unwrap(),
            Some(day(3, 22))
        );
        assert_eq!(
            held_on(&a, Some(day(3, 8)), today).unwrap(),
            Some(day(3, 8)),
            "held on the planned day after all"
        );
    }

    #[test]
    fn the_held_day_is_not_before_the_planned_day_nor_after_today_nor_months_later() {
        // Day: 2025-03-25. Planned for 8 March, postponed to 20 March.
        let a = postponed(day(3, 8), day(3, 20));
        let today = day(3, 25);
        let bad = |given| rule_of(held_on(&a, Some(given), today).unwrap_err());
        assert_eq!(bad(day(3, 7)), ("heldOn".into(), FieldRule::BadDate));
        assert_eq!(bad(day(3, 26)), ("heldOn".into(), FieldRule::Future));
        assert_eq!(
            held_on(&a, Some(day(3, 25)), today).unwrap(),
            Some(day(3, 25))
        );
        // Day: 2025-12-01. Three months after 8 March is 8 June, the last day allowed.
        let late = day(12, 1);
        assert_eq!(held_on(&a, Some(day(6, 8)), late).unwrap(), Some(day(6, 8)));
        assert_eq!(
            rule_of(held_on(&a, Some(day(6, 9)), late).unwrap_err()),
            ("heldOn".into(), FieldRule::BadDate)
        );
        // Day: 2025-03-15: the default, the day postponed to, has not come yet.
        assert_eq!(
            rule_of(held_on(&a, None, day(3, 15)).unwrap_err()),
            ("heldOn".into(), FieldRule::Future)
        );
    }

    #[test]
    fn a_planned_activity_takes_place_on_its_date() {
        // Day: 2025-03-25.
        let a = activity(day(3, 8), ActivityStatus::Planned);
        assert_eq!(held_on(&a, None, day(3, 25)).unwrap(), None);
        assert_eq!(held_on(&a, Some(day(3, 8)), day(3, 25)).unwrap(), None);
        assert_eq!(
            rule_of(held_on(&a, Some(day(3, 9)), day(3, 25)).unwrap_err()),
            ("heldOn".into(), FieldRule::BadDate)
        );
        assert_eq!(a.took_place_on(), day(3, 8));
    }

    #[test]
    fn a_planned_activity_is_not_held_before_its_day() {
        // Day: 2025-03-07, the eve of the activity day 8 March; then the day itself.
        let a = activity(day(3, 8), ActivityStatus::Planned);
        match held_on(&a, None, day(3, 7)).unwrap_err() {
            Error::BeforeItsDay { date } => assert_eq!(date, day(3, 8)),
            other => panic!("expected BeforeItsDay, got {other:?}"),
        }
        assert!(matches!(
            held_on(&a, Some(day(3, 8)), day(3, 7)),
            Err(Error::BeforeItsDay { .. })
        ));
        assert_eq!(held_on(&a, None, day(3, 8)).unwrap(), None, "on the day");
    }

    #[test]
    fn an_activity_took_place_on_its_held_day_when_it_has_one() {
        // Day: none needed — the rule reads only the activity.
        let mut a = activity(day(3, 30), ActivityStatus::Held);
        assert_eq!(a.took_place_on(), day(3, 30));
        a.held_on = Some(day(4, 2));
        assert_eq!(a.took_place_on(), day(4, 2));
        assert_eq!(
            latest_postponed_day(day(11, 30)),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
            "three months after 30 November: the end of February"
        );
    }

    #[test]
    fn lifecycle_transitions() {
        let postponed = ActivityStatus::Postponed {
            new_date: NaiveDate::from_ymd_opt(2025, 6, 20).unwrap(),
            reason: "雨天".into(),
        };
        let cancelled = ActivityStatus::Cancelled {
            reason: "疫情".into(),
        };
        assert!(transition_allowed(
            &ActivityStatus::Planned,
            &ActivityStatus::Held
        ));
        assert!(transition_allowed(&ActivityStatus::Planned, &postponed));
        assert!(transition_allowed(&postponed, &ActivityStatus::Held));
        assert!(!transition_allowed(
            &ActivityStatus::Held,
            &ActivityStatus::Planned
        ));
        assert!(!transition_allowed(&cancelled, &ActivityStatus::Held));
        assert!(!transition_allowed(&ActivityStatus::Held, &cancelled));
    }
}
