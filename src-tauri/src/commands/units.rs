use serde::Serialize;
use tauri::State;
use uuid::Uuid;

use kehoach::model::{Unit, UnitKind, UnitNode};

use crate::error::{ApiError, ApiResult};
use crate::AppState;

#[derive(Serialize)]
pub struct KindOption {
    code: UnitKind,
    label: &'static str,
}

pub fn kind_options() -> Vec<KindOption> {
    UnitKind::ALL
        .iter()
        .map(|k| KindOption {
            code: *k,
            label: k.label(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct Units {
    tree: Vec<UnitNode>,
    kinds: Vec<KindOption>,
    officer: String,
}

#[tauri::command(async)]
pub fn units(state: State<AppState>) -> ApiResult<Units> {
    state.with_store(|s| {
        Ok::<_, kehoach::StoreError>(Units {
            tree: s.unit_tree()?,
            kinds: kind_options(),
            officer: s.officer_name()?,
        })
    })
}

#[tauri::command(async)]
pub fn unit_add(
    state: State<AppState>,
    name: String,
    kind: UnitKind,
    reports_to: Option<Uuid>,
) -> ApiResult<Unit> {
    let today = state.today();
    state.with_store(|s| {
        s.add_unit_on(
            &Unit {
                reports_to,
                ..Unit::new(&name, kind)
            },
            today,
        )
    })
}

#[tauri::command(async)]
pub fn unit_move(
    state: State<AppState>,
    unit_id: Uuid,
    reports_to: Option<Uuid>,
) -> ApiResult<Unit> {
    state.with_store(|s| s.set_reports_to(unit_id, reports_to))
}

fn date(d: &str) -> ApiResult<chrono::NaiveDate> {
    kehoach::vn::parse_date(d).map_err(|e| ApiError {
        code: "invalid",
        message: e.to_string(),
    })
}

/// Ends a unit on its last day: merged into another, or dissolved.
#[tauri::command(async)]
pub fn unit_end(
    state: State<AppState>,
    unit_id: Uuid,
    last_day: String,
    merged_into: Option<Uuid>,
) -> ApiResult<Unit> {
    let on = date(&last_day)?;
    state.with_store(|s| s.end_unit(unit_id, on, merged_into))
}

/// The officer's name, written in the audit log with every change.
#[tauri::command(async)]
pub fn officer_set(state: State<AppState>, name: String) -> ApiResult<()> {
    state.with_store(|s| s.set_setting("officer_name", &name))
}
