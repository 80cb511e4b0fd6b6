//! Writing and reading a `.bpx` file: a zip with `manifest.json`, `data.json` and `photos/`.
//! The reader checks everything it can without the database (format, version, that every
//! record belongs to the file's branch or community) and refuses with a typed error.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{kinds_of, FileKind, KindSpec, Owner, Record};
use crate::error::{Error, Result};
use crate::manifest::{self, Problem};

/// Written into every manifest, so a zip of something else is told apart.
pub const FORMAT: &str = "branch-planner-exchange";
/// The layout version this app writes and the newest it reads (2: kind `community_week_rule`).
pub const FORMAT_VERSION: u32 = 2;
pub const EXTENSION: &str = "bpx";
pub const MANIFEST_ENTRY: &str = "manifest.json";
pub const DATA_ENTRY: &str = "data.json";
pub const PHOTOS_PREFIX: &str = "photos/";
const MAX_MANIFEST_BYTES: u64 = 1 << 20;
const MANIFEST_FORMAT: manifest::Format = manifest::Format {
    magic: FORMAT,
    version: FORMAT_VERSION,
    noun: "交换文件",
    version_name: "交换文件格式版本",
};
/// A branch's records are a few megabytes; a file claiming more is not ours.
const MAX_DATA_BYTES: u64 = 256 << 20;
const MAX_PHOTO_ENTRY_BYTES: u64 = 2 * crate::photo::MAX_PHOTO_BYTES;

/// How many records of one kind a file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ExchangeKindCount")]
pub struct KindCount {
    pub kind: String,
    pub count: u32,
}

/// `manifest.json`. Unknown fields are ignored, so a later app may add some without a new
/// format version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExchangeManifest {
    /// Always `branch-planner-exchange`.
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    /// `PRAGMA user_version` of the database it was exported from.
    pub schema_version: i64,
    pub kind: FileKind,
    pub branch_id: String,
    pub branch_name: String,
    pub community_id: String,
    pub community_name: String,
    /// Local time on the computer that made it.
    #[ts(type = "string")]
    pub created_at: NaiveDateTime,
    pub counts: Vec<KindCount>,
    /// Files under `photos/` (photos and thumbnails).
    pub photo_files: u32,
}

/// `data.json`: records per kind (table name → rows).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExchangeData {
    pub records: BTreeMap<String, Vec<Record>>,
}

/// A read and checked file, with its archive still open for the photos.
pub struct ExchangeFile {
    pub manifest: ExchangeManifest,
    pub data: ExchangeData,
    archive: zip::ZipArchive<File>,
    photo_names: HashSet<String>,
}

impl ExchangeFile {
    pub fn records(&self, kind: &str) -> &[Record] {
        self.data
            .records
            .get(kind)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub fn has_photo_file(&self, name: &str) -> bool {
        self.photo_names.contains(name)
    }

    /// The bytes of `photos/<name>`, CRC-checked.
    pub fn photo_file(&mut self, name: &str) -> Result<Vec<u8>> {
        let entry_name = format!("{PHOTOS_PREFIX}{name}");
        let entry = self
            .archive
            .by_name(&entry_name)
            .map_err(|e| damaged(format!("{entry_name} 无法读出（{e}）")))?;
        let declared = entry.size();
        if declared > MAX_PHOTO_ENTRY_BYTES {
            return Err(damaged(format!("{entry_name} 过大")));
        }
        let mut data = Vec::new();
        entry
            .take(declared)
            .read_to_end(&mut data)
            .map_err(|e| damaged(format!("{entry_name} 无法读出（{e}）")))?;
        if data.len() as u64 != declared {
            return Err(damaged(format!("{entry_name} 不完整")));
        }
        Ok(data)
    }
}

fn damaged(what: impl std::fmt::Display) -> Error {
    Error::ExchangeDamaged(what.to_string())
}

/// Photo names the app writes are `<uuid>.<ext>` and `<uuid>.thumb.jpg`; anything else could
/// reach outside the photo folder when written.
pub fn safe_photo_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Writes the file whole or not at all (temporary name, flushed, renamed). `photos` are
/// (name in `photos/`, path on disk).
pub fn write(
    out: &Path,
    manifest: &ExchangeManifest,
    data: &ExchangeData,
    photos: &[(String, PathBuf)],
) -> Result<()> {
    let out_dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&out_dir)?;
    crate::files::write_with(out, |partial| write_zip(partial, manifest, data, photos))
}

