//! The store as the CLI and the app use it: real SQLite files in a temp dir.

use std::fs;
use std::path::{Path, PathBuf};

use kehoach::model::{Unit, UnitKind};
use kehoach::store::{TaskFilter, LATEST_VERSION};
use kehoach::{demo, vn, Store, StoreError};
use uuid::Uuid;

fn unit(name: &str, kind: UnitKind, parent: Option<Uuid>) -> Unit {
    Unit {
        id: Uuid::new_v4(),
        name: name.into(),
        short_name: String::new(),
        kind,
        admin_code: None,
        reports_to: parent,
        valid_from: None,
        valid_to: None,
    }
}

fn new_store(dir: &Path) -> (kehoach::Office, PathBuf) {
    let path = dir.join("db.sqlite");
    let me = unit("Ủy ban nhân dân huyện Mê Linh", UnitKind::Huyen, None);
    (
        kehoach::Office::create(&path, &me, "Lê Thị Mai", kehoach::clock::system()).unwrap(),
        path,
    )
}

fn demo_store(dir: &Path) -> kehoach::Office {
    kehoach::Office::create_demo(&dir.join("demo.sqlite"), kehoach::clock::system()).unwrap()
}

#[test]
fn a_missing_file_is_refused_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("khong-co.sqlite");
    let err = kehoach::Office::open(&path, kehoach::clock::system())
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::NotFound(_)));
    assert!(err.to_string().contains("Không tìm thấy cơ sở dữ liệu"));
    assert!(!path.exists());
}

#[test]
fn a_text_file_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ghichu.txt");
    fs::write(&path, "Báo cáo 6 tháng đầu năm").unwrap();
    let err = kehoach::Office::open(&path, kehoach::clock::system())
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::NotSqlite(_)), "{err}");
    assert!(err
        .to_string()
        .contains("không phải là cơ sở dữ liệu SQLite"));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "Báo cáo 6 tháng đầu năm"
    );
    // An empty file too: SQLite would happily turn it into a database.
    let empty = dir.path().join("rong.sqlite");
    fs::write(&empty, "").unwrap();
    assert!(matches!(
        kehoach::Office::open(&empty, kehoach::clock::system()),
        Err(StoreError::NotSqlite(_))
    ));
    assert_eq!(fs::metadata(&empty).unwrap().len(), 0);
}

#[test]
fn another_programs_database_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = kehoach::Office::open(&path, kehoach::clock::system())
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::ForeignDatabase(_)), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_damaged_database_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite");
    drop(kehoach::Office::create_demo(&path, kehoach::clock::system()).unwrap());
    let mut bytes = fs::read(&path).unwrap();
    // Overwrite the middle of the file (b-tree pages) with garbage.
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 8192] {
        *b = 0xA5;
    }
    fs::write(&path, &bytes).unwrap();
    let err = kehoach::Office::open(&path, kehoach::clock::system())
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("bị hỏng"));
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_database_from_a_newer_kehoach_is_refused_not_downgraded() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = new_store(dir.path());
    drop(store);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = kehoach::Office::open(&path, kehoach::clock::system())
        .err()
        .unwrap();
    assert!(
        matches!(err, StoreError::NewerSchema { found, .. } if found == LATEST_VERSION + 1),
        "{err}"
    );
    assert!(err.to_string().contains("phiên bản kehoach mới hơn"));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn create_refuses_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("co-san.sqlite");
    fs::write(&path, "dữ liệu quý").unwrap();
    let me = unit("Ủy ban nhân dân xã Tiền Phong", UnitKind::Xa, None);
    let err = kehoach::Office::create(&path, &me, "", kehoach::clock::system())
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::AlreadyExists(_)));
    assert_eq!(fs::read_to_string(&path).unwrap(), "dữ liệu quý");
    assert!(matches!(
        kehoach::Office::create_demo(&path, kehoach::clock::system()),
        Err(StoreError::AlreadyExists(_))
    ));
}

#[test]
fn a_failed_create_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("moi.sqlite");
    let err = Store::create_with(&path, "", kehoach::clock::system(), |_| {
        Err(StoreError::Invalid {
            field: "thử",
            message: "dừng giữa chừng".into(),
        })
    })
    .err()
    .unwrap();
    assert!(matches!(err, StoreError::Invalid { .. }));
    assert!(!path.exists());
    // Only the hold's lock file stays (kept for the next process to lock).
    let left: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["moi.sqlite.lock"], "temp files left");
}

#[test]
fn the_database_is_configured_for_durability() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = new_store(dir.path());
    drop(store);
    let store = kehoach::Office::open(&path, kehoach::clock::system()).unwrap();
    assert_eq!(store.store().schema_version().unwrap(), LATEST_VERSION);
    let c = rusqlite::Connection::open(&path).unwrap();
    let mode: String = c
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let app_id: i32 = c
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, kehoach::store::APPLICATION_ID);
}

