-- 评议: the quarterly review of a community's branches by Party members and residents.
-- A review per community and quarter with a copy of the tally settings; its branches with their
-- fact sheets (JSON, kept as built) and the committee's comments; registered reviewers per
-- group; ballot sheets with a mark per branch; hand-counted totals; rectification items; and
-- the hash-chained audit log. Triggers refuse changes to a finalised review at the SQL level
-- too, and keep the audit log append-only.

-- A community's tally settings (formula, weights, threshold) for its next reviews.
CREATE TABLE review_settings (
    community_id TEXT PRIMARY KEY NOT NULL REFERENCES community(id),
    settings     TEXT NOT NULL
);

CREATE TABLE review (
    id           TEXT PRIMARY KEY NOT NULL,
    community_id TEXT NOT NULL REFERENCES community(id),
    year         INTEGER NOT NULL,
    quarter      INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    state        TEXT NOT NULL DEFAULT 'draft'
                 CHECK (state IN ('draft', 'collecting', 'tallied', 'finalised')),
    -- The tally settings this review uses (JSON of ReviewSettings).
    settings     TEXT NOT NULL,
    opened_on    TEXT NOT NULL,
    UNIQUE (community_id, year, quarter)
);

CREATE TABLE review_branch (
    review_id TEXT NOT NULL REFERENCES review(id),
    branch_id TEXT NOT NULL REFERENCES branch(id),
    position  INTEGER NOT NULL,
    facts     TEXT NOT NULL,
    comment   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, branch_id)
);
CREATE INDEX review_branch_branch_id ON review_branch(branch_id);

-- How many reviewers of each group were registered; ballots may not exceed it.
CREATE TABLE review_reviewers (
    review_id      TEXT NOT NULL REFERENCES review(id),
    reviewer_group TEXT NOT NULL CHECK (reviewer_group IN ('member', 'resident')),
    registered     INTEGER NOT NULL CHECK (registered >= 0),
    PRIMARY KEY (review_id, reviewer_group)
);

-- One paper ballot sheet.
CREATE TABLE review_ballot (
    id             TEXT PRIMARY KEY NOT NULL,
    review_id      TEXT NOT NULL REFERENCES review(id),
    sheet_no       INTEGER NOT NULL,
    reviewer_group TEXT NOT NULL CHECK (reviewer_group IN ('member', 'resident')),
    UNIQUE (review_id, sheet_no)
);

-- The sheet's mark for each branch of the review.
CREATE TABLE review_ballot_mark (
    ballot_id TEXT NOT NULL REFERENCES review_ballot(id) ON DELETE CASCADE,
    review_id TEXT NOT NULL,
    branch_id TEXT NOT NULL,
    mark      TEXT NOT NULL CHECK (mark IN ('satisfied', 'fairlySatisfied', 'dissatisfied',
                                            'noRating', 'twoRatings')),
    comment   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (ballot_id, branch_id),
    FOREIGN KEY (review_id, branch_id) REFERENCES review_branch(review_id, branch_id)
);
CREATE INDEX review_ballot_mark_branch ON review_ballot_mark(review_id, branch_id);

-- Hand-counted votes of sheets not entered one by one, per branch and group.
CREATE TABLE review_total (
    review_id        TEXT NOT NULL,
    branch_id        TEXT NOT NULL,
    reviewer_group   TEXT NOT NULL CHECK (reviewer_group IN ('member', 'resident')),
    satisfied        INTEGER NOT NULL CHECK (satisfied >= 0),
    fairly_satisfied INTEGER NOT NULL CHECK (fairly_satisfied >= 0),
    dissatisfied     INTEGER NOT NULL CHECK (dissatisfied >= 0),
    no_rating        INTEGER NOT NULL CHECK (no_rating >= 0),
    two_ratings      INTEGER NOT NULL CHECK (two_ratings >= 0),
    PRIMARY KEY (review_id, branch_id, reviewer_group),
    FOREIGN KEY (review_id, branch_id) REFERENCES review_branch(review_id, branch_id)
);

