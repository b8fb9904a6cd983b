//! Where a plan's text comes from, in every form a plan arrives in: a text
//! or .docx as it is; kehoach's own plan file by the text it carries; any
//! other PDF by its text layer, its scanned pages by OCR; a scanned image
//! by OCR. A PDF's signatures are checked and said, but a PDF that is not
//! signed, or whose signature is broken, is still read (and says so).

use serde::Serialize;

use super::{Office, OfficeError};

type Result<T> = std::result::Result<T, OfficeError>;
use crate::plan_import::decode::Encoding;
use crate::plan_import::layout::{self, Doubt, Place};
use crate::plan_import::{ImportReport, Supplied};
use crate::verify::SignatureCheck;

/// A file of more is not a plan, even scanned (20 pages of 300 dpi JPEG
/// are about 10 MB).
pub const MAX_SCAN_FILE_BYTES: usize = 100 * 1024 * 1024;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanForm {
    #[default]
    Text,
    Docx,
    /// A plan file sent down by kehoach.
    PlanFile,
    /// A PDF from another document system, read from its text layer
    /// (scanned pages, if any, by OCR).
    Pdf,
    /// A PDF that is only scanned pages.
    ScannedPdf,
    Image,
}

/// A signature of a PDF plan as the officer is told it.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureSeen {
    pub signer: String,
    pub organisation: String,
    /// "23/09/2021 10:15", empty when the signature does not say.
    pub signed_at: String,
    /// The signed bytes are as signed.
    pub intact: bool,
    /// Intact, by a certificate of a CA trusted here, valid then.
    pub valid: bool,
    /// In one sentence: "Ký bởi …, ngày …: còn nguyên vẹn, …".
    pub said: String,
}

/// How a plan was read: its form, its pages, and for a PDF or a scan
/// where each paragraph came from and which words OCR was unsure of.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlanOrigin {
    pub form: PlanForm,
    /// "Tệp PDF, 12 trang (trang 3 là ảnh quét, đã nhận dạng chữ)".
    pub label: String,
    pub pages: usize,
    /// The pages read by OCR (from 1).
    pub ocr_pages: Vec<u32>,
    /// For a PDF: its signatures (empty: not signed).
    pub signatures: Vec<SignatureSeen>,
    #[serde(skip)]
    pub places: Vec<Place>,
    #[serde(skip)]
    pub doubts: Vec<Doubt>,
}

impl PlanOrigin {
    /// For a PDF: whether it is signed; None for a text or an image.
    pub fn signed(&self) -> Option<bool> {
        matches!(
            self.form,
            PlanForm::PlanFile | PlanForm::Pdf | PlanForm::ScannedPdf
        )
        .then_some(!self.signatures.is_empty())
    }

    /// The page and line a byte offset of the plan's text came from.
    pub fn place_of(&self, at: usize) -> Option<Place> {
        layout::place_in(&self.places, at)
    }

    /// OCR's doubtful words within a span of the text.
    pub fn doubts_in(&self, (start, end): (usize, usize)) -> impl Iterator<Item = &Doubt> {
        let from = self.doubts.partition_point(|d| d.at < start);
        self.doubts[from..].iter().take_while(move |d| d.at < end)
    }
}

