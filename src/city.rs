//! The city-scale dataset: a city sized like the source article's (about 15 towns, 208
//! communities, 1,296 branches of about 40 members) with years of activity days, activities,
//! attendance, demonstration points, teams, suggestions, problems and a finalised quarterly
//! review (评议) per community and past quarter — to measure the app on and to try the
//! statistics on. Deterministic from a seed.

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Transaction;
use serde::Serialize;

use crate::activity_week::Weekday;
use crate::api::reviews as reviews_api;
use crate::compliance::quarter_dates;
use crate::day_plan::DayPlan;
use crate::db::members::MemberFilter;
use crate::db::reviews as review_store;
use crate::db::{
    self, branches, committee_seats, communities, day_plans, demo_points, members, seat_terms,
    teams, towns,
};
use crate::demo_history;
use crate::demo_point::{status_changes, DemoPoint, PointCategory, PointLeader, PointStatus};
use crate::error::Result;
use crate::org::{
    Branch, BranchBasis, CommitteeRole, Community, Gender, MemberDraft, SeatAssignment, Town,
};
use crate::review::tally::{Counts, GroupTotals};
use crate::review::{Mark, ReviewState, ReviewerGroup};
use crate::team::{self, Team};

/// How big a place to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// 15 towns, 208 communities, 1,296 branches.
    City,
    /// 1 town, 4 communities, 24 branches: small enough for tests.
    Town,
}

impl Scale {
    /// Communities per town, in town order.
    fn communities(self) -> Vec<usize> {
        match self {
            // 208 = 13 towns of 14 + 2 of 13.
            Scale::City => (0..15).map(|t| if t < 13 { 14 } else { 13 }).collect(),
            Scale::Town => vec![4],
        }
    }

    fn branches(self) -> usize {
        match self {
            Scale::City => 1_296,
            Scale::Town => 24,
        }
    }
}

/// Rows written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CitySummary {
    pub towns: u32,
    pub communities: u32,
    pub branches: u32,
    pub members: u32,
    pub teams: u32,
    pub points: u32,
    pub activities: u32,
    pub attendance: u32,
    pub suggestions: u32,
    pub problems: u32,
    /// Finalised reviews: one per community and ended quarter.
    pub reviews: u32,
    /// Ballot sheets counted in them (hand-counted totals, members and residents).
    pub ballots: u32,
}

const TOWNS: &[&str] = &[
    "桃林镇",
    "柳河镇",
    "石门镇",
    "青山镇",
    "白杨镇",
    "双庙镇",
    "龙泉镇",
    "马店镇",
    "高桥镇",
    "杨集镇",
    "黄岗镇",
    "新集镇",
    "王庄镇",
    "河口镇",
    "枣园镇",
];
const COMMUNITY_WORDS: &[&str] = &[
    "杏花", "青石", "东关", "西岭", "南坡", "北湖", "张庄", "李寨", "王楼", "刘营", "陈岗", "孙集",
    "赵河", "周桥", "吴店", "郑湾",
];
const TRADES: &[(&str, BranchBasis, &[&str], PointCategory)] = &[
    (
        "蔬菜种植",
        BranchBasis::Trade,
        &["蔬菜种植", "大棚管理"],
        PointCategory::Planting,
    ),
    (
        "果树种植",
        BranchBasis::Trade,
        &["果树修剪", "果品销售"],
        PointCategory::Planting,
    ),
    (
        "畜牧养殖",
        BranchBasis::Trade,
        &["生猪养殖", "兽医"],
        PointCategory::Breeding,
    ),
    (
        "水产养殖",
        BranchBasis::Trade,
        &["水产养殖", "渔具维修"],
        PointCategory::Breeding,
    ),
    (
        "农产品加工",
        BranchBasis::Trade,
        &["食品加工", "包装"],
        PointCategory::Processing,
    ),
    (
        "电商服务",
        BranchBasis::Skill,
        &["电商运营", "直播"],
        PointCategory::Ecommerce,
    ),
    (
        "农机服务",
        BranchBasis::Skill,
        &["农机维修", "农机驾驶"],
        PointCategory::Services,
    ),
    (
        "文化服务",
        BranchBasis::Trade,
        &["文艺宣传", "乡村旅游"],
        PointCategory::Culture,
    ),
    (
        "老党员",
        BranchBasis::Age,
        &["务农", "退休教师"],
        PointCategory::Services,
    ),
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "马",
];
const GIVEN: &[&str] = &[
    "建国", "春生", "玉兰", "秀英", "志强", "海燕", "立新", "桂芝", "明亮", "红梅", "德福", "凤英",
    "国庆", "淑珍", "永刚", "丽娟", "长林", "金花",
];
const WEEKDAYS: [Weekday; 5] = [
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Mon,
];

