//! The State Council's notice (国务院办公厅关于20XX年部分节假日安排的通知), pasted as text, read
//! into the year's schedule, so next year's calendar can move its days before the app ships
//! the schedule.
//!
//! What a notice says, and how it is read:
//! - one numbered item per holiday, `一、元旦：…`, `六、国庆节、中秋节：…`; the text before the colon
//!   is the holiday's name;
//! - a sentence with 放假 or 连休 lists days off: `1月1日至3日`, `1月28日至2月4日`, a range across a
//!   year end `2022年12月31日至2023年1月2日` (a missing month or year is the one before it; an end
//!   before its start is in the next year), or single days (`1月1日放假，与周末连休`);
//! - a sentence with 上班 lists make-up workdays: `1月26日（周日）、2月8日（周六）上班`;
//! - parentheses (`（周五）`, `（星期日）`, `（农历除夕、周二）`) say nothing the dates do not, and a
//!   sentence that encourages (`鼓励各单位…安排职工在除夕（2月9日）休息`) sets no day.
//!
//! A date without a year is of the notice's year. The result passes the same check as a
//! holiday-cn file.

use chrono::{Datelike, NaiveDate};

use super::{HolidayDay, YearSchedule};
use crate::error::{Error, Result};

/// The longest notice read: the real ones are about 1,500 characters.
pub const MAX_NOTICE_CHARS: usize = 20_000;

/// Reads the notice for `year` into its schedule, days in date order.
pub fn read_notice(year: i32, text: &str) -> Result<YearSchedule> {
    if text.chars().count() > MAX_NOTICE_CHARS {
        return Err(refused(format!(
            "通知文字超过 {MAX_NOTICE_CHARS} 字，不像是一份放假通知"
        )));
    }
    let text = without_parentheses(&normalized(text));
    let items = items(&text);
    if items.is_empty() {
        return Err(refused(
            "没有读到放假安排：通知里应有“一、元旦：1月1日放假……”这样的条目".to_owned(),
        ));
    }
    let mut days: Vec<HolidayDay> = Vec::new();
    for (name, body) in items {
        for sentence in body.split(['。', '；', ';']) {
            let Some(kind) = sentence_kind(sentence) else {
                continue;
            };
            let dates =
                dates_of(sentence, year).map_err(|what| refused(format!("{name}：{what}")))?;
            for date in dates {
                if let Some(other) = days.iter().find(|d| d.date == date) {
                    return Err(refused(format!(
                        "{date} 在“{}”和“{name}”里都出现了",
                        other.name
                    )));
                }
                days.push(HolidayDay {
                    name: name.clone(),
                    date,
                    is_off_day: kind == Kind::Off,
                });
            }
        }
    }
    days.sort_by_key(|d| d.date);
    YearSchedule {
        year,
        papers: Vec::new(),
        days,
    }
    .checked()
}

fn refused(why: String) -> Error {
    Error::HolidayFile(format!("放假通知：{why}"))
}

