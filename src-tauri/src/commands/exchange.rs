use serde::Serialize;
use tauri::State;
use uuid::Uuid;

use kehoach::consolidation::{Completeness, Consolidation};
use kehoach::exchange::decide::ImportOutcome;

use super::entry::period;
use super::{header, PickedFile, RawFile};
use crate::error::{ApiError, ApiResult};
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

/// Receives one report file from a child unit, its bytes sent raw (not as
/// a JSON list of numbers: a batch crosses as fast as it is read); its name
/// (URL-encoded) and whether an unknown sender is added come as headers
/// `x-file-name` and `x-add-units`. The window sends a batch file by file,
/// so its bar moves and one bad file never stops the rest.
#[tauri::command(async)]
pub fn receive_report(
    state: State<AppState>,
    request: tauri::ipc::Request<'_>,
) -> ApiResult<FileOutcome> {
    let file = RawFile::of(&request)?;
    let add_units = header(&request, "x-add-units") == "1";
    state.with_store(|s| {
        let now = s.received_at(state.today);
        s.import_report_file(&file.name, file.bytes, &now, add_units)
            .map(|outcome| FileOutcome::new(&file.name, outcome))
    })
}

/// Asked before a picked file is read and sent: a file no report can be
/// (too large) is refused by its size alone; None when it may be sent.
#[tauri::command(async)]
pub fn receive_size_check(name: String, size: u64) -> Option<FileOutcome> {
    kehoach::exchange::read::check_size(size).err().map(|e| {
        FileOutcome::new(
            &name,
            kehoach::exchange::decide::ImportOutcome::Refused {
                reason: e.to_string(),
            },
        )
    })
}

#[derive(Serialize)]
pub struct KindOption {
    code: &'static str,
    label: &'static str,
}

/// The kinds of report a due date can be set for, as the officer reads them.
#[tauri::command(async)]
pub fn due_kinds() -> Vec<KindOption> {
    kehoach::model::ReportKind::PERIODIC
        .iter()
        .map(|k| KindOption {
            code: k.code(),
            label: k.label(),
        })
        .collect()
}

/// Sets by when reports of a kind are due (a day/month as typed): from one
/// unit, or (`children`) from every unit under it (audited).
#[tauri::command(async)]
pub fn due_set(
    state: State<AppState>,
    plan_id: Uuid,
    kind: String,
    date: String,
    next_year: bool,
    unit: Uuid,
    children: bool,
) -> ApiResult<()> {
    let kind = kehoach::model::ReportKind::parse(&kind).ok_or_else(|| ApiError {
        code: "invalid",
        message: format!("Loại báo cáo “{kind}” không có."),
    })?;
    let rule =
        kehoach::calendar::DueRule::parse(&date, next_year).map_err(kehoach::StoreError::from)?;
    let scope = if children {
        kehoach::store::DueScope::ChildrenOf(unit)
    } else {
        kehoach::store::DueScope::Unit(unit)
    };
    state.with_store(|s| s.set_due(plan_id, scope, kind, rule))
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
) -> ApiResult<kehoach::consolidation::CompletenessMatrix> {
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
    state.with_store(|s| {
        let now = s.received_at(state.today);
        s.link_sender_and_receive(&file.name, &file.bytes, &now, existing)
            .map(|outcome| FileOutcome::new(&file.name, outcome))
    })
}

/// The officer says the signer of a file refused as "unknown signer" is the
/// unit's new signer: registered, then the file is received.
#[tauri::command(async)]
pub fn add_signer_and_import(state: State<AppState>, file: PickedFile) -> ApiResult<FileOutcome> {
    state.with_store(|s| {
        let now = s.received_at(state.today);
        s.add_unit_signer_and_receive(&file.name, &file.bytes, &now)
            .map(|outcome| FileOutcome::new(&file.name, outcome))
    })
}
