//! The compliance engine of "定标准" ("3+X" demonstration points), the one home of its rules.
//! Pure: the caller passes in the branches (seat holders, capable members, teams), the points
//! and `today`, the day asked; the same rules serve the board, the overview, the CLI, the
//! review fact sheets and the statistics (which ask at a period's end, or at today).
//!
//! The rules, for one branch and one calendar year, judged on `today`:
//! - **Only what exists on the day counts**: a point counts when it was created on or before
//!   `today` (and in the year). A closed point still counts for the quarter it was created in.
//! - **"3"**: each of the 3 committee seats leads the creation of at least 1 point in the year.
//!   A point counts for a seat when its leader is `PointLeader::Committee` with the member who
//!   holds the seat *for the year*: the holder on the year's last day, or on `today` while the
//!   year runs (`seat_holders`, from the seat terms). **When the holder changes during the
//!   year** the seat is judged on the holder who counts: all of that member's points of the year
//!   count, including those made before taking the seat, and the earlier holder's points count
//!   for no seat (they still count as points of the year and of their quarter). The seat lists
//!   the earlier holders (`earlier_holders`) so the board can say so. A vacant seat is not met.
//! - **"X"**: with n active capable members the branch needs `T = teams_needed(n)` teams: none
//!   below 5, else `ceil(n / 8)` but at most `floor(n / 5)` (9 members: one team). The rule is
//!   met when at least T teams of the year exist and every team of the year led at least 1
//!   point of the year. A team still to be formed counts like a team without a point.
//!   A team's size is its members who are still active and capable; a team outside 5–8 still
//!   counts, and is flagged with its size (`size_flagged`).
//! - **Quarterly**: at least 1 new point (any leader, any status) created in each quarter.
//! - **Required**: 3 + max(teams formed, T); **fulfilled**: seats and formed teams with a point.
//!
//! Each rule's state on `today` is `NotStarted` (its period begins after `today`, whatever
//! else), `Met` (a point exists), `NotYet { days_left }` (running; today counts, so on the last
//! day 1 day is left) or `Missed` (over and not met). A branch is `Met` when every rule is,
//! `Missed` when any is, else `NotYet` to the nearest deadline of a rule not met.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::demo_point::{DemoPoint, PointLeader};
use crate::org::{CommitteeRole, SeatAssignment};
use crate::team::{team_size_ok, teams_needed, Team, TeamNote, MIN_TEAM_SIZE};

/// Where a rule stands at `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum ComplianceState {
    /// At least one point: green.
    Met,
    /// The period is running and nothing yet: amber, with the days left counting today.
    NotYet { days_left: u32 },
    /// The period is over and nothing was made: red.
    Missed,
    /// The period has not begun.
    NotStarted,
}

impl ComplianceState {
    pub fn is_met(self) -> bool {
        self == ComplianceState::Met
    }

    /// Not met in a period that has begun: the board lists these as missing.
    pub fn is_short(self) -> bool {
        matches!(
            self,
            ComplianceState::NotYet { .. } | ComplianceState::Missed
        )
    }
}

/// One rule of "3+X", to say which rules a branch falls short of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum RuleKind {
    Committee,
    Teams,
    Quarter { quarter: u32 },
}

/// A committee seat and the points its holder led in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SeatCompliance {
    pub role: CommitteeRole,
    /// The holder for the year; `None` for a vacant seat, which cannot be met.
    pub member_id: Option<String>,
    /// Members who held the seat earlier in the year, up to the judging day: their points
    /// count for no seat (see the header).
    pub earlier_holders: Vec<String>,
    pub points: u32,
    pub point_ids: Vec<String>,
    pub state: ComplianceState,
}

/// A team of the year and the points it led.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamCompliance {
    pub team_id: String,
    pub name: String,
    /// Members still active and capable.
    pub active_size: u32,
    /// `active_size` is outside 5–8: the team still counts, the committee sees why it is flagged.
    pub size_flagged: bool,
    pub points: u32,
    pub point_ids: Vec<String>,
    pub state: ComplianceState,
}

/// One quarter and the points created in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuarterCompliance {
    /// 1–4.
    pub quarter: u32,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    pub points: u32,
    pub point_ids: Vec<String>,
    pub state: ComplianceState,
}

/// What a branch still lacks in periods that have begun (rules `NotYet` or `Missed`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Missing {
    /// Seats without a point (vacant ones included).
    pub roles: Vec<CommitteeRole>,
    /// Holders of those seats.
    pub member_ids: Vec<String>,
    pub team_ids: Vec<String>,
    /// Teams the capable members need that are not formed yet.
    pub teams_to_form: u32,
    pub quarters: Vec<u32>,
}

/// A branch's "3+X" board for a year, at `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BranchCompliance {
    pub branch_id: String,
    pub year: i32,
    /// 3 + max(teams formed, teams needed).
    pub required: u32,
    /// Points created in the year, whoever led them.
    pub created: u32,
    /// Seats and teams with at least one point: the part of `required` done.
    pub fulfilled: u32,
    pub committee: Vec<SeatCompliance>,
    pub committee_state: ComplianceState,
    /// Active capable members (n).
    pub capable: u32,
    /// Teams those members need (`teams_needed(n)`, T).
    pub teams_needed: u32,
    /// Teams formed for the year.
    pub teams_formed: u32,
    /// Teams still to form: T minus the teams formed, or 0.
    pub teams_to_form: u32,
    /// The formed teams of the year.
    pub teams: Vec<TeamCompliance>,
    /// `Met` when no team is still to form and every formed team has a point (so also when
    /// fewer than 5 capable members need no team).
    pub team_state: ComplianceState,
    /// Why there is no team requirement, or why it is not met by the teams there are.
    pub team_note: Option<TeamNote>,
    /// Capable members in no team of the year.
    pub left_out: Vec<String>,
    /// Q1–Q4, in order.
    pub quarters: Vec<QuarterCompliance>,
    pub missing: Missing,
    /// `Met` when every rule is; `Missed` when any is; `NotStarted` before the year; else
    /// `NotYet` with the days left to the nearest deadline of a rule not yet met.
    pub state: ComplianceState,
}

impl BranchCompliance {
    /// The quarter `quarter` (1–4).
    pub fn quarter(&self, quarter: u32) -> Option<&QuarterCompliance> {
        self.quarters.iter().find(|q| q.quarter == quarter)
    }

    /// Each rule that is not met although its period has begun, with its state.
    pub fn shortfalls(&self) -> Vec<RuleShortfall> {
        let mut rules = vec![
            (RuleKind::Committee, self.committee_state),
            (RuleKind::Teams, self.team_state),
        ];
        rules.extend(
            self.quarters
                .iter()
                .map(|q| (RuleKind::Quarter { quarter: q.quarter }, q.state)),
        );
        rules
            .into_iter()
            .filter(|(_, state)| state.is_short())
            .map(|(rule, state)| RuleShortfall { rule, state })
            .collect()
    }
}