/// Generates the place into the caller's transaction: the register from `years` years ago,
/// each year's teams and points, and every past activity day held.
pub fn generate_in(
    tx: &Transaction,
    scale: Scale,
    years: u32,
    seed: u64,
    today: NaiveDate,
) -> Result<CitySummary> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let first_year = today.year() - years.max(1) as i32 + 1;
    let mut summary = CitySummary::default();
    let per_town = scale.communities();
    let community_count: usize = per_town.iter().sum();
    let mut branch_index = 0usize;
    let mut phone = 0u32;
    let mut made: Vec<(String, PointCategory)> = Vec::new();
    let mut community_index = 0usize;
    // Each community's branches, for its reviews.
    let mut places: Vec<(String, Vec<String>)> = Vec::new();
    for (t, communities_here) in per_town.iter().enumerate() {
        let town = Town {
            id: db::new_id(),
            name: TOWNS[t % TOWNS.len()].to_owned(),
        };
        towns::insert(tx, &town)?;
        summary.towns += 1;
        for c in 0..*communities_here {
            let word = COMMUNITY_WORDS[c % COMMUNITY_WORDS.len()];
            let name = format!("{}{word}社区", &town.name[..town.name.len() - "镇".len()]);
            let community = Community {
                id: db::new_id(),
                town_id: town.id.clone(),
                name,
                committee_name: String::new(),
            };
            communities::insert(tx, &community)?;
            summary.communities += 1;
            // Spread the branches evenly: this community's share of those left.
            let left = scale.branches() - branch_index;
            let here = left / (community_count - community_index);
            community_index += 1;
            places.push((community.id.clone(), Vec::new()));
            for b in 0..here {
                let (trade, basis, specialties, category) = TRADES[(b + c) % TRADES.len()];
                let branch = Branch {
                    id: db::new_id(),
                    community_id: community.id.clone(),
                    name: format!("{trade}服务型党支部"),
                    basis,
                    note: String::new(),
                };
                branches::insert(tx, &branch)?;
                summary.branches += 1;
                branch_index += 1;
                let size = rng.usize(30..=50);
                let mut seats = Vec::new();
                for i in 0..size {
                    let gender = if rng.u8(0..10) < 6 {
                        Gender::Male
                    } else {
                        Gender::Female
                    };
                    let age = if basis == BranchBasis::Age {
                        rng.i32(62..=84)
                    } else {
                        rng.i32(24..=66)
                    };
                    phone += 1;
                    let draft = MemberDraft {
                        branch_id: branch.id.clone(),
                        // The index keeps names unique inside the branch.
                        name: format!(
                            "{}{}{}",
                            SURNAMES[rng.usize(..SURNAMES.len())],
                            GIVEN[rng.usize(..GIVEN.len())],
                            if i >= GIVEN.len() {
                                format!("{i}")
                            } else {
                                String::new()
                            }
                        ),
                        gender,
                        birth_year: today.year() - age,
                        phone: format!("138{phone:08}"),
                        specialty: specialties[rng.usize(..specialties.len())].to_owned(),
                        joined_on: NaiveDate::from_ymd_opt(today.year() - age + 25, 7, 1)
                            .filter(|d| *d <= today),
                        capable: basis != BranchBasis::Age && rng.u8(0..10) < 4,
                    };
                    let id = db::new_id();
                    members::insert(tx, &id, &draft)?;
                    summary.members += 1;
                    if let Some(role) = CommitteeRole::ALL.get(i) {
                        seats.push(SeatAssignment {
                            role: *role,
                            member_id: id,
                        });
                    }
                }
                committee_seats::replace(tx, &branch.id, &seats)?;
                for seat in &seats {
                    seat_terms::open(tx, &branch.id, seat.role, &seat.member_id, None)?;
                }
                day_plans::upsert_plan(
                    tx,
                    &DayPlan {
                        branch_id: branch.id.clone(),
                        effective_from: format!("{first_year}-01"),
                        weekday: WEEKDAYS[b % WEEKDAYS.len()],
                        start_time: if b % 2 == 0 { "08:30" } else { "14:30" }.to_owned(),
                        venue: format!("{}党群服务中心", community.name),
                    },
                )?;
                if let Some((_, ids)) = places.last_mut() {
                    ids.push(branch.id.clone());
                }
                made.push((branch.id, category));
            }
        }
    }
    for year in first_year..=today.year() {
        for (branch_id, category) in &made {
            let (t, p) = year_of_points(tx, &mut rng, branch_id, *category, year, today)?;
            summary.teams += t;
            summary.points += p;
        }
    }
    let from = NaiveDate::from_ymd_opt(first_year, 1, 1).unwrap_or(today);
    let history = demo_history::add_history_in(tx, seed, from, today)?;
    summary.activities = history.activities;
    summary.attendance = history.attendance;
    summary.suggestions = history.suggestions;
    summary.problems = history.problems;
    for year in first_year..=today.year() {
        for quarter in 1..=4 {
            for (community_id, branch_ids) in &places {
                if let Some(ballots) =
                    finalised_review(tx, &mut rng, community_id, branch_ids, year, quarter, today)?
                {
                    summary.reviews += 1;
                    summary.ballots += ballots;
                }
            }
        }
    }
    Ok(summary)
}

