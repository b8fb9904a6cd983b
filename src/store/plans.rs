use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};
use uuid::Uuid;

use super::{tasks, Result, Store, StoreError};
use crate::model::{
    Aggregation, Direction, Indicator, Phase, Plan, PlanDocument, PlanSection, PlanSummary,
    ReportKind, ScheduleRule, SectionKind,
};

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

pub(crate) fn insert_plan(tx: &super::Tx, d: &PlanDocument) -> Result<()> {
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

impl Store {
    /// A stored plan as a whole document.
    pub(crate) fn plan_document(&self, id: Uuid) -> Result<PlanDocument> {
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
        let mut units = unit_ids
            .into_iter()
            .map(|u| self.unit(u))
            .collect::<Result<Vec<_>>>()?;
        // The units they report to, up the tree, so that an office receiving
        // the plan can place every unit it names.
        let mut i = 0;
        while i < units.len() {
            if let Some(parent) = units[i].reports_to {
                if !units.iter().any(|u| u.id == parent) {
                    units.push(self.unit(parent)?);
                }
            }
            i += 1;
        }
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

    /// The version of plan `id` stored, if it is.
    pub(crate) fn plan_version(&self, id: Uuid) -> Result<Option<u32>> {
        Ok(self
            .conn()
            .query_row("SELECT version FROM plans WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub(crate) fn plan(&self, id: Uuid) -> Result<Plan> {
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
    pub(crate) fn plans(&self) -> Result<Vec<PlanSummary>> {
        let mut stmt = self.conn().prepare(
            "SELECT p.id, p.doc_number, p.issued_on, p.issuer, p.title, p.start_year, p.end_year,
                    p.version,
                    (SELECT COUNT(*) FROM tasks t WHERE t.plan_id = p.id AND t.retired = 0),
                    (SELECT COUNT(*) FROM indicators i WHERE i.plan_id = p.id AND i.retired = 0)
             FROM plans p ORDER BY p.issued_on DESC, p.doc_number COLLATE vi",
        )?;
        let rows = stmt.query_map([], |r| {
            let issued_on = r.get(2)?;
            Ok(PlanSummary {
                id: r.get(0)?,
                doc_number: r.get(1)?,
                issued_on,
                issued_label: crate::label::date(Some(issued_on)),
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

    /// The plan's reporting rules, in the order the plan states them.
    pub(crate) fn schedule(&self, plan_id: Uuid) -> Result<Vec<ScheduleRule>> {
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
    pub(crate) fn sections(&self, plan_id: Uuid) -> Result<Vec<PlanSection>> {
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
    pub(crate) fn plan_texts(&self, plan_id: Uuid, role: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare(
            "SELECT text FROM plan_texts WHERE plan_id = ?1 AND role = ?2 ORDER BY position",
        )?;
        let rows = stmt.query_map(rusqlite::params![plan_id, role], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(crate) fn indicators(&self, plan_id: Uuid) -> Result<Vec<Indicator>> {
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

/// Makes `d` the next version of the stored plan `existing` inside `tx`:
/// the version it replaces (`old`) is kept in `plan_versions`, its tasks
/// and indicators updated in place or retired, its texts replaced.
pub(crate) fn replace_version(
    tx: &super::Tx,
    existing: &Plan,
    old: &PlanDocument,
    d: &PlanDocument,
) -> Result<()> {
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
    tx.execute(
        "UPDATE tasks SET retired = 1 WHERE plan_id = ?1",
        [existing.id],
    )?;
    tx.execute(
        "UPDATE indicators SET retired = 1 WHERE plan_id = ?1",
        [existing.id],
    )?;
    tx.execute(
        "DELETE FROM task_units WHERE task_id IN (SELECT id FROM tasks WHERE plan_id = ?1)",
        [existing.id],
    )?;
    tx.execute(
        "DELETE FROM task_unit_groups WHERE task_id IN (SELECT id FROM tasks WHERE plan_id = ?1)",
        [existing.id],
    )?;
    for table in [
        "plan_schedule",
        "plan_texts",
        "plan_phases",
        "plan_sections",
    ] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE plan_id = ?1"),
            [existing.id],
        )?;
    }
    let p = &d.plan;
    tx.execute(
        "UPDATE plans SET doc_number = ?2, issued_on = ?3, issuer = ?4, place = ?5,
             signer_name = ?6, signer_title = ?7, title = ?8, start_year = ?9,
             end_year = ?10, version = ?11, content_hash = ?12, source_text = ?13
         WHERE id = ?1",
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
            p.source_text
        ],
    )?;
    insert_plan_contents(tx, d)
}
