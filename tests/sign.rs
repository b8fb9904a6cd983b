//! Signing report PDFs with a PKCS#12 certificate, judged by independent
//! validators (pyHanko and poppler's pdfsig) and by our own `verify`. The
//! test CA, the signer's certificate (a Vietnamese CN) and the .p12 are made
//! here with openssl; the signature and seal images are drawn here.

use std::path::Path;
use std::process::Command;

mod common;

use common::*;
use kehoach::sign::{sign_pdf, P12Signer, Png, SignError, SignOptions};
use kehoach::verify::verify_pdf;

#[test]
fn a_signed_report_is_valid_for_pyhanko_pdfsig_and_verify_and_tampering_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = pki(dir.path(), "825");
    let signer = P12Signer::open(&std::fs::read(&p12).unwrap(), PASSWORD).unwrap();
    assert_eq!(kehoach::sign::signer_name(&signer), "Nguyễn Văn An");
    let pdf = report_pdf();
    let image = signature_image();
    let opts = SignOptions {
        image: Some(&image),
        ..SignOptions::at(now())
    };
    let signed = sign_pdf(&pdf, &signer, &opts).unwrap();
    assert!(signed.warnings.is_empty(), "{:?}", signed.warnings);
    let signed = signed.bytes;
    assert_eq!(
        &signed[..pdf.len()],
        &pdf[..],
        "an incremental update leaves the file as it was"
    );
    let path = dir.path().join("signed.pdf");
    std::fs::write(&path, &signed).unwrap();
    let ca = dir.path().join("ca.crt");

    let (ok, text) = pyhanko_validate(&path, &ca);
    assert!(
        ok && text.contains("INTACT") && text.contains("TRUSTED"),
        "{text}"
    );
    let sig = pdfsig(&path, &ca, dir.path());
    assert!(
        sig.contains("Signature Validation: Signature is Valid."),
        "{sig}"
    );
    assert!(
        sig.contains("Certificate Validation: Certificate is Trusted."),
        "{sig}"
    );
    assert!(sig.contains("Nguyễn Văn An"), "{sig}");
    assert!(sig.contains("ETSI.CAdES.detached"), "{sig}");
    qpdf_check(&path);

    let trust = ca_certs(dir.path());
    let checks = verify_pdf(&signed, &trust).unwrap();
    assert_eq!(checks.len(), 1);
    let c = &checks[0];
    assert!(c.valid && c.intact && c.covers_whole_file, "{c:?}");
    assert_eq!(c.signer.as_ref().unwrap().name, "Nguyễn Văn An");
    assert_eq!(
        c.signer.as_ref().unwrap().organisation.as_deref(),
        Some("UBND thành phố Thái Bình")
    );
    assert_eq!(c.trusted_by.as_deref(), Some("Kehoach Test CA"));
    assert!(c.signed_at.as_deref().unwrap().ends_with("+07:00"), "{c:?}");
    // Without the CA in the trust store: intact, but not trusted.
    let c = &verify_pdf(&signed, &[]).unwrap()[0];
    assert!(c.intact && !c.valid && c.trusted_by.is_none(), "{c:?}");
    assert!(
        c.problems
            .iter()
            .any(|p| p.contains("không nằm trong danh sách")),
        "{c:?}"
    );

    // One byte changed inside the signed range.
    let mut tampered = signed.clone();
    let i = pdf.len() / 2;
    tampered[i] ^= 0x01;
    let bad = dir.path().join("tampered.pdf");
    std::fs::write(&bad, &tampered).unwrap();
    let (ok, text) = pyhanko_validate(&bad, &ca);
    assert!(!ok, "pyHanko must reject a changed byte: {text}");
    assert!(pdfsig(&bad, &ca, dir.path()).contains("Digest Mismatch"));
    let c = &verify_pdf(&tampered, &trust).unwrap()[0];
    assert!(!c.valid && !c.intact, "{c:?}");
    assert!(
        c.problems.iter().any(|p| p.contains("mã băm không khớp")),
        "{c:?}"
    );

    // Bytes appended after signing.
    let mut appended = signed.clone();
    appended.extend_from_slice(b"\n%% them vao sau khi ky\n1 0 obj (x) endobj\n");
    let c = &verify_pdf(&appended, &trust).unwrap()[0];
    assert!(
        !c.valid && !c.covers_whole_file && c.changed_after.is_some(),
        "{c:?}"
    );

    // A proper incremental update that changes the first page's text.
    let doc = lopdf::Document::load_mem(&signed).unwrap();
    let first = *doc.get_pages().values().next().unwrap();
    let contents = doc.get_page_contents(first)[0];
    let mut inc = lopdf::IncrementalDocument::create_from(signed.clone(), doc);
    inc.opt_clone_object_to_new_document(contents).unwrap();
    let stream = inc
        .new_document
        .get_object_mut(contents)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    stream.set_plain_content(b"BT /F1 12 Tf 100 700 Td (Sua noi dung) Tj ET".to_vec());
    let mut changed = Vec::new();
    inc.save_to(&mut changed).unwrap();
    let c = &verify_pdf(&changed, &trust).unwrap()[0];
    assert!(!c.valid && c.changed_after.is_some(), "{c:?}");
    let changed_path = dir.path().join("changed.pdf");
    std::fs::write(&changed_path, &changed).unwrap();
    let (ok, text) = pyhanko_validate(&changed_path, &ca);
    assert!(
        !ok,
        "pyHanko must reject a content change after signing: {text}"
    );

    // The agency's seal after the leader's signature keeps both valid.
    let seal = seal_image();
    let opts = SignOptions {
        seal: Some(&seal),
        ..SignOptions::at(now())
    };
    let twice = sign_pdf(&signed, &signer, &opts).unwrap().bytes;
    let both = dir.path().join("twice.pdf");
    std::fs::write(&both, &twice).unwrap();
    let sig = pdfsig(&both, &ca, dir.path());
    assert_eq!(sig.matches("Signature is Valid.").count(), 2, "{sig}");
    let (ok, text) = pyhanko_validate(&both, &ca);
    assert!(ok, "pyHanko, two signatures: {text}");
    qpdf_check(&both);
    let checks = verify_pdf(&twice, &trust).unwrap();
    assert_eq!(checks.len(), 2);
    assert!(checks.iter().all(|c| c.valid), "{checks:?}");
    assert!(!checks[0].covers_whole_file && checks[0].changed_after.is_none());
    assert!(checks[1].covers_whole_file);

    // The page with both images, for a person to look at.
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("signed-page");
    let pages = lopdf::Document::load_mem(&twice).unwrap().get_pages().len();
    let sig_page = (1..=pages)
        .rev()
        .find(|p| {
            let t = Command::new("pdftotext")
                .args(["-f", &p.to_string(), "-l", &p.to_string()])
                .arg(&both)
                .arg("-")
                .output()
                .unwrap();
            String::from_utf8_lossy(&t.stdout).contains("Nơi nhận")
        })
        .unwrap();
    let r = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "60",
            "-singlefile",
            "-f",
            &sig_page.to_string(),
            "-l",
            &sig_page.to_string(),
        ])
        .arg(&both)
        .arg(&out)
        .status()
        .unwrap();
    assert!(r.success());
}

