//! The demo community: a realistic town to try the app on, the same every time for a seed.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::activity_week::Weekday;
use crate::day_plan::DayPlan;
use crate::db::{self, branches, committee_seats, communities, day_plans, members, towns};
use crate::error::Result;
use crate::org::{
    Branch, BranchBasis, CommitteeRole, Community, Gender, MemberDraft, SeatAssignment, Town,
};

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
}

/// Writes the demo town in one transaction. Members' ages are relative to `today`.
pub fn load(conn: &mut Connection, seed: u64, today: NaiveDate) -> Result<DemoSummary> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut summary = DemoSummary {
        towns: 1,
        communities: 0,
        branches: 0,
        members: 0,
    };
    let tx = conn.transaction()?;
    let town = Town {
        id: db::new_id(),
        name: TOWN.to_owned(),
    };
    towns::insert(&tx, &town)?;
    let mut phones = std::collections::HashSet::new();
    for (community_name, branch_specs) in COMMUNITIES.iter().zip(BRANCHES.iter()) {
        let community = Community {
            id: db::new_id(),
            town_id: town.id.clone(),
            name: (*community_name).to_owned(),
            committee_name: format!("{community_name}党委"),
        };
        communities::insert(&tx, &community)?;
        summary.communities += 1;
        for (index, (branch_name, basis, specialties)) in branch_specs.iter().enumerate() {
            let branch = Branch {
                id: db::new_id(),
                community_id: community.id.clone(),
                name: (*branch_name).to_owned(),
                basis: *basis,
                note: String::new(),
            };
            branches::insert(&tx, &branch)?;
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
                members::insert(&tx, &id, &draft)?;
                summary.members += 1;
                if let Some(role) = CommitteeRole::ALL.get(i) {
                    seats.push(SeatAssignment {
                        role: *role,
                        member_id: id,
                    });
                }
            }
            committee_seats::replace(&tx, &branch.id, &seats)?;
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
            day_plans::upsert_plan(&tx, &plan)?;
        }
    }
    tx.commit()?;
    Ok(summary)
}
