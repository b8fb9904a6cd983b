//! Deciding what to do with a received report file, as a pure function of
//! the file as checked and the facts gathered about it here (the plan
//! held, the sender, who signs for it, what was received before). The
//! office gathers the facts, calls [`decide`], then carries out the
//! [`Decision`] in one transaction (`office/exchange.rs`).

use serde::Serialize;
use uuid::Uuid;

use super::ReceivedReport;
use crate::calendar::Period;
use crate::model::Unit;
use crate::sign::cert::CertInfo;

/// What became of one received file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ImportOutcome {
    /// Stored; `signed` false means an unsigned draft.
    Accepted {
        unit: String,
        period: Period,
        version: u32,
        signed: bool,
        /// The file's signer, registered with it as signing for the unit
        /// (its first signed file).
        #[serde(skip_serializing_if = "Option::is_none")]
        signer_registered: Option<String>,
    },
    /// The same file was already stored: nothing changed.
    Duplicate { unit: String, period: Period },
    /// Stored, replacing an earlier version (kept in the history).
    Superseded {
        unit: String,
        period: Period,
        version: u32,
        previous: u32,
        signed: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        signer_registered: Option<String>,
    },
    /// Not stored, and why.
    Refused { reason: String },
    /// Not stored: the sender is not known by its id, but a unit of the same
    /// name is (typed in by hand before its first file). A person decides
    /// whether it is the same unit (`Office::link_sender_and_receive`).
    SameName { existing: Uuid, reason: String },
    /// Not stored: signed by someone not registered as signing for the
    /// unit, which has other signers. A person decides whether this is the
    /// unit's new signer (`Office::add_unit_signer_and_receive`).
    UnknownSigner {
        unit: String,
        signer: String,
        reason: String,
    },
}

impl ImportOutcome {
    /// One line for the officer.
    pub fn describe(&self) -> String {
        let draft = |signed: &bool| {
            if *signed {
                ""
            } else {
                " — CHƯA KÝ, chỉ là dự thảo"
            }
        };
        let registered = |who: &Option<String>| {
            who.as_ref()
                .map(|n| format!("; từ nay “{n}” được ghi nhận là người ký của đơn vị"))
                .unwrap_or_default()
        };
        match self {
            ImportOutcome::Accepted { unit, period, version, signed, signer_registered } => format!(
                "đã nhận: {unit}, kỳ {period}, phiên bản {version}{}{}",
                draft(signed),
                registered(signer_registered)
            ),
            ImportOutcome::Duplicate { unit, period } => {
                format!("đã có từ trước (không thay đổi gì): {unit}, kỳ {period}")
            }
            ImportOutcome::Superseded { unit, period, version, previous, signed, signer_registered } => format!(
                "đã nhận phiên bản {version} thay phiên bản {previous} (vẫn lưu bản cũ): {unit}, kỳ {period}{}{}",
                draft(signed),
                registered(signer_registered)
            ),
            ImportOutcome::Refused { reason }
            | ImportOutcome::SameName { reason, .. }
            | ImportOutcome::UnknownSigner { reason, .. } => format!("không nhận: {reason}"),
        }
    }
}

/// The stored submission a new file is compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub id: Uuid,
    pub version: u32,
    pub signed: bool,
}

/// A certificate registered as signing for a unit, as the rule needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Registered {
    pub unit_id: Uuid,
    pub fingerprint: String,
    pub name: String,
}

/// What the registry says of a file's signer.
#[derive(Debug, Clone, PartialEq)]
pub enum SignerVerdict {
    /// Registered for the unit.
    Known,
    /// The unit has none yet: this one is registered with the file.
    First,
    /// The unit has other signers: a person may add this one.
    Unregistered(String),
    Refused(String),
}

