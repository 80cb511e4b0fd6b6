//! `planner activity-days`: the pure activity-day calculator, run as a real process.

use std::process::Output;

fn activity_days(args: &[&str]) -> Output {
    crate::planner()
        .arg("activity-days")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A Wednesday branch in 2024 under the default rule: only February moves (春节, 02-10..02-17),
/// from Wednesday 02-14 back to Friday 02-09, the nearest day of 02-08..02-14 not in the break.
const WEDNESDAY_2024: &str = concat!(
    r#"{"year":2024,"weekday":"wed","rule":"second-weekday","holidaysKnown":true,"days":["#,
    r#"{"month":1,"weekStart":"2024-01-08","weekEnd":"2024-01-14","fixedDate":"2024-01-10","date":"2024-01-10","moved":false,"conflict":false,"reason":null},"#,
    r#"{"month":2,"weekStart":"2024-02-08","weekEnd":"2024-02-14","fixedDate":"2024-02-14","date":"2024-02-09","moved":true,"conflict":false,"reason":"春节"},"#,
    r#"{"month":3,"weekStart":"2024-03-08","weekEnd":"2024-03-14","fixedDate":"2024-03-13","date":"2024-03-13","moved":false,"conflict":false,"reason":null},"#,
    r#"{"month":4,"weekStart":"2024-04-08","weekEnd":"2024-04-14","fixedDate":"2024-04-10","date":"2024-04-10","moved":false,"conflict":false,"reason":null},"#,
    r#"{"month":5,"weekStart":"2024-05-08","weekEnd":"2024-05-14","fixedDate":"2024-05-08","date":"2024-05-08","moved":false,"conflict":false,"reason":null},"#,
    r#"{"month":6,"weekStart":"2024-06-08","weekEnd":"2024-06-14","fixedDate":"2024-06-12","date":"2024-06-12","moved":false,"conflict":false,"reason":null},"#,
    r#"{"month":7,"weekStart":"2024-07-08","weekEnd":"2024-07-14","fixedDate":"2024-07-10","date":"2024-07-10","moved":false,"conflict":false,"reason":null},"#,
    r#"{"month":8,"weekStart":"2024-08-08","weekEnd":"2024-08-14","fixedDate":"2024-08-14","date":"2024-08-14","moved":false,"conflict":false,"reason":null},"#,
    r#"{"month":9,"weekStart":"2024-09-08","weekEnd":"2024-09-14","fixedDate":"2024-09-11","date":"2024-09-11","moved":false,"conflict":false,"reason":null},"#,
    r#"{"month":10,"weekStart":"2024-10-08","weekEnd":"2024-10-14","fixedDate":"2024-10-09","date":"2024-10-09","moved":false,"conflict":false,"reason":null},"#,
    r#"{"month":11,"weekStart":"2024-11-08","weekEnd":"2024-11-14","fixedDate":"2024-11-13","date":"2024-11-13","moved":false,"conflict":false,"reason":null},"#,
    r#"{"month":12,"weekStart":"2024-12-08","weekEnd":"2024-12-14","fixedDate":"2024-12-11","date":"2024-12-11","moved":false,"conflict":false,"reason":null}"#,
    "]}\n",
);

#[test]
fn json_for_a_wednesday_branch_in_2024_is_exact() {
    let out = activity_days(&["--year", "2024", "--weekday", "wed", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), WEDNESDAY_2024);
    let explicit = activity_days(&[
        "--year",
        "2024",
        "--weekday",
        "wed",
        "--rule",
        "second-weekday",
        "--holidays",
        "builtin",
        "--json",
    ]);
    assert_eq!(
        stdout(&explicit),
        WEDNESDAY_2024,
        "the defaults are second-weekday, builtin"
    );
}

#[test]
fn without_holidays_nothing_moves() {
    let out = activity_days(&[
        "--year",
        "2024",
        "--weekday",
        "wed",
        "--holidays",
        "none",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let year: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(year["holidaysKnown"], false);
    assert_eq!(year["days"][1]["date"], "2024-02-14");
    assert_eq!(year["days"][1]["moved"], false);
}

#[test]
fn other_rules_and_an_unpublished_year() {
    let out = activity_days(&[
        "--year",
        "2025",
        "--weekday",
        "mon",
        "--rule",
        "second-calendar-row",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let year: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(year["rule"], "second-calendar-row");
    let october = &year["days"][9];
    assert_eq!(october["weekStart"], "2025-10-06");
    assert_eq!(october["fixedDate"], "2025-10-06");
    assert_eq!(
        october["date"], "2025-10-09",
        "out of the 国庆 break (10-01..10-08)"
    );
    assert_eq!(october["reason"], "国庆节、中秋节");

    let out = activity_days(&["--year", "2030", "--weekday", "mon", "--json"]);
    assert!(out.status.success());
    let year: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(year["holidaysKnown"], false);
    assert_eq!(year["days"].as_array().unwrap().len(), 12);
}

#[test]
fn a_holiday_file_adds_its_year() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2030.json");
    std::fs::write(
        &file,
        r#"{"year":2030,"papers":[],"days":[{"name":"测试假","date":"2030-05-08","isOffDay":true}]}"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = activity_days(&[
        "--year",
        "2030",
        "--weekday",
        "wed",
        "--holidays",
        path,
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let year: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(year["holidaysKnown"], true);
    let may = &year["days"][4];
    assert_eq!(may["fixedDate"], "2030-05-08");
    assert_eq!(
        may["date"], "2030-05-09",
        "Thursday: Tuesday 05-07 is outside the window"
    );
    assert_eq!(may["reason"], "测试假");

    let out = activity_days(&[
        "--year",
        "2024",
        "--weekday",
        "wed",
        "--holidays",
        path,
        "--json",
    ]);
    assert_eq!(stdout(&out), WEDNESDAY_2024, "the built-in years stay");
}

#[test]
fn the_table_is_readable_in_chinese_and_english() {
    let out = activity_days(&["--year", "2024", "--weekday", "wed"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("周三 Wednesday"), "{text}");
    assert!(text.contains("每月8日至14日"), "{text}");
    assert!(
        text.contains("2024-02-14    2024-02-09    因春节调整"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 14, "title, header, 12 months: {text}");

    let out = activity_days(&["--year", "2030", "--weekday", "wed"]);
    assert!(stdout(&out).contains("节假日安排未发布"));
}

#[test]
fn bad_arguments_exit_with_code_2_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "{not json").unwrap();
    let cases: [(Vec<&str>, &str); 6] = [
        (vec!["--year", "2024", "--weekday", "xyz"], "xyz"),
        (vec!["--year", "99999", "--weekday", "mon"], "99999"),
        (vec!["--year", "1899", "--weekday", "mon"], "1899"),
        (
            vec!["--year", "2024", "--weekday", "mon", "--rule", "third-week"],
            "third-week",
        ),
        (
            vec![
                "--year",
                "2024",
                "--weekday",
                "mon",
                "--holidays",
                missing.to_str().unwrap(),
            ],
            "cannot read",
        ),
        (
            vec![
                "--year",
                "2024",
                "--weekday",
                "mon",
                "--holidays",
                garbage.to_str().unwrap(),
            ],
            "not a holiday-cn JSON file",
        ),
    ];
    for (args, says) in cases {
        let out = activity_days(&[args.as_slice(), &["--json"]].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?} prints no result");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

/// The app imports .ics holiday schedules as well as holiday-cn JSON; the calculator takes the
/// same files. 2030 has no built-in schedule: a 劳动节 off-day on Wednesday 05-08 moves that
/// month's day to Thursday 05-09 (05-07 lies outside the 8th–14th).
#[test]
fn an_ics_holiday_schedule_moves_days_as_json_does() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("2030.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\
         BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20300508\r\nSUMMARY:劳动节 休\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n",
    )
    .unwrap();
    let args = ["--year", "2030", "--weekday", "wed", "--json", "--holidays"];
    let out = activity_days(&[args.as_slice(), &[ics.to_str().unwrap()]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let year: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(year["holidaysKnown"], true);
    assert_eq!(year["days"][4]["date"], "2030-05-09");
    assert_eq!(year["days"][4]["reason"], "劳动节");
    assert_eq!(year["days"][3]["moved"], false);

    let broken = dir.path().join("broken.ics");
    std::fs::write(&broken, "BEGIN:VCALENDAR\r\nnot a calendar").unwrap();
    let out = activity_days(&[args.as_slice(), &[broken.to_str().unwrap()]].concat());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("broken.ics"), "{}", stderr(&out));
}

/// `planner holidays from-notice`: the State Council's notice as a text file (here GBK, as a
/// Chinese Windows saves it) read into holiday-cn's shape; `--save` makes it the year's
/// schedule, so that year's activity days move out of its breaks.
#[test]
fn a_notice_file_is_read_into_the_years_days_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let notice = "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n二、春节：2月6日（农历除夕、周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。\n";
    let file = dir.path().join("通知.txt");
    let (gbk, _, _) = encoding_rs::GBK.encode(notice);
    std::fs::write(&file, &gbk).unwrap();
    let out = crate::planner()
        .args([
            "holidays",
            "from-notice",
            "--year",
            "2027",
            "--json",
            "--file",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(read["year"], 2027);
    let days = read["days"].as_array().unwrap();
    assert_eq!(days.len(), 3 + 9 + 1);
    assert_eq!(
        days[0],
        serde_json::json!({"date": "2027-01-01", "isOffDay": true, "name": "元旦"})
    );
    assert_eq!(
        days.last().unwrap(),
        &serde_json::json!({"date": "2027-02-20", "isOffDay": false, "name": "春节"})
    );

    let (_d, db, conn) = crate::demo_db();
    drop(conn);
    let out = crate::planner()
        .args([
            "holidays",
            "from-notice",
            "--year",
            "2027",
            "--save",
            "--file",
        ])
        .arg(&file)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let year = branch_planner::api::holidays::holiday_year(&conn, 2027).unwrap();
    assert_eq!(year.days.len(), 13);
    assert!(year
        .breaks
        .iter()
        .any(|b| b.name == "春节" && b.len_days() == 9));

    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, "请各支部书记明天到会").unwrap();
    let out = crate::planner()
        .args(["holidays", "from-notice", "--year", "2027", "--file"])
        .arg(&junk)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("没有读到放假安排"),
        "{}",
        stderr(&out)
    );
}
