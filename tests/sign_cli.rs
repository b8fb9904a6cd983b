//! Signing as the officer does it, through the `kehoach` command: with a
//! SoftHSM2 token standing in for the USB token (PKCS#11), with a .p12 file,
//! and `report sign`, which signs the finished report and locks its period.
//! Judged by pyHanko and by `kehoach verify`.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::*;

const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
const PIN: &str = "123456";

/// `kehoach ARGS` with `input` on stdin and SOFTHSM2_CONF set.
fn kehoach(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("SOFTHSM2_CONF", dir.join("softhsm2.conf"))
        .env_remove("KEHOACH_PIN")
        .env_remove("KEHOACH_P12_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kehoach runs");
    // A command refused before it reads its input (an output file that
    // exists) may be gone before the input is written: not an error here.
    match child.stdin.take().unwrap().write_all(input.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    child.wait_with_output().unwrap()
}

/// The agency's seal (con-dau.png) signed onto bc-ky.pdf as bc-dau.pdf.
fn add_seal(dir: &Path) -> Output {
    kehoach(
        dir,
        &[
            "sign",
            "bc-ky.pdf",
            "--p12",
            "leaf.p12",
            "--password-stdin",
            "--seal",
            "con-dau.png",
            "--out",
            "bc-dau.pdf",
        ],
        &format!("{PASSWORD}\n"),
    )
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A SoftHSM2 token "Kehoach Test" holding the signer's key and
/// certificate (id 01) and the CA certificate.
fn token(dir: &Path) {
    token_with(dir, "leaf")
}

/// Same, with the key and certificate `{name}.key`, `{name}.crt`.
fn token_with(dir: &Path, name: &str) {
    let (key, crt, der) = (
        format!("{name}.key"),
        format!("{name}.crt"),
        format!("{name}.der"),
    );
    std::fs::create_dir_all(dir.join("tokens")).unwrap();
    std::fs::write(
        dir.join("softhsm2.conf"),
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            dir.join("tokens").display()
        ),
    )
    .unwrap();
    let env_run = |cmd: &str, args: &[&str]| {
        let out = Command::new(cmd)
            .args(args)
            .current_dir(dir)
            .env("SOFTHSM2_CONF", dir.join("softhsm2.conf"))
            .output()
            .unwrap_or_else(|e| panic!("{cmd}: {e}"));
        assert!(out.status.success(), "{cmd} {args:?}: {}", text(&out));
    };
    env_run(
        "softhsm2-util",
        &[
            "--init-token",
            "--free",
            "--label",
            "Kehoach Test",
            "--so-pin",
            "87654321",
            "--pin",
            PIN,
        ],
    );
    env_run(
        "softhsm2-util",
        &[
            "--import",
            &key,
            "--token",
            "Kehoach Test",
            "--label",
            "ky-so",
            "--id",
            "01",
            "--pin",
            PIN,
        ],
    );
    run(
        "openssl",
        &["x509", "-in", &crt, "-outform", "DER", "-out", &der],
        dir,
    );
    run(
        "openssl",
        &["x509", "-in", "ca.crt", "-outform", "DER", "-out", "ca.der"],
        dir,
    );
    for (file, id, label) in [(der.as_str(), "01", "ky-so"), ("ca.der", "02", "ca")] {
        env_run(
            "pkcs11-tool",
            &[
                "--module",
                MODULE,
                "--token-label",
                "Kehoach Test",
                "--login",
                "--pin",
                PIN,
                "--write-object",
                file,
                "--type",
                "cert",
                "--id",
                id,
                "--label",
                label,
            ],
        );
    }
}

fn write_report(dir: &Path) -> PathBuf {
    let path = dir.join("bao-cao.pdf");
    std::fs::write(&path, report_pdf()).unwrap();
    path
}

#[test]
fn a_token_signs_through_pkcs11_and_a_wrong_pin_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    pki(dir, "365");
    token(dir);

    let out = kehoach(dir, &["cert", "list", "--pkcs11", MODULE], "");
    assert!(out.status.success(), "{}", text(&out));
    let listed = text(&out);
    assert!(listed.contains("Kehoach Test"), "{listed}");
    assert!(
        listed.contains("Nguyễn Văn An, UBND thành phố Thái Bình"),
        "{listed}"
    );
    // Without a library named, the libraries installed here are found
    // (SoftHSM2 registers itself with p11-kit) and the key is listed by
    // its holder, with the library and slot to sign with.
    let out = kehoach(dir, &["--json", "cert", "list"], "");
    assert!(out.status.success(), "{}", text(&out));
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = found["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1, "{found}");
    assert!(
        keys[0]["choice"]
            .as_str()
            .unwrap()
            .starts_with("Nguyễn Văn An — UBND thành phố Thái Bình — hết hạn "),
        "{found}"
    );
    assert!(keys[0]["choice"]
        .as_str()
        .unwrap()
        .ends_with("(thiết bị Kehoach Test)"));
    assert_eq!(
        std::fs::canonicalize(keys[0]["module"].as_str().unwrap()).unwrap(),
        std::fs::canonicalize(MODULE).unwrap()
    );

    write_report(dir);
    let sign = |pin: &str, out: &str| {
        kehoach(
            dir,
            &[
                "sign",
                "bao-cao.pdf",
                "--pkcs11",
                MODULE,
                "--password-stdin",
                "--out",
                out,
            ],
            &format!("{pin}\n"),
        )
    };
    let out = sign("000000", "sai-pin.pdf");
    assert!(!out.status.success());
    assert!(text(&out).contains("Sai mã PIN"), "{}", text(&out));
    assert!(
        !dir.join("sai-pin.pdf").exists(),
        "nothing written on a wrong PIN"
    );

    let out = sign(PIN, "da-ky.pdf");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Nguyễn Văn An"), "{}", text(&out));
    let (ok, report) = pyhanko_validate(&dir.join("da-ky.pdf"), &dir.join("ca.crt"));
    assert!(ok && report.contains("TRUSTED"), "{report}");
    qpdf_check(&dir.join("da-ky.pdf"));

    let out = kehoach(dir, &["verify", "da-ky.pdf", "--trust", "ca.crt"], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Chữ ký 1: HỢP LỆ"), "{}", text(&out));
    // An existing signed file is never overwritten.
    let out = sign(PIN, "da-ky.pdf");
    assert!(!out.status.success());
    assert!(text(&out).contains("đã tồn tại"), "{}", text(&out));
    // A wrong module path says what to do.
    let out = kehoach(
        dir,
        &["cert", "list", "--pkcs11", "/khong/co/thu-vien.so"],
        "",
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("không có thư viện PKCS#11 “thu-vien.so” trên máy"),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("/khong/co"), "no path: {}", text(&out));
    // A file that is not a library is said in Vietnamese, not dlopen's words.
    std::fs::write(dir.join("hong.so"), b"not a library").unwrap();
    let out = kehoach(dir, &["cert", "list", "--pkcs11", "hong.so"], "");
    assert!(!out.status.success());
    assert!(
        text(&out).contains("không nạp được thư viện PKCS#11: tệp hỏng"),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("invalid ELF"), "{}", text(&out));
}

#[test]
fn report_sign_writes_the_signed_report_and_locks_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    pki(dir, "365");
    std::fs::write(
        dir.join("chu-ky.png"),
        drawing(600, 300, 12_000, [20, 40, 200], false),
    )
    .unwrap();
    std::fs::write(
        dir.join("con-dau.png"),
        drawing(400, 400, 11_111, [220, 20, 20], true),
    )
    .unwrap();
    let db = ["--db", "d.sqlite"];
    let k = |args: &[&str], input: &str| kehoach(dir, &[&db[..], args].concat(), input);
    assert!(k(&["demo"], "").status.success());
    let sign_args = [
        "report",
        "sign",
        "--period",
        "2026-H1",
        "--p12",
        "leaf.p12",
        "--password-stdin",
        "--image",
        "chu-ky.png",
        "--out",
        "bc-ky.pdf",
    ];
    // A draft cannot be signed.
    assert!(k(&["report", "draft", "--period", "2026-H1"], "")
        .status
        .success());
    let out = k(&sign_args, &format!("{PASSWORD}\n"));
    assert!(!out.status.success());
    assert!(text(&out).contains("còn là dự thảo"), "{}", text(&out));

    let out = k(
        &[
            "--today",
            "05/07/2026",
            "report",
            "finalize",
            "--period",
            "2026-H1",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = k(&sign_args, &format!("{PASSWORD}\n"));
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("đã được khóa"), "{}", text(&out));
    // The signed report carries its data for the level above.
    let listed = Command::new("pdfdetach")
        .arg("-list")
        .arg(dir.join("bc-ky.pdf"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&listed.stdout).contains("kehoach-report.json"));

    let out = k(&["--json", "report", "show", "--period", "2026-H1"], "");
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["status"], "signed", "{shown}");

    let out = k(
        &[
            "progress",
            "set",
            "--plan",
            "38/KH-UBND",
            "--task",
            "III.5",
            "--period",
            "2026-H1",
            "--status",
            "hoàn thành",
        ],
        "",
    );
    assert!(!out.status.success(), "a signed period is locked");
    assert!(text(&out).contains("khóa"), "{}", text(&out));

    // The agency adds its seal; both signatures stay valid.
    let out = add_seal(dir);
    assert!(out.status.success(), "{}", text(&out));
    let out = kehoach(dir, &["--json", "verify", "bc-dau.pdf", "--trust", "."], "");
    assert!(out.status.success(), "{}", text(&out));
    let checks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(checks.as_array().unwrap().len(), 2);
    assert!(
        checks
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["valid"] == true),
        "{checks}"
    );
    let (ok, report) = pyhanko_validate(&dir.join("bc-dau.pdf"), &dir.join("ca.crt"));
    assert!(ok, "{report}");

    // A file changed after signing: `verify` says so and exits non-zero.
    let mut bytes = std::fs::read(dir.join("bc-dau.pdf")).unwrap();
    let i = bytes.len() / 3;
    bytes[i] ^= 0x20;
    std::fs::write(dir.join("bc-sua.pdf"), &bytes).unwrap();
    let out = kehoach(dir, &["verify", "bc-sua.pdf", "--trust", "ca.crt"], "");
    assert!(!out.status.success());
    assert!(text(&out).contains("KHÔNG HỢP LỆ"), "{}", text(&out));
}

