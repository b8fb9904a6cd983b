//! A report from the store to the signed file: rendered with its data,
//! signed, kept, its period locked; exported as kept.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::{Office, OfficeError};
use crate::model::{Report, ReportStatus};
use crate::pdf::fonts::Fonts;
use crate::sign::{KeySource, SignOptions};
use crate::store::StoreError;

type Result<T> = std::result::Result<T, OfficeError>;

impl Office {
    /// A report's PDF with its data embedded (the exchange file, unsigned).
    pub fn report_file(&self, report: &Report, created_at: &str) -> Result<Vec<u8>> {
        let pdf = crate::pdf::render(report, &Fonts::liberation_serif())?;
        let payload = self.report_payload(report, created_at)?;
        Ok(crate::exchange::report_file(&pdf, &payload)?)
    }

    /// The PDF an officer previews and prints: the signed file once the
    /// report is signed, else the report as it stands (a draft reads as a
    /// draft).
    pub fn report_pdf(&self, report: Uuid, created_at: &str) -> Result<Vec<u8>> {
        if let Some(signed) = self.signed_report_file(report)? {
            return Ok(signed);
        }
        self.report_file(&self.report_by_id(report)?, created_at)
    }

    /// Signs a finalised report: renders it with its data, signs, keeps the
    /// signed file in the store, marks the report Signed and locks its
    /// period. Returns the report as signed, the file and the signer's
    /// warnings.
    pub fn sign_report(
        &mut self,
        report: Uuid,
        key: &dyn KeySource,
        opts: &SignOptions,
    ) -> Result<(Report, Vec<u8>, Vec<String>)> {
        let r = self.report_by_id(report)?;
        match r.status {
            ReportStatus::Draft => return Err(OfficeError::Draft),
            // A signed file exists and is the one kept: a second one would
            // be neither stored nor audited.
            ReportStatus::Signed => {
                return Err(OfficeError::AlreadySigned {
                    number: r.doc_number(),
                    signer: self.report_signer(report)?.unwrap_or_default(),
                })
            }
            ReportStatus::Final => {}
        }
        let file = self.report_file(&r, &opts.time.to_rfc3339())?;
        let mut signed = crate::sign::sign_pdf(&file, key, opts)?;
        let name = crate::sign::signer_name(key);
        // The level above counts a report by who signs it: a certificate of
        // someone other than the signer printed on the report is said.
        let holder = key
            .chain()
            .first()
            .map(crate::sign::cert::holder_name)
            .unwrap_or_default();
        if !r.signer.name.is_empty()
            && crate::vn::match_key(&holder) != crate::vn::match_key(&r.signer.name)
        {
            signed.warnings.push(format!(
                "chứng thư dùng để ký là của “{holder}”, khác người ký ghi trên báo cáo “{}”: cấp trên sẽ thấy báo cáo do “{holder}” ký.",
                r.signer.name
            ));
        }
        let r = self.mark_report_signed(r.id, &name, &signed.bytes)?;
        Ok((r, signed.bytes, signed.warnings))
    }

    /// The name a report's signed file is exported under: what it is and
    /// which version ("bao-cao-2026-H1-phien-ban-1.pdf").
    pub fn signed_report_file_name(&self, report: Uuid) -> Result<String> {
        let r = self.report_by_id(report)?;
        Ok(format!("bao-cao-{}-phien-ban-{}.pdf", r.period, r.version))
    }

    /// Writes the stored signed file of a report into `dir` under
    /// [`Office::signed_report_file_name`] (numbered if taken), never over
    /// an existing file. Returns the path.
    pub fn export_signed_report(&self, report: Uuid, dir: &Path) -> Result<PathBuf> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let name = self.signed_report_file_name(report)?;
        let stem = name.trim_end_matches(".pdf");
        let path = (0..)
            .map(|i| match i {
                0 => dir.join(&name),
                n => dir.join(format!("{stem}-{n}.pdf")),
            })
            .find(|p| !p.exists())
            .expect("a free name");
        self.export_signed_report_to(report, &path)?;
        Ok(path)
    }

    /// Writes the stored signed file of a report at `path` (chosen by the
    /// officer), refusing an existing file and an unsigned report.
    pub fn export_signed_report_to(&self, report: Uuid, path: &Path) -> Result<()> {
        let r = self.report_by_id(report)?;
        let file = self
            .signed_report_file(report)?
            .ok_or_else(|| OfficeError::NotSigned {
                period: r.period.to_string(),
            })?;
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()).into());
        }
        crate::store::write_file_atomically(path, &file)?;
        Ok(())
    }
}
