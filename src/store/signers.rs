//! The signer's signature image and the agency's seal image (PNG), checked
//! when kept, offered at each signing.

use rusqlite::OptionalExtension;
use sha2::{Digest, Sha256};

use super::{audit, Result, Store, StoreError};
use crate::sign::Png;

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
    pub fn set_signer_image(&mut self, kind: SignerImage, png: &[u8]) -> Result<Vec<String>> {
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
        let hash = crate::sign::cert::hex(&Sha256::digest(png));
        self.write(|tx| {
            tx.execute(
                "INSERT INTO signer_images (kind, png, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (kind) DO UPDATE SET png = excluded.png, updated_at = excluded.updated_at",
                rusqlite::params![kind.code(), png, chrono::Local::now().to_rfc3339()],
            )?;
            audit::record(tx, "signer_image", kind.code(), "set", None, Some(serde_json::json!({ "sha256": hash })))
        })?;
        Ok(warnings)
    }

    /// The kept image, if any.
    pub fn signer_image(&self, kind: SignerImage) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT png FROM signer_images WHERE kind = ?1",
                [kind.code()],
                |r| r.get(0),
            )
            .optional()?)
    }
}
