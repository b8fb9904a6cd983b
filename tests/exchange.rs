//! The report file is the exchange file: the data embedded before signing
//! comes back out identical, covered by the signature; anything else is
//! refused with its reason.

mod common;

use common::*;
use kehoach::calendar::Period;
use kehoach::exchange::{read_report_file, report_file, ExchangeError};
use kehoach::sign::{sign_pdf, P12Signer, SignOptions};
use lopdf::dictionary;

struct Fixture {
    _dir: tempfile::TempDir,
    trust: Vec<x509_cert::Certificate>,
    payload: kehoach::exchange::ReportPayload,
    unsigned: Vec<u8>,
    signed: Vec<u8>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let signer =
        P12Signer::open(&std::fs::read(pki(dir.path(), "365")).unwrap(), PASSWORD).unwrap();
    let trust = ca_certs(dir.path());
    let mut store =
        kehoach::Office::create_demo(&dir.path().join("d.sqlite"), kehoach::clock::system())
            .unwrap();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    let p = Period::parse("2026-H1").unwrap();
    let r = store.draft_report(plan, me, &p, false).unwrap();
    let r = store
        .finalize_report(r.id, chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap())
        .unwrap();
    let payload = store
        .report_payload(&r, "2026-07-05T09:00:00+07:00")
        .unwrap();
    let pdf = kehoach::pdf::render(&r, &kehoach::pdf::fonts::Fonts::liberation_serif()).unwrap();
    let unsigned = report_file(&pdf, &payload).unwrap();
    let signed = sign_pdf(&unsigned, &signer, &SignOptions::at(now()))
        .unwrap()
        .bytes;
    Fixture {
        _dir: dir,
        trust,
        payload,
        unsigned,
        signed,
    }
}

#[test]
fn the_embedded_data_comes_back_identical_and_signed() {
    let f = fixture();
    assert!(!f.payload.progress.is_empty() && !f.payload.values.is_empty());
    let ratio = f.payload.values.iter().find(|v| v.denominator.is_some());
    assert!(
        ratio.is_some(),
        "ratios travel as numerator and denominator: {:?}",
        f.payload.values
    );
    let got = read_report_file(&f.signed, &f.trust).unwrap();
    assert_eq!(got.payload, f.payload);
    assert!(got.is_signed());
    assert!(got.signatures.iter().all(|s| s.valid));
    // pdfdetach (poppler) sees the attachment as any reader would.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bc.pdf");
    std::fs::write(&path, &f.signed).unwrap();
    let out = std::process::Command::new("pdfdetach")
        .arg("-list")
        .arg(&path)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("kehoach-report.json"));
    qpdf_check(&path);
    // Unsigned: readable, and said to be unsigned (a draft for the importer).
    let got = read_report_file(&f.unsigned, &f.trust).unwrap();
    assert!(!got.is_signed());
    assert_eq!(got.payload, f.payload);
}

#[test]
fn tampered_foreign_truncated_and_oversized_files_are_refused_with_the_reason() {
    let f = fixture();
    // One byte changed inside the signed part.
    let mut t = f.signed.clone();
    let i = t.len() / 2;
    t[i] ^= 0x04;
    assert!(matches!(
        read_report_file(&t, &f.trust),
        Err(ExchangeError::InvalidSignature { .. })
    ));
    // Another report's data put in after signing: an update that swaps
    // the attachment (what a data swap between two signed files amounts to).
    let mut other = f.payload.clone();
    other
        .values
        .iter_mut()
        .for_each(|v| v.numerator = v.numerator.map(|n| n + 100.0));
    let swapped = {
        let doc = lopdf::Document::load_mem(&f.signed).unwrap();
        let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
        let mut inc = lopdf::IncrementalDocument::create_from(f.signed.clone(), doc);
        let data = lopdf::Stream::new(lopdf::Dictionary::new(), other.to_json());
        let file = inc.new_document.add_object(data);
        let spec = inc.new_document.add_object(dictionary! {
            "Type" => "Filespec", "F" => lopdf::Object::string_literal("kehoach-report.json"),
            "EF" => dictionary! { "F" => file },
        });
        inc.opt_clone_object_to_new_document(root).unwrap();
        inc.new_document.get_dictionary_mut(root).unwrap().set(
            "Names",
            dictionary! { "EmbeddedFiles" => dictionary! {
                "Names" => vec![lopdf::Object::string_literal("kehoach-report.json"), spec.into()],
            }},
        );
        let mut out = Vec::new();
        inc.save_to(&mut out).unwrap();
        out
    };
    let err = read_report_file(&swapped, &f.trust).unwrap_err();
    assert!(
        matches!(
            err,
            ExchangeError::InvalidSignature { .. } | ExchangeError::DataNotSigned
        ),
        "{err}"
    );
    // A PDF from another program: no data.
    let plain = kehoach::pdf::render(
        &sample_report(),
        &kehoach::pdf::fonts::Fonts::liberation_serif(),
    )
    .unwrap();
    assert!(matches!(
        read_report_file(&plain, &f.trust),
        Err(ExchangeError::NoData)
    ));
    // Truncated.
    let cut = &f.signed[..f.signed.len() * 2 / 3];
    assert!(read_report_file(cut, &f.trust).is_err());
    // Not a PDF; too large.
    assert!(matches!(
        read_report_file(b"PK\x03\x04", &f.trust),
        Err(ExchangeError::NotPdf)
    ));
    let huge = vec![b' '; 200 * 1024 * 1024];
    assert!(matches!(
        read_report_file(&huge, &f.trust),
        Err(ExchangeError::TooLarge(_))
    ));
    // Signed by a CA we do not trust.
    assert!(matches!(
        read_report_file(&f.signed, &[]),
        Err(ExchangeError::InvalidSignature { .. })
    ));
}

