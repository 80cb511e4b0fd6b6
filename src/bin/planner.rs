//! `planner`: the headless command line over the same `api` functions the app calls.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use branch_planner::activity_week::{ActivityWeekRule, Weekday, MAX_YEAR, MIN_YEAR};
use branch_planner::api::backup as backup_api;
use branch_planner::api::exchange as exchange_api;
use branch_planner::api::holidays as holidays_api;
use branch_planner::api::reviews::Change;
use branch_planner::api::schedule as schedule_api;
use branch_planner::api::{demo, import, points, register, reviews, stats};
use branch_planner::city;
use branch_planner::compliance::{self, ComplianceState};
use branch_planner::holiday::HolidayCalendar;
use branch_planner::review::ReviewerGroup;
use branch_planner::schedule::{self, ActivityYear};
use branch_planner::{db, Error};
use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "planner",
    version,
    about = "Branch Planner (支部活动规划) on the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the demo town (2 communities, 8 branches, ~200 members) in an empty database, with
    /// its past activities and its last two completed quarters reviewed and finalised.
    Demo {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, default_value_t = demo::DEMO_SEED)]
        seed: u64,
        /// demo: the demo town; town: 24 branches; city: 208 communities, 1,296 branches.
        #[arg(long, default_value = "demo",
              value_parser = PossibleValuesParser::new(["demo", "town", "city"]))]
        scale: String,
        /// Years of history for the town and city scales (this one included).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=20))]
        years: u32,
        /// The day the history runs up to (YYYY-MM-DD); today by default.
        #[arg(long)]
        today: Option<NaiveDate>,
    },
    /// List records of the register.
    List {
        #[command(subcommand)]
        what: ListWhat,
    },
    /// Import or export members.
    Members {
        #[command(subcommand)]
        action: MembersAction,
    },
    /// A branch's 12 activity days (党员活动日) of a year, moved out of holiday breaks.
    /// A pure calculator: no database.
    ActivityDays {
        #[arg(long, value_parser = clap::value_parser!(i32)
            .range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
        year: i32,
        /// The branch's weekday.
        #[arg(long, value_parser = weekday_parser())]
        weekday: Weekday,
        /// Which days of the month are the activity week.
        #[arg(long, default_value = "second-weekday", value_parser = rule_parser())]
        rule: ActivityWeekRule,
        /// `builtin` (2020–2026), `none`, or PATH: a holiday-cn JSON file of one year, added to
        /// the built-in schedules in place of that year's (write ./none for a file named none).
        #[arg(long, default_value = "builtin", value_parser = holiday_source)]
        holidays: HolidaySource,
        #[arg(long)]
        json: bool,
    },
    /// Every branch's activity days of a year (of one community with --community).
    Schedule {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, value_parser = clap::value_parser!(i32)
            .range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
        year: i32,
        #[arg(long)]
        community: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A branch's activities of a year: step status, attendance rate, suggestion and problem counts.
    Activities {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long)]
        branch: String,
        #[arg(long, value_parser = clap::value_parser!(i32)
            .range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// "3+X" compliance of every branch (of one community with --community) for a year, or for
    /// one quarter's rule with --quarter.
    Compliance {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, value_parser = clap::value_parser!(i32)
            .range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
        year: i32,
        /// 1 to 4.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=4))]
        quarter: Option<u32>,
        #[arg(long)]
        community: Option<String>,
        /// The date to judge at (YYYY-MM-DD); today by default.
        #[arg(long, value_parser = date_arg)]
        today: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// The figures of a period for a branch, community, town or everything: headline figures,
    /// activities by type, the breakdown one level down.
    Stats {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, value_parser = clap::value_parser!(i32)
            .range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
        year: i32,
        /// 1 to 4.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=4), conflicts_with = "month")]
        quarter: Option<u32>,
        /// 1 to 12.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=12))]
        month: Option<u32>,
        #[arg(long, conflicts_with_all = ["community", "branch"])]
        town: Option<String>,
        #[arg(long, conflicts_with = "branch")]
        community: Option<String>,
        #[arg(long)]
        branch: Option<String>,
        /// The date "3+X" is judged at, when before the period's end (YYYY-MM-DD).
        #[arg(long, value_parser = date_arg)]
        today: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// 评议: a community's quarterly review step by step (open, ballots, tally, finalise,
    /// reopen), its figures, or a check of the review audit chain.
    Review {
        #[command(subcommand)]
        action: ReviewAction,
    },
    /// An iCalendar file of a branch's or a community's activity days for a year.
    Ics {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(
            long,
            conflicts_with = "community",
            required_unless_present = "community"
        )]
        branch: Option<String>,
        #[arg(long)]
        community: Option<String>,
        #[arg(long, value_parser = clap::value_parser!(i32)
            .range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// Print documents as PDF (calendars, sign-in sheets, activity records, point rosters).
    Print {
        #[command(subcommand)]
        what: PrintWhat,
    },
    /// Export tables as Excel (.xlsx) with Chinese headers and a print setup.
    Excel {
        #[command(subcommand)]
        what: ExcelWhat,
    },
    /// Back up the database and its photos into one .bpbak file (safe while the app runs).
    Backup {
        #[arg(long)]
        db: Option<PathBuf>,
        /// A folder (the file gets the default dated name) or a file path.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write an exchange file (.bpx): a branch's data (--branch), or the community's decisions
    /// for one branch (--decisions-for).
    Export {
        #[arg(long)]
        db: Option<PathBuf>,
        /// The branch whose data is exported.
        #[arg(
            long,
            conflicts_with = "decisions_for",
            required_unless_present = "decisions_for"
        )]
        branch: Option<String>,
        /// The community (optional check: the branch must belong to it).
        #[arg(long)]
        community: Option<String>,
        /// The branch the community's decisions are for.
        #[arg(long)]
        decisions_for: Option<String>,
        /// A folder (the file gets the default name) or a file path.
        #[arg(long)]
        out: PathBuf,
    },
    /// Import an exchange file: prints new/changed/unchanged/kept/conflicting counts per kind.
    /// Exits 1 without writing while conflicts have no --resolve.
    Import {
        #[arg(long)]
        db: Option<PathBuf>,
        /// The .bpx file.
        file: PathBuf,
        /// Only show what the import would do.
        #[arg(long)]
        dry_run: bool,
        /// How to settle every conflict: keep this computer's version or take the file's.
        #[arg(long, value_parser = PossibleValuesParser::new(["mine", "theirs"]))]
        resolve: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Holiday schedules: read the State Council's notice (pasted into a text file) into a
    /// year's schedule, in holiday-cn's JSON shape
    Holidays {
        #[command(subcommand)]
        action: HolidaysAction,
    },
    /// Replace the data with a backup's, after showing what it holds and backing up the current
    /// data into the backups folder beside the database. Close the app first.
    Restore {
        #[arg(long)]
        db: Option<PathBuf>,
        /// The .bpbak file.
        #[arg(long)]
        from: PathBuf,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum HolidaysAction {
    /// Read 国务院办公厅关于 Y 年部分节假日安排的通知 (UTF-8 or GBK text) into the year's days;
    /// --save stores them as the year's schedule in the database
    FromNotice {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        save: bool,
        #[arg(long, requires = "save")]
        db: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum PrintWhat {
    /// Activity-day calendars: a branch's year (or month with --month) to the file --out; a
    /// community's month to the file --out; a community's or every branch's calendars
    /// (--community without --month, or --all) into the folder --out, one PDF per branch.
    Calendar {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, group = "scope")]
        branch: Option<String>,
        #[arg(long, group = "scope")]
        community: Option<String>,
        #[arg(long, group = "scope")]
        all: bool,
        #[arg(long, value_parser = clap::value_parser!(i32)
            .range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
        year: i32,
        /// 1 to 12: a month calendar instead of the year.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=12))]
        month: Option<u32>,
        /// A3 paper instead of A4.
        #[arg(long)]
        a3: bool,
        /// With a folder --out (a community's or every branch's calendars): also write each
        /// community's activity days and demonstration points of the year as Excel.
        #[arg(long)]
        excel: bool,
        /// The date printed as 制表日期 (YYYY-MM-DD); today by default.
        #[arg(long, value_parser = date_arg)]
        today: Option<NaiveDate>,
        #[arg(long)]
        out: PathBuf,
    },
    /// The sign-in sheet of an activity.
    Signin {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long)]
        activity: String,
        #[arg(long, value_parser = date_arg)]
        today: Option<NaiveDate>,
        #[arg(long)]
        out: PathBuf,
    },
    /// The record of an activity (three steps, attendance, suggestions, problems).
    Record {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long)]
        activity: String,
        /// Write a Word document (.docx) instead of a PDF.
        #[arg(long)]
        docx: bool,
        #[arg(long, value_parser = date_arg)]
        today: Option<NaiveDate>,
        #[arg(long)]
        out: PathBuf,
    },
    /// The demonstration points of a branch or a community with their "3+X" status.
    Roster {
        #[arg(
            long,
            conflicts_with = "community",
            required_unless_present = "community"
        )]
        branch: Option<String>,
        #[arg(long)]
        community: Option<String>,
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, value_parser = clap::value_parser!(i32)
            .range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
        year: i32,
        #[arg(long, value_parser = date_arg)]
        today: Option<NaiveDate>,
        #[arg(long)]
        out: PathBuf,
    },
    /// The blank quarterly ballot sheet of a community (every branch, three boxes each).
    Ballot {
        #[command(flatten)]
        quarter: QuarterArgs,
    },
    /// The report of a community's finalised review of a quarter.
    Review {
        #[command(flatten)]
        quarter: QuarterArgs,
        /// Write a Word document (.docx) instead of a PDF.
        #[arg(long)]
        docx: bool,
    },
}

