//! 评议 use cases: open a community's review for a quarter, register reviewers, enter ballot
//! sheets or hand-counted totals, tally, comment and assign rectification items, finalise,
//! reopen with a reason, check the audit chain, and read a branch's or a community's history.
//!
//! Every write runs in one transaction that also appends an entry to the audit chain, with the
//! digest of the review's data after the change (see `review::audit`). Before it writes, the
//! review must still match its log (`check_intact`): data changed or audit entries removed
//! behind the app's back refuse every change with `ReviewAltered`, rather than sealing the
//! altered data as the app's own. Each write `foo` has a `foo_in` that runs inside the caller's
//! transaction (the demo town holds its reviews with them); `foo` is that in its own.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity::{ActivityStatus, AttendanceEntry};
pub use crate::api::activities::Change;
use crate::api::{activities as activities_api, points, schedule};
use crate::compliance::quarter_dates;
use crate::db::members::{self, MemberFilter};
use crate::db::reviews::{self as store, BranchRow, ReviewRow};
use crate::db::{self, activities, branches, communities};
use crate::error::{Error, FieldRule, Result};
use crate::review::audit::{
    self, ChainCheck, ChainHead, NewEntry, ReviewAuditEntry, ReviewName, ReviewNow,
};
use crate::review::facts::{self, ActivityFact, DayFact, FactInputs, FactSheet, LedgerFact};
use crate::review::tally::{self, GroupTotals, ReviewSettings, ReviewTally};
use crate::review::turnout;
use crate::review::{
    self, Ballot, BallotDraft, Edit, ItemDraft, ItemStatus, RectificationItem, ReviewState,
    ReviewerGroup, Transition,
};

fn not_found(what: &'static str, id: &str) -> Error {
    Error::NotFound {
        what,
        id: id.to_owned(),
    }
}

fn get_row(conn: &Connection, id: &str) -> Result<ReviewRow> {
    store::get(conn, id)?.ok_or_else(|| not_found("review", id))
}

/// A review in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewSummary {
    pub id: String,
    pub community_id: String,
    pub community_name: String,
    pub year: i32,
    pub quarter: u32,
    pub state: ReviewState,
    pub opened_on: NaiveDate,
}

/// A branch of a review: its fact sheet (as built), the committee's comment and items.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewBranch {
    pub branch_id: String,
    pub branch_name: String,
    pub facts: FactSheet,
    pub comment: String,
    pub items: Vec<RectificationItem>,
}

/// A reviewer group: how many were registered, how many sheets are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewerCount {
    pub group: ReviewerGroup,
    pub registered: u32,
    /// Sheets entered one by one plus the largest hand-counted batch of the group.
    pub sheets: u32,
    /// Below [`turnout::LOW_TURNOUT_PERCENT`] of the registered: tallying and finalising ask.
    pub low_turnout: bool,
    /// `sheets` of `registered` in whole percent.
    pub percent: u32,
}

/// A reopening of a finalised review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Reopening {
    pub at: NaiveDateTime,
    pub actor: String,
    pub reason: String,
}

/// Everything the review page shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewDetail {
    pub review: ReviewSummary,
    pub settings: ReviewSettings,
    pub branches: Vec<ReviewBranch>,
    pub reviewers: Vec<ReviewerCount>,
    pub ballots: Vec<Ballot>,
    pub totals: Vec<GroupTotals>,
    /// Computed from the ballots and totals in every state; final once finalised.
    pub tally: ReviewTally,
    pub audit: Vec<ReviewAuditEntry>,
    pub reopenings: Vec<Reopening>,
}

fn summary(conn: &Connection, row: &ReviewRow) -> Result<ReviewSummary> {
    let community = communities::get(conn, &row.community_id)?
        .ok_or_else(|| not_found("community", &row.community_id))?;
    Ok(ReviewSummary {
        id: row.id.clone(),
        community_id: row.community_id.clone(),
        community_name: community.name,
        year: row.year,
        quarter: row.quarter,
        state: row.state,
        opened_on: row.opened_on,
    })
}

fn branch_ids(conn: &Connection, review_id: &str) -> Result<Vec<String>> {
    Ok(store::branches(conn, review_id)?
        .into_iter()
        .map(|b| b.branch_id)
        .collect())
}

/// Sheets per group: entered ones plus the largest hand-counted batch of the group (a batch
/// of n sheets gives every branch n votes).
fn sheets(ballots: &[Ballot], totals: &[GroupTotals], group: ReviewerGroup) -> u32 {
    let entered = ballots.iter().filter(|b| b.group == group).count() as u32;
    let batch = totals
        .iter()
        .filter(|t| t.group == group)
        .map(|t| t.counts.total())
        .max()
        .unwrap_or(0);
    entered + batch
}

fn tally_of(conn: &Connection, row: &ReviewRow) -> Result<ReviewTally> {
    Ok(tally::tally(
        &branch_ids(conn, &row.id)?,
        &store::ballots(conn, &row.id)?,
        &store::totals(conn, &row.id)?,
        &row.settings,
    ))
}

