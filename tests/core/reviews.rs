//! 评议 on real database files: every transition and refusal, the tally against a hand count,
//! rectification items carried into the next quarter, finalised data refused by the database
//! itself, and the audit chain catching edits made behind the app's back (also via the CLI).

use std::path::Path;

use branch_planner::api::register as reg;
use branch_planner::api::reviews::{self as rv, Change, ReviewDetail};
use branch_planner::review::audit::BreakKind;
use branch_planner::review::tally::{Counts, GroupTotals};
use branch_planner::review::{
    BallotDraft, BallotMark, ItemDraft, ItemStatus, Mark, ReviewState, ReviewerGroup,
};
use branch_planner::{Error, ErrorCode};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use crate::{demo_db, planner_json, today};

const COMMUNITY: &str = "杏花社区";
const OTHER_COMMUNITY: &str = "青石社区";

fn at() -> NaiveDateTime {
    today().and_hms_opt(10, 0, 0).unwrap()
}

fn change(at: &NaiveDateTime) -> Change<'_> {
    Change {
        actor: "杏花社区党委",
        at: *at,
    }
}

fn community(conn: &Connection, name: &str) -> (String, Vec<String>) {
    let tree = reg::org_tree(conn).unwrap();
    let node = tree
        .towns
        .iter()
        .flat_map(|t| &t.communities)
        .find(|c| c.community.name == name)
        .unwrap();
    (
        node.community.id.clone(),
        node.branches.iter().map(|b| b.branch.id.clone()).collect(),
    )
}

fn sheet(group: ReviewerGroup, marks: &[(&str, Mark)]) -> BallotDraft {
    BallotDraft {
        group,
        marks: marks
            .iter()
            .map(|(b, m)| BallotMark {
                branch_id: (*b).to_owned(),
                mark: *m,
                comment: String::new(),
            })
            .collect(),
    }
}

fn audit_rows(conn: &Connection) -> i64 {
    conn.query_row("SELECT COUNT(*) FROM review_audit", [], |r| r.get(0))
        .unwrap()
}

fn code(err: Error) -> ErrorCode {
    err.code()
}

/// Opens 2026 Q3 for 杏花社区 and starts collecting, with 3 registered residents.
fn collecting(conn: &mut Connection) -> (ReviewDetail, Vec<String>) {
    let now = at();
    let (community_id, branches) = community(conn, COMMUNITY);
    let review = rv::open_review(conn, &community_id, 2026, 3, today(), &change(&now)).unwrap();
    rv::set_reviewers(
        conn,
        &review.review.id,
        ReviewerGroup::Resident,
        3,
        &change(&now),
    )
    .unwrap();
    let review = rv::start_collecting(conn, &review.review.id, &change(&now)).unwrap();
    (review, branches)
}

/// Every branch gets one hand-counted member vote (满意), so the review can be finalised.
fn one_vote_each(conn: &mut Connection, review_id: &str, branches: &[String]) {
    let now = at();
    for b in branches {
        rv::set_totals(
            conn,
            review_id,
            GroupTotals {
                branch_id: b.clone(),
                group: ReviewerGroup::Member,
                counts: Counts {
                    satisfied: 1,
                    ..Default::default()
                },
            },
            &change(&now),
        )
        .unwrap();
    }
}

#[test]
fn opening_builds_a_fact_sheet_per_branch_and_refuses_a_second_review() {
    let (_dir, _path, mut conn) = demo_db();
    let now = at();
    let (community_id, branches) = community(&conn, COMMUNITY);
    let review =
        rv::open_review(&mut conn, &community_id, 2026, 3, today(), &change(&now)).unwrap();
    assert_eq!(review.review.state, ReviewState::Draft);
    assert_eq!(
        review.branches.len(),
        branches.len(),
        "every branch of the community"
    );
    assert_eq!(branches.len(), 4);
    let facts = &review.branches[0].facts;
    assert_eq!((facts.year, facts.quarter), (2026, 3));
    assert_eq!(facts.days_scheduled, 3, "July, August, September");
    let members: u32 = reg::org_tree(&conn).unwrap().towns[0]
        .communities
        .iter()
        .find(|c| c.community.id == community_id)
        .unwrap()
        .branches
        .iter()
        .map(|b| b.active_members)
        .sum();
    assert_eq!(
        review.reviewers[0].registered, members,
        "members default to the community's"
    );
    assert_eq!(
        review.reviewers[1].registered, 0,
        "residents are registered by hand"
    );
    assert_eq!(review.audit.len(), 1);
    assert_eq!(review.audit[0].action, "open");

    let again =
        rv::open_review(&mut conn, &community_id, 2026, 3, today(), &change(&now)).unwrap_err();
    assert_eq!(code(again), ErrorCode::Duplicate);
    assert_eq!(audit_rows(&conn), 1, "nothing written");
    let bad =
        rv::open_review(&mut conn, &community_id, 2026, 5, today(), &change(&now)).unwrap_err();
    assert_eq!(code(bad), ErrorCode::Invalid);
}

#[test]
fn transitions_out_of_order_are_refused() {
    let (_dir, _path, mut conn) = demo_db();
    let now = at();
    let (community_id, branches) = community(&conn, COMMUNITY);
    let id = rv::open_review(&mut conn, &community_id, 2026, 3, today(), &change(&now))
        .unwrap()
        .review
        .id;
    for err in [
        rv::tally_review(&mut conn, &id, &change(&now)).unwrap_err(),
        rv::finalise(&mut conn, &id, &change(&now)).unwrap_err(),
        rv::resume_collecting(&mut conn, &id, &change(&now)).unwrap_err(),
        rv::reopen(&mut conn, &id, "理由", &change(&now)).unwrap_err(),
        rv::save_ballot(
            &mut conn,
            &id,
            None,
            sheet(ReviewerGroup::Member, &[(&branches[0], Mark::Satisfied)]),
            &change(&now),
        )
        .unwrap_err(),
    ] {
        assert_eq!(code(err), ErrorCode::ReviewTransition);
    }
    rv::start_collecting(&mut conn, &id, &change(&now)).unwrap();
    let early = rv::finalise(&mut conn, &id, &change(&now)).unwrap_err();
    assert_eq!(code(early), ErrorCode::ReviewTransition, "tally first");
    assert_eq!(
        code(rv::start_collecting(&mut conn, &id, &change(&now)).unwrap_err()),
        ErrorCode::ReviewTransition
    );
    assert_eq!(
        audit_rows(&conn),
        2,
        "only open and start collecting were written"
    );
}

