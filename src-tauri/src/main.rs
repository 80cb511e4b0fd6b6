//! The desktop shell: opens the database, registers the commands, shows the window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod clock;
mod commands;
mod file_access;

use std::path::PathBuf;
use std::sync::Mutex;

use branch_planner::api::demo;
use branch_planner::db;

/// The open database and where it lives, shared by every command.
pub struct AppState {
    pub conn: Mutex<rusqlite::Connection>,
    pub db_path: PathBuf,
    /// Why the database file did not open at start-up (then `conn` is an empty in-memory
    /// stand-in and the window offers only a restore); cleared by a restore that succeeds.
    pub problem: Mutex<Option<branch_planner::error::ApiError>>,
}

/// Command-line flags: `--db FILE` picks the database; `--demo` fills a new, empty database
/// with the demo town (the README's run command uses it); `--allow-dir DIR` lets commands use
/// files under DIR without a file dialog (scripted runs and the end-to-end tests); `--today
/// YYYY-MM-DD` runs the app on that day (tests state their day; planning ahead), as does the
/// `BRANCH_PLANNER_TODAY` variable.
struct Flags {
    db: Option<PathBuf>,
    demo: bool,
    allow_dirs: Vec<PathBuf>,
    today: Option<String>,
    /// `--help` / `--version`: print and exit, before any window or database.
    info: Option<Info>,
}

enum Info {
    Help,
    Version,
}

const HELP: &str = "\
支部活动规划 / Branch Planner — 服务型党支部“三定一评”桌面软件

用法 / usage: branch-planner [选项 / options]

  --db 文件            使用这个数据库文件（默认：系统应用数据文件夹；或环境变量 BRANCH_PLANNER_DB）
                       use this database file (default: the app-data folder, or BRANCH_PLANNER_DB)
  --demo               数据库为空时载入示范镇 / load the demo town into an empty database
  --today YYYY-MM-DD   按这一天运行（也可用环境变量 BRANCH_PLANNER_TODAY）
                       run as of this day (or BRANCH_PLANNER_TODAY)
  --allow-dir 文件夹   允许不经文件对话框读写这个文件夹（脚本与测试用）
                       let commands use files under this folder without a file dialog
  --help               显示本说明 / show this help
  --version            显示版本 / show the version

命令行工具 planner 提供同样的功能，无需图形界面。/ The `planner` command line does the same without a window.
";

fn parse_flags() -> Flags {
    let mut flags = Flags {
        db: None,
        demo: false,
        allow_dirs: Vec::new(),
        today: None,
        info: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--db" => flags.db = args.next().map(PathBuf::from),
            "--demo" => flags.demo = true,
            "--help" | "-h" => flags.info = Some(Info::Help),
            "--version" | "-V" => flags.info = Some(Info::Version),
            "--allow-dir" => flags.allow_dirs.extend(args.next().map(PathBuf::from)),
            // A bare `--today` is a mistake to report, not a flag to ignore.
            "--today" => flags.today = Some(args.next().unwrap_or_default()),
            other => {
                if let Some(path) = other.strip_prefix("--db=") {
                    flags.db = Some(PathBuf::from(path));
                } else if let Some(day) = other.strip_prefix("--today=") {
                    flags.today = Some(day.to_owned());
                }
            }
        }
    }
    flags
}

