//! Data builders: each reads the database through the `api` functions and returns the JSON a
//! template draws. Layout decisions (which day is shaded, the month grids, the Chinese
//! wording) are made here, where they are testable; the templates only draw.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Value};

use crate::activity::{AbsenceReason, ActivityStatus, PracticeForm};
use crate::api::points::{self, PointScope};
use crate::api::reviews::{self, ReviewDetail};
use crate::api::schedule::{self, BranchYear, ScheduledDay};
use crate::api::{activities as activities_api, holidays};
use crate::compliance::ComplianceState;
use crate::day_plan::YearMonth;
use crate::db::{activities, branches, communities, members};
use crate::demo_point::{PointLeader, PointStatus};
use crate::error::{Error, FieldRule, Result};
use crate::holiday::HolidayCalendar;
use crate::ledger::{ProblemStatus, SuggestionSource, SuggestionStatus};
use crate::review::tally::{RatingFigures, ReviewSettings};
use crate::review::{ItemStatus, RectificationItem, ReviewState, ReviewerGroup};
use crate::team::TeamNote;
use crate::week_rule::{self, WeekRuleFrom};

/// Paper size of calendars.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Paper {
    #[default]
    A4,
    A3,
}

impl Paper {
    fn typst(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A3 => "a3",
        }
    }
}

pub(crate) fn zh_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

fn month_day(date: NaiveDate) -> String {
    format!("{}月{}日", date.month(), date.day())
}

pub(crate) fn weekday_zh(date: NaiveDate) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        [date.weekday().num_days_from_monday() as usize]
}

fn footer(left: &str, today: NaiveDate) -> String {
    format!("{left}　制表日期：{}", zh_date(today))
}

/// How a day looks in a calendar grid apart from activities.
fn day_kind(calendar: &HolidayCalendar, known: bool, date: NaiveDate) -> &'static str {
    if !known {
        return "";
    }
    if calendar.break_of(date).is_some() {
        return "holiday";
    }
    let workday = calendar
        .schedule(date.year())
        .is_some_and(|s| s.days.iter().any(|d| d.date == date && !d.is_off_day));
    if workday {
        "work"
    } else {
        ""
    }
}

/// The Monday-first weeks of a month, always six rows so months line up on a page; `cell` is
/// given each date of the month, days outside it are `{d: 0}`.
fn month_weeks(year: i32, month: u32, mut cell: impl FnMut(NaiveDate) -> Value) -> Vec<Vec<Value>> {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return Vec::new();
    };
    let offset = first.weekday().num_days_from_monday() as i64;
    (0..6)
        .map(|week| {
            (0..7)
                .map(|col| {
                    let index = week * 7 + col - offset;
                    match first.checked_add_signed(chrono::Duration::days(index)) {
                        Some(date) if index >= 0 && date.month() == month => cell(date),
                        _ => json!({ "d": 0, "k": "", "we": col >= 5 }),
                    }
                })
                .collect()
        })
        .collect()
}

fn plans_line(year: &BranchYear) -> String {
    let plans: Vec<String> = year
        .plans
        .iter()
        .filter(|p| p.starts().year <= year.year)
        .map(|p| {
            let venue = if p.venue.is_empty() {
                String::new()
            } else {
                format!("，{}", p.venue)
            };
            format!(
                "{}起每月活动周的{} {}{venue}",
                p.effective_from,
                p.weekday.label_zh(),
                p.start_time
            )
        })
        .collect();
    let latest_first = plans.into_iter().rev().take(2).collect::<Vec<_>>();
    if latest_first.is_empty() {
        "尚未设定固定活动日".to_owned()
    } else {
        format!("固定活动日：{}", latest_first.join("；"))
    }
}

/// Why a day is not on its fixed date, in a short Chinese phrase; `None` when it is.
pub(crate) fn move_note(day: &ScheduledDay) -> Option<String> {
    if let Some(reason) = &day.manual_reason {
        return Some(format!(
            "原定{}，因{}调整",
            month_day(day.fixed_date),
            reason
        ));
    }
    if day.conflict {
        return Some(format!(
            "活动周全在{}假期内，日期待支部确定",
            day.reason.as_deref().unwrap_or("节假日")
        ));
    }
    if day.moved {
        return Some(format!(
            "原定{}，因{}调整",
            month_day(day.fixed_date),
            day.reason.as_deref().unwrap_or("节假日")
        ));
    }
    None
}

fn is_shifted(day: &ScheduledDay) -> bool {
    day.date != day.fixed_date || day.conflict
}

