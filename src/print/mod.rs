//! Printing: documents laid out by typst (as a library) into PDF and PNG.
//!
//! A document is one template (`templates/*.typ`, compiled into the binary) and one data
//! builder (`docs.rs`) that reads the database through the `api` functions and produces the
//! JSON the template reads. The data never becomes markup, so a branch called `#1 支部*` prints
//! as written. Before laying out, every character is checked against the printing font
//! (`coverage.rs`): a character the font lacks is an error naming it and where it occurs.
//!
//! Adding a document: write `templates/<name>.typ`, add a `Template` constant below, a
//! builder in `docs.rs`, and a `PrintJob` variant in `api::print`.

mod coverage;
pub mod docs;
pub mod docx;
mod engine;
mod fonts;
pub mod xlsx;

use std::sync::{Arc, Mutex};

pub use coverage::{check_coverage, check_text, GlyphGap};
pub use engine::{render, Rendered, Template};
pub use fonts::{PrintFonts, PREFERRED_FAMILIES};

use crate::error::Result;

pub const YEAR_CALENDAR: Template = Template {
    name: "year_calendar",
    source: include_str!("templates/year_calendar.typ"),
};
pub const MONTH_CALENDAR: Template = Template {
    name: "month_calendar",
    source: include_str!("templates/month_calendar.typ"),
};
pub const SIGN_IN: Template = Template {
    name: "sign_in",
    source: include_str!("templates/sign_in.typ"),
};
pub const ACTIVITY_RECORD: Template = Template {
    name: "activity_record",
    source: include_str!("templates/activity_record.typ"),
};
pub const POINT_ROSTER: Template = Template {
    name: "point_roster",
    source: include_str!("templates/point_roster.typ"),
};

pub const REVIEW_BALLOT: Template = Template {
    name: "review_ballot",
    source: include_str!("templates/review_ballot.typ"),
};
pub const REVIEW_REPORT: Template = Template {
    name: "review_report",
    source: include_str!("templates/review_report.typ"),
};

static SYSTEM_FONTS: Mutex<Option<Arc<PrintFonts>>> = Mutex::new(None);

/// The system's printing font, found once per process (scanning the font folders takes a
/// moment). A failure is not remembered, so installing a font and trying again works.
pub fn system_fonts() -> Result<Arc<PrintFonts>> {
    let mut cached = SYSTEM_FONTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(fonts) = cached.as_ref() {
        return Ok(Arc::clone(fonts));
    }
    let fonts = Arc::new(PrintFonts::system()?);
    *cached = Some(Arc::clone(&fonts));
    Ok(fonts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use serde_json::json;

    fn fonts() -> Arc<PrintFonts> {
        system_fonts().expect("a CJK font (fonts-noto-cjk) is installed on test machines")
    }

    #[test]
    fn a_chinese_font_is_found_and_covers_common_characters() {
        let fonts = fonts();
        assert!(
            PREFERRED_FAMILIES.contains(&fonts.family()),
            "{}",
            fonts.family()
        );
        assert!(!fonts.files().is_empty());
        for c in "党员活动日张庄村支部签到表ABC123：（）".chars() {
            assert!(fonts.covers(c), "{c}");
        }
    }

    #[test]
    fn coverage_names_the_missing_character_and_its_field() {
        let fonts = fonts();
        let data = json!({
            "title": "签到表",
            "members": [{ "name": "王芳" }, { "name": "李𪛖" }],
        });
        let gaps = check_coverage(&fonts, &data);
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert_eq!(gaps[0].character, "𪛖");
        assert_eq!(gaps[0].codepoint, "U+2A6D6");
        assert_eq!(gaps[0].field, "members[1].name");
        assert_eq!(gaps[0].text, "李𪛖");
        // Newlines and tabs are layout, not glyphs.
        assert!(check_text(&fonts, "note", "第一行\n第二行\t完").is_empty());
    }

    #[test]
    fn rendering_refuses_data_with_a_missing_glyph() {
        let fonts = fonts();
        let data = json!({ "name": "李𪛖", "rows": [] });
        match render(&fonts, SIGN_IN, &data) {
            Err(Error::MissingGlyphs { font, gaps }) => {
                assert_eq!(font, fonts.family());
                assert_eq!(gaps[0].field, "name");
            }
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("rendered"),
        }
    }

    #[test]
    fn no_chinese_font_in_an_empty_folder_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            PrintFonts::from_dirs(&[dir.path().to_path_buf()]),
            Err(Error::NoCjkFont)
        ));
        let api: crate::ApiError = Error::NoCjkFont.into();
        assert!(api.message.contains("fonts-noto-cjk"));
    }

    /// A template that prints a data string as text: markup characters in it stay literal.
    const PLAIN: Template = Template {
        name: "plain",
        source: "#import \"/lib.typ\": *\n#show: page-setup.with(title: doc.name)\n#doc.name\n",
    };

    #[test]
    fn markup_characters_in_data_print_literally() {
        let fonts = fonts();
        let name = "#set page(width: 1cm) *粗* [括号] $x$ _斜_ `代码` <标签> @引用 \\ // 注释";
        let rendered = render(&fonts, PLAIN, &json!({ "name": name })).unwrap();
        assert_eq!(rendered.page_count(), 1);
        assert_eq!(
            rendered.page_size_mm(),
            (210, 297),
            "the #set in data did nothing"
        );
        let pdf = rendered.pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let pngs = rendered.png_pages(0.5).unwrap();
        assert_eq!(pngs.len(), 1);
        assert!(pngs[0].starts_with(b"\x89PNG"));
    }
}
