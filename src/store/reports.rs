//! Reports as stored: one row per version, its content as JSON, the
//! signed file once signed. Which version may change and how is the
//! office's rule (`office/reports.rs`); the triggers of migration 10 refuse
//! any change to a signed one.

use chrono::Datelike;
use rusqlite::OptionalExtension;
use uuid::Uuid;

use super::{audit, Result, Store, StoreError, Tx};
use crate::calendar::Period;
use crate::model::Report;

fn invalid(message: String) -> StoreError {
    StoreError::Invalid {
        field: "Báo cáo",
        message,
    }
}

fn json(r: &Report) -> String {
    serde_json::to_string(r).expect("report serializes")
}

impl Store {
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
    pub(crate) fn report(&self, plan: Uuid, unit: Uuid, period: &Period) -> Result<Option<Report>> {
        Ok(self.report_rows(plan, unit, period)?.pop())
    }

    /// Every version, oldest first.
    pub(crate) fn report_versions(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Vec<Report>> {
        self.report_rows(plan, unit, period)
    }

    /// A stored report version by id.
    pub(crate) fn report_by_id(&self, report: Uuid) -> Result<Report> {
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

    /// Who signed a report (the certificate's name), once signed.
    pub(crate) fn report_signer(&self, report: Uuid) -> Result<Option<String>> {
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
    pub(crate) fn signed_report_file(&self, report: Uuid) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT file FROM report_files WHERE report_id = ?1",
                [report],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The content a regenerated draft replaced, if it was regenerated.
    pub(crate) fn replaced_draft(&self, report: Uuid) -> Result<Option<Report>> {
        let kept: Option<String> = self.conn().query_row(
            "SELECT replaced_content FROM reports WHERE id = ?1",
            [report],
            |r| r.get(0),
        )?;
        kept.map(|k| {
            serde_json::from_str(&k)
                .map_err(|e| invalid(format!("nội dung cũ của dự thảo không đọc được ({e}).")))
        })
        .transpose()
    }

    /// The highest number given to a report of `unit` with `symbol` in `year`.
    pub(crate) fn last_report_number(
        &self,
        unit: Uuid,
        symbol: &str,
        year: i32,
    ) -> Result<Option<u32>> {
        Ok(self.conn().query_row(
            "SELECT MAX(number) FROM reports WHERE unit_id = ?1 AND symbol = ?2 AND issued_year = ?3",
            rusqlite::params![unit, symbol, year],
            |r| r.get(0),
        )?)
    }
}

/// Stores a new report version (a draft), inside `tx`.
pub(crate) fn insert_draft(tx: &Tx, report: &Report) -> Result<()> {
    tx.execute(
        "INSERT INTO reports (id, plan_id, unit_id, period, version, supersedes, status, symbol, content, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, ?9)",
        rusqlite::params![
            report.id, report.plan_id, report.unit_id, report.period.to_string(), report.version,
            report.supersedes, report.symbol, json(report), tx.at()
        ],
    )?;
    Ok(())
}

/// Puts `content` in a draft, keeping `replaced` to be brought back.
pub(crate) fn replace_draft(tx: &Tx, content: &Report, replaced: &Report) -> Result<()> {
    tx.execute(
        "UPDATE reports SET content = ?2, symbol = ?3, replaced_content = ?4
         WHERE id = ?1 AND status = 'draft'",
        rusqlite::params![content.id, json(content), content.symbol, json(replaced)],
    )?;
    Ok(())
}

/// Keeps the signed file of a report, inside `tx`.
pub(crate) fn insert_signed_file(tx: &Tx, report: Uuid, file: &[u8], signer: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO report_files (report_id, file, signer, signed_at) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![report, file, signer, tx.at()],
    )?;
    Ok(())
}

/// Writes a new state of a report version and its audit entry, inside `tx`.
pub(crate) fn save_report_in(
    tx: &super::Tx,
    old: &Report,
    new: &Report,
    action: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE reports SET content = ?2, status = ?3, symbol = ?4, number = ?5, issued_year = ?6,
                 finalized_at = CASE WHEN ?3 = 'final' THEN ?7 ELSE finalized_at END
             WHERE id = ?1",
        rusqlite::params![
            new.id,
            json(new),
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
