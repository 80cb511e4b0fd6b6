//! The review audit log: every change of a review is an entry, and the entries form one chain
//! for the whole database. Each entry's hash is SHA-256 over the previous entry's hash and the
//! entry's canonical content, so editing, removing or reordering an entry breaks every hash
//! after it. Each entry also carries the digest of its review's data *after* the change: data
//! edited behind the app's back no longer matches the digest of the review's last entry. The
//! entry also keeps a digest per part of the review (`PartDigests`), so a mismatch names what
//! changed: the ballots, the totals, the settings, …
//!
//! A chain cannot see its newest entries cut off, so each review row anchors its own end of
//! the log: how many entries it has and the hash of its last one (kept by a trigger as entries
//! are appended). A review whose anchor the log does not reach had entries removed.
//!
//! Rules: every change of a review first passes `check_review` (its entries, its anchor, its
//! data); `verify` checks the whole log and every review the same way.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The previous hash of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the log, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewAuditEntry {
    /// 1, 2, 3, … without gaps.
    pub seq: u32,
    pub review_id: String,
    pub at: NaiveDateTime,
    pub actor: String,
    /// What was done, e.g. `open`, `ballotAdded`, `finalise`, `reopen`.
    pub action: String,
    /// The change as JSON text; hashed exactly as stored.
    pub detail: String,
    /// SHA-256 of the review's data after the change (see `digest`).
    pub state_digest: String,
    /// `PartDigests` as JSON text, hashed as stored; absent in entries written before 0012.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub part_digests: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// An entry before it is chained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub review_id: String,
    pub at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub detail: String,
    pub state_digest: String,
    pub part_digests: Option<String>,
}

impl NewEntry {
    fn of(e: &ReviewAuditEntry) -> NewEntry {
        NewEntry {
            review_id: e.review_id.clone(),
            at: e.at,
            actor: e.actor.clone(),
            action: e.action.clone(),
            detail: e.detail.clone(),
            state_digest: e.state_digest.clone(),
            part_digests: e.part_digests.clone(),
        }
    }
}

/// SHA-256 of any text, in hex.
pub fn sha256_hex(text: &str) -> String {
    crate::digest::sha256_hex(text.as_bytes())
}

/// The digest of a review's data: SHA-256 of its JSON. The caller passes a value whose JSON is
/// deterministic (structs, vectors in a fixed order, text stored verbatim, no maps).
pub fn digest<T: Serialize>(content: &T) -> String {
    sha256_hex(&serde_json::to_string(content).unwrap_or_default())
}

/// A part of a review's data, digested on its own so a mismatch can say what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ReviewPart {
    /// The review's own row: its state, community, quarter, opening day.
    State,
    Settings,
    /// The branches with their fact sheets and the committee's comments.
    Branches,
    Reviewers,
    /// The ballot sheets and their marks.
    Ballots,
    /// Hand-counted totals.
    Totals,
    /// Rectification items.
    Items,
}

impl ReviewPart {
    pub const ALL: [ReviewPart; 7] = [
        ReviewPart::State,
        ReviewPart::Settings,
        ReviewPart::Branches,
        ReviewPart::Reviewers,
        ReviewPart::Ballots,
        ReviewPart::Totals,
        ReviewPart::Items,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            ReviewPart::State => "评议状态",
            ReviewPart::Settings => "统计设置",
            ReviewPart::Branches => "支部事实材料与评语",
            ReviewPart::Reviewers => "登记评议人数",
            ReviewPart::Ballots => "选票",
            ReviewPart::Totals => "汇总票数",
            ReviewPart::Items => "整改事项",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ReviewPart::State => "state",
            ReviewPart::Settings => "settings",
            ReviewPart::Branches => "branches",
            ReviewPart::Reviewers => "reviewers",
            ReviewPart::Ballots => "ballots",
            ReviewPart::Totals => "totals",
            ReviewPart::Items => "items",
        }
    }
}

/// The digest of each part of a review's data, in `ReviewPart` order (its JSON is stored in
/// the entry as text, so the order is fixed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartDigests {
    pub state: String,
    pub settings: String,
    pub branches: String,
    pub reviewers: String,
    pub ballots: String,
    pub totals: String,
    pub items: String,
}

