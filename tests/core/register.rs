//! The register: committee seats, members, the tree.

use branch_planner::api::register::{
    self as reg, BranchDraft, CommunityDraft, MemberQuery, TownDraft,
};
use branch_planner::org::{BranchBasis, CommitteeRole, Gender, MemberDraft, SeatAssignment};
use branch_planner::{Error, ErrorCode};

use crate::{branch_id, demo_db, temp_db, today};

fn members_of(conn: &rusqlite::Connection, branch: &str) -> Vec<branch_planner::org::Member> {
    reg::list_members(
        conn,
        &MemberQuery {
            branch_id: Some(branch.into()),
            ..Default::default()
        },
    )
    .unwrap()
}

fn seat(role: CommitteeRole, member_id: &str) -> SeatAssignment {
    SeatAssignment {
        role,
        member_id: member_id.to_owned(),
    }
}

fn draft(branch_id: &str, name: &str) -> MemberDraft {
    MemberDraft {
        branch_id: branch_id.to_owned(),
        name: name.to_owned(),
        gender: Gender::Female,
        birth_year: 1975,
        phone: String::new(),
        specialty: "育苗".into(),
        joined_on: None,
        capable: true,
    }
}

#[test]
fn the_demo_town_is_realistic() {
    let (_dir, _path, conn) = demo_db();
    let tree = reg::org_tree(&conn).unwrap();
    let branches: Vec<_> = tree
        .towns
        .iter()
        .flat_map(|t| &t.communities)
        .flat_map(|c| &c.branches)
        .collect();
    assert_eq!(tree.towns.len(), 1);
    assert_eq!(tree.towns[0].communities.len(), 2);
    assert_eq!(branches.len(), 8);
    let members: u32 = branches.iter().map(|b| b.active_members).sum();
    assert!(
        (180..=230).contains(&members),
        "about 200 members, got {members}"
    );
    assert!(
        branches.iter().all(|b| b.seats_filled == 3),
        "every demo branch has its committee"
    );
    let all = reg::list_members(&conn, &MemberQuery::default()).unwrap();
    assert!(
        all.iter().any(|m| m.capable),
        "the demo has capable members"
    );
}

#[test]
fn a_fourth_seat_is_refused() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    let m = members_of(&conn, &branch);
    let seats = [
        seat(CommitteeRole::Secretary, &m[0].id),
        seat(CommitteeRole::Organising, &m[1].id),
        seat(CommitteeRole::Publicity, &m[2].id),
        seat(CommitteeRole::Publicity, &m[3].id),
    ];
    let err = reg::set_committee(&mut conn, &branch, &seats, today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::SeatCount, "{err}");
    let same_role_twice = [
        seat(CommitteeRole::Secretary, &m[4].id),
        seat(CommitteeRole::Secretary, &m[5].id),
    ];
    let err = reg::set_committee(&mut conn, &branch, &same_role_twice, today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::SeatCount);
    let kept = reg::committee(&conn, &branch).unwrap();
    assert_eq!(
        kept.len(),
        3,
        "a refused committee leaves the old one in place"
    );
    assert_eq!(kept[0].member_id, m[0].id);
}

#[test]
fn a_seat_held_by_a_member_of_another_branch_is_refused() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    let other = members_of(&conn, &branch_id(&conn, "农机服务型党支部"));
    let outsider = other.iter().find(|m| m.seat.is_none()).unwrap();
    let err = reg::set_committee(
        &mut conn,
        &branch,
        &[seat(CommitteeRole::Secretary, &outsider.id)],
        today(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::SeatOtherBranch { .. }), "got {err:?}");
}

#[test]
fn an_archived_member_cannot_hold_a_seat() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    let candidate = members_of(&conn, &branch)
        .into_iter()
        .find(|m| m.seat.is_none())
        .unwrap();
    reg::archive_member(&mut conn, &candidate.id, today()).unwrap();
    let err = reg::set_committee(
        &mut conn,
        &branch,
        &[seat(CommitteeRole::Publicity, &candidate.id)],
        today(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::SeatArchivedMember, "{err}");
}

