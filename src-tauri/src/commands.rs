//! Tauri commands: each takes the state, calls one `api` function, converts the error.
//! Argument checks live in the core (`api`), so the CLI and the app refuse the same input.

use std::path::PathBuf;
use std::sync::MutexGuard;

use branch_planner::activity::{ActivityDraft, ActivityStatus, AttendanceEntry};
use branch_planner::api::activities::{self, ActivityDetail, ActivitySummary, BranchHome, Change};
use branch_planner::api::backup::{self as backup_api, BackupDone, BackupList};
use branch_planner::api::exchange::{
    self as exchange_api, ConflictChoice, ExchangePreview, ExportDone, ImportDone,
};
use branch_planner::api::holidays::{self, HolidayEditKind, HolidayYear};
use branch_planner::api::photos::{self, PhotoView};
use branch_planner::api::points::{self, PointScope, PointSummary, ScopeCompliance};
use branch_planner::api::print::batch::{
    self, BatchOutcome, BatchProgress, BatchRequest, BatchSlot,
};
use branch_planner::api::print::{self, ExcelJob, PrintJob, PrintPreview, SavedFile, SavedPdf};
use branch_planner::api::register::{
    self, BranchDraft, CommunityDraft, MemberQuery, OrgTree, TownDraft,
};
use branch_planner::api::schedule::{
    self, BranchYear, CommunitySchedule, CommunitySharing, CommunityYear, IcsOutcome, Reminder,
    ScheduleScope, ScheduledDay, UpcomingDay, WeekRuleChange, WeekdayChoice,
};
use branch_planner::api::settings::{self, AppInfo, AppSettings};
use branch_planner::api::stats::{self, StatsPeriod, StatsReport};
use branch_planner::api::study_plans::{self, HandOut};
use branch_planner::api::{demo, import};
use branch_planner::backup::{BackupManifest, RestoreOutcome};
use branch_planner::compliance::BranchCompliance;
use branch_planner::day_plan::{DayMove, DayPlan};
use branch_planner::demo::DemoSummary;
use branch_planner::demo_point::{DemoPoint, DemoPointDraft, PointStatusChange};
use branch_planner::exchange::FileKind;
use branch_planner::holiday::YearSchedule;
use branch_planner::ledger::{Problem, Suggestion};
use branch_planner::member_import::ImportPreview;
use branch_planner::org::{Branch, Community, Member, MemberDraft, SeatAssignment, Town};
use branch_planner::photo::{PhotoOwner, PhotoStore};
use branch_planner::stagger::{Proposal, WeekdayAdvice, WeekdayWishes};
use branch_planner::study_plan::StudyPlan;
use branch_planner::team::{Team, TeamDraft, TeamSuggestion};
use branch_planner::week_rule::WeekRuleFrom;
use branch_planner::{ApiError, Error};
use tauri::State;

use crate::{file_access, AppState};

type Reply<T> = Result<T, ApiError>;

// The shell is the edge of the app: its one clock (crate::clock) gives every command its day.
use crate::clock::{now_local, now_utc, today};

fn conn<'a>(state: &'a State<AppState>) -> MutexGuard<'a, rusqlite::Connection> {
    // A panic while holding the lock leaves the connection itself usable: SQLite rolled back
    // the open transaction when it was dropped.
    state
        .conn
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The name the save dialog of 立即备份 suggests.
#[tauri::command]
pub fn backup_file_name() -> Reply<String> {
    Ok(backup_api::default_file_name(now_local()))
}

#[tauri::command]
pub fn backup_now(
    app: tauri::AppHandle,
    state: State<AppState>,
    path: PathBuf,
) -> Reply<BackupDone> {
    file_access::chosen(&app, &path)?;
    Ok(backup_api::backup_now(
        &conn(&state),
        &state.db_path,
        &path,
        now_local(),
    )?)
}

#[tauri::command]
pub fn inspect_backup(app: tauri::AppHandle, path: PathBuf) -> Reply<BackupManifest> {
    file_access::chosen(&app, &path)?;
    Ok(backup_api::inspect(&path)?)
}

