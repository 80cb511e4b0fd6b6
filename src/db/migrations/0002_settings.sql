-- App settings kept with the data (language, first-run choice), and a search index on names
-- for the member table's search box.

CREATE TABLE app_setting (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE INDEX member_name ON member(name);
