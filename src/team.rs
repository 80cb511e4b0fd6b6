//! Teams (组团) of capable members, the "X" of "3+X": each year a branch's capable members form
//! teams of 5 to 8, and each team creates at least one demonstration point that year.
//! The check of a proposed team and the "suggest teams" partition are pure.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity_week::check_year;
use crate::demo_point::distinct_ids;
use crate::error::{Error, FieldError, FieldRule, Result};
use crate::org::{Member, MAX_NAME_CHARS};

/// Fewest members of a team.
pub const MIN_TEAM_SIZE: usize = 5;
/// Most members of a team.
pub const MAX_TEAM_SIZE: usize = 8;

/// The fewest teams of 5 to 8 that can hold `capable` members: none below 5, otherwise
/// `ceil(n / 8)`, but never more than `floor(n / 5)` (9 members: one team, one left out).
/// This is "X"'s yardstick: a branch must form at least this many teams a year.
pub fn teams_needed(capable: usize) -> usize {
    if capable < MIN_TEAM_SIZE {
        0
    } else {
        capable.div_ceil(MAX_TEAM_SIZE).min(capable / MIN_TEAM_SIZE)
    }
}

/// Whether `size` members make a team of the allowed size.
pub fn team_size_ok(size: usize) -> bool {
    (MIN_TEAM_SIZE..=MAX_TEAM_SIZE).contains(&size)
}

/// A team of a branch's capable members for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Team {
    pub id: String,
    pub branch_id: String,
    pub year: i32,
    pub name: String,
    pub member_ids: Vec<String>,
}

impl Team {
    /// The team as its form would hold it, for checking with the form's rules.
    pub fn draft(&self) -> TeamDraft {
        TeamDraft {
            branch_id: self.branch_id.clone(),
            year: self.year,
            name: self.name.clone(),
            member_ids: self.member_ids.clone(),
        }
    }
}

/// What a secretary enters to form or edit a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamDraft {
    pub branch_id: String,
    pub year: i32,
    pub name: String,
    pub member_ids: Vec<String>,
}

impl TeamDraft {
    /// Trims the text, drops blank and repeated member ids, and checks the fields
    /// (`branchId`, `year`, `name`). The members themselves are checked by `check_team`.
    pub fn validated(mut self) -> Result<Self> {
        self.branch_id = self.branch_id.trim().to_owned();
        self.name = self.name.trim().to_owned();
        self.member_ids = distinct_ids(&self.member_ids);
        let mut errors = Vec::new();
        let mut fail = |field: &str, rule| {
            errors.push(FieldError {
                field: field.to_owned(),
                rule,
            })
        };
        if self.branch_id.is_empty() {
            fail("branchId", FieldRule::Required);
        }
        if check_year(self.year).is_err() {
            fail("year", FieldRule::BadYear);
        }
        if self.name.is_empty() {
            fail("name", FieldRule::Required);
        } else if self.name.chars().count() > MAX_NAME_CHARS {
            fail("name", FieldRule::TooLong);
        }
        crate::error::valid(self, errors)
    }

    /// The team this draft becomes under `id` (call on a validated draft).
    pub fn into_team(self, id: String) -> Team {
        Team {
            id,
            branch_id: self.branch_id,
            year: self.year,
            name: self.name,
            member_ids: self.member_ids,
        }
    }
}

/// Checks a team against the register and the other teams: 5 to 8 distinct members
/// (`Error::TeamSize`), each an active capable member (`TeamMemberNotCapable`) of the team's
/// branch (`TeamMemberOtherBranch`, or `NotFound` for an unknown id), and in no other team of
/// that branch and year (`TeamMemberTaken`). `teams` may hold any teams: only those of the same
/// branch and year with another id are compared, so pass the edited team with its own id.
/// Errors name members by their name.
pub fn check_team(team: &Team, members: &[Member], teams: &[Team]) -> Result<()> {
    let distinct: HashSet<&str> = team.member_ids.iter().map(String::as_str).collect();
    if distinct.len() != team.member_ids.len() {
        return Err(Error::invalid("memberIds", FieldRule::BadChoice));
    }
    let size = team.member_ids.len();
    if !team_size_ok(size) {
        return Err(Error::TeamSize { size });
    }
    let others: Vec<&Team> = teams
        .iter()
        .filter(|t| t.branch_id == team.branch_id && t.year == team.year && t.id != team.id)
        .collect();
    for id in &team.member_ids {
        let member = members
            .iter()
            .find(|m| m.id == *id)
            .ok_or_else(|| Error::NotFound {
                what: "member",
                id: id.clone(),
            })?;
        if member.branch_id != team.branch_id {
            return Err(Error::TeamMemberOtherBranch {
                member: member.name.clone(),
            });
        }
        if !member.capable || member.archived_on.is_some() {
            return Err(Error::TeamMemberNotCapable {
                member: member.name.clone(),
            });
        }
        if let Some(other) = others.iter().find(|t| t.member_ids.contains(id)) {
            return Err(Error::TeamMemberTaken {
                member: member.name.clone(),
                team: other.name.clone(),
            });
        }
    }
    Ok(())
}

