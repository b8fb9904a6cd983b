//! Plans: read from the file the officer picks (text, .docx, or the plan
//! file of the level above), reviewed, stored; the plan file sent down.

use std::collections::HashSet;
use std::path::Path;

use uuid::Uuid;

use super::{Office, OfficeError, PlanOrigin};
use crate::model::{Indicator, TaskNode};
use crate::model::{Plan, PlanDocument};
use crate::pdf::fonts::Fonts;
use crate::plan_import::review::{self, IndicatorEdit, PlanCorrection, TaskEdit};
use crate::plan_import::{ImportReport, SentVersion, Supplied};
use crate::sign::{KeySource, SignOptions};
use crate::store::{self, audit, StoreError};

type Result<T> = std::result::Result<T, OfficeError>;

/// What storing an imported plan did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PlanImportOutcome {
    /// A plan not seen before.
    Added,
    /// The same plan with the same content: nothing changed.
    Unchanged,
    /// The same plan, amended: stored as a new version; the previous one is
    /// kept in the plan's history.
    NewVersion { version: u32, diff: Vec<String> },
}

impl Office {
    /// The plan named by `query` (its id or số hiệu), or the only plan
    /// when none is named.
    pub fn plan_or_only(&self, query: Option<&str>) -> store::Result<Uuid> {
        match query {
            Some(q) => Ok(self.find_plan(q)?.id),
            None => self.only_plan(),
        }
    }

    /// An indicator of `plan` named by its number in the plan (from 1) or
    /// by words of its name.
    pub fn find_indicator(&self, plan: Uuid, q: &str) -> store::Result<Indicator> {
        let all = self.indicators(plan)?;
        if let Ok(n) = q.trim().parse::<usize>() {
            if let Some(i) = n.checked_sub(1).and_then(|i| all.get(i)) {
                return Ok(i.clone());
            }
        }
        let found: Vec<_> = all
            .iter()
            .filter(|i| {
                crate::vn::search_matches(&crate::vn::fold(&i.name), q)
                    || crate::vn::fold(&i.name).contains(&crate::vn::fold(q))
            })
            .collect();
        let found = found.into_iter().cloned().collect();
        super::the_one(
            found,
            "chỉ tiêu",
            q.trim(),
            usize::MAX,
            ", ",
            |i: &Indicator| format!("“{}”", i.name),
        )
    }

    /// Corrects a task (title, content, units). Audited with old and new
    /// values; the task is searched by its new text.
    pub fn edit_task(&mut self, task: Uuid, edit: &TaskEdit) -> store::Result<TaskNode> {
        let old = self.store.task(task)?;
        for u in edit.lead_units.iter().chain(&edit.partner_units).flatten() {
            self.unit(*u)?;
        }
        let new = edit.applied_to(&old.task)?;
        self.write(|tx| store::tasks::update_task(tx, &old.task, &new))?;
        self.task_by_code(new.plan_id, &new.code)
    }

    /// Corrects an indicator. Refuses an empty name, a target that is not a
    /// number, a ratio without what is counted, and a change of rule once
    /// this office has recorded or received any figure of the plan for it.
    pub fn edit_indicator(&mut self, id: Uuid, edit: &IndicatorEdit) -> store::Result<Indicator> {
        let old = self.indicator(id)?;
        let new = edit.applied_to(&old)?;
        if new.aggregation.code() != old.aggregation.code() && self.store.has_figures(&old)? {
            return Err(StoreError::invalid(
                "Cách tổng hợp",
                format!(
                    "chỉ tiêu “{}” đã có số liệu (nhập tại đơn vị hoặc nhận từ đơn vị cấp dưới) theo cách “{}”; không đổi cách tổng hợp được nữa.",
                    old.name,
                    old.aggregation.label()
                ),
            ));
        }
        self.write(|tx| store::indicators::update_indicator(tx, &old, &new))?;
        self.indicator(id)
    }