#[test]
fn a_review_from_ballots_to_a_locked_result() {
    let (_dir, _path, mut conn) = demo_db();
    let now = at();
    let (review, b) = collecting(&mut conn);
    let id = review.review.id.clone();
    let (_, other) = community(&conn, OTHER_COMMUNITY);
    use Mark::*;
    use ReviewerGroup::*;

    // A ballot naming a branch of another community: refused, nothing written.
    let before = audit_rows(&conn);
    let outsider = rv::save_ballot(
        &mut conn,
        &id,
        None,
        sheet(Member, &[(&other[0], Satisfied)]),
        &change(&now),
    )
    .unwrap_err();
    assert_eq!(code(outsider), ErrorCode::BranchNotInReview);
    assert_eq!(audit_rows(&conn), before);

    // Hand count for branch 0: members 满意, 满意, 基本满意, (two boxes); residents 不满意,
    // 基本满意, (blank). Branch 1: members 满意 ×3, (blank); residents 满意, 满意, 不满意.
    let sheets = [
        (Member, [Satisfied, Satisfied]),
        (Member, [Satisfied, Satisfied]),
        (Member, [FairlySatisfied, Satisfied]),
        (Member, [TwoRatings, NoRating]),
        (Resident, [Dissatisfied, Satisfied]),
        (Resident, [FairlySatisfied, Satisfied]),
        (Resident, [NoRating, Dissatisfied]),
    ];
    for (group, [m0, m1]) in sheets {
        rv::save_ballot(
            &mut conn,
            &id,
            None,
            sheet(group, &[(&b[0], m0), (&b[1], m1)]),
            &change(&now),
        )
        .unwrap();
    }
    let fourth = rv::save_ballot(
        &mut conn,
        &id,
        None,
        sheet(Resident, &[(&b[0], Satisfied)]),
        &change(&now),
    )
    .unwrap_err();
    assert!(
        matches!(
            fourth,
            Error::TooManyBallots {
                registered: 3,
                sheets: 4,
                ..
            }
        ),
        "3 residents registered: {fourth:?}"
    );
    let lower = rv::set_reviewers(&mut conn, &id, Resident, 2, &change(&now)).unwrap_err();
    assert_eq!(
        code(lower),
        ErrorCode::TooManyBallots,
        "fewer than the sheets in"
    );

    let tallied = rv::tally_review(&mut conn, &id, &change(&now)).unwrap();
    assert_eq!(tallied.review.state, ReviewState::Tallied);
    let line = |i: usize| {
        tallied
            .tally
            .branches
            .iter()
            .find(|l| l.branch_id == b[i])
            .unwrap()
            .clone()
    };
    let b0 = line(0);
    assert_eq!(b0.member.counts.satisfied, 2);
    assert_eq!(b0.member.invalid, 1);
    assert_eq!(b0.resident.invalid, 1);
    assert_eq!(b0.combined.total, 7, "every sheet counted");
    assert_eq!(b0.combined.valid, 5);
    // (2 + 1 + 1) ÷ 5 = 80%; (200 + 60 + 60 + 0) ÷ 5 = 64.
    assert_eq!(b0.combined.rate, Some(0.8));
    assert_eq!(b0.combined.score, Some(64.0));
    assert!(!b0.flagged, "80% is the threshold, not below it");
    let b1 = line(1);
    // (3 + 2) ÷ 6 = 83.3%; 500 ÷ 6 = 83.3 → rank 1.
    assert_eq!(b1.combined.valid, 6);
    assert_eq!(b1.rank, Some(1));
    assert_eq!(b0.rank, Some(2));
    assert_eq!(line(2).rank, None, "blank on every sheet: no valid vote");
    assert_eq!(line(2).combined.invalid, 7, "but its blanks are counted");

    let empty = rv::finalise(&mut conn, &id, &change(&now)).unwrap_err();
    match &empty {
        Error::BranchesWithoutBallots(ids) => assert_eq!(ids, &[b[2].clone(), b[3].clone()]),
        other => panic!("expected BranchesWithoutBallots, got {other:?}"),
    }
    rv::resume_collecting(&mut conn, &id, &change(&now)).unwrap();
    one_vote_each(&mut conn, &id, &b[2..]);
    rv::tally_review(&mut conn, &id, &change(&now)).unwrap();
    rv::set_comment(&mut conn, &id, &b[0], "入户走访要再加强", &change(&now)).unwrap();
    let done = rv::finalise(&mut conn, &id, &change(&now)).unwrap();
    assert_eq!(done.review.state, ReviewState::Finalised);
    assert_eq!(done.branches[0].comment, "入户走访要再加强");

    // Locked: every edit refused, nothing written.
    let before = audit_rows(&conn);
    let ballot_id = done.ballots[0].id.clone();
    let refusals = [
        rv::save_ballot(&mut conn, &id, None, sheet(Member, &[]), &change(&now)).unwrap_err(),
        rv::save_ballot(
            &mut conn,
            &id,
            Some(&ballot_id),
            sheet(Member, &[]),
            &change(&now),
        )
        .unwrap_err(),
        rv::delete_ballot(&mut conn, &ballot_id, &change(&now)).unwrap_err(),
        rv::set_comment(&mut conn, &id, &b[0], "改", &change(&now)).unwrap_err(),
        rv::set_reviewers(&mut conn, &id, Member, 1, &change(&now)).unwrap_err(),
        rv::set_totals(
            &mut conn,
            &id,
            GroupTotals {
                branch_id: b[0].clone(),
                group: Member,
                counts: Counts::default(),
            },
            &change(&now),
        )
        .unwrap_err(),
        rv::start_collecting(&mut conn, &id, &change(&now)).unwrap_err(),
        rv::tally_review(&mut conn, &id, &change(&now)).unwrap_err(),
        rv::refresh_facts(&mut conn, &id, today(), &change(&now)).unwrap_err(),
    ];
    for err in refusals {
        assert_eq!(code(err), ErrorCode::ReviewLocked);
    }
    assert_eq!(audit_rows(&conn), before, "nothing written while locked");

    // Reopening needs a reason, which is recorded.
    let no_reason = rv::reopen(&mut conn, &id, "  ", &change(&now)).unwrap_err();
    assert_eq!(code(no_reason), ErrorCode::Invalid);
    let reopened = rv::reopen(&mut conn, &id, "第 3 张选票录错", &change(&now)).unwrap();
    assert_eq!(reopened.review.state, ReviewState::Tallied);
    assert_eq!(reopened.reopenings.len(), 1);
    assert_eq!(reopened.reopenings[0].reason, "第 3 张选票录错");
    assert_eq!(reopened.audit.last().unwrap().action, "reopen");
    let check = rv::verify_audit(&conn).unwrap();
    assert_eq!(
        check.broken, None,
        "the app's own writes keep the chain intact"
    );
    assert_eq!(check.entries as usize, reopened.audit.len());
}

