//! 定时间 use cases: communities' activity-week settings, branches' fixed days, manual moves,
//! the year and month views, staggering, the weekday advisor, auto-assign, reminders, iCal.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity::ActivityStatus;
use crate::activity_week::{check_year, window, ActivityWeekRule, Weekday};
use crate::api::holidays;
use crate::day_plan::{plan_for, DayMove, DayPlan, YearMonth, MAX_VENUE_CHARS};
use crate::db::{
    activities, branches, communities, day_plans, study_plans, week_rules, weekday_wishes,
};
use crate::error::{Error, FieldRule, Result};
use crate::holiday::HolidayCalendar;
use crate::ics::{self, ActivityEvent};
use crate::org::Branch;
use crate::schedule::place;
use crate::stagger::{self, BranchDay, Clash, ClashKind, Proposal, WeekdayAdvice, WeekdayWishes};
use crate::week_rule::{self, HistoryWrite, WeekRuleFrom};

/// A community's settings for its activity days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CommunitySchedule {
    pub community_id: String,
    /// The activity-week rule in force in the current month (`today`'s), for a single label.
    pub rule: ActivityWeekRule,
    /// Every rule with the month it applies from, oldest first; the first is from 1900-01.
    pub rules: Vec<WeekRuleFrom>,
    /// How many branches may hold their activity on the same day (default 1).
    pub day_share_limit: u32,
    /// Venues the community's branches share.
    pub venues: Vec<String>,
}

/// The community's settings; `today` picks the rule shown as the current one.
pub fn community_schedule(
    conn: &Connection,
    community_id: &str,
    today: NaiveDate,
) -> Result<CommunitySchedule> {
    let limit = communities::day_share_limit(conn, community_id)?
        .ok_or_else(|| not_found("community", community_id))?;
    let rules = week_rules::history(conn, community_id)?;
    Ok(CommunitySchedule {
        community_id: community_id.to_owned(),
        rule: week_rule::rule_for(&rules, month_of_date(today)),
        rules,
        day_share_limit: limit,
        venues: communities::venues(conn, community_id)?,
    })
}

fn month_of_date(date: NaiveDate) -> YearMonth {
    use chrono::Datelike;
    YearMonth {
        year: date.year(),
        month: date.month(),
    }
}

/// How a community's branches share days and venues (the rule changes through
/// [`change_week_rule`], from a chosen month).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CommunitySharing {
    pub community_id: String,
    /// How many branches may hold their activity on the same day.
    pub day_share_limit: u32,
    pub venues: Vec<String>,
}

pub fn save_community_schedule(
    conn: &mut Connection,
    settings: &CommunitySharing,
    today: NaiveDate,
) -> Result<CommunitySchedule> {
    community_schedule(conn, &settings.community_id, today)?;
    if !(1..=99).contains(&settings.day_share_limit) {
        return Err(Error::invalid("dayShareLimit", FieldRule::BadChoice));
    }
    let mut venues: Vec<String> = Vec::new();
    for venue in settings
        .venues
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
    {
        if venue.chars().count() > MAX_VENUE_CHARS {
            return Err(Error::invalid("venues", FieldRule::TooLong));
        }
        if !venues.iter().any(|v| v == venue) {
            venues.push(venue.to_owned());
        }
    }
    let tx = conn.transaction()?;
    communities::set_day_share_limit(&tx, &settings.community_id, settings.day_share_limit)?;
    communities::replace_venues(&tx, &settings.community_id, &venues)?;
    tx.commit()?;
    community_schedule(conn, &settings.community_id, today)
}

/// A community's new activity-week rule from a month on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeekRuleChange {
    pub community_id: String,
    /// `YYYY-MM`: the first month the rule applies to.
    pub effective_from: String,
    pub rule: ActivityWeekRule,
}