impl PartDigests {
    pub fn get(&self, part: ReviewPart) -> &str {
        match part {
            ReviewPart::State => &self.state,
            ReviewPart::Settings => &self.settings,
            ReviewPart::Branches => &self.branches,
            ReviewPart::Reviewers => &self.reviewers,
            ReviewPart::Ballots => &self.ballots,
            ReviewPart::Totals => &self.totals,
            ReviewPart::Items => &self.items,
        }
    }

    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The parts whose digest differs from `now`.
    pub fn differing(&self, now: &PartDigests) -> Vec<ReviewPart> {
        ReviewPart::ALL
            .into_iter()
            .filter(|p| self.get(*p) != now.get(*p))
            .collect()
    }
}

/// The canonical content of an entry: a JSON array of its fields in a fixed order; the part
/// digests come last, only in entries that have them (older entries hash as they always did).
fn canonical(seq: u32, e: &NewEntry) -> String {
    let at = e.at.format("%Y-%m-%dT%H:%M:%S%.f").to_string();
    let fields = (
        seq,
        &e.review_id,
        at,
        &e.actor,
        &e.action,
        &e.detail,
        &e.state_digest,
    );
    match &e.part_digests {
        None => serde_json::to_string(&fields),
        Some(parts) => {
            let (a, b, c, d, f, g, h) = fields;
            serde_json::to_string(&(a, b, c, d, f, g, h, parts))
        }
    }
    .unwrap_or_default()
}

/// SHA-256 over the previous hash, a newline, and the canonical content.
pub fn entry_hash(prev_hash: &str, seq: u32, entry: &NewEntry) -> String {
    let text = format!("{prev_hash}\n{}", canonical(seq, entry));
    crate::digest::sha256_hex(text.as_bytes())
}

/// Chains `entry` after `last` (the newest entry, `None` for the first).
pub fn seal(last: Option<&ReviewAuditEntry>, entry: NewEntry) -> ReviewAuditEntry {
    let (seq, prev_hash) = match last {
        Some(l) => (l.seq + 1, l.hash.clone()),
        None => (1, GENESIS.to_owned()),
    };
    let hash = entry_hash(&prev_hash, seq, &entry);
    ReviewAuditEntry {
        seq,
        review_id: entry.review_id,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        detail: entry.detail,
        state_digest: entry.state_digest,
        part_digests: entry.part_digests,
        prev_hash,
        hash,
    }
}

/// How the chain is broken at an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BreakKind {
    /// An entry is missing before this one (its number is not the previous one + 1).
    Gap,
    /// The entry does not point at the previous entry's hash.
    Link,
    /// The entry's content was changed: it no longer matches its hash.
    Content,
    /// The review's data was changed after its last entry (a ballot, a comment, the state).
    Data,
    /// A review has no entry at all: it was not made by the app.
    Unrecorded,
    /// The review's anchor (its entry count and last hash) is not where its entries in the log
    /// end: its newest entries were removed (or the anchor was changed).
    Head,
}

impl BreakKind {
    pub fn describe_zh(self) -> &'static str {
        match self {
            BreakKind::Gap => "此前有记录被删除",
            BreakKind::Link => "与上一条记录的链接不符",
            BreakKind::Content => "记录内容被改动，与其哈希不符",
            BreakKind::Data => "评议数据在此记录之后被改动",
            BreakKind::Unrecorded => "评议没有任何审计记录",
            BreakKind::Head => "评议登记的审计记录条数或末条哈希与日志不符，最新的记录被删除",
        }
    }

    pub fn describe_en(self) -> &'static str {
        match self {
            BreakKind::Gap => "an entry before it was removed",
            BreakKind::Link => "it does not link to the previous entry",
            BreakKind::Content => "its content no longer matches its hash",
            BreakKind::Data => "the review's data was changed after this entry",
            BreakKind::Unrecorded => "the review has no audit entry",
            BreakKind::Head => {
                "the review's anchored entry count or last hash disagrees with the log: its newest entries were removed"
            }
        }
    }
}

/// Which review a break is about, in words (filled in by the caller that knows the names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewName {
    pub community: String,
    pub year: i32,
    pub quarter: u32,
}

/// A review's anchor: how many audit entries it has and the hash of its last one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChainHead {
    pub entries: u32,
    /// `None` before the first entry.
    pub hash: Option<String>,
}

impl ChainHead {
    /// The first 12 hex digits, as printed on paper.
    pub fn short_hash(&self) -> String {
        self.hash
            .as_deref()
            .map_or_else(|| "—".to_owned(), |h| h.chars().take(12).collect())
    }
}

