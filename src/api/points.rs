//! 定标准 use cases: register demonstration points and their status history, form the year's
//! teams of capable members, and judge "3+X" for a branch or a whole community or town.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::activities::ActivitySummary;
use crate::compliance::{self, BranchCompliance, BranchRecord, ComplianceRollup};
use crate::db::demo_points::{self, PointFilter};
use crate::db::members::{self, MemberFilter};
use crate::db::teams::{self, TeamFilter};
use crate::db::{self, activities, branches, communities, seat_terms};
use crate::demo_point::{
    check_point_people, status_changes, DemoPoint, DemoPointDraft, PointLeader, PointStatusChange,
};
use crate::error::{Error, FieldRule, Result};
use crate::org::{Branch, Member};
use crate::team::{self, check_team, Team, TeamDraft, TeamSuggestion};

fn not_found(what: &'static str, id: &str) -> Error {
    Error::NotFound {
        what,
        id: id.to_owned(),
    }
}

fn branch(conn: &Connection, id: &str) -> Result<Branch> {
    branches::get(conn, id)?.ok_or_else(|| not_found("branch", id))
}

/// Which branches a list or a roll-up covers: a branch, a community's, a town's, or all
/// (every field empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PointScope {
    pub town_id: Option<String>,
    pub community_id: Option<String>,
    pub branch_id: Option<String>,
}

impl PointScope {
    pub fn branch(id: &str) -> Self {
        PointScope {
            branch_id: Some(id.to_owned()),
            ..Default::default()
        }
    }
}

/// A point in a list, with the names the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PointSummary {
    pub point: DemoPoint,
    pub branch_name: String,
    pub community_name: String,
    /// The committee member's or the team's name.
    pub leader_name: String,
}

/// Points of the scope, created in `year` (every year with `None`), by branch and date.
pub fn list_points(
    conn: &Connection,
    scope: &PointScope,
    year: Option<i32>,
) -> Result<Vec<PointSummary>> {
    let points = demo_points::list(
        conn,
        &PointFilter {
            town_id: scope.town_id.as_deref(),
            community_id: scope.community_id.as_deref(),
            branch_id: scope.branch_id.as_deref(),
            year,
        },
    )?;
    let people = members::list(
        conn,
        &MemberFilter {
            town_id: scope.town_id.as_deref(),
            community_id: scope.community_id.as_deref(),
            branch_id: scope.branch_id.as_deref(),
            include_archived: true,
        },
    )?;
    let teams = teams::list(
        conn,
        &TeamFilter {
            town_id: scope.town_id.as_deref(),
            community_id: scope.community_id.as_deref(),
            branch_id: scope.branch_id.as_deref(),
            year: None,
        },
    )?;
    let places = branch_places(conn)?;
    let member_names: HashMap<&str, &str> = people
        .iter()
        .map(|m| (m.id.as_str(), m.name.as_str()))
        .collect();
    let team_names: HashMap<&str, &str> = teams
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    Ok(points
        .into_iter()
        .map(|point| {
            let leader_name = match &point.leader {
                PointLeader::Committee { member_id } => member_names.get(member_id.as_str()),
                PointLeader::Team { team_id } => team_names.get(team_id.as_str()),
            }
            .map_or_else(String::new, |n| (*n).to_owned());
            let (branch_name, community_name) =
                places.get(&point.branch_id).cloned().unwrap_or_default();
            PointSummary {
                point,
                branch_name,
                community_name,
                leader_name,
            }
        })
        .collect())
}

/// A branch's points created in `year` (every year with `None`).
pub fn points_of_branch(
    conn: &Connection,
    branch_id: &str,
    year: Option<i32>,
) -> Result<Vec<PointSummary>> {
    branch(conn, branch_id)?;
    list_points(conn, &PointScope::branch(branch_id), year)
}

