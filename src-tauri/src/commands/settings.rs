use serde::Serialize;
use tauri::State;

use kehoach::store::TrustedCertificate;

use super::PickedFile;
use crate::error::ApiResult;
use crate::AppState;

#[tauri::command]
pub fn trust_add(state: State<AppState>, file: PickedFile) -> ApiResult<Vec<TrustedCertificate>> {
    state.with_store(|s| s.trust_certificates(&file.bytes, &file.name))
}

#[tauri::command]
pub fn trust_list(state: State<AppState>) -> ApiResult<Vec<TrustedCertificate>> {
    state.with_store(|s| s.trust_list())
}

#[derive(Serialize)]
pub struct Setting {
    key: &'static str,
    about: &'static str,
    value: String,
}

#[tauri::command]
pub fn settings_list(state: State<AppState>) -> ApiResult<Vec<Setting>> {
    state.with_store(|s| {
        kehoach::store::REPORT_SETTINGS
            .iter()
            .map(|(key, about)| {
                Ok(Setting {
                    key,
                    about,
                    value: s.setting(key)?.unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, kehoach::StoreError>>()
    })
}

#[tauri::command]
pub fn setting_set(state: State<AppState>, key: String, value: String) -> ApiResult<()> {
    state.with_store(|s| s.set_report_setting(&key, &value))
}
