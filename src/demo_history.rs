//! Past activity for demo data: every branch's activity days before this month held in three
//! steps, with attendance, residents, suggestions and problems — what a secretary would have
//! recorded. Deterministic from a seed. Used by the demo town and the city-scale dataset.
//!
//! Every ledger entry is closed (suggestions answered, problems solved), so the open items a
//! user sees on the home page are the ones they add themselves.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{Connection, Transaction};
use serde::Serialize;

use crate::activity::{
    roster, AbsenceReason, Activity, ActivityKind, ActivityStatus, ActivityStep, AttendanceEntry,
    PracticeForm, Step, StepEntry,
};
use crate::api::holidays;
use crate::api::schedule::days_of_branches;
use crate::db::members::{self, MemberFilter};
use crate::db::{self, activities, branches, ledgers};
use crate::error::Result;
use crate::ledger::{Problem, ProblemStatus, Suggestion, SuggestionSource, SuggestionStatus};

/// Rows written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistorySummary {
    pub activities: u32,
    pub attendance: u32,
    pub suggestions: u32,
    pub problems: u32,
}

const TOPICS: &[(&str, &str, &str)] = &[
    (
        "春季育苗技术培训",
        "学习中央一号文件",
        "示范大棚育苗温控现场教学",
    ),
    ("果树春季修剪", "学习乡村振兴促进法", "果园现场修剪实操"),
    ("畜禽防疫知识讲座", "学习动物防疫法", "养殖场消毒规程观摩"),
    (
        "农村电商直播入门",
        "学习数字乡村建设要求",
        "合作社直播间实操",
    ),
    ("安全生产与防汛", "学习安全生产相关规定", "村级防汛物资检查"),
    ("夏季病虫害防治", "学习绿色防控政策", "田间统防统治现场教学"),
    ("村规民约宣讲", "学习党章和党内法规", "入户宣讲演练"),
    ("秋收农机安全", "学习农机安全操作规程", "农机检修实习"),
    ("冬季大棚保温", "学习党的创新理论", "保温被使用现场教学"),
    (
        "移风易俗与文明实践",
        "学习新时代文明实践要求",
        "志愿服务观摩",
    ),
    ("土地流转政策解读", "学习农村土地承包法", "流转合同样本研讨"),
    ("合作社经营管理", "学习农民专业合作社法", "示范合作社观摩"),
];

const KIND_SETS: &[&[ActivityKind]] = &[
    &[ActivityKind::StudyTraining],
    &[ActivityKind::StudyTraining, ActivityKind::TechnicalLecture],
    &[ActivityKind::TechnicalLecture],
    &[ActivityKind::ExperienceExchange],
    &[ActivityKind::OnSiteObservation, ActivityKind::StudyTraining],
    &[ActivityKind::OnSiteObservation],
];

const SUGGESTIONS: &[&str] = &[
    "希望统一采购种苗和农资",
    "建议村里修缮通往大棚的机耕路",
    "希望多请农技专家现场指导",
    "建议组织党员到外地示范点参观",
    "希望帮助联系农产品销路",
];

const PROBLEMS: &[(&str, &str)] = &[
    ("卷帘机故障，无人会修", "党员技术骨干上门维修"),
    ("独居老人屋顶漏雨", "党员志愿者帮助修缮"),
    ("苹果滞销", "通过电商直播帮助销售"),
    ("孩子上学路远", "协调镇里校车接送"),
    ("医保缴费不会操作", "党员上门帮助办理"),
];

fn step(step: Step, plan: &str, done: &str, minutes: u32) -> ActivityStep {
    ActivityStep {
        step,
        entry: StepEntry {
            plan_content: plan.to_owned(),
            plan_minutes: minutes,
            practice_forms: if step == Step::PracticalTraining {
                vec![PracticeForm::OnSiteTeaching, PracticeForm::HandsOnPractice]
            } else {
                Vec::new()
            },
            record_done: done.to_owned(),
            ..Default::default()
        },
    }
}

/// Holds every branch's scheduled activity days from `from` up to the month before `today`
/// (a month that already has an activity is left alone). One transaction.
pub fn add_history(
    conn: &mut Connection,
    seed: u64,
    from: NaiveDate,
    today: NaiveDate,
) -> Result<HistorySummary> {
    let tx = conn.transaction()?;
    let summary = add_history_in(&tx, seed, from, today)?;
    tx.commit()?;
    Ok(summary)
}