/// Sets the community's rule from a month on; earlier months keep the rule they had, later
/// changes stay. The rule already in force from that month writes nothing; a change in the
/// month of an existing row replaces it.
pub fn change_week_rule(
    conn: &mut Connection,
    change: &WeekRuleChange,
    today: NaiveDate,
) -> Result<CommunitySchedule> {
    let from = week_rule::parse_month(&change.effective_from)?;
    let history = community_schedule(conn, &change.community_id, today)?.rules;
    let row = WeekRuleFrom::new(from, change.rule);
    let tx = conn.transaction()?;
    match week_rule::write_for(&history, from, change.rule) {
        HistoryWrite::Unchanged => {}
        HistoryWrite::Set => week_rules::upsert(&tx, &change.community_id, &row)?,
        HistoryWrite::Remove => {
            week_rules::delete(&tx, &change.community_id, &row.effective_from)?;
        }
    }
    tx.commit()?;
    community_schedule(conn, &change.community_id, today)
}

/// Takes back a rule change: its months follow the rule before it again. The earliest rule
/// cannot be deleted (change it instead).
pub fn delete_week_rule(
    conn: &mut Connection,
    community_id: &str,
    effective_from: &str,
    today: NaiveDate,
) -> Result<CommunitySchedule> {
    let from = week_rule::parse_month(effective_from)?;
    let history = community_schedule(conn, community_id, today)?.rules;
    if !history.iter().any(|r| r.starts() == from) {
        return Err(not_found("week rule", &from.format()));
    }
    if !week_rule::deletable(&history, from) {
        return Err(Error::invalid("effectiveFrom", FieldRule::BadChoice));
    }
    let tx = conn.transaction()?;
    week_rules::delete(&tx, community_id, &from.format())?;
    tx.commit()?;
    community_schedule(conn, community_id, today)
}

/// The rules a community's dates follow over `year`: January's, then each change in the year.
pub fn week_rules_in_year(
    conn: &Connection,
    community_id: &str,
    year: i32,
) -> Result<Vec<WeekRuleFrom>> {
    let year = check_year(year)?;
    communities::get(conn, community_id)?.ok_or_else(|| not_found("community", community_id))?;
    Ok(week_rule::year_rules(
        &week_rules::history(conn, community_id)?,
        year,
    ))
}

/// One month's activity day of a branch, as every calendar view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScheduledDay {
    pub branch_id: String,
    pub year: i32,
    pub month: u32,
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    /// The community's rule that gives this month's activity week.
    pub rule: ActivityWeekRule,
    pub weekday: Weekday,
    /// The branch's weekday inside the activity week.
    pub fixed_date: NaiveDate,
    /// The day the activity is held.
    pub date: NaiveDate,
    /// Moved out of a holiday break by the rule.
    pub moved: bool,
    /// The whole week is a holiday break: the secretary decides.
    pub conflict: bool,
    /// The holiday's name when moved or in conflict.
    pub reason: Option<String>,
    /// The secretary's reason when moved by hand.
    pub manual_reason: Option<String>,
    /// Moved by hand outside the activity week (the quarterly review shows it).
    pub deviation: bool,
    pub start_time: String,
    pub venue: String,
}

/// A branch's year: its plans and the activity day of every month a plan covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BranchYear {
    pub branch_id: String,
    pub branch_name: String,
    pub community_id: String,
    pub year: i32,
    /// The community's rules over the year: January's, then each change (see
    /// [`week_rule::year_rules`]).
    pub rules: Vec<WeekRuleFrom>,
    /// `false`: 节假日安排未发布 — nothing was moved for holidays.
    pub holidays_known: bool,
    pub plans: Vec<DayPlan>,
    pub days: Vec<ScheduledDay>,
}