#[test]
fn rectification_items_are_carried_into_the_next_quarter() {
    let (_dir, _path, mut conn) = demo_db();
    let now = at();
    let (review, b) = collecting(&mut conn);
    let id = review.review.id.clone();
    one_vote_each(&mut conn, &id, &b);
    rv::tally_review(&mut conn, &id, &change(&now)).unwrap();
    let draft = ItemDraft {
        branch_id: b[1].clone(),
        what: "补齐八月活动的签到表".into(),
        owner: "组织委员".into(),
        due_on: NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
        status: ItemStatus::Open,
        done_on: None,
        note: String::new(),
    };
    let with_item =
        rv::save_item(&mut conn, &id, None, draft.clone(), today(), &change(&now)).unwrap();
    let item_id = with_item.branches[1].items[0].id.clone();
    rv::finalise(&mut conn, &id, &change(&now)).unwrap();

    let (community_id, _) = community(&conn, COMMUNITY);
    let q4 = rv::open_review(&mut conn, &community_id, 2026, 4, today(), &change(&now)).unwrap();
    let carried = &q4.branches[1].facts.carried_items;
    assert_eq!(carried.len(), 1);
    assert_eq!(carried[0].what, "补齐八月活动的签到表");
    assert_eq!(q4.branches[1].facts.carried_open, 1);
    assert!(
        q4.branches[0].facts.carried_items.is_empty(),
        "only the branch's own items"
    );

    // The follow-up goes on after finalisation; what the item says does not change.
    let reworded = ItemDraft {
        what: "改写".into(),
        ..draft.clone()
    };
    let locked = rv::save_item(
        &mut conn,
        &id,
        Some(&item_id),
        reworded,
        today(),
        &change(&now),
    )
    .unwrap_err();
    assert_eq!(code(locked), ErrorCode::ReviewLocked);
    let done = ItemDraft {
        status: ItemStatus::Done,
        done_on: Some(today()),
        note: "已补齐".into(),
        ..draft
    };
    rv::save_item(&mut conn, &id, Some(&item_id), done, today(), &change(&now)).unwrap();
    let q4 = rv::refresh_facts(&mut conn, &q4.review.id, today(), &change(&now)).unwrap();
    let carried = &q4.branches[1].facts.carried_items;
    assert_eq!(carried[0].status, ItemStatus::Done);
    assert_eq!(q4.branches[1].facts.carried_open, 0);
    assert_eq!(rv::verify_audit(&conn).unwrap().broken, None);

    // History: the branch's Q3 result and the community's ranking.
    let history = rv::branch_history(&conn, &b[1]).unwrap();
    assert_eq!(history.len(), 1, "Q4 is not tallied yet");
    assert_eq!((history[0].year, history[0].quarter), (2026, 3));
    assert_eq!(
        history[0].rank,
        Some(1),
        "all tied at 100: everyone is first"
    );
    let ranking = rv::community_ranking(&conn, &community_id).unwrap();
    assert_eq!(ranking.len(), 1);
    assert_eq!(ranking[0].rows.len(), 4);
}

fn planner_verify(path: &Path) -> std::process::Output {
    crate::planner()
        .args(["review", "verify", "--db"])
        .arg(path)
        .output()
        .unwrap()
}

#[test]
fn the_database_refuses_changes_to_a_finalised_review() {
    let (_dir, _path, mut conn) = demo_db();
    let now = at();
    let (review, b) = collecting(&mut conn);
    let id = review.review.id.clone();
    one_vote_each(&mut conn, &id, &b);
    rv::tally_review(&mut conn, &id, &change(&now)).unwrap();
    rv::finalise(&mut conn, &id, &change(&now)).unwrap();
    for sql in [
        "UPDATE review_total SET satisfied = 9",
        "UPDATE review_branch SET comment = 'x'",
        "DELETE FROM review_reviewers",
        "UPDATE review SET settings = '{}'",
        "UPDATE review_audit SET actor = 'x'",
        "DELETE FROM review_audit",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(
            err.to_string().contains("finalised") || err.to_string().contains("append-only"),
            "{sql}: {err}"
        );
    }
}

#[test]
fn a_ballot_edited_behind_the_apps_back_is_detected() {
    let (_dir, path, mut conn) = demo_db();
    let now = at();
    let (review, b) = collecting(&mut conn);
    let id = review.review.id.clone();
    rv::save_ballot(
        &mut conn,
        &id,
        None,
        sheet(ReviewerGroup::Member, &[(&b[0], Mark::Dissatisfied)]),
        &change(&now),
    )
    .unwrap();
    let tallied = rv::tally_review(&mut conn, &id, &change(&now)).unwrap();
    let last_seq = tallied.audit.last().unwrap().seq;
    assert!(planner_verify(&path).status.success());

    conn.execute(
        "UPDATE review_ballot_mark SET mark = 'satisfied' WHERE mark = 'dissatisfied'",
        [],
    )
    .unwrap();
    let broken = rv::verify_audit(&conn).unwrap().broken.unwrap();
    assert_eq!(broken.kind, BreakKind::Data);
    assert_eq!(broken.seq, Some(last_seq), "names the review's last entry");
    assert_eq!(broken.review_id, id);

    let out = planner_verify(&path);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("#{last_seq}")), "{stderr}");
}

#[test]
fn an_audit_entry_edited_behind_the_apps_back_is_detected() {
    let (_dir, path, mut conn) = demo_db();
    let (review, _) = collecting(&mut conn);
    assert_eq!(review.audit.len(), 3);
    // Someone with the sqlite3 shell: drops the guard, rewrites entry 2.
    conn.execute_batch(
        "DROP TRIGGER review_audit_no_update;
         UPDATE review_audit SET detail = '{\"group\":\"resident\",\"registered\":300}' WHERE seq = 2;",
    )
    .unwrap();
    let broken = rv::verify_audit(&conn).unwrap().broken.unwrap();
    assert_eq!((broken.seq, broken.kind), (Some(2), BreakKind::Content));
    assert_eq!(broken.action, "setReviewers");
    let out = planner_verify(&path);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("#2"));
}

