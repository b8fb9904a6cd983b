//! Exchange benchmark: `cargo bench --bench exchange`. A generator makes 600
//! signed commune report files (each with its own data embedded, signed with
//! a PKCS#12 key made here by openssl); a district database then imports,
//! verifies and consolidates them. Prints the total and the per-file median.

mod common;

use std::path::Path;
use std::time::Instant;

use kehoach::calendar::Period;
use kehoach::model::{Unit, UnitKind};
use kehoach::sign::{sign_pdf, SignOptions};
use uuid::Uuid;

const COMMUNES: usize = 600;
const SEED: &[u8] = include_bytes!("../tests/fixtures/seeds/003_6fafd23e193aabee.txt");

fn unit(name: &str, kind: UnitKind, reports_to: Option<Uuid>) -> Unit {
    Unit {
        id: Uuid::new_v5(&Uuid::NAMESPACE_OID, name.as_bytes()),
        name: name.into(),
        short_name: String::new(),
        kind,
        admin_code: None,
        reports_to,
        valid_from: None,
        valid_to: None,
    }
}

/// A new office database with the plan imported.
fn office(path: &Path, me: &Unit) -> kehoach::Office {
    let mut store = kehoach::Office::create(path, me, "Cán bộ", kehoach::clock::system()).unwrap();
    let plan = kehoach::plan_import::import_file(SEED, &store.units().unwrap()).unwrap();
    store.import_plan(&plan.document).unwrap();
    for (k, v) in [
        ("report.symbol", "BC-UBND"),
        ("report.place", "Thái Bình"),
        ("report.to", "UBND thành phố"),
        ("report.signer_authority", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
        ("report.signer_name", "Nguyễn Văn An"),
        ("report.distribution", "Như trên\nLưu: VT"),
    ] {
        store.set_report_setting(k, v).unwrap();
    }
    store
}

fn main() {
    let (signer, trust) = common::bench_key("exchange");
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let vn = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    let opts = SignOptions::at(chrono::Utc::now().with_timezone(&vn));
    let period = Period::parse("2026-H1").unwrap();

    // The generator: one commune's report, then 600 files that differ in
    // their unit and figures, each signed.
    let district = unit("Ủy ban nhân dân huyện Mẫu", UnitKind::Huyen, None);
    let template = unit("Ủy ban nhân dân xã Mẫu", UnitKind::Xa, None);
    let mut commune = office(&dir.join("xa.sqlite"), &template);
    let plan = commune.only_plan().unwrap();
    let ratio = commune.indicators(plan).unwrap()[0].id;
    let input = kehoach::input::ValueInput {
        value: None,
        numerator: Some("480".into()),
        denominator: Some("500".into()),
        yes: None,
        text: None,
        note: String::new(),
    };
    commune
        .set_value(ratio, template.id, &period, &input)
        .unwrap();
    let r = commune
        .draft_report(plan, template.id, &period, false)
        .unwrap();
    // No task has results here: the officer writes the reasons the draft
    // asks for (finalising refuses the instruction left in).
    if let Some(s) = r
        .sections
        .iter()
        .find(|s| s.text.contains(kehoach::report::REASONS_TO_WRITE))
    {
        let text = s
            .text
            .replace(kehoach::report::REASONS_TO_WRITE, "Kinh phí cấp chậm.");
        commune
            .edit_report_section(r.id, &s.code.clone(), &text)
            .unwrap();
    }
    let r = commune
        .finalize_report(r.id, chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap())
        .unwrap();
    let pdf = kehoach::pdf::render(&r, &kehoach::pdf::fonts::Fonts::liberation_serif()).unwrap();
    let base = commune
        .report_payload(&r, "2026-07-05T09:00:00+07:00")
        .unwrap();
    let t = Instant::now();
    let files: Vec<Vec<u8>> = (0..COMMUNES)
        .map(|i| {
            let mut p = base.clone();
            let u = unit(
                &format!("Ủy ban nhân dân xã Số {i}"),
                UnitKind::Xa,
                Some(district.id),
            );
            p.unit.id = u.id;
            p.unit.name = u.name;
            p.report.id = Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("r{i}").as_bytes());
            for v in &mut p.values {
                v.numerator = Some(400.0 + (i % 100) as f64);
                v.denominator = Some(500.0);
            }
            let file = kehoach::exchange::report_file(&pdf, &p).unwrap();
            sign_pdf(&file, &signer, &opts).unwrap().bytes
        })
        .collect();
    let generated = t.elapsed();

    // The district: trust the CA, import all, consolidate.
    let mut store = office(&dir.join("huyen.sqlite"), &district);
    store
        .trust_certificates(&der::Encode::to_der(&trust[0]).unwrap(), "ca.crt")
        .unwrap();
    let t = Instant::now();
    let mut per_file = Vec::with_capacity(COMMUNES);
    for (i, f) in files.iter().enumerate() {
        let one = Instant::now();
        let outcome = store
            .import_report_file(&format!("xa-{i}.pdf"), f, "2026-07-08T12:00:00+07:00", true)
            .unwrap();
        assert!(
            matches!(
                outcome,
                kehoach::exchange::decide::ImportOutcome::Accepted { .. }
            ),
            "{outcome:?}"
        );
        per_file.push(one.elapsed());
    }
    let imported = t.elapsed();
    let t2 = Instant::now();
    let c = store
        .consolidate(
            plan,
            &period,
            chrono::NaiveDate::from_ymd_opt(2026, 7, 20).unwrap(),
        )
        .unwrap();
    let consolidated = t2.elapsed();
    assert_eq!(c.completeness.reported, COMMUNES);
    let expected: f64 = (0..COMMUNES).map(|i| 400.0 + (i % 100) as f64).sum();
    assert_eq!(c.values[0].numerator, Some(expected));
    per_file.sort();
    println!(
        "{COMMUNES} signed files ({} KB each) generated in {:.1} s; import + verify {:.2} s (median {:.1} ms per file), consolidate {:.0} ms; total {:.2} s",
        files[0].len() / 1024,
        generated.as_secs_f64(),
        imported.as_secs_f64(),
        per_file[COMMUNES / 2].as_secs_f64() * 1e3,
        consolidated.as_secs_f64() * 1e3,
        (imported + consolidated).as_secs_f64()
    );
}
