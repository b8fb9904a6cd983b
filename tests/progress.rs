//! Recording progress and indicator values as an officer does, and what the
//! store derives from them.

use chrono::NaiveDate;
use kehoach::calendar::{DueRule, Period};
use kehoach::input::{ProgressInput, ValueInput};
use kehoach::model::{ReportKind, TaskStatus};
use kehoach::store::DueScope;
use kehoach::StoreError;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

fn demo_store() -> (tempfile::TempDir, kehoach::Office) {
    let dir = tempfile::tempdir().unwrap();
    let store =
        kehoach::Office::create_demo(&dir.path().join("demo.sqlite"), kehoach::clock::system())
            .unwrap();
    (dir, store)
}

#[test]
fn progress_is_checked_stored_and_audited() {
    let (_dir, mut store) = demo_store();
    let plan = store.find_plan("38/KH-UBND").unwrap().id;
    let me = store.my_unit_id().unwrap();
    let task = store.task_by_code(plan, "III.5").unwrap().task.id;
    let input = ProgressInput {
        status: "dang thuc hien".into(),
        narrative: "Tổ chức 02 liên hoan văn nghệ quần chúng.".into(),
        budget: Some("15.000.000".into()),
        evidence: vec!["Kế hoạch số 40/KH-UBND ngày 05/3/2025".into()],
        ..Default::default()
    };
    let row = store.set_progress(task, me, &p("2026-H2"), &input).unwrap();
    assert_eq!(row.status, TaskStatus::DangThucHien);
    assert_eq!(row.budget_used, Some(15_000_000));
    let listed = store.progress(plan, me, &p("2026-H2")).unwrap();
    assert!(listed
        .iter()
        .any(|(code, pr)| code == "III.5" && pr.narrative.starts_with("Tổ chức 02")));
    let audit = store
        .store()
        .audit_log(Some(&format!("{task}/{me}/2026-H2")))
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].officer, "Trần Thị Hoa");

    // Bad input: nothing written, the message names field and rule.
    let bad = ProgressInput {
        status: "chậm tiến độ".into(),
        budget: Some("12,5a".into()),
        ..Default::default()
    };
    let err = store
        .set_progress(task, me, &p("2026-H2"), &bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("Lý do: cần nêu lý do"), "{err}");
    assert!(
        err.contains("Kinh phí đã sử dụng: “12,5a” không phải là số"),
        "{err}"
    );
    let outside = store
        .set_progress(task, me, &p("2031-H2"), &input)
        .unwrap_err()
        .to_string();
    assert!(
        outside.contains("nằm ngoài thời gian thực hiện kế hoạch 38/KH-UBND (2025-2030)"),
        "{outside}"
    );
    let after = store.progress(plan, me, &p("2026-H2")).unwrap();
    assert_eq!(after, listed);
}

#[test]
fn a_locked_period_refuses_changes_until_unlocked_with_a_reason() {
    let (_dir, mut store) = demo_store();
    let plan = store.find_plan("38/KH-UBND").unwrap().id;
    let me = store.my_unit_id().unwrap();
    let task = store.task_by_code(plan, "III.3").unwrap().task.id;
    // The demo's 2025-H1 report is signed: locked.
    let input = ProgressInput {
        status: "hoàn thành".into(),
        ..Default::default()
    };
    let err = store
        .set_progress(task, me, &p("2026-H1"), &input)
        .unwrap_err();
    assert!(err.to_string().contains("đã khóa"), "{err}");
    let ind = store.indicators(plan).unwrap()[0].id;
    let value = ValueInput {
        numerator: Some("1".into()),
        denominator: Some("2".into()),
        ..Default::default()
    };
    assert!(store.set_value(ind, me, &p("2026-H1"), &value).is_err());
    assert!(matches!(
        store.unlock_period(plan, me, &p("2026-H1"), "  "),
        Err(StoreError::Invalid {
            field: "Lý do mở khóa",
            ..
        })
    ));
    store
        .unlock_period(plan, me, &p("2026-H1"), "Tỉnh yêu cầu bổ sung số liệu")
        .unwrap();
    store.set_progress(task, me, &p("2026-H1"), &input).unwrap();
    let log = store.store().audit_log(None).unwrap();
    let unlock = log.iter().find(|e| e.action == "unlock").unwrap();
    assert_eq!(
        unlock.new_value.as_ref().unwrap()["reason"],
        "Tỉnh yêu cầu bổ sung số liệu"
    );
}

