//! Who signs a report and with which kept images.

use uuid::Uuid;

use super::Office;
use crate::model::Signer;
use crate::store::{KeptImages, Result, SignerImage, StoreError};

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
}
