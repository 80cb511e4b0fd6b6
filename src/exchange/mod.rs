//! Exchange files (`.bpx`): a branch's data moved to another computer (the community's), and
//! the community's decisions sent back. The layout is documented in `FORMAT.md` beside this
//! file.
//!
//! Every record travels as its table row (column → value) and keeps its id, so the same record
//! is recognised on every computer. An import compares each record's content hash with the one
//! here and with the hash both sides last agreed on (table `exchange_base`): see [`plan`].

pub mod file;
pub mod plan;
pub mod rows;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A table row: column name → value (text, integer or null).
pub type Record = serde_json::Map<String, serde_json::Value>;

/// What a file carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ExchangeFileKind")]
pub enum FileKind {
    /// A branch's own data, sent to the community (or to a new computer).
    Branch,
    /// The community's decisions for one branch, sent back to it.
    Decisions,
}

/// How an existing record of a kind is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Compared and merged (new / changed / unchanged / kept / conflict).
    Merge,
    /// Inserted when missing, never changed: a branch's file carries its town and community
    /// so a computer that has never seen them gets them, but it does not decide them.
    EnsureOnly,
    /// Taken only together with the community, when this import inserts it (a computer that
    /// has never seen the community gets its rows as they are in the file); otherwise this
    /// computer's rows stay, none added, none changed. A branch's file carries its community's
    /// rule history this way: the branch needs it to compute its dates, but the committee
    /// decides it, so an older copy must not bring back a rule change the committee deleted.
    WithNewCommunity,
}

/// Who a record belongs to, checked on import so a file cannot touch another branch's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The town of the file's community.
    Town,
    /// The file's community (its `id`).
    Community,
    /// A column that must hold the file's community id.
    CommunityColumn(&'static str),
    /// A column that must hold the file's branch id.
    BranchColumn(&'static str),
    /// A column naming a record of another kind in the same file.
    Parent(&'static str, &'static str),
    /// A photo: of an activity or of a point in the file.
    Photo,
}

/// One kind of record: a table, how a record is identified and which rows a file carries.
#[derive(Debug, Clone, Copy)]
pub struct KindSpec {
    /// The table name, also the kind's name in the file.
    pub kind: &'static str,
    /// Identifying columns; empty means the whole row (append-only histories, whose own
    /// sequence numbers differ between computers).
    pub key: &'static [&'static str],
    /// Columns not carried (local sequence numbers).
    pub skip: &'static [&'static str],
    /// The rows of the file's branch: a condition where `?1` is the branch id.
    pub scope: &'static str,
    pub mode: Mode,
    pub owner: Owner,
    /// Columns that name the record to a person (shown with a conflict).
    pub label: &'static [&'static str],
    /// Rows nothing refers to (links, plans): a row both sides agreed on that the file no
    /// longer has was deleted there and is deleted here; rows are rewritten as delete + insert,
    /// all deletes first, so a member moving between teams or two seats swapping members do
    /// not trip a unique index halfway.
    pub deletes: bool,
}

const OF_BRANCH: &str = "branch_id = ?1";
const OF_COMMUNITY: &str = "community_id = (SELECT community_id FROM branch WHERE id = ?1)";
const OF_ACTIVITIES: &str = "activity_id IN (SELECT id FROM activity WHERE branch_id = ?1)";
const OF_POINTS: &str = "point_id IN (SELECT id FROM demo_point WHERE branch_id = ?1)";

const TOWN: KindSpec = KindSpec {
    kind: "town",
    key: &["id"],
    skip: &[],
    scope: "id = (SELECT c.town_id FROM community c JOIN branch b ON b.community_id = c.id
                  WHERE b.id = ?1)",
    mode: Mode::EnsureOnly,
    owner: Owner::Town,
    label: &["name"],
    deletes: false,
};

const COMMUNITY_SCOPE: &str = "id = (SELECT community_id FROM branch WHERE id = ?1)";

