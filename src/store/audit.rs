//! Who changed what, when: written in the same transaction as the change.

use serde::Serialize;

use super::{Result, Store, Tx};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub officer: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub old_value: Option<serde_json::Value>,
    pub new_value: Option<serde_json::Value>,
}

pub(crate) fn record(
    tx: &Tx,
    entity: &str,
    entity_id: &str,
    action: &str,
    old_value: Option<serde_json::Value>,
    new_value: Option<serde_json::Value>,
) -> Result<()> {
    let officer: String = tx
        .query_row(
            "SELECT value FROM settings WHERE key = 'officer_name'",
            [],
            |r| r.get(0),
        )
        .unwrap_or_default();
    tx.execute(
        "INSERT INTO audit_log (at, officer, entity, entity_id, action, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        (
            tx.at(),
            officer,
            entity,
            entity_id,
            action,
            old_value.map(|v| v.to_string()),
            new_value.map(|v| v.to_string()),
        ),
    )?;
    Ok(())
}

impl Store {
    /// The audit entries of one entity (or of all when `entity_id` is None),
    /// oldest first.
    pub fn audit_log(&self, entity_id: Option<&str>) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT at, officer, entity, entity_id, action, old_value, new_value
             FROM audit_log WHERE ?1 IS NULL OR entity_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([entity_id], |r| {
            let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
            Ok(AuditEntry {
                at: r.get(0)?,
                officer: r.get(1)?,
                entity: r.get(2)?,
                entity_id: r.get(3)?,
                action: r.get(4)?,
                old_value: parse(r.get(5)?),
                new_value: parse(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