/// The activity days of one branch for a year: the plan of each month placed by the rule the
/// community's history gives that month, moved out of holiday breaks, then the secretary's
/// manual moves on top. `plans` and `rules` are sorted by `effective_from`.
pub fn schedule_branch(
    branch_id: &str,
    plans: &[DayPlan],
    moves: &[DayMove],
    rules: &[WeekRuleFrom],
    calendar: &HolidayCalendar,
    year: i32,
) -> Result<Vec<ScheduledDay>> {
    let known = calendar.is_known(year);
    let mut days = Vec::with_capacity(12);
    for month in 1..=12 {
        let Some(plan) = plan_for(plans, YearMonth { year, month }) else {
            continue;
        };
        let rule = week_rule::rule_for(rules, YearMonth { year, month });
        let week = window(rule, year, month)?;
        let placed = place(month, week, plan.weekday, calendar, known);
        let manual = moves.iter().find(|m| m.month == month && m.year == year);
        days.push(ScheduledDay {
            branch_id: branch_id.to_owned(),
            year,
            month,
            week_start: placed.week_start,
            week_end: placed.week_end,
            rule,
            weekday: plan.weekday,
            fixed_date: placed.fixed_date,
            date: manual.map_or(placed.date, |m| m.date),
            moved: placed.moved,
            conflict: placed.conflict && manual.is_none(),
            reason: placed.reason,
            manual_reason: manual.map(|m| m.reason.clone()),
            deviation: manual.is_some_and(|m| !week.contains(m.date)),
            start_time: plan.start_time.clone(),
            venue: plan.venue.clone(),
        });
    }
    Ok(days)
}

/// The activity days of a year for many branches, given as (branch id, community id) in the
/// order wanted: plans, manual moves and the communities' rules are read once for all of them.
/// Branches without a plan have no days.
pub fn days_of_branches<'a>(
    conn: &Connection,
    calendar: &HolidayCalendar,
    branches: impl IntoIterator<Item = (&'a str, &'a str)>,
    year: i32,
) -> Result<Vec<ScheduledDay>> {
    let mut plans: HashMap<String, Vec<DayPlan>> = HashMap::new();
    for plan in day_plans::plans_in(conn, None)? {
        plans.entry(plan.branch_id.clone()).or_default().push(plan);
    }
    let mut moves: HashMap<String, Vec<DayMove>> = HashMap::new();
    for m in day_plans::moves_in(conn, year, None, None)? {
        moves.entry(m.branch_id.clone()).or_default().push(m);
    }
    let rules = week_rules::all(conn)?;
    let mut days = Vec::new();
    for (branch_id, community_id) in branches {
        let Some(branch_plans) = plans.get(branch_id) else {
            continue;
        };
        let community_rules = rules.get(community_id).map(Vec::as_slice).unwrap_or(&[]);
        let branch_moves = moves.get(branch_id).map(Vec::as_slice).unwrap_or(&[]);
        days.extend(schedule_branch(
            branch_id,
            branch_plans,
            branch_moves,
            community_rules,
            calendar,
            year,
        )?);
    }
    Ok(days)
}

fn get_branch(conn: &Connection, branch_id: &str) -> Result<Branch> {
    branches::get(conn, branch_id)?.ok_or_else(|| not_found("branch", branch_id))
}

pub fn branch_year(conn: &Connection, branch_id: &str, year: i32) -> Result<BranchYear> {
    let calendar = holidays::calendar(conn)?;
    branch_year_with(conn, &calendar, branch_id, year)
}

fn branch_year_with(
    conn: &Connection,
    calendar: &HolidayCalendar,
    branch_id: &str,
    year: i32,
) -> Result<BranchYear> {
    let year = check_year(year)?;
    let branch = get_branch(conn, branch_id)?;
    let rules = week_rules::history(conn, &branch.community_id)?;
    let plans = day_plans::plans_of(conn, branch_id)?;
    let moves = day_plans::moves_in(conn, year, Some(branch_id), None)?;
    let days = schedule_branch(branch_id, &plans, &moves, &rules, calendar, year)?;
    Ok(BranchYear {
        branch_id: branch.id,
        branch_name: branch.name,
        community_id: branch.community_id,
        year,
        rules: week_rule::year_rules(&rules, year),
        holidays_known: calendar.is_known(year),
        plans,
        days,
    })
}

/// Sets the branch's fixed day from a month on (replacing a plan of the same month). Months
/// before it keep the plan that applied to them.
pub fn save_day_plan(conn: &mut Connection, plan: DayPlan) -> Result<Vec<DayPlan>> {
    let plan = plan.validated()?;
    get_branch(conn, &plan.branch_id)?;
    let tx = conn.transaction()?;
    day_plans::upsert_plan(&tx, &plan)?;
    tx.commit()?;
    day_plans::plans_of(conn, &plan.branch_id)
}