fn sample_report() -> kehoach::model::Report {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        kehoach::Office::create_demo(&dir.path().join("s.sqlite"), kehoach::clock::system())
            .unwrap();
    let plan = store.only_plan().unwrap();
    let me = store.my_unit_id().unwrap();
    store
        .draft_report(plan, me, &Period::parse("2025-H2").unwrap(), false)
        .unwrap()
}

/// Checks `v` against the subset of JSON Schema that
/// docs/exchange-report.schema.json uses (type, required, properties,
/// items, enum, const, pattern), so the documented format cannot drift from
/// what the program writes.
fn conforms(v: &serde_json::Value, schema: &serde_json::Value, at: &str) -> Result<(), String> {
    use serde_json::Value;
    if let Some(c) = schema.get("const") {
        if v != c {
            return Err(format!("{at}: {v} != {c}"));
        }
    }
    if let Some(Value::Array(options)) = schema.get("enum") {
        if !options.contains(v) {
            return Err(format!("{at}: {v} not in {options:?}"));
        }
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => false,
        });
        if !ok {
            return Err(format!("{at}: {v} is not {types:?}"));
        }
    }
    if let (Some(Value::String(p)), Some(s)) = (schema.get("pattern"), v.as_str()) {
        if !regex::Regex::new(p).unwrap().is_match(s) {
            return Err(format!("{at}: {s} does not match {p}"));
        }
    }
    if let Some(Value::Array(req)) = schema.get("required") {
        for r in req.iter().filter_map(|r| r.as_str()) {
            if v.get(r).is_none() {
                return Err(format!("{at}: missing {r}"));
            }
        }
    }
    if let (Some(Value::Object(props)), Some(obj)) = (schema.get("properties"), v.as_object()) {
        for (k, sub) in props {
            if let Some(x) = obj.get(k) {
                conforms(x, sub, &format!("{at}.{k}"))?;
            }
        }
        for k in obj.keys() {
            if !props.contains_key(k) {
                return Err(format!("{at}: {k} is not documented in the schema"));
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            conforms(x, items, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn the_payload_conforms_to_the_documented_schema() {
    let f = fixture();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/exchange-report.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&f.payload.to_json()).unwrap();
    conforms(&v, &schema, "$").unwrap();
    // The checker itself refuses what it should.
    let mut bad = v.clone();
    bad["values"][0]["numerator"] = serde_json::json!("5010");
    assert!(conforms(&bad, &schema, "$").is_err());
    let mut newer = v.clone();
    newer["format_version"] = serde_json::json!(2);
    let err =
        kehoach::exchange::ReportPayload::from_json(newer.to_string().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("hãy cập nhật kehoach"), "{err}");
}

#[test]
fn a_signed_plan_file_is_written_once_and_read_by_the_level_below() {
    let dir = tempfile::tempdir().unwrap();
    let signer =
        P12Signer::open(&std::fs::read(pki(dir.path(), "365")).unwrap(), PASSWORD).unwrap();
    let store =
        kehoach::Office::create_demo(&dir.path().join("d.sqlite"), kehoach::clock::system())
            .unwrap();
    let plan = store.only_plan().unwrap();
    let name = store.plan_file_name(plan).unwrap();
    assert_eq!(name, "ke-hoach-38-kh-ubnd.pdf");
    let path = dir.path().join(&name);
    let opts = SignOptions::at(now());
    store
        .export_signed_plan_to(plan, &signer, &opts, &path)
        .unwrap();
    // Never over a file.
    let before = std::fs::read(&path).unwrap();
    let again = store.export_signed_plan_to(plan, &signer, &opts, &path);
    assert!(again.unwrap_err().to_string().contains("đã tồn tại"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // The signature holds against the CA; a commune reads the same plan.
    let checks = kehoach::verify::verify_pdf(&before, &ca_certs(dir.path())).unwrap();
    assert!(checks.len() == 1 && checks[0].valid, "{checks:?}");
    let mut commune = kehoach::Office::create(
        &dir.path().join("xa.sqlite"),
        &kehoach::model::Unit::new("Ủy ban nhân dân xã Vũ Phúc", kehoach::model::UnitKind::Xa),
        "Cán bộ",
        kehoach::clock::system(),
    )
    .unwrap();
    // Refused until the commune trusts the CA that issued the signer's certificate.
    let refused = kehoach::office::read_plan(Some(&commune), &before).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("không nằm trong danh sách nơi cấp tin cậy"),
        "{refused}"
    );
    commune
        .trust_certificates(&std::fs::read(dir.path().join("ca.crt")).unwrap(), "ca.crt")
        .unwrap();
    let (read, signed) = kehoach::office::read_plan(Some(&commune), &before).unwrap();
    assert_eq!(signed, Some(true));
    let stored = store.plan_document(plan).unwrap();
    assert_eq!(read.document.plan.doc_number, stored.plan.doc_number);
    assert_eq!(read.document.tasks.len(), stored.tasks.len());
}