#[test]
fn ratio_values_keep_numerator_and_denominator() {
    let (_dir, mut store) = demo_store();
    let plan = store.find_plan("38/KH-UBND").unwrap().id;
    let xa = store.find_unit("xã Tiên Lữ").unwrap().id;
    let ind = store.indicators(plan).unwrap()[0].id;
    let only_rate = ValueInput {
        value: Some("98,5".into()),
        ..Default::default()
    };
    let err = store
        .set_value(ind, xa, &p("2026"), &only_rate)
        .unwrap_err()
        .to_string();
    assert!(err.contains("không chỉ tỷ lệ %"), "{err}");
    let over = ValueInput {
        numerator: Some("310".into()),
        denominator: Some("300".into()),
        ..Default::default()
    };
    assert!(store
        .set_value(ind, xa, &p("2026"), &over)
        .unwrap_err()
        .to_string()
        .contains("quá 100%"));
    let ok = ValueInput {
        numerator: Some("296".into()),
        denominator: Some("300".into()),
        ..Default::default()
    };
    let (v, warnings) = store.set_value(ind, xa, &p("2026"), &ok).unwrap();
    assert_eq!((v.numerator, v.denominator), (Some(296.0), Some(300.0)));
    assert!(warnings.is_empty());
    let views = store.values(plan, xa, &p("2026")).unwrap();
    let a = views[0].achievement.unwrap();
    assert!((a - 296.0 / 300.0 * 100.0).abs() < 1e-9, "{a}");
}

#[test]
fn due_dates_cascade_from_unit_to_parent_to_plan() {
    let (_dir, mut store) = demo_store();
    let plan = store.find_plan("38/KH-UBND").unwrap().id;
    let city = store.my_unit_id().unwrap();
    let commune = store.find_unit("phường Phố Hiến").unwrap().id;
    let department = store.find_unit("Sở Y tế").unwrap().id;
    // The plan's text: the Sở Nội vụ reports yearly before 15/12; "các sở,
    // ban, ngành và UBND các xã, phường" before 05/12, each by the rule that
    // names it.
    assert_eq!(
        store.due_rule(plan, city, ReportKind::Year).unwrap(),
        Some(DueRule {
            day: 15,
            month: 12,
            next_year: false
        })
    );
    assert_eq!(
        store.due_rule(plan, department, ReportKind::Year).unwrap(),
        Some(DueRule {
            day: 5,
            month: 12,
            next_year: false
        })
    );
    assert_eq!(
        store.due_rule(plan, commune, ReportKind::Year).unwrap(),
        Some(DueRule {
            day: 5,
            month: 12,
            next_year: false
        })
    );
    assert_eq!(
        store.due_rule(plan, city, ReportKind::SixMonths).unwrap(),
        Some(DueRule {
            day: 10,
            month: 7,
            next_year: false
        })
    );
    store
        .set_due(
            plan,
            DueScope::Unit(commune),
            ReportKind::Year,
            DueRule {
                day: 1,
                month: 12,
                next_year: false,
            },
        )
        .unwrap();
    assert_eq!(
        store
            .due_rule(plan, commune, ReportKind::Year)
            .unwrap()
            .unwrap()
            .day,
        1
    );
    assert!(store
        .set_due(
            plan,
            DueScope::Unit(commune),
            ReportKind::Year,
            DueRule {
                day: 32,
                month: 12,
                next_year: false
            }
        )
        .is_err());

    // What the city has to report, on 20/12/2026.
    let due = store.due(city, d(2026, 12, 20)).unwrap();
    let names: Vec<(String, i64, bool)> = due
        .iter()
        .map(|i| (i.period.to_string(), i.days_left, i.reported))
        .collect();
    assert!(names.contains(&("2026".into(), -5, false)), "{names:?}");
    assert!(names.contains(&("2026-H2".into(), 21, false)), "{names:?}");
    assert!(
        !names.iter().any(|n| n.0 == "2026-H1"),
        "a reported period that is past is not listed: {names:?}"
    );
    // The next half-year is already listed.
    assert!(names.contains(&("2027-H1".into(), 202, false)), "{names:?}");
    assert!(
        !names.iter().any(|n| n.0.starts_with("2028")),
        "past the plan: {names:?}"
    );
}