const DAY_PLAN: KindSpec = KindSpec {
    kind: "day_plan",
    key: &["branch_id", "effective_from"],
    skip: &[],
    scope: OF_BRANCH,
    mode: Mode::Merge,
    owner: Owner::BranchColumn("branch_id"),
    label: &["effective_from", "weekday", "start_time"],
    deletes: true,
};

/// The community's activity-week rule from a month on (the community's decision; see
/// `crate::week_rule`).
const COMMUNITY_WEEK_RULE: KindSpec = KindSpec {
    kind: "community_week_rule",
    key: &["community_id", "effective_from"],
    skip: &[],
    scope: OF_COMMUNITY,
    mode: Mode::Merge,
    owner: Owner::CommunityColumn("community_id"),
    label: &["effective_from", "rule"],
    deletes: true,
};

const DAY_MOVE: KindSpec = KindSpec {
    kind: "day_move",
    key: &["branch_id", "year", "month"],
    skip: &[],
    scope: OF_BRANCH,
    mode: Mode::Merge,
    owner: Owner::BranchColumn("branch_id"),
    label: &["year", "month", "date"],
    deletes: true,
};

/// A branch's file, in the order records are written (a record after those it refers to).
pub const BRANCH_KINDS: &[KindSpec] = &[
    TOWN,
    KindSpec {
        kind: "community",
        key: &["id"],
        skip: &[],
        scope: COMMUNITY_SCOPE,
        mode: Mode::EnsureOnly,
        owner: Owner::Community,
        label: &["name"],
        deletes: false,
    },
    KindSpec {
        mode: Mode::WithNewCommunity,
        deletes: false,
        ..COMMUNITY_WEEK_RULE
    },
    KindSpec {
        kind: "branch",
        key: &["id"],
        skip: &[],
        scope: "id = ?1",
        mode: Mode::Merge,
        owner: Owner::BranchColumn("id"),
        label: &["name"],
        deletes: false,
    },
    KindSpec {
        kind: "member",
        key: &["id"],
        skip: &[],
        scope: OF_BRANCH,
        mode: Mode::Merge,
        owner: Owner::BranchColumn("branch_id"),
        label: &["name", "birth_year"],
        deletes: false,
    },
    KindSpec {
        kind: "committee_seat",
        key: &["branch_id", "role"],
        skip: &[],
        scope: OF_BRANCH,
        mode: Mode::Merge,
        owner: Owner::BranchColumn("branch_id"),
        label: &["role"],
        deletes: true,
    },
    KindSpec {
        kind: "seat_term",
        key: &["branch_id", "role", "member_id", "from_date"],
        skip: &["id"],
        scope: OF_BRANCH,
        mode: Mode::Merge,
        owner: Owner::BranchColumn("branch_id"),
        label: &["role", "from_date", "until_date"],
        deletes: false,
    },
    KindSpec {
        kind: "weekday_wish",
        key: &["branch_id", "weekday"],
        skip: &[],
        scope: OF_BRANCH,
        mode: Mode::Merge,
        owner: Owner::BranchColumn("branch_id"),
        label: &["weekday", "wish"],
        deletes: true,
    },
    DAY_PLAN,
    DAY_MOVE,
    KindSpec {
        kind: "team",
        key: &["id"],
        skip: &[],
        scope: OF_BRANCH,
        mode: Mode::Merge,
        owner: Owner::BranchColumn("branch_id"),
        label: &["year", "name"],
        deletes: false,
    },
    KindSpec {
        kind: "team_member",
        key: &["team_id", "member_id"],
        skip: &[],
        scope: OF_BRANCH,
        mode: Mode::Merge,
        owner: Owner::BranchColumn("branch_id"),
        label: &["year"],
        deletes: true,
    },
    KindSpec {
        kind: "demo_point",
        key: &["id"],
        skip: &[],
        scope: OF_BRANCH,
        mode: Mode::Merge,
        owner: Owner::BranchColumn("branch_id"),
        label: &["name", "status"],
        deletes: false,
    },
    KindSpec {
        kind: "demo_point_member",
        key: &["point_id", "member_id"],
        skip: &[],
        scope: OF_POINTS,
        mode: Mode::Merge,
        owner: Owner::Parent("point_id", "demo_point"),
        label: &["position"],
        deletes: true,
    },
    KindSpec {
        kind: "demo_point_history",
        key: &[],
        skip: &["seq"],
        scope: OF_POINTS,
        mode: Mode::Merge,
        owner: Owner::Parent("point_id", "demo_point"),
        label: &["on_date", "status"],
        deletes: false,
    },
    KindSpec {
        kind: "activity",
        key: &["id"],
        // Counts the database keeps itself from attendance and steps (migration 0009): carried
        // they would be counted twice when the attendance rows arrive.
        skip: &["roll_count", "present_count", "steps_recorded"],
        scope: OF_BRANCH,
        mode: Mode::Merge,
        owner: Owner::BranchColumn("branch_id"),
        label: &["date", "topic", "status"],
        deletes: false,
    },
    KindSpec {
        kind: "activity_step",
        key: &["activity_id", "step"],
        skip: &[],
        scope: OF_ACTIVITIES,
        mode: Mode::Merge,
        owner: Owner::Parent("activity_id", "activity"),
        label: &["step", "plan_content"],
        deletes: false,
    },
    KindSpec {
        kind: "attendance",
        key: &["activity_id", "member_id"],
        skip: &[],
        scope: OF_ACTIVITIES,
        mode: Mode::Merge,
        owner: Owner::Parent("activity_id", "activity"),
        label: &["present", "absence_reason"],
        deletes: true,
    },
    KindSpec {
        kind: "activity_audit",
        key: &[],
        skip: &["seq"],
        scope: OF_ACTIVITIES,
        mode: Mode::Merge,
        owner: Owner::Parent("activity_id", "activity"),
        label: &["at", "field"],
        deletes: false,
    },
    KindSpec {
        kind: "suggestion",
        key: &["id"],
        skip: &[],
        scope: OF_BRANCH,
        mode: Mode::Merge,
        owner: Owner::BranchColumn("branch_id"),
        label: &["received_on", "text", "status"],
        deletes: false,
    },
    KindSpec {
        kind: "problem",
        key: &["id"],
        skip: &[],
        scope: OF_BRANCH,
        mode: Mode::Merge,
        owner: Owner::BranchColumn("branch_id"),
        label: &["raised_on", "person", "status"],
        deletes: false,
    },
    KindSpec {
        kind: "photo",
        key: &["id"],
        skip: &[],
        scope: "activity_id IN (SELECT id FROM activity WHERE branch_id = ?1)
                OR point_id IN (SELECT id FROM demo_point WHERE branch_id = ?1)",
        mode: Mode::Merge,
        owner: Owner::Photo,
        label: &["file_name", "added_on"],
        deletes: false,
    },
];

