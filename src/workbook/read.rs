//! A filled indicator sheet read back: the header row found by names, each
//! row's cells as the officer sees them, every cell that cannot be taken
//! said with its address. Pure.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};
use serde::Serialize;

use super::{cell_name, Limits, WorkbookError};
use crate::model::Indicator;
use crate::vn;

/// One cell that cannot be taken: `Chỉ tiêu!F7: …`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellProblem {
    /// "Sheet!D7", or "Sheet, dòng 7" for a whole row.
    pub at: String,
    pub message: String,
}

impl std::fmt::Display for CellProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// A cell read: where it is and what it says, as the officer would type it
/// in the window ("1.234,5" for a number).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Got {
    pub at: String,
    pub text: String,
}

/// One row of the sheet under its header.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FilledRow {
    /// The row as Excel numbers it (1-based).
    pub row: u32,
    /// Its number in the plan's list (STT), when the sheet has the column.
    pub no: Option<(String, u32)>,
    pub name: Option<Got>,
    pub value: Option<Got>,
    pub numerator: Option<Got>,
    pub denominator: Option<Got>,
    pub yes: Option<(String, bool)>,
    pub text: Option<Got>,
    pub note: Option<Got>,
}

impl FilledRow {
    /// The row gives a figure (not only the indicator's name).
    pub fn has_figures(&self) -> bool {
        self.value.is_some()
            || self.numerator.is_some()
            || self.denominator.is_some()
            || self.yes.is_some()
            || self.text.is_some()
    }
}

/// What the sheet says.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Filled {
    pub sheet: String,
    /// "Kế hoạch:" above the header, when written (kehoach's template does).
    pub plan: Option<String>,
    /// "Kỳ báo cáo:" above the header: the period's code.
    pub period: Option<String>,
    pub rows: Vec<FilledRow>,
    /// Cells that cannot be taken; the rows they are in are not in `rows`.
    pub problems: Vec<CellProblem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    No,
    Name,
    Value,
    Numerator,
    Denominator,
    Yes,
    Text,
    Note,
}

/// A header's words, folded: no marks, lower case, what is in parentheses
/// and punctuation dropped ("Giá trị (ĐVT):" → "gia tri").
fn header_key(s: &str) -> String {
    let mut bare = String::with_capacity(s.len());
    let mut depth = 0usize;
    for ch in s.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    vn::fold(&bare)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn column_of(header: &str) -> Option<Col> {
    let key = header_key(header);
    let col = match key.as_str() {
        "stt" | "tt" | "so tt" | "so thu tu" | "ma" | "ma so" | "ma chi tieu" => Col::No,
        "chi tieu" | "ten chi tieu" | "noi dung chi tieu" | "chi tieu chu yeu" => Col::Name,
        "gia tri" | "ket qua" | "so lieu" | "thuc hien" | "ket qua thuc hien"
        | "gia tri thuc hien" | "so lieu thuc hien" | "ket qua dat duoc" => Col::Value,
        "tu so" => Col::Numerator,
        "mau so" => Col::Denominator,
        "co khong" | "co hay khong" | "da thuc hien co khong" => Col::Yes,
        "noi dung" | "loi van" | "noi dung thuc hien" | "ket qua bang loi" => Col::Text,
        "ghi chu" => Col::Note,
        _ => return None,
    };
    Some(col)
}

/// A cell as calamine gives it, kept as plain data.
#[derive(Debug, Clone, PartialEq)]
enum Raw {
    Number(f64),
    Text(String),
    Bool(bool),
    Date(String),
    Error(String),
    Formula(String),
}

impl Raw {
    fn text(&self) -> Option<&str> {
        match self {
            Raw::Text(s) => Some(s),
            _ => None,
        }
    }
}

fn raw_of(value: &DataRef<'_>, formula: Option<String>) -> Option<Raw> {
    if let Some(f) = formula.filter(|f| !f.trim().is_empty()) {
        return Some(Raw::Formula(f));
    }
    Some(match value {
        DataRef::Int(i) => Raw::Number(*i as f64),
        DataRef::Float(x) => Raw::Number(*x),
        DataRef::String(s) => Raw::Text(vn::nfc(s.trim())),
        DataRef::SharedString(s) => Raw::Text(vn::nfc(s.trim())),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::DateTime(d) => Raw::Date(match d.as_datetime() {
            Some(t) => t.format("%d/%m/%Y").to_string(),
            None => d.as_f64().to_string(),
        }),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Raw::Date(s.clone()),
        DataRef::Error(e) => Raw::Error(e.to_string()),
        DataRef::Empty => return None,
    })
    .filter(|r| !matches!(r, Raw::Text(s) if s.is_empty()))
}

/// Refuses what is not a plain .xlsx, and a package that unpacks to more
/// than the limit (each part is decompressed here, counted, and dropped).
fn check_package(bytes: &[u8], limits: &Limits) -> Result<(), WorkbookError> {
    if bytes.len() as u64 > limits.max_file {
        return Err(WorkbookError::TooLarge {
            size: (bytes.len() as u64).div_ceil(1 << 20),
            limit: limits.max_file >> 20,
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(WorkbookError::OldOrLocked);
    }
    if !bytes.starts_with(b"PK") {
        return Err(WorkbookError::NotXlsx);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| WorkbookError::Damaged)?;
    let mut total = 0u64;
    let mut has_workbook = false;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| WorkbookError::Damaged)?;
        let name = part.name().to_ascii_lowercase();
        if name.ends_with("vbaproject.bin") {
            return Err(WorkbookError::Macro);
        }
        has_workbook |= name == "xl/workbook.xml";
        let left = limits.max_unpacked.saturating_sub(total);
        let n = std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink())
            .map_err(|_| WorkbookError::Damaged)?;
        total += n;
        if total > limits.max_unpacked {
            return Err(WorkbookError::Unpacked {
                limit: limits.max_unpacked >> 20,
            });
        }
    }
    if !has_workbook {
        return Err(WorkbookError::NotXlsx);
    }
    Ok(())
}

