//! Reports: drafted from the data, edited, finalised (numbered per year),
//! frozen, superseded by new versions.

use chrono::NaiveDate;
use kehoach::calendar::Period;
use kehoach::model::ReportStatus;
use kehoach::report;

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn demo_store() -> (tempfile::TempDir, kehoach::Office) {
    let dir = tempfile::tempdir().unwrap();
    let store =
        kehoach::Office::create_demo(&dir.path().join("demo.sqlite"), kehoach::clock::system())
            .unwrap();
    (dir, store)
}

#[test]
fn a_draft_says_what_the_data_say() {
    let (_dir, mut store) = demo_store();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    let r = store.draft_report(plan, me, &p("2026-H2"), false).unwrap();
    assert_eq!(r.status, ReportStatus::Draft);
    assert_eq!(
        r.summary,
        "Kết quả thực hiện Kế hoạch số 38/KH-UBND ngày 15/8/2025 của UBND tỉnh Hưng Yên 6 tháng cuối năm 2026"
    );
    assert_eq!(r.agency, "SỞ NỘI VỤ");
    assert_eq!(r.parent_agency.as_deref(), Some("UBND tỉnh Hưng Yên"));
    let codes: Vec<&str> = r.sections.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes, ["I", "II", "III", "IV", "V"]);
    let results = &r.sections[1].text;
    assert!(
        results.contains("Giải quyết việc làm mới cho 6.400 lao động"),
        "{results}"
    );
    assert!(
        results.contains("Tổng kinh phí đã sử dụng trong kỳ: 83.000.000 đồng."),
        "{results}"
    );
    // The reason the late task gives is its Nguyên nhân (said there once).
    assert!(
        r.sections[2]
            .text
            .contains("3. Nguyên nhân\n\n- Bốn xã chưa có điểm tập kết rác đạt chuẩn."),
        "{}",
        r.sections[2].text
    );
    assert_eq!(
        r.sections[4].text,
        "- Đề nghị UBND tỉnh bố trí kinh phí xây dựng điểm tập kết rác cho 04 xã."
    );
    assert_eq!(r.indicators.len(), 1);
    assert_eq!(
        r.indicators[0].actual.map(|v| (v * 10.0).round() / 10.0),
        Some(99.5)
    );
    let text = report::to_text(&r);
    assert!(text.starts_with("DỰ THẢO\n"), "{text}");
    assert!(text.contains("Số:      /BC-SNV"));
    assert!(
        text.contains("- Lưu: VT, VP.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nLê Văn Minh"),
        "{text}"
    );
    // Asking again gives the same draft, not a new version.
    let again = store.draft_report(plan, me, &p("2026-H2"), false).unwrap();
    assert_eq!(again.id, r.id);
}

#[test]
fn edit_finalise_freeze_and_supersede() {
    let (_dir, mut store) = demo_store();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    let r = store.draft_report(plan, me, &p("2026-H2"), false).unwrap();
    let edited = store
        .edit_report_section(
            r.id,
            "iii.",
            "Các nhiệm vụ trọng tâm được triển khai đúng tiến độ.",
        )
        .unwrap();
    assert_eq!(
        edited.sections[2].text,
        "Các nhiệm vụ trọng tâm được triển khai đúng tiến độ."
    );
    assert!(store
        .edit_report_section(r.id, "VI", "x")
        .unwrap_err()
        .to_string()
        .contains("không có phần “VI”"));
    // The edit is kept with the version.
    assert_eq!(
        store
            .report(plan, me, &p("2026-H2"))
            .unwrap()
            .unwrap()
            .sections[2]
            .text,
        edited.sections[2].text
    );

    let final1 = store.finalize_report(r.id, d(2026, 12, 20)).unwrap();
    assert_eq!(final1.doc_number(), "01/BC-SNV");
    assert_eq!(final1.issued_on, Some(d(2026, 12, 20)));
    let text = report::to_text(&final1);
    assert!(!text.contains("DỰ THẢO"));
    assert!(
        text.contains("Số: 01/BC-SNV\nHưng Yên, ngày 20 tháng 12 năm 2026"),
        "{text}"
    );
    let frozen = store
        .edit_report_section(r.id, "I", "x")
        .unwrap_err()
        .to_string();
    assert!(frozen.contains("không sửa được nữa"), "{frozen}");
    assert!(store.finalize_report(r.id, d(2026, 12, 21)).is_err());

    // A change is a new version, numbered on: the year's second report.
    let v2 = store.draft_report(plan, me, &p("2026-H2"), false).unwrap();
    assert_eq!((v2.version, v2.supersedes), (2, Some(r.id)));
    let final2 = store.finalize_report(v2.id, d(2026, 12, 23)).unwrap();
    assert_eq!(final2.number, Some(2));
    let versions = store.report_versions(plan, me, &p("2026-H2")).unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        versions[0].sections[2].text,
        "Các nhiệm vụ trọng tâm được triển khai đúng tiến độ."
    );
    // Numbers restart with the year.
    let v3 = store.draft_report(plan, me, &p("2026-H2"), false).unwrap();
    assert_eq!(
        store.finalize_report(v3.id, d(2027, 1, 3)).unwrap().number,
        Some(1)
    );
}

