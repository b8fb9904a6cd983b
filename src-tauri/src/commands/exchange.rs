use serde::Serialize;
use tauri::State;
use uuid::Uuid;

use kehoach::store::{Completeness, Consolidation, ImportOutcome};

use super::entry::period;
use super::PickedFile;
use crate::error::ApiResult;
use crate::AppState;

#[derive(Serialize)]
pub struct FileOutcome {
    file: String,
    outcome: ImportOutcome,
    message: String,
}

impl FileOutcome {
    fn new(file: &str, outcome: ImportOutcome) -> Self {
        FileOutcome {
            file: file.to_string(),
            message: outcome.describe(),
            outcome,
        }
    }
}

/// Receives report files from child units; each gets its own outcome.
#[tauri::command(async)]
pub fn import_reports(
    state: State<AppState>,
    files: Vec<PickedFile>,
    add_units: bool,
) -> ApiResult<Vec<FileOutcome>> {
    let now = kehoach::jobs::received_at(state.today);
    state.with_store(|s| {
        files
            .iter()
            .map(|f| {
                s.import_report_file(&f.name, &f.bytes, &now, add_units)
                    .map(|outcome| FileOutcome::new(&f.name, outcome))
            })
            .collect::<Result<Vec<_>, kehoach::StoreError>>()
    })
}

#[tauri::command(async)]
pub fn completeness(
    state: State<AppState>,
    plan_id: Uuid,
    period: String,
) -> ApiResult<Completeness> {
    let p = self::period(&period)?;
    let today = state.today();
    state.with_store(|s| s.completeness(plan_id, &p, today))
}

#[tauri::command(async)]
pub fn consolidate(
    state: State<AppState>,
    plan_id: Uuid,
    period: String,
) -> ApiResult<Consolidation> {
    let p = self::period(&period)?;
    let today = state.today();
    state.with_store(|s| s.consolidate(plan_id, &p, today))
}

/// Who reported for which of the last six reporting periods (unit × period).
#[tauri::command(async)]
pub fn completeness_matrix(
    state: State<AppState>,
    plan_id: Uuid,
) -> ApiResult<kehoach::store::CompletenessMatrix> {
    let today = state.today();
    state.with_store(|s| s.completeness_matrix(plan_id, today, 6))
}

/// The officer says a sender refused as "same name" is the unit typed in by
/// hand: the unit takes the sender's id, then the file is received.
#[tauri::command(async)]
pub fn link_sender_and_import(
    state: State<AppState>,
    file: PickedFile,
    existing: Uuid,
) -> ApiResult<FileOutcome> {
    let now = kehoach::jobs::received_at(state.today);
    state.with_store(|s| {
        s.link_sender_and_receive(&file.name, &file.bytes, &now, existing)
            .map(|outcome| FileOutcome::new(&file.name, outcome))
    })
}