/// What the engine needs to know about a branch for a year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BranchRecord {
    pub branch_id: String,
    /// The seat holders for the year (see `seat_holders`); a role left out is vacant.
    pub seats: Vec<SeatAssignment>,
    /// Who held a seat earlier in the year (see `earlier_holders`).
    pub earlier_holders: Vec<SeatAssignment>,
    /// Ids of the branch's active capable members.
    pub capable: Vec<String>,
    /// Teams; only those of this branch and the year count.
    pub teams: Vec<Team>,
}

/// A stretch of time one member held one seat: from `from` up to the day before `until`
/// (`None`: still holding it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SeatTerm {
    pub role: CommitteeRole,
    pub member_id: String,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// The seat holders that count for `year`: those holding each seat on the year's last day, or
/// on `today` if that is earlier (a running year, or a year not begun, uses today's holders).
pub fn seat_holders(terms: &[SeatTerm], year: i32, today: NaiveDate) -> Vec<SeatAssignment> {
    let on = year_end(year).map_or(today, |end| end.min(today));
    CommitteeRole::ALL
        .into_iter()
        .filter_map(|role| {
            terms
                .iter()
                .filter(|t| t.role == role && t.from <= on && t.until.is_none_or(|u| on < u))
                .max_by_key(|t| t.from)
                .map(|t| SeatAssignment {
                    role,
                    member_id: t.member_id.clone(),
                })
        })
        .collect()
}

/// Those who held a seat during `year` up to the judging day (the year's last day, or `today`
/// if earlier) other than the holder who counts (`seat_holders`), in the order they took it.
pub fn earlier_holders(terms: &[SeatTerm], year: i32, today: NaiveDate) -> Vec<SeatAssignment> {
    let (Some(start), Some(end)) = (NaiveDate::from_ymd_opt(year, 1, 1), year_end(year)) else {
        return Vec::new();
    };
    let on = end.min(today);
    let counted = seat_holders(terms, year, today);
    let mut earlier: Vec<&SeatTerm> = terms
        .iter()
        .filter(|t| t.from <= on && t.until.is_none_or(|u| u > start))
        .filter(|t| {
            !counted
                .iter()
                .any(|c| c.role == t.role && c.member_id == t.member_id)
        })
        .collect();
    earlier.sort_by_key(|t| (CommitteeRole::ALL.iter().position(|r| *r == t.role), t.from));
    let mut out: Vec<SeatAssignment> = Vec::new();
    for term in earlier {
        let seen = out
            .iter()
            .any(|a| a.role == term.role && a.member_id == term.member_id);
        if !seen {
            out.push(SeatAssignment {
                role: term.role,
                member_id: term.member_id.clone(),
            });
        }
    }
    out
}

/// First and last day of quarter 1–4 of `year`.
pub fn quarter_dates(year: i32, quarter: u32) -> Option<(NaiveDate, NaiveDate)> {
    if !(1..=4).contains(&quarter) {
        return None;
    }
    let start = NaiveDate::from_ymd_opt(year, quarter * 3 - 2, 1)?;
    let end = if quarter == 4 {
        NaiveDate::from_ymd_opt(year, 12, 31)?
    } else {
        NaiveDate::from_ymd_opt(year, quarter * 3 + 1, 1)?.pred_opt()?
    };
    Some((start, end))
}

/// The quarter (1–4) a date falls in.
pub fn quarter_of(date: NaiveDate) -> u32 {
    (date.month() - 1) / 3 + 1
}

fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

