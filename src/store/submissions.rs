//! Report files received from child units, as stored. What to do with a
//! file is decided by `exchange::decide`, carried out by the office in one
//! transaction. A stored file is never changed or deleted: a newer version
//! supersedes it.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;
use uuid::Uuid;

use super::{audit, Result, Store, StoreError};
use crate::calendar::Period;
use crate::exchange::decide::Current;

/// A stored submission as listed.
#[derive(Debug, Clone, Serialize)]
pub struct Submission {
    pub id: Uuid,
    /// SHA-256 of the file as received, hex.
    pub file_hash: String,
    pub unit_id: Uuid,
    pub period: Period,
    pub report_version: u32,
    pub signed: bool,
    pub signer: Option<String>,
    pub signed_at: Option<String>,
    pub received_at: String,
    pub file_name: String,
    pub superseded_by: Option<Uuid>,
}

impl Store {
    pub(crate) fn current_submission(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Option<Current>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, report_version, signed FROM submissions
                 WHERE plan_id = ?1 AND unit_id = ?2 AND period = ?3 AND superseded_by IS NULL",
                rusqlite::params![plan, unit, period.to_string()],
                |r| {
                    Ok(Current {
                        id: r.get(0)?,
                        version: r.get(1)?,
                        signed: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Whether the file with this SHA-256 (hex) is stored.
    pub(crate) fn has_submission_file(&self, hash: &str) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM submissions WHERE file_hash = ?1",
                [hash],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Whether `version` of `plan`, with that content, is among the kept
    /// earlier versions.
    pub(crate) fn plan_version_kept(
        &self,
        plan: Uuid,
        version: u32,
        content_hash: &str,
    ) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM plan_versions WHERE plan_id = ?1 AND version = ?2 AND content_hash = ?3",
                rusqlite::params![plan, version, content_hash],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The periods files were received for, of a plan.
    pub(crate) fn received_periods(&self, plan: Uuid) -> Result<Vec<Period>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT DISTINCT period FROM submissions WHERE plan_id = ?1")?;
        let rows = stmt.query_map([plan], |r| r.get::<_, String>(0))?;
        let texts = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(texts.iter().filter_map(|s| Period::parse(s).ok()).collect())
    }

    /// Every stored submission for a plan and period, newest versions and
    /// history alike, in unit order.
    pub(crate) fn submissions(&self, plan: Uuid, period: &Period) -> Result<Vec<Submission>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.id, s.unit_id, s.period, s.report_version, s.signed, s.signer, s.signed_at,
                    s.received_at, s.file_name, s.superseded_by, s.file_hash
             FROM submissions s JOIN units u ON u.id = s.unit_id
             WHERE s.plan_id = ?1 AND s.period = ?2
             ORDER BY u.name COLLATE vi, s.report_version",
        )?;
        let rows = stmt
            .query_map(rusqlite::params![plan, period.to_string()], |r| {
                Ok(Submission {
                    id: r.get(0)?,
                    unit_id: r.get(1)?,
                    period: *period,
                    report_version: r.get(3)?,
                    signed: r.get(4)?,
                    signer: r.get(5)?,
                    signed_at: r.get(6)?,
                    received_at: r.get(7)?,
                    file_name: r.get(8)?,
                    superseded_by: r.get(9)?,
                    file_hash: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The payload of the current (not superseded) submission of each unit.
    pub(crate) fn current_payloads(
        &self,
        plan: Uuid,
        period: &Period,
    ) -> Result<Vec<(Submission, crate::exchange::ReportPayload)>> {
        let mut out = Vec::new();
        for s in self.submissions(plan, period)? {
            if s.superseded_by.is_some() {
                continue;
            }
            let json: String = self.conn().query_row(
                "SELECT payload FROM submissions WHERE id = ?1",
                [s.id],
                |r| r.get(0),
            )?;
            let payload =
                crate::exchange::ReportPayload::from_json(json.as_bytes()).map_err(|e| {
                    StoreError::Invalid {
                        field: "Dữ liệu đã nhận",
                        message: e.to_string(),
                    }
                })?;
            out.push((s, payload));
        }
        Ok(out)
    }

    /// The stored file of a submission, byte for byte as received.
    pub(crate) fn submission_file(&self, id: Uuid) -> Result<Vec<u8>> {
        Ok(self
            .conn()
            .query_row("SELECT file FROM submissions WHERE id = ?1", [id], |r| {
                r.get(0)
            })?)
    }
}

/// When a file counts as received on time.
pub fn received_on(received_at: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(received_at)
        .ok()
        .map(|t| t.date_naive())
}

/// A received file as stored, inside `tx`, superseding `replaces`.
pub(crate) fn insert_submission(
    tx: &super::Tx,
    new: &NewSubmission,
    replaces: Option<Uuid>,
) -> Result<()> {
    let p = new.payload;
    tx.execute(
        "INSERT INTO submissions (id, file_hash, plan_id, plan_version, unit_id, period, report_id,
             report_version, signed, signer, signed_at, received_at, file_name, payload, file)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        rusqlite::params![
            new.id,
            new.hash,
            p.plan.id,
            p.plan.version,
            p.unit.id,
            p.period.to_string(),
            p.report.id,
            p.report.version,
            new.signed,
            new.signer,
            new.signed_at,
            new.received_at,
            new.file_name,
            String::from_utf8(p.to_json()).expect("json is UTF-8"),
            new.bytes
        ],
    )?;
    if let Some(old) = replaces {
        tx.execute(
            "UPDATE submissions SET superseded_by = ?2 WHERE id = ?1",
            rusqlite::params![old, new.id],
        )?;
    }
    audit::record(
        tx,
        "submission",
        &new.id.to_string(),
        "receive",
        None,
        Some(serde_json::json!({
            "unit": p.unit.name, "period": p.period.to_string(),
            "version": p.report.version, "signed": new.signed, "file": new.file_name,
        })),
    )
}

/// What is stored of a received file.
pub(crate) struct NewSubmission<'a> {
    pub id: Uuid,
    pub hash: &'a str,
    pub payload: &'a crate::exchange::ReportPayload,
    pub signed: bool,
    pub signer: Option<String>,
    pub signed_at: Option<String>,
    pub received_at: &'a str,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}