pub fn delete_day_plan(
    conn: &mut Connection,
    branch_id: &str,
    effective_from: &str,
) -> Result<Vec<DayPlan>> {
    let tx = conn.transaction()?;
    if day_plans::delete_plan(&tx, branch_id, effective_from)? == 0 {
        return Err(not_found("day plan", effective_from));
    }
    tx.commit()?;
    day_plans::plans_of(conn, branch_id)
}

/// Moves one month's activity day by hand, with a reason. A date outside the activity week is
/// allowed but marked as a deviation. Regenerating the year keeps the move.
pub fn move_day(conn: &mut Connection, day_move: DayMove) -> Result<ScheduledDay> {
    let day_move = day_move.validated()?;
    let year = branch_year(conn, &day_move.branch_id, day_move.year)?;
    if !year.days.iter().any(|d| d.month == day_move.month) {
        return Err(Error::invalid("month", FieldRule::BadChoice));
    }
    let tx = conn.transaction()?;
    day_plans::upsert_move(&tx, &day_move)?;
    tx.commit()?;
    month_of(conn, &day_move.branch_id, day_move.year, day_move.month)
}

/// Takes a manual move back: the month returns to the rule's date.
pub fn clear_move(
    conn: &mut Connection,
    branch_id: &str,
    year: i32,
    month: u32,
) -> Result<ScheduledDay> {
    let tx = conn.transaction()?;
    if day_plans::delete_move(&tx, branch_id, year, month)? == 0 {
        return Err(not_found("day move", &format!("{year}-{month:02}")));
    }
    tx.commit()?;
    month_of(conn, branch_id, year, month)
}

fn month_of(conn: &Connection, branch_id: &str, year: i32, month: u32) -> Result<ScheduledDay> {
    branch_year(conn, branch_id, year)?
        .days
        .into_iter()
        .find(|d| d.month == month)
        .ok_or_else(|| not_found("activity day", &format!("{year}-{month:02}")))
}

/// A community's year: every branch's days and the clashes among them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CommunityYear {
    pub community_id: String,
    pub community_name: String,
    pub year: i32,
    /// `rule` is the one in force in `today`'s month (the settings card's current rule).
    pub settings: CommunitySchedule,
    /// The rules the year's dates follow: January's, then each change in the year.
    pub rules: Vec<WeekRuleFrom>,
    pub holidays_known: bool,
    pub branches: Vec<BranchYear>,
    pub clashes: Vec<Clash>,
}

pub fn community_year(
    conn: &Connection,
    community_id: &str,
    year: i32,
    today: NaiveDate,
) -> Result<CommunityYear> {
    let year = check_year(year)?;
    let settings = community_schedule(conn, community_id, today)?;
    let community = communities::get(conn, community_id)?
        .ok_or_else(|| not_found("community", community_id))?;
    let calendar = holidays::calendar(conn)?;
    let years = branch_years_of(conn, &calendar, community_id, year)?;
    let all_days: Vec<BranchDay> = years.iter().flat_map(|y| &y.days).map(branch_day).collect();
    Ok(CommunityYear {
        community_id: community_id.to_owned(),
        community_name: community.name,
        year,
        clashes: stagger::clashes(&all_days, settings.day_share_limit),
        rules: week_rule::year_rules(&settings.rules, year),
        settings,
        holidays_known: calendar.is_known(year),
        branches: years,
    })
}

/// Another branch a clash is with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClashingBranch {
    pub branch_id: String,
    pub branch_name: String,
}

/// One of a branch's activity days that clashes with other branches of its community, by the
/// rule the community's clash list uses ([`stagger::clashes`]: more branches on the day than
/// the community allows, or one venue at overlapping times).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BranchClash {
    pub kind: ClashKind,
    pub date: NaiveDate,
    pub venue: Option<String>,
    /// The other branches, in the register's order.
    pub others: Vec<ClashingBranch>,
}

