//! Judging a received report file before anything enters the store: its
//! signatures, and that the embedded data is the one they cover.

use serde::Serialize;
use thiserror::Error;

use super::attach::embedded_files;
use super::payload::{ReportPayload, REPORT_ATTACHMENT};
use crate::verify::{verify_pdf, SignatureCheck};

/// Files this large are refused unread: a report is well under 1 MB (a
/// 200-task report with its data and two signatures is about 250 KB).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

#[derive(Debug, Error)]
pub enum ExchangeError {
    #[error("tệp {0} MB, quá giới hạn 20 MB của một tệp báo cáo (tệp báo cáo thường dưới 1 MB)")]
    TooLarge(u64),
    #[error("không phải tệp PDF")]
    NotPdf,
    /// The reader's own words are kept for a log, not shown.
    #[error("tệp PDF hỏng hoặc bị cắt cụt, không đọc được")]
    Damaged(String),
    #[error("{0}")]
    Hostile(String),
    #[error("tệp PDF không mang dữ liệu của kehoach (có thể do phần mềm khác tạo, hoặc là loại tệp khác: báo cáo / kế hoạch)")]
    NoData,
    #[error("dữ liệu báo cáo trong tệp không đọc được: {0}")]
    BadData(String),
    #[error("chữ ký số {number} không hợp lệ: {problems}")]
    InvalidSignature { number: usize, problems: String },
    #[error("dữ liệu báo cáo không nằm trong phần đã ký (đã được thêm hoặc thay sau khi ký)")]
    DataNotSigned,
    /// Our own PDF could not be reopened to carry its data (a fault of this
    /// build, never of the officer's input); the reader's words for a log.
    #[error("không gắn được dữ liệu vào tệp PDF vừa tạo")]
    Embed(String),
}

/// Refuses a file of `len` bytes before it is read, when no report is that
/// large ([`MAX_FILE_BYTES`]).
pub fn check_size(len: u64) -> Result<(), ExchangeError> {
    if len >= MAX_FILE_BYTES {
        return Err(ExchangeError::TooLarge(len / 1024 / 1024));
    }
    Ok(())
}

/// A report file that passed the checks.
#[derive(Debug, Clone, Serialize)]
pub struct ReceivedReport {
    pub payload: ReportPayload,
    /// Every signature, all valid; empty for an unsigned draft.
    pub signatures: Vec<SignatureCheck>,
}

impl ReceivedReport {
    pub fn is_signed(&self) -> bool {
        !self.signatures.is_empty()
    }
}

fn attachment(doc: &lopdf::Document, wanted: &str) -> Result<Vec<u8>, ExchangeError> {
    match embedded_files(doc).into_iter().find(|(name, _)| name == wanted) {
        Some((_, Some(bytes))) => Ok(bytes),
        Some((_, None)) => Err(ExchangeError::Hostile(format!(
            "dữ liệu kèm trong tệp không đọc được hoặc giải nén ra quá {} MB (dữ liệu báo cáo chỉ vài chục KB): tệp có thể đã bị làm hỏng có chủ ý",
            super::attach::MAX_ATTACHMENT_BYTES / 1024 / 1024
        ))),
        None => Err(ExchangeError::NoData),
    }
}

/// Reads a report file: signatures valid against `trust` (when it is
/// signed), the embedded data present and covered by the first signature.
pub fn read_report_file(
    bytes: &[u8],
    trust: &[x509_cert::Certificate],
) -> Result<ReceivedReport, ExchangeError> {
    let (data, checks) = signed_attachment(bytes, trust, REPORT_ATTACHMENT)?;
    let payload = ReportPayload::from_json(&data)?;
    Ok(ReceivedReport {
        payload,
        signatures: checks,
    })
}

/// The embedded file `name` of a received PDF, once its signatures are
/// valid against `trust` and the data is the one the first signature
/// covers; with the signature checks (empty when unsigned).
pub(crate) fn signed_attachment(
    bytes: &[u8],
    trust: &[x509_cert::Certificate],
    name: &str,
) -> Result<(Vec<u8>, Vec<SignatureCheck>), ExchangeError> {
    check_size(bytes.len() as u64)?;
    if !bytes.starts_with(b"%PDF") {
        return Err(ExchangeError::NotPdf);
    }
    let doc = crate::verify::load(bytes).map_err(|e| ExchangeError::Damaged(e.to_string()))?;
    if let Some(why) = crate::verify::hostile(bytes, &doc) {
        return Err(ExchangeError::Hostile(why));
    }
    let checks = verify_pdf(bytes, trust).map_err(|_| ExchangeError::NotPdf)?;
    if let Some(bad) = checks.iter().find(|c| !c.valid) {
        return Err(ExchangeError::InvalidSignature {
            number: bad.number,
            problems: bad.problems.join("; "),
        });
    }
    let data = attachment(&doc, name)?;
    if let Some(first) = checks.first() {
        // The data as it was when first signed must be the data now.
        let end = first.signed_end;
        let signed = crate::verify::load(&bytes[..end])
            .map_err(|e| ExchangeError::Damaged(e.to_string()))?;
        if attachment(&signed, name).ok().as_deref() != Some(data.as_slice()) {
            return Err(ExchangeError::DataNotSigned);
        }
    }
    Ok((data, checks))
}
