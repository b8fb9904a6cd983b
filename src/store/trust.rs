//! The CA certificates the officer has chosen to trust (imported from
//! files; nothing is fetched). Signatures of received files are checked
//! against them.

use der::{Decode, Encode};
use serde::Serialize;

use super::{audit, Result, Store, StoreError};
use crate::sign::cert;

/// A trusted certificate as listed.
#[derive(Debug, Clone, Serialize)]
pub struct TrustedCertificate {
    pub fingerprint: String,
    pub name: String,
    pub added_at: String,
    #[serde(flatten)]
    pub info: cert::CertInfo,
}

impl Store {
    /// Adds CA certificates (PEM, one or many, or DER). Returns those added;
    /// one already trusted is skipped.
    pub(crate) fn trust_certificates(
        &mut self,
        bytes: &[u8],
        source: &str,
    ) -> Result<Vec<TrustedCertificate>> {
        let certs = cert::parse_certificates(bytes).map_err(|e| StoreError::Invalid {
            field: "Chứng thư số",
            message: format!("{source} không phải chứng thư số đọc được ({e})."),
        })?;
        let mut added = Vec::new();
        for c in certs {
            let der = c.to_der().map_err(|e| StoreError::Invalid {
                field: "Chứng thư số",
                message: e.to_string(),
            })?;
            let info = cert::describe(&c);
            let fresh = self.write(|tx| {
                let n = tx.execute(
                    "INSERT OR IGNORE INTO trusted_certificates (fingerprint, der, name, added_at) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![info.fingerprint, der, info.name, tx.at()],
                )?;
                if n > 0 {
                    audit::record(
                        tx,
                        "trusted_certificate",
                        &info.fingerprint,
                        "add",
                        None,
                        Some(serde_json::json!({ "name": info.name, "from": source })),
                    )?;
                }
                Ok((n > 0).then(|| tx.at().to_string()))
            })?;
            if let Some(now) = fresh {
                added.push(TrustedCertificate {
                    fingerprint: info.fingerprint.clone(),
                    name: info.name.clone(),
                    added_at: now,
                    info,
                });
            }
        }
        Ok(added)
    }

    /// Stops trusting a CA certificate, named by its fingerprint (or the
    /// start of it, at least 8 characters, when that names only one). Files
    /// already received stay as they were judged; later files signed under
    /// it are refused as untrusted.
    pub(crate) fn untrust_certificate(&mut self, fingerprint: &str) -> Result<TrustedCertificate> {
        let wanted = fingerprint.trim().to_lowercase().replace(':', "");
        let found: Vec<TrustedCertificate> = self
            .trust_list()?
            .into_iter()
            .filter(|t| wanted.len() >= 8 && t.fingerprint.to_lowercase().starts_with(&wanted))
            .collect();
        let one = match found.len() {
            1 => found.into_iter().next().expect("one"),
            0 => {
                return Err(StoreError::NotFoundItem {
                    what: "chứng thư được tin cậy",
                    query: fingerprint.to_string(),
                })
            }
            _ => {
                return Err(StoreError::Ambiguous {
                    what: "chứng thư được tin cậy",
                    query: fingerprint.to_string(),
                    candidates: found
                        .iter()
                        .map(|t| format!("{} ({})", t.name, &t.fingerprint[..16]))
                        .collect::<Vec<_>>()
                        .join("; "),
                })
            }
        };
        self.write(|tx| {
            tx.execute(
                "DELETE FROM trusted_certificates WHERE fingerprint = ?1",
                [&one.fingerprint],
            )?;
            audit::record(
                tx,
                "trusted_certificate",
                &one.fingerprint,
                "remove",
                Some(serde_json::json!({ "name": one.name })),
                None,
            )
        })?;
        Ok(one)
    }

    /// The trusted certificates, for checking signatures.
    pub(crate) fn trusted_certificates(&self) -> Result<Vec<x509_cert::Certificate>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT der FROM trusted_certificates ORDER BY added_at, fingerprint",
        )?;
        let ders = stmt
            .query_map([], |r| r.get::<_, Vec<u8>>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ders
            .iter()
            .filter_map(|d| x509_cert::Certificate::from_der(d).ok())
            .collect())
    }

    /// The trusted certificates, described.
    pub(crate) fn trust_list(&self) -> Result<Vec<TrustedCertificate>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT fingerprint, name, added_at, der FROM trusted_certificates ORDER BY name COLLATE vi",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Vec<u8>>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(fingerprint, name, added_at, der)| {
                let c = x509_cert::Certificate::from_der(&der).ok()?;
                Some(TrustedCertificate {
                    fingerprint,
                    name,
                    added_at,
                    info: cert::describe(&c),
                })
            })
            .collect())
    }
}
