//! The branch's ledgers: suggestions (意见建议) collected and residents' problems (难题) the
//! branch helped solve, each with its handling status. Pure types and transition rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{valid, FieldError, FieldRule, Result};

pub const MAX_LEDGER_TEXT_CHARS: usize = 1000;

/// Who raised a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SuggestionSource {
    Member,
    Resident,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SuggestionStatus {
    Received,
    Answered,
    Adopted,
    /// Passed up to the community committee.
    PassedUp,
}

impl SuggestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionStatus::Received => "received",
            SuggestionStatus::Answered => "answered",
            SuggestionStatus::Adopted => "adopted",
            SuggestionStatus::PassedUp => "passedUp",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Received,
            Self::Answered,
            Self::Adopted,
            Self::PassedUp,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// Received → answered / adopted / passed up; an answered one may still be adopted or
    /// passed up. Adopted and passed up are final. Staying put (an edit) is always allowed.
    pub fn can_become(self, next: SuggestionStatus) -> bool {
        use SuggestionStatus::*;
        self == next
            || matches!(
                (self, next),
                (Received, Answered | Adopted | PassedUp) | (Answered, Adopted | PassedUp)
            )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Suggestion {
    pub id: String,
    pub branch_id: String,
    /// The activity it was captured at, if any.
    pub activity_id: Option<String>,
    pub text: String,
    pub source: SuggestionSource,
    pub source_name: String,
    pub received_on: NaiveDate,
    pub category: String,
    pub status: SuggestionStatus,
    pub response: String,
}

impl Suggestion {
    /// Trims and checks: text required; a response when answered or adopted; not in the future.
    pub fn validated(mut self, today: NaiveDate) -> Result<Self> {
        self.text = self.text.trim().to_owned();
        self.source_name = self.source_name.trim().to_owned();
        self.category = self.category.trim().to_owned();
        self.response = self.response.trim().to_owned();
        let mut errors = Vec::new();
        require_text(&mut errors, "text", &self.text);
        if self.received_on > today {
            errors.push(field("receivedOn", FieldRule::Future));
        }
        let needs_response = matches!(
            self.status,
            SuggestionStatus::Answered | SuggestionStatus::Adopted
        );
        if needs_response && self.response.is_empty() {
            errors.push(field("response", FieldRule::Required));
        }
        if self.response.chars().count() > MAX_LEDGER_TEXT_CHARS {
            errors.push(field("response", FieldRule::TooLong));
        }
        valid(self, errors)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ProblemStatus {
    Open,
    Solved,
    PassedUp,
}

impl ProblemStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemStatus::Open => "open",
            ProblemStatus::Solved => "solved",
            ProblemStatus::PassedUp => "passedUp",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Open, Self::Solved, Self::PassedUp]
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    /// Open → solved / passed up; a passed-up problem may come back solved. Solved is final.
    pub fn can_become(self, next: ProblemStatus) -> bool {
        use ProblemStatus::*;
        self == next || matches!((self, next), (Open, Solved | PassedUp) | (PassedUp, Solved))
    }
}

/// A resident's production or daily-life problem (难题) the branch helped with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Problem {
    pub id: String,
    pub branch_id: String,
    pub activity_id: Option<String>,
    /// Whose problem (a resident's name or household).
    pub person: String,
    pub description: String,
    pub raised_on: NaiveDate,
    /// How the branch helped.
    pub help: String,
    pub status: ProblemStatus,
    pub solved_on: Option<NaiveDate>,
}

impl Problem {
    /// Trims and checks: whose and what required; solved needs how it was helped and a date on
    /// or after it was raised, not in the future.
    pub fn validated(mut self, today: NaiveDate) -> Result<Self> {
        self.person = self.person.trim().to_owned();
        self.description = self.description.trim().to_owned();
        self.help = self.help.trim().to_owned();
        let mut errors = Vec::new();
        require_text(&mut errors, "person", &self.person);
        require_text(&mut errors, "description", &self.description);
        if self.raised_on > today {
            errors.push(field("raisedOn", FieldRule::Future));
        }
        if self.status == ProblemStatus::Solved {
            if self.help.is_empty() {
                errors.push(field("help", FieldRule::Required));
            }
            match self.solved_on {
                None => errors.push(field("solvedOn", FieldRule::Required)),
                Some(d) if d > today => errors.push(field("solvedOn", FieldRule::Future)),
                Some(d) if d < self.raised_on => errors.push(field("solvedOn", FieldRule::BadDate)),
                Some(_) => {}
            }
        } else {
            self.solved_on = None;
        }
        valid(self, errors)
    }
}

fn field(name: &str, rule: FieldRule) -> FieldError {
    FieldError {
        field: name.to_owned(),
        rule,
    }
}

fn require_text(errors: &mut Vec<FieldError>, name: &str, text: &str) {
    if text.is_empty() {
        errors.push(field(name, FieldRule::Required));
    } else if text.chars().count() > MAX_LEDGER_TEXT_CHARS {
        errors.push(field(name, FieldRule::TooLong));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, d).unwrap()
    }

    fn suggestion(status: SuggestionStatus, response: &str) -> Suggestion {
        Suggestion {
            id: "s".into(),
            branch_id: "b".into(),
            activity_id: None,
            text: "建议村里修一条机耕路".into(),
            source: SuggestionSource::Resident,
            source_name: "王大爷".into(),
            received_on: day(10),
            category: "基础设施".into(),
            status,
            response: response.into(),
        }
    }

    #[test]
    fn suggestion_statuses_move_forward_only() {
        use SuggestionStatus::*;
        assert!(Received.can_become(Answered));
        assert!(Answered.can_become(Adopted));
        assert!(!Adopted.can_become(Received));
        assert!(!PassedUp.can_become(Answered));
        assert!(
            Adopted.can_become(Adopted),
            "editing a final entry keeps its status"
        );
    }

    #[test]
    fn an_answer_needs_a_response() {
        assert!(suggestion(SuggestionStatus::Received, "")
            .validated(day(11))
            .is_ok());
        let err = suggestion(SuggestionStatus::Answered, " ")
            .validated(day(11))
            .unwrap_err();
        assert!(
            matches!(err, Error::Invalid(ref f) if f[0].field == "response"),
            "{err:?}"
        );
        let future = suggestion(SuggestionStatus::Received, "")
            .validated(day(9))
            .unwrap_err();
        assert!(matches!(future, Error::Invalid(ref f) if f[0].field == "receivedOn"));
    }

    #[test]
    fn a_solved_problem_needs_help_and_a_sensible_date() {
        let problem = Problem {
            id: "p".into(),
            branch_id: "b".into(),
            activity_id: None,
            person: "李桂兰家".into(),
            description: "大棚滴灌坏了".into(),
            raised_on: day(5),
            help: String::new(),
            status: ProblemStatus::Solved,
            solved_on: Some(day(4)),
        };
        let Err(Error::Invalid(fields)) = problem.clone().validated(day(20)) else {
            panic!("expected field errors");
        };
        let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["help", "solvedOn"]);
        let fixed = Problem {
            help: "党员技术员上门维修".into(),
            solved_on: Some(day(8)),
            ..problem
        };
        assert!(fixed.clone().validated(day(20)).is_ok());
        let open = Problem {
            status: ProblemStatus::Open,
            ..fixed
        };
        assert_eq!(
            open.validated(day(20)).unwrap().solved_on,
            None,
            "an open problem has no date"
        );
        assert!(ProblemStatus::PassedUp.can_become(ProblemStatus::Solved));
        assert!(!ProblemStatus::Solved.can_become(ProblemStatus::Open));
    }
}
