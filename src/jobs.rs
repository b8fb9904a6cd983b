//! The officer's jobs that span several parts of the core (store, layout,
//! signature, exchange), so the command line and the window do them the
//! same way and hold no rule of their own.

use thiserror::Error;
use uuid::Uuid;

use crate::model::{PlanDocument, Report, ReportStatus};
use crate::pdf::{fonts::Fonts, PdfError};
use crate::sign::{KeySource, SignError, SignOptions};
use crate::store::{PlanCorrection, PlanImportOutcome};
use crate::{Store, StoreError};

#[derive(Debug, Error)]
pub enum JobError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Sign(#[from] SignError),
    #[error("{0}")]
    Exchange(String),
    #[error("Báo cáo còn là dự thảo: hãy hoàn thành (cấp số, ngày) trước khi ký.")]
    Draft,
    #[error("Nhập kế hoạch: {0}")]
    PlanFile(String),
    #[error("Báo cáo số {number} đã được ký (bởi {signer}): không ký lại. Tệp đã ký vẫn được lưu; muốn gửi lại, hãy xuất tệp đã ký; muốn sửa, hãy mở khóa kỳ và lập phiên bản mới.")]
    AlreadySigned { number: String, signer: String },
}

/// When received files arrived: now, or noon of a given day (`--today`,
/// so runs can be reproduced), RFC 3339 with the office's offset.
pub fn received_at(today: Option<chrono::NaiveDate>) -> String {
    match today {
        Some(d) => format!("{}T12:00:00+07:00", d.format("%Y-%m-%d")),
        None => chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    }
}

/// A report's PDF with its data embedded (the exchange file, unsigned).
pub fn report_file(store: &Store, report: &Report, created_at: &str) -> Result<Vec<u8>, JobError> {
    let pdf = crate::pdf::render(report, &Fonts::liberation_serif())?;
    let payload = store.report_payload(report, created_at)?;
    crate::exchange::report_file(&pdf, &payload).map_err(JobError::Exchange)
}

/// The PDF an officer previews and prints: the signed file once the report
/// is signed, else the report as it stands (a draft reads as a draft).
pub fn report_pdf(store: &Store, report: Uuid, created_at: &str) -> Result<Vec<u8>, JobError> {
    if let Some(signed) = store.signed_report_file(report)? {
        return Ok(signed);
    }
    report_file(store, &store.report_by_id(report)?, created_at)
}

/// Signs a finalised report: renders it with its data, signs, keeps the
/// signed file in the store, marks the report Signed and locks its period.
/// Returns the report as signed, the file and the signer's warnings.
pub fn sign_report(
    store: &mut Store,
    report: Uuid,
    key: &dyn KeySource,
    opts: &SignOptions,
) -> Result<(Report, Vec<u8>, Vec<String>), JobError> {
    let r = store.report_by_id(report)?;
    match r.status {
        ReportStatus::Draft => return Err(JobError::Draft),
        // A signed file exists and is the one kept: a second one would be
        // neither stored nor audited.
        ReportStatus::Signed => {
            return Err(JobError::AlreadySigned {
                number: r.doc_number(),
                signer: store.report_signer(report)?.unwrap_or_default(),
            })
        }
        ReportStatus::Final => {}
    }
    let file = report_file(store, &r, &opts.time.to_rfc3339())?;
    let mut signed = crate::sign::sign_pdf(&file, key, opts)?;
    let name = crate::sign::signer_name(key);
    // The level above counts a report by who signs it: a certificate of
    // someone other than the signer printed on the report is said.
    let holder = key
        .chain()
        .first()
        .map(crate::sign::cert::holder_name)
        .unwrap_or_default();
    if !r.signer.name.is_empty()
        && crate::vn::match_key(&holder) != crate::vn::match_key(&r.signer.name)
    {
        signed.warnings.push(format!(
            "chứng thư dùng để ký là của “{holder}”, khác người ký ghi trên báo cáo “{}”: cấp trên sẽ thấy báo cáo do “{holder}” ký.",
            r.signer.name
        ));
    }
    let r = store.mark_report_signed(r.id, &name, &signed.bytes)?;
    Ok((r, signed.bytes, signed.warnings))
}

/// A plan's PDF with the plan embedded, to send down.
pub fn plan_file(store: &Store, plan: Uuid, created_at: &str) -> Result<Vec<u8>, JobError> {
    let doc = store.plan_document(plan)?;
    let pdf = crate::pdf::render_plan(&doc, &Fonts::liberation_serif())?;
    crate::exchange::plan_file(&pdf, &crate::exchange::PlanPayload::new(doc, created_at))
        .map_err(JobError::Exchange)
}

/// The name a plan file to send down is offered under: "ke-hoach-38-kh-ubnd.pdf".
pub fn plan_file_name(store: &Store, plan: Uuid) -> Result<String, JobError> {
    let p = store.plan(plan)?;
    let number: String = crate::vn::fold(&p.doc_number)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    Ok(format!("ke-hoach-{}.pdf", number.trim_matches('-')))
}

