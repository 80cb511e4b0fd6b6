-- An activity postponed and then held took place on the day it was held, which may be another
-- day than the one it was planned for (`date`, kept). `held_on` is that day; NULL for every
-- other activity, which takes place on `date`. The day an activity took place is the
-- expression indexed below: `Activity::took_place_on` in the core, `db::activities::TOOK_PLACE_ON`
-- in queries (the statistics find a period's activities by it). A held day counts for a held
-- activity only.
-- Numbered 0013: 0012 is taken by another change; this one neither needs nor touches it.
ALTER TABLE activity ADD COLUMN held_on TEXT CHECK (held_on IS NULL OR held_on >= date);
CREATE INDEX activity_took_place_on
    ON activity((CASE WHEN status = 'held' THEN COALESCE(held_on, date) ELSE date END));
