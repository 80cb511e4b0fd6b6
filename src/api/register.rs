//! The organisation register: the tree of towns, communities and branches; members; seats.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::members::MemberFilter;
use crate::db::{
    self, activities, branches, committee_seats, communities, demo_points, members, seat_terms,
    teams, towns,
};
use crate::error::{Error, FieldRule, Result};
use crate::org::{
    check_committee, validated_name, Branch, BranchBasis, CommitteeRole, Community, Member,
    MemberDraft, SeatAssignment, Town, MAX_TEXT_CHARS,
};

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrgTree {
    pub towns: Vec<TownNode>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TownNode {
    pub town: Town,
    pub communities: Vec<CommunityNode>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CommunityNode {
    pub community: Community,
    pub branches: Vec<BranchNode>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BranchNode {
    pub branch: Branch,
    pub active_members: u32,
    pub archived_members: u32,
    /// How many of the three committee seats are held.
    pub seats_filled: u32,
}

/// Everything the register tree shows, in one read.
pub fn org_tree(conn: &Connection) -> Result<OrgTree> {
    let counts: HashMap<String, (u32, u32)> = members::counts_by_branch(conn)?
        .into_iter()
        .map(|(id, active, all)| (id, (active, all - active)))
        .collect();
    let seats: HashMap<String, u32> = committee_seats::filled_by_branch(conn)?
        .into_iter()
        .collect();
    let all_branches = branches::list(conn)?;
    let all_communities = communities::list(conn)?;
    let towns = towns::list(conn)?
        .into_iter()
        .map(|town| {
            let communities = all_communities
                .iter()
                .filter(|c| c.town_id == town.id)
                .map(|community| CommunityNode {
                    branches: all_branches
                        .iter()
                        .filter(|b| b.community_id == community.id)
                        .map(|branch| {
                            let (active, archived) =
                                counts.get(&branch.id).copied().unwrap_or_default();
                            BranchNode {
                                active_members: active,
                                archived_members: archived,
                                seats_filled: seats.get(&branch.id).copied().unwrap_or_default(),
                                branch: branch.clone(),
                            }
                        })
                        .collect(),
                    community: community.clone(),
                })
                .collect();
            TownNode { town, communities }
        })
        .collect();
    Ok(OrgTree { towns })
}

/// Whether the register holds nothing yet (the app then offers demo data or an empty start).
pub fn is_empty(conn: &Connection) -> Result<bool> {
    Ok(towns::list(conn)?.is_empty())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TownDraft {
    pub name: String,
}

/// Adds a town (`id: None`) or renames one.
pub fn save_town(conn: &mut Connection, id: Option<&str>, draft: &TownDraft) -> Result<Town> {
    let name = validated_name("name", &draft.name)?;
    let id = match id {
        Some(id) => {
            towns::get(conn, id)?.ok_or_else(|| not_found("town", id))?;
            id.to_owned()
        }
        None => db::new_id(),
    };
    if towns::id_by_name(conn, &name, &id)?.is_some() {
        return Err(Error::Duplicate { what: "town", name });
    }
    let town = Town { id, name };
    let tx = conn.transaction()?;
    if towns::get(&tx, &town.id)?.is_some() {
        towns::update(&tx, &town)?;
    } else {
        towns::insert(&tx, &town)?;
    }
    tx.commit()?;
    Ok(town)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CommunityDraft {
    pub town_id: String,
    pub name: String,
    pub committee_name: String,
}

/// Adds a community (`id: None`) or edits one. The committee name defaults to "<name>党委".
pub fn save_community(
    conn: &mut Connection,
    id: Option<&str>,
    draft: &CommunityDraft,
) -> Result<Community> {
    let name = validated_name("name", &draft.name)?;
    let committee_name = match draft.committee_name.trim() {
        "" => format!("{name}党委"),
        text => validated_name("committeeName", text)?,
    };
    towns::get(conn, &draft.town_id)?.ok_or_else(|| not_found("town", &draft.town_id))?;
    let existing = match id {
        Some(id) => Some(communities::get(conn, id)?.ok_or_else(|| not_found("community", id))?),
        None => None,
    };
    let community = Community {
        id: existing.as_ref().map_or_else(db::new_id, |c| c.id.clone()),
        town_id: draft.town_id.clone(),
        name,
        committee_name,
    };
    if communities::name_taken(conn, &community.town_id, &community.name, &community.id)? {
        return Err(Error::Duplicate {
            what: "community",
            name: community.name,
        });
    }
    let tx = conn.transaction()?;
    match existing {
        Some(_) => communities::update(&tx, &community)?,
        None => communities::insert(&tx, &community)?,
    }
    tx.commit()?;
    Ok(community)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BranchDraft {
    pub community_id: String,
    pub name: String,
    pub basis: BranchBasis,
    pub note: String,
}

/// Adds a branch (`id: None`) or edits one.
pub fn save_branch(conn: &mut Connection, id: Option<&str>, draft: &BranchDraft) -> Result<Branch> {
    let name = validated_name("name", &draft.name)?;
    let note = draft.note.trim().to_owned();
    if note.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid("note", FieldRule::TooLong));
    }
    communities::get(conn, &draft.community_id)?
        .ok_or_else(|| not_found("community", &draft.community_id))?;
    let existing = match id {
        Some(id) => Some(branches::get(conn, id)?.ok_or_else(|| not_found("branch", id))?),
        None => None,
    };
    let branch = Branch {
        id: existing.as_ref().map_or_else(db::new_id, |b| b.id.clone()),
        community_id: draft.community_id.clone(),
        name,
        basis: draft.basis,
        note,
    };
    if branches::name_taken(conn, &branch.community_id, &branch.name, &branch.id)? {
        return Err(Error::Duplicate {
            what: "branch",
            name: branch.name,
        });
    }
    let tx = conn.transaction()?;
    match existing {
        Some(_) => branches::update(&tx, &branch)?,
        None => branches::insert(&tx, &branch)?,
    }
    tx.commit()?;
    Ok(branch)
}

/// Which members the member table shows: a scope (nothing = everyone) and archived or not.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MemberQuery {
    pub town_id: Option<String>,
    pub community_id: Option<String>,
    pub branch_id: Option<String>,
    pub include_archived: bool,
}

pub fn list_members(conn: &Connection, query: &MemberQuery) -> Result<Vec<Member>> {
    members::list(
        conn,
        &MemberFilter {
            town_id: query.town_id.as_deref(),
            community_id: query.community_id.as_deref(),
            branch_id: query.branch_id.as_deref(),
            include_archived: query.include_archived,
        },
    )
}

pub fn get_member(conn: &Connection, id: &str) -> Result<Member> {
    members::get(conn, id)?.ok_or_else(|| not_found("member", id))
}

/// Adds a member (`id: None`) or edits one. A member holding a seat cannot move to another
/// branch until the seat is reassigned.
pub fn save_member(
    conn: &mut Connection,
    id: Option<&str>,
    draft: MemberDraft,
    today: NaiveDate,
) -> Result<Member> {
    let draft = draft.validated(today)?;
    branches::get(conn, &draft.branch_id)?.ok_or_else(|| not_found("branch", &draft.branch_id))?;
    let existing = match id {
        Some(id) => Some(get_member(conn, id)?),
        None => None,
    };
    if let Some(member) = existing.as_ref().filter(|m| m.branch_id != draft.branch_id) {
        check_free_to_move(conn, member, today)?;
    }
    let id = existing.as_ref().map_or_else(db::new_id, |m| m.id.clone());
    if let Some(name) = members::find_same_person(conn, &draft, &id)? {
        return Err(Error::Duplicate {
            what: "member",
            name,
        });
    }
    let tx = conn.transaction()?;
    match existing {
        Some(_) => members::update(&tx, &id, &draft)?,
        None => members::insert(&tx, &id, &draft)?,
    }
    tx.commit()?;
    get_member(conn, &id)
}

/// A member moves to another branch only when nothing of the old branch still counts on them:
/// a seat, a team of this year or later (a team is of one branch's members), or an active
/// demonstration point (led by and involving the branch's own people).
fn check_free_to_move(conn: &Connection, member: &Member, today: NaiveDate) -> Result<()> {
    if member.seat.is_some() {
        return Err(Error::MemberHoldsSeat {
            member: member.name.clone(),
        });
    }
    let duty = match teams::team_of_member_since(conn, &member.id, today.year())? {
        Some(team) => Some(team),
        None => demo_points::active_point_of_member(conn, &member.id)?,
    };
    match duty {
        Some(duty) => Err(Error::MemberBoundToBranch {
            member: member.name.clone(),
            duty,
        }),
        None => Ok(()),
    }
}

/// Archives a member: they leave the active register but every record that names them stays.
pub fn archive_member(conn: &mut Connection, id: &str, today: NaiveDate) -> Result<Member> {
    let member = get_member(conn, id)?;
    if member.seat.is_some() {
        return Err(Error::MemberHoldsSeat {
            member: member.name,
        });
    }
    let tx = conn.transaction()?;
    members::set_archived(&tx, id, Some(member.archived_on.unwrap_or(today)))?;
    tx.commit()?;
    get_member(conn, id)
}

pub fn restore_member(conn: &mut Connection, id: &str) -> Result<Member> {
    get_member(conn, id)?;
    let tx = conn.transaction()?;
    members::set_archived(&tx, id, None)?;
    tx.commit()?;
    get_member(conn, id)
}

/// Deletes a member entered by mistake. Once anything refers to a member (a seat, held now or
/// before; a team; a demonstration point; attendance) the member can only be archived.
pub fn delete_member(conn: &mut Connection, id: &str) -> Result<()> {
    let member = get_member(conn, id)?;
    if member.seat.is_some()
        || seat_terms::names_member(conn, id)?
        || teams::names_member(conn, id)?
        || demo_points::names_member(conn, id)?
        || activities::attendance_names_member(conn, id)?
    {
        return Err(Error::InUse { what: "member" });
    }
    let tx = conn.transaction()?;
    members::delete(&tx, id)?;
    tx.commit()?;
    Ok(())
}

pub fn committee(conn: &Connection, branch_id: &str) -> Result<Vec<SeatAssignment>> {
    branches::get(conn, branch_id)?.ok_or_else(|| not_found("branch", branch_id))?;
    committee_seats::for_branch(conn, branch_id)
}

/// Sets the branch's committee: the given seats are held, the others fall vacant. The seat
/// history follows in the same transaction: a holder who leaves a seat held it until the day
/// before `today`, a new holder holds it from `today`.
pub fn set_committee(
    conn: &mut Connection,
    branch_id: &str,
    seats: &[SeatAssignment],
    today: NaiveDate,
) -> Result<Vec<SeatAssignment>> {
    branches::get(conn, branch_id)?.ok_or_else(|| not_found("branch", branch_id))?;
    let mut candidates = Vec::new();
    for seat in seats {
        if let Some(member) = members::get(conn, &seat.member_id)? {
            candidates.push(member);
        }
    }
    check_committee(seats, branch_id, &candidates)?;
    let tx = conn.transaction()?;
    committee_seats::replace(&tx, branch_id, seats)?;
    for role in CommitteeRole::ALL {
        let holder = seats.iter().find(|s| s.role == role).map(|s| &s.member_id);
        let open = seat_terms::open_term(&tx, branch_id, role)?;
        if open.as_ref().map(|t| &t.member_id) == holder {
            continue;
        }
        if let Some(term) = &open {
            seat_terms::close(&tx, term, today)?;
        }
        if let Some(member_id) = holder {
            seat_terms::open(&tx, branch_id, role, member_id, Some(today))?;
        }
    }
    tx.commit()?;
    committee_seats::for_branch(conn, branch_id)
}

fn not_found(what: &'static str, id: &str) -> Error {
    Error::NotFound {
        what,
        id: id.to_owned(),
    }
}
