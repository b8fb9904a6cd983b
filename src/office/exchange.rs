//! Files between levels: what a report file carries (the report as
//! signed and the raw data behind it, gathered from the store), and the
//! files received from the units below: gathered, decided
//! (`exchange::decide`, pure), then stored in one transaction, a new
//! sender, a linked unit or a newly registered signer included.

use crate::exchange::payload::{
    PlanRef, ProgressEntry, ReportPayload, ReportRef, SourceFile, UnitRef, ValueEntry, FORMAT,
    FORMAT_VERSION,
};
use crate::model::Report;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Office;
use crate::calendar::{due_date, DueRule, Period};
use crate::exchange::decide::{
    self, Asked, Decision, Facts, ImportOutcome, PlanHeld, Receipt, Sender,
};
use crate::exchange::{read_report_file, ReceivedReport};
use crate::model::{ReportKind, Unit};
use crate::store::{self, Result, StoreError, UnitSigner};
use crate::store::{DueItem, DueScope};

impl Office {
    /// When received files arrive: now, or noon of a given day (`--today`,
    /// so runs can be reproduced), RFC 3339 with the office's offset.
    pub fn received_at(&self, today: Option<chrono::NaiveDate>) -> String {
        match today {
            Some(d) => format!("{}T12:00:00+07:00", d.format("%Y-%m-%d")),
            None => crate::clock::stamp(self.now()),
        }
    }
}

