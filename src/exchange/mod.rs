//! Exchange by file (DESIGN §5): the signed report PDF is the exchange file.
//! The machine-readable content travels inside it as an embedded file
//! (`kehoach-report.json`), added before signing so the signature covers
//! it. `payload` is the format, `attach` puts it in a PDF and takes it out,
//! `read` judges a received file. Pure functions of bytes: no store here.

pub mod attach;
pub mod decide;
pub mod payload;
pub mod plan;
pub mod read;

pub use payload::{ReportPayload, FORMAT, FORMAT_VERSION, REPORT_ATTACHMENT};
pub use plan::{is_plan_file, plan_file, read_plan_file, PlanPayload};
pub use read::{read_report_file, ExchangeError, ReceivedReport};

/// A report's PDF with its data embedded: the file to sign and send up.
pub fn report_file(pdf: &[u8], payload: &ReportPayload) -> Result<Vec<u8>, ExchangeError> {
    attach::embed(
        pdf,
        REPORT_ATTACHMENT,
        "Dữ liệu báo cáo (kehoach): số liệu, kết quả thực hiện nhiệm vụ",
        &payload.to_json(),
    )
}
