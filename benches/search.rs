//! Filtering a long task list: `cargo bench --bench search`. A plan of
//! 5,000 tasks (numbered parts, titles of realistic length, units) is
//! searched diacritic-insensitively as the window does while the officer
//! types; the result is serialized to JSON as it crosses to the window.

use std::time::{Duration, Instant};

use kehoach::model::{Plan, PlanDocument, Task, Unit, UnitKind};
use kehoach::store::TaskFilter;
use uuid::Uuid;

const TASKS: usize = 5_000;
const WORDS: [&str; 12] = [
    "tuyên truyền",
    "giảm nghèo",
    "giáo dục",
    "y tế",
    "môi trường",
    "văn hóa",
    "nông thôn mới",
    "chuyển đổi số",
    "an sinh xã hội",
    "việc làm",
    "du lịch",
    "thể thao",
];

fn main() {
    // `-- --write-db PATH`: only build the database (for the window's own
    // measurement, tests/e2e/bench_search.py).
    let args: Vec<String> = std::env::args().collect();
    let keep = args
        .iter()
        .position(|a| a == "--write-db")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from);
    let dir = tempfile::tempdir().unwrap();
    let me = Unit {
        id: Uuid::new_v4(),
        name: "Ủy ban nhân dân huyện Mẫu".into(),
        short_name: "UBND huyện Mẫu".into(),
        kind: UnitKind::Huyen,
        admin_code: None,
        reports_to: None,
        valid_from: None,
        valid_to: None,
    };
    let path = keep.clone().unwrap_or_else(|| dir.path().join("s.sqlite"));
    let mut store =
        kehoach::Office::create(&path, &me, "Cán bộ", kehoach::clock::system()).unwrap();
    let plan_id = Uuid::new_v4();
    let plan = Plan {
        id: plan_id,
        doc_number: "99/KH-UBND".into(),
        issued_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        issuer: "Ủy ban nhân dân tỉnh Mẫu".into(),
        place: None,
        signer_name: None,
        signer_title: None,
        title: "Kế hoạch mẫu 5.000 nhiệm vụ".into(),
        start_year: 2026,
        end_year: 2030,
        phases: vec![],
        version: 1,
        content_hash: String::new(),
        source_text: None,
    };
    let tasks: Vec<Task> = (0..TASKS)
        .map(|i| Task {
            id: Uuid::new_v4(),
            plan_id,
            parent_id: None,
            code: format!("{}.{}", i / 50 + 1, i % 50 + 1),
            title: format!(
                "Triển khai các hoạt động {} gắn với {} trên địa bàn, giai đoạn {}",
                WORDS[i % WORDS.len()],
                WORDS[(i * 7 + 3) % WORDS.len()],
                2026 + i % 5
            ),
            content: String::new(),
            lead_units: vec![me.id],
            partner_units: vec![],
            unit_groups: vec![],
            phase: None,
            deadline: None,
            source_span: None,
        })
        .collect();
    let doc = PlanDocument {
        plan,
        units: vec![],
        tasks,
        indicators: vec![],
        schedule: vec![],
        references: vec![],
        recipients: vec![],
        sections: vec![],
    };
    store.import_plan(&doc).unwrap();
    if keep.is_some() {
        return;
    }
    let search = |q: &str| {
        let found = store
            .tasks(&TaskFilter {
                plan: Some(plan_id),
                unit: None,
                search: (!q.is_empty()).then(|| q.to_string()),
            })
            .unwrap();
        let json = serde_json::to_vec(&found).unwrap();
        (found.len(), json.len())
    };
    for (q, label) in [
        ("giam ngheo", "two words, no diacritics"),
        ("chuyển đổi số", "three words, with diacritics"),
        ("y", "one letter"),
        ("", "no filter: the whole list"),
    ] {
        let (n, bytes) = search(q);
        let mut runs: Vec<Duration> = (0..21)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(search(q));
                t.elapsed()
            })
            .collect();
        runs.sort();
        println!(
            "search {TASKS} tasks for {q:?} ({label}): {n} found, {} KB JSON; median {:.1} ms, p90 {:.1} ms",
            bytes / 1024,
            runs[10].as_secs_f64() * 1e3,
            runs[18].as_secs_f64() * 1e3
        );
    }
}
