//! Who signs a report and with which kept images: other signers (a
//! deputy who signs "KT. CHỦ TỊCH"), the images checked when kept (a PNG
//! that can be drawn; warnings when not transparent or not the decree's
//! colour) and offered at each signing.

use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Office;
use crate::model::Signer;
use crate::sign::Png;
use crate::store::{self, KeptImages, Result, SignerEntry, SignerImage, StoreError};

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

impl Office {
    /// The kept signature image of whoever a report names as its signer:
    /// another signer's own image, else the settings' kept image when the
    /// report's signer is the one in the report settings.
    pub fn signature_of(&self, signer: &Signer) -> Result<Option<Vec<u8>>> {
        if let Some(e) = self.signers()?.into_iter().find(|e| &e.signer == signer) {
            return self.store.signer_signature(e.id);
        }
        if &self.report_settings()?.signer == signer {
            return self.signer_image(SignerImage::Signature);
        }
        Ok(None)
    }

    /// The kept images a signing asked for: the signature of the report's
    /// signer and the agency's seal. Refuses, rather than signing without
    /// it, an image asked for but not kept.
    pub fn kept_images_for(&self, report: Uuid, signature: bool, seal: bool) -> Result<KeptImages> {
        let missing = |what: String| StoreError::Invalid {
            field: "Ký số",
            message: format!(
                "{what}; hãy lưu ảnh ở “Đơn vị & cài đặt” hoặc chọn ảnh cho lần ký này."
            ),
        };
        let signature = if signature {
            let signer = self.report_by_id(report)?.signer;
            Some(
                self.signature_of(&signer)?
                    .ok_or_else(|| missing(format!("chưa lưu ảnh chữ ký của {}", signer.name)))?,
            )
        } else {
            None
        };
        let seal = if seal {
            Some(
                self.signer_image(SignerImage::Seal)?
                    .ok_or_else(|| missing("chưa lưu ảnh con dấu".into()))?,
            )
        } else {
            None
        };
        Ok(KeptImages { signature, seal })
    }

    /// Keeps an image after checking it is a PNG that can be drawn. Returns
    /// the warnings about it (not transparent, not the decree's colour).
    pub fn set_signer_image(&mut self, kind: SignerImage, png: &[u8]) -> Result<Vec<String>> {
        let warnings = check_image(kind, png)?;
        let hash = crate::sign::cert::hex(&Sha256::digest(png));
        self.write(|tx| store::signers::set_image_in(tx, kind, png, &hash))?;
        Ok(warnings)
    }

    /// Adds another signer, with a signature image if given (checked
    /// first: a refused image adds nothing). Refuses an empty name or
    /// authority, and a signer already kept with the same authority and
    /// name. Returns the entry and the warnings about the image.
    pub fn add_signer(
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
        self.write(|tx| store::signers::insert_signer_in(tx, id, &signer, signature))?;
        Ok((
            SignerEntry {
                id,
                signer,
                has_signature: signature.is_some(),
            },
            warnings,
        ))
    }

    /// Another signer by name (case, tone-mark placement and spacing do not
    /// matter; diacritics do: names are people's).
    pub fn find_signer(&self, name: &str) -> Result<SignerEntry> {
        let key = crate::vn::match_key(name);
        let found: Vec<SignerEntry> = self
            .signers()?
            .into_iter()
            .filter(|e| crate::vn::match_key(&e.signer.name) == key)
            .collect();
        super::the_one(found, "người ký", name, usize::MAX, "; ", |e| {
            e.signer.authority.join(" / ")
        })
    }

    /// Keeps a signer's signature image (checked as the settings' one is).
    pub fn set_signer_signature(&mut self, id: Uuid, png: &[u8]) -> Result<Vec<String>> {
        self.signer_entry(id)?;
        let warnings = check_image(SignerImage::Signature, png)?;
        let hash = crate::sign::cert::hex(&Sha256::digest(png));
        self.write(|tx| store::signers::set_signature_in(tx, id, png, &hash))?;
        Ok(warnings)
    }

    /// Removes another signer. Reports keep who signed them.
    pub fn remove_signer(&mut self, id: Uuid) -> Result<()> {
        let old = self.signer_entry(id)?;
        self.write(|tx| store::signers::remove_signer_in(tx, &old))
    }
}
