//! 评议: the quarterly review of a community's service-type branches by Party members and
//! residents. Pure rules, no SQL: the workflow (`ReviewState` and its transitions), ballots and
//! their tally (`tally`), turnout (`turnout`), ballot files (`sheets`), the fact sheet of each branch (`facts`) and the hash-chained audit log
//! (`audit`). Storage is `db::reviews`, the use cases `api::reviews`.
//!
//! The workflow: Draft (opened, fact sheets built) → Collecting (ballots entered) → Tallied
//! (figures computed, comments and rectification items written) → Finalised (locked). A tallied
//! review may go back to collecting (a forgotten sheet); a finalised one only comes back to
//! Tallied by `reopen`, which needs a reason and is recorded.

pub mod audit;
pub mod facts;
pub mod sheets;
pub mod tally;
pub mod turnout;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, FieldError, FieldRule, Result};

pub const MAX_COMMENT_CHARS: usize = 1000;
pub const MAX_ITEM_TEXT_CHARS: usize = 200;
pub const MAX_REASON_CHARS: usize = 500;

/// Where a review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ReviewState {
    /// 草稿: opened, fact sheets built, reviewers being registered.
    Draft,
    /// 收集选票: ballots are entered.
    Collecting,
    /// 已统计: the figures stand; comments and rectification items are written.
    Tallied,
    /// 已定稿: locked.
    Finalised,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [
        ReviewState::Draft,
        ReviewState::Collecting,
        ReviewState::Tallied,
        ReviewState::Finalised,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Draft => "draft",
            ReviewState::Collecting => "collecting",
            ReviewState::Tallied => "tallied",
            ReviewState::Finalised => "finalised",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ReviewState::Draft => "草稿",
            ReviewState::Collecting => "收集选票",
            ReviewState::Tallied => "已统计",
            ReviewState::Finalised => "已定稿",
        }
    }
}

/// A step of the workflow; each is one core function with its own refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Draft → Collecting.
    StartCollecting,
    /// Collecting → Tallied.
    Tally,
    /// Tallied → Collecting: a sheet was forgotten; the tally is recomputed later.
    ResumeCollecting,
    /// Tallied → Finalised (every branch needs ballots; checked by the caller with the data).
    Finalise,
    /// Finalised → Tallied, with a reason.
    Reopen,
}

impl Transition {
    /// The state the transition leaves from, and the one it reaches.
    pub fn states(self) -> (ReviewState, ReviewState) {
        use ReviewState::*;
        match self {
            Transition::StartCollecting => (Draft, Collecting),
            Transition::Tally => (Collecting, Tallied),
            Transition::ResumeCollecting => (Tallied, Collecting),
            Transition::Finalise => (Tallied, Finalised),
            Transition::Reopen => (Finalised, Tallied),
        }
    }
}

/// The state after `transition` from `state`, or `ReviewTransition` (a finalised review is
/// `ReviewLocked` for everything but reopening).
pub fn apply(state: ReviewState, transition: Transition) -> Result<ReviewState> {
    let (from, to) = transition.states();
    if state == from {
        return Ok(to);
    }
    if state == ReviewState::Finalised {
        return Err(Error::ReviewLocked);
    }
    Err(Error::ReviewTransition {
        from: state.as_str(),
        to: to.as_str(),
    })
}

/// What a write changes, to say in which states it is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Registered reviewer counts: while preparing or collecting.
    Reviewers,
    /// Ballots and hand-counted totals: while collecting.
    Ballots,
    /// The tally settings (formula, weights, threshold): until tallied.
    Settings,
    /// Fact sheets rebuilt from the data: until tallied.
    Facts,
    /// Comments and rectification items: at any time before finalisation.
    Rectification,
    /// Where a rectification item stands (status, date, note): the follow-up, allowed after
    /// finalisation too; the next quarter's fact sheet shows it.
    FollowUp,
}

/// Refuses an edit the state does not allow: `ReviewLocked` once finalised.
pub fn check_edit(state: ReviewState, edit: Edit) -> Result<()> {
    use ReviewState::*;
    if edit == Edit::FollowUp {
        return Ok(());
    }
    if state == Finalised {
        return Err(Error::ReviewLocked);
    }
    let allowed = match edit {
        Edit::Reviewers => matches!(state, Draft | Collecting),
        Edit::Ballots => state == Collecting,
        Edit::Settings | Edit::Facts => matches!(state, Draft | Collecting),
        Edit::Rectification | Edit::FollowUp => true,
    };
    if allowed {
        Ok(())
    } else {
        Err(Error::ReviewTransition {
            from: state.as_str(),
            to: state.as_str(),
        })
    }
}

