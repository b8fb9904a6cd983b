//! The entry sheet of a period: the rows an officer fills in, with what is
//! already recorded.

use serde::Serialize;
use uuid::Uuid;

use super::Office;
use crate::calendar::Period;
use crate::model::ValueView;
use crate::model::{Progress, TaskNode};
use crate::store::{Result, TaskFilter};

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
}

#[derive(Debug, Clone, Serialize)]
pub struct EntrySheet {
    pub period: Period,
    pub label: String,
    /// Signed and locked: shown, not editable.
    pub locked: bool,
    pub rows: Vec<EntryRow>,
    pub values: Vec<ValueView>,
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
        let recorded = self.progress(plan, unit, period)?;
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
                    progress,
                }
            })
            .collect();
        Ok(EntrySheet {
            period: *period,
            label: period.label(),
            locked: self.lock_of(plan, unit, period)?.is_some(),
            rows,
            values: self.values(plan, unit, period)?,
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
}