fn main() {
    let flags = parse_flags();
    match flags.info {
        Some(Info::Help) => {
            print!("{HELP}");
            return;
        }
        Some(Info::Version) => {
            println!("branch-planner {}", env!("CARGO_PKG_VERSION"));
            return;
        }
        None => {}
    }
    if let Err(message) = display_available() {
        eprintln!("{message}");
        std::process::exit(1);
    }
    let env_day = std::env::var(branch_planner::clock::TODAY_ENV).ok();
    match branch_planner::clock::fixed_day(flags.today.as_deref(), env_day.as_deref()) {
        Ok(day) => clock::start(day),
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    }
    let db_path = db::default_path(flags.db.as_deref());
    // A file that does not open (damaged, from a newer app) still gets a window: it says why
    // and offers a restore, the way out a secretary can take (stderr is not read by anyone).
    let (mut conn, problem) = match db::open(&db_path) {
        Ok(conn) => (conn, None),
        Err(error) => {
            eprintln!("无法打开数据库 {}: {error}", db_path.display());
            match db::open_in_memory() {
                Ok(stand_in) => (stand_in, Some(error.into())),
                Err(_) => std::process::exit(1),
            }
        }
    };
    if problem.is_none()
        && flags.demo
        && branch_planner::api::register::is_empty(&conn).unwrap_or(false)
    {
        if let Err(error) = demo::load_demo_with_history(&mut conn, demo::DEMO_SEED, clock::today())
        {
            eprintln!("示范数据载入失败: {error}");
        }
    }
    let backup_path = db_path.clone();
    let instance_id = single_instance_id(&db_path);
    tauri::Builder::default()
        // First, so a second window on the same database hands over before anything starts.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_id)
                .callback(|app, _argv, _cwd| show_existing_window(app))
                .build(),
        )
        .plugin(tauri_plugin_fs::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            // The automatic backups are the app's own files: 设置 lists them for restoring.
            let own_backups = branch_planner::backup::backups_dir(&backup_path);
            let _ = std::fs::create_dir_all(&own_backups);
            let mut allowed = flags.allow_dirs;
            allowed.push(own_backups);
            file_access::allow_dirs(app.handle(), &allowed);
            start_daily_backup(backup_path);
            Ok(())
        })
        .manage(AppState {
            conn: Mutex::new(conn),
            db_path,
            problem: Mutex::new(problem),
        })
        .manage(branch_planner::api::print::batch::BatchSlot::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::print_preview,
            commands::print_save,
            commands::print_open,
            commands::print_save_docx,
            commands::export_xlsx_name,
            commands::print_file_name,
            commands::export_xlsx,
            commands::print_batch,
            commands::cancel_print_batch,
            commands::get_settings,
            commands::backup_file_name,
            commands::backup_now,
            commands::inspect_backup,
            commands::restore_backup,
            commands::list_backups,
            commands::exchange_file_name,
            commands::export_exchange,
            commands::preview_exchange,
            commands::import_exchange,
            commands::save_settings,
            commands::load_demo,
            commands::org_tree,
            commands::save_town,
            commands::save_community,
            commands::save_branch,
            commands::list_members,
            commands::save_member,
            commands::archive_member,
            commands::restore_member,
            commands::delete_member,
            commands::committee,
            commands::set_committee,
            commands::preview_member_import,
            commands::import_members,
            commands::export_register,
            commands::community_schedule,
            commands::save_community_schedule,
            commands::change_week_rule,
            commands::delete_week_rule,
            commands::week_rules_in_year,
            commands::branch_year,
            commands::save_day_plan,
            commands::delete_day_plan,
            commands::move_day,
            commands::clear_move,
            commands::community_year,
            commands::weekday_advice,
            commands::branch_clashes,
            commands::plan_clashes,
            commands::weekday_wishes,
            commands::save_weekday_wishes,
            commands::propose_weekdays,
            commands::apply_weekdays,
            commands::upcoming_days,
            commands::due_reminders,
            commands::mark_reminders_shown,
            commands::export_ics,
            commands::holiday_year,
            commands::import_holiday_file,
            commands::read_holiday_notice,
            commands::save_holiday_notice,
            commands::edit_holiday_day,
            commands::draft_for_day,
            commands::plan_activity,
            commands::update_activity,
            commands::set_attendance,
            commands::change_status,
            commands::set_back_held,
            commands::activity_detail,
            commands::activities_of_year,
            commands::save_suggestion,
            commands::save_problem,
            commands::suggestions_of,
            commands::problems_of,
            commands::branch_home,
            commands::list_points,
            commands::save_point,
            commands::point_history,
            commands::activities_at_point,
            commands::set_activity_point,
            commands::point_of_activity,
            commands::add_photos,
            commands::photos_of,
            commands::photo_data,
            commands::remove_photo,
            commands::study_plan,
            commands::save_study_plan,
            commands::hand_out_study_topic,
            commands::copy_plan_from,
            commands::stats,
            commands::export_stats,
            commands::teams_of,
            commands::save_team,
            commands::delete_team,
            commands::suggest_teams,
            commands::branch_compliance,
            commands::scope_compliance,
            commands::list_reviews,
            commands::find_review,
            commands::open_review,
            commands::start_collecting,
            commands::tally_review,
            commands::resume_collecting,
            commands::finalise_review,
            commands::reopen_review,
            commands::set_reviewers,
            commands::save_ballot,
            commands::delete_ballot,
            commands::update_ballot,
            commands::set_totals,
            commands::set_review_comment,
            commands::save_rectification_item,
            commands::set_review_settings,
            commands::refresh_review_facts,
            commands::verify_review_audit,
            commands::branch_review_history,
            commands::community_review_ranking,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            if error.to_string().contains("failed to forward arguments") {
                start_again();
            }
            eprintln!("窗口无法启动: {error}");
            std::process::exit(1);
        });
}

