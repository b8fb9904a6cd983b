use tauri::State;
use uuid::Uuid;

use kehoach::calendar::Period;
use kehoach::input::{ProgressInput, ValueInput};
use kehoach::model::{IndicatorValue, Progress};
use kehoach::office::EntrySheet;

use crate::error::{ApiError, ApiResult};
use crate::AppState;

pub(crate) fn period(code: &str) -> ApiResult<Period> {
    Period::parse(code).map_err(|e| ApiError {
        code: "invalid",
        message: e.to_string(),
    })
}

#[tauri::command(async)]
pub fn entry_sheet(state: State<AppState>, plan_id: Uuid, period: String) -> ApiResult<EntrySheet> {
    let p = self::period(&period)?;
    state.with_store(|s| s.entry_sheet(plan_id, s.my_unit_id()?, &p))
}

#[tauri::command(async)]
pub fn save_progress(
    state: State<AppState>,
    task_id: Uuid,
    period: String,
    input: ProgressInput,
) -> ApiResult<Progress> {
    let p = self::period(&period)?;
    state.with_store(|s| {
        let me = s.my_unit_id()?;
        s.set_progress(task_id, me, &p, &input)
    })
}

#[tauri::command(async)]
pub fn save_value(
    state: State<AppState>,
    indicator_id: Uuid,
    period: String,
    input: ValueInput,
) -> ApiResult<(IndicatorValue, Vec<String>, String)> {
    let p = self::period(&period)?;
    state.with_store(|s| {
        let me = s.my_unit_id()?;
        s.set_value(indicator_id, me, &p, &input)
            .map(|(v, warnings)| (v.clone(), warnings, kehoach::label::saved(v.value)))
    })
}