/// The topics of a branch's activities of a year, by month (planned ones first).
fn topics_by_month(conn: &Connection, branch_id: &str, year: i32) -> Result<Vec<(u32, String)>> {
    Ok(activities::of_branch_year(conn, branch_id, year)?
        .into_iter()
        .filter(|a| !matches!(a.status, ActivityStatus::Cancelled { .. }))
        .filter_map(|a| a.month.map(|m| (m, a.topic)))
        .collect())
}

/// The day each month's held activity took place (`Activity::took_place_on`), for the months
/// whose activity was held on another day than the calendar's activity day: a calendar of past
/// months says so beside the day.
fn held_days_by_month(
    conn: &Connection,
    branch_id: &str,
    year: i32,
) -> Result<Vec<(u32, NaiveDate)>> {
    Ok(activities::of_branch_year(conn, branch_id, year)?
        .into_iter()
        .filter(|a| a.status == ActivityStatus::Held)
        .filter_map(|a| a.month.map(|m| (m, a.took_place_on())))
        .collect())
}

/// "实际于3月20日开展" when the month's activity took place on another day than `day`.
fn held_note(held: &[(u32, NaiveDate)], day: &ScheduledDay) -> Option<String> {
    held.iter()
        .find(|(m, on)| *m == day.month && *on != day.date)
        .map(|(_, on)| format!("实际于{}开展", month_day(*on)))
}

/// The band at the top of a calendar of a year whose holiday schedule is not in the app: the
/// days are not moved for holidays, and how to fix that. Empty when the schedule is known.
fn holiday_warning(calendar: &HolidayCalendar, year: i32) -> String {
    if calendar.is_known(year) {
        return String::new();
    }
    format!(
        "注意：{year}年的节假日安排尚未录入，下列活动日没有按节假日顺延。国务院放假通知发布后，\
         请在“设置 → 节假日安排”点“粘贴放假通知”，再重新打印本表。"
    )
}

fn holiday_notes(calendar: &HolidayCalendar, year: i32) -> String {
    if !calendar.is_known(year) {
        return format!("{year}年节假日安排未发布，活动日未按节假日调整。");
    }
    let breaks: Vec<String> = calendar
        .breaks_in(year)
        .filter(|b| b.len_days() >= 3)
        .map(|b| format!("{} {}—{}", b.name, month_day(b.first), month_day(b.last)))
        .collect();
    format!("节假日：{}", breaks.join("；"))
}

/// (1) A branch's year calendar: twelve month grids with the activity days marked.
pub fn year_calendar(
    conn: &Connection,
    branch_id: &str,
    year: i32,
    paper: Paper,
    today: NaiveDate,
) -> Result<Value> {
    let calendar = holidays::calendar(conn)?;
    let by = schedule::branch_year(conn, branch_id, year)?;
    let community = communities::get(conn, &by.community_id)?
        .map(|c| c.name)
        .unwrap_or_default();
    let topics = topics_by_month(conn, branch_id, year)?;
    let held = held_days_by_month(conn, branch_id, year)?;
    let known = by.holidays_known;
    let months: Vec<Value> = (1..=12u32)
        .map(|month| {
            let day = by.days.iter().find(|d| d.month == month);
            let weeks = month_weeks(year, month, |date| {
                let mut kind = day_kind(&calendar, known, date);
                if let Some(day) = day {
                    if date == day.date {
                        kind = if is_shifted(day) { "moved" } else { "act" };
                    } else if date == day.fixed_date && is_shifted(day) {
                        kind = "fixed";
                    }
                }
                json!({ "d": date.day(), "k": kind, "we": date.weekday().num_days_from_monday() >= 5 })
            });
            let mut lines = Vec::new();
            match day {
                Some(day) => {
                    let topic = topics
                        .iter()
                        .find(|(m, _)| *m == month)
                        .map_or("主题待定", |(_, t)| t.as_str());
                    lines.push(json!({
                        "strong": true,
                        "text": format!("{}日 {} {} · {topic}", day.date.day(), weekday_zh(day.date), day.start_time),
                    }));
                    if !day.venue.is_empty() {
                        lines.push(json!({ "strong": false, "text": format!("地点：{}", day.venue) }));
                    }
                    if let Some(note) = move_note(day) {
                        lines.push(json!({ "strong": false, "text": note }));
                    }
                    if let Some(note) = held_note(&held, day) {
                        lines.push(json!({ "strong": false, "text": note }));
                    }
                }
                None => lines.push(json!({ "strong": false, "text": "未设固定活动日" })),
            }
            json!({ "title": format!("{month}月"), "weeks": weeks, "lines": lines })
        })
        .collect();
    Ok(json!({
        "title": format!("{} {year}年党员活动日安排", by.branch_name),
        "subtitle": format!("{community}　活动周：{}　{}", week_rule::label_zh(&by.rules), plans_line(&by)),
        "footer": footer(&format!("{community} {}", by.branch_name), today),
        "paper": paper.typst(),
        "months": months,
        "notes": holiday_notes(&calendar, year),
        "warning": holiday_warning(&calendar, year),
    }))
}