/// Why the team rule asks nothing, or why the teams there are fall short of it; for the board
/// and the suggestion to say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TeamNote {
    /// Fewer than 5 capable members: no team can be formed and "X" asks for nothing.
    FewerThanFive { capable: u32 },
    /// Enough capable members, but no team has been formed for the year yet.
    NoTeams { capable: u32 },
    /// Some teams formed, but fewer than the capable members need (`teams_needed`).
    TooFewTeams {
        capable: u32,
        needed: u32,
        formed: u32,
    },
}

/// One proposed team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SuggestedTeam {
    pub member_ids: Vec<String>,
    /// The most common specialty in the team (the first in sort order on a tie), as a hint for
    /// its name; empty when nobody in it gave one.
    pub specialty: String,
}

/// "Suggest teams": a partition for the secretary to adjust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamSuggestion {
    pub teams: Vec<SuggestedTeam>,
    /// Capable members no team could take (all of them with fewer than 5; one of 9).
    pub left_out: Vec<String>,
    /// Set when no team can be formed.
    pub note: Option<TeamNote>,
}

/// Partitions a branch's capable members into teams of 5 to 8, grouped by specialty.
///
/// Members who are not capable or archived are ignored. The rule, deterministic:
/// - **How many teams**: `teams_needed(n)`, the fewest that hold everybody, `ceil(n / 8)`.
///   Every n ≥ 10 fits that way; 5–8 make one team; with 9 one team of 8 is formed and one
///   member is left out (two teams would need 10); below 5 there is no team and `note` says so.
/// - **Who goes where**: members are sorted by specialty (trimmed, case-folded, blank last;
///   similar specialties such as "蔬菜大棚" and "蔬菜种植" sort next to each other), then name,
///   then id, and the sorted list is cut into consecutive teams of 5–8 that split the fewest
///   specialties over several teams; among equally good cuts, the most even sizes (13 → 7+6,
///   17 → 6+6+5, 40 → 5×8), larger teams first. So 8 vegetable growers and 5 pig farmers make
///   teams of 8 and 5 rather than 7 and 6. The member left out of 9 is the one whose leaving
///   splits the fewest specialties, the last in sort order on a tie.
pub fn suggest_teams(capable: &[Member]) -> TeamSuggestion {
    let mut pool: Vec<(String, &Member)> = capable
        .iter()
        .filter(|m| m.capable && m.archived_on.is_none())
        .map(|m| (m.specialty.trim().to_lowercase(), m))
        .collect();
    pool.sort_by(|(a, ma), (b, mb)| {
        (a.is_empty(), a, &ma.name, &ma.id).cmp(&(b.is_empty(), b, &mb.name, &mb.id))
    });
    let n = pool.len();
    if n < MIN_TEAM_SIZE {
        return TeamSuggestion {
            teams: Vec::new(),
            left_out: pool.iter().map(|(_, m)| m.id.clone()).collect(),
            note: Some(TeamNote::FewerThanFive { capable: n as u32 }),
        };
    }
    let teams = teams_needed(n);
    let mut left_out = Vec::new();
    while pool.len() > teams * MAX_TEAM_SIZE {
        // Leave out the member whose absence gives the best cut; the last on a tie.
        let keys: Vec<&str> = pool.iter().map(|(k, _)| k.as_str()).collect();
        let best = (0..pool.len())
            .rev()
            .filter_map(|skip| {
                let rest: Vec<&str> = keys
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, k)| *k)
                    .collect();
                best_cut(&rest, teams).map(|(cost, _)| (cost, skip))
            })
            .min_by_key(|(cost, _)| *cost)
            .map_or(pool.len() - 1, |(_, skip)| skip);
        left_out.push(pool.remove(best).1.id.clone());
    }
    left_out.sort();
    let keys: Vec<&str> = pool.iter().map(|(k, _)| k.as_str()).collect();
    let sizes = best_cut(&keys, teams).map_or_else(Vec::new, |(_, sizes)| sizes);
    let mut start = 0;
    let teams = sizes
        .into_iter()
        .map(|size| {
            let chunk = &pool[start..start + size];
            start += size;
            SuggestedTeam {
                member_ids: chunk.iter().map(|(_, m)| m.id.clone()).collect(),
                specialty: common_specialty(chunk),
            }
        })
        .collect();
    TeamSuggestion {
        teams,
        left_out,
        note: None,
    }
}