#[derive(Subcommand)]
enum ExcelWhat {
    /// The activity days of a year: a branch's (--branch) or a community's branches'.
    Schedule {
        #[command(flatten)]
        scope: ExcelScope,
    },
    /// A branch's activities of a year.
    Activities {
        #[command(flatten)]
        scope: ExcelScope,
    },
    /// A branch's suggestions and problems of a year (two sheets).
    Ledgers {
        #[command(flatten)]
        scope: ExcelScope,
    },
    /// The demonstration points created in a year, of a branch or a community.
    Points {
        #[command(flatten)]
        scope: ExcelScope,
    },
    /// The tally of a community's review of a quarter (in any state).
    Tally {
        #[command(flatten)]
        quarter: QuarterArgs,
    },
}

/// A branch or community, a year, and where to write the workbook.
#[derive(clap::Args)]
struct ExcelScope {
    #[arg(long)]
    db: Option<PathBuf>,
    #[arg(
        long,
        conflicts_with = "community",
        required_unless_present = "community"
    )]
    branch: Option<String>,
    #[arg(long)]
    community: Option<String>,
    #[arg(long, value_parser = clap::value_parser!(i32)
        .range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
    year: i32,
    #[arg(long, value_parser = date_arg)]
    today: Option<NaiveDate>,
    #[arg(long)]
    out: PathBuf,
}

/// A community's quarter and where to write its document.
#[derive(clap::Args)]
struct QuarterArgs {
    #[arg(long)]
    db: Option<PathBuf>,
    #[arg(long)]
    community: String,
    #[arg(long, value_parser = clap::value_parser!(i32)
        .range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
    year: i32,
    /// 1 to 4.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=4))]
    quarter: u32,
    #[arg(long, value_parser = date_arg)]
    today: Option<NaiveDate>,
    #[arg(long)]
    out: PathBuf,
}

#[derive(Clone)]
enum HolidaySource {
    Builtin,
    None,
    File(PathBuf),
}

fn holiday_source(text: &str) -> Result<HolidaySource, std::convert::Infallible> {
    Ok(match text {
        "builtin" => HolidaySource::Builtin,
        "none" => HolidaySource::None,
        path => HolidaySource::File(PathBuf::from(path)),
    })
}

fn date_arg(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| format!("not a YYYY-MM-DD date: {e}"))
}

fn weekday_parser() -> impl TypedValueParser<Value = Weekday> {
    PossibleValuesParser::new(Weekday::ALL.map(Weekday::as_str))
        .try_map(|text| Weekday::parse(&text).ok_or("unknown weekday"))
}

fn rule_parser() -> impl TypedValueParser<Value = ActivityWeekRule> {
    PossibleValuesParser::new(ActivityWeekRule::ALL.map(ActivityWeekRule::as_str))
        .try_map(|text| ActivityWeekRule::parse(&text).ok_or("unknown rule"))
}

/// A community's review of one quarter, as every `planner review` step names it.
#[derive(clap::Args)]
struct ReviewQuarter {
    #[arg(long)]
    db: Option<PathBuf>,
    #[arg(long)]
    community: String,
    #[arg(long, value_parser = clap::value_parser!(i32)
        .range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
    year: i32,
    /// 1 to 4.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=4))]
    quarter: u32,
    /// The day the step is taken on (YYYY-MM-DD); today by default.
    #[arg(long, value_parser = date_arg)]
    today: Option<NaiveDate>,
    /// Print the result as JSON on stdout, an error as JSON on stderr.
    #[arg(long)]
    json: bool,
}