/// Restores a backup: the shell's connection is closed while the file is replaced, then the
/// database is opened again (the restored one, or the old one when the restore was refused).
#[tauri::command]
pub fn restore_backup(
    app: tauri::AppHandle,
    state: State<AppState>,
    path: PathBuf,
) -> Reply<RestoreOutcome> {
    file_access::chosen(&app, &path)?;
    let mut guard = conn(&state);
    // Refused before anything closes: not a backup, damaged, too new.
    backup_api::inspect(&path)?;
    let placeholder = rusqlite::Connection::open_in_memory().map_err(Error::from)?;
    drop(std::mem::replace(&mut *guard, placeholder));
    let outcome = backup_api::restore(&state.db_path, &path, now_local());
    let reopened = branch_planner::db::open(&state.db_path);
    match reopened {
        Ok(conn) => {
            *guard = conn;
            *state.problem.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
        // Still nothing that opens: the stand-in stays, so the window can try another backup.
        Err(_) if outcome.is_err() => *guard = branch_planner::db::open_in_memory()?,
        Err(error) => return Err(error.into()),
    }
    Ok(outcome?)
}

#[tauri::command]
pub fn list_backups(state: State<AppState>) -> Reply<BackupList> {
    Ok(backup_api::list(&conn(&state), &state.db_path)?)
}

/// The name the save dialog of 导出本支部数据 suggests.
#[tauri::command]
pub fn exchange_file_name(
    state: State<AppState>,
    branch_id: String,
    kind: FileKind,
) -> Reply<String> {
    Ok(exchange_api::default_file_name(
        &conn(&state),
        &branch_id,
        kind,
        now_local(),
    )?)
}

#[tauri::command]
pub fn export_exchange(
    app: tauri::AppHandle,
    state: State<AppState>,
    branch_id: String,
    kind: FileKind,
    path: PathBuf,
) -> Reply<ExportDone> {
    file_access::chosen(&app, &path)?;
    let mut conn = conn(&state);
    Ok(match kind {
        FileKind::Branch => {
            exchange_api::export_branch(&mut conn, &state.db_path, &branch_id, &path, now_local())
        }
        FileKind::Decisions => exchange_api::export_decisions(
            &mut conn,
            &state.db_path,
            &branch_id,
            &path,
            now_local(),
        ),
    }?)
}

#[tauri::command]
pub fn preview_exchange(
    app: tauri::AppHandle,
    state: State<AppState>,
    path: PathBuf,
) -> Reply<ExchangePreview> {
    file_access::chosen(&app, &path)?;
    Ok(exchange_api::preview(
        &mut conn(&state),
        &state.db_path,
        &path,
        today(),
    )?)
}

#[tauri::command]
pub fn import_exchange(
    app: tauri::AppHandle,
    state: State<AppState>,
    path: PathBuf,
    choices: Vec<ConflictChoice>,
) -> Reply<ImportDone> {
    file_access::chosen(&app, &path)?;
    Ok(exchange_api::import(
        &mut conn(&state),
        &state.db_path,
        &path,
        &choices,
        None,
        today(),
    )?)
}

#[tauri::command]
pub fn app_info(state: State<AppState>) -> Reply<AppInfo> {
    let problem = state
        .problem
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    Ok(settings::app_info(
        &conn(&state),
        &state.db_path,
        today(),
        crate::clock::is_fixed(),
        problem,
    )?)
}

#[tauri::command]
pub fn get_settings(state: State<AppState>) -> Reply<AppSettings> {
    Ok(settings::get(&conn(&state))?)
}

#[tauri::command]
pub fn save_settings(state: State<AppState>, settings: AppSettings) -> Reply<AppSettings> {
    Ok(settings::save(&conn(&state), &settings)?)
}

#[tauri::command]
pub fn load_demo(state: State<AppState>) -> Reply<DemoSummary> {
    Ok(demo::load_demo_with_history(
        &mut conn(&state),
        demo::DEMO_SEED,
        today(),
    )?)
}

#[tauri::command]
pub fn org_tree(state: State<AppState>) -> Reply<OrgTree> {
    Ok(register::org_tree(&conn(&state))?)
}

#[tauri::command]
pub fn save_town(state: State<AppState>, id: Option<String>, draft: TownDraft) -> Reply<Town> {
    Ok(register::save_town(
        &mut conn(&state),
        id.as_deref(),
        &draft,
    )?)
}

#[tauri::command]
pub fn save_community(
    state: State<AppState>,
    id: Option<String>,
    draft: CommunityDraft,
) -> Reply<Community> {
    Ok(register::save_community(
        &mut conn(&state),
        id.as_deref(),
        &draft,
    )?)
}

#[tauri::command]
pub fn save_branch(
    state: State<AppState>,
    id: Option<String>,
    draft: BranchDraft,
) -> Reply<Branch> {
    Ok(register::save_branch(
        &mut conn(&state),
        id.as_deref(),
        &draft,
    )?)
}

#[tauri::command]
pub fn list_members(state: State<AppState>, query: MemberQuery) -> Reply<Vec<Member>> {
    Ok(register::list_members(&conn(&state), &query)?)
}

#[tauri::command]
pub fn save_member(
    state: State<AppState>,
    id: Option<String>,
    draft: MemberDraft,
) -> Reply<Member> {
    Ok(register::save_member(
        &mut conn(&state),
        id.as_deref(),
        draft,
        today(),
    )?)
}

#[tauri::command]
pub fn archive_member(state: State<AppState>, id: String) -> Reply<Member> {
    Ok(register::archive_member(&mut conn(&state), &id, today())?)
}

#[tauri::command]
pub fn restore_member(state: State<AppState>, id: String) -> Reply<Member> {
    Ok(register::restore_member(&mut conn(&state), &id)?)
}

#[tauri::command]
pub fn delete_member(state: State<AppState>, id: String) -> Reply<()> {
    Ok(register::delete_member(&mut conn(&state), &id)?)
}

#[tauri::command]
pub fn committee(state: State<AppState>, branch_id: String) -> Reply<Vec<SeatAssignment>> {
    Ok(register::committee(&conn(&state), &branch_id)?)
}

#[tauri::command]
pub fn set_committee(
    state: State<AppState>,
    branch_id: String,
    seats: Vec<SeatAssignment>,
) -> Reply<Vec<SeatAssignment>> {
    Ok(register::set_committee(
        &mut conn(&state),
        &branch_id,
        &seats,
        today(),
    )?)
}

#[tauri::command]
pub fn preview_member_import(
    app: tauri::AppHandle,
    state: State<AppState>,
    path: PathBuf,
) -> Reply<ImportPreview> {
    file_access::chosen(&app, &path)?;
    Ok(import::preview_members(&conn(&state), &path, today())?)
}

#[tauri::command]
pub fn import_members(
    app: tauri::AppHandle,
    state: State<AppState>,
    path: PathBuf,
    file_digest: String,
) -> Reply<import::ImportOutcome> {
    file_access::chosen(&app, &path)?;
    let previewed = Some(file_digest.as_str());
    Ok(import::import_members(
        &mut conn(&state),
        &path,
        previewed,
        today(),
    )?)
}

#[tauri::command]
pub fn export_register(
    app: tauri::AppHandle,
    state: State<AppState>,
    path: PathBuf,
) -> Reply<import::ExportOutcome> {
    file_access::chosen(&app, &path)?;
    if path.as_os_str().is_empty() {
        return Err(Error::invalid("path", branch_planner::error::FieldRule::Required).into());
    }
    Ok(import::export_register(&conn(&state), &path)?)
}

#[tauri::command]
pub fn community_schedule(
    state: State<AppState>,
    community_id: String,
) -> Reply<CommunitySchedule> {
    Ok(schedule::community_schedule(
        &conn(&state),
        &community_id,
        today(),
    )?)
}

#[tauri::command]
pub fn save_community_schedule(
    state: State<AppState>,
    settings: CommunitySharing,
) -> Reply<CommunitySchedule> {
    Ok(schedule::save_community_schedule(
        &mut conn(&state),
        &settings,
        today(),
    )?)
}

#[tauri::command]
pub fn change_week_rule(
    state: State<AppState>,
    change: WeekRuleChange,
) -> Reply<CommunitySchedule> {
    Ok(schedule::change_week_rule(
        &mut conn(&state),
        &change,
        today(),
    )?)
}

#[tauri::command]
pub fn delete_week_rule(
    state: State<AppState>,
    community_id: String,
    effective_from: String,
) -> Reply<CommunitySchedule> {
    Ok(schedule::delete_week_rule(
        &mut conn(&state),
        &community_id,
        &effective_from,
        today(),
    )?)
}

#[tauri::command]
pub fn week_rules_in_year(
    state: State<AppState>,
    community_id: String,
    year: i32,
) -> Reply<Vec<WeekRuleFrom>> {
    Ok(schedule::week_rules_in_year(
        &conn(&state),
        &community_id,
        year,
    )?)
}

#[tauri::command]
pub fn branch_year(state: State<AppState>, branch_id: String, year: i32) -> Reply<BranchYear> {
    Ok(schedule::branch_year(&conn(&state), &branch_id, year)?)
}

#[tauri::command]
pub fn save_day_plan(state: State<AppState>, plan: DayPlan) -> Reply<Vec<DayPlan>> {
    Ok(schedule::save_day_plan(&mut conn(&state), plan)?)
}

#[tauri::command]
pub fn delete_day_plan(
    state: State<AppState>,
    branch_id: String,
    effective_from: String,
) -> Reply<Vec<DayPlan>> {
    Ok(schedule::delete_day_plan(
        &mut conn(&state),
        &branch_id,
        &effective_from,
    )?)
}

#[tauri::command]
pub fn move_day(state: State<AppState>, day_move: DayMove) -> Reply<ScheduledDay> {
    Ok(schedule::move_day(&mut conn(&state), day_move)?)
}

#[tauri::command]
pub fn clear_move(
    state: State<AppState>,
    branch_id: String,
    year: i32,
    month: u32,
) -> Reply<ScheduledDay> {
    Ok(schedule::clear_move(
        &mut conn(&state),
        &branch_id,
        year,
        month,
    )?)
}

#[tauri::command]
pub fn community_year(
    state: State<AppState>,
    community_id: String,
    year: i32,
) -> Reply<CommunityYear> {
    Ok(schedule::community_year(
        &conn(&state),
        &community_id,
        year,
        today(),
    )?)
}

#[tauri::command]
pub fn weekday_advice(
    state: State<AppState>,
    branch_id: String,
    year: i32,
) -> Reply<Vec<WeekdayAdvice>> {
    Ok(schedule::weekday_advice(&conn(&state), &branch_id, year)?)
}

/// The clashes of a branch's year with the other branches of its community.
#[tauri::command]
pub fn branch_clashes(
    state: State<AppState>,
    branch_id: String,
    year: i32,
) -> Reply<Vec<schedule::BranchClash>> {
    Ok(schedule::branch_clashes(&conn(&state), &branch_id, year)?)
}

/// The clashes a fixed day would bring, asked before it is saved (nothing is written).
#[tauri::command]
pub fn plan_clashes(state: State<AppState>, plan: DayPlan) -> Reply<Vec<schedule::BranchClash>> {
    Ok(schedule::plan_clashes(&conn(&state), plan)?)
}

#[tauri::command]
pub fn weekday_wishes(state: State<AppState>, branch_id: String) -> Reply<WeekdayWishes> {
    Ok(schedule::weekday_wishes(&conn(&state), &branch_id)?)
}

#[tauri::command]
pub fn save_weekday_wishes(state: State<AppState>, wishes: WeekdayWishes) -> Reply<WeekdayWishes> {
    Ok(schedule::save_weekday_wishes(&mut conn(&state), &wishes)?)
}

#[tauri::command]
pub fn propose_weekdays(
    state: State<AppState>,
    community_id: String,
    year: i32,
) -> Reply<Proposal> {
    Ok(schedule::propose_weekdays(
        &conn(&state),
        &community_id,
        year,
    )?)
}

#[tauri::command]
pub fn apply_weekdays(
    state: State<AppState>,
    community_id: String,
    effective_from: String,
    choices: Vec<WeekdayChoice>,
) -> Reply<CommunityYear> {
    Ok(schedule::apply_weekdays(
        &mut conn(&state),
        &community_id,
        &effective_from,
        &choices,
        today(),
    )?)
}

#[tauri::command]
pub fn upcoming_days(
    state: State<AppState>,
    scope: ScheduleScope,
    count: u32,
) -> Reply<Vec<UpcomingDay>> {
    Ok(schedule::upcoming_days(
        &conn(&state),
        &scope,
        today(),
        count as usize,
    )?)
}

#[tauri::command]
pub fn due_reminders(state: State<AppState>, scope: ScheduleScope) -> Reply<Vec<Reminder>> {
    let conn = conn(&state);
    let days_before = settings::get(&conn)?.reminder_days_before;
    Ok(schedule::due_reminders(
        &conn,
        &scope,
        today(),
        days_before,
    )?)
}

#[tauri::command]
pub fn mark_reminders_shown(state: State<AppState>, shown: Vec<Reminder>) -> Reply<()> {
    Ok(schedule::mark_reminders_shown(&mut conn(&state), &shown)?)
}

#[tauri::command]
pub fn export_ics(
    app: tauri::AppHandle,

    state: State<AppState>,
    scope: ScheduleScope,
    year: i32,
    path: PathBuf,
) -> Reply<IcsOutcome> {
    file_access::chosen(&app, &path)?;
    Ok(schedule::export_ics(
        &conn(&state),
        &scope,
        year,
        &path,
        now_utc(),
    )?)
}

#[tauri::command]
pub fn holiday_year(state: State<AppState>, year: i32) -> Reply<HolidayYear> {
    Ok(holidays::holiday_year(&conn(&state), year)?)
}

#[tauri::command]
pub fn import_holiday_file(
    app: tauri::AppHandle,
    state: State<AppState>,
    path: PathBuf,
) -> Reply<HolidayYear> {
    file_access::chosen(&app, &path)?;
    Ok(holidays::import_holiday_file(&mut conn(&state), &path)?)
}

/// What a pasted State Council notice says for `year`, shown before it is saved.
#[tauri::command]
pub fn read_holiday_notice(year: i32, text: String) -> Reply<YearSchedule> {
    Ok(holidays::read_notice(year, &text)?)
}

/// Saves the notice's days as the year's schedule (read again in the core).
#[tauri::command]
pub fn save_holiday_notice(state: State<AppState>, year: i32, text: String) -> Reply<HolidayYear> {
    Ok(holidays::save_notice(&mut conn(&state), year, &text)?)
}

#[tauri::command]
pub fn edit_holiday_day(
    state: State<AppState>,
    date: chrono::NaiveDate,
    kind: Option<HolidayEditKind>,
    name: String,
) -> Reply<HolidayYear> {
    Ok(holidays::edit_holiday_day(
        &mut conn(&state),
        date,
        kind,
        &name,
    )?)
}

/// Who and when, for the audit history of held activities: the desktop's user and the clock.
fn with_change<T>(run: impl FnOnce(&Change) -> T) -> T {
    let actor = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    let actor = if actor.is_empty() {
        "本机用户".to_owned()
    } else {
        actor
    };
    run(&Change {
        actor: &actor,
        at: now_local(),
    })
}

#[tauri::command]
pub fn draft_for_day(
    state: State<AppState>,
    branch_id: String,
    year: i32,
    month: u32,
) -> Reply<ActivityDraft> {
    Ok(activities::draft_for_day(
        &conn(&state),
        &branch_id,
        year,
        month,
    )?)
}

#[tauri::command]
pub fn plan_activity(state: State<AppState>, draft: ActivityDraft) -> Reply<ActivityDetail> {
    Ok(activities::plan_activity(&mut conn(&state), draft)?)
}

#[tauri::command]
pub fn update_activity(
    state: State<AppState>,
    id: String,
    draft: ActivityDraft,
) -> Reply<ActivityDetail> {
    Ok(with_change(|change| {
        activities::update_activity(&mut conn(&state), &id, draft, change)
    })?)
}

#[tauri::command]
pub fn set_attendance(
    state: State<AppState>,
    id: String,
    entries: Vec<AttendanceEntry>,
    residents_present: u32,
) -> Reply<ActivityDetail> {
    Ok(with_change(|change| {
        activities::set_attendance(&mut conn(&state), &id, &entries, residents_present, change)
    })?)
}

/// `held_on`: the day a postponed activity took place, when it is marked held (by default the
/// day it was postponed to).
#[tauri::command]
pub fn change_status(
    state: State<AppState>,
    id: String,
    status: ActivityStatus,
    held_on: Option<chrono::NaiveDate>,
) -> Reply<ActivityDetail> {
    Ok(with_change(|change| {
        activities::change_status(&mut conn(&state), &id, status, held_on, today(), change)
    })?)
}

/// Sets back an activity marked held by mistake, with the reason kept in its history.
#[tauri::command]
pub fn set_back_held(state: State<AppState>, id: String, reason: String) -> Reply<ActivityDetail> {
    Ok(with_change(|change| {
        activities::set_back_held(&mut conn(&state), &id, &reason, change)
    })?)
}

#[tauri::command]
pub fn activity_detail(state: State<AppState>, id: String) -> Reply<ActivityDetail> {
    Ok(activities::activity_detail(&conn(&state), &id)?)
}

#[tauri::command]
pub fn activities_of_year(
    state: State<AppState>,
    branch_id: String,
    year: i32,
) -> Reply<Vec<ActivitySummary>> {
    Ok(activities::activities_of_year(
        &conn(&state),
        &branch_id,
        year,
    )?)
}

#[tauri::command]
pub fn save_suggestion(state: State<AppState>, suggestion: Suggestion) -> Reply<Suggestion> {
    Ok(activities::save_suggestion(
        &mut conn(&state),
        suggestion,
        today(),
    )?)
}

#[tauri::command]
pub fn save_problem(state: State<AppState>, problem: Problem) -> Reply<Problem> {
    Ok(activities::save_problem(
        &mut conn(&state),
        problem,
        today(),
    )?)
}

#[tauri::command]
pub fn suggestions_of(state: State<AppState>, branch_id: String) -> Reply<Vec<Suggestion>> {
    Ok(activities::suggestions_of(&conn(&state), &branch_id)?)
}

#[tauri::command]
pub fn problems_of(state: State<AppState>, branch_id: String) -> Reply<Vec<Problem>> {
    Ok(activities::problems_of(&conn(&state), &branch_id)?)
}

#[tauri::command]
pub fn branch_home(state: State<AppState>, branch_id: String) -> Reply<BranchHome> {
    Ok(activities::branch_home(&conn(&state), &branch_id, today())?)
}

#[tauri::command]
pub fn list_points(
    state: State<AppState>,
    scope: PointScope,
    year: Option<i32>,
) -> Reply<Vec<PointSummary>> {
    Ok(points::list_points(&conn(&state), &scope, year)?)
}

#[tauri::command]
pub fn save_point(
    state: State<AppState>,
    id: Option<String>,
    draft: DemoPointDraft,
) -> Reply<DemoPoint> {
    Ok(points::save_point(
        &mut conn(&state),
        id.as_deref(),
        draft,
        today(),
    )?)
}

#[tauri::command]
pub fn point_history(state: State<AppState>, id: String) -> Reply<Vec<PointStatusChange>> {
    Ok(points::point_history(&conn(&state), &id)?)
}

#[tauri::command]
pub fn activities_at_point(
    state: State<AppState>,
    point_id: String,
) -> Reply<Vec<ActivitySummary>> {
    Ok(points::activities_at_point(&conn(&state), &point_id)?)
}

#[tauri::command]
pub fn set_activity_point(
    state: State<AppState>,
    activity_id: String,
    point_id: Option<String>,
) -> Reply<()> {
    Ok(points::set_activity_point(
        &mut conn(&state),
        &activity_id,
        point_id.as_deref(),
    )?)
}

#[tauri::command]
pub fn teams_of(state: State<AppState>, branch_id: String, year: i32) -> Reply<Vec<Team>> {
    Ok(points::teams_of(&conn(&state), &branch_id, year)?)
}

#[tauri::command]
pub fn save_team(state: State<AppState>, id: Option<String>, draft: TeamDraft) -> Reply<Team> {
    Ok(points::save_team(&mut conn(&state), id.as_deref(), draft)?)
}

#[tauri::command]
pub fn delete_team(state: State<AppState>, id: String) -> Reply<()> {
    Ok(points::delete_team(&mut conn(&state), &id)?)
}

#[tauri::command]
pub fn suggest_teams(
    state: State<AppState>,
    branch_id: String,
    year: i32,
) -> Reply<TeamSuggestion> {
    Ok(points::suggest_teams(&conn(&state), &branch_id, year)?)
}

#[tauri::command]
pub fn branch_compliance(
    state: State<AppState>,
    branch_id: String,
    year: i32,
) -> Reply<BranchCompliance> {
    Ok(points::branch_compliance(
        &conn(&state),
        &branch_id,
        year,
        today(),
    )?)
}

#[tauri::command]
pub fn scope_compliance(
    state: State<AppState>,
    scope: PointScope,
    year: i32,
) -> Reply<ScopeCompliance> {
    Ok(points::scope_compliance(
        &conn(&state),
        &scope,
        year,
        today(),
    )?)
}

#[tauri::command]
pub fn point_of_activity(state: State<AppState>, activity_id: String) -> Reply<Option<DemoPoint>> {
    Ok(points::point_of_activity(&conn(&state), &activity_id)?)
}

fn photo_store(state: &State<AppState>) -> PhotoStore {
    PhotoStore::for_database(&state.db_path)
}

#[tauri::command]
pub fn add_photos(
    app: tauri::AppHandle,

    state: State<AppState>,
    owner: PhotoOwner,
    paths: Vec<PathBuf>,
) -> Reply<Vec<PhotoView>> {
    file_access::all_chosen(&app, &paths)?;
    let store = photo_store(&state);
    Ok(with_change(|change| {
        photos::add_photos(&mut conn(&state), &store, owner, paths, change)
    })?)
}

#[tauri::command]
pub fn photos_of(state: State<AppState>, owner: PhotoOwner) -> Reply<Vec<PhotoView>> {
    Ok(photos::photos_of(
        &conn(&state),
        &photo_store(&state),
        &owner,
    )?)
}

#[tauri::command]
pub fn photo_data(state: State<AppState>, id: String) -> Reply<String> {
    Ok(photos::photo_data(
        &conn(&state),
        &photo_store(&state),
        &id,
    )?)
}

#[tauri::command]
pub fn remove_photo(state: State<AppState>, id: String) -> Reply<Vec<PhotoView>> {
    let store = photo_store(&state);
    Ok(with_change(|change| {
        photos::remove_photo(&mut conn(&state), &store, &id, change)
    })?)
}

#[tauri::command]
pub fn study_plan(state: State<AppState>, community_id: String, year: i32) -> Reply<StudyPlan> {
    Ok(study_plans::study_plan(&conn(&state), &community_id, year)?)
}

#[tauri::command]
pub fn save_study_plan(state: State<AppState>, plan: StudyPlan) -> Reply<StudyPlan> {
    Ok(study_plans::save_study_plan(&mut conn(&state), plan)?)
}

#[tauri::command]
pub fn hand_out_study_topic(
    state: State<AppState>,
    community_id: String,
    year: i32,
    month: u32,
) -> Reply<HandOut> {
    Ok(study_plans::hand_out(
        &mut conn(&state),
        &community_id,
        year,
        month,
    )?)
}

#[tauri::command]
pub fn copy_plan_from(
    state: State<AppState>,
    source_id: String,
    draft: ActivityDraft,
) -> Reply<ActivityDraft> {
    Ok(study_plans::copy_plan_from(
        &conn(&state),
        &source_id,
        draft,
    )?)
}

#[tauri::command]
pub fn stats(state: State<AppState>, scope: PointScope, period: StatsPeriod) -> Reply<StatsReport> {
    Ok(stats::stats(&conn(&state), &scope, period, today())?)
}

/// The statistics of a scope and period as an .xlsx workbook at `path`.
#[tauri::command]
pub fn export_stats(
    app: tauri::AppHandle,

    state: State<AppState>,
    scope: PointScope,
    period: StatsPeriod,
    path: PathBuf,
) -> Reply<import::ExportOutcome> {
    file_access::chosen(&app, &path)?;
    if path.as_os_str().is_empty() {
        return Err(Error::invalid("path", branch_planner::error::FieldRule::Required).into());
    }
    let out = branch_planner::api::stats_export::export_stats(
        &conn(&state),
        &scope,
        period,
        today(),
        &path,
    )?;
    Ok(out)
}

// 评议: the quarterly review. Every write passes who and when for its audit entry.

use branch_planner::api::reviews::{
    self, BranchResult, QuarterRanking, ReviewDetail, ReviewSummary,
};
use branch_planner::review::audit::ChainCheck;
use branch_planner::review::tally::{GroupTotals, ReviewSettings};
use branch_planner::review::{BallotDraft, ItemDraft, ReviewerGroup};

#[tauri::command]
pub fn list_reviews(state: State<AppState>, community_id: String) -> Reply<Vec<ReviewSummary>> {
    Ok(reviews::list_reviews(&conn(&state), &community_id)?)
}

#[tauri::command]
pub fn find_review(
    state: State<AppState>,
    community_id: String,
    year: i32,
    quarter: u32,
) -> Reply<Option<ReviewDetail>> {
    Ok(reviews::find_review(
        &conn(&state),
        &community_id,
        year,
        quarter,
    )?)
}

#[tauri::command]
pub fn open_review(
    state: State<AppState>,
    community_id: String,
    year: i32,
    quarter: u32,
) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::open_review(&mut conn(&state), &community_id, year, quarter, today(), c)
    })?)
}