/// A name as compared across certificates and unit lists: no diacritics,
/// "Ủy ban nhân dân" as "UBND".
fn org_key(s: &str) -> String {
    crate::vn::fold(s)
        .replace("uy ban nhan dan", "ubnd")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `signer` may sign for `unit` (see the module's rules).
pub fn signer_verdict(
    unit: &Unit,
    signer: &CertInfo,
    registered: &[Registered],
    units: &[Unit],
) -> SignerVerdict {
    let registered_here: Vec<&Registered> =
        registered.iter().filter(|s| s.unit_id == unit.id).collect();
    if registered_here
        .iter()
        .any(|s| s.fingerprint == signer.fingerprint)
    {
        return SignerVerdict::Known;
    }
    if !registered_here.is_empty() {
        let names: Vec<String> = registered_here.iter().map(|s| s.name.clone()).collect();
        return SignerVerdict::Unregistered(format!(
            "tệp của “{}” được ký bởi “{}”{}, không phải người ký đã ghi nhận của đơn vị này ({}); nếu đơn vị có người ký mới, hãy ghi nhận người ký đó cho đơn vị rồi nhận lại tệp",
            unit.name,
            signer.name,
            signer
                .organisation
                .as_ref()
                .map(|o| format!(" ({o})"))
                .unwrap_or_default(),
            names.join(", ")
        ));
    }
    // A first file: its signer must not sign for another unit already,
    // nor belong (by the certificate's organisation) to another unit.
    if let Some(other) = registered
        .iter()
        .find(|s| s.unit_id != unit.id && s.fingerprint == signer.fingerprint)
    {
        let other_unit = units
            .iter()
            .find(|u| u.id == other.unit_id)
            .map(|u| u.name.as_str())
            .unwrap_or_default();
        return SignerVerdict::Refused(format!(
            "tệp của “{}” được ký bởi “{}”, người đã được ghi nhận là người ký của “{}”: một đơn vị không ký báo cáo thay đơn vị khác",
            unit.name, signer.name, other_unit
        ));
    }
    // A first file: its signer's organisation must not be another unit.
    if let Some(org) = &signer.organisation {
        let key = org_key(org);
        let sender = org_key(&unit.name);
        if key != sender && !sender.ends_with(&key) {
            if let Some(other) = units
                .iter()
                .find(|u| u.id != unit.id && org_key(&u.name) == key)
            {
                return SignerVerdict::Refused(format!(
                    "tệp của “{}” được ký bởi “{}”, người ký thuộc “{}”: một đơn vị không ký báo cáo thay đơn vị khác",
                    unit.name, signer.name, other.name
                ));
            }
        }
    }
    SignerVerdict::First
}

/// The plan a file names, as held here.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanHeld {
    pub start_year: i32,
    pub version: u32,
    pub content_hash: String,
    /// The file's (older) version and content are among the versions kept.
    pub older_version_known: bool,
}

/// Who the sender is here.
#[derive(Debug, Clone, PartialEq)]
pub enum Sender {
    /// A unit known by the sender's id.
    Known(Unit),
    /// Not known by its id; a unit of the same name is (typed in by hand).
    SameName(Unit),
    /// Not known at all.
    Unknown,
    /// A unit typed in by hand that the officer says is the sender: it
    /// takes the sender's id with this file.
    Linked { existing: Uuid, unit: Unit },
}

/// What the officer asked for with this file.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Asked {
    /// Add the sender to my units when it is not known.
    pub add_unknown_unit: bool,
    /// The signer is the unit's new signer: register it.
    pub add_signer: bool,
}

/// Everything known here about a file, gathered before deciding.
#[derive(Debug, Clone)]
pub struct Facts {
    pub me: Uuid,
    /// None: the plan is not here.
    pub plan: Option<PlanHeld>,
    pub sender: Sender,
    /// The certificates registered for the sender's unit; when it has none
    /// yet, those of every unit here (a first file's signer is checked
    /// against them).
    pub registered: Vec<Registered>,
    /// Every unit here, when `registered` is every unit's (a first file's
    /// signer's organisation is checked against them); else empty.
    pub units: Vec<Unit>,
    /// The same file (by hash) is stored.
    pub duplicate: bool,
    /// The current stored file of the same plan, unit and period.
    pub current: Option<Current>,
    /// The day the file arrives: a new unit is followed from it.
    pub received_on: Option<chrono::NaiveDate>,
}

/// What to store with a received file, all in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    /// A sender added to my units, followed from the day the file came.
    pub new_unit: Option<Unit>,
    /// A unit typed in by hand taking the sender's id.
    pub link: Option<Link>,
    /// The signer registered for the unit, and how ("first_file", "officer").
    pub register: Option<(CertInfo, &'static str)>,
    /// The stored file this one supersedes, and its version.
    pub replaces: Option<(Uuid, u32)>,
}

