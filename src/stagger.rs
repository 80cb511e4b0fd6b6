//! Staggering a community's activity days (错开活动日): clashes between branches, the weekday
//! advisor, and auto-assign. Pure: the caller passes in the schedules.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity_week::{ActivityWeekRule, Weekday};
use crate::error::Result;
use crate::holiday::HolidayCalendar;
use crate::schedule::activity_days_by_month;

/// How long an activity holds its venue: the three steps take a half day.
pub const ACTIVITY_MINUTES: u32 = 180;

/// One branch's activity day as staggering sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchDay {
    pub branch_id: String,
    pub date: NaiveDate,
    pub start_minutes: u32,
    pub venue: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ClashKind {
    /// More branches on one day than the community allows.
    DayOverLimit,
    /// One venue used by two branches at overlapping times.
    VenueOverlap,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Clash {
    pub kind: ClashKind,
    pub date: NaiveDate,
    /// The shared venue, for a venue overlap.
    pub venue: Option<String>,
    pub branch_ids: Vec<String>,
}

/// Every clash among `days`: days shared by more than `limit` branches, and venues used twice
/// within `ACTIVITY_MINUTES`. Sorted by date, then kind.
pub fn clashes(days: &[BranchDay], limit: u32) -> Vec<Clash> {
    let mut by_date: BTreeMap<NaiveDate, Vec<&BranchDay>> = BTreeMap::new();
    for day in days {
        by_date.entry(day.date).or_default().push(day);
    }
    let mut found = Vec::new();
    for (date, on_day) in by_date {
        if on_day.len() > limit as usize {
            found.push(Clash {
                kind: ClashKind::DayOverLimit,
                date,
                venue: None,
                branch_ids: on_day.iter().map(|d| d.branch_id.clone()).collect(),
            });
        }
        let mut by_venue: BTreeMap<&str, Vec<&BranchDay>> = BTreeMap::new();
        for day in on_day.iter().filter(|d| !d.venue.is_empty()) {
            by_venue.entry(day.venue.as_str()).or_default().push(day);
        }
        for (venue, mut users) in by_venue {
            users.sort_by_key(|d| d.start_minutes);
            let overlapping: Vec<String> = users
                .iter()
                .enumerate()
                .filter(|(i, d)| {
                    let near = |o: &&BranchDay| {
                        d.start_minutes.abs_diff(o.start_minutes) < ACTIVITY_MINUTES
                    };
                    users[..*i].iter().any(near) || users[i + 1..].iter().any(near)
                })
                .map(|(_, d)| d.branch_id.clone())
                .collect();
            if overlapping.len() > 1 {
                found.push(Clash {
                    kind: ClashKind::VenueOverlap,
                    date,
                    venue: Some(venue.to_owned()),
                    branch_ids: overlapping,
                });
            }
        }
    }
    found
}

/// What one weekday would mean for a branch's year: the weekday advisor's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeekdayAdvice {
    pub weekday: Weekday,
    /// Activity days a holiday break would move.
    pub moved: u32,
    /// Activity days whose whole week is a break.
    pub conflicts: u32,
    /// Other branches of the community meeting on this weekday.
    pub branch_ids: Vec<String>,
}

/// Moves and conflicts of each weekday over `year` under each month's rule (January first).
pub fn holiday_cost(
    year: i32,
    rules: &[ActivityWeekRule; 12],
    calendar: &HolidayCalendar,
) -> Result<[(u32, u32); 7]> {
    let mut cost = [(0, 0); 7];
    for (i, weekday) in Weekday::ALL.into_iter().enumerate() {
        for day in activity_days_by_month(year, weekday, rules, calendar)? {
            cost[i].0 += u32::from(day.moved);
            cost[i].1 += u32::from(day.conflict);
        }
    }
    Ok(cost)
}

/// Each weekday's activity dates over `year` under each month's rule, after holiday moves.
pub fn weekday_dates(
    year: i32,
    rules: &[ActivityWeekRule; 12],
    calendar: &HolidayCalendar,
) -> Result<[Vec<NaiveDate>; 7]> {
    let mut dates: [Vec<NaiveDate>; 7] = Default::default();
    for (i, weekday) in Weekday::ALL.into_iter().enumerate() {
        dates[i] = activity_days_by_month(year, weekday, rules, calendar)?
            .into_iter()
            .map(|day| day.date)
            .collect();
    }
    Ok(dates)
}

