//! What an officer records for a period: the entry sheet (the rows to
//! fill in, with what is already recorded), progress on tasks and indicator
//! values (checked by `crate::input`), refused on a locked period; locks.

use chrono::Datelike;
use serde::Serialize;
use uuid::Uuid;

use super::Office;
use crate::calendar::Period;
use crate::input::{check_progress, check_value, ProgressInput, ValueInput};
use crate::model::{achievement, Aggregation, IndicatorValue, Progress, TaskNode, ValueView};
use crate::store::{self, Result, StoreError, TaskFilter};

#[derive(Debug, Clone, Serialize)]
pub struct EntryRow {
    pub task_id: Uuid,
    pub code: String,
    pub title: String,
    /// The unit leads the task (else it is shown because the unit leads none).
    pub mine: bool,
    pub progress: Option<Progress>,
    /// The recorded status as the officer reads it.
    pub status_label: Option<&'static str>,
    /// The recorded budget used, as put back in its field ("1.234,5").
    pub budget_text: String,
}

/// An indicator's value on the entry sheet, with the figures as put back
/// in their fields.
#[derive(Debug, Clone, Serialize)]
pub struct EntryValue {
    #[serde(flatten)]
    pub view: ValueView,
    pub value_text: String,
    pub numerator_text: String,
    pub denominator_text: String,
}

impl EntryValue {
    fn new(view: ValueView) -> EntryValue {
        let v = view.value.as_ref();
        EntryValue {
            value_text: crate::label::figure_to_edit(v.and_then(|v| v.value)),
            numerator_text: crate::label::figure_to_edit(v.and_then(|v| v.numerator)),
            denominator_text: crate::label::figure_to_edit(v.and_then(|v| v.denominator)),
            view,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EntrySheet {
    pub period: Period,
    pub label: String,
    /// Signed and locked: shown, not editable.
    pub locked: bool,
    pub rows: Vec<EntryRow>,
    pub values: Vec<EntryValue>,
    /// The statuses an officer chooses from, as written.
    pub statuses: Vec<&'static str>,
    /// Those of `statuses` that must say why (late, not done).
    pub reason_statuses: Vec<&'static str>,
}

fn flatten(nodes: &[TaskNode], out: &mut Vec<TaskNode>) {
    for n in nodes {
        out.push(n.clone());
        flatten(&n.children, out);
    }
}

impl Office {
    /// The tasks `unit` leads or takes part in (all the plan's tasks when it
    /// is named in none), each with its progress for `period`, and the
    /// plan's indicators with the unit's values.
    pub fn entry_sheet(&self, plan: Uuid, unit: Uuid, period: &Period) -> Result<EntrySheet> {
        let mut nodes = Vec::new();
        flatten(
            &self.tasks(&TaskFilter {
                plan: Some(plan),
                unit: Some(unit),
                search: None,
            })?,
            &mut nodes,
        );
        let mine = !nodes.is_empty();
        if !mine {
            flatten(&self.task_tree(plan)?, &mut nodes);
        }
        let recorded = self.store.progress(plan, unit, period)?;
        let rows = nodes
            .into_iter()
            .map(|n| {
                let progress = recorded
                    .iter()
                    .find(|(_, p)| p.task_id == n.task.id)
                    .map(|(_, p)| p.clone());
                EntryRow {
                    task_id: n.task.id,
                    code: n.task.code.clone(),
                    title: n.task.title.clone(),
                    mine,
                    status_label: progress.as_ref().map(|p| p.status.label()),
                    budget_text: progress
                        .as_ref()
                        .and_then(|p| p.budget_used)
                        .map(crate::vn::format_integer)
                        .unwrap_or_default(),
                    progress,
                }
            })
            .collect();
        Ok(EntrySheet {
            period: *period,
            label: period.label(),
            locked: self.store.lock_of(plan, unit, period)?.is_some(),
            rows,
            values: self
                .values(plan, unit, period)?
                .into_iter()
                .map(EntryValue::new)
                .collect(),
            statuses: crate::model::TaskStatus::ALL
                .iter()
                .map(|s| s.label())
                .collect(),
            reason_statuses: crate::model::TaskStatus::ALL
                .iter()
                .filter(|s| s.needs_reason())
                .map(|s| s.label())
                .collect(),
        })
    }

    /// Refuses a period the plan does not cover, or a locked one.
    pub(super) fn check_period(&self, plan_id: Uuid, unit: Uuid, period: &Period) -> Result<()> {
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
        if let Some(at) = self.store.lock_of(plan_id, unit, period)? {
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
        let (plan_id, code) = self.store.task_plan_and_code(task)?;
        self.unit(unit)?;
        self.check_period(plan_id, unit, period)?;
        let old = self.store.progress_one(task, unit, period)?;
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
            updated_at: crate::clock::stamp(self.now()),
            updated_by: officer,
        };
        self.write(|tx| store::progress::write_progress(tx, &row, old.as_ref(), &code))?;
        Ok(row)
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
                Some(p) => self.store.value_one(*indicator, unit, &p)?,
                None => None,
            };
            match check_value(&ind, input, previous.as_ref()) {
                Ok((fields, warnings)) => {
                    let old = self.store.value_one(*indicator, unit, period)?;
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
                        updated_at: crate::clock::stamp(self.now()),
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
                store::progress::write_value(tx, row, old.as_ref())?;
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
            let value = self.store.value_one(ind.id, unit, period)?;
            let cumulative = match (&ind.aggregation, period.kind()) {
                (Aggregation::Sum, Some(_)) => {
                    let mut total = None;
                    let mut cursor = Some(*period);
                    while let Some(c) = cursor {
                        if c.data_range(p.start_year).1.year() < p.start_year {
                            break;
                        }
                        if let Some(v) = self
                            .store
                            .value_one(ind.id, unit, &c)?
                            .and_then(|v| v.value)
                        {
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
            let last_year = match period.same_period_last_year() {
                Some(before) => self
                    .store
                    .value_one(ind.id, unit, &before)?
                    .and_then(|v| v.value),
                None => None,
            };
            out.push(ValueView {
                indicator: ind,
                value,
                cumulative,
                achievement,
                last_year,
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
        if self.store.lock_of(plan, unit, period)?.is_some() {
            return Ok(());
        }
        self.write(|tx| store::progress::lock_in(tx, plan, unit, period, reason))
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
        let Some(at) = self.store.lock_of(plan, unit, period)? else {
            return Err(StoreError::Invalid {
                field: "Kỳ báo cáo",
                message: format!("kỳ {period} chưa khóa."),
            });
        };
        // The audit entry first: the database lets a lock go only right
        // after its unlock is recorded (trigger period_locks_go_only_when_unlocked).
        self.write(|tx| store::progress::unlock_in(tx, plan, unit, period, &at, &reason))
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
        let codes = self.store.lead_tasks_without_progress(plan, unit, period)?;
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
}
