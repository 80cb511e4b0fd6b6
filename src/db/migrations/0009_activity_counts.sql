-- Statistics read a city's quarter from the activity rows alone: each activity keeps how many
-- members its sign-in sheet lists, how many of them were present and how many of its three
-- steps have a record. Triggers keep the counts whatever writes the rows (the app, imports,
-- exchange files), so they cannot drift from the rows they count.
ALTER TABLE activity ADD COLUMN roll_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE activity ADD COLUMN present_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE activity ADD COLUMN steps_recorded INTEGER NOT NULL DEFAULT 0;

UPDATE activity SET
    roll_count = (SELECT COUNT(*) FROM attendance t WHERE t.activity_id = activity.id),
    present_count = (SELECT COALESCE(SUM(t.present), 0) FROM attendance t
                     WHERE t.activity_id = activity.id),
    steps_recorded = (SELECT COUNT(*) FROM activity_step s
                      WHERE s.activity_id = activity.id AND trim(s.record_done) <> '');

CREATE TRIGGER attendance_counted_insert AFTER INSERT ON attendance BEGIN
    UPDATE activity SET roll_count = roll_count + 1, present_count = present_count + NEW.present
    WHERE id = NEW.activity_id;
END;
CREATE TRIGGER attendance_counted_delete AFTER DELETE ON attendance BEGIN
    UPDATE activity SET roll_count = roll_count - 1, present_count = present_count - OLD.present
    WHERE id = OLD.activity_id;
END;
CREATE TRIGGER attendance_counted_update AFTER UPDATE OF activity_id, present ON attendance BEGIN
    UPDATE activity SET roll_count = roll_count - 1, present_count = present_count - OLD.present
    WHERE id = OLD.activity_id;
    UPDATE activity SET roll_count = roll_count + 1, present_count = present_count + NEW.present
    WHERE id = NEW.activity_id;
END;

CREATE TRIGGER activity_step_counted_insert AFTER INSERT ON activity_step BEGIN
    UPDATE activity SET steps_recorded = steps_recorded + (trim(NEW.record_done) <> '')
    WHERE id = NEW.activity_id;
END;
CREATE TRIGGER activity_step_counted_delete AFTER DELETE ON activity_step BEGIN
    UPDATE activity SET steps_recorded = steps_recorded - (trim(OLD.record_done) <> '')
    WHERE id = OLD.activity_id;
END;
CREATE TRIGGER activity_step_counted_update AFTER UPDATE OF activity_id, record_done
    ON activity_step BEGIN
    UPDATE activity SET steps_recorded = steps_recorded - (trim(OLD.record_done) <> '')
    WHERE id = OLD.activity_id;
    UPDATE activity SET steps_recorded = steps_recorded + (trim(NEW.record_done) <> '')
    WHERE id = NEW.activity_id;
END;

-- A period's records, found by date rather than by reading every branch's.
CREATE INDEX activity_date ON activity(date);
CREATE INDEX suggestion_received_on ON suggestion(received_on);
CREATE INDEX problem_raised_on ON problem(raised_on);
CREATE INDEX problem_solved_on ON problem(solved_on) WHERE status = 'solved';
CREATE INDEX demo_point_created_on ON demo_point(created_on);