/// The plan file to send down, signed with `key` and written at `path`
/// (chosen by the officer; never over an existing file). Returns the
/// signing's warnings (a certificate near its end, …).
pub fn export_signed_plan_to(
    store: &Store,
    plan: Uuid,
    key: &dyn KeySource,
    opts: &SignOptions,
    path: &std::path::Path,
) -> Result<Vec<String>, JobError> {
    if path.exists() {
        return Err(StoreError::AlreadyExists(path.to_path_buf()).into());
    }
    let file = plan_file(store, plan, &opts.time.to_rfc3339())?;
    let signed = crate::sign::sign_pdf(&file, key, opts)?;
    crate::store::write_file_atomically(path, &signed.bytes)?;
    Ok(signed.warnings)
}

/// Reads a plan from a file as the officer picks it: text, .docx, or a plan
/// file (PDF) from the level above, whose signatures are checked against
/// the trusted CAs and whose source text is then read like a text file, so
/// every office gets the same plan. Returns the import and, for a PDF,
/// whether it was signed.
pub fn read_plan(
    store: Option<&Store>,
    bytes: &[u8],
) -> Result<(crate::plan_import::ImportReport, Option<bool>), JobError> {
    let known = match store {
        Some(s) => s.units()?,
        None => Vec::new(),
    };
    if bytes.starts_with(b"%PDF") {
        let trust = match store {
            Some(s) => s.trusted_certificates()?,
            None => Vec::new(),
        };
        let (payload, signatures) = crate::exchange::read_plan_file(bytes, &trust)
            .map_err(|e| JobError::PlanFile(e.to_string()))?;
        let text = payload.document.plan.source_text.ok_or_else(|| {
            JobError::PlanFile("tệp kế hoạch không kèm văn bản gốc của kế hoạch".into())
        })?;
        let report = crate::plan_import::import_file(text.as_bytes(), &known)
            .map_err(|e| JobError::PlanFile(e.to_string()))?;
        return Ok((report, Some(!signatures.is_empty())));
    }
    let report = crate::plan_import::import_file(bytes, &known)
        .map_err(|e| JobError::PlanFile(e.to_string()))?;
    Ok((report, None))
}

/// The name a report's signed file is exported under: what it is and which
/// version ("bao-cao-2026-H1-phien-ban-1.pdf").
pub fn signed_report_file_name(store: &Store, report: Uuid) -> Result<String, JobError> {
    let r = store.report_by_id(report)?;
    Ok(format!("bao-cao-{}-phien-ban-{}.pdf", r.period, r.version))
}

/// Writes the stored signed file of a report into `dir` under
/// [`signed_report_file_name`] (numbered if taken), never over an existing
/// file. Returns the path.
pub fn export_signed_report(
    store: &Store,
    report: Uuid,
    dir: &std::path::Path,
) -> Result<std::path::PathBuf, JobError> {
    std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let name = signed_report_file_name(store, report)?;
    let stem = name.trim_end_matches(".pdf");
    let path = (0..)
        .map(|i| match i {
            0 => dir.join(&name),
            n => dir.join(format!("{stem}-{n}.pdf")),
        })
        .find(|p| !p.exists())
        .expect("a free name");
    export_signed_report_to(store, report, &path)?;
    Ok(path)
}

/// Writes the stored signed file of a report at `path` (chosen by the
/// officer), refusing an existing file and an unsigned report.
pub fn export_signed_report_to(
    store: &Store,
    report: Uuid,
    path: &std::path::Path,
) -> Result<(), JobError> {
    let r = store.report_by_id(report)?;
    let file = store.signed_report_file(report)?.ok_or_else(|| {
        JobError::Exchange(format!(
            "Báo cáo kỳ {} chưa ký: hãy ký trước khi xuất (bản chưa ký chỉ là dự thảo).",
            r.period
        ))
    })?;
    if path.exists() {
        return Err(StoreError::AlreadyExists(path.to_path_buf()).into());
    }
    crate::store::write_file_atomically(path, &file)?;
    Ok(())
}

/// What the officer reviews before storing an imported plan: the source
/// text by lines, each extracted task and indicator with the line it came
/// from (as corrected in the review), the new units and the warnings.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlanPreview {
    pub doc_number: String,
    pub title: String,
    pub issuer: String,
    pub source_lines: Vec<String>,
    pub items: Vec<PreviewItem>,
    pub new_units: Vec<String>,
    /// The units a task may be given: those in force here and those the
    /// plan adds, in Vietnamese order.
    pub units: Vec<crate::model::Unit>,
    pub warnings: Vec<String>,
    /// For a plan file (PDF): whether it was signed.
    pub signed: Option<bool>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PreviewItem {
    /// "task" or "indicator".
    pub kind: &'static str,
    /// How corrections name it: a task's code, an indicator's "CT1".
    pub code: String,
    pub title: String,
    /// A task's full text.
    pub content: String,
    pub leads: Vec<String>,
    pub partners: Vec<String>,
    pub lead_ids: Vec<Uuid>,
    pub partner_ids: Vec<Uuid>,
    /// An indicator as it will be stored (for the correction form).
    pub indicator: Option<crate::model::Indicator>,
    /// Left out by a correction.
    pub dropped: bool,
    /// Changed by a correction.
    pub corrected: bool,
    /// The source lines (from 0) it spans.
    pub line: Option<usize>,
    pub last_line: Option<usize>,
}

