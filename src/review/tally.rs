//! The tally of a review: per branch and reviewer group, the counts of each mark, the
//! satisfaction rate, the weighted score, the ranking within the community and the branches
//! below the threshold.
//!
//! - **Valid votes** are 满意, 基本满意 and 不满意; a sheet with no box or two boxes ticked for a
//!   branch is an invalid vote for it: counted (`no_rating`, `two_ratings`), never in a rate.
//! - **Satisfaction rate** = (满意 + 基本满意) ÷ valid votes, or 满意 ÷ valid votes when the
//!   community does not count 基本满意 (`fairly_counts_as_satisfied`).
//! - **Weighted score** = (满意 × w1 + 基本满意 × w2 + 不满意 × w3) ÷ valid votes, 0–100 with the
//!   default weights 100 / 60 / 0.
//! - **Combined** figures: how the member (党员) and resident (群众) groups combine is the
//!   community's choice (`GroupCombination`), printed above the tally:
//!   - *pooled* (the default): the two groups' counts are added, every sheet weighs the same, so
//!     the larger group weighs more;
//!   - *weighted* (e.g. 党员 50% / 群众 50%): combined rate = member rate × p + resident rate ×
//!     (1 − p), the score likewise, whatever the number of sheets; when only one group has valid
//!     votes the combined figures are that group's.
//!
//!   The combined counts shown are always the sum of the two groups.
//! - **Ranking** by the combined score, highest first, compared exactly (as fractions, not
//!   rounded floats). Equal scores share a rank and the next rank skips: standard competition
//!   ranking, 1, 1, 3. A branch without valid votes has no rank and comes last.
//! - **Flagged**: a combined rate below the threshold (default 80%), compared exactly. Each group
//!   whose own rate is below it is marked too (`member_flagged`, `resident_flagged`); that
//!   alone does not flag the branch.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Ballot, Mark, ReviewerGroup};
use crate::error::{valid, FieldError, FieldRule, Result};

/// Points per mark for the weighted score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScoreWeights {
    pub satisfied: u32,
    pub fairly_satisfied: u32,
    pub dissatisfied: u32,
}

/// How the member and the resident groups make the combined figures (see the module header).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum GroupCombination {
    /// One sheet, one vote: the groups' counts are added.
    #[default]
    Pooled,
    /// The member group weighs `member_percent`%, the resident group the rest (1–99).
    Weighted { member_percent: u32 },
}

/// How a community tallies its reviews; a review keeps a copy from when it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewSettings {
    /// Whether 基本满意 counts as satisfied in the rate.
    pub fairly_counts_as_satisfied: bool,
    pub weights: ScoreWeights,
    /// Branches whose combined rate is below this (percent) are flagged.
    pub threshold_percent: u32,
    /// Settings stored before this choice existed read as pooled, which they were.
    #[serde(default)]
    pub combination: GroupCombination,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            fairly_counts_as_satisfied: true,
            weights: ScoreWeights {
                satisfied: 100,
                fairly_satisfied: 60,
                dissatisfied: 0,
            },
            threshold_percent: 80,
            combination: GroupCombination::Pooled,
        }
    }
}

impl ReviewSettings {
    /// Weights 0–100, none above the one of a better mark; threshold 0–100.
    pub fn validated(self) -> Result<Self> {
        let w = self.weights;
        let mut errors = Vec::new();
        let mut fail = |field: &str| {
            errors.push(FieldError {
                field: field.into(),
                rule: FieldRule::BadChoice,
            })
        };
        for (name, weight) in [
            ("weights.satisfied", w.satisfied),
            ("weights.fairlySatisfied", w.fairly_satisfied),
            ("weights.dissatisfied", w.dissatisfied),
        ] {
            if weight > 100 {
                fail(name);
            }
        }
        if w.fairly_satisfied > w.satisfied || w.dissatisfied > w.fairly_satisfied {
            fail("weights");
        }
        if self.threshold_percent > 100 {
            fail("thresholdPercent");
        }
        if let GroupCombination::Weighted { member_percent } = self.combination {
            if !(1..=99).contains(&member_percent) {
                fail("combination.memberPercent");
            }
        }
        valid(self, errors)
    }