impl Office {
    /// The embedded data of `report`'s file; `created_at` is the officer's
    /// clock, passed in.
    pub fn report_payload(&self, report: &Report, created_at: &str) -> Result<ReportPayload> {
        let plan = self.plan(report.plan_id)?;
        let unit = self.unit(report.unit_id)?;
        let progress = self
            .progress(plan.id, unit.id, &report.period)?
            .into_iter()
            .map(|(code, p)| ProgressEntry {
                task_id: p.task_id,
                task_code: code,
                status: p.status,
                reason: p.reason,
                narrative: p.narrative,
                difficulties: p.difficulties,
                proposals: p.proposals,
                budget_used: p.budget_used,
            })
            .collect();
        let values = self
            .report_values(plan.id, unit.id, &report.period)?
            .into_iter()
            .filter_map(|v| {
                let ind = v.indicator;
                v.value.map(|x| ValueEntry {
                    indicator_id: ind.id,
                    indicator_name: ind.name,
                    aggregation: ind.aggregation,
                    value: x.value,
                    numerator: x.numerator,
                    denominator: x.denominator,
                    yes: x.yes,
                    text: x.text,
                    note: x.note,
                })
            })
            .collect();
        let consolidated_from = if unit.id == self.my_unit_id()? {
            self.current_payloads(plan.id, &report.period)?
                .into_iter()
                .filter(|(s, _)| s.signed)
                .map(|(s, p)| SourceFile {
                    unit_id: s.unit_id,
                    unit_name: p.unit.name,
                    report_version: s.report_version,
                    file_hash: s.file_hash,
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(ReportPayload {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            plan: PlanRef {
                id: plan.id,
                doc_number: plan.doc_number.clone(),
                version: plan.version,
                content_hash: plan.content_hash.clone(),
            },
            unit: UnitRef {
                id: unit.id,
                name: unit.name.clone(),
                kind: unit.kind,
                admin_code: unit.admin_code.clone(),
                reports_to: unit.reports_to,
            },
            period: report.period,
            report: ReportRef {
                id: report.id,
                version: report.version,
                supersedes: report.supersedes,
                status: report.status,
                number: report.number.map(|_| {
                    report
                        .doc_number()
                        .trim_start_matches("Số:")
                        .trim()
                        .to_string()
                }),
                issued_on: report.issued_on,
                summary: report.summary.clone(),
            },
            progress,
            values,
            sections: report.sections.clone(),
            created_at: created_at.into(),
            consolidated_from,
        })
    }
}

impl Office {
    /// Receives one report file: checks it (signatures against the trusted
    /// CAs, embedded data, plan, sender, signer), then stores it or says
    /// why not. Bad files are outcomes, not errors; an error is the store
    /// failing.
    pub fn import_report_file(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        received_at: &str,
        add_unknown_unit: bool,
    ) -> Result<ImportOutcome> {
        let asked = Asked {
            add_unknown_unit,
            add_signer: false,
        };
        self.receive(file_name, bytes, received_at, asked, None)
    }

    /// The officer says `existing`, a unit typed in by hand, is the sender
    /// of a file refused as [`ImportOutcome::SameName`]: the unit takes the
    /// sender's id and the file is received, in one transaction.
    pub fn link_sender_and_receive(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        received_at: &str,
        existing: Uuid,
    ) -> Result<ImportOutcome> {
        self.receive(
            file_name,
            bytes,
            received_at,
            Asked::default(),
            Some(existing),
        )
    }

    /// The officer says the signer of a file refused as
    /// [`ImportOutcome::UnknownSigner`] is the unit's new signer: registered
    /// and the file received, in one transaction.
    pub fn add_unit_signer_and_receive(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        received_at: &str,
    ) -> Result<ImportOutcome> {
        let received = self.read_checked(bytes, "Người ký của đơn vị")?;
        self.check_new_signer(&received)?;
        let asked = Asked {
            add_unknown_unit: false,
            add_signer: true,
        };
        self.receive(file_name, bytes, received_at, asked, None)
    }

    /// Links `existing` (by default the unit of the sender's name), typed in
    /// by hand, to the sender of a report file refused as
    /// [`ImportOutcome::SameName`] (see [`Office::link_unit`]); the file can
    /// then be received.
    pub fn link_sender(&mut self, bytes: &[u8], existing: Option<Uuid>) -> Result<Unit> {
        let received = self.read_checked(bytes, "Tệp báo cáo")?;
        let sender = &received.payload.unit;
        let existing = match existing {
            Some(id) => id,
            None => {
                self.unit_named(&sender.name)?
                    .ok_or(StoreError::NotFoundItem {
                        what: "đơn vị cùng tên với đơn vị gửi tệp",
                        query: sender.name.clone(),
                    })?
                    .id
            }
        };
        self.link_unit(existing, sender.id, &sender.name)
    }

    /// The officer registers the signer of `bytes` (a report file of a unit
    /// below mine, its signatures checked) as signing for that unit.
    pub fn add_unit_signer_from_file(&mut self, bytes: &[u8]) -> Result<UnitSigner> {
        let received = self.read_checked(bytes, "Người ký của đơn vị")?;
        let (unit, signer) = self.check_new_signer(&received)?;
        self.write(|tx| {
            store::unit_signers::register_in(tx, unit.id, &signer, "officer", tx.at())
        })?;
        Ok(self
            .unit_signers(Some(unit.id))?
            .into_iter()
            .find(|s| s.fingerprint == signer.fingerprint)
            .expect("just registered"))
    }

    /// Stops counting a signer's files as `unit`'s (files already received
    /// stay as they came). `fingerprint` may be its first digits.
    pub fn remove_unit_signer(&mut self, unit: Uuid, fingerprint: &str) -> Result<UnitSigner> {
        let wanted = fingerprint.trim().to_lowercase();
        let found: Vec<UnitSigner> = self
            .unit_signers(Some(unit))?
            .into_iter()
            .filter(|s| !wanted.is_empty() && s.fingerprint.starts_with(&wanted))
            .collect();
        let [one] = found.as_slice() else {
            return Err(StoreError::NotFoundItem {
                what: "người ký đã ghi nhận",
                query: fingerprint.to_string(),
            });
        };
        let one = one.clone();
        self.write(|tx| store::unit_signers::remove_in(tx, &one))?;
        Ok(one)
    }

    /// A report file read and its signatures checked, or why not (`field`
    /// names what the officer was doing).
    fn read_checked(&self, bytes: &[u8], field: &'static str) -> Result<ReceivedReport> {
        let trust = self.trusted_certificates()?;
        read_report_file(bytes, &trust).map_err(|e| StoreError::Invalid {
            field,
            message: e.to_string(),
        })
    }

    /// The unit and the signer of a file the officer registers a signer
    /// from: signed, from a unit here, by someone not registered yet.
    fn check_new_signer(
        &self,
        received: &ReceivedReport,
    ) -> Result<(Unit, crate::sign::cert::CertInfo)> {
        let invalid = |message: String| StoreError::Invalid {
            field: "Người ký của đơn vị",
            message,
        };
        let signer = received
            .signatures
            .first()
            .and_then(|s| s.signer.clone())
            .ok_or_else(|| invalid("tệp chưa được ký số: không có người ký để ghi nhận.".into()))?;
        let unit = self.unit(received.payload.unit.id)?;
        if self
            .unit_signers(Some(unit.id))?
            .iter()
            .any(|s| s.fingerprint == signer.fingerprint)
        {
            return Err(invalid(format!(
                "“{}” đã được ghi nhận là người ký của “{}”.",
                signer.name, unit.name
            )));
        }
        Ok((unit, signer))
    }

    /// Gathers the facts about a file, decides, and stores what the
    /// decision says in one transaction.
    fn receive(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        received_at: &str,
        asked: Asked,
        link_to: Option<Uuid>,
    ) -> Result<ImportOutcome> {
        let trust = self.trusted_certificates()?;
        let received = match read_report_file(bytes, &trust) {
            Ok(r) => r,
            Err(e) => {
                return Ok(ImportOutcome::Refused {
                    reason: e.to_string(),
                })
            }
        };
        let hash = crate::sign::cert::hex(&Sha256::digest(bytes));
        let facts = self.gather(&received, &hash, received_at, link_to)?;
        let receipt = match decide::decide(&received, &facts, asked) {
            Decision::Outcome(outcome) => return Ok(outcome),
            Decision::Store(receipt) => *receipt,
        };
        let p = &received.payload;
        let first = received.signatures.first();
        let new = store::submissions::NewSubmission {
            id: Uuid::new_v5(&Uuid::NAMESPACE_OID, hash.as_bytes()),
            hash: &hash,
            payload: p,
            signed: received.is_signed(),
            signer: first
                .and_then(|s| s.signer.as_ref())
                .map(|c| c.name.clone()),
            signed_at: first.and_then(|s| s.signed_at.clone()),
            received_at,
            file_name,
            bytes,
        };
        let stored = self.write(|tx| store_receipt(tx, &receipt, &new, facts.received_on));
        match stored {
            Ok(()) => {}
            // A sender that cannot be added (its place in the tree): said.
            Err(StoreError::Invalid { message, .. }) if receipt.new_unit.is_some() => {
                return Ok(ImportOutcome::Refused { reason: message })
            }
            Err(e) => return Err(e),
        }
        let signer_registered = receipt.register.map(|(c, _)| c.name);
        Ok(match receipt.replaces {
            None => ImportOutcome::Accepted {
                unit: p.unit.name.clone(),
                period: p.period,
                version: p.report.version,
                signed: new.signed,
                signer_registered,
            },
            Some((_, previous)) => ImportOutcome::Superseded {
                unit: p.unit.name.clone(),
                period: p.period,
                version: p.report.version,
                previous,
                signed: new.signed,
                signer_registered,
            },
        })
    }

    /// What is known here about a received file (reads only).
    fn gather(
        &self,
        received: &ReceivedReport,
        hash: &str,
        received_at: &str,
        link_to: Option<Uuid>,
    ) -> Result<Facts> {
        let p = &received.payload;
        let plan = match self.plan(p.plan.id) {
            Ok(plan) => Some(PlanHeld {
                start_year: plan.start_year,
                version: plan.version,
                content_hash: plan.content_hash.clone(),
                older_version_known: p.plan.version < plan.version
                    && self.store.plan_version_kept(
                        plan.id,
                        p.plan.version,
                        &p.plan.content_hash,
                    )?,
            }),
            Err(StoreError::NotFoundItem { .. }) => None,
            Err(e) => return Err(e),
        };
        let sender = match link_to {
            Some(existing) => {
                let unit = self.check_link(existing, p.unit.id, &p.unit.name)?;
                Sender::Linked { existing, unit }
            }
            None => match self.unit(p.unit.id) {
                Ok(u) => Sender::Known(u),
                Err(StoreError::NotFoundItem { .. }) => match self.unit_named(&p.unit.name)? {
                    Some(same) => Sender::SameName(same),
                    None => Sender::Unknown,
                },
                Err(e) => return Err(e),
            },
        };
        // The signers of the sender decide most files; every unit and every
        // signer are read only for a signed file whose unit has none yet
        // (a first file is checked against the other units), so receiving
        // thousands of files does not read the whole registry each time.
        let own = match &sender {
            Sender::Known(u) | Sender::Linked { unit: u, .. } => {
                self.store.registered_signers(Some(u.id))?
            }
            Sender::SameName(_) | Sender::Unknown => Vec::new(),
        };
        let (registered, units) = if own.is_empty() && received.is_signed() {
            (self.store.registered_signers(None)?, self.units()?)
        } else {
            (own, Vec::new())
        };
        Ok(Facts {
            me: self.my_unit_id()?,
            plan,
            sender,
            registered,
            units,
            duplicate: self.store.has_submission_file(hash)?,
            current: self
                .store
                .current_submission(p.plan.id, p.unit.id, &p.period)?,
            received_on: store::received_on(received_at),
        })
    }
}

/// Carries out a receipt inside `tx`: the sender added or linked, its
/// signer registered, the file stored superseding the one it replaces.
fn store_receipt(
    tx: &store::Tx,
    receipt: &Receipt,
    new: &store::submissions::NewSubmission,
    received_on: Option<chrono::NaiveDate>,
) -> Result<()> {
    if let Some(unit) = &receipt.new_unit {
        // Followed from the day its first file came (as a unit the officer
        // adds): earlier reports were not asked of it here.
        match received_on {
            Some(day) => store::units::insert_unit_tracked(tx, unit, day)?,
            None => store::units::insert_unit(tx, unit)?,
        };
    }
    if let Some(l) = &receipt.link {
        store::units::relink_in(tx, l.existing, &l.existing_name, l.sender, &l.sender_name)?;
    }
    if let Some((cert, how)) = &receipt.register {
        store::unit_signers::register_in(tx, new.payload.unit.id, cert, how, new.received_at)?;
    }
    store::submissions::insert_submission(tx, new, receipt.replaces.map(|(id, _)| id))
}

impl Office {
    /// Sets a due date for a unit's reports, or for those of the units under it.
    pub fn set_due(
        &mut self,
        plan: Uuid,
        scope: DueScope,
        kind: ReportKind,
        rule: DueRule,
    ) -> Result<()> {
        self.plan(plan)?;
        if !(1..=12).contains(&rule.month) || !(1..=31).contains(&rule.day) {
            return Err(StoreError::Invalid {
                field: "Hạn báo cáo",
                message: format!("ngày {}/{} không hợp lệ.", rule.day, rule.month),
            });
        }
        let (scope_code, unit) = match scope {
            DueScope::Unit(u) => ("unit", u),
            DueScope::ChildrenOf(u) => ("children", u),
        };
        self.unit(unit)?;
        self.write(|tx| store::progress::set_due_in(tx, plan, scope_code, unit, kind, rule))
    }

    /// The due rule for `unit`'s reports of `kind`: its own setting, else its
    /// parent's setting for the units under it, else the plan's schedule.
    pub fn due_rule(&self, plan: Uuid, unit: Uuid, kind: ReportKind) -> Result<Option<DueRule>> {
        let get = |scope: &str, u: Uuid| self.store.due_setting(plan, scope, u, kind);
        if let Some(r) = get("unit", unit)? {
            return Ok(Some(r));
        }
        if let Some(parent) = self.unit(unit)?.reports_to {
            if let Some(r) = get("children", parent)? {
                return Ok(Some(r));
            }
        }
        // The plan's own rule: the one whose "đơn vị báo cáo" names this
        // unit or its kind ("UBND các xã, phường báo cáo … trước ngày 05/7"),
        // else the first of the kind.
        let rules: Vec<_> = self
            .schedule(plan)?
            .into_iter()
            .filter(|r| r.kind == kind && DueRule::from_schedule(r).is_some())
            .collect();
        let me = self.unit(unit)?;
        let names_me = |reporter: &str| {
            use crate::plan_import::units::{name_key, split_units, UnitMention};
            split_units(reporter).iter().any(|m| match m {
                UnitMention::One(name) => {
                    name_key(name) == name_key(&me.name)
                        || (!me.short_name.is_empty() && name_key(name) == name_key(&me.short_name))
                }
                UnitMention::Group { kinds, .. } => kinds.contains(&me.kind),
            })
        };
        let rule = rules
            .iter()
            .find(|r| r.reporter.as_deref().is_some_and(names_me))
            .or(rules.first());
        Ok(rule.and_then(DueRule::from_schedule))
    }

    /// What `unit` has to report, soon or late, as of `today`: for each plan
    /// and each kind of report with a due date, the last period whose data
    /// have closed and the next one.
    pub fn due(&self, unit: Uuid, today: NaiveDate) -> Result<Vec<DueItem>> {
        let mut out = Vec::new();
        for p in self.plans()? {
            let plan = self.plan(p.id)?;
            for (kind, pkind) in [
                (ReportKind::Month, crate::calendar::PeriodKind::Month),
                (ReportKind::Quarter, crate::calendar::PeriodKind::Quarter),
                (ReportKind::SixMonths, crate::calendar::PeriodKind::Half),
                (ReportKind::Year, crate::calendar::PeriodKind::Year),
            ] {
                let Some(rule) = self.due_rule(plan.id, unit, kind)? else {
                    continue;
                };
                // A plan that is over is looked at as of its last day.
                let (_, plan_end) =
                    crate::calendar::plan_data_range(plan.start_year, plan.end_year);
                let current = Period::containing(today.min(plan_end), pkind);
                for period in [current.previous().expect("regular"), current] {
                    if !crate::calendar::plan_covers(&period, plan.start_year, plan.end_year) {
                        continue;
                    }
                    let Some(due) = due_date(&period, rule) else {
                        continue;
                    };
                    let reported = self.store.lock_of(plan.id, unit, &period)?.is_some();
                    let days_left = (due - today).num_days();
                    if reported && days_left < 0 {
                        continue;
                    }
                    out.push(DueItem {
                        plan_id: plan.id,
                        doc_number: plan.doc_number.clone(),
                        unit_id: unit,
                        period,
                        label: period.label(),
                        due,
                        days_left,
                        reported,
                    });
                }
            }
        }
        out.sort_by_key(|d| d.due);
        Ok(out)
    }
}