/// The state of a rule with `points` over the period `start..=end` at `today`.
pub fn period_state(
    points: u32,
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> ComplianceState {
    if today < start {
        ComplianceState::NotStarted
    } else if points > 0 {
        ComplianceState::Met
    } else if today <= end {
        ComplianceState::NotYet {
            days_left: days_left(end, today),
        }
    } else {
        ComplianceState::Missed
    }
}

fn days_left(end: NaiveDate, today: NaiveDate) -> u32 {
    u32::try_from((end - today).num_days() + 1).unwrap_or(0)
}

/// Rolls several states of one rule into one: met when all are, missed when any is, else the
/// nearest "not yet", else not started.
fn combine(states: impl IntoIterator<Item = ComplianceState>) -> ComplianceState {
    let mut result = ComplianceState::Met;
    for state in states {
        result = match (result, state) {
            (ComplianceState::Missed, _) | (_, ComplianceState::Missed) => ComplianceState::Missed,
            (
                ComplianceState::NotYet { days_left: a },
                ComplianceState::NotYet { days_left: b },
            ) => ComplianceState::NotYet {
                days_left: a.min(b),
            },
            (s @ ComplianceState::NotYet { .. }, _) | (_, s @ ComplianceState::NotYet { .. }) => s,
            (ComplianceState::NotStarted, _) | (_, ComplianceState::NotStarted) => {
                ComplianceState::NotStarted
            }
            (ComplianceState::Met, ComplianceState::Met) => ComplianceState::Met,
        };
    }
    result
}

/// Compliance of every branch in `branches` for `year` at `today`, in the order given. Points
/// are grouped by branch once, so a whole city (1,296 branches, thousands of points) is linear.
pub fn compliance(
    branches: &[BranchRecord],
    points: &[DemoPoint],
    year: i32,
    today: NaiveDate,
) -> Vec<BranchCompliance> {
    let mut by_branch: HashMap<&str, Vec<&DemoPoint>> = HashMap::new();
    for point in points
        .iter()
        .filter(|p| p.created_on.year() == year && p.created_on <= today)
    {
        by_branch
            .entry(point.branch_id.as_str())
            .or_default()
            .push(point);
    }
    branches
        .iter()
        .map(|branch| {
            let own = by_branch
                .get(branch.branch_id.as_str())
                .map_or(&[][..], Vec::as_slice);
            branch_compliance(branch, own.iter().copied(), year, today)
        })
        .collect()
}

/// One branch's compliance for `year` at `today`. `points` may hold any points: those of other
/// branches or years, and those created after `today`, are skipped.
pub fn branch_compliance<'a>(
    branch: &BranchRecord,
    points: impl IntoIterator<Item = &'a DemoPoint>,
    year: i32,
    today: NaiveDate,
) -> BranchCompliance {
    let mut points: Vec<&DemoPoint> = points
        .into_iter()
        .filter(|p| {
            p.branch_id == branch.branch_id && p.created_on.year() == year && p.created_on <= today
        })
        .collect();
    points.sort_by(|a, b| (a.created_on, &a.id).cmp(&(b.created_on, &b.id)));

    let year_start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    let year_last = year_end(year).unwrap_or(NaiveDate::MAX);

    let mut seat_points: Vec<(CommitteeRole, Option<&str>, Vec<String>)> = CommitteeRole::ALL
        .into_iter()
        .map(|role| {
            let holder = branch.seats.iter().find(|s| s.role == role);
            (role, holder.map(|s| s.member_id.as_str()), Vec::new())
        })
        .collect();
    let mut teams: Vec<&Team> = branch
        .teams
        .iter()
        .filter(|t| t.branch_id == branch.branch_id && t.year == year)
        .collect();
    teams.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    let team_index: HashMap<&str, usize> = teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut team_points: Vec<Vec<String>> = vec![Vec::new(); teams.len()];
    let mut quarter_points: [Vec<String>; 4] = Default::default();

    for point in &points {
        match &point.leader {
            PointLeader::Committee { member_id } => {
                if let Some(seat) = seat_points
                    .iter_mut()
                    .find(|(_, holder, _)| *holder == Some(member_id.as_str()))
                {
                    seat.2.push(point.id.clone());
                }
            }
            PointLeader::Team { team_id } => {
                if let Some(&i) = team_index.get(team_id.as_str()) {
                    team_points[i].push(point.id.clone());
                }
            }
        }
        quarter_points[quarter_of(point.created_on) as usize - 1].push(point.id.clone());
    }

    let year_state = |n: usize| period_state(n as u32, year_start, year_last, today);
    let committee: Vec<SeatCompliance> = seat_points
        .into_iter()
        .map(|(role, holder, point_ids)| SeatCompliance {
            role,
            member_id: holder.map(str::to_owned),
            earlier_holders: branch
                .earlier_holders
                .iter()
                .filter(|e| e.role == role && Some(e.member_id.as_str()) != holder)
                .map(|e| e.member_id.clone())
                .collect(),
            points: point_ids.len() as u32,
            state: year_state(point_ids.len()),
            point_ids,
        })
        .collect();
    let active: HashSet<&str> = branch.capable.iter().map(String::as_str).collect();
    let team_rows: Vec<TeamCompliance> = teams
        .iter()
        .zip(team_points)
        .map(|(team, point_ids)| {
            let active_size = team
                .member_ids
                .iter()
                .filter(|id| active.contains(id.as_str()))
                .count();
            TeamCompliance {
                team_id: team.id.clone(),
                name: team.name.clone(),
                active_size: active_size as u32,
                size_flagged: !team_size_ok(active_size),
                points: point_ids.len() as u32,
                state: year_state(point_ids.len()),
                point_ids,
            }
        })
        .collect();
    let quarters: Vec<QuarterCompliance> = (1..=4)
        .zip(quarter_points)
        .map(|(quarter, point_ids)| {
            let (starts, ends) = quarter_dates(year, quarter).unwrap_or((year_start, year_last));
            QuarterCompliance {
                quarter,
                starts,
                ends,
                points: point_ids.len() as u32,
                state: period_state(point_ids.len() as u32, starts, ends, today),
                point_ids,
            }
        })
        .collect();

    let in_team: HashSet<&str> = teams
        .iter()
        .flat_map(|t| t.member_ids.iter().map(String::as_str))
        .collect();
    let left_out: Vec<String> = branch
        .capable
        .iter()
        .filter(|id| !in_team.contains(id.as_str()))
        .cloned()
        .collect();
    let capable = branch.capable.len();
    let needed = teams_needed(capable);
    let formed = team_rows.len();
    let to_form = needed.saturating_sub(formed);
    let team_note = if capable < MIN_TEAM_SIZE && formed == 0 {
        Some(TeamNote::FewerThanFive {
            capable: capable as u32,
        })
    } else if formed == 0 {
        Some(TeamNote::NoTeams {
            capable: capable as u32,
        })
    } else if to_form > 0 {
        Some(TeamNote::TooFewTeams {
            capable: capable as u32,
            needed: needed as u32,
            formed: formed as u32,
        })
    } else {
        None
    };
    // A team still to form is judged like a formed team without a point.
    let unformed_state = (to_form > 0).then(|| year_state(0));

    let committee_state = combine(committee.iter().map(|s| s.state));
    let team_state = combine(team_rows.iter().map(|t| t.state).chain(unformed_state));
    let mut missing = Missing::default();
    for seat in committee.iter().filter(|s| s.state.is_short()) {
        missing.roles.push(seat.role);
        missing.member_ids.extend(seat.member_id.clone());
    }
    missing.team_ids = team_rows
        .iter()
        .filter(|t| t.state.is_short())
        .map(|t| t.team_id.clone())
        .collect();
    if unformed_state.is_some_and(ComplianceState::is_short) {
        missing.teams_to_form = to_form as u32;
    }
    missing.quarters = quarters
        .iter()
        .filter(|q| q.state.is_short())
        .map(|q| q.quarter)
        .collect();

    let deadlines = committee
        .iter()
        .map(|s| (s.state, year_last))
        .chain(team_rows.iter().map(|t| (t.state, year_last)))
        .chain(unformed_state.map(|state| (state, year_last)))
        .chain(quarters.iter().map(|q| (q.state, q.ends)));
    let state = overall_state(deadlines, year_start, today);

    let fulfilled = committee.iter().filter(|s| s.state.is_met()).count()
        + team_rows.iter().filter(|t| t.state.is_met()).count();
    BranchCompliance {
        branch_id: branch.branch_id.clone(),
        year,
        required: (CommitteeRole::ALL.len() + formed.max(needed)) as u32,
        created: points.len() as u32,
        fulfilled: fulfilled as u32,
        committee,
        committee_state,
        capable: capable as u32,
        teams_needed: needed as u32,
        teams_formed: formed as u32,
        teams_to_form: to_form as u32,
        teams: team_rows,
        team_state,
        team_note,
        left_out,
        quarters,
        missing,
        state,
    }
}

fn overall_state(
    rules: impl Iterator<Item = (ComplianceState, NaiveDate)>,
    year_start: NaiveDate,
    today: NaiveDate,
) -> ComplianceState {
    let mut nearest: Option<NaiveDate> = None;
    for (state, ends) in rules {
        match state {
            ComplianceState::Met => {}
            ComplianceState::Missed => return ComplianceState::Missed,
            ComplianceState::NotYet { .. } | ComplianceState::NotStarted => {
                nearest = Some(nearest.map_or(ends, |n| n.min(ends)));
            }
        }
    }
    match nearest {
        None => ComplianceState::Met,
        Some(_) if today < year_start => ComplianceState::NotStarted,
        Some(ends) => ComplianceState::NotYet {
            days_left: days_left(ends, today),
        },
    }
}

/// A rule a branch falls short of, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RuleShortfall {
    pub rule: RuleKind,
    pub state: ComplianceState,
}

/// A branch with rules not met in periods that have begun.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Shortfall {
    pub branch_id: String,
    pub rules: Vec<RuleShortfall>,
}

