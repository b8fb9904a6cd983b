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

/// SQLite's online backup into the export folder; returns the file.
#[tauri::command]
pub fn backup_now(state: State<AppState>) -> ApiResult<String> {
    let stamp = chrono::Local::now().format("%Y-%m-%d-%H%M%S");
    let dest = state
        .export_dir
        .join(format!("sao-luu-kehoach-{stamp}.sqlite"));
    state.with_store(|s| {
        std::fs::create_dir_all(&state.export_dir).map_err(|source| kehoach::StoreError::Io {
            path: state.export_dir.clone(),
            source,
        })?;
        s.backup_to(&dest).map(|_| dest.display().to_string())
    })
}

/// Restores a backup the officer picked; the current database is kept
/// aside first. Returns where it was kept.
#[tauri::command]
pub fn restore_backup(state: State<AppState>, file: PickedFile) -> ApiResult<String> {
    let dir = state
        .db_path
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .to_path_buf();
    let stamp = chrono::Local::now().format("%Y-%m-%d-%H%M%S");
    let picked = dir.join(format!("dang-phuc-hoi-{stamp}.sqlite"));
    let aside = dir.join(format!("truoc-phuc-hoi-{stamp}.sqlite"));
    state.with_store(|s| {
        kehoach::store::write_file_atomically(&picked, &file.bytes)?;
        let restored = s.restore_from(&picked, &aside);
        let _ = std::fs::remove_file(&picked);
        restored.map(|_| aside.display().to_string())
    })
}

/// Keeps the signer's signature image or the agency's seal image; returns
/// the warnings about it.
#[tauri::command]
pub fn signer_image_set(
    state: State<AppState>,
    kind: kehoach::store::SignerImage,
    file: PickedFile,
) -> ApiResult<Vec<String>> {
    state.with_store(|s| s.set_signer_image(kind, &file.bytes))
}

#[derive(Serialize)]
pub struct KeptImages {
    signature: bool,
    seal: bool,
}

#[tauri::command]
pub fn signer_images(state: State<AppState>) -> ApiResult<KeptImages> {
    use kehoach::store::SignerImage;
    state.with_store(|s| {
        Ok::<_, kehoach::StoreError>(KeptImages {
            signature: s.signer_image(SignerImage::Signature)?.is_some(),
            seal: s.signer_image(SignerImage::Seal)?.is_some(),
        })
    })
}
