use tauri::State;
use uuid::Uuid;

use kehoach::calendar::Period;
use kehoach::input::{ProgressInput, ValueInput};
use kehoach::model::{IndicatorValue, Progress};
use std::path::Path;

use kehoach::office::{EntrySheet, SheetImport};

use crate::commands::{header, RawFile};
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

/// Where "Tải bảng mẫu Excel…" (`what` = "bang-chi-tieu") or "Xuất Excel…"
/// (`what` = "so-lieu-chi-tieu") proposes to save.
#[tauri::command(async)]
pub fn sheet_save_suggestion(
    state: State<AppState>,
    plan_id: Uuid,
    period: String,
    what: String,
) -> ApiResult<String> {
    let p = self::period(&period)?;
    let what = if what == "so-lieu-chi-tieu" {
        "so-lieu-chi-tieu"
    } else {
        "bang-chi-tieu"
    };
    state.with_store(|s| {
        s.sheet_file_name(plan_id, &p, what)
            .map(|name| state.export_dir.join(name).display().to_string())
    })
}

/// The template of my unit's indicators for the period, written where the
/// officer chose.
#[tauri::command(async)]
pub fn indicator_template_save(
    state: State<AppState>,
    plan_id: Uuid,
    period: String,
    path: String,
) -> ApiResult<usize> {
    let p = self::period(&period)?;
    state.with_store(|s| {
        s.save_indicator_template_to(plan_id, s.my_unit_id()?, &p, Path::new(&path))
    })
}

/// The period's figures (combined, with each unit's) written where the
/// officer chose.
#[tauri::command(async)]
pub fn indicator_figures_save(
    state: State<AppState>,
    plan_id: Uuid,
    period: String,
    path: String,
) -> ApiResult<usize> {
    let p = self::period(&period)?;
    state.with_store(|s| s.save_indicator_figures_to(plan_id, &p, Path::new(&path)))
}

/// A filled sheet (raw bytes; the plan and period in headers) read: what
/// it would change, nothing stored.
#[tauri::command(async)]
pub fn indicator_sheet_preview(
    state: State<AppState>,
    request: tauri::ipc::Request<'_>,
) -> ApiResult<SheetImport> {
    let (plan, p, file) = sheet_request(&request)?;
    state.with_store(|s| {
        s.preview_indicator_sheet(plan, s.my_unit_id()?, &p, file.bytes)
            .map(|(preview, _)| preview)
    })
}

/// The same sheet stored: every change in one transaction, or none.
#[tauri::command(async)]
pub fn indicator_sheet_import(
    state: State<AppState>,
    request: tauri::ipc::Request<'_>,
) -> ApiResult<SheetImport> {
    let (plan, p, file) = sheet_request(&request)?;
    state.with_store(|s| s.import_indicator_sheet(plan, s.my_unit_id()?, &p, file.bytes))
}

fn sheet_request<'a>(
    request: &'a tauri::ipc::Request<'_>,
) -> ApiResult<(Uuid, Period, RawFile<'a>)> {
    let plan = Uuid::parse_str(header(request, "x-plan")).map_err(|_| ApiError {
        code: "invalid",
        message: "Hãy chọn kế hoạch trước.".into(),
    })?;
    let p = self::period(header(request, "x-period"))?;
    Ok((plan, p, RawFile::of(request)?))
}
