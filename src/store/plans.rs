use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};
use uuid::Uuid;

use super::{audit, tasks, units, Result, Store, StoreError};
use crate::model::{
    Aggregation, Direction, Indicator, Phase, Plan, PlanDocument, PlanSection, PlanSummary,
    ReportKind, ScheduleRule, SectionKind,
};
use crate::vn;

const PLAN_COLUMNS: &str = "id, doc_number, issued_on, issuer, place, signer_name, signer_title, \
     title, start_year, end_year, version, content_hash, source_text";

fn plan_from_row(r: &Row) -> rusqlite::Result<Plan> {
    Ok(Plan {
        id: r.get(0)?,
        doc_number: r.get(1)?,
        issued_on: r.get::<_, NaiveDate>(2)?,
        issuer: r.get(3)?,
        place: r.get(4)?,
        signer_name: r.get(5)?,
        signer_title: r.get(6)?,
        title: r.get(7)?,
        start_year: r.get(8)?,
        end_year: r.get(9)?,
        phases: Vec::new(),
        version: r.get(10)?,
        content_hash: r.get(11)?,
        source_text: r.get(12)?,
    })
}

fn span(start: Option<i64>, end: Option<i64>) -> Option<(usize, usize)> {
    start.zip(end).map(|(a, b)| (a as usize, b as usize))
}

/// NFC and trims every text of the document, then checks that it hangs
/// together: tasks listed parents first, every unit named is known.
fn normalized(doc: &PlanDocument, known_units: &HashSet<Uuid>) -> Result<PlanDocument> {
    let mut d = doc.clone();
    let p = &mut d.plan;
    p.doc_number = vn::clean(&p.doc_number);
    p.issuer = vn::clean(&p.issuer);
    p.title = vn::clean(&p.title);
    p.place = p.place.as_deref().map(vn::clean);
    p.signer_name = p.signer_name.as_deref().map(vn::clean);
    p.signer_title = p.signer_title.as_deref().map(vn::nfc);
    p.source_text = p.source_text.as_deref().map(vn::nfc);
    if p.doc_number.is_empty() {
        return Err(StoreError::invalid(
            "Số, ký hiệu kế hoạch",
            "không được để trống.",
        ));
    }
    if p.title.is_empty() {
        return Err(StoreError::invalid(
            "Trích yếu kế hoạch",
            "không được để trống.",
        ));
    }
    if p.start_year > p.end_year {
        return Err(StoreError::invalid(
            "Thời gian thực hiện",
            format!(
                "năm bắt đầu {} sau năm kết thúc {}.",
                p.start_year, p.end_year
            ),
        ));
    }
    for ph in &mut p.phases {
        ph.name = vn::clean(&ph.name);
    }
    let mut units: HashSet<Uuid> = known_units.clone();
    units.extend(d.units.iter().map(|u| u.id));
    let mut seen = HashSet::new();
    for t in &mut d.tasks {
        t.code = vn::clean(&t.code);
        t.title = vn::clean(&t.title);
        t.content = vn::nfc(t.content.trim());
        t.phase = t.phase.as_deref().map(vn::clean);
        if t.plan_id != d.plan.id {
            return Err(StoreError::invalid(
                "Nhiệm vụ",
                format!("“{}” thuộc kế hoạch khác.", t.code),
            ));
        }
        if let Some(parent) = t.parent_id {
            if !seen.contains(&parent) {
                return Err(StoreError::invalid(
                    "Nhiệm vụ",
                    format!("“{}” đứng trước nhiệm vụ cha của nó.", t.code),
                ));
            }
        }
        if let Some(u) = t
            .lead_units
            .iter()
            .chain(&t.partner_units)
            .find(|u| !units.contains(u))
        {
            return Err(StoreError::invalid(
                "Đơn vị thực hiện",
                format!(
                    "nhiệm vụ “{}” nêu đơn vị {u} chưa có trong danh sách.",
                    t.code
                ),
            ));
        }
        seen.insert(t.id);
    }
    for i in &mut d.indicators {
        i.name = vn::clean(&i.name);
        i.measure_unit = vn::clean(&i.measure_unit);
        if i.name.is_empty() {
            return Err(StoreError::invalid("Tên chỉ tiêu", "không được để trống."));
        }
        if let Some(t) = i.task_id {
            if !seen.contains(&t) {
                return Err(StoreError::invalid(
                    "Chỉ tiêu",
                    format!("“{}” gắn với một nhiệm vụ không có trong kế hoạch.", i.name),
                ));
            }
        }
    }
    Ok(d)
}

