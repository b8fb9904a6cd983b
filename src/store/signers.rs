//! Who signs and with which images: the signer of the report settings with
//! the kept signature image, other signers (a deputy who signs "KT. CHỦ
//! TỊCH") each with their own, and the agency's seal image. Images are
//! checked when kept and offered at each signing.

use rusqlite::OptionalExtension;

use uuid::Uuid;

use super::{audit, Result, Store, StoreError};
use crate::model::Signer;

/// Another signer, kept for choosing at finalisation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SignerEntry {
    pub id: Uuid,
    pub signer: Signer,
    pub has_signature: bool,
}

/// Kept images taken out for one signing (PNG bytes).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeptImages {
    pub signature: Option<Vec<u8>>,
    pub seal: Option<Vec<u8>>,
}

/// Which image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignerImage {
    /// Chữ ký của người có thẩm quyền (blue).
    Signature,
    /// Dấu của cơ quan (red, real size).
    Seal,
}

impl SignerImage {
    pub(crate) fn code(self) -> &'static str {
        match self {
            SignerImage::Signature => "signature",
            SignerImage::Seal => "seal",
        }
    }

    pub(crate) fn what(self) -> &'static str {
        match self {
            SignerImage::Signature => "ảnh chữ ký",
            SignerImage::Seal => "ảnh con dấu",
        }
    }
}

impl Store {
    /// The kept image, if any.
    pub(crate) fn signer_image(&self, kind: SignerImage) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT png FROM signer_images WHERE kind = ?1",
                [kind.code()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The other signers, in the order they were added.
    pub(crate) fn signers(&self) -> Result<Vec<SignerEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, authority, signature IS NOT NULL FROM signers ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SignerEntry {
                id: r.get(0)?,
                signer: Signer {
                    name: r.get(1)?,
                    authority: r.get::<_, String>(2)?.lines().map(str::to_string).collect(),
                },
                has_signature: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(crate) fn signer_entry(&self, id: Uuid) -> Result<SignerEntry> {
        self.signers()?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or(StoreError::NotFoundItem {
                what: "người ký",
                query: id.to_string(),
            })
    }

    /// The signature image kept for another signer.
    pub(crate) fn signer_signature(&self, id: Uuid) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row("SELECT signature FROM signers WHERE id = ?1", [id], |r| {
                r.get(0)
            })?)
    }
}

/// Keeps an image of `kind` inside `tx` (its SHA-256 audited).
pub(crate) fn set_image_in(
    tx: &super::Tx,
    kind: SignerImage,
    png: &[u8],
    sha256: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO signer_images (kind, png, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (kind) DO UPDATE SET png = excluded.png, updated_at = excluded.updated_at",
        rusqlite::params![kind.code(), png, tx.at()],
    )?;
    audit::record(
        tx,
        "signer_image",
        kind.code(),
        "set",
        None,
        Some(serde_json::json!({ "sha256": sha256 })),
    )
}

/// Keeps another signer inside `tx`, audited.
pub(crate) fn insert_signer_in(
    tx: &super::Tx,
    id: Uuid,
    signer: &Signer,
    signature: Option<&[u8]>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO signers (id, name, authority, signature, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![
            id,
            signer.name,
            signer.authority.join("\n"),
            signature,
            tx.at()
        ],
    )?;
    audit::record(
        tx,
        "signer",
        &id.to_string(),
        "create",
        None,
        Some(serde_json::to_value(signer).expect("signer serializes")),
    )
}

/// Keeps a signer's signature image inside `tx` (its SHA-256 audited).
pub(crate) fn set_signature_in(tx: &super::Tx, id: Uuid, png: &[u8], sha256: &str) -> Result<()> {
    tx.execute(
        "UPDATE signers SET signature = ?2, updated_at = ?3 WHERE id = ?1",
        rusqlite::params![id, png, tx.at()],
    )?;
    audit::record(
        tx,
        "signer",
        &id.to_string(),
        "signature",
        None,
        Some(serde_json::json!({ "sha256": sha256 })),
    )
}

/// Removes another signer inside `tx`, audited with who it was.
pub(crate) fn remove_signer_in(tx: &super::Tx, old: &SignerEntry) -> Result<()> {
    tx.execute("DELETE FROM signers WHERE id = ?1", [old.id])?;
    audit::record(
        tx,
        "signer",
        &old.id.to_string(),
        "remove",
        Some(serde_json::to_value(&old.signer).expect("signer serializes")),
        None,
    )
}