#[test]
fn finalising_without_a_signer_or_recipient_names_what_is_missing() {
    let (_dir, mut store) = demo_store();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    for key in [
        "report.symbol",
        "report.signer_name",
        "report.signer_authority",
        "report.to",
        "report.distribution",
    ] {
        store.set_report_setting(key, "").unwrap();
    }
    let r = store.draft_report(plan, me, &p("2025-H2"), false).unwrap();
    let err = store
        .finalize_report(r.id, d(2026, 1, 8))
        .unwrap_err()
        .to_string();
    for missing in [
        "ký hiệu văn bản",
        "họ tên người ký",
        "thẩm quyền, chức vụ người ký",
        "nơi nhận",
    ] {
        assert!(err.contains(missing), "{missing}: {err}");
    }
    assert_eq!(
        store
            .report(plan, me, &p("2025-H2"))
            .unwrap()
            .unwrap()
            .status,
        ReportStatus::Draft
    );
    // Completing the settings is enough: finalising picks them up.
    store
        .set_report_setting("report.symbol", "BC-UBND")
        .unwrap();
    store
        .set_report_setting("report.signer_name", "Lê Văn Minh")
        .unwrap();
    store
        .set_report_setting("report.signer_authority", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
        .unwrap();
    store
        .set_report_setting("report.to", "Ủy ban nhân dân tỉnh Thái Bình")
        .unwrap();
    // The settings complete, the draft's instruction is what is left.
    let err = store
        .finalize_report(r.id, d(2026, 1, 8))
        .unwrap_err()
        .to_string();
    assert!(err.contains("còn chỗ chưa viết: mục III."), "{err}");
    write_section_reasons(&mut store, r.id, "III");
    let f = store.finalize_report(r.id, d(2026, 1, 8)).unwrap();
    assert_eq!(f.signer.authority, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
    assert!(store.set_report_setting("report.colour", "x").is_err());
}

/// The officer writes the reasons where the draft says "(Nêu nguyên nhân …)".
fn write_section_reasons(store: &mut kehoach::Office, report: uuid::Uuid, code: &str) {
    let r = store.report_by_id(report).unwrap();
    let text = &r.sections.iter().find(|s| s.code == code).unwrap().text;
    let written = text.replace(
        kehoach::report::REASONS_TO_WRITE,
        "Kinh phí cấp chậm; một số xã chưa bố trí cán bộ theo dõi.",
    );
    assert_ne!(
        &written, text,
        "the draft's section {code} holds the instruction"
    );
    store.edit_report_section(report, code, &written).unwrap();
}

#[test]
fn a_report_still_holding_an_instruction_is_not_finalised() {
    // The demo's 2025-H2 results say no reason: the draft writes
    // "(Nêu nguyên nhân chủ quan, khách quan.)" for the officer to replace.
    // Left as is, it would be numbered, signed and sent (it was, in the
    // field): finalising refuses it, naming the section, and keeps the
    // draft a draft; once written, the report is finalised.
    let (_dir, mut store) = demo_store();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    let r = store.draft_report(plan, me, &p("2025-H2"), false).unwrap();
    let err = store
        .finalize_report(r.id, d(2026, 1, 8))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("mục III. ĐÁNH GIÁ CHUNG")
            && err.contains("(Nêu nguyên nhân chủ quan, khách quan.)"),
        "{err}"
    );
    let kept = store.report(plan, me, &p("2025-H2")).unwrap().unwrap();
    assert_eq!((kept.status, kept.number), (ReportStatus::Draft, None));
    // Another template's blanks are refused the same way.
    store
        .edit_report_section(
            r.id,
            "IV",
            "1. Nhiệm vụ trọng tâm\n(Ghi rõ các nhiệm vụ kỳ tới.)",
        )
        .unwrap();
    write_section_reasons(&mut store, r.id, "III");
    let err = store
        .finalize_report(r.id, d(2026, 1, 8))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("mục IV.") && !err.contains("mục III."),
        "{err}"
    );
    store
        .edit_report_section(
            r.id,
            "IV",
            "1. Nhiệm vụ trọng tâm\nHoàn thành rà soát hộ nghèo trước 30/11.",
        )
        .unwrap();
    let f = store.finalize_report(r.id, d(2026, 1, 8)).unwrap();
    assert_eq!(f.status, ReportStatus::Final);
    assert!(kehoach::report::placeholders(&f).is_empty());
}