/// Starts collecting with the number of members and residents taking part.
#[tauri::command]
pub fn start_collecting(
    state: State<AppState>,
    id: String,
    members: u32,
    residents: u32,
) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::start_collecting_with(&mut conn(&state), &id, members, residents, c)
    })?)
}

/// `accept_low_turnout`: the user has seen a low turnout and tallies anyway.
#[tauri::command]
pub fn tally_review(
    state: State<AppState>,
    id: String,
    accept_low_turnout: bool,
) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::tally_checked(&mut conn(&state), &id, accept_low_turnout, c)
    })?)
}

#[tauri::command]
pub fn resume_collecting(state: State<AppState>, id: String) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::resume_collecting(&mut conn(&state), &id, c)
    })?)
}

#[tauri::command]
pub fn finalise_review(
    state: State<AppState>,
    id: String,
    accept_low_turnout: bool,
) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::finalise_checked(&mut conn(&state), &id, accept_low_turnout, c)
    })?)
}

#[tauri::command]
pub fn reopen_review(state: State<AppState>, id: String, reason: String) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::reopen(&mut conn(&state), &id, &reason, c)
    })?)
}

#[tauri::command]
pub fn set_reviewers(
    state: State<AppState>,
    id: String,
    group: ReviewerGroup,
    registered: u32,
) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::set_reviewers(&mut conn(&state), &id, group, registered, c)
    })?)
}