/// Branch id -> (branch name, community name).
fn branch_places(conn: &Connection) -> Result<HashMap<String, (String, String)>> {
    let community_names: HashMap<String, String> = communities::list(conn)?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(branches::list(conn)?
        .into_iter()
        .map(|b| {
            let community = community_names
                .get(&b.community_id)
                .cloned()
                .unwrap_or_default();
            (b.id, (b.name, community))
        })
        .collect())
}

pub fn get_point(conn: &Connection, id: &str) -> Result<DemoPoint> {
    demo_points::get(conn, id)?.ok_or_else(|| not_found("demo point", id))
}

/// Adds a point (`id: None`) or edits one. The draft is checked field by field, then its people
/// against the register: a committee leader and everyone involved must be members of the
/// branch, a team must be the branch's team of the year the point was created in. A point
/// stays in its branch. A new point, and every change of status, adds to its history.
pub fn save_point(
    conn: &mut Connection,
    id: Option<&str>,
    draft: DemoPointDraft,
    today: NaiveDate,
) -> Result<DemoPoint> {
    let draft = draft.validated(today)?;
    branch(conn, &draft.branch_id)?;
    let before = match id {
        Some(id) => Some(get_point(conn, id)?),
        None => None,
    };
    if before
        .as_ref()
        .is_some_and(|b| b.branch_id != draft.branch_id)
    {
        return Err(Error::invalid("branchId", FieldRule::BadChoice));
    }
    let people = members::list(
        conn,
        &MemberFilter {
            branch_id: Some(&draft.branch_id),
            include_archived: true,
            ..Default::default()
        },
    )?;
    let teams = teams::list(
        conn,
        &TeamFilter {
            branch_id: Some(&draft.branch_id),
            year: Some(draft.created_on.year()),
            ..Default::default()
        },
    )?;
    check_point_people(&draft, &people, &teams)?;
    let point = draft.into_point(before.as_ref().map_or_else(db::new_id, |b| b.id.clone()));
    let tx = conn.transaction()?;
    demo_points::save(&tx, &point)?;
    for change in status_changes(before.as_ref(), &point, today) {
        demo_points::append_history(&tx, &point.id, &change)?;
    }
    tx.commit()?;
    get_point(conn, &point.id)
}

/// The statuses a point has had, oldest first.
pub fn point_history(conn: &Connection, id: &str) -> Result<Vec<PointStatusChange>> {
    get_point(conn, id)?;
    demo_points::history(conn, id)
}

/// The activities held at a point (whose venue is the point), as list lines dated by the day
/// they took place, in that order.
pub fn activities_at_point(conn: &Connection, point_id: &str) -> Result<Vec<ActivitySummary>> {
    get_point(conn, point_id)?;
    activities::at_point(conn, point_id)?
        .into_iter()
        .map(|a| crate::api::activities::summary(conn, a))
        .collect()
}

/// Makes a point of the activity's branch the activity's venue, or none.
pub fn set_activity_point(
    conn: &mut Connection,
    activity_id: &str,
    point_id: Option<&str>,
) -> Result<()> {
    let activity =
        activities::get(conn, activity_id)?.ok_or_else(|| not_found("activity", activity_id))?;
    if let Some(point_id) = point_id {
        if get_point(conn, point_id)?.branch_id != activity.branch_id {
            return Err(Error::invalid("pointId", FieldRule::BadChoice));
        }
    }
    let tx = conn.transaction()?;
    activities::set_point(&tx, activity_id, point_id)?;
    tx.commit()?;
    Ok(())
}

/// The point an activity takes place at, if any.
pub fn point_of_activity(conn: &Connection, activity_id: &str) -> Result<Option<DemoPoint>> {
    activities::get(conn, activity_id)?.ok_or_else(|| not_found("activity", activity_id))?;
    match activities::point_of(conn, activity_id)? {
        Some(id) => Ok(Some(get_point(conn, &id)?)),
        None => Ok(None),
    }
}