/// How good a cut is: specialties counted once per team they appear in (fewer is better), then
/// the sum of squared sizes (smaller is more even).
type CutCost = (usize, usize);

/// The best cut of sorted `keys` into `teams` consecutive runs of 5–8, with its sizes.
fn best_cut(keys: &[&str], teams: usize) -> Option<(CutCost, Vec<usize>)> {
    let n = keys.len();
    // distinct[a][len]: specialties in keys[a..a + len], as keys are sorted.
    let distinct =
        |a: usize, len: usize| 1 + keys[a..a + len].windows(2).filter(|w| w[0] != w[1]).count();
    // best[i][j]: the best cost of cutting keys[i..] into j teams.
    let mut best: Vec<Vec<Option<CutCost>>> = vec![vec![None; teams + 1]; n + 1];
    best[n][0] = Some((0, 0));
    for i in (0..n).rev() {
        for j in 1..=teams {
            best[i][j] = (MIN_TEAM_SIZE..=MAX_TEAM_SIZE)
                .filter(|size| i + size <= n)
                .filter_map(|size| {
                    let (d, sq) = best[i + size][j - 1]?;
                    Some((d + distinct(i, size), sq + size * size))
                })
                .min();
        }
    }
    let cost = best[0][teams]?;
    let mut sizes = Vec::with_capacity(teams);
    let (mut i, mut j) = (0, teams);
    while j > 0 {
        let size = (MIN_TEAM_SIZE..=MAX_TEAM_SIZE)
            .rev()
            .find(|size| {
                i + size <= n
                    && best[i + size][j - 1].is_some_and(|(d, sq)| {
                        best[i][j] == Some((d + distinct(i, *size), sq + size * size))
                    })
            })
            .unwrap_or(MIN_TEAM_SIZE);
        sizes.push(size);
        i += size;
        j -= 1;
    }
    Some((cost, sizes))
}