/// The rule a month's dates follow, named in Chinese (a month has one rule even when its year
/// has two).
fn month_rule(year_rules: &[WeekRuleFrom], year: i32, month: u32) -> &'static str {
    week_rule::rule_for(year_rules, YearMonth { year, month }).label_zh()
}

fn check_month(month: u32) -> Result<u32> {
    if (1..=12).contains(&month) {
        Ok(month)
    } else {
        Err(Error::invalid("month", FieldRule::BadChoice))
    }
}

/// One entry of a month-calendar cell; `held`: the branch's held days (`held_days_by_month`).
fn month_entry(
    day: &ScheduledDay,
    branch: &str,
    topic: Option<&str>,
    held: &[(u32, NaiveDate)],
) -> Value {
    let notes: Vec<String> = [move_note(day), held_note(held, day)]
        .into_iter()
        .flatten()
        .collect();
    json!({
        "time": day.start_time,
        "branch": branch,
        "venue": day.venue,
        "topic": topic.unwrap_or(""),
        "note": notes.join("；"),
        "moved": is_shifted(day),
    })
}

/// The month grid with `entries` (date, entry) placed in their cells.
fn month_grid(
    calendar: &HolidayCalendar,
    year: i32,
    month: u32,
    entries: &[(NaiveDate, Value)],
) -> Vec<Vec<Value>> {
    let known = calendar.is_known(year);
    let mut weeks = month_weeks(year, month, |date| {
        let here: Vec<&Value> = entries
            .iter()
            .filter(|(d, _)| *d == date)
            .map(|(_, e)| e)
            .collect();
        let holiday = calendar
            .break_of(date)
            .filter(|_| known)
            .map(|b| b.name.clone())
            .unwrap_or_default();
        json!({
            "d": date.day(),
            "k": day_kind(calendar, known, date),
            "we": date.weekday().num_days_from_monday() >= 5,
            "holiday": holiday,
            "entries": here,
        })
    });
    // A wall grid shows only the weeks the month has (the year page keeps six to line up).
    while weeks
        .last()
        .is_some_and(|w| w.iter().all(|c| c["d"].as_u64() == Some(0)))
    {
        weeks.pop();
    }
    weeks
}

/// (2a) A branch's month: one big grid with the activity day's time, venue and topic.
pub fn branch_month_calendar(
    conn: &Connection,
    branch_id: &str,
    year: i32,
    month: u32,
    paper: Paper,
    today: NaiveDate,
) -> Result<Value> {
    let month = check_month(month)?;
    let calendar = holidays::calendar(conn)?;
    let by = schedule::branch_year(conn, branch_id, year)?;
    let community = communities::get(conn, &by.community_id)?
        .map(|c| c.name)
        .unwrap_or_default();
    let topics = topics_by_month(conn, branch_id, year)?;
    let held = held_days_by_month(conn, branch_id, year)?;
    let entries: Vec<(NaiveDate, Value)> = by
        .days
        .iter()
        .filter(|d| d.month == month)
        .map(|d| {
            let topic = topics
                .iter()
                .find(|(m, _)| *m == month)
                .map(|(_, t)| t.as_str());
            (
                d.date,
                month_entry(d, &by.branch_name, topic.or(Some("主题待定")), &held),
            )
        })
        .collect();
    Ok(json!({
        "title": format!("{} {year}年{month}月党员活动日", by.branch_name),
        "subtitle": format!("{community}　活动周：{}　{}", month_rule(&by.rules, year, month), plans_line(&by)),
        "footer": footer(&format!("{community} {}", by.branch_name), today),
        "paper": paper.typst(),
        "showBranch": false,
        "weeks": month_grid(&calendar, year, month, &entries),
        "notes": holiday_notes(&calendar, year),
        "warning": holiday_warning(&calendar, year),
    }))
}

