//! The window's calls, grouped by area. Each is a one-line call into the core.

pub mod entry;
pub mod exchange;
pub mod plans;
pub mod reports;
pub mod settings;

use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::ApiResult;
use crate::AppState;

#[derive(Serialize)]
pub struct AppStatus {
    db_path: String,
    my_unit: Option<kehoach::model::Unit>,
    app_version: &'static str,
    today: chrono::NaiveDate,
    export_dir: String,
}

/// A file the officer picked in the window, with its bytes.
#[derive(Deserialize)]
pub struct PickedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Which database is open and whose it is; the error if it could not open.
#[tauri::command]
pub fn app_status(state: State<AppState>) -> ApiResult<AppStatus> {
    let my_unit = state.with_store(|s| s.my_unit_id().and_then(|id| s.unit(id)))?;
    Ok(AppStatus {
        db_path: state.db_path.display().to_string(),
        my_unit: Some(my_unit),
        app_version: kehoach::APP_VERSION,
        today: state.today(),
        export_dir: state.export_dir.display().to_string(),
    })
}
