//! Signing and verifying benchmark: `cargo bench --bench sign`. The ~20-page
//! report of `benches/pdf.rs` is signed with a PKCS#12 RSA-2048 key (made
//! here with openssl, kept nowhere) and the signed file verified against
//! the test CA; prints the medians.

mod common;

use std::time::{Duration, Instant};

use kehoach::pdf::{fonts::Fonts, render};
use kehoach::sign::{sign_pdf, SignOptions};

fn median(mut runs: Vec<Duration>) -> (f64, f64) {
    runs.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (ms(runs[runs.len() / 2]), ms(runs[runs.len() * 9 / 10]))
}

fn main() {
    let (signer, trust) = common::bench_key("sign");

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