/// The community's decisions for one branch: its activity-week rules and day-sharing limit,
/// shared venues, the study plan, and the branch's day plan and moves as the committee decided.
pub const DECISION_KINDS: &[KindSpec] = &[
    TOWN,
    KindSpec {
        kind: "community",
        key: &["id"],
        skip: &[],
        scope: COMMUNITY_SCOPE,
        mode: Mode::Merge,
        owner: Owner::Community,
        label: &["name", "week_rule"],
        deletes: false,
    },
    COMMUNITY_WEEK_RULE,
    KindSpec {
        kind: "community_venue",
        key: &["community_id", "name"],
        skip: &[],
        scope: OF_COMMUNITY,
        mode: Mode::Merge,
        owner: Owner::CommunityColumn("community_id"),
        label: &["name"],
        deletes: true,
    },
    KindSpec {
        kind: "study_topic",
        key: &["community_id", "year", "month"],
        skip: &[],
        scope: OF_COMMUNITY,
        mode: Mode::Merge,
        owner: Owner::CommunityColumn("community_id"),
        label: &["year", "month", "topic"],
        deletes: true,
    },
    DAY_PLAN,
    DAY_MOVE,
];

pub fn kinds_of(kind: FileKind) -> &'static [KindSpec] {
    match kind {
        FileKind::Branch => BRANCH_KINDS,
        FileKind::Decisions => DECISION_KINDS,
    }
}

