//! Progress and indicator values per unit and period; locks; due dates.
//! Every write is checked (`crate::progress`), refused on a locked period,
//! and audited with the old and new values in the same transaction.

use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use uuid::Uuid;

use super::{audit, Result, Store, StoreError};
use crate::calendar::{due_date, DueRule, Period};
use crate::model::{
    achievement, Aggregation, IndicatorValue, Progress, ReportKind, TaskStatus, ValueView,
};
use crate::progress::{check_progress, check_value, ProgressInput, ValueInput};

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
    /// Refuses a period the plan does not cover, or a locked one.
    fn check_period(&self, plan_id: Uuid, unit: Uuid, period: &Period) -> Result<()> {
        let plan = self.plan(plan_id)?;
        if !crate::calendar::plan_covers(period, plan.start_year, plan.end_year) {
            return Err(StoreError::Invalid {
                field: "Kỳ báo cáo",
                message: format!(
                    "kỳ {period} ({}) nằm ngoài thời gian thực hiện kế hoạch {} ({}-{}).",
                    period.label(),
                    plan.doc_number,
                    plan.start_year,
                    plan.end_year
                ),
            });
        }
        if let Some(at) = self.lock_of(plan_id, unit, period)? {
            let unit = self.unit(unit)?;
            let at = chrono::DateTime::parse_from_rfc3339(&at)
                .map(|t| t.format("%H:%M ngày %d/%m/%Y").to_string())
                .unwrap_or(at);
            return Err(StoreError::Invalid {
                field: "Kỳ báo cáo",
                message: format!(
                    "số liệu kỳ {period} của “{}” đã khóa lúc {at} (báo cáo đã ký). Muốn sửa phải mở khóa kỳ này; việc mở khóa được ghi nhật ký và dẫn tới một phiên bản báo cáo mới.",
                    unit.name
                ),
            });
        }
        Ok(())
    }

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

    /// Records what `unit` did on a task in `period` (replacing what was
    /// recorded before, which the audit log keeps).
    pub fn set_progress(
        &mut self,
        task: Uuid,
        unit: Uuid,
        period: &Period,
        input: &ProgressInput,
    ) -> Result<Progress> {
        let fields = check_progress(input).map_err(|errors| StoreError::Invalid {
            field: "Kết quả thực hiện",
            message: errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        })?;
        let (plan_id, code): (Uuid, String) = self
            .conn()
            .query_row(
                "SELECT plan_id, code FROM tasks WHERE id = ?1 AND retired = 0",
                [task],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFoundItem {
                what: "nhiệm vụ",
                query: task.to_string(),
            })?;
        self.unit(unit)?;
        self.check_period(plan_id, unit, period)?;
        let old = self.progress_one(task, unit, period)?;
        let officer = self.officer_name()?;
        let row = Progress {
            task_id: task,
            unit_id: unit,
            period: *period,
            status: fields.status,
            reason: fields.reason,
            narrative: fields.narrative,
            difficulties: fields.difficulties,
            proposals: fields.proposals,
            budget_used: fields.budget_used,
            evidence: fields.evidence,
            updated_at: self.now(),
            updated_by: officer,
        };
        self.write(|tx| {
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
                old.as_ref().map(|o| serde_json::to_value(o).expect("json")),
                Some(serde_json::json!({"task": code, "progress": row})),
            )
        })?;
        Ok(row)
    }

    fn progress_one(&self, task: Uuid, unit: Uuid, period: &Period) -> Result<Option<Progress>> {
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
    pub fn progress(
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

    fn value_one(
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

    /// Records an indicator's value. Returns it with warnings (a value far
    /// from the previous period's).
    pub fn set_value(
        &mut self,
        indicator: Uuid,
        unit: Uuid,
        period: &Period,
        input: &ValueInput,
    ) -> Result<(IndicatorValue, Vec<String>)> {
        let mut saved = self.set_values(unit, period, &[(indicator, input.clone())])?;
        Ok(saved.remove(0))
    }

    /// Records a unit's values of many indicators for a period at once (the
    /// entry grid): all are checked first, then written in one transaction.
    /// Any rejected value rejects the whole save, listing every problem.
    pub fn set_values(
        &mut self,
        unit: Uuid,
        period: &Period,
        inputs: &[(Uuid, ValueInput)],
    ) -> Result<Vec<(IndicatorValue, Vec<String>)>> {
        self.unit(unit)?;
        let officer = self.officer_name()?;
        let mut checked = Vec::with_capacity(inputs.len());
        let mut problems = Vec::new();
        let mut plans_checked: Vec<Uuid> = Vec::new();
        for (indicator, input) in inputs {
            let ind = self.indicator(*indicator)?;
            if !plans_checked.contains(&ind.plan_id) {
                self.check_period(ind.plan_id, unit, period)?;
                plans_checked.push(ind.plan_id);
            }
            let previous = match period.previous() {
                Some(p) => self.value_one(*indicator, unit, &p)?,
                None => None,
            };
            match check_value(&ind, input, previous.as_ref()) {
                Ok((fields, warnings)) => {
                    let old = self.value_one(*indicator, unit, period)?;
                    let row = IndicatorValue {
                        indicator_id: *indicator,
                        unit_id: unit,
                        period: *period,
                        value: fields.value,
                        numerator: fields.numerator,
                        denominator: fields.denominator,
                        yes: fields.yes,
                        text: fields.text,
                        note: fields.note,
                        updated_at: self.now(),
                        updated_by: officer.clone(),
                    };
                    checked.push((row, old, warnings));
                }
                Err(errors) => problems.push(format!(
                    "“{}”: {}",
                    ind.name,
                    errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid {
                field: "Chỉ tiêu",
                message: format!("chưa lưu gì. {}", problems.join(" | ")),
            });
        }
        self.write(|tx| {
            for (row, old, _) in &checked {
                write_value(tx, row, old.as_ref())?;
            }
            Ok(())
        })?;
        Ok(checked.into_iter().map(|(row, _, w)| (row, w)).collect())
    }

    /// A unit's indicator values for a period, with lũy kế and achievement.
    pub fn values(&self, plan: Uuid, unit: Uuid, period: &Period) -> Result<Vec<ValueView>> {
        let p = self.plan(plan)?;
        let mut out = Vec::new();
        for ind in self.indicators(plan)? {
            let value = self.value_one(ind.id, unit, period)?;
            let cumulative = match (&ind.aggregation, period.kind()) {
                (Aggregation::Sum, Some(_)) => {
                    let mut total = None;
                    let mut cursor = Some(*period);
                    while let Some(c) = cursor {
                        if c.data_range(p.start_year).1.year() < p.start_year {
                            break;
                        }
                        if let Some(v) = self.value_one(ind.id, unit, &c)?.and_then(|v| v.value) {
                            total = Some(total.unwrap_or(0.0) + v);
                        }
                        cursor = c.previous();
                    }
                    total
                }
                _ => value.as_ref().and_then(|v| v.value),
            };
            let achievement = match (cumulative, ind.target_value) {
                (Some(v), Some(t)) => achievement(v, t, ind.direction),
                _ => None,
            };
            out.push(ValueView {
                indicator: ind,
                value,
                cumulative,
                achievement,
            });
        }
        Ok(out)
    }

    /// Locks a unit's data for a period (done when its report is signed).
    pub fn lock_period(
        &mut self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
        reason: &str,
    ) -> Result<()> {
        self.plan(plan)?;
        self.unit(unit)?;
        if self.lock_of(plan, unit, period)?.is_some() {
            return Ok(());
        }
        self.write(|tx| lock_in(tx, plan, unit, period, reason))
    }

    /// Unlocks a period: explicit, with a reason, audited.
    pub fn unlock_period(
        &mut self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
        reason: &str,
    ) -> Result<()> {
        let reason = crate::vn::clean(reason);
        if reason.is_empty() {
            return Err(StoreError::Invalid {
                field: "Lý do mở khóa",
                message: "cần ghi rõ lý do.".into(),
            });
        }
        let Some(at) = self.lock_of(plan, unit, period)? else {
            return Err(StoreError::Invalid {
                field: "Kỳ báo cáo",
                message: format!("kỳ {period} chưa khóa."),
            });
        };
        // The audit entry first: the database lets a lock go only right
        // after its unlock is recorded (trigger period_locks_go_only_when_unlocked).
        self.write(|tx| {
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
        })
    }

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
        self.write(|tx| {
            tx.execute(
                "INSERT OR REPLACE INTO due_dates (plan_id, scope, unit_id, kind, due_day, due_month, next_year)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![plan, scope_code, unit, kind.code(), rule.day, rule.month, rule.next_year],
            )?;
            audit::record(tx, "due_date", &format!("{plan}/{scope_code}/{unit}/{}", kind.code()), "set", None, Some(serde_json::to_value(rule).expect("json")))
        })
    }

    /// The due rule for `unit`'s reports of `kind`: its own setting, else its
    /// parent's setting for the units under it, else the plan's schedule.
    pub fn due_rule(&self, plan: Uuid, unit: Uuid, kind: ReportKind) -> Result<Option<DueRule>> {
        let get = |scope: &str, u: Uuid| -> Result<Option<DueRule>> {
            Ok(self
                .conn()
                .query_row(
                    "SELECT due_day, due_month, next_year FROM due_dates WHERE plan_id = ?1 AND scope = ?2 AND unit_id = ?3 AND kind = ?4",
                    rusqlite::params![plan, scope, u, kind.code()],
                    |r| Ok(DueRule { day: r.get(0)?, month: r.get(1)?, next_year: r.get(2)? }),
                )
                .optional()?)
        };
        if let Some(r) = get("unit", unit)? {
            return Ok(Some(r));
        }
        if let Some(parent) = self.unit(unit)?.reports_to {
            if let Some(r) = get("children", parent)? {
                return Ok(Some(r));
            }
        }
        Ok(self
            .schedule(plan)?
            .iter()
            .filter(|r| r.kind == kind)
            .find_map(DueRule::from_schedule))
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
                    let reported = self.lock_of(plan.id, unit, &period)?.is_some();
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

    /// What is still missing before `unit` can report `period`: tasks it
    /// leads with no progress, indicators with no value. Empty when ready.
    pub fn missing_for_report(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Vec<String>> {
        let mut out = Vec::new();
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
        if !codes.is_empty() {
            out.push(format!(
                "Chưa ghi kết quả {} nhiệm vụ đơn vị chủ trì: {}.",
                codes.len(),
                codes.join(", ")
            ));
        }
        for v in self.values(plan, unit, period)? {
            if v.value.is_none() {
                out.push(format!(
                    "Chưa nhập số liệu chỉ tiêu “{}”.",
                    v.indicator.name
                ));
            }
        }
        Ok(out)
    }

    /// Tasks `unit` leads or takes part in with no progress for `period`.
    pub fn tasks_without_progress(
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
}

/// Writes one value and its audit entry, inside the caller's transaction.
fn write_value(tx: &super::Tx, row: &IndicatorValue, old: Option<&IndicatorValue>) -> Result<()> {
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
