//! Reusing plans: a community's annual study plan (a topic per month that the committee hands
//! to all its branches) and a branch's earlier activities. Either one fills a new plan — only
//! where the secretary has not written anything yet.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity::{Activity, ActivityDraft, ActivityKind, ActivityStep, Step, StepEntry};
use crate::error::{FieldError, FieldRule, Result};

const MAX_TOPIC_CHARS: usize = 60;
const MAX_CONTENT_CHARS: usize = 500;

/// One month of a community's annual study plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StudyTopic {
    pub month: u32,
    pub topic: String,
    pub kinds: Vec<ActivityKind>,
    /// What to study in step 1 (理论学习).
    pub theory: String,
    /// What to practise in step 2 (实践培训).
    pub practice: String,
    /// What to discuss in step 3 (互动提高).
    pub exchange: String,
}

/// A community's study plan for a year: the months that have a topic, in month order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StudyPlan {
    pub community_id: String,
    pub year: i32,
    pub topics: Vec<StudyTopic>,
}

impl StudyPlan {
    /// Trims every text; refuses a month outside 1–12 or given twice, a missing or long topic,
    /// a long content. Field names point at the row: `topics.3.topic`.
    pub fn validated(mut self) -> Result<Self> {
        let mut errors = Vec::new();
        let mut seen = [false; 13];
        for (i, t) in self.topics.iter_mut().enumerate() {
            let mut fail = |field: &str, rule| {
                errors.push(FieldError {
                    field: format!("topics.{i}.{field}"),
                    rule,
                })
            };
            if !(1..=12).contains(&t.month) || seen[t.month as usize] {
                fail("month", FieldRule::BadChoice);
            } else {
                seen[t.month as usize] = true;
            }
            t.topic = t.topic.trim().to_owned();
            if t.topic.is_empty() {
                fail("topic", FieldRule::Required);
            } else if t.topic.chars().count() > MAX_TOPIC_CHARS {
                fail("topic", FieldRule::TooLong);
            }
            for (name, text) in [
                ("theory", &mut t.theory),
                ("practice", &mut t.practice),
                ("exchange", &mut t.exchange),
            ] {
                *text = text.trim().to_owned();
                if text.chars().count() > MAX_CONTENT_CHARS {
                    fail(name, FieldRule::TooLong);
                }
            }
            t.kinds.sort();
            t.kinds.dedup();
        }
        self.topics.sort_by_key(|t| t.month);
        crate::error::valid(self, errors)
    }

    pub fn topic_of(&self, month: u32) -> Option<&StudyTopic> {
        self.topics.iter().find(|t| t.month == month)
    }
}

/// What a new plan can start from: the plan half of an activity, no dates, no records.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanTemplate {
    pub topic: String,
    pub kinds: Vec<ActivityKind>,
    pub leader: String,
    pub steps: Vec<ActivityStep>,
}

impl From<&StudyTopic> for PlanTemplate {
    fn from(t: &StudyTopic) -> Self {
        let step = |step, content: &str| ActivityStep {
            step,
            entry: StepEntry {
                plan_content: content.to_owned(),
                ..Default::default()
            },
        };
        PlanTemplate {
            topic: t.topic.clone(),
            kinds: t.kinds.clone(),
            leader: String::new(),
            steps: vec![
                step(Step::TheoryStudy, &t.theory),
                step(Step::PracticalTraining, &t.practice),
                step(Step::InteractiveImprovement, &t.exchange),
            ],
        }
    }
}

impl From<&Activity> for PlanTemplate {
    /// The plan of an earlier activity: what was planned, never what was recorded.
    fn from(a: &Activity) -> Self {
        PlanTemplate {
            topic: a.topic.clone(),
            kinds: a.kinds.clone(),
            leader: a.leader.clone(),
            steps: a
                .steps
                .iter()
                .map(|s| ActivityStep {
                    step: s.step,
                    entry: StepEntry {
                        plan_content: s.entry.plan_content.clone(),
                        plan_leader: s.entry.plan_leader.clone(),
                        plan_materials: s.entry.plan_materials.clone(),
                        plan_minutes: s.entry.plan_minutes,
                        practice_forms: s.entry.practice_forms.clone(),
                        ..Default::default()
                    },
                })
                .collect(),
        }
    }
}

