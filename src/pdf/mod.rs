//! A report laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I, written as PDF
//! bytes. Pure: the report and the fonts come in, bytes go out; the same
//! report gives the same bytes (no clock, no random ids).

mod compose;
pub mod fonts;

use printpdf::{
    Line as PdfLine, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Pt, TextItem,
};
use thiserror::Error;

use crate::model::{Report, ReportStatus};
use crate::vn;
use compose::{leading, Align, Composer, Item, Para, LEFT, MM, PAGE_H, PAGE_W, TEXT_W, TOP};
use fonts::{Fonts, Style};

#[derive(Debug, Error, PartialEq)]
pub enum PdfError {
    #[error("Các ký tự sau không có trong phông chữ Liberation Serif nên không in được: {0}. Hãy sửa lại nội dung báo cáo.")]
    MissingGlyphs(String),
    #[error("Không ghi được PDF: {0}")]
    Write(String),
}

const BODY: f32 = 14.0;

fn body(text: &str, style: Style, indent: f32) -> Para<'_> {
    Para {
        text,
        style,
        size: BODY,
        align: Align::Justify,
        indent,
        x: LEFT,
        width: TEXT_W,
    }
}

/// The header block of page 1: agency left, Quốc hiệu right, then số and
/// place-date on one line.
fn header(c: &mut Composer, r: &Report) {
    let left_w = TEXT_W * 0.40;
    let right_x = LEFT + TEXT_W * 0.40;
    let right_w = TEXT_W * 0.60;
    let top = PAGE_H - TOP;
    if r.status == ReportStatus::Draft {
        let w = c.fonts.width(Style::Bold, 13.0, "DỰ THẢO");
        c.text(
            PAGE_W - compose::RIGHT - w,
            PAGE_H - 12.0 * MM,
            Style::Bold,
            13.0,
            "DỰ THẢO",
        );
    }
    // Left: cơ quan chủ quản, cơ quan ban hành, rule, số.
    c.y = top;
    if let Some(parent) = &r.parent_agency {
        c.para(&Para {
            text: &vn::upper(parent),
            style: Style::Regular,
            size: 13.0,
            align: Align::Center,
            indent: 0.0,
            x: LEFT,
            width: left_w,
        });
    }
    // "ỦY BAN NHÂN DÂN" / "THÀNH PHỐ THÁI BÌNH": the kind of body on its
    // own line, as agencies print their name.
    let agency_lines: Vec<String> = match r.agency.strip_prefix("ỦY BAN NHÂN DÂN ") {
        Some(rest) => vec!["ỦY BAN NHÂN DÂN".into(), rest.to_string()],
        None => vec![r.agency.clone()],
    };
    let mut widest: f32 = 0.0;
    for line in &agency_lines {
        c.para(&Para {
            text: line,
            style: Style::Bold,
            size: 13.0,
            align: Align::Center,
            indent: 0.0,
            x: LEFT,
            width: left_w,
        });
        widest = widest.max(c.fonts.width(Style::Bold, 13.0, line).min(left_w));
    }
    let rule_y = c.y - 5.0;
    let cx_left = LEFT + left_w / 2.0;
    // A rule a third of the agency name's width, centred under it.
    c.rule(cx_left - widest / 6.0, cx_left + widest / 6.0, rule_y);
    let left_end = rule_y;

    // Right: Quốc hiệu, Tiêu ngữ with a rule as long as it.
    let cx_right = right_x + right_w / 2.0;
    let mut y = top - 12.0;
    c.centered(
        cx_right,
        y,
        Style::Bold,
        12.0,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    y -= leading(13.0);
    let motto = c.centered(
        cx_right,
        y,
        Style::Bold,
        13.0,
        "Độc lập - Tự do - Hạnh phúc",
    );
    c.rule(cx_right - motto / 2.0, cx_right + motto / 2.0, y - 5.0);
    let right_end = y - 5.0;

    // Số (left) and place, date (right, italic) on one line.
    let line_y = left_end.min(right_end) - leading(13.0);
    c.centered(
        cx_left,
        line_y,
        Style::Regular,
        13.0,
        &format!("Số: {}", r.doc_number()),
    );
    let date = match r.issued_on {
        Some(d) => format!("{}, {}", r.place, vn::format_long_date(d)),
        None => format!("{}, ngày      tháng      năm", r.place),
    };
    c.centered(cx_right, line_y, Style::Italic, 13.0, &date);
    c.y = line_y - 4.0 * MM;
}

/// Title, trích yếu and Kính gửi.
fn title(c: &mut Composer, r: &Report, kind: &str) {
    c.y -= leading(14.0);
    let cx = LEFT + TEXT_W / 2.0;
    c.centered(cx, c.y, Style::Bold, 14.0, kind);
    c.skip(leading(14.0) - 14.0);
    let para = Para {
        text: &r.summary,
        style: Style::Bold,
        size: 14.0,
        align: Align::Center,
        indent: 0.0,
        x: LEFT + 0.5 * MM,
        width: TEXT_W - MM,
    };
    c.para(&para);
    let first_line = c.fonts.width(Style::Bold, 14.0, &r.summary).min(TEXT_W);
    c.rule(cx - first_line / 6.0, cx + first_line / 6.0, c.y - 6.0);
    c.skip(6.0 * MM);
    match r.recipients_to.as_slice() {
        [] => {}
        [one] => {
            let text = format!("Kính gửi: {one}.");
            c.ensure(leading(BODY));
            c.y -= BODY;
            c.centered(cx, c.y, Style::Regular, BODY, &text);
            c.skip(leading(BODY) - BODY + 6.0);
        }
        many => {
            let label = "Kính gửi: ";
            let lw = c.fonts.width(Style::Regular, BODY, label);
            let x = LEFT + TEXT_W * 0.25;
            c.y -= BODY;
            c.text(x, c.y, Style::Regular, BODY, label.trim_end());
            c.y += BODY;
            for (i, m) in many.iter().enumerate() {
                let end = if i + 1 == many.len() { "." } else { ";" };
                let item = format!("- {m}{end}");
                c.para(&Para {
                    text: &item,
                    style: Style::Regular,
                    size: BODY,
                    align: Align::Left,
                    indent: 0.0,
                    x: x + lw,
                    width: TEXT_W * 0.75 - lw,
                });
            }
            c.skip(6.0);
        }
    }
}

/// Is this line a numbered sub-heading ("1. Ưu điểm")?
pub(crate) fn sub_heading(line: &str) -> bool {
    let mut parts = line.splitn(2, ". ");
    let (Some(n), Some(rest)) = (parts.next(), parts.next()) else {
        return false;
    };
    n.chars().all(|c| c.is_ascii_digit())
        && rest.split_whitespace().count() <= 8
        && !rest.ends_with('.')
}

fn sections(c: &mut Composer, r: &Report) {
    // The last paragraph goes with the signature block: the block never
    // stands alone at the top of a page.
    let last = r
        .sections
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            s.text
                .lines()
                .map(str::trim)
                .enumerate()
                .filter(|(_, l)| !l.is_empty())
                .map(move |(j, _)| (i, j))
        })
        .last();
    let signature_h = signature_height(c, r);
    for (i, s) in r.sections.iter().enumerate() {
        let heading = format!("{}. {}", s.code, s.heading);
        // Keep a heading with the first line of its text.
        c.ensure(leading(BODY) * 2.0 + 6.0);
        c.para(&body(&heading, Style::Bold, 1.0 * 28.35));
        c.skip(6.0);
        for (j, line) in s.text.lines().map(str::trim).enumerate() {
            if line.is_empty() {
                continue;
            }
            let style = if sub_heading(line) {
                Style::Bold
            } else {
                Style::Regular
            };
            let p = body(line, style, 1.0 * 28.35);
            if last == Some((i, j)) {
                c.ensure(c.para_height(&p) + 6.0 + SIGNATURE_GAP + signature_h);
            }
            c.para(&p);
            c.skip(6.0);
        }
    }
}

