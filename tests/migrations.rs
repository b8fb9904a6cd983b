//! A database made by an older schema opens, is backed up, and migrates.

use std::fs;
use std::path::Path;

use kehoach::store::{TaskFilter, LATEST_VERSION};
use kehoach::Store;

const FIXTURE_V1: &str = "tests/fixtures/schema-v1.sqlite";

/// How `tests/fixtures/schema-v1.sqlite` was made (kept, not re-run: the
/// fixture must stay what schema 1 wrote). `cargo test -- --ignored make_`
#[test]
#[ignore]
fn make_schema_v1_fixture() {
    let path = Path::new(FIXTURE_V1);
    let conn = Store::create_at_schema_version(path, 1).unwrap();
    conn.execute_batch(
        "INSERT INTO settings VALUES ('officer_name', 'Nguyễn Văn Bình');
         INSERT INTO settings VALUES ('my_unit', '8d0c2c8e-0f3e-4c1b-9a57-0b6f5d2f6a01');
         INSERT INTO units VALUES (X'8d0c2c8e0f3e4c1b9a570b6f5d2f6a01', 'Ủy ban nhân dân xã Tiền Phong',
             'UBND xã Tiền Phong', 'xa', NULL, NULL, NULL, NULL, 'ủy ban nhân dân xã tiền phong');
         INSERT INTO plans VALUES (X'11111111222233334444555555555555', '12/KH-UBND', '2026-03-05',
             'Ủy ban nhân dân xã Tiền Phong', 'Tiền Phong', NULL, NULL,
             'Thực hiện giảm nghèo bền vững năm 2026', 2026, 2026, 1, 'x', NULL, '2026-03-05T08:00:00+07:00');
         INSERT INTO tasks VALUES (X'aaaaaaaa000000000000000000000001', X'11111111222233334444555555555555', NULL, 0,
             '1', 'Rà soát hộ nghèo, hộ cận nghèo', 'Rà soát hộ nghèo cuối năm theo chuẩn mới.', NULL, NULL, NULL, NULL);
         INSERT INTO tasks VALUES (X'aaaaaaaa000000000000000000000002', X'11111111222233334444555555555555', NULL, 1,
             '2', 'Tuyên truyền bảo hiểm y tế', '', NULL, NULL, NULL, NULL);
         INSERT INTO task_units VALUES (X'aaaaaaaa000000000000000000000001', X'8d0c2c8e0f3e4c1b9a570b6f5d2f6a01', 'lead', 0);",
    )
    .unwrap();
}

#[test]
fn opens_a_schema_1_database_backs_it_up_and_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xa.sqlite");
    fs::copy(FIXTURE_V1, &db).unwrap();

    let store = kehoach::Office::open(&db, kehoach::clock::system()).unwrap();
    assert_eq!(store.store().schema_version().unwrap(), LATEST_VERSION);

    // The data survived, and the search key was filled in for old tasks.
    let found = store
        .tasks(&TaskFilter {
            search: Some("ho ngheo".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].task.title, "Rà soát hộ nghèo, hộ cận nghèo");
    assert_eq!(found[0].leads[0].name, "Ủy ban nhân dân xã Tiền Phong");
    assert_eq!(store.officer_name().unwrap(), "Nguyễn Văn Bình");
    assert!(store.indicators(found[0].task.plan_id).unwrap().is_empty());

    // A backup of the old file was written beside it before migrating.
    let backups: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".luocdo1-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let old = rusqlite::Connection::open(&backups[0]).unwrap();
    let v: i64 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    let tasks: i64 = old
        .query_row("SELECT COUNT(*) FROM tasks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tasks, 2);

    // Opening again migrates nothing and makes no second backup.
    drop(store);
    kehoach::Office::open(&db, kehoach::clock::system()).unwrap();
    let count = fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .to_string_lossy()
                .contains(".luocdo")
        })
        .count();
    assert_eq!(count, 1);
}