/// (2b) A community's month: every branch's activity day in its cell.
pub fn community_month_calendar(
    conn: &Connection,
    community_id: &str,
    year: i32,
    month: u32,
    paper: Paper,
    today: NaiveDate,
) -> Result<Value> {
    let month = check_month(month)?;
    let calendar = holidays::calendar(conn)?;
    let cy = schedule::community_year(conn, community_id, year, today)?;
    let mut entries: Vec<(NaiveDate, Value)> = Vec::new();
    let mut listed = Vec::new();
    for by in &cy.branches {
        let topics = topics_by_month(conn, &by.branch_id, year)?;
        let held = held_days_by_month(conn, &by.branch_id, year)?;
        match by.days.iter().find(|d| d.month == month) {
            Some(d) => {
                let topic = topics
                    .iter()
                    .find(|(m, _)| *m == month)
                    .map(|(_, t)| t.as_str());
                entries.push((d.date, month_entry(d, &by.branch_name, topic, &held)));
            }
            None => listed.push(by.branch_name.clone()),
        }
    }
    entries.sort_by(|a, b| (a.0, a.1["time"].as_str()).cmp(&(b.0, b.1["time"].as_str())));
    let mut notes = holiday_notes(&calendar, year);
    if !listed.is_empty() {
        notes = format!("{notes}　未设固定活动日：{}", listed.join("、"));
    }
    Ok(json!({
        "title": format!("{} {year}年{month}月党员活动日安排", cy.community_name),
        "subtitle": format!("活动周：{}　共{}个支部", month_rule(&cy.rules, year, month), cy.branches.len()),
        "footer": footer(&cy.community_name, today),
        "paper": paper.typst(),
        "showBranch": true,
        "weeks": month_grid(&calendar, year, month, &entries),
        "notes": notes,
        "warning": holiday_warning(&calendar, year),
    }))
}

fn activity_info(detail: &activities_api::ActivityDetail) -> Vec<Value> {
    let a = &detail.activity;
    let kinds: Vec<&str> = a.kinds.iter().map(|k| k.label_zh()).collect();
    let on = detail.took_place_on;
    let planned = if on == a.date {
        String::new()
    } else {
        format!("（原定{}，延期后开展）", zh_date(a.date))
    };
    vec![
        json!(["支部", detail.branch_name]),
        json!(["主题", a.topic]),
        json!([
            "日期",
            format!(
                "{} {} {}{planned}",
                zh_date(on),
                weekday_zh(on),
                a.start_time
            )
        ]),
        json!(["地点", a.venue]),
        json!(["形式", kinds.join("、")]),
        json!(["主讲/负责人", a.leader]),
    ]
}

/// (3a) The sign-in sheet of an activity: everyone on its roll, a column to sign.
pub fn sign_in_sheet(conn: &Connection, activity_id: &str, today: NaiveDate) -> Result<Value> {
    let detail = activities_api::activity_detail(conn, activity_id)?;
    let rows: Vec<Value> = detail
        .roll
        .iter()
        .enumerate()
        .map(|(i, m)| {
            json!({
                "no": i + 1,
                "name": m.name,
                "seat": m.seat.map(|s| s.label_zh()).unwrap_or(""),
            })
        })
        .collect();
    Ok(json!({
        "title": "党员活动日签到表",
        "name": detail.branch_name,
        "info": activity_info(&detail),
        "rows": rows,
        "expected": detail.roll.len(),
        "footer": footer(&detail.branch_name, today),
    }))
}

fn absence_zh(reason: Option<AbsenceReason>) -> &'static str {
    match reason {
        Some(AbsenceReason::MigrantWork) => "外出务工",
        Some(AbsenceReason::Illness) => "生病",
        Some(AbsenceReason::Leave) => "请假",
        Some(AbsenceReason::Other) | None => "其他",
    }
}

pub(crate) fn status_zh(status: &ActivityStatus) -> String {
    match status {
        ActivityStatus::Planned => "计划中".to_owned(),
        ActivityStatus::Held => "已开展".to_owned(),
        ActivityStatus::Postponed { new_date, reason } => {
            format!("延期至{}（{reason}）", zh_date(*new_date))
        }
        ActivityStatus::Cancelled { reason } => format!("已取消（{reason}）"),
    }
}

pub(crate) fn source_zh(source: SuggestionSource) -> &'static str {
    match source {
        SuggestionSource::Member => "党员",
        SuggestionSource::Resident => "群众",
    }
}

pub(crate) fn suggestion_status_zh(status: SuggestionStatus) -> &'static str {
    match status {
        SuggestionStatus::Received => "已收到",
        SuggestionStatus::Answered => "已答复",
        SuggestionStatus::Adopted => "已采纳",
        SuggestionStatus::PassedUp => "已上报",
    }
}

pub(crate) fn problem_status_zh(status: ProblemStatus) -> &'static str {
    match status {
        ProblemStatus::Open => "待解决",
        ProblemStatus::Solved => "已解决",
        ProblemStatus::PassedUp => "已上报",
    }
}

