//! Statistics for any period and level: the headline figures, the breakdown one level down,
//! the trend by month, the same period a year earlier, and the 3+X roll-up.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::points::{scope_compliance, PointScope};
use crate::api::schedule::days_of_branches;
use crate::compliance::ComplianceRollup;
use crate::db::stats::{self as queries, BranchMonths, StatsScope};
use crate::db::{branches, communities, towns};
use crate::error::{Error, Result};
use crate::stats::{Counts, Figures, Period};

/// The period the user picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum StatsPeriod {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
    Custom { from: NaiveDate, to: NaiveDate },
}

impl StatsPeriod {
    pub fn resolve(self) -> Result<Period> {
        match self {
            StatsPeriod::Month { year, month } => Period::month(year, month),
            StatsPeriod::Quarter { year, quarter } => Period::quarter(year, quarter),
            StatsPeriod::Year { year } => Period::year(year),
            StatsPeriod::Custom { from, to } => Period::new(from, to),
        }
    }
}

/// What the breakdown rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum StatsLevel {
    Town,
    Community,
    Branch,
}

/// One row of the breakdown: a town, community or branch with its figures.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatsRow {
    pub id: String,
    pub name: String,
    pub figures: Figures,
}

/// One month of the trend.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatsReport {
    pub scope: PointScope,
    /// 全市 / the town's, community's or branch's name.
    pub scope_name: String,
    pub period: Period,
    pub branches: u32,
    pub figures: Figures,
    /// The same period a year earlier (`Period::same_period_last_year`): whole calendar months
    /// map to the whole months (February 2025 to 1–29 February 2024), a running period up to
    /// today's counterpart.
    pub last_year: Figures,
    pub last_year_period: Period,
    /// One level down (towns of the city, communities of a town, branches of a community);
    /// empty for a branch.
    pub breakdown_level: Option<StatsLevel>,
    pub breakdown: Vec<StatsRow>,
    pub trend: Vec<MonthFigures>,
    /// "3+X" for the year the period ends in, judged on the period's last day (or today, when
    /// that comes first).
    pub compliance: ComplianceRollup,
}

/// Where each branch of the scope sits: its community and town, with names.
struct Place {
    branch_name: String,
    community_id: String,
    community_name: String,
    town_id: String,
    town_name: String,
}

impl Place {
    /// The breakdown row a branch counts in: itself, its community or its town (id, name).
    fn row(&self, level: StatsLevel, branch_id: &str) -> (String, String) {
        match level {
            StatsLevel::Branch => (branch_id.to_owned(), self.branch_name.clone()),
            StatsLevel::Community => (self.community_id.clone(), self.community_name.clone()),
            StatsLevel::Town => (self.town_id.clone(), self.town_name.clone()),
        }
    }
}

fn scope_name(conn: &Connection, scope: &PointScope) -> Result<String> {
    let missing = |what: &'static str, id: &str| Error::NotFound {
        what,
        id: id.to_owned(),
    };
    if let Some(id) = &scope.branch_id {
        return Ok(branches::get(conn, id)?
            .ok_or_else(|| missing("branch", id))?
            .name);
    }
    if let Some(id) = &scope.community_id {
        return Ok(communities::get(conn, id)?
            .ok_or_else(|| missing("community", id))?
            .name);
    }
    if let Some(id) = &scope.town_id {
        return Ok(towns::get(conn, id)?
            .ok_or_else(|| missing("town", id))?
            .name);
    }
    Ok("全部".to_owned())
}

fn as_filter(scope: &PointScope) -> StatsScope<'_> {
    StatsScope {
        town_id: scope.town_id.as_deref(),
        community_id: scope.community_id.as_deref(),
        branch_id: scope.branch_id.as_deref(),
    }
}

/// Adds the activity days the schedule places inside the period, per branch and month.
fn add_scheduled_days(
    conn: &Connection,
    places: &HashMap<String, Place>,
    period: Period,
    into: &mut BranchMonths,
) -> Result<()> {
    let calendar = crate::api::holidays::calendar(conn)?;
    for year in period.years() {
        let branches = places
            .iter()
            .map(|(id, p)| (id.as_str(), p.community_id.as_str()));
        for day in days_of_branches(conn, &calendar, branches, year)? {
            if period.contains(day.date) {
                let key = (day.branch_id, day.date.format("%Y-%m").to_string());
                into.entry(key).or_default().days_scheduled += 1;
            }
        }
    }
    Ok(())
}