/// New units in an order where every parent comes before its children.
fn sort_parents_first<'a>(
    new_units: &'a [crate::model::Unit],
    known: &HashSet<Uuid>,
) -> Result<Vec<&'a crate::model::Unit>> {
    let mut pending: Vec<&crate::model::Unit> = new_units.iter().collect();
    let mut ordered = Vec::with_capacity(pending.len());
    let mut placed = known.clone();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|u| {
            let ready = u.reports_to.is_none_or(|p| placed.contains(&p));
            if ready {
                placed.insert(u.id);
                ordered.push(*u);
            }
            !ready
        });
        if pending.len() == before {
            return Err(StoreError::invalid(
                "Đơn vị",
                format!(
                    "“{}” trực thuộc một đơn vị không có trong danh sách.",
                    pending[0].name
                ),
            ));
        }
    }
    Ok(ordered)
}

fn insert_plan(tx: &super::Tx, d: &PlanDocument) -> Result<()> {
    let p = &d.plan;
    insert_plan_row(tx, p)?;
    insert_plan_contents(tx, d)
}

fn insert_plan_row(tx: &super::Tx, p: &Plan) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO plans ({PLAN_COLUMNS}, stored_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
        ),
        rusqlite::params![
            p.id,
            p.doc_number,
            p.issued_on,
            p.issuer,
            p.place,
            p.signer_name,
            p.signer_title,
            p.title,
            p.start_year,
            p.end_year,
            p.version,
            p.content_hash,
            p.source_text,
            tx.at(),
        ],
    )?;
    Ok(())
}

/// Everything of a plan but its row: phases, tasks, schedule, texts,
/// indicators.
fn insert_plan_contents(tx: &super::Tx, d: &PlanDocument) -> Result<()> {
    let p = &d.plan;
    for (i, ph) in p.phases.iter().enumerate() {
        tx.execute(
            "INSERT INTO plan_phases (plan_id, position, name, start_year, end_year)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![p.id, i as i64, ph.name, ph.start_year, ph.end_year],
        )?;
    }
    for (i, t) in d.tasks.iter().enumerate() {
        tasks::insert_task(tx, t, i as i64)?;
    }
    for (i, r) in d.schedule.iter().enumerate() {
        tx.execute(
            "INSERT INTO plan_schedule (plan_id, position, kind, due_day, due_month, due_next_year,
                 review_year, reporter, recipient, via, source, source_start, source_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            rusqlite::params![
                p.id,
                i as i64,
                r.kind.code(),
                r.due_day,
                r.due_month,
                r.due_next_year,
                r.review_year,
                r.reporter,
                r.recipient,
                r.via,
                r.source,
                r.source_span.map(|s| s.0 as i64),
                r.source_span.map(|s| s.1 as i64)
            ],
        )?;
    }
    for (i, sec) in d.sections.iter().enumerate() {
        tx.execute(
            "INSERT INTO plan_sections (plan_id, position, code, heading, kind, level, text,
                 source_start, source_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                p.id,
                i as i64,
                sec.code,
                sec.heading,
                sec.kind.code(),
                sec.level,
                sec.text,
                sec.source_span.map(|s| s.0 as i64),
                sec.source_span.map(|s| s.1 as i64)
            ],
        )?;
    }
    for (role, texts) in [("reference", &d.references), ("recipient", &d.recipients)] {
        for (i, text) in texts.iter().enumerate() {
            tx.execute(
                "INSERT INTO plan_texts (plan_id, role, position, text) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![p.id, role, i as i64, text],
            )?;
        }
    }
    for (i, ind) in d.indicators.iter().enumerate() {
        let (num, den) = match &ind.aggregation {
            Aggregation::Ratio {
                numerator,
                denominator,
            } => (Some(numerator.as_str()), Some(denominator.as_str())),
            _ => (None, None),
        };
        tx.execute(
            "INSERT OR REPLACE INTO indicators (id, plan_id, task_id, position, name, measure_unit,
                 target_value, target_date, baseline, direction, aggregation, numerator,
                 denominator, min_value, max_value, source_start, source_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            rusqlite::params![
                ind.id,
                p.id,
                ind.task_id,
                i as i64,
                ind.name,
                ind.measure_unit,
                ind.target_value,
                ind.target_date,
                ind.baseline,
                match ind.direction {
                    Direction::Up => "up",
                    Direction::Down => "down",
                },
                ind.aggregation.code(),
                num,
                den,
                ind.min,
                ind.max,
                ind.source_span.map(|s| s.0 as i64),
                ind.source_span.map(|s| s.1 as i64)
            ],
        )?;
    }
    Ok(())
}

