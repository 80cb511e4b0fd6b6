-- 定时间: the community's activity-week rule and day-sharing limit, each branch's fixed day
-- (effective from a month on), weekday wishes for auto-assign, secretaries' manual moves, and
-- holiday schedules imported or edited by users.

ALTER TABLE community ADD COLUMN week_rule TEXT NOT NULL DEFAULT 'second-weekday'
    CHECK (week_rule IN ('second-weekday', 'second-monday-week', 'second-calendar-row'));
ALTER TABLE community ADD COLUMN day_share_limit INTEGER NOT NULL DEFAULT 1
    CHECK (day_share_limit BETWEEN 1 AND 99);

-- Venues several branches of a community use (a meeting room, a demonstration farm).
CREATE TABLE community_venue (
    community_id TEXT NOT NULL REFERENCES community(id),
    name         TEXT NOT NULL,
    PRIMARY KEY (community_id, name)
);

-- A branch's fixed activity day from `effective_from` (YYYY-MM) on; earlier months keep the
-- plan that applied to them.
CREATE TABLE day_plan (
    branch_id      TEXT NOT NULL REFERENCES branch(id),
    effective_from TEXT NOT NULL,
    weekday        TEXT NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
    start_time     TEXT NOT NULL,
    venue          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (branch_id, effective_from)
);

-- Weekdays a branch prefers or cannot meet on, for the community's auto-assign.
CREATE TABLE weekday_wish (
    branch_id TEXT NOT NULL REFERENCES branch(id),
    weekday   TEXT NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
    wish      TEXT NOT NULL CHECK (wish IN ('preferred', 'impossible')),
    PRIMARY KEY (branch_id, weekday)
);

-- A secretary's move of one month's activity day. Regenerating a year never touches these.
CREATE TABLE day_move (
    branch_id    TEXT NOT NULL REFERENCES branch(id),
    year         INTEGER NOT NULL,
    month        INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    date         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    PRIMARY KEY (branch_id, year, month)
);

-- A year's holiday schedule imported by a user (holiday-cn JSON); it replaces the built-in one.
CREATE TABLE holiday_year (
    year   INTEGER PRIMARY KEY NOT NULL,
    source TEXT NOT NULL,
    json   TEXT NOT NULL
);

-- Single days edited by hand on top of a year's schedule: a day off, a make-up workday, or
-- ('normal') a listed day removed.
CREATE TABLE holiday_edit (
    date TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('off', 'work', 'normal')),
    name TEXT NOT NULL DEFAULT ''
);

-- Reminders already shown, so a restart does not repeat them: `kind` is 'before' or 'on-day'.
CREATE TABLE reminder_sent (
    branch_id TEXT NOT NULL REFERENCES branch(id),
    date      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('before', 'on-day')),
    PRIMARY KEY (branch_id, date, kind)
);
