//! The demo community: a realistic town to try the app on, the same every time for a seed.

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::activity_week::Weekday;
use crate::compliance::{quarter_dates, quarter_of};
use crate::day_plan::DayPlan;
use crate::db::members::MemberFilter;
use crate::db::{
    self, branches, committee_seats, communities, day_plans, demo_points, members, seat_terms,
    teams, towns,
};
use crate::demo_point::{
    status_changes, DemoPoint, PointCategory, PointLeader, PointStatus, PointStatusChange,
};
use crate::error::Result;
use crate::org::{
    Branch, BranchBasis, CommitteeRole, Community, Gender, Member, MemberDraft, SeatAssignment,
    Town,
};
use crate::team::{self, Team};

const TOWN: &str = "桃林镇";
const COMMUNITIES: [&str; 2] = ["杏花社区", "青石社区"];
/// Branches per community: name, basis, specialties its members have.
const BRANCHES: [[(&str, BranchBasis, &[&str]); 4]; 2] = [
    [
        (
            "蔬菜种植服务型党支部",
            BranchBasis::Trade,
            &["大棚蔬菜", "有机蔬菜", "育苗", "蔬菜销售"],
        ),
        (
            "畜牧养殖服务型党支部",
            BranchBasis::Trade,
            &["生猪养殖", "肉鸡养殖", "奶牛养殖", "兽医"],
        ),
        (
            "农机服务型党支部",
            BranchBasis::Skill,
            &["农机维修", "农机驾驶", "植保飞防", "电焊"],
        ),
        (
            "老党员服务型党支部",
            BranchBasis::Age,
            &["调解纠纷", "村史宣讲", "红白理事", "书法"],
        ),
    ],
    [
        (
            "果品加工服务型党支部",
            BranchBasis::Trade,
            &["苹果种植", "果品加工", "冷库管理", "果树修剪"],
        ),
        (
            "电商物流服务型党支部",
            BranchBasis::Skill,
            &["网店运营", "直播带货", "快递物流", "包装设计"],
        ),
        (
            "建筑劳务服务型党支部",
            BranchBasis::Skill,
            &["瓦工", "木工", "水电安装", "劳务管理"],
        ),
        (
            "文化宣传服务型党支部",
            BranchBasis::Other,
            &["广场舞", "吕剧", "摄影", "文艺演出"],
        ),
    ],
];
/// Each community's branches meet on different weekdays (the default limit is one a day), in
/// the morning at the community's service centre or in the afternoon on site.
const WEEKDAYS: [Weekday; 4] = [Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
const START_TIMES: [&str; 4] = ["08:30", "14:30", "08:30", "14:30"];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "韩", "冯", "于", "董", "萧", "程", "曹",
];
const GIVEN_MALE: &[&str] = &[
    "建国", "志强", "明", "军", "海涛", "国庆", "永刚", "文斌", "德胜", "立新", "振华", "宝山",
    "广田", "春生", "洪波", "树林", "金龙", "庆丰", "学文", "玉堂", "喆", "犇", "俊杰", "家豪",
];
const GIVEN_FEMALE: &[&str] = &[
    "桂兰", "秀英", "玉梅", "淑珍", "丽娟", "春燕", "红霞", "晓燕", "凤英", "美玲", "海燕", "雪梅",
    "翠花", "慧敏", "静", "婷婷", "雅琴", "素芬", "金花", "玉兰",
];

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DemoSummary {
    pub towns: u32,
    pub communities: u32,
    pub branches: u32,
    pub members: u32,
    /// Teams of capable members formed for the current year.
    pub teams: u32,
    /// Demonstration points created this year up to today.
    pub points: u32,
    /// Activities of past activity days, held and recorded (with the history only).
    pub activities: u32,
    /// Finalised reviews of past quarters (with the history only).
    pub reviews: u32,
}

/// Writes the demo town in one transaction. Members' ages are relative to `today`.
pub fn load(conn: &mut Connection, seed: u64, today: NaiveDate) -> Result<DemoSummary> {
    let tx = conn.transaction()?;
    let summary = load_in(&tx, seed, today)?;
    tx.commit()?;
    Ok(summary)
}