fn seen(c: &SignatureCheck) -> SignatureSeen {
    let signer = c
        .signer
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let organisation = c
        .signer
        .as_ref()
        .and_then(|s| s.organisation.clone())
        .unwrap_or_default();
    let signed_at = c
        .signed_at
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default();
    let who = match (signer.is_empty(), organisation.is_empty()) {
        (true, _) => "người ký không rõ (chữ ký không kèm chứng thư)".to_string(),
        (false, true) => signer.clone(),
        (false, false) => format!("{signer} ({organisation})"),
    };
    let when = if signed_at.is_empty() {
        String::new()
    } else {
        format!(", lúc {signed_at}")
    };
    let verdict = if !c.intact {
        "KHÔNG còn nguyên vẹn: tệp đã bị sửa sau khi ký hoặc chữ ký hỏng".to_string()
    } else if c.valid {
        format!(
            "còn nguyên vẹn, chứng thư do {} cấp (được tin cậy ở đây)",
            c.trusted_by.as_deref().unwrap_or("")
        )
    } else if c.trusted_by.is_none() {
        "còn nguyên vẹn; chứng thư của nơi cấp chưa được tin cậy ở đây (Đơn vị & cài đặt → Chứng thư của nơi cấp được tin cậy) nên chưa xác nhận được người ký".to_string()
    } else {
        format!("còn nguyên vẹn nhưng {}", c.problems.join("; "))
    };
    SignatureSeen {
        said: format!("Chữ ký số thứ {} của {who}{when}: {verdict}.", c.number),
        signer,
        organisation,
        signed_at,
        intact: c.intact,
        valid: c.valid,
    }
}

/// What kind of file the bytes are, by their content.
fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(b"\xFF\xD8\xFF")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
}

/// Reads the scanned pages of a file ahead (OCR), telling `progress` page
/// by page, so that reading the plan after takes them as read. Nothing to
/// do for a file with a text layer; cheap when already done.
pub fn prepare_scan(bytes: &[u8], progress: crate::ocr::Progress) -> Result<()> {
    if is_image(bytes) {
        crate::ocr::read_image(bytes, progress).map_err(OfficeError::Ocr)?;
    } else if bytes.starts_with(b"%PDF") && !crate::exchange::is_plan_file(bytes) {
        let text = crate::plan_import::pdf::text_of(bytes)?;
        let missing = text.without_text();
        if !missing.is_empty() {
            crate::ocr::read_pdf_pages(bytes, &missing, progress).map_err(OfficeError::Ocr)?;
        }
    }
    Ok(())
}

/// A plan sent down, its units placed among the units known here: a unit
/// the sender names that is known here by its name (under another id) is
/// this office's own, in the tasks and as a parent.
fn placed_among(
    mut doc: crate::model::PlanDocument,
    known: &[crate::model::Unit],
) -> crate::model::PlanDocument {
    use std::collections::{HashMap, HashSet};
    let ids: HashSet<_> = known.iter().map(|u| u.id).collect();
    let by_name: HashMap<String, uuid::Uuid> = known
        .iter()
        .map(|u| (crate::vn::match_key(&u.name), u.id))
        .collect();
    let here: HashMap<uuid::Uuid, uuid::Uuid> = doc
        .units
        .iter()
        .filter(|u| !ids.contains(&u.id))
        .filter_map(|u| Some((u.id, *by_name.get(&crate::vn::match_key(&u.name))?)))
        .collect();
    let swap = |id: &mut uuid::Uuid| {
        if let Some(own) = here.get(id) {
            *id = *own;
        }
    };
    for t in &mut doc.tasks {
        t.lead_units.iter_mut().for_each(swap);
        t.partner_units.iter_mut().for_each(swap);
    }
    doc.units.retain(|u| !here.contains_key(&u.id));
    for u in &mut doc.units {
        if let Some(parent) = &mut u.reports_to {
            swap(parent);
        }
    }
    doc
}

