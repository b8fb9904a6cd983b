//! The template and the figures written as .xlsx. Pure: plain data in,
//! bytes out; the workbook's creation date is the one given, so the same
//! figures give the same file.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};
use serde::Serialize;
use thiserror::Error;

/// The workbook could not be made (a text longer than a cell holds).
#[derive(Debug, Error)]
#[error("không tạo được tệp Excel: {0}")]
pub struct WriteError(String);

impl From<XlsxError> for WriteError {
    fn from(e: XlsxError) -> WriteError {
        WriteError(match e {
            XlsxError::MaxStringLengthExceeded => {
                "có nội dung dài quá 32.767 ký tự, vượt sức chứa một ô".into()
            }
            _ => "dữ liệu không ghi được vào bảng tính".into(),
        })
    }
}

/// What the sheet is about, written above the table.
#[derive(Debug, Clone, Serialize)]
pub struct Head {
    pub plan_number: String,
    pub plan_title: String,
    pub unit: String,
    pub period_code: String,
    pub period_label: String,
    /// The workbook's creation date (the office's today).
    pub made_on: NaiveDate,
}

/// How an indicator's figure is given, by its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Sum,
    Ratio,
    YesNo,
    Text,
}

/// One indicator in the template, with what is recorded already.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateRow {
    pub no: usize,
    pub name: String,
    pub measure_unit: String,
    /// How it is given: "cộng dồn", "tỷ lệ: tử số = …; mẫu số = …".
    pub how: String,
    /// The plan's target as read: "≥ 95%".
    pub target: String,
    pub kind: Kind,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub yes: Option<bool>,
    pub text: Option<String>,
    pub note: String,
}

/// One unit's contribution to a figure, and the file it came from.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub unit: String,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub yes: Option<bool>,
    pub text: Option<String>,
    pub signer: Option<String>,
    /// The received file's name; empty for the unit's own data.
    pub file: String,
}

/// One indicator's figure as exported.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    pub no: usize,
    pub name: String,
    pub measure_unit: String,
    pub how: String,
    pub target: String,
    pub kind: Kind,
    /// A percent (ratio rate, or a "%" indicator), stored as a fraction
    /// and shown with "%".
    pub percent: bool,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// The figure read by its rule: "95,5% (191 / 200)", "3 / 4 đơn vị có".
    pub label: String,
    pub sources: Vec<SourceRow>,
}

/// Template columns, in order; the reader finds them by these names.
pub const TEMPLATE_COLUMNS: [&str; 11] = [
    "STT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Cách ghi",
    "Mục tiêu kế hoạch",
    "Giá trị",
    "Tử số",
    "Mẫu số",
    "Có/Không",
    "Nội dung",
    "Ghi chú",
];

const FONT: &str = "Times New Roman";
const NUMBER: &str = "#,##0.###";
const PERCENT: &str = "0.00%";
/// The row of the table's header (0-based).
const HEADER_ROW: u32 = 5;

struct Formats {
    title: Format,
    label: Format,
    header: Format,
    text: Format,
    number: Format,
    percent: Format,
    fill: Format,
    fill_number: Format,
    closed: Format,
}

fn formats() -> Formats {
    let base = Format::new().set_font_name(FONT).set_font_size(12);
    let cell = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    // Cells the officer fills: light yellow; cells not asked: grey.
    let yellow = Color::RGB(0xFFF7D6);
    Formats {
        title: base.clone().set_bold().set_font_size(14),
        label: base.clone().set_bold(),
        header: cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xE7EEF7)),
        text: cell.clone(),
        number: cell.clone().set_num_format(NUMBER),
        percent: cell.clone().set_num_format(PERCENT),
        fill: cell.clone().set_background_color(yellow),
        fill_number: cell
            .clone()
            .set_num_format(NUMBER)
            .set_background_color(yellow),
        closed: cell.set_background_color(Color::RGB(0xEDEDED)),
    }
}

fn book(head: &Head, title: &str) -> Result<Workbook, WriteError> {
    let mut book = Workbook::new();
    let d = head.made_on;
    let made = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author(&head.unit)
            .set_creation_datetime(&made),
    );
    Ok(book)
}

/// A4 landscape, one page wide, the header row repeated, the first
/// columns and the header frozen.
fn page_setup(sheet: &mut Worksheet, header_row: u32) -> Result<(), WriteError> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_margins(0.6, 0.6, 0.75, 0.75, 0.3, 0.3);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_freeze_panes(header_row + 1, 2)?;
    Ok(())
}