/// 评议 without the window: each step is the app's own (the same `api::reviews` call, refused
/// the same way, recorded in the audit log with the login as actor).
#[derive(Subcommand)]
enum ReviewAction {
    /// Opens a community's review of a quarter (草稿) with its fact sheets; members registered
    /// as reviewers default to the community's active members, residents to 0.
    Open {
        #[command(flatten)]
        quarter: ReviewQuarter,
        /// Party members registered as reviewers.
        #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100_000))]
        members: Option<u32>,
        /// Residents (群众) registered as reviewers.
        #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100_000))]
        residents: Option<u32>,
    },
    /// Enters the paper sheets of a CSV file, all or none: a header `评议人,<branch name>,…`
    /// naming every branch of the review, then one row per sheet: 党员 or 群众, then a mark per
    /// branch (满意, 基本满意, 不满意; empty: unrated; two marks: two boxes ticked). A draft
    /// review starts collecting first.
    Ballots {
        #[command(flatten)]
        quarter: ReviewQuarter,
        /// The CSV file (UTF-8 or GBK).
        #[arg(long)]
        from: PathBuf,
    },
    /// Tallies a review that is collecting ballots (统计), and prints the counts, rates,
    /// scores, ranking and flagged branches.
    /// Refused when fewer than half of a group's registered reviewers handed in a sheet,
    /// unless --accept-low-turnout.
    Tally {
        #[command(flatten)]
        quarter: ReviewQuarter,
        /// Tally even though few sheets are in (the figure was seen).
        #[arg(long)]
        accept_low_turnout: bool,
    },
    /// Prints a review's figures in any state, changing nothing.
    Show {
        #[command(flatten)]
        quarter: ReviewQuarter,
    },
    /// Finalises (locks) a community's tallied review of a quarter, as 定稿 in the app does:
    /// refused unless tallied and every branch has a valid vote. Prints the final tally.
    Finalise {
        #[command(flatten)]
        quarter: ReviewQuarter,
        /// Finalise even though few sheets are in (the figure was seen).
        #[arg(long)]
        accept_low_turnout: bool,
    },
    /// Reopens a finalised review (back to 已统计), with the reason kept in the audit log.
    Reopen {
        #[command(flatten)]
        quarter: ReviewQuarter,
        #[arg(long)]
        reason: String,
    },
    /// Checks the review audit chain and every review against it; exits 1 naming the first
    /// break (which review, what differs).
    Verify {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

impl ReviewAction {
    fn json(&self) -> bool {
        match self {
            ReviewAction::Open { quarter, .. }
            | ReviewAction::Ballots { quarter, .. }
            | ReviewAction::Tally { quarter, .. }
            | ReviewAction::Show { quarter }
            | ReviewAction::Finalise { quarter, .. }
            | ReviewAction::Reopen { quarter, .. } => quarter.json,
            ReviewAction::Verify { json, .. } => *json,
        }
    }
}

impl Command {
    /// Whether the command was asked for JSON: its errors are then JSON too.
    fn json(&self) -> bool {
        match self {
            Command::ActivityDays { json, .. }
            | Command::Schedule { json, .. }
            | Command::Activities { json, .. }
            | Command::Compliance { json, .. }
            | Command::Stats { json, .. }
            | Command::Import { json, .. }
            | Command::List {
                what: ListWhat::Branches { json, .. },
            } => *json,
            Command::Review { action } => action.json(),
            _ => false,
        }
    }
}

#[derive(Subcommand)]
enum ListWhat {
    /// Every branch with its community, town, member count and seats filled.
    Branches {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum MembersAction {
    /// Import members from .xlsx or .csv: every row, or nothing when any row has a problem.
    Import {
        #[arg(long)]
        db: Option<PathBuf>,
        path: PathBuf,
    },
    /// Export the whole register to .xlsx.
    Export {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let json = cli.command.json();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            let code = match error {
                // A bad --holidays file or a --db that does not exist is a bad argument, like
                // clap's own usage errors.
                Error::HolidayFile(_)
                | Error::NotFound {
                    what: "database file",
                    ..
                } => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            };
            report_error(error, json);
            code
        }
    }
}

/// The one way a command reports a refusal on stderr: `error: <message>`, or with `--json`
/// `{"error": {"code": …, "message": …, …}}` (the typed error the window gets).
fn report_error(error: Error, json: bool) {
    if json {
        let api = branch_planner::ApiError::from(error);
        eprintln!("{}", serde_json::json!({ "error": api }));
    } else {
        eprintln!("error: {error}");
    }
}

/// `planner schedule … | head` should end quietly when `head` stops reading, as other command
/// line tools do, instead of panicking in `println!` on the closed pipe.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restores the default SIGPIPE disposition at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// The CLI is the edge of the app: the one place that reads the clock and passes `today` in. Its
/// clock is the machine's, or shifted to the day in `BRANCH_PLANNER_TODAY` (a command's own
/// `--today` wins over both).
fn clock() -> branch_planner::clock::Clock {
    static CLOCK: std::sync::OnceLock<branch_planner::clock::Clock> = std::sync::OnceLock::new();
    *CLOCK.get_or_init(|| {
        let env = std::env::var(branch_planner::clock::TODAY_ENV).ok();
        let fixed =
            branch_planner::clock::fixed_day(None, env.as_deref()).unwrap_or_else(|message| {
                eprintln!("error: {message}");
                std::process::exit(2);
            });
        #[allow(clippy::disallowed_methods)]
        let machine_today = chrono::Local::now().date_naive();
        branch_planner::clock::Clock::new(fixed, machine_today)
    })
}

fn today() -> chrono::NaiveDate {
    now_local().date()
}

#[allow(clippy::disallowed_methods)]
fn now_utc() -> chrono::DateTime<chrono::Utc> {
    clock().utc(chrono::Utc::now())
}

/// Who the audit log names for a write from the command line: the login, marked as the CLI.
fn cli_actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    if user.is_empty() {
        "命令行".to_owned()
    } else {
        format!("{user}（命令行）")
    }
}

#[allow(clippy::disallowed_methods)]
fn now_local() -> chrono::NaiveDateTime {
    clock().local(chrono::Local::now().naive_local())
}

fn print_manifest(m: &branch_planner::backup::BackupManifest) {
    let c = &m.counts;
    println!(
        "备份时间 / made: {}  软件版本 / app: {}  格式 / format: {}  数据库结构 / schema: {}",
        m.created_at.format("%Y-%m-%d %H:%M:%S"),
        m.app_version,
        m.format_version,
        m.schema_version
    );
    println!(
        "{} towns, {} communities, {} branches, {} members, {} activities, {} points, \
         {} reviews, {} photos ({} photo files)",
        c.towns,
        c.communities,
        c.branches,
        c.members,
        c.activities,
        c.points,
        c.reviews,
        c.photos,
        m.photo_files
    );
    if let Some(head) = &m.review_audit {
        println!(
            "评议审计链 / review audit chain: {} 条 entries，末条哈希 last hash {}",
            head.entries,
            head.short_hash()
        );
    }
}

fn print_exchange_counts(kinds: &[branch_planner::exchange::plan::KindCounts]) {
    println!(
        "{:<20} {:>5} {:>7} {:>9} {:>5} {:>11} {:>7}",
        "kind", "new", "changed", "unchanged", "kept", "conflicting", "deleted"
    );
    let all = branch_planner::exchange::plan::totals(kinds);
    for k in kinds.iter().chain(std::iter::once(&all)) {
        println!(
            "{:<20} {:>5} {:>7} {:>9} {:>5} {:>11} {:>7}",
            k.kind, k.new, k.changed, k.unchanged, k.kept, k.conflicting, k.deleted
        );
    }
}

fn confirm(question: &str) -> bool {
    use std::io::Write;
    print!("{question} [y/N] ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).is_ok()
        && matches!(answer.trim(), "y" | "Y" | "yes" | "是")
}

/// Opens an existing database: a mistyped --db must not quietly become a new empty file.
fn open(flag: Option<&Path>) -> Result<rusqlite::Connection, Error> {
    let path = db::default_path(flag);
    if !path.exists() {
        return Err(Error::NotFound {
            what: "database file",
            id: path.display().to_string(),
        });
    }
    db::open(&path)
}

/// Opens the database, creating it when there is none (the demo, an import into a new file).
fn open_or_create(flag: Option<&Path>) -> Result<rusqlite::Connection, Error> {
    db::open(&db::default_path(flag))
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Demo {
            db,
            seed,
            scale,
            years,
            today: on,
        } if scale != "demo" => {
            let path = db::default_path(db.as_deref());
            let mut conn = open_or_create(Some(&path))?;
            let scale = if scale == "city" {
                city::Scale::City
            } else {
                city::Scale::Town
            };
            let started = std::time::Instant::now();
            let s = demo::load_city(&mut conn, scale, years, seed, on.unwrap_or_else(today))?;
            drop(conn);
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            println!(
                "generated in {:.1} s: {} towns, {} communities, {} branches, {} members, \
                 {} teams, {} points, {} activities, {} attendance rows, {} suggestions, \
                 {} problems, {} finalised reviews ({} ballots); file {:.1} MB",
                started.elapsed().as_secs_f64(),
                s.towns,
                s.communities,
                s.branches,
                s.members,
                s.teams,
                s.points,
                s.activities,
                s.attendance,
                s.suggestions,
                s.problems,
                s.reviews,
                s.ballots,
                bytes as f64 / 1_048_576.0
            );
        }
        Command::Demo {
            db,
            seed,
            today: on,
            ..
        } => {
            let mut conn = open_or_create(db.as_deref())?;
            let s = demo::load_demo_with_history(&mut conn, seed, on.unwrap_or_else(today))?;
            println!(
                "demo loaded: {} town, {} communities, {} branches, {} members, {} teams, {} points, {} past activities, {} finalised reviews",
                s.towns, s.communities, s.branches, s.members, s.teams, s.points, s.activities, s.reviews
            );
        }
        Command::List {
            what: ListWhat::Branches { db, json },
        } => {
            let conn = open(db.as_deref())?;
            let rows = branch_rows(&register::org_tree(&conn)?);
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).unwrap_or_default()
                );
            } else {
                for r in &rows {
                    println!(
                        "{}\t{} / {} / {}\t{} members\t{}/3 seats",
                        r.id, r.town, r.community, r.name, r.active_members, r.seats_filled
                    );
                }
            }
        }
        Command::Members {
            action: MembersAction::Import { db, path },
        } => {
            let mut conn = open(db.as_deref())?;
            let preview = import::preview_members(&conn, &path, today())?;
            let layout = &preview.layout;
            if layout.header_row > 1 {
                eprintln!(
                    "header on row {}; the rows above it are skipped",
                    layout.header_row
                );
            }
            if let Some(branch) = &layout.branch_from_title {
                eprintln!("rows without a branch go to {branch}, named in the title");
            }
            for row in preview.rows.iter().filter(|r| !r.problems.is_empty()) {
                let problems: Vec<&str> = row.problems.iter().map(|p| p.describe()).collect();
                eprintln!(
                    "row {} ({}): {}",
                    row.row,
                    branch_planner::org::shown_text(&row.name),
                    problems.join("; ")
                );
            }
            let outcome = import::import_members(&mut conn, &path, None, today())?;
            println!("imported {} members", outcome.inserted);
        }
        Command::Members {
            action: MembersAction::Export { db, out },
        } => {
            let conn = open(db.as_deref())?;
            let outcome = import::export_register(&conn, &out)?;
            println!("exported {} members to {}", outcome.rows, outcome.path);
        }
        Command::Schedule {
            db,
            year,
            community,
            json,
        } => {
            let conn = open(db.as_deref())?;
            let ids: Vec<String> = match community {
                Some(id) => vec![id],
                None => branch_planner::db::communities::list(&conn)?
                    .into_iter()
                    .map(|c| c.id)
                    .collect(),
            };
            let years = ids
                .iter()
                .map(|id| schedule_api::community_year(&conn, id, year, today()))
                .collect::<Result<Vec<_>, _>>()?;
            if json {
                let out = serde_json::json!({ "year": year, "communities": years });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else {
                print_schedule(&years);
            }
        }
        Command::Activities {
            db,
            branch,
            year,
            json,
        } => {
            let conn = open(db.as_deref())?;
            let list = branch_planner::api::activities::activities_of_year(&conn, &branch, year)?;
            if json {
                let out =
                    serde_json::json!({ "branchId": branch, "year": year, "activities": list });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else {
                for a in &list {
                    let rate = a
                        .attendance_rate
                        .map_or("-".to_owned(), |r| format!("{:.0}%", r * 100.0));
                    println!(
                        "{} {}\t{}\t{}\tsteps {}/3\tattendance {rate}\tsuggestions {}\tproblems {}",
                        a.date,
                        a.start_time,
                        a.status.name(),
                        a.topic,
                        a.steps_recorded,
                        a.suggestions,
                        a.problems
                    );
                }
            }
        }
        Command::Compliance {
            db,
            year,
            quarter,
            community,
            today: on,
            json,
        } => {
            let conn = open(db.as_deref())?;
            let scope = points::PointScope {
                community_id: community,
                ..Default::default()
            };
            let on = on.unwrap_or_else(today);
            let result = points::scope_compliance(&conn, &scope, year, on)?;
            print_compliance(&result, quarter, json);
        }
        Command::Stats {
            db,
            year,
            quarter,
            month,
            town,
            community,
            branch,
            today: on,
            json,
        } => {
            let conn = open(db.as_deref())?;
            let scope = points::PointScope {
                town_id: town,
                community_id: community,
                branch_id: branch,
            };
            let period = match (quarter, month) {
                (Some(quarter), _) => stats::StatsPeriod::Quarter { year, quarter },
                (None, Some(month)) => stats::StatsPeriod::Month { year, month },
                (None, None) => stats::StatsPeriod::Year { year },
            };
            let report = stats::stats(&conn, &scope, period, on.unwrap_or_else(today))?;
            print_stats(&report, json);
        }
        Command::Review { action } => return run_review(action),
        Command::Ics {
            db,
            branch,
            community,
            year,
            out,
        } => {
            let conn = open(db.as_deref())?;
            let scope = schedule_api::ScheduleScope {
                branch_id: branch,
                community_id: community,
                town_id: None,
            };
            let outcome = schedule_api::export_ics(&conn, &scope, year, &out, now_utc())?;
            println!("wrote {} activity days to {}", outcome.events, outcome.path);
        }
        Command::Print { what } => run_print(what)?,
        Command::Excel { what } => run_excel(what)?,
        Command::Backup { db, out } => {
            let path = db::default_path(db.as_deref());
            let conn = open(Some(&path))?;
            let done = backup_api::backup_now(&conn, &path, &out, now_local())?;
            println!("wrote {} ({} bytes)", done.path, done.bytes);
            print_manifest(&done.manifest);
        }
        Command::Export {
            db,
            branch,
            community,
            decisions_for,
            out,
        } => {
            let path = db::default_path(db.as_deref());
            let mut conn = open(Some(&path))?;
            let done = match (branch, decisions_for) {
                (Some(branch), _) => {
                    exchange_api::export_branch(&mut conn, &path, &branch, &out, now_local())?
                }
                (None, Some(branch)) => {
                    exchange_api::export_decisions(&mut conn, &path, &branch, &out, now_local())?
                }
                (None, None) => unreachable!("clap requires --branch or --decisions-for"),
            };
            if let Some(community) = community {
                if community != done.manifest.community_id {
                    let _ = std::fs::remove_file(&done.path);
                    return Err(Error::NotFound {
                        what: "branch of that community",
                        id: done.manifest.branch_id,
                    });
                }
            }
            println!("wrote {} ({} bytes)", done.path, done.bytes);
            for c in done.manifest.counts.iter().filter(|c| c.count > 0) {
                println!("  {:<20} {}", c.kind, c.count);
            }
            println!("  {:<20} {}", "photo files", done.manifest.photo_files);
        }
        Command::Import {
            db,
            file,
            dry_run,
            resolve,
            json,
        } => {
            let path = db::default_path(db.as_deref());
            // A community office may receive a branch into a new, empty database; a dry run
            // into a database that is not there yet previews against an empty one and creates
            // nothing (no folder, no file).
            let mut conn = if dry_run && !path.exists() {
                db::open_in_memory()?
            } else {
                open_or_create(Some(&path))?
            };
            let preview = exchange_api::preview(&mut conn, &path, &file, today())?;
            let all = resolve.as_deref().map(|r| {
                if r == "theirs" {
                    branch_planner::exchange::plan::Choice::Theirs
                } else {
                    branch_planner::exchange::plan::Choice::Mine
                }
            });
            if dry_run || (all.is_none() && !preview.conflicts.is_empty()) {
                if json {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&preview).unwrap_or_default()
                    );
                } else {
                    print_exchange_counts(&preview.kinds);
                    for c in &preview.conflicts {
                        println!("冲突 / conflict: {} {} ({})", c.kind, c.label, c.key);
                        for f in &c.fields {
                            println!(
                                "    {}: 本机 / mine {:?}  文件 / file {:?}",
                                f.column, f.mine, f.theirs
                            );
                        }
                    }
                }
                if !preview.conflicts.is_empty() && !dry_run {
                    report_error(Error::ExchangeConflicts(preview.conflicts.len()), json);
                    if !json {
                        eprintln!("use --resolve mine or --resolve theirs");
                    }
                }
                return Ok(if preview.conflicts.is_empty() || all.is_some() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                });
            }
            let done = exchange_api::import(&mut conn, &path, &file, &[], all, today())?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&done).unwrap_or_default()
                );
            } else {
                print_exchange_counts(&done.kinds);
                println!(
                    "imported {} ({} photo files added)",
                    file.display(),
                    done.photo_files
                );
            }
        }
        Command::Holidays {
            action:
                HolidaysAction::FromNotice {
                    year,
                    file,
                    save,
                    db,
                    json,
                },
        } => {
            let schedule = holidays_api::read_notice_file(&file, year)?;
            if save {
                let mut conn = open(db.as_deref())?;
                holidays_api::store_schedule(&mut conn, &schedule, holidays_api::NOTICE_SOURCE)?;
            }
            if json {
                // holiday-cn's shape: each day as HolidayDay serialises (date, isOffDay, name).
                let out = serde_json::json!({"year": year, "days": schedule.days});
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else {
                for d in &schedule.days {
                    println!(
                        "{}\t{}\t{}",
                        d.date,
                        if d.is_off_day {
                            "休 off"
                        } else {
                            "班 workday"
                        },
                        d.name
                    );
                }
                if save {
                    println!("saved as the {year} schedule");
                }
            }
        }
        Command::Restore { db, from, yes } => {
            let path = db::default_path(db.as_deref());
            let manifest = backup_api::inspect(&from)?;
            print_manifest(&manifest);
            if !yes && !confirm("用这个备份替换当前数据？（当前数据会先备份）/ Replace the data?")
            {
                eprintln!("已取消 / cancelled");
                return Ok(ExitCode::FAILURE);
            }
            let outcome = backup_api::restore(&path, &from, now_local())?;
            if let Some(safety) = &outcome.safety_backup {
                println!("当前数据已备份到 / previous data saved to {safety}");
            }
            println!("restored {} into {}", from.display(), path.display());
        }
        Command::ActivityDays {
            year,
            weekday,
            rule,
            holidays,
            json,
        } => {
            let calendar = holiday_calendar(&holidays)?;
            if let HolidaySource::File(path) = &holidays {
                if !calendar.is_known(year) {
                    eprintln!(
                        "note: {} is not {year}'s schedule and none is built in",
                        path.display()
                    );
                }
            }
            let days = schedule::activity_year(year, weekday, rule, &calendar)?;
            if json {
                println!("{}", serde_json::to_string(&days).unwrap_or_default());
            } else {
                print_activity_year(&days);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The moment a step from the command line is recorded at: now, or the same time of day on the
/// command's `--today`.
fn step_at(on: Option<NaiveDate>) -> chrono::NaiveDateTime {
    let now = now_local();
    on.map_or(now, |day| day.and_time(now.time()))
}

/// `planner review …`: each step through the window's own `api::reviews` function.
fn run_review(action: ReviewAction) -> Result<ExitCode, Error> {
    let actor = cli_actor();
    let step = |q: &ReviewQuarter| -> Result<_, Error> {
        let conn = open(q.db.as_deref())?;
        Ok((conn, step_at(q.today)))
    };
    // The community's review of the quarter, for the steps after opening.
    let review_of = |conn: &rusqlite::Connection, q: &ReviewQuarter| -> Result<String, Error> {
        Ok(find_quarter_review(conn, &q.community, q.year, q.quarter)?
            .review
            .id)
    };
    match action {
        ReviewAction::Open {
            quarter: q,
            members,
            residents,
        } => {
            let (mut conn, at) = step(&q)?;
            let change = Change { actor: &actor, at };
            let on = q.today.unwrap_or_else(today);
            // Opening and the reviewer counts are one write: a refused count opens nothing.
            let tx = conn.transaction()?;
            let id = reviews::open_review_in(&tx, &q.community, q.year, q.quarter, on, &change)?;
            for (group, n) in [
                (ReviewerGroup::Member, members),
                (ReviewerGroup::Resident, residents),
            ] {
                if let Some(n) = n {
                    reviews::set_reviewers_in(&tx, &id, group, n, &change)?;
                }
            }
            tx.commit()?;
            let review = reviews::get_review(&conn, &id)?;
            if !q.json {
                let counts: Vec<String> = review
                    .reviewers
                    .iter()
                    .map(|c| format!("{} {}", c.group.label_zh(), c.registered))
                    .collect();
                println!(
                    "已开启 / opened: {} 个支部 branches, 登记评议人 registered reviewers: {}",
                    review.branches.len(),
                    counts.join(", ")
                );
            }
            print_review_tally(&conn, &review, q.json)?;
        }
        ReviewAction::Ballots { quarter: q, from } => {
            let (mut conn, at) = step(&q)?;
            let id = review_of(&conn, &q)?;
            let before = reviews::get_review(&conn, &id)?.ballots.len();
            let change = Change { actor: &actor, at };
            let review = reviews::import_ballot_file(&mut conn, &id, &from, &change)?;
            if !q.json {
                println!(
                    "已录入 / entered {} 张选票 sheets from {}",
                    review.ballots.len() - before,
                    from.display()
                );
            }
            print_review_tally(&conn, &review, q.json)?;
        }
        ReviewAction::Tally {
            quarter: q,
            accept_low_turnout,
        } => {
            let (mut conn, at) = step(&q)?;
            let id = review_of(&conn, &q)?;
            let change = Change { actor: &actor, at };
            let review = reviews::tally_checked(&mut conn, &id, accept_low_turnout, &change)?;
            print_review_tally(&conn, &review, q.json)?;
        }
        ReviewAction::Show { quarter: q } => {
            let conn = open(q.db.as_deref())?;
            let review = find_quarter_review(&conn, &q.community, q.year, q.quarter)?;
            print_review_tally(&conn, &review, q.json)?;
        }
        ReviewAction::Finalise {
            quarter: q,
            accept_low_turnout,
        } => {
            let (mut conn, at) = step(&q)?;
            let id = review_of(&conn, &q)?;
            let change = Change { actor: &actor, at };
            let review = reviews::finalise_checked(&mut conn, &id, accept_low_turnout, &change)?;
            print_review_tally(&conn, &review, q.json)?;
        }
        ReviewAction::Reopen { quarter: q, reason } => {
            let (mut conn, at) = step(&q)?;
            let id = review_of(&conn, &q)?;
            let review = reviews::reopen(&mut conn, &id, &reason, &Change { actor: &actor, at })?;
            print_review_tally(&conn, &review, q.json)?;
        }
        ReviewAction::Verify { db, json } => {
            let conn = open(db.as_deref())?;
            let check = reviews::verify_audit(&conn)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&check).unwrap_or_default()
                );
            }
            match &check.broken {
                None if !json => println!(
                    "审计链完整 / audit chain intact: {} entries, {} reviews",
                    check.entries, check.reviews
                ),
                None => {}
                Some(broken) => {
                    if !json {
                        eprintln!("审计链已损坏 / audit chain broken: {}", broken.describe());
                    }
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_print(what: PrintWhat) -> Result<(), Error> {
    use branch_planner::api::print::PrintJob;
    use branch_planner::print::docs::Paper;
    match what {
        PrintWhat::Calendar {
            db,
            branch,
            community,
            all,
            year,
            month,
            a3,
            excel,
            today: on,
            out,
        } => {
            let conn = open(db.as_deref())?;
            let on = on.unwrap_or_else(today);
            let paper = if a3 { Paper::A3 } else { Paper::A4 };
            let branch_job = |branch_id: String| match month {
                Some(month) => PrintJob::BranchMonth {
                    branch_id,
                    year,
                    month,
                    paper,
                },
                None => PrintJob::YearCalendar {
                    branch_id,
                    year,
                    paper,
                },
            };
            let single = branch.is_some() || (community.is_some() && month.is_some());
            if excel && single {
                // Excel goes with a folder of calendars; a single PDF has no place for it.
                return Err(Error::invalid(
                    "excel",
                    branch_planner::error::FieldRule::BadChoice,
                ));
            }
            match (branch, community, month) {
                (Some(id), _, _) => print_one(&conn, &branch_job(id), &out, on),
                (None, Some(id), Some(month)) => {
                    let job = PrintJob::CommunityMonth {
                        community_id: id,
                        year,
                        month,
                        paper,
                    };
                    print_one(&conn, &job, &out, on)
                }
                (None, community, _) => {
                    if !all && community.is_none() {
                        return Err(Error::invalid(
                            "scope",
                            branch_planner::error::FieldRule::Required,
                        ));
                    }
                    let request = branch_planner::api::print::batch::BatchRequest {
                        town_id: None,
                        community_id: community,
                        year,
                        month,
                        paper,
                        excel,
                    };
                    print_batch(&conn, &request, &out, on)
                }
            }
        }
        PrintWhat::Signin {
            db,
            activity,
            today: on,
            out,
        } => {
            let conn = open(db.as_deref())?;
            let job = PrintJob::SignIn {
                activity_id: activity,
            };
            print_one(&conn, &job, &out, on.unwrap_or_else(today))
        }
        PrintWhat::Record {
            db,
            activity,
            docx,
            today: on,
            out,
        } => {
            let conn = open(db.as_deref())?;
            let job = PrintJob::ActivityRecord {
                activity_id: activity,
            };
            print_or_docx(&conn, &job, &out, on.unwrap_or_else(today), docx)
        }
        PrintWhat::Roster {
            branch,
            community,
            db,
            year,
            today: on,
            out,
        } => {
            let conn = open(db.as_deref())?;
            let job = PrintJob::PointRoster {
                branch_id: branch,
                community_id: community,
                year,
            };
            print_one(&conn, &job, &out, on.unwrap_or_else(today))
        }
        PrintWhat::Ballot { quarter: q } => {
            let conn = open(q.db.as_deref())?;
            let job = PrintJob::ReviewBallot {
                community_id: q.community,
                year: q.year,
                quarter: q.quarter,
            };
            print_one(&conn, &job, &q.out, q.today.unwrap_or_else(today))
        }
        PrintWhat::Review { quarter: q, docx } => {
            let conn = open(q.db.as_deref())?;
            let review = find_quarter_review(&conn, &q.community, q.year, q.quarter)?;
            let job = PrintJob::ReviewReport {
                review_id: review.review.id,
            };
            print_or_docx(&conn, &job, &q.out, q.today.unwrap_or_else(today), docx)
        }
    }
}

fn run_excel(what: ExcelWhat) -> Result<(), Error> {
    use branch_planner::api::print::{save_xlsx, ExcelJob};
    let branch_only = |scope: &ExcelScope| {
        scope
            .branch
            .clone()
            .ok_or_else(|| Error::invalid("branch", branch_planner::error::FieldRule::Required))
    };
    let (db, on, out, job) = match what {
        ExcelWhat::Schedule { scope } => {
            let job = ExcelJob::Schedule {
                branch_id: scope.branch.clone(),
                community_id: scope.community.clone(),
                year: scope.year,
            };
            (scope.db, scope.today, scope.out, job)
        }
        ExcelWhat::Activities { scope } => {
            let job = ExcelJob::Activities {
                branch_id: branch_only(&scope)?,
                year: scope.year,
            };
            (scope.db, scope.today, scope.out, job)
        }
        ExcelWhat::Ledgers { scope } => {
            let job = ExcelJob::Ledgers {
                branch_id: branch_only(&scope)?,
                year: scope.year,
            };
            (scope.db, scope.today, scope.out, job)
        }
        ExcelWhat::Points { scope } => {
            let job = ExcelJob::Points {
                branch_id: scope.branch.clone(),
                community_id: scope.community.clone(),
                year: scope.year,
            };
            (scope.db, scope.today, scope.out, job)
        }
        ExcelWhat::Tally { quarter: q } => {
            let conn = open(q.db.as_deref())?;
            let review = find_quarter_review(&conn, &q.community, q.year, q.quarter)?;
            let job = ExcelJob::Tally {
                review_id: review.review.id,
            };
            (q.db, q.today, q.out, job)
        }
    };
    let conn = open(db.as_deref())?;
    let saved = save_xlsx(&conn, &job, &out, on.unwrap_or_else(today))?;
    println!("wrote {} ({} bytes)", saved.path, saved.size_bytes);
    Ok(())
}

fn print_or_docx(
    conn: &rusqlite::Connection,
    job: &branch_planner::api::print::PrintJob,
    out: &Path,
    on: NaiveDate,
    docx: bool,
) -> Result<(), Error> {
    if !docx {
        return print_one(conn, job, out, on);
    }
    let saved = branch_planner::api::print::save_docx(conn, job, out, on)?;
    println!("wrote {} ({} bytes)", saved.path, saved.size_bytes);
    Ok(())
}

fn find_quarter_review(
    conn: &rusqlite::Connection,
    community: &str,
    year: i32,
    quarter: u32,
) -> Result<reviews::ReviewDetail, Error> {
    reviews::find_review(conn, community, year, quarter)?.ok_or_else(|| Error::NotFound {
        what: "review",
        id: format!("{community} {year} Q{quarter}"),
    })
}

fn print_one(
    conn: &rusqlite::Connection,
    job: &branch_planner::api::print::PrintJob,
    out: &Path,
    on: NaiveDate,
) -> Result<(), Error> {
    let saved = branch_planner::api::print::save_pdf(conn, job, out, on)?;
    println!(
        "wrote {} ({} page(s), {} bytes), font {}",
        saved.path, saved.pages, saved.size_bytes, saved.font
    );
    Ok(())
}

/// Prints a batch into the folder `out` with a progress bar, through the same loop as the app.
/// A document that fails (a missing glyph in one branch's data) is reported and the others
/// are still printed; the exit code then says something failed.
fn print_batch(
    conn: &rusqlite::Connection,
    request: &branch_planner::api::print::batch::BatchRequest,
    out: &Path,
    on: NaiveDate,
) -> Result<(), Error> {
    use branch_planner::api::print::batch;
    let fonts = branch_planner::print::system_fonts()?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed} {wide_msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // The command line has no cancel button: Ctrl-C ends the process, and the files written
    // so far are whole (each is renamed into place).
    let never = std::sync::atomic::AtomicBool::new(false);
    let outcome = batch::batch(
        conn,
        &fonts,
        request,
        out,
        on,
        |p| {
            bar.set_length(u64::from(p.total));
            bar.set_position(u64::from(p.done));
            bar.set_message(p.file.clone());
        },
        &never,
    );
    bar.finish_and_clear();
    let outcome = outcome?;
    for failure in &outcome.failed {
        eprintln!("error: {}: {}", failure.file, failure.error.message);
    }
    println!(
        "wrote {} of {} file(s) into {}, font {}",
        outcome.written, outcome.total, outcome.folder, outcome.font
    );
    if outcome.failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Render(format!(
            "{} document(s) not printed",
            outcome.failed.len()
        )))
    }
}

/// The holiday calendar `--holidays` names; a bad file is an `Error::HolidayFile` (exit code 2).
fn holiday_calendar(source: &HolidaySource) -> Result<HolidayCalendar, Error> {
    match source {
        HolidaySource::Builtin => Ok(HolidayCalendar::builtin()),
        HolidaySource::None => Ok(HolidayCalendar::empty()),
        // holiday-cn JSON or .ics, as the app imports them.
        HolidaySource::File(path) => Ok(HolidayCalendar::builtin()
            .with_year(branch_planner::api::holidays::read_holiday_file(path)?)),
    }
}

fn print_activity_year(year: &ActivityYear) {
    println!(
        "{} 年党员活动日 / activity days {}: {} {}, {} ({})",
        year.year,
        year.year,
        year.weekday.label_zh(),
        year.weekday.label_en(),
        year.rule.label_zh(),
        year.rule.as_str()
    );
    if !year.holidays_known {
        println!(
            "节假日安排未发布 / no holiday schedule for {}: no day is moved",
            year.year
        );
    }
    println!("月 month  活动周 activity week       固定日 fixed  活动日 date   说明 note");
    for day in &year.days {
        let reason = day.reason.as_deref().unwrap_or_default();
        let note = if day.conflict {
            format!("整周在{reason}假期内，请书记决定 / whole week in the {reason} break")
        } else if day.moved {
            format!("因{reason}调整 / moved for {reason}")
        } else {
            String::new()
        };
        let line = format!(
            "{:>2}        {} ~ {}  {}    {}    {}",
            day.month, day.week_start, day.week_end, day.fixed_date, day.date, note
        );
        println!("{}", line.trim_end());
    }
}

/// One line of `list branches`.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct BranchRow {
    id: String,
    name: String,
    community: String,
    /// What `planner review … --community` takes.
    community_id: String,
    town: String,
    active_members: u32,
    seats_filled: u32,
}

fn branch_rows(tree: &register::OrgTree) -> Vec<BranchRow> {
    let mut rows = Vec::new();
    for t in &tree.towns {
        for c in &t.communities {
            for b in &c.branches {
                rows.push(BranchRow {
                    id: b.branch.id.clone(),
                    name: b.branch.name.clone(),
                    community: c.community.name.clone(),
                    community_id: c.community.id.clone(),
                    town: t.town.name.clone(),
                    active_members: b.active_members,
                    seats_filled: b.seats_filled,
                });
            }
        }
    }
    rows
}

/// `planner schedule` without --json: one line per activity day, clashes after each community.
fn print_schedule(years: &[schedule_api::CommunityYear]) {
    for community in years {
        println!(
            "# {} {} ({})",
            community.community_name,
            community.year,
            branch_planner::week_rule::label_zh(&community.rules)
        );
        if !community.holidays_known {
            println!(
                "  节假日安排未发布 (no holiday schedule for {})",
                community.year
            );
        }
        for branch in &community.branches {
            for day in &branch.days {
                let note = match (&day.manual_reason, &day.reason) {
                    (Some(manual), _) => format!("  手动调整: {manual}"),
                    (None, Some(holiday)) if day.conflict => format!("  冲突: {holiday}"),
                    (None, Some(holiday)) => format!("  因{holiday}调整 (原定 {})", day.fixed_date),
                    _ => String::new(),
                };
                println!(
                    "  {}\t{}\t{} {}\t{}{note}",
                    branch.branch_name, day.month, day.date, day.start_time, day.venue
                );
            }
        }
        for clash in &community.clashes {
            println!(
                "  ! {:?} {} {}",
                clash.kind,
                clash.date,
                clash.branch_ids.join(", ")
            );
        }
    }
}

/// `planner compliance`: the JSON object, or a table with one line per branch.
fn print_stats(report: &stats::StatsReport, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(report).unwrap_or_default()
        );
        return;
    }
    let f = &report.figures;
    let percent = |r: Option<f64>| r.map_or("—".to_owned(), |r| format!("{:.1}%", r * 100.0));
    println!(
        "{} {} 至 {}（{} 个支部）",
        report.scope_name, report.period.from, report.period.to, report.branches
    );
    println!(
        "开展活动 {}（上年同期 {}）",
        f.activities_held, report.last_year.activities_held
    );
    for k in &f.by_kind {
        println!("  {} {}", k.kind.label_zh(), k.count);
    }
    println!(
        "活动日 已开展 {} / 应开展 {}；出席率 {}；三步齐全 {}",
        f.days_held,
        f.days_scheduled,
        percent(f.attendance_rate),
        f.three_steps_complete
    );
    println!(
        "新建示范点 {}（期末在运行 {}）；收集意见建议 {}（已答复 {}）；解决群众难题 {}",
        f.points_created,
        f.points_active,
        f.suggestions_collected,
        f.suggestions_answered,
        f.problems_solved
    );
    for row in &report.breakdown {
        println!(
            "  {}: 活动 {} 示范点 {} 意见建议 {} 难题解决 {}",
            row.name,
            row.figures.activities_held,
            row.figures.points_created,
            row.figures.suggestions_collected,
            row.figures.problems_solved
        );
    }
}

