//! A minimal typst world: the templates are compiled into the binary, the document's data is a
//! virtual `/data.json` the template reads with `json()`, and the only fonts are the printing
//! family. Nothing is read from disk but the font files.

use std::sync::LazyLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use super::coverage::{check_coverage, check_text, GlyphGap};
use super::fonts::PrintFonts;
use crate::error::{Error, Result};

/// Helpers every template imports as `/lib.typ`.
const LIB: &str = include_str!("templates/lib.typ");

/// A document template compiled into the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub name: &'static str,
    pub source: &'static str,
}

static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

fn file_id(path: &str) -> FileId {
    // The paths are constants of this module; they are always valid.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("bad virtual path {path}"));
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

struct PrintWorld<'a> {
    fonts: &'a PrintFonts,
    main: Source,
    lib: Source,
    data_id: FileId,
    data: Bytes,
}

impl World for PrintWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.lib.id() {
            Ok(self.lib.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            self.source(id)
                .map(|s| Bytes::from_string(s.text().to_owned()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Documents print the dates their data carries; the clock is not an input of the core.
        None
    }
}

/// A laid-out document, ready to write as PDF or draw as PNG pages.
pub struct Rendered {
    document: PagedDocument,
    /// The family it is set in.
    pub font: String,
}

impl Rendered {
    pub fn page_count(&self) -> usize {
        self.document.pages().len()
    }

    /// Width and height of the first page in millimetres (rounded).
    pub fn page_size_mm(&self) -> (u32, u32) {
        self.document.pages().first().map_or((0, 0), |page| {
            let size = page.frame.size();
            (size.x.to_mm().round() as u32, size.y.to_mm().round() as u32)
        })
    }

    pub fn pdf(&self) -> Result<Vec<u8>> {
        typst_pdf::pdf(&self.document, &typst_pdf::PdfOptions::default())
            .map_err(|diags| Error::Render(describe(&diags)))
    }

    /// Each page as PNG, `pixel_per_pt` pixels per typographic point (1 pt = 1/72 in).
    pub fn png_pages(&self, pixel_per_pt: f32) -> Result<Vec<Vec<u8>>> {
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(f64::from(pixel_per_pt)),
            render_bleed: false,
        };
        self.document
            .pages()
            .iter()
            .map(|page| {
                typst_render::render(page, &options)
                    .encode_png()
                    .map_err(|e| Error::Render(format!("png: {e}")))
            })
            .collect()
    }
}

fn describe(diags: &[SourceDiagnostic]) -> String {
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    messages.join("; ")
}

/// Checks that `fonts` cover every character of `data` (and of the template's own words),
/// then lays the template out with `data` as `/data.json`.
pub fn render(fonts: &PrintFonts, template: Template, data: &impl Serialize) -> Result<Rendered> {
    let doc =
        serde_json::to_value(data).map_err(|e| Error::Render(format!("document data: {e}")))?;
    let mut gaps: Vec<GlyphGap> = check_coverage(fonts, &doc);
    for (name, source) in [(template.name, template.source), ("lib", LIB)] {
        for line in source.lines().filter(|l| !l.is_ascii()) {
            gaps.extend(check_text(fonts, &format!("template:{name}"), line));
        }
    }
    if !gaps.is_empty() {
        return Err(Error::MissingGlyphs {
            font: fonts.family().to_owned(),
            gaps,
        });
    }
    let input = serde_json::json!({ "font": fonts.family(), "doc": doc });
    let world = PrintWorld {
        fonts,
        main: Source::new(file_id("/main.typ"), template.source.to_owned()),
        lib: Source::new(file_id("/lib.typ"), LIB.to_owned()),
        data_id: file_id("/data.json"),
        data: Bytes::from_string(input.to_string()),
    };
    let result = typst::compile::<PagedDocument>(&world).output;
    // The memo cache grows with every distinct document; a batch of a thousand calendars
    // would otherwise keep them all.
    typst::comemo::evict(10);
    let document = result.map_err(|diags| Error::Render(describe(&diags)))?;
    Ok(Rendered {
        document,
        font: fonts.family().to_owned(),
    })
}