    /// Stores an imported plan: a new plan is added; the same content again
    /// changes nothing; an amended text of a known plan becomes its next
    /// version, the previous version kept in `plan_versions`.
    pub fn import_plan(&mut self, doc: &PlanDocument) -> store::Result<PlanImportOutcome> {
        self.import_plan_reviewed(doc, &[])
    }

    /// Stores a plan as read with the officer's corrections from the review
    /// ([`crate::plan_import::review::corrected`]; audited with the plan). The content
    /// hash stays the one of the plan as read, so the same file read again
    /// is known as unchanged. Corrections to a plan already stored with the
    /// same content are refused (they belong in the plan screen).
    pub fn import_plan_reviewed(
        &mut self,
        doc: &PlanDocument,
        corrections: &[PlanCorrection],
    ) -> store::Result<PlanImportOutcome> {
        self.import_plan_supplied(doc, corrections, &Supplied::default(), None)
    }

    /// Stores a plan as read (see [`Office::import_plan_reviewed`]), refused
    /// while it lacks what its text does not say (its number, its date):
    /// the officer gives those, and they are audited as the officer's.
    pub fn store_plan_as_read(
        &mut self,
        report: &ImportReport,
        corrections: &[PlanCorrection],
    ) -> Result<PlanImportOutcome> {
        if !report.missing.is_empty() {
            return Err(OfficeError::PlanHeaderMissing(report.missing.join(", ")));
        }
        Ok(self.import_plan_supplied(
            &report.document,
            corrections,
            &report.supplied,
            report.sent.as_ref(),
        )?)
    }

    fn import_plan_supplied(
        &mut self,
        doc: &PlanDocument,
        corrections: &[PlanCorrection],
        supplied: &Supplied,
        sent: Option<&SentVersion>,
    ) -> store::Result<PlanImportOutcome> {
        let known: HashSet<Uuid> = self.units()?.into_iter().map(|u| u.id).collect();
        let read = review::normalized(doc, &known)?;
        // A plan file keeps the identity its sender gave it; a text is known
        // by what it says.
        let hash = match sent {
            Some(s) => s.content_hash.clone(),
            None => read.content_hash(),
        };
        let existing = match self.plan(doc.plan.id) {
            Ok(p) => Some(p),
            Err(StoreError::NotFoundItem { .. }) => None,
            Err(e) => return Err(e),
        };
        if existing.as_ref().is_some_and(|e| e.content_hash == hash) {
            if !corrections.is_empty() {
                return Err(StoreError::invalid(
                    "Sửa trước khi lưu",
                    format!(
                        "kế hoạch số {} đã có, nội dung không đổi, nên những chỗ sửa chưa được lưu; hãy sửa trong cây kế hoạch (nút “Sửa”).",
                        read.plan.doc_number
                    ),
                ));
            }
            return Ok(PlanImportOutcome::Unchanged);
        }
        let mut d = review::normalized(&review::corrected(&read, &known, corrections)?, &known)?;
        d.plan.content_hash = hash;
        let Some(existing) = existing else {
            self.insert_new_plan(&d, &known, corrections, supplied)?;
            return Ok(PlanImportOutcome::Added);
        };
        let version = match sent {
            Some(s) if s.version <= existing.version => {
                return Err(StoreError::invalid(
                    "Tệp kế hoạch",
                    format!(
                        "tệp mang kế hoạch {} phiên bản {}, nội dung khác với phiên bản {} đã có ở đây; hãy xin cấp trên tệp kế hoạch mới nhất.",
                        read.plan.doc_number, s.version, existing.version
                    ),
                ))
            }
            Some(s) => s.version,
            None => existing.version + 1,
        };
        let old = self.plan_document(existing.id)?;
        let changes = review::diff(&old, &d);
        d.plan.version = version;
        let new_units: Vec<_> = d
            .units
            .iter()
            .filter(|u| !known.contains(&u.id))
            .cloned()
            .collect();
        self.write(|tx| {
            for u in review::sort_parents_first(&new_units, &known)? {
                store::units::insert_unit(tx, u)?;
            }
            store::plans::replace_version(tx, &existing, &old, &d)?;
            let p = &d.plan;
            audit::record(
                tx,
                "plan",
                &p.id.to_string(),
                "new_version",
                Some(serde_json::json!({"version": existing.version, "content_hash": existing.content_hash})),
                Some(serde_json::json!({
                    "version": version, "content_hash": p.content_hash, "changes": changes,
                    "corrections": corrections,
                    "supplied": supplied,
                })),
            )
        })?;
        Ok(PlanImportOutcome::NewVersion {
            version,
            diff: changes,
        })
    }