/// (3b) The activity record: the three steps planned and done, attendance, the ledgers.
pub fn activity_record(conn: &Connection, activity_id: &str, today: NaiveDate) -> Result<Value> {
    let detail = activities_api::activity_detail(conn, activity_id)?;
    let a = &detail.activity;
    let mut info = activity_info(&detail);
    info.push(json!(["状态", status_zh(&a.status)]));
    let steps: Vec<Value> = a
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let e = &s.entry;
            let forms: Vec<&str> = e
                .practice_forms
                .iter()
                .map(|f| match f {
                    PracticeForm::OnSiteTeaching => "现场教学",
                    PracticeForm::ObservationVisit => "观摩",
                    PracticeForm::HandsOnPractice => "实地活动、实习锻炼",
                })
                .collect();
            let mut plan = vec![
                json!(["计划内容", e.plan_content]),
                json!(["负责人", e.plan_leader]),
                json!(["材料", e.plan_materials]),
                json!([
                    "时长",
                    if e.plan_minutes > 0 {
                        format!("{} 分钟", e.plan_minutes)
                    } else {
                        String::new()
                    }
                ]),
            ];
            if !forms.is_empty() {
                plan.push(json!(["培训形式", forms.join("、")]));
            }
            json!({
                "title": format!("第{}步　{}", ["一", "二", "三"][i.min(2)], s.step.label_zh()),
                "plan": plan,
                "done": e.record_done,
                "notes": e.record_notes,
            })
        })
        .collect();
    let name_of = |id: &str| {
        detail
            .roll
            .iter()
            .find(|m| m.member_id == id)
            .map_or_else(|| id.to_owned(), |m| m.name.clone())
    };
    let present: Vec<String> = detail
        .attendance
        .iter()
        .filter(|e| e.present)
        .map(|e| name_of(&e.member_id))
        .collect();
    let absent: Vec<Value> = detail
        .attendance
        .iter()
        .filter(|e| !e.present)
        .map(|e| {
            let mut reason = absence_zh(e.absence_reason).to_owned();
            if !e.note.is_empty() {
                reason = format!("{reason}（{}）", e.note);
            }
            json!({ "name": name_of(&e.member_id), "reason": reason })
        })
        .collect();
    let attendance = if a.attendance_taken {
        json!({
            "taken": true,
            "summary": format!(
                "应到 {} 人，实到 {} 人，缺席 {} 人，出席率 {:.0}%；列席群众 {} 人",
                detail.attendance.len(),
                present.len(),
                absent.len(),
                detail.attendance_rate.unwrap_or(0.0) * 100.0,
                a.residents_present
            ),
            "present": present.join("、"),
            "absent": absent,
        })
    } else {
        json!({ "taken": false, "summary": format!("尚未登记出勤（应到 {} 人）", detail.roll.len()), "present": "", "absent": [] })
    };
    let suggestions: Vec<Value> = detail
        .suggestions
        .iter()
        .map(|s| {
            json!({
                "who": format!("{} {}", source_zh(s.source), s.source_name),
                "text": s.text,
                "status": suggestion_status_zh(s.status),
                "response": s.response,
            })
        })
        .collect();
    let problems: Vec<Value> = detail
        .problems
        .iter()
        .map(|p| {
            json!({
                "who": p.person,
                "text": p.description,
                "status": problem_status_zh(p.status),
                "response": p.help,
            })
        })
        .collect();
    Ok(json!({
        "title": "党员活动日活动记录",
        "name": detail.branch_name,
        "info": info,
        "steps": steps,
        "attendance": attendance,
        "suggestions": suggestions,
        "problems": problems,
        "footer": footer(&detail.branch_name, today),
    }))
}

fn state_zh(state: ComplianceState) -> (String, &'static str) {
    match state {
        ComplianceState::Met => ("已完成".to_owned(), "met"),
        ComplianceState::NotYet { days_left } => (format!("未完成（剩{days_left}天）"), "notYet"),
        ComplianceState::Missed => ("未完成（已逾期）".to_owned(), "missed"),
        ComplianceState::NotStarted => ("未开始".to_owned(), "notStarted"),
    }
}

fn state_json(state: ComplianceState) -> Value {
    let (text, kind) = state_zh(state);
    json!({ "text": text, "kind": kind })
}

