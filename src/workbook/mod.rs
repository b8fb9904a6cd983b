//! Pure: indicator figures as Excel workbooks (.xlsx), bytes in, bytes out.
//!
//! - [`write`]: the template a province sends its communes (one row per
//!   indicator, the unit's figures already recorded filled in), and the
//!   figures exported (a unit's values, or the combined figures with each
//!   unit's raw values and the file each came from). Written by
//!   rust_xlsxwriter; numbers are stored as numbers, shown with `#,##0.###`
//!   and `0.00%`, which a Vietnamese Windows or LibreOffice shows as
//!   “1.234,5” and “95,50%”.
//! - [`read`]: a filled template, from kehoach or from a province's own
//!   sheet: the header row found by its column names (not positions), each
//!   row's cells read as what an officer sees; every cell that cannot be
//!   taken is said as `Sheet!D7: …`. Read by calamine after the package's
//!   size is bounded here (a zip bomb is refused before any sheet is parsed).
//!
//! Matching rows to a plan's indicators ([`read::match_rows`]) is pure too;
//! checking each value by its rule and storing are the office's.

pub mod read;
pub mod write;

use thiserror::Error;

/// A workbook that cannot be read at all (before any cell is judged).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WorkbookError {
    #[error("tệp không phải bảng tính Excel (.xlsx).")]
    NotXlsx,
    #[error("tệp là bảng tính Excel cũ (.xls) hoặc có đặt mật khẩu: hãy mở trong Excel, bỏ mật khẩu nếu có và lưu lại dạng “Excel Workbook (.xlsx)”.")]
    OldOrLocked,
    #[error("tệp có macro (mã chạy được): kehoach không nhận tệp có macro; hãy lưu lại dạng “Excel Workbook (.xlsx)”.")]
    Macro,
    #[error("tệp quá lớn ({size} MB; một bảng chỉ tiêu không quá {limit} MB).")]
    TooLarge { size: u64, limit: u64 },
    #[error("nội dung tệp khi giải nén quá lớn (hơn {limit} MB): đây không phải một bảng chỉ tiêu bình thường.")]
    Unpacked { limit: u64 },
    #[error("tệp bị hỏng hoặc bị cắt cụt: không đọc được nội dung bảng tính.")]
    Damaged,
    #[error("trang “{sheet}” có hơn {limit} dòng: một bảng chỉ tiêu không dài như vậy (có thể chọn nhầm tệp).")]
    TooManyRows { sheet: String, limit: u32 },
    #[error("không thấy dòng tiêu đề của bảng chỉ tiêu trong trang nào (cần cột “Chỉ tiêu” hoặc “STT”, và ít nhất một cột số liệu: “Giá trị”, “Tử số”, “Mẫu số”, “Có/Không” hoặc “Nội dung”).")]
    NoHeader,
}

/// Bounds on a workbook read from outside.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The file as given.
    pub max_file: u64,
    /// Everything in the package once decompressed.
    pub max_unpacked: u64,
    /// Rows of the sheet read.
    pub max_rows: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file: 20 << 20,
            max_unpacked: 64 << 20,
            max_rows: 5_000,
        }
    }
}

/// A cell's address as Excel writes it: (0, 0) → "A1".
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(b'A' + r as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        row + 1
    )
}

#[cfg(test)]
mod tests {
    use super::cell_name;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 701), "ZZ1");
        assert_eq!(cell_name(0, 702), "AAA1");
    }
}
