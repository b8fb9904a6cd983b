//! A report from the data to the signed file: drafted from the recorded
//! progress and values (the words are `crate::report`'s), edited section
//! by section, finalised (numbered and dated), rendered with its data,
//! signed, kept, its period locked; exported as kept.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use super::{Office, OfficeError};
use crate::calendar::Period;
use crate::model::{Report, ReportStatus, Signer};
use crate::pdf::fonts::Fonts;
use crate::report::{self, ReportData, ReportSettings};
use crate::sign::{KeySource, SignOptions};
use crate::store::{self, audit, StoreError};

/// Keys of the unit's report settings.
pub const REPORT_SETTINGS: [(&str, &str); 7] = [
    ("report.symbol", "Ký hiệu báo cáo, ví dụ BC-UBND"),
    ("report.place", "Địa danh, ví dụ Thái Bình"),
    ("report.parent_agency", "Cơ quan chủ quản (nếu có)"),
    ("report.to", "Kính gửi (mỗi dòng một nơi)"),
    (
        "report.signer_authority",
        "Thẩm quyền ký và chức vụ (mỗi dòng một dòng), ví dụ TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH",
    ),
    ("report.signer_name", "Họ tên người ký"),
    (
        "report.distribution",
        "Nơi nhận (mỗi dòng một nơi; dòng cuối “Lưu: VT, …”)",
    ),
];

fn lines(s: Option<String>) -> Vec<String> {
    s.unwrap_or_default()
        .lines()
        .map(|l| crate::vn::clean(l.trim_start_matches('-')))
        .filter(|l| !l.is_empty())
        .collect()
}

fn invalid(message: String) -> StoreError {
    StoreError::Invalid {
        field: "Báo cáo",
        message,
    }
}

type Result<T> = std::result::Result<T, OfficeError>;

/// A report version as the officer reads it: its status and number, its
/// plain-text reading (the preview), whether its signed file is kept.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportView {
    pub report: Report,
    pub status_label: &'static str,
    /// "số 01/BC-UBND, ngày 05/07/2026" once finalised.
    pub number_label: String,
    pub text: String,
    pub signed_file: bool,
}

/// A report version's id, derived from what it is (the plan, the unit, the
/// period and the version), so the same work gives the same file anywhere.
fn report_id(plan: Uuid, unit: Uuid, period: &Period, version: u32) -> Uuid {
    Uuid::new_v5(
        &plan,
        format!("report/{unit}/{period}/{version}").as_bytes(),
    )
}

impl Office {
    pub fn report_settings(&self) -> store::Result<ReportSettings> {
        Ok(ReportSettings {
            symbol: self.setting("report.symbol")?.unwrap_or_default(),
            place: self.setting("report.place")?.unwrap_or_default(),
            parent_agency: self
                .setting("report.parent_agency")?
                .filter(|s| !s.is_empty()),
            recipients_to: lines(self.setting("report.to")?),
            signer: Signer {
                authority: lines(self.setting("report.signer_authority")?),
                name: self.setting("report.signer_name")?.unwrap_or_default(),
            },
            distribution: lines(self.setting("report.distribution")?),
        })
    }

