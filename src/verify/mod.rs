//! Checking the signatures of a PDF, without the network: for each
//! signature, who signed and when, whether its bytes are intact, whether
//! anything that changes the content was added after it, and whether its
//! certificate chains to a CA the officer has chosen to trust.
//!
//! Signatures are found by scanning the raw bytes for their byte ranges, so
//! a damaged file is still judged; the object model (lopdf) is used only to
//! compare revisions.

mod changes;
mod hostile;

pub use changes::{load, MAX_STREAM_BYTES};
pub use hostile::{code_or_lock, hostile};

use chrono::{DateTime, FixedOffset, Utc};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::{Decode, Encode};
use serde::Serialize;
use sha2::Digest;
use thiserror::Error;
use x509_cert::Certificate;

use crate::sign::cert::{self, CertInfo};
use crate::sign::update::find;

#[derive(Debug, Error)]
pub enum VerifyError {
    #[error("Tệp không phải PDF (không bắt đầu bằng %PDF).")]
    NotPdf,
}

/// The verdict on one signature.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureCheck {
    /// Position in the file, from 1 (the first signature made).
    pub number: usize,
    /// The signer's certificate, when the signature carries it.
    pub signer: Option<CertInfo>,
    /// The signing time the signer's computer wrote (/M), ISO 8601.
    pub signed_at: Option<String>,
    /// The byte range is well formed and leaves out only the signature.
    pub range_ok: bool,
    /// The range runs to the end of the file (nothing was added after it).
    pub covers_whole_file: bool,
    /// Where the signed revision ends (bytes): the file as it was signed is
    /// the bytes before it.
    pub signed_end: usize,
    /// The digest and the signature match the signed bytes.
    pub intact: bool,
    /// What was added after this signature that changes the content; None
    /// when nothing was, or only later signatures.
    pub changed_after: Option<String>,
    /// The trusted CA the chain ends at, when it does.
    pub trusted_by: Option<String>,
    /// Names along the chain, signer first.
    pub chain: Vec<String>,
    /// Every certificate of the chain was valid at the signing time.
    pub certificate_valid_at_signing: bool,
    /// Why the signature is not valid (Vietnamese), empty when it is.
    pub problems: Vec<String>,
    pub valid: bool,
}

/// A raw signature found in the bytes.
struct RawSignature {
    range: [usize; 4],
    contents: Vec<u8>,
    /// The /M text near the range, if any.
    time: Option<DateTime<FixedOffset>>,
}

fn parse_usize(s: &[u8]) -> Option<usize> {
    std::str::from_utf8(s).ok()?.trim().parse().ok()
}

/// D:YYYYMMDDHHmmSS+HH'mm' → a time.
fn parse_pdf_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    if s.len() < 14 {
        return None;
    }
    let naive = chrono::NaiveDateTime::parse_from_str(&s[..14], "%Y%m%d%H%M%S").ok()?;
    let rest = &s[14..];
    let offset = match rest.chars().next() {
        Some(c @ ('+' | '-')) => {
            let digits: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            let h: i32 = digits.get(0..2)?.parse().ok()?;
            let m: i32 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            let secs = (h * 3600 + m * 60) * if c == '-' { -1 } else { 1 };
            FixedOffset::east_opt(secs)?
        }
        _ => FixedOffset::east_opt(0)?,
    };
    naive.and_local_timezone(offset).single()
}

/// The bytes of the PDF literal string starting at `open` (its "("): the
/// escapes (\n, \ddd in octal, an escaped line end…) and balanced
/// parentheses as the PDF rules read them.
fn literal_string(bytes: &[u8], open: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                i += 1;
                let c = *bytes.get(i)?;
                match c {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v = 0u32;
                        let mut n = 0;
                        while n < 3 && matches!(bytes.get(i), Some(b'0'..=b'7')) {
                            v = v * 8 + u32::from(bytes[i] - b'0');
                            i += 1;
                            n += 1;
                        }
                        out.push((v & 0xff) as u8);
                        continue;
                    }
                    b'\r' => {
                        if bytes.get(i + 1) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    b'\n' => {}
                    other => out.push(other),
                }
            }
            b'(' => {
                depth += 1;
                out.push(b'(');
            }
            b')' if depth == 0 => return Some(out),
            b')' => {
                depth -= 1;
                out.push(b')');
            }
            other => out.push(other),
        }
        i += 1;
    }
    None
}

