//! The organisation register: towns, communities, service-type branches, members and the
//! three committee seats of a branch. Types here cross IPC (exported with ts-rs); the rules
//! that check a member or a committee are pure functions so they run without a database.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, FieldError, FieldRule, Result};

/// Longest name, in characters, the register keeps for a person, branch or community.
pub const MAX_NAME_CHARS: usize = 30;
/// Longest free text (specialty, note) in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// Party members are at least 18 when they join.
pub const MIN_JOIN_AGE: i32 = 18;
pub const EARLIEST_BIRTH_YEAR: i32 = 1900;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Town {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Community {
    pub id: String,
    pub town_id: String,
    pub name: String,
    /// The community Party committee (社区党委 / 党总支) over its branches.
    pub committee_name: String,
}

/// What a service-type branch is set up by (按产业、技能、年龄).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BranchBasis {
    Trade,
    Skill,
    Age,
    Other,
}

impl BranchBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            BranchBasis::Trade => "trade",
            BranchBasis::Skill => "skill",
            BranchBasis::Age => "age",
            BranchBasis::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Trade, Self::Skill, Self::Age, Self::Other]
            .into_iter()
            .find(|b| b.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Branch {
    pub id: String,
    pub community_id: String,
    pub name: String,
    pub basis: BranchBasis,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "male" => Some(Gender::Male),
            "female" => Some(Gender::Female),
            _ => None,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

/// The three committee seats (支部成员) every branch has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CommitteeRole {
    /// 支部书记
    Secretary,
    /// 组织委员
    Organising,
    /// 宣传委员
    Publicity,
}

impl CommitteeRole {
    pub const ALL: [CommitteeRole; 3] = [
        CommitteeRole::Secretary,
        CommitteeRole::Organising,
        CommitteeRole::Publicity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommitteeRole::Secretary => "secretary",
            CommitteeRole::Organising => "organising",
            CommitteeRole::Publicity => "publicity",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            CommitteeRole::Secretary => "支部书记",
            CommitteeRole::Organising => "组织委员",
            CommitteeRole::Publicity => "宣传委员",
        }
    }
}

/// A Party member as the register shows it, with where they belong and the seat they hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Member {
    pub id: String,
    pub branch_id: String,
    pub branch_name: String,
    pub community_name: String,
    pub name: String,
    pub gender: Gender,
    pub birth_year: i32,
    pub phone: String,
    pub specialty: String,
    pub joined_on: Option<NaiveDate>,
    /// 有能力的党员: can lead production; counts for the "X" teams.
    pub capable: bool,
    pub archived_on: Option<NaiveDate>,
    pub seat: Option<CommitteeRole>,
}

impl Member {
    /// The member as the edit form starts from it.
    pub fn draft(&self) -> MemberDraft {
        MemberDraft {
            branch_id: self.branch_id.clone(),
            name: self.name.clone(),
            gender: self.gender,
            birth_year: self.birth_year,
            phone: self.phone.clone(),
            specialty: self.specialty.clone(),
            joined_on: self.joined_on,
            capable: self.capable,
        }
    }
}

/// What a user enters to add or edit a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MemberDraft {
    pub branch_id: String,
    pub name: String,
    pub gender: Gender,
    pub birth_year: i32,
    pub phone: String,
    pub specialty: String,
    pub joined_on: Option<NaiveDate>,
    pub capable: bool,
}