#[test]
fn dashboard_of_the_demo() {
    let (_dir, store) = demo_store();
    let plan = store.find_plan("38/KH-UBND").unwrap().id;
    let me = store.my_unit_id().unwrap();
    let b = store.dashboard(plan, me, d(2026, 12, 1)).unwrap();
    assert!(!b.plan_ended);
    assert_eq!(b.reporting, Some(p("2026-H2")));
    let year = b.periods.iter().find(|x| x.period == p("2026")).unwrap();
    assert_eq!(
        (year.due, year.days_left),
        (Some(d(2026, 12, 15)), Some(14))
    );
    assert!(
        b.overdue_tasks.iter().any(|t| t.code == "III.6"),
        "III.6 was marked late"
    );
    assert!(b.tasks_without_progress.iter().any(|t| t.code == "III.8"));
    assert!(
        !b.tasks_without_progress.iter().any(|t| t.code == "III.1"),
        "III.1 has 2026-H2 progress"
    );
    assert!((b.indicators[0].view.achievement.unwrap() - 5010.0 / 5035.0 * 100.0).abs() < 1e-9);
    assert_eq!(b.indicators[0].period, p("2026-H2"));
    let ended = store.dashboard(plan, me, d(2032, 2, 1)).unwrap();
    assert!(ended.plan_ended);
    let last: Vec<String> = ended.periods.iter().map(|x| x.period.to_string()).collect();
    // The periods after the plan's last year hold its last days (from
    // 15/12/2030); the plan's last periods, never reported, are still due.
    assert_eq!(last, ["2030-H2", "2030", "2031-H1", "2031"]);
}

#[test]
fn cumulative_values_add_up_for_sums_only() {
    // A plan with a count indicator: lũy kế adds the periods of one kind.
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        kehoach::Office::create_demo(&dir.path().join("d.sqlite"), kehoach::clock::system())
            .unwrap();
    let plan = store.find_plan("38/KH-UBND").unwrap();
    let me = store.my_unit_id().unwrap();
    let text = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ THÁI BÌNH\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 7/KH-UBND\nThái Bình, ngày 10 tháng 01 năm 2024\nKẾ HOẠCH\nĐào tạo nghề cho lao động nông thôn giai đoạn 2024-2025\nI. NHIỆM VỤ\n1. Đào tạo nghề cho 60% lao động nông thôn có nhu cầu vào cuối năm 2025.\n";
    let report =
        kehoach::plan_import::import_file(text.as_bytes(), &store.units().unwrap()).unwrap();
    store.import_plan(&report.document).unwrap();
    let p2 = store.find_plan("7/KH-UBND").unwrap();
    assert_ne!(p2.id, plan.id);
    let ind = store.indicators(p2.id).unwrap()[0].clone();
    assert_eq!(ind.target_value, Some(60.0));
    for (period, num, den) in [("2024", "30", "100"), ("2025", "70", "100")] {
        let v = ValueInput {
            numerator: Some(num.into()),
            denominator: Some(den.into()),
            ..Default::default()
        };
        store.set_value(ind.id, me, &p(period), &v).unwrap();
    }
    // A rate is not added up: its lũy kế is the latest rate.
    let views = store.values(p2.id, me, &p("2025")).unwrap();
    assert_eq!(views[0].cumulative, Some(70.0));
    assert_eq!(views[0].achievement.map(|a| a.round()), Some(117.0));
}