/// The cells of one sheet, row by row, bounded; with the merged ranges.
struct Sheet {
    name: String,
    cells: Vec<((u32, u32), Raw)>,
    merged: Vec<((u32, u32), (u32, u32))>,
}

fn load(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, WorkbookError> {
    check_package(bytes, limits)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|_| WorkbookError::Damaged)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let mut cells = Vec::new();
        {
            let mut reader = book
                .worksheet_cells_reader(&name)
                .map_err(|_| WorkbookError::Damaged)?;
            while let Some(cell) = reader
                .next_cell_with_formula()
                .map_err(|_| WorkbookError::Damaged)?
            {
                if cell.pos.0 >= limits.max_rows {
                    return Err(WorkbookError::TooManyRows {
                        sheet: name,
                        limit: limits.max_rows,
                    });
                }
                if let Some(raw) = raw_of(&cell.value, cell.formula) {
                    cells.push((cell.pos, raw));
                }
            }
        }
        // What a number is shown as: a percent typed "95%" is stored as
        // 0,95 and must be read as the 95 the officer sees.
        let styles = book.worksheet_style(&name).ok();
        for ((r, c), raw) in cells.iter_mut() {
            if let Raw::Number(x) = raw {
                let percent = styles
                    .as_ref()
                    .and_then(|s| s.get((*r, *c)))
                    .and_then(|s| s.number_format.as_ref())
                    .is_some_and(|f| shows_percent(&f.format_code));
                if percent {
                    *x *= 100.0;
                }
            }
        }
        let merged = book
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default()
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect();
        sheets.push(Sheet {
            name,
            cells,
            merged,
        });
    }
    Ok(sheets)
}

/// A number format that shows the value times 100 with "%" (not a "%"
/// inside quotes, which is a literal suffix).
fn shows_percent(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for ch in code.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// Rows above the header looked at for "Kế hoạch:" and "Kỳ báo cáo:".
const HEADER_SEARCH_ROWS: u32 = 30;

fn label_right_of(sheet: &Sheet, before: u32, keys: &[&str]) -> Option<String> {
    for ((r, c), raw) in &sheet.cells {
        if *r >= before {
            continue;
        }
        if raw
            .text()
            .is_some_and(|t| keys.contains(&header_key(t).as_str()))
        {
            let right = sheet
                .cells
                .iter()
                .filter(|((r2, c2), _)| r2 == r && c2 > c)
                .min_by_key(|((_, c2), _)| *c2);
            if let Some((_, Raw::Text(v))) = right {
                return Some(v.clone());
            }
        }
    }
    None
}

/// Reads the first sheet with an indicator header (a sheet named “Chỉ
/// tiêu” first). The rows under it that say anything are returned; cells
/// that cannot be taken are in `problems`.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Filled, WorkbookError> {
    let mut sheets = load(bytes, limits)?;
    sheets.sort_by_key(|s| header_key(&s.name) != "chi tieu");
    for sheet in &sheets {
        if let Some((header_row, columns)) = header(sheet) {
            return Ok(rows(sheet, header_row, &columns));
        }
    }
    Err(WorkbookError::NoHeader)
}