#[test]
fn wrong_password_expired_certificate_and_non_pdf_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = std::fs::read(pki(dir.path(), "1")).unwrap();
    assert!(matches!(
        P12Signer::open(&p12, "sai-mat-khau"),
        Err(SignError::Pkcs12)
    ));
    let signer = P12Signer::open(&p12, PASSWORD).unwrap();
    let later = now() + chrono::Duration::days(30);
    let err = sign_pdf(&report_pdf(), &signer, &SignOptions::at(later)).unwrap_err();
    assert!(matches!(err, SignError::NotValidAt { .. }), "{err}");
    assert!(err.to_string().contains("chỉ có hiệu lực từ"), "{err}");
    let err = sign_pdf(b"khong phai pdf", &signer, &SignOptions::at(now())).unwrap_err();
    assert!(matches!(err, SignError::NotPdf(_)), "{err}");
    // An encrypted PDF is refused, not signed around its encryption.
    std::fs::write(dir.path().join("plain.pdf"), report_pdf()).unwrap();
    run(
        "qpdf",
        &[
            "--encrypt",
            "u",
            "o",
            "256",
            "--",
            "plain.pdf",
            "locked.pdf",
        ],
        dir.path(),
    );
    let locked = std::fs::read(dir.path().join("locked.pdf")).unwrap();
    let err = sign_pdf(&locked, &signer, &SignOptions::at(now())).unwrap_err();
    assert!(matches!(err, SignError::NotPdf(_)), "{err}");
    assert!(matches!(
        Png::decode(b"not a png", "ảnh chữ ký"),
        Err(SignError::Image(m)) if m.contains("ảnh chữ ký")
    ));
    assert!(verify_pdf(b"not a pdf", &[]).is_err());
}