/// How a set of branches (a community, a town, the city) stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplianceRollup {
    pub branches: u32,
    /// Branches whose three seats all have a point.
    pub meeting_committee_rule: u32,
    /// Branches whose teams all have a point (branches without teams included).
    pub meeting_team_rule: u32,
    /// Branches with 5 or more capable members and no team formed for the year.
    pub without_teams: u32,
    /// Branches meeting the rule of Q1, Q2, Q3, Q4.
    pub meeting_quarter_rule: Vec<u32>,
    /// Branches meeting every rule.
    pub fully_compliant: u32,
    pub required: u32,
    pub created: u32,
    pub fulfilled: u32,
    /// Branches with a rule `NotYet` or `Missed`, in the order given.
    pub falling_short: Vec<Shortfall>,
}

/// Rolls up the compliance of any set of branches: pass a community's or a town's.
pub fn rollup<'a>(branches: impl IntoIterator<Item = &'a BranchCompliance>) -> ComplianceRollup {
    let mut sum = ComplianceRollup {
        branches: 0,
        meeting_committee_rule: 0,
        meeting_team_rule: 0,
        without_teams: 0,
        meeting_quarter_rule: vec![0; 4],
        fully_compliant: 0,
        required: 0,
        created: 0,
        fulfilled: 0,
        falling_short: Vec::new(),
    };
    for branch in branches {
        sum.branches += 1;
        sum.meeting_committee_rule += u32::from(branch.committee_state.is_met());
        sum.meeting_team_rule += u32::from(branch.team_state.is_met());
        sum.without_teams += u32::from(matches!(branch.team_note, Some(TeamNote::NoTeams { .. })));
        for (count, quarter) in sum.meeting_quarter_rule.iter_mut().zip(&branch.quarters) {
            *count += u32::from(quarter.state.is_met());
        }
        sum.fully_compliant += u32::from(branch.state.is_met());
        sum.required += branch.required;
        sum.created += branch.created;
        sum.fulfilled += branch.fulfilled;
        let rules = branch.shortfalls();
        if !rules.is_empty() {
            sum.falling_short.push(Shortfall {
                branch_id: branch.branch_id.clone(),
                rules,
            });
        }
    }
    sum
}

/// One branch's quarterly rule for one quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BranchQuarter {
    pub branch_id: String,
    pub year: i32,
    pub compliance: QuarterCompliance,
}

/// How a set of branches stands on one quarter's rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuarterRollup {
    pub quarter: u32,
    pub branches: u32,
    pub meeting: u32,
    /// Points created in the quarter by these branches.
    pub created: u32,
    /// Branches without a point in a quarter that has begun.
    pub falling_short: Vec<String>,
}

/// The compliance for one quarter (1–4): each branch's quarterly rule, in the order given.
pub fn for_quarter<'a>(
    branches: impl IntoIterator<Item = &'a BranchCompliance>,
    quarter: u32,
) -> Vec<BranchQuarter> {
    branches
        .into_iter()
        .filter_map(|b| {
            b.quarter(quarter).map(|q| BranchQuarter {
                branch_id: b.branch_id.clone(),
                year: b.year,
                compliance: q.clone(),
            })
        })
        .collect()
}

