//! Report files received from child units. Deciding what to do with a file
//! is a pure function of the file's checked content and what is stored
//! (`decide`); then one transaction stores it. A stored file is never
//! changed or deleted: a newer version supersedes it.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{audit, Result, Store, StoreError};
use crate::calendar::Period;
use crate::exchange::{read_report_file, ReceivedReport};

/// What became of one received file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ImportOutcome {
    /// Stored; `signed` false means an unsigned draft.
    Accepted {
        unit: String,
        period: Period,
        version: u32,
        signed: bool,
        /// The file's signer, registered with it as signing for the unit
        /// (its first signed file).
        #[serde(skip_serializing_if = "Option::is_none")]
        signer_registered: Option<String>,
    },
    /// The same file was already stored: nothing changed.
    Duplicate { unit: String, period: Period },
    /// Stored, replacing an earlier version (kept in the history).
    Superseded {
        unit: String,
        period: Period,
        version: u32,
        previous: u32,
        signed: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        signer_registered: Option<String>,
    },
    /// Not stored, and why.
    Refused { reason: String },
    /// Not stored: the sender is not known by its id, but a unit of the same
    /// name is (typed in by hand before its first file). A person decides
    /// whether it is the same unit ([`Store::link_sender`]).
    SameName { existing: Uuid, reason: String },
    /// Not stored: signed by someone not registered as signing for the
    /// unit, which has other signers. A person decides whether this is the
    /// unit's new signer ([`Store::add_unit_signer_and_receive`]).
    UnknownSigner {
        unit: String,
        signer: String,
        reason: String,
    },
}

impl ImportOutcome {
    /// One line for the officer.
    pub fn describe(&self) -> String {
        let draft = |signed: &bool| {
            if *signed {
                ""
            } else {
                " — CHƯA KÝ, chỉ là dự thảo"
            }
        };
        let registered = |who: &Option<String>| {
            who.as_ref()
                .map(|n| format!("; từ nay “{n}” được ghi nhận là người ký của đơn vị"))
                .unwrap_or_default()
        };
        match self {
            ImportOutcome::Accepted { unit, period, version, signed, signer_registered } => format!(
                "đã nhận: {unit}, kỳ {period}, phiên bản {version}{}{}",
                draft(signed),
                registered(signer_registered)
            ),
            ImportOutcome::Duplicate { unit, period } => {
                format!("đã có từ trước (không thay đổi gì): {unit}, kỳ {period}")
            }
            ImportOutcome::Superseded { unit, period, version, previous, signed, signer_registered } => format!(
                "đã nhận phiên bản {version} thay phiên bản {previous} (vẫn lưu bản cũ): {unit}, kỳ {period}{}{}",
                draft(signed),
                registered(signer_registered)
            ),
            ImportOutcome::Refused { reason }
            | ImportOutcome::SameName { reason, .. }
            | ImportOutcome::UnknownSigner { reason, .. } => format!("không nhận: {reason}"),
        }
    }
}

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

/// The stored submission a new file is compared with.
struct Current {
    id: Uuid,
    version: u32,
    signed: bool,
}

enum Decision {
    Refuse(String),
    Duplicate,
    Store { replaces: Option<(Uuid, u32)> },
}

/// What to do with a checked file of report `version` (`signed` or not),
/// given whether the same file is stored and the current stored version.
fn decide(version: u32, signed: bool, duplicate: bool, current: Option<&Current>) -> Decision {
    if duplicate {
        return Decision::Duplicate;
    }
    let Some(c) = current else {
        return Decision::Store { replaces: None };
    };
    if c.signed && !signed {
        return Decision::Refuse(format!(
            "đã nhận bản đã ký (phiên bản {}); tệp chưa ký chỉ là dự thảo, không thay được bản đã ký",
            c.version
        ));
    }
    if version > c.version || (version == c.version && !c.signed && signed) {
        return Decision::Store {
            replaces: Some((c.id, c.version)),
        };
    }
    if version < c.version {
        return Decision::Refuse(format!(
            "tệp là phiên bản {version}, cũ hơn phiên bản {} đã nhận",
            c.version
        ));
    }
    Decision::Refuse(format!(
        "đã nhận một tệp khác cùng phiên bản {}; đơn vị cần gửi phiên bản mới",
        c.version
    ))
}

