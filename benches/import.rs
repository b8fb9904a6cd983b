//! Import benchmark: `cargo bench --bench import`.
//! Reads the Thái Bình plan text (58 KB) into a plan, many times, and stores
//! it into a fresh database; prints the median and the 90th percentile.

use std::time::{Duration, Instant};

use kehoach::plan_import::import_file;

fn stats(mut d: Vec<Duration>) -> (Duration, Duration) {
    d.sort();
    (d[d.len() / 2], d[d.len() * 9 / 10])
}

fn main() {
    let text = std::fs::read("tests/fixtures/seeds/003_6fafd23e193aabee.txt").expect("seed text");
    for _ in 0..5 {
        import_file(&text, &[]).expect("imports");
    }
    let runs: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            let r = import_file(&text, &[]).expect("imports");
            std::hint::black_box(r);
            t.elapsed()
        })
        .collect();
    let (median, p90) = stats(runs);
    println!(
        "import_text/thai-binh-38 ({} KB): median {:.2} ms, p90 {:.2} ms (200 runs)",
        text.len() / 1024,
        median.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3
    );

    let dir = std::env::temp_dir().join(format!("kehoach-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let stores: Vec<Duration> = (0..20)
        .map(|i| {
            let (units, me, officer) = kehoach::demo::demo_units().unwrap();
            let report = import_file(&text, &units).unwrap();
            let path = dir.join(format!("{i}.sqlite"));
            let mut store =
                kehoach::Office::create_with(&path, &officer, kehoach::clock::system(), |s| {
                    for u in &units {
                        s.add_unit(u)?;
                    }
                    s.set_my_unit(me)
                })
                .unwrap();
            let t = Instant::now();
            store.import_plan(&report.document).unwrap();
            t.elapsed()
        })
        .collect();
    std::fs::remove_dir_all(&dir).ok();
    let (median, p90) = stats(stores);
    println!(
        "store.import_plan/thai-binh-38 (126 tasks, one transaction, synchronous=FULL): median {:.2} ms, p90 {:.2} ms (20 runs)",
        median.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3
    );
}
