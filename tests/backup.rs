//! Backups: a daily one kept for a week, and a restore that checks the file
//! first, keeps the current database aside, and changes nothing when the
//! file is refused.

use chrono::NaiveDate;
use kehoach::StoreError;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 7, d).unwrap()
}

#[test]
fn one_backup_a_day_and_a_week_of_them_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        kehoach::Office::create_demo(&dir.path().join("d.sqlite"), kehoach::clock::system())
            .unwrap();
    let backups = dir.path().join("sao-luu");
    assert!(store
        .store()
        .daily_backup(&backups, day(1))
        .unwrap()
        .is_some());
    assert!(
        store
            .store()
            .daily_backup(&backups, day(1))
            .unwrap()
            .is_none(),
        "once a day"
    );
    for d in 2..=10 {
        store.store().daily_backup(&backups, day(d)).unwrap();
    }
    let mut kept: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    kept.sort();
    assert_eq!(kept.len(), kehoach::store::DAILY_BACKUPS_KEPT);
    assert_eq!(kept[0], "kehoach-2026-07-04.sqlite");
    assert_eq!(kept.last().unwrap(), "kehoach-2026-07-10.sqlite");
    // Each one is a whole database.
    let restored = kehoach::Office::open(
        &backups.join("kehoach-2026-07-10.sqlite"),
        kehoach::clock::system(),
    )
    .unwrap();
    assert_eq!(restored.plans().unwrap().len(), 1);
}

#[test]
fn restore_checks_the_file_keeps_the_current_aside_and_refuses_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        kehoach::Office::create_demo(&dir.path().join("d.sqlite"), kehoach::clock::system())
            .unwrap();
    let backup = dir.path().join("truoc.sqlite");
    store.store().backup_to(&backup).unwrap();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    let period = kehoach::calendar::Period::parse("2026-H1").unwrap();
    assert!(store.report(plan, me, &period).unwrap().is_none());
    store.draft_report(plan, me, &period, false).unwrap();

    // A file that is not a kehoach database: refused, nothing changes.
    let bad = dir.path().join("bad.sqlite");
    std::fs::write(&bad, "không phải cơ sở dữ liệu").unwrap();
    let err = store
        .store_mut()
        .restore_from(&bad, &dir.path().join("aside-1.sqlite"))
        .unwrap_err();
    assert!(matches!(err, StoreError::NotSqlite(_)), "{err}");
    assert!(!dir.path().join("aside-1.sqlite").exists());
    assert!(store.report(plan, me, &period).unwrap().is_some());

    // The real backup: the draft made after it is gone, and kept aside.
    let aside = dir.path().join("aside-2.sqlite");
    store.store_mut().restore_from(&backup, &aside).unwrap();
    assert!(store.report(plan, me, &period).unwrap().is_none());
    let kept = kehoach::Office::open(&aside, kehoach::clock::system()).unwrap();
    assert!(kept.report(plan, me, &period).unwrap().is_some());
    // The restored database keeps working.
    store.draft_report(plan, me, &period, false).unwrap();
}