impl MemberDraft {
    /// Trims the text fields and checks every rule, reporting all failing fields at once so
    /// the form can mark each of them.
    pub fn validated(mut self, today: NaiveDate) -> Result<Self> {
        self.name = self.name.trim().to_owned();
        self.phone = normalise_phone(&self.phone);
        self.specialty = self.specialty.trim().to_owned();
        let mut errors = Vec::new();
        let mut fail = |field: &str, rule| {
            errors.push(FieldError {
                field: field.to_owned(),
                rule,
            });
        };
        if self.name.is_empty() {
            fail("name", FieldRule::Required);
        } else if self.name.chars().count() > MAX_NAME_CHARS {
            fail("name", FieldRule::TooLong);
        } else if has_bad_characters(&self.name) {
            fail("name", FieldRule::BadCharacters);
        }
        if has_bad_characters(&self.specialty) {
            fail("specialty", FieldRule::BadCharacters);
        }
        if !is_plausible_birth_year(self.birth_year, today) {
            fail("birthYear", FieldRule::BadYear);
        }
        if !self.phone.is_empty() && !is_valid_phone(&self.phone) {
            fail("phone", FieldRule::BadPhone);
        }
        if self.specialty.chars().count() > MAX_TEXT_CHARS {
            fail("specialty", FieldRule::TooLong);
        }
        if let Some(joined) = self.joined_on {
            if joined > today {
                fail("joinedOn", FieldRule::Future);
            } else if joined.year() < self.birth_year + MIN_JOIN_AGE {
                fail("joinedOn", FieldRule::BadDate);
            }
        }
        if self.branch_id.trim().is_empty() {
            fail("branchId", FieldRule::Required);
        }
        crate::error::valid(self, errors)
    }
}

/// A member must have been at least 18 by this year, and born after 1900.
pub fn is_plausible_birth_year(year: i32, today: NaiveDate) -> bool {
    (EARLIEST_BIRTH_YEAR..=today.year() - MIN_JOIN_AGE).contains(&year)
}

/// Drops spaces and dashes people type into phone numbers, keeping the digits.
pub fn normalise_phone(text: &str) -> String {
    let trimmed = text.trim();
    if trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
    {
        trimmed.chars().filter(|c| c.is_ascii_digit()).collect()
    } else {
        trimmed.to_owned()
    }
}

/// A mainland mobile number (11 digits starting 13–19) or a landline with its area code
/// (0 + 2–3 digits, then 7–8 digits), after `normalise_phone`.
pub fn is_valid_phone(digits: &str) -> bool {
    let bytes = digits.as_bytes();
    if !bytes.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mobile = bytes.len() == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]);
    let landline = (10..=12).contains(&bytes.len()) && bytes[0] == b'0' && bytes[1] != b'0';
    mobile || landline
}

/// Characters no name or short text may hold: control characters and the bidirectional
/// embeddings, overrides and isolates that make a text display as something else.
pub fn has_bad_characters(text: &str) -> bool {
    text.chars().any(is_bad_character)
}

/// One character of `has_bad_characters`.
pub fn is_bad_character(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// How many letters of a text from a file an error message repeats.
pub const SHOWN_CHARS: usize = 200;

/// A text from a file as an error message or a terminal shows it: each character of
/// `has_bad_characters` as �, so nothing can move the cursor or reverse the line, and at most
/// `SHOWN_CHARS` letters (then …).
pub fn shown_text(text: &str) -> String {
    let mut shown: String = text
        .chars()
        .take(SHOWN_CHARS)
        .map(|c| if is_bad_character(c) { '\u{FFFD}' } else { c })
        .collect();
    if text.chars().nth(SHOWN_CHARS).is_some() {
        shown.push('…');
    }
    shown
}

/// Checks a name field of the register (town, community, branch).
pub fn validated_name(field: &str, text: &str) -> Result<String> {
    let name = text.trim();
    if name.is_empty() {
        return Err(Error::invalid(field, FieldRule::Required));
    }
    if has_bad_characters(name) {
        return Err(Error::invalid(field, FieldRule::BadCharacters));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(field, FieldRule::TooLong));
    }
    Ok(name.to_owned())
}

/// One seat of a branch committee and who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SeatAssignment {
    pub role: CommitteeRole,
    pub member_id: String,
}

