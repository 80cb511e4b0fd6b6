//! Crash safety: the `planner` CLI is killed with SIGKILL at many moments of a large member
//! import, of a backup restore, of a review finalisation and of a branch's exchange-file import. After each kill the file must pass
//! `PRAGMA integrity_check` and hold entirely the data before or entirely the data after the
//! operation.
//!
//! The moments come from a fixed seed and spread from 0 to the measured length of the whole
//! operation, so the kills land at start-up, while reading the file, inside the write
//! transaction and around the commit.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use branch_planner::api::register as reg;
use branch_planner::api::reviews::{self as rv, Change};
use branch_planner::backup;
use branch_planner::review::ReviewerGroup;
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::{demo_db, member_count, today};

const IMPORT_ROWS: usize = 3000;
const IMPORT_KILLS: usize = 50;
const RESTORE_KILLS: usize = 30;
const FINALISE_SHEETS: usize = 6000;
const FINALISE_KILLS: usize = 50;
const EXCHANGE_KILLS: usize = 50;
const SEED: u64 = 0x5eed_0009;

/// A CSV of `rows` new members of one demo branch, each unique by name and phone.
fn big_csv(dir: &Path, rows: usize) -> PathBuf {
    let mut text = String::from("姓名,支部,性别,出生年份,联系电话,专长\n");
    for i in 0..rows {
        let gender = if i % 2 == 0 { "男" } else { "女" };
        text.push_str(&format!(
            "导入党员{i},蔬菜种植服务型党支部,{gender},{},139{:08},大棚蔬菜\n",
            1950 + i % 50,
            i
        ));
    }
    let path = dir.join("members.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// Copies a closed database (a single file: its WAL was folded in when it closed).
fn fresh_copy(pristine: &Path, dir: &Path, k: usize) -> PathBuf {
    let path = dir.join(format!("run-{k}.sqlite3"));
    std::fs::copy(pristine, &path).unwrap();
    path
}

fn integrity(path: &Path) -> String {
    let conn = Connection::open(path).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Runs `child` for `delay`, then SIGKILL (std's `kill` is SIGKILL on Unix). Returns whether it
/// had already finished.
fn kill_after(mut child: Child, delay: Duration) -> bool {
    let until = Instant::now() + delay;
    loop {
        if child.try_wait().unwrap().is_some() {
            return true;
        }
        let now = Instant::now();
        if now >= until {
            break;
        }
        std::thread::sleep((until - now).min(Duration::from_millis(2)));
    }
    let _ = child.kill();
    let status = child.wait().unwrap();
    status.success()
}

fn import_child(db: &Path, file: &Path) -> Child {
    crate::planner()
        .args(["members", "import", "--db"])
        .arg(db)
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Delays from 0 to a little past `full`, from a fixed seed. Half spread over the whole run,
/// half over its last 40 %, where the write transaction and the commit (or the rename) are:
/// reading the file comes first and takes most of the time.
fn delays(full: Duration, n: usize) -> Vec<Duration> {
    let mut rng = fastrand::Rng::with_seed(SEED);
    let micros = full.as_micros() as u64;
    let mut out: Vec<Duration> = (0..n)
        .map(|i| {
            let low = if i % 2 == 0 { 0 } else { micros * 6 / 10 };
            Duration::from_micros(rng.u64(low..=micros * 11 / 10))
        })
        .collect();
    // Always one kill at once and one near the very end.
    out[0] = Duration::ZERO;
    out[n - 1] = full.mul_f64(0.97);
    out
}

/// Kills `start(db)` once per delay, each on a fresh copy of `pristine`. After each kill the
/// file must pass `PRAGMA integrity_check` and `state` must read `before` or `after` (`after`
/// when the run had finished). Returns how many kills left each.
fn kill_runs<S: PartialEq + std::fmt::Debug>(
    (pristine, dir): (&Path, &Path),
    delays: Vec<Duration>,
    start: impl Fn(&Path) -> Child,
    state: impl Fn(&Path) -> S,
    (before, after): (&S, &S),
) -> (usize, usize) {
    let mut outcomes = (0, 0);
    for (k, delay) in delays.into_iter().enumerate() {
        let db = fresh_copy(pristine, dir, k + 1);
        let finished = kill_after(start(&db), delay);
        assert_eq!(integrity(&db), "ok", "kill {k} after {delay:?}");
        let now = state(&db);
        assert!(
            now == *before || now == *after,
            "kill {k} after {delay:?}: {now:?} is neither {before:?} nor {after:?}"
        );
        if finished {
            assert_eq!(now, *after, "a finished run holds everything");
        }
        if now == *before {
            outcomes.0 += 1;
        } else {
            outcomes.1 += 1;
        }
        remove_db(&db);
    }
    outcomes
}

fn remove_db(db: &Path) {
    std::fs::remove_file(db).unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", db.display()));
    }
}

#[test]
fn a_killed_import_leaves_the_file_whole_before_or_after() {
    let (dir, pristine, conn) = demo_db();
    drop(conn);
    let before = member_count(&pristine);
    let file = big_csv(dir.path(), IMPORT_ROWS);
    let after = before + IMPORT_ROWS as i64;

    // One run to the end: the length the kills spread over, and the "after" state.
    let measured = fresh_copy(&pristine, dir.path(), 0);
    let started = Instant::now();
    let status = import_child(&measured, &file).wait().unwrap();
    let full = started.elapsed();
    assert!(status.success());
    assert_eq!(member_count(&measured), after);

    let outcomes = kill_runs(
        (&pristine, dir.path()),
        delays(full, IMPORT_KILLS),
        |db| import_child(db, &file),
        member_count,
        (&before, &after),
    );
    eprintln!(
        "import of {IMPORT_ROWS} rows took {full:?}; {IMPORT_KILLS} kills: {} before, {} after",
        outcomes.0, outcomes.1
    );
    assert!(outcomes.0 >= 1, "the kill at once leaves the data before");
}

#[test]
fn a_killed_restore_leaves_the_old_or_the_new_data() {
    let (dir, pristine, conn) = demo_db();
    // The backup holds the demo town; the data it replaces has every member removed.
    let file = dir.path().join("demo.bpbak");
    let at = NaiveDateTime::parse_from_str("2026-11-27 09:30:15", "%Y-%m-%d %H:%M:%S").unwrap();
    backup::create_backup(&conn, &pristine, &file, at).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM member;")
        .unwrap();
    drop(conn);
    let new = backup::inspect_backup(&file).unwrap().counts.members as i64;
    let old = member_count(&pristine);
    assert_eq!(old, 0);

    let restore = |db: &Path| {
        crate::planner()
            .args(["restore", "--yes", "--db"])
            .arg(db)
            .arg("--from")
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut outcomes = (0, 0);
    let mut full = Duration::ZERO;
    for k in 0..=RESTORE_KILLS {
        let run = dir.path().join(format!("restore-{k}"));
        std::fs::create_dir(&run).unwrap();
        let db = fresh_copy(&pristine, &run, k);
        if k == 0 {
            let started = Instant::now();
            assert!(restore(&db).wait().unwrap().success());
            full = started.elapsed();
            assert_eq!(member_count(&db), new);
            continue;
        }
        let delay = delays(full, RESTORE_KILLS)[k - 1];
        let finished = kill_after(restore(&db), delay);
        assert_eq!(integrity(&db), "ok", "kill {k} after {delay:?}");
        let count = member_count(&db);
        assert!(
            count == old || count == new,
            "kill {k} after {delay:?}: {count} members, neither {old} nor {new}"
        );
        if finished {
            assert_eq!(count, new);
        }
        if count == old {
            outcomes.0 += 1;
        } else {
            outcomes.1 += 1;
        }
        // The app opens it normally afterwards (migrations, WAL).
        drop(branch_planner::db::open(&db).unwrap());
        std::fs::remove_dir_all(&run).unwrap();
    }
    eprintln!(
        "restore took {full:?}; {RESTORE_KILLS} kills: {} old, {} new",
        outcomes.0, outcomes.1
    );
    assert!(outcomes.0 >= 1);
}

/// A tallied review of 杏花社区 for 2026 Q3 holding `sheets` resident ballots (one mark per
/// branch, each with a comment). The sheets go in by SQL, in one transaction, because entering
/// thousands through `save_ballot` re-reads the whole review each time; that transaction
/// seals them with an audit entry of their own (`seal_in`, as the city dataset does), so the
/// app's next writes find the review matching its log and the fixture passes `verify_audit`
/// like any review made in the app.
fn big_tallied_review(conn: &mut Connection, sheets: usize) -> (String, String) {
    let at = today().and_hms_opt(9, 0, 0).unwrap();
    let change = Change {
        actor: "杏花社区党委",
        at,
    };
    let community = reg::org_tree(conn)
        .unwrap()
        .towns
        .iter()
        .flat_map(|t| &t.communities)
        .find(|c| c.community.name == "杏花社区")
        .unwrap()
        .community
        .id
        .clone();
    let review = rv::open_review(conn, &community, 2026, 3, today(), &change).unwrap();
    let id = review.review.id.clone();
    let branches: Vec<String> = review
        .branches
        .iter()
        .map(|b| b.branch_id.clone())
        .collect();
    rv::start_collecting(conn, &id, &change).unwrap();
    let marks = ["satisfied", "fairlySatisfied", "dissatisfied", "noRating"];
    let tx = conn.transaction().unwrap();
    {
        let mut ballot = tx
            .prepare(
                "INSERT INTO review_ballot (id, review_id, sheet_no, reviewer_group)
                 VALUES (?1, ?2, ?3, 'resident')",
            )
            .unwrap();
        let mut mark = tx
            .prepare(
                "INSERT INTO review_ballot_mark (ballot_id, review_id, branch_id, mark, comment)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .unwrap();
        for n in 0..sheets {
            let ballot_id = format!("crash-ballot-{n:05}");
            ballot
                .execute(rusqlite::params![ballot_id, id, n as u32 + 1])
                .unwrap();
            for (i, branch) in branches.iter().enumerate() {
                mark.execute(rusqlite::params![
                    ballot_id,
                    id,
                    branch,
                    marks[(n + i) % marks.len()],
                    format!("第{n}张选票的意见")
                ])
                .unwrap();
            }
        }
    }
    branch_planner::db::reviews::seal_in(
        &tx,
        &id,
        at,
        "测试数据",
        "ballotsLoaded",
        &serde_json::json!({ "sheets": sheets }),
    )
    .unwrap();
    tx.commit().unwrap();
    rv::set_reviewers(conn, &id, ReviewerGroup::Resident, sheets as u32, &change).unwrap();
    rv::tally_review(conn, &id, &change).unwrap();
    (community, id)
}

/// The review's state, its audit entries and its ballot sheets, read as stored.
fn review_state(path: &Path, id: &str) -> (String, i64, i64) {
    let conn = Connection::open(path).unwrap();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [id], |r| r.get(0)).unwrap() };
    let state = conn
        .query_row("SELECT state FROM review WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    (
        state,
        one("SELECT COUNT(*) FROM review_audit WHERE review_id = ?1"),
        one("SELECT COUNT(*) FROM review_ballot WHERE review_id = ?1"),
    )
}

fn audit_intact(path: &Path) -> bool {
    let conn = Connection::open(path).unwrap();
    rv::verify_audit(&conn).unwrap().broken.is_none()
}

#[test]
fn a_killed_finalisation_leaves_the_review_tallied_or_finalised() {
    let (dir, pristine, mut conn) = demo_db();
    let (community, id) = big_tallied_review(&mut conn, FINALISE_SHEETS);
    drop(conn);
    let (state, entries, sheets) = review_state(&pristine, &id);
    assert_eq!(
        (state.as_str(), sheets),
        ("tallied", FINALISE_SHEETS as i64)
    );
    assert!(audit_intact(&pristine), "the fixture's chain is whole");

    let finalise = |db: &Path| {
        crate::planner()
            .args(["review", "finalise", "--db"])
            .arg(db)
            .args([
                "--community",
                &community,
                "--year",
                "2026",
                "--quarter",
                "3",
                "--accept-low-turnout",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let measured = fresh_copy(&pristine, dir.path(), 0);
    let started = Instant::now();
    assert!(finalise(&measured).wait().unwrap().success());
    let full = started.elapsed();
    assert_eq!(
        review_state(&measured, &id),
        ("finalised".to_owned(), entries + 1, sheets)
    );
    assert!(audit_intact(&measured));

    let mut outcomes = (0, 0);
    for (k, delay) in delays(full, FINALISE_KILLS).into_iter().enumerate() {
        let db = fresh_copy(&pristine, dir.path(), k + 1);
        let finished = kill_after(finalise(&db), delay);
        assert_eq!(integrity(&db), "ok", "kill {k} after {delay:?}");
        let (state, audit, ballots) = review_state(&db, &id);
        assert_eq!(ballots, sheets, "kill {k}: no sheet lost");
        match state.as_str() {
            "tallied" => {
                assert_eq!(audit, entries, "kill {k}: tallied, so no finalise entry");
                assert!(!finished, "kill {k}: a finished run finalised");
                outcomes.0 += 1;
            }
            "finalised" => {
                assert_eq!(audit, entries + 1, "kill {k}: finalised with its entry");
                outcomes.1 += 1;
            }
            other => panic!("kill {k} after {delay:?}: state {other}"),
        }
        assert!(audit_intact(&db), "kill {k} after {delay:?}: audit chain");
        remove_db(&db);
    }
    eprintln!(
        "finalising {FINALISE_SHEETS} sheets took {full:?}; {FINALISE_KILLS} kills: \
         {} tallied, {} finalised",
        outcomes.0, outcomes.1
    );
    assert!(
        outcomes.0 >= 1,
        "the kill at once leaves the review tallied"
    );
}

fn rows(path: &Path, table: &str) -> i64 {
    let conn = Connection::open(path).unwrap();
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// The import of a branch's exchange file (its members, activities with attendance and steps,
/// ledgers, points, a recorded past) into an empty database: after any kill it holds none of it
/// or all of it.
#[test]
fn a_killed_exchange_import_leaves_none_or_all_of_the_branch() {
    use branch_planner::api::{demo, exchange};
    let (dir, source, mut conn) = crate::temp_db();
    demo::load_demo_with_history(&mut conn, demo::DEMO_SEED, today()).unwrap();
    let branch = crate::branch_id(&conn, "蔬菜种植服务型党支部");
    let at = NaiveDateTime::parse_from_str("2026-11-27 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    let file = exchange::export_branch(&mut conn, &source, &branch, dir.path(), at)
        .unwrap()
        .path;
    drop(conn);
    let pristine = dir.path().join("empty.sqlite3");
    drop(branch_planner::db::open(&pristine).unwrap());
    let import = |db: &Path| {
        crate::planner()
            .args(["import", "--db"])
            .arg(db)
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let tables = [
        "member",
        "activity",
        "attendance",
        "suggestion",
        "problem",
        "demo_point",
    ];
    let state = |db: &Path| tables.map(|t| rows(db, t));

    let measured = fresh_copy(&pristine, dir.path(), 0);
    let started = Instant::now();
    assert!(import(&measured).wait().unwrap().success());
    let full = started.elapsed();
    let before = state(&pristine);
    let after = state(&measured);
    assert!(
        after.iter().all(|&n| n > 0),
        "every kind arrived: {after:?}"
    );

    let outcomes = kill_runs(
        (&pristine, dir.path()),
        delays(full, EXCHANGE_KILLS),
        import,
        state,
        (&before, &after),
    );
    eprintln!(
        "exchange import took {full:?}; {EXCHANGE_KILLS} kills: {} none, {} all",
        outcomes.0, outcomes.1
    );
    assert!(outcomes.0 >= 1, "the kill at once leaves nothing imported");
}
