//! `bench`: times the core's city-scale computations and prints the figures (speed is measured
//! here, never asserted in tests). Run: `cargo run --release --bin bench [-- --out FILE]`.
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
use chrono::NaiveDate;

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
        });
    }
    (branches, points)
}

/// The median of `runs` timings of `work`.
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

    let text = lines.join("\n");
    println!("{text}");
    if let Some(path) = out {
        if let Err(error) = std::fs::write(&path, format!("{text}\n")) {
            eprintln!("cannot write {path}: {error}");
            std::process::exit(1);
        }
    }
}