fn write_zip(
    target: &Path,
    manifest: &ExchangeManifest,
    data: &ExchangeData,
    photos: &[(String, PathBuf)],
) -> Result<()> {
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;
    let zip_error = |e: zip::result::ZipError| Error::Io(std::io::Error::other(e));
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(File::create(target)?));
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(true);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);
    zip.start_file(MANIFEST_ENTRY, deflated)
        .map_err(zip_error)?;
    zip.write_all(&serde_json::to_vec_pretty(manifest).map_err(std::io::Error::other)?)?;
    zip.start_file(DATA_ENTRY, deflated).map_err(zip_error)?;
    zip.write_all(&serde_json::to_vec(data).map_err(std::io::Error::other)?)?;
    for (name, path) in photos {
        zip.start_file(format!("{PHOTOS_PREFIX}{name}"), stored)
            .map_err(zip_error)?;
        std::io::copy(&mut File::open(path)?, &mut zip)?;
    }
    let writer = zip.finish().map_err(zip_error)?;
    writer
        .into_inner()
        .map_err(|e| e.into_error())?
        .sync_all()?;
    Ok(())
}

fn read_entry<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>> {
    let entry = zip
        .by_name(name)
        .map_err(|_| damaged(format!("缺少 {name}")))?;
    if entry.size() > limit {
        return Err(damaged(format!("{name} 过大")));
    }
    let declared = entry.size();
    let mut bytes = Vec::new();
    entry
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| damaged(format!("{name} 无法读出（{e}）")))?;
    if bytes.len() as u64 != declared {
        return Err(damaged(format!("{name} 不完整")));
    }
    Ok(bytes)
}

/// The manifest, checked: ours, not newer than this app (format and schema).
fn read_manifest<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<ExchangeManifest> {
    if zip.index_for_name(MANIFEST_ENTRY).is_none() {
        return Err(Error::NotAnExchange(
            "压缩包里没有 manifest.json".to_owned(),
        ));
    }
    let text = read_entry(zip, MANIFEST_ENTRY, MAX_MANIFEST_BYTES)?;
    manifest::parse(&text, &MANIFEST_FORMAT, |m: &ExchangeManifest| {
        m.schema_version
    })
    .map_err(|problem| match problem {
        Problem::NotOurs(why) => Error::NotAnExchange(why),
        Problem::TooNew { what, found, known } => Error::ExchangeTooNew { what, found, known },
        Problem::Damaged(why) => damaged(why),
    })
}

/// Opens, reads and checks a `.bpx` file. Refuses a file that is not a zip or not ours
/// (`NotAnExchange`), a cut-short or inconsistent one (`ExchangeDamaged`) and one from a newer
/// app (`ExchangeTooNew`).
pub fn read(path: &Path) -> Result<ExchangeFile> {
    let mut file = crate::files::open_input(path)?;
    let mut magic = [0u8; 4];
    let n = file.read(&mut magic)?;
    file.rewind()?;
    let looks_like_zip = n == 4 && magic == *b"PK\x03\x04";
    let mut archive = zip::ZipArchive::new(file).map_err(|e| {
        if looks_like_zip {
            damaged(format!("无法读取压缩包目录（{e}）"))
        } else {
            Error::NotAnExchange("文件不是交换文件压缩包".to_owned())
        }
    })?;
    let manifest = read_manifest(&mut archive)?;
    let bytes = read_entry(&mut archive, DATA_ENTRY, MAX_DATA_BYTES)?;
    let data: ExchangeData = serde_json::from_slice(&bytes)
        .map_err(|e| damaged(format!("data.json 无法解析（{e}）")))?;
    let mut photo_names = HashSet::new();
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(damaged)?;
        let name = entry.name().map_err(damaged)?.into_owned();
        if let Some(photo) = name.strip_prefix(PHOTOS_PREFIX) {
            if !safe_photo_name(photo) {
                return Err(damaged(format!("照片文件名不合规：{name}")));
            }
            photo_names.insert(photo.to_owned());
        }
    }
    if photo_names.len() as u64 != u64::from(manifest.photo_files) {
        return Err(damaged(format!(
            "照片文件 {} 个，说明里是 {} 个",
            photo_names.len(),
            manifest.photo_files
        )));
    }
    check(&manifest, &data)?;
    Ok(ExchangeFile {
        manifest,
        data,
        archive,
        photo_names,
    })
}

fn text<'a>(record: &'a Record, column: &str) -> Option<&'a str> {
    record.get(column).and_then(|v| v.as_str())
}