/// The first place the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChainBreak {
    /// The entry that does not check out; `None` for a review without entries.
    pub seq: Option<u32>,
    pub review_id: String,
    pub action: String,
    pub kind: BreakKind,
    /// With `Data`: the parts of the review that changed (empty when its last entry predates
    /// part digests, so only "something" is known).
    pub parts: Vec<ReviewPart>,
    /// With `Head`: the anchor on the review row, and what the log holds for it.
    pub anchored: Option<ChainHead>,
    pub logged: Option<ChainHead>,
    pub review: Option<ReviewName>,
}

impl ChainBreak {
    fn new(seq: Option<u32>, review_id: &str, action: &str, kind: BreakKind) -> ChainBreak {
        ChainBreak {
            seq,
            review_id: review_id.to_owned(),
            action: action.to_owned(),
            kind,
            parts: Vec::new(),
            anchored: None,
            logged: None,
            review: None,
        }
    }

    /// The review in words: `杏花社区 2026 年第 3 季度` when named, else its id.
    pub fn review_label(&self) -> String {
        match &self.review {
            Some(n) => format!("{} {} 年第 {} 季度", n.community, n.year, n.quarter),
            None => self.review_id.clone(),
        }
    }

    pub fn describe(&self) -> String {
        let at = self
            .seq
            .map_or_else(|| "—".to_owned(), |seq| format!("#{seq}"));
        let mut text = format!(
            "audit entry {at} (review {}, {}): {} / {}",
            self.review_label(),
            self.action,
            self.kind.describe_zh(),
            self.kind.describe_en(),
        );
        if !self.parts.is_empty() {
            let zh: Vec<&str> = self.parts.iter().map(|p| p.label_zh()).collect();
            let en: Vec<&str> = self.parts.iter().map(|p| p.label_en()).collect();
            text.push_str(&format!(
                "; 被改动：{} / changed: {}",
                zh.join("、"),
                en.join(", ")
            ));
        }
        if let (Some(a), Some(l)) = (&self.anchored, &self.logged) {
            text.push_str(&format!(
                "; 评议登记 {} 条（末条 {}），日志中 {} 条（末条 {}） / anchored {} entries, the log holds {}",
                a.entries,
                a.short_hash(),
                l.entries,
                l.short_hash(),
                a.entries,
                l.entries
            ));
        }
        text
    }
}

/// The result of checking the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChainCheck {
    pub entries: u32,
    pub reviews: u32,
    /// `None`: 完整 (intact).
    pub broken: Option<ChainBreak>,
}

/// A review as it stands now, to check against the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewNow {
    pub review_id: String,
    /// `digest` of its data now.
    pub digest: String,
    pub parts: PartDigests,
    /// The anchor on its row.
    pub anchor: ChainHead,
}

/// Checks the links and hashes of `entries` (in `seq` order); the first broken entry.
pub fn verify_chain(entries: &[ReviewAuditEntry]) -> Option<ChainBreak> {
    let mut prev_hash = GENESIS;
    for (expected_seq, e) in (1..).zip(entries) {
        let broken = |kind| ChainBreak::new(Some(e.seq), &e.review_id, &e.action, kind);
        if e.seq != expected_seq {
            return Some(broken(BreakKind::Gap));
        }
        if e.prev_hash != prev_hash {
            return Some(broken(BreakKind::Link));
        }
        if entry_hash(prev_hash, e.seq, &NewEntry::of(e)) != e.hash {
            return Some(broken(BreakKind::Content));
        }
        prev_hash = &e.hash;
    }
    None
}

/// One review against its own entries (in `seq` order): its anchor must be where its entries
/// end, and its data must match the digest of its last entry. The parts that changed are named
/// when that entry has part digests.
pub fn review_break(own: &[ReviewAuditEntry], now: &ReviewNow) -> Option<ChainBreak> {
    let Some(last) = own.last() else {
        return Some(ChainBreak::new(
            None,
            &now.review_id,
            "",
            BreakKind::Unrecorded,
        ));
    };
    let logged = ChainHead {
        entries: own.len() as u32,
        hash: Some(last.hash.clone()),
    };
    if logged != now.anchor {
        return Some(ChainBreak {
            anchored: Some(now.anchor.clone()),
            logged: Some(logged),
            ..ChainBreak::new(
                Some(last.seq),
                &now.review_id,
                &last.action,
                BreakKind::Head,
            )
        });
    }
    if last.state_digest != now.digest {
        let parts = last
            .part_digests
            .as_deref()
            .and_then(|text| serde_json::from_str::<PartDigests>(text).ok())
            .map(|then| then.differing(&now.parts))
            .unwrap_or_default();
        return Some(ChainBreak {
            parts,
            ..ChainBreak::new(
                Some(last.seq),
                &now.review_id,
                &last.action,
                BreakKind::Data,
            )
        });
    }
    None
}