#[tauri::command]
pub fn save_ballot(
    state: State<AppState>,
    id: String,
    ballot_id: Option<String>,
    draft: BallotDraft,
) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::save_ballot(&mut conn(&state), &id, ballot_id.as_deref(), draft, c)
    })?)
}

/// Corrects a saved sheet (marks, comments, group) while collecting.
#[tauri::command]
pub fn update_ballot(
    state: State<AppState>,
    ballot_id: String,
    draft: BallotDraft,
) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::update_ballot(&mut conn(&state), &ballot_id, draft, c)
    })?)
}

#[tauri::command]
pub fn delete_ballot(state: State<AppState>, ballot_id: String) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::delete_ballot(&mut conn(&state), &ballot_id, c)
    })?)
}

#[tauri::command]
pub fn set_totals(state: State<AppState>, id: String, totals: GroupTotals) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::set_totals(&mut conn(&state), &id, totals, c)
    })?)
}

#[tauri::command]
pub fn set_review_comment(
    state: State<AppState>,
    id: String,
    branch_id: String,
    comment: String,
) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::set_comment(&mut conn(&state), &id, &branch_id, &comment, c)
    })?)
}

#[tauri::command]
pub fn save_rectification_item(
    state: State<AppState>,
    id: String,
    item_id: Option<String>,
    draft: ItemDraft,
) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::save_item(
            &mut conn(&state),
            &id,
            item_id.as_deref(),
            draft,
            today(),
            c,
        )
    })?)
}