#[test]
fn planner_review_show_prints_the_figures_as_json() {
    let (_dir, path, mut conn) = demo_db();
    let now = at();
    let (review, b) = collecting(&mut conn);
    let id = review.review.id.clone();
    for mark in [Mark::Satisfied, Mark::FairlySatisfied, Mark::TwoRatings] {
        rv::save_ballot(
            &mut conn,
            &id,
            None,
            sheet(
                ReviewerGroup::Member,
                &[(&b[0], mark), (&b[1], Mark::Dissatisfied)],
            ),
            &change(&now),
        )
        .unwrap();
    }
    let (community_id, _) = community(&conn, COMMUNITY);
    let json = planner_json(
        &[
            "review",
            "show",
            "--community",
            &community_id,
            "--year",
            "2026",
            "--quarter",
            "3",
            "--json",
        ],
        &path,
    );
    assert_eq!(
        json["review"]["state"], "collecting",
        "show changes nothing"
    );
    assert_eq!(
        json["auditHead"]["entries"], 6,
        "open, reviewers, start, 3 sheets"
    );
    assert_eq!(json["rateFormula"], "满意率 = (满意 + 基本满意) ÷ 有效票");
    let first = &json["branches"][0];
    assert_eq!(first["branchId"], b[0]);
    assert_eq!(first["rank"], 1);
    assert_eq!(first["combined"]["valid"], 2);
    assert_eq!(first["combined"]["invalid"], 1);
    assert_eq!(first["combined"]["score"], 80.0, "(100 + 60) ÷ 2");
    assert_eq!(json["branches"][1]["flagged"], true, "0% satisfied");
    let missing = crate::planner()
        .args(["review", "show", "--db"])
        .arg(&path)
        .args([
            "--community",
            &community_id,
            "--year",
            "2026",
            "--quarter",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1), "no review that quarter");
}

fn with_comment(mut draft: BallotDraft, branch: &str, comment: &str) -> BallotDraft {
    for m in &mut draft.marks {
        if m.branch_id == branch {
            m.comment = comment.to_owned();
        }
    }
    draft
}

#[test]
fn a_saved_ballot_is_corrected_in_place_with_its_comments() {
    use Mark::*;
    use ReviewerGroup::*;
    let (_dir, _path, mut conn) = demo_db();
    let now = at();
    let (review, b) = collecting(&mut conn);
    let id = review.review.id.clone();
    let first = rv::save_ballot(
        &mut conn,
        &id,
        None,
        with_comment(
            sheet(Resident, &[(&b[0], Satisfied), (&b[1], FairlySatisfied)]),
            &b[0],
            "  活动办得实在 ",
        ),
        &change(&now),
    )
    .unwrap();
    let ballot = first.ballots[0].clone();
    assert_eq!(ballot.marks[0].comment, "活动办得实在", "trimmed, kept");
    let tallied_first = first.tally.branches.iter().find(|t| t.branch_id == b[0]);
    assert_eq!(tallied_first.unwrap().resident.counts.satisfied, 1);

    // The correction: another mark and comment for the first branch, a comment for the second.
    let draft = with_comment(
        with_comment(
            sheet(Resident, &[(&b[0], Dissatisfied), (&b[1], FairlySatisfied)]),
            &b[0],
            "路灯还没修",
        ),
        &b[1],
        "希望多来几次",
    );
    let audit_before = audit_rows(&conn);
    let edited = rv::update_ballot(&mut conn, &ballot.id, draft.clone(), &change(&now)).unwrap();
    assert_eq!(edited.ballots.len(), 1, "corrected, not added");
    let after = &edited.ballots[0];
    assert_eq!((after.id.as_str(), after.sheet_no), (ballot.id.as_str(), 1));
    assert_eq!(after.marks[0].mark, Dissatisfied);
    assert_eq!(after.marks[0].comment, "路灯还没修");
    assert_eq!(after.marks[1].comment, "希望多来几次");
    assert_eq!(
        after.marks[2].mark, NoRating,
        "a branch left out stays unrated"
    );
    let first_branch = &edited
        .tally
        .branches
        .iter()
        .find(|t| t.branch_id == b[0])
        .unwrap()
        .resident
        .counts;
    assert_eq!((first_branch.satisfied, first_branch.dissatisfied), (0, 1));
    assert_eq!(audit_rows(&conn), audit_before + 1);
    let entry = edited.audit.last().unwrap();
    assert_eq!(entry.action, "ballotEdited");
    let detail: serde_json::Value = serde_json::from_str(&entry.detail).unwrap();
    assert_eq!(detail["before"]["marks"][0][1], "satisfied", "{detail}");
    assert_eq!(detail["marks"][0][2], "路灯还没修");

    // Saving it unchanged writes nothing.
    rv::update_ballot(&mut conn, &ballot.id, draft.clone(), &change(&now)).unwrap();
    assert_eq!(audit_rows(&conn), audit_before + 1);

    // Refusals change nothing.
    let stored = rv::get_review(&conn, &id).unwrap().ballots;
    let outsider = rv::update_ballot(
        &mut conn,
        &ballot.id,
        sheet(Resident, &[("不在本社区的支部", Satisfied)]),
        &change(&now),
    )
    .unwrap_err();
    assert_eq!(code(outsider), ErrorCode::BranchNotInReview);
    let long = rv::update_ballot(
        &mut conn,
        &ballot.id,
        with_comment(draft.clone(), &b[0], &"长".repeat(1001)),
        &change(&now),
    )
    .unwrap_err();
    assert_eq!(code(long), ErrorCode::Invalid);
    let missing =
        rv::update_ballot(&mut conn, "no-such-ballot", draft.clone(), &change(&now)).unwrap_err();
    assert_eq!(code(missing), ErrorCode::NotFound);
    // 3 residents registered: 2 more resident sheets fill them, a member sheet turned into a
    // fourth resident one is too many.
    for _ in 0..2 {
        rv::save_ballot(&mut conn, &id, None, sheet(Resident, &[]), &change(&now)).unwrap();
    }
    let member = rv::save_ballot(&mut conn, &id, None, sheet(Member, &[]), &change(&now))
        .unwrap()
        .ballots
        .pop()
        .unwrap();
    let over =
        rv::update_ballot(&mut conn, &member.id, sheet(Resident, &[]), &change(&now)).unwrap_err();
    assert_eq!(code(over), ErrorCode::TooManyBallots);
    let now_stored = rv::get_review(&conn, &id).unwrap().ballots;
    assert_eq!(
        now_stored[0], stored[0],
        "the refused edits left the sheet as it was"
    );
    assert_eq!(now_stored[3].group, Member);

    // Tallied: resume collecting first. Finalised: locked.
    one_vote_each(&mut conn, &id, &b);
    rv::tally_review(&mut conn, &id, &change(&now)).unwrap();
    let tallied = rv::update_ballot(&mut conn, &ballot.id, draft.clone(), &change(&now));
    assert_eq!(code(tallied.unwrap_err()), ErrorCode::ReviewTransition);
    rv::finalise(&mut conn, &id, &change(&now)).unwrap();
    let audit_locked = audit_rows(&conn);
    let locked = rv::update_ballot(
        &mut conn,
        &ballot.id,
        sheet(Resident, &[(&b[0], Satisfied)]),
        &change(&now),
    );
    assert_eq!(code(locked.unwrap_err()), ErrorCode::ReviewLocked);
    assert_eq!(audit_rows(&conn), audit_locked);
    assert_eq!(
        rv::get_review(&conn, &id).unwrap().ballots[0].marks[0].mark,
        Dissatisfied
    );
    assert!(rv::verify_audit(&conn).unwrap().broken.is_none());
}