    /// The rate formula as the tally sheet prints it.
    pub fn rate_formula_zh(&self) -> String {
        if self.fairly_counts_as_satisfied {
            "满意率 = (满意 + 基本满意) ÷ 有效票".into()
        } else {
            "满意率 = 满意 ÷ 有效票".into()
        }
    }

    pub fn score_formula_zh(&self) -> String {
        let w = self.weights;
        format!(
            "得分 = (满意 × {} + 基本满意 × {} + 不满意 × {}) ÷ 有效票",
            w.satisfied, w.fairly_satisfied, w.dissatisfied
        )
    }

    /// How the groups combine, as the tally sheet prints it.
    pub fn combination_formula_zh(&self) -> String {
        match self.combination {
            GroupCombination::Pooled => {
                "综合满意率、综合得分：党员票和群众票合在一起计算，每张票同等计".into()
            }
            GroupCombination::Weighted { member_percent } => format!(
                "综合满意率 = 党员满意率 × {member_percent}% + 群众满意率 × {}%，\
                 综合得分同样计算；只有一组有有效票时按该组计",
                100u32.saturating_sub(member_percent)
            ),
        }
    }
}

/// A non-negative fraction, compared exactly (`a/b < c/d ⇔ a·d < c·b`).
#[derive(Debug, Clone, Copy)]
struct Ratio {
    num: u128,
    den: u128,
}

impl Ratio {
    fn new(num: u64, den: u32) -> Option<Ratio> {
        (den > 0).then_some(Ratio {
            num: u128::from(num),
            den: u128::from(den),
        })
    }

    fn cmp(&self, other: &Ratio) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }

    /// Below `percent`%.
    fn below_percent(&self, percent: u32) -> bool {
        self.num * 100 < u128::from(percent) * self.den
    }

    fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

/// Two groups' ratios weighted `member_percent` : the rest (`None`: no valid vote in that
/// group, and then the other group's ratio alone).
fn weighted(member: Option<Ratio>, resident: Option<Ratio>, member_percent: u32) -> Option<Ratio> {
    match (member, resident) {
        (Some(m), Some(r)) => {
            let pm = u128::from(member_percent.min(100));
            let pr = 100 - pm;
            Some(Ratio {
                num: pm * m.num * r.den + pr * r.num * m.den,
                den: 100 * m.den * r.den,
            })
        }
        (one, None) | (None, one) => one,
    }
}

/// How many votes of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Counts {
    pub satisfied: u32,
    pub fairly_satisfied: u32,
    pub dissatisfied: u32,
    pub no_rating: u32,
    pub two_ratings: u32,
}

impl Counts {
    pub fn valid(&self) -> u32 {
        self.satisfied + self.fairly_satisfied + self.dissatisfied
    }

    pub fn invalid(&self) -> u32 {
        self.no_rating + self.two_ratings
    }

    /// Sheets that speak about the branch, valid or not.
    pub fn total(&self) -> u32 {
        self.valid() + self.invalid()
    }

    pub fn add(&mut self, mark: Mark) {
        match mark {
            Mark::Satisfied => self.satisfied += 1,
            Mark::FairlySatisfied => self.fairly_satisfied += 1,
            Mark::Dissatisfied => self.dissatisfied += 1,
            Mark::NoRating => self.no_rating += 1,
            Mark::TwoRatings => self.two_ratings += 1,
        }
    }

    pub fn plus(&self, other: &Counts) -> Counts {
        Counts {
            satisfied: self.satisfied + other.satisfied,
            fairly_satisfied: self.fairly_satisfied + other.fairly_satisfied,
            dissatisfied: self.dissatisfied + other.dissatisfied,
            no_rating: self.no_rating + other.no_rating,
            two_ratings: self.two_ratings + other.two_ratings,
        }
    }

    /// Numerator of the rate (satisfied votes as the settings count them).
    fn satisfied_votes(&self, settings: &ReviewSettings) -> u64 {
        let fairly = if settings.fairly_counts_as_satisfied {
            self.fairly_satisfied
        } else {
            0
        };
        u64::from(self.satisfied + fairly)
    }

    fn rate_ratio(&self, settings: &ReviewSettings) -> Option<Ratio> {
        Ratio::new(self.satisfied_votes(settings), self.valid())
    }

