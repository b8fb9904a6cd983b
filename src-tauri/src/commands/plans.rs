use tauri::State;
use uuid::Uuid;

use kehoach::model::{PlanSummary, TaskNode};
use kehoach::store::TaskFilter;

use crate::error::ApiResult;
use crate::AppState;

#[tauri::command]
pub fn list_plans(state: State<AppState>) -> ApiResult<Vec<PlanSummary>> {
    state.with_store(|s| s.plans())
}

#[tauri::command]
pub fn task_tree(state: State<AppState>, plan_id: Uuid) -> ApiResult<Vec<TaskNode>> {
    state.with_store(|s| s.task_tree(plan_id))
}

#[tauri::command]
pub fn search_tasks(
    state: State<AppState>,
    plan_id: Uuid,
    query: String,
) -> ApiResult<Vec<TaskNode>> {
    state.with_store(|s| {
        s.tasks(&TaskFilter {
            plan: Some(plan_id),
            unit: None,
            search: Some(query),
        })
    })
}