/// A unit typed in by hand that becomes the sender of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub existing: Uuid,
    pub existing_name: String,
    pub sender: Uuid,
    pub sender_name: String,
}

/// What becomes of a received file.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Not stored (refused, a duplicate, a person must decide): the outcome.
    Outcome(ImportOutcome),
    Store(Box<Receipt>),
}

fn refused(reason: String) -> Decision {
    Decision::Outcome(ImportOutcome::Refused { reason })
}

/// What to do with `received`, given the facts. Pure.
pub fn decide(received: &ReceivedReport, facts: &Facts, asked: Asked) -> Decision {
    let p = &received.payload;
    let Some(plan) = &facts.plan else {
        return refused(format!(
            "kế hoạch {} (phiên bản {}) chưa có ở đây: hãy nạp kế hoạch trước",
            p.plan.doc_number, p.plan.version
        ));
    };
    let known_version = if p.plan.version == plan.version {
        p.plan.content_hash == plan.content_hash
    } else if p.plan.version < plan.version {
        plan.older_version_known
    } else {
        return refused(format!(
            "tệp theo kế hoạch {} phiên bản {}, mới hơn phiên bản {} ở đây: hãy nạp kế hoạch mới trước",
            p.plan.doc_number, p.plan.version, plan.version
        ));
    };
    if !known_version {
        return refused(format!(
            "nội dung kế hoạch {} phiên bản {} trong tệp khác với bản ở đây",
            p.plan.doc_number, p.plan.version
        ));
    }
    let mut receipt = Receipt {
        new_unit: None,
        link: None,
        register: None,
        replaces: None,
    };
    let unit = match &facts.sender {
        Sender::Known(u) => u.clone(),
        Sender::Linked { existing, unit } => {
            receipt.link = Some(Link {
                existing: *existing,
                existing_name: unit.name.clone(),
                sender: p.unit.id,
                sender_name: p.unit.name.clone(),
            });
            unit.clone()
        }
        // Never a second unit of the same name: that needs a person.
        Sender::SameName(same) if asked.add_unknown_unit => {
            return Decision::Outcome(ImportOutcome::SameName {
                existing: same.id,
                reason: format!(
                    "đã có đơn vị “{}” nhưng với mã định danh khác với tệp: nếu đúng là một đơn vị, hãy gắn đơn vị có sẵn với tệp rồi nhận lại",
                    same.name
                ),
            })
        }
        Sender::Unknown if asked.add_unknown_unit => {
            let unit = Unit {
                id: p.unit.id,
                name: p.unit.name.clone(),
                short_name: String::new(),
                kind: p.unit.kind,
                admin_code: p.unit.admin_code.clone(),
                reports_to: Some(facts.me),
                valid_from: None,
                valid_to: None,
            };
            receipt.new_unit = Some(unit.clone());
            unit
        }
        Sender::SameName(_) | Sender::Unknown => {
            return refused(format!(
                "đơn vị “{}” chưa có trong danh sách đơn vị trực thuộc: nếu đúng là đơn vị trực thuộc, hãy nhận lại tệp và chọn thêm đơn vị gửi tệp chưa có trong danh sách",
                p.unit.name
            ))
        }
    };
    let (start, _) = p.period.data_range(plan.start_year);
    if let Some(to) = unit.valid_to.filter(|to| *to < start) {
        return refused(format!(
            "đơn vị “{}” đã thôi hoạt động từ sau ngày {} (sáp nhập hoặc giải thể): không nhận báo cáo kỳ {}",
            unit.name,
            to.format("%d/%m/%Y"),
            p.period
        ));
    }
    if unit.reports_to != Some(facts.me) {
        return refused(format!(
            "đơn vị “{}” không trực thuộc đơn vị của tôi",
            unit.name
        ));
    }
    // Signed by someone who signs for this unit (the first signature: the
    // report's own; later ones are seals and countersignatures).
    if let Some(cert) = received.signatures.first().and_then(|s| s.signer.as_ref()) {
        match signer_verdict(&unit, cert, &facts.registered, &facts.units) {
            SignerVerdict::Known => {}
            // The officer says this is the unit's new signer.
            _ if asked.add_signer => receipt.register = Some((cert.clone(), "officer")),
            SignerVerdict::First => receipt.register = Some((cert.clone(), "first_file")),
            SignerVerdict::Refused(reason) => return refused(reason),
            SignerVerdict::Unregistered(reason) => {
                return Decision::Outcome(ImportOutcome::UnknownSigner {
                    unit: unit.name,
                    signer: cert.name.clone(),
                    reason,
                })
            }
        }
    }
    match slot(
        p.report.version,
        received.is_signed(),
        facts.duplicate,
        facts.current.as_ref(),
    ) {
        Slot::Refuse(reason) => refused(reason),
        Slot::Duplicate => Decision::Outcome(ImportOutcome::Duplicate {
            unit: unit.name,
            period: p.period,
        }),
        Slot::Store { replaces } => {
            receipt.replaces = replaces;
            Decision::Store(Box::new(receipt))
        }
    }
}

