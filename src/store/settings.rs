use rusqlite::OptionalExtension;
use uuid::Uuid;

use super::{Result, Store, StoreError};

impl Store {
    pub(crate) fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub(crate) fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.set_setting_raw(key, &crate::vn::clean(value))
    }

    /// Stores `value` as given (NFC, lines kept).
    pub(crate) fn set_setting_raw(&mut self, key: &str, value: &str) -> Result<()> {
        let value = crate::vn::nfc(value);
        let old = self.setting(key)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, &value),
            )?;
            super::audit::record(
                tx,
                "setting",
                key,
                "update",
                old.map(serde_json::Value::String),
                Some(serde_json::Value::String(value.clone())),
            )
        })
    }

    /// The officer's name, written into the audit log.
    pub(crate) fn officer_name(&self) -> Result<String> {
        Ok(self.setting("officer_name")?.unwrap_or_default())
    }

    /// The unit this database belongs to.
    pub(crate) fn my_unit_id(&self) -> Result<Uuid> {
        self.setting("my_unit")?
            .and_then(|s| Uuid::parse_str(&s).ok())
            .ok_or(StoreError::NoOwnUnit)
    }

    pub(crate) fn set_my_unit(&mut self, id: Uuid) -> Result<()> {
        self.unit(id)?;
        self.set_setting("my_unit", &id.to_string())
    }
}