/// A PDF text string: UTF-16BE after its byte-order mark, else (dates and
/// names in ASCII) PDFDocEncoding read as Latin-1.
fn text_string(raw: &[u8]) -> String {
    match raw {
        [0xfe, 0xff, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        [0xef, 0xbb, 0xbf, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => raw.iter().map(|&b| char::from(b)).collect(),
    }
}

fn hex_decode(hex: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = hex
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(digits.len() / 2);
    for pair in digits.chunks(2) {
        let s = std::str::from_utf8(pair).ok()?;
        out.push(u8::from_str_radix(&format!("{s:0<2}"), 16).ok()?);
    }
    Some(out)
}

/// Every "/ByteRange [a b c d]" in the file, with the contents it leaves out.
fn scan(bytes: &[u8]) -> Vec<RawSignature> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(p) = find(bytes, b"/ByteRange", at) {
        at = p + 10;
        let Some(open) = find(bytes, b"[", at) else {
            break;
        };
        let Some(close) = find(bytes, b"]", open) else {
            break;
        };
        if open - at > 4 {
            continue;
        }
        let nums: Vec<usize> = bytes[open + 1..close]
            .split(|b| b.is_ascii_whitespace())
            .filter(|t| !t.is_empty())
            .filter_map(parse_usize)
            .collect();
        if nums.len() != 4 {
            continue;
        }
        let range = [nums[0], nums[1], nums[2], nums[3]];
        let (b, c) = (range[1], range[2]);
        let contents = if b < c && c <= bytes.len() && bytes[b] == b'<' && bytes[c - 1] == b'>' {
            hex_decode(&bytes[b + 1..c - 1]).unwrap_or_default()
        } else {
            Vec::new()
        };
        // The /M of this dictionary: just after /Contents, or near /ByteRange.
        let after = c.min(bytes.len())..(c + 400).min(bytes.len());
        let around = p.saturating_sub(400)..(close + 400).min(bytes.len());
        let time = [after, around].into_iter().find_map(|r| {
            let window = &bytes[r];
            let m = find(window, b"/M", 0)?;
            // "/M (…)" or "/M <…>", read by the PDF rules for strings.
            let value = window[m + 2..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .map(|p| m + 2 + p)?;
            let raw = match window[value] {
                b'(' => literal_string(window, value)?,
                b'<' => {
                    let close = find(window, b">", value)?;
                    hex_decode(&window[value + 1..close])?
                }
                _ => return None,
            };
            parse_pdf_date(&text_string(&raw))
        });
        out.push(RawSignature {
            range,
            contents,
            time,
        });
    }
    out.sort_by_key(|s| s.range[2] + s.range[3]);
    out
}

fn attribute(info: &SignerInfo, oid: const_oid::ObjectIdentifier) -> Option<&der::Any> {
    info.signed_attrs
        .as_ref()?
        .iter()
        .find(|a| a.oid == oid)
        .and_then(|a| a.values.iter().next())
}

fn digest(oid: const_oid::ObjectIdentifier, parts: &[&[u8]]) -> Option<Vec<u8>> {
    use const_oid::db::rfc5912::{ID_SHA_256, ID_SHA_384, ID_SHA_512};
    macro_rules! run {
        ($h:ty) => {{
            let mut h = <$h>::new();
            for p in parts {
                h.update(p);
            }
            Some(h.finalize().to_vec())
        }};
    }
    match oid {
        o if o == ID_SHA_256 => run!(sha2::Sha256),
        o if o == ID_SHA_384 => run!(sha2::Sha384),
        o if o == ID_SHA_512 => run!(sha2::Sha512),
        _ => None,
    }
}

/// Verifies an RSA PKCS#1 v1.5 signature by the hash named in `alg` (a
/// signature algorithm such as sha256WithRSAEncryption, or rsaEncryption
/// with the hash given separately).
fn verify_rsa(
    public: &Certificate,
    alg: const_oid::ObjectIdentifier,
    hash: const_oid::ObjectIdentifier,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Problem> {
    use const_oid::db::rfc5912::*;
    use signature::Verifier;
    let key = crate::sign::cms::rsa_public_key(public).map_err(|e| e.to_string())?;
    let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|e| e.to_string())?;
    let hash = match alg {
        a if a == SHA_256_WITH_RSA_ENCRYPTION => ID_SHA_256,
        a if a == SHA_384_WITH_RSA_ENCRYPTION => ID_SHA_384,
        a if a == SHA_512_WITH_RSA_ENCRYPTION => ID_SHA_512,
        a if a == RSA_ENCRYPTION => hash,
        other => {
            return Err(Problem::from(format!(
                "thuật toán chữ ký {other} chưa được hỗ trợ"
            )))
        }
    };
    let ok = match hash {
        h if h == ID_SHA_256 => {
            rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key).verify(message, &sig)
        }
        h if h == ID_SHA_384 => {
            rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(key).verify(message, &sig)
        }
        h if h == ID_SHA_512 => {
            rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(key).verify(message, &sig)
        }
        other => return Err(Problem::from(format!("hàm băm {other} chưa được hỗ trợ"))),
    };
    ok.map_err(|_| Problem("chữ ký không khớp với khóa của chứng thư".into()))
}

/// Verifies a signature made by the key of `public` (RSA or ECDSA P-256).
fn verify_signature(
    public: &Certificate,
    alg: const_oid::ObjectIdentifier,
    hash: const_oid::ObjectIdentifier,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Problem> {
    use crate::sign::KeyKind;
    use const_oid::db::rfc5912::{ECDSA_WITH_SHA_256, ID_EC_PUBLIC_KEY, ID_SHA_256};
    match crate::sign::key_kind(public).map_err(|e| e.to_string())? {
        KeyKind::Rsa => verify_rsa(public, alg, hash, message, signature),
        KeyKind::EcdsaP256 => {
            use signature::Verifier;
            if !(alg == ECDSA_WITH_SHA_256 || (alg == ID_EC_PUBLIC_KEY && hash == ID_SHA_256)) {
                return Err(Problem::from(format!(
                    "thuật toán chữ ký {alg} chưa được hỗ trợ"
                )));
            }
            let key = crate::sign::cms::ec_public_key(public).map_err(|e| e.to_string())?;
            let sig = p256::ecdsa::DerSignature::try_from(signature)
                .map_err(|_| Problem("chữ ký ECDSA không đúng dạng".into()))?;
            key.verify(message, &sig)
                .map_err(|_| Problem("chữ ký không khớp với khóa của chứng thư".into()))
        }
    }
}

/// Why a signature or a chain does not hold, in the officer's words.
#[derive(Debug)]
struct Problem(String);

impl From<String> for Problem {
    fn from(s: String) -> Problem {
        Problem(s)
    }
}

/// Whether `issuer` signed `cert`.
fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Ok(tbs) = cert.tbs_certificate.to_der() else {
        return false;
    };
    let Some(sig) = cert.signature.as_bytes() else {
        return false;
    };
    verify_signature(
        issuer,
        cert.signature_algorithm.oid,
        const_oid::db::rfc5912::ID_SHA_256,
        &tbs,
        sig,
    )
    .is_ok()
}

/// Walks from the signer up to a trusted CA: (chain, the anchor's name).
fn build_chain(
    signer: &Certificate,
    carried: &[Certificate],
    trust: &[Certificate],
) -> (Vec<Certificate>, Result<String, Problem>) {
    let mut chain = vec![signer.clone()];
    for _ in 0..8 {
        let current = chain.last().expect("non-empty").clone();
        if trust.contains(&current) {
            return (chain, Ok(cert::holder_name(&current)));
        }
        if let Some(anchor) = trust.iter().find(|t| issued_by(&current, t)) {
            chain.push(anchor.clone());
            return (chain, Ok(cert::holder_name(anchor)));
        }
        match carried
            .iter()
            .find(|c| **c != current && !chain.contains(c) && issued_by(&current, c))
        {
            Some(next) => chain.push(next.clone()),
            None => {
                // An issuer of that name is known but did not sign it: the
                // certificate was altered or forged, which is not the same
                // as an issuer we do not trust.
                let named = trust.iter().chain(carried).any(|c| {
                    c != &current && c.tbs_certificate.subject == current.tbs_certificate.issuer
                });
                if named {
                    return (
                        chain,
                        Err(Problem(format!(
                            "chứng thư “{}” không mang chữ ký đúng của nơi cấp đứng tên trên nó (chứng thư đã bị sửa hoặc là giả)",
                            cert::holder_name(&current)
                        ))),
                    );
                }
                let self_signed = current.tbs_certificate.issuer == current.tbs_certificate.subject;
                let why = if self_signed {
                    format!(
                        "chứng thư gốc “{}” không nằm trong danh sách nơi cấp tin cậy",
                        cert::holder_name(&current)
                    )
                } else {
                    format!(
                        "không có chứng thư của nơi cấp “{}” trong danh sách tin cậy",
                        cert::name_attribute(
                            &current.tbs_certificate.issuer,
                            const_oid::db::rfc4519::CN
                        )
                        .unwrap_or_else(|| current.tbs_certificate.issuer.to_string())
                    )
                };
                return (chain, Err(Problem(why)));
            }
        }
    }
    (chain, Err(Problem("chuỗi chứng thư quá dài".into())))
}

fn find_signer<'a>(info: &SignerInfo, certs: &'a [Certificate]) -> Option<&'a Certificate> {
    match &info.sid {
        SignerIdentifier::IssuerAndSerialNumber(is) => certs.iter().find(|c| {
            c.tbs_certificate.issuer == is.issuer
                && c.tbs_certificate.serial_number == is.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(ski) => certs.iter().find(|c| {
            c.tbs_certificate.extensions.iter().flatten().any(|e| {
                e.extn_id == const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER
                    && x509_cert::ext::pkix::SubjectKeyIdentifier::from_der(e.extn_value.as_bytes())
                        .map(|s| s.0 == ski.0)
                        .unwrap_or(false)
            })
        }),
    }
}

/// A SignedData whose certificate set is not in DER order, or holds one
/// certificate twice (other tools write both; openssl and pyHanko read
/// them): read again with the set sorted and each certificate once. The
/// set is not covered by the signature, so this changes nothing signed.
fn with_certificates_as_a_set(content: &der::Any) -> Option<SignedData> {
    use der::asn1::Any;
    use der::{Tag, TagNumber, Tagged};
    let fields: Vec<Any> = content.decode_as().ok()?;
    let certs_tag = Tag::ContextSpecific {
        constructed: true,
        number: TagNumber::N0,
    };
    let mut changed = false;
    let fields: Vec<Any> = fields
        .into_iter()
        .map(|f| {
            if f.tag() != certs_tag {
                return Some(f);
            }
            let mut reader = der::SliceReader::new(f.value()).ok()?;
            let mut certs: Vec<Vec<u8>> = Vec::new();
            while !der::Reader::is_finished(&reader) {
                let c = Any::decode(&mut reader).ok()?;
                certs.push(c.to_der().ok()?);
            }
            certs.sort();
            certs.dedup();
            changed = true;
            Any::new(certs_tag, certs.concat()).ok()
        })
        .collect::<Option<_>>()?;
    if !changed {
        return None;
    }
    SignedData::from_der(&fields.to_der().ok()?).ok()
}

/// The cryptographic part: returns (signer, carried certificates, problems).
fn check_cms(
    raw: &RawSignature,
    bytes: &[u8],
) -> (Option<Certificate>, Vec<Certificate>, Vec<String>) {
    let mut problems = Vec::new();
    // /Contents is zero-padded: read one DER value and ignore the rest.
    let parsed = der::SliceReader::new(&raw.contents)
        .ok()
        .and_then(|mut r| ContentInfo::decode(&mut r).ok())
        .and_then(|ci| {
            ci.content
                .decode_as::<SignedData>()
                .ok()
                .or_else(|| with_certificates_as_a_set(&ci.content))
        });
    let Some(sd) = parsed else {
        problems.push("phần chữ ký (CMS) không đọc được".into());
        return (None, Vec::new(), problems);
    };
    let certs: Vec<Certificate> = sd
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let Some(info) = sd.signer_infos.0.iter().next() else {
        problems.push("không có thông tin người ký trong chữ ký".into());
        return (None, certs, problems);
    };
    let signer = find_signer(info, &certs).cloned();
    let Some(signer_cert) = &signer else {
        problems.push("chữ ký không kèm chứng thư của người ký".into());
        return (None, certs, problems);
    };
    let [a, b, c, d] = raw.range;
    let signed_parts: [&[u8]; 2] = [&bytes[a..a + b], &bytes[c..c + d]];
    let expected = attribute(info, const_oid::db::rfc6268::ID_MESSAGE_DIGEST)
        .and_then(|v| der::asn1::OctetString::from_der(&v.to_der().ok()?).ok());
    match (digest(info.digest_alg.oid, &signed_parts), expected) {
        (Some(actual), Some(exp)) if actual == exp.as_bytes() => {}
        (Some(_), Some(_)) => {
            problems.push("mã băm không khớp: nội dung đã bị thay đổi sau khi ký".into())
        }
        (None, _) => problems.push(format!("hàm băm {} chưa được hỗ trợ", info.digest_alg.oid)),
        (_, None) => problems.push("chữ ký không có thuộc tính mã băm (message-digest)".into()),
    }
    let signed_attrs = info.signed_attrs.as_ref().and_then(|a| a.to_der().ok());
    match signed_attrs {
        Some(msg) => {
            if let Err(e) = verify_signature(
                signer_cert,
                info.signature_algorithm.oid,
                info.digest_alg.oid,
                &msg,
                info.signature.as_bytes(),
            ) {
                problems.push(e.0);
            }
        }
        None => problems.push("chữ ký không có thuộc tính ký (signed attributes)".into()),
    }
    (signer, certs, problems)
}

/// Checks every signature of `bytes` against the trusted CA certificates.
/// An empty list means the file has no signature.
pub fn verify_pdf(bytes: &[u8], trust: &[Certificate]) -> Result<Vec<SignatureCheck>, VerifyError> {
    if !bytes.starts_with(b"%PDF") {
        return Err(VerifyError::NotPdf);
    }
    let raws = scan(bytes);
    // The cryptography of every signature first: an update after one
    // signature may add only signatures that are themselves intact.
    let checked: Vec<_> = raws
        .iter()
        .map(|raw| {
            let [a, b, c, d] = raw.range;
            let range_ok = a == 0
                && b < c
                && c.checked_add(d).is_some_and(|end| end <= bytes.len())
                && bytes.get(b) == Some(&b'<')
                && bytes.get(c - 1) == Some(&b'>');
            let crypto = if range_ok {
                check_cms(raw, bytes)
            } else {
                (
                    None,
                    Vec::new(),
                    vec!["vùng ký (ByteRange) sai: chữ ký không bao trọn tệp đã ký".into()],
                )
            };
            (range_ok, crypto)
        })
        .collect();
    let intact_ranges: Vec<[usize; 4]> = raws
        .iter()
        .zip(&checked)
        .filter(|(_, (ok, (_, _, problems)))| *ok && problems.is_empty())
        .map(|(r, _)| r.range)
        .collect();
    let mut out = Vec::new();
    for (i, (raw, (range_ok, crypto))) in raws.iter().zip(checked).enumerate() {
        let [_, _, c, d] = raw.range;
        let mut problems = Vec::new();
        let end = c.saturating_add(d);
        let covers_whole_file = range_ok && end == bytes.len();
        let (signer, carried, crypto) = crypto;
        let intact = range_ok && crypto.is_empty();
        problems.extend(crypto);
        let later: Vec<[usize; 4]> = intact_ranges
            .iter()
            .filter(|r| r[2] + r[3] > end)
            .copied()
            .collect();
        let changed_after = if range_ok && !covers_whole_file {
            changes::after_revision(bytes, end, &later)
        } else {
            None
        };
        if let Some(why) = &changed_after {
            problems.push(format!("sau khi ký, tệp đã bị thêm nội dung: {why}"));
        }
        let at = raw.time.map(|t| t.with_timezone(&Utc));
        let (mut chain_names, mut trusted_by, mut valid_at_signing) = (Vec::new(), None, false);
        if let Some(s) = &signer {
            let (chain, anchor) = build_chain(s, &carried, trust);
            chain_names = chain.iter().map(cert::holder_name).collect();
            match anchor {
                Ok(name) => trusted_by = Some(name),
                Err(why) => problems.push(format!("không tin cậy được chứng thư: {}", why.0)),
            }
            match at {
                Some(at) => {
                    valid_at_signing = chain.iter().all(|c| cert::valid_at(c, at));
                    if !valid_at_signing {
                        let info = cert::describe(s);
                        problems.push(format!(
                            "chứng thư không còn hiệu lực vào lúc ký (hiệu lực từ {} đến {})",
                            info.not_before.format("%d/%m/%Y"),
                            info.not_after.format("%d/%m/%Y")
                        ));
                    }
                }
                None => problems.push("chữ ký không ghi thời điểm ký (/M)".into()),
            }
        }
        out.push(SignatureCheck {
            number: i + 1,
            signer: signer.as_ref().map(cert::describe),
            signed_at: raw.time.map(|t| t.to_rfc3339()),
            range_ok,
            covers_whole_file,
            signed_end: end.min(bytes.len()),
            intact,
            changed_after,
            trusted_by,
            chain: chain_names,
            certificate_valid_at_signing: valid_at_signing,
            valid: problems.is_empty(),
            problems,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{literal_string, parse_pdf_date, text_string};

    #[test]
    fn pdf_strings_are_read_by_the_pdf_rules() {
        // pyHanko writes the colon of the date as an octal escape.
        let raw = literal_string(b"(D\\07220261201093000+07'00')", 0).unwrap();
        assert_eq!(raw, b"D:20261201093000+07'00'");
        let t = parse_pdf_date(&text_string(&raw)).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-01T09:30:00+07:00");
        assert_eq!(
            literal_string(b"(a (b) \\) c\\\nd)", 0).unwrap(),
            b"a (b) ) cd"
        );
        assert_eq!(literal_string(b"(\\101\\0611)", 0).unwrap(), b"A11");
        let utf16 = [0xfe, 0xff, 0x00, b'D', 0x00, b':', 0x00, b'2'];
        assert_eq!(text_string(&utf16), "D:2");
        assert!(literal_string(b"(no end", 0).is_none());
    }
}
