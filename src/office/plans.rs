//! Plans: read from the file the officer picks (text, .docx, or the plan
//! file of the level above), reviewed, stored; the plan file sent down.

use std::path::Path;

use uuid::Uuid;

use super::{Office, OfficeError};
use crate::model::PlanDocument;
use crate::pdf::fonts::Fonts;
use crate::sign::{KeySource, SignOptions};
use crate::store::{PlanCorrection, PlanImportOutcome, StoreError};

type Result<T> = std::result::Result<T, OfficeError>;

impl Office {
    /// A plan's PDF with the plan embedded, to send down.
    pub fn plan_file(&self, plan: Uuid, created_at: &str) -> Result<Vec<u8>> {
        let doc = self.plan_document(plan)?;
        let pdf = crate::pdf::render_plan(&doc, &Fonts::liberation_serif())?;
        Ok(crate::exchange::plan_file(
            &pdf,
            &crate::exchange::PlanPayload::new(doc, created_at),
        )?)
    }

    /// The name a plan file to send down is offered under: "ke-hoach-38-kh-ubnd.pdf".
    pub fn plan_file_name(&self, plan: Uuid) -> Result<String> {
        let p = self.plan(plan)?;
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
        &self,
        plan: Uuid,
        key: &dyn KeySource,
        opts: &SignOptions,
        path: &Path,
    ) -> Result<Vec<String>> {
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()).into());
        }
        let file = self.plan_file(plan, &opts.time.to_rfc3339())?;
        let signed = crate::sign::sign_pdf(&file, key, opts)?;
        crate::store::write_file_atomically(path, &signed.bytes)?;
        Ok(signed.warnings)
    }

    /// Reads a plan, makes the review's corrections and stores it.
    pub fn import_plan_file(
        &mut self,
        bytes: &[u8],
        corrections: &[PlanCorrection],
    ) -> Result<(
        crate::plan_import::ImportReport,
        PlanImportOutcome,
        Option<bool>,
    )> {
        let (report, signed) = read_plan(Some(self), bytes)?;
        let outcome = self.import_plan_reviewed(&report.document, corrections)?;
        Ok((report, outcome, signed))
    }
}

/// Reads a plan from a file as the officer picks it: text, .docx, or a plan
/// file (PDF) from the level above, whose signatures are checked against
/// the trusted CAs and whose source text is then read like a text file, so
/// every office gets the same plan. Returns the import and, for a PDF,
/// whether it was signed.
pub fn read_plan(
    office: Option<&Office>,
    bytes: &[u8],
) -> Result<(crate::plan_import::ImportReport, Option<bool>)> {
    let known = match office {
        Some(s) => s.units()?,
        None => Vec::new(),
    };
    if bytes.starts_with(b"%PDF") {
        let trust = match office {
            Some(s) => s.trusted_certificates()?,
            None => Vec::new(),
        };
        let (payload, signatures) =
            crate::exchange::read_plan_file(bytes, &trust).map_err(OfficeError::PlanFile)?;
        let text = payload
            .document
            .plan
            .source_text
            .ok_or(OfficeError::PlanFileWithoutText)?;
        let report = crate::plan_import::import_file(text.as_bytes(), &known)?;
        return Ok((report, Some(!signatures.is_empty())));
    }
    let report = crate::plan_import::import_file(bytes, &known)?;
    Ok((report, None))
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
    office: Option<&Office>,
    bytes: &[u8],
    corrections: &[PlanCorrection],
) -> Result<(crate::plan_import::ImportReport, PlanDocument, Option<bool>)> {
    let (report, signed) = read_plan(office, bytes)?;
    let known = match office {
        Some(s) => s.units()?.into_iter().map(|u| u.id).collect(),
        None => std::collections::HashSet::new(),
    };
    let doc = crate::store::corrected(&report.document, &known, corrections)?;
    Ok((report, doc, signed))
}

/// Reads a plan as [`read_plan`] does, makes the review's corrections and
/// lays it out for review; stores nothing. Items keep the names the plan
/// as read gives them, dropped ones included, so corrections can go on.
pub fn preview_plan(
    office: Option<&Office>,
    bytes: &[u8],
    corrections: &[PlanCorrection],
) -> Result<PlanPreview> {
    let (report, doc, signed) = read_plan_reviewed(office, bytes, corrections)?;
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
            .or_else(|| office.and_then(|s| s.unit(*id).ok()).map(|u| u.name))
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
    let mut units: Vec<crate::model::Unit> = match office {
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
