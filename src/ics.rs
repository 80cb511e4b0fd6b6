//! iCalendar (.ics): activity days out to phone and desktop calendars, holiday schedules in.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike};

use crate::error::{Error, Result};
use crate::holiday::{HolidayDay, YearSchedule};
use crate::stagger::ACTIVITY_MINUTES;

pub const TIMEZONE: &str = "Asia/Shanghai";

/// The producer named in exported files (RFC 5545 PRODID).
pub const PRODID: &str = "-//Branch Planner//支部活动规划//ZH";

/// China has kept UTC+8 without daylight saving since 1991, so one STANDARD block is exact.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\n\
DTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\n\
END:STANDARD\r\nEND:VTIMEZONE\r\n";

/// One activity day as a calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityEvent {
    /// Stable across exports, so importing a new file updates the old events.
    pub uid: String,
    pub date: NaiveDate,
    pub start_minutes: u32,
    pub summary: String,
    pub location: String,
    pub description: String,
}

/// The stable UID of a branch's activity day in a month.
pub fn activity_uid(branch_id: &str, year: i32, month: u32) -> String {
    format!("{branch_id}-{year}-{month:02}@branch-planner")
}

/// A calendar named `name` with one event per activity day, times in Asia/Shanghai.
/// `stamp` is when the file is made (DTSTAMP), passed in because the core never reads the clock.
pub fn activity_calendar(name: &str, events: &[ActivityEvent], stamp: DateTime<Utc>) -> String {
    // Calendar::new() would name the library as the producer; the file names this app.
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", PRODID))
        .append_property(("CALSCALE", "GREGORIAN"));
    calendar.name(&calendar_name(name)).timezone(TIMEZONE);
    for e in events {
        let start = e
            .date
            .and_hms_opt(e.start_minutes / 60, e.start_minutes % 60, 0);
        let Some(start) = start else { continue };
        let end = start + chrono::Duration::minutes(i64::from(ACTIVITY_MINUTES));
        let zoned = |date_time| CalendarDateTime::WithTimezone {
            date_time,
            tzid: TIMEZONE.into(),
        };
        let mut event = Event::new();
        event
            .uid(&e.uid)
            .timestamp(stamp)
            .summary(&text_value(&e.summary))
            .starts(zoned(start))
            .ends(zoned(end));
        if !e.location.is_empty() {
            event.location(&text_value(&e.location));
        }
        if !e.description.is_empty() {
            event.description(&text_value(&e.description));
        }
        calendar.push(event.done());
    }
    // The library would give a VTIMEZONE built through it a UID and DTSTAMP, which RFC 5545
    // does not allow there; the fixed block goes in before the first event instead.
    let text = calendar.done().to_string();
    // Whole lines only: the same words may stand inside a (escaped) name.
    let at = text
        .find("\r\nBEGIN:VEVENT\r\n")
        .or_else(|| text.find("\r\nEND:VCALENDAR"))
        .map_or(text.len(), |i| i + 2);
    format!("{}{VTIMEZONE}{}", &text[..at], &text[at..])
}

/// A TEXT value as the library expects it: it escapes `\\ ; , LF` of SUMMARY, LOCATION and
/// DESCRIPTION itself, but not CR, so every line break becomes one LF (written as `\n`) and
/// other control characters go: a name with CR/LF in it cannot start a line of its own.
fn text_value(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

/// The calendar's NAME, which the library writes unescaped: one line, escaped here
/// (RFC 5545 TEXT).
fn calendar_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
}

