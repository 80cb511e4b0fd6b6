//! Word (.docx) versions of the activity record and the review report, for offices that file
//! documents in their own house style. The content is the same JSON the PDF templates draw
//! (`docs.rs`), so both say the same; the look is a few named styles (标题, 标题 1, 标题 2,
//! 正文 in 宋体 with Times New Roman for Latin letters) and plain bordered tables, which an
//! office restyles by editing the styles in Word.

use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, Shading, Style, StyleType, Table,
    TableCell, TableRow, VMergeType, WidthType,
};
use serde_json::Value;

use crate::error::{Error, Result};

/// The East Asian font of every style; Word and WPS on Windows have it, LibreOffice
/// substitutes a Song-style font.
pub const CHINESE_FONT: &str = "宋体";
const LATIN_FONT: &str = "Times New Roman";
/// Text width of A4 portrait with 2.2 cm side margins, in twips (1/20 pt).
const TEXT_WIDTH: usize = 11906 - 2 * 1247;

fn fonts() -> RunFonts {
    RunFonts::new()
        .east_asia(CHINESE_FONT)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
}

/// A4 portrait, the named styles, 宋体 五号 (10.5 pt) body text.
fn house_document() -> Docx {
    let heading = |id: &str, name: &str, half_points: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(half_points)
            .fonts(fonts())
            .outline_lvl(level)
    };
    Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1440)
                .bottom(1440)
                .left(1247)
                .right(1247)
                .header(720)
                .footer(720),
        )
        .default_fonts(fonts())
        .default_size(21)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .bold()
                .size(36)
                .fonts(fonts())
                .align(AlignmentType::Center),
        )
        .add_style(
            Style::new("Subtitle", StyleType::Paragraph)
                .name("Subtitle")
                .based_on("Normal")
                .size(21)
                .fonts(fonts())
                .align(AlignmentType::Center),
        )
        .add_style(heading("Heading1", "heading 1", 28, 0))
        .add_style(heading("Heading2", "heading 2", 24, 1))
}

/// A string field of the document data ("" when absent).
fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().map_or(&[], Vec::as_slice)
}

/// A run of `text`. docx-rs escapes `& < > " '` but passes other control characters, which
/// XML 1.0 forbids (Word then refuses the whole file): they go, tabs and line breaks stay.
fn run(text: &str) -> Run {
    let clean: String = text
        .chars()
        .filter(|c| matches!(c, '\t' | '\n') || !c.is_control())
        .collect();
    Run::new().add_text(clean)
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

fn styled(style: &str, text: &str) -> Paragraph {
    para(text).style(style)
}

fn bold(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text).bold())
}

fn cell(p: Paragraph, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(p)
        .width(width, WidthType::Dxa)
}

fn header_cell(text: &str, width: usize) -> TableCell {
    cell(bold(text).align(AlignmentType::Center), width).shading(Shading::new().fill("EDEDED"))
}

/// A bordered table: `widths` are relative (they share the text width), the first row of
/// `rows` is the header when `header` is set.
fn table(widths: &[usize], header: Option<&[&str]>, rows: &[Vec<String>]) -> Table {
    let total: usize = widths.iter().sum();
    let twips: Vec<usize> = widths.iter().map(|w| w * TEXT_WIDTH / total).collect();
    let mut out = Vec::new();
    if let Some(header) = header {
        out.push(TableRow::new(
            header
                .iter()
                .zip(&twips)
                .map(|(h, w)| header_cell(h, *w))
                .collect(),
        ));
    }
    for row in rows {
        out.push(TableRow::new(
            row.iter()
                .zip(&twips)
                .map(|(text, w)| cell(para(text), *w))
                .collect(),
        ));
    }
    Table::new(out)
        .set_grid(twips)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// Label | value rows (the label in bold).
fn pairs(rows: &[Value]) -> Table {
    let twips = [TEXT_WIDTH / 5, TEXT_WIDTH - TEXT_WIDTH / 5];
    let out = rows
        .iter()
        .map(|pair| {
            let label = pair[0].as_str().unwrap_or("");
            let value = pair[1].as_str().unwrap_or("");
            TableRow::new(vec![
                cell(bold(label), twips[0]),
                cell(
                    para(if value.is_empty() {
                        "（未填写）"
                    } else {
                        value
                    }),
                    twips[1],
                ),
            ])
        })
        .collect();
    Table::new(out)
        .set_grid(twips.to_vec())
        .width(TEXT_WIDTH, WidthType::Dxa)
}

fn pack(docx: Docx) -> Result<Vec<u8>> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| Error::Render(format!("docx: {e}")))?;
    Ok(bytes.into_inner())
}

