//! 定标准 on real database files: points led by committee members and teams, the status
//! history, a secretary changed mid-year, teams and their rules, the community and town
//! overview on the demo data, points as activity venues, `planner compliance`.

use branch_planner::activity::ActivityKind;
use branch_planner::api::activities as acts;
use branch_planner::api::points::{self, PointScope};
use branch_planner::api::register::{self as reg, MemberQuery};
use branch_planner::compliance::{ComplianceState, RuleKind};
use branch_planner::db;
use branch_planner::demo_point::{
    DemoPointDraft, PointCategory, PointLeader, PointStatus, PointStatusChange,
};
use branch_planner::error::FieldRule;
use branch_planner::org::{CommitteeRole, Member, MemberDraft};
use branch_planner::team::{TeamDraft, TeamNote};
use branch_planner::{Error, ErrorCode};
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use crate::{branch_id, demo_db, planner_json, today};

const BRANCH: &str = "蔬菜种植服务型党支部";
const AGE_BRANCH: &str = "老党员服务型党支部";
/// The demo has no teams or points in this year: a clean slate on the demo register.
const CLEAN_YEAR: i32 = 2025;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn members_of(conn: &Connection, branch: &str) -> Vec<Member> {
    reg::list_members(
        conn,
        &MemberQuery {
            branch_id: Some(branch.into()),
            ..Default::default()
        },
    )
    .unwrap()
}

fn holder(conn: &Connection, branch: &str, role: CommitteeRole) -> String {
    reg::committee(conn, branch)
        .unwrap()
        .into_iter()
        .find(|s| s.role == role)
        .unwrap()
        .member_id
}

fn capable_ids(conn: &Connection, branch: &str) -> Vec<String> {
    members_of(conn, branch)
        .into_iter()
        .filter(|m| m.capable)
        .map(|m| m.id)
        .collect()
}

fn point(branch: &str, created_on: NaiveDate, leader: PointLeader) -> DemoPointDraft {
    DemoPointDraft {
        branch_id: branch.to_owned(),
        name: "东关村西红柿大棚示范点".into(),
        category: PointCategory::Planting,
        location: "东关村".into(),
        created_on,
        leader,
        member_ids: Vec::new(),
        description: String::new(),
        status: PointStatus::Active,
    }
}

fn by_member(member_id: &str) -> PointLeader {
    PointLeader::Committee {
        member_id: member_id.to_owned(),
    }
}

fn by_team(team_id: &str) -> PointLeader {
    PointLeader::Team {
        team_id: team_id.to_owned(),
    }
}

fn team(branch: &str, year: i32, name: &str, member_ids: &[String]) -> TeamDraft {
    TeamDraft {
        branch_id: branch.to_owned(),
        year,
        name: name.to_owned(),
        member_ids: member_ids.to_vec(),
    }
}