impl Store {
    fn current_submission(
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

    /// Checks the plan and the sender of a received file against the store.
    fn check_sender(
        &mut self,
        received: &ReceivedReport,
        add_unknown_unit: bool,
        received_at: &str,
    ) -> Result<std::result::Result<(), ImportOutcome>> {
        let refused = |reason: String| Ok(Err(ImportOutcome::Refused { reason }));
        let p = &received.payload;
        let plan = match self.plan(p.plan.id) {
            Ok(plan) => plan,
            Err(StoreError::NotFoundItem { .. }) => {
                return refused(format!(
                    "kế hoạch {} (phiên bản {}) chưa có ở đây: hãy nạp kế hoạch trước",
                    p.plan.doc_number, p.plan.version
                ))
            }
            Err(e) => return Err(e),
        };
        let known_version = if p.plan.version == plan.version {
            p.plan.content_hash == plan.content_hash
        } else if p.plan.version < plan.version {
            self.conn()
                .query_row(
                    "SELECT 1 FROM plan_versions WHERE plan_id = ?1 AND version = ?2 AND content_hash = ?3",
                    rusqlite::params![plan.id, p.plan.version, p.plan.content_hash],
                    |_| Ok(()),
                )
                .optional()?
                .is_some()
        } else {
            return refused(format!(
                "tệp theo kế hoạch {} phiên bản {}, mới hơn phiên bản {} ở đây: hãy nạp kế hoạch mới trước",
                p.plan.doc_number, p.plan.version, plan.version
            ));
        };
        if !known_version {
            return refused(format!(
                "nội dung kế hoạch {} phiên bản {} trong tệp khác với bản ở đây",
                p.plan.doc_number, p.plan.version
            ));
        }
        let me = self.my_unit_id()?;
        let unit = match self.unit(p.unit.id) {
            Ok(u) => u,
            Err(StoreError::NotFoundItem { .. }) if add_unknown_unit => {
                // Never a second unit of the same name: that needs a person.
                if let Some(same) = self.unit_named(&p.unit.name)? {
                    return Ok(Err(ImportOutcome::SameName {
                        existing: same.id,
                        reason: format!(
                            "đã có đơn vị “{}” nhưng với mã định danh khác với tệp: nếu đúng là một đơn vị, hãy gắn đơn vị có sẵn với tệp rồi nhận lại",
                            same.name
                        ),
                    }));
                }
                let unit = crate::model::Unit {
                    id: p.unit.id,
                    name: p.unit.name.clone(),
                    short_name: String::new(),
                    kind: p.unit.kind,
                    admin_code: p.unit.admin_code.clone(),
                    reports_to: Some(me),
                    valid_from: None,
                    valid_to: None,
                };
                // Followed from the day its first file came (as a unit the
                // officer adds): earlier reports were not asked of it here.
                let added = match received_on(received_at) {
                    Some(day) => self.add_unit_on(&unit, day),
                    None => self.add_unit(&unit),
                };
                match added {
                    Ok(u) => u,
                    Err(StoreError::Invalid { message, .. }) => return refused(message),
                    Err(e) => return Err(e),
                }
            }
            Err(StoreError::NotFoundItem { .. }) => {
                return refused(format!(
                    "đơn vị “{}” chưa có trong danh sách đơn vị trực thuộc: nếu đúng là đơn vị trực thuộc, hãy nhập lại với --add-units để thêm đơn vị này",
                    p.unit.name
                ))
            }
            Err(e) => return Err(e),
        };
        let (start, _) = p.period.data_range(plan.start_year);
        if let Some(to) = unit.valid_to.filter(|to| *to < start) {
            return refused(format!(
                "đơn vị “{}” đã thôi hoạt động từ sau ngày {} (sáp nhập hoặc giải thể): không nhận báo cáo kỳ {}",
                unit.name,
                to.format("%d/%m/%Y"),
                p.period
            ));
        }
        if unit.reports_to != Some(me) {
            return refused(format!(
                "đơn vị “{}” không trực thuộc đơn vị của tôi",
                unit.name
            ));
        }
        Ok(Ok(()))
    }

    /// Links `existing` (by default the unit of the sender's name), typed in
    /// by hand, to the sender of a report file refused as
    /// [`ImportOutcome::SameName`] (see [`Store::link_unit`]); the file can
    /// then be received.
    pub fn link_sender(
        &mut self,
        bytes: &[u8],
        existing: Option<Uuid>,
    ) -> Result<crate::model::Unit> {
        let trust = self.trusted_certificates()?;
        let received = read_report_file(bytes, &trust).map_err(|e| StoreError::Invalid {
            field: "Tệp báo cáo",
            message: e.to_string(),
        })?;
        let sender = &received.payload.unit;
        let existing = match existing {
            Some(id) => id,
            None => {
                self.unit_named(&sender.name)?
                    .ok_or(StoreError::NotFoundItem {
                        what: "đơn vị cùng tên với đơn vị gửi tệp",
                        query: sender.name.clone(),
                    })?
                    .id
            }
        };
        self.link_unit(existing, sender.id, &sender.name)
    }

    /// [`Store::link_sender`], then the file received: what the officer
    /// asks for when a file was refused as [`ImportOutcome::SameName`].
    pub fn link_sender_and_receive(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        received_at: &str,
        existing: Uuid,
    ) -> Result<ImportOutcome> {
        self.link_sender(bytes, Some(existing))?;
        self.import_report_file(file_name, bytes, received_at, false)
    }

    /// The officer says the signer of a file refused as
    /// [`ImportOutcome::UnknownSigner`] is the unit's new signer: registered,
    /// then the file is received.
    pub fn add_unit_signer_and_receive(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        received_at: &str,
    ) -> Result<ImportOutcome> {
        self.add_unit_signer_from_file(bytes)?;
        self.import_report_file(file_name, bytes, received_at, false)
    }

    /// Receives one report file: checks it (signatures against the trusted
    /// CAs, embedded data, plan, sender), then stores it or says why not.
    /// Bad files are outcomes, not errors; an error is the store failing.
    pub fn import_report_file(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        received_at: &str,
        add_unknown_unit: bool,
    ) -> Result<ImportOutcome> {
        let trust = self.trusted_certificates()?;
        let received = match read_report_file(bytes, &trust) {
            Ok(r) => r,
            Err(e) => {
                return Ok(ImportOutcome::Refused {
                    reason: e.to_string(),
                })
            }
        };
        if let Err(outcome) = self.check_sender(&received, add_unknown_unit, received_at)? {
            return Ok(outcome);
        }
        let p = &received.payload;
        // Signed by someone who signs for this unit (the first signature:
        // the report's own; later ones are seals and countersignatures).
        let signer_cert = received.signatures.first().and_then(|s| s.signer.clone());
        let mut register = None;
        if let Some(cert) = &signer_cert {
            let unit = self.unit(p.unit.id)?;
            match self.signer_verdict(&unit, cert)? {
                super::unit_signers::SignerVerdict::Known => {}
                super::unit_signers::SignerVerdict::First => register = Some(cert.clone()),
                super::unit_signers::SignerVerdict::Refused(reason) => {
                    return Ok(ImportOutcome::Refused { reason })
                }
                super::unit_signers::SignerVerdict::Unregistered(reason) => {
                    return Ok(ImportOutcome::UnknownSigner {
                        unit: unit.name,
                        signer: cert.name.clone(),
                        reason,
                    })
                }
            }
        }
        let hash = crate::sign::cert::hex(&Sha256::digest(bytes));
        let duplicate = self
            .conn()
            .query_row(
                "SELECT 1 FROM submissions WHERE file_hash = ?1",
                [&hash],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        let current = self.current_submission(p.plan.id, p.unit.id, &p.period)?;
        let unit_name = p.unit.name.clone();
        let signed = received.is_signed();
        match decide(p.report.version, signed, duplicate, current.as_ref()) {
            Decision::Refuse(reason) => Ok(ImportOutcome::Refused { reason }),
            Decision::Duplicate => Ok(ImportOutcome::Duplicate {
                unit: unit_name,
                period: p.period,
            }),
            Decision::Store { replaces } => {
                let id = Uuid::new_v5(&Uuid::NAMESPACE_OID, hash.as_bytes());
                let first = received.signatures.first();
                let signer = first
                    .and_then(|s| s.signer.as_ref())
                    .map(|c| c.name.clone());
                let signed_at = first.and_then(|s| s.signed_at.clone());
                let payload = String::from_utf8(p.to_json()).expect("json is UTF-8");
                self.write(|tx| {
                    tx.execute(
                        "INSERT INTO submissions (id, file_hash, plan_id, plan_version, unit_id, period, report_id,
                             report_version, signed, signer, signed_at, received_at, file_name, payload, file)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                        rusqlite::params![
                            id, hash, p.plan.id, p.plan.version, p.unit.id, p.period.to_string(),
                            p.report.id, p.report.version, signed, signer, signed_at, received_at,
                            file_name, payload, bytes
                        ],
                    )?;
                    if let Some((old, _)) = replaces {
                        tx.execute(
                            "UPDATE submissions SET superseded_by = ?2 WHERE id = ?1",
                            rusqlite::params![old, id],
                        )?;
                    }
                    if let Some(cert) = &register {
                        super::unit_signers::register_in(tx, p.unit.id, cert, "first_file", received_at)?;
                    }
                    audit::record(
                        tx,
                        "submission",
                        &id.to_string(),
                        "receive",
                        None,
                        Some(serde_json::json!({
                            "unit": unit_name, "period": p.period.to_string(),
                            "version": p.report.version, "signed": signed, "file": file_name,
                        })),
                    )
                })?;
                let signer_registered = register.map(|c| c.name);
                Ok(match replaces {
                    None => ImportOutcome::Accepted {
                        unit: unit_name,
                        period: p.period,
                        version: p.report.version,
                        signed,
                        signer_registered,
                    },
                    Some((_, previous)) => ImportOutcome::Superseded {
                        unit: unit_name,
                        period: p.period,
                        version: p.report.version,
                        previous,
                        signed,
                        signer_registered,
                    },
                })
            }
        }
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
    pub fn submissions(&self, plan: Uuid, period: &Period) -> Result<Vec<Submission>> {
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
    pub fn current_payloads(
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
                        message: e,
                    }
                })?;
            out.push((s, payload));
        }
        Ok(out)
    }

    /// The stored file of a submission, byte for byte as received.
    pub fn submission_file(&self, id: Uuid) -> Result<Vec<u8>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(version: u32, signed: bool) -> Current {
        Current {
            id: Uuid::nil(),
            version,
            signed,
        }
    }

    fn refused(d: Decision, needle: &str) -> bool {
        matches!(d, Decision::Refuse(r) if r.contains(needle))
    }

    #[test]
    fn newer_supersedes_older_is_refused_and_drafts_never_replace_signed() {
        assert!(matches!(decide(1, true, true, None), Decision::Duplicate));
        assert!(matches!(
            decide(1, true, false, None),
            Decision::Store { replaces: None }
        ));
        assert!(matches!(
            decide(1, false, false, None),
            Decision::Store { replaces: None }
        ));
        assert!(matches!(
            decide(2, true, false, Some(&cur(1, true))),
            Decision::Store {
                replaces: Some((_, 1))
            }
        ));
        assert!(refused(
            decide(1, true, false, Some(&cur(2, true))),
            "cũ hơn phiên bản 2"
        ));
        assert!(refused(
            decide(2, false, false, Some(&cur(1, true))),
            "tệp chưa ký chỉ là dự thảo"
        ));
        assert!(matches!(
            decide(1, true, false, Some(&cur(1, false))),
            Decision::Store {
                replaces: Some((_, 1))
            }
        ));
        assert!(refused(
            decide(1, true, false, Some(&cur(1, true))),
            "cùng phiên bản 1"
        ));
        assert!(matches!(
            decide(2, false, false, Some(&cur(1, false))),
            Decision::Store {
                replaces: Some((_, 1))
            }
        ));
    }
}