/// (5) The demonstration points of a branch or a community with each branch's "3+X" status.
pub fn point_roster(
    conn: &Connection,
    scope: &PointScope,
    year: i32,
    today: NaiveDate,
) -> Result<Value> {
    if scope.branch_id.is_none() && scope.community_id.is_none() {
        return Err(Error::invalid("scope", FieldRule::Required));
    }
    let overview = points::scope_compliance(conn, scope, year, today)?;
    let all_points = points::list_points(conn, scope, Some(year))?;
    let people = members::list(
        conn,
        &members::MemberFilter {
            community_id: scope.community_id.as_deref(),
            branch_id: scope.branch_id.as_deref(),
            include_archived: true,
            ..Default::default()
        },
    )?;
    let member_name = |id: &str| {
        people
            .iter()
            .find(|m| m.id == id)
            .map_or_else(String::new, |m| m.name.clone())
    };
    let branches: Vec<Value> = overview
        .branches
        .iter()
        .map(|row| {
            let c = &row.compliance;
            let seats: Vec<Value> = c
                .committee
                .iter()
                .map(|s| {
                    json!({
                        "role": s.role.label_zh(),
                        "holder": s.member_id.as_deref().map(member_name).unwrap_or_else(|| "（空缺）".to_owned()),
                        "points": s.points,
                        "state": state_json(s.state),
                    })
                })
                .collect();
            let teams: Vec<Value> = c
                .teams
                .iter()
                .map(|t| {
                    let name = if t.size_flagged {
                        format!("{}（现有 {} 人，不在 5–8 人）", t.name, t.active_size)
                    } else {
                        t.name.clone()
                    };
                    json!({ "name": name, "points": t.points, "state": state_json(t.state) })
                })
                .collect();
            let team_note = if let Some(TeamNote::FewerThanFive { capable }) = c.team_note {
                format!("有能力的党员 {capable} 人，不足 5 人，不要求组团")
            } else if c.teams_needed > 0 || c.teams_formed > 0 {
                format!(
                    "有能力的党员 {} 人，应组团 {} 个，已组团 {} 个",
                    c.capable, c.teams_needed, c.teams_formed
                )
            } else {
                String::new()
            };
            let quarters: Vec<Value> = c
                .quarters
                .iter()
                .map(|q| json!({ "title": format!("第{}季度", q.quarter), "points": q.points, "state": state_json(q.state) }))
                .collect();
            let points: Vec<Value> = all_points
                .iter()
                .filter(|p| p.point.branch_id == row.branch_id)
                .map(|p| {
                    let leader_kind = match p.point.leader {
                        PointLeader::Committee { .. } => "委员",
                        PointLeader::Team { .. } => "团队",
                    };
                    let status = match &p.point.status {
                        PointStatus::Active => "运行中".to_owned(),
                        PointStatus::Closed { closed_on, reason } => {
                            format!("{}关闭（{reason}）", zh_date(*closed_on))
                        }
                    };
                    json!({
                        "name": p.point.name,
                        "category": p.point.category.label_zh(),
                        "location": p.point.location,
                        "created": p.point.created_on.format("%Y-%m-%d").to_string(),
                        "leader": format!("{leader_kind}：{}", p.leader_name),
                        "status": status,
                    })
                })
                .collect();
            json!({
                "name": row.branch_name,
                "community": row.community_name,
                "summary": format!(
                    "应建 {} 个（3 名委员 + {} 个团队），已完成 {} 项，本年新建 {} 个",
                    c.required, c.teams_formed.max(c.teams_needed), c.fulfilled, c.created
                ),
                "state": state_json(c.state),
                "seats": seats,
                "teams": teams,
                "teamNote": team_note,
                "quarters": quarters,
                "points": points,
            })
        })
        .collect();
    let place = match (&scope.branch_id, overview.branches.first()) {
        (Some(_), Some(row)) => row.branch_name.clone(),
        _ => match &scope.community_id {
            Some(id) => communities::get(conn, id)?
                .map(|c| c.name)
                .unwrap_or_default(),
            None => String::new(),
        },
    };
    Ok(json!({
        "title": format!("{place} {year}年“3+X”示范点台账"),
        "subtitle": format!("统计日期：{}　规则：3 名支部委员各领办至少 1 个示范点，每个团队至少 1 个，每季度至少新建 1 个", zh_date(today)),
        "footer": footer(&place, today),
        "branches": branches,
    }))
}

fn check_quarter(quarter: u32) -> Result<u32> {
    if (1..=4).contains(&quarter) {
        Ok(quarter)
    } else {
        Err(Error::invalid("quarter", FieldRule::BadChoice))
    }
}