    /// Stores a whole plan — its new units, tasks and indicators — in one
    /// transaction, with its content hash computed here.
    pub fn add_plan_document(&mut self, doc: &PlanDocument) -> store::Result<Plan> {
        let known: HashSet<Uuid> = self.units()?.into_iter().map(|u| u.id).collect();
        let mut d = review::normalized(doc, &known)?;
        d.plan.content_hash = d.content_hash();
        self.insert_new_plan(&d, &known, &[], &Supplied::default())?;
        self.plan(d.plan.id)
    }

    /// Inserts a plan not stored yet (normalized, its hash set).
    fn insert_new_plan(
        &mut self,
        d: &PlanDocument,
        known: &HashSet<Uuid>,
        corrections: &[PlanCorrection],
        supplied: &Supplied,
    ) -> store::Result<()> {
        if let Some(v) = self.store.plan_version(d.plan.id)? {
            return Err(StoreError::invalid(
                "Kế hoạch",
                format!(
                    "“{}” đã có trong cơ sở dữ liệu (phiên bản {v}).",
                    d.plan.doc_number
                ),
            ));
        }
        let new_units: Vec<_> = d
            .units
            .iter()
            .filter(|u| !known.contains(&u.id))
            .cloned()
            .collect();
        let ordered = review::sort_parents_first(&new_units, known)?;
        self.write(|tx| {
            for u in ordered {
                store::units::insert_unit(tx, u)?;
            }
            store::plans::insert_plan(tx, d)?;
            audit::record(
                tx,
                "plan",
                &d.plan.id.to_string(),
                "create",
                None,
                Some(serde_json::json!({
                    "doc_number": d.plan.doc_number,
                    "version": d.plan.version,
                    "content_hash": d.plan.content_hash,
                    "tasks": d.tasks.len(),
                    "indicators": d.indicators.len(),
                    "corrections": corrections,
                    "supplied": supplied,
                })),
            )
        })
    }

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
        supplied: &Supplied,
    ) -> Result<(
        crate::plan_import::ImportReport,
        PlanImportOutcome,
        Option<bool>,
    )> {
        let (report, origin) = super::plan_sources::read_any(Some(self), bytes, supplied)?;
        let outcome = self.store_plan_as_read(&report, corrections)?;
        Ok((report, outcome, origin.signed()))
    }
}

/// Reads a plan from a file as the officer picks it: text, .docx, a plan
/// file (PDF) from the level above, any other PDF of a plan, or a scan
/// (see [`super::plan_sources`]). Returns the import and, for a PDF,
/// whether it was signed.
pub fn read_plan(office: Option<&Office>, bytes: &[u8]) -> Result<(ImportReport, Option<bool>)> {
    read_plan_with(office, bytes, &Supplied::default())
}

/// [`read_plan`], with what the officer gives where the text is silent.
pub fn read_plan_with(
    office: Option<&Office>,
    bytes: &[u8],
    supplied: &Supplied,
) -> Result<(ImportReport, Option<bool>)> {
    let (report, origin) = super::plan_sources::read_any(office, bytes, supplied)?;
    Ok((report, origin.signed()))
}