pub fn get_review(conn: &Connection, id: &str) -> Result<ReviewDetail> {
    let row = get_row(conn, id)?;
    let items = store::items(conn, id)?;
    let mut out_branches = Vec::new();
    for b in store::branches(conn, id)? {
        let name = branches::get(conn, &b.branch_id)?.map_or_else(String::new, |x| x.name);
        let facts: FactSheet = serde_json::from_str(&b.facts).map_err(|e| {
            Error::Sqlite(rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                e.into(),
            ))
        })?;
        out_branches.push(ReviewBranch {
            items: items
                .iter()
                .filter(|i| i.branch_id == b.branch_id)
                .cloned()
                .collect(),
            branch_id: b.branch_id,
            branch_name: name,
            facts,
            comment: b.comment,
        });
    }
    let ballots = store::ballots(conn, id)?;
    let totals = store::totals(conn, id)?;
    let reviewers = reviewer_counts(conn, id, &ballots, &totals)?;
    let audit = store::audit_of(conn, id)?;
    let reopenings = audit
        .iter()
        .filter(|e| e.action == "reopen")
        .map(|e| Reopening {
            at: e.at,
            actor: e.actor.clone(),
            reason: serde_json::from_str::<serde_json::Value>(&e.detail)
                .ok()
                .and_then(|v| v["reason"].as_str().map(str::to_owned))
                .unwrap_or_default(),
        })
        .collect();
    Ok(ReviewDetail {
        review: summary(conn, &row)?,
        settings: row.settings,
        tally: tally_of(conn, &row)?,
        branches: out_branches,
        reviewers,
        ballots,
        totals,
        audit,
        reopenings,
    })
}

/// Each group's registered reviewers, the sheets in and the turnout they make.
fn reviewer_counts(
    conn: &Connection,
    id: &str,
    ballots: &[Ballot],
    totals: &[GroupTotals],
) -> Result<Vec<ReviewerCount>> {
    Ok(store::reviewers(conn, id)?
        .into_iter()
        .map(|(group, registered)| {
            let sheets = sheets(ballots, totals, group);
            ReviewerCount {
                group,
                registered,
                sheets,
                low_turnout: turnout::is_low(sheets, registered),
                percent: turnout::percent(sheets, registered),
            }
        })
        .collect())
}

/// Refuses to go on with low turnout unless `accepted` (the user saw the figure and said so):
/// `LowTurnout` names the first group short of [`turnout::LOW_TURNOUT_PERCENT`].
pub fn ensure_turnout(conn: &Connection, id: &str, accepted: bool) -> Result<()> {
    if accepted {
        return Ok(());
    }
    let ballots = store::ballots(conn, id)?;
    let totals = store::totals(conn, id)?;
    match reviewer_counts(conn, id, &ballots, &totals)?
        .into_iter()
        .find(|c| c.low_turnout)
    {
        Some(low) => Err(Error::LowTurnout {
            group: low.group.as_str(),
            sheets: low.sheets,
            registered: low.registered,
        }),
        None => Ok(()),
    }
}

/// The community's review of a quarter, if opened.
pub fn find_review(
    conn: &Connection,
    community_id: &str,
    year: i32,
    quarter: u32,
) -> Result<Option<ReviewDetail>> {
    communities::get(conn, community_id)?.ok_or_else(|| not_found("community", community_id))?;
    match store::find(conn, community_id, year, quarter)? {
        Some(row) => Ok(Some(get_review(conn, &row.id)?)),
        None => Ok(None),
    }
}

/// A community's reviews, oldest quarter first.
pub fn list_reviews(conn: &Connection, community_id: &str) -> Result<Vec<ReviewSummary>> {
    communities::get(conn, community_id)?.ok_or_else(|| not_found("community", community_id))?;
    store::list(conn, Some(community_id))?
        .iter()
        .map(|r| summary(conn, r))
        .collect()
}