/// The space above Nơi nhận and the signature block.
const SIGNATURE_GAP: f32 = 6.0;

/// The height of Nơi nhận beside the signature block: the taller of the two.
fn signature_height(c: &Composer, r: &Report) -> f32 {
    let left_w = TEXT_W * 0.45;
    let mut left_h = leading(12.0);
    for it in &distribution_items(r) {
        left_h += c.height_of(it, Style::Regular, 11.0, left_w);
    }
    let right_h = leading(14.0) * (r.signer.authority.len() as f32 + 1.0) + 28.0 * MM;
    left_h.max(right_h) + 6.0
}

/// The Nơi nhận lines as printed: "- Như trên;" … "- Lưu: VT, LĐTBXH.".
fn distribution_items(r: &Report) -> Vec<String> {
    r.distribution
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
        .collect()
}

/// Nơi nhận (left) and the signature block (right), kept together.
fn signature(c: &mut Composer, r: &Report) {
    let left_w = TEXT_W * 0.45;
    let right_x = LEFT + TEXT_W * 0.45;
    let right_w = TEXT_W * 0.55;
    let items = distribution_items(r);
    c.skip(SIGNATURE_GAP);
    c.ensure(signature_height(c, r));
    let top = c.y;
    // Left column.
    c.y -= 12.0;
    c.text(LEFT, c.y, Style::BoldItalic, 12.0, "Nơi nhận:");
    c.y -= leading(12.0) - 12.0;
    for it in &items {
        c.para(&Para {
            text: it,
            style: Style::Regular,
            size: 11.0,
            align: Align::Left,
            indent: 0.0,
            x: LEFT,
            width: left_w,
        });
    }
    let left_end = c.y;
    // Right column.
    c.y = top;
    let cx = right_x + right_w / 2.0;
    for a in &r.signer.authority {
        c.y -= leading(14.0);
        c.centered(cx, c.y, Style::Bold, 14.0, a);
    }
    let above = c.y;
    c.y -= 28.0 * MM;
    // The signer's image goes between the chức vụ and the name: clear of
    // the descenders above and the capitals below.
    c.signature_place = Some((
        c.pages.len() - 1,
        [cx - 30.0 * MM, c.y + 12.0, cx + 30.0 * MM, above - 5.0],
    ));
    c.centered(cx, c.y, Style::Bold, 14.0, &r.signer.name);
    c.y = c.y.min(left_end);
}