fn common_specialty(chunk: &[(String, &Member)]) -> String {
    let mut best: Option<(usize, &str)> = None;
    let mut i = 0;
    while i < chunk.len() {
        let key = chunk[i].0.as_str();
        let run = chunk[i..].iter().take_while(|(k, _)| k == key).count();
        if !key.is_empty() && best.is_none_or(|(count, _)| run > count) {
            best = Some((run, chunk[i].1.specialty.trim()));
        }
        i += run;
    }
    best.map_or_else(String::new, |(_, s)| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::Gender;
    use chrono::NaiveDate;

    fn member(id: &str, specialty: &str) -> Member {
        Member {
            id: id.into(),
            branch_id: "b1".into(),
            branch_name: String::new(),
            community_name: String::new(),
            name: format!("name-{id}"),
            gender: Gender::Female,
            birth_year: 1970,
            phone: String::new(),
            specialty: specialty.into(),
            joined_on: None,
            capable: true,
            archived_on: None,
            seat: None,
        }
    }

    fn capable(n: usize) -> Vec<Member> {
        (0..n).map(|i| member(&format!("m{i:02}"), "")).collect()
    }

    fn team(id: &str, member_ids: &[&str]) -> Team {
        Team {
            id: id.into(),
            branch_id: "b1".into(),
            year: 2025,
            name: format!("team-{id}"),
            member_ids: member_ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("m{i:02}")).collect()
    }

    fn sizes(s: &TeamSuggestion) -> Vec<usize> {
        s.teams.iter().map(|t| t.member_ids.len()).collect()
    }

    #[test]
    fn teams_of_exactly_five_and_eight_are_accepted() {
        let members = capable(12);
        let five = Team {
            member_ids: ids(5),
            ..team("t1", &[])
        };
        assert!(check_team(&five, &members, &[]).is_ok());
        let eight = Team {
            member_ids: ids(8),
            ..team("t1", &[])
        };
        assert!(check_team(&eight, &members, &[]).is_ok());
    }

    #[test]
    fn teams_of_four_and_nine_are_refused_with_their_size() {
        let members = capable(12);
        for n in [4, 9] {
            let t = Team {
                member_ids: ids(n),
                ..team("t1", &[])
            };
            let err = check_team(&t, &members, &[]).unwrap_err();
            assert!(
                matches!(err, Error::TeamSize { size } if size == n),
                "a team of {n}: {err:?}"
            );
            assert_eq!(err.code(), crate::ErrorCode::TeamSize);
            assert!(
                err.to_string().contains(&n.to_string()),
                "the message says the size"
            );
        }
    }

    #[test]
    fn a_member_in_another_team_that_year_is_refused_but_not_last_year() {
        let members = capable(12);
        let t = Team {
            member_ids: ids(5),
            ..team("t2", &[])
        };
        let other = team("t1", &["m04", "m09"]);
        let err = check_team(&t, &members, std::slice::from_ref(&other)).unwrap_err();
        assert!(
            matches!(&err, Error::TeamMemberTaken { member, team }
                if member == "name-m04" && team == "team-t1"),
            "{err:?}"
        );
        let last_year = Team {
            year: 2024,
            ..other.clone()
        };
        assert!(check_team(&t, &members, &[last_year]).is_ok());
        let itself = Team {
            id: "t2".into(),
            ..other
        };
        assert!(
            check_team(&t, &members, &[itself]).is_ok(),
            "editing a team does not clash with its stored self"
        );
    }

    #[test]
    fn members_not_capable_archived_or_of_another_branch_are_refused() {
        let mut members = capable(8);
        members[1].capable = false;
        members[2].archived_on = NaiveDate::from_ymd_opt(2025, 1, 1);
        members[3].branch_id = "b2".into();
        let with = |i: usize| Team {
            member_ids: [ids(8)[4..].to_vec(), vec![format!("m{i:02}")]].concat(),
            ..team("t1", &[])
        };
        assert!(matches!(
            check_team(&with(1), &members, &[]),
            Err(Error::TeamMemberNotCapable { .. })
        ));
        assert!(matches!(
            check_team(&with(2), &members, &[]),
            Err(Error::TeamMemberNotCapable { .. })
        ));
        assert!(matches!(
            check_team(&with(3), &members, &[]),
            Err(Error::TeamMemberOtherBranch { .. })
        ));
        let unknown = Team {
            member_ids: [ids(8)[4..].to_vec(), vec!["zz".into()]].concat(),
            ..team("t1", &[])
        };
        assert!(matches!(
            check_team(&unknown, &members, &[]),
            Err(Error::NotFound { .. })
        ));
        let repeated = team("t1", &["m04", "m05", "m06", "m07", "m07"]);
        assert!(matches!(
            check_team(&repeated, &members, &[]),
            Err(Error::Invalid(_))
        ));
    }

    #[test]
    fn a_team_draft_is_trimmed_and_checked() {
        let draft = TeamDraft {
            branch_id: "b1".into(),
            year: 2025,
            name: " 大棚组 ".into(),
            member_ids: vec!["m1".into(), "m1".into(), " ".into()],
        };
        let ok = draft.clone().validated().unwrap();
        assert_eq!(ok.name, "大棚组");
        assert_eq!(ok.member_ids, ["m1"]);
        assert_eq!(ok.into_team("t".into()).id, "t");
        let bad = TeamDraft {
            name: "".into(),
            year: 1800,
            ..draft
        };
        match bad.validated().unwrap_err() {
            Error::Invalid(fields) => {
                let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
                assert_eq!(names, ["year", "name"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn fewer_than_five_capable_members_make_no_team_and_say_so() {
        let s = suggest_teams(&capable(4));
        assert!(s.teams.is_empty());
        assert_eq!(s.left_out.len(), 4);
        assert_eq!(s.note, Some(TeamNote::FewerThanFive { capable: 4 }));
        let none = suggest_teams(&[]);
        assert_eq!(none.note, Some(TeamNote::FewerThanFive { capable: 0 }));
    }

    #[test]
    fn suggested_team_sizes_are_the_fewest_teams_as_even_as_possible() {
        let cases: [(usize, &[usize]); 9] = [
            (5, &[5]),
            (8, &[8]),
            (10, &[5, 5]),
            (13, &[7, 6]),
            (16, &[8, 8]),
            (17, &[6, 6, 5]),
            (24, &[8, 8, 8]),
            (25, &[7, 6, 6, 6]),
            (40, &[8, 8, 8, 8, 8]),
        ];
        for (n, expected) in cases {
            let s = suggest_teams(&capable(n));
            assert_eq!(sizes(&s), expected, "{n} capable members");
            assert!(s.left_out.is_empty(), "{n}: everybody placed");
            assert_eq!(s.note, None);
        }
    }

    #[test]
    fn nine_capable_members_make_one_team_of_eight_and_one_left_out() {
        let mut members = capable(8);
        for m in &mut members {
            m.specialty = "养猪".into();
        }
        members.push(member("stray", "电商"));
        let s = suggest_teams(&members);
        assert_eq!(sizes(&s), [8]);
        assert_eq!(
            s.left_out,
            ["stray"],
            "the one with another specialty stays out"
        );
        assert_eq!(s.teams[0].specialty, "养猪");
    }

    #[test]
    fn every_size_from_five_to_sixty_is_valid_and_places_all_but_nine() {
        for n in 5..=60 {
            let s = suggest_teams(&capable(n));
            assert!(
                sizes(&s).iter().all(|size| (5..=8).contains(size)),
                "{n}: {:?}",
                sizes(&s)
            );
            let placed: usize = sizes(&s).iter().sum();
            assert_eq!(placed + s.left_out.len(), n);
            assert_eq!(s.left_out.len(), usize::from(n == 9), "{n}");
        }
    }

    #[test]
    fn members_with_the_same_specialty_stay_together_when_sizes_allow() {
        let mut members = Vec::new();
        for i in 0..8 {
            members.push(member(&format!("v{i}"), "蔬菜大棚"));
        }
        for i in 0..5 {
            members.push(member(&format!("p{i}"), " 养猪 "));
        }
        // Shuffle the input order: the result must not depend on it.
        members.reverse();
        members.swap(0, 7);
        let s = suggest_teams(&members);
        assert_eq!(
            sizes(&s),
            [5, 8],
            "8+5 keeps both groups whole, 7+6 would split one"
        );
        assert!(s.teams[0].member_ids.iter().all(|id| id.starts_with('p')));
        assert!(s.teams[1].member_ids.iter().all(|id| id.starts_with('v')));
        assert_eq!(s.teams[0].specialty, "养猪");
        assert_eq!(s.teams[1].specialty, "蔬菜大棚");
        members.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(
            suggest_teams(&members),
            s,
            "deterministic whatever the input order"
        );
    }

    #[test]
    fn similar_specialties_end_up_next_to_each_other() {
        let mut members = Vec::new();
        for (i, specialty) in ["蔬菜种植", "养牛", "蔬菜大棚", "养羊", "蔬菜种植", "养牛"]
            .iter()
            .cycle()
            .take(12)
            .enumerate()
        {
            members.push(member(&format!("m{i:02}"), specialty));
        }
        let s = suggest_teams(&members);
        assert_eq!(sizes(&s), [6, 6]);
        let specialty_of = |id: &String| {
            members
                .iter()
                .find(|m| m.id == *id)
                .map(|m| m.specialty.clone())
                .unwrap()
        };
        assert!(
            s.teams[0]
                .member_ids
                .iter()
                .all(|id| specialty_of(id).starts_with('养')),
            "the livestock people together"
        );
        assert!(
            s.teams[1]
                .member_ids
                .iter()
                .all(|id| specialty_of(id).starts_with("蔬菜")),
            "the vegetable people together"
        );
    }

    #[test]
    fn members_not_capable_or_archived_are_not_suggested() {
        let mut members = capable(6);
        members[0].capable = false;
        members[1].archived_on = NaiveDate::from_ymd_opt(2025, 1, 1);
        let s = suggest_teams(&members);
        assert_eq!(s.note, Some(TeamNote::FewerThanFive { capable: 4 }));
    }

    #[test]
    fn teams_needed_for_every_count_from_0_to_41() {
        // Worked out by hand: the fewest k with 5k <= n <= 8k, and for 9 (no such k) one team.
        let expected: Vec<usize> = (0..=41)
            .map(|n| match n {
                0..=4 => 0,
                5..=9 => 1,
                10..=16 => 2,
                17..=24 => 3,
                25..=32 => 4,
                33..=40 => 5,
                _ => 6,
            })
            .collect();
        let got: Vec<usize> = (0..=41).map(teams_needed).collect();
        assert_eq!(got, expected);
        for n in 5..=41 {
            let t = teams_needed(n);
            assert!(t * MIN_TEAM_SIZE <= n, "{n} members fill {t} teams of 5");
            assert!(n == 9 || n <= t * MAX_TEAM_SIZE, "{t} teams of 8 hold {n}");
            assert_eq!(suggest_teams(&capable(n)).teams.len(), t, "{n}");
        }
    }
}
