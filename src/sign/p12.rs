//! A signing key from a PKCS#12 file (.p12/.pfx).

use der::Decode;
use sha2::Sha256;

use super::{KeySource, SignError};

enum PrivateKey {
    Rsa(rsa::RsaPrivateKey),
    P256(p256::ecdsa::SigningKey),
}

/// A signing key and its certificate chain (signer first) from a .p12 file.
pub struct P12Signer {
    key: PrivateKey,
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
        let der = chain.key().as_der();
        let key = match rsa::RsaPrivateKey::from_pkcs8_der(der) {
            Ok(k) => PrivateKey::Rsa(k),
            Err(_) => p256::ecdsa::SigningKey::from_pkcs8_der(der)
                .map(PrivateKey::P256)
                .map_err(|_| SignError::Key("chỉ hỗ trợ khóa RSA và ECDSA P-256".into()))?,
        };
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
}

impl KeySource for P12Signer {
    fn chain(&self) -> &[x509_cert::Certificate] {
        &self.chain
    }

    fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        use signature::{SignatureEncoding, Signer};
        let failed = |e: signature::Error| SignError::Cms(e.to_string());
        match &self.key {
            PrivateKey::Rsa(k) => {
                let key = rsa::pkcs1v15::SigningKey::<Sha256>::new(k.clone());
                Ok(key.try_sign(message).map_err(failed)?.to_vec())
            }
            PrivateKey::P256(k) => {
                let sig: p256::ecdsa::DerSignature = k.try_sign(message).map_err(failed)?;
                Ok(sig.to_vec())
            }
        }
    }
}
