//! Signing keys on a PKCS#11 token (the USB tokens of the government CA and
//! the commercial CAs). The module path comes from the officer's settings;
//! the PIN is asked each time, used for one login and not kept. The private
//! key never leaves the token: only the data to sign goes in.

use std::path::Path;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use der::Decode;
use serde::Serialize;

use super::cert::{self, CertInfo};
use super::{KeySource, SignError};

/// A token in a slot and the certificates it holds.
#[derive(Debug, Clone, Serialize)]
pub struct TokenInfo {
    pub slot: u64,
    pub label: String,
    pub manufacturer: String,
    pub serial: String,
    pub certificates: Vec<TokenCertificate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TokenCertificate {
    /// CKA_ID, hex: pairs the certificate with its key.
    pub id: String,
    pub label: String,
    #[serde(flatten)]
    pub info: CertInfo,
}

fn token_err(e: CkError) -> SignError {
    SignError::Token(match e {
        CkError::LibraryLoading(_) => {
            "không nạp được thư viện PKCS#11: tệp hỏng, không phải thư viện của thiết bị ký số, hoặc của máy khác (32/64 bit)".into()
        }
        CkError::Pkcs11(RvError::TokenNotPresent, _)
        | CkError::Pkcs11(RvError::DeviceRemoved, _) => {
            "không thấy thiết bị: hãy cắm lại USB ký số".into()
        }
        other => other.to_string(),
    })
}

fn load(module: &Path) -> Result<Pkcs11, SignError> {
    if !module.exists() {
        let name = module
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Err(SignError::Token(format!(
            "không có thư viện PKCS#11 “{name}” trên máy: hãy cài phần mềm đi kèm thiết bị ký số, hoặc chọn đúng tệp .so/.dll"
        )));
    }
    let p = Pkcs11::new(module).map_err(token_err)?;
    match p.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) => Ok(p),
        Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => Ok(p),
        Err(e) => Err(token_err(e)),
    }
}

fn attr_bytes(session: &Session, obj: ObjectHandle, ty: AttributeType) -> Option<Vec<u8>> {
    session
        .get_attributes(obj, &[ty])
        .ok()?
        .into_iter()
        .find_map(|a| match a {
            Attribute::Id(v) | Attribute::Label(v) | Attribute::Value(v) => Some(v),
            _ => None,
        })
}

/// The certificates on a session's token: (CKA_ID, label, certificate).
fn certificates(
    session: &Session,
) -> Result<Vec<(Vec<u8>, String, x509_cert::Certificate)>, SignError> {
    let handles = session
        .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
        .map_err(token_err)?;
    let mut out = Vec::new();
    for h in handles {
        let Some(value) = attr_bytes(session, h, AttributeType::Value) else {
            continue;
        };
        let Ok(c) = x509_cert::Certificate::from_der(&value) else {
            continue;
        };
        let id = attr_bytes(session, h, AttributeType::Id).unwrap_or_default();
        let label = attr_bytes(session, h, AttributeType::Label)
            .map(|l| String::from_utf8_lossy(&l).into_owned())
            .unwrap_or_default();
        out.push((id, label, c));
    }
    Ok(out)
}

/// Lists the tokens a module sees and their certificates (no PIN needed:
/// certificates are public objects).
pub fn list(module: &Path) -> Result<Vec<TokenInfo>, SignError> {
    let p = load(module)?;
    let mut out = Vec::new();
    for slot in p.get_slots_with_initialized_token().map_err(token_err)? {
        let info = p.get_token_info(slot).map_err(token_err)?;
        let session = p.open_ro_session(slot).map_err(token_err)?;
        let certificates = certificates(&session)?
            .into_iter()
            .map(|(id, label, c)| TokenCertificate {
                id: cert::hex(&id),
                label,
                info: cert::describe(&c),
            })
            .collect();
        out.push(TokenInfo {
            slot: slot.id(),
            label: info.label().trim().to_string(),
            manufacturer: info.manufacturer_id().trim().to_string(),
            serial: info.serial_number().trim().to_string(),
            certificates,
        });
    }
    Ok(out)
}

/// A logged-in session on a token and the key to sign with.
pub struct TokenSigner {
    session: Session,
    key: ObjectHandle,
    kind: super::KeyKind,
    chain: Vec<x509_cert::Certificate>,
}