/// The clashes of a branch's year with the other branches of its community (the branch year
/// view marks them).
pub fn branch_clashes(conn: &Connection, branch_id: &str, year: i32) -> Result<Vec<BranchClash>> {
    let plans = day_plans::plans_of(conn, branch_id)?;
    clashes_under(conn, branch_id, &plans, year, None)
}

/// The clashes a fixed day would bring, asked before it is saved: the branch's days of the
/// plan's year with `plan` in place of any plan of the same month, from the plan's month on
/// (the months before keep the plan they had). Nothing is written.
pub fn plan_clashes(conn: &Connection, plan: DayPlan) -> Result<Vec<BranchClash>> {
    let plan = plan.validated()?;
    let from = plan.starts();
    let mut plans: Vec<DayPlan> = day_plans::plans_of(conn, &plan.branch_id)?
        .into_iter()
        .filter(|p| p.effective_from != plan.effective_from)
        .collect();
    plans.push(plan.clone());
    plans.sort_by(|a, b| a.effective_from.cmp(&b.effective_from));
    clashes_under(conn, &plan.branch_id, &plans, from.year, Some(from.month))
}

/// The clashes of `branch_id`'s days of `year` under `plans`, from month `from_month` on.
fn clashes_under(
    conn: &Connection,
    branch_id: &str,
    plans: &[DayPlan],
    year: i32,
    from_month: Option<u32>,
) -> Result<Vec<BranchClash>> {
    let year = check_year(year)?;
    let branch = get_branch(conn, branch_id)?;
    let calendar = holidays::calendar(conn)?;
    let rules = week_rules::history(conn, &branch.community_id)?;
    let moves = day_plans::moves_in(conn, year, Some(branch_id), None)?;
    let own = schedule_branch(branch_id, plans, &moves, &rules, &calendar, year)?;
    let others = branch_years_of(conn, &calendar, &branch.community_id, year)?;
    let all_days: Vec<BranchDay> = own
        .iter()
        .chain(
            others
                .iter()
                .filter(|b| b.branch_id != branch_id)
                .flat_map(|b| &b.days),
        )
        .map(branch_day)
        .collect();
    let limit = communities::day_share_limit(conn, &branch.community_id)?
        .ok_or_else(|| not_found("community", &branch.community_id))?;
    let governed = |date: NaiveDate| from_month.is_none_or(|m| date.month() >= m);
    Ok(stagger::clashes(&all_days, limit)
        .into_iter()
        .filter(|c| governed(c.date) && c.branch_ids.iter().any(|id| id == branch_id))
        .map(|c| BranchClash {
            kind: c.kind,
            date: c.date,
            venue: c.venue,
            others: others
                .iter()
                .filter(|b| b.branch_id != branch_id && c.branch_ids.contains(&b.branch_id))
                .map(|b| ClashingBranch {
                    branch_id: b.branch_id.clone(),
                    branch_name: b.branch_name.clone(),
                })
                .collect(),
        })
        .collect())
}

/// The year of every branch of a community.
fn branch_years_of(
    conn: &Connection,
    calendar: &HolidayCalendar,
    community_id: &str,
    year: i32,
) -> Result<Vec<BranchYear>> {
    branches::list(conn)?
        .into_iter()
        .filter(|b| b.community_id == community_id)
        .map(|branch| branch_year_with(conn, calendar, &branch.id, year))
        .collect()
}

/// A scheduled day as staggering sees it.
fn branch_day(d: &ScheduledDay) -> BranchDay {
    BranchDay {
        branch_id: d.branch_id.clone(),
        date: d.date,
        start_minutes: minutes(&d.start_time),
        venue: d.venue.clone(),
    }
}

fn minutes(time: &str) -> u32 {
    let (h, m) = time.split_once(':').unwrap_or(("0", "0"));
    h.parse::<u32>().unwrap_or(0) * 60 + m.parse::<u32>().unwrap_or(0)
}

