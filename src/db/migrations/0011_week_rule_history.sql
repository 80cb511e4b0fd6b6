-- 定时间: a community's activity-week rule from a month on, like a branch's day plan. A change
-- applies from its month; earlier months keep the rule they had, so past calendars, statistics
-- and reviews keep their dates. Scheduling reads only this table.
--
-- `community.week_rule` stays as the rule of the earliest month (the row from '1900-01', which
-- every community has and which cannot be deleted). The triggers below keep the two equal
-- whichever way a row arrives: the app, or an exchange file (one from an older version carries
-- only the column).

CREATE TABLE community_week_rule (
    community_id   TEXT NOT NULL REFERENCES community(id),
    effective_from TEXT NOT NULL CHECK (
        effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'
        AND substr(effective_from, 6, 2) BETWEEN '01' AND '12'),
    rule           TEXT NOT NULL
        CHECK (rule IN ('second-weekday', 'second-monday-week', 'second-calendar-row')),
    PRIMARY KEY (community_id, effective_from)
);

-- Until now a community had one rule for every month: it holds from the earliest month on.
INSERT INTO community_week_rule (community_id, effective_from, rule)
    SELECT id, '1900-01', week_rule FROM community;

-- A new community starts its history with its rule.
CREATE TRIGGER community_week_rule_seed AFTER INSERT ON community
BEGIN
    INSERT OR IGNORE INTO community_week_rule (community_id, effective_from, rule)
        VALUES (NEW.id, '1900-01', NEW.week_rule);
END;

-- The column changed (by an older exchange file): the earliest row follows.
CREATE TRIGGER community_week_rule_from_column AFTER UPDATE OF week_rule ON community
BEGIN
    UPDATE community_week_rule SET rule = NEW.week_rule
        WHERE community_id = NEW.id AND effective_from = '1900-01' AND rule <> NEW.week_rule;
END;

-- The earliest row written: the column follows.
CREATE TRIGGER community_week_rule_to_column_insert AFTER INSERT ON community_week_rule
    WHEN NEW.effective_from = '1900-01'
BEGIN
    UPDATE community SET week_rule = NEW.rule
        WHERE id = NEW.community_id AND week_rule <> NEW.rule;
END;

CREATE TRIGGER community_week_rule_to_column_update AFTER UPDATE OF rule ON community_week_rule
    WHEN NEW.effective_from = '1900-01'
BEGIN
    UPDATE community SET week_rule = NEW.rule
        WHERE id = NEW.community_id AND week_rule <> NEW.rule;
END;
