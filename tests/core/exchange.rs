//! Exchange files on real databases: a branch moved into an empty database with its photos,
//! re-imports that change nothing, conflicts reported and settled, refused files that change
//! nothing, and the community's decisions sent back.

use std::io::Write;
use std::path::{Path, PathBuf};

use branch_planner::activity_week::ActivityWeekRule;
use branch_planner::api::demo;
use branch_planner::api::exchange as ex;
use branch_planner::api::photos::add_photos;
use branch_planner::api::schedule::{self as sched, WeekRuleChange};
use branch_planner::day_plan::YearMonth;
use branch_planner::db::week_rules;
use branch_planner::exchange::plan::{totals, Choice};
use branch_planner::exchange::{rows, BRANCH_KINDS, DECISION_KINDS};
use branch_planner::photo::{PhotoOwner, PhotoStore};
use branch_planner::week_rule::WeekRuleFrom;
use branch_planner::{Error, ErrorCode};
use chrono::NaiveDateTime;
use image::ImageFormat;
use rusqlite::Connection;

use crate::activities::{change, BRANCH};
use crate::photos::{image_file, planned_activity};
use crate::{branch_id, demo_db, temp_db, today};

fn at() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-27 09:30:15", "%Y-%m-%d %H:%M:%S").unwrap()
}