/// For each weekday: how many of the year's activity days a holiday would move or leave in
/// conflict under each month's rule of the community, and which other branches already meet
/// on it.
pub fn weekday_advice(conn: &Connection, branch_id: &str, year: i32) -> Result<Vec<WeekdayAdvice>> {
    let year = check_year(year)?;
    let branch = get_branch(conn, branch_id)?;
    let calendar = holidays::calendar(conn)?;
    let others = branch_years_of(conn, &calendar, &branch.community_id, year)?;
    let rules = week_rules::history(conn, &branch.community_id)?;
    let cost = stagger::holiday_cost(year, &week_rule::rules_of_year(&rules, year), &calendar)?;
    let mut users: HashMap<Weekday, Vec<String>> = HashMap::new();
    for other in others.iter().filter(|b| b.branch_id != branch_id) {
        let mut weekdays: Vec<Weekday> = other.days.iter().map(|d| d.weekday).collect();
        weekdays.dedup();
        for weekday in weekdays {
            users
                .entry(weekday)
                .or_default()
                .push(other.branch_id.clone());
        }
    }
    Ok(Weekday::ALL
        .into_iter()
        .zip(cost)
        .map(|(weekday, (moved, conflicts))| WeekdayAdvice {
            weekday,
            moved,
            conflicts,
            branch_ids: users.remove(&weekday).unwrap_or_default(),
        })
        .collect())
}

pub fn weekday_wishes(conn: &Connection, branch_id: &str) -> Result<WeekdayWishes> {
    get_branch(conn, branch_id)?;
    weekday_wishes::of_branch(conn, branch_id)
}

pub fn save_weekday_wishes(conn: &mut Connection, wishes: &WeekdayWishes) -> Result<WeekdayWishes> {
    get_branch(conn, &wishes.branch_id)?;
    if wishes
        .preferred
        .iter()
        .any(|w| wishes.impossible.contains(w))
    {
        return Err(Error::invalid("preferred", FieldRule::BadChoice));
    }
    let tx = conn.transaction()?;
    weekday_wishes::replace(&tx, wishes)?;
    tx.commit()?;
    weekday_wishes::of_branch(conn, &wishes.branch_id)
}

