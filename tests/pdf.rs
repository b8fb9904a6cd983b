//! The report PDF read back as a person and a records clerk would: text with
//! poppler, fonts with pdffonts, structure with qpdf, positions with
//! pdftotext -bbox.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use kehoach::calendar::Period;
use kehoach::pdf::{fonts::Fonts, render, PdfError};
use kehoach::report;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name}: {e} (installed by scripts/setup.sh --test)"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn demo_report(finalise: bool) -> (tempfile::TempDir, kehoach::model::Report) {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        kehoach::Office::create_demo(&dir.path().join("d.sqlite"), kehoach::clock::system())
            .unwrap();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    let mut r = store
        .draft_report(plan, me, &Period::parse("2026-H2").unwrap(), false)
        .unwrap();
    if finalise {
        r = store
            .finalize_report(r.id, NaiveDate::from_ymd_opt(2026, 12, 20).unwrap())
            .unwrap();
    }
    (dir, r)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

/// Words of a text, for comparing what was laid out with what reads back.
fn words(s: &str) -> Vec<String> {
    kehoach::vn::nfc(s)
        .split_whitespace()
        .map(|w| w.trim_matches('|').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn every_word_reads_back_and_fonts_are_embedded_subsets() {
    let (dir, r) = demo_report(true);
    let fonts = Fonts::liberation_serif();
    let bytes = render(&r, &fonts).unwrap();
    let pdf = write(dir.path(), "r.pdf", &bytes);
    let text = tool("pdftotext", &["-raw", &pdf, "-"]);
    let got: std::collections::HashSet<String> = words(&text).into_iter().collect();
    for w in words(&report::to_text(&r)) {
        assert!(got.contains(&w), "“{w}” is not in the PDF text");
    }
    assert!(
        !text.contains("DỰ THẢO"),
        "a finalised report is not marked as a draft"
    );
    assert!(text.contains("Số: 01/BC-SNV"));
    assert!(text.contains("Hưng Yên, ngày 20 tháng 12 năm 2026"));

    let fonts_out = tool("pdffonts", &[&pdf]);
    let rows: Vec<&str> = fonts_out.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "{fonts_out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(cols[0].contains("+LiberationSerif"), "{row}");
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "embedded, subset, unicode: {row}"
        );
    }
    let check = Command::new("qpdf")
        .args(["--check", &pdf])
        .output()
        .expect("qpdf");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert!(bytes.len() < 200 * 1024, "{} bytes", bytes.len());
}

#[test]
fn a_draft_is_marked_and_the_same_report_gives_the_same_bytes() {
    let (dir, r) = demo_report(false);
    let fonts = Fonts::liberation_serif();
    let a = render(&r, &fonts).unwrap();
    let b = render(&r, &fonts).unwrap();
    assert_eq!(a, b, "rendering is deterministic");
    let pdf = write(dir.path(), "draft.pdf", &a);
    let first = tool("pdftotext", &["-f", "1", "-l", "1", &pdf, "-"]);
    assert!(first.contains("DỰ THẢO"));
    assert!(first.contains("Số:"));
}

#[derive(Debug)]
struct Word {
    page: usize,
    x_min: f32,
    y_min: f32,
    x_max: f32,
    y_max: f32,
    text: String,
}

fn bbox(pdf: &str) -> Vec<Word> {
    let xml = tool("pdftotext", &["-bbox", pdf, "-"]);
    let mut page = 0;
    let mut out = Vec::new();
    let attr = |line: &str, name: &str| -> f32 {
        let k = format!("{name}=\"");
        let s = &line[line.find(&k).unwrap() + k.len()..];
        s[..s.find('"').unwrap()].parse().unwrap()
    };
    for line in xml.lines() {
        if line.trim_start().starts_with("<page ") {
            page += 1;
        } else if line.trim_start().starts_with("<word ") {
            let text =
                line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()].to_string();
            out.push(Word {
                page,
                x_min: attr(line, "xMin"),
                y_min: attr(line, "yMin"),
                x_max: attr(line, "xMax"),
                y_max: attr(line, "yMax"),
                text,
            });
        }
    }
    out
}