#[test]
fn a_grid_save_is_all_or_nothing() {
    let (_dir, mut store) = demo_store();
    let plan = store.find_plan("38/KH-UBND").unwrap().id;
    let xa = store.find_unit("xã Tiên Lữ").unwrap().id;
    let ind = store.indicators(plan).unwrap()[0].id;
    let good = ValueInput {
        numerator: Some("290".into()),
        denominator: Some("300".into()),
        ..Default::default()
    };
    let bad = ValueInput {
        numerator: Some("2x0".into()),
        denominator: Some("300".into()),
        ..Default::default()
    };
    let err = store
        .set_values(xa, &p("2026-H2"), &[(ind, good.clone()), (ind, bad)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("chưa lưu gì"), "{err}");
    assert!(err.contains("Tử số: “2x0” không phải là số"), "{err}");
    assert!(store.values(plan, xa, &p("2026-H2")).unwrap()[0]
        .value
        .is_none());
    let saved = store.set_values(xa, &p("2026-H2"), &[(ind, good)]).unwrap();
    assert_eq!(saved[0].0.numerator, Some(290.0));
}

#[test]
fn reviews_and_what_is_missing_before_reporting() {
    let (_dir, store) = demo_store();
    let plan = store.find_plan("38/KH-UBND").unwrap();
    let reviews: Vec<String> = kehoach::calendar::review_periods(&plan)
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(reviews, ["SK-2027", "TK-2030"]);
    let me = store.my_unit_id().unwrap();
    let missing = store
        .missing_for_report(plan.id, me, &p("2026-H2"))
        .unwrap();
    assert_eq!(
        missing,
        ["Chưa ghi kết quả 2 nhiệm vụ đơn vị chủ trì: III.8, VI.1."]
    );
    let xa = store.find_unit("xã Tiên Lữ").unwrap().id;
    let missing = store
        .missing_for_report(plan.id, xa, &p("2026-H2"))
        .unwrap();
    assert_eq!(
        missing,
        [
            "Chưa ghi kết quả 1 nhiệm vụ đơn vị chủ trì: VI.3.",
            "Chưa nhập số liệu chỉ tiêu “Tỷ lệ trẻ từ 03 tuổi đến 05 tuổi vào học mẫu giáo”."
        ]
    );
}

#[test]
fn an_indicator_is_corrected_and_its_rule_fixed_once_figures_exist() {
    use kehoach::model::{Aggregation, Direction};
    use kehoach::plan_import::review::IndicatorEdit;
    // A new office that has just stored the plan: no figure anywhere yet.
    let dir = tempfile::tempdir().unwrap();
    let me = kehoach::model::Unit::new("Ủy ban nhân dân xã Vũ Phúc", kehoach::model::UnitKind::Xa);
    let mut store = kehoach::Office::create(
        &dir.path().join("xa.sqlite"),
        &me,
        "Cán bộ A",
        kehoach::clock::system(),
    )
    .unwrap();
    let seed = std::fs::read("tests/fixtures/seeds/003_6fafd23e193aabee.txt").unwrap();
    let read = kehoach::plan_import::import_file(&seed, &store.units().unwrap()).unwrap();
    store.import_plan(&read.document).unwrap();
    let plan = store.find_plan("38/KH-UBND").unwrap().id;
    let xa = me.id;
    let ind = store.indicators(plan).unwrap().remove(0);
    let edit = |name: &str, target: &str, aggregation: Aggregation| IndicatorEdit {
        name: name.into(),
        measure_unit: " lớp ".into(),
        target: target.into(),
        direction: Direction::Up,
        aggregation,
    };

    // Bad input: refused with the field named, nothing changed.
    for (bad, field) in [
        (edit("  ", "10", Aggregation::Sum), "Tên chỉ tiêu"),
        (
            edit("Số lớp học", "12a", Aggregation::Sum),
            "Chỉ tiêu cần đạt",
        ),
        (
            edit(
                "Số lớp học",
                "10",
                Aggregation::Ratio {
                    numerator: "Số lớp".into(),
                    denominator: " ".into(),
                },
            ),
            "Cách tổng hợp",
        ),
    ] {
        let err = store.edit_indicator(ind.id, &bad).unwrap_err().to_string();
        assert!(err.contains(field), "{err}");
        assert_eq!(store.indicator(ind.id).unwrap(), ind);
    }

    let fixed = store
        .edit_indicator(
            ind.id,
            &edit("Số lớp học  xóa mù chữ", "1.234,5", Aggregation::Sum),
        )
        .unwrap();
    assert_eq!(fixed.name, "Số lớp học xóa mù chữ");
    assert_eq!(fixed.measure_unit, "lớp");
    assert_eq!(fixed.target_value, Some(1234.5));
    assert_eq!(fixed.aggregation, Aggregation::Sum);
    assert_eq!(fixed.source_span, ind.source_span, "the source link stays");
    let audit = store.store().audit_log(Some(&ind.id.to_string())).unwrap();
    assert!(audit.iter().any(|a| a.action == "edit"), "{audit:?}");

    // Once a figure exists, the rule stays; the wording can still change.
    let value = ValueInput {
        value: Some("12".into()),
        ..Default::default()
    };
    store.set_value(ind.id, xa, &p("2026"), &value).unwrap();
    let err = store
        .edit_indicator(ind.id, &edit("Số lớp học", "10", Aggregation::YesNo))
        .unwrap_err()
        .to_string();
    assert!(err.contains("đã có số liệu"), "{err}");
    assert_eq!(
        store.indicator(ind.id).unwrap().aggregation,
        Aggregation::Sum
    );
    let renamed = store
        .edit_indicator(ind.id, &edit("Số lớp học", "", Aggregation::Sum))
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.target_value),
        ("Số lớp học", None)
    );
}