/// What storing an imported plan did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PlanImportOutcome {
    /// A plan not seen before.
    Added,
    /// The same plan with the same content: nothing changed.
    Unchanged,
    /// The same plan, amended: stored as a new version; the previous one is
    /// kept in the plan's history.
    NewVersion { version: u32, diff: Vec<String> },
}

/// What changed between two versions of a plan, in the officer's words.
fn diff(old: &PlanDocument, new: &PlanDocument) -> Vec<String> {
    let mut out = Vec::new();
    let (o, n) = (&old.plan, &new.plan);
    if o.title != n.title {
        out.push(format!("Trích yếu: “{}” → “{}”", o.title, n.title));
    }
    if (o.start_year, o.end_year) != (n.start_year, n.end_year) {
        out.push(format!(
            "Thời gian thực hiện: {}-{} → {}-{}",
            o.start_year, o.end_year, n.start_year, n.end_year
        ));
    }
    for t in &new.tasks {
        match old.tasks.iter().find(|x| x.code == t.code) {
            None => out.push(format!("Thêm nhiệm vụ {} {}", t.code, t.title)),
            Some(x) if x.title != t.title || x.content != t.content => {
                out.push(format!("Sửa nhiệm vụ {} {}", t.code, t.title))
            }
            Some(x) if x.lead_units != t.lead_units || x.partner_units != t.partner_units => {
                out.push(format!("Đổi đơn vị thực hiện nhiệm vụ {}", t.code))
            }
            _ => {}
        }
    }
    for t in &old.tasks {
        if !new.tasks.iter().any(|x| x.code == t.code) {
            out.push(format!("Bỏ nhiệm vụ {} {}", t.code, t.title));
        }
    }
    for i in &new.indicators {
        match old.indicators.iter().find(|x| x.name == i.name) {
            None => out.push(format!("Thêm chỉ tiêu “{}”", i.name)),
            Some(x) if x.target_value != i.target_value || x.target_date != i.target_date => {
                out.push(format!("Đổi mục tiêu của chỉ tiêu “{}”", i.name))
            }
            _ => {}
        }
    }
    for i in &old.indicators {
        if !new.indicators.iter().any(|x| x.name == i.name) {
            out.push(format!("Bỏ chỉ tiêu “{}”", i.name));
        }
    }
    if old.schedule != new.schedule {
        out.push("Lịch báo cáo thay đổi".into());
    }
    if out.is_empty() {
        out.push("Thay đổi nhỏ trong lời văn".into());
    }
    out
}

impl Store {
    /// Stores an imported plan: a new plan is added; the same content again
    /// changes nothing; an amended text of a known plan becomes its next
    /// version, the previous version kept in `plan_versions`.
    pub fn import_plan(&mut self, doc: &PlanDocument) -> Result<PlanImportOutcome> {
        self.import_plan_reviewed(doc, &[])
    }

