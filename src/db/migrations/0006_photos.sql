-- Photos kept as evidence: of an activity (that it happened) or of a demonstration point.
-- The image itself is copied into the folder beside the database file; the row says which
-- copy it is and what the user's original was called.
CREATE TABLE photo (
    id          TEXT PRIMARY KEY NOT NULL,
    activity_id TEXT REFERENCES activity(id),
    point_id    TEXT REFERENCES demo_point(id),
    file_name   TEXT NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    media_type  TEXT NOT NULL,
    bytes       INTEGER NOT NULL CHECK (bytes > 0),
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    added_on    TEXT NOT NULL,
    -- Exactly one owner.
    CHECK ((activity_id IS NULL) <> (point_id IS NULL))
);
CREATE INDEX photo_activity_id ON photo(activity_id);
CREATE INDEX photo_point_id ON photo(point_id);
