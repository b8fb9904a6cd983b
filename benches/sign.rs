//! Signing and verifying benchmark: `cargo bench --bench sign`. The ~20-page
//! report of `benches/pdf.rs` is signed with a PKCS#12 RSA-2048 key (made
//! here with openssl, kept nowhere) and the signed file verified against
//! the test CA; prints the medians.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use kehoach::pdf::{fonts::Fonts, render};
use kehoach::sign::{sign_pdf, P12Signer, SignOptions};

fn openssl(dir: &Path, args: &[&str]) {
    let ok = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl (scripts/setup.sh --test installs it)")
        .status
        .success();
    assert!(ok, "openssl {args:?}");
}

fn median(mut runs: Vec<Duration>) -> (f64, f64) {
    runs.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (ms(runs[runs.len() / 2]), ms(runs[runs.len() * 9 / 10]))
}

fn main() {
    let dir = std::env::temp_dir().join(format!("kehoach-bench-sign-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    openssl(
        &dir,
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
            "30",
            "-subj",
            "/CN=Bench CA",
        ],
    );
    openssl(
        &dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=Bench Signer",
        ],
    );
    openssl(
        &dir,
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
            "30",
        ],
    );
    openssl(
        &dir,
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
            "pass:bench",
        ],
    );
    let signer = P12Signer::open(&std::fs::read(dir.join("leaf.p12")).unwrap(), "bench").unwrap();
    let trust =
        kehoach::sign::cert::parse_certificates(&std::fs::read(dir.join("ca.crt")).unwrap())
            .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();

    let pdf = render(&common::twenty_page_report(), &Fonts::liberation_serif()).unwrap();
    let vn = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    let opts = SignOptions::at(chrono::Utc::now().with_timezone(&vn));
    let signed = sign_pdf(&pdf, &signer, &opts).unwrap().bytes;
    assert!(kehoach::verify::verify_pdf(&signed, &trust).unwrap()[0].valid);

    let n = 40;
    let sign_runs = (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(sign_pdf(&pdf, &signer, &opts).unwrap());
            t.elapsed()
        })
        .collect();
    let verify_runs = (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(kehoach::verify::verify_pdf(&signed, &trust).unwrap());
            t.elapsed()
        })
        .collect();
    let (s50, s90) = median(sign_runs);
    let (v50, v90) = median(verify_runs);
    println!(
        "report of {} KB: sign (PKCS#12, RSA-2048) median {s50:.1} ms, p90 {s90:.1} ms; verify median {v50:.1} ms, p90 {v90:.1} ms ({n} runs each)",
        pdf.len() / 1024
    );
}
