//! Reports travelling up by file, as offices do it, through the `kehoach`
//! command: two communes and a department report to a district, the
//! district consolidates and reports to the province; a commune reports
//! straight to the province (two levels, since 1/7/2025). The province's
//! totals are the sums of the communes' raw values — including a ratio
//! indicator, where the mean of the percentages would be wrong.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/seeds/003_6fafd23e193aabee.txt"
);
const PLAN: &str = "38/KH-UBND";
/// The demo plan's ratio indicator (children 3–5 years old at school).
const RATIO: &str = "1";

struct Office {
    db: PathBuf,
    dir: PathBuf,
}

impl Office {
    fn run(&self, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_kehoach"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .current_dir(&self.dir)
            .env("HOME", &self.dir)
            .env("KEHOACH_P12_PASSWORD", PASSWORD)
            .output()
            .expect("kehoach runs");
        out
    }

    /// `report draft` for 2026-H1, then what the officer writes where the
    /// draft leaves an instruction (finalising refuses it), by `report edit`.
    fn draft(&self) {
        self.ok(&["report", "draft", "--period", "2026-H1"]);
        let out = self.run(&["--json", "report", "show", "--period", "2026-H1"]);
        let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for s in shown["sections"].as_array().unwrap() {
            let text = s["text"].as_str().unwrap();
            if text.contains(kehoach::report::REASONS_TO_WRITE) {
                let written = text.replace(
                    kehoach::report::REASONS_TO_WRITE,
                    "Kinh phí cấp chậm; cán bộ theo dõi còn kiêm nhiệm.",
                );
                let code = s["code"].as_str().unwrap();
                self.ok(&[
                    "report",
                    "edit",
                    "--period",
                    "2026-H1",
                    "--section",
                    code,
                    "--text",
                    &written,
                ]);
            }
        }
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{args:?}: {text}");
        text
    }
}

/// A new office: its own database, the test CA trusted, the plan imported
/// (from the seed text, or from the plan file sent down), report settings set.
fn office(root: &Path, key: &str, name: &str, kind: &str) -> Office {
    let plan = root.join("ke-hoach-da-ky.pdf");
    let source = if plan.exists() {
        plan
    } else {
        PathBuf::from(SEED)
    };
    office_with(root, key, name, kind, &source)
}

fn office_with(root: &Path, key: &str, name: &str, kind: &str, plan: &Path) -> Office {
    let dir = root.join(key);
    std::fs::create_dir_all(&dir).unwrap();
    let o = Office {
        db: dir.join("db.sqlite"),
        dir,
    };
    o.ok(&[
        "init",
        "--name",
        name,
        "--kind",
        kind,
        "--officer",
        "Cán bộ",
    ]);
    o.ok(&["trust", "add", root.join("ca.crt").to_str().unwrap()]);
    // Each office signs with a certificate of its own.
    leaf(root, key, &format!("Người ký {key}"), name);
    o.ok(&["plan", "import", plan.to_str().unwrap()]);
    for (k, v) in [
        ("report.symbol", "BC-UBND"),
        ("report.place", "Thái Bình"),
        ("report.to", "Cấp trên"),
        ("report.signer_authority", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
        ("report.signer_name", "Nguyễn Văn An"),
        ("report.distribution", "Như trên\nLưu: VT"),
    ] {
        o.ok(&["setting", "set", k, v]);
    }
    o
}

/// Enters a ratio value, drafts, finalises and signs 2026-H1; returns the file.
fn report(o: &Office, numerator: &str, denominator: &str) -> PathBuf {
    if !numerator.is_empty() {
        o.ok(&[
            "indicator",
            "set",
            "--plan",
            PLAN,
            "--indicator",
            RATIO,
            "--period",
            "2026-H1",
            "--numerator",
            numerator,
            "--denominator",
            denominator,
        ]);
    }
    o.draft();
    o.ok(&[
        "--today",
        "05/07/2026",
        "report",
        "finalize",
        "--period",
        "2026-H1",
    ]);
    let file = o.dir.join("bao-cao-2026-H1.pdf");
    let again = o.dir.join("xuat-lai.pdf");
    let export = |to: &Path| {
        o.run(&[
            "export",
            "report",
            "--period",
            "2026-H1",
            "--out",
            to.to_str().unwrap(),
        ])
    };
    // Only a signed report is exported.
    let unsigned = export(&again);
    assert!(!unsigned.status.success() && !again.exists());
    assert!(String::from_utf8_lossy(&unsigned.stderr).contains("chưa ký"));
    o.ok(&[
        "report",
        "sign",
        "--period",
        "2026-H1",
        "--p12",
        &format!("../{}.p12", o.dir.file_name().unwrap().to_str().unwrap()),
        "--out",
        file.to_str().unwrap(),
    ]);
    // Exported again from the store: the same bytes; never over a file.
    assert!(export(&again).status.success());
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&file).unwrap()
    );
    let over = export(&file);
    assert!(!over.status.success());
    assert!(String::from_utf8_lossy(&over.stderr).contains("đã tồn tại"));
    file
}