    /// Sets one of `REPORT_SETTINGS`; lines are kept (for lists).
    pub fn set_report_setting(&mut self, key: &str, value: &str) -> store::Result<()> {
        if !REPORT_SETTINGS.iter().any(|(k, _)| *k == key) {
            return Err(StoreError::Invalid {
                field: "Thiết lập",
                message: format!(
                    "“{key}” không có; các thiết lập báo cáo: {}.",
                    REPORT_SETTINGS
                        .iter()
                        .map(|(k, _)| *k)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        let value: Vec<String> = value.lines().map(crate::vn::clean).collect();
        self.store.set_setting_raw(key, &value.join("\n"))
    }

    /// The draft of a unit's report: the current draft as edited, or, with
    /// `regenerate` (or when there is none, or the last version is final),
    /// a new draft generated from the data. Regenerating keeps the text it
    /// replaces (see [`Office::restore_replaced_draft`]).
    pub fn draft_report(
        &mut self,
        plan_id: Uuid,
        unit_id: Uuid,
        period: &Period,
        regenerate: bool,
    ) -> store::Result<Report> {
        let latest = self.report(plan_id, unit_id, period)?;
        if let Some(r) = &latest {
            if r.status == ReportStatus::Draft && !regenerate {
                return Ok(r.clone());
            }
        }
        let report = self.generated_draft(plan_id, unit_id, period, latest.as_ref())?;
        let replacing = latest.as_ref().filter(|r| r.id == report.id);
        if replacing.is_some_and(|old| *old == report) {
            return Ok(report);
        }
        self.write(|tx| {
            match replacing {
                // What the officer had is kept, to be brought back.
                Some(old) => store::reports::replace_draft(tx, &report, old)?,
                None => store::reports::insert_draft(tx, &report)?,
            }
            audit::record(
                tx,
                "report",
                &report.id.to_string(),
                if replacing.is_some() {
                    "regenerate"
                } else {
                    "draft"
                },
                replacing.map(|old| serde_json::to_value(old).expect("json")),
                Some(serde_json::json!({"period": period.to_string(), "version": report.version})),
            )
        })?;
        Ok(report)
    }

    /// What regenerating the current draft from the data would replace:
    /// its sections whose text would change, as they are now (empty when
    /// there is no draft, or nothing would change). Asked before redrafting.
    pub fn redraft_replaces(
        &self,
        plan_id: Uuid,
        unit_id: Uuid,
        period: &Period,
    ) -> store::Result<Vec<crate::model::ReportSection>> {
        let Some(current) = self
            .report(plan_id, unit_id, period)?
            .filter(|r| r.status == ReportStatus::Draft)
        else {
            return Ok(Vec::new());
        };
        let fresh = self.generated_draft(plan_id, unit_id, period, Some(&current))?;
        Ok(current
            .sections
            .iter()
            .filter(|s| {
                fresh
                    .sections
                    .iter()
                    .find(|f| f.code == s.code)
                    .is_none_or(|f| f.text != s.text)
            })
            .cloned()
            .collect())
    }

    /// Brings back the draft as it was before it was last regenerated from
    /// the data (the officer's edits); the regenerated text is kept in turn,
    /// so the two can be swapped again.
    pub fn restore_replaced_draft(&mut self, report: Uuid) -> store::Result<Report> {
        let current = self.editable(report)?;
        let Some(restored) = self.store.replaced_draft(report)? else {
            return Err(invalid(
                "dự thảo này chưa được lập lại từ số liệu lần nào: không có nội dung cũ để khôi phục."
                    .into(),
            ));
        };
        self.write(|tx| {
            store::reports::replace_draft(tx, &restored, &current)?;
            audit::record(
                tx,
                "report",
                &report.to_string(),
                "restore_replaced",
                Some(serde_json::to_value(&current).expect("json")),
                Some(serde_json::to_value(&restored).expect("json")),
            )
        })?;
        Ok(restored)
    }

    /// A draft generated from the data, as the next state of `latest`.
    fn generated_draft(
        &self,
        plan_id: Uuid,
        unit_id: Uuid,
        period: &Period,
        latest: Option<&Report>,
    ) -> store::Result<Report> {
        let plan = self.plan(plan_id)?;
        let unit = self.unit(unit_id)?;
        let issuer_short = self
            .find_unit(&plan.issuer)
            .map(|u| u.short_name)
            .unwrap_or_else(|_| plan.issuer.replacen("Ủy ban nhân dân", "UBND", 1));
        let tasks = self.task_tree(plan_id)?;
        let progress = self.store.progress(plan_id, unit_id, period)?;
        let values = self.report_values(plan_id, unit_id, period)?;
        let settings = self.report_settings()?;
        let data = ReportData {
            plan: &plan,
            issuer_short: &issuer_short,
            unit: &unit,
            period: *period,
            tasks: &tasks,
            progress: &progress,
            values: &values,
        };
        let (id, version, supersedes) = match latest {
            Some(r) if r.status == ReportStatus::Draft => (r.id, r.version, r.supersedes),
            Some(r) => (
                report_id(plan_id, unit_id, period, r.version + 1),
                r.version + 1,
                Some(r.id),
            ),
            None => (report_id(plan_id, unit_id, period, 1), 1, None),
        };
        Ok(report::draft(&data, &settings, id, version, supersedes))
    }

    fn editable(&self, report: Uuid) -> store::Result<Report> {
        let r = self.report_by_id(report)?;
        if r.status != ReportStatus::Draft {
            return Err(invalid(format!(
                "báo cáo số {} {}: nội dung không sửa được nữa. Muốn thay đổi, hãy lập dự thảo phiên bản mới.",
                r.doc_number().trim(),
                r.status.label()
            )));
        }
        Ok(r)
    }

    fn save_report(&mut self, old: &Report, new: &Report, action: &str) -> store::Result<()> {
        self.write(|tx| store::reports::save_report_in(tx, old, new, action))
    }

    /// Replaces the text of one section (I … V) of a draft.
    pub fn edit_report_section(
        &mut self,
        report: Uuid,
        code: &str,
        text: &str,
    ) -> store::Result<Report> {
        let old = self.editable(report)?;
        let mut new = old.clone();
        let code = code.trim().trim_end_matches('.').to_uppercase();
        let Some(section) = new.sections.iter_mut().find(|s| s.code == code) else {
            return Err(invalid(format!(
                "không có phần “{code}”; các phần: {}.",
                old.sections
                    .iter()
                    .map(|s| s.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        section.text = crate::vn::nfc(text.trim());
        self.save_report(&old, &new, "edit")?;
        Ok(new)
    }

    /// `report` as the officer reads it (see [`ReportView`]).
    pub fn report_view(&self, report: Report) -> store::Result<ReportView> {
        Ok(ReportView {
            text: report::to_text(&report),
            status_label: report.status.label(),
            number_label: crate::label::report_number(&report),
            signed_file: self.signed_report_file(report.id)?.is_some(),
            report,
        })
    }

    /// The latest version of a unit's report for a period, to edit or
    /// restore.
    pub fn current_draft(&self, plan: Uuid, unit: Uuid, period: &Period) -> store::Result<Report> {
        self.report(plan, unit, period)?
            .ok_or(StoreError::NotFoundItem {
                what: "dự thảo báo cáo kỳ",
                query: period.to_string(),
            })
    }

    /// Numbers and dates a draft, which freezes it. Refused, naming what is
    /// missing, without a symbol, place, signer or recipient.
    pub fn finalize_report(&mut self, report: Uuid, today: NaiveDate) -> store::Result<Report> {
        self.finalize_report_with(report, today, None)
    }

    /// Like [`Office::finalize_report`], signed by another kept signer (a
    /// deputy signing "KT. CHỦ TỊCH") instead of the settings' signer.
    pub fn finalize_report_with(
        &mut self,
        report: Uuid,
        today: NaiveDate,
        signer: Option<Uuid>,
    ) -> store::Result<Report> {
        let chosen = signer.map(|id| self.signer_entry(id)).transpose()?;
        let old = self.editable(report)?;
        let mut new = old.clone();
        if let Some(e) = chosen {
            new.signer = e.signer;
        }
        // The unit's settings may have been completed since the draft.
        let settings = self.report_settings()?;
        if new.symbol.is_empty() {
            new.symbol = settings.symbol;
        }
        if new.place.is_empty() {
            new.place = settings.place;
        }
        if new.signer.name.is_empty() && new.signer.authority.is_empty() {
            new.signer = settings.signer;
        }
        if new.recipients_to.is_empty() && new.distribution.is_empty() {
            new.recipients_to = settings.recipients_to;
            new.distribution = settings.distribution;
        }
        let missing = report::missing_for_final(&new);
        if !missing.is_empty() {
            return Err(StoreError::Invalid {
                field: "Hoàn thành báo cáo",
                message: format!(
                    "còn thiếu {}. Hãy ghi ở phần Thiết lập báo cáo rồi làm lại.",
                    missing.join(", ")
                ),
            });
        }
        // A văn thư sends back a report that still says "(Nêu nguyên nhân
        // …)": the officer writes it first.
        let left = report::placeholders(&new);
        if !left.is_empty() {
            return Err(StoreError::Invalid {
                field: "Hoàn thành báo cáo",
                message: format!(
                    "báo cáo còn chỗ chưa viết: {}. Hãy viết nội dung vào chỗ đó (hoặc xóa dòng ấy) rồi hoàn thành lại.",
                    left.join("; ")
                ),
            });
        }
        let last = self
            .store
            .last_report_number(new.unit_id, &new.symbol, today.year())?;
        new.number = Some(last.unwrap_or(0) + 1);
        new.issued_on = Some(today);
        new.status = ReportStatus::Final;
        self.save_report(&old, &new, "finalize")?;
        Ok(new)
    }

    /// Records that a finalised report was signed: the signed file is kept,
    /// the report becomes immutable and the unit's data for its period are
    /// locked, all in one transaction.
    pub fn mark_report_signed(
        &mut self,
        report: Uuid,
        signer: &str,
        file: &[u8],
    ) -> store::Result<Report> {
        let old = self.report_by_id(report)?;
        match old.status {
            ReportStatus::Draft => {
                return Err(invalid(
                    "báo cáo còn là dự thảo: hãy hoàn thành (cấp số, ngày) trước khi ký.".into(),
                ))
            }
            ReportStatus::Signed => {
                return Err(invalid(format!(
                    "báo cáo số {} đã ký: tệp đã ký được giữ nguyên, không ghi tệp khác.",
                    old.doc_number()
                )))
            }
            ReportStatus::Final => {}
        }
        let mut new = old.clone();
        new.status = ReportStatus::Signed;
        let reason = format!("Báo cáo số {} đã ký bởi {signer}", new.doc_number());
        // Signed and locked together, or neither.
        self.write(|tx| {
            store::reports::save_report_in(tx, &old, &new, "sign")?;
            store::reports::insert_signed_file(tx, new.id, file, signer)?;
            store::progress::lock_in(tx, new.plan_id, new.unit_id, &new.period, &reason)
        })?;
        Ok(new)
    }

    /// The plan, when the database holds exactly one (so `--plan` can be left out).
    pub fn only_plan(&self) -> store::Result<uuid::Uuid> {
        let one = super::the_one(self.plans()?, "kế hoạch", "", usize::MAX, ", ", |p| {
            p.doc_number.clone()
        })?;
        Ok(one.id)
    }

    /// A report's PDF with its data embedded (the exchange file, unsigned).
    pub fn report_file(&self, report: &Report, created_at: &str) -> Result<Vec<u8>> {
        let pdf = crate::pdf::render(report, &Fonts::liberation_serif())?;
        let payload = self.report_payload(report, created_at)?;
        Ok(crate::exchange::report_file(&pdf, &payload)?)
    }

    /// The PDF an officer previews and prints: the signed file once the
    /// report is signed, else the report as it stands (a draft reads as a
    /// draft).
    pub fn report_pdf(&self, report: Uuid, created_at: &str) -> Result<Vec<u8>> {
        if let Some(signed) = self.signed_report_file(report)? {
            return Ok(signed);
        }
        self.report_file(&self.report_by_id(report)?, created_at)
    }

    /// Signs a finalised report: renders it with its data, signs, keeps the
    /// signed file in the store, marks the report Signed and locks its
    /// period. Returns the report as signed, the file and the signer's
    /// warnings.
    pub fn sign_report(
        &mut self,
        report: Uuid,
        key: &dyn KeySource,
        opts: &SignOptions,
    ) -> Result<(Report, Vec<u8>, Vec<String>)> {
        let r = self.report_by_id(report)?;
        match r.status {
            ReportStatus::Draft => return Err(OfficeError::Draft),
            // A signed file exists and is the one kept: a second one would
            // be neither stored nor audited.
            ReportStatus::Signed => {
                return Err(OfficeError::AlreadySigned {
                    number: r.doc_number(),
                    signer: self.report_signer(report)?.unwrap_or_default(),
                })
            }
            ReportStatus::Final => {}
        }
        let file = self.report_file(&r, &opts.time.to_rfc3339())?;
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
        let r = self.mark_report_signed(r.id, &name, &signed.bytes)?;
        Ok((r, signed.bytes, signed.warnings))
    }

    /// The name a report's signed file is exported under: what it is and
    /// which version ("bao-cao-2026-H1-phien-ban-1.pdf").
    pub fn signed_report_file_name(&self, report: Uuid) -> Result<String> {
        let r = self.report_by_id(report)?;
        Ok(format!("bao-cao-{}-phien-ban-{}.pdf", r.period, r.version))
    }

    /// Writes the stored signed file of a report into `dir` under
    /// [`Office::signed_report_file_name`] (numbered if taken), never over
    /// an existing file. Returns the path.
    pub fn export_signed_report(&self, report: Uuid, dir: &Path) -> Result<PathBuf> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let name = self.signed_report_file_name(report)?;
        let stem = name.trim_end_matches(".pdf");
        let path = (0..)
            .map(|i| match i {
                0 => dir.join(&name),
                n => dir.join(format!("{stem}-{n}.pdf")),
            })
            .find(|p| !p.exists())
            .expect("a free name");
        self.export_signed_report_to(report, &path)?;
        Ok(path)
    }

    /// Writes the stored signed file of a report at `path` (chosen by the
    /// officer), refusing an existing file and an unsigned report.
    pub fn export_signed_report_to(&self, report: Uuid, path: &Path) -> Result<()> {
        let r = self.report_by_id(report)?;
        let file = self
            .signed_report_file(report)?
            .ok_or_else(|| OfficeError::NotSigned {
                period: r.period.to_string(),
            })?;
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()).into());
        }
        crate::store::write_file_atomically(path, &file)?;
        Ok(())
    }
}

impl Office {
    /// The report as a Word document (the leader edits it; a draft says
    /// DỰ THẢO).
    pub fn report_docx(&self, report: Uuid) -> Result<Vec<u8>> {
        let r = self.report_by_id(report)?;
        crate::word::report_docx(&r).map_err(OfficeError::Word)
    }

    /// The name "Xuất Word…" proposes: "bao-cao-2026-H1-phien-ban-1.docx".
    pub fn report_docx_file_name(&self, report: Uuid) -> Result<String> {
        let r = self.report_by_id(report)?;
        Ok(format!("bao-cao-{}-phien-ban-{}.docx", r.period, r.version))
    }

    /// The report's .docx written at `path` (never over a file).
    pub fn save_report_docx_to(&self, report: Uuid, path: &Path) -> Result<usize> {
        let bytes = self.report_docx(report)?;
        store::write_file_atomically(path, &bytes)?;
        Ok(bytes.len())
    }

    /// What the leader's edited .docx would change in the draft's sections
    /// I–V, section by section, and which other edited parts are not taken.
    /// Refused for a finalised or signed report.
    pub fn preview_report_docx(
        &self,
        report: Uuid,
        bytes: &[u8],
    ) -> Result<crate::word::read::DocxEdit> {
        let r = self.editable(report)?;
        let written = crate::word::report_docx(&r).map_err(OfficeError::Word)?;
        crate::word::read::read_edit(bytes, &r, &written).map_err(OfficeError::Word)
    }

    /// The edited sections stored in one change (audited as an edit).
    pub fn edit_report_from_docx(
        &mut self,
        report: Uuid,
        bytes: &[u8],
    ) -> Result<(Report, crate::word::read::DocxEdit)> {
        let edit = self.preview_report_docx(report, bytes)?;
        let old = self.editable(report)?;
        let mut new = old.clone();
        for c in &edit.changes {
            if let Some(s) = new.sections.iter_mut().find(|s| s.code == c.code) {
                s.text = crate::vn::nfc(c.text.trim());
            }
        }
        if !edit.changes.is_empty() {
            self.save_report(&old, &new, "edit_docx")?;
        }
        Ok((new, edit))
    }
}