#[tauri::command]
pub fn set_review_settings(
    state: State<AppState>,
    id: String,
    settings: ReviewSettings,
) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::set_settings(&mut conn(&state), &id, settings, c)
    })?)
}

#[tauri::command]
pub fn refresh_review_facts(state: State<AppState>, id: String) -> Reply<ReviewDetail> {
    Ok(with_change(|c| {
        reviews::refresh_facts(&mut conn(&state), &id, today(), c)
    })?)
}

#[tauri::command]
pub fn verify_review_audit(state: State<AppState>) -> Reply<ChainCheck> {
    Ok(reviews::verify_audit(&conn(&state))?)
}

#[tauri::command]
pub fn branch_review_history(
    state: State<AppState>,
    branch_id: String,
) -> Reply<Vec<BranchResult>> {
    Ok(reviews::branch_history(&conn(&state), &branch_id)?)
}

#[tauri::command]
pub fn community_review_ranking(
    state: State<AppState>,
    community_id: String,
) -> Reply<Vec<QuarterRanking>> {
    Ok(reviews::community_ranking(&conn(&state), &community_id)?)
}

// Printing. Async so laying out a document does not freeze the window.

#[tauri::command]
pub async fn print_preview(state: State<'_, AppState>, job: PrintJob) -> Reply<PrintPreview> {
    Ok(print::preview(&conn(&state), &job, today())?)
}