/// The days on which the assigned weekdays' holiday moves put more than `limit` branches
/// together. Fixed dates never clash (one weekday, one date), but a break leaves few free days
/// in its week, so moved days can pile up; the committee settles those by moving days by hand.
pub fn holiday_clashes(
    assignments: &[Assignment],
    dates: &[Vec<NaiveDate>; 7],
    limit: u32,
) -> Vec<Clash> {
    let days: Vec<BranchDay> = assignments
        .iter()
        .flat_map(|a| {
            dates[a.weekday.days_from_monday() as usize]
                .iter()
                .map(|date| BranchDay {
                    branch_id: a.branch_id.clone(),
                    date: *date,
                    start_minutes: 0,
                    venue: String::new(),
                })
        })
        .collect();
    clashes(&days, limit)
}

/// A branch's wishes for auto-assign.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeekdayWishes {
    pub branch_id: String,
    pub preferred: Vec<Weekday>,
    pub impossible: Vec<Weekday>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Assignment {
    pub branch_id: String,
    pub weekday: Weekday,
    /// The branch asked for this weekday (or stated no preference).
    pub preferred: bool,
    pub moved: u32,
    pub conflicts: u32,
}

/// Auto-assign's answer: a weekday for every branch, or why none exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "outcome"
)]
#[ts(export)]
pub enum Proposal {
    Assigned {
        assignments: Vec<Assignment>,
        total_moved: u32,
        /// Days where moved activity days would exceed the limit (see `holiday_clashes`);
        /// filled by the caller, which knows the year's dates.
        holiday_clashes: Vec<Clash>,
    },
    /// No assignment respects the limit and every branch's impossible days.
    Infeasible {
        reason: Infeasibility,
        unplaced: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "kind"
)]
#[ts(export)]
pub enum Infeasibility {
    /// More branches than 7 weekdays × the limit: the limit must rise to `needed_limit`.
    TooManyBranches {
        branches: u32,
        places: u32,
        needed_limit: u32,
    },
    /// The `unplaced` branches' possible weekdays are all full.
    WeekdaysExcluded,
}

/// Weights of the assignment cost: a branch's stated preference comes first, then the holiday
/// moves its year would have (a conflict weighs as much as three moves).
const NOT_PREFERRED: i64 = 1000;
const PER_MOVE: i64 = 10;
const PER_CONFLICT: i64 = 30;

/// Proposes one weekday per branch so that no weekday has more than `limit` branches, no branch
/// gets an impossible day, preferences are met where possible, and holiday moves are fewest.
/// A min-cost assignment (successive shortest paths): exact, and instant at community size.
pub fn auto_assign(
    branches: &[WeekdayWishes],
    limit: u32,
    holiday_cost: &[(u32, u32); 7],
) -> Proposal {
    let n = branches.len();
    let places = 7 * limit;
    if n as u32 > places {
        return Proposal::Infeasible {
            reason: Infeasibility::TooManyBranches {
                branches: n as u32,
                places,
                needed_limit: (n as u32).div_ceil(7),
            },
            unplaced: Vec::new(),
        };
    }
    // Nodes: 0 source, 1..=n branches, n+1..=n+7 weekdays, n+8 sink.
    let sink = n + 8;
    let mut graph = FlowGraph::new(n + 9);
    for (b, wishes) in branches.iter().enumerate() {
        graph.add_edge(0, 1 + b, 1, 0);
        for (w, weekday) in Weekday::ALL.into_iter().enumerate() {
            if wishes.impossible.contains(&weekday) {
                continue;
            }
            graph.add_edge(
                1 + b,
                n + 1 + w,
                1,
                cost_of(wishes, weekday, holiday_cost[w]),
            );
        }
    }
    for w in 0..7 {
        graph.add_edge(n + 1 + w, sink, i64::from(limit), 0);
    }
    graph.min_cost_flow(0, sink);

    let mut assignments = Vec::new();
    let mut unplaced = Vec::new();
    for (b, wishes) in branches.iter().enumerate() {
        let chosen = graph
            .edges_from(1 + b)
            .find(|e| e.flow > 0 && e.to > n && e.to <= n + 7);
        match chosen {
            Some(edge) => {
                let w = edge.to - n - 1;
                let weekday = Weekday::ALL[w];
                assignments.push(Assignment {
                    branch_id: wishes.branch_id.clone(),
                    weekday,
                    preferred: wishes.preferred.is_empty() || wishes.preferred.contains(&weekday),
                    moved: holiday_cost[w].0,
                    conflicts: holiday_cost[w].1,
                });
            }
            None => unplaced.push(wishes.branch_id.clone()),
        }
    }
    if !unplaced.is_empty() {
        return Proposal::Infeasible {
            reason: Infeasibility::WeekdaysExcluded,
            unplaced,
        };
    }
    let total_moved = assignments.iter().map(|a| a.moved).sum();
    Proposal::Assigned {
        assignments,
        total_moved,
        holiday_clashes: Vec::new(),
    }
}