/// A community's review of a quarter that has ended, as a committee would have held it: fact
/// sheets built from the generated data, hand-counted totals per branch and reviewer group
/// (each branch with its own standing, so rates differ and some fall below the threshold),
/// tallied and then finalised, with the audit entries sealing both. Written straight into the
/// caller's transaction (the `api::reviews` writes open their own). The sheets counted, or
/// `None` for a quarter not yet over.
fn finalised_review(
    tx: &Transaction,
    rng: &mut fastrand::Rng,
    community_id: &str,
    branch_ids: &[String],
    year: i32,
    quarter: u32,
    today: NaiveDate,
) -> Result<Option<u32>> {
    let Some((_, ends)) = quarter_dates(year, quarter) else {
        return Ok(None);
    };
    let Some(opened_on) = ends.succ_opt().filter(|d| *d < today) else {
        return Ok(None);
    };
    if branch_ids.is_empty() {
        return Ok(None);
    }
    let members = members::list(
        tx,
        &MemberFilter {
            community_id: Some(community_id),
            ..Default::default()
        },
    )?
    .len() as u32;
    let review = review_store::ReviewRow {
        id: db::new_id(),
        community_id: community_id.to_owned(),
        year,
        quarter,
        state: ReviewState::Tallied,
        settings: review_store::community_settings(tx, community_id)?,
        opened_on,
    };
    review_store::insert(tx, &review)?;
    for (position, branch_id) in branch_ids.iter().enumerate() {
        let sheet = reviews_api::build_facts(tx, branch_id, year, quarter, opened_on)?;
        review_store::insert_branch(
            tx,
            &review.id,
            &review_store::BranchRow {
                branch_id: branch_id.clone(),
                position: position as u32,
                facts: review_store::to_json(&sheet)?,
                comment: String::new(),
            },
        )?;
    }
    let residents = rng.u32(20..=60);
    review_store::set_reviewers(tx, &review.id, ReviewerGroup::Member, members)?;
    review_store::set_reviewers(tx, &review.id, ReviewerGroup::Resident, residents)?;
    // Most registered reviewers hand in a sheet; every sheet speaks about every branch.
    let sheets = [
        (ReviewerGroup::Member, members - members / rng.u32(5..=12)),
        (
            ReviewerGroup::Resident,
            residents - rng.u32(0..=residents / 4),
        ),
    ];
    for branch_id in branch_ids {
        // The branch's standing this quarter: the share of valid votes that are 满意 or 基本满意.
        let standing = rng.u32(60..=100);
        for (group, n) in sheets {
            let mut counts = Counts::default();
            for _ in 0..n {
                let roll = rng.u32(0..100);
                let mark = if roll < 2 {
                    Mark::NoRating
                } else if roll < 3 {
                    Mark::TwoRatings
                } else if rng.u32(0..100) < standing {
                    if rng.bool() {
                        Mark::Satisfied
                    } else {
                        Mark::FairlySatisfied
                    }
                } else {
                    Mark::Dissatisfied
                };
                counts.add(mark);
            }
            review_store::set_totals(
                tx,
                &review.id,
                &GroupTotals {
                    branch_id: branch_id.clone(),
                    group,
                    counts,
                },
            )?;
        }
    }
    let at = opened_on.and_hms_opt(9, 0, 0).unwrap_or_default();
    seal(
        tx,
        &review.id,
        at,
        "tally",
        serde_json::json!({ "generated": "city dataset", "sheets": [sheets[0].1, sheets[1].1] }),
    )?;
    review_store::set_state(tx, &review.id, ReviewState::Finalised)?;
    seal(
        tx,
        &review.id,
        at + Duration::days(7),
        "finalise",
        serde_json::json!({}),
    )?;
    Ok(Some(sheets[0].1 + sheets[1].1))
}

