//! The merge rule of an import, pure: what happens to one incoming record given the content
//! hash it has on this computer, the hash both sides last agreed on, and the file's hash.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What an import does with one record of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ExchangeAction")]
pub enum Action {
    /// Not on this computer: inserted.
    New,
    /// Changed only in the file since the last exchange: the file's version is taken.
    Changed,
    /// The same on both sides.
    Unchanged,
    /// Changed only on this computer since the last exchange: this computer's version stays.
    Kept,
    /// Changed on both sides (or never exchanged and different): the user chooses.
    Conflict,
}

/// The user's choice for a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ExchangeChoice")]
pub enum Choice {
    /// 保留本机: this computer's version stays.
    Mine,
    /// 采用文件: the file's version replaces it.
    Theirs,
}

/// `local`: the record's hash here (None when missing); `base`: the hash at the last export or
/// import of it (None when never exchanged); `incoming`: the file's hash.
pub fn classify(local: Option<&str>, base: Option<&str>, incoming: &str) -> Action {
    match (local, base) {
        (None, _) => Action::New,
        (Some(l), _) if l == incoming => Action::Unchanged,
        (Some(l), Some(b)) if l == b => Action::Changed,
        (Some(_), Some(b)) if b == incoming => Action::Kept,
        _ => Action::Conflict,
    }
}

/// Whether a row here that the file does not have was deleted on the other side: both sides
/// agreed on it and it has not changed here since. A row changed here, or never exchanged
/// (added here), stays.
pub fn deleted_there(local: &str, base: Option<&str>) -> bool {
    base == Some(local)
}

/// Whether the file's version is written for this action (and choice, for a conflict).
pub fn writes(action: Action, choice: Option<Choice>) -> bool {
    match action {
        Action::New | Action::Changed => true,
        Action::Conflict => choice == Some(Choice::Theirs),
        Action::Unchanged | Action::Kept => false,
    }
}

/// Per record kind: how many of each action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ExchangeKindCounts")]
pub struct KindCounts {
    /// The table name, e.g. `member`.
    pub kind: String,
    pub new: u32,
    pub changed: u32,
    pub unchanged: u32,
    pub kept: u32,
    pub conflicting: u32,
    /// Rows deleted here because the other side deleted them (links and plans only).
    pub deleted: u32,
}

impl KindCounts {
    pub fn new(kind: &str) -> Self {
        KindCounts {
            kind: kind.to_owned(),
            ..Default::default()
        }
    }

    pub fn add(&mut self, action: Action) {
        let slot = match action {
            Action::New => &mut self.new,
            Action::Changed => &mut self.changed,
            Action::Unchanged => &mut self.unchanged,
            Action::Kept => &mut self.kept,
            Action::Conflict => &mut self.conflicting,
        };
        *slot += 1;
    }

    pub fn total(&self) -> u32 {
        self.new + self.changed + self.unchanged + self.kept + self.conflicting
    }
}

/// Sums over kinds, for the CLI's one-line summary.
pub fn totals(kinds: &[KindCounts]) -> KindCounts {
    let mut all = KindCounts::new("all");
    for k in kinds {
        all.new += k.new;
        all.changed += k.changed;
        all.unchanged += k.unchanged;
        all.kept += k.kept;
        all.conflicting += k.conflicting;
        all.deleted += k.deleted;
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_missing_here_is_new_whatever_the_base() {
        assert_eq!(classify(None, None, "a"), Action::New);
        assert_eq!(classify(None, Some("a"), "a"), Action::New);
    }

    #[test]
    fn equal_content_is_unchanged_even_without_a_base() {
        assert_eq!(classify(Some("a"), None, "a"), Action::Unchanged);
        assert_eq!(classify(Some("a"), Some("b"), "a"), Action::Unchanged);
    }

    #[test]
    fn only_the_file_changed_takes_it_only_here_changed_keeps_ours() {
        assert_eq!(classify(Some("base"), Some("base"), "new"), Action::Changed);
        assert_eq!(classify(Some("mine"), Some("base"), "base"), Action::Kept);
    }

    #[test]
    fn both_changed_or_never_agreed_is_a_conflict() {
        assert_eq!(
            classify(Some("mine"), Some("base"), "theirs"),
            Action::Conflict
        );
        assert_eq!(classify(Some("mine"), None, "theirs"), Action::Conflict);
    }

    #[test]
    fn a_row_missing_from_the_file_goes_only_when_agreed_and_untouched_here() {
        assert!(deleted_there("a", Some("a")));
        assert!(!deleted_there("changed-here", Some("a")));
        assert!(!deleted_there("added-here", None));
    }

    #[test]
    fn only_new_changed_and_conflicts_resolved_as_theirs_write() {
        assert!(writes(Action::New, None));
        assert!(writes(Action::Changed, None));
        assert!(!writes(Action::Unchanged, None));
        assert!(!writes(Action::Kept, None));
        assert!(!writes(Action::Conflict, None));
        assert!(!writes(Action::Conflict, Some(Choice::Mine)));
        assert!(writes(Action::Conflict, Some(Choice::Theirs)));
    }

    #[test]
    fn counts_add_up_per_action_and_over_kinds() {
        let mut a = KindCounts::new("member");
        for action in [Action::New, Action::New, Action::Conflict, Action::Kept] {
            a.add(action);
        }
        let mut b = KindCounts::new("activity");
        b.add(Action::Unchanged);
        b.add(Action::Changed);
        assert_eq!((a.new, a.conflicting, a.kept, a.total()), (2, 1, 1, 4));
        let all = totals(&[a, b]);
        assert_eq!(
            (
                all.new,
                all.changed,
                all.unchanged,
                all.kept,
                all.conflicting
            ),
            (2, 1, 1, 1, 1)
        );
    }
}