fn signature(text: &str) -> Paragraph {
    para(text).align(AlignmentType::Right)
}

/// The activity record (`docs::activity_record`'s data) as Word.
pub fn activity_record(doc: &Value) -> Result<Vec<u8>> {
    let mut d = house_document()
        .add_paragraph(styled(
            "Title",
            &format!("{} {}", s(doc, "name"), s(doc, "title")),
        ))
        .add_table(pairs(list(doc, "info")))
        .add_paragraph(styled("Heading1", "三步走"));
    for step in list(doc, "steps") {
        let mut rows: Vec<Value> = list(step, "plan").to_vec();
        rows.push(serde_json::json!(["开展情况", s(step, "done")]));
        rows.push(serde_json::json!(["备注", s(step, "notes")]));
        d = d
            .add_paragraph(styled("Heading2", s(step, "title")))
            .add_table(pairs(&rows));
    }
    let attendance = &doc["attendance"];
    d = d
        .add_paragraph(styled("Heading1", "出勤"))
        .add_paragraph(para(s(attendance, "summary")));
    if !s(attendance, "present").is_empty() {
        d = d.add_paragraph(para(&format!("出席：{}", s(attendance, "present"))));
    }
    let absent: Vec<Vec<String>> = list(attendance, "absent")
        .iter()
        .map(|a| vec![s(a, "name").to_owned(), s(a, "reason").to_owned()])
        .collect();
    if !absent.is_empty() {
        d = d.add_table(table(&[1, 3], Some(&["缺席党员", "原因"]), &absent));
    }
    for (title, key, header) in [
        (
            "意见建议",
            "suggestions",
            ["序号", "提出人", "内容", "状态", "答复"],
        ),
        (
            "问题困难",
            "problems",
            ["序号", "反映人", "问题", "状态", "帮扶措施"],
        ),
    ] {
        d = d.add_paragraph(styled("Heading1", title));
        let rows: Vec<Vec<String>> = list(doc, key)
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    s(r, "who").to_owned(),
                    s(r, "text").to_owned(),
                    s(r, "status").to_owned(),
                    s(r, "response").to_owned(),
                ]
            })
            .collect();
        d = if rows.is_empty() {
            d.add_paragraph(para(&format!("本次活动无{title}。")))
        } else {
            d.add_table(table(&[2, 5, 12, 4, 10], Some(&header), &rows))
        };
    }
    d = d
        .add_paragraph(para(""))
        .add_paragraph(signature("记录人：＿＿＿＿＿＿　　支部书记：＿＿＿＿＿＿"))
        .add_paragraph(para(s(doc, "footer")).size(18).color("666666"));
    pack(d)
}

fn figures_row(r: &Value, lead: Vec<String>, tail: Option<String>) -> Vec<String> {
    let mut row = lead;
    for key in [
        "satisfied",
        "fairly",
        "dissatisfied",
        "valid",
        "invalid",
        "rate",
        "score",
    ] {
        row.push(s(r, key).to_owned());
    }
    row.extend(tail);
    row
}