/// (4a) The blank ballot sheet of a community's quarterly review: every branch of the
/// community (in the order the review lists them, by name), three boxes and a comment line.
pub fn review_ballot(
    conn: &Connection,
    community_id: &str,
    year: i32,
    quarter: u32,
    today: NaiveDate,
) -> Result<Value> {
    let quarter = check_quarter(quarter)?;
    let community = communities::get(conn, community_id)?.ok_or_else(|| Error::NotFound {
        what: "community",
        id: community_id.to_owned(),
    })?;
    let chosen = branches::in_scope(conn, None, Some(community_id), None)?;
    if chosen.is_empty() {
        return Err(Error::invalid("branches", FieldRule::Required));
    }
    let rows: Vec<Value> = chosen
        .iter()
        .enumerate()
        .map(|(i, (b, _))| json!({ "no": i + 1, "name": b.name }))
        .collect();
    Ok(json!({
        "title": format!("{} {year}年第{quarter}季度服务型党支部评议表", community.name),
        "subtitle": format!("{}　共{}个支部", community.committee_name, rows.len()),
        "groups": ReviewerGroup::ALL.map(ReviewerGroup::label_zh),
        "instructions": [
            "先在上方勾选您的身份（党员或群众）。",
            "每个支部在“满意”“基本满意”“不满意”中只勾选一项（打“√”）。",
            "某一支部一项也未勾选或勾选两项及以上的，对该支部的评议无效。",
            "意见建议可写可不写，请写清楚具体的人和事。",
        ],
        "branches": rows,
        "footer": footer(&community.name, today),
    }))
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn score(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_owned(), |s| format!("{s:.1}"))
}

fn counts_json(f: &RatingFigures) -> Value {
    json!({
        "satisfied": f.counts.satisfied.to_string(),
        "fairly": f.counts.fairly_satisfied.to_string(),
        "dissatisfied": f.counts.dissatisfied.to_string(),
        "valid": f.valid.to_string(),
        "invalid": f.invalid.to_string(),
        "rate": percent(f.rate),
        "score": score(f.score),
    })
}

/// The finalised review with its branches' names, or `ReviewNotFinalised`: a report of
/// figures that can still change would be filed as if final. A review that no longer matches
/// its audit log is `ReviewAltered`: its footer would vouch for figures the log does not.
pub fn finalised_review(conn: &Connection, review_id: &str) -> Result<ReviewDetail> {
    let detail = reviews::get_review(conn, review_id)?;
    if detail.review.state != ReviewState::Finalised {
        return Err(Error::ReviewNotFinalised {
            state: detail.review.state.as_str(),
        });
    }
    reviews::check_intact(conn, review_id)?;
    Ok(detail)
}

/// The lines stating how the figures were counted.
pub fn review_method(settings: &ReviewSettings) -> Vec<String> {
    vec![
        "有效票：对某一支部勾选“满意”“基本满意”“不满意”中的一项；一项未选或选两项及以上为无效票，计数但不计入满意率和得分。".to_owned(),
        format!(
            "{}{}。",
            settings.rate_formula_zh(),
            if settings.fairly_counts_as_satisfied { "（基本满意计入满意）" } else { "（基本满意不计入满意）" }
        ),
        format!("{}，满分 100。", settings.score_formula_zh()),
        format!("{}。", settings.combination_formula_zh()),
        "名次按综合得分从高到低，得分相同名次并列，后续名次顺延；没有有效票的支部不排名。".to_owned(),
        format!("综合满意率低于 {}% 的支部列为需要整改。", settings.threshold_percent),
    ]
}

fn item_status_zh(item: &RectificationItem) -> String {
    match (item.status, item.done_on) {
        (ItemStatus::Done, Some(d)) => format!("{}完成", zh_date(d)),
        (ItemStatus::Done, None) => "已完成".to_owned(),
        (ItemStatus::Open, _) => "整改中".to_owned(),
    }
}