/// Where a file goes among the unit's files of the period.
enum Slot {
    Refuse(String),
    Duplicate,
    Store { replaces: Option<(Uuid, u32)> },
}

/// What to do with a checked file of report `version` (`signed` or not),
/// given whether the same file is stored and the current stored version.
fn slot(version: u32, signed: bool, duplicate: bool, current: Option<&Current>) -> Slot {
    if duplicate {
        return Slot::Duplicate;
    }
    let Some(c) = current else {
        return Slot::Store { replaces: None };
    };
    if c.signed && !signed {
        return Slot::Refuse(format!(
            "đã nhận bản đã ký (phiên bản {}); tệp chưa ký chỉ là dự thảo, không thay được bản đã ký",
            c.version
        ));
    }
    if version > c.version || (version == c.version && !c.signed && signed) {
        return Slot::Store {
            replaces: Some((c.id, c.version)),
        };
    }
    if version < c.version {
        return Slot::Refuse(format!(
            "tệp là phiên bản {version}, cũ hơn phiên bản {} đã nhận",
            c.version
        ));
    }
    Slot::Refuse(format!(
        "đã nhận một tệp khác cùng phiên bản {}; đơn vị cần gửi phiên bản mới",
        c.version
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::exchange::payload::{PlanRef, ReportPayload, ReportRef, UnitRef};
    use crate::model::{ReportStatus, UnitKind};
    use crate::verify::SignatureCheck;

    const ME: Uuid = Uuid::from_u128(1);
    const SENDER: Uuid = Uuid::from_u128(2);
    const OTHER: Uuid = Uuid::from_u128(3);

    fn cert(name: &str, fingerprint: &str, org: Option<&str>) -> CertInfo {
        let t = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        CertInfo {
            name: name.into(),
            organisation: org.map(str::to_string),
            issuer: "CA".into(),
            serial: "01".into(),
            not_before: t,
            not_after: t,
            not_after_label: String::new(),
            fingerprint: fingerprint.into(),
            can_sign_documents: true,
        }
    }

    fn unit(id: Uuid, name: &str, reports_to: Option<Uuid>) -> Unit {
        Unit {
            reports_to,
            id,
            ..Unit::new(name, UnitKind::Xa)
        }
    }

    /// A signed (or not) 2026-H1 report of version `version` from SENDER.
    fn file(version: u32, signer: Option<CertInfo>) -> ReceivedReport {
        let payload = ReportPayload {
            format: crate::exchange::FORMAT.into(),
            format_version: 1,
            app_version: "test".into(),
            plan: PlanRef {
                id: Uuid::from_u128(9),
                doc_number: "38/KH-UBND".into(),
                version: 1,
                content_hash: "h1".into(),
            },
            unit: UnitRef {
                id: SENDER,
                name: "Ủy ban nhân dân xã A".into(),
                kind: UnitKind::Xa,
                admin_code: None,
                reports_to: Some(ME),
            },
            period: Period::parse("2026-H1").unwrap(),
            report: ReportRef {
                id: Uuid::from_u128(7),
                version,
                supersedes: None,
                status: ReportStatus::Signed,
                number: None,
                issued_on: None,
                summary: String::new(),
            },
            progress: Vec::new(),
            values: Vec::new(),
            sections: Vec::new(),
            created_at: String::new(),
            consolidated_from: Vec::new(),
        };
        let signatures = signer
            .map(|c| SignatureCheck {
                number: 1,
                signer: Some(c),
                signed_at: None,
                range_ok: true,
                covers_whole_file: true,
                signed_end: 0,
                intact: true,
                changed_after: None,
                trusted_by: Some("CA".into()),
                chain: Vec::new(),
                certificate_valid_at_signing: true,
                problems: Vec::new(),
                valid: true,
            })
            .into_iter()
            .collect();
        ReceivedReport {
            payload,
            signatures,
        }
    }

    fn facts() -> Facts {
        Facts {
            me: ME,
            plan: Some(PlanHeld {
                start_year: 2026,
                version: 1,
                content_hash: "h1".into(),
                older_version_known: false,
            }),
            sender: Sender::Known(unit(SENDER, "Ủy ban nhân dân xã A", Some(ME))),
            registered: Vec::new(),
            units: vec![
                unit(SENDER, "Ủy ban nhân dân xã A", Some(ME)),
                unit(OTHER, "Ủy ban nhân dân xã B", Some(ME)),
            ],
            duplicate: false,
            current: None,
            received_on: None,
        }
    }

    fn registered(unit_id: Uuid, fingerprint: &str) -> Registered {
        Registered {
            unit_id,
            fingerprint: fingerprint.into(),
            name: "Người ký".into(),
        }
    }

    /// What became of a file: the outcome's kind and a word of its reason,
    /// or what is stored with it.
    fn verdict(d: Decision) -> String {
        match d {
            Decision::Outcome(ImportOutcome::Refused { reason }) => format!("refused: {reason}"),
            Decision::Outcome(ImportOutcome::Duplicate { .. }) => "duplicate".into(),
            Decision::Outcome(ImportOutcome::SameName { .. }) => "same name".into(),
            Decision::Outcome(ImportOutcome::UnknownSigner { .. }) => "unknown signer".into(),
            Decision::Outcome(other) => format!("{other:?}"),
            Decision::Store(r) => format!(
                "store{}{}{}{}",
                if r.new_unit.is_some() { " +unit" } else { "" },
                if r.link.is_some() { " +link" } else { "" },
                r.register
                    .as_ref()
                    .map(|(_, how)| format!(" +signer({how})"))
                    .unwrap_or_default(),
                r.replaces
                    .map(|(_, v)| format!(" replaces v{v}"))
                    .unwrap_or_default(),
            ),
        }
    }

    #[test]
    fn the_received_file_decision_table() {
        let an = || Some(cert("Nguyễn Văn An", "AA", Some("UBND xã A")));
        let add = Asked {
            add_unknown_unit: true,
            add_signer: false,
        };
        let plain = Asked::default();
        let signer_add = Asked {
            add_unknown_unit: false,
            add_signer: true,
        };
        type Case = (&'static str, ReceivedReport, Facts, Asked, &'static str);
        let cases: Vec<Case> = vec![
            (
                "a first signed file",
                file(1, an()),
                facts(),
                plain,
                "store +signer(first_file)",
            ),
            ("an unsigned draft", file(1, None), facts(), plain, "store"),
            (
                "the plan is not here",
                file(1, an()),
                Facts {
                    plan: None,
                    ..facts()
                },
                plain,
                "refused: chưa có ở đây",
            ),
            (
                "the file's plan is newer",
                file(1, an()),
                Facts {
                    plan: Some(PlanHeld {
                        version: 0,
                        ..facts().plan.unwrap()
                    }),
                    ..facts()
                },
                plain,
                "refused: mới hơn",
            ),
            (
                "the plan's content differs",
                file(1, an()),
                Facts {
                    plan: Some(PlanHeld {
                        content_hash: "h2".into(),
                        ..facts().plan.unwrap()
                    }),
                    ..facts()
                },
                plain,
                "refused: khác với bản ở đây",
            ),
            (
                "an unknown sender",
                file(1, an()),
                Facts {
                    sender: Sender::Unknown,
                    ..facts()
                },
                plain,
                "refused: chọn thêm đơn vị gửi tệp",
            ),
            (
                "an unknown sender, added",
                file(1, an()),
                Facts {
                    sender: Sender::Unknown,
                    units: Vec::new(),
                    ..facts()
                },
                add,
                "store +unit +signer(first_file)",
            ),
            (
                "a sender known by name only",
                file(1, an()),
                Facts {
                    sender: Sender::SameName(unit(OTHER, "Ủy ban nhân dân xã A", Some(ME))),
                    ..facts()
                },
                add,
                "same name",
            ),
            (
                "a sender linked by the officer",
                file(1, an()),
                Facts {
                    sender: Sender::Linked {
                        existing: OTHER,
                        unit: unit(SENDER, "Ủy ban nhân dân xã A", Some(ME)),
                    },
                    ..facts()
                },
                plain,
                "store +link +signer(first_file)",
            ),
            (
                "not a unit of mine",
                file(1, an()),
                Facts {
                    sender: Sender::Known(unit(SENDER, "Ủy ban nhân dân xã A", Some(OTHER))),
                    ..facts()
                },
                plain,
                "refused: không trực thuộc",
            ),
            (
                "its registered signer",
                file(1, an()),
                Facts {
                    registered: vec![registered(SENDER, "AA")],
                    ..facts()
                },
                plain,
                "store",
            ),
            (
                "another signer of the unit",
                file(1, an()),
                Facts {
                    registered: vec![registered(SENDER, "BB")],
                    ..facts()
                },
                plain,
                "unknown signer",
            ),
            (
                "another signer, added by the officer",
                file(1, an()),
                Facts {
                    registered: vec![registered(SENDER, "BB")],
                    ..facts()
                },
                signer_add,
                "store +signer(officer)",
            ),
            (
                "a signer of another unit",
                file(1, an()),
                Facts {
                    registered: vec![registered(OTHER, "AA")],
                    ..facts()
                },
                plain,
                "refused: không ký báo cáo thay đơn vị khác",
            ),
            (
                "a signer from another unit's organisation",
                file(1, Some(cert("Trần Bình", "CC", Some("UBND xã B")))),
                facts(),
                plain,
                "refused: người ký thuộc",
            ),
            (
                "the same file again",
                file(1, an()),
                Facts {
                    duplicate: true,
                    registered: vec![registered(SENDER, "AA")],
                    ..facts()
                },
                plain,
                "duplicate",
            ),
            (
                "a newer version",
                file(2, an()),
                Facts {
                    current: Some(Current {
                        id: Uuid::nil(),
                        version: 1,
                        signed: true,
                    }),
                    registered: vec![registered(SENDER, "AA")],
                    ..facts()
                },
                plain,
                "store replaces v1",
            ),
            (
                "a draft after a signed file",
                file(2, None),
                Facts {
                    current: Some(Current {
                        id: Uuid::nil(),
                        version: 1,
                        signed: true,
                    }),
                    ..facts()
                },
                plain,
                "refused: không thay được bản đã ký",
            ),
        ];
        for (what, received, facts, asked, expected) in cases {
            let got = verdict(decide(&received, &facts, asked));
            assert!(
                got == expected
                    || (expected.starts_with("refused: ")
                        && got.starts_with("refused: ")
                        && got.contains(&expected["refused: ".len()..])),
                "{what}: expected {expected}, got {got}"
            );
        }
    }

    fn cur(version: u32, signed: bool) -> Current {
        Current {
            id: Uuid::nil(),
            version,
            signed,
        }
    }

    fn refused(d: Slot, needle: &str) -> bool {
        matches!(d, Slot::Refuse(r) if r.contains(needle))
    }

    #[test]
    fn newer_supersedes_older_is_refused_and_drafts_never_replace_signed() {
        assert!(matches!(slot(1, true, true, None), Slot::Duplicate));
        assert!(matches!(
            slot(1, true, false, None),
            Slot::Store { replaces: None }
        ));
        assert!(matches!(
            slot(1, false, false, None),
            Slot::Store { replaces: None }
        ));
        assert!(matches!(
            slot(2, true, false, Some(&cur(1, true))),
            Slot::Store {
                replaces: Some((_, 1))
            }
        ));
        assert!(refused(
            slot(1, true, false, Some(&cur(2, true))),
            "cũ hơn phiên bản 2"
        ));
        assert!(refused(
            slot(2, false, false, Some(&cur(1, true))),
            "tệp chưa ký chỉ là dự thảo"
        ));
        assert!(matches!(
            slot(1, true, false, Some(&cur(1, false))),
            Slot::Store {
                replaces: Some((_, 1))
            }
        ));
        assert!(refused(
            slot(1, true, false, Some(&cur(1, true))),
            "cùng phiên bản 1"
        ));
        assert!(matches!(
            slot(2, false, false, Some(&cur(1, false))),
            Slot::Store {
                replaces: Some((_, 1))
            }
        ));
    }
}
