//! The plan review: each extracted item points at the source line it came
//! from, so the officer can check it against the text.

const SEED: &[u8] = include_bytes!("fixtures/seeds/003_6fafd23e193aabee.txt");

#[test]
fn every_task_of_the_preview_points_at_its_own_line() {
    let p = kehoach::office::preview_plan(None, SEED, &[], &Default::default()).unwrap();
    assert_eq!(p.doc_number, "38/KH-UBND");
    let tasks: Vec<_> = p.items.iter().filter(|i| i.kind == "task").collect();
    assert_eq!(tasks.len(), 126);
    let fold = |s: &str| kehoach::vn::fold(s);
    let mut checked = 0;
    for t in &tasks {
        let line = t
            .line
            .unwrap_or_else(|| panic!("{} has no source line", t.code));
        // The line (with the next, for titles broken over two) holds the
        // title's first words.
        let here = fold(&format!(
            "{} {}",
            p.source_lines[line],
            p.source_lines.get(line + 1).map_or("", |s| s)
        ));
        let first: String = fold(&t.title)
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        if here.contains(&first) {
            checked += 1;
        }
    }
    assert!(
        checked * 10 >= tasks.len() * 9,
        "{checked} of {} tasks found on their line",
        tasks.len()
    );
    let ind = p.items.iter().find(|i| i.kind == "indicator").unwrap();
    let spanned = p.source_lines[ind.line.unwrap()..=ind.last_line.unwrap()].join(" ");
    assert!(fold(&spanned).contains("mau giao"), "{spanned}");
    assert!(p.new_units.iter().any(|u| u == "Sở Y tế"));
}

#[test]
fn the_preview_shows_the_corrections_and_keeps_what_was_left_out() {
    use kehoach::plan_import::review::PlanCorrection;
    let corrections = [
        PlanCorrection::Drop { item: "CT1".into() },
        PlanCorrection::Drop {
            item: "III.5".into(),
        },
        PlanCorrection::Rename {
            item: "III.3".into(),
            title: "Xây dựng xã hội học tập (đã sửa)".into(),
        },
    ];
    let before = kehoach::office::preview_plan(None, SEED, &[], &Default::default()).unwrap();
    let p = kehoach::office::preview_plan(None, SEED, &corrections, &Default::default()).unwrap();
    // Every item as read is still listed, under the name the review gave it.
    let codes = |p: &kehoach::office::PlanPreview| {
        p.items.iter().map(|i| i.code.clone()).collect::<Vec<_>>()
    };
    assert_eq!(codes(&p), codes(&before));
    let item = |code: &str| p.items.iter().find(|i| i.code == code).unwrap();
    assert!(item("CT1").dropped && !item("CT1").corrected);
    assert!(item("III.5").dropped);
    // The tasks under a dropped task go with it.
    let under: Vec<_> = p
        .items
        .iter()
        .filter(|i| i.code.starts_with("III.5."))
        .collect();
    assert!(!under.is_empty() && under.iter().all(|i| i.dropped));
    assert!(item("III.3").corrected && !item("III.3").dropped);
    assert_eq!(item("III.3").title, "Xây dựng xã hội học tập (đã sửa)");
    assert!(p
        .items
        .iter()
        .filter(|i| !["CT1", "III.3"].contains(&i.code.as_str()) && !i.code.starts_with("III.5"))
        .all(|i| !i.dropped && !i.corrected));
    // Units are given from the choices the preview offers (here, units the
    // plan adds); a lead unit is never also a partner.
    let health = p.units.iter().find(|u| u.name == "Sở Y tế").unwrap().id;
    let culture = p
        .units
        .iter()
        .find(|u| u.name.starts_with("Sở Văn hóa"))
        .unwrap()
        .id;
    let assigned = kehoach::office::preview_plan(
        None,
        SEED,
        &[PlanCorrection::Task {
            item: "III.2".into(),
            title: None,
            content: None,
            lead_units: Some(vec![health]),
            partner_units: Some(vec![health, culture]),
        }],
        &Default::default(),
    )
    .unwrap();
    let t = assigned.items.iter().find(|i| i.code == "III.2").unwrap();
    assert!(t.corrected);
    assert_eq!(t.lead_ids, vec![health]);
    assert_eq!(t.partner_ids, vec![culture]);
    assert_eq!(t.leads, vec!["Sở Y tế".to_string()]);
    // A correction the core refuses: the message names the item.
    let err = kehoach::office::preview_plan(
        None,
        SEED,
        &[PlanCorrection::Rename {
            item: "III.99".into(),
            title: "x".into(),
        }],
        &Default::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("không có mục “III.99”"), "{err}");
}

/// The window's way with a plan text that lost its header: the review says
/// what is missing, the office refuses to store it until the officer gives
/// the number and the date, then stores it with them.
#[test]
fn the_review_asks_for_what_a_headerless_text_does_not_say() {
    let seed = std::fs::read_to_string("tests/fixtures/seeds/003_6fafd23e193aabee.txt").unwrap();
    let headless = seed.as_bytes()[seed.find("KẾ HOẠCH\n").unwrap()..].to_vec();
    let p = kehoach::office::preview_plan(None, &headless, &[], &Default::default()).unwrap();
    assert_eq!(p.missing, vec!["số hiệu", "ngày ban hành"]);
    assert_eq!(p.issued_label, "");
    let bad = kehoach::plan_import::Supplied::from_typed("38/KH-UBND", "31/02/2017", "");
    assert!(bad.unwrap_err().to_string().contains("Ngày ban hành"));
    let given =
        kehoach::plan_import::Supplied::from_typed(" 38/KH-UBND ", "30/06/2017", "").unwrap();
    let p = kehoach::office::preview_plan(None, &headless, &[], &given).unwrap();
    assert!(p.missing.is_empty());
    assert_eq!(
        (p.doc_number.as_str(), p.issued_label.as_str()),
        ("38/KH-UBND", "30/06/2017")
    );

    let dir = tempfile::tempdir().unwrap();
    let me = kehoach::model::Unit::new(
        "Ủy ban nhân dân tỉnh Thái Bình",
        kehoach::model::UnitKind::Tinh,
    );
    let mut office = kehoach::Office::create(
        &dir.path().join("t.sqlite"),
        &me,
        "Cán bộ",
        kehoach::clock::system(),
    )
    .unwrap();
    let refused = office
        .import_plan_file(&headless, &[], &Default::default())
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("không ghi số hiệu, ngày ban hành"),
        "{refused}"
    );
    assert!(office.plans().unwrap().is_empty());
    office.import_plan_file(&headless, &[], &given).unwrap();
    let plans = office.plans().unwrap();
    assert_eq!(plans[0].doc_number, "38/KH-UBND");
    assert_eq!(plans[0].issued_label, "30/06/2017");
}
