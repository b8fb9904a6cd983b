//! PAdES baseline B-B signatures on finished PDFs: an incremental update
//! adds a signature field and a /Sig dictionary (Adobe.PPKLite,
//! ETSI.CAdES.detached); the CMS SignedData (SHA-256, signing-certificate-v2,
//! the certificate chain) covers every byte but its own placeholder.
//! Key sources: a PKCS#12 file here; the PKCS#11 token is still to come.

use chrono::{DateTime, FixedOffset};
use der::{asn1::OctetString, Decode, Encode};
use lopdf::{dictionary, Document, IncrementalDocument, Object, StringFormat};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// Room for the CMS in /Contents (bytes); the hex text is twice as long.
const CONTENTS_BYTES: usize = 16 * 1024;
const BYTE_RANGE_PLACEHOLDER: &str = "0 9999999999 9999999999 9999999999";

#[derive(Debug, Error)]
pub enum SignError {
    #[error("Sai mật khẩu của tệp chứng thư số, hoặc tệp không phải PKCS#12 (.p12/.pfx).")]
    Pkcs12,
    #[error("Tệp chứng thư số không có khóa bí mật kèm chứng thư.")]
    NoKey,
    #[error("Khóa bí mật trong tệp không dùng được ({0}); hiện chỉ hỗ trợ khóa RSA.")]
    Key(String),
    #[error("Chứng thư số không đọc được: {0}")]
    Certificate(String),
    #[error(
        "Chứng thư số của “{subject}” chỉ có hiệu lực từ {from} đến {to}: không ký được vào {at}."
    )]
    NotValidAt {
        subject: String,
        from: String,
        to: String,
        at: String,
    },
    #[error("Tệp cần ký không phải là PDF đọc được, hoặc đã bị mã hóa: {0}")]
    NotPdf(String),
    #[error("Không tạo được chữ ký: {0}")]
    Cms(String),
}

/// A signing key and its certificate chain (signer first) from a .p12 file.
pub struct P12Signer {
    key: rsa::RsaPrivateKey,
    chain: Vec<x509_cert::Certificate>,
}