/// The appendix table of indicators, with its header row repeated on every
/// page it runs over; a row is never cut.
fn appendix(c: &mut Composer, r: &Report) -> usize {
    c.new_page();
    let first_page = c.pages.len() - 1;
    let cx = LEFT + TEXT_W / 2.0;
    c.y -= 14.0;
    c.centered(cx, c.y, Style::Bold, 14.0, "Phụ lục");
    c.y -= leading(13.0);
    c.centered(cx, c.y, Style::Bold, 13.0, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU");
    if r.number.is_some() {
        c.y -= leading(13.0);
        let by = format!(
            "(Kèm theo Báo cáo số {}{})",
            r.doc_number(),
            r.issued_on
                .map(|d| format!(" {}", vn::format_long_date(d)))
                .unwrap_or_default()
        );
        c.centered(cx, c.y, Style::Italic, 13.0, &by);
    }
    c.skip(6.0 * MM);
    let header: Vec<String> = crate::report::INDICATOR_COLUMNS
        .iter()
        .map(|h| h.to_string())
        .collect();
    let rows = crate::report::indicator_cells(r);
    let widths: Vec<f32> = crate::report::INDICATOR_WIDTHS
        .iter()
        .map(|f| f * TEXT_W)
        .collect();
    let mut table = Table {
        widths,
        header,
        header_page: None,
        page_room: 0.0,
    };
    let header_lines = table.lines(c, &table.header, Style::Bold);
    table.page_room = compose::PAGE_H - TOP - compose::BOTTOM - Table::height(&header_lines);
    for row in &rows {
        table.row(c, row);
    }
    table.widths.clear();
    first_page
}

/// A table whose header row is repeated on every page it runs over. A row
/// that fits on a page is never cut; a row longer than a page continues
/// line by line on the next.
struct Table {
    widths: Vec<f32>,
    header: Vec<String>,
    /// The page the header row was last drawn on.
    header_page: Option<usize>,
    /// Room a page has for rows under the header.
    page_room: f32,
}

const CELL_PAD: f32 = 2.0;
const CELL_SIZE: f32 = 11.0;

impl Table {
    fn lines(&self, c: &Composer, cells: &[String], style: Style) -> Vec<Vec<String>> {
        cells
            .iter()
            .zip(&self.widths)
            .map(|(t, w)| c.wrap(t, style, CELL_SIZE, w - 2.0 * CELL_PAD))
            .collect()
    }

    fn height(lines: &[Vec<String>]) -> f32 {
        lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * leading(CELL_SIZE)
            + 2.0 * CELL_PAD
    }

    /// Draws up to `take` lines of each cell as one band of the row.
    fn band(&self, c: &mut Composer, lines: &[Vec<String>], take: usize, style: Style) {
        let top = c.y;
        let h = take.max(1) as f32 * leading(CELL_SIZE) + 2.0 * CELL_PAD;
        let mut x = LEFT;
        for (i, (cell, w)) in lines.iter().zip(&self.widths).enumerate() {
            let mut y = top - CELL_PAD;
            for line in cell.iter().take(take) {
                y -= CELL_SIZE;
                let lw = c.fonts.width(style, CELL_SIZE, line);
                let left = style == Style::Regular && (i == 1 || i + 1 == lines.len());
                let lx = if left {
                    x + CELL_PAD
                } else {
                    x + (w - lw) / 2.0
                };
                c.text(lx, y, style, CELL_SIZE, line);
                y -= leading(CELL_SIZE) - CELL_SIZE;
            }
            x += w;
        }
        let bottom = top - h;
        c.rule(LEFT, LEFT + TEXT_W, top);
        c.rule(LEFT, LEFT + TEXT_W, bottom);
        let mut x = LEFT;
        c.line(x, top, x, bottom);
        for w in &self.widths {
            x += w;
            c.line(x, top, x, bottom);
        }
        c.y = bottom;
    }

    fn header_row(&mut self, c: &mut Composer) {
        let lines = self.lines(c, &self.header, Style::Bold);
        let take = lines.iter().map(Vec::len).max().unwrap_or(1);
        self.band(c, &lines, take, Style::Bold);
        self.header_page = Some(c.pages.len() - 1);
    }

    fn new_page(&mut self, c: &mut Composer) {
        c.new_page();
        self.header_row(c);
    }

    fn row(&mut self, c: &mut Composer, cells: &[String]) {
        if self.header_page != Some(c.pages.len() - 1) {
            self.header_row(c);
        }
        let mut rest = self.lines(c, cells, Style::Regular);
        let page_room = self.page_room;
        let mut first_band = true;
        loop {
            let needed = Table::height(&rest);
            let fit = ((c.room() - 2.0 * CELL_PAD) / leading(CELL_SIZE)).floor() as usize;
            let longest = rest.iter().map(Vec::len).max().unwrap_or(1).max(1);
            // Move a row that would fit on a fresh page rather than cut it.
            if fit == 0 || (first_band && needed > c.room() && needed <= page_room) {
                self.new_page(c);
                first_band = false;
                continue;
            }
            let take = longest.min(fit);
            self.band(c, &rest, take, Style::Regular);
            for cell in &mut rest {
                let n = take.min(cell.len());
                cell.drain(..n);
            }
            if rest.iter().all(Vec::is_empty) {
                break;
            }
            self.new_page(c);
            first_band = false;
        }
    }
}

impl Composer<'_> {
    /// Height of a left-aligned paragraph of `text`.
    fn height_of(&self, text: &str, style: Style, size: f32, width: f32) -> f32 {
        self.wrap(text, style, size, width).len() as f32 * leading(size)
    }
}