    fn score_ratio(&self, settings: &ReviewSettings) -> Option<Ratio> {
        Ratio::new(self.points(settings), self.valid())
    }

    /// Numerator of the score (its denominator is the valid votes).
    fn points(&self, settings: &ReviewSettings) -> u64 {
        let w = settings.weights;
        u64::from(self.satisfied) * u64::from(w.satisfied)
            + u64::from(self.fairly_satisfied) * u64::from(w.fairly_satisfied)
            + u64::from(self.dissatisfied) * u64::from(w.dissatisfied)
    }
}

/// Hand-counted votes of a batch of sheets not entered one by one, for one branch and group.
/// They add to the sheets entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GroupTotals {
    pub branch_id: String,
    pub group: ReviewerGroup,
    pub counts: Counts,
}

/// Counts and the figures computed from them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RatingFigures {
    pub counts: Counts,
    pub valid: u32,
    pub invalid: u32,
    pub total: u32,
    /// 0–1; `None` without valid votes.
    pub rate: Option<f64>,
    /// 0–100 with the default weights; `None` without valid votes.
    pub score: Option<f64>,
}

impl RatingFigures {
    pub fn of(counts: Counts, settings: &ReviewSettings) -> RatingFigures {
        let valid = counts.valid();
        let per_vote = |n: u64| (valid > 0).then(|| n as f64 / f64::from(valid));
        RatingFigures {
            counts,
            valid,
            invalid: counts.invalid(),
            total: counts.total(),
            rate: per_vote(counts.satisfied_votes(settings)),
            score: per_vote(counts.points(settings)),
        }
    }
}

/// One branch's line of the tally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BranchTally {
    pub branch_id: String,
    pub member: RatingFigures,
    pub resident: RatingFigures,
    pub combined: RatingFigures,
    /// 1 = best; equal scores share a rank (1, 1, 3). `None` without valid votes.
    pub rank: Option<u32>,
    /// The combined rate is below the threshold.
    pub flagged: bool,
    /// The member group's own rate is below the threshold.
    pub member_flagged: bool,
    /// The resident group's own rate is below the threshold.
    pub resident_flagged: bool,
}

impl BranchTally {
    pub fn group(&self, group: ReviewerGroup) -> &RatingFigures {
        match group {
            ReviewerGroup::Member => &self.member,
            ReviewerGroup::Resident => &self.resident,
        }
    }
}

/// The whole tally of a review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewTally {
    pub settings: ReviewSettings,
    pub rate_formula: String,
    pub score_formula: String,
    /// How the member and resident groups make the combined figures.
    pub combination_formula: String,
    /// By rank, best first; unranked branches last in the review's order.
    pub branches: Vec<BranchTally>,
    /// Sheets entered one by one, per group (member, resident).
    pub sheets: Vec<u32>,
}

/// Counts each branch's votes per group from the sheets and the hand-counted totals.
/// Votes for branches not in `branch_ids` are ignored (the caller refuses them earlier).
pub fn count(
    branch_ids: &[String],
    ballots: &[Ballot],
    totals: &[GroupTotals],
) -> Vec<(String, Counts, Counts)> {
    let mut rows: Vec<(String, Counts, Counts)> = branch_ids
        .iter()
        .map(|id| (id.clone(), Counts::default(), Counts::default()))
        .collect();
    let index = |branch: &str| branch_ids.iter().position(|id| id == branch);
    let mut add = |branch: &str, group: ReviewerGroup, counts: &Counts| {
        if let Some(i) = index(branch) {
            let (_, member, resident) = &mut rows[i];
            let slot = match group {
                ReviewerGroup::Member => member,
                ReviewerGroup::Resident => resident,
            };
            *slot = slot.plus(counts);
        }
    };
    for ballot in ballots {
        for mark in &ballot.marks {
            let mut one = Counts::default();
            one.add(mark.mark);
            add(&mark.branch_id, ballot.group, &one);
        }
    }
    for total in totals {
        add(&total.branch_id, total.group, &total.counts);
    }
    rows
}

