//! `planner`: the headless command line over the same `api` functions the app calls.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use branch_planner::api::{demo, import, register};
use branch_planner::{db, Error};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "planner",
    about = "Branch Planner (支部活动规划) on the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the demo town (2 communities, 8 branches, ~200 members) in an empty database.
    Demo {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, default_value_t = demo::DEMO_SEED)]
        seed: u64,
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
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The CLI is the edge of the app: the one place that reads the clock and passes `today` in.
#[allow(clippy::disallowed_methods)]
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn open(flag: Option<&Path>) -> Result<rusqlite::Connection, Error> {
    db::open(&db::default_path(flag))
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Demo { db, seed } => {
            let mut conn = open(db.as_deref())?;
            let s = demo::load_demo(&mut conn, seed, today())?;
            println!(
                "demo loaded: {} town, {} communities, {} branches, {} members",
                s.towns, s.communities, s.branches, s.members
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
            for row in preview.rows.iter().filter(|r| !r.problems.is_empty()) {
                let problems: Vec<&str> = row.problems.iter().map(|p| p.describe()).collect();
                eprintln!("row {} ({}): {}", row.row, row.name, problems.join("; "));
            }
            let outcome = import::import_members(&mut conn, &path, today())?;
            println!("imported {} members", outcome.inserted);
        }
        Command::Members {
            action: MembersAction::Export { db, out },
        } => {
            let conn = open(db.as_deref())?;
            let outcome = import::export_register(&conn, &out)?;
            println!("exported {} members to {}", outcome.rows, outcome.path);
        }
    }
    Ok(())
}

/// One line of `list branches`.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct BranchRow {
    id: String,
    name: String,
    community: String,
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
                    town: t.town.name.clone(),
                    active_members: b.active_members,
                    seats_filled: b.seats_filled,
                });
            }
        }
    }
    rows
}