/// A plan read as [`read_plan`] does, with the review's corrections made
/// ([`crate::store::corrected`]); stores nothing.
pub fn read_plan_reviewed(
    store: Option<&Store>,
    bytes: &[u8],
    corrections: &[PlanCorrection],
) -> Result<(crate::plan_import::ImportReport, PlanDocument, Option<bool>), JobError> {
    let (report, signed) = read_plan(store, bytes)?;
    let known = match store {
        Some(s) => s.units()?.into_iter().map(|u| u.id).collect(),
        None => std::collections::HashSet::new(),
    };
    let doc = crate::store::corrected(&report.document, &known, corrections)?;
    Ok((report, doc, signed))
}

/// Reads a plan, makes the review's corrections and stores it.
pub fn import_plan(
    store: &mut Store,
    bytes: &[u8],
    corrections: &[PlanCorrection],
) -> Result<
    (
        crate::plan_import::ImportReport,
        PlanImportOutcome,
        Option<bool>,
    ),
    JobError,
> {
    let (report, signed) = read_plan(Some(store), bytes)?;
    let outcome = store.import_plan_reviewed(&report.document, corrections)?;
    Ok((report, outcome, signed))
}

/// Reads a plan as [`read_plan`] does, makes the review's corrections and
/// lays it out for review; stores nothing. Items keep the names the plan
/// as read gives them, dropped ones included, so corrections can go on.
pub fn preview_plan(
    store: Option<&Store>,
    bytes: &[u8],
    corrections: &[PlanCorrection],
) -> Result<PlanPreview, JobError> {
    let (report, doc, signed) = read_plan_reviewed(store, bytes, corrections)?;
    let read = &report.document;
    let text = read.plan.source_text.clone().unwrap_or_default();
    let line_at = |at: usize| {
        (at <= text.len() && text.is_char_boundary(at)).then(|| text[..at].matches('\n').count())
    };
    let line_of = |span: Option<(usize, usize)>| span.and_then(|(start, _)| line_at(start));
    let last_of =
        |span: Option<(usize, usize)>| span.and_then(|(_, end)| line_at(end.saturating_sub(1)));
    let name = |id: &Uuid| {
        doc.units
            .iter()
            .find(|u| u.id == *id)
            .map(|u| u.name.clone())
            .or_else(|| store.and_then(|s| s.unit(*id).ok()).map(|u| u.name))
            .unwrap_or_default()
    };
    let mut items: Vec<PreviewItem> = read
        .tasks
        .iter()
        .map(|as_read| {
            let now = doc.tasks.iter().find(|t| t.id == as_read.id);
            let t = now.unwrap_or(as_read);
            PreviewItem {
                kind: "task",
                code: t.code.clone(),
                title: t.title.clone(),
                content: t.content.clone(),
                leads: t.lead_units.iter().map(name).collect(),
                partners: t.partner_units.iter().map(name).collect(),
                lead_ids: t.lead_units.clone(),
                partner_ids: t.partner_units.clone(),
                indicator: None,
                dropped: now.is_none(),
                corrected: now.is_some_and(|n| n != as_read),
                line: line_of(t.source_span),
                last_line: last_of(t.source_span),
            }
        })
        .collect();
    items.extend(read.indicators.iter().enumerate().map(|(i, as_read)| {
        let now = doc.indicators.iter().find(|x| x.id == as_read.id);
        let ind = now.unwrap_or(as_read);
        PreviewItem {
            kind: "indicator",
            code: crate::store::indicator_item(i),
            title: ind.name.clone(),
            content: String::new(),
            leads: Vec::new(),
            partners: Vec::new(),
            lead_ids: Vec::new(),
            partner_ids: Vec::new(),
            indicator: Some(ind.clone()),
            dropped: now.is_none(),
            corrected: now.is_some_and(|n| n != as_read),
            line: line_of(ind.source_span),
            last_line: last_of(ind.source_span),
        }
    }));
    let mut units: Vec<crate::model::Unit> = match store {
        Some(s) => s.units()?,
        None => Vec::new(),
    };
    units.retain(|u| u.valid_to.is_none());
    units.extend(report.new_units.iter().cloned());
    units.sort_by(|a, b| crate::vn::compare(&a.name, &b.name));
    Ok(PlanPreview {
        doc_number: doc.plan.doc_number.clone(),
        title: doc.plan.title.clone(),
        issuer: doc.plan.issuer.clone(),
        source_lines: text.lines().map(str::to_string).collect(),
        items,
        new_units: report.new_units.iter().map(|u| u.name.clone()).collect(),
        units,
        warnings: report.warnings.clone(),
        signed,
    })
}
