//! Use-case functions: what the app and the CLI can do. Each takes a connection, runs its
//! writes in one transaction, and returns DTOs the UI sees. Tauri commands call exactly one of
//! these; so does each CLI subcommand.

pub mod activities;
pub mod backup;
pub mod demo;
pub mod exchange;
pub mod holidays;
pub mod import;
pub mod photos;
pub mod points;
pub mod print;
pub mod register;
pub mod reviews;
pub mod schedule;
pub mod settings;
pub mod stats;
pub mod stats_export;
pub mod study_plans;
