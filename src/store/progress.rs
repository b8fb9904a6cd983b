//! Progress and indicator values per unit and period; locks; due dates.
//! Every write is checked (`crate::input`), refused on a locked period,
//! and audited with the old and new values in the same transaction.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use uuid::Uuid;

use super::{audit, Result, Store, StoreError};
use crate::calendar::{DueRule, Period};
use crate::model::{IndicatorValue, Progress, ReportKind, TaskStatus};

/// Whose due date a setting is: one unit's own reports, or the reports of
/// the units under it (communes report to the district before the district
/// reports up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "scope", content = "unit", rename_all = "snake_case")]
pub enum DueScope {
    Unit(Uuid),
    ChildrenOf(Uuid),
}

/// One line of the "what is due" list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueItem {
    pub plan_id: Uuid,
    pub doc_number: String,
    pub unit_id: Uuid,
    pub period: Period,
    pub label: String,
    pub due: NaiveDate,
    /// Negative when late.
    pub days_left: i64,
    /// Reported (locked) for this period.
    pub reported: bool,
}

fn period_at(r: &Row, i: usize) -> rusqlite::Result<Period> {
    let text: String = r.get(i)?;
    Period::parse(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Reads a progress row whose columns (`PROGRESS_COLUMNS`) start at `base`.
fn progress_at(r: &Row, base: usize) -> rusqlite::Result<Progress> {
    let status: String = r.get(base + 3)?;
    let evidence: String = r.get(base + 9)?;
    Ok(Progress {
        task_id: r.get(base)?,
        unit_id: r.get(base + 1)?,
        period: period_at(r, base + 2)?,
        status: TaskStatus::parse(&status).unwrap_or(TaskStatus::ChuaTrienKhai),
        reason: r.get(base + 4)?,
        narrative: r.get(base + 5)?,
        difficulties: r.get(base + 6)?,
        proposals: r.get(base + 7)?,
        budget_used: r.get(base + 8)?,
        evidence: serde_json::from_str(&evidence).unwrap_or_default(),
        updated_at: r.get(base + 10)?,
        updated_by: r.get(base + 11)?,
    })
}

fn value_from_row(r: &Row) -> rusqlite::Result<IndicatorValue> {
    Ok(IndicatorValue {
        indicator_id: r.get(0)?,
        unit_id: r.get(1)?,
        period: period_at(r, 2)?,
        value: r.get(3)?,
        numerator: r.get(4)?,
        denominator: r.get(5)?,
        yes: r.get(6)?,
        text: r.get(7)?,
        note: r.get(8)?,
        updated_at: r.get(9)?,
        updated_by: r.get(10)?,
    })
}

const PROGRESS_COLUMNS: &str = "task_id, unit_id, period, status, reason, narrative, difficulties, proposals, budget_used, evidence, updated_at, updated_by";
const VALUE_COLUMNS: &str = "indicator_id, unit_id, period, value, numerator, denominator, yes, text, note, updated_at, updated_by";

impl Store {
    pub(crate) fn lock_of(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT locked_at FROM period_locks WHERE plan_id = ?1 AND unit_id = ?2 AND period = ?3",
                rusqlite::params![plan, unit, period.to_string()],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub(crate) fn progress_one(
        &self,
        task: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Option<Progress>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {PROGRESS_COLUMNS} FROM progress WHERE task_id = ?1 AND unit_id = ?2 AND period = ?3"),
                rusqlite::params![task, unit, period.to_string()],
                |r| progress_at(r, 0),
            )
            .optional()?)
    }

    /// A unit's progress on a plan's tasks for a period, in plan order.
    pub(crate) fn progress(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Vec<(String, Progress)>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT t.code, {} FROM progress p JOIN tasks t ON t.id = p.task_id
             WHERE t.plan_id = ?1 AND p.unit_id = ?2 AND p.period = ?3 ORDER BY t.position",
            PROGRESS_COLUMNS
                .split(", ")
                .map(|c| format!("p.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let rows = stmt.query_map(rusqlite::params![plan, unit, period.to_string()], |r| {
            let code: String = r.get(0)?;
            Ok((code, progress_at(r, 1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(crate) fn value_one(
        &self,
        indicator: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Option<IndicatorValue>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {VALUE_COLUMNS} FROM indicator_values WHERE indicator_id = ?1 AND unit_id = ?2 AND period = ?3"),
                rusqlite::params![indicator, unit, period.to_string()],
                value_from_row,
            )
            .optional()?)
    }

    /// Tasks `unit` leads or takes part in with no progress for `period`.
    pub(crate) fn tasks_without_progress(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Vec<(Uuid, String, String)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.id, t.code, t.title FROM tasks t
             WHERE t.plan_id = ?1 AND t.retired = 0
               AND EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id = t.id AND tu.unit_id = ?2)
               AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.task_id = t.id AND p.unit_id = ?2 AND p.period = ?3)
             ORDER BY t.position",
        )?;
        let rows = stmt.query_map(rusqlite::params![plan, unit, period.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The plan and the code of a task in force.
    pub(crate) fn task_plan_and_code(&self, task: Uuid) -> Result<(Uuid, String)> {
        self.conn()
            .query_row(
                "SELECT plan_id, code FROM tasks WHERE id = ?1 AND retired = 0",
                [task],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFoundItem {
                what: "nhiệm vụ",
                query: task.to_string(),
            })
    }

    /// A due date set for `plan` (`scope` "unit" or "children", of `unit`).
    pub(crate) fn due_setting(
        &self,
        plan: Uuid,
        scope: &str,
        unit: Uuid,
        kind: ReportKind,
    ) -> Result<Option<DueRule>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT due_day, due_month, next_year FROM due_dates WHERE plan_id = ?1 AND scope = ?2 AND unit_id = ?3 AND kind = ?4",
                rusqlite::params![plan, scope, unit, kind.code()],
                |r| Ok(DueRule { day: r.get(0)?, month: r.get(1)?, next_year: r.get(2)? }),
            )
            .optional()?)
    }

    /// The codes of tasks `unit` leads with no progress for `period`.
    pub(crate) fn lead_tasks_without_progress(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.code FROM tasks t
             WHERE t.plan_id = ?1 AND t.retired = 0
               AND EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id = t.id AND tu.unit_id = ?2 AND tu.role = 'lead')
               AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.task_id = t.id AND p.unit_id = ?2 AND p.period = ?3)
             ORDER BY t.position",
        )?;
        let codes: Vec<String> = stmt
            .query_map(rusqlite::params![plan, unit, period.to_string()], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(codes)
    }
}

