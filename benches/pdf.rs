//! Report PDF benchmark: `cargo bench --bench pdf`. A report of 200 task
//! results and 50 indicators (about 20 pages) is laid out and written many
//! times; prints the median time, the page count and the size, and leaves
//! the file in target/bench-report.pdf to be looked at.

mod common;

use std::time::{Duration, Instant};

use kehoach::pdf::{fonts::Fonts, render};

fn main() {
    let report = common::twenty_page_report();
    let fonts = Fonts::liberation_serif();
    let bytes = render(&report, &fonts).unwrap();
    std::fs::write("target/bench-report.pdf", &bytes).unwrap();
    let pages = bytes
        .windows(b"/Type /Page\n".len())
        .filter(|w| w == b"/Type /Page\n")
        .count()
        .max(bytes.windows(9).filter(|w| *w == b"/Type/Pag").count());
    let mut runs: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(render(&report, &fonts).unwrap());
            t.elapsed()
        })
        .collect();
    runs.sort();
    println!(
        "render report (200 task results, 50 indicators): median {:.1} ms, p90 {:.1} ms (20 runs); {} KB; page objects seen: {pages}",
        runs[10].as_secs_f64() * 1e3,
        runs[18].as_secs_f64() * 1e3,
        bytes.len() / 1024
    );
}