/// Auto-assign's proposal for a community's branches over `year`; nothing is written.
/// Each month is costed under the rule in force in it.
pub fn propose_weekdays(conn: &Connection, community_id: &str, year: i32) -> Result<Proposal> {
    let year = check_year(year)?;
    let limit = communities::day_share_limit(conn, community_id)?
        .ok_or_else(|| not_found("community", community_id))?;
    let rules = week_rule::rules_of_year(&week_rules::history(conn, community_id)?, year);
    let calendar = holidays::calendar(conn)?;
    let cost = stagger::holiday_cost(year, &rules, &calendar)?;
    let mut wishes = Vec::new();
    for branch in branches::list(conn)?
        .into_iter()
        .filter(|b| b.community_id == community_id)
    {
        wishes.push(weekday_wishes::of_branch(conn, &branch.id)?);
    }
    let mut proposal = stagger::auto_assign(&wishes, limit, &cost);
    if let Proposal::Assigned {
        assignments,
        holiday_clashes,
        ..
    } = &mut proposal
    {
        let dates = stagger::weekday_dates(year, &rules, &calendar)?;
        *holiday_clashes = stagger::holiday_clashes(assignments, &dates, limit);
    }
    Ok(proposal)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeekdayChoice {
    pub branch_id: String,
    pub weekday: Weekday,
}

/// Applies reviewed weekdays from `effective_from` on, in one transaction. Each branch keeps
/// its start time and venue (a branch with no plan yet starts at 09:00).
pub fn apply_weekdays(
    conn: &mut Connection,
    community_id: &str,
    effective_from: &str,
    choices: &[WeekdayChoice],
    today: NaiveDate,
) -> Result<CommunityYear> {
    let from = YearMonth::parse(effective_from)
        .ok_or_else(|| Error::invalid("effectiveFrom", FieldRule::BadDate))?;
    let mut plans = Vec::new();
    for choice in choices {
        let branch = get_branch(conn, &choice.branch_id)?;
        if branch.community_id != community_id {
            return Err(Error::invalid("branchId", FieldRule::BadChoice));
        }
        let current = day_plans::plans_of(conn, &branch.id)?;
        let base = plan_for(&current, from);
        plans.push(
            DayPlan {
                branch_id: branch.id.clone(),
                effective_from: from.format(),
                weekday: choice.weekday,
                start_time: base.map_or_else(|| "09:00".to_owned(), |p| p.start_time.clone()),
                venue: base.map(|p| p.venue.clone()).unwrap_or_default(),
            }
            .validated()?,
        );
    }
    let tx = conn.transaction()?;
    for plan in &plans {
        day_plans::upsert_plan(&tx, plan)?;
    }
    tx.commit()?;
    community_year(conn, community_id, from.year, today)
}

/// Which branches a query covers: one branch, a community's, a town's, or all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScheduleScope {
    pub town_id: Option<String>,
    pub community_id: Option<String>,
    pub branch_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpcomingDay {
    pub branch_name: String,
    pub community_name: String,
    pub days_until: i64,
    pub day: ScheduledDay,
}

fn branches_in(conn: &Connection, scope: &ScheduleScope) -> Result<Vec<(Branch, String)>> {
    let found = branches::in_scope(
        conn,
        scope.town_id.as_deref(),
        scope.community_id.as_deref(),
        scope.branch_id.as_deref(),
    )?;
    Ok(found.into_iter().map(|(b, c)| (b, c.name)).collect())
}

/// The next `count` activity days on or after `today` in the scope, soonest first.
pub fn upcoming_days(
    conn: &Connection,
    scope: &ScheduleScope,
    today: NaiveDate,
    count: usize,
) -> Result<Vec<UpcomingDay>> {
    use chrono::Datelike;
    let calendar = holidays::calendar(conn)?;
    let mut upcoming = Vec::new();
    for (branch, community_name) in branches_in(conn, scope)? {
        for year in [today.year(), today.year() + 1] {
            let by = branch_year_with(conn, &calendar, &branch.id, year)?;
            let next = by
                .days
                .into_iter()
                .filter(|d| d.date >= today)
                .min_by_key(|d| d.date);
            if let Some(day) = next {
                upcoming.push(UpcomingDay {
                    branch_name: branch.name.clone(),
                    community_name: community_name.clone(),
                    days_until: (day.date - today).num_days(),
                    day,
                });
                break;
            }
        }
    }
    upcoming.sort_by(|a, b| (a.day.date, &a.day.start_time).cmp(&(b.day.date, &b.day.start_time)));
    upcoming.truncate(count);
    Ok(upcoming)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IcsOutcome {
    pub events: u32,
    pub path: String,
}

/// Writes the year's activity days of a branch or of every branch of a community to `path`.
pub fn export_ics(
    conn: &Connection,
    scope: &ScheduleScope,
    year: i32,
    path: &Path,
    stamp: DateTime<Utc>,
) -> Result<IcsOutcome> {
    let year = check_year(year)?;
    if scope.branch_id.is_none() && scope.community_id.is_none() {
        return Err(Error::invalid("scope", FieldRule::Required));
    }
    let calendar = holidays::calendar(conn)?;
    let chosen = branches_in(conn, scope)?;
    if chosen.is_empty() {
        return Err(match (&scope.branch_id, &scope.community_id) {
            (Some(id), _) => not_found("branch", id),
            (None, Some(id)) => not_found("community or its branches", id),
            (None, None) => not_found("branch", ""),
        });
    }
    let mut events = Vec::new();
    for (branch, community_name) in &chosen {
        let topics = month_topics(conn, branch, year)?;
        for day in branch_year_with(conn, &calendar, &branch.id, year)?.days {
            let topic = topics.get(&day.month);
            let mut lines = Vec::new();
            if let Some(topic) = topic {
                lines.push(format!("主题：{topic}"));
            }
            lines.push("理论学习 → 实践培训 → 互动提高".to_owned());
            if let Some(reason) = day.manual_reason.as_ref().or(day.reason.as_ref()) {
                lines.push(format!("调整原因：{reason}（原定 {}）", day.fixed_date));
            }
            let mut summary = format!("党员活动日 · {}", branch.name);
            if let Some(topic) = topic {
                summary = format!("{summary} · {topic}");
            }
            events.push(ActivityEvent {
                uid: ics::activity_uid(&branch.id, year, day.month),
                date: day.date,
                start_minutes: minutes(&day.start_time),
                summary,
                location: if day.venue.is_empty() {
                    community_name.clone()
                } else {
                    day.venue
                },
                description: lines.join("\n"),
            });
        }
    }
    let name = match (&scope.branch_id, chosen.first()) {
        (Some(_), Some((branch, _))) => format!("{} {year} 年党员活动日", branch.name),
        _ => format!("{} {year} 年党员活动日", chosen[0].1),
    };
    crate::files::write_atomically(
        path,
        ics::activity_calendar(&name, &events, stamp).as_bytes(),
    )?;
    Ok(IcsOutcome {
        events: events.len() as u32,
        path: path.display().to_string(),
    })
}

/// Each month's topic as far as it is known: the branch's planned or held activity of that
/// activity day, else the community's study plan for the month.
fn month_topics(conn: &Connection, branch: &Branch, year: i32) -> Result<BTreeMap<u32, String>> {
    let mut topics: BTreeMap<u32, String> = study_plans::topics(conn, &branch.community_id, year)?
        .into_iter()
        .filter(|t| !t.topic.trim().is_empty())
        .map(|t| (t.month, t.topic))
        .collect();
    for activity in activities::of_branch_year(conn, &branch.id, year)? {
        let cancelled = matches!(activity.status, ActivityStatus::Cancelled { .. });
        if let (Some(month), false) = (
            activity.month,
            cancelled || activity.topic.trim().is_empty(),
        ) {
            topics.insert(month, activity.topic);
        }
    }
    Ok(topics)
}

fn not_found(what: &'static str, id: &str) -> Error {
    Error::NotFound {
        what,
        id: id.to_owned(),
    }
}

/// Which reminder: `days_before` days ahead, or on the day itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ReminderKind {
    Before,
    OnDay,
}

impl ReminderKind {
    fn as_str(self) -> &'static str {
        match self {
            ReminderKind::Before => "before",
            ReminderKind::OnDay => "on-day",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Reminder {
    pub kind: ReminderKind,
    pub branch_id: String,
    pub branch_name: String,
    pub date: NaiveDate,
    pub days_until: i64,
    pub start_time: String,
    pub venue: String,
}

/// Reminders due `today` and not shown yet: `days_before` days ahead (when that is not 0) and on
/// the day itself. A reminder skipped while the app was closed is still given while the day is
/// ahead, so a secretary who opens the app a day late still hears of it.
pub fn due_reminders(
    conn: &Connection,
    scope: &ScheduleScope,
    today: NaiveDate,
    days_before: u32,
) -> Result<Vec<Reminder>> {
    let mut due = Vec::new();
    for upcoming in upcoming_days(conn, scope, today, usize::MAX)? {
        let kind = match upcoming.days_until {
            0 => ReminderKind::OnDay,
            n if days_before > 0 && n <= i64::from(days_before) => ReminderKind::Before,
            _ => continue,
        };
        let day = &upcoming.day;
        if crate::db::reminders::was_sent(conn, &day.branch_id, day.date, kind.as_str())? {
            continue;
        }
        due.push(Reminder {
            kind,
            branch_id: day.branch_id.clone(),
            branch_name: upcoming.branch_name.clone(),
            date: day.date,
            days_until: upcoming.days_until,
            start_time: day.start_time.clone(),
            venue: day.venue.clone(),
        });
    }
    Ok(due)
}

/// Records reminders as shown, in one transaction.
pub fn mark_reminders_shown(conn: &mut Connection, shown: &[Reminder]) -> Result<()> {
    let tx = conn.transaction()?;
    for r in shown {
        crate::db::reminders::mark_sent(&tx, &r.branch_id, r.date, r.kind.as_str())?;
    }
    tx.commit()?;
    Ok(())
}