#[test]
fn an_ecdsa_key_on_a_token_signs() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    pki_ec(dir);
    token_with(dir, "ec");
    write_report(dir);
    let out = kehoach(
        dir,
        &[
            "sign",
            "bao-cao.pdf",
            "--pkcs11",
            MODULE,
            "--password-stdin",
            "--out",
            "ec-ky.pdf",
        ],
        &format!("{PIN}\n"),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Trần Thị Bình"), "{}", text(&out));
    let (ok, report) = pyhanko_validate(&dir.join("ec-ky.pdf"), &dir.join("ca.crt"));
    assert!(ok && report.contains("TRUSTED"), "{report}");
    let out = kehoach(dir, &["verify", "ec-ky.pdf", "--trust", "ca.crt"], "");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_report_signed_without_an_image_says_on_its_page_who_signed_and_when() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    pki(dir, "365");
    std::fs::write(
        dir.join("con-dau.png"),
        drawing(400, 400, 11_111, [220, 20, 20], true),
    )
    .unwrap();
    let db = ["--db", "d.sqlite"];
    let k = |args: &[&str], input: &str| kehoach(dir, &[&db[..], args].concat(), input);
    assert!(k(&["demo"], "").status.success());
    assert!(k(&["report", "draft", "--period", "2026-H1"], "")
        .status
        .success());
    let finalize = [
        "--today",
        "05/07/2026",
        "report",
        "finalize",
        "--period",
        "2026-H1",
    ];
    assert!(k(&finalize, "").status.success());
    let out = k(
        &[
            "report",
            "sign",
            "--period",
            "2026-H1",
            "--p12",
            "leaf.p12",
            "--password-stdin",
            "--out",
            "bc-ky.pdf",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(out.status.success(), "{}", text(&out));
    // The words are the signature's appearance: a reader shows them, and
    // a printer too once the form is flattened.
    let page_text = |pdf: &str| {
        String::from_utf8(run("pdftotext", &["-layout", pdf, "-"], dir).stdout).unwrap()
    };
    assert!(page_text("bc-ky.pdf").contains("Đã ký số bởi: Nguyễn Văn An"));
    run(
        "qpdf",
        &["--flatten-annotations=all", "bc-ky.pdf", "phang.pdf"],
        dir,
    );
    let shown = page_text("phang.pdf");
    assert!(shown.contains("Đã ký số bởi: Nguyễn Văn An"), "{shown}");
    assert!(shown.contains("Thời gian ký: "), "{shown}");
    let (ok, report) = pyhanko_validate(&dir.join("bc-ky.pdf"), &dir.join("ca.crt"));
    assert!(ok && report.contains("TRUSTED"), "{report}");
    // A seal signed after it leaves the first signature intact.
    let out = add_seal(dir);
    assert!(out.status.success(), "{}", text(&out));
    let (ok, report) = pyhanko_validate(&dir.join("bc-dau.pdf"), &dir.join("ca.crt"));
    assert!(ok && report.matches("INTACT").count() == 2, "{report}");
    qpdf_check(&dir.join("bc-dau.pdf"));
    let out = kehoach(dir, &["verify", "bc-dau.pdf", "--trust", "ca.crt"], "");
    assert!(out.status.success(), "{}", text(&out));
}