#[test]
fn margins_page_numbers_and_sizes_follow_the_decree() {
    let (dir, mut r) = demo_report(true);
    // A long report, to run over several pages.
    let long = (1..=40).map(|i| format!("Đoạn {i}: kết quả thực hiện nhiệm vụ trong kỳ được tổng hợp đầy đủ, đúng tiến độ và đạt chất lượng theo yêu cầu của kế hoạch.")).collect::<Vec<_>>().join("\n\n");
    r.sections[1].text = long;
    let pdf = write(
        dir.path(),
        "long.pdf",
        &render(&r, &Fonts::liberation_serif()).unwrap(),
    );
    let words = bbox(&pdf);
    let mm = 72.0 / 25.4;
    let (page_w, page_h) = (210.0 * mm, 297.0 * mm);
    let pages = words.iter().map(|w| w.page).max().unwrap();
    assert!(pages >= 3, "{pages} pages");
    for w in &words {
        // Left 30 mm, right 15 mm: inside the decree's 30-35 and 15-20.
        assert!(w.x_min >= 30.0 * mm - 0.5, "{w:?}");
        assert!(w.x_max <= page_w - 15.0 * mm + 0.5, "{w:?}");
        // Nothing in the bottom margin (20 mm).
        assert!(w.y_max <= page_h - 20.0 * mm + 0.5, "{w:?}");
    }
    // Page numbers: in the top margin, centred, from page 2 of the main part.
    let in_top_margin = |p: usize| {
        words
            .iter()
            .filter(|w| w.page == p && w.y_max < 20.0 * mm)
            .collect::<Vec<_>>()
    };
    assert!(in_top_margin(1).is_empty(), "{:?}", in_top_margin(1));
    let two = in_top_margin(2);
    assert_eq!(two.len(), 1, "{two:?}");
    assert_eq!(two[0].text, "2");
    assert!(((two[0].x_min + two[0].x_max) / 2.0 - page_w / 2.0).abs() < 2.0);
    // The body is set in 14 pt: a line of it is about 14 pt high.
    let body = words.iter().find(|w| w.text == "Đoạn").unwrap();
    let h = body.y_max - body.y_min;
    assert!((13.0..=17.5).contains(&h), "body word height {h}");
}