#[test]
fn after_the_half_year_is_reported_the_dashboard_keeps_its_figures_until_the_next_has_some() {
    let (_dir, mut store) = demo_store();
    let plan = store.find_plan("38/KH-UBND").unwrap().id;
    let me = store.my_unit_id().unwrap();
    let ind = store.indicators(plan).unwrap()[0].id;
    let figure = |n: &str| ValueInput {
        numerator: Some(n.into()),
        denominator: Some("500".into()),
        ..Default::default()
    };
    store
        .set_value(ind, me, &p("2027-H1"), &figure("450"))
        .unwrap();
    for reported in ["2026-H2", "2026", "2027-H1"] {
        store
            .lock_period(plan, me, &p(reported), "đã ký báo cáo")
            .unwrap();
    }
    let b = store.dashboard(plan, me, d(2027, 8, 1)).unwrap();
    assert_eq!(b.reporting, Some(p("2027-H2")));
    let shown = &b.indicators[0];
    assert_eq!(
        (shown.period, shown.period_label.as_str()),
        (p("2027-H1"), "6 tháng đầu năm 2027")
    );
    assert_eq!(shown.view.value.as_ref().unwrap().numerator, Some(450.0));
    // Once the period being reported has its own figure, it is shown.
    store
        .set_value(ind, me, &p("2027-H2"), &figure("470"))
        .unwrap();
    let b = store.dashboard(plan, me, d(2027, 8, 1)).unwrap();
    assert_eq!(b.indicators[0].period, p("2027-H2"));
    assert_eq!(b.indicators.len(), store.indicators(plan).unwrap().len());
}

/// On 5/7 the first half-year's report is due (10/7), though its data
/// closed on 14/6: the dashboard and `period current` report on it, not on
/// the second half-year that began on 15/6. (They used to look only at the
/// periods holding today.)
#[test]
fn early_in_july_the_first_half_year_is_the_one_reported() {
    let (_dir, mut store) = demo_store();
    let plan = store.find_plan("38/KH-UBND").unwrap().id;
    let me = store.my_unit_id().unwrap();
    for reported in ["2026-H2", "2026"] {
        store
            .lock_period(plan, me, &p(reported), "đã ký báo cáo")
            .unwrap();
    }
    let b = store.dashboard(plan, me, d(2027, 7, 5)).unwrap();
    assert_eq!(b.reporting, Some(p("2027-H1")));
    let first = &b.periods[0];
    assert_eq!(
        (first.period, first.due, first.days_left),
        (p("2027-H1"), Some(d(2027, 7, 10)), Some(5))
    );
    // Once it is signed, the second half-year is next.
    store
        .lock_period(plan, me, &p("2027-H1"), "đã ký báo cáo")
        .unwrap();
    let b = store.dashboard(plan, me, d(2027, 7, 12)).unwrap();
    assert_eq!(b.reporting, Some(p("2027-H2")));
    assert!(b.periods.iter().all(|x| x.period != p("2027-H1")));
}