/// A year's holiday schedule from an .ics calendar: each event is a day off, or a make-up
/// workday when its summary says 班 (调休上班, 补班). All-day events may span several days.
pub fn holiday_schedule_from_ics(text: &str) -> Result<YearSchedule> {
    let calendar = Calendar::from_str(text)
        .map_err(|e| Error::HolidayFile(format!("not an iCalendar file: {e}")))?;
    let mut days = BTreeMap::new();
    for event in calendar.components.iter().filter_map(|c| c.as_event()) {
        let Some(DatePerhapsTime::Date(first)) = event.get_start() else {
            continue;
        };
        let last = match event.get_end() {
            Some(DatePerhapsTime::Date(end)) if end > first => end.pred_opt().unwrap_or(first),
            _ => first,
        };
        let summary = event.get_summary().unwrap_or_default().trim();
        let is_off_day = !summary.contains('班');
        let name = summary
            .trim_end_matches(['休', '班'])
            .trim_end_matches("调休上")
            .trim_end_matches("补")
            .trim_end_matches("放假")
            .trim()
            .to_owned();
        let mut day = first;
        while day <= last {
            days.insert(
                day,
                HolidayDay {
                    name: name.clone(),
                    date: day,
                    is_off_day,
                },
            );
            day = day.succ_opt().unwrap_or(last + chrono::Days::new(1));
        }
    }
    // The schedule's year is the year most of its days fall in (元旦 may list a late December day).
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for date in days.keys() {
        *per_year.entry(date.year()).or_default() += 1;
    }
    let year = per_year
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(y, _)| *y)
        .ok_or_else(|| Error::HolidayFile("the calendar holds no all-day holiday events".into()))?;
    let schedule = YearSchedule {
        year,
        papers: Vec::new(),
        days: days.into_values().collect(),
    };
    let json = serde_json::to_string(&schedule).unwrap_or_default();
    // The same checks as a holiday-cn file: names, dates near the year, no date twice.
    YearSchedule::from_holiday_cn_json(&json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-27T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn an_activity_calendar_parses_back_with_uids_times_and_the_timezone() {
        let events = [ActivityEvent {
            uid: activity_uid("b1", 2025, 3),
            date: NaiveDate::from_ymd_opt(2025, 3, 12).unwrap(),
            start_minutes: 8 * 60 + 30,
            summary: "党员活动日：蔬菜种植服务型党支部".into(),
            location: "杏花社区党群服务中心".into(),
            description: "理论学习 → 实践培训 → 互动提高".into(),
        }];
        let text = activity_calendar("蔬菜种植服务型党支部 2025", &events, stamp());
        assert!(text.contains("BEGIN:VTIMEZONE"), "{text}");
        assert!(text.contains("TZID:Asia/Shanghai"));
        let zone =
            &text[text.find("BEGIN:VTIMEZONE").unwrap()..text.find("END:VTIMEZONE").unwrap()];
        assert!(
            !zone.contains("UID:") && !zone.contains("DTSTAMP"),
            "a VTIMEZONE has neither"
        );
        let parsed = Calendar::from_str(&text).unwrap();
        let event = parsed.components.iter().find_map(|c| c.as_event()).unwrap();
        assert_eq!(event.get_uid(), Some("b1-2025-03@branch-planner"));
        assert_eq!(
            event.get_summary(),
            Some("党员活动日：蔬菜种植服务型党支部")
        );
        assert_eq!(event.get_location(), Some("杏花社区党群服务中心"));
        let Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) =
            event.get_start()
        else {
            panic!("the start has a TZID: {:?}", event.get_start());
        };
        assert_eq!(tzid, "Asia/Shanghai");
        assert_eq!(date_time.to_string(), "2025-03-12 08:30:00");
        let again = activity_calendar("x", &events, stamp());
        assert!(
            again.contains("UID:b1-2025-03@branch-planner"),
            "UIDs are stable"
        );
    }

    #[test]
    fn line_breaks_and_separators_in_names_cannot_inject_events() {
        let hostile = "蔬菜支部\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:假活动";
        let texts = [hostile, "a;b,c\\d", "line1\nline2", "tab\there\u{7}bell"];
        let events: Vec<ActivityEvent> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| ActivityEvent {
                uid: activity_uid("b1", 2026, i as u32 + 1),
                date: NaiveDate::from_ymd_opt(2026, i as u32 + 1, 10).unwrap(),
                start_minutes: 8 * 60 + 30,
                summary: (*t).to_owned(),
                location: (*t).to_owned(),
                description: (*t).to_owned(),
            })
            .collect();
        let text = activity_calendar(hostile, &events, stamp());
        let lines: Vec<&str> = text.split("\r\n").collect();
        let count = |line: &str| lines.iter().filter(|l| **l == line).count();
        assert_eq!(count("BEGIN:VEVENT"), 4, "{text}");
        assert_eq!(count("END:VEVENT"), 4);
        assert!(!lines.iter().any(|l| l.starts_with("UID:evil")), "{text}");
        assert!(
            text.split("\r\n")
                .all(|line| !line.contains('\n') && !line.contains('\r')),
            "no bare line break inside a content line"
        );
        let parsed = Calendar::from_str(&text).unwrap();
        let back: Vec<&Event> = parsed
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .collect();
        assert_eq!(back.len(), 4);
        assert_eq!(
            back[1].get_summary(),
            Some("a;b,c\\d"),
            "separators come back as typed"
        );
        assert!(
            back[0].get_summary().unwrap().contains("假活动"),
            "the text is kept, as text"
        );
        assert_eq!(
            back[2].get_description(),
            Some("line1\nline2"),
            "a line break inside a text survives as one"
        );
        assert!(
            text.contains("NAME:蔬菜支部  END:VEVENT  BEGIN:VEVENT"),
            "{text}"
        );
    }

    #[test]
    fn a_holiday_ics_becomes_a_schedule() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\
BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20300203\r\nDTEND;VALUE=DATE:20300206\r\nSUMMARY:春节 休\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20300209\r\nSUMMARY:春节 班\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";
        let schedule = holiday_schedule_from_ics(ics).unwrap();
        assert_eq!(schedule.year, 2030);
        assert_eq!(
            schedule.days.len(),
            4,
            "three days off and one workday: {:?}",
            schedule.days
        );
        assert!(schedule.days[..3]
            .iter()
            .all(|d| d.is_off_day && d.name == "春节"));
        assert!(!schedule.days[3].is_off_day);
        assert!(holiday_schedule_from_ics("not a calendar").is_err());
    }
}
