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
pub mod p12;
pub mod token;
mod update;

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
    #[error("Tệp không có chỗ đặt hình chữ ký (ô chữ ký trống của báo cáo): hãy ký không kèm hình, hoặc ký trên bản PDF do phần mềm xuất.")]
    NoPlace,
    #[error("Ảnh không dùng được: {0}")]
    Image(String),
    #[error("Sai mã PIN của thiết bị ký số.{0}")]
    WrongPin(String),
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
    /// An RSA PKCS#1 v1.5 signature with SHA-256 over `message`.
    fn sign_sha256_rsa(&self, message: &[u8]) -> Result<Vec<u8>, SignError>;
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