impl P12Signer {
    /// Opens a PKCS#12 file. The password is used here and not kept.
    pub fn open(bytes: &[u8], password: &str) -> Result<Self, SignError> {
        use pkcs8::DecodePrivateKey;
        let store = p12_keystore::KeyStore::from_pkcs12(
            bytes,
            password,
            p12_keystore::Pkcs12ImportPolicy::Relaxed,
        )
        .map_err(|_| SignError::Pkcs12)?;
        let (_, chain) = store.private_key_chain().ok_or(SignError::NoKey)?;
        let key = rsa::RsaPrivateKey::from_pkcs8_der(chain.key().as_der())
            .map_err(|e| SignError::Key(e.to_string()))?;
        let certs = chain
            .certs()
            .iter()
            .map(|c| {
                x509_cert::Certificate::from_der(c.as_der())
                    .map_err(|e| SignError::Certificate(e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if certs.is_empty() {
            return Err(SignError::NoKey);
        }
        Ok(P12Signer { key, chain: certs })
    }

    pub fn certificate(&self) -> &x509_cert::Certificate {
        &self.chain[0]
    }

    /// The signer's name (the certificate's common name, CN), as a person
    /// reads it; the whole subject when there is no CN.
    pub fn subject(&self) -> String {
        let subject = &self.certificate().tbs_certificate.subject;
        subject
            .0
            .iter()
            .flat_map(|rdn| rdn.0.iter())
            .find(|atv| atv.oid == const_oid::db::rfc4519::CN)
            .and_then(|atv| {
                der::asn1::Utf8StringRef::try_from(&atv.value)
                    .map(|s| s.as_str().to_string())
                    .or_else(|_| {
                        der::asn1::PrintableStringRef::try_from(&atv.value)
                            .map(|s| s.as_str().to_string())
                    })
                    .ok()
            })
            .unwrap_or_else(|| subject.to_string())
    }
}

fn pdf_date(t: &DateTime<FixedOffset>) -> String {
    let off = t.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    format!(
        "D:{}{sign}{:02}'{:02}'",
        t.format("%Y%m%d%H%M%S"),
        off.abs() / 3600,
        off.abs() % 3600 / 60
    )
}

/// A PDF text string: UTF-16BE with BOM, so Vietnamese names survive.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Signs `pdf` at `signing_time` (the officer's clock, passed in). Returns
/// the signed bytes: the original file unchanged, then the update.
pub fn sign_pdf(
    pdf: &[u8],
    signer: &P12Signer,
    signing_time: DateTime<FixedOffset>,
) -> Result<Vec<u8>, SignError> {
    // The certificate must be valid when signing.
    let validity = &signer.certificate().tbs_certificate.validity;
    let (from, to) = (
        validity.not_before.to_unix_duration(),
        validity.not_after.to_unix_duration(),
    );
    let at = std::time::Duration::from_secs(signing_time.timestamp().max(0) as u64);
    if at < from || at > to {
        let show = |d: std::time::Duration| {
            chrono::DateTime::from_timestamp(d.as_secs() as i64, 0)
                .map(|t| {
                    t.with_timezone(signing_time.offset())
                        .format("%d/%m/%Y %H:%M")
                        .to_string()
                })
                .unwrap_or_default()
        };
        return Err(SignError::NotValidAt {
            subject: signer.subject(),
            from: show(from),
            to: show(to),
            at: signing_time.format("%d/%m/%Y %H:%M").to_string(),
        });
    }

    let prev = Document::load_mem(pdf).map_err(|e| SignError::NotPdf(e.to_string()))?;
    if prev.is_encrypted() {
        return Err(SignError::NotPdf("tệp đã mã hóa".into()));
    }
    let first_page = *prev
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| SignError::NotPdf("không có trang nào".into()))?;
    let root_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| SignError::NotPdf(e.to_string()))?;
    let existing_fields = prev
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|a| match a {
            Object::Dictionary(d) => d
                .get(b"Fields")
                .ok()
                .and_then(|f| f.as_array().ok())
                .cloned(),
            Object::Reference(id) => prev
                .get_dictionary(*id)
                .ok()
                .and_then(|d| d.get(b"Fields").ok())
                .and_then(|f| f.as_array().ok())
                .cloned(),
            _ => None,
        })
        .unwrap_or_default();

    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    let doc = &mut inc.new_document;
    let sig_id = doc.add_object(dictionary! {
        "Type" => "Sig",
        "Filter" => "Adobe.PPKLite",
        "SubFilter" => "ETSI.CAdES.detached",
        "ByteRange" => Object::Array(vec![0.into(), 9_999_999_999i64.into(), 9_999_999_999i64.into(), 9_999_999_999i64.into()]),
        "Contents" => Object::String(vec![0; CONTENTS_BYTES], StringFormat::Hexadecimal),
        "M" => Object::String(pdf_date(&signing_time).into_bytes(), StringFormat::Literal),
        "Name" => text_string(&signer.subject()),
    });
    let field_name = format!("Chữ ký {}", existing_fields.len() + 1);
    let widget_id = doc.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Sig",
        "T" => text_string(&field_name),
        "V" => sig_id,
        "Rect" => vec![0.into(), 0.into(), 0.into(), 0.into()],
        "F" => 132,
        "P" => first_page,
    });
    inc.opt_clone_object_to_new_document(first_page)
        .map_err(|e| SignError::NotPdf(e.to_string()))?;
    inc.opt_clone_object_to_new_document(root_id)
        .map_err(|e| SignError::NotPdf(e.to_string()))?;
    let doc = &mut inc.new_document;
    {
        let page = doc
            .get_dictionary_mut(first_page)
            .map_err(|e| SignError::NotPdf(e.to_string()))?;
        let mut annots = page
            .get(b"Annots")
            .ok()
            .and_then(|a| a.as_array().ok())
            .cloned()
            .unwrap_or_default();
        annots.push(widget_id.into());
        page.set("Annots", annots);
    }
    let mut fields = existing_fields;
    fields.push(widget_id.into());
    {
        let catalog = doc
            .get_dictionary_mut(root_id)
            .map_err(|e| SignError::NotPdf(e.to_string()))?;
        catalog.set(
            "AcroForm",
            dictionary! { "Fields" => fields, "SigFlags" => 3 },
        );
    }
    let mut out = Vec::new();
    inc.save_to(&mut out)
        .map_err(|e| SignError::NotPdf(e.to_string()))?;

    // Fill in the byte range, then the signature over it.
    let update_from = pdf.len();
    let zeros = vec![b'0'; CONTENTS_BYTES * 2];
    let hex_at = find(&out, &zeros, update_from)
        .ok_or_else(|| SignError::Cms("không thấy chỗ đặt chữ ký".into()))?;
    let (start, end) = (hex_at - 1, hex_at + zeros.len() + 1); // '<' … '>'
    let br_at = find(&out, BYTE_RANGE_PLACEHOLDER.as_bytes(), update_from)
        .ok_or_else(|| SignError::Cms("không thấy ByteRange".into()))?;
    let ranges = format!("0 {} {} {}", start, end, out.len() - end);
    let padded = format!("{ranges:<width$}", width = BYTE_RANGE_PLACEHOLDER.len());
    out[br_at..br_at + padded.len()].copy_from_slice(padded.as_bytes());
    let mut hasher = Sha256::new();
    hasher.update(&out[..start]);
    hasher.update(&out[end..]);
    let digest = hasher.finalize();
    let cms = cms_signature(signer, &digest)?;
    if cms.len() > CONTENTS_BYTES {
        return Err(SignError::Cms(format!(
            "chữ ký dài {} byte, quá chỗ dành sẵn",
            cms.len()
        )));
    }
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    out[hex_at..hex_at + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// ESS signing-certificate-v2 (RFC 5035): binds the signer's certificate.
#[derive(der::Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

#[derive(der::Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn cms_signature(signer: &P12Signer, digest: &[u8]) -> Result<Vec<u8>, SignError> {
    use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
    use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
    use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
    use spki::AlgorithmIdentifierOwned;
    fn err<E: std::fmt::Display>(e: E) -> SignError {
        SignError::Cms(e.to_string())
    }
    let cert = signer.certificate();
    let sha256 = AlgorithmIdentifierOwned {
        oid: const_oid::db::rfc5912::ID_SHA_256,
        parameters: None,
    };
    let eci = EncapsulatedContentInfo {
        econtent_type: const_oid::db::rfc5911::ID_DATA,
        econtent: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let signing_key = rsa::pkcs1v15::SigningKey::<Sha256>::new(signer.key.clone());
    let mut info = SignerInfoBuilder::new(&signing_key, sid, sha256.clone(), &eci, Some(digest))
        .map_err(err)?;
    let cert_hash = Sha256::digest(cert.to_der().map_err(err)?);
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(cert_hash.to_vec()).map_err(err)?,
        }],
    };
    let value = der::Any::from_der(&ess.to_der().map_err(err)?).map_err(err)?;
    let mut values = der::asn1::SetOfVec::new();
    values.insert(value).map_err(err)?;
    info.add_signed_attribute(x509_cert::attr::Attribute {
        oid: const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47"),
        values,
    })
    .map_err(err)?;
    let mut builder = SignedDataBuilder::new(&eci);
    builder.add_digest_algorithm(sha256).map_err(err)?;
    for c in &signer.chain {
        builder
            .add_certificate(CertificateChoices::Certificate(c.clone()))
            .map_err(err)?;
    }
    builder
        .add_signer_info::<_, rsa::pkcs1v15::Signature>(info)
        .map_err(err)?;
    let content = builder.build().map_err(err)?;
    content.to_der().map_err(err)
}
