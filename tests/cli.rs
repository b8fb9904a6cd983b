//! The `kehoach` command as an officer or a script runs it.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn kehoach(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("HOME", db.parent().unwrap())
        .output()
        .expect("kehoach runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn demo_then_search_as_in_the_done_criteria() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    let out = kehoach(&db, &["demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Kế hoạch 38/KH-UBND: 34 nhiệm vụ, 1 chỉ tiêu."));

    let out = kehoach(&db, &["task", "list", "--search", "ho ngheo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("III.3.1  Huy động nguồn lực"), "{text}");
    assert!(text.contains("Tìm thấy 2 nhiệm vụ."), "{text}");

    let out = kehoach(&db, &["task", "list", "--search", "giao duc"]);
    assert!(stdout(&out).contains("III.3.2"));

    // The same, for a script.
    let out = kehoach(&db, &["--json", "task", "list", "--search", "ho ngheo"]);
    let tasks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 2);
    assert!(tasks.iter().all(|t| t["task"]["id"].is_string()));
}

#[test]
fn plans_and_units_read_back_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    assert!(kehoach(&db, &["demo"]).status.success());

    let text = stdout(&kehoach(&db, &["plan", "list"]));
    assert!(
        text.contains("38/KH-UBND  ngày 15/08/2025  Ủy ban nhân dân tỉnh Hưng Yên"),
        "{text}"
    );

    let text = stdout(&kehoach(&db, &["plan", "show", "38/kh-ubnd"]));
    assert!(
        text.contains("KẾ HOẠCH số 38/KH-UBND ngày 15 tháng 8 năm 2025"),
        "{text}"
    );
    assert!(text.contains("III.3 Triển khai xây dựng xã hội học tập hướng đến người dân"));
    assert!(text.contains("Chủ trì: Sở GDĐT"));
    assert!(text.contains("Mục tiêu: 100 % đến 31/12/2030"), "{text}");

    let text = stdout(&kehoach(&db, &["unit", "tree"]));
    assert!(
        text.contains("  Sở Nội vụ (sở)  ← đơn vị của tôi"),
        "{text}"
    );
    assert!(
        text.contains("    Ủy ban nhân dân phường Phố Hiến (phường)"),
        "{text}"
    );

    let text = stdout(&kehoach(
        &db,
        &[
            "task",
            "list",
            "--unit",
            "Sở Văn hóa, Thể thao và Du lịch",
            "--plan",
            "38/KH-UBND",
        ],
    ));
    assert!(
        text.contains("III.5  Triển khai các hoạt động về văn hóa, thể thao"),
        "{text}"
    );
}