/// The group table: 支部 spans two header rows, 党员 and 群众 span five columns each.
fn group_table(groups: &[Value]) -> Table {
    let widths = [8usize, 3, 3, 3, 3, 4, 3, 3, 3, 3, 4];
    let total: usize = widths.iter().sum();
    let twips: Vec<usize> = widths.iter().map(|w| w * TEXT_WIDTH / total).collect();
    let span = |from: usize| twips[from..from + 5].iter().sum::<usize>();
    let sub = ["满意", "基本满意", "不满意", "无效", "满意率"];
    let mut rows = vec![
        TableRow::new(vec![
            header_cell("支部", twips[0]).vertical_merge(VMergeType::Restart),
            header_cell("党员评议", span(1)).grid_span(5),
            header_cell("群众评议", span(6)).grid_span(5),
        ]),
        TableRow::new(
            std::iter::once(header_cell("", twips[0]).vertical_merge(VMergeType::Continue))
                .chain(
                    sub.iter()
                        .chain(&sub)
                        .zip(&twips[1..])
                        .map(|(h, w)| header_cell(h, *w)),
                )
                .collect(),
        ),
    ];
    for g in groups {
        let mut texts = vec![s(g, "name").to_owned()];
        for who in ["member", "resident"] {
            for key in ["satisfied", "fairly", "dissatisfied", "invalid", "rate"] {
                texts.push(s(&g[who], key).to_owned());
            }
        }
        rows.push(TableRow::new(
            texts
                .iter()
                .zip(&twips)
                .map(|(t, w)| cell(para(t), *w))
                .collect(),
        ));
    }
    Table::new(rows)
        .set_grid(twips)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// The review report (`docs::review_report`'s data) as Word.
pub fn review_report(doc: &Value) -> Result<Vec<u8>> {
    let mut d = house_document()
        .add_paragraph(styled("Title", s(doc, "title")))
        .add_paragraph(styled("Subtitle", s(doc, "subtitle")))
        .add_paragraph(styled("Heading1", "一、计票方法"));
    for line in list(doc, "method") {
        d = d.add_paragraph(para(line.as_str().unwrap_or("")));
    }
    let reviewers: Vec<Vec<String>> = list(doc, "reviewers")
        .iter()
        .map(|r| {
            vec![
                s(r, "group").to_owned(),
                s(r, "registered").to_owned(),
                s(r, "sheets").to_owned(),
            ]
        })
        .collect();
    d = d.add_table(table(
        &[2, 1, 1],
        Some(&["评议人", "登记人数", "收回评议表"]),
        &reviewers,
    ));
    let threshold = s(doc, "threshold");
    let ranking: Vec<Vec<String>> = list(doc, "ranking")
        .iter()
        .map(|r| {
            let flag = if r["flagged"].as_bool() == Some(true) {
                format!("低于{threshold}")
            } else {
                String::new()
            };
            figures_row(
                r,
                vec![s(r, "rank").to_owned(), s(r, "name").to_owned()],
                Some(flag),
            )
        })
        .collect();
    d = d
        .add_paragraph(styled("Heading1", "二、综合排名"))
        .add_table(table(
            &[2, 8, 2, 3, 2, 2, 2, 3, 2, 3],
            Some(&[
                "名次",
                "支部",
                "满意",
                "基本满意",
                "不满意",
                "有效票",
                "无效票",
                "满意率",
                "得分",
                "标记",
            ]),
            &ranking,
        ))
        .add_paragraph(styled("Heading1", "三、分组情况"))
        .add_table(group_table(list(doc, "groups")))
        .add_paragraph(styled("Heading1", "四、需要整改的支部"));
    let flagged: Vec<&str> = list(doc, "flagged")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    d = d.add_paragraph(para(&if flagged.is_empty() {
        format!("本季度没有综合满意率低于 {threshold} 的支部。")
    } else {
        format!("综合满意率低于 {threshold}：{}。", flagged.join("、"))
    }));
    d = d.add_paragraph(styled("Heading1", "五、评语与整改事项"));
    for b in list(doc, "branches") {
        let comment = match s(b, "comment") {
            "" => "（无）",
            c => c,
        };
        d = d
            .add_paragraph(styled("Heading2", s(b, "name")))
            .add_paragraph(para(s(b, "line")))
            .add_paragraph(
                Paragraph::new()
                    .add_run(run("评语：").bold())
                    .add_run(run(comment)),
            );
        let voices = list(b, "voices");
        if !voices.is_empty() {
            d = d.add_paragraph(Paragraph::new().add_run(run("选票上的意见：").bold()));
            for voice in voices {
                d = d.add_paragraph(para(&format!("· {}", voice.as_str().unwrap_or(""))));
            }
        }
        let items: Vec<Vec<String>> = list(b, "items")
            .iter()
            .enumerate()
            .map(|(i, it)| {
                vec![
                    (i + 1).to_string(),
                    s(it, "what").to_owned(),
                    s(it, "owner").to_owned(),
                    s(it, "due").to_owned(),
                    s(it, "status").to_owned(),
                ]
            })
            .collect();
        if !items.is_empty() {
            d = d.add_table(table(
                &[2, 12, 4, 5, 5],
                Some(&["序号", "整改事项", "责任人", "完成时限", "进展"]),
                &items,
            ));
        }
    }
    d = d
        .add_paragraph(para(""))
        .add_paragraph(signature(&format!("{}（盖章）", s(doc, "committee"))))
        .add_paragraph(signature(s(doc, "signed")))
        .add_paragraph(para(s(doc, "footer")).size(18).color("666666"));
    pack(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// document.xml of a packed file.
    fn document_xml(bytes: Vec<u8>) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        xml
    }

    #[test]
    fn control_characters_in_a_text_do_not_break_the_xml() {
        let hostile = "蔬菜\u{1b}[31m支部\u{7}<b>&\u{202e}\t末尾";
        let xml = document_xml(pack(Docx::new().add_paragraph(para(hostile))).unwrap());
        assert!(!xml.contains('\u{1b}') && !xml.contains('\u{7}'), "{xml}");
        assert!(xml.contains("蔬菜[31m支部&lt;b&gt;&amp;"), "{xml}");
        assert!(xml.contains('\t'), "a tab is allowed in XML and kept");
    }
}
