//! Photos of activities and demonstration points: add (copied into the app's photo folder),
//! list with thumbnails, open full size, remove. Adding several photos is all-or-nothing.

use std::path::PathBuf;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::activity::ActivityStatus;
use crate::api::activities::Change;
use crate::db::activities::{self, AuditEntry};
use crate::db::{self, demo_points, photos};
use crate::error::{Error, Result};
use crate::photo::{self, Photo, PhotoOwner, PhotoStore};

/// A photo as the UI shows it: the record and its thumbnail, ready for an `<img>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PhotoView {
    pub photo: Photo,
    /// `data:` URL of the thumbnail; `None` when the stored file is missing from the folder.
    pub thumbnail: Option<String>,
}

/// A picked file, read and checked, not yet stored.
struct Picked {
    path: PathBuf,
    data: Vec<u8>,
    found: photo::Inspected,
    thumb: Vec<u8>,
}

/// Checks that the owner exists; returns whether it is a held activity (edits are audited).
fn owner_is_held(conn: &Connection, owner: &PhotoOwner) -> Result<bool> {
    match owner {
        PhotoOwner::Activity { activity_id } => {
            let activity = activities::get(conn, activity_id)?.ok_or_else(|| Error::NotFound {
                what: "activity",
                id: activity_id.clone(),
            })?;
            Ok(activity.status == ActivityStatus::Held)
        }
        PhotoOwner::Point { point_id } => {
            demo_points::get(conn, point_id)?.ok_or_else(|| Error::NotFound {
                what: "demonstration point",
                id: point_id.clone(),
            })?;
            Ok(false)
        }
    }
}

/// Reads and checks one file: exists, under the limit, a real image whose thumbnail decodes.
fn pick(path: PathBuf) -> Result<Picked> {
    let name = photo::display_name(&path);
    let meta = std::fs::metadata(&path).map_err(|_| Error::NotFound {
        what: "file",
        id: path.display().to_string(),
    })?;
    if !meta.is_file() {
        return Err(Error::NotAnImage { file: name });
    }
    photo::check_size(&path, meta.len())?;
    let data = std::fs::read(&path)?;
    photo::check_size(&path, data.len() as u64)?;
    let found = photo::inspect(&name, &data)?;
    let thumb = photo::thumbnail(&name, &data, found.format)?;
    Ok(Picked {
        path,
        data,
        found,
        thumb,
    })
}

/// Copies the picked files into the photo folder and records them. Every file is checked
/// first: one bad file refuses the whole batch, naming it, and nothing is stored.
pub fn add_photos(
    conn: &mut Connection,
    store: &PhotoStore,
    owner: PhotoOwner,
    paths: Vec<PathBuf>,
    change: &Change,
) -> Result<Vec<PhotoView>> {
    let held = owner_is_held(conn, &owner)?;
    let picked = paths.into_iter().map(pick).collect::<Result<Vec<_>>>()?;
    let mut written: Vec<String> = Vec::new();
    let result = (|| -> Result<()> {
        let tx = conn.transaction()?;
        for file in &picked {
            let id = db::new_id();
            let stored_name = format!("{id}.{}", file.found.extension());
            // Record the name before writing, so a failure half-way removes what was written.
            written.push(stored_name.clone());
            store.write(&stored_name, &file.data)?;
            store.write_thumbnail(&stored_name, &file.thumb)?;
            let record = Photo {
                id,
                owner: owner.clone(),
                file_name: photo::display_name(&file.path),
                stored_name,
                media_type: file.found.media_type().to_owned(),
                bytes: file.data.len() as u64,
                width: file.found.width,
                height: file.found.height,
                added_on: change.at.date(),
            };
            photos::insert(&tx, &record)?;
            if let (true, PhotoOwner::Activity { activity_id }) = (held, &owner) {
                activities::append_audit(&tx, activity_id, &photo_audit(change, true, &record))?;
            }
        }
        tx.commit()?;
        Ok(())
    })();
    if let Err(error) = result {
        for stored_name in &written {
            store.remove(stored_name);
        }
        return Err(error);
    }
    photos_of(conn, store, &owner)
}

/// The audit entry of a photo added to (after = its name) or removed from (before = its name)
/// a held activity.
fn photo_audit(change: &Change, added: bool, photo: &Photo) -> AuditEntry {
    let name = photo.file_name.clone();
    let (before, after) = if added {
        (String::new(), name)
    } else {
        (name, String::new())
    };
    AuditEntry {
        at: change.at,
        actor: change.actor.to_owned(),
        field: "photos".into(),
        before,
        after,
    }
}

/// An owner's photos with thumbnails. A thumbnail missing from the folder is rebuilt from the
/// photo when the photo is still there; a photo missing altogether shows as missing.
pub fn photos_of(
    conn: &Connection,
    store: &PhotoStore,
    owner: &PhotoOwner,
) -> Result<Vec<PhotoView>> {
    owner_is_held(conn, owner)?;
    photos::of_owner(conn, owner)?
        .into_iter()
        .map(|photo| {
            let thumbnail = thumbnail_of(store, &photo);
            Ok(PhotoView { photo, thumbnail })
        })
        .collect()
}

fn thumbnail_of(store: &PhotoStore, photo: &Photo) -> Option<String> {
    if let Ok(thumb) = std::fs::read(store.thumbnail_path(&photo.stored_name)) {
        return Some(photo::data_url("image/jpeg", &thumb));
    }
    let data = std::fs::read(store.path_of(&photo.stored_name)).ok()?;
    let format = photo::inspect(&photo.file_name, &data).ok()?.format;
    let thumb = photo::thumbnail(&photo.file_name, &data, format).ok()?;
    let _ = store.write_thumbnail(&photo.stored_name, &thumb);
    Some(photo::data_url("image/jpeg", &thumb))
}

/// The full-size photo as a `data:` URL, for the viewer.
pub fn photo_data(conn: &Connection, store: &PhotoStore, id: &str) -> Result<String> {
    let photo = photos::get(conn, id)?.ok_or_else(|| Error::NotFound {
        what: "photo",
        id: id.to_owned(),
    })?;
    let data = std::fs::read(store.path_of(&photo.stored_name)).map_err(|_| Error::NotFound {
        what: "photo file",
        id: photo.stored_name.clone(),
    })?;
    Ok(photo::data_url(&photo.media_type, &data))
}

/// Removes a photo (the record, then its files). On a held activity the removal is audited.
pub fn remove_photo(
    conn: &mut Connection,
    store: &PhotoStore,
    id: &str,
    change: &Change,
) -> Result<Vec<PhotoView>> {
    let photo = photos::get(conn, id)?.ok_or_else(|| Error::NotFound {
        what: "photo",
        id: id.to_owned(),
    })?;
    let held = owner_is_held(conn, &photo.owner)?;
    let tx = conn.transaction()?;
    photos::delete(&tx, id)?;
    if let (true, PhotoOwner::Activity { activity_id }) = (held, &photo.owner) {
        activities::append_audit(&tx, activity_id, &photo_audit(change, false, &photo))?;
    }
    tx.commit()?;
    // Files go only after the record is gone: a crash in between leaves an unused file,
    // never a record without its photo.
    store.remove(&photo.stored_name);
    photos_of(conn, store, &photo.owner)
}
