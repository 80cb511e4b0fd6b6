//! `bench`: times the core's city-scale computations and prints the figures (speed is measured
//! here, never asserted in tests). Run: `cargo run --release --bin bench [-- --out FILE]`;
//! with `--db FILE` (a database made by `planner demo --scale city --years 10`) it also times
//! the statistics, 3+X with its reads and a city-year's schedule on that data, and printing:
//! one branch-year calendar laid out warm (fonts and engine loaded once; median over distinct
//! branches, so typst's memo cache does not replay a finished layout). `--print-city` also
//! prints every branch's year calendar of the database through the batch loop the app and
//! `planner print calendar --all` use, into a temporary folder (about 1,296 PDFs for a city;
//! minutes in a release build).
//!
//! The city is synthetic but sized like the source article's: 1,296 branches, each with three
//! committee seats, two teams of capable members and five demonstration points a year.

use std::hint::black_box;
use std::time::{Duration, Instant};

use branch_planner::activity_week::{ActivityWeekRule, Weekday};
use branch_planner::compliance::{self, BranchRecord};
use branch_planner::demo_point::{DemoPoint, PointCategory, PointLeader, PointStatus};
use branch_planner::holiday::HolidayCalendar;
use branch_planner::org::{CommitteeRole, SeatAssignment};
use branch_planner::schedule::activity_days;
use branch_planner::team::Team;
use chrono::{Datelike, NaiveDate};

const BRANCHES: usize = 1_296;
const YEAR: i32 = 2026;