/// Page numbers: centred in the top margin, from page 2; the appendix is
/// numbered on its own.
fn page_numbers(c: &mut Composer, appendix_from: Option<usize>) {
    let count = c.pages.len();
    for i in 0..count {
        let (n, first) = match appendix_from {
            Some(a) if i >= a => (i - a + 1, i == a),
            _ => (i + 1, i == 0),
        };
        if first {
            continue;
        }
        let text = n.to_string();
        let w = c.fonts.width(Style::Regular, 13.0, &text);
        c.pages[i].push(Item::Text {
            x: PAGE_W / 2.0 - w / 2.0,
            y: PAGE_H - 12.0 * MM,
            style: Style::Regular,
            size: 13.0,
            text,
        });
    }
}

/// Lays the report out and writes the PDF.
pub fn render(r: &Report, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    render_as(r, "BÁO CÁO", fonts)
}

/// A plan laid out in the same official form (KẾ HOẠCH), for the units
/// below to read; its data travel inside the file (`exchange::plan_file`).
pub fn render_plan(doc: &crate::model::PlanDocument, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    render_as(&plan_as_document(doc), "KẾ HOẠCH", fonts)
}

/// The plan in the shape the layout knows: header, trích yếu, parts with
/// their text (the parts that hold tasks list them with who leads),
/// signature and Nơi nhận.
fn plan_as_document(doc: &crate::model::PlanDocument) -> Report {
    let plan = &doc.plan;
    let unit_name = |id: &uuid::Uuid| {
        doc.units.iter().find(|u| u.id == *id).map(|u| {
            if u.short_name.is_empty() {
                u.name.clone()
            } else {
                u.short_name.clone()
            }
        })
    };
    let (number, symbol) = match plan.doc_number.split_once('/') {
        Some((n, s)) => (n.trim().parse().ok(), s.trim().to_string()),
        None => (None, plan.doc_number.clone()),
    };
    let sections = doc
        .sections
        .iter()
        .filter(|s| s.level == 1)
        .map(|s| {
            let prefix = format!("{}.", s.code);
            let mut text = s.text.clone();
            // Its sub-parts (1., 2. …), heading then text.
            for sub in doc
                .sections
                .iter()
                .filter(|x| x.level > 1 && x.code.starts_with(&prefix))
            {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                let code = sub.code.trim_start_matches(&prefix);
                text.push_str(&format!("{code}. {}", sub.heading));
                if !sub.text.is_empty() {
                    text.push('\n');
                    text.push_str(&sub.text);
                }
            }
            let tasks: Vec<String> = doc
                .tasks
                .iter()
                .filter(|t| t.code.starts_with(&prefix))
                .map(|t| {
                    let who = |ids: &[uuid::Uuid]| {
                        ids.iter()
                            .filter_map(unit_name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let what = if t.content.trim().is_empty() {
                        &t.title
                    } else {
                        &t.content
                    };
                    let mut line = format!("- {} {}", t.code, what.trim());
                    if !t.lead_units.is_empty() {
                        line.push_str(&format!(" (Chủ trì: {}", who(&t.lead_units)));
                        if !t.partner_units.is_empty() {
                            line.push_str(&format!("; phối hợp: {}", who(&t.partner_units)));
                        }
                        line.push(')');
                    }
                    line
                })
                .collect();
            if !tasks.is_empty() {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(&tasks.join("\n"));
            }
            crate::model::ReportSection {
                code: s.code.clone(),
                heading: s.heading.clone(),
                text,
            }
        })
        .collect();
    Report {
        id: plan.id,
        plan_id: plan.id,
        unit_id: plan.id,
        period: crate::calendar::Period::Year {
            year: plan.start_year,
        },
        version: plan.version,
        supersedes: None,
        status: ReportStatus::Final,
        parent_agency: None,
        agency: vn::nfc(&plan.issuer).to_uppercase(),
        symbol,
        number,
        issued_on: Some(plan.issued_on),
        place: plan.place.clone().unwrap_or_default(),
        summary: plan.title.clone(),
        recipients_to: Vec::new(),
        sections,
        indicators: Vec::new(),
        signer: crate::model::Signer {
            authority: plan
                .signer_title
                .as_deref()
                .map(|t| {
                    t.split(['/', '\n'])
                        .map(|l| l.trim().to_string())
                        .filter(|l| !l.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            name: plan.signer_name.clone().unwrap_or_default(),
        },
        distribution: doc.recipients.clone(),
    }
}

fn render_as(r: &Report, kind: &str, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let all_text = crate::report::to_text(r);
    let missing = fonts.missing(&all_text);
    if !missing.is_empty() {
        return Err(PdfError::MissingGlyphs(
            missing
                .iter()
                .map(|c| format!("“{c}” (U+{:04X})", *c as u32))
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    let mut c = Composer::new(fonts);
    header(&mut c, r);
    title(&mut c, r, kind);
    sections(&mut c, r);
    signature(&mut c, r);
    let appendix_from = (!r.indicators.is_empty()).then(|| appendix(&mut c, r));
    page_numbers(&mut c, appendix_from);
    write(&c.pages, c.signature_place, fonts, &r.summary)
}

/// Adds the empty signature field where the signer's image goes, so the
/// signing step knows the place without guessing from the text.
fn add_signature_place(lo: &mut lopdf::Document, page_index: usize, rect: [f32; 4]) {
    use lopdf::{dictionary, Object};
    let Some(&page) = lo.get_pages().get(&(page_index as u32 + 1)) else {
        return;
    };
    let mut name = vec![0xFE, 0xFF];
    for u in crate::sign::SIGNER_FIELD.encode_utf16() {
        name.extend_from_slice(&u.to_be_bytes());
    }
    let widget = lo.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Sig",
        "T" => Object::String(name, lopdf::StringFormat::Hexadecimal),
        "Rect" => rect.iter().map(|v| Object::Real((v * 100.0).round() / 100.0)).collect::<Vec<_>>(),
        "F" => 4,
        "P" => page,
    });
    if let Ok(p) = lo.get_dictionary_mut(page) {
        p.set("Annots", vec![Object::Reference(widget)]);
    }
    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set(
            "AcroForm",
            dictionary! { "Fields" => vec![Object::Reference(widget)] },
        );
    }
}

fn write(
    pages: &[Vec<Item>],
    signature_place: Option<(usize, [f32; 4])>,
    fonts: &Fonts,
    title: &str,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(title);
    let mut warnings = Vec::new();
    for style in Style::ALL {
        let parsed = printpdf::ParsedFont::from_bytes(fonts.bytes(style), 0, &mut warnings)
            .ok_or_else(|| PdfError::Write("phông chữ không đọc được".into()))?;
        doc.resources.fonts.map.insert(
            printpdf::FontId(style.pdf_name().to_string()),
            printpdf::font::PdfFont::new(parsed),
        );
    }
    let mut out_pages = Vec::new();
    for items in pages {
        let mut ops = Vec::new();
        // Words of one line (same face, size, baseline) share one text
        // object: the first is placed absolutely, the rest by relative `Td`.
        let mut line: Option<(Style, f32, f32, f32)> = None; // style, size, y, last x
        for item in items {
            match item {
                Item::Text {
                    x,
                    y,
                    style,
                    size,
                    text,
                } => {
                    let same_line = matches!(line, Some((s, z, ly, _)) if s == *style && z == *size && ly == *y);
                    if same_line {
                        let (_, _, _, last_x) = line.expect("open line");
                        ops.push(Op::SetTextCursor {
                            pos: Point {
                                x: Pt(x - last_x),
                                y: Pt(0.0),
                            },
                        });
                    } else {
                        if line.is_some() {
                            ops.push(Op::EndTextSection);
                        }
                        ops.extend([
                            Op::StartTextSection,
                            Op::SetFont {
                                font: PdfFontHandle::External(printpdf::FontId(
                                    style.pdf_name().to_string(),
                                )),
                                size: Pt(*size),
                            },
                            Op::SetTextCursor {
                                pos: Point {
                                    x: Pt(*x),
                                    y: Pt(*y),
                                },
                            },
                        ]);
                    }
                    ops.push(Op::ShowText {
                        items: vec![TextItem::Text(vn::nfc(text))],
                    });
                    line = Some((*style, *size, *y, *x));
                }
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => {
                    if line.take().is_some() {
                        ops.push(Op::EndTextSection);
                    }
                    ops.extend([
                        Op::SetOutlineThickness { pt: Pt(*width) },
                        Op::DrawLine {
                            line: PdfLine {
                                points: vec![
                                    LinePoint {
                                        p: Point {
                                            x: Pt(*x1),
                                            y: Pt(*y1),
                                        },
                                        bezier: false,
                                    },
                                    LinePoint {
                                        p: Point {
                                            x: Pt(*x2),
                                            y: Pt(*y2),
                                        },
                                        bezier: false,
                                    },
                                ],
                                is_closed: false,
                            },
                        },
                    ]);
                }
            }
        }
        if line.is_some() {
            ops.push(Op::EndTextSection);
        }
        out_pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    }
    let doc = doc.with_pages(out_pages);
    let mut save_warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut save_warnings);
    // A trailer ID from the content, not random: same report, same bytes.
    use sha2::{Digest, Sha256};
    if let Some((page, rect)) = signature_place {
        add_signature_place(&mut lo, page, rect);
    }
    lo.compress();
    let mut probe = Vec::new();
    lo.trailer.remove(b"ID");
    lo.save_to(&mut probe)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    let id: Vec<u8> = Sha256::digest(&probe)[..16].to_vec();
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.clone(), lopdf::StringFormat::Hexadecimal),
            lopdf::Object::String(id, lopdf::StringFormat::Hexadecimal),
        ]),
    );
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(bytes)
}