/// A branch's teams of a year, by name.
pub fn teams_of(conn: &Connection, branch_id: &str, year: i32) -> Result<Vec<Team>> {
    branch(conn, branch_id)?;
    teams::list(
        conn,
        &TeamFilter {
            branch_id: Some(branch_id),
            year: Some(year),
            ..Default::default()
        },
    )
}

/// Forms a team (`id: None`) or edits one: 5 to 8 of the branch's active capable members, none
/// of them in another team of the branch that year (see `team::check_team`). A team stays in
/// its branch, and keeps its year once a point names it.
pub fn save_team(conn: &mut Connection, id: Option<&str>, draft: TeamDraft) -> Result<Team> {
    let draft = draft.validated()?;
    branch(conn, &draft.branch_id)?;
    let before = match id {
        Some(id) => Some(teams::get(conn, id)?.ok_or_else(|| not_found("team", id))?),
        None => None,
    };
    if let Some(before) = &before {
        if before.branch_id != draft.branch_id {
            return Err(Error::invalid("branchId", FieldRule::BadChoice));
        }
        if before.year != draft.year && demo_points::count_led_by_team(conn, &before.id)? > 0 {
            return Err(Error::InUse { what: "team" });
        }
    }
    let team = draft.into_team(before.map_or_else(db::new_id, |b| b.id));
    if teams::name_taken(conn, &team.branch_id, team.year, &team.name, &team.id)? {
        return Err(Error::Duplicate {
            what: "team",
            name: team.name,
        });
    }
    let mut people: Vec<Member> = Vec::new();
    for member_id in &team.member_ids {
        people.extend(members::get(conn, member_id)?);
    }
    let others = teams::list(
        conn,
        &TeamFilter {
            branch_id: Some(&team.branch_id),
            year: Some(team.year),
            ..Default::default()
        },
    )?;
    check_team(&team, &people, &others)?;
    let tx = conn.transaction()?;
    teams::save(&tx, &team)?;
    tx.commit()?;
    teams::get(conn, &team.id)?.ok_or_else(|| not_found("team", &team.id))
}

/// Deletes a team formed by mistake; refused (`InUse`) once a point names it.
pub fn delete_team(conn: &mut Connection, id: &str) -> Result<()> {
    teams::get(conn, id)?.ok_or_else(|| not_found("team", id))?;
    if demo_points::count_led_by_team(conn, id)? > 0 {
        return Err(Error::InUse { what: "team" });
    }
    let tx = conn.transaction()?;
    teams::delete(&tx, id)?;
    tx.commit()?;
    Ok(())
}

/// "Suggest teams" for a year: the branch's active capable members who are in no team of that
/// year, partitioned into teams of 5 to 8 by specialty (see `team::suggest_teams`).
pub fn suggest_teams(conn: &Connection, branch_id: &str, year: i32) -> Result<TeamSuggestion> {
    let formed = teams_of(conn, branch_id, year)?;
    let free: Vec<Member> = capable_members(conn, branch_id)?
        .into_iter()
        .filter(|m| !formed.iter().any(|t| t.member_ids.contains(&m.id)))
        .collect();
    Ok(team::suggest_teams(&free))
}

fn capable_members(conn: &Connection, branch_id: &str) -> Result<Vec<Member>> {
    Ok(members::list(
        conn,
        &MemberFilter {
            branch_id: Some(branch_id),
            ..Default::default()
        },
    )?
    .into_iter()
    .filter(|m| m.capable)
    .collect())
}

/// A branch's "3+X" board for `year` at `today`: seat holders for the year from the seat
/// history, its active capable members, its teams and points of the year.
pub fn branch_compliance(
    conn: &Connection,
    branch_id: &str,
    year: i32,
    today: NaiveDate,
) -> Result<BranchCompliance> {
    branch(conn, branch_id)?;
    let mut rows = compliance_rows(conn, &PointScope::branch(branch_id), year, today)?;
    rows.pop()
        .map(|row| row.compliance)
        .ok_or_else(|| not_found("branch", branch_id))
}

