//! Past reviews (评议) for the demo town: every community's last two completed quarters before
//! `today`, held as a committee would — reviewers registered, sheets entered one by one (some
//! with a reviewer's comment) and the rest hand-counted, tallied, a comment on every branch, a
//! rectification item for each flagged branch, finalised; the older quarter's items followed
//! up before the next review. Every step goes through the window's own `api::reviews`
//! functions (their `_in` forms, inside the caller's transaction), so the audit chain is the
//! app's own. Deterministic from the seed.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use rusqlite::Transaction;

use crate::api::activities::Change;
use crate::api::reviews as rv;
use crate::compliance::{quarter_dates, quarter_of};
use crate::db::communities;
use crate::error::Result;
use crate::review::tally::{Counts, GroupTotals};
use crate::review::{BallotDraft, BallotMark, ItemDraft, ItemStatus, Mark, ReviewerGroup};

/// What reviewers wrote beside a mark now and then.
const VOICES: &[&str] = &[
    "活动讲得实在，学了就能用",
    "希望多请农技专家到地头指导",
    "村里的路灯该修了",
    "党员带头帮扶困难户，大家看在眼里",
    "活动时间最好避开农忙",
    "示范点的经验要多推广",
];

/// Rectification items: what, who.
const ITEMS: &[(&str, &str)] = &[
    ("每月活动日前公开活动安排，入户走访征求群众意见", "支部书记"),
    ("补齐活动记录和签到表，三步走环节不缺项", "组织委员"),
    ("对群众反映的问题逐件答复并公示办理结果", "宣传委员"),
];

/// The quarter before (`year`, `quarter`).
fn previous(year: i32, quarter: u32) -> (i32, u32) {
    if quarter == 1 {
        (year - 1, 4)
    } else {
        (year, quarter - 1)
    }
}

/// The last two quarters that ended before `today`, older first.
pub fn completed_quarters(today: NaiveDate) -> [(i32, u32); 2] {
    let last = previous(today.year(), quarter_of(today));
    [previous(last.0, last.1), last]
}

/// A mark as a reviewer gives it to a branch of this `standing` (percent of valid votes that
/// are 满意 or 基本满意): now and then a box left empty or two ticked.
fn mark(rng: &mut fastrand::Rng, standing: u32) -> Mark {
    let roll = rng.u32(0..100);
    if roll < 2 {
        Mark::NoRating
    } else if roll < 3 {
        Mark::TwoRatings
    } else if rng.u32(0..100) < standing {
        if rng.u32(0..100) < 60 {
            Mark::Satisfied
        } else {
            Mark::FairlySatisfied
        }
    } else {
        Mark::Dissatisfied
    }
}

/// The clock of one review day: each step a minute after the one before.
struct Steps<'a> {
    actor: &'a str,
    at: NaiveDateTime,
}

impl<'a> Steps<'a> {
    fn next(&mut self) -> Change<'a> {
        self.at += Duration::minutes(1);
        Change {
            actor: self.actor,
            at: self.at,
        }
    }
}