#[test]
fn a_unit_cycle_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    let tinh = store
        .add_unit(&unit(
            "Ủy ban nhân dân tỉnh Thái Bình",
            UnitKind::Tinh,
            None,
        ))
        .unwrap();
    let huyen = store
        .add_unit(&unit(
            "Ủy ban nhân dân huyện Vũ Thư",
            UnitKind::Huyen,
            Some(tinh.id),
        ))
        .unwrap();
    let xa = store
        .add_unit(&unit(
            "Ủy ban nhân dân xã Tân Hòa",
            UnitKind::Xa,
            Some(huyen.id),
        ))
        .unwrap();

    let err = store.set_reports_to(tinh.id, Some(xa.id)).err().unwrap();
    assert!(matches!(err, StoreError::UnitCycle { .. }), "{err}");
    assert!(err.to_string().contains("vòng lặp"), "{err}");
    assert_eq!(store.unit(tinh.id).unwrap().reports_to, None);
    let err = store.set_reports_to(xa.id, Some(xa.id)).err().unwrap();
    assert!(matches!(err, StoreError::UnitCycle { .. }));

    // A legal move works and is audited with the officer's name.
    store.set_reports_to(xa.id, Some(tinh.id)).unwrap();
    assert_eq!(store.unit(xa.id).unwrap().reports_to, Some(tinh.id));
    let log = store.store().audit_log(Some(&xa.id.to_string())).unwrap();
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0].action, "create");
    assert_eq!(log[1].action, "reports_to");
    assert_eq!(log[1].officer, "Lê Thị Mai");
    assert_eq!(log[1].old_value, Some(serde_json::json!(huyen.id)));
    assert_eq!(log[1].new_value, Some(serde_json::json!(tinh.id)));
}

#[test]
fn unit_texts_are_stored_nfc_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    let decomposed = "U\u{0309}y ban nha\u{0302}n da\u{0302}n  xa\u{0303} Đông Mỹ ";
    let u = store
        .add_unit(&unit(decomposed, UnitKind::Xa, None))
        .unwrap();
    assert_eq!(u.name, "Ủy ban nhân dân xã Đông Mỹ");
    assert_eq!(store.unit(u.id).unwrap().name, "Ủy ban nhân dân xã Đông Mỹ");
    // Found by the other tone placement, and without diacritics.
    assert_eq!(
        store.find_unit("Uỷ ban nhân dân xã Đông Mỹ").unwrap().id,
        u.id
    );
    assert_eq!(store.find_unit("dong my").unwrap().id, u.id);

    let err = store
        .add_unit(&unit("   ", UnitKind::Xa, None))
        .err()
        .unwrap();
    assert!(err.to_string().contains("Tên đơn vị"), "{err}");
    let err = store
        .add_unit(&unit("Xã Ma", UnitKind::Xa, Some(Uuid::new_v4())))
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::NotFoundItem { .. }), "{err}");
    assert_eq!(store.units().unwrap().len(), 2);
}

#[test]
fn units_sort_in_vietnamese_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let communes: Vec<String> = store
        .units()
        .unwrap()
        .into_iter()
        .filter(|u| u.kind == UnitKind::Xa)
        .map(|u| u.name.replace("Ủy ban nhân dân xã ", ""))
        .collect();
    // Đ after D, Ư after U, "Tiên Hoa" before "Tiên Lữ" before "Tiên Tiến".
    assert_eq!(
        communes,
        [
            "Đoàn Đào",
            "Đức Hợp",
            "Hiệp Cường",
            "Hoàng Hoa Thám",
            "Lương Bằng",
            "Nghĩa Dân",
            "Quang Hưng",
            "Tân Hưng",
            "Tiên Hoa",
            "Tiên Lữ",
            "Tiên Tiến",
            "Tống Trân"
        ]
    );
}

