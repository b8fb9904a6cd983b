//! Signing report PDFs with a PKCS#12 certificate, judged by independent
//! validators: pyHanko and poppler's pdfsig. The test CA, the signer's
//! certificate (a Vietnamese CN) and the .p12 are made here with openssl.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{FixedOffset, TimeZone};
use kehoach::sign::{sign_pdf, P12Signer, SignError};

const PASSWORD: &str = "matkhau123";

fn run(cmd: &str, args: &[&str], dir: &Path) -> std::process::Output {
    let out = Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A test CA and a signer's certificate valid for `days` days, in `dir`.
fn pki(dir: &Path, days: &str) -> PathBuf {
    run(
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-days",
            "3650",
            "-subj",
            "/CN=Kehoach Test CA/O=Kiem thu",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
        dir,
    );
    run(
        "openssl",
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-utf8",
            "-subj",
            "/CN=Nguyễn Văn An/O=UBND thành phố Thái Bình",
        ],
        dir,
    );
    std::fs::write(
        dir.join("ext.cnf"),
        "keyUsage=critical,digitalSignature,nonRepudiation\n",
    )
    .unwrap();
    run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "leaf.crt",
            "-days",
            days,
            "-extfile",
            "ext.cnf",
        ],
        dir,
    );
    run(
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "leaf.key",
            "-in",
            "leaf.crt",
            "-certfile",
            "ca.crt",
            "-out",
            "leaf.p12",
            "-passout",
            &format!("pass:{PASSWORD}"),
        ],
        dir,
    );
    dir.join("leaf.p12")
}

fn report_pdf() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let mut store = kehoach::demo::build(&dir.path().join("d.sqlite")).unwrap();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    let p = kehoach::calendar::Period::parse("2026-H1").unwrap();
    let r = store.draft_report(plan, me, &p, false).unwrap();
    let r = store
        .finalize_report(r.id, chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap())
        .unwrap();
    kehoach::pdf::render(&r, &kehoach::pdf::fonts::Fonts::liberation_serif()).unwrap()
}

fn now() -> chrono::DateTime<FixedOffset> {
    let vn = FixedOffset::east_opt(7 * 3600).unwrap();
    chrono::Utc::now().with_timezone(&vn)
}

fn pyhanko() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let venv = root.join(".venv/bin/pyhanko");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("pyhanko")
    }
}

fn pyhanko_validate(pdf: &Path, ca: &Path) -> (bool, String) {
    let out = Command::new(pyhanko())
        .args(["sign", "validate", "--trust"])
        .arg(ca)
        .args(["--trust-replace", "--no-revocation-check"])
        .arg(pdf)
        .output()
        .expect("pyhanko (installed by scripts/setup.sh --test)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn pdfsig(pdf: &Path, ca: &Path, dir: &Path) -> String {
    let nss = dir.join("nss");
    if !nss.exists() {
        std::fs::create_dir_all(&nss).unwrap();
        run(
            "certutil",
            &[
                "-N",
                "-d",
                &format!("sql:{}", nss.display()),
                "--empty-password",
            ],
            dir,
        );
        run(
            "certutil",
            &[
                "-A",
                "-d",
                &format!("sql:{}", nss.display()),
                "-n",
                "kehoach-test-ca",
                "-t",
                "CT,C,C",
                "-i",
                ca.to_str().unwrap(),
            ],
            dir,
        );
    }
    let out = Command::new("pdfsig")
        .arg("-nssdir")
        .arg(format!("sql:{}", nss.display()))
        .arg(pdf)
        .output()
        .expect("pdfsig");
    // pdfsig exits 0 even on a bad digest: read its text.
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_signed_report_is_valid_for_pyhanko_and_pdfsig_and_tampering_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = pki(dir.path(), "825");
    let signer = P12Signer::open(&std::fs::read(&p12).unwrap(), PASSWORD).unwrap();
    assert!(
        signer.subject().contains("Nguyễn Văn An"),
        "{}",
        signer.subject()
    );
    let pdf = report_pdf();
    let signed = sign_pdf(&pdf, &signer, now()).unwrap();
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
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
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

    // A second signature (the agency's after the leader's) keeps both valid.
    let twice = sign_pdf(&signed, &signer, now()).unwrap();
    let both = dir.path().join("twice.pdf");
    std::fs::write(&both, &twice).unwrap();
    let sig = pdfsig(&both, &ca, dir.path());
    assert_eq!(sig.matches("Signature is Valid.").count(), 2, "{sig}");
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
    let err = sign_pdf(&report_pdf(), &signer, later).unwrap_err();
    assert!(matches!(err, SignError::NotValidAt { .. }), "{err}");
    assert!(err.to_string().contains("chỉ có hiệu lực từ"), "{err}");
    let err = sign_pdf(b"khong phai pdf", &signer, now()).unwrap_err();
    assert!(matches!(err, SignError::NotPdf(_)), "{err}");
    let _ = FixedOffset::east_opt(0).unwrap().timestamp_opt(0, 0);
}
