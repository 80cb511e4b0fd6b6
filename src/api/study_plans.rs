//! Reuse: the community's annual study plan and handing a month's topic to every branch;
//! starting a plan from an earlier activity.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::activity::{Activity, ActivityDraft, ActivityStatus};
use crate::api::activities::draft_for_day;
use crate::db::{self, activities, branches, communities, study_plans};
use crate::error::{Error, FieldRule, Result};
use crate::study_plan::{fill_empty, PlanTemplate, StudyPlan};

fn community_exists(conn: &Connection, community_id: &str) -> Result<()> {
    communities::get(conn, community_id)?.ok_or_else(|| Error::NotFound {
        what: "community",
        id: community_id.to_owned(),
    })?;
    Ok(())
}

pub fn study_plan(conn: &Connection, community_id: &str, year: i32) -> Result<StudyPlan> {
    community_exists(conn, community_id)?;
    crate::activity_week::check_year(year)
        .map_err(|_| Error::invalid("year", FieldRule::BadYear))?;
    Ok(StudyPlan {
        community_id: community_id.to_owned(),
        year,
        topics: study_plans::topics(conn, community_id, year)?,
    })
}

/// Saves the whole year's plan (the months given; a month left out has no common topic).
pub fn save_study_plan(conn: &mut Connection, plan: StudyPlan) -> Result<StudyPlan> {
    let plan = plan.validated()?;
    community_exists(conn, &plan.community_id)?;
    crate::activity_week::check_year(plan.year)
        .map_err(|_| Error::invalid("year", FieldRule::BadYear))?;
    let tx = conn.transaction()?;
    study_plans::replace(&tx, &plan.community_id, plan.year, &plan.topics)?;
    tx.commit()?;
    study_plan(conn, &plan.community_id, plan.year)
}

/// What handing a month's topic to the branches did, branch by branch (names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandOut {
    /// A planned activity was created from the topic.
    pub created: Vec<String>,
    /// The branch's planned activity had empty plan fields; they were filled.
    pub filled: Vec<String>,
    /// The branch had already written its whole plan, or held, cancelled or postponed the
    /// activity: nothing changed.
    pub kept: Vec<String>,
    /// The branch has no activity day that month (no fixed day chosen yet).
    pub no_day: Vec<String>,
}

/// Hands the month's topic to every branch of the community, in one transaction: a branch
/// without an activity that month gets a planned one; a planned one gets its empty fields
/// filled; nothing a secretary wrote is overwritten.
pub fn hand_out(
    conn: &mut Connection,
    community_id: &str,
    year: i32,
    month: u32,
) -> Result<HandOut> {
    let plan = study_plan(conn, community_id, year)?;
    let topic = plan
        .topic_of(month)
        .ok_or_else(|| Error::invalid("month", FieldRule::BadChoice))?;
    let template = PlanTemplate::from(topic);
    let mut report = HandOut::default();
    let mut writes: Vec<Activity> = Vec::new();
    let mut in_community: Vec<_> = branches::list(conn)?
        .into_iter()
        .filter(|b| b.community_id == community_id)
        .collect();
    in_community.sort_by(|a, b| a.name.cmp(&b.name));
    for branch in in_community {
        match activities::of_day(conn, &branch.id, year, month)? {
            Some(existing) if existing.status == ActivityStatus::Planned => {
                let mut draft = existing.draft();
                if fill_empty(&mut draft, &template).is_empty() {
                    report.kept.push(branch.name);
                } else {
                    let draft = draft.validated()?;
                    writes.push(Activity {
                        topic: draft.topic,
                        kinds: draft.kinds,
                        leader: draft.leader,
                        steps: draft.steps,
                        ..existing
                    });
                    report.filled.push(branch.name);
                }
            }
            Some(_) => report.kept.push(branch.name),
            None => match draft_for_day(conn, &branch.id, year, month) {
                Ok(mut draft) => {
                    fill_empty(&mut draft, &template);
                    let draft = draft.validated()?;
                    writes.push(Activity::planned(db::new_id(), draft));
                    report.created.push(branch.name);
                }
                Err(Error::Invalid(_)) => report.no_day.push(branch.name),
                Err(other) => return Err(other),
            },
        }
    }
    let tx = conn.transaction()?;
    for activity in &writes {
        activities::save(&tx, activity)?;
    }
    tx.commit()?;
    Ok(report)
}

/// The draft with its empty plan fields filled from an earlier activity's plan (never its
/// records, date or venue). Nothing is saved: the secretary reviews the form and saves.
pub fn copy_plan_from(
    conn: &Connection,
    source_id: &str,
    mut draft: ActivityDraft,
) -> Result<ActivityDraft> {
    let source = activities::get(conn, source_id)?.ok_or_else(|| Error::NotFound {
        what: "activity",
        id: source_id.to_owned(),
    })?;
    fill_empty(&mut draft, &PlanTemplate::from(&source));
    Ok(draft)
}

/// The study topic of a branch's community for that month, if the committee set one.
pub fn topic_for_branch(
    conn: &Connection,
    branch_id: &str,
    year: i32,
    month: u32,
) -> Result<Option<PlanTemplate>> {
    let Some(branch) = branches::get(conn, branch_id)? else {
        return Ok(None);
    };
    Ok(study_plans::topic(conn, &branch.community_id, year, month)?
        .as_ref()
        .map(PlanTemplate::from))
}
