//! What a person needs to know about a certificate: whose it is, who issued
//! it, when it is valid, and whether it may sign documents.

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

/// A certificate described in plain data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertInfo {
    /// The holder's name (CN), e.g. "Nguyễn Văn An".
    pub name: String,
    /// The holder's organisation (O), when the certificate says.
    pub organisation: Option<String>,
    /// The issuer's name (CN, or the whole issuer).
    pub issuer: String,
    /// Serial number, hex.
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// `not_after` as read: "31/12/2027".
    pub not_after_label: String,
    /// SHA-256 of the certificate, hex: how a person compares two.
    pub fingerprint: String,
    /// The key usage allows signing documents (digitalSignature or
    /// nonRepudiation), or the certificate does not restrict it.
    pub can_sign_documents: bool,
}

/// The value of the first attribute `oid` in a name, as text.
pub fn name_attribute(
    name: &x509_cert::name::Name,
    oid: der::oid::ObjectIdentifier,
) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == oid)
        .and_then(|atv| {
            der::asn1::Utf8StringRef::try_from(&atv.value)
                .map(|s| s.as_str().to_string())
                .or_else(|_| {
                    der::asn1::PrintableStringRef::try_from(&atv.value)
                        .map(|s| s.as_str().to_string())
                })
                .or_else(|_| {
                    der::asn1::Ia5StringRef::try_from(&atv.value).map(|s| s.as_str().to_string())
                })
                .or_else(|_| {
                    // BMPString (UTF-16BE), still issued by some CAs.
                    (der::Tagged::tag(&atv.value) == der::Tag::BmpString)
                        .then(|| {
                            let b = atv.value.value();
                            let units: Vec<u16> = b
                                .chunks_exact(2)
                                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                                .collect();
                            String::from_utf16(&units).ok()
                        })
                        .flatten()
                        .ok_or(())
                })
                .ok()
        })
        .map(|s| crate::vn::nfc(&s))
}

/// The holder's common name, or the whole subject when there is none.
pub fn holder_name(cert: &Certificate) -> String {
    let subject = &cert.tbs_certificate.subject;
    name_attribute(subject, const_oid::db::rfc4519::CN).unwrap_or_else(|| subject.to_string())
}

fn time(t: &x509_cert::time::Time) -> DateTime<Utc> {
    DateTime::from_timestamp(t.to_unix_duration().as_secs() as i64, 0).unwrap_or_default()
}

/// Whether the key usage extension allows document signatures; `true`
/// when the extension is absent (no restriction).
fn can_sign_documents(cert: &Certificate) -> bool {
    use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
    let Some(exts) = &cert.tbs_certificate.extensions else {
        return true;
    };
    match exts
        .iter()
        .find(|e| e.extn_id == const_oid::db::rfc5280::ID_CE_KEY_USAGE)
    {
        None => true,
        Some(e) => KeyUsage::from_der(e.extn_value.as_bytes())
            .map(|ku| {
                ku.0.contains(KeyUsages::DigitalSignature)
                    || ku.0.contains(KeyUsages::NonRepudiation)
            })
            .unwrap_or(false),
    }
}

pub fn describe(cert: &Certificate) -> CertInfo {
    let tbs = &cert.tbs_certificate;
    CertInfo {
        name: holder_name(cert),
        organisation: name_attribute(&tbs.subject, const_oid::db::rfc4519::O),
        issuer: name_attribute(&tbs.issuer, const_oid::db::rfc4519::CN)
            .unwrap_or_else(|| tbs.issuer.to_string()),
        serial: tbs
            .serial_number
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect(),
        not_before: time(&tbs.validity.not_before),
        not_after: time(&tbs.validity.not_after),
        not_after_label: crate::label::date(Some(time(&tbs.validity.not_after).date_naive())),
        fingerprint: hex(&Sha256::digest(cert.to_der().unwrap_or_default())),
        can_sign_documents: can_sign_documents(cert),
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Whether `cert` is valid at `at`.
pub fn valid_at(cert: &Certificate, at: DateTime<Utc>) -> bool {
    let info = describe(cert);
    info.not_before <= at && at <= info.not_after
}

/// Bytes that are not a certificate; the reader's words, for a log.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct NotACertificate(pub String);

/// Reads certificates from PEM text (one or many) or one DER file.
pub fn parse_certificates(bytes: &[u8]) -> Result<Vec<Certificate>, NotACertificate> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if text.contains("-----BEGIN CERTIFICATE-----") {
            use der::DecodePem;
            let mut out = Vec::new();
            let mut rest = text;
            while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
                let end_marker = "-----END CERTIFICATE-----";
                let end = rest[start..]
                    .find(end_marker)
                    .ok_or_else(|| NotACertificate("khối PEM không có dòng kết thúc".into()))?
                    + start;
                let block = &rest[start..end + end_marker.len()];
                out.push(Certificate::from_pem(block).map_err(|e| NotACertificate(e.to_string()))?);
                rest = &rest[end + end_marker.len()..];
            }
            return Ok(out);
        }
    }
    Certificate::from_der(bytes)
        .map(|c| vec![c])
        .map_err(|e| NotACertificate(e.to_string()))
}
