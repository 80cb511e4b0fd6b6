-- The review audit chain anchored outside the log, and a digest per part of a review.
--
-- A hash chain cannot see its newest entries cut off. Each review row keeps how many audit
-- entries it has and the hash of its last one; a trigger keeps both as entries are appended,
-- so entries removed from the end show as a review whose anchor the log no longer reaches.
-- Each entry may also keep the digest of every part of its review (state, settings, branches,
-- reviewers, ballots, totals, items) as JSON text, hashed with the entry, so a review whose
-- data no longer matches its last entry is reported with the parts that changed.

ALTER TABLE review ADD COLUMN audit_entries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review ADD COLUMN audit_head TEXT;
ALTER TABLE review_audit ADD COLUMN part_digests TEXT;

-- The finalised-review guard covers the review's own columns, not its anchor: appending the
-- finalise entry (and a follow-up's) moves the anchor of a finalised review.
DROP TRIGGER review_finalised_update;

UPDATE review SET
    audit_entries = (SELECT COUNT(*) FROM review_audit a WHERE a.review_id = review.id),
    audit_head = (SELECT a.hash FROM review_audit a WHERE a.review_id = review.id
                  ORDER BY a.seq DESC LIMIT 1);

CREATE TRIGGER review_finalised_update
BEFORE UPDATE OF id, community_id, year, quarter, state, settings, opened_on ON review
WHEN OLD.state = 'finalised' AND NEW.state = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;

CREATE TRIGGER review_audit_anchor AFTER INSERT ON review_audit
BEGIN
    UPDATE review SET audit_entries = audit_entries + 1, audit_head = NEW.hash
    WHERE id = NEW.review_id;
END;