#[test]
fn characters_the_font_lacks_are_reported_not_dropped() {
    let (_dir, mut r) = demo_report(false);
    r.sections[0].text.push_str(" 中文");
    match render(&r, &Fonts::liberation_serif()) {
        Err(PdfError::MissingGlyphs(chars)) => assert!(chars.contains("“中”"), "{chars}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_signature_block_never_stands_alone_on_a_page() {
    let (dir, mut r) = demo_report(true);
    let last = r.sections.len() - 1;
    let base = r.sections[last].text.clone();
    let mut signature_pages = std::collections::BTreeSet::new();
    // Longer and longer texts: the signature block falls at every place
    // of a page, the bottom included.
    for extra in 0..36 {
        let filler: String = (0..extra)
            .map(|i| format!("Nội dung bổ sung số {i} của phần cuối báo cáo.\n"))
            .collect();
        r.sections[last].text = format!("{base}\n{filler}Đoạn kết thúc báo cáo.");
        let pdf = write(
            dir.path(),
            "ky.pdf",
            &render(&r, &Fonts::liberation_serif()).unwrap(),
        );
        let text = tool("pdftotext", &["-layout", &pdf, "-"]);
        let pages: Vec<&str> = text.split('\u{c}').collect();
        let with_signature = pages
            .iter()
            .position(|p| p.contains("Nơi nhận:"))
            .expect("Nơi nhận is printed");
        assert!(
            pages[with_signature].contains("Đoạn kết thúc báo cáo."),
            "extra {extra}: the last paragraph is not on the signature's page:\n{}",
            pages[with_signature]
        );
        signature_pages.insert(with_signature);
    }
    // The block crossed a page break along the way.
    assert!(signature_pages.len() > 1, "{signature_pages:?}");
}

#[test]
fn an_overlong_word_breaks_instead_of_running_off_the_page() {
    let (dir, mut r) = demo_report(true);
    r.sections[0].text = format!("Xem https://{}.gov.vn/van-ban", "a".repeat(300));
    let pdf = write(
        dir.path(),
        "url.pdf",
        &render(&r, &Fonts::liberation_serif()).unwrap(),
    );
    let mm = 72.0 / 25.4;
    for w in bbox(&pdf) {
        assert!(w.x_max <= 210.0 * mm - 15.0 * mm + 0.5, "{w:?}");
    }
}

#[test]
fn the_cli_writes_the_demo_report_as_it_comes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    let out = dir.path().join("r.pdf");
    let bin = env!("CARGO_BIN_EXE_kehoach");
    assert!(Command::new(bin)
        .arg("--db")
        .arg(&db)
        .arg("demo")
        .output()
        .unwrap()
        .status
        .success());
    let run = Command::new(bin)
        .arg("--db")
        .arg(&db)
        .args(["report", "pdf", "--period", "2026-H1", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = tool("pdftotext", &[out.to_str().unwrap(), "-"]);
    assert!(
        text.contains("BÁO CÁO") && text.contains("DỰ THẢO"),
        "{text}"
    );
    let store = kehoach::Office::open(&db, kehoach::clock::system()).unwrap();
    assert!(store
        .report(
            store.only_plan().unwrap(),
            store.my_unit_id().unwrap(),
            &Period::parse("2026-H1").unwrap()
        )
        .unwrap()
        .is_some());
}

/// The demo's final 2026-H2 report has a reviewed PDF: its SHA-256 is kept
/// in tests/snapshots/demo-report.sha256. A layout change shows up here;
/// look at the pages (docs/report-pages/), then `UPDATE_SNAPSHOTS=1`.
#[test]
fn the_demo_report_matches_its_reviewed_reference() {
    use sha2::{Digest, Sha256};
    let (_dir, r) = demo_report(true);
    let bytes = render(&r, &Fonts::liberation_serif()).unwrap();
    let hash: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let path = "tests/snapshots/demo-report.sha256";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, format!("{hash}\n")).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).expect("reference hash");
    assert_eq!(
        hash,
        expected.trim(),
        "the report PDF changed: review its pages, then update the reference"
    );
}

#[test]
fn a_table_cell_longer_than_a_page_splits_cleanly() {
    let (dir, mut r) = demo_report(true);
    let long_note = (1..=160)
        .map(|i| format!("ghi chú dòng {i};"))
        .collect::<Vec<_>>()
        .join(" ");
    r.indicators[0].note = long_note;
    r.indicators.push(r.indicators[0].clone());
    r.indicators[1].note = "Ngắn.".into();
    let pdf = write(
        dir.path(),
        "cell.pdf",
        &render(&r, &Fonts::liberation_serif()).unwrap(),
    );
    let words = bbox(&pdf);
    let mm = 72.0 / 25.4;
    for w in &words {
        assert!(
            w.y_max <= 297.0 * mm - 20.0 * mm + 0.5,
            "below the bottom margin: {w:?}"
        );
    }
    // Every line of the long note is there, once, in order.
    let raw = tool("pdftotext", &["-raw", &pdf, "-"]);
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut last = 0;
    for i in 1..=160 {
        let at = text
            .find(&format!("dòng {i};"))
            .unwrap_or_else(|| panic!("line {i} missing"));
        assert!(at > last, "line {i} out of order");
        last = at;
    }
    // The header row is repeated on each page the table runs over.
    let pages_with_table: Vec<usize> = words
        .iter()
        .filter(|w| w.text == "dòng")
        .map(|w| w.page)
        .collect();
    let (first, end) = (
        *pages_with_table.iter().min().unwrap(),
        *pages_with_table.iter().max().unwrap(),
    );
    assert!(end > first, "the note spans pages");
    for p in first..=end {
        assert!(
            words.iter().any(|w| w.page == p && w.text == "STT"),
            "no header on page {p}"
        );
    }
}

#[test]
fn header_elements_sit_in_their_places() {
    let (dir, r) = demo_report(true);
    let pdf = write(
        dir.path(),
        "h.pdf",
        &render(&r, &Fonts::liberation_serif()).unwrap(),
    );
    let words = bbox(&pdf);
    let mm = 72.0 / 25.4;
    let (left, text_w) = (30.0 * mm, 165.0 * mm);
    let find = |p: usize, t: &str| {
        words
            .iter()
            .find(|w| w.page == p && w.text == t)
            .unwrap_or_else(|| panic!("{t} on page {p}"))
    };
    // Quốc hiệu top right, agency top left, both in the first lines.
    let cong = find(1, "CỘNG");
    assert!(
        cong.x_min > left + 0.40 * text_w - 1.0 && cong.y_min < 20.0 * mm + 16.0,
        "{cong:?}"
    );
    // The governing body above the agency: "UBND TỈNH HƯNG YÊN" / "SỞ NỘI VỤ".
    let uy = find(1, "UBND");
    assert!(
        uy.x_max < left + 0.40 * text_w && uy.y_min < 20.0 * mm + 16.0,
        "{uy:?}"
    );
    // Số under the agency, in the left column; the date in italics on its line, right.
    let so = find(1, "Số:");
    assert!(
        so.x_max < left + 0.40 * text_w && so.y_min > uy.y_max,
        "{so:?}"
    );
    let ngay = words
        .iter()
        .find(|w| w.page == 1 && w.text == "ngày" && (w.y_min - so.y_min).abs() < 3.0)
        .expect("date on the Số line");
    assert!(ngay.x_min > left + 0.40 * text_w, "{ngay:?}");
    // Title centred on the text block.
    let title = find(1, "BÁO");
    let cao = words
        .iter()
        .find(|w| w.page == 1 && w.text == "CÁO" && (w.y_min - title.y_min).abs() < 1.0)
        .unwrap();
    assert!(((title.x_min + cao.x_max) / 2.0 - (left + text_w / 2.0)).abs() < 3.0);
    // Nơi nhận: 12 pt title above 11 pt items; the signer on the right.
    let noi = words.iter().find(|w| w.text == "Nơi").unwrap();
    let item = words
        .iter()
        .find(|w| w.page == noi.page && w.text == "Như")
        .unwrap();
    let (h12, h11) = (noi.y_max - noi.y_min, item.y_max - item.y_min);
    assert!((h12 / h11 - 12.0 / 11.0).abs() < 0.05, "{h12} vs {h11}");
    let tm = words
        .iter()
        .find(|w| w.page == noi.page && w.text == "KT.")
        .unwrap();
    assert!(
        tm.x_min > left + 0.45 * text_w && (tm.y_min - noi.y_min).abs() < 20.0,
        "{tm:?}"
    );
}