/// Counts per branch and month for the period, scheduled days included.
fn counts(
    conn: &Connection,
    scope: &PointScope,
    places: &HashMap<String, Place>,
    period: Period,
) -> Result<BranchMonths> {
    let mut out = queries::branch_months(conn, period, as_filter(scope))?;
    add_scheduled_days(conn, places, period, &mut out)?;
    Ok(out)
}

/// The statistics of a scope (a branch, community, town, or all with every field empty).
pub fn stats(
    conn: &Connection,
    scope: &PointScope,
    period: StatsPeriod,
    today: NaiveDate,
) -> Result<StatsReport> {
    let period = period.resolve()?;
    let scope_name = scope_name(conn, scope)?;
    let town_names: HashMap<String, String> = towns::list(conn)?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let places: HashMap<String, Place> = branches::in_scope(
        conn,
        scope.town_id.as_deref(),
        scope.community_id.as_deref(),
        scope.branch_id.as_deref(),
    )?
    .into_iter()
    .map(|(b, c)| {
        let place = Place {
            branch_name: b.name,
            community_id: c.id,
            community_name: c.name,
            town_name: town_names.get(&c.town_id).cloned().unwrap_or_default(),
            town_id: c.town_id,
        };
        (b.id, place)
    })
    .collect();

    let now = counts(conn, scope, &places, period)?;
    let earlier = period.same_period_last_year(today);
    let before = counts(conn, scope, &places, earlier)?;
    let active_now = queries::points_active(conn, period.to, as_filter(scope))?;
    let active_before = queries::points_active(conn, earlier.to, as_filter(scope))?;
    let total = |c: &BranchMonths| c.values().copied().sum::<Counts>();
    let active_total = |a: &HashMap<String, u32>| a.values().sum::<u32>();

    let level = if scope.branch_id.is_some() {
        None
    } else if scope.community_id.is_some() {
        Some(StatsLevel::Branch)
    } else if scope.town_id.is_some() {
        Some(StatsLevel::Community)
    } else {
        Some(StatsLevel::Town)
    };
    let mut breakdown = Vec::new();
    if let Some(level) = level {
        let mut rows: HashMap<String, (String, Counts, u32)> = HashMap::new();
        for (branch, place) in &places {
            let (id, name) = place.row(level, branch);
            let row = rows.entry(id).or_insert((name, Counts::default(), 0));
            row.2 += active_now.get(branch).copied().unwrap_or(0);
        }
        for ((branch, _), c) in &now {
            if let Some(place) = places.get(branch) {
                if let Some(entry) = rows.get_mut(&place.row(level, branch).0) {
                    entry.1 += *c;
                }
            }
        }
        breakdown = rows
            .into_iter()
            .map(|(id, (name, c, active))| StatsRow {
                id,
                name,
                figures: Figures::from_counts(&c, active),
            })
            .collect();
        breakdown.sort_by(|a, b| a.name.cmp(&b.name));
    }

    let mut by_month: HashMap<String, Counts> = HashMap::new();
    for ((_, month), c) in &now {
        *by_month.entry(month.clone()).or_default() += *c;
    }
    let trend = period
        .months()
        .into_iter()
        .map(|(y, m)| {
            let month = format!("{y:04}-{m:02}");
            let c = by_month.get(&month).copied().unwrap_or_default();
            MonthFigures {
                figures: Figures::from_counts(&c, 0),
                month,
            }
        })
        .collect();

    let judged_on = period.to.min(today);
    let compliance = scope_compliance(conn, scope, period.to.year(), judged_on)?.rollup;
    Ok(StatsReport {
        scope: scope.clone(),
        scope_name,
        period,
        branches: places.len() as u32,
        figures: Figures::from_counts(&total(&now), active_total(&active_now)),
        last_year: Figures::from_counts(&total(&before), active_total(&active_before)),
        last_year_period: earlier,
        breakdown_level: level,
        breakdown,
        trend,
        compliance,
    })
}
