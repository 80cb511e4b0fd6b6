//! Photos attached as evidence — that an activity happened, what a demonstration point looks
//! like. The app keeps its own copy of every photo in a folder beside the database file, so a
//! photo stays when the original on a USB stick or phone is gone.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use image::{ImageDecoder, ImageFormat, ImageReader};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// The largest photo the app takes: a phone photo is 2–8 MB; 20 MB leaves room for a camera.
pub const MAX_PHOTO_BYTES: u64 = 20 * 1024 * 1024;
/// Larger images would need gigabytes to decode (a "decompression bomb"); no camera makes them.
const MAX_PIXELS: u64 = 100_000_000;
/// Thumbnails fit in this square, enough for a grid of cards.
const THUMB_SIDE: u32 = 320;

/// What a photo belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum PhotoOwner {
    #[serde(rename_all = "camelCase")]
    Activity { activity_id: String },
    #[serde(rename_all = "camelCase")]
    Point { point_id: String },
}

/// A stored photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Photo {
    pub id: String,
    pub owner: PhotoOwner,
    /// The name the file had where the user picked it.
    pub file_name: String,
    /// The copy's name inside the photo folder.
    pub stored_name: String,
    pub media_type: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    pub added_on: NaiveDate,
}

/// What a picked file turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspected {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

impl Inspected {
    pub fn media_type(&self) -> &'static str {
        self.format.to_mime_type()
    }

    pub fn extension(&self) -> &'static str {
        self.format
            .extensions_str()
            .first()
            .copied()
            .unwrap_or("img")
    }
}

/// The name shown in errors: the file's own name, not its whole path.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Refuses a file over the size limit before reading it.
pub fn check_size(path: &Path, bytes: u64) -> Result<()> {
    if bytes > MAX_PHOTO_BYTES {
        return Err(Error::FileTooLarge {
            file: display_name(path),
            bytes,
            limit: MAX_PHOTO_BYTES,
        });
    }
    Ok(())
}

/// Reads the image header: a JPEG, PNG, WebP or GIF whose size can be decoded, or
/// `NotAnImage` (a renamed .docx, a truncated download, a HEIC the app cannot show).
pub fn inspect(name: &str, data: &[u8]) -> Result<Inspected> {
    let not_an_image = || Error::NotAnImage {
        file: name.to_owned(),
    };
    let format = image::guess_format(data).map_err(|_| not_an_image())?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif
    ) {
        return Err(not_an_image());
    }
    let reader = ImageReader::with_format(Cursor::new(data), format);
    let (width, height) = reader.into_dimensions().map_err(|_| not_an_image())?;
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(not_an_image());
    }
    Ok(Inspected {
        format,
        width,
        height,
    })
}

/// A JPEG thumbnail, turned upright by the photo's EXIF orientation (phones store portrait
/// photos sideways and say so in EXIF). A file whose body is broken is `NotAnImage`.
pub fn thumbnail(name: &str, data: &[u8], format: ImageFormat) -> Result<Vec<u8>> {
    let not_an_image = || Error::NotAnImage {
        file: name.to_owned(),
    };
    let mut decoder = ImageReader::with_format(Cursor::new(data), format)
        .into_decoder()
        .map_err(|_| not_an_image())?;
    let orientation = decoder.orientation().ok();
    let mut image = image::DynamicImage::from_decoder(decoder).map_err(|_| not_an_image())?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    let small = image.thumbnail(THUMB_SIDE, THUMB_SIDE).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&small)
        .map_err(|_| not_an_image())?;
    Ok(out)
}

/// The photo folder of one database: `<file stem>.files/photos` beside the database file, so
/// each database (the real one, a test's, a demo's) keeps its own photos.
#[derive(Debug, Clone)]
pub struct PhotoStore {
    dir: PathBuf,
}