fn header(sheet: &Sheet) -> Option<(u32, Vec<(u32, Col)>)> {
    let last = sheet
        .cells
        .iter()
        .map(|((r, _), _)| *r)
        .filter(|r| *r < HEADER_SEARCH_ROWS)
        .max()?;
    for row in 0..=last {
        let mut columns: Vec<(u32, Col)> = Vec::new();
        for ((r, c), raw) in &sheet.cells {
            if *r != row {
                continue;
            }
            if let Some(col) = raw.text().and_then(column_of) {
                if !columns.iter().any(|(_, k)| *k == col) {
                    columns.push((*c, col));
                }
            }
        }
        let names = columns
            .iter()
            .any(|(_, k)| matches!(k, Col::No | Col::Name));
        let figures = columns.iter().any(|(_, k)| {
            matches!(
                k,
                Col::Value | Col::Numerator | Col::Denominator | Col::Yes | Col::Text
            )
        });
        if names && figures {
            return Some((row, columns));
        }
    }
    None
}

fn rows(sheet: &Sheet, header_row: u32, columns: &[(u32, Col)]) -> Filled {
    let at = |r: u32, c: u32| format!("{}!{}", sheet.name, cell_name(r, c));
    let mut filled = Filled {
        sheet: sheet.name.clone(),
        plan: label_right_of(sheet, header_row, &["ke hoach", "so ke hoach"]),
        period: label_right_of(sheet, header_row, &["ky bao cao", "ma ky", "ky"]),
        ..Filled::default()
    };
    let mut by_row: std::collections::BTreeMap<u32, Vec<(Col, u32, &Raw)>> = Default::default();
    for ((r, c), raw) in &sheet.cells {
        if *r <= header_row {
            continue;
        }
        if let Some((_, col)) = columns.iter().find(|(cc, _)| cc == c) {
            by_row.entry(*r).or_default().push((*col, *c, raw));
        }
    }
    // A merged range over a figure cell: which row would its value be for?
    for (start, end) in &sheet.merged {
        if end.0 > start.0 && start.0 > header_row {
            let covers_figures = columns
                .iter()
                .any(|(c, k)| *c >= start.1 && *c <= end.1 && !matches!(k, Col::Note));
            if covers_figures {
                filled.problems.push(CellProblem {
                    at: format!(
                        "{}!{}:{}",
                        sheet.name,
                        cell_name(start.0, start.1),
                        cell_name(end.0, end.1)
                    ),
                    message: "các ô này đã được gộp (Merge) qua nhiều dòng: mỗi chỉ tiêu cần một dòng riêng; hãy bỏ gộp ô rồi ghi số liệu vào từng dòng.".into(),
                });
                for r in start.0..=end.0 {
                    by_row.remove(&r);
                }
            }
        }
    }
    for (r, cells) in by_row {
        let mut row = FilledRow {
            row: r + 1,
            ..FilledRow::default()
        };
        let before = filled.problems.len();
        for (col, c, raw) in cells {
            let here = at(r, c);
            let mut bad = |message: String| {
                filled.problems.push(CellProblem {
                    at: here.clone(),
                    message,
                })
            };
            match raw {
                Raw::Formula(f) => {
                    bad(format!("ô có công thức (={f}): hãy ghi số liệu là giá trị (sao chép rồi “Dán giá trị”), không dùng công thức."));
                    continue;
                }
                Raw::Error(e) => {
                    bad(format!("ô báo lỗi {e}: hãy ghi lại số liệu."));
                    continue;
                }
                _ => {}
            }
            match col {
                Col::No => match raw {
                    Raw::Number(x) if x.fract() == 0.0 && *x >= 1.0 && *x <= 1e6 => {
                        row.no = Some((here.clone(), *x as u32))
                    }
                    Raw::Text(t) if t.trim_end_matches('.').parse::<u32>().is_ok() => {
                        row.no = Some((here.clone(), t.trim_end_matches('.').parse().unwrap_or(0)))
                    }
                    // A group heading ("I", "a)") names no indicator.
                    Raw::Text(_) => {}
                    other => bad(format!("số thứ tự “{}” không đọc được.", shown(other))),
                },
                Col::Name => match raw {
                    Raw::Text(t) => {
                        row.name = Some(Got {
                            at: here.clone(),
                            text: t.clone(),
                        })
                    }
                    other => bad(format!("tên chỉ tiêu “{}” không phải chữ.", shown(other))),
                },
                Col::Value | Col::Numerator | Col::Denominator => {
                    let got = match raw {
                        Raw::Number(x) => Some(vn::format_decimal(*x, 9)),
                        Raw::Text(t) => match vn::parse_number(t) {
                            Ok(_) => Some(t.clone()),
                            Err(_) => {
                                bad(format!("“{t}” không phải số."));
                                None
                            }
                        },
                        Raw::Date(d) => {
                            bad(format!("ô đang là ngày tháng ({d}), không phải số: hãy chọn định dạng số (Number) cho ô rồi ghi lại số liệu."));
                            None
                        }
                        Raw::Bool(b) => {
                            bad(format!(
                                "“{}” không phải số.",
                                if *b { "TRUE" } else { "FALSE" }
                            ));
                            None
                        }
                        Raw::Formula(_) | Raw::Error(_) => None,
                    };
                    if let Some(text) = got {
                        let got = Some(Got {
                            at: here.clone(),
                            text,
                        });
                        match col {
                            Col::Value => row.value = got,
                            Col::Numerator => row.numerator = got,
                            _ => row.denominator = got,
                        }
                    }
                }
                Col::Yes => match yes_of(raw) {
                    Some(y) => row.yes = Some((here.clone(), y)),
                    None => bad(format!("“{}”: hãy ghi “có” hoặc “không”.", shown(raw))),
                },
                Col::Text | Col::Note => {
                    let got = Got {
                        at: here.clone(),
                        text: shown(raw),
                    };
                    if col == Col::Text {
                        row.text = Some(got);
                    } else {
                        row.note = Some(got);
                    }
                }
            }
        }
        let said = row.no.is_some() || row.name.is_some() || row.has_figures();
        if filled.problems.len() == before && said {
            filled.rows.push(row);
        }
    }
    filled
}

