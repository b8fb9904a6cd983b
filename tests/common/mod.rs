//! Shared by the signing tests: a test PKI made with openssl, a finished
//! report, the independent validators (pyHanko, pdfsig, qpdf) and drawn
//! signature and seal images.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::FixedOffset;
use kehoach::sign::Png;

pub const PASSWORD: &str = "matkhau123";

pub fn run(cmd: &str, args: &[&str], dir: &Path) -> std::process::Output {
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

/// Another signer's certificate `{name}.p12` (holder `cn`, organisation
/// `org`) from the CA that [`pki`] made in `dir`: each office signs with
/// its own.
pub fn leaf(dir: &Path, name: &str, cn: &str, org: &str) -> PathBuf {
    let (key, csr, crt, p12) = (
        format!("{name}.key"),
        format!("{name}.csr"),
        format!("{name}.crt"),
        format!("{name}.p12"),
    );
    std::fs::write(
        dir.join(format!("{name}.cnf")),
        "keyUsage=critical,digitalSignature,nonRepudiation\n",
    )
    .unwrap();
    let subject = format!("/CN={cn}/O={org}");
    let cnf = format!("{name}.cnf");
    run(
        "openssl",
        &[
            "req", "-newkey", "rsa:2048", "-nodes", "-keyout", &key, "-out", &csr, "-utf8",
            "-subj", &subject,
        ],
        dir,
    );
    run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            &crt,
            "-days",
            "3650",
            "-extfile",
            &cnf,
        ],
        dir,
    );
    run(
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-inkey",
            &key,
            "-in",
            &crt,
            "-certfile",
            "ca.crt",
            "-out",
            &p12,
            "-passout",
            &format!("pass:{PASSWORD}"),
        ],
        dir,
    );
    dir.join(p12)
}

/// A test CA and a signer's certificate valid for `days` days, in `dir`.
pub fn pki(dir: &Path, days: &str) -> PathBuf {
    pki_with(dir, days, "digitalSignature,nonRepudiation")
}

/// Same, with the leaf's key usage given.
pub fn pki_with(dir: &Path, days: &str, usage: &str) -> PathBuf {
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
    std::fs::write(dir.join("ext.cnf"), format!("keyUsage=critical,{usage}\n")).unwrap();
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

pub fn report_pdf() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        kehoach::Office::create_demo(&dir.path().join("d.sqlite"), kehoach::clock::system())
            .unwrap();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    let p = kehoach::calendar::Period::parse("2026-H2").unwrap();
    let r = store.draft_report(plan, me, &p, false).unwrap();
    let r = store
        .finalize_report(r.id, chrono::NaiveDate::from_ymd_opt(2026, 12, 20).unwrap())
        .unwrap();
    kehoach::pdf::render(&r, &kehoach::pdf::fonts::Fonts::liberation_serif()).unwrap()
}

pub fn now() -> chrono::DateTime<FixedOffset> {
    let vn = FixedOffset::east_opt(7 * 3600).unwrap();
    chrono::Utc::now().with_timezone(&vn)
}

pub fn pyhanko() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let venv = root.join(".venv/bin/pyhanko");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("pyhanko")
    }
}

pub fn pyhanko_validate(pdf: &Path, ca: &Path) -> (bool, String) {
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

pub fn pdfsig(pdf: &Path, ca: &Path, dir: &Path) -> String {
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

/// A transparent PNG: a thick stroke of `rgb` (a signature's scribble, or a
/// seal's ring), `w`×`h` pixels at `ppm` pixels per metre.
pub fn drawing(w: u32, h: u32, ppm: u32, rgb: [u8; 3], ring: bool) -> Vec<u8> {
    let mut px = vec![0u8; (w * h * 4) as usize];
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
            let on = if ring {
                let r = ((fx - 0.5).powi(2) + (fy - 0.5).powi(2)).sqrt();
                (0.40..0.48).contains(&r) || (r < 0.08)
            } else {
                let curve = 0.5 + 0.3 * (fx * 12.0).sin() * (1.0 - fx);
                (fy - curve).abs() < 0.04 && (0.1..0.9).contains(&fx)
            };
            if on {
                let i = ((y * w + x) * 4) as usize;
                px[i..i + 3].copy_from_slice(&rgb);
                px[i + 3] = 255;
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        let mut wr = enc.write_header().unwrap();
        wr.write_image_data(&px).unwrap();
    }
    out
}

/// A blue signature, 50 mm × 25 mm.
pub fn signature_image() -> Png {
    Png::decode(
        &drawing(600, 300, 12_000, [20, 40, 200], false),
        "ảnh chữ ký",
    )
    .unwrap()
}

/// A red seal, 36 mm across (real size).
pub fn seal_image() -> Png {
    Png::decode(
        &drawing(400, 400, 11_111, [220, 20, 20], true),
        "ảnh con dấu",
    )
    .unwrap()
}

pub fn qpdf_check(path: &Path) {
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

pub fn ca_certs(dir: &Path) -> Vec<x509_cert::Certificate> {
    kehoach::sign::cert::parse_certificates(&std::fs::read(dir.join("ca.crt")).unwrap()).unwrap()
}

/// The test CA of `pki` and an ECDSA P-256 signer's certificate issued by
/// it: ec.key, ec.crt and ec.p12 in `dir`.
pub fn pki_ec(dir: &Path) -> PathBuf {
    pki(dir, "365");
    run(
        "openssl",
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            "ec.key",
        ],
        dir,
    );
    run(
        "openssl",
        &[
            "req",
            "-new",
            "-key",
            "ec.key",
            "-out",
            "ec.csr",
            "-utf8",
            "-subj",
            "/CN=Trần Thị Bình/O=UBND xã Tiền Phong",
        ],
        dir,
    );
    run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            "ec.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "ec.crt",
            "-days",
            "365",
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
            "ec.key",
            "-in",
            "ec.crt",
            "-certfile",
            "ca.crt",
            "-out",
            "ec.p12",
            "-passout",
            &format!("pass:{PASSWORD}"),
        ],
        dir,
    );
    dir.join("ec.p12")
}

/// Writes what the officer writes where the draft leaves an instruction
/// ("(Nêu nguyên nhân chủ quan, khách quan.)"): finalising refuses it.
#[allow(dead_code)]
pub fn write_reasons(office: &mut kehoach::Office, report: uuid::Uuid) -> kehoach::model::Report {
    let mut r = office.report_by_id(report).unwrap();
    for s in r.sections.clone() {
        if s.text.lines().any(kehoach::report::is_placeholder) {
            let text: Vec<&str> = s
                .text
                .lines()
                .map(|l| {
                    if kehoach::report::is_placeholder(l) {
                        "Một số đơn vị bố trí kinh phí chậm; việc phối hợp giữa các ngành chưa thường xuyên."
                    } else {
                        l
                    }
                })
                .collect();
            r = office
                .edit_report_section(report, &s.code, &text.join("\n"))
                .unwrap();
        }
    }
    r
}
