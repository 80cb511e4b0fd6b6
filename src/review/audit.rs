//! The review audit log: every change of a review is an entry, and the entries form one chain
//! for the whole database. Each entry's hash is SHA-256 over the previous entry's hash and the
//! entry's canonical content, so editing, removing or reordering an entry breaks every hash
//! after it. Each entry also carries the digest of its review's data *after* the change: data
//! edited behind the app's back no longer matches the digest of the review's last entry.

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

/// The canonical content of an entry: a JSON array of its fields in a fixed order.
fn canonical(seq: u32, e: &NewEntry) -> String {
    let at = e.at.format("%Y-%m-%dT%H:%M:%S%.f").to_string();
    serde_json::to_string(&(
        seq,
        &e.review_id,
        at,
        &e.actor,
        &e.action,
        &e.detail,
        &e.state_digest,
    ))
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
}

impl BreakKind {
    pub fn describe_zh(self) -> &'static str {
        match self {
            BreakKind::Gap => "此前有记录被删除",
            BreakKind::Link => "与上一条记录的链接不符",
            BreakKind::Content => "记录内容被改动，与其哈希不符",
            BreakKind::Data => "评议数据在此记录之后被改动",
            BreakKind::Unrecorded => "评议没有任何审计记录",
        }
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
}

impl ChainBreak {
    pub fn describe(&self) -> String {
        let at = self
            .seq
            .map_or_else(|| "—".to_owned(), |seq| format!("#{seq}"));
        format!(
            "audit entry {at} (review {}, {}): {} / {}",
            self.review_id,
            self.action,
            self.kind.describe_zh(),
            match self.kind {
                BreakKind::Gap => "an entry before it was removed",
                BreakKind::Link => "it does not link to the previous entry",
                BreakKind::Content => "its content no longer matches its hash",
                BreakKind::Data => "the review's data was changed after this entry",
                BreakKind::Unrecorded => "the review has no audit entry",
            }
        )
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

/// Checks the links and hashes of `entries` (in `seq` order); the first broken entry.
pub fn verify_chain(entries: &[ReviewAuditEntry]) -> Option<ChainBreak> {
    let mut prev_hash = GENESIS;
    for (expected_seq, e) in (1..).zip(entries) {
        let broken = |kind| ChainBreak {
            seq: Some(e.seq),
            review_id: e.review_id.clone(),
            action: e.action.clone(),
            kind,
        };
        if e.seq != expected_seq {
            return Some(broken(BreakKind::Gap));
        }
        if e.prev_hash != prev_hash {
            return Some(broken(BreakKind::Link));
        }
        let content = NewEntry {
            review_id: e.review_id.clone(),
            at: e.at,
            actor: e.actor.clone(),
            action: e.action.clone(),
            detail: e.detail.clone(),
            state_digest: e.state_digest.clone(),
        };
        if entry_hash(prev_hash, e.seq, &content) != e.hash {
            return Some(broken(BreakKind::Content));
        }
        prev_hash = &e.hash;
    }
    None
}

/// Checks every review's current data against the digest of its last entry; `reviews` holds
/// `(review id, digest of its data now)`. The break with the lowest entry number, reviews
/// without entries first.
pub fn verify_data(
    entries: &[ReviewAuditEntry],
    reviews: &[(String, String)],
) -> Option<ChainBreak> {
    let mut breaks: Vec<ChainBreak> = Vec::new();
    for (review_id, now) in reviews {
        match entries.iter().rev().find(|e| &e.review_id == review_id) {
            None => breaks.push(ChainBreak {
                seq: None,
                review_id: review_id.clone(),
                action: String::new(),
                kind: BreakKind::Unrecorded,
            }),
            Some(last) if &last.state_digest != now => breaks.push(ChainBreak {
                seq: Some(last.seq),
                review_id: review_id.clone(),
                action: last.action.clone(),
                kind: BreakKind::Data,
            }),
            Some(_) => {}
        }
    }
    breaks.into_iter().min_by_key(|b| b.seq)
}

/// The whole check: the chain first, then the data against it.
pub fn verify(entries: &[ReviewAuditEntry], reviews: &[(String, String)]) -> ChainCheck {
    ChainCheck {
        entries: entries.len() as u32,
        reviews: reviews.len() as u32,
        broken: verify_chain(entries).or_else(|| verify_data(entries, reviews)),
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

    fn entry(review: &str, action: &str, minute: u32, digest: &str) -> NewEntry {
        NewEntry {
            review_id: review.into(),
            at: at(minute),
            actor: "社区党委".into(),
            action: action.into(),
            detail: format!("{{\"minute\":{minute}}}"),
            state_digest: digest.into(),
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

    #[test]
    fn a_sealed_chain_verifies() {
        let entries = chain();
        assert_eq!(entries[0].prev_hash, GENESIS);
        assert_eq!(entries[1].prev_hash, entries[0].hash);
        assert_eq!(entries[3].seq, 4);
        assert_eq!(entries[0].hash.len(), 64);
        let check = verify(&entries, &[("r1".into(), "d3".into())]);
        assert_eq!(check.broken, None);
        assert_eq!(check.entries, 4);
    }

    #[test]
    fn the_hash_is_sha256_of_the_previous_hash_and_the_content() {
        let e = entry("r1", "open", 0, "d0");
        let expected = sha256_hex(&format!(
            "{GENESIS}\n[1,\"r1\",\"2025-07-10T09:00:00\",\"社区党委\",\"open\",\"{{\\\"minute\\\":0}}\",\"d0\"]"
        ));
        assert_eq!(seal(None, e).hash, expected);
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
    }

    #[test]
    fn a_rehashed_entry_breaks_the_link_of_the_next() {
        let mut entries = chain();
        entries[1].detail = "{\"minute\":9}".into();
        let content = NewEntry {
            review_id: "r1".into(),
            at: entries[1].at,
            actor: entries[1].actor.clone(),
            action: entries[1].action.clone(),
            detail: entries[1].detail.clone(),
            state_digest: entries[1].state_digest.clone(),
        };
        entries[1].hash = entry_hash(&entries[1].prev_hash, 2, &content);
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
    fn data_changed_after_the_last_entry_is_reported() {
        let entries = chain();
        let check = verify(&entries, &[("r1".into(), "edited".into())]);
        let broken = check.broken.unwrap();
        assert_eq!((broken.seq, broken.kind), (Some(4), BreakKind::Data));
        let stray = verify(&entries, &[("r2".into(), "x".into())])
            .broken
            .unwrap();
        assert_eq!(stray.kind, BreakKind::Unrecorded);
        assert!(stray.describe().contains("r2"));
    }
}