/// Runs `write` in one transaction (taking the write lock at once, so the checks read what the
/// write then changes), and commits it.
fn in_tx<T>(conn: &mut Connection, write: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let out = write(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// The review as it stands now, to check against its audit entries.
fn review_now(conn: &Connection, review_id: &str) -> Result<ReviewNow> {
    let content = store::content(conn, review_id)?;
    Ok(ReviewNow {
        review_id: review_id.to_owned(),
        digest: audit::digest(&content),
        parts: content.part_digests(),
        anchor: store::anchor(conn, review_id)?,
    })
}

/// The review's community, year and quarter, to name it in a refusal or a report.
fn review_name(conn: &Connection, review_id: &str) -> Result<Option<ReviewName>> {
    let Some(row) = store::get(conn, review_id)? else {
        return Ok(None);
    };
    let community = communities::get(conn, &row.community_id)?
        .map_or_else(|| row.community_id.clone(), |c| c.name);
    Ok(Some(ReviewName {
        community,
        year: row.year,
        quarter: row.quarter,
    }))
}

/// Refuses (`ReviewAltered`, naming the review and what differs) a review whose stored data no
/// longer matches its audit log: an entry of its own changed, its newest entries removed (the
/// anchor on its row is not where they end), or its data changed after its last entry. A
/// change on top would seal the altered data as if the app had written it.
pub fn check_intact(conn: &Connection, review_id: &str) -> Result<()> {
    let own = store::audit_of(conn, review_id)?;
    match audit::check_review(&own, &review_now(conn, review_id)?) {
        None => Ok(()),
        Some(mut broken) => {
            broken.review = review_name(conn, review_id)?;
            Err(Error::ReviewAltered(Box::new(broken)))
        }
    }
}

/// Runs `write` inside `tx` and appends the audit entry for it, with the digest of the
/// review's data after the change (whole and per part). A review that exists already is first
/// checked against its log (`check_intact`).
fn audited(
    tx: &Transaction,
    review_id: &str,
    change: &Change,
    action: &str,
    detail: serde_json::Value,
    write: impl FnOnce(&Transaction) -> Result<()>,
) -> Result<()> {
    if store::get(tx, review_id)?.is_some() {
        check_intact(tx, review_id)?;
    }
    write(tx)?;
    let content = store::content(tx, review_id)?;
    let last = store::last_audit(tx)?;
    let entry = audit::seal(
        last.as_ref(),
        NewEntry {
            review_id: review_id.to_owned(),
            at: change.at,
            actor: change.actor.to_owned(),
            action: action.to_owned(),
            detail: detail.to_string(),
            state_digest: audit::digest(&content),
            part_digests: Some(content.part_digests().to_text()),
        },
    );
    store::append_audit(tx, &entry)
}

fn check_quarter(year: i32, quarter: u32) -> Result<(NaiveDate, NaiveDate)> {
    crate::activity_week::check_year(year)?;
    quarter_dates(year, quarter).ok_or_else(|| Error::invalid("quarter", FieldRule::BadChoice))
}

/// Builds a branch's fact sheet for the quarter from the schedule, its activities, "3+X" at
/// the quarter's end (or `today`, when earlier), its ledgers and earlier rectification items.
pub fn build_facts(
    conn: &Connection,
    branch_id: &str,
    year: i32,
    quarter: u32,
    today: NaiveDate,
) -> Result<FactSheet> {
    let (starts, ends) = check_quarter(year, quarter)?;
    let branch = branches::get(conn, branch_id)?.ok_or_else(|| not_found("branch", branch_id))?;
    let days: Vec<DayFact> = schedule::branch_year(conn, branch_id, year)?
        .days
        .into_iter()
        .filter(|d| crate::compliance::quarter_of(d.fixed_date) == quarter)
        .map(|d| DayFact {
            month: d.month,
            date: d.date,
            holiday: if d.moved || d.conflict {
                d.reason.clone()
            } else {
                None
            },
            manual_reason: d.manual_reason.clone(),
            deviation: d.deviation,
        })
        .collect();
    let mut acts = Vec::new();
    // The quarter's activities by the day each took place (`Activity::took_place_on`).
    for a in activities::took_place_between(conn, branch_id, starts, ends)? {
        let attendance: Vec<AttendanceEntry> = activities::attendance(conn, &a.id)?;
        acts.push(ActivityFact {
            month: a.month,
            held: a.status == ActivityStatus::Held,
            steps_recorded: a.steps.iter().filter(|s| s.entry.is_recorded()).count() as u32,
            attendance: a.attendance_taken.then(|| {
                (
                    attendance.iter().filter(|e| e.present).count() as u32,
                    attendance.len() as u32,
                )
            }),
            residents_present: a.residents_present,
        });
    }
    let as_of = today.min(ends);
    let compliance = points::branch_compliance(conn, branch_id, year, as_of)?;
    let ledger = activities_api::ledger_counts(conn, Some(branch_id), starts, ends)?;
    let (prev_year, prev_quarter) = if quarter == 1 {
        (year - 1, 4)
    } else {
        (year, quarter - 1)
    };
    let carried_items = store::items_before(conn, branch_id, year, quarter)?
        .into_iter()
        .filter(|(y, q, item)| {
            (*y == prev_year && *q == prev_quarter) || item.status == ItemStatus::Open
        })
        .map(|(_, _, item)| item)
        .collect();
    Ok(facts::fact_sheet(FactInputs {
        branch_id,
        branch_name: &branch.name,
        year,
        quarter,
        days: &days,
        activities: &acts,
        compliance: &compliance,
        ledger: LedgerFact {
            suggestions: ledger.suggestions,
            suggestions_answered: ledger.suggestions_answered,
            problems: ledger.problems,
            problems_solved: ledger.problems_solved,
        },
        carried_items,
    }))
}

/// Opens the review of a community for a quarter: every branch of the community is in it,
/// each with its fact sheet; party members registered as reviewers default to the community's
/// active members, residents to 0. A second review of the same quarter is `Duplicate`.
pub fn open_review(
    conn: &mut Connection,
    community_id: &str,
    year: i32,
    quarter: u32,
    today: NaiveDate,
    change: &Change,
) -> Result<ReviewDetail> {
    let id = in_tx(conn, |tx| {
        open_review_in(tx, community_id, year, quarter, today, change)
    })?;
    get_review(conn, &id)
}

/// `open_review` inside the caller's transaction; the new review's id.
pub fn open_review_in(
    tx: &Transaction,
    community_id: &str,
    year: i32,
    quarter: u32,
    today: NaiveDate,
    change: &Change,
) -> Result<String> {
    let conn: &Connection = tx;
    check_quarter(year, quarter)?;
    communities::get(conn, community_id)?.ok_or_else(|| not_found("community", community_id))?;
    if store::find(conn, community_id, year, quarter)?.is_some() {
        return Err(Error::Duplicate {
            what: "review",
            name: format!("{year} Q{quarter}"),
        });
    }
    let chosen = branches::in_scope(conn, None, Some(community_id), None)?;
    if chosen.is_empty() {
        return Err(Error::invalid("branches", FieldRule::Required));
    }
    let mut rows = Vec::new();
    for (position, (branch, _)) in chosen.iter().enumerate() {
        let sheet = build_facts(conn, &branch.id, year, quarter, today)?;
        rows.push(BranchRow {
            branch_id: branch.id.clone(),
            position: position as u32,
            facts: store::to_json(&sheet)?,
            comment: String::new(),
        });
    }
    let members = members::list(
        conn,
        &MemberFilter {
            community_id: Some(community_id),
            ..Default::default()
        },
    )?
    .len() as u32;
    let review = ReviewRow {
        id: db::new_id(),
        community_id: community_id.to_owned(),
        year,
        quarter,
        state: ReviewState::Draft,
        settings: store::community_settings(conn, community_id)?,
        opened_on: today,
    };
    let detail = serde_json::json!({
        "communityId": community_id, "year": year, "quarter": quarter,
        "branches": rows.iter().map(|r| r.branch_id.clone()).collect::<Vec<_>>(),
    });
    audited(tx, &review.id, change, "open", detail, |tx| {
        store::insert(tx, &review)?;
        for row in &rows {
            store::insert_branch(tx, &review.id, row)?;
        }
        store::set_reviewers(tx, &review.id, ReviewerGroup::Member, members)?;
        store::set_reviewers(tx, &review.id, ReviewerGroup::Resident, 0)?;
        Ok(())
    })?;
    Ok(review.id)
}

fn move_to(
    tx: &Transaction,
    id: &str,
    transition: Transition,
    detail: serde_json::Value,
    change: &Change,
) -> Result<()> {
    let row = get_row(tx, id)?;
    let next = review::apply(row.state, transition)?;
    let action = match transition {
        Transition::StartCollecting => "startCollecting",
        Transition::Tally => "tally",
        Transition::ResumeCollecting => "resumeCollecting",
        Transition::Finalise => "finalise",
        Transition::Reopen => "reopen",
    };
    audited(tx, id, change, action, detail, |tx| {
        store::set_state(tx, id, next)
    })
}

/// Draft → Collecting.
pub fn start_collecting(conn: &mut Connection, id: &str, change: &Change) -> Result<ReviewDetail> {
    in_tx(conn, |tx| start_collecting_in(tx, id, change))?;
    get_review(conn, id)
}

pub fn start_collecting_in(tx: &Transaction, id: &str, change: &Change) -> Result<()> {
    move_to(
        tx,
        id,
        Transition::StartCollecting,
        serde_json::json!({}),
        change,
    )
}

/// Draft → Collecting, with the number of members and of residents taking part registered
/// first (one transaction): the turnout is judged against them. At least one member.
pub fn start_collecting_with(
    conn: &mut Connection,
    id: &str,
    members: u32,
    residents: u32,
    change: &Change,
) -> Result<ReviewDetail> {
    if members == 0 {
        return Err(Error::invalid("members", FieldRule::Required));
    }
    in_tx(conn, |tx| {
        set_reviewers_in(tx, id, ReviewerGroup::Member, members, change)?;
        set_reviewers_in(tx, id, ReviewerGroup::Resident, residents, change)?;
        start_collecting_in(tx, id, change)
    })?;
    get_review(conn, id)
}

/// Collecting → Tallied; the audit entry keeps the figures as they stood.
pub fn tally_review(conn: &mut Connection, id: &str, change: &Change) -> Result<ReviewDetail> {
    in_tx(conn, |tx| tally_review_in(tx, id, change))?;
    get_review(conn, id)
}

pub fn tally_review_in(tx: &Transaction, id: &str, change: &Change) -> Result<()> {
    let row = get_row(tx, id)?;
    review::apply(row.state, Transition::Tally)?;
    let figures = tally_of(tx, &row)?;
    let ranks: Vec<serde_json::Value> = figures
        .branches
        .iter()
        .map(|b| {
            serde_json::json!({
                "branchId": b.branch_id, "rank": b.rank, "valid": b.combined.valid,
                "invalid": b.combined.invalid, "flagged": b.flagged,
            })
        })
        .collect();
    move_to(
        tx,
        id,
        Transition::Tally,
        serde_json::json!({ "branches": ranks }),
        change,
    )
}

/// Collecting → Tallied as the window and the command line ask for it: refused with
/// `LowTurnout` unless the turnout is fine or `accept_low_turnout` (the user saw the figure).
pub fn tally_checked(
    conn: &mut Connection,
    id: &str,
    accept_low_turnout: bool,
    change: &Change,
) -> Result<ReviewDetail> {
    in_tx(conn, |tx| {
        ensure_turnout(tx, id, accept_low_turnout)?;
        tally_review_in(tx, id, change)
    })?;
    get_review(conn, id)
}

/// Tallied → Finalised with the same turnout question as [`tally_checked`].
pub fn finalise_checked(
    conn: &mut Connection,
    id: &str,
    accept_low_turnout: bool,
    change: &Change,
) -> Result<ReviewDetail> {
    in_tx(conn, |tx| {
        ensure_turnout(tx, id, accept_low_turnout)?;
        finalise_in(tx, id, change)
    })?;
    get_review(conn, id)
}

/// Tallied → Collecting: to enter a forgotten sheet.
pub fn resume_collecting(conn: &mut Connection, id: &str, change: &Change) -> Result<ReviewDetail> {
    in_tx(conn, |tx| {
        move_to(
            tx,
            id,
            Transition::ResumeCollecting,
            serde_json::json!({}),
            change,
        )
    })?;
    get_review(conn, id)
}

/// Tallied → Finalised: locked. Refused (`BranchesWithoutBallots`) while a branch has no
/// valid vote: every sheet speaks about every branch (a blank is an invalid vote), so a branch
/// without ballots is one nobody rated, and it could not be ranked.
pub fn finalise(conn: &mut Connection, id: &str, change: &Change) -> Result<ReviewDetail> {
    in_tx(conn, |tx| finalise_in(tx, id, change))?;
    get_review(conn, id)
}

pub fn finalise_in(tx: &Transaction, id: &str, change: &Change) -> Result<()> {
    let row = get_row(tx, id)?;
    review::apply(row.state, Transition::Finalise)?;
    let figures = tally_of(tx, &row)?;
    let empty: Vec<String> = figures
        .branches
        .iter()
        .filter(|b| b.combined.valid == 0)
        .map(|b| b.branch_id.clone())
        .collect();
    if !empty.is_empty() {
        return Err(Error::BranchesWithoutBallots(empty));
    }
    move_to(tx, id, Transition::Finalise, serde_json::json!({}), change)
}

/// Finalised → Tallied, with a reason that stays in the audit log.
pub fn reopen(
    conn: &mut Connection,
    id: &str,
    reason: &str,
    change: &Change,
) -> Result<ReviewDetail> {
    let reason = review::reopen_reason(reason)?;
    in_tx(conn, |tx| {
        move_to(
            tx,
            id,
            Transition::Reopen,
            serde_json::json!({ "reason": reason }),
            change,
        )
    })?;
    get_review(conn, id)
}

fn editable(conn: &Connection, id: &str, edit: Edit) -> Result<ReviewRow> {
    let row = get_row(conn, id)?;
    review::check_edit(row.state, edit)?;
    Ok(row)
}

fn check_sheets(
    ballots: &[Ballot],
    totals: &[GroupTotals],
    registered: &[(ReviewerGroup, u32)],
) -> Result<()> {
    for (group, limit) in registered {
        let n = sheets(ballots, totals, *group);
        if n > *limit {
            return Err(Error::TooManyBallots {
                group: group.as_str(),
                sheets: n,
                registered: *limit,
            });
        }
    }
    Ok(())
}

/// Sets how many reviewers of a group were registered; refused below the sheets already in.
pub fn set_reviewers(
    conn: &mut Connection,
    id: &str,
    group: ReviewerGroup,
    registered: u32,
    change: &Change,
) -> Result<ReviewDetail> {
    in_tx(conn, |tx| {
        set_reviewers_in(tx, id, group, registered, change)
    })?;
    get_review(conn, id)
}

pub fn set_reviewers_in(
    tx: &Transaction,
    id: &str,
    group: ReviewerGroup,
    registered: u32,
    change: &Change,
) -> Result<()> {
    editable(tx, id, Edit::Reviewers)?;
    if registered > 100_000 {
        return Err(Error::invalid("registered", FieldRule::BadChoice));
    }
    let mut counts = store::reviewers(tx, id)?;
    for c in &mut counts {
        if c.0 == group {
            c.1 = registered;
        }
    }
    check_sheets(&store::ballots(tx, id)?, &store::totals(tx, id)?, &counts)?;
    let detail = serde_json::json!({ "group": group.as_str(), "registered": registered });
    audited(tx, id, change, "setReviewers", detail, |tx| {
        store::set_reviewers(tx, id, group, registered)
    })
}

/// Adds a ballot sheet (`ballot_id: None`) or corrects one. Every branch of the review gets a
/// mark (left out: no rating); a branch outside it is `BranchNotInReview`; more sheets of a
/// group than registered reviewers is `TooManyBallots`.
pub fn save_ballot(
    conn: &mut Connection,
    review_id: &str,
    ballot_id: Option<&str>,
    draft: BallotDraft,
    change: &Change,
) -> Result<ReviewDetail> {
    in_tx(conn, |tx| {
        save_ballot_in(tx, review_id, ballot_id, draft, change)
    })?;
    get_review(conn, review_id)
}

pub fn save_ballot_in(
    tx: &Transaction,
    review_id: &str,
    ballot_id: Option<&str>,
    draft: BallotDraft,
    change: &Change,
) -> Result<()> {
    let conn: &Connection = tx;
    editable(conn, review_id, Edit::Ballots)?;
    let draft = draft.validated(&branch_ids(conn, review_id)?)?;
    let mut ballots = store::ballots(conn, review_id)?;
    let mut previous = None;
    let ballot = match ballot_id {
        Some(id) => {
            let old = ballots
                .iter_mut()
                .find(|b| b.id == id)
                .ok_or_else(|| not_found("ballot", id))?;
            previous = Some(old.clone());
            old.group = draft.group;
            old.marks = draft.marks;
            old.clone()
        }
        None => {
            let ballot = Ballot {
                id: db::new_id(),
                review_id: review_id.to_owned(),
                sheet_no: store::next_sheet_no(conn, review_id)?,
                group: draft.group,
                marks: draft.marks,
            };
            ballots.push(ballot.clone());
            ballot
        }
    };
    check_sheets(
        &ballots,
        &store::totals(conn, review_id)?,
        &store::reviewers(conn, review_id)?,
    )?;
    let action = if ballot_id.is_some() {
        "ballotEdited"
    } else {
        "ballotAdded"
    };
    let marks_json = |b: &Ballot| {
        b.marks
            .iter()
            .map(|m| serde_json::json!([m.branch_id, m.mark.as_str(), m.comment]))
            .collect::<Vec<_>>()
    };
    let mut detail = serde_json::json!({
        "ballotId": ballot.id, "sheetNo": ballot.sheet_no, "group": ballot.group.as_str(),
        "marks": marks_json(&ballot),
    });
    if let Some(old) = &previous {
        // An edit keeps what it replaced, so the log alone tells the correction.
        detail["before"] = serde_json::json!({
            "group": old.group.as_str(), "marks": marks_json(old),
        });
    }
    audited(tx, review_id, change, action, detail, |tx| {
        store::save_ballot(tx, &ballot)
    })
}

/// Enters a pile of sheets at once (a ballot file): all of them or none, in one transaction,
/// each sheet through `save_ballot` with its own audit entry. A draft review starts collecting
/// first, as 开始收集选票 does. Refused as a whole by the first sheet that is refused.
pub fn import_ballots(
    conn: &mut Connection,
    review_id: &str,
    sheets: Vec<BallotDraft>,
    change: &Change,
) -> Result<ReviewDetail> {
    in_tx(conn, |tx| {
        if get_row(tx, review_id)?.state == ReviewState::Draft {
            start_collecting_in(tx, review_id, change)?;
        }
        for sheet in sheets {
            save_ballot_in(tx, review_id, None, sheet, change)?;
        }
        Ok(())
    })?;
    get_review(conn, review_id)
}

/// The largest ballot file read: a community's sheets are a few kilobytes.
pub const MAX_BALLOT_FILE_BYTES: u64 = 4 << 20;

/// Enters the sheets of a ballot file (`review::sheets` says its layout) into the review: the
/// size is checked before reading, the header against the review's branches, every row; any
/// problem refuses the file (`BallotFile`, by row and column) and nothing is stored. Then as
/// `import_ballots`.
pub fn import_ballot_file(
    conn: &mut Connection,
    review_id: &str,
    path: &std::path::Path,
    change: &Change,
) -> Result<ReviewDetail> {
    let text = crate::files::read_limited(path, MAX_BALLOT_FILE_BYTES)?;
    let detail = get_review(conn, review_id)?;
    let named: Vec<(String, String)> = detail
        .branches
        .iter()
        .map(|b| (b.branch_id.clone(), b.branch_name.clone()))
        .collect();
    let sheets = review::sheets::parse(&text, &named)?;
    import_ballots(conn, review_id, sheets, change)
}

/// Corrects a saved sheet: its group, marks and comments, in one transaction with a
/// `ballotEdited` audit entry that keeps the marks it replaced. The same rules as entering a
/// sheet (`save_ballot`): only while collecting (`ReviewLocked` once finalised,
/// `ReviewTransition` in any other state), every branch of the review gets a mark, a branch
/// outside it is `BranchNotInReview`, a group change past the registered reviewers is
/// `TooManyBallots`. A sheet saved unchanged writes nothing.
pub fn update_ballot(
    conn: &mut Connection,
    ballot_id: &str,
    draft: BallotDraft,
    change: &Change,
) -> Result<ReviewDetail> {
    let review_id = in_tx(conn, |tx| {
        let old =
            store::get_ballot(tx, ballot_id)?.ok_or_else(|| not_found("ballot", ballot_id))?;
        editable(tx, &old.review_id, Edit::Ballots)?;
        let draft = draft.validated(&branch_ids(tx, &old.review_id)?)?;
        if draft.group != old.group || draft.marks != old.marks {
            save_ballot_in(tx, &old.review_id, Some(ballot_id), draft, change)?;
        }
        Ok(old.review_id)
    })?;
    get_review(conn, &review_id)
}

/// Deletes a sheet entered by mistake (while collecting).
pub fn delete_ballot(
    conn: &mut Connection,
    ballot_id: &str,
    change: &Change,
) -> Result<ReviewDetail> {
    let review_id = in_tx(conn, |tx| {
        let ballot =
            store::get_ballot(tx, ballot_id)?.ok_or_else(|| not_found("ballot", ballot_id))?;
        editable(tx, &ballot.review_id, Edit::Ballots)?;
        let detail = serde_json::json!({ "ballotId": ballot.id, "sheetNo": ballot.sheet_no });
        audited(
            tx,
            &ballot.review_id,
            change,
            "ballotDeleted",
            detail,
            |tx| store::delete_ballot(tx, ballot_id),
        )?;
        Ok(ballot.review_id)
    })?;
    get_review(conn, &review_id)
}

/// Sets the hand-counted totals of a branch and group (all zero removes them).
pub fn set_totals(
    conn: &mut Connection,
    review_id: &str,
    totals: GroupTotals,
    change: &Change,
) -> Result<ReviewDetail> {
    in_tx(conn, |tx| set_totals_in(tx, review_id, totals, change))?;
    get_review(conn, review_id)
}

pub fn set_totals_in(
    tx: &Transaction,
    review_id: &str,
    totals: GroupTotals,
    change: &Change,
) -> Result<()> {
    editable(tx, review_id, Edit::Ballots)?;
    if !branch_ids(tx, review_id)?.contains(&totals.branch_id) {
        return Err(Error::BranchNotInReview {
            branch: totals.branch_id,
        });
    }
    let mut all = store::totals(tx, review_id)?;
    all.retain(|t| !(t.branch_id == totals.branch_id && t.group == totals.group));
    all.push(totals.clone());
    check_sheets(
        &store::ballots(tx, review_id)?,
        &all,
        &store::reviewers(tx, review_id)?,
    )?;
    let c = totals.counts;
    let detail = serde_json::json!({
        "branchId": totals.branch_id, "group": totals.group.as_str(),
        "counts": [c.satisfied, c.fairly_satisfied, c.dissatisfied, c.no_rating, c.two_ratings],
    });
    audited(tx, review_id, change, "setTotals", detail, |tx| {
        store::set_totals(tx, review_id, &totals)
    })
}

/// The committee's comment on a branch.
pub fn set_comment(
    conn: &mut Connection,
    review_id: &str,
    branch_id: &str,
    comment: &str,
    change: &Change,
) -> Result<ReviewDetail> {
    in_tx(conn, |tx| {
        set_comment_in(tx, review_id, branch_id, comment, change)
    })?;
    get_review(conn, review_id)
}

pub fn set_comment_in(
    tx: &Transaction,
    review_id: &str,
    branch_id: &str,
    comment: &str,
    change: &Change,
) -> Result<()> {
    editable(tx, review_id, Edit::Rectification)?;
    if !branch_ids(tx, review_id)?.iter().any(|b| b == branch_id) {
        return Err(Error::BranchNotInReview {
            branch: branch_id.to_owned(),
        });
    }
    let comment = review::comment_text(comment)?;
    let detail = serde_json::json!({ "branchId": branch_id, "comment": comment });
    audited(tx, review_id, change, "setComment", detail, |tx| {
        store::set_comment(tx, review_id, branch_id, &comment)
    })
}

/// Adds a rectification item (`item_id: None`) or edits one. Once the review is finalised,
/// only the follow-up (status, date done, note) may change.
pub fn save_item(
    conn: &mut Connection,
    review_id: &str,
    item_id: Option<&str>,
    draft: ItemDraft,
    today: NaiveDate,
    change: &Change,
) -> Result<ReviewDetail> {
    in_tx(conn, |tx| {
        save_item_in(tx, review_id, item_id, draft, today, change)
    })?;
    get_review(conn, review_id)
}

pub fn save_item_in(
    tx: &Transaction,
    review_id: &str,
    item_id: Option<&str>,
    draft: ItemDraft,
    today: NaiveDate,
    change: &Change,
) -> Result<()> {
    let conn: &Connection = tx;
    let row = get_row(conn, review_id)?;
    let draft = draft.validated(today)?;
    if !branch_ids(conn, review_id)?.contains(&draft.branch_id) {
        return Err(Error::BranchNotInReview {
            branch: draft.branch_id,
        });
    }
    let old = match item_id {
        Some(id) => {
            let old = store::get_item(conn, id)?
                .filter(|i| i.review_id == review_id)
                .ok_or_else(|| not_found("rectification item", id))?;
            Some(old)
        }
        None => None,
    };
    let item = RectificationItem {
        id: old.as_ref().map_or_else(db::new_id, |o| o.id.clone()),
        review_id: review_id.to_owned(),
        branch_id: draft.branch_id,
        what: draft.what,
        owner: draft.owner,
        due_on: draft.due_on,
        status: draft.status,
        done_on: draft.done_on,
        note: draft.note,
    };
    let follow_up_only = old.as_ref().is_some_and(|o| {
        o.branch_id == item.branch_id
            && o.what == item.what
            && o.owner == item.owner
            && o.due_on == item.due_on
    });
    review::check_edit(
        row.state,
        if follow_up_only {
            Edit::FollowUp
        } else {
            Edit::Rectification
        },
    )?;
    let action = match (&old, follow_up_only) {
        (None, _) => "itemAdded",
        (Some(_), true) => "itemFollowUp",
        (Some(_), false) => "itemEdited",
    };
    let detail = serde_json::json!({
        "itemId": item.id, "branchId": item.branch_id, "what": item.what, "owner": item.owner,
        "dueOn": item.due_on, "status": item.status.as_str(), "doneOn": item.done_on,
        "note": item.note,
    });
    audited(tx, review_id, change, action, detail, |tx| match &old {
        None => store::insert_item(tx, &item),
        Some(_) if follow_up_only => store::update_item_follow_up(tx, &item),
        Some(_) => store::update_item_content(tx, &item),
    })
}

/// Sets the tally settings of a review (until tallied) and makes them the community's
/// settings for its next reviews.
pub fn set_settings(
    conn: &mut Connection,
    review_id: &str,
    settings: ReviewSettings,
    change: &Change,
) -> Result<ReviewDetail> {
    in_tx(conn, |tx| {
        let row = editable(tx, review_id, Edit::Settings)?;
        let settings = settings.validated()?;
        let detail = serde_json::to_value(settings).unwrap_or_default();
        audited(tx, review_id, change, "setSettings", detail, |tx| {
            store::set_settings(tx, review_id, &settings)?;
            store::save_community_settings(tx, &row.community_id, &settings)
        })
    })?;
    get_review(conn, review_id)
}

/// Rebuilds every fact sheet from the data as it is now (until tallied).
pub fn refresh_facts(
    conn: &mut Connection,
    review_id: &str,
    today: NaiveDate,
    change: &Change,
) -> Result<ReviewDetail> {
    in_tx(conn, |tx| {
        let row = editable(tx, review_id, Edit::Facts)?;
        let mut sheets = Vec::new();
        for id in branch_ids(tx, review_id)? {
            let sheet = build_facts(tx, &id, row.year, row.quarter, today)?;
            sheets.push((id, store::to_json(&sheet)?));
        }
        audited(
            tx,
            review_id,
            change,
            "refreshFacts",
            serde_json::json!({ "today": today }),
            |tx| {
                for (id, json) in &sheets {
                    store::set_facts(tx, review_id, id, json)?;
                }
                Ok(())
            },
        )
    })?;
    get_review(conn, review_id)
}

/// Checks the audit chain: every link and hash, then every review against its entries (its
/// anchor, then its data against the digest of its last entry). The first break, with the
/// review it is about named, or none (完整).
pub fn verify_audit(conn: &Connection) -> Result<ChainCheck> {
    let entries = store::audit_log(conn)?;
    let mut reviews = Vec::new();
    for id in store::all_ids(conn)? {
        reviews.push(review_now(conn, &id)?);
    }
    let mut check = audit::verify(&entries, &reviews);
    if let Some(broken) = &mut check.broken {
        broken.review = review_name(conn, &broken.review_id)?;
    }
    Ok(check)
}

/// The review's own end of the audit log (its entry count and last hash), for the printed
/// report's footer.
pub fn audit_head(conn: &Connection, review_id: &str) -> Result<ChainHead> {
    let own = store::audit_of(conn, review_id)?;
    Ok(ChainHead {
        entries: own.len() as u32,
        hash: own.last().map(|e| e.hash.clone()),
    })
}

/// The head of the whole audit log, for a backup's manifest.
pub fn chain_head(conn: &Connection) -> Result<ChainHead> {
    Ok(audit::chain_head(&store::audit_log(conn)?))
}

/// A branch's result in one review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BranchResult {
    pub review_id: String,
    pub year: i32,
    pub quarter: u32,
    pub state: ReviewState,
    pub rate: Option<f64>,
    pub member_rate: Option<f64>,
    pub resident_rate: Option<f64>,
    pub score: Option<f64>,
    pub rank: Option<u32>,
    /// Branches in the review.
    pub of: u32,
    pub flagged: bool,
    /// The review's threshold (percent): the line the history chart draws.
    pub threshold_percent: u32,
}

/// A branch's results across quarters (tallied and finalised reviews), oldest first.
pub fn branch_history(conn: &Connection, branch_id: &str) -> Result<Vec<BranchResult>> {
    branches::get(conn, branch_id)?.ok_or_else(|| not_found("branch", branch_id))?;
    let mut out = Vec::new();
    for row in store::of_branch(conn, branch_id)? {
        if !matches!(row.state, ReviewState::Tallied | ReviewState::Finalised) {
            continue;
        }
        let figures = tally_of(conn, &row)?;
        if let Some(line) = figures.branches.iter().find(|b| b.branch_id == branch_id) {
            out.push(BranchResult {
                review_id: row.id.clone(),
                year: row.year,
                quarter: row.quarter,
                state: row.state,
                rate: line.combined.rate,
                member_rate: line.member.rate,
                resident_rate: line.resident.rate,
                score: line.combined.score,
                rank: line.rank,
                of: figures.branches.len() as u32,
                flagged: line.flagged,
                threshold_percent: row.settings.threshold_percent,
            });
        }
    }
    Ok(out)
}

/// One branch's place in one quarter's ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RankingRow {
    pub branch_id: String,
    pub branch_name: String,
    pub rank: Option<u32>,
    pub score: Option<f64>,
    pub rate: Option<f64>,
    pub flagged: bool,
}

