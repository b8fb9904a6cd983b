//! Reports: one row per version. A draft is regenerated from the data or
//! edited section by section; finalising numbers it (numbers restart each
//! year, per unit and symbol) and dates it, and freezes it: a later change is
//! a new version that supersedes it.

use chrono::{Datelike, NaiveDate};
use rusqlite::OptionalExtension;
use uuid::Uuid;

use super::{audit, Result, Store, StoreError};
use crate::calendar::Period;
use crate::model::{Report, ReportStatus, Signer};
use crate::report::{self, ReportData, ReportSettings};

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

impl Store {
    pub fn report_settings(&self) -> Result<ReportSettings> {
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
    pub fn set_report_setting(&mut self, key: &str, value: &str) -> Result<()> {
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
        self.set_setting_raw(key, &value.join("\n"))
    }

    fn report_rows(&self, plan: Uuid, unit: Uuid, period: &Period) -> Result<Vec<Report>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT content FROM reports WHERE plan_id = ?1 AND unit_id = ?2 AND period = ?3 ORDER BY version",
        )?;
        let rows = stmt.query_map(rusqlite::params![plan, unit, period.to_string()], |r| {
            r.get::<_, String>(0)
        })?;
        rows.map(|r| {
            let json = r?;
            serde_json::from_str(&json)
                .map_err(|e| invalid(format!("nội dung báo cáo lưu không đọc được ({e}).")))
        })
        .collect()
    }

    /// The latest version of a unit's report, if any.
    pub fn report(&self, plan: Uuid, unit: Uuid, period: &Period) -> Result<Option<Report>> {
        Ok(self.report_rows(plan, unit, period)?.pop())
    }

    /// Every version, oldest first.
    pub fn report_versions(&self, plan: Uuid, unit: Uuid, period: &Period) -> Result<Vec<Report>> {
        self.report_rows(plan, unit, period)
    }

    /// The draft of a unit's report: the current draft as edited, or, with
    /// `regenerate` (or when there is none, or the last version is final),
    /// a new draft generated from the data. Regenerating keeps the text it
    /// replaces (see [`Store::restore_replaced_draft`]).
    pub fn draft_report(
        &mut self,
        plan_id: Uuid,
        unit_id: Uuid,
        period: &Period,
        regenerate: bool,
    ) -> Result<Report> {
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
            let json = serde_json::to_string(&report).expect("report serializes");
            if let Some(old) = replacing {
                // What the officer had is kept, to be brought back.
                tx.execute(
                    "UPDATE reports SET content = ?2, symbol = ?3, replaced_content = ?4
                     WHERE id = ?1 AND status = 'draft'",
                    rusqlite::params![
                        report.id,
                        json,
                        report.symbol,
                        serde_json::to_string(old).expect("report serializes")
                    ],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO reports (id, plan_id, unit_id, period, version, supersedes, status, symbol, content, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, ?9)",
                    rusqlite::params![
                        report.id, plan_id, unit_id, period.to_string(), report.version,
                        report.supersedes, report.symbol, json,
                        tx.at()
                    ],
                )?;
            }
            audit::record(
                tx,
                "report",
                &report.id.to_string(),
                if replacing.is_some() { "regenerate" } else { "draft" },
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
    ) -> Result<Vec<crate::model::ReportSection>> {
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
    pub fn restore_replaced_draft(&mut self, report: Uuid) -> Result<Report> {
        let current = self.editable(report)?;
        let kept: Option<String> = self.conn().query_row(
            "SELECT replaced_content FROM reports WHERE id = ?1",
            [report],
            |r| r.get(0),
        )?;
        let Some(kept) = kept else {
            return Err(invalid(
                "dự thảo này chưa được lập lại từ số liệu lần nào: không có nội dung cũ để khôi phục."
                    .into(),
            ));
        };
        let restored: Report = serde_json::from_str(&kept)
            .map_err(|e| invalid(format!("nội dung cũ của dự thảo không đọc được ({e}).")))?;
        self.write(|tx| {
            tx.execute(
                "UPDATE reports SET content = ?2, symbol = ?3, replaced_content = ?4
                 WHERE id = ?1 AND status = 'draft'",
                rusqlite::params![
                    report,
                    serde_json::to_string(&restored).expect("report serializes"),
                    restored.symbol,
                    serde_json::to_string(&current).expect("report serializes")
                ],
            )?;
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
    ) -> Result<Report> {
        let plan = self.plan(plan_id)?;
        let unit = self.unit(unit_id)?;
        let issuer_short = self
            .find_unit(&plan.issuer)
            .map(|u| u.short_name)
            .unwrap_or_else(|_| plan.issuer.replacen("Ủy ban nhân dân", "UBND", 1));
        let tasks = self.task_tree(plan_id)?;
        let progress = self.progress(plan_id, unit_id, period)?;
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
            Some(r) => (Uuid::new_v4(), r.version + 1, Some(r.id)),
            None => (Uuid::new_v4(), 1, None),
        };
        Ok(report::draft(&data, &settings, id, version, supersedes))
    }

    /// A stored report version by id.
    pub fn report_by_id(&self, report: Uuid) -> Result<Report> {
        let json: String = self
            .conn()
            .query_row("SELECT content FROM reports WHERE id = ?1", [report], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::NotFoundItem {
                what: "báo cáo",
                query: report.to_string(),
            })?;
        serde_json::from_str(&json).map_err(|e| invalid(e.to_string()))
    }

    fn editable(&self, report: Uuid) -> Result<Report> {
        let r = self.report_by_id(report)?;
        if r.status != ReportStatus::Draft {
            return Err(invalid(format!(
                "báo cáo số {} {}: nội dung không sửa được nữa. Muốn thay đổi, hãy tạo phiên bản mới (kehoach report draft).",
                r.doc_number().trim(),
                r.status.label()
            )));
        }
        Ok(r)
    }

    fn save_report(&mut self, old: &Report, new: &Report, action: &str) -> Result<()> {
        self.write(|tx| save_report_in(tx, old, new, action))
    }

    /// Replaces the text of one section (I … V) of a draft.
    pub fn edit_report_section(&mut self, report: Uuid, code: &str, text: &str) -> Result<Report> {
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

    /// Numbers and dates a draft, which freezes it. Refused, naming what is
    /// missing, without a symbol, place, signer or recipient.
    pub fn finalize_report(&mut self, report: Uuid, today: NaiveDate) -> Result<Report> {
        self.finalize_report_with(report, today, None)
    }

    /// Like [`Store::finalize_report`], signed by another kept signer (a
    /// deputy signing "KT. CHỦ TỊCH") instead of the settings' signer.
    pub fn finalize_report_with(
        &mut self,
        report: Uuid,
        today: NaiveDate,
        signer: Option<Uuid>,
    ) -> Result<Report> {
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
                    "còn thiếu {}. Hãy đặt bằng `kehoach setting set` rồi làm lại.",
                    missing.join(", ")
                ),
            });
        }
        let last: Option<u32> = self.conn().query_row(
            "SELECT MAX(number) FROM reports WHERE unit_id = ?1 AND symbol = ?2 AND issued_year = ?3",
            rusqlite::params![new.unit_id, new.symbol, today.year()],
            |r| r.get(0),
        )?;
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
    ) -> Result<Report> {
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
            save_report_in(tx, &old, &new, "sign")?;
            tx.execute(
                "INSERT INTO report_files (report_id, file, signer, signed_at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![new.id, file, signer, tx.at()],
            )?;
            super::progress::lock_in(tx, new.plan_id, new.unit_id, &new.period, &reason)
        })?;
        Ok(new)
    }

    /// Who signed a report (the certificate's name), once signed.
    pub fn report_signer(&self, report: Uuid) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT signer FROM report_files WHERE report_id = ?1",
                [report],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The signed file of a report, as it was written when signed.
    pub fn signed_report_file(&self, report: Uuid) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT file FROM report_files WHERE report_id = ?1",
                [report],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The plan, when the database holds exactly one (so `--plan` can be left out).
    pub fn only_plan(&self) -> Result<uuid::Uuid> {
        let plans = self.plans()?;
        match plans.as_slice() {
            [one] => Ok(one.id),
            [] => Err(StoreError::NotFoundItem {
                what: "kế hoạch",
                query: String::new(),
            }),
            many => Err(StoreError::Ambiguous {
                what: "kế hoạch",
                query: String::new(),
                candidates: many
                    .iter()
                    .map(|p| p.doc_number.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }
}

/// Writes a new state of a report version and its audit entry, inside `tx`.
fn save_report_in(tx: &super::Tx, old: &Report, new: &Report, action: &str) -> Result<()> {
    tx.execute(
        "UPDATE reports SET content = ?2, status = ?3, symbol = ?4, number = ?5, issued_year = ?6,
                 finalized_at = CASE WHEN ?3 = 'final' THEN ?7 ELSE finalized_at END
             WHERE id = ?1",
        rusqlite::params![
            new.id,
            serde_json::to_string(new).expect("report serializes"),
            new.status.code(),
            new.symbol,
            new.number,
            new.issued_on.map(|d| d.year()),
            tx.at()
        ],
    )?;
    audit::record(
        tx,
        "report",
        &new.id.to_string(),
        action,
        Some(serde_json::to_value(old).expect("json")),
        Some(serde_json::to_value(new).expect("json")),
    )
}
