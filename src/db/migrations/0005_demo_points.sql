-- 定标准: "3+X" demonstration points. The history of committee seats (who held which seat
-- when, so a change mid-year is judged right), teams of capable members per year, the points
-- with the members involved and their status history, and a point as an activity's venue.

-- Who held each seat, and when: from `from_date` up to the day before `until_date`.
-- NULL from_date: since before records were kept; NULL until_date: still holding it.
CREATE TABLE seat_term (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    branch_id  TEXT NOT NULL REFERENCES branch(id),
    role       TEXT NOT NULL CHECK (role IN ('secretary', 'organising', 'publicity')),
    member_id  TEXT NOT NULL REFERENCES member(id),
    from_date  TEXT,
    until_date TEXT,
    CHECK (from_date IS NULL OR until_date IS NULL OR from_date < until_date)
);
CREATE INDEX seat_term_branch_role ON seat_term(branch_id, role);
CREATE INDEX seat_term_member_id ON seat_term(member_id);
-- At most one open term per seat.
CREATE UNIQUE INDEX seat_term_open ON seat_term(branch_id, role) WHERE until_date IS NULL;
INSERT INTO seat_term (branch_id, role, member_id, from_date, until_date)
    SELECT branch_id, role, member_id, NULL, NULL FROM committee_seat;

-- A team (组团) of a branch's capable members for one year.
CREATE TABLE team (
    id        TEXT PRIMARY KEY NOT NULL,
    branch_id TEXT NOT NULL REFERENCES branch(id),
    year      INTEGER NOT NULL,
    name      TEXT NOT NULL,
    UNIQUE (branch_id, year, name),
    -- The target of team_member's foreign key, which carries the branch and year.
    UNIQUE (id, branch_id, year)
);

-- A member belongs to at most one team per branch and year: the branch and year are copied
-- from the team (the composite foreign key keeps them equal) so UNIQUE can say so.
CREATE TABLE team_member (
    team_id   TEXT NOT NULL,
    member_id TEXT NOT NULL REFERENCES member(id),
    branch_id TEXT NOT NULL,
    year      INTEGER NOT NULL,
    PRIMARY KEY (team_id, member_id),
    UNIQUE (branch_id, year, member_id),
    FOREIGN KEY (team_id, branch_id, year) REFERENCES team(id, branch_id, year)
        ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX team_member_team ON team_member(team_id, branch_id, year);
CREATE INDEX team_member_member_id ON team_member(member_id);

CREATE TABLE demo_point (
    id               TEXT PRIMARY KEY NOT NULL,
    branch_id        TEXT NOT NULL REFERENCES branch(id),
    name             TEXT NOT NULL,
    category         TEXT NOT NULL CHECK (category IN ('planting', 'breeding', 'processing',
                                                       'ecommerce', 'services', 'culture',
                                                       'other')),
    location         TEXT NOT NULL DEFAULT '',
    created_on       TEXT NOT NULL,
    leader_kind      TEXT NOT NULL CHECK (leader_kind IN ('committee', 'team')),
    leader_member_id TEXT REFERENCES member(id),
    leader_team_id   TEXT REFERENCES team(id),
    description      TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    closed_on        TEXT,
    close_reason     TEXT NOT NULL DEFAULT '',
    CHECK ((leader_kind = 'committee' AND leader_member_id IS NOT NULL AND leader_team_id IS NULL)
        OR (leader_kind = 'team' AND leader_team_id IS NOT NULL AND leader_member_id IS NULL)),
    CHECK ((status = 'closed') = (closed_on IS NOT NULL))
);
CREATE INDEX demo_point_branch_created ON demo_point(branch_id, created_on);
CREATE INDEX demo_point_leader_member_id ON demo_point(leader_member_id);
CREATE INDEX demo_point_leader_team_id ON demo_point(leader_team_id);

-- Members involved in a point besides its leader, in the order entered.
CREATE TABLE demo_point_member (
    point_id  TEXT NOT NULL REFERENCES demo_point(id) ON DELETE CASCADE,
    member_id TEXT NOT NULL REFERENCES member(id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (point_id, member_id)
);
CREATE INDEX demo_point_member_member_id ON demo_point_member(member_id);

-- Every status a point has had: active from its creation, closed on a date with a reason,
-- active again. Append-only.
CREATE TABLE demo_point_history (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    point_id    TEXT NOT NULL REFERENCES demo_point(id),
    on_date     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active', 'closed')),
    reason      TEXT NOT NULL DEFAULT '',
    recorded_on TEXT NOT NULL
);
CREATE INDEX demo_point_history_point_id ON demo_point_history(point_id);
CREATE TRIGGER demo_point_history_no_update BEFORE UPDATE ON demo_point_history
BEGIN SELECT RAISE(ABORT, 'the point history is append-only'); END;
CREATE TRIGGER demo_point_history_no_delete BEFORE DELETE ON demo_point_history
BEGIN SELECT RAISE(ABORT, 'the point history is append-only'); END;

-- A demonstration point as the venue of an activity (on-site teaching, observation).
ALTER TABLE activity ADD COLUMN point_id TEXT REFERENCES demo_point(id);
CREATE INDEX activity_point_id ON activity(point_id);
