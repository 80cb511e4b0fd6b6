-- 定规范: activities in three steps, attendance, the audit history of held activities, and the
-- branch ledgers of suggestions and residents' problems.

CREATE TABLE activity (
    id                TEXT PRIMARY KEY NOT NULL,
    branch_id         TEXT NOT NULL REFERENCES branch(id),
    year              INTEGER NOT NULL,
    -- The month of the activity day it belongs to; NULL for an extra activity.
    month             INTEGER CHECK (month BETWEEN 1 AND 12),
    topic             TEXT NOT NULL,
    kinds             TEXT NOT NULL DEFAULT '',
    date              TEXT NOT NULL,
    start_time        TEXT NOT NULL,
    venue             TEXT NOT NULL DEFAULT '',
    leader            TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'planned'
                      CHECK (status IN ('planned', 'held', 'postponed', 'cancelled')),
    status_reason     TEXT NOT NULL DEFAULT '',
    postponed_to      TEXT,
    residents_present INTEGER NOT NULL DEFAULT 0 CHECK (residents_present >= 0),
    attendance_taken  INTEGER NOT NULL DEFAULT 0 CHECK (attendance_taken IN (0, 1))
);
CREATE INDEX activity_branch_year ON activity(branch_id, year);
-- One activity per branch per activity day.
CREATE UNIQUE INDEX activity_branch_day ON activity(branch_id, year, month) WHERE month IS NOT NULL;

CREATE TABLE activity_step (
    activity_id    TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    step           TEXT NOT NULL
                   CHECK (step IN ('theoryStudy', 'practicalTraining', 'interactiveImprovement')),
    plan_content   TEXT NOT NULL DEFAULT '',
    plan_leader    TEXT NOT NULL DEFAULT '',
    plan_materials TEXT NOT NULL DEFAULT '',
    plan_minutes   INTEGER NOT NULL DEFAULT 0,
    practice_forms TEXT NOT NULL DEFAULT '',
    record_done    TEXT NOT NULL DEFAULT '',
    record_notes   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (activity_id, step)
);

CREATE TABLE attendance (
    activity_id    TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    member_id      TEXT NOT NULL REFERENCES member(id),
    present        INTEGER NOT NULL CHECK (present IN (0, 1)),
    absence_reason TEXT CHECK (absence_reason IN ('migrantWork', 'illness', 'leave', 'other')),
    note           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (activity_id, member_id)
);
CREATE INDEX attendance_member_id ON attendance(member_id);

-- Who changed what on a held activity, and when. Append-only.
CREATE TABLE activity_audit (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id TEXT NOT NULL REFERENCES activity(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    field       TEXT NOT NULL,
    before      TEXT NOT NULL,
    after       TEXT NOT NULL
);
CREATE INDEX activity_audit_activity_id ON activity_audit(activity_id);
CREATE TRIGGER activity_audit_no_update BEFORE UPDATE ON activity_audit
BEGIN SELECT RAISE(ABORT, 'the audit history is append-only'); END;
CREATE TRIGGER activity_audit_no_delete BEFORE DELETE ON activity_audit
BEGIN SELECT RAISE(ABORT, 'the audit history is append-only'); END;

CREATE TABLE suggestion (
    id          TEXT PRIMARY KEY NOT NULL,
    branch_id   TEXT NOT NULL REFERENCES branch(id),
    activity_id TEXT REFERENCES activity(id),
    text        TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('member', 'resident')),
    source_name TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('received', 'answered', 'adopted', 'passedUp')),
    response    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX suggestion_branch_id ON suggestion(branch_id, received_on);
CREATE INDEX suggestion_activity_id ON suggestion(activity_id);

CREATE TABLE problem (
    id          TEXT PRIMARY KEY NOT NULL,
    branch_id   TEXT NOT NULL REFERENCES branch(id),
    activity_id TEXT REFERENCES activity(id),
    person      TEXT NOT NULL,
    description TEXT NOT NULL,
    raised_on   TEXT NOT NULL,
    help        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('open', 'solved', 'passedUp')),
    solved_on   TEXT
);
CREATE INDEX problem_branch_id ON problem(branch_id, raised_on);
CREATE INDEX problem_activity_id ON problem(activity_id);