#[test]
fn a_branch_history_carries_the_review_threshold() {
    let (_dir, _path, mut conn) = demo_db();
    let now = at();
    let (review, b) = collecting(&mut conn);
    let id = review.review.id.clone();
    let mut settings = review.settings;
    settings.threshold_percent = 90;
    rv::set_settings(&mut conn, &id, settings, &change(&now)).unwrap();
    one_vote_each(&mut conn, &id, &b);
    rv::tally_review(&mut conn, &id, &change(&now)).unwrap();
    let history = rv::branch_history(&conn, &b[0]).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].threshold_percent, 90,
        "the community's setting, not 80"
    );
}

#[test]
fn planner_review_finalise_locks_a_tallied_review_and_refuses_otherwise() {
    let (_dir, path, mut conn) = demo_db();
    let now = at();
    let (review, b) = collecting(&mut conn);
    let id = review.review.id.clone();
    one_vote_each(&mut conn, &id, &b);
    let (community_id, _) = community(&conn, COMMUNITY);
    drop(conn);
    let finalise_with = |quarter: &str, more: &[&str]| {
        crate::planner()
            .args(["review", "finalise", "--db"])
            .arg(&path)
            .args(["--community", &community_id, "--year", "2026"])
            .args(["--quarter", quarter, "--json"])
            .args(more)
            .output()
            .unwrap()
    };
    let finalise = |quarter: &str| finalise_with(quarter, &[]);
    let state = || {
        let conn = Connection::open(&path).unwrap();
        let state: String = conn
            .query_row("SELECT state FROM review WHERE id = ?1", [&id], |r| {
                r.get(0)
            })
            .unwrap();
        (state, audit_rows(&conn))
    };
    let before = state();
    let early = finalise("3");
    assert_eq!(early.status.code(), Some(1), "collecting: tally first");
    assert_eq!(state(), before, "nothing written");
    assert_eq!(
        finalise("1").status.code(),
        Some(1),
        "no review that quarter"
    );
    assert_eq!(
        finalise("5").status.code(),
        Some(2),
        "a bad quarter is a usage error"
    );

    let mut conn = Connection::open(&path).unwrap();
    rv::tally_review(&mut conn, &id, &change(&now)).unwrap();
    drop(conn);
    // One hand-counted vote per branch out of the community's members: low turnout, so the
    // command line asks for --accept-low-turnout as the window asks for a yes.
    let tallied = state();
    let low = finalise("3");
    assert_eq!(low.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&low.stderr).unwrap();
    assert_eq!(err["error"]["code"], "lowTurnout", "{err}");
    assert_eq!(state(), tallied, "nothing written");
    let out = finalise_with("3", &["--accept-low-turnout"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["review"]["state"], "finalised");
    let (after, entries) = state();
    assert_eq!((after.as_str(), entries), ("finalised", before.1 + 2));
    let conn = Connection::open(&path).unwrap();
    let last = rv::get_review(&conn, &id).unwrap().audit.pop().unwrap();
    assert_eq!(last.action, "finalise");
    assert!(last.actor.contains("命令行"), "{}", last.actor);
    assert!(rv::verify_audit(&conn).unwrap().broken.is_none());
    assert_eq!(finalise("3").status.code(), Some(1), "already finalised");
}

fn altered(err: Error) -> branch_planner::review::audit::ChainBreak {
    match err {
        Error::ReviewAltered(broken) => *broken,
        other => panic!("expected ReviewAltered, got {other:?}"),
    }
}

/// A hand count changed in SQL: every state change is refused naming the review and the part
/// that differs, nothing is written, and `planner review verify` reports it. Put back, the
/// review goes on; changed again after tallying, finalising is refused the same way.
#[test]
fn a_total_changed_behind_the_apps_back_stops_every_state_change() {
    let (_dir, path, mut conn) = demo_db();
    let now = at();
    let (review, b) = collecting(&mut conn);
    let id = review.review.id.clone();
    one_vote_each(&mut conn, &id, &b);
    let (community_id, _) = community(&conn, COMMUNITY);
    let set_satisfied = |conn: &Connection, n: u32| {
        conn.execute(
            "UPDATE review_total SET satisfied = ?1 WHERE branch_id = ?2",
            rusqlite::params![n, b[0]],
        )
        .unwrap();
    };
    set_satisfied(&conn, 40);
    let before = audit_rows(&conn);
    let refused = altered(rv::tally_review(&mut conn, &id, &change(&now)).unwrap_err());
    assert_eq!(refused.kind, BreakKind::Data);
    assert_eq!(
        refused.parts,
        [branch_planner::review::audit::ReviewPart::Totals]
    );
    let name = refused.review.clone().unwrap();
    assert_eq!(
        (name.community.as_str(), name.year, name.quarter),
        (COMMUNITY, 2026, 3)
    );
    let api = branch_planner::ApiError::from(Error::ReviewAltered(Box::new(refused)));
    assert_eq!(api.code, ErrorCode::ReviewAltered);
    assert!(
        api.message.contains("杏花社区 2026 年第 3 季度"),
        "{}",
        api.message
    );
    assert!(api.message.contains("汇总票数"), "{}", api.message);
    assert!(
        api.chain_break.is_some(),
        "the window gets the break to word it"
    );
    // Editing on top would seal the changed count as the app's own: refused too.
    let edit = rv::set_reviewers(&mut conn, &id, ReviewerGroup::Resident, 4, &change(&now));
    assert_eq!(code(edit.unwrap_err()), ErrorCode::ReviewAltered);
    assert_eq!(audit_rows(&conn), before, "nothing written");
    drop(conn);
    let out = planner_verify(&path);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("汇总票数") && stderr.contains("杏花社区"),
        "{stderr}"
    );
    let cli = review_cli(&path, &community_id, &["tally"]);
    assert_eq!(
        cli.status.code(),
        Some(1),
        "the command line is refused too"
    );

    // Put back: the data matches its last entry again.
    let mut conn = Connection::open(&path).unwrap();
    set_satisfied(&conn, 1);
    rv::tally_review(&mut conn, &id, &change(&now)).unwrap();
    conn.execute(
        "UPDATE review_total SET dissatisfied = 3 WHERE branch_id = ?1",
        [&b[1]],
    )
    .unwrap();
    let before = audit_rows(&conn);
    for err in [
        rv::finalise(&mut conn, &id, &change(&now)).unwrap_err(),
        rv::resume_collecting(&mut conn, &id, &change(&now)).unwrap_err(),
    ] {
        let broken = altered(err);
        assert_eq!(
            (broken.kind, broken.action.as_str()),
            (BreakKind::Data, "tally")
        );
    }
    assert_eq!(audit_rows(&conn), before);
    drop(conn);
    assert_eq!(
        review_cli(&path, &community_id, &["finalise"])
            .status
            .code(),
        Some(1)
    );
    let conn = Connection::open(&path).unwrap();
    let state: String = conn
        .query_row("SELECT state FROM review WHERE id = ?1", [&id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(state, "tallied", "never finalised on changed figures");
}

/// The finalise entry deleted and the state set back by SQL: the chain alone is intact and the
/// data matches the tally entry, but the review's anchor still counts the removed entry.
#[test]
fn deleting_the_newest_audit_entries_is_detected() {
    let (_dir, path, mut conn) = demo_db();
    let now = at();
    let (review, b) = collecting(&mut conn);
    let id = review.review.id.clone();
    one_vote_each(&mut conn, &id, &b);
    rv::tally_review(&mut conn, &id, &change(&now)).unwrap();
    let done = rv::finalise(&mut conn, &id, &change(&now)).unwrap();
    let entries = done.audit.len() as u32;
    assert_eq!(rv::audit_head(&conn, &id).unwrap().entries, entries);
    conn.execute_batch(
        "DROP TRIGGER review_audit_no_delete;
         DELETE FROM review_audit WHERE seq = (SELECT MAX(seq) FROM review_audit);
         UPDATE review SET state = 'tallied';",
    )
    .unwrap();
    let broken = rv::verify_audit(&conn).unwrap().broken.unwrap();
    assert_eq!(broken.kind, BreakKind::Head);
    assert_eq!(broken.action, "tally", "the log now ends at the tally");
    assert_eq!(broken.anchored.as_ref().unwrap().entries, entries);
    assert_eq!(broken.logged.as_ref().unwrap().entries, entries - 1);
    let before = audit_rows(&conn);
    let refused = altered(rv::finalise(&mut conn, &id, &change(&now)).unwrap_err());
    assert_eq!(refused.kind, BreakKind::Head);
    let resume = rv::resume_collecting(&mut conn, &id, &change(&now)).unwrap_err();
    assert_eq!(code(resume), ErrorCode::ReviewAltered);
    assert_eq!(audit_rows(&conn), before, "nothing written");
    let out = planner_verify(&path);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("评议登记 {entries} 条")),
        "names the anchor: {stderr}"
    );
}