-- 整改事项: what a branch must put right, carried into the next quarter's fact sheet.
CREATE TABLE rectification_item (
    id        TEXT PRIMARY KEY NOT NULL,
    review_id TEXT NOT NULL,
    branch_id TEXT NOT NULL,
    what      TEXT NOT NULL,
    owner     TEXT NOT NULL,
    due_on    TEXT NOT NULL,
    status    TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    done_on   TEXT,
    note      TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (review_id, branch_id) REFERENCES review_branch(review_id, branch_id)
);
CREATE INDEX rectification_item_review ON rectification_item(review_id, branch_id);
CREATE INDEX rectification_item_branch ON rectification_item(branch_id);

-- The audit log: one chain over every review (see review::audit).
CREATE TABLE review_audit (
    seq          INTEGER PRIMARY KEY NOT NULL,
    review_id    TEXT NOT NULL REFERENCES review(id),
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    detail       TEXT NOT NULL,
    state_digest TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX review_audit_review_id ON review_audit(review_id);
CREATE TRIGGER review_audit_no_update BEFORE UPDATE ON review_audit
BEGIN SELECT RAISE(ABORT, 'the review audit log is append-only'); END;
CREATE TRIGGER review_audit_no_delete BEFORE DELETE ON review_audit
BEGIN SELECT RAISE(ABORT, 'the review audit log is append-only'); END;

-- A finalised review only leaves that state (reopening); nothing else of it changes.
CREATE TRIGGER review_finalised_update BEFORE UPDATE ON review
WHEN OLD.state = 'finalised' AND NEW.state = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER review_finalised_delete BEFORE DELETE ON review
WHEN OLD.state = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;

CREATE TRIGGER review_branch_locked_insert BEFORE INSERT ON review_branch
WHEN (SELECT state FROM review WHERE id = NEW.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER review_branch_locked_update BEFORE UPDATE ON review_branch
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER review_branch_locked_delete BEFORE DELETE ON review_branch
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;

CREATE TRIGGER review_reviewers_locked_insert BEFORE INSERT ON review_reviewers
WHEN (SELECT state FROM review WHERE id = NEW.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER review_reviewers_locked_update BEFORE UPDATE ON review_reviewers
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER review_reviewers_locked_delete BEFORE DELETE ON review_reviewers
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;

CREATE TRIGGER review_ballot_locked_insert BEFORE INSERT ON review_ballot
WHEN (SELECT state FROM review WHERE id = NEW.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER review_ballot_locked_update BEFORE UPDATE ON review_ballot
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER review_ballot_locked_delete BEFORE DELETE ON review_ballot
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;

CREATE TRIGGER review_ballot_mark_locked_insert BEFORE INSERT ON review_ballot_mark
WHEN (SELECT state FROM review WHERE id = NEW.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER review_ballot_mark_locked_update BEFORE UPDATE ON review_ballot_mark
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER review_ballot_mark_locked_delete BEFORE DELETE ON review_ballot_mark
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;

CREATE TRIGGER review_total_locked_insert BEFORE INSERT ON review_total
WHEN (SELECT state FROM review WHERE id = NEW.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER review_total_locked_update BEFORE UPDATE ON review_total
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER review_total_locked_delete BEFORE DELETE ON review_total
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;

-- An item of a finalised review keeps what it says; only its follow-up (status, date, note)
-- may still change, and the next quarter's fact sheet shows it.
CREATE TRIGGER rectification_item_locked_insert BEFORE INSERT ON rectification_item
WHEN (SELECT state FROM review WHERE id = NEW.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER rectification_item_locked_update BEFORE UPDATE OF review_id, branch_id, what, owner, due_on
ON rectification_item
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
CREATE TRIGGER rectification_item_locked_delete BEFORE DELETE ON rectification_item
WHEN (SELECT state FROM review WHERE id = OLD.review_id) = 'finalised'
BEGIN SELECT RAISE(ABORT, 'the review is finalised'); END;