/// A community's ranking in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuarterRanking {
    pub review_id: String,
    pub year: i32,
    pub quarter: u32,
    pub state: ReviewState,
    /// Best first.
    pub rows: Vec<RankingRow>,
}

/// A community's ranking in each tallied or finalised review, oldest quarter first.
pub fn community_ranking(conn: &Connection, community_id: &str) -> Result<Vec<QuarterRanking>> {
    communities::get(conn, community_id)?.ok_or_else(|| not_found("community", community_id))?;
    let names: std::collections::HashMap<String, String> = branches::list(conn)?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let mut out = Vec::new();
    for row in store::list(conn, Some(community_id))? {
        if !matches!(row.state, ReviewState::Tallied | ReviewState::Finalised) {
            continue;
        }
        let figures = tally_of(conn, &row)?;
        out.push(QuarterRanking {
            review_id: row.id.clone(),
            year: row.year,
            quarter: row.quarter,
            state: row.state,
            rows: figures
                .branches
                .iter()
                .map(|b| RankingRow {
                    branch_id: b.branch_id.clone(),
                    branch_name: names.get(&b.branch_id).cloned().unwrap_or_default(),
                    rank: b.rank,
                    score: b.combined.score,
                    rate: b.combined.rate,
                    flagged: b.flagged,
                })
                .collect(),
        });
    }
    Ok(out)
}