fn city() -> (Vec<BranchRecord>, Vec<DemoPoint>) {
    let mut branches = Vec::with_capacity(BRANCHES);
    let mut points = Vec::new();
    for b in 0..BRANCHES {
        let branch_id = format!("b{b}");
        let member = |i: usize| format!("{branch_id}-m{i}");
        let seats = CommitteeRole::ALL
            .iter()
            .enumerate()
            .map(|(i, role)| SeatAssignment {
                role: *role,
                member_id: member(i),
            })
            .collect();
        let teams: Vec<Team> = (0..2)
            .map(|t| Team {
                id: format!("{branch_id}-t{t}"),
                branch_id: branch_id.clone(),
                year: YEAR,
                name: format!("第{t}组团"),
                member_ids: (3 + t * 6..9 + t * 6).map(member).collect(),
            })
            .collect();
        for p in 0..5 {
            let leader = if p < 3 {
                PointLeader::Committee {
                    member_id: member(p),
                }
            } else {
                PointLeader::Team {
                    team_id: teams[p - 3].id.clone(),
                }
            };
            let month = 1 + ((b + p * 3) % 12) as u32;
            points.push(DemoPoint {
                id: format!("{branch_id}-p{p}"),
                branch_id: branch_id.clone(),
                name: format!("示范点{p}"),
                category: PointCategory::Planting,
                location: String::new(),
                created_on: NaiveDate::from_ymd_opt(YEAR, month, 1 + (b % 28) as u32)
                    .unwrap_or_default(),
                leader,
                member_ids: Vec::new(),
                description: String::new(),
                status: PointStatus::Active,
            });
        }
        let capable = (3..15).map(member).collect();
        branches.push(BranchRecord {
            branch_id,
            seats,
            capable,
            teams,
            ..Default::default()
        });
    }
    (branches, points)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Figures measured on a generated city database (`planner demo --scale city`): statistics,
/// 3+X with its reads, the schedule of a city-year and what writing it would cost, file size.
fn city_db_figures(
    path: &std::path::Path,
    today: NaiveDate,
) -> branch_planner::Result<Vec<String>> {
    use branch_planner::api::points::{scope_compliance, PointScope};
    use branch_planner::api::reviews::build_facts;
    use branch_planner::api::schedule::schedule_branch;
    use branch_planner::api::stats::{stats, StatsPeriod};
    use branch_planner::db::{self, branches, communities, day_plans, week_rules};
    use branch_planner::stagger::{clashes, BranchDay};
    use std::collections::HashMap;

    let bytes = std::fs::metadata(path)?.len();
    let conn = db::open(path)?;
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap_or(0)
    };
    let year = today.year() - 1;
    let mut lines = vec![format!(
        "city database {}: {:.0} MB; {} branches, {} members, {} activities, {} attendance rows, {} points",
        path.display(),
        bytes as f64 / 1_048_576.0,
        count("branch"),
        count("member"),
        count("activity"),
        count("attendance"),
        count("demo_point"),
    )];
    let all = PointScope::default();
    let quarter = median(11, || {
        black_box(
            stats(
                &conn,
                &all,
                StatsPeriod::Quarter { year, quarter: 3 },
                today,
            )
            .ok(),
        );
    });
    lines.push(format!(
        "statistics, whole city, one quarter ({year} Q3, with last year, by town and month): {} (median of 11; goal 50 ms)",
        ms(quarter)
    ));
    let whole_year = median(5, || {
        black_box(stats(&conn, &all, StatsPeriod::Year { year }, today).ok());
    });
    lines.push(format!(
        "statistics, whole city, one year ({year}): {} (median of 5)",
        ms(whole_year)
    ));
    let community = communities::list(&conn)?.remove(0);
    let one = PointScope {
        community_id: Some(community.id.clone()),
        ..Default::default()
    };
    let community_year = median(11, || {
        black_box(stats(&conn, &one, StatsPeriod::Year { year }, today).ok());
    });
    lines.push(format!(
        "statistics, one community, one year: {} (median of 11)",
        ms(community_year)
    ));
    // The committee opens a quarter's review: one fact sheet per branch of the community.
    let community_branches: Vec<String> = branches::list(&conn)?
        .into_iter()
        .filter(|b| b.community_id == community.id)
        .map(|b| b.id)
        .collect();
    let facts_time = median(11, || {
        for branch in &community_branches {
            black_box(build_facts(&conn, branch, year, 3, today).ok());
        }
    });
    lines.push(format!(
        "review fact sheets, one community ({} branches, {year} Q3): {} (median of 11; goal 10 ms)",
        community_branches.len(),
        ms(facts_time)
    ));
    let compliance_time = median(5, || {
        black_box(scope_compliance(&conn, &all, year, today).ok());
    });
    lines.push(format!(
        "3+X compliance, whole city, one year, reads included: {} (median of 5; goal 100 ms)",
        ms(compliance_time)
    ));

    // Schedule a city-year from the stored plans: place, move for holidays, find clashes.
    let calendar = branch_planner::api::holidays::calendar(&conn)?;
    let all_branches = branches::list(&conn)?;
    let mut plans: HashMap<String, Vec<_>> = HashMap::new();
    for plan in day_plans::plans_in(&conn, None)? {
        plans.entry(plan.branch_id.clone()).or_default().push(plan);
    }
    let rules = week_rules::all(&conn)?;
    let mut days_written = Vec::new();
    let schedule_time = median(21, || {
        let mut by_community: HashMap<&str, Vec<BranchDay>> = HashMap::new();
        let mut all_days = Vec::new();
        for b in &all_branches {
            let Some(p) = plans.get(&b.id) else { continue };
            let community_rules = rules.get(&b.community_id).map(Vec::as_slice).unwrap_or(&[]);
            let days = schedule_branch(&b.id, p, &[], community_rules, &calendar, year)
                .unwrap_or_default();
            for d in &days {
                by_community
                    .entry(&b.community_id)
                    .or_default()
                    .push(BranchDay {
                        branch_id: b.id.clone(),
                        date: d.date,
                        start_minutes: 0,
                        venue: d.venue.clone(),
                    });
            }
            all_days.extend(days);
        }
        for days in by_community.values() {
            black_box(clashes(days, 2));
        }
        days_written = all_days;
    });
    let scratch = rusqlite::Connection::open_in_memory()?;
    scratch.execute_batch(
        "CREATE TABLE day (branch_id TEXT, month INTEGER, date TEXT, moved INTEGER, reason TEXT)",
    )?;
    let write_time = median(5, || {
        let Ok(tx) = scratch.unchecked_transaction() else {
            return;
        };
        if let Ok(mut insert) = tx.prepare_cached("INSERT INTO day VALUES (?1, ?2, ?3, ?4, ?5)") {
            for d in &days_written {
                let _ = insert.execute(rusqlite::params![
                    d.branch_id,
                    d.month,
                    d.date,
                    d.moved,
                    d.reason
                ]);
            }
        }
        let _ = tx.rollback();
    });
    lines.push(format!(
        "schedule one city-year from the database's plans ({} activity days, holiday moves, clashes per community): {} (median of 21; goal 5 ms); writing those rows to SQLite: {} ({:.1}x the computation)",
        days_written.len(),
        ms(schedule_time),
        ms(write_time),
        write_time.as_secs_f64() / schedule_time.as_secs_f64().max(1e-9)
    ));
    Ok(lines)
}