fn write_head(
    sheet: &mut Worksheet,
    f: &Formats,
    title: &str,
    head: &Head,
) -> Result<(), WriteError> {
    sheet.write_string_with_format(0, 0, title, &f.title)?;
    sheet.write_string_with_format(1, 0, "Kế hoạch:", &f.label)?;
    sheet.write_string(1, 1, &head.plan_number)?;
    sheet.write_string(1, 2, &head.plan_title)?;
    sheet.write_string_with_format(2, 0, "Kỳ báo cáo:", &f.label)?;
    sheet.write_string(2, 1, &head.period_code)?;
    sheet.write_string(2, 2, &head.period_label)?;
    sheet.write_string_with_format(3, 0, "Đơn vị:", &f.label)?;
    sheet.write_string(3, 1, &head.unit)?;
    Ok(())
}

fn number_or_blank(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    x: Option<f64>,
    format: &Format,
) -> Result<(), WriteError> {
    match x {
        Some(x) => sheet.write_number_with_format(row, col, x, format)?,
        None => sheet.write_blank(row, col, format)?,
    };
    Ok(())
}

/// The template of a plan's indicators for one unit and period: one row per
/// indicator; the cells its rule asks for are yellow, prefilled with what
/// is recorded; the others grey.
pub fn template(head: &Head, rows: &[TemplateRow]) -> Result<Vec<u8>, WriteError> {
    let f = formats();
    let mut book = book(head, "Bảng số liệu chỉ tiêu")?;
    let sheet = book.add_worksheet();
    sheet.set_name("Chỉ tiêu")?;
    write_head(sheet, &f, "BẢNG SỐ LIỆU CHỈ TIÊU", head)?;
    sheet.write_string(
        4,
        0,
        "Ghi số liệu vào các ô màu vàng; không sửa cột STT và Chỉ tiêu. Số ghi như 1.234,5; chỉ tiêu tỷ lệ ghi cả tử số và mẫu số.",
    )?;
    for (c, name) in TEMPLATE_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, *name, &f.header)?;
    }
    for (w, c) in [
        5.0, 48.0, 10.0, 30.0, 16.0, 14.0, 14.0, 14.0, 11.0, 30.0, 20.0,
    ]
    .iter()
    .zip(0u16..)
    {
        sheet.set_column_width(c, *w)?;
    }
    let yes_no = DataValidation::new().allow_list_strings(&["có", "không"])?;
    for (i, r) in rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        sheet.write_number_with_format(row, 0, r.no as f64, &f.text)?;
        sheet.write_string_with_format(row, 1, &r.name, &f.text)?;
        sheet.write_string_with_format(row, 2, &r.measure_unit, &f.text)?;
        sheet.write_string_with_format(row, 3, &r.how, &f.text)?;
        sheet.write_string_with_format(row, 4, &r.target, &f.text)?;
        let open = |k: Kind, col: u16| {
            matches!(
                (k, col),
                (Kind::Sum, 5)
                    | (Kind::Ratio, 6 | 7)
                    | (Kind::YesNo, 8)
                    | (Kind::Text, 9)
                    | (_, 10)
            )
        };
        for col in 5u16..=10 {
            let fmt = match (open(r.kind, col), col) {
                (false, _) => &f.closed,
                (true, 5..=7) => &f.fill_number,
                (true, _) => &f.fill,
            };
            match col {
                5 => number_or_blank(sheet, row, col, r.value, fmt)?,
                6 => number_or_blank(sheet, row, col, r.numerator, fmt)?,
                7 => number_or_blank(sheet, row, col, r.denominator, fmt)?,
                8 => match r.yes {
                    Some(y) => {
                        sheet.write_string_with_format(
                            row,
                            col,
                            if y { "có" } else { "không" },
                            fmt,
                        )?;
                    }
                    None => {
                        sheet.write_blank(row, col, fmt)?;
                    }
                },
                9 => match &r.text {
                    Some(t) => {
                        sheet.write_string_with_format(row, col, t, fmt)?;
                    }
                    None => {
                        sheet.write_blank(row, col, fmt)?;
                    }
                },
                _ if !r.note.is_empty() => {
                    sheet.write_string_with_format(row, col, &r.note, fmt)?;
                }
                _ => {
                    sheet.write_blank(row, col, fmt)?;
                }
            }
        }
        if r.kind == Kind::YesNo {
            sheet.add_data_validation(row, 8, row, 8, &yes_no)?;
        }
    }
    page_setup(sheet, HEADER_ROW)?;
    Ok(book.save_to_buffer()?)
}

fn percent_or_number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    x: Option<f64>,
    percent: bool,
    f: &Formats,
) -> Result<(), WriteError> {
    if percent {
        number_or_blank(sheet, row, col, x.map(|x| x / 100.0), &f.percent)
    } else {
        number_or_blank(sheet, row, col, x, &f.number)
    }
}