/// Checks a proposed committee against the branch's members: at most the three seats, each
/// role once, each member once, every holder an active member of this branch.
/// Seats left out stay vacant.
pub fn check_committee(
    seats: &[SeatAssignment],
    branch_id: &str,
    members: &[Member],
) -> Result<()> {
    let roles_distinct = CommitteeRole::ALL
        .iter()
        .all(|role| seats.iter().filter(|s| s.role == *role).count() <= 1);
    if seats.len() > CommitteeRole::ALL.len() || !roles_distinct {
        return Err(Error::SeatCount(seats.len()));
    }
    for (i, seat) in seats.iter().enumerate() {
        if seats[..i].iter().any(|s| s.member_id == seat.member_id) {
            return Err(Error::SeatTwice {
                member: seat.member_id.clone(),
            });
        }
        let member = members
            .iter()
            .find(|m| m.id == seat.member_id)
            .ok_or_else(|| Error::NotFound {
                what: "member",
                id: seat.member_id.clone(),
            })?;
        if member.branch_id != branch_id {
            return Err(Error::SeatOtherBranch {
                member: member.name.clone(),
            });
        }
        if member.archived_on.is_some() {
            return Err(Error::SeatArchivedMember {
                member: member.name.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn draft() -> MemberDraft {
        MemberDraft {
            branch_id: "b1".into(),
            name: " 张桂兰 ".into(),
            gender: Gender::Female,
            birth_year: 1968,
            phone: "138 0536 1234".into(),
            specialty: "蔬菜大棚".into(),
            joined_on: NaiveDate::from_ymd_opt(1995, 7, 1),
            capable: true,
        }
    }

    fn rules(err: Error) -> Vec<(String, FieldRule)> {
        match err {
            Error::Invalid(fields) => fields.into_iter().map(|f| (f.field, f.rule)).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_good_draft_is_trimmed_and_kept() {
        let ok = draft().validated(today()).unwrap();
        assert_eq!(ok.name, "张桂兰");
        assert_eq!(
            ok.phone, "13805361234",
            "spaces in a phone number are dropped"
        );
    }

    #[test]
    fn every_failing_field_is_reported() {
        let bad = MemberDraft {
            name: "  ".into(),
            phone: "12345".into(),
            birth_year: 2020,
            ..draft()
        };
        let found = rules(bad.validated(today()).unwrap_err());
        assert!(found.contains(&("name".into(), FieldRule::Required)));
        assert!(found.contains(&("phone".into(), FieldRule::BadPhone)));
        assert!(found.contains(&("birthYear".into(), FieldRule::BadYear)));
    }

    #[test]
    fn joining_before_eighteen_or_in_the_future_is_refused() {
        let early = MemberDraft {
            joined_on: NaiveDate::from_ymd_opt(1975, 1, 1),
            ..draft()
        };
        assert_eq!(
            rules(early.validated(today()).unwrap_err()),
            [("joinedOn".into(), FieldRule::BadDate)]
        );
        let future = MemberDraft {
            joined_on: NaiveDate::from_ymd_opt(2027, 1, 1),
            ..draft()
        };
        assert_eq!(
            rules(future.validated(today()).unwrap_err()),
            [("joinedOn".into(), FieldRule::Future)]
        );
    }

    #[test]
    fn phones_mobile_and_landline() {
        assert!(is_valid_phone("13805361234"));
        assert!(is_valid_phone(&normalise_phone("0536-6012345")));
        assert!(!is_valid_phone("12805361234"), "mobile numbers start 13-19");
        assert!(
            !is_valid_phone("1380536123"),
            "ten digits is not a mobile number"
        );
        assert!(!is_valid_phone("abc"));
    }

    #[test]
    fn names_with_control_or_direction_characters_are_refused() {
        for bad in ["王\u{1b}[31m五", "王\u{202e}五", "王\n五", "\u{2066}王五"] {
            assert!(has_bad_characters(bad), "{bad:?}");
            assert!(
                validated_name("name", bad).is_err(),
                "a register name like {bad:?} is refused"
            );
            let member = MemberDraft {
                name: bad.to_owned(),
                ..draft()
            };
            let Err(Error::Invalid(fields)) = member.validated(today()) else {
                panic!("{bad:?} accepted");
            };
            assert_eq!(fields[0].rule, FieldRule::BadCharacters);
        }
        assert!(!has_bad_characters("王 五·阿依古丽"));
    }

    #[test]
    fn a_text_from_a_file_is_shown_harmless_and_cut() {
        assert_eq!(
            shown_text("张\u{1b}[2J三\u{202E}"),
            "张\u{FFFD}[2J三\u{FFFD}"
        );
        let long = "名".repeat(SHOWN_CHARS + 5);
        let shown = shown_text(&long);
        assert_eq!(shown.chars().count(), SHOWN_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(
            shown_text(&"名".repeat(SHOWN_CHARS)),
            "名".repeat(SHOWN_CHARS)
        );
    }
}
