//! Progress benchmark on a province-scale synthetic store:
//! `cargo bench --bench progress`. 600 communes × 300 tasks × 100
//! indicators × 20 six-monthly periods (3,6 million progress rows and 1,2
//! million values, bulk-loaded), then the dashboard and a grid save measured.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kehoach::calendar::{DueRule, Period, PeriodKind};
use kehoach::input::ValueInput;
use kehoach::model::{
    Aggregation, Direction, Indicator, Plan, PlanDocument, ReportKind, Task, Unit, UnitKind,
};
use kehoach::store::DueScope;
use uuid::Uuid;

const UNITS: usize = 600;
const TASKS: usize = 300;
const INDICATORS: usize = 100;

fn unit(name: String, kind: UnitKind, parent: Option<Uuid>) -> Unit {
    Unit {
        id: Uuid::new_v4(),
        short_name: name.clone(),
        name,
        kind,
        admin_code: None,
        reports_to: parent,
        valid_from: None,
        valid_to: None,
    }
}

fn median(mut d: Vec<Duration>) -> (f64, f64) {
    d.sort();
    (
        d[d.len() / 2].as_secs_f64() * 1e3,
        d[d.len() * 9 / 10].as_secs_f64() * 1e3,
    )
}

fn main() {
    let dir = std::env::temp_dir().join(format!("kehoach-bench-progress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("province.sqlite");
    let province = unit(
        "Ủy ban nhân dân tỉnh Thử Nghiệm".into(),
        UnitKind::Tinh,
        None,
    );
    let t = Instant::now();
    let mut store =
        kehoach::Office::create(&path, &province, "Bench", kehoach::clock::system()).unwrap();
    let communes: Vec<Unit> = (0..UNITS)
        .map(|i| {
            unit(
                format!("Ủy ban nhân dân xã Số {i}"),
                UnitKind::Xa,
                Some(province.id),
            )
        })
        .collect();

    let plan_id = Uuid::new_v4();
    let mut tasks = Vec::new();
    for i in 0..TASKS {
        let group = i / 10;
        tasks.push(Task {
            id: Uuid::new_v4(),
            plan_id,
            parent_id: None,
            code: format!("II.{}.{}", group + 1, i % 10 + 1),
            title: format!("Nhiệm vụ số {i} về giảm nghèo, giáo dục và y tế"),
            content: String::new(),
            lead_units: vec![],
            partner_units: communes.iter().map(|u| u.id).collect(),
            unit_groups: vec![],
            phase: None,
            deadline: NaiveDate::from_ymd_opt(2025, 6, 30),
            source_span: None,
        });
    }
    let indicators: Vec<Indicator> = (0..INDICATORS)
        .map(|i| Indicator {
            id: Uuid::new_v4(),
            plan_id,
            task_id: None,
            name: format!("Chỉ tiêu số {i}"),
            measure_unit: if i % 4 == 1 {
                "%".into()
            } else {
                "người".into()
            },
            target_value: Some(100.0),
            target_date: None,
            baseline: None,
            direction: Direction::Up,
            aggregation: match i % 4 {
                0 => Aggregation::Sum,
                1 => Aggregation::Ratio {
                    numerator: "Tử số".into(),
                    denominator: "Mẫu số".into(),
                },
                2 => Aggregation::YesNo,
                _ => Aggregation::Text,
            },
            min: Some(0.0),
            max: if i % 4 == 1 { Some(100.0) } else { None },
            source_span: None,
        })
        .collect();
    let doc = PlanDocument {
        plan: Plan {
            id: plan_id,
            doc_number: "1/KH-UBND".into(),
            issued_on: NaiveDate::from_ymd_opt(2016, 1, 5).unwrap(),
            issuer: province.name.clone(),
            place: None,
            signer_name: None,
            signer_title: None,
            title: "Kế hoạch thử nghiệm quy mô tỉnh".into(),
            start_year: 2016,
            end_year: 2025,
            phases: vec![],
            version: 1,
            content_hash: String::new(),
            source_text: None,
        },
        units: communes.clone(),
        tasks: tasks.clone(),
        indicators: indicators.clone(),
        schedule: vec![],
        references: vec![],
        recipients: vec![],
        sections: vec![],
    };
    store.add_plan_document(&doc).unwrap();
    store
        .set_due(
            plan_id,
            DueScope::ChildrenOf(province.id),
            ReportKind::SixMonths,
            DueRule {
                day: 5,
                month: 7,
                next_year: false,
            },
        )
        .unwrap();
    drop(store);

    // Bulk load through SQLite directly: this is a generator, not an officer.
    let periods: Vec<String> = kehoach::calendar::periods_of(PeriodKind::Half, 2016, 2025)
        .iter()
        .map(|p| p.to_string())
        .collect();
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut prog = tx
                .prepare("INSERT INTO progress VALUES (?1, ?2, ?3, 'dang_thuc_hien', NULL, 'Đã triển khai theo kế hoạch.', '', '', 1000000, '[]', '2025-01-01T00:00:00+07:00', 'Bench')")
                .unwrap();
            let mut val = tx
                .prepare("INSERT INTO indicator_values VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', '2025-01-01T00:00:00+07:00', 'Bench')")
                .unwrap();
            for (ui, u) in communes.iter().enumerate() {
                for p in &periods {
                    for t in &tasks {
                        prog.execute(rusqlite::params![t.id, u.id, p]).unwrap();
                    }
                    for (i, ind) in indicators.iter().enumerate() {
                        let n = ((ui * 7 + i) % 90 + 5) as f64;
                        let row = match i % 4 {
                            0 => (Some(n), None, None, None, None),
                            1 => (Some(n), Some(n), Some(100.0), None, None),
                            2 => (None, None, None, Some(n as i64 % 2 == 0), None),
                            _ => (None, None, None, None, Some("Đã thực hiện.")),
                        };
                        val.execute(rusqlite::params![
                            ind.id, u.id, p, row.0, row.1, row.2, row.3, row.4
                        ])
                        .unwrap();
                    }
                }
            }
        }
        tx.commit().unwrap();
    }
    let load = t.elapsed();
    let size = std::fs::metadata(&path).unwrap().len() / (1024 * 1024);
    println!(
        "generated {UNITS} units × {TASKS} tasks × {INDICATORS} indicators × {} periods ({} progress rows, {} values) in {:.1} s, {size} MiB",
        periods.len(),
        UNITS * TASKS * periods.len(),
        UNITS * INDICATORS * periods.len(),
        load.as_secs_f64()
    );

    let opens: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            drop(kehoach::Office::open(&path, kehoach::clock::system()).unwrap());
            t.elapsed()
        })
        .collect();
    let (m, _) = median(opens);
    println!(
        "Store::open ({size} MiB, header, application id, quick_check): median {m:.0} ms (3 runs)"
    );
    let mut store = kehoach::Office::open(&path, kehoach::clock::system()).unwrap();
    let today = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
    let dash: Vec<Duration> = (0..20)
        .map(|i| {
            let t = Instant::now();
            let b = store
                .dashboard(plan_id, communes[i * 29].id, today)
                .unwrap();
            assert_eq!(b.indicators.len(), INDICATORS);
            std::hint::black_box(b);
            t.elapsed()
        })
        .collect();
    let (m, p90) = median(dash);
    println!("dashboard (one commune: periods, missing tasks, overdue, {INDICATORS} indicators with lũy kế, changes): median {m:.1} ms, p90 {p90:.1} ms (20 communes)");

    let due: Vec<Duration> = (0..20)
        .map(|i| {
            let t = Instant::now();
            std::hint::black_box(store.due(communes[i * 29].id, today).unwrap());
            t.elapsed()
        })
        .collect();
    let (m, p90) = median(due);
    println!("due (what a commune must report): median {m:.1} ms, p90 {p90:.1} ms");

    let period = Period::parse("2025-H2").unwrap();
    let saves: Vec<Duration> = (0..10)
        .map(|i| {
            let u = communes[i * 53].id;
            let inputs: Vec<(Uuid, ValueInput)> = indicators
                .iter()
                .enumerate()
                .map(|(k, ind)| {
                    let v = format!("{}", 10 + (i + k) % 50);
                    let input = match k % 4 {
                        0 => ValueInput {
                            value: Some(v),
                            ..Default::default()
                        },
                        1 => ValueInput {
                            numerator: Some(v),
                            denominator: Some("100".into()),
                            ..Default::default()
                        },
                        2 => ValueInput {
                            yes: Some(k % 3 == 0),
                            ..Default::default()
                        },
                        _ => ValueInput {
                            text: Some("Hoàn thành các hoạt động trong kỳ.".into()),
                            ..Default::default()
                        },
                    };
                    (ind.id, input)
                })
                .collect();
            let t = Instant::now();
            store.set_values(u, &period, &inputs).unwrap();
            t.elapsed()
        })
        .collect();
    let (m, p90) = median(saves);
    println!("set_values (one unit, one period, {INDICATORS} indicators, one transaction): median {m:.1} ms, p90 {p90:.1} ms (10 units)");
    std::fs::remove_dir_all(&dir).ok();
}
