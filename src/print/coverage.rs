//! Glyph coverage: every character a document prints must be in the printing font. typst would
//! otherwise leave a blank where a rare character of a name should be (𪛖 in a member's name),
//! and a sign-in sheet with a name missing is worse than no sheet.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::fonts::PrintFonts;

/// At most this many gaps are reported; one is enough to act on, a few show the pattern.
const MAX_GAPS: usize = 20;

/// A character the printing font lacks, and where the document uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GlyphGap {
    /// The character itself.
    pub character: String,
    /// `U+2A6D6`.
    pub codepoint: String,
    /// Where in the document's data, e.g. `members[3].name` (or `template:…` for the
    /// template's own words).
    pub field: String,
    /// The whole text it occurs in, e.g. the member's name.
    pub text: String,
}

/// Gaps in one text; control characters and whitespace are layout, not glyphs.
pub fn check_text(fonts: &PrintFonts, field: &str, text: &str) -> Vec<GlyphGap> {
    let mut gaps: Vec<GlyphGap> = Vec::new();
    for c in text.chars() {
        if c.is_control() || c.is_whitespace() || fonts.covers(c) {
            continue;
        }
        if gaps.iter().any(|g| g.character.starts_with(c)) {
            continue;
        }
        gaps.push(GlyphGap {
            character: c.to_string(),
            codepoint: format!("U+{:04X}", c as u32),
            field: field.to_owned(),
            text: text.to_owned(),
        });
    }
    gaps
}

/// Gaps in every string of a document's data (keys are the builder's, never printed).
pub fn check_coverage(fonts: &PrintFonts, data: &Value) -> Vec<GlyphGap> {
    let mut gaps = Vec::new();
    walk(fonts, data, String::new(), &mut gaps);
    gaps.truncate(MAX_GAPS);
    gaps
}

fn walk(fonts: &PrintFonts, value: &Value, path: String, gaps: &mut Vec<GlyphGap>) {
    if gaps.len() >= MAX_GAPS {
        return;
    }
    match value {
        Value::String(text) => gaps.extend(check_text(fonts, &path, text)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(fonts, item, format!("{path}[{i}]"), gaps);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let next = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(fonts, item, next, gaps);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}
