//! The `manifest.json` at the head of the app's zip files (backups `.bpbak`, exchange files
//! `.bpx`). Its magic word tells ours from any other zip; its format version and database
//! schema version tell a file from a newer app. Both readers share these checks here and word
//! the outcome as their own typed errors.

use serde::de::DeserializeOwned;

use crate::db;

/// One kind of manifest: its magic word and the newest layout this app reads.
pub struct Format {
    pub magic: &'static str,
    pub version: u32,
    /// What the file is called in a message: 备份 / 交换文件.
    pub noun: &'static str,
    /// The format version's name when it is too new: 备份格式版本.
    pub version_name: &'static str,
}

/// Why a manifest is refused, before the caller turns it into its own error.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a manifest of this app at all.
    NotOurs(String),
    /// Made by a newer app: `what` names the version that is too new.
    TooNew {
        what: &'static str,
        found: i64,
        known: i64,
    },
    /// Ours, but missing or garbling what every manifest has.
    Damaged(String),
}

/// Checks `text` as a manifest of `format` and reads it. The magic word is checked first, so a
/// newer manifest with other fields still says "too new", not "broken".
pub fn parse<T: DeserializeOwned>(
    text: &[u8],
    format: &Format,
    schema_of: impl Fn(&T) -> i64,
) -> Result<T, Problem> {
    let value: serde_json::Value = serde_json::from_slice(text)
        .map_err(|_| Problem::NotOurs("manifest.json 不是 JSON".to_owned()))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(format.magic) {
        return Err(Problem::NotOurs(format!(
            "manifest.json 不是本软件的{}说明",
            format.noun
        )));
    }
    match value.get("formatVersion").and_then(|v| v.as_i64()) {
        Some(v) if v > i64::from(format.version) => {
            return Err(Problem::TooNew {
                what: format.version_name,
                found: v,
                known: i64::from(format.version),
            })
        }
        Some(v) if v >= 1 => {}
        _ => return Err(Problem::Damaged("manifest.json 缺少格式版本".to_owned())),
    }
    let manifest: T = serde_json::from_value(value)
        .map_err(|e| Problem::Damaged(format!("manifest.json 字段不完整（{e}）")))?;
    let schema = schema_of(&manifest);
    if schema > db::migrations::latest_version() {
        return Err(Problem::TooNew {
            what: "数据库结构版本",
            found: schema,
            known: db::migrations::latest_version(),
        });
    }
    if schema < 1 {
        return Err(Problem::Damaged(
            "manifest.json 的数据库结构版本无效".to_owned(),
        ));
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Sample {
        schema_version: i64,
    }

    const SAMPLE: Format = Format {
        magic: "sample",
        version: 2,
        noun: "样例",
        version_name: "样例格式版本",
    };

    fn read(text: &str) -> Result<Sample, Problem> {
        parse(text.as_bytes(), &SAMPLE, |s: &Sample| s.schema_version)
    }

    #[test]
    fn each_refusal_is_told_apart() {
        let latest = db::migrations::latest_version();
        assert!(read(r#"{"format":"sample","formatVersion":2,"schemaVersion":1}"#).is_ok());
        assert!(matches!(read("PK\u{3}\u{4}"), Err(Problem::NotOurs(_))));
        assert_eq!(
            read(r#"{"format":"other","formatVersion":1,"schemaVersion":1}"#).err(),
            Some(Problem::NotOurs(
                "manifest.json 不是本软件的样例说明".to_owned()
            ))
        );
        // A newer layout is "too new" even when its fields are not ours.
        assert!(matches!(
            read(r#"{"format":"sample","formatVersion":3,"renamed":true}"#),
            Err(Problem::TooNew {
                what: "样例格式版本",
                found: 3,
                known: 2
            })
        ));
        let newer_schema = format!(
            r#"{{"format":"sample","formatVersion":1,"schemaVersion":{}}}"#,
            latest + 1
        );
        assert!(matches!(
            read(&newer_schema),
            Err(Problem::TooNew {
                what: "数据库结构版本",
                ..
            })
        ));
        for broken in [
            r#"{"format":"sample","schemaVersion":1}"#,
            r#"{"format":"sample","formatVersion":1}"#,
            r#"{"format":"sample","formatVersion":1,"schemaVersion":0}"#,
        ] {
            assert!(matches!(read(broken), Err(Problem::Damaged(_))), "{broken}");
        }
    }
}