fn consolidated(o: &Office) -> serde_json::Value {
    let text = o.ok(&["--json", "consolidate", "--period", "2026-H1"]);
    let v: serde_json::Value = serde_json::from_str(&text[..text.rfind('}').unwrap() + 1]).unwrap();
    v["values"].as_array().unwrap()[0].clone()
}

#[test]
fn three_levels_and_two_levels_consolidate_raw_values() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    pki(root, "3650");

    let tinh = office(root, "tinh", "Ủy ban nhân dân tỉnh Thái Bình", "tinh");
    // The province sends the plan down as a signed plan file; every office
    // below imports that file and gets the same plan (ids, content hash).
    let plan_pdf = root.join("ke-hoach.pdf");
    tinh.ok(&["export", "plan", "--out", plan_pdf.to_str().unwrap()]);
    let signed_plan = root.join("ke-hoach-da-ky.pdf");
    tinh.ok(&[
        "sign",
        plan_pdf.to_str().unwrap(),
        "--p12",
        "../leaf.p12",
        "--out",
        signed_plan.to_str().unwrap(),
    ]);
    let text = Command::new("pdftotext")
        .arg(&signed_plan)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("KẾ HOẠCH"));
    let mut bad_plan = std::fs::read(&signed_plan).unwrap();
    let i = bad_plan.len() / 3;
    bad_plan[i] ^= 0x02;
    std::fs::write(root.join("ke-hoach-sua.pdf"), &bad_plan).unwrap();
    let huyen = office(
        root,
        "huyen",
        "Ủy ban nhân dân thành phố Thái Bình",
        "huyen",
    );
    let xa1 = office(root, "xa1", "Ủy ban nhân dân xã Vũ Phúc", "xa");
    let xa2 = office(root, "xa2", "Ủy ban nhân dân xã Đông Hòa", "xa");
    let phong = office(
        root,
        "phong",
        "Phòng Giáo dục và Đào tạo thành phố Thái Bình",
        "phong",
    );
    let xa3 = office(root, "xa3", "Ủy ban nhân dân xã Tân Bình", "xa");
    // A tampered plan file is refused and nothing is stored.
    let out = xa3.run(&[
        "plan",
        "import",
        root.join("ke-hoach-sua.pdf").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("không hợp lệ"));
    // The same plan from the text: nothing changes (same content).
    let again = xa3.ok(&["plan", "import", SEED]);
    assert!(again.contains("không thay đổi gì"), "{again}");

    // 96 %, 90 %, 2,5 %: the mean of the percentages (62,83 %) is wrong;
    // Σ numerators / Σ denominators = 580 / 1.000 = 58 %.
    let f1 = report(&xa1, "480", "500");
    let f2 = report(&xa2, "90", "100");
    let f3 = report(&phong, "10", "400");

    // A file from a unit the district does not know is refused until the
    // officer adds it; the rest of the batch goes in.
    let out = huyen.run(&["--today", "08/07/2026", "import", f1.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("không nhận: đơn vị “Ủy ban nhân dân xã Vũ Phúc” chưa có"));
    let mut tampered = std::fs::read(&f2).unwrap();
    let i = tampered.len() / 2;
    tampered[i] ^= 0x01;
    let bad = root.join("sua.pdf");
    std::fs::write(&bad, &tampered).unwrap();
    let text = huyen.ok(&[
        "--today",
        "08/07/2026",
        "import",
        "--add-units",
        f1.to_str().unwrap(),
        bad.to_str().unwrap(),
        f2.to_str().unwrap(),
    ]);
    assert!(
        text.contains("sua.pdf: không nhận: chữ ký số 1 không hợp lệ"),
        "{text}"
    );
    assert!(text.contains("2 nhận mới"), "{text}");
    let text = huyen.ok(&[
        "--today",
        "20/07/2026",
        "import",
        "--add-units",
        f3.to_str().unwrap(),
    ]);
    assert!(text.contains("1 nhận mới"), "{text}");
    // Again: nothing changes, and it says so.
    let text = huyen.ok(&["--today", "21/07/2026", "import", f1.to_str().unwrap()]);
    assert!(
        text.contains("đã có từ trước (không thay đổi gì)"),
        "{text}"
    );

    // Completeness against a due date of 10/7.
    huyen.ok(&[
        "due",
        "set",
        "--plan",
        PLAN,
        "--kind",
        "six_months",
        "--date",
        "10/7",
        "--children-of",
        "Ủy ban nhân dân thành phố Thái Bình",
    ]);
    let text = huyen.ok(&[
        "--today",
        "25/07/2026",
        "submissions",
        "--period",
        "2026-H1",
    ]);
    assert!(
        text.contains("3/3 đơn vị đã gửi báo cáo đã ký (2 đúng hạn)"),
        "{text}"
    );
    assert!(text.contains("Phòng Giáo dục"), "{text}");
    // Everything has come: what needs action says so.
    assert!(
        text.contains("Cần xử lý:\n  Đã nhận đủ báo cáo đã ký của 3 đơn vị."),
        "{text}"
    );
    // Unit × period: the plan's years (it ends in 2025) and the period
    // files came for; the six-month report in its column.
    let matrix = huyen.ok(&["--today", "25/07/2026", "--json", "submissions"]);
    let m: serde_json::Value =
        serde_json::from_str(&matrix[..matrix.rfind('}').unwrap() + 1]).unwrap();
    let periods: Vec<&str> = m["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods.len(), 6, "{periods:?}");
    assert_eq!(periods.last(), Some(&"2026-H1"), "{periods:?}");
    let h1 = periods
        .iter()
        .position(|p| *p == "2026-H1")
        .expect("2026-H1 column");
    let row = |name: &str| {
        m["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["unit"].as_str().unwrap().contains(name))
            .cloned()
            .unwrap()
    };
    assert_eq!(row("Phòng Giáo dục")["cells"][h1]["state"], "late");
    // The units were added to the list when their first file came (July
    // 2026): the 2025 report, due in January, was not asked of them here.
    let y2025 = periods.iter().position(|p| *p == "2025").unwrap();
    assert!(row("Phòng Giáo dục")["cells"][y2025].is_null(), "{m}");
    assert!(
        text.lines()
            .any(|l| l.contains("Phòng Giáo dục") && l.contains("muộn")),
        "{text}"
    );

    let c = consolidated(&huyen);
    assert_eq!(c["numerator"], 580.0, "{c}");
    assert_eq!(c["denominator"], 1000.0, "{c}");
    assert!((c["value"].as_f64().unwrap() - 58.0).abs() < 1e-9, "{c}");
    assert_eq!(
        c["sources"].as_array().unwrap().len(),
        3,
        "traceable to 3 submissions: {c}"
    );

    // The district reports up; its file carries the combined raw values
    // and names the files it used.
    let fd = report(&huyen, "", "");
    let received =
        kehoach::exchange::read_report_file(&std::fs::read(&fd).unwrap(), &ca_certs(root)).unwrap();
    assert_eq!(received.payload.consolidated_from.len(), 3);
    // Two levels: a commune straight to the province.
    let fx3 = report(&xa3, "45", "50");
    let text = tinh.ok(&[
        "--today",
        "09/07/2026",
        "import",
        "--add-units",
        fd.to_str().unwrap(),
        fx3.to_str().unwrap(),
    ]);
    assert!(text.contains("2 nhận mới"), "{text}");
    let c = consolidated(&tinh);
    assert_eq!(c["numerator"], 625.0, "480 + 90 + 10 + 45: {c}");
    assert_eq!(c["denominator"], 1050.0, "500 + 100 + 400 + 50: {c}");

    // The district's own report shows the combined rate in its appendix.
    let text = Command::new("pdftotext")
        .arg(&fd)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let row = text
        .lines()
        .skip_while(|l| !l.contains("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        row.contains("\n58\n") && row.contains("Tổng hợp\ntừ 3 đơn vị"),
        "{row}"
    );

    // A corrected version supersedes the first; the history stays.
    xa3.draft();
    xa3.ok(&[
        "--today",
        "06/07/2026",
        "report",
        "finalize",
        "--period",
        "2026-H1",
    ]);
    let v2 = xa3.dir.join("v2.pdf");
    xa3.ok(&[
        "report",
        "sign",
        "--period",
        "2026-H1",
        "--p12",
        &format!("../{}.p12", xa3.dir.file_name().unwrap().to_str().unwrap()),
        "--out",
        v2.to_str().unwrap(),
    ]);
    let text = tinh.ok(&["--today", "10/07/2026", "import", v2.to_str().unwrap()]);
    assert!(
        text.contains("đã nhận phiên bản 2 thay phiên bản 1"),
        "{text}"
    );
    // An unsigned draft never replaces a signed report.
    xa3.draft();
    let draft = xa3.dir.join("du-thao.pdf");
    xa3.ok(&[
        "report",
        "pdf",
        "--period",
        "2026-H1",
        "--out",
        draft.to_str().unwrap(),
    ]);
    let text = tinh.ok(&["import", draft.to_str().unwrap()]);
    assert!(text.contains("tệp chưa ký chỉ là dự thảo"), "{text}");
    let store = kehoach::Office::open(&tinh.db, kehoach::clock::system()).unwrap();
    let subs = store
        .submissions(
            store.only_plan().unwrap(),
            &kehoach::calendar::Period::parse("2026-H1").unwrap(),
        )
        .unwrap();
    assert_eq!(
        subs.len(),
        3,
        "district, and both versions of the commune's: {subs:?}"
    );
    assert_eq!(subs.iter().filter(|s| s.superseded_by.is_some()).count(), 1);
    // Left open on purpose while the CLI writes and this process opens the
    // database again: opening must not drop this connection's locks (it
    // once did, by reading the header with a file handle of its own, and the
    // next open here found the database "malformed").
    let _idle = store;

    // Đông Hòa merges into Vũ Phúc after 30/6/2026: it keeps its 2026-H1
    // report, and is no longer expected from 2026-H2 on.
    huyen.ok(&[
        "unit",
        "merge",
        "Ủy ban nhân dân xã Đông Hòa",
        "--into",
        "Ủy ban nhân dân xã Vũ Phúc",
        "--last-day",
        "30/06/2026",
    ]);
    let text = huyen.ok(&[
        "--today",
        "25/07/2026",
        "submissions",
        "--period",
        "2026-H1",
    ]);
    assert!(text.contains("3/3") && text.contains("Đông Hòa"), "{text}");
    let text = huyen.ok(&[
        "--today",
        "25/01/2027",
        "submissions",
        "--period",
        "2026-H2",
    ]);
    assert!(text.contains("0/2") && !text.contains("Đông Hòa"), "{text}");

    // An office that does not have the plan refuses the file, storing nothing.
    let other = Office {
        db: root.join("khac.sqlite"),
        dir: root.to_path_buf(),
    };
    other.ok(&[
        "init",
        "--name",
        "Ủy ban nhân dân huyện Khác",
        "--kind",
        "huyen",
    ]);
    other.ok(&["trust", "add", "ca.crt"]);
    let text = other.ok(&["import", "--add-units", f1.to_str().unwrap()]);
    assert!(
        text.contains("kế hoạch 38/KH-UBND (phiên bản 1) chưa có ở đây"),
        "{text}"
    );
    assert!(text.contains("1 không nhận"), "{text}");
    // A CA trusted by mistake is taken off the list, by its fingerprint's start.
    let listed = other.ok(&["--json", "trust", "list"]);
    let listed: serde_json::Value =
        serde_json::from_str(&listed[..listed.rfind(']').unwrap() + 1]).unwrap();
    let fingerprint = listed[0]["fingerprint"].as_str().unwrap().to_string();
    let short = other.run(&["trust", "remove", &fingerprint[..4]]);
    assert!(!short.status.success(), "four characters name nothing");
    assert!(other
        .ok(&["trust", "remove", &fingerprint[..10]])
        .contains("Đã bỏ tin cậy"));
    assert!(other
        .ok(&["--json", "trust", "list"])
        .trim_start()
        .starts_with("[]"));

    // A unit typed in by hand under the same name is not doubled by a file.
    let tinh_id = {
        let store = kehoach::Office::open(&tinh.db, kehoach::clock::system()).unwrap();
        store.my_unit_id().unwrap().to_string()
    };
    tinh.ok(&[
        "unit",
        "add",
        "--name",
        "Ủy ban nhân dân xã Vũ Phúc",
        "--kind",
        "xa",
        "--reports-to",
        &tinh_id,
    ]);
    let text = tinh.ok(&["import", "--add-units", f1.to_str().unwrap()]);
    assert!(
        text.contains("đã có đơn vị “Ủy ban nhân dân xã Vũ Phúc” nhưng với mã định danh khác"),
        "{text}"
    );
    assert!(text.contains("1 không nhận"), "{text}");
    // A person says they are the same unit: it takes the sender's id, keeps
    // the task it was given, and the file is received.
    let vu_phuc_typed = kehoach::Office::open(&tinh.db, kehoach::clock::system())
        .unwrap()
        .find_unit("Ủy ban nhân dân xã Vũ Phúc")
        .unwrap()
        .id
        .to_string();
    tinh.ok(&[
        "task",
        "edit",
        "--plan",
        PLAN,
        "III.1",
        "--lead",
        &vu_phuc_typed,
    ]);
    tinh.ok(&["unit", "link", f1.to_str().unwrap()]);
    let text = tinh.ok(&["import", f1.to_str().unwrap()]);
    assert!(
        text.contains("đã nhận: Ủy ban nhân dân xã Vũ Phúc"),
        "{text}"
    );
    let store = kehoach::Office::open(&tinh.db, kehoach::clock::system()).unwrap();
    let vu_phuc = store.find_unit("Ủy ban nhân dân xã Vũ Phúc").unwrap();
    let plan = store.only_plan().unwrap();
    let iii1 = store.task_by_code(plan, "III.1").unwrap();
    assert_eq!(
        iii1.leads.iter().map(|u| u.id).collect::<Vec<_>>(),
        [vu_phuc.id]
    );
    drop(store);
    // Linking again has nothing to do.
    assert!(!tinh
        .run(&["unit", "link", f1.to_str().unwrap()])
        .status
        .success());

    // Round trip: what the district stored is what the commune sent.
    let sent =
        kehoach::exchange::read_report_file(&std::fs::read(&f1).unwrap(), &ca_certs(root)).unwrap();
    let store = kehoach::Office::open(&huyen.db, kehoach::clock::system()).unwrap();
    let plan = store.only_plan().unwrap();
    let stored = store
        .current_payloads(plan, &kehoach::calendar::Period::parse("2026-H1").unwrap())
        .unwrap();
    let (_, payload) = stored
        .iter()
        .find(|(_, p)| p.unit.name.contains("Vũ Phúc"))
        .unwrap();
    assert_eq!(*payload, sent.payload);
}

/// Unlocks `office`'s 2026-H1 period, with `reason`, to make a new version.
fn unlock(office: &Office, reason: &str) {
    office.ok(&[
        "period", "unlock", "--plan", PLAN, "--period", "2026-H1", "--reason", reason,
    ]);
}

/// Drafts, finalises on `day` and signs `office`'s 2026-H1 report with the
/// certificate `{p12}.p12`, into `out`; returns what the command said.
fn sign_with(office: &Office, day: &str, p12: &str, out: &Path) -> String {
    office.draft();
    office.ok(&["--today", day, "report", "finalize", "--period", "2026-H1"]);
    office.ok(&[
        "report",
        "sign",
        "--period",
        "2026-H1",
        "--p12",
        &format!("../{p12}.p12"),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// Seen in the field: a commune's report validly signed by an officer of
/// another commune, under a trusted CA, was accepted as that commune's.
/// Signers are bound to units: the first signed file of a unit registers
/// its signer; a file signed by someone else is refused, naming both,
/// until the officer registers the new signer from that file.
#[test]
fn a_report_signed_by_another_units_officer_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    pki(root, "3650");
    let huyen = office(
        root,
        "huyen",
        "Ủy ban nhân dân thành phố Thái Bình",
        "huyen",
    );
    let xa1 = office(root, "xa1", "Ủy ban nhân dân xã Vũ Phúc", "xa");
    let xa2 = office(root, "xa2", "Ủy ban nhân dân xã Đông Hòa", "xa");
    let f2 = report(&xa2, "90", "100");
    let import = |f: &Path| {
        huyen.ok(&[
            "--today",
            "08/07/2026",
            "import",
            "--add-units",
            f.to_str().unwrap(),
        ])
    };
    let text = import(&f2);
    assert!(text.contains("1 nhận mới"), "{text}");
    assert!(
        text.contains("“Người ký xa2” được ghi nhận là người ký"),
        "{text}"
    );
    // Vũ Phúc's report, signed with Đông Hòa's officer's certificate.
    let forged = xa1.dir.join("ky-thay.pdf");
    let signed = sign_with(&xa1, "05/07/2026", "xa2", &forged);
    // Said at signing time too: the certificate is not the printed signer's.
    assert!(
        signed.contains("khác người ký ghi trên báo cáo"),
        "{signed}"
    );
    let text = import(&forged);
    assert!(text.contains("0 nhận mới"), "{text}");
    assert!(
        text.contains("người đã được ghi nhận là người ký của “Ủy ban nhân dân xã Đông Hòa”"),
        "{text}"
    );
    let signers = huyen.ok(&["unit", "signers"]);
    assert!(
        signers.contains("Ủy ban nhân dân xã Đông Hòa: Người ký xa2"),
        "{signers}"
    );
    assert!(!signers.contains("Vũ Phúc"), "{signers}");
    // Signed again by Vũ Phúc's own officer: accepted, and registered.
    unlock(&xa1, "Ký lại");
    let own = xa1.dir.join("tu-ky.pdf");
    sign_with(&xa1, "06/07/2026", "xa1", &own);
    let text = import(&own);
    assert!(text.contains("1 nhận mới"), "{text}");
    let signers = huyen.ok(&["unit", "signers", "Vũ Phúc"]);
    assert!(
        signers.contains("Ủy ban nhân dân xã Vũ Phúc: Người ký xa1"),
        "{signers}"
    );
    // A new signer for Đông Hòa (its report v2 signed by another officer)
    // is refused until the officer registers that signer from the file.
    leaf(
        root,
        "xa2-moi",
        "Trần Thị Mới",
        "Ủy ban nhân dân xã Đông Hòa",
    );
    unlock(&xa2, "Bổ sung số liệu");
    let v2 = xa2.dir.join("v2.pdf");
    sign_with(&xa2, "06/07/2026", "xa2-moi", &v2);
    let text = import(&v2);
    assert!(text.contains("được ký bởi “Trần Thị Mới”"), "{text}");
    assert!(text.contains("không phải người ký đã ghi nhận"), "{text}");
    let json = huyen.ok(&[
        "--json",
        "--today",
        "08/07/2026",
        "import",
        v2.to_str().unwrap(),
    ]);
    assert!(json.contains("\"outcome\": \"unknown_signer\""), "{json}");
    let added = huyen.ok(&["unit", "signer-add", v2.to_str().unwrap()]);
    assert!(added.contains("Đã ghi nhận “Trần Thị Mới”"), "{added}");
    let text = import(&v2);
    assert!(text.contains("thay phiên bản cũ"), "{text}");
    // Who signed is shown with the unit.
    let listed = huyen.ok(&[
        "--today",
        "20/07/2026",
        "submissions",
        "--period",
        "2026-H1",
    ]);
    assert!(listed.contains("người ký Trần Thị Mới"), "{listed}");
}

/// The demo acting as the level above: three of its communes import the plan
/// file it exported, report on it, and the demo takes their reports. (It used
/// to refuse them: each commune read the plan's text again with its own
/// units and got another plan, "nội dung kế hoạch … khác với bản ở đây".)
#[test]
fn the_demo_takes_reports_made_from_the_plan_file_it_sent() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    pki(root, "3650");
    let dir = root.join("demo");
    std::fs::create_dir_all(&dir).unwrap();
    let demo = Office {
        db: dir.join("db.sqlite"),
        dir,
    };
    demo.ok(&["demo"]);
    demo.ok(&["trust", "add", root.join("ca.crt").to_str().unwrap()]);
    let plan_file = root.join("ke-hoach-gui-xuong.pdf");
    demo.ok(&["export", "plan", "--out", plan_file.to_str().unwrap()]);
    let identity = |o: &Office| {
        let v: serde_json::Value =
            serde_json::from_str(&o.ok(&["--json", "plan", "show", PLAN])).unwrap();
        (
            v["plan"]["version"].clone(),
            v["plan"]["content_hash"].clone(),
        )
    };
    let sent = identity(&demo);
    let files: Vec<PathBuf> = [
        ("xa1", "Ủy ban nhân dân phường Phố Hiến"),
        ("xa2", "Ủy ban nhân dân phường Sơn Nam"),
        ("xa3", "Ủy ban nhân dân xã Tiên Lữ"),
    ]
    .iter()
    .map(|(key, name)| {
        let xa = office_with(root, key, name, "xa", &plan_file);
        // The commune holds the plan as the demo does: the same version and
        // content, whatever units each office knew.
        assert_eq!(identity(&xa), sent, "{name}");
        report(&xa, "300", "310")
    })
    .collect();
    // The demo's communes were typed in by hand: each is linked once with
    // the commune that sends the file (the officer's choice), then received.
    for f in &files {
        demo.ok(&["unit", "link", f.to_str().unwrap()]);
    }
    let mut args = vec!["--today", "08/07/2026", "import"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let text = demo.ok(&args);
    assert!(text.contains("3 nhận mới"), "{text}");
    assert!(!text.contains("khác với bản ở đây"), "{text}");
}
