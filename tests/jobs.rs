//! The plan review: each extracted item points at the source line it came
//! from, so the officer can check it against the text.

const SEED: &[u8] = include_bytes!("fixtures/seeds/003_6fafd23e193aabee.txt");

#[test]
fn every_task_of_the_preview_points_at_its_own_line() {
    let p = kehoach::office::preview_plan(None, SEED, &[]).unwrap();
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
    let before = kehoach::office::preview_plan(None, SEED, &[]).unwrap();
    let p = kehoach::office::preview_plan(None, SEED, &corrections).unwrap();
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
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("không có mục “III.99”"), "{err}");
}
