//! Who is expected to report: a unit this office began following after a
//! report was due is not asked for it, unless its file came all the same.

use chrono::NaiveDate;
use kehoach::calendar::Period;
use kehoach::model::{Unit, UnitKind};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_unit_added_after_a_report_was_due_is_not_asked_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let me = Unit::new("Ủy ban nhân dân huyện Mê Linh", UnitKind::Huyen);
    let mut store = kehoach::Office::create(
        &dir.path().join("h.sqlite"),
        &me,
        "Cán bộ",
        kehoach::clock::system(),
    )
    .unwrap();
    let text = std::fs::read("tests/fixtures/seeds/002_3f150812018d8fe7.txt").unwrap();
    let read = kehoach::plan_import::import_file(&text, &store.units().unwrap()).unwrap();
    store.import_plan(&read.document).unwrap();
    let plan = store.plans().unwrap()[0].clone();
    let child = |name: &str| Unit {
        reports_to: Some(me.id),
        ..Unit::new(name, UnitKind::Xa)
    };
    // Listed before the plan's reports fell due, and one added in January
    // 2020, after the six-month report of 2019 was due (10/07/2019) and
    // before the yearly one (10/01/2020).
    let old = store
        .add_unit(&child("Ủy ban nhân dân xã Chu Phan"))
        .unwrap();
    let new = store
        .add_unit_on(&child("Ủy ban nhân dân xã Tiền Phong"), day(2020, 1, 5))
        .unwrap();
    assert_eq!(store.tracked_from(new.id).unwrap(), Some(day(2020, 1, 5)));
    assert_eq!(store.tracked_from(old.id).unwrap(), None);
    let log = store.store().audit_log(Some(&new.id.to_string())).unwrap();
    assert!(
        serde_json::to_string(&log).unwrap().contains("2020-01-05"),
        "the day is in the audit log"
    );
    let today = day(2020, 3, 1);
    let names = |period: &Period| {
        store
            .completeness(plan.id, period, today)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| (r.unit, r.state_label))
            .collect::<Vec<_>>()
    };
    let h1 = Period::Half {
        year: 2019,
        half: 1,
    };
    let year = Period::Year { year: 2019 };
    // (The plan names a department too, added as a unit by its import.)
    let listed = |p: &Period| names(p).into_iter().map(|(n, _)| n).collect::<Vec<_>>();
    assert!(!listed(&h1).contains(&new.name), "{:?}", names(&h1));
    assert!(names(&h1).contains(&(old.name.clone(), "chưa gửi (quá hạn)")));
    assert_eq!(
        store.completeness(plan.id, &h1, today).unwrap().expected,
        names(&h1).len()
    );
    assert!(names(&year).contains(&(new.name.clone(), "chưa gửi (quá hạn)")));
    assert!(listed(&year).contains(&old.name));
    let matrix = store.completeness_matrix(plan.id, today, 6).unwrap();
    let column = |p: &Period| matrix.periods.iter().position(|c| c.period == *p).unwrap();
    let row = matrix.rows.iter().find(|r| r.unit_id == new.id).unwrap();
    assert!(row.cells[column(&h1)].is_none());
    assert!(row.cells[column(&year)].is_some());
}