impl PhotoStore {
    pub fn for_database(db_path: &Path) -> Self {
        PhotoStore {
            dir: db_path.with_extension("files").join("photos"),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path_of(&self, stored_name: &str) -> PathBuf {
        self.dir.join(stored_name)
    }

    pub fn thumbnail_path(&self, stored_name: &str) -> PathBuf {
        let stem = Path::new(stored_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.dir.join(format!("{stem}.thumb.jpg"))
    }

    /// Writes a file whole or not at all: into a temporary name, flushed, then renamed, so a
    /// power cut never leaves half a photo under a real name.
    pub fn write(&self, stored_name: &str, data: &[u8]) -> Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let target = self.path_of(stored_name);
        crate::files::write_atomically(&target, data)?;
        Ok(target)
    }

    pub fn write_thumbnail(&self, stored_name: &str, data: &[u8]) -> Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let target = self.thumbnail_path(stored_name);
        crate::files::write_atomically(&target, data)?;
        Ok(target)
    }

    /// Removes a photo and its thumbnail; a file already gone is not an error.
    pub fn remove(&self, stored_name: &str) {
        let _ = std::fs::remove_file(self.path_of(stored_name));
        let _ = std::fs::remove_file(self.thumbnail_path(stored_name));
    }
}

/// `data:` URL of an image, for the webview (its CSP allows `data:` images).
pub fn data_url(media_type: &str, data: &[u8]) -> String {
    use base64::Engine;
    format!(
        "data:{media_type};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(data)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real PNG of the given size, encoded by the image crate.
    pub fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_png_is_inspected_with_its_size() {
        let found = inspect("a.png", &png(40, 30)).unwrap();
        assert_eq!((found.width, found.height), (40, 30));
        assert_eq!(found.media_type(), "image/png");
        assert_eq!(found.extension(), "png");
    }

    #[test]
    fn text_renamed_to_jpg_is_not_an_image() {
        let err = inspect("会议记录.jpg", "不是图片".as_bytes()).unwrap_err();
        assert!(matches!(err, Error::NotAnImage { ref file } if file == "会议记录.jpg"));
    }

    #[test]
    fn a_truncated_png_is_not_an_image() {
        let data = png(40, 30);
        let cut = &data[..20];
        assert!(matches!(
            inspect("cut.png", cut),
            Err(Error::NotAnImage { .. })
        ));
    }

    #[test]
    fn a_bmp_is_refused_though_it_is_an_image() {
        // The webview and the printed documents take JPEG, PNG, WebP and GIF only.
        let mut bmp = b"BM".to_vec();
        bmp.resize(64, 0);
        assert!(matches!(
            inspect("x.bmp", &bmp),
            Err(Error::NotAnImage { .. })
        ));
    }

    #[test]
    fn thumbnails_fit_the_square_and_keep_the_aspect() {
        let thumb = thumbnail("a.png", &png(1000, 500), ImageFormat::Png).unwrap();
        let found = inspect("t.jpg", &thumb).unwrap();
        assert_eq!(found.format, ImageFormat::Jpeg);
        assert_eq!((found.width, found.height), (320, 160));
    }

    #[test]
    fn size_limit_names_the_file() {
        let err = check_size(Path::new("/x/大照片.jpg"), MAX_PHOTO_BYTES + 1).unwrap_err();
        assert!(matches!(err, Error::FileTooLarge { ref file, .. } if file == "大照片.jpg"));
        assert!(check_size(Path::new("ok.jpg"), MAX_PHOTO_BYTES).is_ok());
    }

    #[test]
    fn store_lives_beside_the_database() {
        let store = PhotoStore::for_database(Path::new("/data/planner.sqlite3"));
        assert_eq!(store.dir(), Path::new("/data/planner.files/photos"));
        assert_eq!(
            store.thumbnail_path("abc.jpg"),
            Path::new("/data/planner.files/photos/abc.thumb.jpg")
        );
    }

    #[test]
    fn data_url_is_base64() {
        assert_eq!(data_url("image/png", b"hi"), "data:image/png;base64,aGk=");
    }
}