/// One branch of a community's or town's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BranchComplianceRow {
    pub branch_id: String,
    pub branch_name: String,
    pub community_id: String,
    pub community_name: String,
    pub compliance: BranchCompliance,
}

/// The overview of a scope: every branch's board and their roll-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScopeCompliance {
    pub year: i32,
    pub today: NaiveDate,
    /// By community name, then branch name.
    pub branches: Vec<BranchComplianceRow>,
    pub rollup: ComplianceRollup,
}

/// "3+X" for every branch of the scope (a community, a town, or all) for `year` at `today`,
/// with the roll-up. The data is read once for the whole scope.
pub fn scope_compliance(
    conn: &Connection,
    scope: &PointScope,
    year: i32,
    today: NaiveDate,
) -> Result<ScopeCompliance> {
    if let Some(id) = &scope.town_id {
        db::towns::get(conn, id)?.ok_or_else(|| not_found("town", id))?;
    }
    if let Some(id) = &scope.community_id {
        communities::get(conn, id)?.ok_or_else(|| not_found("community", id))?;
    }
    if let Some(id) = &scope.branch_id {
        branch(conn, id)?;
    }
    let branches = compliance_rows(conn, scope, year, today)?;
    let rollup = compliance::rollup(branches.iter().map(|b| &b.compliance));
    Ok(ScopeCompliance {
        year,
        today,
        branches,
        rollup,
    })
}

fn compliance_rows(
    conn: &Connection,
    scope: &PointScope,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<BranchComplianceRow>> {
    let chosen = branches::in_scope(
        conn,
        scope.town_id.as_deref(),
        scope.community_id.as_deref(),
        scope.branch_id.as_deref(),
    )?;

    let branch_id = scope.branch_id.as_deref();
    let mut terms: HashMap<String, Vec<compliance::SeatTerm>> = HashMap::new();
    for term in seat_terms::list(conn, branch_id)? {
        terms
            .entry(term.branch_id.clone())
            .or_default()
            .push(term.to_term());
    }
    let mut capable: HashMap<String, Vec<String>> = HashMap::new();
    for (branch, member) in members::capable_ids(
        conn,
        &MemberFilter {
            town_id: scope.town_id.as_deref(),
            community_id: scope.community_id.as_deref(),
            branch_id,
            include_archived: false,
        },
    )? {
        capable.entry(branch).or_default().push(member);
    }
    let mut teams_by_branch: HashMap<String, Vec<Team>> = HashMap::new();
    for team in teams::list(
        conn,
        &TeamFilter {
            town_id: scope.town_id.as_deref(),
            community_id: scope.community_id.as_deref(),
            branch_id,
            year: Some(year),
        },
    )? {
        teams_by_branch
            .entry(team.branch_id.clone())
            .or_default()
            .push(team);
    }
    let points = demo_points::list(
        conn,
        &PointFilter {
            town_id: scope.town_id.as_deref(),
            community_id: scope.community_id.as_deref(),
            branch_id,
            year: Some(year),
        },
    )?;
    let records: Vec<BranchRecord> = chosen
        .iter()
        .map(|(b, _)| {
            let terms = terms.get(&b.id).map_or(&[][..], Vec::as_slice);
            BranchRecord {
                branch_id: b.id.clone(),
                seats: compliance::seat_holders(terms, year, today),
                earlier_holders: compliance::earlier_holders(terms, year, today),
                capable: capable.remove(&b.id).unwrap_or_default(),
                teams: teams_by_branch.remove(&b.id).unwrap_or_default(),
            }
        })
        .collect();
    let results = compliance::compliance(&records, &points, year, today);
    Ok(chosen
        .into_iter()
        .zip(results)
        .map(|((b, c), compliance)| BranchComplianceRow {
            branch_id: b.id,
            branch_name: b.name,
            community_id: c.id,
            community_name: c.name,
            compliance,
        })
        .collect())
}