/// Full-width digits and colons as ASCII / full-width forms the reader expects.
fn normalized(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            ':' => '：',
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// The text with every `（…）` left out (nested ones too).
fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '（' => depth += 1,
            '）' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn is_item_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// The numbered items: `(name, body)`. An item starts with Chinese numerals and 、 at the start
/// of the text or after a break (a line end, a space, 。), then a name of a few characters and ：.
fn items(text: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut starts: Vec<(usize, usize, String)> = Vec::new(); // (item start, body start, name)
    let mut i = 0;
    while i < chars.len() {
        let at_break = i == 0 || matches!(chars[i - 1], '\n' | '\r' | ' ' | '\t' | '　' | '。');
        if at_break && is_item_numeral(chars[i]) {
            let mut j = i;
            while j < chars.len() && is_item_numeral(chars[j]) {
                j += 1;
            }
            if chars.get(j) == Some(&'、') {
                let name_start = j + 1;
                let colon =
                    (name_start..chars.len().min(name_start + 16)).find(|&k| chars[k] == '：');
                if let Some(colon) = colon {
                    let name: String = chars[name_start..colon].iter().collect();
                    let name = name.trim().to_owned();
                    let plain = !name.is_empty()
                        && name
                            .chars()
                            .all(|c| c == '、' || ('\u{4e00}'..='\u{9fff}').contains(&c));
                    if plain {
                        starts.push((i, colon + 1, name));
                        i = colon + 1;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, (_, body_start, name))| {
            let end = starts.get(k + 1).map_or(chars.len(), |next| next.0);
            (name.clone(), chars[*body_start..end].iter().collect())
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Off,
    Work,
}

/// What a sentence sets: days off, make-up workdays, or nothing (advice, the closing words).
fn sentence_kind(sentence: &str) -> Option<Kind> {
    if sentence.contains("鼓励") || sentence.contains("倡导") || sentence.contains("建议") {
        return None;
    }
    if sentence.contains("上班") {
        Some(Kind::Work)
    } else if sentence.contains("放假") || sentence.contains("连休") {
        Some(Kind::Off)
    } else {
        None
    }
}

/// One date as written: any of year, month may be left to the one before it.
#[derive(Debug, Clone, Copy)]
struct Written {
    year: Option<i32>,
    month: Option<u32>,
    day: u32,
}

/// Every date a sentence names, ranges (`至`, `到`, `—`) spelled out day by day.
fn dates_of(sentence: &str, notice_year: i32) -> std::result::Result<Vec<NaiveDate>, String> {
    // Tokens: a written date, or a range mark between two of them.
    let chars: Vec<char> = sentence.chars().collect();
    let mut tokens: Vec<Option<Written>> = Vec::new(); // None = range mark
    let mut pending = Written {
        year: None,
        month: None,
        day: 0,
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let mut j = i;
            let mut value: u64 = 0;
            while j < chars.len() && chars[j].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u64::from(chars[j] as u8 - b'0'));
                j += 1;
            }
            let value = u32::try_from(value.min(99_999)).unwrap_or(99_999);
            match chars.get(j) {
                Some('年') => pending.year = Some(value as i32),
                Some('月') => pending.month = Some(value),
                Some('日') | Some('号') => {
                    pending.day = value;
                    tokens.push(Some(pending));
                    pending = Written {
                        year: None,
                        month: None,
                        day: 0,
                    };
                }
                // 放假1天, 共3天: counts, not dates.
                _ => {}
            }
            i = j + 1;
            continue;
        }
        if matches!(c, '至' | '到' | '—' | '－' | '~' | '～')
            && matches!(tokens.last(), Some(Some(_)))
        {
            tokens.push(None);
        }
        i += 1;
    }

    let mut dates = Vec::new();
    let (mut year, mut month) = (notice_year, None::<u32>);
    let mut resolve =
        |w: Written, after: Option<NaiveDate>| -> std::result::Result<NaiveDate, String> {
            let y = w.year.unwrap_or(year);
            let m = w
                .month
                .or(month)
                .ok_or_else(|| format!("“{}日”没有写月份", w.day))?;
            let mut date = NaiveDate::from_ymd_opt(y, m, w.day)
                .ok_or_else(|| format!("“{m}月{}日”不是有效日期", w.day))?;
            // "12月31日至1月2日": an end before its start is in the next year.
            if let Some(start) = after {
                if date < start && w.year.is_none() {
                    date = NaiveDate::from_ymd_opt(y + 1, m, w.day)
                        .ok_or_else(|| format!("“{m}月{}日”不是有效日期", w.day))?;
                }
            }
            year = date.year();
            month = Some(m);
            Ok(date)
        };
    let mut k = 0;
    while k < tokens.len() {
        let Some(first) = tokens[k] else {
            k += 1;
            continue;
        };
        let start = resolve(first, None)?;
        if let (Some(None), Some(Some(second))) = (tokens.get(k + 1), tokens.get(k + 2)) {
            let end = resolve(*second, Some(start))?;
            if (end - start).num_days() > 31 {
                return Err(format!("{start} 至 {end} 超过一个月，不像是一次放假"));
            }
            let mut day = start;
            while day <= end {
                dates.push(day);
                match day.succ_opt() {
                    Some(next) => day = next,
                    None => break,
                }
            }
            k += 3;
        } else {
            dates.push(start);
            k += 1;
        }
    }
    Ok(dates)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The notices of 2023–2026 as published (the item lines; the opening and closing words are
    /// shortened), read and compared with the built-in holiday-cn data day by day.
    const NOTICES: [(i32, &str); 4] = [
        (
            2023,
            "国务院办公厅关于2023年部分节假日安排的通知\n经国务院批准，现将2023年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。\n一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。\n二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。\n三、清明节：4月5日放假，共1天。\n四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。\n五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。\n六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。\n节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。",
        ),
        (
            2024,
            "一、元旦：1月1日放假，与周末连休。\n二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。\n三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。\n四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。\n五、端午节：6月10日与周末连休。\n六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。\n七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。",
        ),
        (
            2025,
            "一、元旦：1月1日（周三）放假1天，不调休。 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。 三、清明节：4月4日（周五）至6日（周日）放假，共3天。 四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。 五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。 六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。",
        ),
        (
            2026,
            "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。\r\n二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。\r\n三、清明节：4月4日（周六）至6日（周一）放假，共3天。\r\n四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。\r\n五、端午节：6月19日（周五）至21日（周日）放假，共3天。\r\n六、中秋节：9月25日（周五）至27日（周日）放假，共3天。\r\n七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。",
        ),
    ];

    #[test]
    fn the_notices_of_2023_to_2026_read_as_the_built_in_schedules() {
        for (year, text) in NOTICES {
            let read = read_notice(year, text).unwrap_or_else(|e| panic!("{year}: {e}"));
            let json = match year {
                2023 => include_str!("data/2023.json"),
                2024 => include_str!("data/2024.json"),
                2025 => include_str!("data/2025.json"),
                _ => include_str!("data/2026.json"),
            };
            let built_in = YearSchedule::from_holiday_cn_json(json).unwrap();
            assert_eq!(read.days, built_in.days, "{year}");
        }
    }

    fn listed(schedule: &YearSchedule) -> Vec<(String, String, bool)> {
        schedule
            .days
            .iter()
            .map(|d| (d.date.to_string(), d.name.clone(), d.is_off_day))
            .collect()
    }

    #[test]
    fn full_width_digits_星期_one_line_and_a_range_across_the_year_end() {
        let read = read_notice(
            2027,
            "一、元旦：2026年12月31日（星期四）至2027年1月2日（星期六）放假调休，共３天。１月３日（星期日）上班。二、春节：２月６日至８日放假，共３天。",
        )
        .unwrap();
        let day = |d: &str, name: &str, off| (d.to_owned(), name.to_owned(), off);
        assert_eq!(
            listed(&read),
            [
                day("2026-12-31", "元旦", true),
                day("2027-01-01", "元旦", true),
                day("2027-01-02", "元旦", true),
                day("2027-01-03", "元旦", false),
                day("2027-02-06", "春节", true),
                day("2027-02-07", "春节", true),
                day("2027-02-08", "春节", true),
            ]
        );
        // Without years, an end before its start is in the next year.
        let read = read_notice(2027, "一、元旦：12月31日至1月1日放假。").unwrap();
        assert_eq!(
            listed(&read),
            [
                day("2027-12-31", "元旦", true),
                day("2028-01-01", "元旦", true)
            ]
        );
    }

    #[test]
    fn text_that_is_no_notice_or_names_a_wrong_date_is_refused_with_the_reason() {
        let none = read_notice(2027, "会议通知：请各支部书记明天上午九点到会。").unwrap_err();
        assert!(none.to_string().contains("没有读到放假安排"), "{none}");
        let bad = read_notice(2027, "一、春节：2月30日至3月2日放假调休，共3天。").unwrap_err();
        assert!(
            bad.to_string().contains("春节：“2月30日”不是有效日期"),
            "{bad}"
        );
        let twice =
            read_notice(2027, "一、元旦：1月1日放假。\n二、春节：1月1日至2日放假。").unwrap_err();
        assert!(twice.to_string().contains("都出现了"), "{twice}");
        let huge = "一、元旦：1月1日放假。".repeat(2_000);
        assert!(read_notice(2027, &huge)
            .unwrap_err()
            .to_string()
            .contains("超过"));
    }
}
