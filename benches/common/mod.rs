//! What the benchmarks share: the report they lay out and sign (200 task
//! results and 50 indicators, about 20 pages) and a signing key made at run
//! time with openssl (no key is kept in the repository).
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use kehoach::sign::P12Signer;

use kehoach::calendar::Period;
use kehoach::model::{IndicatorRow, Report, ReportSection, ReportStatus, Signer};
use uuid::Uuid;

pub fn twenty_page_report() -> Report {
    let results: String = (1..=200)
        .map(|i| {
            format!(
                "- Nhiệm vụ {i}: đã tổ chức {} hội nghị tuyên truyền, tập huấn cho {} lượt cán bộ, đoàn viên, hội viên; lồng ghép nội dung vào các chương trình phát triển kinh tế - xã hội của địa phương (đang thực hiện). Kinh phí đã sử dụng: {}.000.000 đồng.",
                i % 7 + 1,
                (i * 37) % 500 + 40,
                i % 90 + 5
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    Report {
        id: Uuid::nil(),
        plan_id: Uuid::nil(),
        unit_id: Uuid::nil(),
        period: Period::parse("2026-H1").unwrap(),
        version: 1,
        supersedes: None,
        status: ReportStatus::Final,
        parent_agency: None,
        agency: "ỦY BAN NHÂN DÂN THÀNH PHỐ THÁI BÌNH".into(),
        symbol: "BC-UBND".into(),
        number: Some(15),
        issued_on: chrono::NaiveDate::from_ymd_opt(2026, 7, 5),
        place: "Thái Bình".into(),
        summary: "Kết quả thực hiện Kế hoạch số 38/KH-UBND ngày 30/6/2017 của UBND tỉnh Thái Bình 6 tháng đầu năm 2026".into(),
        recipients_to: vec!["Ủy ban nhân dân tỉnh Thái Bình".into()],
        sections: vec![
            ReportSection { code: "I".into(), heading: "CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI".into(), text: "Ủy ban nhân dân thành phố đã chỉ đạo các cơ quan, đơn vị triển khai thực hiện các nhiệm vụ được giao.".into() },
            ReportSection { code: "II".into(), heading: "KẾT QUẢ THỰC HIỆN".into(), text: results },
            ReportSection { code: "III".into(), heading: "ĐÁNH GIÁ CHUNG".into(), text: "1. Ưu điểm\n\nCác nhiệm vụ được triển khai đúng tiến độ.".into() },
            ReportSection { code: "IV".into(), heading: "PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI".into(), text: "Tiếp tục triển khai các nhiệm vụ chưa hoàn thành.".into() },
            ReportSection { code: "V".into(), heading: "ĐỀ XUẤT, KIẾN NGHỊ".into(), text: "Không có.".into() },
        ],
        indicators: (1..=50)
            .map(|i| IndicatorRow {
                name: format!("Chỉ tiêu số {i}: tỷ lệ hộ gia đình được tiếp cận dịch vụ xã hội cơ bản"),
                measure_unit: "%".into(),
                target: Some(95.0),
                actual: Some(90.0 + (i % 10) as f64 / 2.0),
                cumulative: Some(90.0 + (i % 10) as f64 / 2.0),
                percent_of_target: Some(96.5),
                note: String::new(),
                last_year: Some(88.0 + (i % 10) as f64 / 2.0),
            })
            .collect(),
        signer: Signer { authority: vec!["TM. ỦY BAN NHÂN DÂN".into(), "KT. CHỦ TỊCH".into(), "PHÓ CHỦ TỊCH".into()], name: "Lê Văn Minh".into() },
        distribution: vec!["Như trên".into(), "Lưu: VT, LĐTBXH".into()],
    }
}

fn openssl(dir: &Path, args: &[&str]) {
    let ok = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl (scripts/setup.sh --test installs it)")
        .status
        .success();
    assert!(ok, "openssl {args:?}");
}

/// A test CA and an RSA-2048 signer's .p12 issued by it, made in a
/// temporary folder that is removed: the key and the CA certificates.
pub fn bench_key(name: &str) -> (P12Signer, Vec<x509_cert::Certificate>) {
    let dir = std::env::temp_dir().join(format!("kehoach-bench-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-days",
            "30",
            "-subj",
            "/CN=Bench CA",
        ],
    );
    openssl(
        &dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=Bench Signer",
        ],
    );
    openssl(
        &dir,
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "leaf.crt",
            "-days",
            "30",
        ],
    );
    openssl(
        &dir,
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "leaf.key",
            "-in",
            "leaf.crt",
            "-certfile",
            "ca.crt",
            "-out",
            "leaf.p12",
            "-passout",
            "pass:bench",
        ],
    );
    let signer = P12Signer::open(&std::fs::read(dir.join("leaf.p12")).unwrap(), "bench").unwrap();
    let trust =
        kehoach::sign::cert::parse_certificates(&std::fs::read(dir.join("ca.crt")).unwrap())
            .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    (signer, trust)
}