/// Appends an audit entry with the digest of the review's data as it now stands.
fn seal(
    tx: &Transaction,
    review_id: &str,
    at: chrono::NaiveDateTime,
    action: &str,
    detail: serde_json::Value,
) -> Result<()> {
    review_store::seal_in(tx, review_id, at, "社区党委", action, &detail)
}

/// A branch's year of "3+X": up to two teams, a point per committee seat and per team, one
/// more now and then, spread over the quarters up to `today`.
fn year_of_points(
    tx: &Transaction,
    rng: &mut fastrand::Rng,
    branch_id: &str,
    category: PointCategory,
    year: i32,
    today: NaiveDate,
) -> Result<(u32, u32)> {
    let people = members::list(
        tx,
        &MemberFilter {
            branch_id: Some(branch_id),
            ..Default::default()
        },
    )?;
    let capable: Vec<_> = people.iter().filter(|m| m.capable).cloned().collect();
    let mut leaders: Vec<PointLeader> = committee_seats::for_branch(tx, branch_id)?
        .into_iter()
        .map(|s| PointLeader::Committee {
            member_id: s.member_id,
        })
        .collect();
    let suggestion = team::suggest_teams(&capable);
    let mut team_count = 0;
    for (i, suggested) in suggestion.teams.into_iter().take(2).enumerate() {
        let team = Team {
            id: db::new_id(),
            branch_id: branch_id.to_owned(),
            year,
            name: format!("第{}组团", i + 1),
            member_ids: suggested.member_ids,
        };
        teams::save(tx, &team)?;
        team_count += 1;
        leaders.push(PointLeader::Team { team_id: team.id });
    }
    let extra = usize::from(rng.u8(0..3) == 0);
    let mut points = 0;
    for (n, leader) in leaders
        .iter()
        .chain(leaders.first())
        .take(leaders.len() + extra)
        .enumerate()
    {
        // A branch now and then leaves a seat without a point, so the figures show shortfalls.
        if rng.u8(0..20) == 0 {
            continue;
        }
        let quarter = (n % 4) as u32 + 1;
        let Some((starts, ends)) = quarter_dates(year, quarter) else {
            continue;
        };
        if starts >= today {
            continue;
        }
        let last = ends.min(today.pred_opt().unwrap_or(today));
        let created_on = starts + Duration::days(rng.i64(0..=(last - starts).num_days().max(0)));
        let closed_after = Duration::days(rng.i64(60..=400));
        let status = if rng.u8(0..8) == 0 && created_on + closed_after < today {
            PointStatus::Closed {
                closed_on: created_on + closed_after,
                reason: "承包到期".to_owned(),
            }
        } else {
            PointStatus::Active
        };
        let point = DemoPoint {
            id: db::new_id(),
            branch_id: branch_id.to_owned(),
            name: format!("{year}年第{}示范点", n + 1),
            category,
            location: String::new(),
            created_on,
            leader: leader.clone(),
            member_ids: Vec::new(),
            description: String::new(),
            status,
        };
        demo_points::save(tx, &point)?;
        for change in status_changes(None, &point, today) {
            let entered = crate::demo_point::PointStatusChange {
                recorded_on: change.on,
                ..change
            };
            demo_points::append_history(tx, &point.id, &entered)?;
        }
        points += 1;
    }
    Ok((team_count, points))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_town_scale_place_has_the_shape_asked_for() {
        let mut conn = db::open_in_memory().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let tx = conn.transaction().unwrap();
        let s = generate_in(&tx, Scale::Town, 2, 9, today).unwrap();
        tx.commit().unwrap();
        assert_eq!((s.towns, s.communities, s.branches), (1, 4, 24));
        assert!(s.members >= 24 * 30 && s.members <= 24 * 50);
        // Every branch meets once a month: 12 days last year, 10 this year before November.
        assert_eq!(s.activities, 24 * 22);
        assert!(s.points > 24 * 2 * 3, "{s:?}");
        let counted: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM activity WHERE status = 'held'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(counted, i64::from(s.activities));
        // A finalised review per community for each quarter over: 4 of last year, 3 of this.
        assert_eq!(s.reviews, 4 * 7);
        let (reviews, finalised): (i64, i64) = conn
            .query_row(
                "SELECT COUNT(*), SUM(state = 'finalised') FROM review",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((reviews, finalised), (28, 28));
        let check = crate::api::reviews::verify_audit(&conn).unwrap();
        assert!(check.broken.is_none(), "{check:?}");
        assert_eq!((check.reviews, check.entries), (28, 56));
        // Every branch of each review has votes of both groups, within the registered numbers.
        let detail = crate::api::reviews::list_reviews(
            &conn,
            &conn
                .query_row("SELECT community_id FROM review LIMIT 1", [], |r| {
                    r.get::<_, String>(0)
                })
                .unwrap(),
        )
        .unwrap();
        assert_eq!(detail.len(), 7);
        let one = crate::api::reviews::get_review(&conn, &detail[0].id).unwrap();
        let sheets: u32 = one.reviewers.iter().map(|r| r.sheets).sum();
        assert!(sheets > 0);
        for r in &one.reviewers {
            assert!(r.sheets <= r.registered && r.sheets > 0, "{r:?}");
        }
        assert!(one.tally.branches.iter().all(|b| b.rank.is_some()));
        let same = {
            let mut again = db::open_in_memory().unwrap();
            let tx = again.transaction().unwrap();
            generate_in(&tx, Scale::Town, 2, 9, today).unwrap()
        };
        assert_eq!(
            (same.reviews, same.ballots),
            (s.reviews, s.ballots),
            "the same seed gives the same ballots"
        );
    }

    #[test]
    fn the_city_scale_is_the_articles_city() {
        let per_town = Scale::City.communities();
        assert_eq!(per_town.len(), 15);
        assert_eq!(per_town.iter().sum::<usize>(), 208);
        assert_eq!(Scale::City.branches(), 1_296);
    }
}