/// What the officer reviews before storing an imported plan: the source
/// text by lines, each extracted task and indicator with the line it came
/// from (as corrected in the review), the new units and the warnings.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlanPreview {
    pub doc_number: String,
    pub title: String,
    pub issuer: String,
    /// The date of issue as read ("30/06/2017"), empty when not said.
    pub issued_label: String,
    /// What the text does not say and the officer has not given yet
    /// ("số hiệu", "ngày ban hành"): asked in the review before storing.
    pub missing: Vec<&'static str>,
    /// What the officer gave for it.
    pub supplied: Supplied,
    /// What the text suggests where it is silent (or said only in its
    /// prose): offered in the review's fields, marked as a suggestion.
    pub suggested: Supplied,
    pub source_lines: Vec<String>,
    pub items: Vec<PreviewItem>,
    pub new_units: Vec<String>,
    /// The units a task may be given: those in force here and those the
    /// plan adds, in Vietnamese order.
    pub units: Vec<crate::model::Unit>,
    pub warnings: Vec<String>,
    /// For a plan file (PDF): whether it was signed.
    pub signed: Option<bool>,
    /// How the file was read: its form, pages, signatures.
    pub origin: PlanOrigin,
    /// For a PDF or a scan: the page (from 1) of each source line.
    pub source_pages: Vec<u32>,
    /// For a scan: the words OCR was unsure of, by source line (from 0),
    /// each as its byte range within the line.
    pub doubtful: Vec<DoubtfulWord>,
}

/// A word OCR was unsure of, for the review to mark.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DoubtfulWord {
    pub line: usize,
    /// Character offsets within the line.
    pub from: usize,
    pub to: usize,
    pub confidence: u8,
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
    /// Its target as put back in the form's field.
    pub target_text: String,
    /// Left out by a correction.
    pub dropped: bool,
    /// Changed by a correction.
    pub corrected: bool,
    /// The source lines (from 0) it spans.
    pub line: Option<usize>,
    pub last_line: Option<usize>,
    /// For a PDF or a scan: the page (from 1) and the line of that page
    /// it starts on.
    pub page: Option<u32>,
    pub page_line: Option<u32>,
    /// For a scan: the words of it OCR was unsure of.
    pub doubtful: Vec<String>,
}

/// A plan read as [`read_plan`] does, with the review's corrections made
/// ([`review::corrected`]); stores nothing.
pub fn read_plan_reviewed(
    office: Option<&Office>,
    bytes: &[u8],
    corrections: &[PlanCorrection],
    supplied: &Supplied,
) -> Result<(ImportReport, PlanDocument, PlanOrigin)> {
    let (report, origin) = super::plan_sources::read_any(office, bytes, supplied)?;
    let known = match office {
        Some(s) => s.units()?.into_iter().map(|u| u.id).collect(),
        None => std::collections::HashSet::new(),
    };
    let doc = review::corrected(&report.document, &known, corrections).map_err(StoreError::from)?;
    Ok((report, doc, origin))
}

