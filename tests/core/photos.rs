//! Photos on real files: copied into the folder beside the database, thumbnails, the limits,
//! all-or-nothing batches, and the audit of a held activity's photos.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use branch_planner::activity::{ActivityDraft, ActivityStatus};
use branch_planner::api::activities as acts;
use branch_planner::api::photos::{add_photos, photo_data, photos_of, remove_photo};
use branch_planner::db::demo_points::{self, PointFilter};
use branch_planner::photo::{PhotoOwner, PhotoStore, MAX_PHOTO_BYTES};
use branch_planner::{Error, ErrorCode};
use image::ImageFormat;
use rusqlite::Connection;

use crate::activities::{change, everyone_present, march_draft, steps, BRANCH};
use crate::{branch_id, demo_db, today};

/// Writes a real image file of the given size and format.
pub fn image_file(dir: &Path, name: &str, width: u32, height: u32, format: ImageFormat) -> PathBuf {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7 % 256) as u8, (y * 3 % 256) as u8, 90])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, out.into_inner()).unwrap();
    path
}

pub fn planned_activity(conn: &mut Connection) -> String {
    let branch = branch_id(conn, BRANCH);
    let draft = march_draft(conn, &branch);
    acts::plan_activity(conn, draft).unwrap().activity.id
}

fn files_in(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

#[test]
fn photos_are_copied_beside_the_database_and_outlive_the_original() {
    let (dir, path, mut conn) = demo_db();
    let store = PhotoStore::for_database(&path);
    let id = planned_activity(&mut conn);
    let owner = PhotoOwner::Activity {
        activity_id: id.clone(),
    };
    let picked = tempfile::tempdir().unwrap();
    let wide = image_file(picked.path(), "大棚现场.jpg", 1600, 900, ImageFormat::Jpeg);
    let tall = image_file(picked.path(), "签到表.png", 300, 600, ImageFormat::Png);

    let views = add_photos(
        &mut conn,
        &store,
        owner.clone(),
        vec![wide.clone(), tall.clone()],
        &change(),
    )
    .unwrap();
    assert_eq!(views.len(), 2);
    assert_eq!(views[0].photo.file_name, "大棚现场.jpg");
    assert_eq!(views[0].photo.media_type, "image/jpeg");
    assert_eq!((views[0].photo.width, views[0].photo.height), (1600, 900));
    assert_eq!(views[1].photo.media_type, "image/png");
    assert!(views.iter().all(|v| v
        .thumbnail
        .as_deref()
        .unwrap()
        .starts_with("data:image/jpeg;base64,")));
    assert!(store.dir().starts_with(dir.path()));
    assert_eq!(files_in(store.dir()), 4, "two photos and two thumbnails");

    // The user deletes the originals from the USB stick: the app's copies remain.
    std::fs::remove_file(&wide).unwrap();
    std::fs::remove_file(&tall).unwrap();
    let again = photos_of(&conn, &store, &owner).unwrap();
    assert_eq!(again, views);
    let full = photo_data(&conn, &store, &views[1].photo.id).unwrap();
    assert!(full.starts_with("data:image/png;base64,"));

    // A lost thumbnail is rebuilt from the photo.
    std::fs::remove_file(store.thumbnail_path(&views[0].photo.stored_name)).unwrap();
    let rebuilt = photos_of(&conn, &store, &owner).unwrap();
    assert!(rebuilt[0].thumbnail.is_some());
    assert!(store.thumbnail_path(&views[0].photo.stored_name).exists());

    // A photo missing altogether shows as missing instead of failing the list.
    store.remove(&views[1].photo.stored_name);
    let gone = photos_of(&conn, &store, &owner).unwrap();
    assert_eq!(gone[1].thumbnail, None);
    let err = photo_data(&conn, &store, &views[1].photo.id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn one_bad_file_refuses_the_whole_batch_and_stores_nothing() {
    let (_dir, path, mut conn) = demo_db();
    let store = PhotoStore::for_database(&path);
    let id = planned_activity(&mut conn);
    let owner = PhotoOwner::Activity { activity_id: id };
    let picked = tempfile::tempdir().unwrap();
    let good = image_file(picked.path(), "ok.png", 64, 64, ImageFormat::Png);
    let fake = picked.path().join("会议纪要.jpg");
    std::fs::write(&fake, "这是一份文字材料，不是照片").unwrap();

    let err = add_photos(
        &mut conn,
        &store,
        owner.clone(),
        vec![good.clone(), fake],
        &change(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::NotAnImage { ref file } if file == "会议纪要.jpg"));
    assert_eq!(err.code(), ErrorCode::NotAnImage);
    assert!(photos_of(&conn, &store, &owner).unwrap().is_empty());
    assert_eq!(files_in(store.dir()), 0, "nothing copied");

    // Over the limit: refused by its size, before it is read.
    let big = picked.path().join("超大.jpg");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(MAX_PHOTO_BYTES + 1).unwrap();
    let err = add_photos(&mut conn, &store, owner.clone(), vec![good, big], &change()).unwrap_err();
    assert!(matches!(err, Error::FileTooLarge { ref file, limit, .. }
        if file == "超大.jpg" && limit == MAX_PHOTO_BYTES));
    assert_eq!(files_in(store.dir()), 0);

    // A file that is not there, and an owner that is not there.
    let err = add_photos(
        &mut conn,
        &store,
        owner,
        vec![picked.path().join("不存在.jpg")],
        &change(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    let err = add_photos(
        &mut conn,
        &store,
        PhotoOwner::Point {
            point_id: "no-such-point".into(),
        },
        vec![],
        &change(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn photos_of_a_held_activity_are_audited_and_removal_deletes_the_files() {
    let (_dir, path, mut conn) = demo_db();
    let store = PhotoStore::for_database(&path);
    let id = planned_activity(&mut conn);
    let branch = branch_id(&conn, BRANCH);
    let recorded = ActivityDraft {
        steps: steps(true),
        ..march_draft(&conn, &branch)
    };
    acts::update_activity(&mut conn, &id, recorded, &change()).unwrap();
    let sheet = everyone_present(&conn, &id);
    acts::set_attendance(&mut conn, &id, &sheet, 3, &change()).unwrap();
    acts::change_status(
        &mut conn,
        &id,
        ActivityStatus::Held,
        None,
        today(),
        &change(),
    )
    .unwrap();
    let owner = PhotoOwner::Activity {
        activity_id: id.clone(),
    };
    let picked = tempfile::tempdir().unwrap();
    let file = image_file(picked.path(), "现场.png", 80, 60, ImageFormat::Png);

    let views = add_photos(&mut conn, &store, owner, vec![file], &change()).unwrap();
    let stored = store.path_of(&views[0].photo.stored_name);
    assert!(stored.exists());
    let left = remove_photo(&mut conn, &store, &views[0].photo.id, &change()).unwrap();
    assert!(left.is_empty());
    assert!(!stored.exists(), "the copy is deleted with its record");
    assert!(!store.thumbnail_path(&views[0].photo.stored_name).exists());

    let audit = acts::activity_detail(&conn, &id).unwrap().audit;
    let photo_entries: Vec<_> = audit.iter().filter(|e| e.field == "photos").collect();
    assert_eq!(photo_entries.len(), 2);
    assert_eq!(
        (
            photo_entries[0].before.as_str(),
            photo_entries[0].after.as_str()
        ),
        ("", "现场.png")
    );
    assert_eq!(
        (
            photo_entries[1].before.as_str(),
            photo_entries[1].after.as_str()
        ),
        ("现场.png", "")
    );
}

#[test]
fn a_demonstration_point_keeps_its_photos() {
    let (_dir, path, mut conn) = demo_db();
    let store = PhotoStore::for_database(&path);
    let activity = planned_activity(&mut conn);
    let point = demo_points::list(&conn, &PointFilter::default()).unwrap()[0].clone();
    let owner = PhotoOwner::Point {
        point_id: point.id.clone(),
    };
    let picked = tempfile::tempdir().unwrap();
    let file = image_file(
        picked.path(),
        "示范点全景.webp",
        200,
        100,
        ImageFormat::WebP,
    );
    let views = add_photos(&mut conn, &store, owner.clone(), vec![file], &change()).unwrap();
    assert_eq!(views[0].photo.media_type, "image/webp");
    assert_eq!(views[0].photo.owner, owner);
    // The database refuses a photo with two owners or none.
    let both = conn.execute(
        "UPDATE photo SET activity_id = ?1 WHERE id = ?2",
        [&activity, &views[0].photo.id],
    );
    assert!(both.is_err(), "a photo has exactly one owner");
}