#[test]
fn instructions_and_blanks_are_told_from_text() {
    use kehoach::report::is_placeholder;
    for p in [
        "(Nêu nguyên nhân chủ quan, khách quan.)",
        "(Ghi rõ kết quả đạt được)",
        "- (Đề xuất, kiến nghị với cấp trên).",
        "………………",
        "Kết quả: [...]",
    ] {
        assert!(is_placeholder(p), "{p}");
    }
    for t in [
        "Nguyên nhân: kinh phí cấp chậm (nêu tại Công văn số 12/UBND).",
        "(Kèm theo Báo cáo số 15/BC-UBND)",
        "- Tổ chức 3 hội nghị (gồm 120 đại biểu).",
        "Hoàn thành.",
        "",
    ] {
        assert!(!is_placeholder(t), "{t}");
    }
}

/// A w×h PNG of one colour, transparent around a band in the middle.
fn png(rgb: [u8; 3]) -> Vec<u8> {
    let (w, h) = (60u32, 20u32);
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().unwrap();
        let pixels: Vec<u8> = (0..w * h)
            .flat_map(|i| {
                let on = (8..12).contains(&(i / w));
                if on {
                    [rgb[0], rgb[1], rgb[2], 255]
                } else {
                    [0, 0, 0, 0]
                }
            })
            .collect();
        writer.write_image_data(&pixels).unwrap();
    }
    out
}

#[test]
fn a_deputy_signs_with_their_own_title_and_signature_image() {
    use kehoach::model::Signer;
    let (_dir, mut store) = demo_store();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    let deputy = Signer {
        authority: vec!["KT. CHỦ TỊCH".into(), " PHÓ CHỦ TỊCH ".into()],
        name: "Lê Văn  Bình".into(),
    };
    // Bad input adds nothing.
    for (bad, image, says) in [
        (
            Signer {
                name: " ".into(),
                ..deputy.clone()
            },
            None,
            "họ tên",
        ),
        (
            Signer {
                authority: vec![],
                ..deputy.clone()
            },
            None,
            "thẩm quyền",
        ),
        (deputy.clone(), Some(b"not a png".as_slice()), "Ảnh"),
    ] {
        let err = store.add_signer(&bad, image).unwrap_err().to_string();
        assert!(err.contains(says), "{err}");
    }
    assert!(store.signers().unwrap().is_empty());

    let blue = png([20, 40, 200]);
    let (entry, warnings) = store.add_signer(&deputy, Some(&blue)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(entry.signer.name, "Lê Văn Bình");
    assert_eq!(entry.signer.authority, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]);
    let again = store.add_signer(&deputy, None).unwrap_err().to_string();
    assert!(again.contains("đã có"), "{again}");

    let r = store.draft_report(plan, me, &p("2026-H1"), false).unwrap();
    let done = store
        .finalize_report_with(r.id, d(2026, 7, 5), Some(entry.id))
        .unwrap();
    assert_eq!(done.signer, entry.signer);
    assert!(report::to_text(&done).contains("PHÓ CHỦ TỊCH"));
    assert_eq!(
        store.signature_of(&done.signer).unwrap(),
        Some(blue.clone())
    );
    let kept = store.kept_images_for(done.id, true, false).unwrap();
    assert_eq!((kept.signature, kept.seal), (Some(blue.clone()), None));
    let no_seal = store
        .kept_images_for(done.id, true, true)
        .unwrap_err()
        .to_string();
    assert!(no_seal.contains("chưa lưu ảnh con dấu"), "{no_seal}");
    // The settings' signer keeps the settings' kept image (none here).
    let settings = store.report_settings().unwrap().signer;
    assert_eq!(store.signature_of(&settings).unwrap(), None);

    // Removing the signer later leaves the report as it was signed.
    store.remove_signer(entry.id).unwrap();
    assert_eq!(store.report_by_id(done.id).unwrap().signer, entry.signer);
    assert_eq!(store.signature_of(&done.signer).unwrap(), None);
    let gone = store
        .kept_images_for(done.id, true, false)
        .unwrap_err()
        .to_string();
    assert!(
        gone.contains("chưa lưu ảnh chữ ký của Lê Văn Bình"),
        "{gone}"
    );
}