/// The check before a change of one review: each of its entries still matches its own hash
/// (the links run through other reviews' entries and are left to `verify`), then
/// `review_break`.
pub fn check_review(own: &[ReviewAuditEntry], now: &ReviewNow) -> Option<ChainBreak> {
    own.iter()
        .find(|e| entry_hash(&e.prev_hash, e.seq, &NewEntry::of(e)) != e.hash)
        .map(|e| ChainBreak::new(Some(e.seq), &e.review_id, &e.action, BreakKind::Content))
        .or_else(|| review_break(own, now))
}

/// Checks every review against its entries (`review_break`). The break with the lowest entry
/// number, reviews without entries first.
pub fn verify_data(entries: &[ReviewAuditEntry], reviews: &[ReviewNow]) -> Option<ChainBreak> {
    let mut by_review: HashMap<&str, Vec<ReviewAuditEntry>> = HashMap::new();
    for e in entries {
        by_review.entry(&e.review_id).or_default().push(e.clone());
    }
    reviews
        .iter()
        .filter_map(|now| {
            let own = by_review
                .get(now.review_id.as_str())
                .map_or(&[][..], Vec::as_slice);
            review_break(own, now)
        })
        .min_by_key(|b| b.seq)
}

/// The whole check: the chain first, then every review against it.
pub fn verify(entries: &[ReviewAuditEntry], reviews: &[ReviewNow]) -> ChainCheck {
    ChainCheck {
        entries: entries.len() as u32,
        reviews: reviews.len() as u32,
        broken: verify_chain(entries).or_else(|| verify_data(entries, reviews)),
    }
}