/// Writes the demo town inside the caller's transaction.
pub fn load_in(tx: &Transaction, seed: u64, today: NaiveDate) -> Result<DemoSummary> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut summary = DemoSummary {
        towns: 1,
        communities: 0,
        branches: 0,
        members: 0,
        teams: 0,
        points: 0,
        activities: 0,
        reviews: 0,
    };
    let mut made: Vec<String> = Vec::new();
    let town = Town {
        id: db::new_id(),
        name: TOWN.to_owned(),
    };
    towns::insert(tx, &town)?;
    let mut phones = std::collections::HashSet::new();
    for (community_name, branch_specs) in COMMUNITIES.iter().zip(BRANCHES.iter()) {
        let community = Community {
            id: db::new_id(),
            town_id: town.id.clone(),
            name: (*community_name).to_owned(),
            committee_name: format!("{community_name}党委"),
        };
        communities::insert(tx, &community)?;
        summary.communities += 1;
        for (index, (branch_name, basis, specialties)) in branch_specs.iter().enumerate() {
            let branch = Branch {
                id: db::new_id(),
                community_id: community.id.clone(),
                name: (*branch_name).to_owned(),
                basis: *basis,
                note: String::new(),
            };
            branches::insert(tx, &branch)?;
            made.push(branch.id.clone());
            summary.branches += 1;
            let size = rng.usize(22..=28);
            let mut seats = Vec::new();
            let mut names = std::collections::HashSet::new();
            for i in 0..size {
                let gender = if rng.u8(0..10) < 6 {
                    Gender::Male
                } else {
                    Gender::Female
                };
                let name = loop {
                    let given = match gender {
                        Gender::Male => GIVEN_MALE[rng.usize(..GIVEN_MALE.len())],
                        Gender::Female => GIVEN_FEMALE[rng.usize(..GIVEN_FEMALE.len())],
                    };
                    let name = format!("{}{}", SURNAMES[rng.usize(..SURNAMES.len())], given);
                    if names.insert(name.clone()) {
                        break name;
                    }
                };
                let age = if *basis == BranchBasis::Age {
                    rng.i32(62..=84)
                } else {
                    rng.i32(24..=66)
                };
                let birth_year = chrono::Datelike::year(&today) - age;
                let join_age = rng.i32(20..=age.min(45));
                let joined_on = NaiveDate::from_ymd_opt(
                    birth_year + join_age,
                    rng.u32(1..=12),
                    rng.u32(1..=28),
                );
                let phone = loop {
                    let phone = format!(
                        "1{}{:09}",
                        ["35", "38", "39", "58", "86", "37"][rng.usize(..6)],
                        rng.u32(..1_000_000_000) % 1_000_000_000
                    );
                    let phone: String = phone.chars().take(11).collect();
                    if phones.insert(phone.clone()) {
                        break phone;
                    }
                };
                let draft = MemberDraft {
                    branch_id: branch.id.clone(),
                    name,
                    gender,
                    birth_year,
                    phone,
                    specialty: specialties[rng.usize(..specialties.len())].to_owned(),
                    joined_on: joined_on.filter(|d| *d <= today),
                    capable: *basis != BranchBasis::Age && rng.u8(0..10) < 4,
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
            let venue = if index % 2 == 0 {
                format!("{community_name}党群服务中心")
            } else {
                format!("{}现场", specialties[0])
            };
            let plan = DayPlan {
                branch_id: branch.id.clone(),
                effective_from: format!("{}-01", chrono::Datelike::year(&today) - 1),
                weekday: WEEKDAYS[index],
                start_time: START_TIMES[index].to_owned(),
                venue,
            };
            day_plans::upsert_plan(tx, &plan)?;
        }
    }
    // After every member is made, so the register is the same as before points existed.
    for (index, branch_id) in made.iter().enumerate() {
        let (teams, points) = three_plus_x(tx, &mut rng, branch_id, PROFILES[index], today)?;
        summary.teams += teams;
        summary.points += points;
    }
    Ok(summary)
}

/// How a demo branch's "3+X" year goes, so the demo shows every light.
#[derive(Debug, Clone, Copy)]
struct Profile {
    category: PointCategory,
    /// This seat's holder has made no point yet.
    idle_seat: Option<CommitteeRole>,
    /// One team has made no point yet.
    idle_team: bool,
    /// A quarter that is over went by without a new point.
    skipped_quarter: Option<SkippedQuarter>,
    /// No point yet in the running quarter.
    quiet_now: bool,
}

#[derive(Debug, Clone, Copy)]
enum SkippedQuarter {
    First,
    Last,
}

const fn profile(category: PointCategory) -> Profile {
    Profile {
        category,
        idle_seat: None,
        idle_team: false,
        skipped_quarter: None,
        quiet_now: false,
    }
}

/// In the order the branches are made: 蔬菜, 畜牧, 农机, 老党员 (no capable members, so no team);
/// 果品, 电商, 建筑, 文化.
const PROFILES: [Profile; 8] = [
    profile(PointCategory::Planting),
    Profile {
        idle_seat: Some(CommitteeRole::Publicity),
        ..profile(PointCategory::Breeding)
    },
    Profile {
        skipped_quarter: Some(SkippedQuarter::Last),
        ..profile(PointCategory::Services)
    },
    profile(PointCategory::Culture),
    profile(PointCategory::Processing),
    Profile {
        idle_team: true,
        ..profile(PointCategory::Ecommerce)
    },
    Profile {
        idle_seat: Some(CommitteeRole::Organising),
        skipped_quarter: Some(SkippedQuarter::First),
        ..profile(PointCategory::Services)
    },
    Profile {
        quiet_now: true,
        ..profile(PointCategory::Culture)
    },
];

const VILLAGES: &[&str] = &[
    "东关村",
    "西岭村",
    "南河村",
    "北坡村",
    "杏花村",
    "青石村",
    "柳树屯",
    "王家庄",
];
const CLOSE_REASONS: &[&str] = &["承包到期", "并入合作社", "场地改建"];

fn description(category: PointCategory) -> &'static str {
    match category {
        PointCategory::Planting => "推广新品种和大棚温控技术，带动周边农户种植",
        PointCategory::Breeding => "规范防疫和粪污处理，示范科学养殖",
        PointCategory::Processing => "示范分级包装和冷链储存，提高农产品附加值",
        PointCategory::Ecommerce => "帮助农户开网店、做直播，拓宽销路",
        PointCategory::Services => "为群众提供农机、劳务等上门服务",
        PointCategory::Culture => "组织文化活动，宣传政策，调解邻里纠纷",
        PointCategory::Other => "",
    }
}