/// Writes a task's progress (`old` replaced) and its audit entry, inside `tx`.
pub(crate) fn write_progress(
    tx: &super::Tx,
    row: &Progress,
    old: Option<&Progress>,
    code: &str,
) -> Result<()> {
    let (task, unit, period) = (row.task_id, row.unit_id, row.period);
    tx.execute(
        &format!("INSERT OR REPLACE INTO progress ({PROGRESS_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        rusqlite::params![
            row.task_id, row.unit_id, row.period.to_string(), row.status.code(), row.reason,
            row.narrative, row.difficulties, row.proposals, row.budget_used,
            serde_json::to_string(&row.evidence).expect("json"), row.updated_at, row.updated_by
        ],
    )?;
    audit::record(
        tx,
        "progress",
        &format!("{task}/{unit}/{period}"),
        if old.is_some() { "update" } else { "create" },
        old.map(|o| serde_json::to_value(o).expect("json")),
        Some(serde_json::json!({"task": code, "progress": row})),
    )
}

/// Lets a lock go inside `tx`, its unlock audited first: the database lets
/// a lock go only right after its unlock is recorded (trigger
/// period_locks_go_only_when_unlocked).
pub(crate) fn unlock_in(
    tx: &super::Tx,
    plan: Uuid,
    unit: Uuid,
    period: &Period,
    locked_at: &str,
    reason: &str,
) -> Result<()> {
    let at = locked_at;
    audit::record(
        tx,
        "period_lock",
        &format!("{plan}/{unit}/{period}"),
        "unlock",
        Some(serde_json::json!({"locked_at": at})),
        Some(serde_json::json!({"reason": reason})),
    )?;
    tx.execute(
        "DELETE FROM period_locks WHERE plan_id = ?1 AND unit_id = ?2 AND period = ?3",
        rusqlite::params![plan, unit, period.to_string()],
    )?;
    Ok(())
}

/// Sets a due date inside `tx`, audited.
pub(crate) fn set_due_in(
    tx: &super::Tx,
    plan: Uuid,
    scope_code: &str,
    unit: Uuid,
    kind: ReportKind,
    rule: DueRule,
) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO due_dates (plan_id, scope, unit_id, kind, due_day, due_month, next_year)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![plan, scope_code, unit, kind.code(), rule.day, rule.month, rule.next_year],
    )?;
    audit::record(
        tx,
        "due_date",
        &format!("{plan}/{scope_code}/{unit}/{}", kind.code()),
        "set",
        None,
        Some(serde_json::to_value(rule).expect("json")),
    )
}

/// Writes one value and its audit entry, inside the caller's transaction.
pub(crate) fn write_value(
    tx: &super::Tx,
    row: &IndicatorValue,
    old: Option<&IndicatorValue>,
) -> Result<()> {
    tx.execute(
        &format!("INSERT OR REPLACE INTO indicator_values ({VALUE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
        rusqlite::params![
            row.indicator_id, row.unit_id, row.period.to_string(), row.value, row.numerator,
            row.denominator, row.yes, row.text, row.note, row.updated_at, row.updated_by
        ],
    )?;
    audit::record(
        tx,
        "indicator_value",
        &format!("{}/{}/{}", row.indicator_id, row.unit_id, row.period),
        if old.is_some() { "update" } else { "create" },
        old.map(|o| serde_json::to_value(o).expect("json")),
        Some(serde_json::to_value(row).expect("json")),
    )
}

/// Locks (plan, unit, period) inside `tx`, once; audited.
pub(crate) fn lock_in(
    tx: &super::Tx,
    plan: Uuid,
    unit: Uuid,
    period: &Period,
    reason: &str,
) -> Result<()> {
    let added = tx.execute(
        "INSERT OR IGNORE INTO period_locks (plan_id, unit_id, period, locked_at, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![plan, unit, period.to_string(), tx.at(), reason],
    )?;
    if added == 0 {
        return Ok(());
    }
    audit::record(
        tx,
        "period_lock",
        &format!("{plan}/{unit}/{period}"),
        "lock",
        None,
        Some(serde_json::json!({ "reason": reason })),
    )
}