#[test]
fn init_then_units_and_a_refused_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xa.sqlite");
    let out = kehoach(
        &db,
        &[
            "init",
            "--name",
            "Ủy ban nhân dân xã Tiền Phong",
            "--kind",
            "xã",
            "--officer",
            "Phạm Văn Cường",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("cho đơn vị “Ủy ban nhân dân xã Tiền Phong”"));

    let before = fs::read(&db).unwrap();
    let again = kehoach(&db, &["init", "--name", "Xã khác", "--kind", "xa"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("đã tồn tại"), "{}", stderr(&again));
    assert_eq!(fs::read(&db).unwrap(), before);

    let ok = kehoach(
        &db,
        &[
            "unit",
            "add",
            "--name",
            "Ủy ban nhân dân thành phố Thái Bình",
            "--kind",
            "huyen",
            "--valid-to",
            "30/6/2025",
        ],
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
    let ok = kehoach(
        &db,
        &[
            "unit",
            "move",
            "Ủy ban nhân dân xã Tiền Phong",
            "--reports-to",
            "thanh pho thai binh",
        ],
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
    let cycle = kehoach(
        &db,
        &[
            "unit",
            "move",
            "thanh pho thai binh",
            "--reports-to",
            "Tiền Phong",
        ],
    );
    assert_eq!(cycle.status.code(), Some(1));
    assert!(stderr(&cycle).contains("vòng lặp"), "{}", stderr(&cycle));

    let bad = kehoach(&db, &["unit", "add", "--name", "X", "--kind", "quận"]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("không phải loại đơn vị"),
        "{}",
        stderr(&bad)
    );
    let bad = kehoach(
        &db,
        &[
            "unit",
            "add",
            "--name",
            "X",
            "--kind",
            "xa",
            "--valid-from",
            "31/02/2025",
        ],
    );
    assert!(
        stderr(&bad).contains("không phải là ngày hợp lệ"),
        "{}",
        stderr(&bad)
    );

    let list = stdout(&kehoach(&db, &["--json", "unit", "list"]));
    let units: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(units.as_array().unwrap().len(), 2);
    assert_eq!(units[0]["valid_to"], "2025-06-30");
}

#[test]
fn a_bad_db_file_gets_a_clear_message_and_stays_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("khong-co.sqlite");
    let out = kehoach(&missing, &["plan", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("Lỗi: Không tìm thấy cơ sở dữ liệu"),
        "{}",
        stderr(&out)
    );
    assert!(!missing.exists());

    let text = dir.path().join("baocao.docx");
    fs::write(&text, b"PK\x03\x04 not a database").unwrap();
    let out = kehoach(&text, &["task", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("không phải là cơ sở dữ liệu SQLite"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(&text).unwrap(), b"PK\x03\x04 not a database");
}

#[test]
fn an_officer_corrects_an_imported_task() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    assert!(kehoach(&db, &["demo"]).status.success());
    let ok = kehoach(
        &db,
        &[
            "task",
            "edit",
            "III.5.1",
            "--plan",
            "38/KH-UBND",
            "--lead",
            "Sở Nội vụ",
            "--partner",
            "Sở Tài chính",
        ],
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        stdout(&ok).contains("Chủ trì: Sở Nội vụ"),
        "{}",
        stdout(&ok)
    );
    assert!(
        stdout(&ok).contains("Phối hợp: Sở Tài chính"),
        "{}",
        stdout(&ok)
    );
    // The change is stored and found by unit.
    let listed = stdout(&kehoach(&db, &["task", "list", "--unit", "Sở Nội vụ"]));
    assert!(listed.contains("III.5.1  Bảo tồn và phát huy"), "{listed}");
    // And audited with the officer's name and the old value.
    let store = kehoach::Office::open(&db, kehoach::clock::system()).unwrap();
    let plan = store.find_plan("38/KH-UBND").unwrap();
    let task = store.task_by_code(plan.id, "III.5.1").unwrap();
    let log = store
        .store()
        .audit_log(Some(&task.task.id.to_string()))
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].officer, "Trần Thị Hoa");
    assert_eq!(
        log[0].old_value.as_ref().unwrap()["lead_units"],
        serde_json::json!([])
    );

    let unknown = kehoach(
        &db,
        &[
            "task",
            "edit",
            "III.5.1",
            "--plan",
            "38/KH-UBND",
            "--lead",
            "Sở Tư pháp",
        ],
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("Không tìm thấy đơn vị “Sở Tư pháp”"));
    let empty = kehoach(
        &db,
        &[
            "task",
            "edit",
            "III.5.1",
            "--plan",
            "38/KH-UBND",
            "--title",
            " ",
        ],
    );
    assert!(stderr(&empty).contains("Tên nhiệm vụ: không được để trống."));
    let after = kehoach::Office::open(&db, kehoach::clock::system())
        .unwrap()
        .task_by_code(plan.id, "III.5.1")
        .unwrap();
    assert_eq!(after.leads[0].name, "Sở Nội vụ");
    assert!(after.task.title.starts_with("Bảo tồn và phát huy"));
}

#[test]
fn the_reporting_calendar_and_progress_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    assert!(kehoach(&db, &["demo"]).status.success());
    let plan = ["--plan", "38/KH-UBND"];
    let run = |args: &[&str]| kehoach(&db, &[&["--today", "01/12/2026"], args].concat());

    let out = run(&[&["period", "list", "--kind", "6 tháng"], &plan[..]].concat());
    let text = stdout(&out);
    assert!(
        text.contains(
            "2026-H1  6 tháng đầu năm 2026     số liệu 15/12/2025 – 14/06/2026; hạn gửi 10/07/2026"
        ),
        "{text}"
    );

    // Without a kind, the list is every report the plan asks for (six
    // months and year), in the order they close: the same kinds `due` and
    // `period current` show.
    let out = run(&[&["--json", "period", "list"], &plan[..]].concat());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["period"].as_str().unwrap())
        .collect();
    let at = names.iter().position(|p| *p == "2026-H1").unwrap();
    assert_eq!(
        names[at..at + 3],
        ["2026-H1", "2026-H2", "2026"],
        "{names:?}"
    );
    // The plan was issued on 15/8/2025: its first report is the second
    // half-year's, none before it.
    assert_eq!(names[0], "2025-H2", "{names:?}");
    assert_eq!(names.last(), Some(&"2031"), "{names:?}");

    let out = run(&[&["period", "current"], &plan[..]].concat());
    let text = stdout(&out);
    assert!(
        text.contains("Kỳ 2026 (năm 2026): hạn gửi 15/12/2026, còn 14 ngày."),
        "{text}"
    );
    // What stands out is counted only when there is some: no "0 …".
    let reporting = text
        .lines()
        .find(|l| l.starts_with("Đang báo cáo kỳ 2026-H2 (6 tháng cuối năm 2026): "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        !reporting.contains(" 0 ") && !reporting.contains(": 0"),
        "{reporting}"
    );
    assert!(text.contains("Việc cần làm:\n"), "{text}");

    let out = run(&["due"]);
    assert!(
        stdout(&out).contains("báo cáo năm 2026 (2026), hạn 15/12/2026: còn 14 ngày"),
        "{}",
        stdout(&out)
    );

    let out = run(&[
        &[
            "progress",
            "set",
            "--task",
            "III.7",
            "--period",
            "2026-H2",
            "--status",
            "không thực hiện",
        ],
        &plan[..],
    ]
    .concat());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Lý do: cần nêu lý do khi nhiệm vụ “không thực hiện”."),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        &[
            "progress",
            "set",
            "--task",
            "III.7",
            "--period",
            "2026-H2",
            "--status",
            "không thực hiện",
            "--reason",
            "Chưa có kinh phí",
            "--budget",
            "0",
        ],
        &plan[..],
    ]
    .concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&[&["progress", "show", "--period", "2026-H2"], &plan[..]].concat());
    assert!(
        stdout(&out).contains("III.7  không thực hiện (lý do: Chưa có kinh phí); kinh phí 0 đồng"),
        "{}",
        stdout(&out)
    );

    let out = run(&[
        &[
            "indicator",
            "set",
            "--indicator",
            "1",
            "--period",
            "2026-H2",
            "--unit",
            "xã Tiên Lữ",
            "--numerator",
            "1.210",
            "--denominator",
            "1.250",
        ],
        &plan[..],
    ]
    .concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&[
        &[
            "indicator",
            "show",
            "--period",
            "2026-H2",
            "--unit",
            "xã Tiên Lữ",
        ],
        &plan[..],
    ]
    .concat());
    assert!(
        stdout(&out).contains("1.210 / 1.250 = 96,8%; mục tiêu 100 %; đạt 96,8% mục tiêu"),
        "{}",
        stdout(&out)
    );

    let bad = run(&[
        &[
            "indicator",
            "set",
            "--indicator",
            "1",
            "--period",
            "2026-H7",
            "--value",
            "1",
        ],
        &plan[..],
    ]
    .concat());
    assert!(
        stderr(&bad).contains("“2026-H7” không phải là kỳ báo cáo"),
        "{}",
        stderr(&bad)
    );
    let json = run(&["--json", "due"]);
    let items: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(items
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["period"] == "2026" && i["days_left"] == 14));
}