/// Forms the branch's teams for this year (1 or 2 of those "suggest teams" proposes) and
/// creates its points from 1 January to `today`, shaped by the branch's profile. Returns how
/// many teams and points were made.
fn three_plus_x(
    tx: &Transaction,
    rng: &mut fastrand::Rng,
    branch_id: &str,
    profile: Profile,
    today: NaiveDate,
) -> Result<(u32, u32)> {
    let year = today.year();
    let people = members::list(
        tx,
        &MemberFilter {
            branch_id: Some(branch_id),
            ..Default::default()
        },
    )?;
    let capable: Vec<Member> = people.iter().filter(|m| m.capable).cloned().collect();
    let suggestion = team::suggest_teams(&capable);
    let wanted = rng.usize(1..=2).min(suggestion.teams.len());
    let mut teams: Vec<(Team, String)> = Vec::new();
    for (i, suggested) in suggestion.teams.into_iter().take(wanted).enumerate() {
        let specialty = if suggested.specialty.is_empty() {
            people[0].specialty.clone()
        } else {
            suggested.specialty.clone()
        };
        let mut name = format!("{specialty}组团");
        if teams.iter().any(|(t, _)| t.name == name) {
            name = format!("{specialty}{}组团", i + 1);
        }
        let team = Team {
            id: db::new_id(),
            branch_id: branch_id.to_owned(),
            year,
            name,
            member_ids: suggested.member_ids,
        };
        teams::save(tx, &team)?;
        teams.push((team, specialty));
    }

    // Who leads a point this year, and in which quarters points are made.
    let mut leaders: Vec<(PointLeader, String, Vec<String>)> = Vec::new();
    for seat in committee_seats::for_branch(tx, branch_id)? {
        if profile.idle_seat == Some(seat.role) {
            continue;
        }
        let specialty = people
            .iter()
            .find(|m| m.id == seat.member_id)
            .map_or_else(String::new, |m| m.specialty.clone());
        let helpers: Vec<String> = people
            .iter()
            .filter(|m| m.id != seat.member_id)
            .skip(rng.usize(..people.len().saturating_sub(3).max(1)))
            .take(2)
            .map(|m| m.id.clone())
            .collect();
        leaders.push((
            PointLeader::Committee {
                member_id: seat.member_id,
            },
            specialty,
            helpers,
        ));
    }
    let active_teams = teams.len() - usize::from(profile.idle_team && !teams.is_empty());
    for (team, specialty) in teams.iter().take(active_teams) {
        leaders.push((
            PointLeader::Team {
                team_id: team.id.clone(),
            },
            specialty.clone(),
            team.member_ids.iter().take(4).cloned().collect(),
        ));
    }
    let current = quarter_of(today);
    let over: Vec<u32> = (1..current).collect();
    let skipped = match profile.skipped_quarter {
        Some(SkippedQuarter::First) => over.first().copied(),
        Some(SkippedQuarter::Last) => over.last().copied(),
        None => None,
    };
    let quarters: Vec<u32> = (1..=current)
        .filter(|q| Some(*q) != skipped && !(profile.quiet_now && *q == current))
        .collect();
    if quarters.is_empty() || leaders.is_empty() {
        return Ok((teams.len() as u32, 0));
    }

    // Each leader one point, the quarters taken in turn; then a point in any quarter left
    // without one, and a few more here and there.
    let offset = rng.usize(..quarters.len());
    let mut plan: Vec<(usize, u32)> = (0..leaders.len())
        .map(|i| (i, quarters[(i + offset) % quarters.len()]))
        .collect();
    for q in &quarters {
        if !plan.iter().any(|(_, pq)| pq == q) {
            plan.push((rng.usize(..leaders.len()), *q));
        }
    }
    for _ in 0..rng.usize(0..=2) {
        plan.push((
            rng.usize(..leaders.len()),
            quarters[rng.usize(..quarters.len())],
        ));
    }

    let mut points = 0;
    for (leader, quarter) in plan {
        let (leader, specialty, helpers) = &leaders[leader];
        let (starts, ends) = quarter_dates(year, quarter).unwrap_or((today, today));
        let last = ends.min(today);
        let span = (last - starts).num_days().max(0);
        let created_on = starts + Duration::days(rng.i64(0..=span));
        let village = VILLAGES[rng.usize(..VILLAGES.len())];
        let closes_after = rng.i64(20..=90);
        let status = if rng.u8(0..6) == 0 && created_on + Duration::days(closes_after) <= today {
            PointStatus::Closed {
                closed_on: created_on + Duration::days(closes_after),
                reason: CLOSE_REASONS[rng.usize(..CLOSE_REASONS.len())].to_owned(),
            }
        } else {
            PointStatus::Active
        };
        let point = DemoPoint {
            id: db::new_id(),
            branch_id: branch_id.to_owned(),
            name: format!("{village}{specialty}示范点"),
            category: profile.category,
            location: village.to_owned(),
            created_on,
            leader: leader.clone(),
            member_ids: helpers.clone(),
            description: description(profile.category).to_owned(),
            status,
        };
        demo_points::save(tx, &point)?;
        for change in status_changes(None, &point, today) {
            let entered = PointStatusChange {
                recorded_on: change.on,
                ..change
            };
            demo_points::append_history(tx, &point.id, &entered)?;
        }
        points += 1;
    }
    Ok((teams.len() as u32, points))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::points::{self, PointScope};
    use crate::demo_point::DemoPointDraft;

    #[test]
    fn demo_points_are_valid_on_any_day_of_the_year() {
        for (y, m, d) in [
            (2026, 1, 1),
            (2024, 2, 29),
            (2026, 3, 31),
            (2026, 7, 1),
            (2026, 12, 31),
        ] {
            let today = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut conn = db::open_in_memory().unwrap();
            let summary = load(&mut conn, 2012, today).unwrap();
            let listed = points::list_points(&conn, &PointScope::default(), None).unwrap();
            assert_eq!(listed.len() as u32, summary.points, "{today}");
            assert!(
                summary.points >= 8,
                "{today}: points from the first day of the year"
            );
            let teams = teams::list(&conn, &Default::default()).unwrap();
            assert_eq!(teams.len() as u32, summary.teams);
            for p in listed {
                let point = p.point;
                assert!(!p.leader_name.is_empty(), "{today}: {}", point.name);
                let draft = DemoPointDraft {
                    branch_id: point.branch_id.clone(),
                    name: point.name.clone(),
                    category: point.category,
                    location: point.location.clone(),
                    created_on: point.created_on,
                    leader: point.leader.clone(),
                    member_ids: point.member_ids.clone(),
                    description: point.description.clone(),
                    status: point.status.clone(),
                }
                .validated(today)
                .unwrap_or_else(|e| panic!("{today}: {e:?}"));
                assert_eq!(draft.created_on.year(), today.year());
                let people = members::list(
                    &conn,
                    &MemberFilter {
                        branch_id: Some(&point.branch_id),
                        ..Default::default()
                    },
                )
                .unwrap();
                crate::demo_point::check_point_people(&draft, &people, &teams)
                    .unwrap_or_else(|e| panic!("{today}: {e:?}"));
            }
        }
    }
}
