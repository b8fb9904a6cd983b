//! Pure: a report as a Word document (.docx), and a leader's edited copy
//! read back. WordprocessingML written here with the zip and XML crates the
//! plan reader already uses (no .docx crate keeps ids stable between two
//! writes of the same report; this writer does, so the same report gives
//! the same bytes).
//!
//! The layout is the PDF's (Nghị định 30/2020, Phụ lục I): A4, margins 20 /
//! 20 / 30 / 15 mm, Times New Roman at the PDF's sizes; the two-column
//! header as a borderless table with its rules (paragraph borders between
//! indents); the title block; sections with a 1 cm first-line indent,
//! justified; Nơi nhận and the signature block side by side, never split;
//! the Phụ lục table with its header row repeated. A draft says DỰ THẢO.

pub mod read;

use std::io::Write;

use quick_xml::escape::escape;
use thiserror::Error;

use crate::model::{Report, ReportStatus};
use crate::vn;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WordError {
    #[error("không tạo được tệp Word.")]
    Write,
    #[error("tệp không phải văn bản Word (.docx).")]
    NotDocx,
    #[error("tệp Word bị hỏng hoặc bị cắt cụt: không đọc được nội dung.")]
    Damaged,
    #[error("nội dung tệp Word khi giải nén quá lớn (hơn {limit} MB): đây không phải một báo cáo bình thường.")]
    Unpacked { limit: u64 },
    #[error("không thấy các phần {missing} của báo cáo trong tệp Word (các đề mục “I. …”, “II. …” phải còn nguyên để biết nội dung nào thuộc phần nào).")]
    SectionsMissing { missing: String },
}

/// Twentieths of a point per millimetre.
const TW_MM: f32 = 56.692_9;
const TEXT_W_MM: f32 = 210.0 - 30.0 - 15.0;

fn tw(mm: f32) -> i32 {
    (mm * TW_MM).round() as i32
}

#[derive(Clone, Copy, PartialEq)]
enum Jc {
    Left,
    Center,
    Right,
    Both,
}

#[derive(Clone, Copy)]
struct Run {
    size: f32,
    bold: bool,
    italic: bool,
}

const fn run(size: f32, bold: bool, italic: bool) -> Run {
    Run { size, bold, italic }
}

/// One paragraph: its text (each "\n" a line break), alignment, first-line
/// indent, spacing after (pt), and optionally a rule under it between
/// indents (mm from each side).
struct P<'a> {
    text: &'a str,
    run: Run,
    jc: Jc,
    first_line_mm: f32,
    after_pt: f32,
    rule_between: Option<(f32, f32)>,
    page_break_before: bool,
    keep_next: bool,
}