impl KindSpec {
    /// The identifying columns of `record`: the key, or every carried column.
    pub fn key_columns(&self, record: &Record) -> Vec<String> {
        if self.key.is_empty() {
            record.keys().cloned().collect()
        } else {
            self.key.iter().map(|k| (*k).to_owned()).collect()
        }
    }

    /// The record's identity as text: a JSON array of its key values (stable, comparable).
    pub fn key_of(&self, record: &Record) -> String {
        let values: Vec<&serde_json::Value> = self
            .key_columns(record)
            .iter()
            .map(|c| record.get(c).unwrap_or(&serde_json::Value::Null))
            .collect();
        serde_json::to_string(&values).unwrap_or_default()
    }

    /// What a person recognises the record by: its label columns' values.
    pub fn label_of(&self, record: &Record) -> String {
        self.label
            .iter()
            .filter_map(|c| match record.get(*c) {
                Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The content hash of a record: SHA-256 over its columns in name order.
pub fn hash(record: &Record) -> String {
    let sorted: BTreeMap<&String, &serde_json::Value> = record.iter().collect();
    let text = serde_json::to_string(&sorted).unwrap_or_default();
    crate::digest::sha256_hex(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(pairs: &[(&str, serde_json::Value)]) -> Record {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn the_hash_ignores_column_order_and_sees_every_value() {
        let a = record(&[("id", "m1".into()), ("name", "张三".into())]);
        let b = record(&[("name", "张三".into()), ("id", "m1".into())]);
        let c = record(&[("id", "m1".into()), ("name", "张四".into())]);
        assert_eq!(hash(&a), hash(&b));
        assert_ne!(hash(&a), hash(&c));
        assert_eq!(hash(&a).len(), 64);
    }

    #[test]
    fn a_key_is_its_columns_or_the_whole_row_for_histories() {
        let seat = BRANCH_KINDS
            .iter()
            .find(|k| k.kind == "committee_seat")
            .unwrap();
        let row = record(&[
            ("branch_id", "b1".into()),
            ("role", "secretary".into()),
            ("member_id", "m1".into()),
        ]);
        assert_eq!(seat.key_of(&row), r#"["b1","secretary"]"#);
        let history = BRANCH_KINDS
            .iter()
            .find(|k| k.kind == "demo_point_history")
            .unwrap();
        let entry = record(&[("point_id", "p1".into()), ("on_date", "2026-01-02".into())]);
        assert_eq!(history.key_of(&entry), r#"["2026-01-02","p1"]"#);
    }

    #[test]
    fn every_kind_is_written_after_the_kinds_it_refers_to() {
        for kinds in [BRANCH_KINDS, DECISION_KINDS] {
            let names: Vec<&str> = kinds.iter().map(|k| k.kind).collect();
            for (i, spec) in kinds.iter().enumerate() {
                if let Owner::Parent(_, parent) = spec.owner {
                    let at = names.iter().position(|n| *n == parent).unwrap();
                    assert!(at < i, "{} before its parent {parent}", spec.kind);
                }
            }
        }
    }

    #[test]
    fn labels_join_the_filled_label_columns() {
        let member = BRANCH_KINDS.iter().find(|k| k.kind == "member").unwrap();
        let row = record(&[("name", "李四".into()), ("birth_year", 1970.into())]);
        assert_eq!(member.label_of(&row), "李四 · 1970");
    }
}