fn print_compliance(result: &points::ScopeCompliance, quarter: Option<u32>, json: bool) {
    let rows = &result.branches;
    if json {
        let mut out = serde_json::json!({ "year": result.year, "today": result.today });
        match quarter {
            Some(q) => {
                let quarter_rows: Vec<serde_json::Value> = rows
                    .iter()
                    .filter_map(|r| {
                        r.compliance.quarter(q).map(|c| {
                            serde_json::json!({
                                "branchId": r.branch_id,
                                "branchName": r.branch_name,
                                "communityId": r.community_id,
                                "communityName": r.community_name,
                                "compliance": c,
                            })
                        })
                    })
                    .collect();
                out["quarter"] = q.into();
                out["rollup"] = serde_json::json!(compliance::quarter_rollup(
                    rows.iter().map(|r| &r.compliance),
                    q
                ));
                out["branches"] = quarter_rows.into();
            }
            None => {
                out["rollup"] = serde_json::json!(result.rollup);
                out["branches"] = serde_json::json!(rows);
            }
        }
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return;
    }
    let name_of = |id: &str| {
        rows.iter()
            .find(|r| r.branch_id == id)
            .map_or(id.to_owned(), |r| r.branch_name.clone())
    };
    match quarter {
        Some(q) => {
            println!(
                "{} 年第 {q} 季度新建示范点 / Q{q} {} new demonstration points (today {})",
                result.year, result.year, result.today
            );
            for r in rows {
                if let Some(c) = r.compliance.quarter(q) {
                    println!(
                        "  {}	{}	{} points	{}",
                        r.community_name,
                        r.branch_name,
                        c.points,
                        state_label(c.state)
                    );
                }
            }
            let sum = compliance::quarter_rollup(rows.iter().map(|r| &r.compliance), q);
            println!(
                "{} of {} branches met Q{q}; {} points created",
                sum.meeting, sum.branches, sum.created
            );
            let short: Vec<String> = sum.falling_short.iter().map(|id| name_of(id)).collect();
            if !short.is_empty() {
                println!("falling short: {}", short.join(", "));
            }
        }
        None => {
            println!(
                "{} 年“3+X”达标情况 / {} \"3+X\" compliance (today {})",
                result.year, result.year, result.today
            );
            println!("  社区 community\t支部 branch\t完成/要求 done/required\t新建 created\t支委 3\t组团 X\t能力/应组/已组 capable/needed/formed\tQ1\tQ2\tQ3\tQ4\t总体 overall");
            for r in rows {
                let c = &r.compliance;
                let quarters: Vec<String> =
                    c.quarters.iter().map(|q| state_label(q.state)).collect();
                println!(
                    "  {}\t{}\t{}/{}\t{}\t{}\t{}\t{}/{}/{}\t{}\t{}",
                    r.community_name,
                    r.branch_name,
                    c.fulfilled,
                    c.required,
                    c.created,
                    state_label(c.committee_state),
                    state_label(c.team_state),
                    c.capable,
                    c.teams_needed,
                    c.teams_formed,
                    quarters.join("\t"),
                    state_label(c.state)
                );
            }
            let sum = &result.rollup;
            println!(
                "{} branches: {} fully compliant, {} meet \"3\", {} meet \"X\", quarters {:?}; {}/{} required done, {} points",
                sum.branches,
                sum.fully_compliant,
                sum.meeting_committee_rule,
                sum.meeting_team_rule,
                sum.meeting_quarter_rule,
                sum.fulfilled,
                sum.required,
                sum.created
            );
            for short in &sum.falling_short {
                let rules: Vec<String> = short
                    .rules
                    .iter()
                    .map(|r| format!("{} {}", rule_label(r.rule), state_label(r.state)))
                    .collect();
                println!("  ! {}: {}", name_of(&short.branch_id), rules.join(", "));
            }
        }
    }
}