/// (4b) The report of a finalised review: method, ranking, each group's figures, flagged
/// branches, comments and rectification items.
pub fn review_report(conn: &Connection, review_id: &str, today: NaiveDate) -> Result<Value> {
    let detail = finalised_review(conn, review_id)?;
    let r = &detail.review;
    let committee = communities::get(conn, &r.community_id)?
        .map(|c| c.committee_name)
        .unwrap_or_default();
    let name_of = |id: &str| {
        detail
            .branches
            .iter()
            .find(|b| b.branch_id == id)
            .map_or_else(|| id.to_owned(), |b| b.branch_name.clone())
    };
    let finalised_on = detail
        .audit
        .iter()
        .rev()
        .find(|e| e.action == "finalise")
        .map(|e| e.at.date());
    let ranking: Vec<Value> = detail
        .tally
        .branches
        .iter()
        .map(|line| {
            let mut row = counts_json(&line.combined);
            row["rank"] = json!(line.rank.map_or_else(|| "—".to_owned(), |n| n.to_string()));
            row["name"] = json!(name_of(&line.branch_id));
            row["flagged"] = json!(line.flagged);
            row
        })
        .collect();
    // The group table keeps the review's order (by name), easier to find a branch in.
    let groups: Vec<Value> = detail
        .branches
        .iter()
        .filter_map(|b| {
            let line = detail
                .tally
                .branches
                .iter()
                .find(|l| l.branch_id == b.branch_id)?;
            let group = |figures, below: bool| {
                let mut g = counts_json(figures);
                g["below"] = json!(below);
                g
            };
            Some(json!({
                "name": b.branch_name,
                "member": group(&line.member, line.member_flagged),
                "resident": group(&line.resident, line.resident_flagged),
            }))
        })
        .collect();
    let flagged: Vec<String> = detail
        .tally
        .branches
        .iter()
        .filter(|l| l.flagged)
        .map(|l| format!("{}（{}）", name_of(&l.branch_id), percent(l.combined.rate)))
        .collect();
    let branches_json: Vec<Value> = detail
        .branches
        .iter()
        .map(|b| {
            let line = detail
                .tally
                .branches
                .iter()
                .find(|l| l.branch_id == b.branch_id);
            let summary = line.map_or_else(String::new, |l| {
                format!(
                    "名次 {}　满意率 {}　得分 {}",
                    l.rank.map_or_else(|| "—".to_owned(), |n| n.to_string()),
                    percent(l.combined.rate),
                    score(l.combined.score)
                )
            });
            let items: Vec<Value> = b
                .items
                .iter()
                .map(|i| {
                    json!({
                        "what": i.what,
                        "owner": i.owner,
                        "due": zh_date(i.due_on),
                        "status": item_status_zh(i),
                    })
                })
                .collect();
            // What reviewers wrote beside their mark, by sheet: 第3张（群众）：…
            let voices: Vec<String> = detail
                .ballots
                .iter()
                .flat_map(|ballot| {
                    ballot
                        .marks
                        .iter()
                        .filter(|m| m.branch_id == b.branch_id && !m.comment.is_empty())
                        .map(move |m| {
                            format!(
                                "第{}张（{}）：{}",
                                ballot.sheet_no,
                                ballot.group.label_zh(),
                                m.comment
                            )
                        })
                })
                .collect();
            json!({
                "name": b.branch_name,
                "line": summary,
                "comment": b.comment,
                "voices": voices,
                "items": items,
            })
        })
        .collect();
    let reviewers: Vec<Value> = detail
        .reviewers
        .iter()
        .map(|c| {
            json!({
                "group": c.group.label_zh(),
                "registered": c.registered.to_string(),
                "sheets": c.sheets.to_string(),
            })
        })
        .collect();
    let signed = finalised_on.map_or_else(String::new, zh_date);
    let head = reviews::audit_head(conn, review_id)?;
    Ok(json!({
        "title": format!("{} {}年第{}季度服务型党支部评议结果", r.community_name, r.year, r.quarter),
        "subtitle": format!(
            "{}　共{}个支部　{}",
            committee,
            detail.branches.len(),
            finalised_on.map_or_else(String::new, |d| format!("{}定稿", zh_date(d)))
        ),
        "method": review_method(&detail.settings),
        "threshold": format!("{}%", detail.settings.threshold_percent),
        "reviewers": reviewers,
        "ranking": ranking,
        "groups": groups,
        "flagged": flagged,
        "branches": branches_json,
        "committee": committee,
        "signed": signed,
        // The review's end of the audit log on paper: a later check can tell whether the
        // log still reaches the entry this report was printed from.
        "footer": format!(
            "{}　审计记录 {} 条，末条哈希 {}",
            footer(&r.community_name, today),
            head.entries,
            head.short_hash()
        ),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_grids_have_six_monday_first_weeks() {
        // 2025-03-01 is a Saturday: the first row has five blanks.
        let weeks = month_weeks(2025, 3, |d| json!({ "d": d.day() }));
        assert_eq!(weeks.len(), 6);
        let first: Vec<u64> = weeks[0].iter().map(|c| c["d"].as_u64().unwrap()).collect();
        assert_eq!(first, [0, 0, 0, 0, 0, 1, 2]);
        let days: Vec<u64> = weeks
            .iter()
            .flatten()
            .filter_map(|c| c["d"].as_u64())
            .filter(|d| *d > 0)
            .collect();
        assert_eq!(days, (1..=31).collect::<Vec<u64>>());
    }

    #[test]
    fn breaks_and_make_up_days_are_marked() {
        let calendar = HolidayCalendar::builtin();
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        assert_eq!(day_kind(&calendar, true, d(2, 12)), "holiday");
        assert_eq!(
            day_kind(&calendar, true, d(2, 4)),
            "work",
            "2024-02-04 was a make-up Sunday"
        );
        assert_eq!(day_kind(&calendar, true, d(3, 12)), "");
        assert_eq!(
            day_kind(&calendar, false, d(2, 12)),
            "",
            "unknown years are not shaded"
        );
    }
}