fn cost_of(wishes: &WeekdayWishes, weekday: Weekday, (moved, conflicts): (u32, u32)) -> i64 {
    let unwanted = !wishes.preferred.is_empty() && !wishes.preferred.contains(&weekday);
    i64::from(unwanted) * NOT_PREFERRED
        + i64::from(moved) * PER_MOVE
        + i64::from(conflicts) * PER_CONFLICT
}

struct Edge {
    to: usize,
    capacity: i64,
    flow: i64,
    cost: i64,
}

/// A small residual graph for min-cost flow; edges are stored in pairs (forward, backward).
struct FlowGraph {
    edges: Vec<Edge>,
    adjacent: Vec<Vec<usize>>,
}

impl FlowGraph {
    fn new(nodes: usize) -> Self {
        FlowGraph {
            edges: Vec::new(),
            adjacent: vec![Vec::new(); nodes],
        }
    }

    fn add_edge(&mut self, from: usize, to: usize, capacity: i64, cost: i64) {
        self.adjacent[from].push(self.edges.len());
        self.edges.push(Edge {
            to,
            capacity,
            flow: 0,
            cost,
        });
        self.adjacent[to].push(self.edges.len());
        self.edges.push(Edge {
            to: from,
            capacity: 0,
            flow: 0,
            cost: -cost,
        });
    }

    fn edges_from(&self, node: usize) -> impl Iterator<Item = &Edge> {
        self.adjacent[node].iter().map(|&i| &self.edges[i])
    }

