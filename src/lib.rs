//! Branch Planner (支部活动规划): the core of the desktop app for rural service-type Party
//! branches. No Tauri here: the app shell, the `planner` CLI and the tests all call `api`.

pub mod activity;
pub mod activity_week;
pub mod api;
pub mod backup;
pub mod city;
pub mod clock;
pub mod compliance;
pub mod day_plan;
pub mod db;
pub mod demo;
pub mod demo_history;
pub mod demo_point;
pub mod demo_reviews;
pub mod digest;
pub mod error;
pub mod exchange;
pub mod files;
pub mod holiday;
pub mod ics;
pub mod ledger;
pub mod manifest;
pub mod member_import;
pub mod org;
pub mod photo;
pub mod print;
pub mod review;
pub mod schedule;
pub mod spreadsheet_limits;
pub mod stagger;
pub mod stats;
pub mod study_plan;
pub mod team;
pub mod week_rule;

pub use error::{ApiError, Error, ErrorCode, Result};