/// A plan text copied without its header (no "Số: …", no date line) is read
/// for what it says; storing it takes the number and the date from the
/// officer, which then make the plan's identity as the header's would.
#[test]
fn a_plan_without_its_header_is_stored_with_the_officers_number_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let seed = fs::read_to_string("tests/fixtures/seeds/003_6fafd23e193aabee.txt").unwrap();
    // Everything from the title on: the header table is gone.
    let headless = &seed[seed.find("KẾ HOẠCH\n").unwrap()..];
    assert!(!headless.contains("38/KH-UBND") && !headless.contains("ngày 30 tháng 6"));
    let file = dir.path().join("ke-hoach-chep-tu-trang-web.txt");
    fs::write(&file, headless).unwrap();
    let file = file.to_str().unwrap();
    let init = |db: &Path| {
        let out = kehoach(
            db,
            &[
                "init",
                "--name",
                "Ủy ban nhân dân tỉnh Thái Bình",
                "--kind",
                "tinh",
                "--officer",
                "Cán bộ A",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    };
    let db = dir.path().join("tinh.sqlite");
    init(&db);

    // Read: what it says, and what it does not, exit 0.
    let out = kehoach(&db, &["plan", "import", file, "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("KẾ HOẠCH số (văn bản không ghi) ngày ban hành (văn bản không ghi) của Ủy ban nhân dân tỉnh Thái Bình"), "{text}");
    assert!(text.contains("không ghi số hiệu, ngày ban hành"), "{text}");
    assert!(text.contains("III.1"), "the tasks are read: {text}");

    // Stored only with what is missing, said with the flags to give it.
    let out = kehoach(&db, &["plan", "import", file]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("--number, --issued-on"),
        "{}",
        stderr(&out)
    );
    let list = kehoach(&db, &["--json", "plan", "list"]);
    assert_eq!(stdout(&list).trim(), "[]", "nothing stored");

    let out = kehoach(
        &db,
        &[
            "plan",
            "import",
            file,
            "--number",
            "38/KH-UBND",
            "--issued-on",
            "30/06/2017",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Theo thông tin cán bộ nhập"),
        "{}",
        stdout(&out)
    );

    // The same plan as the full text read elsewhere: same id, same tasks.
    let full = dir.path().join("tinh-2.sqlite");
    init(&full);
    let out = kehoach(
        &full,
        &[
            "plan",
            "import",
            "tests/fixtures/seeds/003_6fafd23e193aabee.txt",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let plans = |db: &Path| -> serde_json::Value {
        serde_json::from_str(&stdout(&kehoach(db, &["--json", "plan", "list"]))).unwrap()
    };
    let (a, b) = (plans(&db), plans(&full));
    for field in [
        "id",
        "doc_number",
        "issued_on",
        "task_count",
        "indicator_count",
    ] {
        assert_eq!(a[0][field], b[0][field], "{field}");
    }
    // Audited as the officer's.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let created: String = conn
        .query_row(
            "SELECT new_value FROM audit_log WHERE entity = 'plan' AND action = 'create'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let created: serde_json::Value = serde_json::from_str(&created).unwrap();
    assert_eq!(created["supplied"]["number"], "38/KH-UBND", "{created}");
    assert_eq!(created["supplied"]["issued_on"], "2017-06-30", "{created}");

    // A text with its header keeps the header's number.
    let other = dir.path().join("tinh-3.sqlite");
    init(&other);
    let out = kehoach(
        &other,
        &[
            "plan",
            "import",
            "tests/fixtures/seeds/003_6fafd23e193aabee.txt",
            "--number",
            "99/KH-UBND",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("giữ theo văn bản"),
        "{}",
        stdout(&out)
    );
    assert_eq!(plans(&other)[0]["doc_number"], "38/KH-UBND");
}

/// A text that names no issuer at all (no header, no signature, no
/// sentence saying who issues it) is read; storing takes the issuer from
/// the officer (`--issuer`).
#[test]
fn a_plan_naming_no_issuer_takes_the_officers() {
    let dir = tempfile::tempdir().unwrap();
    let seed = fs::read_to_string("tests/fixtures/seeds/003_6fafd23e193aabee.txt").unwrap();
    let title = &seed[seed.find("KẾ HOẠCH\n").unwrap()..seed.find("Căn cứ").unwrap()];
    let body = &seed[seed.find("I. MỤC ĐÍCH").unwrap()..seed.find("Nơi nhận").unwrap()];
    let file = dir.path().join("chi-co-noi-dung.txt");
    fs::write(&file, format!("{title}{body}")).unwrap();
    let file = file.to_str().unwrap();
    let db = dir.path().join("xa.sqlite");
    let out = kehoach(
        &db,
        &[
            "init",
            "--name",
            "Ủy ban nhân dân xã Vũ Thư",
            "--kind",
            "xa",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = kehoach(&db, &["plan", "import", file, "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("không ghi số hiệu, ngày ban hành, cơ quan ban hành"),
        "{text}"
    );
    let given = ["--number", "38/KH-UBND", "--issued-on", "30/06/2017"];
    let out = kehoach(&db, &[&["plan", "import", file][..], &given].concat());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--issuer"), "{}", stderr(&out));
    let issuer = ["--issuer", "Ủy ban nhân dân tỉnh Thái Bình"];
    let out = kehoach(
        &db,
        &[&["--json", "plan", "import", file][..], &given, &issuer].concat(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v["plan"]["plan"]["issuer"],
        "Ủy ban nhân dân tỉnh Thái Bình"
    );
}