/// A small page that says who signed and when, in the report's font: the
/// appearance of a signature that has no image, as Vietnamese signing tools
/// show one. The page is `width` × `height` points (the signature's place),
/// its lines centred at the largest size up to 11 pt that fits. The signing
/// step copies the page into the signature's appearance.
pub fn signed_stamp(
    lines: &[String],
    width: f32,
    height: f32,
    fonts: &Fonts,
) -> Result<lopdf::Document, PdfError> {
    let all: String = lines.concat();
    if !fonts.missing(&all).is_empty() {
        return Err(PdfError::MissingGlyphs(all));
    }
    let style = Style::Regular;
    let widest = |size: f32| {
        lines
            .iter()
            .map(|l| fonts.width(style, size, l))
            .fold(0.0, f32::max)
    };
    let fits = |size: f32| {
        widest(size) <= width - 4.0 && lines.len() as f32 * leading(size) <= height - 2.0
    };
    let size = [11.0, 10.0, 9.0, 8.0, 7.0, 6.0]
        .into_iter()
        .find(|s| fits(*s))
        .unwrap_or(6.0);
    let mut doc = PdfDocument::new("Chữ ký số");
    let mut warnings = Vec::new();
    let parsed = printpdf::ParsedFont::from_bytes(fonts.bytes(style), 0, &mut warnings)
        .ok_or_else(|| PdfError::Write("phông chữ không đọc được".into()))?;
    doc.resources.fonts.map.insert(
        printpdf::FontId(style.pdf_name().to_string()),
        printpdf::font::PdfFont::new(parsed),
    );
    let total = lines.len() as f32 * leading(size);
    let top = height / 2.0 + total / 2.0;
    let mut ops = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let y = top - leading(size) * i as f32 - size;
        let x = (width - fonts.width(style, size, line)) / 2.0;
        ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(printpdf::FontId(style.pdf_name().to_string())),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            },
            Op::ShowText {
                items: vec![TextItem::Text(vn::nfc(line))],
            },
            Op::EndTextSection,
        ]);
    }
    let page = PdfPage::new(Mm(width / MM), Mm(height / MM), ops);
    let doc = doc.with_pages(vec![page]);
    let mut save_warnings = Vec::new();
    Ok(doc.to_lopdf_document(&PdfSaveOptions::default(), &mut save_warnings))
}