    /// Stores a plan as read with the officer's corrections from the review
    /// ([`super::review::corrected`]; audited with the plan). The content
    /// hash stays the one of the plan as read, so the same file read again
    /// is known as unchanged. Corrections to a plan already stored with the
    /// same content are refused (they belong in the plan screen).
    pub fn import_plan_reviewed(
        &mut self,
        doc: &PlanDocument,
        corrections: &[super::review::PlanCorrection],
    ) -> Result<PlanImportOutcome> {
        let known: HashSet<Uuid> = self.units()?.into_iter().map(|u| u.id).collect();
        let read = normalized(doc, &known)?;
        let hash = read.content_hash();
        let existing = match self.plan(doc.plan.id) {
            Ok(p) => Some(p),
            Err(StoreError::NotFoundItem { .. }) => None,
            Err(e) => return Err(e),
        };
        if existing.as_ref().is_some_and(|e| e.content_hash == hash) {
            if !corrections.is_empty() {
                return Err(StoreError::invalid(
                    "Sửa trước khi lưu",
                    format!(
                        "kế hoạch số {} đã có, nội dung không đổi, nên những chỗ sửa chưa được lưu; hãy sửa trong cây kế hoạch (nút “Sửa”).",
                        read.plan.doc_number
                    ),
                ));
            }
            return Ok(PlanImportOutcome::Unchanged);
        }
        let mut d = normalized(
            &super::review::corrected(&read, &known, corrections)?,
            &known,
        )?;
        d.plan.content_hash = hash;
        let Some(existing) = existing else {
            self.insert_new_plan(&d, &known, corrections)?;
            return Ok(PlanImportOutcome::Added);
        };
        let old = self.plan_document(existing.id)?;
        let changes = diff(&old, &d);
        let version = existing.version + 1;
        d.plan.version = version;
        let new_units: Vec<_> = d
            .units
            .iter()
            .filter(|u| !known.contains(&u.id))
            .cloned()
            .collect();
        self.write(|tx| {
            for u in sort_parents_first(&new_units, &known)? {
                units::insert_unit(tx, u)?;
            }
            let mut kept = old.clone();
            kept.plan.source_text = None;
            tx.execute(
                "INSERT INTO plan_versions (plan_id, version, content_hash, document, superseded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![
                    existing.id,
                    existing.version,
                    existing.content_hash,
                    serde_json::to_string(&kept).expect("plan serializes"),
                    tx.at()
                ],
            )?;
            // Tasks and indicators keep their ids across versions (derived
            // from plan and code): they are updated in place, and retired
            // when the new version drops them, so recorded progress stays.
            tx.execute("UPDATE tasks SET retired = 1 WHERE plan_id = ?1", [existing.id])?;
            tx.execute("UPDATE indicators SET retired = 1 WHERE plan_id = ?1", [existing.id])?;
            tx.execute(
                "DELETE FROM task_units WHERE task_id IN (SELECT id FROM tasks WHERE plan_id = ?1)",
                [existing.id],
            )?;
            tx.execute(
                "DELETE FROM task_unit_groups WHERE task_id IN (SELECT id FROM tasks WHERE plan_id = ?1)",
                [existing.id],
            )?;
            for table in ["plan_schedule", "plan_texts", "plan_phases", "plan_sections"] {
                tx.execute(&format!("DELETE FROM {table} WHERE plan_id = ?1"), [existing.id])?;
            }
            let p = &d.plan;
            tx.execute(
                "UPDATE plans SET doc_number = ?2, issued_on = ?3, issuer = ?4, place = ?5,
                     signer_name = ?6, signer_title = ?7, title = ?8, start_year = ?9,
                     end_year = ?10, version = ?11, content_hash = ?12, source_text = ?13
                 WHERE id = ?1",
                rusqlite::params![
                    p.id, p.doc_number, p.issued_on, p.issuer, p.place, p.signer_name,
                    p.signer_title, p.title, p.start_year, p.end_year, p.version,
                    p.content_hash, p.source_text
                ],
            )?;
            insert_plan_contents(tx, &d)?;
            audit::record(
                tx,
                "plan",
                &p.id.to_string(),
                "new_version",
                Some(serde_json::json!({"version": existing.version, "content_hash": existing.content_hash})),
                Some(serde_json::json!({
                    "version": version, "content_hash": p.content_hash, "changes": changes,
                    "corrections": corrections,
                })),
            )
        })?;
        Ok(PlanImportOutcome::NewVersion {
            version,
            diff: changes,
        })
    }

    /// A stored plan as a whole document.
    pub fn plan_document(&self, id: Uuid) -> Result<PlanDocument> {
        let plan = self.plan(id)?;
        let nodes = self.tasks(&super::TaskFilter {
            plan: Some(id),
            ..Default::default()
        })?;
        let mut unit_ids: Vec<Uuid> = Vec::new();
        for n in &nodes {
            for u in n.leads.iter().chain(&n.partners) {
                if !unit_ids.contains(&u.id) {
                    unit_ids.push(u.id);
                }
            }
        }
        let units = unit_ids
            .into_iter()
            .map(|u| self.unit(u))
            .collect::<Result<Vec<_>>>()?;
        Ok(PlanDocument {
            units,
            tasks: nodes.into_iter().map(|n| n.task).collect(),
            indicators: self.indicators(id)?,
            schedule: self.schedule(id)?,
            references: self.plan_texts(id, "reference")?,
            recipients: self.plan_texts(id, "recipient")?,
            sections: self.sections(id)?,
            plan,
        })
    }

    /// Stores a whole plan — its new units, tasks and indicators — in one
    /// transaction, with its content hash computed here.
    pub fn add_plan_document(&mut self, doc: &PlanDocument) -> Result<Plan> {
        let known: HashSet<Uuid> = self.units()?.into_iter().map(|u| u.id).collect();
        let mut d = normalized(doc, &known)?;
        d.plan.content_hash = d.content_hash();
        self.insert_new_plan(&d, &known, &[])?;
        self.plan(d.plan.id)
    }

    /// Inserts a plan not stored yet (normalized, its hash set).
    fn insert_new_plan(
        &mut self,
        d: &PlanDocument,
        known: &HashSet<Uuid>,
        corrections: &[super::review::PlanCorrection],
    ) -> Result<()> {
        let exists: Option<u32> = self
            .conn()
            .query_row(
                "SELECT version FROM plans WHERE id = ?1",
                [d.plan.id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(v) = exists {
            return Err(StoreError::invalid(
                "Kế hoạch",
                format!(
                    "“{}” đã có trong cơ sở dữ liệu (phiên bản {v}).",
                    d.plan.doc_number
                ),
            ));
        }
        let new_units: Vec<_> = d
            .units
            .iter()
            .filter(|u| !known.contains(&u.id))
            .cloned()
            .collect();
        let ordered = sort_parents_first(&new_units, known)?;
        self.write(|tx| {
            for u in ordered {
                units::insert_unit(tx, u)?;
            }
            insert_plan(tx, d)?;
            audit::record(
                tx,
                "plan",
                &d.plan.id.to_string(),
                "create",
                None,
                Some(serde_json::json!({
                    "doc_number": d.plan.doc_number,
                    "version": d.plan.version,
                    "content_hash": d.plan.content_hash,
                    "tasks": d.tasks.len(),
                    "indicators": d.indicators.len(),
                    "corrections": corrections,
                })),
            )
        })
    }

    pub fn plan(&self, id: Uuid) -> Result<Plan> {
        let mut plan = self
            .conn()
            .query_row(
                &format!("SELECT {PLAN_COLUMNS} FROM plans WHERE id = ?1"),
                [id],
                plan_from_row,
            )
            .optional()?
            .ok_or(StoreError::NotFoundItem {
                what: "kế hoạch",
                query: id.to_string(),
            })?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT name, start_year, end_year FROM plan_phases WHERE plan_id = ?1 ORDER BY position",
        )?;
        let phases = stmt.query_map([id], |r| {
            Ok(Phase {
                name: r.get(0)?,
                start_year: r.get(1)?,
                end_year: r.get(2)?,
            })
        })?;
        plan.phases = phases.collect::<rusqlite::Result<_>>()?;
        Ok(plan)
    }

    /// Plans, newest first.
    pub fn plans(&self) -> Result<Vec<PlanSummary>> {
        let mut stmt = self.conn().prepare(
            "SELECT p.id, p.doc_number, p.issued_on, p.issuer, p.title, p.start_year, p.end_year,
                    p.version,
                    (SELECT COUNT(*) FROM tasks t WHERE t.plan_id = p.id AND t.retired = 0),
                    (SELECT COUNT(*) FROM indicators i WHERE i.plan_id = p.id AND i.retired = 0)
             FROM plans p ORDER BY p.issued_on DESC, p.doc_number COLLATE vi",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PlanSummary {
                id: r.get(0)?,
                doc_number: r.get(1)?,
                issued_on: r.get(2)?,
                issuer: r.get(3)?,
                title: r.get(4)?,
                start_year: r.get(5)?,
                end_year: r.get(6)?,
                version: r.get(7)?,
                task_count: r.get(8)?,
                indicator_count: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Finds a plan by id or by its số hiệu ("38/KH-UBND").
    pub fn find_plan(&self, query: &str) -> Result<Plan> {
        if let Ok(id) = Uuid::parse_str(query.trim()) {
            return self.plan(id);
        }
        let key = vn::match_key(query).replace(' ', "");
        let found: Vec<_> = self
            .plans()?
            .into_iter()
            .filter(|p| vn::match_key(&p.doc_number).replace(' ', "") == key)
            .collect();
        match found.as_slice() {
            [one] => self.plan(one.id),
            [] => Err(StoreError::NotFoundItem {
                what: "kế hoạch",
                query: query.trim().to_string(),
            }),
            many => Err(StoreError::Ambiguous {
                what: "kế hoạch",
                query: query.trim().to_string(),
                candidates: many
                    .iter()
                    .map(|p| {
                        format!(
                            "“{}” ngày {}",
                            p.doc_number,
                            vn::format_short_date(p.issued_on)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// The plan's reporting rules, in the order the plan states them.
    pub fn schedule(&self, plan_id: Uuid) -> Result<Vec<ScheduleRule>> {
        let mut stmt = self.conn().prepare(
            "SELECT kind, due_day, due_month, due_next_year, review_year, reporter, recipient, via,
                    source, source_start, source_end
             FROM plan_schedule WHERE plan_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([plan_id], |r| {
            Ok(ScheduleRule {
                kind: ReportKind::parse(&r.get::<_, String>(0)?).unwrap_or(ReportKind::Year),
                due_day: r.get(1)?,
                due_month: r.get(2)?,
                due_next_year: r.get(3)?,
                review_year: r.get(4)?,
                reporter: r.get(5)?,
                recipient: r.get(6)?,
                via: r.get(7)?,
                source: r.get(8)?,
                source_span: span(r.get(9)?, r.get(10)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The plan's parts (Mục đích, Mục tiêu, …), in order.
    pub fn sections(&self, plan_id: Uuid) -> Result<Vec<PlanSection>> {
        let mut stmt = self.conn().prepare(
            "SELECT code, heading, kind, level, text, source_start, source_end
             FROM plan_sections WHERE plan_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([plan_id], |r| {
            Ok(PlanSection {
                code: r.get(0)?,
                heading: r.get(1)?,
                kind: SectionKind::parse(&r.get::<_, String>(2)?),
                level: r.get(3)?,
                text: r.get(4)?,
                source_span: span(r.get(5)?, r.get(6)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The plan's legal bases ("reference") or recipients ("recipient").
    pub fn plan_texts(&self, plan_id: Uuid, role: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare(
            "SELECT text FROM plan_texts WHERE plan_id = ?1 AND role = ?2 ORDER BY position",
        )?;
        let rows = stmt.query_map(rusqlite::params![plan_id, role], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn indicators(&self, plan_id: Uuid) -> Result<Vec<Indicator>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, plan_id, task_id, name, measure_unit, target_value, target_date, baseline,
                    direction, aggregation, numerator, denominator, min_value, max_value,
                    source_start, source_end
             FROM indicators WHERE plan_id = ?1 AND retired = 0 ORDER BY position",
        )?;
        let rows = stmt.query_map([plan_id], |r| {
            let aggregation = match r.get::<_, String>(9)?.as_str() {
                "ratio" => Aggregation::Ratio {
                    numerator: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                    denominator: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
                },
                "yes_no" => Aggregation::YesNo,
                "text" => Aggregation::Text,
                _ => Aggregation::Sum,
            };
            Ok(Indicator {
                id: r.get(0)?,
                plan_id: r.get(1)?,
                task_id: r.get(2)?,
                name: r.get(3)?,
                measure_unit: r.get(4)?,
                target_value: r.get(5)?,
                target_date: r.get(6)?,
                baseline: r.get(7)?,
                direction: if r.get::<_, String>(8)? == "down" {
                    Direction::Down
                } else {
                    Direction::Up
                },
                aggregation,
                min: r.get(12)?,
                max: r.get(13)?,
                source_span: span(r.get(14)?, r.get(15)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
