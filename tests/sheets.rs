//! Indicator workbooks through the office (the readers of other tools are
//! in tests/sheets/run.py): the same figures give the same bytes; a
//! template comes back as what it holds; a sheet for a locked period, or
//! with a bad cell, stores nothing.

use std::sync::Arc;

use kehoach::calendar::Period;
use kehoach::input::ValueInput;
use kehoach::{FixedClock, Office, OfficeError};

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

fn demo(dir: &std::path::Path, name: &str) -> Office {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 20).unwrap();
    Office::create_demo(&dir.join(name), Arc::new(FixedClock::noon(day))).unwrap()
}

fn ratio(num: &str, den: &str) -> ValueInput {
    ValueInput {
        numerator: Some(num.into()),
        denominator: Some(den.into()),
        ..Default::default()
    }
}

#[test]
fn the_same_figures_give_the_same_workbook_on_any_machine() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (demo(dir.path(), "a.sqlite"), demo(dir.path(), "b.sqlite"));
    let plan = a.find_plan("38/KH-UBND").unwrap().id;
    let me = a.my_unit_id().unwrap();
    let t1 = a.indicator_template(plan, me, &p("2026-H1")).unwrap();
    let t2 = b.indicator_template(plan, me, &p("2026-H1")).unwrap();
    assert_eq!(t1, t2, "template differs between two offices");
    let f1 = a.indicator_figures(plan, &p("2025-H2")).unwrap();
    let f2 = b.indicator_figures(plan, &p("2025-H2")).unwrap();
    assert_eq!(f1, f2, "figures differ between two offices");
    assert_ne!(t1, f1);
}

#[test]
fn a_template_comes_back_as_what_it_holds_and_a_locked_period_takes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut office = demo(dir.path(), "d.sqlite");
    let plan = office.find_plan("38/KH-UBND").unwrap().id;
    let me = office.my_unit_id().unwrap();
    let ind = office.indicators(plan).unwrap()[0].id;
    let period = p("2026-H2");
    office
        .set_value(ind, me, &period, &ratio("4.970", "5.000"))
        .unwrap();
    let template = office.indicator_template(plan, me, &period).unwrap();
    // Read back into another period: the figures as recorded, one change.
    let (preview, inputs) = office
        .preview_indicator_sheet(plan, me, &period, &template)
        .unwrap();
    assert_eq!(preview.changes.len(), 0, "{preview:?}");
    assert_eq!(preview.unchanged, 1);
    assert!(inputs.is_empty());
    // The template names its period: given for another, it is refused.
    let other = office.preview_indicator_sheet(plan, me, &p("2027-H1"), &template);
    match other {
        Err(OfficeError::Sheet(problems)) => {
            let said = problems.to_string();
            assert!(said.contains("bảng ghi kỳ 2026-H2"), "{said}");
        }
        other => panic!("another period taken: {other:?}"),
    }
    // Locked (its report signed): nothing is taken, and it says why.
    office
        .set_value(ind, me, &period, &ratio("4.000", "5.000"))
        .unwrap();
    office
        .lock_period(plan, me, &period, "đã ký báo cáo")
        .unwrap();
    let before = office.values(plan, me, &period).unwrap()[0].value.clone();
    let err = office
        .import_indicator_sheet(plan, me, &period, &template)
        .unwrap_err();
    assert!(err.to_string().contains("đã khóa"), "{err}");
    let after = office.values(plan, me, &period).unwrap()[0].value.clone();
    assert_eq!(before, after);
}
