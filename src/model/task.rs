use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Unit;

/// Chủ trì or phối hợp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskUnitRole {
    Lead,
    Partner,
}

impl TaskUnitRole {
    pub fn code(self) -> &'static str {
        match self {
            TaskUnitRole::Lead => "lead",
            TaskUnitRole::Partner => "partner",
        }
    }
}

/// Nội dung / nhiệm vụ: a task group or an activity, in a tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub parent_id: Option<Uuid>,
    /// The plan's own numbering: "III.2", "III.2.a", "III.2.a.3".
    pub code: String,
    pub title: String,
    /// The full text of the task, when longer than its title.
    pub content: String,
    /// Đơn vị chủ trì (one or more).
    pub lead_units: Vec<Uuid>,
    /// Đơn vị phối hợp.
    pub partner_units: Vec<Uuid>,
    /// Sets of units named as a whole ("UBND các huyện, thành phố"), kept as
    /// written; the units of the set known at import are also listed above.
    #[serde(default)]
    pub unit_groups: Vec<TaskUnitGroup>,
    /// Name of the plan phase, or a free phrase like "hằng năm".
    pub phase: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// Byte range in the plan's source text this task was read from.
    pub source_span: Option<(usize, usize)>,
}

/// A set of units a task names as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskUnitGroup {
    pub role: TaskUnitRole,
    /// "UBND các huyện, thành phố"
    pub label: String,
    pub kinds: Vec<super::UnitKind>,
}

/// A task with its children and the units named, for display.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskNode {
    pub task: Task,
    pub leads: Vec<Unit>,
    pub partners: Vec<Unit>,
    pub children: Vec<TaskNode>,
}