#[test]
fn the_demo_holds_the_hung_yen_plan() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let plans = store.plans().unwrap();
    assert_eq!(plans.len(), 1);
    let plan = store.find_plan("38/KH-UBND").unwrap();
    assert_eq!(plan.issuer, "Ủy ban nhân dân tỉnh Hưng Yên");
    assert_eq!(
        vn::format_long_date(plan.issued_on),
        "ngày 15 tháng 8 năm 2025"
    );
    assert_eq!((plan.start_year, plan.end_year), (2025, 2030));
    assert_eq!(plan.phases.len(), 2);
    assert_eq!(plan.content_hash.len(), 64);
    assert!(plan.source_text.unwrap().contains("Nguyễn Văn Hưng"));

    let tree = store.task_tree(plan.id).unwrap();
    let groups: Vec<&str> = tree
        .iter()
        .map(|n| n.task.code.as_str())
        .filter(|c| c.starts_with("III."))
        .collect();
    assert_eq!(
        groups,
        (1..=8).map(|i| format!("III.{i}")).collect::<Vec<_>>()
    );
    let education = &tree[2];
    assert_eq!(
        education.task.title,
        "Triển khai xây dựng xã hội học tập hướng đến người dân"
    );
    assert_eq!(education.leads[0].name, "Sở Giáo dục và Đào tạo");
    assert_eq!(education.leads[0].short_name, "Sở GDĐT");
    assert!(education.partners.iter().any(|u| u.name == "Sở Tài chính"));
    // "UBND các xã, phường": the fifteen communes, which report through
    // the Sở, and the group kept.
    let communes = education
        .partners
        .iter()
        .filter(|u| matches!(u.kind, UnitKind::Xa | UnitKind::Phuong))
        .count();
    assert_eq!(communes, 15);
    assert!(education
        .task
        .unit_groups
        .iter()
        .any(|g| g.label == "UBND các xã, phường"));
    // "các sở, ban, ngành có liên quan" is not a set of districts (quận).
    assert!(education
        .task
        .unit_groups
        .iter()
        .all(|g| !g.kinds.contains(&UnitKind::Huyen)));
    assert_eq!(education.children.len(), 2);

    let mine = store.unit(store.my_unit_id().unwrap()).unwrap();
    assert_eq!(mine.name, "Sở Nội vụ");

    let indicators = store.indicators(plan.id).unwrap();
    let kindergarten = indicators
        .iter()
        .find(|i| i.name.contains("mẫu giáo"))
        .unwrap();
    assert_eq!(kindergarten.target_value, Some(100.0));
    assert_eq!(kindergarten.measure_unit, "%");
    assert_eq!(kindergarten.aggregation.code(), "ratio");
    let schedule = store.schedule(plan.id).unwrap();
    assert!(schedule
        .iter()
        .any(|r| (r.due_day, r.due_month) == (Some(15), Some(12))));
}

#[test]
fn the_demo_is_the_same_every_time_it_is_built() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (sa, sb) = (demo_store(a.path()), demo_store(b.path()));
    let (pa, pb) = (sa.plans().unwrap(), sb.plans().unwrap());
    assert_eq!(pa[0].id, pb[0].id);
    assert_eq!(
        sa.plan(pa[0].id).unwrap().content_hash,
        sb.plan(pb[0].id).unwrap().content_hash
    );
}

#[test]
fn task_search_ignores_diacritics() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let search = |q: &str| {
        store
            .tasks(&TaskFilter {
                search: Some(q.into()),
                ..Default::default()
            })
            .unwrap()
    };
    let poverty = search("ho ngheo");
    assert!(poverty.len() >= 2, "{}", poverty.len());
    for n in &poverty {
        let text = format!("{} {}", n.task.title, n.task.content);
        assert!(text.to_lowercase().contains("hộ nghèo"), "{}", n.task.code);
    }
    assert_eq!(
        search("hộ nghèo")
            .iter()
            .map(|n| n.task.id)
            .collect::<Vec<_>>(),
        poverty.iter().map(|n| n.task.id).collect::<Vec<_>>()
    );
    let education = search("giao duc");
    assert!(education.iter().any(|n| n.task.code == "III.3.1"));
    for n in &education {
        let text = vn::fold(&format!("{} {}", n.task.title, n.task.content));
        assert!(text.contains("giao duc"), "{}", n.task.code);
    }
    assert!(search("khong co chu nay dau").is_empty());
}

#[test]
fn tasks_filter_by_unit() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let yte = store.find_unit("Sở Y tế").unwrap();
    let tasks = store
        .tasks(&TaskFilter {
            unit: Some(yte.id),
            ..Default::default()
        })
        .unwrap();
    let codes: Vec<&str> = tasks.iter().map(|n| n.task.code.as_str()).collect();
    assert!(codes.contains(&"III.4"), "{codes:?}");
    assert!(!codes.contains(&"III.6"), "{codes:?}");
    assert!(tasks
        .iter()
        .all(|n| n.leads.iter().chain(&n.partners).any(|u| u.id == yte.id)));
}

#[test]
fn a_plan_naming_an_unknown_unit_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    let (units, _, _) = demo::demo_units().unwrap();
    let mut doc = demo::demo_plan(&units).unwrap().document;
    let ghost = Uuid::new_v4();
    doc.tasks[5].lead_units.push(ghost);
    let err = store.add_plan_document(&doc).err().unwrap();
    assert!(err.to_string().contains(&doc.tasks[5].code), "{err}");
    // Nothing of it was written: neither the plan nor its units.
    assert!(store.plans().unwrap().is_empty());
    assert_eq!(store.units().unwrap().len(), 1);
}
