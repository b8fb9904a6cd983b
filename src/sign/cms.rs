//! The CMS SignedData of a PAdES B-B signature: SHA-256 over the PDF's byte
//! range (an external digest), the signing-certificate-v2 attribute, the
//! certificate chain. The private operation is the key source's, so a token
//! keeps its key.

use std::cell::RefCell;

use der::{asn1::OctetString, Decode, Encode};
use sha2::{Digest, Sha256};

use super::{KeySource, SignError};

/// ESS signing-certificate-v2 (RFC 5035): binds the signer's certificate.
#[derive(der::Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

#[derive(der::Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

pub(crate) const ID_AA_SIGNING_CERTIFICATE_V2: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// Lets the `cms` builder drive any key source; `V` is the public key's
/// type, which fixes the signature algorithm. The source's own error is
/// kept, since the builder's error type cannot carry it.
struct CmsKey<'a, V> {
    source: &'a dyn KeySource,
    public: V,
    error: RefCell<Option<SignError>>,
}

impl<V: Clone> signature::Keypair for CmsKey<'_, V> {
    type VerifyingKey = V;
    fn verifying_key(&self) -> V {
        self.public.clone()
    }
}

impl<V> CmsKey<'_, V> {
    fn sign_bytes(&self, msg: &[u8]) -> Result<Vec<u8>, signature::Error> {
        self.source.sign_sha256(msg).map_err(|e| {
            *self.error.borrow_mut() = Some(e);
            signature::Error::new()
        })
    }
}

type RsaKey<'a> = CmsKey<'a, rsa::pkcs1v15::VerifyingKey<Sha256>>;
type EcKey<'a> = CmsKey<'a, p256::ecdsa::VerifyingKey>;

impl spki::SignatureAlgorithmIdentifier for RsaKey<'_> {
    type Params = der::AnyRef<'static>;
    const SIGNATURE_ALGORITHM_IDENTIFIER: spki::AlgorithmIdentifier<Self::Params> =
        spki::AlgorithmIdentifier {
            oid: const_oid::db::rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
            parameters: Some(der::AnyRef::NULL),
        };
}

impl spki::SignatureAlgorithmIdentifier for EcKey<'_> {
    type Params = der::AnyRef<'static>;
    const SIGNATURE_ALGORITHM_IDENTIFIER: spki::AlgorithmIdentifier<Self::Params> =
        spki::AlgorithmIdentifier {
            oid: const_oid::db::rfc5912::ECDSA_WITH_SHA_256,
            parameters: None,
        };
}

impl signature::Signer<rsa::pkcs1v15::Signature> for RsaKey<'_> {
    fn try_sign(&self, msg: &[u8]) -> Result<rsa::pkcs1v15::Signature, signature::Error> {
        rsa::pkcs1v15::Signature::try_from(self.sign_bytes(msg)?.as_slice())
    }
}

impl signature::Signer<p256::ecdsa::DerSignature> for EcKey<'_> {
    fn try_sign(&self, msg: &[u8]) -> Result<p256::ecdsa::DerSignature, signature::Error> {
        p256::ecdsa::DerSignature::try_from(self.sign_bytes(msg)?.as_slice())
    }
}

/// The RSA public key of a certificate.
pub(crate) fn rsa_public_key(
    cert: &x509_cert::Certificate,
) -> Result<rsa::RsaPublicKey, SignError> {
    use spki::DecodePublicKey;
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| SignError::Certificate(e.to_string()))?;
    rsa::RsaPublicKey::from_public_key_der(&spki)
        .map_err(|_| SignError::Key("khóa của chứng thư không phải RSA".into()))
}

/// The ECDSA P-256 public key of a certificate.
pub(crate) fn ec_public_key(
    cert: &x509_cert::Certificate,
) -> Result<p256::ecdsa::VerifyingKey, SignError> {
    use spki::DecodePublicKey;
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| SignError::Certificate(e.to_string()))?;
    p256::ecdsa::VerifyingKey::from_public_key_der(&spki)
        .map_err(|_| SignError::Key("khóa của chứng thư không phải ECDSA P-256".into()))
}

fn err<E: std::fmt::Display>(e: E) -> SignError {
    SignError::Cms(e.to_string())
}

/// ESS signing-certificate-v2 for `cert`, as a signed attribute.
fn signing_certificate_v2(
    cert: &x509_cert::Certificate,
) -> Result<x509_cert::attr::Attribute, SignError> {
    let cert_hash = Sha256::digest(cert.to_der().map_err(err)?);
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(cert_hash.to_vec()).map_err(err)?,
        }],
    };
    let value = der::Any::from_der(&ess.to_der().map_err(err)?).map_err(err)?;
    let mut values = der::asn1::SetOfVec::new();
    values.insert(value).map_err(err)?;
    Ok(x509_cert::attr::Attribute {
        oid: ID_AA_SIGNING_CERTIFICATE_V2,
        values,
    })
}

fn signer_info<'s, S>(
    key: &'s S,
    sid: cms::signed_data::SignerIdentifier,
    sha256: spki::AlgorithmIdentifierOwned,
    eci: &'s cms::signed_data::EncapsulatedContentInfo,
    digest: &'s [u8],
    ess: x509_cert::attr::Attribute,
) -> Result<cms::builder::SignerInfoBuilder<'s, S>, SignError>
where
    S: signature::Keypair + spki::DynSignatureAlgorithmIdentifier,
{
    let mut info =
        cms::builder::SignerInfoBuilder::new(key, sid, sha256, eci, Some(digest)).map_err(err)?;
    info.add_signed_attribute(ess).map_err(err)?;
    Ok(info)
}

/// The DER bytes of a CMS SignedData over `digest` (SHA-256 of the content).
pub(crate) fn signed_data(source: &dyn KeySource, digest: &[u8]) -> Result<Vec<u8>, SignError> {
    use cms::builder::SignedDataBuilder;
    use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
    use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
    use spki::AlgorithmIdentifierOwned;
    let chain = source.chain();
    let cert = chain.first().ok_or(SignError::NoKey)?;
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
    let ess = signing_certificate_v2(cert)?;
    let mut builder = SignedDataBuilder::new(&eci);
    builder.add_digest_algorithm(sha256.clone()).map_err(err)?;
    for c in chain {
        builder
            .add_certificate(CertificateChoices::Certificate(c.clone()))
            .map_err(err)?;
    }
    match super::key_kind(cert)? {
        super::KeyKind::Rsa => {
            let key: RsaKey = CmsKey {
                source,
                public: rsa::pkcs1v15::VerifyingKey::new(rsa_public_key(cert)?),
                error: RefCell::new(None),
            };
            let info = signer_info(&key, sid, sha256, &eci, digest, ess)?;
            let added = builder.add_signer_info::<_, rsa::pkcs1v15::Signature>(info);
            if let Some(e) = key.error.borrow_mut().take() {
                return Err(e);
            }
            added.map_err(err)?;
        }
        super::KeyKind::EcdsaP256 => {
            let key: EcKey = CmsKey {
                source,
                public: ec_public_key(cert)?,
                error: RefCell::new(None),
            };
            let info = signer_info(&key, sid, sha256, &eci, digest, ess)?;
            let added = builder.add_signer_info::<_, p256::ecdsa::DerSignature>(info);
            if let Some(e) = key.error.borrow_mut().take() {
                return Err(e);
            }
            added.map_err(err)?;
        }
    }
    let content = builder.build().map_err(err)?;
    content.to_der().map_err(err)
}