/// Fills the draft's empty plan fields from the template and returns the names of the fields
/// it filled. Anything the secretary already wrote stays as written.
pub fn fill_empty(draft: &mut ActivityDraft, template: &PlanTemplate) -> Vec<String> {
    let mut filled = Vec::new();
    take(&mut filled, "topic", &mut draft.topic, &template.topic);
    take(&mut filled, "leader", &mut draft.leader, &template.leader);
    for source in &template.steps {
        let index = match draft.steps.iter().position(|s| s.step == source.step) {
            Some(index) => index,
            None => {
                draft.steps.push(ActivityStep {
                    step: source.step,
                    entry: StepEntry::default(),
                });
                draft.steps.len() - 1
            }
        };
        let name = source.step.as_str();
        let (into, from) = (&mut draft.steps[index].entry, &source.entry);
        take(
            &mut filled,
            &format!("{name}.planContent"),
            &mut into.plan_content,
            &from.plan_content,
        );
        take(
            &mut filled,
            &format!("{name}.planLeader"),
            &mut into.plan_leader,
            &from.plan_leader,
        );
        take(
            &mut filled,
            &format!("{name}.planMaterials"),
            &mut into.plan_materials,
            &from.plan_materials,
        );
        if into.plan_minutes == 0 && from.plan_minutes > 0 {
            into.plan_minutes = from.plan_minutes;
            filled.push(format!("{name}.planMinutes"));
        }
        if into.practice_forms.is_empty() && !from.practice_forms.is_empty() {
            into.practice_forms = from.practice_forms.clone();
            filled.push(format!("{name}.practiceForms"));
        }
    }
    if draft.kinds.is_empty() && !template.kinds.is_empty() {
        draft.kinds = template.kinds.clone();
        filled.push("kinds".into());
    }
    draft
        .steps
        .sort_by_key(|s| Step::ALL.iter().position(|x| *x == s.step));
    filled
}