fn optional_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    s: Option<&str>,
    f: &Format,
) -> Result<(), WriteError> {
    sheet.write_string_with_format(row, col, s.unwrap_or(""), f)?;
    Ok(())
}

/// The figures of a period: sheet “Chỉ tiêu” (each indicator's figure,
/// combined by its rule where units below sent theirs) and sheet “Số liệu
/// từng đơn vị” (each unit's raw values — numerator and denominator for
/// ratios — and the file each came from).
pub fn figures(head: &Head, rows: &[FigureRow]) -> Result<Vec<u8>, WriteError> {
    let f = formats();
    let mut book = book(head, "Số liệu chỉ tiêu")?;
    {
        let sheet = book.add_worksheet();
        sheet.set_name("Chỉ tiêu")?;
        write_head(sheet, &f, "SỐ LIỆU CHỈ TIÊU", head)?;
        let columns = [
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Cách tính",
            "Mục tiêu kế hoạch",
            "Giá trị",
            "Tử số",
            "Mẫu số",
            "Số liệu",
            "Số đơn vị có số liệu",
        ];
        for (c, name) in columns.iter().enumerate() {
            sheet.write_string_with_format(HEADER_ROW, c as u16, *name, &f.header)?;
        }
        for (w, c) in [5.0, 48.0, 10.0, 24.0, 16.0, 14.0, 14.0, 14.0, 30.0, 12.0]
            .iter()
            .zip(0u16..)
        {
            sheet.set_column_width(c, *w)?;
        }
        for (i, r) in rows.iter().enumerate() {
            let row = HEADER_ROW + 1 + i as u32;
            sheet.write_number_with_format(row, 0, r.no as f64, &f.text)?;
            sheet.write_string_with_format(row, 1, &r.name, &f.text)?;
            sheet.write_string_with_format(row, 2, &r.measure_unit, &f.text)?;
            sheet.write_string_with_format(row, 3, &r.how, &f.text)?;
            sheet.write_string_with_format(row, 4, &r.target, &f.text)?;
            let value = if matches!(r.kind, Kind::Text) {
                None
            } else {
                r.value
            };
            percent_or_number(sheet, row, 5, value, r.percent, &f)?;
            number_or_blank(sheet, row, 6, r.numerator, &f.number)?;
            number_or_blank(sheet, row, 7, r.denominator, &f.number)?;
            sheet.write_string_with_format(row, 8, &r.label, &f.text)?;
            sheet.write_number_with_format(row, 9, r.sources.len() as f64, &f.number)?;
        }
        page_setup(sheet, HEADER_ROW)?;
    }
    {
        let sheet = book.add_worksheet();
        sheet.set_name("Số liệu từng đơn vị")?;
        write_head(sheet, &f, "SỐ LIỆU TỪNG ĐƠN VỊ", head)?;
        let columns = [
            "STT",
            "Chỉ tiêu",
            "Đơn vị",
            "Giá trị",
            "Tử số",
            "Mẫu số",
            "Có/Không",
            "Nội dung",
            "Người ký",
            "Tệp nhận",
        ];
        for (c, name) in columns.iter().enumerate() {
            sheet.write_string_with_format(HEADER_ROW, c as u16, *name, &f.header)?;
        }
        for (w, c) in [5.0, 40.0, 32.0, 14.0, 14.0, 14.0, 10.0, 30.0, 22.0, 34.0]
            .iter()
            .zip(0u16..)
        {
            sheet.set_column_width(c, *w)?;
        }
        let mut row = HEADER_ROW + 1;
        for r in rows {
            for s in &r.sources {
                sheet.write_number_with_format(row, 0, r.no as f64, &f.text)?;
                sheet.write_string_with_format(row, 1, &r.name, &f.text)?;
                sheet.write_string_with_format(row, 2, &s.unit, &f.text)?;
                let value = if matches!(r.kind, Kind::Text | Kind::YesNo) {
                    None
                } else {
                    s.value
                };
                percent_or_number(sheet, row, 3, value, r.percent, &f)?;
                number_or_blank(sheet, row, 4, s.numerator, &f.number)?;
                number_or_blank(sheet, row, 5, s.denominator, &f.number)?;
                let yes = s.yes.map(|y| if y { "có" } else { "không" });
                optional_text(sheet, row, 6, yes, &f.text)?;
                optional_text(sheet, row, 7, s.text.as_deref(), &f.text)?;
                optional_text(sheet, row, 8, s.signer.as_deref(), &f.text)?;
                let file = if s.file.is_empty() {
                    "(số liệu của đơn vị)"
                } else {
                    &s.file
                };
                sheet.write_string_with_format(row, 9, file, &f.text)?;
                row += 1;
            }
        }
        page_setup(sheet, HEADER_ROW)?;
    }
    Ok(book.save_to_buffer()?)
}
