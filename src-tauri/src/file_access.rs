//! Which files the window may have the app read or write: only those the user picked in a file
//! dialog. The dialog plugin adds every picked path to the fs plugin's scope; the window has no
//! fs permissions itself, so the scope is only a record of what the user chose. A command that
//! takes a path checks it here first, so a script in the window cannot name any other file.

use std::path::{Component, Path};

use branch_planner::Error;
use tauri::{AppHandle, Runtime};
use tauri_plugin_fs::FsExt;

/// `Ok` when the user picked `path` (or a folder holding it) in a dialog, or it lies under a
/// folder given with `--allow-dir` when the app was started.
pub fn chosen<R: Runtime>(app: &AppHandle<R>, path: &Path) -> Result<(), Error> {
    let refused = || Error::PathNotChosen {
        file: path.display().to_string(),
    };
    // A path that does not exist yet is matched as written, so `..` could climb out of a
    // chosen folder: a dialog never returns one.
    if !path.is_absolute() || path.components().any(|c| c == Component::ParentDir) {
        return Err(refused());
    }
    if app.fs_scope().is_allowed(path) {
        Ok(())
    } else {
        Err(refused())
    }
}

/// Every path of a batch must have been chosen; the first that was not is named.
pub fn all_chosen<R: Runtime>(app: &AppHandle<R>, paths: &[impl AsRef<Path>]) -> Result<(), Error> {
    paths.iter().try_for_each(|p| chosen(app, p.as_ref()))
}

/// Adds the folders of `--allow-dir` (scripted runs and the end-to-end tests, which cannot drive
/// a native dialog) to the scope. Only whoever starts the app can do this.
pub fn allow_dirs<R: Runtime>(app: &AppHandle<R>, dirs: &[std::path::PathBuf]) {
    for dir in dirs {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if let Err(error) = app.fs_scope().allow_directory(&dir, true) {
            eprintln!("--allow-dir {}: {error}", dir.display());
        }
    }
}