fn rules(err: Error) -> Vec<(String, FieldRule)> {
    match err {
        Error::Invalid(fields) => fields.into_iter().map(|f| (f.field, f.rule)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn points_led_by_a_committee_member_and_by_a_team_count_for_their_seat_and_team() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let secretary = holder(&conn, &branch, CommitteeRole::Secretary);
    let capable = capable_ids(&conn, &branch);
    let vegetables = points::save_team(
        &mut conn,
        None,
        team(&branch, CLEAN_YEAR, "蔬菜组团", &capable[..5]),
    )
    .unwrap();

    let mut by_secretary = point(&branch, date(CLEAN_YEAR, 2, 10), by_member(&secretary));
    by_secretary.member_ids = vec![capable[0].clone(), capable[1].clone()];
    let first = points::save_point(&mut conn, None, by_secretary, today()).unwrap();
    assert_eq!(
        first.member_ids,
        capable[..2],
        "the members involved are kept in order"
    );
    let second = points::save_point(
        &mut conn,
        None,
        point(&branch, date(CLEAN_YEAR, 5, 6), by_team(&vegetables.id)),
        today(),
    )
    .unwrap();

    let listed = points::points_of_branch(&conn, &branch, Some(CLEAN_YEAR)).unwrap();
    assert_eq!(listed.len(), 2);
    let secretary_name = reg::get_member(&conn, &secretary).unwrap().name;
    assert_eq!(listed[0].point.id, first.id, "by creation date");
    assert_eq!(listed[0].leader_name, secretary_name);
    assert_eq!(listed[1].leader_name, "蔬菜组团");
    assert_eq!(listed[1].branch_name, BRANCH);
    assert_eq!(listed[1].community_name, "杏花社区");

    let board = points::branch_compliance(&conn, &branch, CLEAN_YEAR, today()).unwrap();
    assert_eq!(
        (board.capable, board.teams_needed, board.teams_formed),
        (capable.len() as u32, 2, 1),
        "the branch's 10 capable members need 2 teams"
    );
    assert_eq!(board.required, 5, "3 seats + max(1 formed, 2 needed)");
    assert_eq!(board.committee[0].point_ids, [first.id.as_str()]);
    assert_eq!(board.committee[0].state, ComplianceState::Met);
    assert_eq!(board.committee[1].state, ComplianceState::Missed);
    assert_eq!(board.teams[0].point_ids, [second.id.as_str()]);
    assert_eq!(
        board.team_state,
        ComplianceState::Missed,
        "the formed team has its point, the second team was never formed"
    );
    assert_eq!(board.missing.teams_to_form, 1);
    assert_eq!(board.fulfilled, 2);
    assert_eq!(board.created, 2);

    // Editing keeps the id and the branch.
    let mut renamed = point(&branch, date(CLEAN_YEAR, 2, 10), by_member(&secretary));
    renamed.name = "改名后的示范点".into();
    let edited = points::save_point(&mut conn, Some(&first.id), renamed.clone(), today()).unwrap();
    assert_eq!(edited.id, first.id);
    assert_eq!(edited.name, "改名后的示范点");
    let other_branch = branch_id(&conn, "农机服务型党支部");
    let moved = DemoPointDraft {
        branch_id: other_branch,
        ..renamed
    };
    assert_eq!(
        rules(points::save_point(&mut conn, Some(&first.id), moved, today()).unwrap_err()),
        [("branchId".into(), FieldRule::BadChoice)],
        "a point stays in its branch"
    );
}

#[test]
fn a_team_of_another_year_or_branch_and_an_outsider_cannot_lead_a_point() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let capable = capable_ids(&conn, &branch);
    let last_year = points::save_team(
        &mut conn,
        None,
        team(&branch, CLEAN_YEAR, "去年的组团", &capable[..5]),
    )
    .unwrap();
    let err = points::save_point(
        &mut conn,
        None,
        point(&branch, date(2026, 4, 1), by_team(&last_year.id)),
        today(),
    )
    .unwrap_err();
    assert_eq!(
        rules(err),
        [("leader".into(), FieldRule::BadChoice)],
        "a point of 2026 cannot be led by a team of 2025"
    );

    let other = branch_id(&conn, "农机服务型党支部");
    let outsider = holder(&conn, &other, CommitteeRole::Secretary);
    let err = points::save_point(
        &mut conn,
        None,
        point(&branch, date(2026, 4, 1), by_member(&outsider)),
        today(),
    )
    .unwrap_err();
    assert_eq!(rules(err), [("leader".into(), FieldRule::BadChoice)]);

    let tomorrow = today().succ_opt().unwrap();
    let secretary = holder(&conn, &branch, CommitteeRole::Secretary);
    let err = points::save_point(
        &mut conn,
        None,
        point(&branch, tomorrow, by_member(&secretary)),
        today(),
    )
    .unwrap_err();
    assert_eq!(rules(err), [("createdOn".into(), FieldRule::Future)]);
    assert!(
        points::points_of_branch(&conn, &branch, Some(2026))
            .unwrap()
            .iter()
            .all(|p| p.point.created_on <= today()),
        "nothing refused was written"
    );
}

#[test]
fn a_closed_point_keeps_counting_for_its_quarter_and_its_history_has_the_close() {
    let (_dir, path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let organiser = holder(&conn, &branch, CommitteeRole::Organising);
    let last_day_of_q1 = date(CLEAN_YEAR, 3, 31);
    let saved = points::save_point(
        &mut conn,
        None,
        point(&branch, last_day_of_q1, by_member(&organiser)),
        date(CLEAN_YEAR, 4, 2),
    )
    .unwrap();
    let closing = DemoPointDraft {
        status: PointStatus::Closed {
            closed_on: date(CLEAN_YEAR, 5, 10),
            reason: "承包到期".into(),
        },
        ..point(&branch, last_day_of_q1, by_member(&organiser))
    };
    points::save_point(
        &mut conn,
        Some(&saved.id),
        closing.clone(),
        date(CLEAN_YEAR, 5, 12),
    )
    .unwrap();
    // Saving it again unchanged adds nothing to the history.
    points::save_point(&mut conn, Some(&saved.id), closing, date(CLEAN_YEAR, 6, 1)).unwrap();
    drop(conn);

    let conn = db::open(&path).unwrap();
    let history = points::point_history(&conn, &saved.id).unwrap();
    assert_eq!(
        history,
        [
            PointStatusChange {
                on: last_day_of_q1,
                status: PointStatus::Active,
                recorded_on: date(CLEAN_YEAR, 4, 2),
            },
            PointStatusChange {
                on: date(CLEAN_YEAR, 5, 10),
                status: PointStatus::Closed {
                    closed_on: date(CLEAN_YEAR, 5, 10),
                    reason: "承包到期".into(),
                },
                recorded_on: date(CLEAN_YEAR, 5, 12),
            },
        ]
    );
    let board = points::branch_compliance(&conn, &branch, CLEAN_YEAR, today()).unwrap();
    let q1 = board.quarter(1).unwrap();
    assert_eq!(
        q1.point_ids,
        [saved.id.as_str()],
        "created on the last day of Q1"
    );
    assert_eq!(
        q1.state,
        ComplianceState::Met,
        "closed, it still counts for Q1"
    );
    assert_eq!(board.quarter(2).unwrap().state, ComplianceState::Missed);
    assert_eq!(board.committee[1].state, ComplianceState::Met);

    let err = conn
        .execute("UPDATE demo_point_history SET reason = 'x'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(conn.execute("DELETE FROM demo_point_history", []).is_err());
}

#[test]
fn a_secretary_changed_mid_year_keeps_the_history_and_the_old_point_no_longer_counts() {
    let (_dir, path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let old = holder(&conn, &branch, CommitteeRole::Secretary);
    let in_march = date(CLEAN_YEAR, 3, 1);
    let p = points::save_point(
        &mut conn,
        None,
        point(&branch, date(CLEAN_YEAR, 2, 10), by_member(&old)),
        in_march,
    )
    .unwrap();
    let before = points::branch_compliance(&conn, &branch, CLEAN_YEAR, in_march).unwrap();
    assert_eq!(before.committee[0].member_id.as_deref(), Some(old.as_str()));
    assert_eq!(before.committee[0].state, ComplianceState::Met);

    let successor = members_of(&conn, &branch)
        .into_iter()
        .find(|m| m.seat.is_none())
        .unwrap()
        .id;
    let mut seats = reg::committee(&conn, &branch).unwrap();
    seats[0].member_id = successor.clone();
    let change_day = date(CLEAN_YEAR, 7, 1);
    reg::set_committee(&mut conn, &branch, &seats, change_day).unwrap();
    drop(conn);

    let conn = db::open(&path).unwrap();
    let terms: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> = conn
        .prepare(
            "SELECT member_id, from_date, until_date FROM seat_term
             WHERE branch_id = ?1 AND role = 'secretary' ORDER BY id",
        )
        .unwrap()
        .query_map([&branch], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        terms,
        [
            (old.clone(), None, Some(change_day)),
            (successor.clone(), Some(change_day), None)
        ],
        "the old term ends where the new one begins"
    );

    let in_may =
        points::branch_compliance(&conn, &branch, CLEAN_YEAR, date(CLEAN_YEAR, 5, 1)).unwrap();
    assert_eq!(
        in_may.committee[0].state,
        ComplianceState::Met,
        "judged in May, the old secretary still holds the seat"
    );
    let after = points::branch_compliance(&conn, &branch, CLEAN_YEAR, today()).unwrap();
    assert_eq!(
        after.committee[0].member_id.as_deref(),
        Some(successor.as_str())
    );
    assert_eq!(
        after.committee[0].points, 0,
        "the old holder's point is not the seat's"
    );
    assert_eq!(after.committee[0].state, ComplianceState::Missed);
    assert!(after.missing.member_ids.contains(&successor));
    assert_eq!(after.created, 1, "it is still a point of the year");
    assert_eq!(after.quarter(1).unwrap().point_ids, [p.id]);

    // The former secretary is named by the history: archived, never deleted.
    let err = reg::delete_member(&mut Connection::open(&path).unwrap(), &old).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InUse);
}

#[test]
fn teams_of_four_or_nine_and_a_member_in_two_teams_are_refused() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let capable = capable_ids(&conn, &branch);
    assert!(
        capable.len() >= 10,
        "the demo branch has enough capable members"
    );
    for size in [4, 9] {
        let err = points::save_team(
            &mut conn,
            None,
            team(&branch, CLEAN_YEAR, "组团", &capable[..size]),
        )
        .unwrap_err();
        assert!(
            matches!(err, Error::TeamSize { size: s } if s == size),
            "{size}: {err:?}"
        );
        assert_eq!(err.code(), ErrorCode::TeamSize);
    }
    assert!(points::teams_of(&conn, &branch, CLEAN_YEAR)
        .unwrap()
        .is_empty());

    let first = points::save_team(
        &mut conn,
        None,
        team(&branch, CLEAN_YEAR, "一组", &capable[..5]),
    )
    .unwrap();
    let overlapping = [&capable[4..5], &capable[5..9]].concat();
    let err = points::save_team(
        &mut conn,
        None,
        team(&branch, CLEAN_YEAR, "二组", &overlapping),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::TeamMemberTaken, "{err}");
    assert!(
        err.to_string().contains("一组"),
        "the message names the team: {err}"
    );

    // The same people may form a team the next year, and the schema itself refuses a second
    // team in the same year.
    points::save_team(
        &mut conn,
        None,
        team(&branch, CLEAN_YEAR - 1, "二组", &overlapping),
    )
    .unwrap();
    let second = points::save_team(
        &mut conn,
        None,
        team(&branch, CLEAN_YEAR, "二组", &capable[5..10]),
    )
    .unwrap();
    let direct = conn.execute(
        "INSERT INTO team_member (team_id, member_id, branch_id, year) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![second.id, capable[0], branch, CLEAN_YEAR],
    );
    assert!(
        direct.is_err(),
        "one team per member a year, in the schema too"
    );

    // Editing a team keeps its id and does not clash with itself.
    let edited = points::save_team(
        &mut conn,
        Some(&first.id),
        team(&branch, CLEAN_YEAR, "一组", &first.member_ids[..5]),
    )
    .unwrap();
    assert_eq!(edited.id, first.id);
    assert_eq!(edited.member_ids, first.member_ids);
    let duplicate = points::save_team(
        &mut conn,
        Some(&second.id),
        team(&branch, CLEAN_YEAR, "一组", &capable[5..10]),
    )
    .unwrap_err();
    assert_eq!(duplicate.code(), ErrorCode::Duplicate);

    let not_capable = members_of(&conn, &branch)
        .into_iter()
        .find(|m| !m.capable)
        .unwrap()
        .id;
    let err = points::save_team(
        &mut conn,
        None,
        team(
            &branch,
            CLEAN_YEAR - 2,
            "三组",
            &[&capable[..4], &[not_capable]].concat(),
        ),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::TeamMemberNotCapable, "{err}");
}

#[test]
fn a_team_named_by_a_point_cannot_be_deleted_but_an_unused_one_can() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let demo_team = points::teams_of(&conn, &branch, 2026)
        .unwrap()
        .into_iter()
        .next()
        .expect("the demo branch has a team this year");
    let err = points::delete_team(&mut conn, &demo_team.id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InUse, "the demo team leads a point");
    assert!(points::teams_of(&conn, &branch, 2026)
        .unwrap()
        .iter()
        .any(|t| t.id == demo_team.id));

    let capable = capable_ids(&conn, &branch);
    let unused = points::save_team(
        &mut conn,
        None,
        team(&branch, CLEAN_YEAR, "备用组", &capable[..5]),
    )
    .unwrap();
    points::delete_team(&mut conn, &unused.id).unwrap();
    assert!(points::teams_of(&conn, &branch, CLEAN_YEAR)
        .unwrap()
        .is_empty());
    let count: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM team_member WHERE team_id = ?1",
            [&unused.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(count, 0, "its member list goes with it");
    assert_eq!(
        points::delete_team(&mut conn, &unused.id)
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[test]
fn suggest_teams_proposes_the_capable_members_not_yet_in_a_team() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let capable = capable_ids(&conn, &branch);

    let fresh = points::suggest_teams(&conn, &branch, CLEAN_YEAR).unwrap();
    let placed: usize = fresh.teams.iter().map(|t| t.member_ids.len()).sum();
    assert_eq!(placed + fresh.left_out.len(), capable.len());
    assert!(fresh
        .teams
        .iter()
        .all(|t| (5..=8).contains(&t.member_ids.len())));

    // Form the first suggested team; the next suggestion leaves its members out.
    let first = fresh.teams[0].member_ids.clone();
    points::save_team(&mut conn, None, team(&branch, CLEAN_YEAR, "一组", &first)).unwrap();
    let next = points::suggest_teams(&conn, &branch, CLEAN_YEAR).unwrap();
    let proposed: Vec<&String> = next
        .teams
        .iter()
        .flat_map(|t| &t.member_ids)
        .chain(&next.left_out)
        .collect();
    assert_eq!(proposed.len(), capable.len() - first.len());
    assert!(proposed.iter().all(|id| !first.contains(id)));

    let age = branch_id(&conn, AGE_BRANCH);
    let none = points::suggest_teams(&conn, &age, CLEAN_YEAR).unwrap();
    assert!(none.teams.is_empty());
    assert_eq!(none.note, Some(TeamNote::FewerThanFive { capable: 0 }));
    assert_eq!(
        points::suggest_teams(&conn, "nope", CLEAN_YEAR)
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[test]
fn the_demo_overview_adds_up_and_shows_a_mix() {
    let (_dir, _path, conn) = demo_db();
    let year = 2026;
    let town = points::scope_compliance(&conn, &PointScope::default(), year, today()).unwrap();
    assert_eq!(town.branches.len(), 8);
    assert_eq!(town.rollup.branches, 8);
    let listed = points::list_points(&conn, &PointScope::default(), Some(year)).unwrap();
    assert_eq!(
        town.rollup.created as usize,
        listed.len(),
        "every point of the year is counted once"
    );
    assert!(
        listed.iter().all(|p| !p.leader_name.is_empty()),
        "every leader is named"
    );

    for row in &town.branches {
        let single = points::branch_compliance(&conn, &row.branch_id, year, today()).unwrap();
        assert_eq!(
            single, row.compliance,
            "{} alone and in the town",
            row.branch_name
        );
    }
    let fully = town
        .branches
        .iter()
        .filter(|r| r.compliance.state == ComplianceState::Met)
        .count();
    assert_eq!(town.rollup.fully_compliant as usize, fully);
    assert!(
        (1..8).contains(&fully),
        "some branches meet everything, some fall short: {fully}"
    );
    let all_rules: Vec<RuleKind> = town
        .rollup
        .falling_short
        .iter()
        .flat_map(|s| s.rules.iter().map(|r| r.rule))
        .collect();
    assert!(
        all_rules.contains(&RuleKind::Committee),
        "a committee member without a point"
    );
    assert!(
        all_rules.contains(&RuleKind::Teams),
        "a team without a point"
    );
    assert!(
        town.rollup
            .falling_short
            .iter()
            .any(|s| s
                .rules
                .iter()
                .any(|r| matches!(r.rule, RuleKind::Quarter { .. })
                    && r.state == ComplianceState::Missed)),
        "a quarter that went by without a point"
    );
    let age = town
        .branches
        .iter()
        .find(|r| r.branch_name == AGE_BRANCH)
        .unwrap();
    assert!(age.compliance.teams.is_empty());
    assert_eq!(
        age.compliance.team_note,
        Some(TeamNote::FewerThanFive { capable: 0 }),
        "the age-based branch has no capable members, so no team"
    );

    // The two communities add up to the town.
    let mut branches = 0;
    let mut created = 0;
    let mut compliant = 0;
    let communities: std::collections::BTreeSet<&str> = town
        .branches
        .iter()
        .map(|r| r.community_id.as_str())
        .collect();
    assert_eq!(communities.len(), 2);
    for id in communities {
        let scope = PointScope {
            community_id: Some(id.to_owned()),
            ..Default::default()
        };
        let one = points::scope_compliance(&conn, &scope, year, today()).unwrap();
        assert!(one.branches.iter().all(|r| r.community_id == id));
        branches += one.rollup.branches;
        created += one.rollup.created;
        compliant += one.rollup.fully_compliant;
    }
    assert_eq!(
        (branches, created, compliant),
        (8, town.rollup.created, town.rollup.fully_compliant)
    );
    let unknown = PointScope {
        community_id: Some("nope".into()),
        ..Default::default()
    };
    assert_eq!(
        points::scope_compliance(&conn, &unknown, year, today())
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[test]
fn a_point_is_an_activity_venue_of_its_own_branch_only() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let mut draft = acts::draft_for_day(&conn, &branch, 2026, 5).unwrap();
    draft.topic = "大棚现场观摩".into();
    draft.kinds = vec![ActivityKind::OnSiteObservation];
    let activity = acts::plan_activity(&mut conn, draft).unwrap().activity;
    let site = points::points_of_branch(&conn, &branch, Some(2026)).unwrap()[0]
        .point
        .clone();
    assert!(points::activities_at_point(&conn, &site.id)
        .unwrap()
        .is_empty());

    points::set_activity_point(&mut conn, &activity.id, Some(&site.id)).unwrap();
    let held_there = points::activities_at_point(&conn, &site.id).unwrap();
    assert_eq!(held_there.len(), 1);
    assert_eq!(held_there[0].id, activity.id);
    assert_eq!(
        points::point_of_activity(&conn, &activity.id)
            .unwrap()
            .map(|p| p.id),
        Some(site.id.clone())
    );

    let other = branch_id(&conn, "农机服务型党支部");
    let elsewhere = points::points_of_branch(&conn, &other, Some(2026)).unwrap()[0]
        .point
        .id
        .clone();
    assert_eq!(
        rules(points::set_activity_point(&mut conn, &activity.id, Some(&elsewhere)).unwrap_err()),
        [("pointId".into(), FieldRule::BadChoice)]
    );
    points::set_activity_point(&mut conn, &activity.id, None).unwrap();
    assert!(points::activities_at_point(&conn, &site.id)
        .unwrap()
        .is_empty());
}

#[test]
fn a_version_1_file_gets_seat_terms_from_its_committee() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("planner.sqlite3");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/register-v1.sqlite3"
        ),
        &old,
    )
    .unwrap();
    let conn = db::open(&old).unwrap();
    let terms: Vec<(String, String, Option<String>, Option<String>)> = conn
        .prepare("SELECT role, member_id, from_date, until_date FROM seat_term")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        terms,
        [("secretary".into(), "m1".into(), None, None)],
        "held since before records, still held"
    );
    let board = points::branch_compliance(&conn, "b1", 2026, today()).unwrap();
    assert_eq!(board.committee[0].member_id.as_deref(), Some("m1"));
    assert_eq!(board.committee[1].member_id, None, "a vacant seat");
}

fn compliance_json(db: &std::path::Path, args: &[&str]) -> serde_json::Value {
    planner_json(&[&["compliance", "--json"], args].concat(), db)
}

#[test]
fn planner_compliance_says_not_yet_before_a_quarter_ends_and_missed_after() {
    let (_dir, path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let secretary = holder(&conn, &branch, CommitteeRole::Secretary);
    points::save_point(
        &mut conn,
        None,
        point(&branch, date(CLEAN_YEAR, 5, 5), by_member(&secretary)),
        today(),
    )
    .unwrap();
    drop(conn);

    let on_the_last_day = compliance_json(
        &path,
        &["--year", "2025", "--quarter", "2", "--today", "2025-06-30"],
    );
    assert_eq!(on_the_last_day["year"], 2025);
    assert_eq!(on_the_last_day["today"], "2025-06-30");
    assert_eq!(on_the_last_day["quarter"], 2);
    let rows = on_the_last_day["branches"].as_array().unwrap();
    assert_eq!(rows.len(), 8);
    for row in rows {
        let expected = if row["branchId"] == branch.as_str() {
            serde_json::json!({ "kind": "met" })
        } else {
            serde_json::json!({ "kind": "notYet", "daysLeft": 1 })
        };
        assert_eq!(
            row["compliance"]["state"], expected,
            "{}",
            row["branchName"]
        );
    }
    assert_eq!(on_the_last_day["rollup"]["meeting"], 1);
    assert_eq!(
        on_the_last_day["rollup"]["fallingShort"]
            .as_array()
            .unwrap()
            .len(),
        7
    );

    let next_day = compliance_json(
        &path,
        &["--year", "2025", "--quarter", "2", "--today", "2025-07-01"],
    );
    for row in next_day["branches"].as_array().unwrap() {
        let expected = if row["branchId"] == branch.as_str() {
            "met"
        } else {
            "missed"
        };
        assert_eq!(row["compliance"]["state"]["kind"], expected);
    }

    // The whole year, one community.
    let community = next_day["branches"][0]["communityId"]
        .as_str()
        .unwrap()
        .to_owned();
    let year = compliance_json(
        &path,
        &[
            "--year",
            "2025",
            "--community",
            &community,
            "--today",
            "2025-07-01",
        ],
    );
    assert!(year.get("quarter").is_none());
    let rows = year["branches"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r["communityId"] == community.as_str()));
    assert_eq!(year["rollup"]["branches"], 4);
    assert_eq!(
        year["rollup"]["meetingQuarterRule"][0], 0,
        "nobody made a point in Q1"
    );

    let table = crate::planner()
        .args([
            "compliance",
            "--year",
            "2026",
            "--today",
            "2026-11-27",
            "--db",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(table.status.success());
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains(BRANCH) && text.contains("达标"), "{text}");
}

#[test]
fn planner_compliance_refuses_a_fifth_quarter_and_a_bad_date_with_exit_code_2() {
    let (_dir, path, _conn) = demo_db();
    for bad in [
        &["--quarter", "5"][..],
        &["--quarter", "0"],
        &["--today", "2026-02-30"],
        &["--today", "27/11/2026"],
    ] {
        let out = crate::planner()
            .args(["compliance", "--year", "2026", "--db"])
            .arg(&path)
            .args(bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty());
    }
}

/// A member of this year's team cannot move to another branch (the team would hold an
/// outsider) until replaced in the team; the refusal names the team and changes nothing.
#[test]
fn a_team_member_moves_to_another_branch_only_once_replaced_in_the_team() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let other = branch_id(&conn, "农机服务型党支部");
    let demo_team = points::teams_of(&conn, &branch, today().year())
        .unwrap()
        .into_iter()
        .next()
        .expect("the demo branch has a team this year");
    let seats: Vec<String> = members_of(&conn, &branch)
        .iter()
        .filter(|m| m.seat.is_some())
        .map(|m| m.id.clone())
        .collect();
    let on_active_point = |id: &str| {
        conn.query_row(
            "SELECT COUNT(*) FROM demo_point WHERE status = 'active' AND (leader_member_id = ?1
             OR id IN (SELECT point_id FROM demo_point_member WHERE member_id = ?1))",
            [id],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
            > 0
    };
    let mover = reg::get_member(
        &conn,
        demo_team
            .member_ids
            .iter()
            .find(|id| !seats.contains(id) && !on_active_point(id))
            .expect("a team member with no seat and no active point"),
    )
    .unwrap();
    let draft_to = |branch_id: &str| MemberDraft {
        branch_id: branch_id.to_owned(),
        ..mover.draft()
    };
    let err = reg::save_member(&mut conn, Some(&mover.id), draft_to(&other), today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::MemberBoundToBranch, "{err}");
    let api: branch_planner::error::ApiError = err.into();
    assert_eq!(api.subject.as_deref(), Some(demo_team.name.as_str()));
    assert_eq!(reg::get_member(&conn, &mover.id).unwrap().branch_id, branch);

    // Editing the member within the branch is still fine.
    let mut same = draft_to(&branch);
    same.specialty = "大棚蔬菜、育苗".into();
    reg::save_member(&mut conn, Some(&mover.id), same, today()).unwrap();

    // Replaced in the team (and in no active point), the member may move.
    let replacement = capable_ids(&conn, &branch)
        .into_iter()
        .find(|id| {
            !demo_team.member_ids.contains(id) && {
                // Not in another team of the year.
                points::teams_of(&conn, &branch, today().year())
                    .unwrap()
                    .iter()
                    .all(|t| !t.member_ids.contains(id))
            }
        })
        .expect("a free capable member");
    let members: Vec<String> = demo_team
        .member_ids
        .iter()
        .map(|id| {
            if *id == mover.id {
                replacement.clone()
            } else {
                id.clone()
            }
        })
        .collect();
    points::save_team(
        &mut conn,
        Some(&demo_team.id),
        team(&branch, demo_team.year, &demo_team.name, &members),
    )
    .unwrap();
    let moved = reg::save_member(&mut conn, Some(&mover.id), draft_to(&other), today()).unwrap();
    assert_eq!(moved.branch_id, other);

    // Someone involved in an active point (no seat, no team) is held by the point instead.
    let (helper, point_name): (String, String) = conn
        .query_row(
            "SELECT pm.member_id, p.name FROM demo_point_member pm
             JOIN demo_point p ON p.id = pm.point_id
             WHERE p.status = 'active' AND p.branch_id = ?1
               AND pm.member_id NOT IN (SELECT member_id FROM committee_seat)
               AND pm.member_id NOT IN (SELECT member_id FROM team_member WHERE year >= ?2)
             ORDER BY p.created_on LIMIT 1",
            rusqlite::params![branch, today().year()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the demo has point members outside teams");
    let helper = reg::get_member(&conn, &helper).unwrap();
    let draft = MemberDraft {
        branch_id: other.clone(),
        ..helper.draft()
    };
    let err = reg::save_member(&mut conn, Some(&helper.id), draft, today()).unwrap_err();
    let api: branch_planner::error::ApiError = err.into();
    assert_eq!(api.code, ErrorCode::MemberBoundToBranch);
    let named = api.subject.unwrap();
    assert!(
        named == point_name
            || conn
                .query_row(
                    "SELECT COUNT(*) FROM demo_point WHERE name = ?1 AND status = 'active'",
                    [&named],
                    |r| r.get::<_, i64>(0)
                )
                .unwrap()
                == 1,
        "names an active point: {named}"
    );
}