#[tauri::command]
pub async fn print_save(
    app: tauri::AppHandle,

    state: State<'_, AppState>,
    job: PrintJob,
    path: PathBuf,
) -> Reply<SavedPdf> {
    file_access::chosen(&app, &path)?;
    Ok(print::save_pdf(&conn(&state), &job, &path, today())?)
}

/// Writes the PDF to the app's print folder under the temp dir and opens it in the system's
/// viewer, whose print dialog knows the printer, paper and orientation.
#[tauri::command]
pub async fn print_open(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    job: PrintJob,
) -> Reply<SavedPdf> {
    use tauri_plugin_opener::OpenerExt;
    let saved = {
        let conn = conn(&state);
        let folder = std::env::temp_dir().join("branch-planner-print");
        std::fs::create_dir_all(&folder).map_err(Error::from)?;
        let path = folder.join(job.file_name(&conn)?);
        print::save_pdf(&conn, &job, &path, today())?
    };
    app.opener()
        .open_path(&saved.path, None::<&str>)
        .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
    Ok(saved)
}

/// Writes the Word version of `job` (the activity record or the review report).
#[tauri::command]
pub async fn print_save_docx(
    app: tauri::AppHandle,

    state: State<'_, AppState>,
    job: PrintJob,
    path: PathBuf,
) -> Reply<SavedFile> {
    file_access::chosen(&app, &path)?;
    Ok(print::save_docx(&conn(&state), &job, &path, today())?)
}

