//! Who signs for each unit below mine, as stored (the rules are in
//! `exchange::decide`: the first signed file of a unit registers its
//! signer, the officer adds others, a file signed by anyone else is
//! refused).

use serde::Serialize;
use uuid::Uuid;

use super::{audit, Result, Store};
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

impl Store {
    /// The signers registered for `unit`, or for every unit.
    pub(crate) fn unit_signers(&self, unit: Option<Uuid>) -> Result<Vec<UnitSigner>> {
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

    /// The signers registered for `unit` (or for every unit) as the rule of
    /// `exchange::decide` reads them.
    pub(crate) fn registered_signers(
        &self,
        unit: Option<Uuid>,
    ) -> Result<Vec<crate::exchange::decide::Registered>> {
        Ok(self
            .unit_signers(unit)?
            .into_iter()
            .map(|s| crate::exchange::decide::Registered {
                unit_id: s.unit_id,
                fingerprint: s.fingerprint,
                name: s.name,
            })
            .collect())
    }
}

/// Removes a registered signer inside `tx`, with its audit entry.
pub(crate) fn remove_in(tx: &super::Tx, one: &UnitSigner) -> Result<()> {
    tx.execute(
        "DELETE FROM unit_signers WHERE unit_id = ?1 AND fingerprint = ?2",
        rusqlite::params![one.unit_id, one.fingerprint],
    )?;
    audit::record(
        tx,
        "unit_signer",
        &format!("{}/{}", one.unit_id, one.fingerprint),
        "remove",
        Some(serde_json::to_value(one).expect("json")),
        None,
    )
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