#[test]
fn a_seat_holder_is_not_archived_until_the_seat_is_reassigned() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    let m = members_of(&conn, &branch);
    let secretary = m
        .iter()
        .find(|x| x.seat == Some(CommitteeRole::Secretary))
        .unwrap();
    let err = reg::archive_member(&mut conn, &secretary.id, today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::MemberHoldsSeat);
    assert_eq!(
        reg::delete_member(&mut conn, &secretary.id)
            .unwrap_err()
            .code(),
        ErrorCode::InUse
    );

    let successor = m.iter().find(|x| x.seat.is_none()).unwrap();
    let mut seats = reg::committee(&conn, &branch).unwrap();
    seats[0].member_id = successor.id.clone();
    reg::set_committee(&mut conn, &branch, &seats, today()).unwrap();
    let archived = reg::archive_member(&mut conn, &secretary.id, today()).unwrap();
    assert_eq!(archived.archived_on, Some(today()));
    assert!(
        !members_of(&conn, &branch)
            .iter()
            .any(|x| x.id == secretary.id),
        "archived members leave the active list"
    );
    let restored = reg::restore_member(&mut conn, &secretary.id).unwrap();
    assert_eq!(restored.archived_on, None);
}

#[test]
fn one_member_cannot_take_two_seats() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    let m = members_of(&conn, &branch);
    let err = reg::set_committee(
        &mut conn,
        &branch,
        &[
            seat(CommitteeRole::Secretary, &m[0].id),
            seat(CommitteeRole::Publicity, &m[0].id),
        ],
        today(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::SeatTwice);
}

#[test]
fn a_member_is_added_edited_and_found_after_reopening() {
    let (_dir, path, mut conn) = temp_db();
    let town = reg::save_town(
        &mut conn,
        None,
        &TownDraft {
            name: "桃林镇".into(),
        },
    )
    .unwrap();
    let community = reg::save_community(
        &mut conn,
        None,
        &CommunityDraft {
            town_id: town.id.clone(),
            name: "杏花社区".into(),
            committee_name: String::new(),
        },
    )
    .unwrap();
    assert_eq!(
        community.committee_name, "杏花社区党委",
        "the committee name defaults from the community"
    );
    let branch = reg::save_branch(
        &mut conn,
        None,
        &BranchDraft {
            community_id: community.id.clone(),
            name: "蔬菜种植服务型党支部".into(),
            basis: BranchBasis::Trade,
            note: String::new(),
        },
    )
    .unwrap();
    let added = reg::save_member(&mut conn, None, draft(&branch.id, "赵淑珍"), today()).unwrap();
    let edited = reg::save_member(
        &mut conn,
        Some(&added.id),
        MemberDraft {
            phone: "139-0536-0001".into(),
            ..draft(&branch.id, "赵淑珍")
        },
        today(),
    )
    .unwrap();
    assert_eq!(edited.phone, "13905360001");
    drop(conn);

    let conn = branch_planner::db::open(&path).unwrap();
    let found = members_of(&conn, &branch.id);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "赵淑珍");
    assert_eq!(found[0].branch_name, "蔬菜种植服务型党支部");
    assert_eq!(found[0].community_name, "杏花社区");
}

#[test]
fn the_same_person_twice_and_duplicate_names_are_refused() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    reg::save_member(&mut conn, None, draft(&branch, "钱玉兰"), today()).unwrap();
    let err = reg::save_member(&mut conn, None, draft(&branch, "钱玉兰"), today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Duplicate);

    let town = reg::org_tree(&conn).unwrap().towns[0].town.clone();
    let err = reg::save_town(
        &mut conn,
        None,
        &TownDraft {
            name: town.name.clone(),
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Duplicate);
    let renamed =
        reg::save_town(&mut conn, Some(&town.id), &TownDraft { name: town.name }).unwrap();
    assert_eq!(
        renamed.id, town.id,
        "saving a town under its own name is not a duplicate"
    );
}

#[test]
fn a_member_without_a_name_is_refused_with_the_field() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    let err = reg::save_member(&mut conn, None, draft(&branch, "  "), today()).unwrap_err();
    let api: branch_planner::ApiError = err.into();
    assert_eq!(api.code, ErrorCode::Invalid);
    assert_eq!(api.fields[0].field, "name");
    assert_eq!(
        serde_json::to_value(&api).unwrap()["fields"][0]["rule"],
        "required",
        "the UI reads the rule in camelCase"
    );
}

#[test]
fn a_member_of_an_unknown_branch_is_refused() {
    let (_dir, _path, mut conn) = demo_db();
    let err =
        reg::save_member(&mut conn, None, draft("no-such-branch", "孙丽娟"), today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}
