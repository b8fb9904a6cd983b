//! The office's own database: backups and restoring one.

use std::path::{Path, PathBuf};

use x509_cert::der::Encode;

use super::Office;
use crate::sign::cert;
use crate::store::{self, Result, StoreError, TrustedCertificate};

impl Office {
    /// Where a backup made now goes unless the officer chooses: `dir`,
    /// under a name with the date and time.
    pub fn backup_suggestion(&self, dir: &Path) -> PathBuf {
        let stamp = self.now().format("%Y-%m-%d-%H%M%S");
        dir.join(format!("sao-luu-kehoach-{stamp}.sqlite"))
    }

    /// Where the database in use is kept when a backup is restored over it:
    /// beside it, under a name with the date and time.
    pub fn aside_path(&self) -> PathBuf {
        let stamp = self.now().format("%Y-%m-%d-%H%M%S");
        self.store
            .path()
            .with_file_name(format!("truoc-phuc-hoi-{stamp}.sqlite"))
    }

    /// Adds CA certificates (PEM, one or many, or DER), all in one
    /// transaction. Returns those added; one already trusted is skipped.
    pub fn trust_certificates(
        &mut self,
        bytes: &[u8],
        source: &str,
    ) -> Result<Vec<TrustedCertificate>> {
        let certs = cert::parse_certificates(bytes).map_err(|e| StoreError::Invalid {
            field: "Chứng thư số",
            message: format!("{source} không phải chứng thư số đọc được ({e})."),
        })?;
        // Every certificate read first, then all trusted in one transaction.
        let read = certs
            .iter()
            .map(|c| {
                let der = c.to_der().map_err(|e| StoreError::Invalid {
                    field: "Chứng thư số",
                    message: e.to_string(),
                })?;
                Ok((cert::describe(c), der))
            })
            .collect::<Result<Vec<_>>>()?;
        let added = self.write(|tx| {
            let mut added = Vec::new();
            for (info, der) in read {
                if let Some(now) = store::trust::insert_in(tx, &info, &der, source)? {
                    added.push(TrustedCertificate {
                        fingerprint: info.fingerprint.clone(),
                        name: info.name.clone(),
                        added_at: now,
                        info,
                    });
                }
            }
            Ok(added)
        })?;
        Ok(added)
    }

    /// Stops trusting a CA certificate, named by its fingerprint (or the
    /// start of it, at least 8 characters, when that names only one). Files
    /// already received stay as they were judged; later files signed under
    /// it are refused as untrusted.
    pub fn untrust_certificate(&mut self, fingerprint: &str) -> Result<TrustedCertificate> {
        let wanted = fingerprint.trim().to_lowercase().replace(':', "");
        let found: Vec<TrustedCertificate> = self
            .trust_list()?
            .into_iter()
            .filter(|t| wanted.len() >= 8 && t.fingerprint.to_lowercase().starts_with(&wanted))
            .collect();
        let one = super::the_one(
            found,
            "chứng thư được tin cậy",
            fingerprint,
            usize::MAX,
            "; ",
            |t| format!("{} ({})", t.name, &t.fingerprint[..16]),
        )?;
        self.write(|tx| store::trust::remove_in(tx, &one))?;
        Ok(one)
    }
}
