//! The desktop shell: opens the database, registers the commands, shows the window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::path::PathBuf;
use std::sync::Mutex;

use branch_planner::api::demo;
use branch_planner::db;

/// The open database and where it lives, shared by every command.
pub struct AppState {
    pub conn: Mutex<rusqlite::Connection>,
    pub db_path: PathBuf,
}

/// Command-line flags: `--db FILE` picks the database; `--demo` fills a new, empty database
/// with the demo town (the README's run command uses it).
struct Flags {
    db: Option<PathBuf>,
    demo: bool,
}

fn parse_flags() -> Flags {
    let mut flags = Flags {
        db: None,
        demo: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--db" => flags.db = args.next().map(PathBuf::from),
            "--demo" => flags.demo = true,
            other => {
                if let Some(path) = other.strip_prefix("--db=") {
                    flags.db = Some(PathBuf::from(path));
                }
            }
        }
    }
    flags
}

fn main() {
    let flags = parse_flags();
    let db_path = db::default_path(flags.db.as_deref());
    let mut conn = match db::open(&db_path) {
        Ok(conn) => conn,
        Err(error) => {
            eprintln!("无法打开数据库 {}: {error}", db_path.display());
            std::process::exit(1);
        }
    };
    if flags.demo && branch_planner::api::register::is_empty(&conn).unwrap_or(false) {
        if let Err(error) =
            demo::load_demo_with_history(&mut conn, demo::DEMO_SEED, commands::today())
        {
            eprintln!("示范数据载入失败: {error}");
        }
    }
    // The first start of each day keeps a backup, on its own connection and thread so a large
    // photo folder does not hold up the window; a failure must not stop the app.
    let backup_path = db_path.clone();
    std::thread::spawn(move || {
        let done = db::open(&backup_path).and_then(|conn| {
            branch_planner::api::backup::auto_backup(&conn, &backup_path, commands::now_local())
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
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .manage(AppState {
            conn: Mutex::new(conn),
            db_path,
        })
        .manage(branch_planner::api::print::batch::BatchSlot::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::print_preview,
            commands::print_save,
            commands::print_open,
            commands::print_save_docx,
            commands::export_xlsx_name,
            commands::export_xlsx,
            commands::print_batch,
            commands::cancel_print_batch,
            commands::get_settings,
            commands::backup_file_name,
            commands::backup_now,
            commands::inspect_backup,
            commands::restore_backup,
            commands::list_backups,
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
            commands::branch_year,
            commands::save_day_plan,
            commands::delete_day_plan,
            commands::move_day,
            commands::clear_move,
            commands::community_year,
            commands::weekday_advice,
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
            commands::edit_holiday_day,
            commands::draft_for_day,
            commands::plan_activity,
            commands::update_activity,
            commands::set_attendance,
            commands::change_status,
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
            eprintln!("窗口无法启动: {error}");
            std::process::exit(1);
        });
}