    /// Pushes flow along cheapest augmenting paths (Bellman–Ford, as costs go negative in the
    /// residual graph) until none is left.
    fn min_cost_flow(&mut self, source: usize, sink: usize) {
        let nodes = self.adjacent.len();
        loop {
            let mut dist = vec![i64::MAX; nodes];
            let mut via: Vec<Option<usize>> = vec![None; nodes];
            dist[source] = 0;
            for _ in 0..nodes {
                let mut changed = false;
                for node in 0..nodes {
                    if dist[node] == i64::MAX {
                        continue;
                    }
                    for &e in &self.adjacent[node] {
                        let edge = &self.edges[e];
                        let next = dist[node] + edge.cost;
                        if edge.capacity > edge.flow && next < dist[edge.to] {
                            dist[edge.to] = next;
                            via[edge.to] = Some(e);
                            changed = true;
                        }
                    }
                }
                if !changed {
                    break;
                }
            }
            if dist[sink] == i64::MAX {
                return;
            }
            let mut node = sink;
            while let Some(e) = via[node] {
                self.edges[e].flow += 1;
                self.edges[e ^ 1].flow -= 1;
                node = self.edges[e ^ 1].to;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(branch: &str, date: (i32, u32, u32), start: u32, venue: &str) -> BranchDay {
        BranchDay {
            branch_id: branch.into(),
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
            start_minutes: start,
            venue: venue.into(),
        }
    }

    fn wishes(id: &str, preferred: &[Weekday], impossible: &[Weekday]) -> WeekdayWishes {
        WeekdayWishes {
            branch_id: id.into(),
            preferred: preferred.to_vec(),
            impossible: impossible.to_vec(),
        }
    }

    #[test]
    fn a_day_over_the_limit_and_a_shared_venue_are_clashes() {
        let days = [
            day("a", (2025, 3, 12), 8 * 60, "党群服务中心"),
            day("b", (2025, 3, 12), 9 * 60, "党群服务中心"),
            day("c", (2025, 3, 12), 14 * 60, "党群服务中心"),
            day("d", (2025, 3, 13), 8 * 60, "党群服务中心"),
        ];
        let found = clashes(&days, 2);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].kind, ClashKind::DayOverLimit);
        assert_eq!(found[0].branch_ids, ["a", "b", "c"]);
        assert_eq!(found[1].kind, ClashKind::VenueOverlap);
        assert_eq!(
            found[1].branch_ids,
            ["a", "b"],
            "14:00 is after the morning's half day"
        );
        assert!(clashes(&days, 3)
            .iter()
            .all(|c| c.kind == ClashKind::VenueOverlap));
    }

    #[test]
    fn each_month_is_costed_under_its_own_rule() {
        use ActivityWeekRule::*;
        let calendar = HolidayCalendar::builtin();
        // February 2026: days 8–14 miss the Spring Festival break; the week from the second
        // Monday (02-09 .. 02-15) has Sunday 02-15 in it.
        let days = holiday_cost(2026, &[SecondWeekday; 12], &calendar).unwrap();
        let monday_week = holiday_cost(2026, &[SecondMondayWeek; 12], &calendar).unwrap();
        let mut switched = [SecondMondayWeek; 12];
        switched[..3].fill(SecondWeekday);
        let from_april = holiday_cost(2026, &switched, &calendar).unwrap();
        let sunday = Weekday::Sun.days_from_monday() as usize;
        assert_eq!(
            monday_week[sunday].0,
            from_april[sunday].0 + 1,
            "February follows days 8–14 when the new rule starts in April"
        );
        let dates = weekday_dates(2026, &switched, &calendar).unwrap();
        assert_eq!(
            dates[sunday][1],
            NaiveDate::from_ymd_opt(2026, 2, 8).unwrap(),
            "February's Sunday under days 8–14"
        );
        assert_eq!(
            dates[sunday][3],
            NaiveDate::from_ymd_opt(2026, 4, 19).unwrap(),
            "April's Sunday ends the week from the second Monday (04-13)"
        );
        assert_ne!(days, monday_week, "the rules differ over 2026");
    }

    #[test]
    fn seven_branches_with_limit_one_get_seven_different_weekdays() {
        let cost = holiday_cost(
            2024,
            &[ActivityWeekRule::SecondWeekday; 12],
            &HolidayCalendar::builtin(),
        )
        .unwrap();
        let branches: Vec<_> = (0..7).map(|i| wishes(&format!("b{i}"), &[], &[])).collect();
        let Proposal::Assigned {
            assignments,
            total_moved,
            ..
        } = auto_assign(&branches, 1, &cost)
        else {
            panic!("seven branches fit seven weekdays");
        };
        let mut used: Vec<_> = assignments.iter().map(|a| a.weekday).collect();
        used.sort_by_key(|w| w.days_from_monday());
        used.dedup();
        assert_eq!(used.len(), 7, "limit 1: every branch a weekday of its own");
        let all_moves: u32 = cost.iter().map(|c| c.0).sum();
        assert_eq!(
            total_moved, all_moves,
            "with all seven weekdays used, every move is counted"
        );
    }

    #[test]
    fn fewer_branches_take_the_weekdays_with_fewest_moves_and_honour_preferences() {
        // Synthetic costs: Monday and Tuesday move often, the rest never.
        let cost = [(3, 0), (2, 0), (0, 0), (0, 0), (0, 0), (0, 1), (0, 0)];
        let branches = [
            wishes("likes-monday", &[Weekday::Mon], &[]),
            wishes("any", &[], &[Weekday::Wed, Weekday::Thu]),
            wishes("any2", &[], &[]),
        ];
        let Proposal::Assigned {
            assignments,
            total_moved,
            ..
        } = auto_assign(&branches, 1, &cost)
        else {
            panic!("feasible");
        };
        assert_eq!(
            assignments[0].weekday,
            Weekday::Mon,
            "a stated preference wins over moves"
        );
        assert!(assignments[0].preferred);
        assert!(![Weekday::Wed, Weekday::Thu].contains(&assignments[1].weekday));
        assert_eq!(total_moved, 3, "the others avoid moves");
        assert!(
            assignments[1..].iter().all(|a| a.conflicts == 0),
            "{assignments:?}"
        );
    }

    #[test]
    fn an_infeasible_community_is_explained_not_hung() {
        let cost = [(0, 0); 7];
        let eight: Vec<_> = (0..8).map(|i| wishes(&format!("b{i}"), &[], &[])).collect();
        assert_eq!(
            auto_assign(&eight, 1, &cost),
            Proposal::Infeasible {
                reason: Infeasibility::TooManyBranches {
                    branches: 8,
                    places: 7,
                    needed_limit: 2
                },
                unplaced: vec![],
            }
        );
        let weekend_only = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ];
        let three = [
            wishes("x", &[], &weekend_only),
            wishes("y", &[], &weekend_only),
            wishes("z", &[], &weekend_only),
        ];
        let Proposal::Infeasible { reason, unplaced } = auto_assign(&three, 1, &cost) else {
            panic!("three weekend-only branches cannot share two weekend days at limit 1");
        };
        assert_eq!(reason, Infeasibility::WeekdaysExcluded);
        assert_eq!(unplaced.len(), 1);
    }
}