/// Without a display the window cannot open: say so before a database is created or touched
/// (GTK would otherwise abort with its own English message after the database was opened).
fn display_available() -> Result<(), &'static str> {
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        if !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
            return Err(
                "没有可用的图形显示（DISPLAY 和 WAYLAND_DISPLAY 都未设置），窗口无法打开；\
                        请在桌面中启动，或使用命令行工具 planner。\n\
                        No display (neither DISPLAY nor WAYLAND_DISPLAY is set): start the app \
                        from a desktop, or use the `planner` command line.",
            );
        }
    }
    Ok(())
}

/// The window that held this database was closing just as this one started: its D-Bus name was
/// still taken, but it could no longer answer. Start afresh (a few times, a moment apart) so
/// reopening the app right after closing it works.
fn start_again() {
    const TRIES: &str = "BRANCH_PLANNER_START_TRIES";
    let tries: u32 = std::env::var(TRIES)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if tries >= 5 {
        return;
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut again = std::process::Command::new(exe);
    again
        .args(std::env::args_os().skip(1))
        .env(TRIES, (tries + 1).to_string());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let error = again.exec();
        eprintln!("窗口无法重新启动: {error}");
    }
    #[cfg(not(unix))]
    if let Ok(mut child) = again.spawn() {
        let code = child.wait().ok().and_then(|s| s.code()).unwrap_or(1);
        std::process::exit(code);
    }
}

/// The first start of each day keeps a backup, on its own connection and thread so a large photo
/// folder does not hold up the window; a failure must not stop the app. Started after the
/// single-instance check, so a second window that hands over does not back up too.
fn start_daily_backup(backup_path: PathBuf) {
    std::thread::spawn(move || {
        let done = db::open(&backup_path).and_then(|conn| {
            branch_planner::api::backup::auto_backup(&conn, &backup_path, clock::now_local())
        });
        match done {
            Ok(done) => {
                if let Some(made) = done.made {
                    eprintln!("自动备份 / automatic backup: {}", made.path);
                }
            }
            Err(error) => eprintln!("自动备份失败 / automatic backup failed: {error}"),
        }
    });
}

/// The D-Bus name that makes the app single-instance per database: a second window on the same
/// file hands over to the first, while two different files may be open side by side. FNV-1a
/// rather than std's hasher, whose output may change between Rust releases.
fn single_instance_id(db_path: &std::path::Path) -> String {
    let path = db_path
        .canonicalize()
        .unwrap_or_else(|_| db_path.to_path_buf());
    let hash = path
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("cn.branchplanner.desktop.db_{hash:016x}")
}

/// A second start on the same database: bring the open window forward and tell the user why no
/// new window appeared.
fn show_existing_window(app: &tauri::AppHandle) {
    use tauri::{Emitter, Manager};
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let _ = app.emit("second-instance", ());
}