fn choose_slot(p: &Pkcs11, slot: Option<u64>) -> Result<Slot, SignError> {
    let slots = p.get_slots_with_initialized_token().map_err(token_err)?;
    match slot {
        Some(id) => slots.into_iter().find(|s| s.id() == id).ok_or_else(|| {
            SignError::Token(format!(
                "không có thiết bị ở khe {id}: hãy xem lại danh sách thiết bị và chứng thư rồi chọn"
            ))
        }),
        None => match slots.len() {
            0 => Err(SignError::Token(
                "không thấy thiết bị ký số nào: hãy cắm USB ký số".into(),
            )),
            1 => Ok(slots[0]),
            n => Err(SignError::Token(format!(
                "đang cắm {n} thiết bị ký số: hãy chọn thiết bị (khe) cần dùng trong danh sách thiết bị và chứng thư"
            ))),
        },
    }
}

impl TokenSigner {
    /// Logs in with `pin` (once: a wrong PIN is never retried here) and
    /// finds the signing key and its certificate.
    pub fn open(module: &Path, slot: Option<u64>, pin: &str) -> Result<TokenSigner, SignError> {
        // A token counts an empty PIN as a wrong one: never sent.
        if pin.trim().is_empty() {
            return Err(SignError::EmptyPin);
        }
        let p = load(module)?;
        let slot = choose_slot(&p, slot)?;
        let session = p.open_ro_session(slot).map_err(token_err)?;
        match session.login(UserType::User, Some(&AuthPin::new(pin.into()))) {
            Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(CkError::Pkcs11(RvError::PinIncorrect, _))
            | Err(CkError::Pkcs11(RvError::PinLenRange, _)) => {
                let info = p.get_token_info(slot).ok();
                let hint = match info {
                    Some(i) if i.user_pin_locked() => return Err(SignError::PinLocked),
                    Some(i) if i.user_pin_final_try() => {
                        " Chỉ còn MỘT lần thử: nhập sai lần nữa thiết bị sẽ khóa mã PIN."
                    }
                    Some(i) if i.user_pin_count_low() => {
                        " Thiết bị báo đã nhập sai nhiều lần: còn ít lần thử."
                    }
                    _ => " Hãy kiểm tra và nhập lại (thiết bị có thể khóa sau vài lần sai).",
                };
                return Err(SignError::WrongPin(hint.into()));
            }
            Err(CkError::Pkcs11(RvError::PinLocked, _)) => return Err(SignError::PinLocked),
            Err(e) => return Err(token_err(e)),
        }
        let keys = session
            .find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY)])
            .map_err(token_err)?;
        if keys.is_empty() {
            return Err(SignError::NoKey);
        }
        let certs = certificates(&session)?;
        // The signer's certificate is the one whose CKA_ID names a key.
        let mut chosen = None;
        for k in &keys {
            let id = attr_bytes(&session, *k, AttributeType::Id).unwrap_or_default();
            if let Some(pos) = certs
                .iter()
                .position(|(cid, _, _)| !id.is_empty() && *cid == id)
            {
                chosen = Some((*k, pos));
                break;
            }
        }
        let (key, pos) = match chosen {
            Some(c) => c,
            // One key and one end-entity certificate: they belong together.
            None if keys.len() == 1 && certs.len() == 1 => (keys[0], 0),
            None => return Err(SignError::NoKey),
        };
        let mut chain = vec![certs[pos].2.clone()];
        chain.extend(
            certs
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != pos)
                .map(|(_, (_, _, c))| c.clone()),
        );
        let kind = super::key_kind(&chain[0])?;
        Ok(TokenSigner {
            session,
            key,
            kind,
            chain,
        })
    }
}

impl KeySource for TokenSigner {
    fn chain(&self) -> &[x509_cert::Certificate] {
        &self.chain
    }

    fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        match self.kind {
            super::KeyKind::Rsa => self
                .session
                .sign(&Mechanism::Sha256RsaPkcs, self.key, message)
                .map_err(token_err),
            super::KeyKind::EcdsaP256 => {
                // CKM_ECDSA signs a digest and answers r ‖ s; CMS wants DER.
                use sha2::Digest;
                let digest = sha2::Sha256::digest(message);
                let raw = self
                    .session
                    .sign(&Mechanism::Ecdsa, self.key, &digest)
                    .map_err(token_err)?;
                let sig = p256::ecdsa::Signature::from_slice(&raw)
                    .map_err(|e| SignError::Token(format!("chữ ký ECDSA không đúng dạng ({e})")))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}
