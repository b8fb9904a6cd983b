//! Who signs for each unit below mine. A file counts as a unit's report
//! only when it is signed by a certificate registered for that unit: the
//! first signed file of a unit registers its signer (the outcome says so),
//! the officer adds others (a new chairman, a deputy) from one of their
//! files; a file signed by anyone else is refused, naming both.

use serde::Serialize;
use uuid::Uuid;

use super::{audit, Result, Store, StoreError};
use crate::exchange::read_report_file;
use crate::model::Unit;
use crate::sign::cert::CertInfo;

/// A certificate registered as signing for a unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitSigner {
    pub unit_id: Uuid,
    pub unit: String,
    /// SHA-256 of the certificate, hex.
    pub fingerprint: String,
    pub name: String,
    pub organisation: Option<String>,
    pub added_at: String,
    /// "first_file" (learned from the unit's first signed file) or "officer".
    pub how: String,
}

/// What the registry says of a file's signer.
pub(crate) enum SignerVerdict {
    /// Registered for the unit.
    Known,
    /// The unit has none yet: this one is registered with the file.
    First,
    /// The unit has other signers: a person may add this one.
    Unregistered(String),
    Refused(String),
}

/// A name as compared across certificates and unit lists: no diacritics,
/// "Ủy ban nhân dân" as "UBND".
fn org_key(s: &str) -> String {
    crate::vn::fold(s)
        .replace("uy ban nhan dan", "ubnd")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Store {
    /// The signers registered for `unit`, or for every unit.
    pub fn unit_signers(&self, unit: Option<Uuid>) -> Result<Vec<UnitSigner>> {
        let mut stmt = self.conn().prepare(
            "SELECT s.unit_id, u.name, s.fingerprint, s.name, s.organisation, s.added_at, s.how
             FROM unit_signers s JOIN units u ON u.id = s.unit_id
             WHERE ?1 IS NULL OR s.unit_id = ?1
             ORDER BY u.name COLLATE vi, s.added_at",
        )?;
        let rows = stmt.query_map([unit], |r| {
            Ok(UnitSigner {
                unit_id: r.get(0)?,
                unit: r.get(1)?,
                fingerprint: r.get(2)?,
                name: r.get(3)?,
                organisation: r.get(4)?,
                added_at: r.get(5)?,
                how: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether `signer` may sign for `unit` (see the module's rules).
    pub(crate) fn signer_verdict(&self, unit: &Unit, signer: &CertInfo) -> Result<SignerVerdict> {
        let registered = self.unit_signers(Some(unit.id))?;
        if registered
            .iter()
            .any(|s| s.fingerprint == signer.fingerprint)
        {
            return Ok(SignerVerdict::Known);
        }
        if !registered.is_empty() {
            let names: Vec<String> = registered.iter().map(|s| s.name.clone()).collect();
            return Ok(SignerVerdict::Unregistered(format!(
                "tệp của “{}” được ký bởi “{}”{}, không phải người ký đã ghi nhận của đơn vị này ({}); nếu đơn vị có người ký mới, hãy ghi nhận người ký đó cho đơn vị rồi nhận lại tệp",
                unit.name,
                signer.name,
                signer
                    .organisation
                    .as_ref()
                    .map(|o| format!(" ({o})"))
                    .unwrap_or_default(),
                names.join(", ")
            )));
        }
        // A first file: its signer must not sign for another unit already,
        // nor belong (by the certificate's organisation) to another unit.
        if let Some(other) = self
            .unit_signers(None)?
            .into_iter()
            .find(|s| s.unit_id != unit.id && s.fingerprint == signer.fingerprint)
        {
            return Ok(SignerVerdict::Refused(format!(
                "tệp của “{}” được ký bởi “{}”, người đã được ghi nhận là người ký của “{}”: một đơn vị không ký báo cáo thay đơn vị khác",
                unit.name, signer.name, other.unit
            )));
        }
        // A first file: its signer's organisation must not be another unit.
        if let Some(org) = &signer.organisation {
            let key = org_key(org);
            let sender = org_key(&unit.name);
            if key != sender && !sender.ends_with(&key) {
                if let Some(other) = self
                    .units()?
                    .into_iter()
                    .find(|u| u.id != unit.id && org_key(&u.name) == key)
                {
                    return Ok(SignerVerdict::Refused(format!(
                        "tệp của “{}” được ký bởi “{}”, người ký thuộc “{}”: một đơn vị không ký báo cáo thay đơn vị khác",
                        unit.name, signer.name, other.name
                    )));
                }
            }
        }
        Ok(SignerVerdict::First)
    }

    /// The officer registers the signer of `bytes` (a report file of a unit
    /// below mine, its signatures checked) as signing for that unit.
    pub fn add_unit_signer_from_file(&mut self, bytes: &[u8]) -> Result<UnitSigner> {
        let trust = self.trusted_certificates()?;
        let invalid = |message: String| StoreError::Invalid {
            field: "Người ký của đơn vị",
            message,
        };
        let received = read_report_file(bytes, &trust).map_err(|e| invalid(e.to_string()))?;
        let signer = received
            .signatures
            .first()
            .and_then(|s| s.signer.clone())
            .ok_or_else(|| invalid("tệp chưa được ký số: không có người ký để ghi nhận.".into()))?;
        let unit = self.unit(received.payload.unit.id)?;
        if self
            .unit_signers(Some(unit.id))?
            .iter()
            .any(|s| s.fingerprint == signer.fingerprint)
        {
            return Err(invalid(format!(
                "“{}” đã được ghi nhận là người ký của “{}”.",
                signer.name, unit.name
            )));
        }
        self.write(|tx| register_in(tx, unit.id, &signer, "officer", tx.at()))?;
        Ok(self
            .unit_signers(Some(unit.id))?
            .into_iter()
            .find(|s| s.fingerprint == signer.fingerprint)
            .expect("just registered"))
    }

    /// Stops counting a signer's files as `unit`'s (files already received
    /// stay as they came). `fingerprint` may be its first digits.
    pub fn remove_unit_signer(&mut self, unit: Uuid, fingerprint: &str) -> Result<UnitSigner> {
        let wanted = fingerprint.trim().to_lowercase();
        let found: Vec<UnitSigner> = self
            .unit_signers(Some(unit))?
            .into_iter()
            .filter(|s| !wanted.is_empty() && s.fingerprint.starts_with(&wanted))
            .collect();
        let [one] = found.as_slice() else {
            return Err(StoreError::NotFoundItem {
                what: "người ký đã ghi nhận",
                query: fingerprint.to_string(),
            });
        };
        let one = one.clone();
        self.write(|tx| {
            tx.execute(
                "DELETE FROM unit_signers WHERE unit_id = ?1 AND fingerprint = ?2",
                rusqlite::params![unit, one.fingerprint],
            )?;
            audit::record(
                tx,
                "unit_signer",
                &format!("{unit}/{}", one.fingerprint),
                "remove",
                Some(serde_json::to_value(&one).expect("json")),
                None,
            )
        })?;
        Ok(one)
    }
}

/// Registers `signer` for `unit` inside `tx`, with its audit entry.
pub(crate) fn register_in(
    tx: &super::Tx,
    unit: Uuid,
    signer: &CertInfo,
    how: &str,
    at: &str,
) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO unit_signers (unit_id, fingerprint, name, organisation, added_at, how)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![
            unit,
            signer.fingerprint,
            signer.name,
            signer.organisation,
            at,
            how
        ],
    )?;
    audit::record(
        tx,
        "unit_signer",
        &format!("{unit}/{}", signer.fingerprint),
        "add",
        None,
        Some(
            serde_json::json!({"name": signer.name, "organisation": signer.organisation, "how": how}),
        ),
    )
}