/// Holds and finalises the reviews; the number finalised.
pub fn add_reviews_in(tx: &Transaction, seed: u64, today: NaiveDate) -> Result<u32> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x0e7a_1ead);
    let mut held = 0;
    // Items of the older quarter, followed up before the next review: (review, item, branch).
    let mut to_follow: Vec<(String, String, ItemDraft)> = Vec::new();
    for (year, quarter) in completed_quarters(today) {
        let Some((_, ends)) = quarter_dates(year, quarter) else {
            continue;
        };
        let day = (ends + Duration::days(8)).min(today);
        for (id, item, draft) in to_follow.drain(..) {
            let done_on = day - Duration::days(3);
            let done = ItemDraft {
                status: ItemStatus::Done,
                done_on: Some(done_on),
                note: "已按期整改，群众认可".to_owned(),
                ..draft
            };
            let at = done_on.and_hms_opt(16, 0, 0).unwrap_or_default();
            let change = Change {
                actor: "社区党委",
                at,
            };
            rv::save_item_in(tx, &id, Some(&item), done, today, &change)?;
        }
        for (index, community) in communities::list(tx)?.into_iter().enumerate() {
            let actor = if community.committee_name.is_empty() {
                "社区党委".to_owned()
            } else {
                community.committee_name.clone()
            };
            let start =
                day.and_hms_opt(9, 0, 0).unwrap_or_default() + Duration::hours(index as i64);
            let mut steps = Steps {
                actor: &actor,
                at: start,
            };
            let id = rv::open_review_in(tx, &community.id, year, quarter, day, &steps.next())?;
            let review = rv::get_review(tx, &id)?;
            let branches: Vec<String> = review
                .branches
                .iter()
                .map(|b| b.branch_id.clone())
                .collect();
            let members = review.reviewers[0].registered;
            let residents = rng.u32(25..=40);
            rv::set_reviewers_in(tx, &id, ReviewerGroup::Resident, residents, &steps.next())?;
            rv::start_collecting_in(tx, &id, &steps.next())?;
            // One branch of each community falls behind each quarter, the others do well.
            let weak = (index + quarter as usize) % branches.len().max(1);
            let standing: Vec<u32> = (0..branches.len())
                .map(|i| {
                    if i == weak {
                        rng.u32(60..=70)
                    } else {
                        rng.u32(86..=98)
                    }
                })
                .collect();
            // A dozen sheets entered one by one (the ones with something written on them),
            // the rest of the pile hand-counted.
            let entered = [
                (ReviewerGroup::Member, rng.u32(6..=10).min(members)),
                (ReviewerGroup::Resident, rng.u32(5..=8).min(residents)),
            ];
            for (group, n) in entered {
                for _ in 0..n {
                    let voice = (rng.u32(0..100) < 30).then(|| rng.usize(..branches.len()));
                    let marks = branches
                        .iter()
                        .enumerate()
                        .map(|(i, b)| BallotMark {
                            branch_id: b.clone(),
                            mark: mark(&mut rng, standing[i]),
                            comment: if voice == Some(i) {
                                VOICES[rng.usize(..VOICES.len())].to_owned()
                            } else {
                                String::new()
                            },
                        })
                        .collect();
                    let sheet = BallotDraft { group, marks };
                    rv::save_ballot_in(tx, &id, None, sheet, &steps.next())?;
                }
            }
            // Most registered reviewers hand in a sheet.
            let piles = [
                (
                    ReviewerGroup::Member,
                    (members * 85 / 100).saturating_sub(entered[0].1),
                ),
                (
                    ReviewerGroup::Resident,
                    (residents * 85 / 100).saturating_sub(entered[1].1),
                ),
            ];
            for (i, branch) in branches.iter().enumerate() {
                for (group, n) in piles {
                    let mut counts = Counts::default();
                    for _ in 0..n {
                        counts.add(mark(&mut rng, standing[i]));
                    }
                    let totals = GroupTotals {
                        branch_id: branch.clone(),
                        group,
                        counts,
                    };
                    rv::set_totals_in(tx, &id, totals, &steps.next())?;
                }
            }
            rv::tally_review_in(tx, &id, &steps.next())?;
            let tally = rv::get_review(tx, &id)?.tally;
            for line in &tally.branches {
                let comment = if line.flagged {
                    "群众满意率低于要求，活动贴近群众不够；请按整改事项逐条落实，下季度评议时通报进展。"
                } else {
                    "活动按“三步走”开展，示范点带动作用明显，群众评价较好，继续保持。"
                };
                rv::set_comment_in(tx, &id, &line.branch_id, comment, &steps.next())?;
                if !line.flagged {
                    continue;
                }
                let (what, owner) = ITEMS[rng.usize(..ITEMS.len())];
                let draft = ItemDraft {
                    branch_id: line.branch_id.clone(),
                    what: what.to_owned(),
                    owner: owner.to_owned(),
                    due_on: ends + Duration::days(60),
                    status: ItemStatus::Open,
                    done_on: None,
                    note: String::new(),
                };
                rv::save_item_in(tx, &id, None, draft.clone(), today, &steps.next())?;
                let item = rv::get_review(tx, &id)?
                    .branches
                    .into_iter()
                    .flat_map(|b| b.items)
                    .find(|i| i.branch_id == line.branch_id && i.what == what);
                if let Some(item) = item {
                    to_follow.push((id.clone(), item.id, draft));
                }
            }
            rv::finalise_in(tx, &id, &steps.next())?;
            held += 1;
        }
    }
    Ok(held)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_quarters_are_the_last_completed_ones() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            completed_quarters(day(2026, 11, 27)),
            [(2026, 2), (2026, 3)]
        );
        assert_eq!(
            completed_quarters(day(2026, 9, 30)),
            [(2026, 1), (2026, 2)],
            "the quarter of today is not over"
        );
        assert_eq!(completed_quarters(day(2026, 4, 1)), [(2025, 4), (2026, 1)]);
        assert_eq!(completed_quarters(day(2026, 2, 10)), [(2025, 3), (2025, 4)]);
    }
}