/// Every kind known for the file's kind; every record a flat row with its key; every record
/// owned by the file's branch or community; counts as the manifest says.
fn check(manifest: &ExchangeManifest, data: &ExchangeData) -> Result<()> {
    let kinds = kinds_of(manifest.kind);
    for kind in data.records.keys() {
        if !kinds.iter().any(|k| k.kind == kind) {
            return Err(damaged(format!("未知的记录种类：{kind}")));
        }
    }
    for spec in kinds {
        let records = data
            .records
            .get(spec.kind)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let declared = manifest
            .counts
            .iter()
            .find(|c| c.kind == spec.kind)
            .map_or(0, |c| c.count);
        if records.len() as u64 != u64::from(declared) {
            return Err(damaged(format!(
                "{} 有 {} 条，说明里是 {declared} 条",
                spec.kind,
                records.len()
            )));
        }
        for record in records {
            check_record(spec, record, manifest, data)?;
        }
    }
    if manifest.kind == FileKind::Branch && data.records.get("branch").map_or(0, Vec::len) != 1 {
        return Err(damaged("缺少支部记录"));
    }
    Ok(())
}

fn check_record(
    spec: &KindSpec,
    record: &Record,
    manifest: &ExchangeManifest,
    data: &ExchangeData,
) -> Result<()> {
    let refuse = |why: &str| damaged(format!("{} 记录{why}", spec.kind));
    if record.is_empty() {
        return Err(refuse("为空"));
    }
    for (column, value) in record {
        let plain = column
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !plain || column.is_empty() || spec.skip.contains(&column.as_str()) {
            return Err(refuse(&format!("有不合规的列 {column}")));
        }
        let scalar = value.is_null()
            || value.is_string()
            || value.is_i64()
            || value.is_u64()
            || value.is_f64();
        if !scalar {
            return Err(refuse(&format!("的 {column} 不是单个值")));
        }
    }
    for key in spec.key {
        if !record.contains_key(*key) {
            return Err(refuse(&format!("缺少 {key}")));
        }
    }
    let in_file = |kind: &str, id: Option<&str>| {
        id.is_some_and(|id| {
            data.records
                .get(kind)
                .is_some_and(|rs| rs.iter().any(|r| text(r, "id") == Some(id)))
        })
    };
    let owned = match spec.owner {
        Owner::Town => data
            .records
            .get("community")
            .and_then(|cs| cs.first())
            .is_some_and(|c| {
                text(c, "town_id").is_some() && text(c, "town_id") == text(record, "id")
            }),
        Owner::Community => text(record, "id") == Some(manifest.community_id.as_str()),
        Owner::CommunityColumn(column) => {
            text(record, column) == Some(manifest.community_id.as_str())
        }
        Owner::BranchColumn(column) => text(record, column) == Some(manifest.branch_id.as_str()),
        Owner::Parent(column, kind) => in_file(kind, text(record, column)),
        Owner::Photo => {
            in_file("activity", text(record, "activity_id"))
                || in_file("demo_point", text(record, "point_id"))
        }
    };
    if !owned {
        return Err(refuse("不属于文件里的支部"));
    }
    if spec.kind == "branch" && text(record, "community_id") != Some(manifest.community_id.as_str())
    {
        return Err(refuse("不属于文件里的社区"));
    }
    if spec.kind == "photo" {
        let stored = text(record, "stored_name").unwrap_or_default();
        if !safe_photo_name(stored) {
            return Err(refuse("的文件名不合规"));
        }
    }
    Ok(())
}

/// Whether this computer's copy of a record (`local`, the row with the same key) belongs to
/// the file's branch by the same rule as the file's records: a file may change only what is
/// its branch's here too. Otherwise a record naming another branch's member id with the
/// file's branch id would take that member over, and a branch file could move its branch to
/// another community (the importing computer decides that, not the file).
pub fn owned_here(spec: &KindSpec, local: &Record, file: &ExchangeFile) -> bool {
    let manifest = &file.manifest;
    let in_file = |kind: &str, id: Option<&str>| {
        id.is_some_and(|id| file.records(kind).iter().any(|r| text(r, "id") == Some(id)))
    };
    let owned = match spec.owner {
        // Kept as they are here (never changed by a file), so nothing to take over.
        Owner::Town | Owner::Community => true,
        Owner::CommunityColumn(column) => {
            text(local, column) == Some(manifest.community_id.as_str())
        }
        Owner::BranchColumn(column) => text(local, column) == Some(manifest.branch_id.as_str()),
        Owner::Parent(column, kind) => in_file(kind, text(local, column)),
        Owner::Photo => {
            in_file("activity", text(local, "activity_id"))
                || in_file("demo_point", text(local, "point_id"))
        }
    };
    let same_community = spec.kind != "branch"
        || text(local, "community_id") == Some(manifest.community_id.as_str());
    owned && same_community
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_names_that_could_escape_are_refused() {
        assert!(safe_photo_name("0b7e-11.thumb.jpg"));
        for bad in ["", "../x.jpg", "a/b.jpg", "a\\b.jpg", ".hidden", "照片.jpg"] {
            assert!(!safe_photo_name(bad), "{bad}");
        }
    }
}