/// `add_history` inside the caller's transaction.
pub fn add_history_in(
    tx: &Transaction,
    seed: u64,
    from: NaiveDate,
    today: NaiveDate,
) -> Result<HistorySummary> {
    let conn: &Connection = tx;
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5eed_0157);
    let this_month = today.with_day(1).unwrap_or(today);
    let calendar = holidays::calendar(conn)?;
    let all_branches = branches::list(conn)?;
    let mut people: HashMap<String, Vec<_>> = HashMap::new();
    for m in members::list(
        conn,
        &MemberFilter {
            include_archived: true,
            ..Default::default()
        },
    )? {
        people.entry(m.branch_id.clone()).or_default().push(m);
    }
    let mut summary = HistorySummary::default();
    for year in from.year()..=today.year() {
        let branches = all_branches
            .iter()
            .map(|b| (b.id.as_str(), b.community_id.as_str()));
        for day in days_of_branches(conn, &calendar, branches, year)? {
            let everyone = people.get(&day.branch_id).map(Vec::as_slice).unwrap_or(&[]);
            if day.date < from || day.date >= this_month || day.date >= today {
                continue;
            }
            if activities::of_day(tx, &day.branch_id, year, day.month)?.is_some() {
                continue;
            }
            let (topic, theory, practice) = TOPICS[rng.usize(..TOPICS.len())];
            let roll = roster(everyone, day.date);
            let sheet: Vec<AttendanceEntry> = roll
                .iter()
                .map(|m| {
                    let present = rng.u8(0..100) < 86;
                    AttendanceEntry {
                        member_id: m.id.clone(),
                        present,
                        absence_reason: (!present).then(|| {
                            [
                                AbsenceReason::MigrantWork,
                                AbsenceReason::MigrantWork,
                                AbsenceReason::Illness,
                                AbsenceReason::Leave,
                            ][rng.usize(..4)]
                        }),
                        note: String::new(),
                    }
                })
                .collect();
            let present = sheet.iter().filter(|e| e.present).count();
            let activity = Activity {
                id: db::new_id(),
                branch_id: day.branch_id.clone(),
                year,
                month: Some(day.month),
                topic: topic.to_owned(),
                kinds: KIND_SETS[rng.usize(..KIND_SETS.len())].to_vec(),
                date: day.date,
                start_time: day.start_time.clone(),
                venue: day.venue.clone(),
                leader: "支部书记".to_owned(),
                status: ActivityStatus::Held,
                held_on: None,
                residents_present: rng.u32(0..=15),
                attendance_taken: true,
                steps: vec![
                    step(Step::TheoryStudy, theory, &format!("集中{theory}"), 40),
                    step(
                        Step::PracticalTraining,
                        practice,
                        &format!("{practice}，党员分组练习"),
                        60,
                    ),
                    step(
                        Step::InteractiveImprovement,
                        "党员交流心得",
                        &format!("{present}名党员参加，交流发言"),
                        30,
                    ),
                ],
            };
            activities::save(tx, &activity)?;
            activities::replace_attendance(tx, &activity.id, &sheet)?;
            summary.activities += 1;
            summary.attendance += sheet.len() as u32;
            let latest = today.pred_opt().unwrap_or(today);
            if rng.u8(0..100) < 45 {
                let answered = [
                    SuggestionStatus::Answered,
                    SuggestionStatus::Adopted,
                    SuggestionStatus::PassedUp,
                ][rng.usize(..3)];
                ledgers::save_suggestion(
                    tx,
                    &Suggestion {
                        id: db::new_id(),
                        branch_id: day.branch_id.clone(),
                        activity_id: Some(activity.id.clone()),
                        text: SUGGESTIONS[rng.usize(..SUGGESTIONS.len())].to_owned(),
                        source: if rng.bool() {
                            SuggestionSource::Member
                        } else {
                            SuggestionSource::Resident
                        },
                        source_name: String::new(),
                        received_on: day.date,
                        category: String::new(),
                        status: answered,
                        response: "支部已研究答复".to_owned(),
                    },
                )?;
                summary.suggestions += 1;
            }
            for _ in 0..rng.usize(0..=3) {
                let (what, help) = PROBLEMS[rng.usize(..PROBLEMS.len())];
                let solved = day
                    .date
                    .checked_add_days(Days::new(rng.u64(1..=30)))
                    .unwrap_or(day.date)
                    .min(latest);
                ledgers::save_problem(
                    tx,
                    &Problem {
                        id: db::new_id(),
                        branch_id: day.branch_id.clone(),
                        activity_id: Some(activity.id.clone()),
                        person: "村民".to_owned(),
                        description: what.to_owned(),
                        raised_on: day.date,
                        help: help.to_owned(),
                        status: ProblemStatus::Solved,
                        solved_on: Some(solved),
                    },
                )?;
                summary.problems += 1;
            }
        }
    }
    Ok(summary)
}
