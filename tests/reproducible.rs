//! Every job of the office runs on the clock it is given: with a fixed
//! clock, two offices doing the same work at different moments write the
//! same bytes (the report file, its data, the plan file, the signed file)
//! and date every stored change by that clock, never by the computer's.

mod common;

use std::time::Duration;

use chrono::{DateTime, FixedOffset, Timelike};
use kehoach::clock::{fixed, stamp};
use kehoach::sign::{P12Signer, SignOptions};
use kehoach::Office;

use common::*;

struct Outputs {
    report_file: Vec<u8>,
    payload: Vec<u8>,
    plan_file: Vec<u8>,
    signed: Vec<u8>,
}

/// The demo office's work for 2026-H1 at `at`: draft, finalise, the report
/// file and its data, the plan file, the signed report.
fn work(dir: &std::path::Path, at: DateTime<FixedOffset>, p12: &[u8]) -> (Office, Outputs) {
    let mut office = Office::create_demo(&dir.join("demo.sqlite"), fixed(at)).unwrap();
    let plan = office.only_plan().unwrap();
    let me = office.my_unit_id().unwrap();
    let period = kehoach::calendar::Period::parse("2026-H1").unwrap();
    let draft = office.draft_report(plan, me, &period, false).unwrap();
    let today = office.today();
    let report = office.finalize_report(draft.id, today).unwrap();
    let now = stamp(office.now());
    let report_file = office.report_file(&report, &now).unwrap();
    let payload = office.report_payload(&report, &now).unwrap().to_json();
    let plan_file = office.plan_file(plan, &now).unwrap();
    let key = P12Signer::open(p12, PASSWORD).unwrap();
    let (_, signed, _) = office
        .sign_report(report.id, &key, &SignOptions::at(office.now()))
        .unwrap();
    (
        office,
        Outputs {
            report_file,
            payload,
            plan_file,
            signed,
        },
    )
}

#[test]
fn the_same_work_on_a_fixed_clock_gives_the_same_bytes_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = std::fs::read(pki(dir.path(), "365")).unwrap();
    // A moment within the test certificate's validity, to the second.
    let at = now().with_nanosecond(0).unwrap() + chrono::Duration::hours(1);
    let (a_dir, b_dir) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&a_dir).unwrap();
    std::fs::create_dir_all(&b_dir).unwrap();
    let (office, a) = work(&a_dir, at, &p12);
    // The computer's clock moves on; the office's does not.
    std::thread::sleep(Duration::from_millis(1100));
    let (_, b) = work(&b_dir, at, &p12);
    assert!(a.report_file == b.report_file, "report files differ");
    assert!(a.payload == b.payload, "report data differ");
    assert!(a.plan_file == b.plan_file, "plan files differ");
    assert!(a.signed == b.signed, "signed files differ");
    // Every stored change carries the office's moment, and the report its day.
    let log = office.store().audit_log(None).unwrap();
    assert!(log.len() > 50, "{} entries", log.len());
    let moment = stamp(at);
    assert!(
        log.iter().all(|e| e.at == moment),
        "{:?}",
        log.iter().find(|e| e.at != moment)
    );
    let report = office
        .report(
            office.only_plan().unwrap(),
            office.my_unit_id().unwrap(),
            &kehoach::calendar::Period::parse("2026-H1").unwrap(),
        )
        .unwrap()
        .unwrap();
    assert_eq!(report.issued_on, Some(at.date_naive()));
    // The signature says the office's moment too.
    let checks = kehoach::verify::verify_pdf(&a.signed, &ca_certs(dir.path())).unwrap();
    assert!(checks[0].valid, "{checks:?}");
    let signed_at = checks[0].signed_at.clone().unwrap_or_default();
    assert!(
        signed_at.starts_with(&at.format("%Y-%m-%dT%H:%M:%S").to_string()),
        "{signed_at} vs {at}"
    );
}