fn photo_names(db_path: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(PhotoStore::for_database(db_path).dir())
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The demo town with two photos on an activity of `BRANCH`.
fn demo_with_photos() -> (tempfile::TempDir, PathBuf, Connection, String) {
    let (dir, path, mut conn) = demo_db();
    let id = planned_activity(&mut conn);
    let picked = tempfile::tempdir().unwrap();
    let a = image_file(picked.path(), "现场.jpg", 64, 48, ImageFormat::Jpeg);
    let b = image_file(picked.path(), "签到.png", 30, 60, ImageFormat::Png);
    let store = PhotoStore::for_database(&path);
    let owner = PhotoOwner::Activity { activity_id: id };
    add_photos(&mut conn, &store, owner, vec![a, b], &change()).unwrap();
    let branch = branch_id(&conn, BRANCH);
    (dir, path, conn, branch)
}

/// Every exchanged row of the branch, per kind, sorted (sequence numbers are not carried).
fn snapshot(
    conn: &Connection,
    branch: &str,
    kinds: &[branch_planner::exchange::KindSpec],
) -> Vec<(String, Vec<String>)> {
    kinds
        .iter()
        .map(|spec| {
            let mut rows: Vec<String> = rows::of_branch(conn, spec, branch)
                .unwrap()
                .iter()
                .map(|r| serde_json::to_string(r).unwrap())
                .collect();
            rows.sort();
            (spec.kind.to_owned(), rows)
        })
        .collect()
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// The demo town with a year and a half of history (held activities, attendance, ledgers,
/// teams, points), a photo on a held activity (which its audit records) and one on a point,
/// a weekday wish, a moved day and a change of the community's week rule: every kind a
/// branch's file carries.
fn rich_demo() -> (tempfile::TempDir, PathBuf, Connection, String) {
    let (dir, path, mut conn) = temp_db();
    demo::load_demo_with_history(&mut conn, demo::DEMO_SEED, today()).unwrap();
    let branch = branch_id(&conn, BRANCH);
    let first = |sql: &str| -> String { conn.query_row(sql, [&branch], |r| r.get(0)).unwrap() };
    let held =
        first("SELECT id FROM activity WHERE branch_id = ?1 AND status = 'held' ORDER BY date");
    let point = first("SELECT id FROM demo_point WHERE branch_id = ?1 ORDER BY created_on");
    let picked = tempfile::tempdir().unwrap();
    let store = PhotoStore::for_database(&path);
    let a = image_file(picked.path(), "现场.jpg", 64, 48, ImageFormat::Jpeg);
    let b = image_file(picked.path(), "大棚.png", 30, 60, ImageFormat::Png);
    add_photos(
        &mut conn,
        &store,
        PhotoOwner::Activity { activity_id: held },
        vec![a],
        &change(),
    )
    .unwrap();
    add_photos(
        &mut conn,
        &store,
        PhotoOwner::Point { point_id: point },
        vec![b],
        &change(),
    )
    .unwrap();
    conn.execute_batch(&format!(
        "INSERT OR REPLACE INTO weekday_wish (branch_id, weekday, wish) VALUES ('{branch}', 'tue', 'impossible');
         INSERT OR REPLACE INTO day_move (branch_id, year, month, date, reason)
             VALUES ('{branch}', 2026, 12, '2026-12-16', '村里有事');"
    ))
    .unwrap();
    let community: String = conn
        .query_row(
            "SELECT community_id FROM branch WHERE id = ?1",
            [&branch],
            |r| r.get(0),
        )
        .unwrap();
    sched::change_week_rule(
        &mut conn,
        &WeekRuleChange {
            community_id: community,
            effective_from: "2026-07".into(),
            rule: ActivityWeekRule::SecondMondayWeek,
        },
        today(),
    )
    .unwrap();
    (dir, path, conn, branch)
}

#[test]
fn a_branch_moves_into_an_empty_database_with_its_photos_and_again_changes_nothing() {
    let (dir, path, mut conn, branch) = rich_demo();
    let done = ex::export_branch(&mut conn, &path, &branch, dir.path(), at()).unwrap();
    assert!(done.path.ends_with(".bpx"), "{}", done.path);
    assert_eq!(
        done.manifest.photo_files, 4,
        "two photos and two thumbnails"
    );
    let members = done
        .manifest
        .counts
        .iter()
        .find(|c| c.kind == "member")
        .unwrap();
    assert!(members.count > 10, "{members:?}");

    let (_other, target, mut empty) = temp_db();
    let preview = ex::preview(&mut empty, &target, Path::new(&done.path), today()).unwrap();
    let all = totals(&preview.kinds);
    assert!(all.new > 500, "{all:?}");
    for spec in BRANCH_KINDS {
        let k = preview.kinds.iter().find(|k| k.kind == spec.kind);
        assert!(
            k.is_some_and(|k| k.new > 0),
            "{}: {:?}",
            spec.kind,
            preview.kinds
        );
    }
    // The community's earliest rule comes with the community itself (a database trigger
    // seeds it), so it is the one record already here; the change from 2026-07 is new.
    let rules = preview
        .kinds
        .iter()
        .find(|k| k.kind == "community_week_rule")
        .unwrap();
    assert_eq!((rules.new, rules.unchanged), (1, 1), "{rules:?}");
    assert_eq!((all.changed, all.unchanged, all.conflicting), (0, 1, 0));
    assert_eq!(preview.photo_files, 4);
    assert_eq!(count(&empty, "member"), 0, "a preview writes nothing");

    let imported = ex::import(
        &mut empty,
        &target,
        Path::new(&done.path),
        &[],
        None,
        today(),
    )
    .unwrap();
    assert_eq!(imported.photo_files, 4);
    assert_eq!(
        snapshot(&empty, &branch, BRANCH_KINDS),
        snapshot(&conn, &branch, BRANCH_KINDS),
        "every record arrived as it was"
    );
    let store = PhotoStore::for_database(&path);
    for name in photo_names(&path) {
        assert_eq!(
            std::fs::read(PhotoStore::for_database(&target).path_of(&name)).unwrap(),
            std::fs::read(store.path_of(&name)).unwrap(),
            "{name}"
        );
    }
    // The counts statistics read are the database's own, made from the rows that arrived.
    let kept = |c: &Connection| -> Vec<(String, i64, i64, i64)> {
        let mut stmt = c
            .prepare(
                "SELECT id, roll_count, present_count, steps_recorded FROM activity
                 WHERE branch_id = ?1 ORDER BY id",
            )
            .unwrap();
        stmt.query_map([&branch], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let counted = kept(&conn);
    assert!(counted
        .iter()
        .any(|(_, roll, _, steps)| *roll > 0 && *steps == 3));
    assert_eq!(kept(&empty), counted);
    let check: String = empty
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .unwrap_or_else(|_| "none".into());
    assert_eq!(check, "none", "no dangling reference");

    // The same file again, and the new copy sent back: nothing to do either way.
    let again = ex::import(
        &mut empty,
        &target,
        Path::new(&done.path),
        &[],
        None,
        today(),
    )
    .unwrap();
    let all = totals(&again.kinds);
    assert_eq!((all.new, all.changed, all.conflicting), (0, 0, 0));
    assert_eq!(again.photo_files, 0);
    let back =
        ex::export_branch(&mut empty, &target, &branch, &dir.path().join("back"), at()).unwrap();
    let before = snapshot(&conn, &branch, BRANCH_KINDS);
    let returned = ex::import(&mut conn, &path, Path::new(&back.path), &[], None, today()).unwrap();
    let all = totals(&returned.kinds);
    assert_eq!(
        (all.new, all.changed, all.conflicting),
        (0, 0, 0),
        "{all:?}"
    );
    assert_eq!(snapshot(&conn, &branch, BRANCH_KINDS), before);
}

/// A member's name as this database has it.
fn member_name(conn: &Connection, id: &str) -> String {
    conn.query_row("SELECT name FROM member WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

fn rename(conn: &Connection, id: &str, name: &str) {
    conn.execute("UPDATE member SET name = ?2 WHERE id = ?1", [id, name])
        .unwrap();
}

#[test]
fn a_record_edited_on_both_sides_waits_for_a_choice_and_one_side_edits_merge() {
    let (dir, path, mut conn, branch) = demo_with_photos();
    let first = ex::export_branch(&mut conn, &path, &branch, &dir.path().join("1"), at()).unwrap();
    let (_o, target, mut other) = temp_db();
    ex::import(
        &mut other,
        &target,
        Path::new(&first.path),
        &[],
        None,
        today(),
    )
    .unwrap();

    let ids: Vec<String> = conn
        .prepare("SELECT id FROM member WHERE branch_id = ?1 ORDER BY id LIMIT 3")
        .unwrap()
        .query_map([&branch], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let (both, there, here) = (&ids[0], &ids[1], &ids[2]);
    rename(&conn, both, "支部改的名字");
    rename(&other, both, "社区改的名字");
    rename(&conn, there, "只在支部改");
    rename(&other, here, "只在社区改");
    let second = ex::export_branch(&mut conn, &path, &branch, &dir.path().join("2"), at()).unwrap();
    let file = Path::new(&second.path);

    let preview = ex::preview(&mut other, &target, file, today()).unwrap();
    let members = preview.kinds.iter().find(|k| k.kind == "member").unwrap();
    assert_eq!(
        (members.conflicting, members.changed, members.kept),
        (1, 1, 1),
        "{members:?}"
    );
    let conflict = &preview.conflicts[0];
    assert_eq!(conflict.kind, "member");
    assert_eq!(conflict.fields.len(), 1);
    assert_eq!(
        (
            conflict.fields[0].mine.as_str(),
            conflict.fields[0].theirs.as_str()
        ),
        ("社区改的名字", "支部改的名字")
    );

    // No choice: refused, nothing written (not even the one-sided change).
    let err = ex::import(&mut other, &target, file, &[], None, today()).unwrap_err();
    assert!(matches!(err, Error::ExchangeConflicts(1)), "{err:?}");
    assert_eq!(err.code(), ErrorCode::ExchangeConflicts);
    assert!(err.to_string().contains("冲突"), "{err}");
    assert_eq!(member_name(&other, both), "社区改的名字");
    assert_ne!(member_name(&other, there), "只在支部改");

    let choice = ex::ConflictChoice {
        kind: conflict.kind.clone(),
        key: conflict.key.clone(),
        choice: Choice::Theirs,
    };
    ex::import(&mut other, &target, file, &[choice], None, today()).unwrap();
    assert_eq!(member_name(&other, both), "支部改的名字");
    assert_eq!(member_name(&other, there), "只在支部改");
    assert_eq!(
        member_name(&other, here),
        "只在社区改",
        "the local edit stays"
    );

    // Settled: importing the file again finds nothing to do or to choose.
    let again = ex::preview(&mut other, &target, file, today()).unwrap();
    assert!(again.conflicts.is_empty());
    assert_eq!(totals(&again.kinds).changed, 0);

    // Keeping mine for everything leaves this side as it is.
    rename(&conn, both, "支部又改");
    rename(&other, both, "社区又改");
    let third = ex::export_branch(&mut conn, &path, &branch, &dir.path().join("3"), at()).unwrap();
    ex::import(
        &mut other,
        &target,
        Path::new(&third.path),
        &[],
        Some(Choice::Mine),
        today(),
    )
    .unwrap();
    assert_eq!(member_name(&other, both), "社区又改");
}

fn seats(conn: &Connection, branch: &str) -> Vec<(String, String)> {
    conn.prepare("SELECT role, member_id FROM committee_seat WHERE branch_id = ?1 ORDER BY role")
        .unwrap()
        .query_map([branch], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn wishes(conn: &Connection, branch: &str) -> Vec<String> {
    conn.prepare("SELECT weekday FROM weekday_wish WHERE branch_id = ?1 ORDER BY weekday")
        .unwrap()
        .query_map([branch], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn seats_swapped_and_links_deleted_on_one_side_follow_and_rows_added_here_stay() {
    let (dir, path, mut conn, branch) = rich_demo();
    let first = ex::export_branch(&mut conn, &path, &branch, &dir.path().join("1"), at()).unwrap();
    let (_o, target, mut other) = temp_db();
    ex::import(
        &mut other,
        &target,
        Path::new(&first.path),
        &[],
        None,
        today(),
    )
    .unwrap();

    // The branch swaps its secretary and organising member and drops its weekday wish; the
    // community's computer notes a wish of its own.
    // (SQLite checks the unique member per row, so the app's own swap is delete + insert too.)
    let old = seats(&conn, &branch);
    let member = |role: &str| old.iter().find(|(r, _)| r == role).unwrap().1.clone();
    let (secretary, organising) = (member("secretary"), member("organising"));
    conn.execute_batch(&format!(
        "BEGIN;
         DELETE FROM committee_seat WHERE branch_id = '{branch}' AND role IN ('secretary', 'organising');
         INSERT INTO committee_seat (branch_id, role, member_id) VALUES
             ('{branch}', 'secretary', '{organising}'), ('{branch}', 'organising', '{secretary}');
         DELETE FROM weekday_wish WHERE branch_id = '{branch}';
         COMMIT;"
    ))
    .unwrap();
    other
        .execute(
            "INSERT INTO weekday_wish (branch_id, weekday, wish) VALUES (?1, 'fri', 'preferred')",
            [&branch],
        )
        .unwrap();
    let second = ex::export_branch(&mut conn, &path, &branch, &dir.path().join("2"), at()).unwrap();
    let done = ex::import(
        &mut other,
        &target,
        Path::new(&second.path),
        &[],
        None,
        today(),
    )
    .unwrap();
    let seat_counts = done
        .kinds
        .iter()
        .find(|k| k.kind == "committee_seat")
        .unwrap();
    assert_eq!(seat_counts.changed, 2, "{seat_counts:?}");
    let wish_counts = done
        .kinds
        .iter()
        .find(|k| k.kind == "weekday_wish")
        .unwrap();
    assert_eq!(wish_counts.deleted, 1, "{wish_counts:?}");
    assert_eq!(seats(&other, &branch), seats(&conn, &branch));
    assert_eq!(
        wishes(&other, &branch),
        vec!["fri".to_owned()],
        "the local wish stays"
    );
}

fn zip_with(path: &Path, entries: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, data) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn files_that_are_not_good_exchange_files_are_refused_and_change_nothing() {
    let (dir, path, mut conn, branch) = demo_with_photos();
    let done = ex::export_branch(&mut conn, &path, &branch, dir.path(), at()).unwrap();
    let good = std::fs::read(&done.path).unwrap();
    let manifest: serde_json::Value = serde_json::to_value(&done.manifest).unwrap();
    let data = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&done.path).unwrap()).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("data.json").unwrap(), &mut text).unwrap();
        text
    };
    let with_manifest = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut m = manifest.clone();
        change(&mut m);
        serde_json::to_vec(&m).unwrap()
    };
    let (_o, target, mut empty) = temp_db();
    type MakeFile<'a> = Box<dyn Fn(&Path) + 'a>;
    let cases: Vec<(&str, MakeFile, ErrorCode)> = vec![
        (
            "cut",
            Box::new(|p: &Path| std::fs::write(p, &good[..good.len() / 2]).unwrap()),
            ErrorCode::ExchangeDamaged,
        ),
        (
            "text",
            Box::new(|p: &Path| std::fs::write(p, "不是压缩包").unwrap()),
            ErrorCode::NotAnExchange,
        ),
        (
            "newer",
            Box::new(|p: &Path| {
                let newer = branch_planner::exchange::file::FORMAT_VERSION + 1;
                let m = with_manifest(&|m| m["formatVersion"] = newer.into());
                zip_with(
                    p,
                    &[
                        ("manifest.json", m.as_slice()),
                        ("data.json", data.as_bytes()),
                    ],
                );
            }),
            ErrorCode::ExchangeTooNew,
        ),
        (
            "other-branch",
            Box::new(|p: &Path| {
                let m = with_manifest(&|m| m["branchId"] = "someone-else".into());
                zip_with(
                    p,
                    &[
                        ("manifest.json", m.as_slice()),
                        ("data.json", data.as_bytes()),
                    ],
                );
            }),
            ErrorCode::ExchangeDamaged,
        ),
        (
            "no-manifest",
            Box::new(|p: &Path| zip_with(p, &[("data.json", data.as_bytes())])),
            ErrorCode::NotAnExchange,
        ),
    ];
    for (name, make, code) in cases {
        let file = dir.path().join(format!("{name}.bpx"));
        make(&file);
        let err = ex::preview(&mut empty, &target, &file, today()).unwrap_err();
        assert_eq!(err.code(), code, "{name}: {err}");
        let err = ex::import(
            &mut empty,
            &target,
            &file,
            &[],
            Some(Choice::Theirs),
            today(),
        )
        .unwrap_err();
        assert_eq!(err.code(), code, "{name}: {err}");
        assert_eq!(count(&empty, "member"), 0, "{name}");
        assert_eq!(count(&empty, "exchange_base"), 0, "{name}");
        assert!(photo_names(&target).is_empty(), "{name}");
    }
    let newer =
        ex::preview(&mut empty, &target, &dir.path().join("newer.bpx"), today()).unwrap_err();
    assert!(newer.to_string().contains("请先升级软件"), "{newer}");
}

#[test]
fn a_record_this_computer_refuses_rolls_everything_back_photos_included() {
    let (dir, path, mut conn, branch) = demo_with_photos();
    let done = ex::export_branch(&mut conn, &path, &branch, dir.path(), at()).unwrap();
    let (_o, target, mut other) = temp_db();
    // Another town of the same name already here, under another id.
    let town: String = conn
        .query_row(
            "SELECT t.name FROM town t JOIN community c ON c.town_id = t.id
             JOIN branch b ON b.community_id = c.id WHERE b.id = ?1",
            [&branch],
            |r| r.get(0),
        )
        .unwrap();
    other
        .execute(
            "INSERT INTO town (id, name) VALUES ('local-town', ?1)",
            [&town],
        )
        .unwrap();
    let err = ex::import(
        &mut other,
        &target,
        Path::new(&done.path),
        &[],
        None,
        today(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ExchangeRefused, "{err}");
    assert_eq!(count(&other, "member"), 0);
    assert_eq!(count(&other, "town"), 1);
    assert!(photo_names(&target).is_empty(), "no photo file left behind");
}

#[test]
fn the_community_sends_its_decisions_back_to_the_branch() {
    let (dir, path, mut conn, branch) = demo_with_photos();
    // The branch's computer got its data from the community's once.
    let first = ex::export_branch(&mut conn, &path, &branch, &dir.path().join("b"), at()).unwrap();
    let (_o, target, mut branch_pc) = temp_db();
    ex::import(
        &mut branch_pc,
        &target,
        Path::new(&first.path),
        &[],
        None,
        today(),
    )
    .unwrap();

    // The committee decides: another week rule (as an older app stores it, in the column), a
    // rule change from March 2027, a moved December day.
    conn.execute(
        "UPDATE community SET week_rule = 'second-monday-week'
         WHERE id = (SELECT community_id FROM branch WHERE id = ?1)",
        [&branch],
    )
    .unwrap();
    let community: String = conn
        .query_row(
            "SELECT community_id FROM branch WHERE id = ?1",
            [&branch],
            |r| r.get(0),
        )
        .unwrap();
    let march = WeekRuleChange {
        community_id: community.clone(),
        effective_from: "2027-03".into(),
        rule: ActivityWeekRule::SecondCalendarRow,
    };
    sched::change_week_rule(&mut conn, &march, today()).unwrap();
    conn.execute(
        "INSERT OR REPLACE INTO day_move (branch_id, year, month, date, reason)
         VALUES (?1, 2026, 12, '2026-12-16', '与镇里会议错开')",
        [&branch],
    )
    .unwrap();
    let decisions =
        ex::export_decisions(&mut conn, &path, &branch, &dir.path().join("d"), at()).unwrap();
    assert_eq!(
        decisions.manifest.kind,
        branch_planner::exchange::FileKind::Decisions
    );
    let preview =
        ex::preview(&mut branch_pc, &target, Path::new(&decisions.path), today()).unwrap();
    assert!(preview.conflicts.is_empty(), "{:?}", preview.conflicts);
    ex::import(
        &mut branch_pc,
        &target,
        Path::new(&decisions.path),
        &[],
        None,
        today(),
    )
    .unwrap();
    assert_eq!(
        snapshot(&branch_pc, &branch, DECISION_KINDS),
        snapshot(&conn, &branch, DECISION_KINDS)
    );
    let rule: String = branch_pc
        .query_row("SELECT week_rule FROM community", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rule, "second-monday-week");
    // The rule history arrived, and the branch's computer schedules as the committee's does.
    let history = |c: &Connection| week_rules::history(c, &community).unwrap();
    assert_eq!(
        history(&branch_pc),
        [
            WeekRuleFrom::new(
                YearMonth {
                    year: 1900,
                    month: 1
                },
                ActivityWeekRule::SecondMondayWeek
            ),
            WeekRuleFrom::new(
                YearMonth {
                    year: 2027,
                    month: 3
                },
                ActivityWeekRule::SecondCalendarRow
            ),
        ]
    );
    assert_eq!(
        sched::branch_year(&branch_pc, &branch, 2027).unwrap().days,
        sched::branch_year(&conn, &branch, 2027).unwrap().days,
        "the same 2027 dates on both computers"
    );
    let again = ex::import(
        &mut branch_pc,
        &target,
        Path::new(&decisions.path),
        &[],
        None,
        today(),
    )
    .unwrap();
    let all = totals(&again.kinds);
    assert_eq!((all.new, all.changed, all.conflicting), (0, 0, 0));

    // The committee takes the March change back. The branch's own file, sent before it heard
    // of that, does not bring the change back to the committee's computer; the next decisions
    // file deletes it on the branch's computer.
    sched::delete_week_rule(&mut conn, &community, "2027-03", today()).unwrap();
    let from_branch = ex::export_branch(
        &mut branch_pc,
        &target,
        &branch,
        &dir.path().join("b2"),
        at(),
    )
    .unwrap();
    let back = ex::import(
        &mut conn,
        &path,
        Path::new(&from_branch.path),
        &[],
        None,
        today(),
    )
    .unwrap();
    let rules = back
        .kinds
        .iter()
        .find(|k| k.kind == "community_week_rule")
        .unwrap();
    assert_eq!((rules.new, rules.kept), (0, 1), "{rules:?}");
    assert_eq!(history(&conn).len(), 1, "the deleted change stays deleted");
    let later =
        ex::export_decisions(&mut conn, &path, &branch, &dir.path().join("d2"), at()).unwrap();
    let applied = ex::import(
        &mut branch_pc,
        &target,
        Path::new(&later.path),
        &[],
        None,
        today(),
    )
    .unwrap();
    let rules = applied
        .kinds
        .iter()
        .find(|k| k.kind == "community_week_rule")
        .unwrap();
    assert_eq!(rules.deleted, 1, "{rules:?}");
    assert_eq!(history(&branch_pc), history(&conn));

    // Decisions for a branch this computer does not have are refused.
    let (_e, empty_path, mut empty) = temp_db();
    let err =
        ex::preview(&mut empty, &empty_path, Path::new(&decisions.path), today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ExchangeRefused, "{err}");
    assert!(err.to_string().contains("本机没有支部"), "{err}");
}

#[test]
fn cli_exports_imports_and_stops_at_conflicts() {
    let (dir, path, mut conn, branch) = demo_with_photos();
    let out = dir.path().join("usb").join("a.bpx");
    let run = crate::planner()
        .args(["export", "--db"])
        .arg(&path)
        .args(["--branch", &branch, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let target = dir.path().join("other.sqlite3");
    let run = crate::planner()
        .args(["import", "--db"])
        .arg(&target)
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(text.contains("member") && text.contains("all"), "{text}");

    // Both sides rename the same member: the import stops until --resolve says how.
    let id: String = conn
        .query_row(
            "SELECT id FROM member WHERE branch_id = ?1 LIMIT 1",
            [&branch],
            |r| r.get(0),
        )
        .unwrap();
    rename(&conn, &id, "支部这边");
    rename(&Connection::open(&target).unwrap(), &id, "社区那边");
    ex::export_branch(&mut conn, &path, &branch, &out, at()).unwrap();
    let import = |extra: &[&str]| {
        crate::planner()
            .args(["import", "--db"])
            .arg(&target)
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let dry = import(&["--dry-run"]);
    assert!(!dry.status.success());
    assert!(String::from_utf8_lossy(&dry.stdout).contains("conflict"));
    let stopped = import(&[]);
    assert!(!stopped.status.success());
    assert_eq!(
        member_name(&Connection::open(&target).unwrap(), &id),
        "社区那边"
    );
    let taken = import(&["--resolve", "theirs"]);
    assert!(
        taken.status.success(),
        "{}",
        String::from_utf8_lossy(&taken.stderr)
    );
    assert_eq!(
        member_name(&Connection::open(&target).unwrap(), &id),
        "支部这边"
    );

    let decisions = dir.path().join("d.bpx");
    let run = crate::planner()
        .args(["export", "--db"])
        .arg(&path)
        .args(["--decisions-for", &branch, "--out"])
        .arg(&decisions)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bad = crate::planner()
        .args(["export", "--db"])
        .arg(&path)
        .args(["--out"])
        .arg(&decisions)
        .output()
        .unwrap();
    assert_eq!(
        bad.status.code(),
        Some(2),
        "neither --branch nor --decisions-for"
    );
}

/// The file of `branch` with its data (and manifest) changed by `edit`, the counts kept true.
fn crafted(
    dir: &Path,
    done: &ex::ExportDone,
    name: &str,
    edit: &dyn Fn(&mut serde_json::Value, &mut serde_json::Value),
) -> PathBuf {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&done.path).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("data.json").unwrap(), &mut text).unwrap();
    let mut data: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut manifest = serde_json::to_value(&done.manifest).unwrap();
    edit(&mut data, &mut manifest);
    for count in manifest["counts"].as_array_mut().unwrap() {
        let kind = count["kind"].as_str().unwrap().to_owned();
        let n = data["records"][&kind].as_array().map_or(0, Vec::len);
        count["count"] = n.into();
    }
    let path = dir.join(name);
    zip_with(
        &path,
        &[
            ("manifest.json", &serde_json::to_vec(&manifest).unwrap()),
            ("data.json", &serde_json::to_vec(&data).unwrap()),
        ],
    );
    path
}

/// A branch's file may only touch its own branch: a member id of another branch written with
/// the file's branch id, or the branch moved into another community, refuses the whole file
/// with the record named, and nothing here changes.
#[test]
fn a_branch_file_cannot_take_over_another_branchs_member_or_move_its_branch() {
    let (dir, path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let other = branch_id(&conn, "农机服务型党支部");
    let done = ex::export_branch(&mut conn, &path, &branch, dir.path(), at()).unwrap();
    let (victim, victim_name): (String, String) = conn
        .query_row(
            "SELECT id, name FROM member WHERE branch_id = ?1 ORDER BY id LIMIT 1",
            [&other],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let members_before = count(&conn, "member");

    let takeover = crafted(dir.path(), &done, "takeover.bpx", &|data, _| {
        let members = data["records"]["member"].as_array_mut().unwrap();
        let mut stolen = members[0].clone();
        stolen["id"] = victim.clone().into();
        stolen["name"] = "被接管的党员".into();
        members.push(stolen);
    });
    let err = ex::import(
        &mut conn,
        &path,
        &takeover,
        &[],
        Some(Choice::Theirs),
        today(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ExchangeRefused, "{err}");
    assert!(
        err.to_string().contains(&format!("「{victim_name}"))
            && err.to_string().contains("另一个支部"),
        "the refusal names the member: {err}"
    );
    let (owner, name): (String, String) = conn
        .query_row(
            "SELECT branch_id, name FROM member WHERE id = ?1",
            [&victim],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((owner, name), (other.clone(), victim_name.clone()));
    assert_eq!(count(&conn, "member"), members_before);
    let preview = ex::preview(&mut conn, &path, &takeover, today()).unwrap_err();
    assert_eq!(
        preview.code(),
        ErrorCode::ExchangeRefused,
        "the preview says so too"
    );

    let community = done.manifest.community_id.clone();
    let moved = crafted(dir.path(), &done, "moved.bpx", &|data, manifest| {
        let text = serde_json::to_string(data)
            .unwrap()
            .replace(&community, "a-new-community");
        *data = serde_json::from_str(&text).unwrap();
        manifest["communityId"] = "a-new-community".into();
        manifest["communityName"] = "新建社区".into();
        data["records"]["community"][0]["name"] = "新建社区".into();
    });
    let communities_before = count(&conn, "community");
    let err = ex::import(&mut conn, &path, &moved, &[], Some(Choice::Theirs), today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ExchangeRefused, "{err}");
    assert!(err.to_string().contains("另一个社区"), "{err}");
    let still: String = conn
        .query_row(
            "SELECT community_id FROM branch WHERE id = ?1",
            [&branch],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(still, community);
    assert_eq!(
        count(&conn, "community"),
        communities_before,
        "no community was added"
    );
}

/// Imported records pass the forms' rules: each bad field refuses the whole file, naming the
/// record and the field, and the empty database stays empty.
#[test]
fn imported_records_pass_the_same_rules_as_typed_ones() {
    let (dir, path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let done = ex::export_branch(&mut conn, &path, &branch, dir.path(), at()).unwrap();
    let long_name = format!("\u{202e}{}\u{1b}[2J", "长".repeat(100_000));
    let cases: Vec<(&str, &str, serde_json::Value, &str)> = vec![
        ("long", "name", long_name.into(), "name（内容太长）"),
        (
            "escape",
            "name",
            "王\u{1b}[31m五".into(),
            "name（含有控制字符）",
        ),
        (
            "override",
            "name",
            "王\u{202e}五".into(),
            "name（含有控制字符）",
        ),
        ("year", "birth_year", 3000.into(), "birthYear（年份无效）"),
        ("phone", "phone", "12345".into(), "phone（电话号码无效）"),
        ("date", "joined_on", "2025-02-30".into(), "数据不合规"),
    ];
    for (name, column, value, expected) in cases {
        let file = crafted(dir.path(), &done, &format!("{name}.bpx"), &|data, _| {
            data["records"]["member"][0][column] = value.clone();
        });
        let (_o, target, mut empty) = temp_db();
        let err = ex::import(
            &mut empty,
            &target,
            &file,
            &[],
            Some(Choice::Theirs),
            today(),
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::ExchangeRefused, "{name}: {err}");
        let message = err.to_string();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(
            message.chars().count() < 300,
            "{name}: the refusal is short"
        );
        assert!(
            !message.contains('\u{1b}') && !message.contains('\u{202e}'),
            "{name}: no control character is echoed"
        );
        assert_eq!(count(&empty, "member"), 0, "{name}");
        assert_eq!(count(&empty, "branch"), 0, "{name}");
        let preview = ex::preview(&mut empty, &target, &file, today()).unwrap_err();
        assert_eq!(preview.code(), ErrorCode::ExchangeRefused, "{name}");
    }
    // The untouched file still goes in.
    let (_o, target, mut empty) = temp_db();
    ex::import(
        &mut empty,
        &target,
        Path::new(&done.path),
        &[],
        None,
        today(),
    )
    .unwrap();
    assert!(count(&empty, "member") > 0);
}
