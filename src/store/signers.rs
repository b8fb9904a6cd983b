//! Who signs and with which images: the signer of the report settings with
//! the kept signature image, other signers (a deputy who signs "KT. CHỦ
//! TỊCH") each with their own, and the agency's seal image. Images are
//! checked when kept and offered at each signing.

use rusqlite::OptionalExtension;
use sha2::{Digest, Sha256};

use uuid::Uuid;

use super::{audit, Result, Store, StoreError};
use crate::model::Signer;
use crate::sign::Png;

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

/// Checks an image before it is kept: a PNG that can be drawn. Returns the
/// warnings (not transparent, not the decree's colour).
fn check_image(kind: SignerImage, png: &[u8]) -> Result<Vec<String>> {
    let decoded = Png::decode(png, kind.what()).map_err(|e| StoreError::Invalid {
        field: "Ảnh",
        message: e.to_string(),
    })?;
    let mut warnings = Vec::new();
    if !decoded.is_transparent() {
        warnings.push(format!(
            "{} không có nền trong suốt (Nghị định 30/2020 yêu cầu PNG nền trong suốt).",
            kind.what()
        ));
    }
    let ink = match kind {
        SignerImage::Signature => ('b', "màu xanh"),
        SignerImage::Seal => ('r', "màu đỏ"),
    };
    if decoded.ink() != ink.0 {
        warnings.push(format!(
            "{} không phải {} như Nghị định 30/2020 quy định.",
            kind.what(),
            ink.1
        ));
    }
    Ok(warnings)
}

fn invalid(message: &str) -> StoreError {
    StoreError::Invalid {
        field: "Người ký",
        message: message.into(),
    }
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
    fn code(self) -> &'static str {
        match self {
            SignerImage::Signature => "signature",
            SignerImage::Seal => "seal",
        }
    }

    fn what(self) -> &'static str {
        match self {
            SignerImage::Signature => "ảnh chữ ký",
            SignerImage::Seal => "ảnh con dấu",
        }
    }
}

impl Store {
    /// Keeps an image after checking it is a PNG that can be drawn. Returns
    /// the warnings about it (not transparent, not the decree's colour).
    pub(crate) fn set_signer_image(
        &mut self,
        kind: SignerImage,
        png: &[u8],
    ) -> Result<Vec<String>> {
        let warnings = check_image(kind, png)?;
        let hash = crate::sign::cert::hex(&Sha256::digest(png));
        self.write(|tx| {
            tx.execute(
                "INSERT INTO signer_images (kind, png, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (kind) DO UPDATE SET png = excluded.png, updated_at = excluded.updated_at",
                rusqlite::params![kind.code(), png, tx.at()],
            )?;
            audit::record(tx, "signer_image", kind.code(), "set", None, Some(serde_json::json!({ "sha256": hash })))
        })?;
        Ok(warnings)
    }

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

    /// Adds another signer, with a signature image if given (checked
    /// first: a refused image adds nothing). Refuses an empty name or
    /// authority, and a signer already kept with the same authority and
    /// name. Returns the entry and the warnings about the image.
    pub(crate) fn add_signer(
        &mut self,
        signer: &Signer,
        signature: Option<&[u8]>,
    ) -> Result<(SignerEntry, Vec<String>)> {
        let signer = Signer {
            authority: signer
                .authority
                .iter()
                .map(|l| crate::vn::clean(l))
                .filter(|l| !l.is_empty())
                .collect(),
            name: crate::vn::clean(&signer.name),
        };
        if signer.name.is_empty() {
            return Err(invalid("hãy ghi họ tên người ký."));
        }
        if signer.authority.is_empty() {
            return Err(invalid(
                "hãy ghi thẩm quyền ký và chức vụ, ví dụ KT. CHỦ TỊCH / PHÓ CHỦ TỊCH.",
            ));
        }
        if self.signers()?.iter().any(|e| e.signer == signer) {
            return Err(invalid(&format!(
                "“{}” ({}) đã có trong danh sách.",
                signer.name,
                signer.authority.join(" / ")
            )));
        }
        let warnings = match signature {
            Some(png) => check_image(SignerImage::Signature, png)?,
            None => Vec::new(),
        };
        let id = Uuid::new_v4();
        self.write(|tx| {
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
                Some(serde_json::to_value(&signer).expect("signer serializes")),
            )
        })?;
        Ok((
            SignerEntry {
                id,
                signer,
                has_signature: signature.is_some(),
            },
            warnings,
        ))
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

    /// Another signer by name (case, tone-mark placement and spacing do not
    /// matter; diacritics do: names are people's).
    pub(crate) fn find_signer(&self, name: &str) -> Result<SignerEntry> {
        let key = crate::vn::match_key(name);
        let found: Vec<SignerEntry> = self
            .signers()?
            .into_iter()
            .filter(|e| crate::vn::match_key(&e.signer.name) == key)
            .collect();
        match found.len() {
            1 => Ok(found.into_iter().next().expect("one")),
            0 => Err(StoreError::NotFoundItem {
                what: "người ký",
                query: name.to_string(),
            }),
            _ => Err(StoreError::Ambiguous {
                what: "người ký",
                query: name.to_string(),
                candidates: found
                    .iter()
                    .map(|e| e.signer.authority.join(" / "))
                    .collect::<Vec<_>>()
                    .join("; "),
            }),
        }
    }

    /// Keeps a signer's signature image (checked as the settings' one is).
    pub(crate) fn set_signer_signature(&mut self, id: Uuid, png: &[u8]) -> Result<Vec<String>> {
        self.signer_entry(id)?;
        let warnings = check_image(SignerImage::Signature, png)?;
        let hash = crate::sign::cert::hex(&Sha256::digest(png));
        self.write(|tx| {
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
                Some(serde_json::json!({ "sha256": hash })),
            )
        })?;
        Ok(warnings)
    }

    /// Removes another signer. Reports keep who signed them.
    pub(crate) fn remove_signer(&mut self, id: Uuid) -> Result<()> {
        let old = self.signer_entry(id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM signers WHERE id = ?1", [id])?;
            audit::record(
                tx,
                "signer",
                &id.to_string(),
                "remove",
                Some(serde_json::to_value(&old.signer).expect("signer serializes")),
                None,
            )
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