/// Reads a plan as [`read_plan`] does, makes the review's corrections and
/// lays it out for review; stores nothing. Items keep the names the plan
/// as read gives them, dropped ones included, so corrections can go on.
pub fn preview_plan(
    office: Option<&Office>,
    bytes: &[u8],
    corrections: &[PlanCorrection],
    supplied: &Supplied,
) -> Result<PlanPreview> {
    let (report, doc, origin) = read_plan_reviewed(office, bytes, corrections, supplied)?;
    let read = &report.document;
    let text = read.plan.source_text.clone().unwrap_or_default();
    let line_at = |at: usize| {
        (at <= text.len() && text.is_char_boundary(at)).then(|| text[..at].matches('\n').count())
    };
    let line_of = |span: Option<(usize, usize)>| span.and_then(|(start, _)| line_at(start));
    let last_of =
        |span: Option<(usize, usize)>| span.and_then(|(_, end)| line_at(end.saturating_sub(1)));
    let place = |span: Option<(usize, usize)>| span.and_then(|(start, _)| origin.place_of(start));
    let doubtful = |span: Option<(usize, usize)>| -> Vec<String> {
        span.map(|sp| {
            origin
                .doubts_in(sp)
                .filter_map(|d| text.get(d.at..d.at + d.len).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
    };
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
                target_text: String::new(),
                dropped: now.is_none(),
                corrected: now.is_some_and(|n| n != as_read),
                line: line_of(t.source_span),
                last_line: last_of(t.source_span),
                page: place(t.source_span).map(|p| p.page),
                page_line: place(t.source_span).map(|p| p.line),
                doubtful: doubtful(t.source_span),
            }
        })
        .collect();
    items.extend(read.indicators.iter().enumerate().map(|(i, as_read)| {
        let now = doc.indicators.iter().find(|x| x.id == as_read.id);
        let ind = now.unwrap_or(as_read);
        PreviewItem {
            kind: "indicator",
            code: review::indicator_item(i),
            title: ind.name.clone(),
            content: String::new(),
            leads: Vec::new(),
            partners: Vec::new(),
            lead_ids: Vec::new(),
            partner_ids: Vec::new(),
            indicator: Some(ind.clone()),
            target_text: crate::label::figure_to_edit(ind.target_value),
            dropped: now.is_none(),
            corrected: now.is_some_and(|n| n != as_read),
            line: line_of(ind.source_span),
            last_line: last_of(ind.source_span),
            page: place(ind.source_span).map(|p| p.page),
            page_line: place(ind.source_span).map(|p| p.line),
            doubtful: doubtful(ind.source_span),
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
        issued_label: if report.missing.contains(&"ngày ban hành") {
            String::new()
        } else {
            crate::label::date(Some(doc.plan.issued_on))
        },
        missing: report.missing.clone(),
        supplied: supplied.clone(),
        suggested: report.suggested.clone(),
        source_lines: text.lines().map(str::to_string).collect(),
        items,
        new_units: report.new_units.iter().map(|u| u.name.clone()).collect(),
        units,
        warnings: report.warnings.clone(),
        signed: origin.signed(),
        source_pages: source_pages(&text, &origin),
        doubtful: doubtful_words(&text, &origin),
        origin,
    })
}

/// The page of each line of the text, for a PDF or a scan; else empty.
fn source_pages(text: &str, origin: &PlanOrigin) -> Vec<u32> {
    if origin.places.is_empty() {
        return Vec::new();
    }
    let mut at = 0;
    text.lines()
        .map(|l| {
            let page = origin.place_of(at).map_or(1, |p| p.page);
            at += l.len() + 1;
            page
        })
        .collect()
}

/// OCR's doubtful words by line, as character ranges within the line.
fn doubtful_words(text: &str, origin: &PlanOrigin) -> Vec<DoubtfulWord> {
    let mut out = Vec::new();
    let mut at = 0;
    for (line, l) in text.lines().enumerate() {
        let end = at + l.len();
        for d in origin.doubts_in((at, end)) {
            let chars = |to: usize| l.get(..to - at).map(|s| s.chars().count());
            if let (Some(from), Some(to)) = (chars(d.at), chars(d.at + d.len)) {
                out.push(DoubtfulWord {
                    line,
                    from,
                    to,
                    confidence: d.confidence,
                });
            }
        }
        at = end + 1;
    }
    out
}

impl Office {
    /// Finds a plan by id or by its số hiệu ("38/KH-UBND").
    pub fn find_plan(&self, query: &str) -> store::Result<Plan> {
        if let Ok(id) = Uuid::parse_str(query.trim()) {
            return self.plan(id);
        }
        let key = crate::vn::match_key(query).replace(' ', "");
        let found: Vec<_> = self
            .plans()?
            .into_iter()
            .filter(|p| crate::vn::match_key(&p.doc_number).replace(' ', "") == key)
            .collect();
        let one = super::the_one(found, "kế hoạch", query.trim(), usize::MAX, ", ", |p| {
            format!(
                "“{}” ngày {}",
                p.doc_number,
                crate::vn::format_short_date(p.issued_on)
            )
        })?;
        self.plan(one.id)
    }
}