/// Printing figures on the database at `path`: a warm branch-year calendar and, with
/// `whole_city`, every branch's through the batch loop.
fn print_figures(
    path: &std::path::Path,
    today: NaiveDate,
    whole_city: bool,
) -> branch_planner::Result<Vec<String>> {
    use branch_planner::api::print::{batch, pdf_with, PrintJob};
    use branch_planner::db::{self, branches};
    use branch_planner::print::docs::Paper;

    let conn = db::open(path)?;
    let year = today.year();
    let all = branches::list(&conn)?;
    if all.is_empty() {
        return Ok(vec!["printing: the database has no branches".into()]);
    }
    let job = |i: usize| PrintJob::YearCalendar {
        branch_id: all[i % all.len()].id.clone(),
        year,
        paper: Paper::A4,
    };
    let start = Instant::now();
    let fonts = branch_planner::print::system_fonts()?;
    let fonts_time = start.elapsed();
    let start = Instant::now();
    let first = pdf_with(&conn, &fonts, &job(0), today)?;
    let cold = start.elapsed();
    let runs = 9.min(all.len().saturating_sub(1)).max(1);
    let mut next = 0;
    let warm = median(runs, || {
        next += 1;
        black_box(pdf_with(&conn, &fonts, &job(next), today).ok());
    });
    let mut lines = vec![
        format!("printing in {} ({} files)", fonts.family(), fonts.files().len()),
        format!(
            "one branch-year calendar ({year}, A4, layout and PDF): warm {} (median of {runs} distinct branches); the first in the process {} after finding the font {}; {} KB",
            ms(warm),
            ms(cold),
            ms(fonts_time),
            first.bytes.len() / 1024
        ),
    ];
    if whole_city {
        let folder = std::env::temp_dir().join(format!("bp-bench-print-{}", std::process::id()));
        let request = batch::BatchRequest {
            town_id: None,
            community_id: None,
            year,
            month: None,
            paper: Paper::A4,
            excel: false,
        };
        let never = std::sync::atomic::AtomicBool::new(false);
        let start = Instant::now();
        let outcome = batch::batch(&conn, &fonts, &request, &folder, today, |_| {}, &never);
        let took = start.elapsed();
        let bytes: u64 = std::fs::read_dir(&folder)
            .map(|dir| {
                dir.filter_map(|e| e.ok()?.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0);
        let _ = std::fs::remove_dir_all(&folder);
        let outcome = outcome?;
        lines.push(format!(
            "every branch's year calendar through the batch ({} of {} written, {} failed): {:.1} s, {:.1} ms a document, {:.0} MB",
            outcome.written,
            outcome.total,
            outcome.failed.len(),
            took.as_secs_f64(),
            took.as_secs_f64() * 1e3 / f64::from(outcome.total.max(1)),
            bytes as f64 / 1_048_576.0
        ));
    }
    Ok(lines)
}

/// The median of `runs` timings of `work`.
/// The member import's check of 20,000 rows against a register of 20,000 (the duplicate check
/// every row goes through), from a real .xlsx file.
fn import_figure(today: NaiveDate) -> branch_planner::Result<String> {
    use branch_planner::member_import::{preview, RegisterSnapshot};
    use branch_planner::org::{Branch, BranchBasis, Community, Gender, Member};
    const PEOPLE: usize = 20_000;
    let communities: Vec<Community> = (0..208)
        .map(|c| Community {
            id: format!("c{c}"),
            town_id: "t".into(),
            name: format!("社区{c}"),
            committee_name: String::new(),
        })
        .collect();
    let branches: Vec<Branch> = (0..BRANCHES)
        .map(|b| Branch {
            id: format!("b{b}"),
            community_id: format!("c{}", b % 208),
            name: format!("支部{b}"),
            basis: BranchBasis::Trade,
            note: String::new(),
        })
        .collect();
    let members: Vec<Member> = (0..PEOPLE)
        .map(|i| Member {
            id: format!("m{i}"),
            branch_id: format!("b{}", i % BRANCHES),
            branch_name: String::new(),
            community_name: String::new(),
            name: format!("在册{i}"),
            gender: Gender::Female,
            birth_year: 1970,
            phone: format!("139{i:08}"),
            specialty: String::new(),
            joined_on: None,
            capable: false,
            archived_on: None,
            seat: None,
        })
        .collect();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["社区", "支部", "姓名", "性别", "出生年份", "联系电话"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h)?;
    }
    for i in 0..PEOPLE {
        let row = i as u32 + 1;
        let b = (i * 7) % BRANCHES;
        sheet.write_string(row, 0, format!("社区{}", b % 208))?;
        sheet.write_string(row, 1, format!("支部{b}"))?;
        sheet.write_string(row, 2, format!("新党员{i}"))?;
        sheet.write_string(row, 3, "男")?;
        sheet.write_number(row, 4, 1980.0)?;
        sheet.write_string(row, 5, format!("138{i:08}"))?;
    }
    let dir = std::env::temp_dir().join(format!("bp-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("members.xlsx");
    branch_planner::files::write_atomically(&file, &book.save_to_buffer()?)?;
    let register = RegisterSnapshot {
        communities: &communities,
        branches: &branches,
        members: &members,
    };
    let mut valid = 0;
    let time = median(3, || {
        valid = preview(&file, &register, today).map_or(0, |p| p.valid_rows);
    });
    let _ = std::fs::remove_dir_all(&dir);
    Ok(format!(
        "member import check, {PEOPLE} rows against a register of {PEOPLE}: {:.0} ms, {valid} rows valid (median of 3; goal ≤ 2 s)",
        time.as_secs_f64() * 1e3
    ))
}

fn median(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

#[allow(clippy::disallowed_methods)]
fn main() {
    let out = std::env::args().skip_while(|a| a != "--out").nth(1);
    let (branches, points) = city();
    let today = NaiveDate::from_ymd_opt(YEAR, 11, 27).unwrap_or_default();
    let calendar = HolidayCalendar::builtin();
    let mut lines = vec![
        format!(
            "branch-planner bench ({} build)",
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            }
        ),
        format!(
            "city: {} branches, {} demonstration points, year {YEAR}",
            branches.len(),
            points.len()
        ),
    ];

    let compliance_time = median(21, || {
        let results = compliance::compliance(black_box(&branches), black_box(&points), YEAR, today);
        black_box(compliance::rollup(&results));
    });
    lines.push(format!(
        "compliance + roll-up, whole city: {:.2} ms (median of 21)",
        compliance_time.as_secs_f64() * 1e3
    ));

    let schedule_time = median(21, || {
        for b in 0..BRANCHES {
            let weekday = Weekday::ALL[b % 7];
            black_box(
                activity_days(YEAR, weekday, ActivityWeekRule::SecondWeekday, &calendar).ok(),
            );
        }
    });
    lines.push(format!(
        "activity days with holiday moves, whole city-year ({} branch-years): {:.2} ms (median of 21)",
        BRANCHES,
        schedule_time.as_secs_f64() * 1e3
    ));

    match import_figure(today) {
        Ok(line) => lines.push(line),
        Err(error) => {
            eprintln!("cannot measure the member import: {error}");
            std::process::exit(1);
        }
    }

    let print_city = std::env::args().any(|a| a == "--print-city");
    if let Some(db) = std::env::args().skip_while(|a| a != "--db").nth(1) {
        let path = std::path::Path::new(&db);
        let figures = city_db_figures(path, today).and_then(|mut more| {
            more.extend(print_figures(path, today, print_city)?);
            Ok(more)
        });
        match figures {
            Ok(more) => lines.extend(more),
            Err(error) => {
                eprintln!("cannot measure {db}: {error}");
                std::process::exit(1);
            }
        }
    } else if print_city {
        eprintln!("--print-city needs --db FILE (planner demo --scale city --years 10)");
        std::process::exit(2);
    }

    let text = lines.join("\n");
    println!("{text}");
    if let Some(path) = out {
        let written = branch_planner::files::write_atomically(
            std::path::Path::new(&path),
            format!("{text}\n").as_bytes(),
        );
        if let Err(error) = written {
            eprintln!("cannot write {path}: {error}");
            std::process::exit(1);
        }
    }
}