/// A file name to offer when saving `job` as a PDF before (or without) a preview, e.g.
/// 杏花社区-2026年第4季度评议表.pdf for a blank ballot.
#[tauri::command]
pub fn print_file_name(state: State<AppState>, job: PrintJob) -> Reply<String> {
    Ok(job.file_name(&conn(&state))?)
}

/// A file name to offer when exporting `job` as Excel.
#[tauri::command]
pub fn export_xlsx_name(state: State<AppState>, job: ExcelJob) -> Reply<String> {
    Ok(job.file_name(&conn(&state))?)
}

#[tauri::command]
pub async fn export_xlsx(
    app: tauri::AppHandle,

    state: State<'_, AppState>,
    job: ExcelJob,
    path: PathBuf,
) -> Reply<SavedFile> {
    file_access::chosen(&app, &path)?;
    Ok(print::save_xlsx(&conn(&state), &job, &path, today())?)
}

/// Prints a batch into `folder` on a background thread with its own connection, so the window
/// stays usable; `on_progress` hears after each document. One batch at a time (`BatchRunning`).
#[tauri::command]
pub async fn print_batch(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    batches: State<'_, BatchSlot>,
    request: BatchRequest,
    folder: PathBuf,
    on_progress: tauri::ipc::Channel<BatchProgress>,
) -> Reply<BatchOutcome> {
    file_access::chosen(&app, &folder)?;
    let ticket = batches.claim()?;
    let db_path = state.db_path.clone();
    let on = today();
    let work = tauri::async_runtime::spawn_blocking(move || {
        // A closed window drops the channel; the batch goes on to the end regardless.
        let progress = |p: &BatchProgress| {
            let _ = on_progress.send(p.clone());
        };
        batch::batch_in(
            &db_path,
            &request,
            &folder,
            on,
            progress,
            ticket.cancel_flag(),
        )
    });
    let outcome = work
        .await
        .map_err(|e| Error::Render(format!("batch print: {e}")))?;
    Ok(outcome?)
}

/// Asks the running batch to stop after its current document; false when none runs.
#[tauri::command]
pub fn cancel_print_batch(batches: State<BatchSlot>) -> bool {
    batches.cancel()
}
