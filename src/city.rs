//! The city-scale dataset: a city sized like the source article's (about 15 towns, 208
//! communities, 1,296 branches of about 40 members) with years of activity days, activities,
//! attendance, demonstration points, teams, suggestions and problems — to measure the app on
//! and to try the statistics on. Deterministic from a seed.

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Transaction;
use serde::Serialize;

use crate::activity_week::Weekday;
use crate::compliance::quarter_dates;
use crate::day_plan::DayPlan;
use crate::db::members::MemberFilter;
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
    Ok(summary)
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
    }

    #[test]
    fn the_city_scale_is_the_articles_city() {
        let per_town = Scale::City.communities();
        assert_eq!(per_town.len(), 15);
        assert_eq!(per_town.iter().sum::<usize>(), 208);
        assert_eq!(Scale::City.branches(), 1_296);
    }
}