#[test]
fn a_certificate_not_meant_for_documents_is_signed_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = std::fs::read(pki_with(dir.path(), "30", "keyEncipherment")).unwrap();
    let signer = P12Signer::open(&p12, PASSWORD).unwrap();
    let signed = sign_pdf(&report_pdf(), &signer, &SignOptions::at(now())).unwrap();
    assert_eq!(signed.warnings.len(), 1, "{:?}", signed.warnings);
    assert!(signed.warnings[0].contains("không có mục đích ký văn bản"));
}

#[test]
fn an_ecdsa_p256_key_signs_and_validators_agree() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = pki_ec(dir.path());
    let signer = P12Signer::open(&std::fs::read(&p12).unwrap(), PASSWORD).unwrap();
    assert_eq!(kehoach::sign::signer_name(&signer), "Trần Thị Bình");
    let signed = sign_pdf(&report_pdf(), &signer, &SignOptions::at(now()))
        .unwrap()
        .bytes;
    let path = dir.path().join("ec.pdf");
    std::fs::write(&path, &signed).unwrap();
    let ca = dir.path().join("ca.crt");
    let (ok, text) = pyhanko_validate(&path, &ca);
    assert!(ok && text.contains("TRUSTED"), "{text}");
    let sig = pdfsig(&path, &ca, dir.path());
    assert!(sig.contains("Signature is Valid."), "{sig}");
    let c = &verify_pdf(&signed, &ca_certs(dir.path())).unwrap()[0];
    assert!(c.valid, "{c:?}");
    let mut tampered = signed.clone();
    tampered[1000] ^= 0x01;
    assert!(!verify_pdf(&tampered, &ca_certs(dir.path())).unwrap()[0].valid);
}

/// Seen in the field: signed without an image, the signature went into a
/// new field "Chữ ký 1" and the report's own field stayed empty, so pdfsig
/// and Adobe showed an empty field still to sign. The report's own field is
/// the one signed.
#[test]
fn the_reports_own_signature_field_is_the_one_signed() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = pki(dir.path(), "825");
    let signer = P12Signer::open(&std::fs::read(&p12).unwrap(), PASSWORD).unwrap();
    let signed = sign_pdf(&report_pdf(), &signer, &SignOptions::at(now()))
        .unwrap()
        .bytes;
    let doc = lopdf::Document::load_mem(&signed).unwrap();
    let form = doc.catalog().unwrap().get(b"AcroForm").unwrap();
    let form = match form {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        other => other.as_dict().unwrap(),
    };
    let fields = form.get(b"Fields").unwrap().as_array().unwrap();
    let described: Vec<(String, bool)> = fields
        .iter()
        .map(|f| {
            let d = doc.get_dictionary(f.as_reference().unwrap()).unwrap();
            let name = d.get(b"T").unwrap().as_str().unwrap();
            let name = if name.starts_with(&[0xfe, 0xff]) {
                let units: Vec<u16> = name[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&units).unwrap()
            } else {
                String::from_utf8_lossy(name).into_owned()
            };
            (name, d.has(b"V"))
        })
        .collect();
    assert_eq!(
        described,
        [(kehoach::sign::SIGNER_FIELD.to_string(), true)],
        "one field, the report's own, signed"
    );
    let path = dir.path().join("ky.pdf");
    std::fs::write(&path, &signed).unwrap();
    let sig = pdfsig(&path, &dir.path().join("ca.crt"), dir.path());
    assert!(sig.contains("Signature is Valid"), "{sig}");
}