#[test]
fn signers_by_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    kehoach::Office::create_demo(&db, kehoach::clock::system()).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kehoach"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    let ok = |args: &[&str]| {
        let out = run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    ok(&[
        "signer",
        "add",
        "--name",
        "Lê Văn Bình",
        "--authority",
        "KT. CHỦ TỊCH",
        "--authority",
        "PHÓ CHỦ TỊCH",
    ]);
    assert!(ok(&["signer", "list"]).contains("Lê Văn Bình (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)"));
    ok(&["report", "draft", "--period", "2026-H1"]);
    let finalize_as = |name: &str| {
        let args = [
            "--today",
            "05/07/2026",
            "report",
            "finalize",
            "--period",
            "2026-H1",
            "--signer",
            name,
        ];
        run(&args)
    };
    let no_one = finalize_as("Trần Văn C");
    assert!(String::from_utf8_lossy(&no_one.stderr).contains("Không tìm thấy người ký"));
    assert!(finalize_as("lê văn  bình").status.success());
    let store = kehoach::Office::open(&db, kehoach::clock::system()).unwrap();
    let r = store
        .report(
            store.only_plan().unwrap(),
            store.my_unit_id().unwrap(),
            &p("2026-H1"),
        )
        .unwrap()
        .unwrap();
    assert_eq!(
        (r.signer.name.as_str(), r.signer.authority[0].as_str()),
        ("Lê Văn Bình", "KT. CHỦ TỊCH")
    );
    drop(store);
    ok(&["signer", "remove", "Lê Văn Bình"]);
    assert!(ok(&["signer", "list"]).trim().is_empty());
}

#[test]
fn a_draft_never_counts_zero_tasks() {
    // "Còn 1 nhiệm vụ chậm tiến độ, 0 nhiệm vụ không thực hiện được" read
    // like a machine's: only the counts that are not zero are written.
    let (_dir, mut store) = demo_store();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    for period in ["2026-H1", "2025-H2"] {
        let r = store.draft_report(plan, me, &p(period), false).unwrap();
        let text: String = r
            .sections
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            !text.contains(" 0 nhiệm vụ") && !text.contains("\n0 nhiệm vụ"),
            "{period}: {text}"
        );
        if period == "2026-H1" {
            assert!(
                text.contains("Còn 1 nhiệm vụ chậm tiến độ (III.6)."),
                "{text}"
            );
        }
    }
}

#[test]
fn the_assessment_says_what_was_done_and_why_once() {
    let (_dir, mut store) = demo_store();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    let r = store.draft_report(plan, me, &p("2026-H2"), false).unwrap();
    let iii = &r.sections.iter().find(|s| s.code == "III").unwrap().text;
    let (strengths, rest) = iii.split_once("2. Tồn tại, hạn chế").unwrap();
    let (problems, reasons) = rest.split_once("3. Nguyên nhân").unwrap();
    // Ưu điểm: the finished tasks by code, and the indicators against
    // their targets, not only a count.
    assert!(
        strengths.contains("2 nhiệm vụ đã hoàn thành (III.1, III.3)"),
        "{strengths}"
    );
    assert!(
        strengths.contains("vào học mẫu giáo đạt 99,5% kế hoạch"),
        "{strengths}"
    );
    // Tồn tại: a task on schedule with a difficulty is not counted as late;
    // the reason a task is late is said under Nguyên nhân only.
    assert!(
        problems.contains("Nhiệm vụ III.2 còn khó khăn: lao động nông thôn"),
        "{problems}"
    );
    assert!(!problems.contains("III.2: đang thực hiện"), "{problems}");
    let reason = "ốn xã chưa có điểm tập kết rác đạt chuẩn";
    assert!(reasons.contains(reason), "{reasons}");
    assert!(!problems.contains(reason), "said twice: {iii}");
}

/// Cùng kỳ năm trước: the demo recorded the children-at-school rate for
/// 2025-H2 (4.960 / 5.000) and 2026-H2 (5.010 / 5.035); the 2026-H2 draft
/// says the change in section II and the Phụ lục shows last year's figure.
/// A period with nothing a year before compares nothing.
#[test]
fn the_draft_compares_with_the_same_period_a_year_before() {
    let (_dir, mut store) = demo_store();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    let r = store.draft_report(plan, me, &p("2026-H2"), false).unwrap();
    let ii = &r.sections.iter().find(|s| s.code == "II").unwrap().text;
    assert!(
        ii.contains(
            "vào học mẫu giáo đạt 99,5%, tăng 0,3 điểm phần trăm so với cùng kỳ năm trước (99,2%)."
        ),
        "{ii}"
    );
    let columns = kehoach::report::INDICATOR_COLUMNS;
    let at = columns
        .iter()
        .position(|c| *c == "Cùng kỳ năm trước")
        .unwrap();
    let cells = kehoach::report::indicator_cells(&r);
    assert_eq!(cells[0][at], "99,2");
    assert_eq!(cells[0][at - 1], "99,5");
    // 2025-H2: nothing was recorded for 2024-H2.
    let before = store.draft_report(plan, me, &p("2025-H2"), false).unwrap();
    let ii = &before
        .sections
        .iter()
        .find(|s| s.code == "II")
        .unwrap()
        .text;
    assert!(!ii.contains("cùng kỳ"), "{ii}");
    assert_eq!(kehoach::report::indicator_cells(&before)[0][at], "");
}