/// The reason for reopening a finalised review: required, trimmed, not too long.
pub fn reopen_reason(text: &str) -> Result<String> {
    let reason = text.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", FieldRule::Required));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(Error::invalid("reason", FieldRule::TooLong));
    }
    Ok(reason.to_owned())
}

/// The committee's comment on a branch: trimmed, may be empty.
pub fn comment_text(text: &str) -> Result<String> {
    let comment = text.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(Error::invalid("comment", FieldRule::TooLong));
    }
    Ok(comment.to_owned())
}

/// Who reviews: Party members and residents (群众) are counted separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ReviewerGroup {
    Member,
    Resident,
}

impl ReviewerGroup {
    pub const ALL: [ReviewerGroup; 2] = [ReviewerGroup::Member, ReviewerGroup::Resident];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewerGroup::Member => "member",
            ReviewerGroup::Resident => "resident",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == text)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ReviewerGroup::Member => "党员",
            ReviewerGroup::Resident => "群众",
        }
    }
}

/// What one ballot sheet says about one branch. A sheet with no box ticked, or two, is an
/// invalid vote for that branch: it is counted as invalid, never dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Mark {
    /// 满意
    Satisfied,
    /// 基本满意
    FairlySatisfied,
    /// 不满意
    Dissatisfied,
    /// No box ticked.
    NoRating,
    /// Two or more boxes ticked.
    TwoRatings,
}

impl Mark {
    pub const ALL: [Mark; 5] = [
        Mark::Satisfied,
        Mark::FairlySatisfied,
        Mark::Dissatisfied,
        Mark::NoRating,
        Mark::TwoRatings,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Satisfied => "satisfied",
            Mark::FairlySatisfied => "fairlySatisfied",
            Mark::Dissatisfied => "dissatisfied",
            Mark::NoRating => "noRating",
            Mark::TwoRatings => "twoRatings",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }

    pub fn is_valid(self) -> bool {
        matches!(
            self,
            Mark::Satisfied | Mark::FairlySatisfied | Mark::Dissatisfied
        )
    }
}

/// One branch's mark on a sheet, with the reviewer's optional comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BallotMark {
    pub branch_id: String,
    pub mark: Mark,
    pub comment: String,
}

/// A ballot sheet as entered from paper: the reviewer's group and a mark for each branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BallotDraft {
    pub group: ReviewerGroup,
    pub marks: Vec<BallotMark>,
}

/// A stored ballot sheet; `sheet_no` numbers the sheets of a review in entry order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Ballot {
    pub id: String,
    pub review_id: String,
    pub sheet_no: u32,
    pub group: ReviewerGroup,
    /// One per branch of the review, in the review's branch order.
    pub marks: Vec<BallotMark>,
}

impl BallotDraft {
    /// Checks a sheet against the review's branches (in order): a mark for a branch outside
    /// them is `BranchNotInReview`, a branch marked twice is invalid, and a branch left out of
    /// the sheet gets `NoRating` (the sheet was cast, that branch not rated). Comments trimmed.
    pub fn validated(self, branch_ids: &[String]) -> Result<BallotDraft> {
        let mut errors: Vec<FieldError> = Vec::new();
        for (i, mark) in self.marks.iter().enumerate() {
            if !branch_ids.contains(&mark.branch_id) {
                return Err(Error::BranchNotInReview {
                    branch: mark.branch_id.clone(),
                });
            }
            if self.marks[..i]
                .iter()
                .any(|m| m.branch_id == mark.branch_id)
            {
                errors.push(FieldError {
                    field: format!("marks.{}", mark.branch_id),
                    rule: FieldRule::BadChoice,
                });
            }
            if mark.comment.trim().chars().count() > MAX_COMMENT_CHARS {
                errors.push(FieldError {
                    field: format!("marks.{}.comment", mark.branch_id),
                    rule: FieldRule::TooLong,
                });
            }
        }
        let marks = branch_ids
            .iter()
            .map(|id| {
                self.marks
                    .iter()
                    .find(|m| &m.branch_id == id)
                    .map(|m| BallotMark {
                        branch_id: id.clone(),
                        mark: m.mark,
                        comment: m.comment.trim().to_owned(),
                    })
                    .unwrap_or(BallotMark {
                        branch_id: id.clone(),
                        mark: Mark::NoRating,
                        comment: String::new(),
                    })
            })
            .collect();
        crate::error::valid(
            BallotDraft {
                group: self.group,
                marks,
            },
            errors,
        )
    }
}

