//! Finding a Chinese font on the system for printing. Only the chosen family is given to typst,
//! so typst cannot quietly fall back to another font: what the coverage check approves is what
//! the page shows.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

use crate::error::{Error, Result};

/// Chinese families in order of preference: a sans-serif reads best on a wall calendar, and
/// these come with common Linux packages (fonts-noto-cjk, fonts-wqy-*) or with Windows.
pub const PREFERRED_FAMILIES: [&str; 14] = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "SimSun",
    "Sarasa Gothic SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
];

/// The printing font: one family (all its weights), loaded lazily from disk.
pub struct PrintFonts {
    family: String,
    store: FontStore,
    infos: Vec<FontInfo>,
    files: Vec<String>,
}

impl PrintFonts {
    /// The system's fonts (what fontconfig knows, plus the usual folders).
    pub fn system() -> Result<Self> {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        Self::choose(&db)
    }

    /// Only the fonts in `dirs` (searched recursively): for tests and portable installs.
    pub fn from_dirs(dirs: &[PathBuf]) -> Result<Self> {
        let mut db = fontdb::Database::new();
        for dir in dirs {
            db.load_fonts_dir(dir);
        }
        Self::choose(&db)
    }

    fn choose(db: &fontdb::Database) -> Result<Self> {
        for wanted in PREFERRED_FAMILIES {
            let faces: Vec<&fontdb::FaceInfo> = db
                .faces()
                .filter(|face| {
                    face.families
                        .iter()
                        .any(|(name, _)| name.eq_ignore_ascii_case(wanted))
                })
                .collect();
            let mut store = FontStore::new();
            let mut infos = Vec::new();
            let mut files: Vec<String> = Vec::new();
            for face in faces {
                let path = match &face.source {
                    fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path,
                    fontdb::Source::Binary(_) => continue,
                };
                let Some(Some(info)) = db.with_face_data(face.id, FontInfo::new) else {
                    continue;
                };
                infos.push(info.clone());
                let file = path.display().to_string();
                if !files.contains(&file) {
                    files.push(file);
                }
                store.push((
                    FontPath {
                        path: path.clone(),
                        index: face.index,
                    },
                    info,
                ));
            }
            if let Some(first) = infos.first() {
                return Ok(PrintFonts {
                    family: first.family.clone(),
                    store,
                    infos,
                    files,
                });
            }
        }
        Err(Error::NoCjkFont)
    }

    /// A font file given directly (tests use it to print with a font that lacks characters).
    pub fn from_file(path: &Path) -> Result<Self> {
        let data = std::fs::read(path)?;
        let mut store = FontStore::new();
        let mut infos = Vec::new();
        for font in Font::iter(Bytes::new(data)) {
            let info = font.info().clone();
            infos.push(info.clone());
            store.push((font, info));
        }
        let family = infos.first().ok_or(Error::NoCjkFont)?.family.clone();
        Ok(PrintFonts {
            family,
            store,
            infos,
            files: vec![path.display().to_string()],
        })
    }

    /// The family name the documents are set in, e.g. "Noto Sans CJK SC".
    pub fn family(&self) -> &str {
        &self.family
    }

    /// Whether every weight of the family has a glyph for `c` (headings are bold, so a
    /// character only the regular weight has would still go missing there).
    pub fn covers(&self, c: char) -> bool {
        self.infos
            .iter()
            .all(|info| info.coverage.contains(c as u32))
    }

    pub(super) fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub(super) fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// The files behind the family, for the report of which font is used.
    pub fn files(&self) -> &[String] {
        &self.files
    }
}