fn state_label(state: ComplianceState) -> String {
    match state {
        ComplianceState::Met => "达标 met".into(),
        ComplianceState::NotYet { days_left } => format!("未完成 not yet ({days_left} d left)"),
        ComplianceState::Missed => "未达标 missed".into(),
        ComplianceState::NotStarted => "未开始 not started".into(),
    }
}

fn rule_label(rule: compliance::RuleKind) -> String {
    match rule {
        compliance::RuleKind::Committee => "支委 3".into(),
        compliance::RuleKind::Teams => "组团 X".into(),
        compliance::RuleKind::Quarter { quarter } => format!("Q{quarter}"),
    }
}

/// The tally line's warnings: the branch below the threshold, and each group below it alone.
fn group_marks(b: &branch_planner::review::tally::BranchTally) -> String {
    let mut marks = String::new();
    if b.flagged {
        marks.push_str("\t! 低于阈值 below threshold");
    }
    if b.member_flagged {
        marks.push_str("\t党员评议低于阈值 members below");
    }
    if b.resident_flagged {
        marks.push_str("\t群众评议低于阈值 residents below");
    }
    marks
}

/// `planner review …`: the JSON object, or one line per branch by rank. Both end with the
/// review's end of the audit log (entries and last hash), as the printed report does.
fn print_review_tally(
    conn: &rusqlite::Connection,
    detail: &reviews::ReviewDetail,
    json: bool,
) -> Result<(), Error> {
    let head = reviews::audit_head(conn, &detail.review.id)?;
    let name_of = |id: &str| {
        detail
            .branches
            .iter()
            .find(|b| b.branch_id == id)
            .map_or(id.to_owned(), |b| b.branch_name.clone())
    };
    let tally = &detail.tally;
    if json {
        let branches: Vec<serde_json::Value> = tally
            .branches
            .iter()
            .map(|b| {
                let mut line = serde_json::json!(b);
                line["branchName"] = name_of(&b.branch_id).into();
                line
            })
            .collect();
        let out = serde_json::json!({
            "review": detail.review,
            "settings": tally.settings,
            "rateFormula": tally.rate_formula,
            "scoreFormula": tally.score_formula,
            "combinationFormula": tally.combination_formula,
            "sheets": { "member": tally.sheets[0], "resident": tally.sheets[1] },
            "branches": branches,
            "auditHead": head,
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(());
    }
    let r = &detail.review;
    println!(
        "{} {} 年第 {} 季度评议 / review {} Q{} ({})",
        r.community_name,
        r.year,
        r.quarter,
        r.year,
        r.quarter,
        r.state.label_zh()
    );
    println!("  {}", tally.rate_formula);
    println!("  {}", tally.score_formula);
    println!("  {}", tally.combination_formula);
    let pct = |x: Option<f64>| x.map_or("-".to_owned(), |v| format!("{:.1}%", v * 100.0));
    let score = |x: Option<f64>| x.map_or("-".to_owned(), |v| format!("{v:.1}"));
    println!("  名次 rank\t支部 branch\t满意/基本/不满意/无效 votes\t满意率 rate\t得分 score");
    for b in &tally.branches {
        let c = &b.combined.counts;
        println!(
            "  {}\t{}\t{}/{}/{}/{}\t{}\t{}{}",
            b.rank.map_or("-".to_owned(), |n| n.to_string()),
            name_of(&b.branch_id),
            c.satisfied,
            c.fairly_satisfied,
            c.dissatisfied,
            b.combined.invalid,
            pct(b.combined.rate),
            score(b.combined.score),
            group_marks(b)
        );
    }
    println!(
        "  审计记录 audit entries: {}，末条哈希 last hash {}",
        head.entries,
        head.short_hash()
    );
    Ok(())
}