/// Where a rectification item (整改事项) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ItemStatus {
    Open,
    Done,
}

impl ItemStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Open => "open",
            ItemStatus::Done => "done",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [ItemStatus::Open, ItemStatus::Done]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A rectification item the committee assigns to a branch; the next quarter's fact sheet
/// shows where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RectificationItem {
    pub id: String,
    pub review_id: String,
    pub branch_id: String,
    pub what: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub status: ItemStatus,
    pub done_on: Option<NaiveDate>,
    pub note: String,
}

/// What the committee enters for a rectification item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ItemDraft {
    pub branch_id: String,
    pub what: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub status: ItemStatus,
    pub done_on: Option<NaiveDate>,
    pub note: String,
}

impl ItemDraft {
    /// Trims and checks: what and owner required; done needs a date, not in the future.
    pub fn validated(mut self, today: NaiveDate) -> Result<ItemDraft> {
        self.what = self.what.trim().to_owned();
        self.owner = self.owner.trim().to_owned();
        self.note = self.note.trim().to_owned();
        let mut errors = Vec::new();
        let mut fail = |field: &str, rule| {
            errors.push(FieldError {
                field: field.into(),
                rule,
            })
        };
        for (name, text) in [("what", &self.what), ("owner", &self.owner)] {
            if text.is_empty() {
                fail(name, FieldRule::Required);
            } else if text.chars().count() > MAX_ITEM_TEXT_CHARS {
                fail(name, FieldRule::TooLong);
            }
        }
        if self.note.chars().count() > MAX_COMMENT_CHARS {
            fail("note", FieldRule::TooLong);
        }
        match (self.status, self.done_on) {
            (ItemStatus::Done, None) => fail("doneOn", FieldRule::Required),
            (ItemStatus::Done, Some(d)) if d > today => fail("doneOn", FieldRule::Future),
            (ItemStatus::Open, _) => self.done_on = None,
            _ => {}
        }
        crate::error::valid(self, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_goes_forward_and_back_only_where_allowed() {
        use ReviewState::*;
        use Transition::*;
        assert_eq!(apply(Draft, StartCollecting).unwrap(), Collecting);
        assert_eq!(apply(Collecting, Tally).unwrap(), Tallied);
        assert_eq!(apply(Tallied, ResumeCollecting).unwrap(), Collecting);
        assert_eq!(apply(Tallied, Finalise).unwrap(), Finalised);
        assert_eq!(apply(Finalised, Reopen).unwrap(), Tallied);
    }

    #[test]
    fn every_other_transition_is_refused() {
        let allowed = [
            (ReviewState::Draft, Transition::StartCollecting),
            (ReviewState::Collecting, Transition::Tally),
            (ReviewState::Tallied, Transition::ResumeCollecting),
            (ReviewState::Tallied, Transition::Finalise),
            (ReviewState::Finalised, Transition::Reopen),
        ];
        let all = [
            Transition::StartCollecting,
            Transition::Tally,
            Transition::ResumeCollecting,
            Transition::Finalise,
            Transition::Reopen,
        ];
        let mut refused = 0;
        for state in ReviewState::ALL {
            for t in all {
                if allowed.contains(&(state, t)) {
                    continue;
                }
                refused += 1;
                let err = apply(state, t).unwrap_err();
                if state == ReviewState::Finalised {
                    assert!(
                        matches!(err, Error::ReviewLocked),
                        "{state:?} {t:?}: {err:?}"
                    );
                } else {
                    assert!(
                        matches!(err, Error::ReviewTransition { from, .. } if from == state.as_str()),
                        "{state:?} {t:?}: {err:?}"
                    );
                }
            }
        }
        assert_eq!(refused, 15, "20 pairs, 5 allowed");
    }

    #[test]
    fn edits_follow_the_state() {
        use ReviewState::*;
        assert!(check_edit(Draft, Edit::Reviewers).is_ok());
        assert!(
            check_edit(Draft, Edit::Ballots).is_err(),
            "start collecting first"
        );
        assert!(check_edit(Collecting, Edit::Ballots).is_ok());
        assert!(
            check_edit(Tallied, Edit::Ballots).is_err(),
            "resume collecting first"
        );
        assert!(check_edit(Tallied, Edit::Rectification).is_ok());
        assert!(check_edit(Tallied, Edit::Settings).is_err());
        for edit in [
            Edit::Reviewers,
            Edit::Ballots,
            Edit::Settings,
            Edit::Facts,
            Edit::Rectification,
        ] {
            assert!(
                matches!(check_edit(Finalised, edit), Err(Error::ReviewLocked)),
                "finalised refuses {edit:?}"
            );
        }
        assert!(
            check_edit(Finalised, Edit::FollowUp).is_ok(),
            "an item's follow-up goes on after finalisation"
        );
    }

    #[test]
    fn reopening_needs_a_reason() {
        assert!(matches!(reopen_reason("  "), Err(Error::Invalid(_))));
        assert_eq!(reopen_reason(" 漏录选票 ").unwrap(), "漏录选票");
    }

    fn mark(branch: &str, mark: Mark) -> BallotMark {
        BallotMark {
            branch_id: branch.into(),
            mark,
            comment: String::new(),
        }
    }

    #[test]
    fn a_sheet_covers_every_branch_and_only_those() {
        let branches = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        let sheet = BallotDraft {
            group: ReviewerGroup::Resident,
            marks: vec![mark("c", Mark::Dissatisfied), mark("a", Mark::Satisfied)],
        }
        .validated(&branches)
        .unwrap();
        let marks: Vec<_> = sheet
            .marks
            .iter()
            .map(|m| (m.branch_id.as_str(), m.mark))
            .collect();
        assert_eq!(
            marks,
            [
                ("a", Mark::Satisfied),
                ("b", Mark::NoRating),
                ("c", Mark::Dissatisfied)
            ],
            "in branch order; a branch left out is an unrated (invalid) vote"
        );
        let outsider = BallotDraft {
            group: ReviewerGroup::Member,
            marks: vec![mark("x", Mark::Satisfied)],
        }
        .validated(&branches)
        .unwrap_err();
        assert!(matches!(outsider, Error::BranchNotInReview { ref branch } if branch == "x"));
        let twice = BallotDraft {
            group: ReviewerGroup::Member,
            marks: vec![mark("a", Mark::Satisfied), mark("a", Mark::Dissatisfied)],
        }
        .validated(&branches)
        .unwrap_err();
        assert!(matches!(twice, Error::Invalid(_)), "{twice:?}");
    }

    #[test]
    fn comments_stay_with_their_branch_trimmed_and_bounded() {
        let branches = vec!["a".to_owned(), "b".to_owned()];
        let noted = |branch: &str, comment: &str| BallotMark {
            comment: comment.into(),
            ..mark(branch, Mark::Satisfied)
        };
        let sheet = BallotDraft {
            group: ReviewerGroup::Resident,
            marks: vec![noted("b", "  路灯该修了 "), noted("a", "")],
        }
        .validated(&branches)
        .unwrap();
        let comments: Vec<_> = sheet.marks.iter().map(|m| m.comment.as_str()).collect();
        assert_eq!(comments, ["", "路灯该修了"], "in branch order, trimmed");
        let long = BallotDraft {
            group: ReviewerGroup::Resident,
            marks: vec![noted("a", &"意".repeat(MAX_COMMENT_CHARS + 1))],
        }
        .validated(&branches)
        .unwrap_err();
        assert!(
            matches!(long, Error::Invalid(ref f) if f[0].field == "marks.a.comment"
                && f[0].rule == FieldRule::TooLong),
            "{long:?}"
        );
        let at_limit = BallotDraft {
            group: ReviewerGroup::Resident,
            marks: vec![noted("a", &format!(" {} ", "意".repeat(MAX_COMMENT_CHARS)))],
        };
        assert!(at_limit.validated(&branches).is_ok(), "spaces do not count");
    }

    #[test]
    fn a_done_item_needs_a_date() {
        let today = NaiveDate::from_ymd_opt(2025, 7, 10).unwrap();
        let draft = ItemDraft {
            branch_id: "a".into(),
            what: " 补齐三步走记录 ".into(),
            owner: "王书记".into(),
            due_on: NaiveDate::from_ymd_opt(2025, 8, 31).unwrap(),
            status: ItemStatus::Done,
            done_on: None,
            note: String::new(),
        };
        assert!(
            matches!(draft.clone().validated(today), Err(Error::Invalid(ref f)) if f[0].field == "doneOn")
        );
        let open = ItemDraft {
            status: ItemStatus::Open,
            done_on: Some(today),
            ..draft
        }
        .validated(today)
        .unwrap();
        assert_eq!(open.what, "补齐三步走记录");
        assert_eq!(open.done_on, None);
    }
}