/// Copies `from` into an empty `into`, noting the field's name.
fn take(filled: &mut Vec<String>, name: &str, into: &mut String, from: &str) {
    if into.trim().is_empty() && !from.trim().is_empty() {
        *into = from.to_owned();
        filled.push(name.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::PracticeForm;
    use chrono::NaiveDate;

    fn topic(month: u32, text: &str) -> StudyTopic {
        StudyTopic {
            month,
            topic: text.into(),
            kinds: vec![ActivityKind::StudyTraining],
            theory: "学习党的二十届四中全会精神".into(),
            practice: "合作社现场观摩".into(),
            exchange: "谈体会".into(),
        }
    }

    fn empty_draft() -> ActivityDraft {
        ActivityDraft {
            branch_id: "b".into(),
            month: Some(3),
            topic: String::new(),
            kinds: vec![],
            date: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            start_time: "08:30".into(),
            venue: String::new(),
            leader: String::new(),
            steps: vec![],
        }
    }

    fn rules(plan: StudyPlan) -> Vec<(String, FieldRule)> {
        match plan.validated() {
            Err(crate::Error::Invalid(fields)) => {
                fields.into_iter().map(|f| (f.field, f.rule)).collect()
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn a_plan_is_sorted_by_month_and_trimmed() {
        let plan = StudyPlan {
            community_id: "c".into(),
            year: 2026,
            topics: vec![topic(5, " 五月主题 "), topic(2, "二月主题")],
        }
        .validated()
        .unwrap();
        assert_eq!(plan.topics[0].month, 2);
        assert_eq!(plan.topics[1].topic, "五月主题");
        assert_eq!(plan.topic_of(5).unwrap().topic, "五月主题");
        assert!(plan.topic_of(6).is_none());
    }

    #[test]
    fn a_month_twice_outside_the_year_or_without_topic_is_refused() {
        let plan = StudyPlan {
            community_id: "c".into(),
            year: 2026,
            topics: vec![topic(3, "a"), topic(3, "b"), topic(13, "c"), topic(4, "  ")],
        };
        assert_eq!(
            rules(plan),
            [
                ("topics.1.month".into(), FieldRule::BadChoice),
                ("topics.2.month".into(), FieldRule::BadChoice),
                ("topics.3.topic".into(), FieldRule::Required),
            ]
        );
        let long = StudyPlan {
            community_id: "c".into(),
            year: 2026,
            topics: vec![StudyTopic {
                theory: "学".repeat(501),
                ..topic(1, "x")
            }],
        };
        assert_eq!(
            rules(long),
            [("topics.0.theory".into(), FieldRule::TooLong)]
        );
    }

    #[test]
    fn a_study_topic_fills_an_empty_plan() {
        let mut draft = empty_draft();
        let filled = fill_empty(&mut draft, &PlanTemplate::from(&topic(3, "春耕政策学习")));
        assert_eq!(draft.topic, "春耕政策学习");
        assert_eq!(draft.kinds, [ActivityKind::StudyTraining]);
        assert_eq!(draft.steps.len(), 3);
        assert_eq!(draft.steps[0].step, Step::TheoryStudy);
        assert_eq!(draft.steps[1].entry.plan_content, "合作社现场观摩");
        assert!(filled.contains(&"practicalTraining.planContent".to_owned()));
    }

    #[test]
    fn what_the_secretary_wrote_is_never_overwritten() {
        let mut draft = empty_draft();
        draft.topic = "我们自己的主题".into();
        draft.kinds = vec![ActivityKind::TechnicalLecture];
        draft.steps = vec![ActivityStep {
            step: Step::InteractiveImprovement,
            entry: StepEntry {
                plan_content: "自己写的交流内容".into(),
                ..Default::default()
            },
        }];
        let filled = fill_empty(&mut draft, &PlanTemplate::from(&topic(3, "春耕政策学习")));
        assert_eq!(draft.topic, "我们自己的主题");
        assert_eq!(draft.kinds, [ActivityKind::TechnicalLecture]);
        assert_eq!(draft.steps[2].entry.plan_content, "自己写的交流内容");
        assert_eq!(
            draft.steps[0].entry.plan_content,
            "学习党的二十届四中全会精神"
        );
        assert_eq!(
            filled,
            ["theoryStudy.planContent", "practicalTraining.planContent"]
        );
    }

    #[test]
    fn an_earlier_activity_gives_its_plan_but_not_its_records() {
        let earlier = Activity {
            id: "a".into(),
            branch_id: "b".into(),
            year: 2025,
            month: Some(11),
            topic: "冬季大棚保温".into(),
            kinds: vec![ActivityKind::OnSiteObservation],
            date: NaiveDate::from_ymd_opt(2025, 11, 11).unwrap(),
            start_time: "09:00".into(),
            venue: "东关村".into(),
            leader: "农技站王技术员".into(),
            status: crate::activity::ActivityStatus::Held,
            held_on: None,
            residents_present: 5,
            attendance_taken: true,
            steps: vec![ActivityStep {
                step: Step::PracticalTraining,
                entry: StepEntry {
                    plan_content: "保温被使用".into(),
                    plan_minutes: 60,
                    practice_forms: vec![PracticeForm::OnSiteTeaching],
                    record_done: "已讲解".into(),
                    record_notes: "效果好".into(),
                    ..Default::default()
                },
            }],
        };
        let mut draft = empty_draft();
        fill_empty(&mut draft, &PlanTemplate::from(&earlier));
        assert_eq!(draft.leader, "农技站王技术员");
        let step = &draft.steps[0].entry;
        assert_eq!(step.plan_content, "保温被使用");
        assert_eq!(step.plan_minutes, 60);
        assert_eq!(step.practice_forms, [PracticeForm::OnSiteTeaching]);
        assert!(step.record_done.is_empty() && step.record_notes.is_empty());
        assert_eq!(draft.venue, "", "the venue comes from the branch's own day");
    }
}