/// A database from before the anchor (schema 11) with a draft and a finalised review: the
/// migration anchors both where their entries end, the old entries still verify, and the next
/// change is checked and sealed with part digests.
#[test]
fn reviews_made_before_the_anchor_are_anchored_by_the_migration() {
    use branch_planner::db::{migrations, reviews as store};
    use branch_planner::review::audit;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v11.sqlite3");
    let mut conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    migrations::apply_up_to(&mut conn, 11).unwrap();
    branch_planner::demo::load(&mut conn, branch_planner::api::demo::DEMO_SEED, today()).unwrap();
    let (community_id, branches) = community(&conn, COMMUNITY);
    // A fact sheet is built from today's tables (activity.held_on is newer than version 11),
    // so the one stored here comes from the same demo town fully migrated: its content is
    // only data to be anchored.
    let (_twin_dir, _, twin) = demo_db();
    let (_, twin_branches) = community(&twin, COMMUNITY);
    let mut last: Option<audit::ReviewAuditEntry> = None;
    for (id, quarter, state) in [("old-q2", 2, "finalised"), ("old-q3", 3, "draft")] {
        conn.execute(
            "INSERT INTO review (id, community_id, year, quarter, state, settings, opened_on)
             VALUES (?1, ?2, 2026, ?3, 'draft', ?4, '2026-10-08')",
            rusqlite::params![
                id,
                community_id,
                quarter,
                serde_json::to_string(&branch_planner::review::tally::ReviewSettings::default())
                    .unwrap()
            ],
        )
        .unwrap();
        let facts = rv::build_facts(&twin, &twin_branches[0], 2026, quarter, today()).unwrap();
        conn.execute(
            "INSERT INTO review_branch (review_id, branch_id, position, facts) VALUES (?1, ?2, 0, ?3)",
            [id, branches[0].as_str(), &serde_json::to_string(&facts).unwrap()],
        )
        .unwrap();
        conn.execute("UPDATE review SET state = ?2 WHERE id = ?1", [id, state])
            .unwrap();
        let entry = audit::seal(
            last.as_ref(),
            audit::NewEntry {
                review_id: id.into(),
                at: at(),
                actor: "社区党委".into(),
                action: "open".into(),
                detail: "{}".into(),
                state_digest: audit::digest(&store::content(&conn, id).unwrap()),
                part_digests: None,
            },
        );
        conn.execute(
            "INSERT INTO review_audit (seq, review_id, at, actor, action, detail, state_digest,
                                       prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                entry.seq,
                entry.review_id,
                entry.at,
                entry.actor,
                entry.action,
                entry.detail,
                entry.state_digest,
                entry.prev_hash,
                entry.hash
            ],
        )
        .unwrap();
        last = Some(entry);
    }
    drop(conn);
    let mut conn = branch_planner::db::open(&path).unwrap();
    for id in ["old-q2", "old-q3"] {
        let anchor = store::anchor(&conn, id).unwrap();
        assert_eq!(anchor.entries, 1, "{id}");
        assert_eq!(anchor.hash, rv::audit_head(&conn, id).unwrap().hash);
    }
    assert_eq!(rv::verify_audit(&conn).unwrap().broken, None);
    let started = rv::start_collecting(&mut conn, "old-q3", &change(&at())).unwrap();
    assert!(started.audit.last().unwrap().part_digests.is_some());
    assert_eq!(store::anchor(&conn, "old-q3").unwrap().entries, 2);
    assert_eq!(rv::verify_audit(&conn).unwrap().broken, None);
}

/// `planner review ARGS… --db DB --community C --year 2026 --quarter 3 --json` as a process.
fn review_cli(path: &Path, community_id: &str, args: &[&str]) -> std::process::Output {
    crate::planner()
        .arg("review")
        .args(args)
        .arg("--db")
        .arg(path)
        .args([
            "--community",
            community_id,
            "--year",
            "2026",
            "--quarter",
            "3",
            "--json",
        ])
        .output()
        .unwrap()
}