/// Reads a plan from a file as the officer picks it, in any of its forms,
/// with what the officer gives where the text is silent.
pub(super) fn read_any(
    office: Option<&Office>,
    bytes: &[u8],
    supplied: &Supplied,
) -> Result<(ImportReport, PlanOrigin)> {
    let known = match office {
        Some(s) => s.units()?,
        None => Vec::new(),
    };
    let trust = match office {
        Some(s) if bytes.starts_with(b"%PDF") => s.trusted_certificates()?,
        _ => Vec::new(),
    };
    if bytes.starts_with(b"%PDF") && crate::exchange::is_plan_file(bytes) {
        let (payload, signatures) =
            crate::exchange::read_plan_file(bytes, &trust).map_err(OfficeError::PlanFile)?;
        let doc = placed_among(payload.document, &known);
        let text = doc
            .plan
            .source_text
            .as_deref()
            .ok_or(OfficeError::PlanFileWithoutText)?;
        // The text is read again only for what the review shows beside it
        // (lines, warnings); the plan is the one the level above sent, as
        // it holds it: read here with other units known, or after the level
        // above corrected it, the text would give another plan.
        let mut report = crate::plan_import::import_file_with(text.as_bytes(), &known, supplied)?;
        let known_ids: std::collections::HashSet<_> = known.iter().map(|u| u.id).collect();
        let new_units: Vec<_> = doc
            .units
            .iter()
            .filter(|u| !known_ids.contains(&u.id))
            .cloned()
            .collect();
        let read_again = crate::plan_import::new_units_warning(&report.new_units);
        report.warnings.retain(|w| Some(w) != read_again.as_ref());
        report
            .warnings
            .extend(crate::plan_import::new_units_warning(&new_units));
        report.new_units = new_units;
        report.missing.clear();
        report.suggested = Supplied::default();
        report.supplied = Supplied::default();
        report.sent = Some(crate::plan_import::SentVersion {
            version: doc.plan.version,
            content_hash: doc.plan.content_hash.clone(),
        });
        report.document = doc;
        let origin = PlanOrigin {
            form: PlanForm::PlanFile,
            label: "Tệp kế hoạch do cấp trên gửi bằng kehoach".into(),
            signatures: signatures.iter().map(seen).collect(),
            ..PlanOrigin::default()
        };
        return Ok((report, origin));
    }
    let scanned_image = is_image(bytes);
    if !bytes.starts_with(b"%PDF") && !scanned_image {
        let report = crate::plan_import::import_file_with(bytes, &known, supplied)?;
        let form = if bytes.starts_with(b"PK\x03\x04") {
            PlanForm::Docx
        } else {
            PlanForm::Text
        };
        return Ok((
            report,
            PlanOrigin {
                form,
                ..PlanOrigin::default()
            },
        ));
    }
    if bytes.len() > MAX_SCAN_FILE_BYTES {
        return Err(crate::plan_import::ImportError::TooLarge(bytes.len() / (1024 * 1024)).into());
    }
    let mut origin = PlanOrigin::default();
    let mut none = |_: usize, _: usize| {};
    let pages: Vec<layout::Page> = if scanned_image {
        let pages = crate::ocr::read_image(bytes, &mut none).map_err(OfficeError::Ocr)?;
        origin.form = PlanForm::Image;
        origin.pages = pages.len();
        origin.ocr_pages = (1..=pages.len() as u32).collect();
        origin.label = format!("Ảnh quét, đã nhận dạng chữ (OCR), {} trang", pages.len());
        pages.to_vec()
    } else {
        let text = crate::plan_import::pdf::text_of(bytes)?;
        let missing = text.without_text();
        origin.pages = text.page_count();
        let mut ocr = if missing.is_empty() {
            Vec::new()
        } else {
            crate::ocr::read_pdf_pages(bytes, &missing, &mut none)
                .map_err(OfficeError::Ocr)?
                .to_vec()
        }
        .into_iter();
        origin.form = if missing.len() == origin.pages {
            PlanForm::ScannedPdf
        } else {
            PlanForm::Pdf
        };
        origin.label = match origin.form {
            PlanForm::ScannedPdf => format!(
                "Tệp PDF ảnh quét, {} trang, đã nhận dạng chữ (OCR)",
                origin.pages
            ),
            _ if missing.is_empty() => format!("Tệp PDF có lớp chữ, {} trang", origin.pages),
            _ => format!(
                "Tệp PDF, {} trang; trang {} là ảnh quét, đã nhận dạng chữ (OCR)",
                origin.pages,
                missing
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        origin.ocr_pages = missing;
        origin.signatures = crate::verify::verify_pdf(bytes, &trust)
            .unwrap_or_default()
            .iter()
            .map(seen)
            .collect();
        text.pages
            .into_iter()
            .map(|p| p.unwrap_or_else(|| ocr.next().unwrap_or_default()))
            .collect()
    };
    let mut laid = layout::lay_out(&pages);
    // A heading's number OCR misread, mended where its list says what it
    // is (never on a page of a text layer): said, and shown as doubtful.
    let mends: Vec<crate::plan_import::numbering::Mend> =
        crate::plan_import::numbering::mend(&laid.text)
            .into_iter()
            .filter(|m| {
                laid.place_of(m.at)
                    .is_some_and(|p| origin.ocr_pages.contains(&p.page))
            })
            .collect();
    let mended: Vec<String> = mends
        .iter()
        .filter_map(|m| {
            let p = laid.place_of(m.at)?;
            Some(format!(
                "trang {}, dòng {}: “{}” thành “{}”",
                p.page, p.line, m.read, m.meant
            ))
        })
        .collect();
    laid.mend(&mends);
    if laid.words == 0 {
        use crate::plan_import::ImportError;
        return Err(OfficeError::PlanText(if origin.ocr_pages.is_empty() {
            ImportError::Pdf("tệp không có chữ nào đọc được".into())
        } else {
            ImportError::Scan(
                "không nhận ra chữ nào (ảnh quá mờ, quá nhỏ hoặc không phải văn bản); hãy quét lại ở 300 dpi".into(),
            )
        }));
    }
    let mut report =
        crate::plan_import::import_text_with(&laid.text, Encoding::Utf8, &known, supplied)?;
    if !origin.ocr_pages.is_empty() {
        let share = laid.doubtful_words * 100 / laid.words.max(1);
        report.warnings.insert(
            0,
            format!(
                "Chữ trên ảnh quét được nhận dạng tự động (OCR): {} trên {} từ ({share}%) nhận dạng chưa chắc, được đánh dấu trong phần xem lại; hãy đối chiếu với bản giấy.",
                laid.doubtful_words, laid.words
            ),
        );
    }
    if !mended.is_empty() {
        report.warnings.insert(
            0,
            format!(
                "Số thứ tự của {} mục trên ảnh quét đọc chưa đúng thứ tự nên đã sửa theo các mục liền trước và liền sau ({}): hãy đối chiếu bản giấy.",
                mended.len(),
                mended.join("; ")
            ),
        );
    }
    if !laid.unreadable.is_empty() {
        let mut pages = laid.unreadable.clone();
        pages.dedup();
        let pages: Vec<String> = pages.iter().map(u32::to_string).collect();
        report.warnings.insert(
            0,
            format!(
                "{} dòng trên ảnh quét không nhận dạng được (chữ mờ, vết bẩn, con dấu) nên đã bỏ qua, ở trang {}: hãy đối chiếu bản giấy.",
                laid.unreadable.len(),
                pages.join(", ")
            ),
        );
    }
    match origin.signatures.as_slice() {
        [] if origin.form != PlanForm::Image => report.warnings.insert(
            0,
            "Tệp PDF không có chữ ký số: hãy đối chiếu với bản gốc.".into(),
        ),
        sigs => {
            for (i, s) in sigs.iter().enumerate() {
                report.warnings.insert(i, s.said.clone());
            }
        }
    }
    origin.places = laid.places;
    origin.doubts = laid.doubts;
    for w in &mut report.warnings {
        *w = on_pages(w, &laid.text, &origin);
    }
    Ok((report, origin))
}

/// "ở dòng 49" of the laid-out text → "ở trang 3, dòng 12" of the PDF.
fn on_pages(warning: &str, text: &str, origin: &PlanOrigin) -> String {
    let Some(at) = warning.find("ở dòng ") else {
        return warning.to_string();
    };
    let digits: String = warning[at + "ở dòng ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let Some(line) = digits.parse::<usize>().ok().filter(|n| *n >= 1) else {
        return warning.to_string();
    };
    let offset: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    match origin.place_of(offset) {
        Some(p) => warning.replacen(
            &format!("ở dòng {digits}"),
            &format!("ở trang {}, dòng {}", p.page, p.line),
            1,
        ),
        None => warning.to_string(),
    }
}
