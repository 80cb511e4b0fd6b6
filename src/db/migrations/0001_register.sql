-- The organisation register: towns -> communities -> service-type branches -> members,
-- and each branch's three committee seats. Ids are UUID text so they survive moving data
-- between machines.

CREATE TABLE town (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL UNIQUE
);

CREATE TABLE community (
    id             TEXT PRIMARY KEY NOT NULL,
    town_id        TEXT NOT NULL REFERENCES town(id),
    name           TEXT NOT NULL,
    committee_name TEXT NOT NULL,
    UNIQUE (town_id, name)
);
CREATE INDEX community_town_id ON community(town_id);

CREATE TABLE branch (
    id           TEXT PRIMARY KEY NOT NULL,
    community_id TEXT NOT NULL REFERENCES community(id),
    name         TEXT NOT NULL,
    basis        TEXT NOT NULL CHECK (basis IN ('trade', 'skill', 'age', 'other')),
    note         TEXT NOT NULL DEFAULT '',
    UNIQUE (community_id, name)
);
CREATE INDEX branch_community_id ON branch(community_id);

CREATE TABLE member (
    id          TEXT PRIMARY KEY NOT NULL,
    branch_id   TEXT NOT NULL REFERENCES branch(id),
    name        TEXT NOT NULL,
    gender      TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    birth_year  INTEGER NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    specialty   TEXT NOT NULL DEFAULT '',
    joined_on   TEXT,
    capable     INTEGER NOT NULL DEFAULT 0 CHECK (capable IN (0, 1)),
    archived_on TEXT
);
CREATE INDEX member_branch_id ON member(branch_id);

CREATE TABLE committee_seat (
    branch_id TEXT NOT NULL REFERENCES branch(id),
    role      TEXT NOT NULL CHECK (role IN ('secretary', 'organising', 'publicity')),
    member_id TEXT NOT NULL UNIQUE REFERENCES member(id),
    PRIMARY KEY (branch_id, role)
);
CREATE INDEX committee_seat_member_id ON committee_seat(member_id);
