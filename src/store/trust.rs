//! The CA certificates the officer has chosen to trust (imported from
//! files; nothing is fetched). Signatures of received files are checked
//! against them.

use der::Decode;
use serde::Serialize;

use super::{audit, Result, Store};
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

/// Trusts a CA certificate inside `tx` (audited); the moment it was added,
/// or None when it was trusted already.
pub(crate) fn insert_in(
    tx: &super::Tx,
    info: &cert::CertInfo,
    der: &[u8],
    source: &str,
) -> Result<Option<String>> {
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
}

/// Stops trusting a CA certificate inside `tx`, audited.
pub(crate) fn remove_in(tx: &super::Tx, one: &TrustedCertificate) -> Result<()> {
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
}