/// Rolls up one quarter's rule over any set of branches.
pub fn quarter_rollup<'a>(
    branches: impl IntoIterator<Item = &'a BranchCompliance>,
    quarter: u32,
) -> QuarterRollup {
    let rows = for_quarter(branches, quarter);
    QuarterRollup {
        quarter,
        branches: rows.len() as u32,
        meeting: rows.iter().filter(|r| r.compliance.state.is_met()).count() as u32,
        created: rows.iter().map(|r| r.compliance.points).sum(),
        falling_short: rows
            .iter()
            .filter(|r| r.compliance.state.is_short())
            .map(|r| r.branch_id.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_point::{PointCategory, PointStatus};

    const YEAR: i32 = 2025;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn point(id: &str, created_on: NaiveDate, leader: PointLeader) -> DemoPoint {
        DemoPoint {
            id: id.into(),
            branch_id: "b1".into(),
            name: format!("示范点{id}"),
            category: PointCategory::Planting,
            location: String::new(),
            created_on,
            leader,
            member_ids: Vec::new(),
            description: String::new(),
            status: PointStatus::Active,
        }
    }

    fn by_member(id: &str, created_on: NaiveDate, member: &str) -> DemoPoint {
        point(
            id,
            created_on,
            PointLeader::Committee {
                member_id: member.into(),
            },
        )
    }

    fn by_team(id: &str, created_on: NaiveDate, team: &str) -> DemoPoint {
        point(
            id,
            created_on,
            PointLeader::Team {
                team_id: team.into(),
            },
        )
    }

    fn seats() -> Vec<SeatAssignment> {
        CommitteeRole::ALL
            .into_iter()
            .zip(["sec", "org", "pub"])
            .map(|(role, id)| SeatAssignment {
                role,
                member_id: id.into(),
            })
            .collect()
    }

    fn capable(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("c{i:02}")).collect()
    }

    fn team(id: &str, members: std::ops::Range<usize>) -> Team {
        Team {
            id: id.into(),
            branch_id: "b1".into(),
            year: YEAR,
            name: format!("组{id}"),
            member_ids: members.map(|i| format!("c{i:02}")).collect(),
        }
    }

    /// A branch of 13 capable members in two teams (7 + 6).
    fn branch() -> BranchRecord {
        BranchRecord {
            branch_id: "b1".into(),
            seats: seats(),
            capable: capable(13),
            teams: vec![team("t1", 0..7), team("t2", 7..13)],
            ..Default::default()
        }
    }

    fn run(branch: &BranchRecord, points: &[DemoPoint], today: NaiveDate) -> BranchCompliance {
        branch_compliance(branch, points, YEAR, today)
    }

    /// One point per quarter, one per seat and team: everything met.
    fn full_year() -> Vec<DemoPoint> {
        vec![
            by_member("p1", date(YEAR, 2, 10), "sec"),
            by_member("p2", date(YEAR, 5, 10), "org"),
            by_member("p3", date(YEAR, 8, 10), "pub"),
            by_team("p4", date(YEAR, 11, 10), "t1"),
            by_team("p5", date(YEAR, 11, 20), "t2"),
        ]
    }

    #[test]
    fn a_full_year_meets_every_rule() {
        let c = run(&branch(), &full_year(), date(YEAR + 1, 1, 5));
        assert_eq!(c.required, 5, "3 seats + 2 teams");
        assert_eq!(c.created, 5);
        assert_eq!(c.fulfilled, 5);
        assert_eq!(c.state, ComplianceState::Met);
        assert!(c
            .committee
            .iter()
            .all(|s| s.points == 1 && s.state.is_met()));
        assert_eq!(c.committee[0].point_ids, ["p1"]);
        assert_eq!(c.teams[1].point_ids, ["p5"]);
        assert_eq!(
            c.quarters.iter().map(|q| q.points).collect::<Vec<_>>(),
            [1, 1, 1, 2]
        );
        assert_eq!(c.missing, Missing::default());
        assert!(c.left_out.is_empty());
        assert_eq!(c.team_note, None);
        assert!(c.shortfalls().is_empty());
    }

    #[test]
    fn a_branch_with_no_points_mid_year() {
        let today = date(YEAR, 5, 20);
        let c = run(&branch(), &[], today);
        assert_eq!(c.created, 0);
        assert_eq!(c.fulfilled, 0);
        let to_year_end = (date(YEAR, 12, 31) - today).num_days() as u32 + 1;
        assert_eq!(to_year_end, 226);
        for seat in &c.committee {
            assert_eq!(seat.state, ComplianceState::NotYet { days_left: 226 });
        }
        assert_eq!(c.team_state, ComplianceState::NotYet { days_left: 226 });
        let states: Vec<_> = c.quarters.iter().map(|q| q.state).collect();
        assert_eq!(
            states,
            [
                ComplianceState::Missed,
                ComplianceState::NotYet { days_left: 42 },
                ComplianceState::NotStarted,
                ComplianceState::NotStarted
            ],
            "Q1 is over, Q2 ends on 30 June (42 days counting today), Q3 and Q4 wait"
        );
        assert_eq!(c.missing.roles, CommitteeRole::ALL);
        assert_eq!(c.missing.member_ids, ["sec", "org", "pub"]);
        assert_eq!(c.missing.team_ids, ["t1", "t2"]);
        assert_eq!(
            c.missing.quarters,
            [1, 2],
            "future quarters are not missing yet"
        );
        assert_eq!(c.state, ComplianceState::Missed, "Q1 was missed");
    }

    #[test]
    fn days_left_count_today_and_turn_to_missed_the_day_after_a_quarter() {
        let q1 = |today| run(&branch(), &[], today).quarters[0].state;
        assert_eq!(q1(date(YEAR - 1, 12, 31)), ComplianceState::NotStarted);
        assert_eq!(
            q1(date(YEAR, 1, 1)),
            ComplianceState::NotYet { days_left: 90 }
        );
        assert_eq!(
            q1(date(YEAR, 3, 31)),
            ComplianceState::NotYet { days_left: 1 }
        );
        assert_eq!(q1(date(YEAR, 4, 1)), ComplianceState::Missed);
        let leap = BranchRecord {
            teams: Vec::new(),
            ..branch()
        };
        let c = branch_compliance(&leap, &[], 2024, date(2024, 1, 1));
        assert_eq!(
            c.quarters[0].state,
            ComplianceState::NotYet { days_left: 91 },
            "Q1 of a leap year has 91 days"
        );
        let last_day = run(&branch(), &[], date(YEAR, 12, 31));
        assert_eq!(
            last_day.committee[0].state,
            ComplianceState::NotYet { days_left: 1 }
        );
        assert_eq!(
            last_day.quarters[3].state,
            ComplianceState::NotYet { days_left: 1 }
        );
        let over = run(&branch(), &[], date(YEAR + 1, 1, 1));
        assert_eq!(over.committee[0].state, ComplianceState::Missed);
        assert_eq!(over.team_state, ComplianceState::Missed);
    }

    #[test]
    fn a_point_on_the_last_day_of_a_quarter_counts_for_that_quarter_not_the_next() {
        let points = [by_member("p1", date(YEAR, 3, 31), "sec")];
        let c = run(&branch(), &points, date(YEAR, 4, 15));
        assert_eq!(c.quarters[0].points, 1);
        assert_eq!(c.quarters[0].state, ComplianceState::Met);
        assert_eq!(c.quarters[1].points, 0);
        assert_eq!(
            c.quarters[1].state,
            ComplianceState::NotYet { days_left: 77 }
        );
        let next_day = [by_member("p2", date(YEAR, 4, 1), "sec")];
        let c = run(&branch(), &next_day, date(YEAR, 4, 15));
        assert_eq!(c.quarters[0].state, ComplianceState::Missed);
        assert_eq!(c.quarters[1].state, ComplianceState::Met);
        let new_year = [by_member("p3", date(YEAR, 12, 31), "sec")];
        let c = run(&branch(), &new_year, date(YEAR + 1, 1, 1));
        assert_eq!(
            c.quarters[3].state,
            ComplianceState::Met,
            "31 Dec is in Q4 of its year"
        );
    }

    #[test]
    fn a_closed_point_still_counts_for_the_quarter_it_was_created_in() {
        let mut closed = by_member("p1", date(YEAR, 2, 1), "org");
        closed.status = PointStatus::Closed {
            closed_on: date(YEAR, 5, 1),
            reason: "承包到期".into(),
        };
        let c = run(&branch(), &[closed], date(YEAR, 6, 1));
        assert_eq!(c.quarters[0].state, ComplianceState::Met);
        assert_eq!(c.quarters[1].points, 0, "closing is not creating");
        assert_eq!(
            c.committee[1].state,
            ComplianceState::Met,
            "and for its leader's seat"
        );
        assert_eq!(c.created, 1);
    }

    #[test]
    fn a_committee_member_who_changed_mid_year() {
        // "old" was secretary until 1 July, "new" from then on.
        let mut terms = vec![
            SeatTerm {
                role: CommitteeRole::Secretary,
                member_id: "old".into(),
                from: date(2020, 1, 1),
                until: Some(date(YEAR, 7, 1)),
            },
            SeatTerm {
                role: CommitteeRole::Secretary,
                member_id: "new".into(),
                from: date(YEAR, 7, 1),
                until: None,
            },
        ];
        terms.extend(seats().into_iter().skip(1).map(|s| SeatTerm {
            role: s.role,
            member_id: s.member_id,
            from: date(2020, 1, 1),
            until: None,
        }));
        let points = [by_member("p1", date(YEAR, 3, 5), "old")];

        // While "old" holds the seat, their point counts for it.
        let in_may = date(YEAR, 5, 1);
        let holders = seat_holders(&terms, YEAR, in_may);
        assert_eq!(holders[0].member_id, "old");
        let c = run(
            &BranchRecord {
                seats: holders,
                ..branch()
            },
            &points,
            in_may,
        );
        assert_eq!(c.committee[0].state, ComplianceState::Met);

        // After the change, and when the year is over, the seat counts for "new": the former
        // holder's point counts for nobody's seat but still counts as a point.
        for today in [date(YEAR, 7, 1), date(YEAR + 1, 3, 1)] {
            let holders = seat_holders(&terms, YEAR, today);
            assert_eq!(holders[0].member_id, "new", "at {today}");
            let c = run(
                &BranchRecord {
                    seats: holders,
                    ..branch()
                },
                &points,
                today,
            );
            assert_eq!(c.committee[0].member_id.as_deref(), Some("new"));
            assert!(
                c.committee[0].earlier_holders.is_empty(),
                "branch() passes no earlier holders"
            );
            assert_eq!(
                earlier_holders(&terms, YEAR, today),
                [SeatAssignment {
                    role: CommitteeRole::Secretary,
                    member_id: "old".into()
                }]
            );
            assert_eq!(c.committee[0].points, 0);
            assert!(c.committee.iter().all(|s| s.point_ids.is_empty()));
            assert_eq!(c.created, 1, "the point still counts as a point");
            assert_eq!(
                c.quarters[0].state,
                ComplianceState::Met,
                "and for its quarter"
            );
            assert_eq!(c.fulfilled, 0);
        }
        let over = date(YEAR + 1, 3, 1);
        let c = run(
            &BranchRecord {
                seats: seat_holders(&terms, YEAR, over),
                ..branch()
            },
            &points,
            over,
        );
        assert_eq!(c.committee[0].state, ComplianceState::Missed);
        assert_eq!(c.missing.member_ids[0], "new");

        // A later year's holders do not reach back: the year-end holder of 2024 was "old".
        assert_eq!(seat_holders(&terms, 2024, over)[0].member_id, "old");
    }

    #[test]
    fn a_vacant_seat_cannot_be_met() {
        let record = BranchRecord {
            seats: seats().into_iter().take(2).collect(),
            ..branch()
        };
        let c = run(&record, &full_year(), date(YEAR + 1, 1, 5));
        assert_eq!(c.committee[2].member_id, None);
        assert_eq!(c.committee[2].state, ComplianceState::Missed);
        assert_eq!(c.missing.roles, [CommitteeRole::Publicity]);
        assert!(c.missing.member_ids.is_empty());
        assert_eq!(c.committee_state, ComplianceState::Missed);
    }

    #[test]
    fn four_capable_members_have_no_team_requirement_and_the_result_says_so() {
        let record = BranchRecord {
            capable: capable(4),
            teams: Vec::new(),
            ..branch()
        };
        let c = run(&record, &full_year()[..3], date(YEAR + 1, 1, 5));
        assert_eq!(c.required, 3);
        assert_eq!(c.team_note, Some(TeamNote::FewerThanFive { capable: 4 }));
        assert_eq!(
            c.team_state,
            ComplianceState::Met,
            "nothing is asked of no team"
        );
        assert!(c.teams.is_empty());
        assert_eq!(c.left_out.len(), 4, "they are in no team, and are listed");
        assert_eq!(c.committee_state, ComplianceState::Met);

        let five = BranchRecord {
            capable: capable(5),
            ..record
        };
        let c = run(&five, &[], date(YEAR, 3, 1));
        assert_eq!(
            c.team_note,
            Some(TeamNote::NoTeams { capable: 5 }),
            "five capable members could form a team: say none is formed"
        );
        assert_eq!((c.required, c.teams_needed, c.teams_to_form), (4, 1, 1));
        assert_eq!(c.team_state, ComplianceState::NotYet { days_left: 306 });
        assert_eq!(c.missing.teams_to_form, 1);
    }

    #[test]
    fn each_team_needs_its_own_point_and_members_in_no_team_are_listed() {
        let mut record = branch();
        record.capable = capable(15);
        let points = [
            by_team("p1", date(YEAR, 4, 1), "t1"),
            by_team("p2", date(YEAR, 4, 2), "t1"),
            by_team("p3", date(YEAR - 1, 6, 1), "t2"),
            by_team("p4", date(YEAR, 6, 1), "ghost"),
        ];
        let c = run(&record, &points, date(YEAR, 10, 1));
        assert_eq!(c.teams[0].points, 2);
        assert_eq!(c.teams[1].points, 0, "last year's point does not count");
        assert_eq!(c.teams[1].state, ComplianceState::NotYet { days_left: 92 });
        assert_eq!(c.missing.team_ids, ["t2"]);
        assert_eq!(c.created, 3, "the unknown team's point is still a point");
        assert_eq!(c.left_out, ["c13", "c14"]);

        let other_year = Team {
            year: YEAR - 1,
            ..team("t3", 13..15)
        };
        record.teams.push(other_year);
        assert_eq!(
            run(&record, &points, date(YEAR, 10, 1)).required,
            5,
            "t3 is of last year"
        );
    }

    #[test]
    fn a_future_year_has_not_started() {
        let c = run(&branch(), &[], date(YEAR - 1, 6, 1));
        assert_eq!(c.state, ComplianceState::NotStarted);
        assert_eq!(c.committee_state, ComplianceState::NotStarted);
        assert!(c
            .quarters
            .iter()
            .all(|q| q.state == ComplianceState::NotStarted));
        assert_eq!(c.missing, Missing::default());
    }

    #[test]
    fn overall_not_yet_points_at_the_nearest_deadline() {
        // Q1 and every seat and team met by mid-March; Q2–Q4 have not begun.
        let points: Vec<DemoPoint> = full_year()
            .into_iter()
            .enumerate()
            .map(|(i, p)| DemoPoint {
                created_on: date(YEAR, 3, 1 + i as u32),
                ..p
            })
            .collect();
        let c = run(&branch(), &points, date(YEAR, 3, 20));
        assert_eq!(c.fulfilled, 5);
        assert_eq!(
            c.state,
            ComplianceState::NotYet { days_left: 103 },
            "Q2 ends on 30 June: 103 days from 20 March counting today"
        );
        assert!(c.shortfalls().is_empty(), "nothing is short yet");
    }

    fn other(id: &str, points: &[DemoPoint]) -> (BranchRecord, Vec<DemoPoint>) {
        let mut record = BranchRecord {
            branch_id: id.into(),
            ..branch()
        };
        for team in &mut record.teams {
            team.branch_id = id.into();
        }
        let points = points
            .iter()
            .map(|p| DemoPoint {
                branch_id: id.into(),
                id: format!("{id}-{}", p.id),
                ..p.clone()
            })
            .collect();
        (record, points)
    }

    #[test]
    fn roll_up_counts_branches_per_rule_and_lists_who_falls_short() {
        let full = full_year();
        let (a, pa) = other("a", &full);
        let (b, pb) = other("b", &full[..3]); // seats met, teams not; Q4 empty
        let (c, pc) = other("c", &[]);
        let d = BranchRecord {
            branch_id: "d".into(),
            capable: capable(9),
            teams: Vec::new(),
            ..branch()
        };
        let all_points: Vec<DemoPoint> = [pa, pb, pc].concat();
        let today = date(YEAR + 1, 1, 10);
        let results = compliance(&[a, b, c, d], &all_points, YEAR, today);
        assert_eq!(
            results
                .iter()
                .map(|r| r.branch_id.as_str())
                .collect::<Vec<_>>(),
            ["a", "b", "c", "d"],
            "in the order given"
        );
        let sum = rollup(&results);
        assert_eq!(sum.branches, 4);
        assert_eq!(sum.meeting_committee_rule, 2, "a and b");
        assert_eq!(
            sum.meeting_team_rule, 1,
            "a only: d's 9 capable members need a team it has not formed"
        );
        assert_eq!(sum.without_teams, 1, "d has 9 capable members and no team");
        assert_eq!(sum.meeting_quarter_rule, [2, 2, 2, 1]);
        assert_eq!(sum.fully_compliant, 1);
        assert_eq!(sum.required, 5 + 5 + 5 + 4, "d: 3 seats + 1 team to form");
        assert_eq!(sum.created, 8);
        let short: Vec<&str> = sum
            .falling_short
            .iter()
            .map(|s| s.branch_id.as_str())
            .collect();
        assert_eq!(short, ["b", "c", "d"]);
        let rules_of_b: Vec<RuleKind> = sum.falling_short[0].rules.iter().map(|r| r.rule).collect();
        assert_eq!(
            rules_of_b,
            [RuleKind::Teams, RuleKind::Quarter { quarter: 4 }]
        );
        assert!(sum.falling_short[0]
            .rules
            .iter()
            .all(|r| r.state == ComplianceState::Missed));

        // A community's roll-up is the same function over its branches.
        let community = rollup(
            results
                .iter()
                .filter(|r| r.branch_id == "a" || r.branch_id == "c"),
        );
        assert_eq!(community.branches, 2);
        assert_eq!(community.fully_compliant, 1);

        let q4 = quarter_rollup(&results, 4);
        assert_eq!(q4.meeting, 1);
        assert_eq!(q4.created, 2);
        assert_eq!(q4.falling_short, ["b", "c", "d"]);
        let rows = for_quarter(&results, 2);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].compliance.point_ids, ["a-p2"]);
        assert!(
            for_quarter(&results, 5).is_empty(),
            "there is no fifth quarter"
        );
    }

    #[test]
    fn points_of_other_branches_and_years_are_not_counted() {
        let mut stray = by_member("x", date(YEAR, 2, 1), "sec");
        stray.branch_id = "b2".into();
        let old = by_member("y", date(YEAR - 1, 2, 1), "sec");
        let c = run(&branch(), &[stray, old], date(YEAR, 2, 10));
        assert_eq!(c.created, 0);
        assert_eq!(c.committee[0].points, 0);
    }

    #[test]
    fn quarters_and_their_dates() {
        assert_eq!(
            quarter_dates(YEAR, 1),
            Some((date(YEAR, 1, 1), date(YEAR, 3, 31)))
        );
        assert_eq!(
            quarter_dates(YEAR, 2),
            Some((date(YEAR, 4, 1), date(YEAR, 6, 30)))
        );
        assert_eq!(
            quarter_dates(YEAR, 4),
            Some((date(YEAR, 10, 1), date(YEAR, 12, 31)))
        );
        assert_eq!(quarter_dates(YEAR, 0), None);
        assert_eq!(quarter_of(date(YEAR, 3, 31)), 1);
        assert_eq!(quarter_of(date(YEAR, 4, 1)), 2);
        assert_eq!(quarter_of(date(YEAR, 12, 31)), 4);
    }

    #[test]
    fn a_whole_city_adds_up() {
        let branches: Vec<BranchRecord> = (0..1296)
            .map(|i| BranchRecord {
                branch_id: format!("b{i}"),
                earlier_holders: Vec::new(),
                seats: seats(),
                capable: capable(13),
                teams: vec![
                    Team {
                        branch_id: format!("b{i}"),
                        ..team("t1", 0..7)
                    },
                    Team {
                        branch_id: format!("b{i}"),
                        ..team("t2", 7..13)
                    },
                ],
            })
            .collect();
        let points: Vec<DemoPoint> = (0..6500)
            .map(|i| {
                let mut p = by_member(
                    &format!("p{i}"),
                    date(YEAR, 1 + (i % 12) as u32, 1 + (i % 28) as u32),
                    ["sec", "org", "pub"][i % 3],
                );
                p.branch_id = format!("b{}", (i * 7) % 1296);
                p
            })
            .collect();
        // Speed is measured by the benchmark, not asserted here; this checks the city adds up.
        let results = compliance(&branches, &points, YEAR, date(YEAR, 12, 31));
        let sum = rollup(&results);
        assert_eq!(sum.branches, 1296);
        assert_eq!(sum.created, 6500);
    }

    /// The branch of `branch()` with `n` capable members and the teams given.
    fn with_capable(n: usize, teams: Vec<Team>) -> BranchRecord {
        BranchRecord {
            capable: capable(n),
            teams,
            ..branch()
        }
    }

    #[test]
    fn a_team_still_to_form_counts_like_a_team_without_a_point() {
        // 13 capable members need 2 teams; one is formed and has its point.
        let record = with_capable(13, vec![team("t1", 0..7)]);
        let points = [
            by_member("p1", date(YEAR, 2, 10), "sec"),
            by_member("p2", date(YEAR, 5, 10), "org"),
            by_member("p3", date(YEAR, 8, 10), "pub"),
            by_team("p4", date(YEAR, 11, 10), "t1"),
        ];
        let c = run(&record, &points, date(YEAR, 12, 31));
        assert_eq!(
            (c.capable, c.teams_needed, c.teams_formed, c.teams_to_form),
            (13, 2, 1, 1)
        );
        assert_eq!(c.required, 5, "3 + max(1 formed, 2 needed)");
        assert_eq!(c.fulfilled, 4);
        assert_eq!(
            c.team_note,
            Some(TeamNote::TooFewTeams {
                capable: 13,
                needed: 2,
                formed: 1
            })
        );
        assert_eq!(c.team_state, ComplianceState::NotYet { days_left: 1 });
        assert_eq!(c.missing.teams_to_form, 1);
        assert!(
            c.missing.team_ids.is_empty(),
            "the formed team has its point"
        );
        assert_eq!(c.state, ComplianceState::NotYet { days_left: 1 });

        let after = run(&record, &points, date(YEAR + 1, 1, 1));
        assert_eq!(after.team_state, ComplianceState::Missed);
        assert_eq!(after.state, ComplianceState::Missed);
        assert_eq!(after.shortfalls()[0].rule, RuleKind::Teams);

        // Nine capable members need one team only: one team of 8 with a point meets "X".
        let nine = with_capable(9, vec![team("t1", 0..8)]);
        let c = run(&nine, &points, date(YEAR + 1, 1, 1));
        assert_eq!((c.teams_needed, c.required), (1, 4));
        assert_eq!(c.team_state, ComplianceState::Met);
        assert_eq!(c.team_note, None);
        assert_eq!(c.left_out, ["c08"]);
    }

    #[test]
    fn more_teams_than_needed_all_count_and_raise_the_requirement() {
        // 16 capable members need 2 teams; 3 teams of 5 are formed, and each must have a point.
        let record = with_capable(
            16,
            vec![team("t1", 0..5), team("t2", 5..10), team("t3", 10..15)],
        );
        let mut points = full_year();
        let c = run(&record, &points, date(YEAR + 1, 1, 1));
        assert_eq!((c.teams_needed, c.teams_formed, c.teams_to_form), (2, 3, 0));
        assert_eq!(c.required, 6);
        assert_eq!(c.team_state, ComplianceState::Missed, "t3 has no point");
        assert_eq!(c.missing.team_ids, ["t3"]);
        points.push(by_team("p6", date(YEAR, 12, 1), "t3"));
        let c = run(&record, &points, date(YEAR + 1, 1, 1));
        assert_eq!((c.fulfilled, c.state), (6, ComplianceState::Met));
    }

    #[test]
    fn a_team_whose_active_members_fall_outside_five_to_eight_is_flagged_and_still_counts() {
        // Two of t2's six members were archived or are no longer capable: 4 remain.
        let mut record = branch();
        record.capable.retain(|id| id != "c11" && id != "c12");
        let c = run(&record, &full_year(), date(YEAR + 1, 1, 5));
        assert_eq!(
            c.teams
                .iter()
                .map(|t| (t.active_size, t.size_flagged))
                .collect::<Vec<_>>(),
            [(7, false), (4, true)]
        );
        assert_eq!(c.teams_needed, 2, "11 capable members still need 2 teams");
        assert_eq!(
            c.team_state,
            ComplianceState::Met,
            "a flagged team still counts"
        );
        assert_eq!(c.required, 5);
    }

    #[test]
    fn only_points_created_by_the_day_asked_count() {
        let points = full_year();
        // On 9 Nov the team points of 10 and 20 Nov do not exist yet.
        let c = run(&branch(), &points, date(YEAR, 11, 9));
        assert_eq!(c.created, 3);
        assert_eq!(c.teams[0].state, ComplianceState::NotYet { days_left: 53 });
        assert_eq!(
            c.quarters[3].state,
            ComplianceState::NotYet { days_left: 53 }
        );
        assert_eq!(c.fulfilled, 3);
        // The day the point is created, it counts.
        let c = run(&branch(), &points, date(YEAR, 11, 10));
        assert_eq!(c.teams[0].state, ComplianceState::Met);
        assert_eq!(c.quarters[3].state, ComplianceState::Met);
        // The roll-up over many branches judges the same way.
        let many = compliance(&[branch()], &points, YEAR, date(YEAR, 11, 9));
        assert_eq!(many[0], run(&branch(), &points, date(YEAR, 11, 9)));
    }

    #[test]
    fn a_period_that_has_not_begun_is_never_met() {
        let (start, end) = (date(YEAR, 4, 1), date(YEAR, 6, 30));
        assert_eq!(
            period_state(3, start, end, date(YEAR, 3, 31)),
            ComplianceState::NotStarted
        );
        assert_eq!(period_state(3, start, end, start), ComplianceState::Met);
        assert_eq!(
            period_state(0, start, end, end),
            ComplianceState::NotYet { days_left: 1 }
        );
        assert_eq!(
            period_state(0, start, end, date(YEAR, 7, 1)),
            ComplianceState::Missed
        );
        // The whole year judged on the eve of its first day, with points dated in it.
        let c = run(&branch(), &full_year(), date(YEAR - 1, 12, 31));
        assert_eq!(c.state, ComplianceState::NotStarted);
        assert_eq!(c.created, 0);
        assert!(c
            .committee
            .iter()
            .map(|s| s.state)
            .chain(c.quarters.iter().map(|q| q.state))
            .chain([c.team_state])
            .all(|s| s == ComplianceState::NotStarted));
        assert!(c.shortfalls().is_empty());
    }

    #[test]
    fn every_boundary_day_of_the_year_and_its_quarters() {
        // One point in the first and in the last day of each quarter, led by the secretary.
        let mut points = Vec::new();
        for q in 1..=4 {
            let (starts, ends) = quarter_dates(YEAR, q).unwrap();
            points.push(by_member(&format!("s{q}"), starts, "sec"));
            points.push(by_member(&format!("e{q}"), ends, "sec"));
        }
        for q in 1..=4 {
            let (starts, ends) = quarter_dates(YEAR, q).unwrap();
            let before = starts.pred_opt().unwrap();
            let c = run(&branch(), &points, before);
            assert_eq!(
                c.quarters[q as usize - 1].state,
                ComplianceState::NotStarted,
                "Q{q} on {before}"
            );
            let c = run(&branch(), &points, starts);
            assert_eq!(
                c.quarters[q as usize - 1].points,
                1,
                "Q{q} on its first day"
            );
            assert_eq!(c.quarters[q as usize - 1].state, ComplianceState::Met);
            let c = run(&branch(), &points, ends);
            assert_eq!(c.quarters[q as usize - 1].points, 2, "Q{q} on its last day");
        }
        assert_eq!(run(&branch(), &points, date(YEAR, 12, 31)).created, 8);
        assert_eq!(run(&branch(), &points, date(YEAR + 1, 1, 1)).created, 8);
    }

    #[test]
    fn earlier_holders_are_those_of_the_year_up_to_the_day_asked() {
        let term = |member: &str, from: NaiveDate, until: Option<NaiveDate>| SeatTerm {
            role: CommitteeRole::Organising,
            member_id: member.into(),
            from,
            until,
        };
        let terms = [
            term("a", date(2019, 1, 1), Some(date(YEAR, 1, 1))),
            term("b", date(YEAR, 1, 1), Some(date(YEAR, 4, 1))),
            term("c", date(YEAR, 4, 1), Some(date(YEAR, 9, 1))),
            term("d", date(YEAR, 9, 1), None),
        ];
        let ids = |today| {
            earlier_holders(&terms, YEAR, today)
                .into_iter()
                .map(|a| a.member_id)
                .collect::<Vec<_>>()
        };
        assert!(
            ids(date(YEAR, 2, 1)).is_empty(),
            "a left before the year began"
        );
        assert_eq!(ids(date(YEAR, 5, 1)), ["b"], "c holds it, b held it");
        assert_eq!(
            ids(date(YEAR + 1, 6, 1)),
            ["b", "c"],
            "d counts at year end"
        );

        let record = BranchRecord {
            seats: seat_holders(&terms, YEAR, date(YEAR + 1, 6, 1)),
            earlier_holders: earlier_holders(&terms, YEAR, date(YEAR + 1, 6, 1)),
            ..branch()
        };
        let c = run(&record, &[], date(YEAR + 1, 6, 1));
        let org = &c.committee[1];
        assert_eq!(org.member_id.as_deref(), Some("d"));
        assert_eq!(org.earlier_holders, ["b", "c"]);
    }
}