/// The tally of `branch_ids` (the review's branches, in order).
pub fn tally(
    branch_ids: &[String],
    ballots: &[Ballot],
    totals: &[GroupTotals],
    settings: &ReviewSettings,
) -> ReviewTally {
    let counted = count(branch_ids, ballots, totals);
    let below = |r: Option<Ratio>| r.is_some_and(|r| r.below_percent(settings.threshold_percent));
    let mut lines: Vec<(BranchTally, Option<Ratio>)> = counted
        .into_iter()
        .map(|(branch_id, member, resident)| {
            let sum = member.plus(&resident);
            let (rate, score) = match settings.combination {
                GroupCombination::Pooled => (sum.rate_ratio(settings), sum.score_ratio(settings)),
                GroupCombination::Weighted { member_percent } => (
                    weighted(
                        member.rate_ratio(settings),
                        resident.rate_ratio(settings),
                        member_percent,
                    ),
                    weighted(
                        member.score_ratio(settings),
                        resident.score_ratio(settings),
                        member_percent,
                    ),
                ),
            };
            let combined = RatingFigures {
                rate: rate.map(Ratio::to_f64),
                score: score.map(Ratio::to_f64),
                ..RatingFigures::of(sum, settings)
            };
            (
                BranchTally {
                    branch_id,
                    member: RatingFigures::of(member, settings),
                    resident: RatingFigures::of(resident, settings),
                    combined,
                    rank: None,
                    flagged: below(rate),
                    member_flagged: below(member.rate_ratio(settings)),
                    resident_flagged: below(resident.rate_ratio(settings)),
                },
                score,
            )
        })
        .collect();
    // Best score first, exactly. Unranked (no valid votes) last; the sort is stable, so equal
    // scores keep the review's order.
    let by_score = |a: &Option<Ratio>, b: &Option<Ratio>| -> Ordering {
        match (a, b) {
            (None, None) => Ordering::Equal,
            (None, _) => Ordering::Greater,
            (_, None) => Ordering::Less,
            (Some(a), Some(b)) => b.cmp(a),
        }
    };
    lines.sort_by(|(_, a), (_, b)| by_score(a, b));
    let mut previous: Option<(Option<Ratio>, u32)> = None;
    for (position, (line, score)) in lines.iter_mut().enumerate() {
        if score.is_none() {
            continue;
        }
        let rank = match previous {
            Some((prev, rank)) if by_score(&prev, score) == Ordering::Equal => rank,
            _ => position as u32 + 1,
        };
        line.rank = Some(rank);
        previous = Some((*score, rank));
    }
    let sheets = ReviewerGroup::ALL
        .iter()
        .map(|g| ballots.iter().filter(|b| b.group == *g).count() as u32)
        .collect();
    ReviewTally {
        settings: *settings,
        rate_formula: settings.rate_formula_zh(),
        score_formula: settings.score_formula_zh(),
        combination_formula: settings.combination_formula_zh(),
        branches: lines.into_iter().map(|(line, _)| line).collect(),
        sheets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::BallotMark;

    fn ids(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    fn sheet(group: ReviewerGroup, marks: &[(&str, Mark)]) -> Ballot {
        Ballot {
            id: String::new(),
            review_id: String::new(),
            sheet_no: 0,
            group,
            marks: marks
                .iter()
                .map(|(b, m)| BallotMark {
                    branch_id: (*b).into(),
                    mark: *m,
                    comment: String::new(),
                })
                .collect(),
        }
    }

    fn counts(s: u32, f: u32, d: u32, none: u32, two: u32) -> Counts {
        Counts {
            satisfied: s,
            fairly_satisfied: f,
            dissatisfied: d,
            no_rating: none,
            two_ratings: two,
        }
    }

    fn line<'a>(t: &'a ReviewTally, id: &str) -> &'a BranchTally {
        t.branches.iter().find(|b| b.branch_id == id).unwrap()
    }

    /// Hand count: branch A gets from 4 member sheets 满意, 满意, 基本满意, (two boxes) and from
    /// 2 resident sheets 不满意, (blank). Valid 4: rate (2+1)/4 = 75%, score (200+60+0)/4 = 65.
    #[test]
    fn a_hand_counted_case_with_invalid_votes() {
        use Mark::*;
        use ReviewerGroup::*;
        let branches = ids(&["A"]);
        let ballots = [
            sheet(Member, &[("A", Satisfied)]),
            sheet(Member, &[("A", Satisfied)]),
            sheet(Member, &[("A", FairlySatisfied)]),
            sheet(Member, &[("A", TwoRatings)]),
            sheet(Resident, &[("A", Dissatisfied)]),
            sheet(Resident, &[("A", NoRating)]),
        ];
        let t = tally(&branches, &ballots, &[], &ReviewSettings::default());
        let a = line(&t, "A");
        assert_eq!(a.member.counts, counts(2, 1, 0, 0, 1));
        assert_eq!(a.member.valid, 3);
        assert_eq!(
            a.member.invalid, 1,
            "two boxes ticked is counted as invalid"
        );
        assert_eq!(a.member.rate, Some(1.0));
        assert_eq!(a.resident.counts, counts(0, 0, 1, 1, 0));
        assert_eq!(a.resident.rate, Some(0.0));
        assert_eq!(a.combined.total, 6, "no sheet is dropped");
        assert_eq!(a.combined.valid, 4);
        assert_eq!(a.combined.rate, Some(0.75));
        assert_eq!(a.combined.score, Some(65.0));
        assert!(a.flagged, "75% is below the 80% threshold");
        assert_eq!(a.rank, Some(1));
        assert_eq!(t.sheets, [4, 2]);
    }

    #[test]
    fn the_formula_follows_the_community_settings() {
        let settings = ReviewSettings {
            fairly_counts_as_satisfied: false,
            weights: ScoreWeights {
                satisfied: 100,
                fairly_satisfied: 50,
                dissatisfied: 0,
            },
            threshold_percent: 60,
            combination: GroupCombination::Pooled,
        };
        let totals = [GroupTotals {
            branch_id: "A".into(),
            group: ReviewerGroup::Resident,
            counts: counts(6, 3, 1, 2, 0),
        }];
        let t = tally(&ids(&["A"]), &[], &totals, &settings);
        let a = line(&t, "A");
        assert_eq!(a.combined.rate, Some(0.6), "满意 6 ÷ valid 10");
        assert_eq!(a.combined.score, Some(75.0), "(600 + 150) ÷ 10");
        assert!(!a.flagged, "exactly the threshold is not below it");
        assert_eq!(t.rate_formula, "满意率 = 满意 ÷ 有效票");
        assert!(t.score_formula.contains("基本满意 × 50"));
        let default = tally(&ids(&["A"]), &[], &totals, &ReviewSettings::default());
        assert_eq!(line(&default, "A").combined.rate, Some(0.9), "(6 + 3) ÷ 10");
    }

    #[test]
    fn sheets_and_hand_counted_totals_add_up() {
        use Mark::*;
        let ballots = [sheet(
            ReviewerGroup::Member,
            &[("A", Satisfied), ("B", NoRating)],
        )];
        let totals = [GroupTotals {
            branch_id: "A".into(),
            group: ReviewerGroup::Member,
            counts: counts(1, 1, 1, 0, 1),
        }];
        let t = tally(
            &ids(&["A", "B"]),
            &ballots,
            &totals,
            &ReviewSettings::default(),
        );
        assert_eq!(line(&t, "A").member.counts, counts(2, 1, 1, 0, 1));
        let b = line(&t, "B");
        assert_eq!(b.combined.total, 1);
        assert_eq!(b.rank, None, "no valid vote: no rank");
        assert!(!b.flagged, "nothing to judge");
        assert_eq!(t.branches.last().unwrap().branch_id, "B", "unranked last");
    }

    /// Scores: A (4·100 + 1·0) ÷ 5 = 80, B (8·100 + 2·0) ÷ 10 = 80 (equal as fractions, other
    /// counts), C (3·100 + 1·60) ÷ 4 = 90, D 60 ÷ 1 = 60. Ranking: C 1, A 2, B 2, D 4.
    #[test]
    fn equal_scores_share_a_rank_and_the_next_rank_skips() {
        let t = tally(
            &ids(&["A", "B", "C", "D"]),
            &[],
            &[
                GroupTotals {
                    branch_id: "A".into(),
                    group: ReviewerGroup::Member,
                    counts: counts(4, 0, 1, 0, 0),
                },
                GroupTotals {
                    branch_id: "B".into(),
                    group: ReviewerGroup::Resident,
                    counts: counts(8, 0, 2, 3, 0),
                },
                GroupTotals {
                    branch_id: "C".into(),
                    group: ReviewerGroup::Member,
                    counts: counts(3, 1, 0, 0, 0),
                },
                GroupTotals {
                    branch_id: "D".into(),
                    group: ReviewerGroup::Member,
                    counts: counts(0, 1, 0, 0, 0),
                },
            ],
            &ReviewSettings::default(),
        );
        let order: Vec<(&str, Option<u32>, Option<f64>)> = t
            .branches
            .iter()
            .map(|b| (b.branch_id.as_str(), b.rank, b.combined.score))
            .collect();
        assert_eq!(
            order,
            [
                ("C", Some(1), Some(90.0)),
                ("A", Some(2), Some(80.0)),
                ("B", Some(2), Some(80.0)),
                ("D", Some(4), Some(60.0)),
            ],
            "standard competition ranking: 1, 2, 2, 4"
        );
    }

    #[test]
    fn a_three_way_tie_at_the_top() {
        let same = counts(1, 1, 0, 0, 0);
        let totals: Vec<GroupTotals> = ["A", "B", "C"]
            .iter()
            .map(|b| GroupTotals {
                branch_id: (*b).into(),
                group: ReviewerGroup::Member,
                counts: same,
            })
            .chain([GroupTotals {
                branch_id: "D".into(),
                group: ReviewerGroup::Member,
                counts: counts(0, 0, 1, 0, 0),
            }])
            .collect();
        let t = tally(
            &ids(&["A", "B", "C", "D"]),
            &[],
            &totals,
            &ReviewSettings::default(),
        );
        let ranks: Vec<Option<u32>> = t.branches.iter().map(|b| b.rank).collect();
        assert_eq!(ranks, [Some(1), Some(1), Some(1), Some(4)]);
        assert!(line(&t, "D").flagged);
    }

    #[test]
    fn settings_are_checked() {
        let mut s = ReviewSettings::default();
        assert!(s.validated().is_ok());
        s.weights.fairly_satisfied = 120;
        assert!(s.validated().is_err());
        s.weights.fairly_satisfied = 60;
        s.threshold_percent = 101;
        assert!(s.validated().is_err());
    }

    fn weighted_half() -> ReviewSettings {
        ReviewSettings {
            combination: GroupCombination::Weighted { member_percent: 50 },
            ..ReviewSettings::default()
        }
    }

    /// A: 10 member sheets 满意 and 2 resident sheets 不满意. B: 2 member sheets 满意 and 10
    /// resident sheets 基本满意.
    fn two_branches() -> (Vec<String>, Vec<Ballot>) {
        use Mark::*;
        use ReviewerGroup::*;
        let mut ballots = Vec::new();
        for i in 0..12 {
            let group = if i < 10 { Member } else { Resident };
            let a = if i < 10 { Satisfied } else { Dissatisfied };
            ballots.push(sheet(group, &[("A", a)]));
        }
        for i in 0..12 {
            let (group, mark) = if i < 2 {
                (Member, Satisfied)
            } else {
                (Resident, FairlySatisfied)
            };
            ballots.push(sheet(group, &[("B", mark)]));
        }
        (ids(&["A", "B"]), ballots)
    }

    #[test]
    fn pooled_lets_the_larger_group_decide_weighted_gives_each_group_its_share() {
        let (branches, ballots) = two_branches();
        let pooled = tally(&branches, &ballots, &[], &ReviewSettings::default());
        let a = line(&pooled, "A");
        assert_eq!(a.combined.counts, counts(10, 0, 2, 0, 0));
        assert_eq!(a.combined.rate, Some(10.0 / 12.0), "10 of 12 sheets");
        assert!(!a.flagged, "83% is above 80%");
        assert!(!a.member_flagged);
        assert!(a.resident_flagged, "the residents' own rate is 0%");
        let b = line(&pooled, "B");
        assert_eq!(b.combined.score, Some(800.0 / 12.0));
        assert_eq!(
            pooled
                .branches
                .iter()
                .map(|l| (l.branch_id.as_str(), l.rank))
                .collect::<Vec<_>>(),
            [("A", Some(1)), ("B", Some(2))]
        );

        let weighted = tally(&branches, &ballots, &[], &weighted_half());
        let a = line(&weighted, "A");
        assert_eq!(
            a.combined.counts,
            counts(10, 0, 2, 0, 0),
            "counts are still summed"
        );
        assert_eq!(a.combined.rate, Some(0.5), "100% × 50% + 0% × 50%");
        assert_eq!(a.combined.score, Some(50.0));
        assert!(a.flagged, "50% is below 80%");
        assert!(a.resident_flagged && !a.member_flagged);
        let b = line(&weighted, "B");
        assert_eq!(b.combined.score, Some(80.0), "(100 + 60) ÷ 2");
        assert_eq!(b.combined.rate, Some(1.0));
        assert!(!b.flagged);
        assert_eq!(
            weighted
                .branches
                .iter()
                .map(|l| (l.branch_id.as_str(), l.rank))
                .collect::<Vec<_>>(),
            [("B", Some(1)), ("A", Some(2))],
            "the order turns when each group weighs half"
        );
        assert_eq!(
            weighted.combination_formula,
            "综合满意率 = 党员满意率 × 50% + 群众满意率 × 50%，综合得分同样计算；只有一组有有效票时按该组计"
        );
        assert!(pooled.combination_formula.contains("每张票同等计"));
    }

    #[test]
    fn weighted_with_one_group_silent_is_that_groups_figures() {
        use Mark::*;
        use ReviewerGroup::*;
        let settings = ReviewSettings {
            combination: GroupCombination::Weighted { member_percent: 70 },
            ..ReviewSettings::default()
        };
        let ballots = [
            sheet(Member, &[("A", Satisfied)]),
            sheet(Member, &[("A", Dissatisfied)]),
            sheet(Resident, &[("A", NoRating)]),
        ];
        let t = tally(&ids(&["A", "B"]), &ballots, &[], &settings);
        let a = line(&t, "A");
        assert_eq!(a.combined.rate, Some(0.5));
        assert_eq!(a.combined.score, Some(50.0));
        assert_eq!(a.combined.invalid, 1);
        assert!(
            !a.resident_flagged,
            "no valid resident vote: nothing to mark"
        );
        let b = line(&t, "B");
        assert_eq!((b.rank, b.combined.rate, b.flagged), (None, None, false));
    }

    #[test]
    fn weighted_ties_are_exact() {
        use Mark::*;
        use ReviewerGroup::*;
        // A: members 1 of 3 satisfied, residents all satisfied; B: members 2 of 6, residents
        // all satisfied. The same fractions, so the same rank, though floats may differ.
        let mut ballots = Vec::new();
        for (branch, n) in [("A", 3), ("B", 6)] {
            for i in 0..n {
                let mark = if i < n / 3 { Satisfied } else { Dissatisfied };
                ballots.push(sheet(Member, &[(branch, mark)]));
            }
            ballots.push(sheet(Resident, &[(branch, Satisfied)]));
        }
        let settings = ReviewSettings {
            combination: GroupCombination::Weighted { member_percent: 30 },
            ..ReviewSettings::default()
        };
        let t = tally(&ids(&["A", "B"]), &ballots, &[], &settings);
        assert_eq!(line(&t, "A").rank, Some(1));
        assert_eq!(line(&t, "B").rank, Some(1));
    }

    #[test]
    fn settings_stored_before_the_choice_read_as_pooled_and_shares_are_checked() {
        let old = r#"{"fairlyCountsAsSatisfied":true,"weights":{"satisfied":100,"fairlySatisfied":60,"dissatisfied":0},"thresholdPercent":80}"#;
        let s: ReviewSettings = serde_json::from_str(old).unwrap();
        assert_eq!(s.combination, GroupCombination::Pooled);
        for (percent, ok) in [(0, false), (1, true), (50, true), (99, true), (100, false)] {
            let s = ReviewSettings {
                combination: GroupCombination::Weighted {
                    member_percent: percent,
                },
                ..ReviewSettings::default()
            };
            assert_eq!(s.validated().is_ok(), ok, "{percent}%");
        }
    }
}
