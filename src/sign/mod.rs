//! PAdES baseline B-B signatures on finished PDFs: an incremental update
//! adds a signature (filling the report's place for it when an image is
//! shown) and a /Sig dictionary (Adobe.PPKLite, ETSI.CAdES.detached); the CMS
//! SignedData (SHA-256, signing-certificate-v2, the certificate chain)
//! covers every byte but its own placeholder.
//!
//! Key sources: a PKCS#12 file (`p12`) or a PKCS#11 token (`token`), both
//! behind [`KeySource`], so the PDF and CMS code never sees a private key.

pub mod appearance;
pub mod cert;
pub(crate) mod cms;
pub mod modules;
pub mod p12;
pub mod token;
pub(crate) mod update;

use chrono::{DateTime, FixedOffset};
use thiserror::Error;

pub use appearance::Png;
pub use p12::P12Signer;
pub use update::sign_pdf;

/// The name of the empty signature field a report PDF carries where the
/// signer's image goes (between the chức vụ and the name).
pub const SIGNER_FIELD: &str = "Chữ ký người có thẩm quyền";

#[derive(Debug, Error)]
pub enum SignError {
    #[error("Sai mật khẩu của tệp chứng thư số, hoặc tệp không phải PKCS#12 (.p12/.pfx).")]
    Pkcs12,
    #[error("Tệp chứng thư số không có khóa bí mật kèm chứng thư.")]
    NoKey,
    #[error("Khóa bí mật không dùng được: {0}.")]
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
    #[error("Tệp không có chỗ đặt hình chữ ký (ô chữ ký trống của báo cáo): hãy ký không kèm hình, hoặc ký trên bản PDF do phần mềm xuất.")]
    NoPlace,
    #[error("Ảnh không dùng được: {0}")]
    Image(String),
    #[error("Sai mã PIN của thiết bị ký số.{0}")]
    WrongPin(String),
    #[error("Chưa nhập mã PIN của thiết bị ký số: chưa gửi gì tới thiết bị (mã PIN trống sẽ bị tính là một lần nhập sai).")]
    EmptyPin,
    #[error("Mã PIN của thiết bị ký số đã bị khóa do nhập sai nhiều lần: cần mở khóa bằng mã PUK hoặc liên hệ nơi cấp chứng thư.")]
    PinLocked,
    #[error("Thiết bị ký số: {0}")]
    Token(String),
}

/// Where the private operation happens: a .p12 file in memory, or a token
/// that never lets its key out.
pub trait KeySource {
    /// The signer's certificate first, then whatever of its chain is known.
    fn chain(&self) -> &[x509_cert::Certificate];
    /// A signature with SHA-256 over `message`: PKCS#1 v1.5 bytes for an
    /// RSA key, DER (r, s) for an ECDSA P-256 key.
    fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>, SignError>;
}

/// The kinds of key kehoach signs and verifies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Rsa,
    EcdsaP256,
}

/// The kind of a certificate's key, from its public key info.
pub fn key_kind(cert: &x509_cert::Certificate) -> Result<KeyKind, SignError> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    if spki.algorithm.oid == const_oid::db::rfc5912::RSA_ENCRYPTION {
        return Ok(KeyKind::Rsa);
    }
    let p256 = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<const_oid::ObjectIdentifier>().ok())
        == Some(const_oid::db::rfc5912::SECP_256_R_1);
    if spki.algorithm.oid == const_oid::db::rfc5912::ID_EC_PUBLIC_KEY && p256 {
        return Ok(KeyKind::EcdsaP256);
    }
    Err(SignError::Key(format!(
        "loại khóa {} chưa được hỗ trợ (chỉ RSA và ECDSA P-256)",
        spki.algorithm.oid
    )))
}

/// How to sign: when (the officer's clock, passed in) and what to show.
#[derive(Clone, Copy)]
pub struct SignOptions<'a> {
    pub time: DateTime<FixedOffset>,
    /// The signer's signature image (blue, transparent PNG).
    pub image: Option<&'a Png>,
    /// The agency's seal image (red, transparent PNG, real size).
    pub seal: Option<&'a Png>,
}

impl SignOptions<'_> {
    /// An invisible signature at `time`.
    pub fn at(time: DateTime<FixedOffset>) -> SignOptions<'static> {
        SignOptions {
            time,
            image: None,
            seal: None,
        }
    }
}

/// The signed file and what the signer should know about it.
#[derive(Debug)]
pub struct SignedPdf {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

/// The signer's name (the certificate's CN) of a key source.
pub fn signer_name(key: &dyn KeySource) -> String {
    key.chain()
        .first()
        .map(cert::holder_name)
        .unwrap_or_default()
}