impl<'a> P<'a> {
    fn new(text: &'a str, run: Run, jc: Jc) -> P<'a> {
        P {
            text,
            run,
            jc,
            first_line_mm: 0.0,
            after_pt: 0.0,
            rule_between: None,
            page_break_before: false,
            keep_next: false,
        }
    }
}

fn runs_xml(out: &mut String, text: &str, r: Run) {
    let props = format!(
        "<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>{}{}<w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/></w:rPr>",
        if r.bold { "<w:b/>" } else { "" },
        if r.italic { "<w:i/>" } else { "" },
        (r.size * 2.0).round() as i32,
        (r.size * 2.0).round() as i32
    );
    for (i, line) in text.split('\n').enumerate() {
        out.push_str("<w:r>");
        out.push_str(&props);
        if i > 0 {
            out.push_str("<w:br/>");
        }
        out.push_str("<w:t xml:space=\"preserve\">");
        out.push_str(&escape(line));
        out.push_str("</w:t></w:r>");
    }
}

fn p_xml(out: &mut String, p: &P<'_>) {
    out.push_str("<w:p><w:pPr>");
    if p.keep_next {
        out.push_str("<w:keepNext/>");
    }
    if p.page_break_before {
        out.push_str("<w:pageBreakBefore/>");
    }
    if let Some((l, r)) = p.rule_between {
        out.push_str("<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>");
        out.push_str(&format!(
            "<w:spacing w:before=\"0\" w:after=\"{}\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:left=\"{}\" w:right=\"{}\"/>",
            (p.after_pt * 20.0) as i32,
            tw(l),
            tw(r)
        ));
    } else {
        out.push_str(&format!(
            "<w:spacing w:before=\"0\" w:after=\"{}\" w:line=\"264\" w:lineRule=\"auto\"/>",
            (p.after_pt * 20.0) as i32
        ));
        if p.first_line_mm > 0.0 {
            out.push_str(&format!("<w:ind w:firstLine=\"{}\"/>", tw(p.first_line_mm)));
        }
    }
    out.push_str(match p.jc {
        Jc::Left => "<w:jc w:val=\"left\"/>",
        Jc::Center => "<w:jc w:val=\"center\"/>",
        Jc::Right => "<w:jc w:val=\"right\"/>",
        Jc::Both => "<w:jc w:val=\"both\"/>",
    });
    out.push_str("</w:pPr>");
    if !p.text.is_empty() {
        runs_xml(out, p.text, p.run);
    }
    out.push_str("</w:p>");
}

/// A table: column widths (mm), borders or not, rows of cells, each cell a
/// list of paragraphs; `header_rows` repeat on each page; rows never split.
fn table_xml(
    out: &mut String,
    widths: &[f32],
    borders: bool,
    header_rows: usize,
    rows: &[Vec<Vec<P<'_>>>],
) {
    let border = if borders { "single" } else { "nil" };
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblBorders>\
         <w:top w:val=\"{border}\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"{border}\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:bottom w:val=\"{border}\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"{border}\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideH w:val=\"{border}\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"{border}\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         </w:tblBorders><w:tblCellMar><w:left w:w=\"{pad}\" w:type=\"dxa\"/><w:right w:w=\"{pad}\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>",
        widths.iter().map(|w| tw(*w)).sum::<i32>(),
        pad = if borders { tw(1.5) } else { 0 },
    ));
    for w in widths {
        out.push_str(&format!("<w:gridCol w:w=\"{}\"/>", tw(*w)));
    }
    out.push_str("</w:tblGrid>");
    for (i, row) in rows.iter().enumerate() {
        out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if i < header_rows {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str("</w:trPr>");
        for (cell, w) in row.iter().zip(widths) {
            out.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/></w:tcPr>",
                tw(*w)
            ));
            if cell.is_empty() {
                out.push_str("<w:p/>");
            }
            for p in cell {
                p_xml(out, p);
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// The report's first lines as printed: the agency's name on two lines
/// ("ỦY BAN NHÂN DÂN" / "THÀNH PHỐ THÁI BÌNH").
fn agency_lines(r: &Report) -> String {
    match r.agency.strip_prefix("ỦY BAN NHÂN DÂN ") {
        Some(rest) => format!("ỦY BAN NHÂN DÂN\n{rest}"),
        None => r.agency.clone(),
    }
}

/// The place and date line: "Thái Bình, ngày 05 tháng 7 năm 2026".
fn date_line(r: &Report) -> String {
    match r.issued_on {
        Some(d) => format!("{}, {}", r.place, vn::format_long_date(d)),
        None => format!("{}, ngày      tháng      năm", r.place),
    }
}

/// The body paragraphs of each section: its heading, then one paragraph a
/// line (a numbered sub-heading bold), as the PDF lays them out.
pub fn section_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The report as a .docx file.
pub fn report_docx(r: &Report) -> Result<Vec<u8>, WordError> {
    let mut body = String::new();
    let draft = r.status == ReportStatus::Draft;
    // The header: agency | Quốc hiệu, then Số | place and date.
    let left_w = TEXT_W_MM * 0.40;
    let right_w = TEXT_W_MM * 0.60;
    let agency = agency_lines(r);
    let parent = r.parent_agency.as_ref().map(|p| vn::upper(p));
    let number = format!("Số: {}", r.doc_number());
    let date = date_line(r);
    // A rule a third of the agency name's width (a 13 pt bold capital is
    // about 2.9 mm wide), centred; the motto's rule as long as the motto
    // (62 mm at 13 pt bold).
    let widest = agency.lines().map(|l| l.chars().count()).max().unwrap_or(1) as f32;
    let name_w = (widest * 2.9).min(left_w);
    let agency_rule = (left_w - name_w / 3.0) / 2.0;
    let motto_rule = ((right_w - 62.0) / 2.0).max(0.0);
    let mut left = Vec::new();
    if let Some(parent) = &parent {
        left.push(P::new(parent, run(13.0, false, false), Jc::Center));
    }
    left.push(P::new(&agency, run(13.0, true, false), Jc::Center));
    let mut rule = P::new("", run(6.0, false, false), Jc::Center);
    rule.rule_between = Some((agency_rule, agency_rule));
    rule.after_pt = 6.0;
    left.push(rule);
    let mut motto = P::new(
        "Độc lập - Tự do - Hạnh phúc",
        run(13.0, true, false),
        Jc::Center,
    );
    motto.rule_between = Some((motto_rule, motto_rule));
    motto.after_pt = 6.0;
    let right = vec![
        P::new(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            run(12.0, true, false),
            Jc::Center,
        ),
        motto,
    ];
    table_xml(
        &mut body,
        &[left_w, right_w],
        false,
        0,
        &[
            vec![left, right],
            vec![
                vec![P::new(&number, run(13.0, false, false), Jc::Center)],
                vec![P::new(&date, run(13.0, false, true), Jc::Center)],
            ],
        ],
    );
    // Title, trích yếu with its rule, Kính gửi.
    let mut title = P::new("BÁO CÁO", run(14.0, true, false), Jc::Center);
    title.keep_next = true;
    let mut gap = P::new("", run(14.0, false, false), Jc::Center);
    gap.keep_next = true;
    p_xml(&mut body, &gap);
    p_xml(&mut body, &title);
    // The trích yếu may wrap: its rule is a short paragraph of its own.
    p_xml(
        &mut body,
        &P::new(&r.summary, run(14.0, true, false), Jc::Center),
    );
    let mut title_rule = P::new("", run(6.0, false, false), Jc::Center);
    title_rule.rule_between = Some((TEXT_W_MM * 0.4, TEXT_W_MM * 0.4));
    title_rule.after_pt = 12.0;
    p_xml(&mut body, &title_rule);
    let to = match r.recipients_to.as_slice() {
        [] => String::new(),
        [one] => format!("Kính gửi: {one}."),
        many => format!(
            "Kính gửi:\n{}",
            many.iter()
                .enumerate()
                .map(|(i, m)| format!("- {m}{}", if i + 1 == many.len() { "." } else { ";" }))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    if !to.is_empty() {
        let mut p = P::new(&to, run(14.0, false, false), Jc::Center);
        p.after_pt = 12.0;
        p_xml(&mut body, &p);
    }
    // Sections I–V.
    for s in &r.sections {
        let heading = format!("{}. {}", s.code, s.heading);
        let mut h = P::new(&heading, run(14.0, true, false), Jc::Both);
        h.first_line_mm = 10.0;
        h.after_pt = 6.0;
        h.keep_next = true;
        p_xml(&mut body, &h);
        for line in section_lines(&s.text) {
            let mut p = P::new(
                line,
                run(14.0, crate::pdf::sub_heading(line), false),
                Jc::Both,
            );
            p.first_line_mm = 10.0;
            p.after_pt = 6.0;
            p_xml(&mut body, &p);
        }
    }
    // Nơi nhận | the signature block, one row that is never split.
    let items: Vec<String> = r
        .distribution
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let end = if i + 1 == r.distribution.len() {
                "."
            } else {
                ";"
            };
            format!("- {}{end}", d.trim_end_matches(['.', ';']))
        })
        .collect();
    let mut left = vec![P::new("Nơi nhận:", run(12.0, true, true), Jc::Left)];
    left.extend(
        items
            .iter()
            .map(|i| P::new(i, run(11.0, false, false), Jc::Left)),
    );
    let authority = r.signer.authority.join("\n");
    let mut right = vec![P::new(&authority, run(14.0, true, false), Jc::Center)];
    for _ in 0..4 {
        right.push(P::new("", run(14.0, false, false), Jc::Center));
    }
    right.push(P::new(&r.signer.name, run(14.0, true, false), Jc::Center));
    p_xml(&mut body, &P::new("", run(14.0, false, false), Jc::Left));
    table_xml(
        &mut body,
        &[TEXT_W_MM * 0.45, TEXT_W_MM * 0.55],
        false,
        0,
        &[vec![left, right]],
    );
    // Phụ lục.
    if !r.indicators.is_empty() {
        let mut head = P::new("Phụ lục", run(14.0, true, false), Jc::Center);
        head.page_break_before = true;
        p_xml(&mut body, &head);
        p_xml(
            &mut body,
            &P::new(
                "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
                run(13.0, true, false),
                Jc::Center,
            ),
        );
        let by = r.number.map(|_| {
            format!(
                "(Kèm theo Báo cáo số {}{})",
                r.doc_number(),
                r.issued_on
                    .map(|d| format!(" {}", vn::format_long_date(d)))
                    .unwrap_or_default()
            )
        });
        if let Some(by) = &by {
            p_xml(&mut body, &P::new(by, run(13.0, false, true), Jc::Center));
        }
        p_xml(&mut body, &P::new("", run(13.0, false, false), Jc::Center));
        let widths: Vec<f32> = crate::report::INDICATOR_WIDTHS
            .iter()
            .map(|f| f * TEXT_W_MM)
            .collect();
        let cells = crate::report::indicator_cells(r);
        let mut rows: Vec<Vec<Vec<P<'_>>>> = vec![crate::report::INDICATOR_COLUMNS
            .iter()
            .map(|h| vec![P::new(h, run(11.0, true, false), Jc::Center)])
            .collect()];
        for row in &cells {
            rows.push(
                row.iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let jc = if i == 1 || i + 1 == crate::report::INDICATOR_COLUMNS.len() {
                            Jc::Left
                        } else {
                            Jc::Center
                        };
                        vec![P::new(c, run(11.0, false, false), jc)]
                    })
                    .collect(),
            );
        }
        table_xml(&mut body, &widths, true, 1, &rows);
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{body}<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:headerReference w:type=\"first\" r:id=\"rIdFirst\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/><w:titlePg/></w:sectPr></w:body></w:document>",
        tw(20.0),
        tw(15.0),
        tw(20.0),
        tw(30.0),
        tw(10.0),
        tw(10.0)
    );
    // Page 1's header: empty, or the draft's mark at the right (where the
    // PDF puts it, above the margin).
    let mut first = String::new();
    if draft {
        p_xml(
            &mut first,
            &P::new("DỰ THẢO", run(13.0, true, false), Jc::Right),
        );
    } else {
        first.push_str("<w:p/>");
    }
    let first = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{first}</w:hdr>");
    package(&document, &first)
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/><Override PartName=\"/word/header2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/></Types>";
const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
const DOC_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/><Relationship Id=\"rIdFirst\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header2.xml\"/></Relationships>";
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style></w:styles>";
/// Page numbers at the top centre from page 2 (page 1 has the title page's
/// empty header), as Nghị định 30 asks.
const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:t>2</w:t></w:r><w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>";

fn package(document: &str, first_header: &str) -> Result<Vec<u8>, WordError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", STYLES),
        ("word/header1.xml", HEADER),
        ("word/header2.xml", first_header),
        ("word/document.xml", document),
    ] {
        zip.start_file(name, options)
            .map_err(|_| WordError::Write)?;
        zip.write_all(body.as_bytes())
            .map_err(|_| WordError::Write)?;
    }
    Ok(zip.finish().map_err(|_| WordError::Write)?.into_inner())
}
