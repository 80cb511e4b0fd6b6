-- A community's annual study plan: the topic of each month that the committee hands to all
-- its branches (a month without a row has no common topic).
CREATE TABLE study_topic (
    community_id TEXT NOT NULL REFERENCES community(id),
    year         INTEGER NOT NULL,
    month        INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    topic        TEXT NOT NULL CHECK (topic <> ''),
    kinds        TEXT NOT NULL DEFAULT '',
    theory       TEXT NOT NULL DEFAULT '',
    practice     TEXT NOT NULL DEFAULT '',
    exchange     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (community_id, year, month)
);