/// The head of the whole log: how many entries and the hash of the last.
pub fn chain_head(entries: &[ReviewAuditEntry]) -> ChainHead {
    ChainHead {
        entries: entries.len() as u32,
        hash: entries.last().map(|e| e.hash.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2025, 7, 10)
            .unwrap()
            .and_hms_opt(9, minute, 0)
            .unwrap()
    }

    /// Part digests whose ballots part says `ballots`, the rest fixed.
    fn parts(ballots: &str) -> PartDigests {
        PartDigests {
            ballots: ballots.into(),
            state: "s".into(),
            ..Default::default()
        }
    }

    fn entry(review: &str, action: &str, minute: u32, digest: &str) -> NewEntry {
        NewEntry {
            review_id: review.into(),
            at: at(minute),
            actor: "社区党委".into(),
            action: action.into(),
            detail: format!("{{\"minute\":{minute}}}"),
            state_digest: digest.into(),
            part_digests: Some(parts(digest).to_text()),
        }
    }

    fn chain() -> Vec<ReviewAuditEntry> {
        let mut out: Vec<ReviewAuditEntry> = Vec::new();
        for (i, action) in ["open", "ballotAdded", "tally", "finalise"]
            .iter()
            .enumerate()
        {
            let next = seal(out.last(), entry("r1", action, i as u32, &format!("d{i}")));
            out.push(next);
        }
        out
    }

    /// Review r1 as the chain left it: data digest `digest`, the chain's head as its anchor.
    fn now(entries: &[ReviewAuditEntry], digest: &str) -> ReviewNow {
        ReviewNow {
            review_id: "r1".into(),
            digest: digest.into(),
            parts: parts(digest),
            anchor: chain_head(entries),
        }
    }

    #[test]
    fn a_sealed_chain_verifies() {
        let entries = chain();
        assert_eq!(entries[0].prev_hash, GENESIS);
        assert_eq!(entries[1].prev_hash, entries[0].hash);
        assert_eq!(entries[3].seq, 4);
        assert_eq!(entries[0].hash.len(), 64);
        let check = verify(&entries, &[now(&entries, "d3")]);
        assert_eq!(check.broken, None);
        assert_eq!(check.entries, 4);
        assert_eq!(check_review(&entries, &now(&entries, "d3")), None);
    }

    #[test]
    fn the_hash_is_sha256_of_the_previous_hash_and_the_content() {
        let e = NewEntry {
            part_digests: None,
            ..entry("r1", "open", 0, "d0")
        };
        let expected = sha256_hex(&format!(
            "{GENESIS}\n[1,\"r1\",\"2025-07-10T09:00:00\",\"社区党委\",\"open\",\"{{\\\"minute\\\":0}}\",\"d0\"]"
        ));
        assert_eq!(
            seal(None, e.clone()).hash,
            expected,
            "an entry without part digests hashes as before 0012"
        );
        let with_parts = NewEntry {
            part_digests: Some("{\"state\":\"x\"}".into()),
            ..e
        };
        let expected = sha256_hex(&format!(
            "{GENESIS}\n[1,\"r1\",\"2025-07-10T09:00:00\",\"社区党委\",\"open\",\"{{\\\"minute\\\":0}}\",\"d0\",\"{{\\\"state\\\":\\\"x\\\"}}\"]"
        ));
        assert_eq!(seal(None, with_parts).hash, expected, "the parts come last");
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "the SHA-256 test vector"
        );
    }

    #[test]
    fn an_edited_entry_is_the_first_broken_one() {
        let mut entries = chain();
        entries[1].detail = "{\"minute\":9}".into();
        let broken = verify_chain(&entries).unwrap();
        assert_eq!((broken.seq, broken.kind), (Some(2), BreakKind::Content));
        assert_eq!(broken.action, "ballotAdded");
        let own = check_review(&entries, &now(&entries, "d3")).unwrap();
        assert_eq!((own.seq, own.kind), (Some(2), BreakKind::Content));
    }

    #[test]
    fn edited_part_digests_break_the_entry() {
        let mut entries = chain();
        entries[3].part_digests = Some(parts("other").to_text());
        let broken = verify_chain(&entries).unwrap();
        assert_eq!((broken.seq, broken.kind), (Some(4), BreakKind::Content));
    }

    #[test]
    fn a_rehashed_entry_breaks_the_link_of_the_next() {
        let mut entries = chain();
        entries[1].detail = "{\"minute\":9}".into();
        entries[1].hash = entry_hash(&entries[1].prev_hash, 2, &NewEntry::of(&entries[1]));
        let broken = verify_chain(&entries).unwrap();
        assert_eq!((broken.seq, broken.kind), (Some(3), BreakKind::Link));
    }

    #[test]
    fn a_removed_entry_leaves_a_gap() {
        let mut entries = chain();
        entries.remove(2);
        let broken = verify_chain(&entries).unwrap();
        assert_eq!((broken.seq, broken.kind), (Some(4), BreakKind::Gap));
    }

    #[test]
    fn a_cut_off_tail_disagrees_with_the_review_anchor() {
        let entries = chain();
        let anchored = now(&entries, "d2");
        let cut = &entries[..3];
        assert_eq!(verify_chain(cut), None, "the chain alone cannot see it");
        let broken = verify(cut, std::slice::from_ref(&anchored)).broken.unwrap();
        assert_eq!((broken.seq, broken.kind), (Some(3), BreakKind::Head));
        assert_eq!(broken.anchored.as_ref().unwrap().entries, 4);
        assert_eq!(broken.logged.as_ref().unwrap().entries, 3);
        assert!(
            broken.describe().contains("评议登记 4 条"),
            "{}",
            broken.describe()
        );
        assert_eq!(check_review(cut, &anchored).unwrap().kind, BreakKind::Head);
    }

    #[test]
    fn data_changed_after_the_last_entry_names_the_part() {
        let entries = chain();
        let check = verify(&entries, &[now(&entries, "edited")]);
        let broken = check.broken.unwrap();
        assert_eq!((broken.seq, broken.kind), (Some(4), BreakKind::Data));
        assert_eq!(broken.parts, [ReviewPart::Ballots]);
        assert!(broken.describe().contains("选票"), "{}", broken.describe());
        let stray = ReviewNow {
            review_id: "r2".into(),
            ..now(&entries, "x")
        };
        let stray = verify(&entries, &[stray]).broken.unwrap();
        assert_eq!(stray.kind, BreakKind::Unrecorded);
        assert!(stray.describe().contains("r2"));
    }

    #[test]
    fn an_entry_without_part_digests_still_detects_a_change() {
        let mut entries: Vec<ReviewAuditEntry> = Vec::new();
        for (i, action) in ["open", "tally"].iter().enumerate() {
            let old = NewEntry {
                part_digests: None,
                ..entry("r1", action, i as u32, &format!("d{i}"))
            };
            let next = seal(entries.last(), old);
            entries.push(next);
        }
        let broken = review_break(&entries, &now(&entries, "edited")).unwrap();
        assert_eq!(broken.kind, BreakKind::Data);
        assert!(broken.parts.is_empty(), "which part is not known");
    }
}