fn stdout_json(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stderr_json(out: &std::process::Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// A whole review without the window: open with registered reviewers, a ballot file refused
/// for one bad row (nothing stored), the corrected file, tally, finalise, reopen; every step
/// in the audit log on the stated day, and the chain intact.
#[test]
fn a_review_runs_end_to_end_on_the_command_line() {
    let (dir, path, conn) = demo_db();
    let (community_id, _) = community(&conn, COMMUNITY);
    drop(conn);
    let day = "2026-10-09";
    let opened = stdout_json(&review_cli(
        &path,
        &community_id,
        &["open", "--residents", "2", "--members", "3", "--today", day],
    ));
    assert_eq!(opened["review"]["state"], "draft");
    assert_eq!(opened["review"]["openedOn"], day);
    let conn = Connection::open(&path).unwrap();
    let id = opened["review"]["id"].as_str().unwrap().to_owned();
    let review = rv::get_review(&conn, &id).unwrap();
    assert_eq!(
        review
            .reviewers
            .iter()
            .map(|c| c.registered)
            .collect::<Vec<_>>(),
        [3, 2]
    );
    let names: Vec<String> = review
        .branches
        .iter()
        .map(|b| b.branch_name.clone())
        .collect();
    let ids: Vec<String> = review
        .branches
        .iter()
        .map(|b| b.branch_id.clone())
        .collect();
    let entries = audit_rows(&conn);
    drop(conn);

    // The columns in reverse order: read by their headers, not by position.
    let header = format!("评议人,{},{},{},{}", names[3], names[2], names[1], names[0]);
    let rows = [
        "党员,满意,满意,,满意",
        "党员,不满意,很好,基本满意,满意",
        "member,满意,满意,满意/不满意,基本满意",
        "群众,基本满意,不满意,满意,不满意",
        "群众,,满意,满意,",
    ];
    let file = dir.path().join("sheets.csv");
    std::fs::write(&file, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    let file_arg = file.to_str().unwrap();
    let refused = stderr_json(&review_cli(
        &path,
        &community_id,
        &["ballots", "--from", file_arg],
    ));
    let error = &refused["error"];
    assert_eq!(error["code"], "ballotFile");
    assert_eq!(error["sheetProblems"].as_array().unwrap().len(), 1);
    let problem = &error["sheetProblems"][0];
    assert_eq!(
        (problem["row"].as_u64(), problem["column"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(problem["header"], names[2].as_str());
    assert_eq!(problem["text"], "很好");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("第 3 行第 3 列") && message.contains("很好"),
        "{message}"
    );
    let conn = Connection::open(&path).unwrap();
    assert_eq!(audit_rows(&conn), entries, "nothing stored");
    assert_eq!(
        rv::get_review(&conn, &id).unwrap().review.state,
        ReviewState::Draft
    );
    drop(conn);

    std::fs::write(
        &file,
        format!("{header}\n{}\n", rows.join("\n").replace("很好", "满意")),
    )
    .unwrap();
    let entered = stdout_json(&review_cli(
        &path,
        &community_id,
        &["ballots", "--from", file_arg, "--today", day],
    ));
    assert_eq!(
        entered["review"]["state"], "collecting",
        "a draft starts collecting"
    );
    assert_eq!(entered["sheets"]["member"], 3);
    assert_eq!(entered["sheets"]["resident"], 2);
    let line = |json: &serde_json::Value, branch: &str| {
        json["branches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["branchId"] == branch)
            .unwrap()
            .clone()
    };
    // The last column, names[0]: members 满意, 满意, 基本满意; residents 不满意, (blank).
    let first = line(&entered, &ids[0]);
    assert_eq!(first["member"]["counts"]["satisfied"], 2);
    assert_eq!(first["member"]["counts"]["fairlySatisfied"], 1);
    assert_eq!(first["resident"]["counts"]["dissatisfied"], 1);
    assert_eq!(first["resident"]["invalid"], 1);
    // names[1]: (blank), 基本满意, two marks; 满意, 满意 → two invalid member votes.
    assert_eq!(line(&entered, &ids[1])["member"]["invalid"], 2);

    let tallied = stdout_json(&review_cli(
        &path,
        &community_id,
        &["tally", "--today", day],
    ));
    assert_eq!(tallied["review"]["state"], "tallied");
    let again = stderr_json(&review_cli(&path, &community_id, &["tally"]));
    assert_eq!(
        again["error"]["code"], "reviewTransition",
        "tallied already"
    );
    let done = stdout_json(&review_cli(
        &path,
        &community_id,
        &["finalise", "--today", day],
    ));
    assert_eq!(done["review"]["state"], "finalised");
    let no_reason = stderr_json(&review_cli(
        &path,
        &community_id,
        &["reopen", "--reason", " "],
    ));
    assert_eq!(no_reason["error"]["code"], "invalid");
    let reopened = stdout_json(&review_cli(
        &path,
        &community_id,
        &["reopen", "--reason", "第 2 张选票录错", "--today", day],
    ));
    assert_eq!(reopened["review"]["state"], "tallied");

    let conn = Connection::open(&path).unwrap();
    let review = rv::get_review(&conn, &id).unwrap();
    assert_eq!(review.reopenings[0].reason, "第 2 张选票录错");
    let actions: Vec<&str> = review.audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "open",
            "setReviewers",
            "setReviewers",
            "startCollecting",
            "ballotAdded",
            "ballotAdded",
            "ballotAdded",
            "ballotAdded",
            "ballotAdded",
            "tally",
            "finalise",
            "reopen"
        ]
    );
    assert!(review.audit.iter().all(|e| e.at.date().to_string() == day));
    assert!(review.audit.iter().all(|e| e.actor.contains("命令行")));
    assert_eq!(
        reopened["auditHead"]["entries"].as_u64(),
        Some(review.audit.len() as u64)
    );
    assert_eq!(rv::verify_audit(&conn).unwrap().broken, None);
    let verify = crate::planner()
        .args(["review", "verify", "--json", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    let check = stdout_json(&verify);
    assert_eq!(check["broken"], serde_json::Value::Null);
    assert_eq!(check["entries"].as_u64(), Some(review.audit.len() as u64));
}

/// A ballot file past the size limit is refused before it is read.
#[test]
fn an_oversized_ballot_file_is_refused_unread() {
    let (dir, _path, mut conn) = demo_db();
    let (review, _) = collecting(&mut conn);
    let file = dir.path().join("huge.csv");
    let f = std::fs::File::create(&file).unwrap();
    f.set_len(rv::MAX_BALLOT_FILE_BYTES + 1).unwrap();
    let err =
        rv::import_ballot_file(&mut conn, &review.review.id, &file, &change(&at())).unwrap_err();
    assert!(
        matches!(err, Error::FileTooLarge { bytes, .. } if bytes == rv::MAX_BALLOT_FILE_BYTES + 1),
        "{err:?}"
    );
}

/// The demo town as the app loads it: each community's last two completed quarters before the
/// stated day reviewed and finalised through the app's own steps, the chain intact, flagged
/// branches with rectification items (the older quarter's followed up and carried into the
/// newer one's fact sheets), the same figures from the same seed.
#[test]
fn the_demo_town_has_two_finalised_reviews_per_community() {
    use branch_planner::api::demo;
    let load = |seed: u64| {
        let (dir, path, mut conn) = crate::temp_db();
        let summary = demo::load_demo_with_history(&mut conn, seed, today()).unwrap();
        (dir, path, conn, summary)
    };
    let (_dir, path, conn, summary) = load(demo::DEMO_SEED);
    let tree = reg::org_tree(&conn).unwrap();
    let communities: Vec<_> = tree.towns[0].communities.iter().collect();
    assert_eq!(summary.reviews as usize, 2 * communities.len());
    let check = rv::verify_audit(&conn).unwrap();
    assert_eq!(check.broken, None, "the app's own chain");
    assert_eq!(check.reviews, summary.reviews);
    let mut rankings = Vec::new();
    for c in &communities {
        let list = rv::list_reviews(&conn, &c.community.id).unwrap();
        let quarters: Vec<_> = list.iter().map(|r| (r.year, r.quarter, r.state)).collect();
        assert_eq!(
            quarters,
            [
                (2026, 2, ReviewState::Finalised),
                (2026, 3, ReviewState::Finalised)
            ],
            "{}: the last two quarters over on {}",
            c.community.name,
            today()
        );
        let ranking = rv::community_ranking(&conn, &c.community.id).unwrap();
        assert_eq!(ranking.len(), 2, "历次排名 shows both");
        for (summary, quarter) in list.iter().zip(&ranking) {
            let review = rv::get_review(&conn, &summary.id).unwrap();
            assert!(summary.opened_on < today());
            assert!(review.audit.iter().any(|e| e.action == "finalise"));
            // Members and residents both handed in sheets, one by one and hand-counted.
            for group in [ReviewerGroup::Member, ReviewerGroup::Resident] {
                let count = review.reviewers.iter().find(|r| r.group == group).unwrap();
                assert!(
                    count.sheets >= 20 && count.sheets <= count.registered,
                    "{group:?}: {} of {}",
                    count.sheets,
                    count.registered
                );
                assert!(review.ballots.iter().any(|b| b.group == group));
            }
            assert!(review.tally.branches.iter().all(|b| b.rank.is_some()));
            let flagged: Vec<_> = quarter.rows.iter().filter(|r| r.flagged).collect();
            assert!(!flagged.is_empty(), "a branch to put right each quarter");
            for row in flagged {
                let branch = review
                    .branches
                    .iter()
                    .find(|b| b.branch_id == row.branch_id)
                    .unwrap();
                assert!(!branch.items.is_empty(), "{}", row.branch_name);
                assert!(!branch.comment.is_empty());
            }
        }
        // The older quarter's items were followed up; the newer review's sheets carry them.
        let older = rv::get_review(&conn, &list[0].id).unwrap();
        let newer = rv::get_review(&conn, &list[1].id).unwrap();
        let items: Vec<_> = older.branches.iter().flat_map(|b| &b.items).collect();
        assert!(items.iter().all(|i| i.status == ItemStatus::Done));
        let carried: usize = newer
            .branches
            .iter()
            .map(|b| b.facts.carried_items.len())
            .sum();
        assert_eq!(carried, items.len());
        rankings.push(
            ranking
                .iter()
                .map(|q| {
                    q.rows
                        .iter()
                        .map(|r| (r.branch_name.clone(), r.rank, r.score))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>(),
        );
    }
    let history = rv::branch_history(&conn, &communities[0].branches[0].branch.id).unwrap();
    assert_eq!(history.len(), 2, "a branch's history has both quarters");
    drop(conn);
    assert!(planner_verify(&path).status.success());

    let (_dir2, _path2, again, _) = load(demo::DEMO_SEED);
    let same: Vec<_> = communities
        .iter()
        .map(|c| {
            rv::community_ranking(&again, &community(&again, &c.community.name).0)
                .unwrap()
                .iter()
                .map(|q| {
                    q.rows
                        .iter()
                        .map(|r| (r.branch_name.clone(), r.rank, r.score))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(same, rankings, "the same seed gives the same reviews");
}

#[test]
fn low_turnout_is_tallied_and_finalised_only_once_accepted() {
    use Mark::Satisfied;
    use ReviewerGroup::{Member, Resident};
    let (_dir, _path, mut conn) = demo_db();
    let now = at();
    let (community_id, b) = community(&conn, COMMUNITY);
    let id = rv::open_review(&mut conn, &community_id, 2026, 3, today(), &change(&now))
        .unwrap()
        .review
        .id;
    assert_eq!(
        code(rv::start_collecting_with(&mut conn, &id, 0, 5, &change(&now)).unwrap_err()),
        ErrorCode::Invalid,
        "at least one member takes part"
    );
    let started = rv::start_collecting_with(&mut conn, &id, 10, 4, &change(&now)).unwrap();
    assert_eq!(started.review.state, ReviewState::Collecting);
    let registered: Vec<(ReviewerGroup, u32)> = started
        .reviewers
        .iter()
        .map(|r| (r.group, r.registered))
        .collect();
    assert_eq!(registered, [(Member, 10), (Resident, 4)]);

    let all: Vec<(&str, Mark)> = b.iter().map(|x| (x.as_str(), Satisfied)).collect();
    for group in [Member, Member, Member, Resident, Resident] {
        rv::save_ballot(&mut conn, &id, None, sheet(group, &all), &change(&now)).unwrap();
    }
    let detail = rv::get_review(&conn, &id).unwrap();
    let member = detail.reviewers.iter().find(|r| r.group == Member).unwrap();
    assert_eq!(
        (member.sheets, member.percent, member.low_turnout),
        (3, 30, true)
    );
    let resident = detail
        .reviewers
        .iter()
        .find(|r| r.group == Resident)
        .unwrap();
    assert_eq!(
        (resident.sheets, resident.percent, resident.low_turnout),
        (2, 50, false)
    );

    let rows = audit_rows(&conn);
    let refused = rv::tally_checked(&mut conn, &id, false, &change(&now)).unwrap_err();
    assert!(
        matches!(
            refused,
            Error::LowTurnout {
                group: "member",
                sheets: 3,
                registered: 10
            }
        ),
        "{refused:?}"
    );
    assert_eq!(
        branch_planner::ApiError::from(refused).subject.as_deref(),
        Some("3 / 10")
    );
    assert_eq!(audit_rows(&conn), rows, "a refusal writes nothing");
    assert_eq!(
        rv::get_review(&conn, &id).unwrap().review.state,
        ReviewState::Collecting
    );
    rv::tally_checked(&mut conn, &id, true, &change(&now)).unwrap();
    assert_eq!(
        code(rv::finalise_checked(&mut conn, &id, false, &change(&now)).unwrap_err()),
        ErrorCode::LowTurnout
    );
    let done = rv::finalise_checked(&mut conn, &id, true, &change(&now)).unwrap();
    assert_eq!(done.review.state, ReviewState::Finalised);
}
