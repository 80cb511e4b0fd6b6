//! Reuse on real files: a community's study plan handed to its branches, and a plan started
//! from an earlier activity.

use branch_planner::activity::{ActivityDraft, ActivityKind, ActivityStatus, Step};
use branch_planner::api::activities as acts;
use branch_planner::api::register as reg;
use branch_planner::api::study_plans::{copy_plan_from, hand_out, save_study_plan, study_plan};
use branch_planner::study_plan::{StudyPlan, StudyTopic};
use branch_planner::{Error, ErrorCode};
use rusqlite::Connection;

use crate::activities::{march_draft, steps, BRANCH};
use crate::{branch_id, demo_db};

/// The community of the demo branch and the names of all its branches.
fn community_of(conn: &Connection, branch: &str) -> (String, Vec<(String, String)>) {
    let tree = reg::org_tree(conn).unwrap();
    for c in tree.towns.iter().flat_map(|t| &t.communities) {
        if c.branches.iter().any(|b| b.branch.id == branch) {
            let branches = c
                .branches
                .iter()
                .map(|b| (b.branch.id.clone(), b.branch.name.clone()))
                .collect();
            return (c.community.id.clone(), branches);
        }
    }
    panic!("no community for {branch}");
}

fn topic(month: u32, text: &str) -> StudyTopic {
    StudyTopic {
        month,
        topic: text.into(),
        kinds: vec![ActivityKind::StudyTraining],
        theory: "学习乡村振兴促进法".into(),
        practice: "到示范合作社观摩".into(),
        exchange: "结合本村谈打算".into(),
    }
}

#[test]
fn a_months_topic_reaches_every_branch_without_overwriting_what_they_wrote() {
    let (_dir, _path, mut conn) = demo_db();
    let own = branch_id(&conn, BRANCH);
    let (community, branches) = community_of(&conn, &own);
    assert!(
        branches.len() >= 3,
        "the demo community has several branches"
    );
    let plan = save_study_plan(
        &mut conn,
        StudyPlan {
            community_id: community.clone(),
            year: 2026,
            topics: vec![
                topic(4, "四月：春耕生产政策"),
                topic(3, "三月：学习一号文件"),
            ],
        },
    )
    .unwrap();
    assert_eq!(
        plan.topics.iter().map(|t| t.month).collect::<Vec<_>>(),
        [3, 4]
    );

    // One branch has already planned March with its own topic and only step 3 written.
    let mut own_draft = march_draft(&conn, &own);
    own_draft.topic = "我们自己的春季育苗培训".into();
    own_draft.steps = steps(false);
    own_draft.steps[0].entry.plan_content.clear();
    let own_id = acts::plan_activity(&mut conn, own_draft)
        .unwrap()
        .activity
        .id;

    let report = hand_out(&mut conn, &community, 2026, 3).unwrap();
    assert_eq!(report.filled, [BRANCH]);
    assert_eq!(report.created.len(), branches.len() - 1);
    assert!(report.kept.is_empty() && report.no_day.is_empty());

    let own_after = acts::activity_detail(&conn, &own_id).unwrap().activity;
    assert_eq!(
        own_after.topic, "我们自己的春季育苗培训",
        "the branch's topic stays"
    );
    assert_eq!(own_after.steps[0].entry.plan_content, "学习乡村振兴促进法");
    assert_eq!(
        own_after.steps[1].entry.plan_content, "大棚现场教学：春季育苗",
        "what the branch wrote stays"
    );
    for (id, name) in branches.iter().filter(|(id, _)| *id != own) {
        let list = acts::activities_of_year(&conn, id, 2026).unwrap();
        let march: Vec<_> = list.iter().filter(|a| a.month == Some(3)).collect();
        assert_eq!(march.len(), 1, "{name} got its March activity");
        assert_eq!(march[0].topic, "三月：学习一号文件");
        assert_eq!(march[0].status, ActivityStatus::Planned);
    }

    // Handing it out again changes nothing.
    let again = hand_out(&mut conn, &community, 2026, 3).unwrap();
    assert!(again.created.is_empty() && again.filled.is_empty());
    assert_eq!(again.kept.len(), branches.len());

    // A month without a topic is refused, and so is an unknown community.
    let err = hand_out(&mut conn, &community, 2026, 5).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);
    let err = hand_out(&mut conn, "no-such-community", 2026, 3).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);

    // A secretary planning April starts from the committee's topic.
    let april = acts::draft_for_day(&conn, &own, 2026, 4).unwrap();
    assert_eq!(april.topic, "四月：春耕生产政策");
    assert_eq!(april.kinds, [ActivityKind::StudyTraining]);
    let practice = april
        .steps
        .iter()
        .find(|s| s.step == Step::PracticalTraining)
        .unwrap();
    assert_eq!(practice.entry.plan_content, "到示范合作社观摩");
}

#[test]
fn a_refused_plan_leaves_the_saved_one_untouched() {
    let (_dir, _path, mut conn) = demo_db();
    let own = branch_id(&conn, BRANCH);
    let (community, _) = community_of(&conn, &own);
    save_study_plan(
        &mut conn,
        StudyPlan {
            community_id: community.clone(),
            year: 2026,
            topics: vec![topic(3, "三月主题")],
        },
    )
    .unwrap();
    let err = save_study_plan(
        &mut conn,
        StudyPlan {
            community_id: community.clone(),
            year: 2026,
            topics: vec![topic(5, "五月"), topic(5, "又一个五月")],
        },
    )
    .unwrap_err();
    match err {
        Error::Invalid(fields) => assert_eq!(fields[0].field, "topics.1.month"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    let kept = study_plan(&conn, &community, 2026).unwrap();
    assert_eq!(kept.topics.len(), 1);
    assert_eq!(kept.topics[0].topic, "三月主题");
}

#[test]
fn a_new_plan_starts_from_an_earlier_activity_without_its_records() {
    let (_dir, _path, mut conn) = demo_db();
    let own = branch_id(&conn, BRANCH);
    let mut earlier = march_draft(&conn, &own);
    earlier.steps = steps(true);
    let source = acts::plan_activity(&mut conn, earlier).unwrap().activity.id;

    let blank = ActivityDraft {
        topic: String::new(),
        kinds: vec![],
        leader: String::new(),
        steps: vec![],
        ..acts::draft_for_day(&conn, &own, 2026, 5).unwrap()
    };
    let copied = copy_plan_from(&conn, &source, blank.clone()).unwrap();
    assert_eq!(copied.topic, "春季育苗技术培训");
    assert_eq!(copied.leader, "县农技站 王技术员");
    assert_eq!(copied.date, blank.date, "the date stays the new day's");
    assert_eq!(copied.steps[1].entry.plan_content, "大棚现场教学：春季育苗");
    assert!(
        copied.steps.iter().all(|s| s.entry.record_done.is_empty()),
        "records are not copied"
    );
    let err = copy_plan_from(&conn, "no-such-activity", blank).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}