fn yes_of(raw: &Raw) -> Option<bool> {
    match raw {
        Raw::Bool(b) => Some(*b),
        Raw::Number(x) if *x == 1.0 => Some(true),
        Raw::Number(x) if *x == 0.0 => Some(false),
        Raw::Text(t) => match header_key(t).as_str() {
            "co" | "x" | "da co" | "dat" | "yes" => Some(true),
            "khong" | "chua" | "chua co" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn shown(raw: &Raw) -> String {
    match raw {
        Raw::Number(x) => vn::format_decimal(*x, 9),
        Raw::Text(t) | Raw::Date(t) | Raw::Error(t) => t.clone(),
        Raw::Bool(b) => if *b { "có" } else { "không" }.into(),
        Raw::Formula(f) => format!("={f}"),
    }
}

/// A row matched to one of the plan's indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matched {
    /// Index in the plan's indicator list.
    pub index: usize,
    pub row: FilledRow,
}

/// Each row with figures matched to an indicator: by its STT, or by its
/// name (one tone placement, or a unique part of the name). A row whose
/// STT and name point at different indicators, an indicator in two rows,
/// or a name the plan does not have, is a problem of that row.
pub fn match_rows(filled: &Filled, indicators: &[Indicator]) -> (Vec<Matched>, Vec<CellProblem>) {
    let mut out: Vec<Matched> = Vec::new();
    let mut problems = Vec::new();
    for row in filled.rows.iter().filter(|r| r.has_figures()) {
        let by_no = row.no.as_ref().map(|(at, n)| {
            let i = (*n as usize)
                .checked_sub(1)
                .filter(|i| *i < indicators.len());
            (at, *n, i)
        });
        let by_name = row.name.as_ref().map(|g| (g, by_name(&g.text, indicators)));
        let index = match (by_no, by_name) {
            (Some((_, _, Some(i))), Some((g, found))) => {
                if found.is_empty() || found.contains(&i) {
                    Ok(i)
                } else {
                    Err(CellProblem {
                        at: g.at.clone(),
                        message: format!(
                            "số thứ tự {} là chỉ tiêu “{}”, nhưng tên ghi ở đây là “{}”: hãy sửa cho khớp.",
                            i + 1,
                            indicators[i].name,
                            g.text
                        ),
                    })
                }
            }
            (Some((_, _, Some(i))), None) => Ok(i),
            (_, Some((_, found))) if found.len() == 1 => Ok(found[0]),
            (_, Some((g, found))) if found.len() > 1 => Err(CellProblem {
                at: g.at.clone(),
                message: format!(
                    "“{}” khớp với nhiều chỉ tiêu ({}): hãy ghi tên đầy đủ hoặc số thứ tự.",
                    g.text,
                    found
                        .iter()
                        .map(|i| format!("{}. {}", i + 1, indicators[*i].name))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            }),
            (Some((at, n, None)), _) => Err(CellProblem {
                at: at.clone(),
                message: format!(
                    "kế hoạch không có chỉ tiêu số {n} (chỉ có {} chỉ tiêu).",
                    indicators.len()
                ),
            }),
            (None, Some((g, _))) => Err(CellProblem {
                at: g.at.clone(),
                message: format!("kế hoạch không có chỉ tiêu “{}”.", g.text),
            }),
            (None, None) => Err(CellProblem {
                at: format!("{}, dòng {}", filled.sheet, row.row),
                message: "dòng có số liệu nhưng không ghi chỉ tiêu nào (cột “STT” và “Chỉ tiêu” đều trống).".into(),
            }),
        };
        match index {
            Ok(i) => {
                if let Some(first) = out.iter().find(|m| m.index == i) {
                    problems.push(CellProblem {
                        at: format!("{}, dòng {}", filled.sheet, row.row),
                        message: format!(
                            "chỉ tiêu “{}” đã có ở dòng {}: mỗi chỉ tiêu chỉ ghi một dòng.",
                            indicators[i].name, first.row.row
                        ),
                    });
                } else {
                    out.push(Matched {
                        index: i,
                        row: row.clone(),
                    });
                }
            }
            Err(p) => problems.push(p),
        }
    }
    (out, problems)
}

fn by_name(name: &str, indicators: &[Indicator]) -> Vec<usize> {
    let key = vn::match_key(name);
    let exact: Vec<usize> = (0..indicators.len())
        .filter(|i| vn::match_key(&indicators[*i].name) == key)
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let folded = vn::fold(name);
    if folded.chars().count() < 6 {
        return Vec::new();
    }
    (0..indicators.len())
        .filter(|i| vn::fold(&indicators[*i].name).contains(&folded))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_known_by_their_words_not_their_marks_or_notes() {
        assert_eq!(column_of("Giá trị (ĐVT)"), Some(Col::Value));
        assert_eq!(column_of("  GIÁ TRỊ:"), Some(Col::Value));
        assert_eq!(column_of("Kết quả thực hiện"), Some(Col::Value));
        assert_eq!(column_of("Tử số"), Some(Col::Numerator));
        assert_eq!(column_of("Có/Không"), Some(Col::Yes));
        assert_eq!(column_of("STT"), Some(Col::No));
        assert_eq!(column_of("Tên chỉ tiêu"), Some(Col::Name));
        assert_eq!(column_of("Mục tiêu kế hoạch"), None);
        assert_eq!(column_of("Đơn vị tính"), None);
    }

    #[test]
    fn a_percent_format_is_told_from_a_quoted_percent_sign() {
        assert!(shows_percent("0.00%"));
        assert!(shows_percent("0%"));
        assert!(!shows_percent("0.0\"%\""));
        assert!(!shows_percent("#,##0.###"));
        assert!(!shows_percent("General"));
    }

    #[test]
    fn what_is_not_a_workbook_is_said_so() {
        let l = Limits::default();
        assert_eq!(read(b"hello", &l), Err(WorkbookError::NotXlsx));
        assert_eq!(
            read(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0], &l),
            Err(WorkbookError::OldOrLocked)
        );
        assert_eq!(read(b"PK\x03\x04 cut", &l), Err(WorkbookError::Damaged));
    }
}
